package dev.pulldoctor.diagnose;

import dev.pulldoctor.diagnose.DecisionRules.Rule;
import dev.pulldoctor.diagnose.ModePorts.DownloadRule;
import dev.pulldoctor.diagnose.ModePorts.KeyState;
import dev.pulldoctor.diagnose.ModePorts.SecretState;
import dev.pulldoctor.diagnose.Ports.Access;
import dev.pulldoctor.diagnose.RepositoryFacts.KeyCheck;
import dev.pulldoctor.diagnose.RepositoryFacts.SecretCheck;
import dev.pulldoctor.diagnose.RepositoryFacts.UpstreamCheck;
import dev.pulldoctor.diagnose.RepositoryInfo.CleanupRule;
import dev.pulldoctor.diagnose.RepositoryInfo.Mode;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.RootCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the repository modes, keys, cleanup policies, download rules and manifest formats
 * (DESIGN.md §3). Except for {@link ContainerRegistryNotMigrated}, each speaks only once IAM lets
 * the node pull and its scopes allow it: a node that may not read the repository is a missing grant
 * first, whatever the repository's mode.
 */
final class ModeRules {
  private ModeRules() {}

  /** The permission the service agent needs on a CMEK key to read the repository. */
  static final String USE_TO_DECRYPT = "cloudkms.cryptoKeyVersions.useToDecrypt";

  /** The permission the service agent needs on a remote repository's credential secret. */
  static final String ACCESS_SECRET = "secretmanager.versions.access";

  /** The permission the service agent needs on a virtual repository's upstream. */
  static final String READ_VIA_VIRTUAL = "artifactregistry.repositories.readViaVirtualRepository";

  /** The role every project's service agent holds there implicitly. */
  static final String SERVICE_AGENT_ROLE = "roles/artifactregistry.serviceAgent";

  /** Docker schema 1 manifests, which containerd 2 no longer pulls. */
  static final Set<String> SCHEMA_1 =
      Set.of(
          "application/vnd.docker.distribution.manifest.v1+prettyjws",
          "application/vnd.docker.distribution.manifest.v1+json");

  // GKE's node version: MAJOR.MINOR.PATCH-gke.N.
  private static final Pattern GKE_VERSION = Pattern.compile("(\\d+)\\.(\\d+)(\\..*)?");

  // The download-rule conditions Pull Doctor evaluates: the version (tag or digest) against a
  // string literal, e.g. pkg.version.id < '2.0'
  // (https://cloud.google.com/artifact-registry/docs/restrict-artifact-downloads).
  private static final Pattern VERSION_CONDITION =
      Pattern.compile("\\s*pkg\\.version\\.id\\s*(==|!=|<=|>=|<|>)\\s*['\"]([^'\"]*)['\"]\\s*");

  /** The node may pull as far as IAM and scopes go: the repository's own set-up is next. */
  static boolean mayPull(Evidence e) {
    return e.access() != null
        && e.access().answer() == Access.GRANTED
        && (e.oauthScopes() == null || Scopes.allowPull(e.oauthScopes()));
  }

  private static Mode mode(Evidence e) {
    RepositoryInfo info = e.facts().info();
    return info == null ? null : info.mode();
  }

  /**
   * Container Registry stopped serving gcr.io for projects without a gcr.io repository in Artifact
   * Registry (https://cloud.google.com/artifact-registry/docs/transition/prepare-gcr-shutdown).
   */
  static final class ContainerRegistryNotMigrated implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      return when(
          e.image() != null
              && e.image().registry() == ImageReference.Registry.GCR
              && Boolean.FALSE.equals(e.repositoryExists()),
          RootCause.CONTAINER_REGISTRY_NOT_MIGRATED);
    }
  }

  /**
   * A CMEK repository needs its key's primary version enabled and the service agent allowed to
   * decrypt with it (https://cloud.google.com/artifact-registry/docs/cmek).
   */
  static final class CmekKeyUnusable implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      KeyCheck key = e.facts().key();
      if (!mayPull(e) || key == null) {
        return Optional.empty();
      }
      return when(
          keyUnusable(key) || agentLacks(e, key.keyBindings(), key.projectBindings(), roles),
          RootCause.CMEK_KEY_UNUSABLE);
    }

    private static boolean agentLacks(
        Evidence e, List<Binding> onKey, List<Binding> onProject, RoleCatalog roles) {
      return e.facts().serviceAgent() != null
          && onKey != null
          && onProject != null
          && !holds(e.facts().agentMember(), USE_TO_DECRYPT, roles, onKey, onProject);
    }
  }

  /** Whether the key's primary version is known to be unusable. */
  static boolean keyUnusable(KeyCheck key) {
    return key.state() != null && key.state() != KeyState.ENABLED;
  }

  /**
   * A remote repository's upstream credential is a Secret Manager version the service agent reads
   * (https://cloud.google.com/artifact-registry/docs/repositories/configure-remote-auth-dockerhub).
   */
  static final class RemoteUpstreamCredentials implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      SecretCheck secret = e.facts().secret();
      if (!mayPull(e) || mode(e) != Mode.REMOTE || secret == null) {
        return Optional.empty();
      }
      return when(
          secretUnusable(secret) || agentLacksSecret(e, secret, roles),
          RootCause.REMOTE_UPSTREAM_CREDENTIALS);
    }
  }

  static boolean secretUnusable(SecretCheck secret) {
    return secret.state() != null && secret.state() != SecretState.ENABLED;
  }

  static boolean agentLacksSecret(Evidence e, SecretCheck secret, RoleCatalog roles) {
    return e.facts().serviceAgent() != null
        && secret.secretBindings() != null
        && secret.projectBindings() != null
        && !holds(
            e.facts().agentMember(),
            ACCESS_SECRET,
            roles,
            secret.secretBindings(),
            secret.projectBindings());
  }

  /**
   * Inside a perimeter, remote repositories reach their upstream only when the project's VPC-SC
   * config for the location allows it
   * (https://cloud.google.com/artifact-registry/docs/repositories/remote-repo#vpc).
   */
  static final class RemoteUpstreamBlocked implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      return when(
          mayPull(e) && mode(e) == Mode.REMOTE && "DENY".equals(e.facts().vpcscPolicy()),
          RootCause.REMOTE_UPSTREAM_BLOCKED);
    }
  }

  /**
   * A remote repository whose VPC-SC config Pull Doctor may not read ({@code
   * artifactregistry.vpcscconfigs.get}, held by no predefined role — only by the inspector custom
   * role): its upstream's failure is not blamed on the upstream while the config is unknown.
   */
  static final class RemoteConfigUnread implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      return when(
          mayPull(e)
              && mode(e) == Mode.REMOTE
              && e.facts().vpcscPolicy() == null
              && e.firstDenied() != null,
          RootCause.INSPECTION_DENIED);
    }
  }

  /**
   * A virtual repository reads its upstreams as its project's service agent, which needs
   * readViaVirtualRepository on each
   * (https://cloud.google.com/artifact-registry/docs/repositories/virtual-repo).
   */
  static final class VirtualUpstreamDenied implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      return when(
          mayPull(e) && mode(e) == Mode.VIRTUAL && firstDeniedUpstream(e, roles).isPresent(),
          RootCause.VIRTUAL_UPSTREAM_DENIED);
    }
  }

  /**
   * The first upstream, by priority, that the service agent may not read and that comes before any
   * upstream holding the version.
   */
  static Optional<UpstreamCheck> firstDeniedUpstream(Evidence e, RoleCatalog roles) {
    for (UpstreamCheck u : e.facts().upstreams()) {
      if (agentMayNotRead(e, u, roles)) {
        return Optional.of(u);
      }
      if (Boolean.TRUE.equals(u.versionExists())) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static boolean agentMayNotRead(Evidence e, UpstreamCheck u, RoleCatalog roles) {
    if (e.facts().serviceAgent() == null
        || u.repositoryBindings() == null
        || u.projectBindings() == null) {
      return false;
    }
    // The agent holds roles/artifactregistry.serviceAgent on its own project's repositories.
    if (e.repository() != null
        && u.upstream().repository().project().equals(e.repository().project())) {
      return false;
    }
    return !holds(
        e.facts().agentMember(),
        READ_VIA_VIRTUAL,
        roles,
        u.repositoryBindings(),
        u.projectBindings());
  }

  /**
   * A DENY download rule of the image's package, or else of the whole repository, refuses the pull
   * (https://cloud.google.com/artifact-registry/docs/protect-artifacts#restrict_artifact_downloads).
   */
  static final class DownloadRuleDenied implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      return when(mayPull(e) && denyingRule(e).isPresent(), RootCause.DOWNLOAD_RULE_DENIED);
    }
  }

  /** A rule's verdict on the image: whether it applies for sure, or only possibly. */
  record RuleMatch(DownloadRule rule, boolean certain) {}

  /**
   * The DENY rule that decides the image's download: the package's own rule when there is one, else
   * the repository's.
   */
  static Optional<RuleMatch> denyingRule(Evidence e) {
    List<DownloadRule> rules = e.facts().rules();
    if (rules == null || e.image() == null) {
      return Optional.empty();
    }
    List<DownloadRule> download =
        rules.stream()
            .filter(r -> r.operation() == null || "DOWNLOAD".equals(r.operation()))
            .toList();
    Optional<DownloadRule> own =
        download.stream().filter(r -> e.image().image().equals(r.packageId())).findFirst();
    Optional<DownloadRule> deciding =
        own.isPresent() ? own : download.stream().filter(r -> r.packageId() == null).findFirst();
    if (deciding.isEmpty() || !"DENY".equals(deciding.get().action())) {
      return Optional.empty();
    }
    DownloadRule rule = deciding.get();
    if (rule.condition() == null) {
      return Optional.of(new RuleMatch(rule, true));
    }
    Optional<Boolean> holds = versionCondition(rule.condition(), e.image().version());
    if (holds.isEmpty()) {
      return Optional.of(new RuleMatch(rule, false));
    }
    return holds.get() ? Optional.of(new RuleMatch(rule, true)) : Optional.empty();
  }

  /** A condition on {@code pkg.version.id} alone, evaluated as CEL compares strings. */
  static Optional<Boolean> versionCondition(String condition, String version) {
    Matcher m = VERSION_CONDITION.matcher(condition);
    if (!m.matches()) {
      return Optional.empty();
    }
    int c = version.compareTo(m.group(2));
    return Optional.of(
        switch (m.group(1)) {
          case "==" -> c == 0;
          case "!=" -> c != 0;
          case "<" -> c < 0;
          case "<=" -> c <= 0;
          case ">" -> c > 0;
          default -> c >= 0;
        });
  }

  /**
   * The version is gone and an active DELETE cleanup policy matches it, with no KEEP policy
   * protecting it (https://cloud.google.com/artifact-registry/docs/repositories/cleanup-policy).
   */
  static final class ImageDeletedByCleanup implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      return when(
          mayPull(e) && Boolean.FALSE.equals(e.versionExists()) && deletingPolicy(e).isPresent(),
          RootCause.IMAGE_DELETED_BY_CLEANUP);
    }
  }

  /** The active DELETE policy that matches the missing version, unless a KEEP policy does too. */
  static Optional<CleanupRule> deletingPolicy(Evidence e) {
    RepositoryInfo info = e.facts().info();
    if (info == null || !info.cleanupActive() || e.image() == null) {
      return Optional.empty();
    }
    List<CleanupRule> deleting = new ArrayList<>();
    for (CleanupRule p : info.cleanupPolicies()) {
      if (p.keepCount() != null) {
        // mostRecentVersions keeps the newest N: a version already gone was not among them.
        continue;
      }
      if (matches(p, e.image())) {
        if (p.action() == CleanupRule.Action.KEEP) {
          return Optional.empty();
        }
        deleting.add(p);
      }
    }
    return deleting.stream().findFirst();
  }

  /**
   * Whether a condition policy matches the image's version. Ages ({@code olderThan}, {@code
   * newerThan}) cannot be checked for a version that is gone; they are taken to hold, and the
   * advice says so.
   */
  static boolean matches(CleanupRule p, ImageReference image) {
    boolean byDigest = image.digest() != null;
    String state = p.tagState() == null ? "ANY" : p.tagState();
    if (byDigest ? state.equals("TAGGED") : state.equals("UNTAGGED")) {
      return false;
    }
    if (!p.tagPrefixes().isEmpty()
        && (byDigest || p.tagPrefixes().stream().noneMatch(image.version()::startsWith))) {
      return false;
    }
    if (!p.versionNamePrefixes().isEmpty()
        && (!byDigest || p.versionNamePrefixes().stream().noneMatch(image.digest()::startsWith))) {
      return false;
    }
    return p.packageNamePrefixes().isEmpty()
        || p.packageNamePrefixes().stream().anyMatch(image.image()::startsWith);
  }

  /**
   * containerd 2.0, which GKE runs from 1.33, no longer pulls Docker schema 1 images
   * (https://cloud.google.com/kubernetes-engine/docs/deprecations/migrate-containerd-2).
   */
  static final class ImageFormatUnsupported implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      return when(
          mayPull(e)
              && runsContainerd2(e.facts().poolVersion())
              && e.facts().mediaType() != null
              && SCHEMA_1.contains(e.facts().mediaType()),
          RootCause.IMAGE_FORMAT_UNSUPPORTED);
    }
  }

  /** Whether a GKE node version is 1.33 or later. */
  static boolean runsContainerd2(String version) {
    if (version == null) {
      return false;
    }
    Matcher m = GKE_VERSION.matcher(version);
    if (!m.matches()) {
      return false;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return major > 1 || (major == 1 && minor >= 33);
  }

  /**
   * A remote repository whose credential and VPC-SC config are fine, refused by its upstream: the
   * runtime's message carries the upstream's answer.
   */
  static final class RemoteUpstreamFailed implements Rule {
    private static final Set<String> UPSTREAM_KINDS =
        Set.of(
            "UPSTREAM_FAILED",
            "NOT_FOUND",
            "SERVER_ERROR",
            "RATE_LIMITED",
            "UNAUTHORIZED",
            "NETWORK");

    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      if (!mayPull(e) || mode(e) != Mode.REMOTE) {
        return Optional.empty();
      }
      String message = e.facts().message() == null ? "" : e.facts().message();
      boolean upstreamAnswer =
          UPSTREAM_KINDS.contains(e.failureKind().name())
              || message.contains("external repository")
              || message.contains("upstream");
      return when(upstreamAnswer, RootCause.REMOTE_UPSTREAM_FAILED);
    }
  }

  /** Whether a binding of these lists, unconditional, gives the member the permission. */
  @SafeVarargs
  static boolean holds(
      String member, String permission, RoleCatalog roles, List<Binding>... lists) {
    for (List<Binding> list : lists) {
      for (Binding b : list) {
        if (!b.conditional() && b.includes(member) && roles.grants(b.role(), permission)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Optional<RootCause> when(boolean condition, RootCause cause) {
    return condition ? Optional.of(cause) : Optional.empty();
  }
}
