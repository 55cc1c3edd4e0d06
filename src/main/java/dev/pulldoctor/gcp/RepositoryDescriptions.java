package dev.pulldoctor.gcp;

import com.google.devtools.artifactregistry.v1.CleanupPolicy;
import com.google.devtools.artifactregistry.v1.CleanupPolicyCondition;
import com.google.devtools.artifactregistry.v1.RemoteRepositoryConfig;
import com.google.devtools.artifactregistry.v1.Repository;
import com.google.devtools.artifactregistry.v1.UpstreamPolicy;
import com.google.protobuf.Duration;
import dev.pulldoctor.diagnose.RepositoryInfo;
import dev.pulldoctor.diagnose.RepositoryInfo.CleanupRule;
import dev.pulldoctor.diagnose.RepositoryInfo.Mode;
import dev.pulldoctor.diagnose.RepositoryInfo.Remote;
import dev.pulldoctor.diagnose.RepositoryInfo.Upstream;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps Artifact Registry's {@code Repository} to {@link RepositoryInfo}: mode, remote and virtual
 * configuration, KMS key, cleanup policies
 * (https://github.com/googleapis/googleapis/blob/master/google/devtools/artifactregistry/v1/repository.proto).
 */
final class RepositoryDescriptions {
  private RepositoryDescriptions() {}

  static RepositoryInfo info(RepositoryRef ref, Repository r) {
    Mode mode =
        switch (r.getMode()) {
          case REMOTE_REPOSITORY -> Mode.REMOTE;
          case VIRTUAL_REPOSITORY -> Mode.VIRTUAL;
          default -> Mode.STANDARD;
        };
    Remote remote = mode == Mode.REMOTE ? remote(r.getRemoteRepositoryConfig()) : null;
    List<Upstream> upstreams = new ArrayList<>();
    for (UpstreamPolicy u : r.getVirtualRepositoryConfig().getUpstreamPoliciesList()) {
      try {
        upstreams.add(
            new Upstream(
                u.getId(), RepositoryRef.fromResourceName(u.getRepository()), u.getPriority()));
      } catch (IllegalArgumentException unparsable) {
        // A name Pull Doctor cannot read names no repository it could look at: skipped.
      }
    }
    List<CleanupRule> cleanup = new ArrayList<>();
    for (CleanupPolicy p : r.getCleanupPoliciesMap().values()) {
      cleanup.add(cleanupRule(p));
    }
    return new RepositoryInfo(
        ref, mode, remote, upstreams, r.getKmsKeyName(), cleanup, r.getCleanupPolicyDryRun());
  }

  private static Remote remote(RemoteRepositoryConfig c) {
    String upstream =
        c.getDockerRepository().hasCustomRepository()
            ? c.getDockerRepository().getCustomRepository().getUri()
            : c.getDockerRepository().getPublicRepository()
                    == RemoteRepositoryConfig.DockerRepository.PublicRepository.DOCKER_HUB
                ? "DOCKER_HUB"
                : c.hasCommonRepository() ? c.getCommonRepository().getUri() : c.getDescription();
    return new Remote(
        upstream.isEmpty() ? "the upstream" : upstream,
        c.getUpstreamCredentials().getUsernamePasswordCredentials().getPasswordSecretVersion());
  }

  private static CleanupRule cleanupRule(CleanupPolicy p) {
    CleanupRule.Action action =
        p.getAction() == CleanupPolicy.Action.KEEP
            ? CleanupRule.Action.KEEP
            : CleanupRule.Action.DELETE;
    if (p.hasMostRecentVersions()) {
      return new CleanupRule(
          p.getId(),
          action,
          null,
          List.of(),
          List.of(),
          p.getMostRecentVersions().getPackageNamePrefixesList(),
          null,
          null,
          p.getMostRecentVersions().getKeepCount());
    }
    CleanupPolicyCondition c = p.getCondition();
    return new CleanupRule(
        p.getId(),
        action,
        c.hasTagState() ? c.getTagState().name() : null,
        c.getTagPrefixesList(),
        c.getVersionNamePrefixesList(),
        c.getPackageNamePrefixesList(),
        c.hasOlderThan() ? seconds(c.getOlderThan()) : null,
        c.hasNewerThan() ? seconds(c.getNewerThan()) : null,
        null);
  }

  private static String seconds(Duration d) {
    return d.getSeconds() + "s";
  }
}
