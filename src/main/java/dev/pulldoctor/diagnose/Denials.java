package dev.pulldoctor.diagnose;

import dev.pulldoctor.diagnose.Conditions.Context;
import dev.pulldoctor.diagnose.Conditions.Outcome;
import dev.pulldoctor.diagnose.Conditions.Verdict;
import dev.pulldoctor.diagnose.Ports.DenyPolicy;
import dev.pulldoctor.diagnose.Ports.DenyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Which deny rules block a service account's permission
 * (https://cloud.google.com/iam/docs/deny-overview): a rule applies when it names the principal, is
 * not excepted for it, names the permission (or a wildcard of it) without excepting it, and its
 * denial condition holds. A group or another principal set cannot be resolved here, nor can most
 * denial conditions (tags): such a rule "may deny", and says why. Pure.
 */
public final class Denials {
  private Denials() {}

  /** A rule that denies (TRUE) or may deny (UNDECIDED), and why. */
  public record Hit(String policy, int rule, String attachedTo, Outcome outcome, String reason) {
    /** {@code POLICY rule N, attached to the organization organizations/4455}. */
    public String describe() {
      return policy
          + " rule "
          + rule
          + ", attached to "
          + Levels.describe(attachedTo)
          + (outcome == Outcome.UNDECIDED ? " (may apply: " + reason + ")" : "");
    }
  }

  /** The rules of {@code policies} that deny or may deny {@code permission} to {@code account}. */
  public static List<Hit> of(
      List<DenyPolicy> policies, String account, String permission, Context context) {
    String v2 = v2Permission(permission);
    List<Hit> hits = new ArrayList<>();
    for (DenyPolicy p : policies) {
      for (int i = 0; i < p.rules().size(); i++) {
        Verdict v = applies(p.rules().get(i), account, v2, context);
        if (v.outcome() != Outcome.FALSE) {
          hits.add(new Hit(p.name(), i, p.attachedTo(), v.outcome(), v.reason()));
        }
      }
    }
    return hits;
  }

  /**
   * {@code artifactregistry.repositories.downloadArtifacts} in the deny form {@code
   * artifactregistry.googleapis.com/repositories.downloadArtifacts}
   * (https://cloud.google.com/iam/docs/deny-permissions-support).
   */
  static String v2Permission(String permission) {
    int dot = permission.indexOf('.');
    return permission.substring(0, dot) + ".googleapis.com/" + permission.substring(dot + 1);
  }

  private static Verdict applies(DenyRule rule, String account, String permission, Context ctx) {
    Verdict principal = any(rule.deniedPrincipals(), p -> names(p, account));
    if (principal.outcome() == Outcome.FALSE) {
      return principal;
    }
    Verdict excepted = any(rule.exceptionPrincipals(), p -> names(p, account));
    if (excepted.outcome() == Outcome.TRUE) {
      return new Verdict(Outcome.FALSE, account + " is an exception principal");
    }
    boolean denied =
        rule.deniedPermissions().stream().anyMatch(d -> permissionMatches(d, permission));
    boolean exception =
        rule.exceptionPermissions().stream().anyMatch(d -> permissionMatches(d, permission));
    if (!denied || exception) {
      return new Verdict(Outcome.FALSE, "the rule does not deny " + permission);
    }
    Verdict condition =
        rule.denialCondition() == null
            ? new Verdict(Outcome.TRUE, "no denial condition")
            : Conditions.evaluate(rule.denialCondition(), ctx);
    if (condition.outcome() == Outcome.FALSE) {
      return new Verdict(
          Outcome.FALSE, "its denial condition does not hold: " + condition.reason());
    }
    if (principal.outcome() == Outcome.UNDECIDED) {
      return principal;
    }
    if (excepted.outcome() == Outcome.UNDECIDED) {
      return excepted;
    }
    return condition.outcome() == Outcome.UNDECIDED
        ? new Verdict(Outcome.UNDECIDED, "its denial condition: " + condition.reason())
        : new Verdict(Outcome.TRUE, "denies " + permission + " to " + account);
  }

  /**
   * Whether a v2 principal identifier names the service account
   * (https://cloud.google.com/iam/docs/principal-identifiers#v2): its own identifier and {@code
   * principalSet://goog/public:all} do; another single principal does not; any other set (a group,
   * a domain, a project's accounts) cannot be resolved here.
   */
  private static Verdict names(String principal, String account) {
    if (principal.equals("principal://iam.googleapis.com/projects/-/serviceAccounts/" + account)
        || principal.equals("principalSet://goog/public:all")) {
      return new Verdict(Outcome.TRUE, principal + " names " + account);
    }
    if (principal.startsWith("principal://")) {
      return new Verdict(Outcome.FALSE, principal + " is another principal");
    }
    return new Verdict(
        Outcome.UNDECIDED, "Pull Doctor cannot tell whether " + principal + " includes " + account);
  }

  private static Verdict any(
      List<String> principals, java.util.function.Function<String, Verdict> f) {
    Verdict undecided = null;
    for (String p : principals) {
      Verdict v = f.apply(p);
      if (v.outcome() == Outcome.TRUE) {
        return v;
      }
      if (v.outcome() == Outcome.UNDECIDED && undecided == null) {
        undecided = v;
      }
    }
    return undecided != null ? undecided : new Verdict(Outcome.FALSE, "no principal matches");
  }

  /** {@code SERVICE/RESOURCE.VERB} against a pattern whose parts may be {@code *}. */
  static boolean permissionMatches(String pattern, String permission) {
    if (pattern.equals(permission)) {
      return true;
    }
    int slash = pattern.indexOf('/');
    int pslash = permission.indexOf('/');
    if (slash < 0
        || pslash < 0
        || !pattern.substring(0, slash).equals(permission.substring(0, pslash))) {
      return false;
    }
    String rest = pattern.substring(slash + 1);
    String prest = permission.substring(pslash + 1);
    if (rest.equals("*")) {
      return true;
    }
    String[] a = rest.split("\\.", 2);
    String[] b = prest.split("\\.", 2);
    return a.length == 2
        && b.length == 2
        && (a[0].equals("*") || a[0].equals(b[0]))
        && (a[1].equals("*") || a[1].equals(b[1]));
  }
}
