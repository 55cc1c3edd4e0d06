package dev.pulldoctor.sandbox;

import dev.pulldoctor.sandbox.WorldParser.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the world fields of repository modes, keys and secrets (DESIGN.md §8), with the names and
 * values of Google's protos: {@code mode}, {@code remote}, {@code upstreams}, {@code kmsKeyName},
 * {@code cleanupPolicies}, {@code cleanupPolicyDryRun}, {@code rules}, {@code upstreamStatus} on a
 * repository; {@code secrets} and {@code cryptoKeys} on a project.
 */
final class RepositoryModes {
  private RepositoryModes() {}

  /** The repository fields read here. */
  static final List<String> FIELDS =
      List.of(
          "mode",
          "remote",
          "upstreams",
          "kmsKeyName",
          "cleanupPolicies",
          "cleanupPolicyDryRun",
          "rules",
          "upstreamStatus");

  private static final Set<String> MODES = Set.of("STANDARD", "REMOTE", "VIRTUAL");
  private static final Set<String> SECRET_STATES = Set.of("ENABLED", "DISABLED", "DESTROYED");
  private static final Set<String> KEY_STATES =
      Set.of("ENABLED", "DISABLED", "DESTROY_SCHEDULED", "DESTROYED", "PENDING_GENERATION");
  private static final Set<String> TAG_STATES = Set.of("TAGGED", "UNTAGGED", "ANY");
  private static final Pattern KMS_KEY =
      Pattern.compile("projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+");
  private static final Pattern SECRET_VERSION =
      Pattern.compile("projects/[^/]+/secrets/[^/]+/versions/([0-9]+|latest)");
  private static final Pattern REPOSITORY =
      Pattern.compile("projects/[^/]+/locations/[^/]+/repositories/[^/]+");
  private static final Pattern DURATION = Pattern.compile("\\d+s");

  static Modes.RepositoryMode mode(Node node) {
    String mode = node.optional("mode").string("STANDARD");
    if (!MODES.contains(mode)) {
      throw node.field("mode").problem("expected STANDARD, REMOTE or VIRTUAL");
    }
    Node remote = node.optional("remote");
    String upstream = null;
    String secret = null;
    if (remote.present()) {
      remote.only("upstream", "credentialSecret");
      upstream = remote.optional("upstream").string("DOCKER_HUB");
      secret = remote.optional("credentialSecret").string(null);
      if (secret != null && !SECRET_VERSION.matcher(secret).matches()) {
        throw remote
            .field("credentialSecret")
            .problem("expected projects/PROJECT/secrets/SECRET/versions/VERSION");
      }
    }
    if (mode.equals("REMOTE") && !remote.present()) {
      throw node.problem("a REMOTE repository needs remote: {upstream, credentialSecret}");
    }
    List<Modes.Upstream> upstreams = new ArrayList<>();
    Node ups = node.optional("upstreams");
    for (int i = 0; i < ups.size(); i++) {
      Node u = ups.item(i);
      u.only("id", "repository", "priority");
      String repository = u.field("repository").string();
      if (!REPOSITORY.matcher(repository).matches()) {
        throw u.field("repository")
            .problem("expected projects/PROJECT/locations/LOCATION/repositories/NAME");
      }
      upstreams.add(
          new Modes.Upstream(
              u.optional("id").string("upstream-" + i),
              repository,
              integer(u.optional("priority"), 0)));
    }
    String key = node.optional("kmsKeyName").string("");
    if (!key.isEmpty() && !KMS_KEY.matcher(key).matches()) {
      throw node.field("kmsKeyName")
          .problem("expected projects/P/locations/L/keyRings/R/cryptoKeys/K");
    }
    List<Modes.CleanupPolicy> cleanup = new ArrayList<>();
    Node policies = node.optional("cleanupPolicies");
    for (int i = 0; i < policies.size(); i++) {
      cleanup.add(cleanupPolicy(policies.item(i)));
    }
    List<Modes.Rule> rules = new ArrayList<>();
    Node ruleNodes = node.optional("rules");
    for (int i = 0; i < ruleNodes.size(); i++) {
      Node r = ruleNodes.item(i);
      r.only("id", "action", "operation", "packageId", "condition");
      String action = r.field("action").string();
      if (!Set.of("ALLOW", "DENY").contains(action)) {
        throw r.field("action").problem("expected ALLOW or DENY");
      }
      String operation = r.optional("operation").string("DOWNLOAD");
      if (!operation.equals("DOWNLOAD")) {
        throw r.field("operation").problem("expected DOWNLOAD");
      }
      rules.add(
          new Modes.Rule(
              r.field("id").string(),
              action,
              operation,
              r.optional("packageId").string(""),
              r.optional("condition").string("")));
    }
    String status = node.optional("upstreamStatus").string("OK");
    if (!status.equals("OK") && !status.matches("[1-5]\\d\\d")) {
      throw node.field("upstreamStatus").problem("expected OK or an HTTP status such as 503");
    }
    return new Modes.RepositoryMode(
        mode,
        upstream,
        secret,
        upstreams,
        key,
        cleanup,
        node.optional("cleanupPolicyDryRun").bool(false),
        rules,
        status);
  }

  private static Modes.CleanupPolicy cleanupPolicy(Node p) {
    p.only(
        "id",
        "action",
        "tagState",
        "tagPrefixes",
        "versionNamePrefixes",
        "packageNamePrefixes",
        "olderThan",
        "newerThan",
        "keepCount");
    String action = p.field("action").string();
    if (!Set.of("DELETE", "KEEP").contains(action)) {
      throw p.field("action").problem("expected DELETE or KEEP");
    }
    String tagState = p.optional("tagState").string(null);
    if (tagState != null && !TAG_STATES.contains(tagState)) {
      throw p.field("tagState").problem("expected TAGGED, UNTAGGED or ANY");
    }
    for (String age : List.of("olderThan", "newerThan")) {
      Node n = p.optional(age);
      if (n.present() && !DURATION.matcher(n.string()).matches()) {
        throw n.problem("expected a duration in seconds such as 2592000s");
      }
    }
    Node keep = p.optional("keepCount");
    return new Modes.CleanupPolicy(
        p.field("id").string(),
        action,
        tagState,
        p.optional("tagPrefixes").strings(),
        p.optional("versionNamePrefixes").strings(),
        p.optional("packageNamePrefixes").strings(),
        p.optional("olderThan").string(null),
        p.optional("newerThan").string(null),
        keep.present() ? integer(keep, 0) : null);
  }

  static Modes.Secret secret(String project, String name, Node node) {
    node.only("versions", "iamPolicy");
    Map<String, String> versions = new LinkedHashMap<>();
    for (Map.Entry<String, Node> v : node.optional("versions").entries()) {
      String state = v.getValue().string();
      if (!v.getKey().matches("[1-9]\\d{0,9}") || !SECRET_STATES.contains(state)) {
        throw v.getValue().problem("expected VERSION_NUMBER: ENABLED, DISABLED or DESTROYED");
      }
      versions.put(v.getKey(), state);
    }
    return new Modes.Secret(project, name, versions);
  }

  static Modes.CryptoKey cryptoKey(String project, String key, Node node) {
    String[] parts = key.split("/", -1);
    if (parts.length != 3) {
      throw node.problem("expected a key of the form LOCATION/RING/KEY");
    }
    node.only("primaryState", "iamPolicy");
    String state = node.optional("primaryState").string("ENABLED");
    if (!KEY_STATES.contains(state)) {
      throw node.field("primaryState")
          .problem("expected one of " + String.join(", ", new java.util.TreeSet<>(KEY_STATES)));
    }
    return new Modes.CryptoKey(project, parts[0], parts[1], parts[2], state);
  }

  private static int integer(Node n, int fallback) {
    if (!n.present()) {
      return fallback;
    }
    if (!n.value().isJsonPrimitive() || !n.value().getAsJsonPrimitive().isNumber()) {
      throw n.problem("expected a number");
    }
    return n.value().getAsInt();
  }
}
