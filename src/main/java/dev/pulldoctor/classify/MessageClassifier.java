package dev.pulldoctor.classify;

import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.PullAttempt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a kubelet / containerd / docker / CRI-O pull-failure message with an ordered table of
 * rules: the first rule whose pattern is found wins, unmatched text is {@link FailureKind#UNKNOWN}
 * with rule {@code none}.
 *
 * <p>kubelet's wording is read first (DESIGN.md §2): a back-off event is classified by the cause it
 * carries since kubernetes/kubernetes#127918, or is a cause-less follow-on; a message that reports
 * several answers ({@code [err1, err2, …]}: the pod's pull secrets, then the node's own
 * credentials) is classified by its last answer, and the others come back classified on their own.
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
  private static final Classification FOLLOWS_BACK_OFF =
      new Classification(FailureKind.UNKNOWN, true, FOLLOW_ON, true, List.of());

  // Longest image reference Pull Doctor accepts (ImageReference has the same limit).
  private static final int MAX_IMAGE = 2048;
  private static final int MAX_QUOTED = 4096;

  /**
   * One row of the table: a name for evidence and tests, a pattern found in the neutralised text,
   * what it means, and optionally a pattern that the raw message must also hold (a host name, which
   * neutralising replaces).
   */
  record Rule(String name, FailureKind kind, Pattern pattern, Pattern context) {
    boolean matches(String neutralised, String raw) {
      return pattern.matcher(neutralised).find()
          && (context == null || context.matcher(raw).find());
    }
  }

  // kubelet's cause-less events: `Error: ErrImagePull`, `Error: ImagePullBackOff`, and a
  // `Failed to pull image "X"` that carries no cause (the cause-less back-off is read below).
  private static final Pattern FOLLOW_ON_EVENT =
      Pattern.compile(
          "(?:Error: )?(?:ErrImagePull|ImagePullBackOff)"
              + "|Failed to pull image \\\\?\"[^\"]*\\\\?\"\\s*:?",
          Pattern.CASE_INSENSITIVE);
  // kubelet's two prefixes before the runtime's answer. Since kubernetes/kubernetes#127918 the
  // back-off event carries the last error as `Back-off pulling image "X": ErrImagePull: <cause>`
  // (pkg/kubelet/images/image_manager.go: "%s: %s" of the error's name and its message).
  private static final Pattern BACK_OFF_EVENT =
      Pattern.compile(
          "(?:ImagePullBackOff:\\s*)?Back-off pulling image(?: \\\\?\"[^\"]{0,"
              + MAX_QUOTED
              + "}\\\\?\")?\\s*:?\\s*",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern KUBELET_ERROR =
      Pattern.compile(
          "(?:ErrImagePull|ImagePullBackOff|RegistryUnavailable|SignatureValidationFailed"
              + "|ErrImageNeverPull|InvalidImageName)\\s*(?::\\s*|$)");
  private static final Pattern FAILED_TO_PULL =
      Pattern.compile(
          "Failed to pull image \\\\?\"[^\"]{0," + MAX_QUOTED + "}\\\\?\"\\s*:\\s*",
          Pattern.CASE_INSENSITIVE);

  // Where one answer ends and the next begins in kubelet's `[err1, err2, …]` (apimachinery's
  // utilerrors aggregate joins them with ", "): before the way runtimes start an error. The first
  // answer's own opening is added per message.
  private static final String ANSWER_STARTS =
      "rpc error: code = |failed to pull and unpack image |Error response from daemon"
          + "|failed to resolve reference |failed to resolve image |reading manifest "
          + "|Error reading manifest |unable to retrieve auth token|pinging container registry"
          + "|initializing source |error pulling image configuration|failed to copy: "
          + "|failed to authorize: |failed to do request: |unexpected status"
          + "|pull access denied|image pull failed for |(?:denied|unauthorized|manifest unknown"
          + "|name unknown|toomanyrequests): ";
  private static final Pattern ANSWER_LEAD = Pattern.compile("^[^:\\[\\]]{6,120}?:");

  // The reason phrases of the 5xx answers registries give (RFC 9110 §15.6, and nginx's 503).
  private static final String SERVER_ERRORS =
      "Internal Server Error|Bad Gateway|Service (?:Temporarily )?Unavailable|Gateway Time-?out";

  // A gcr.io host (gcr.io, us.gcr.io, eu.gcr.io, asia.gcr.io) anywhere in the raw message.
  private static final Pattern GCR_HOST =
      Pattern.compile(
          "(?:^|[\\s\"'(\\[]|://)(?:[a-z0-9-]+\\.)?gcr\\.io(?=[/:\\s\"']|$)",
          Pattern.CASE_INSENSITIVE);

  // Marks where the head and tail windows of a huge message meet; control characters never
  // survive printable(), so it cannot occur in the text.
  private static final char JUNCTION = '\u0000';

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
          // Container Registry's shutdown answer (gcr.io, 2025): the body survives with the docker
          // runtime and the CLIs; containerd shows only the 412 (the status rule below).
          // https://cloud.google.com/artifact-registry/docs/transition/auto-migrate-gcr-ar
          rule(
              "container-registry-shutdown",
              FailureKind.CONTAINER_REGISTRY_SHUTDOWN,
              "Container Registry is deprecated and shutting down"),
          // VPC Service Controls answers 403 with this body; it must win over `denied:`.
          rule(
              "vpc-service-controls",
              FailureKind.VPC_SERVICE_CONTROLS,
              "prohibited by organi[sz]ation\\S{0,6}s policy"
                  + "|vpcServiceControlsUniqueIdentifier"
                  + "|(?-i:\\bSECURITY_POLICY_VIOLATED\\b)"),
          // Also a 403 with a `denied:` body, from the repository's project.
          rule(
              "api-disabled",
              FailureKind.API_DISABLED,
              "API has not been used in project \\S+ before or it is disabled"
                  + "|\\bSERVICE_DISABLED\\b"
                  + "|\\bAPI \\[[a-z0-9.-]{1,100}\\] not enabled on project"
                  + "|\\b(?:Artifact Registry|artifactregistry\\.googleapis\\.com) API"
                  + " (?:is )?(?:not enabled|disabled)"),
          // A remote repository's upstream failed; Artifact Registry says so in its own words,
          // which may carry the upstream's status ("… code 401 from external repository"): it
          // must win over the status rules.
          // https://cloud.google.com/artifact-registry/docs/troubleshoot-remote
          rule("upstream-failed", FailureKind.UPSTREAM_FAILED, "\\bexternal repository\\b"),
          // The runtime refuses the manifest itself. containerd 2.0 disables Docker schema 1
          // (core/remotes/docker/schema1 ErrDisabled), 2.1 removes it (resolver.go, pull.go:
          // `media type "…v1+prettyjws" is no longer supported since containerd v2.x`); docker 28
          // removed it too (moby DeprecatedSchema1ImageError). An unknown manifest type ends in
          // ": not found" (core/images Manifest), so this comes before the not-found rules.
          rule(
              "unsupported-manifest",
              FailureKind.UNSUPPORTED_MANIFEST,
              "is no longer supported since containerd v\\d"
                  + "|Pulling Schema 1 images have been deprecated and disabled"
                  + "|schema 1 support (?:has been removed|is disabled)"
                  + "|schema ?1 (?:image |manifest |images |manifests ){0,2}(?:is |are )?"
                  + "(?:no longer supported|not supported|unsupported|disabled)"
                  + "|unexpected media type \\S{1,200} for\\b"
                  + "|unsupported manifest (?:media )?type|unknown manifest (?:media )?type"
                  + "|unsupported manifest format"
                  + "|unsupported (?:manifest |layer )?media ?type|unknown media ?type"),
          // Container Registry answers 412 for a project that never moved to Artifact Registry
          // (kubernetes-up-and-running/kuard#59); only a gcr.io host means that.
          rule(
              "container-registry-shutdown-status",
              FailureKind.CONTAINER_REGISTRY_SHUTDOWN,
              status("412", "Precondition Failed") + "|:\\s+Precondition Failed\\b",
              GCR_HOST),
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
              "toomanyrequests|too many requests|quota exceeded|pull rate limit"
                  + "|pull QPS exceeded|rate limit exceeded|resource has been exhausted"
                  + "|(?-i:\\bRESOURCE_EXHAUSTED\\b)|"
                  + status("429")),
          // Artifact Registry's body for a request without credentials (it comes with a 403, which
          // containerd >= 2.2 reads back with a GET): the node presented none.
          rule(
              "unauthenticated-request",
              FailureKind.UNAUTHORIZED,
              "\\bUnauthenticated request\\b|Unauthenticated requests do not have permission"),
          // The token step: a 404 at the token endpoint means the repository is missing.
          rule("token-forbidden", FailureKind.PERMISSION_DENIED, token("403")),
          rule("token-unauthorized", FailureKind.UNAUTHORIZED, token("401")),
          rule("token-not-found", FailureKind.NOT_FOUND, token("404")),
          // docker's answer to a registry's 401 / `denied` (moby distribution translatePullError):
          // the registry will not say whether the repository exists, so neither can Pull Doctor.
          // UNAUTHORIZED, because what the registry answered was a refusal of the credentials; the
          // investigation looks the repository up before it asks about access, so a missing one
          // is still found.
          rule(
              "not-found-or-unauthorized-cannot-tell",
              FailureKind.UNAUTHORIZED,
              "pull access denied for .{1,300}? ?repository does not exist or may require"
                  + " 'docker login'"),
          // Bodies that survive with the docker runtime, CRI-O and the CLIs; the bare form (no
          // `denied:` before it) is how Artifact Registry's API and gcloud word it.
          rule(
              "permission-denied-body",
              FailureKind.PERMISSION_DENIED,
              "denied: Permission \"[^\"]*\" denied"
                  + "|\\bPermission [\"'][^\"']{1,200}[\"'] denied on\\b"
                  + "|Permission '?artifactregistry\\.[a-z.]{1,100}'? denied"
                  + "|caller does not have permission"
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
          // The registry's own trouble: containerd `…: 503 Service Unavailable`, docker `received
          // unexpected HTTP status: 500 Internal Server Error`.
          rule(
              "server-error",
              FailureKind.SERVER_ERROR,
              "\\b5[0-9]{2} \\(?(?:"
                  + SERVER_ERRORS
                  + "|Not Implemented"
                  + "|HTTP Version Not Supported|Insufficient Storage"
                  + "|Network Authentication Required)\\b"
                  + "|:\\s+(?:"
                  + SERVER_ERRORS
                  + ")\\b"
                  + "|Internal error encountered|service is currently unavailable|"
                  + status("5[0-9]{2}")),
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
                  + "|\\brepository \\S+ not found"
                  + "|Requested entity was not found|\\bnot found or deleted\\b"),
          // containerd's `failed to resolve reference "X": X: not found` (the tag or digest).
          rule("trailing-not-found", FailureKind.NOT_FOUND, ":\\s*not found\\s*(?:$|[;,)\\]])"),
          rule(
              "tls",
              FailureKind.TLS,
              "\\bx509:|tls: failed to verify certificate|certificate signed by unknown authority"
                  + "|tls: (?:bad certificate|unknown certificate|handshake failure)"
                  + "|remote error: tls:|does not look like a TLS handshake"
                  + "|server gave HTTP response to HTTPS client"),
          // A TLS *handshake timeout* is the network, not the certificate.
          rule(
              "network",
              FailureKind.NETWORK,
              "i/o timeout|connection refused|connection reset by peer|no such host"
                  + "|network is unreachable|no route to host|context deadline exceeded"
                  + "|TLS handshake timeout|Client\\.Timeout exceeded|connection timed out"
                  + "|operation timed out|timeout awaiting response headers"
                  + "|request canceled while waiting for connection"
                  + "|server misbehaving|temporary failure in name resolution"
                  + "|registry is unavailable|(?-i:\\bRegistryUnavailable\\b)"
                  + "|failed to do request: [^:]{0,300}: (?:unexpected )?EOF\\b"
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
    String text;
    if (message.length() > HEAD + TAIL) {
      text =
          printable(message.substring(0, HEAD))
              + JUNCTION
              + printable(message.substring(message.length() - TAIL));
    } else {
      text = printable(message);
    }
    text = text.strip();
    if (text.isEmpty() || text.charAt(0) == JUNCTION) {
      return UNMATCHED;
    }
    boolean whole = text.indexOf(JUNCTION) < 0;
    if (whole && FOLLOW_ON_EVENT.matcher(text).matches()) {
      return FOLLOWS;
    }
    boolean backOff = false;
    String cause = text;
    Matcher backOffEvent = BACK_OFF_EVENT.matcher(text);
    Matcher failed = FAILED_TO_PULL.matcher(text);
    if (backOffEvent.lookingAt()) {
      backOff = true;
      cause = text.substring(backOffEvent.end());
      Matcher name = KUBELET_ERROR.matcher(cause);
      if (name.lookingAt()) {
        cause = cause.substring(name.end());
      }
      if (cause.isBlank() || cause.charAt(0) == JUNCTION) {
        return FOLLOWS_BACK_OFF;
      }
    } else if (failed.lookingAt()) {
      cause = text.substring(failed.end());
    }
    List<String> answers = answers(cause);
    List<PullAttempt> secrets = new ArrayList<>();
    for (String answer : answers.subList(0, answers.size() - 1)) {
      Rule rule = ruleFor(answer, text);
      secrets.add(
          new PullAttempt(
              rule == null ? FailureKind.UNKNOWN : rule.kind(),
              rule == null ? NONE : rule.name(),
              answer.replace(JUNCTION, ' ')));
    }
    Rule rule = ruleFor(answers.get(answers.size() - 1), text);
    return new Classification(
        rule == null ? FailureKind.UNKNOWN : rule.kind(),
        false,
        rule == null ? NONE : rule.name(),
        backOff,
        secrets);
  }

  /** The first rule of the table that reads {@code answer}; the host check reads {@code raw}. */
  private static Rule ruleFor(String answer, String raw) {
    String text = neutraliseWindows(answer);
    for (Rule rule : RULES) {
      if (rule.matches(text, raw)) {
        return rule;
      }
    }
    return null;
  }

  /**
   * The answers in kubelet's {@code [err1, err2, …]} (the pod's pull secrets first, the node's own
   * credentials last), or the cause itself when it reports one.
   */
  static List<String> answers(String cause) {
    String c = cause.strip();
    if (c.length() < 2 || c.charAt(0) != '[') {
      return List.of(cause);
    }
    String inner = c.substring(1);
    if (inner.endsWith("]")) {
      inner = inner.substring(0, inner.length() - 1);
    }
    String starts = ANSWER_STARTS;
    Matcher lead = ANSWER_LEAD.matcher(inner);
    if (lead.find()) {
      starts = Pattern.quote(lead.group()) + "|" + starts;
    }
    Pattern between = Pattern.compile(", (?=(?:" + starts + "))", Pattern.CASE_INSENSITIVE);
    List<String> parts = new ArrayList<>();
    for (String part : between.split(inner)) {
      if (!part.isBlank()) {
        parts.add(part.strip());
      }
    }
    return parts.size() > 1 ? List.copyOf(parts) : List.of(cause);
  }

  // Head and tail are neutralised apart, so that a quote opened in one is never closed by the
  // other.
  private static String neutraliseWindows(String text) {
    int junction = text.indexOf(JUNCTION);
    if (junction < 0) {
      return neutralise(text);
    }
    return neutralise(text.substring(0, junction))
        + " … "
        + neutralise(text.substring(junction + 1).replace(JUNCTION, ' '));
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
    return rule(name, kind, regex, null);
  }

  private static Rule rule(String name, FailureKind kind, String regex, Pattern context) {
    return new Rule(name, kind, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), context);
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
