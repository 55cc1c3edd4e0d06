package dev.pulldoctor.sandbox;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a call stands for: a service account or a user, written as an IAM member ({@code
 * serviceAccount:EMAIL}, {@code user:EMAIL}).
 */
public record Principal(String member) {

  private static final Pattern USER_MANAGED =
      Pattern.compile("[^@]+@([a-z][a-z0-9-]+)\\.iam\\.gserviceaccount\\.com");
  private static final Pattern APP_ENGINE =
      Pattern.compile("([a-z][a-z0-9-]+)@appspot\\.gserviceaccount\\.com");
  private static final Pattern COMPUTE_DEFAULT =
      Pattern.compile("(\\d+)-compute@developer\\.gserviceaccount\\.com");

  public Principal {
    int colon = member.indexOf(':');
    if (colon < 0 || !(member.startsWith("serviceAccount:") || member.startsWith("user:"))) {
      throw new IllegalArgumentException("not a principal: " + member);
    }
    member = member.substring(0, colon + 1) + member.substring(colon + 1).toLowerCase(Locale.ROOT);
  }

  /** A principal from a bare email, as the Policy Troubleshooter takes it. */
  public static Principal ofEmail(String email) {
    return new Principal(
        (email.endsWith(".gserviceaccount.com") ? "serviceAccount:" : "user:") + email);
  }

  public static Principal serviceAccount(String email) {
    return new Principal("serviceAccount:" + email);
  }

  public boolean isServiceAccount() {
    return member.startsWith("serviceAccount:");
  }

  public String email() {
    return member.substring(member.indexOf(':') + 1);
  }

  /**
   * The project (id, or number for the compute default account) the account's email names, which is
   * where Google looks when the account itself cannot be found.
   */
  public Optional<String> homeProject() {
    if (!isServiceAccount()) {
      return Optional.empty();
    }
    for (Pattern p : new Pattern[] {USER_MANAGED, APP_ENGINE, COMPUTE_DEFAULT}) {
      Matcher m = p.matcher(email());
      if (m.matches()) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  /** Whether an allow-policy member includes this principal (groups have no members here). */
  public boolean isIn(String policyMember) {
    if (policyMember.equals("allUsers") || policyMember.equals("allAuthenticatedUsers")) {
      return true;
    }
    if (policyMember.startsWith("domain:")) {
      return !isServiceAccount()
          && email().endsWith("@" + policyMember.substring(7).toLowerCase(Locale.ROOT));
    }
    return policyMember.equalsIgnoreCase(member);
  }

  /**
   * Whether a deny-policy identifier ({@code principal://…}, {@code principalSet://…}) includes it.
   */
  public boolean isDeniedAs(String identifier) {
    if (identifier.equals("principalSet://goog/public:all")) {
      return true;
    }
    String prefix =
        isServiceAccount()
            ? "principal://iam.googleapis.com/projects/-/serviceAccounts/"
            : "principal://goog/subject/";
    return identifier.regionMatches(true, 0, prefix, 0, prefix.length())
        && identifier.substring(prefix.length()).equalsIgnoreCase(email());
  }

  /** Whether {@code text} is a member an allow policy may hold. */
  static boolean isMember(String text) {
    return text.equals("allUsers")
        || text.equals("allAuthenticatedUsers")
        || text.matches(
            "(serviceAccount|user|group|domain|deleted:serviceAccount|deleted:user"
                + "|deleted:group|principal|principalSet):\\S+");
  }

  @Override
  public String toString() {
    return member;
  }
}
