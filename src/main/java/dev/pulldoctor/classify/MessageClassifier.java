package dev.pulldoctor.classify;

import dev.pulldoctor.domain.FailureKind;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a kubelet / containerd / docker / CRI-O pull-failure message with an ordered table of
 * rules: the first rule whose pattern is found wins, unmatched text is {@link FailureKind#UNKNOWN}
 * with rule {@code none}.
 *
 * <p>Rules see a neutralised copy of a bounded window of the message: image references, URLs,
 * digests and containerd's {@code [manifests 1.8.2]} brackets are replaced by placeholders first,
 * so that the digits of {@code app:1.403} or {@code …/svc404/…} are never read as status codes.
 */
public final class MessageClassifier {

  /** Characters classified from the start of a message. */
  static final int HEAD = 8 * 1024;

  /** Characters classified from the end of a message longer than {@link #HEAD} + this. */
  static final int TAIL = 8 * 1024;

  /** The rule name of the cause-less events that follow a pod's first failure. */
  public static final String FOLLOW_ON = "follow-on";

  /** The rule name when nothing matched. */
  public static final String NONE = "none";

  private static final Classification UNMATCHED =
      new Classification(FailureKind.UNKNOWN, false, NONE);
  private static final Classification FOLLOWS =
      new Classification(FailureKind.UNKNOWN, true, FOLLOW_ON);

  // Longest image reference Pull Doctor accepts (ImageReference has the same limit).
  private static final int MAX_IMAGE = 2048;
  private static final int MAX_QUOTED = 4096;

  /** One row of the table: a name for evidence and tests, a pattern, and what it means. */
  record Rule(String name, FailureKind kind, Pattern pattern) {}

  // kubelet: `Error: ErrImagePull`, `Error: ImagePullBackOff`, `Back-off pulling image "X"` (a
  // Normal event; since kubernetes/kubernetes#127918 the back-off text in the container status
  // carries the previous error after it, which is still no new diagnosis), and a
  // `Failed to pull image "X"` that carries no cause.
  private static final Pattern FOLLOW_ON_EVENT =
      Pattern.compile(
          "(?:Error: )?(?:ErrImagePull|ImagePullBackOff)"
              + "|Failed to pull image \\\\?\"[^\"]*\\\\?\"\\s*:?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern BACK_OFF_EVENT =
      Pattern.compile("Back-off pulling image\\b", Pattern.CASE_INSENSITIVE);

  private static final Pattern IMAGE_IN =
      Pattern.compile(
          "(?:failed to pull|pulling) image \\\\?\"([^\"\\\\\\s]{1," + MAX_IMAGE + "})\\\\?\"",
          Pattern.CASE_INSENSITIVE);

  // Neutralising: what is replaced before any rule looks at the text.
  private static final Pattern BRACKET = Pattern.compile("\\[[a-z]+ [^\\]\\s]{1,512}\\]");
  private static final Pattern URL = Pattern.compile("\\bhttps?://[^\\s\"<>]+");
  private static final Pattern UNQUOTED_REFERENCE =
      Pattern.compile(
          "(?<![\\w.@/-])[a-z0-9-][a-z0-9.-]*\\.[a-z0-9-]+(?::[0-9]{1,5})?/[^\\s\"<>]+",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DIGEST =
      Pattern.compile("\\bsha(?:256|384|512):[a-f0-9]{32,128}", Pattern.CASE_INSENSITIVE);

  /** The table, in the order it is consulted. The more specific wording comes first. */
  static final List<Rule> RULES =
      List.of(
          // VPC Service Controls answers 403 with this body; it must win over `denied:`.
          rule(
              "vpc-service-controls",
              FailureKind.VPC_SERVICE_CONTROLS,
              "prohibited by organi[sz]ation\\S{0,6}s policy|vpcServiceControlsUniqueIdentifier"),
          // Also a 403 with a `denied:` body, from the repository's project.
          rule(
              "api-disabled",
              FailureKind.API_DISABLED,
              "API has not been used in project \\S+ before or it is disabled"
                  + "|\\bSERVICE_DISABLED\\b"),
          // containerd ends this one in ": not found": it must win over the NOT_FOUND rules.
          rule(
              "platform-mismatch",
              FailureKind.PLATFORM_MISMATCH,
              "no match for (?:current )?platform"
                  + "|no matching manifest for \\S+ in the manifest list"
                  + "|no image found in (?:image index|manifest list) for architecture"),
          rule(
              "rate-limited",
              FailureKind.RATE_LIMITED,
              "toomanyrequests|too many requests|quota exceeded|pull rate limit|" + status("429")),
          // The token step: a 404 at the token endpoint means the repository is missing.
          rule("token-forbidden", FailureKind.PERMISSION_DENIED, token("403")),
          rule("token-unauthorized", FailureKind.UNAUTHORIZED, token("401")),
          rule("token-not-found", FailureKind.NOT_FOUND, token("404")),
          // Bodies that survive with the docker runtime, CRI-O and the CLIs.
          rule(
              "permission-denied-body",
              FailureKind.PERMISSION_DENIED,
              "denied: Permission \"[^\"]*\" denied"
                  + "|Permission '?artifactregistry\\.[a-z.]{1,100}'? denied"
                  + "|(?-i:\\bPERMISSION_DENIED\\b)"),
          rule("insufficient-scope", FailureKind.PERMISSION_DENIED, "\\binsufficient_scope\\b"),
          rule("invalid-token", FailureKind.UNAUTHORIZED, "\\binvalid_token\\b"),
          rule(
              "manifest-unknown", FailureKind.NOT_FOUND, "manifest unknown|\\bMANIFEST_UNKNOWN\\b"),
          rule("name-unknown", FailureKind.NOT_FOUND, "name unknown|\\bNAME_UNKNOWN\\b"),
          // Status lines: containerd >= 1.7 `unexpected status from HEAD request to URL: 403
          // Forbidden`, <= 1.6 `pulling from host H failed with status code [manifests T]: 403
          // Forbidden`, docker `Head "URL": Forbidden`, `error parsing HTTP 403 response body`.
          rule(
              "status-forbidden",
              FailureKind.PERMISSION_DENIED,
              status("403", "Forbidden") + "|:\\s+Forbidden\\b"),
          rule("status-unauthorized", FailureKind.UNAUTHORIZED, status("401", "Unauthorized")),
          rule("status-not-found", FailureKind.NOT_FOUND, status("404", "Not Found")),
          rule(
              "unauthorized-body",
              FailureKind.UNAUTHORIZED,
              "\\bunauthori[sz]ed\\b|\\bunauthenticated\\b|no basic auth credentials"
                  + "|authentication required|authentication failed|failed authentication"
                  + "|invalid username/password|missing username or secret"),
          rule(
              "denied-body",
              FailureKind.PERMISSION_DENIED,
              "\\bdenied:|\\baccess denied\\b|access to the resource is denied"),
          rule(
              "not-found-body",
              FailureKind.NOT_FOUND,
              "\\bmanifest for \\S+ not found"
                  + "|\\bimage \\S+ not found"
                  + "|\\brepository \\S+ not found"),
          // containerd's `failed to resolve reference "X": X: not found` (the tag or digest).
          rule("trailing-not-found", FailureKind.NOT_FOUND, ":\\s*not found\\s*(?:$|[;,)\\]])"),
          rule(
              "tls",
              FailureKind.TLS,
              "\\bx509:|tls: failed to verify certificate|certificate signed by unknown authority"
                  + "|tls: (?:bad certificate|unknown certificate|handshake failure)"
                  + "|does not look like a TLS handshake"),
          // A TLS *handshake timeout* is the network, not the certificate.
          rule(
              "network",
              FailureKind.NETWORK,
              "i/o timeout|connection refused|connection reset by peer|no such host"
                  + "|network is unreachable|no route to host|context deadline exceeded"
                  + "|TLS handshake timeout|Client\\.Timeout exceeded|connection timed out"
                  + "|server misbehaving|temporary failure in name resolution"
                  + "|code = DeadlineExceeded"));

  private MessageClassifier() {}

  /** Classifies a kubelet / containerd pull-failure message; never throws, null is UNKNOWN. */
  public static Classification classify(String message) {
    try {
      return classifyBounded(message);
    } catch (RuntimeException e) {
      // A rule table must never take the function down; an unreadable message is UNKNOWN.
      return UNMATCHED;
    }
  }

  /**
   * The image reference a kubelet message names ({@code Failed to pull image "X"}, {@code Back-off
   * pulling image "X"}, {@code Pulling image "X"}): the first one quoted after those phrases, when
   * it is at most 2048 printable characters.
   */
  public static Optional<String> imageIn(String message) {
    if (message == null || message.isEmpty()) {
      return Optional.empty();
    }
    String head = message.length() > HEAD ? message.substring(0, HEAD) : message;
    Matcher m = IMAGE_IN.matcher(head);
    if (!m.find()) {
      return Optional.empty();
    }
    String image = m.group(1);
    for (int i = 0; i < image.length(); i++) {
      char c = image.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return Optional.empty();
      }
    }
    return Optional.of(image);
  }

  private static Classification classifyBounded(String message) {
    if (message == null) {
      return UNMATCHED;
    }
    String head;
    String tail;
    if (message.length() > HEAD + TAIL) {
      head = message.substring(0, HEAD);
      tail = message.substring(message.length() - TAIL);
    } else {
      head = message;
      tail = "";
    }
    head = printable(head).strip();
    if (head.isEmpty()) {
      return UNMATCHED;
    }
    if ((tail.isEmpty() && FOLLOW_ON_EVENT.matcher(head).matches())
        || BACK_OFF_EVENT.matcher(head).lookingAt()) {
      return FOLLOWS;
    }
    // Head and tail are neutralised apart, so that a quote opened in one is never closed by the
    // other.
    String text =
        tail.isEmpty() ? neutralise(head) : neutralise(head) + " … " + neutralise(printable(tail));
    for (Rule rule : RULES) {
      if (rule.pattern().matcher(text).find()) {
        return new Classification(rule.kind(), false, rule.name());
      }
    }
    return UNMATCHED;
  }

  /** The text with image references, URLs, digests and status brackets replaced. */
  static String neutralise(String text) {
    String s = stripQuotedTokens(text);
    s = BRACKET.matcher(s).replaceAll("[<ref>]");
    s = replaceKeepingColon(URL, s, "<url>");
    s = replaceKeepingColon(UNQUOTED_REFERENCE, s, "<ref>");
    return DIGEST.matcher(s).replaceAll("<digest>");
  }

  // A quoted token without whitespace is an image reference, a URL, a tag or a resource name:
  // never a status. Quoted prose ("manifest unknown") is kept.
  private static String stripQuotedTokens(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        int close = s.indexOf('"', i + 1);
        if (close > i + 1 && close - i - 1 <= MAX_QUOTED && !hasWhitespace(s, i + 1, close)) {
          out.append("\"<ref>\"");
          i = close + 1;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static boolean hasWhitespace(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  // `…/manifests/1.8.2: 403 Forbidden`: the colon that ends the token belongs to the sentence.
  private static String replaceKeepingColon(Pattern pattern, String s, String placeholder) {
    return pattern
        .matcher(s)
        .replaceAll(m -> m.group().endsWith(":") ? placeholder + ":" : placeholder);
  }

  // Control characters become spaces: they end tokens, and never reach a pattern.
  private static String printable(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        if (out == null) {
          out = new StringBuilder(s);
        }
        out.setCharAt(i, ' ');
      }
    }
    return out == null ? s : out.toString();
  }

  private static Rule rule(String name, FailureKind kind, String regex) {
    return new Rule(name, kind, Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
  }

  // `403 Forbidden`, `Error 403 (Forbidden)`, `status code 403`, `HTTP 403`, `Status 403`.
  private static String status(String code, String reason) {
    return "\\b" + code + " \\(?" + reason + "\\b|" + status(code);
  }

  private static String status(String code) {
    return "\\b(?:status(?: code)?|HTTP)[ :=]*" + code + "\\b";
  }

  // containerd <= 1.6 `failed to fetch oauth token: unexpected status: 403 Forbidden`, >= 1.7
  // `… unexpected status from GET request to URL: 403 Forbidden`; also the anonymous token.
  private static String token(String code) {
    return "failed to fetch (?:oauth|anonymous) token: unexpected status[^:]{0,200}: "
        + code
        + "\\b";
  }
}
