package dev.pulldoctor.diagnose;

import dev.pulldoctor.domain.RepositoryRef;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What Artifact Registry's {@code GetRepository} says about a repository that decides which further
 * look-ups apply: its mode, a remote repository's upstream and credential, a virtual repository's
 * upstreams, its CMEK key, its cleanup policies
 * (https://cloud.google.com/artifact-registry/docs/reference/rpc/google.devtools.artifactregistry.v1#repository).
 *
 * @param remote set for a remote repository only
 * @param upstreams a virtual repository's upstream policies, highest priority first
 * @param kmsKeyName the Cloud KMS key that encrypts it; null for Google-managed encryption
 * @param cleanupDryRun true when the cleanup policies only report what they would delete
 */
public record RepositoryInfo(
    RepositoryRef ref,
    Mode mode,
    Remote remote,
    List<Upstream> upstreams,
    String kmsKeyName,
    List<CleanupRule> cleanupPolicies,
    boolean cleanupDryRun) {

  public RepositoryInfo {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(mode, "mode");
    if (mode == Mode.REMOTE && remote == null) {
      throw new IllegalArgumentException("a remote repository needs its remote configuration");
    }
    upstreams =
        upstreams == null
            ? List.of()
            : upstreams.stream()
                .sorted(Comparator.comparingInt(Upstream::priority).reversed())
                .toList();
    kmsKeyName = kmsKeyName == null || kmsKeyName.isBlank() ? null : kmsKeyName;
    cleanupPolicies = cleanupPolicies == null ? List.of() : List.copyOf(cleanupPolicies);
  }

  /** A standard repository with Google-managed encryption and no cleanup policies. */
  public static RepositoryInfo standard(RepositoryRef ref) {
    return new RepositoryInfo(ref, Mode.STANDARD, null, List.of(), null, List.of(), false);
  }

  /** Whether any cleanup policy deletes versions for real. */
  public boolean cleanupActive() {
    return !cleanupDryRun
        && cleanupPolicies.stream().anyMatch(p -> p.action() == CleanupRule.Action.DELETE);
  }

  /** The repository's mode (Repository.Mode). */
  public enum Mode {
    /** Holds its own artifacts. */
    STANDARD,
    /** A pull-through cache of an upstream registry. */
    REMOTE,
    /** Serves the artifacts of its upstream repositories by priority. */
    VIRTUAL
  }

  /**
   * A remote repository's upstream ({@code DOCKER_HUB} or a custom URI) and the Secret Manager
   * version holding the password it presents there; null when it pulls anonymously.
   */
  public record Remote(String upstream, String passwordSecretVersion) {
    public Remote {
      Objects.requireNonNull(upstream, "upstream");
      passwordSecretVersion =
          passwordSecretVersion == null || passwordSecretVersion.isBlank()
              ? null
              : passwordSecretVersion;
    }
  }

  /** One upstream policy of a virtual repository. */
  public record Upstream(String id, RepositoryRef repository, int priority) {
    public Upstream {
      Objects.requireNonNull(repository, "repository");
    }
  }

  /**
   * One cleanup policy: a condition ({@code tagState}, prefixes, ages as Google writes them, e.g.
   * {@code 2592000s}) or, for {@code mostRecentVersions}, the count kept ({@code keepCount}).
   */
  public record CleanupRule(
      String id,
      Action action,
      String tagState,
      List<String> tagPrefixes,
      List<String> versionNamePrefixes,
      List<String> packageNamePrefixes,
      String olderThan,
      String newerThan,
      Integer keepCount) {

    public CleanupRule {
      Objects.requireNonNull(action, "action");
      tagPrefixes = tagPrefixes == null ? List.of() : List.copyOf(tagPrefixes);
      versionNamePrefixes =
          versionNamePrefixes == null ? List.of() : List.copyOf(versionNamePrefixes);
      packageNamePrefixes =
          packageNamePrefixes == null ? List.of() : List.copyOf(packageNamePrefixes);
    }

    /** What a matching policy does. */
    public enum Action {
      /** Deletes the versions it matches. */
      DELETE,
      /** Protects the versions it matches from every DELETE policy. */
      KEEP
    }
  }
}
