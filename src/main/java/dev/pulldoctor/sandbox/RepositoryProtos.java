package dev.pulldoctor.sandbox;

import com.google.devtools.artifactregistry.v1.CleanupPolicy;
import com.google.devtools.artifactregistry.v1.CleanupPolicyCondition;
import com.google.devtools.artifactregistry.v1.CleanupPolicyMostRecentVersions;
import com.google.devtools.artifactregistry.v1.RemoteRepositoryConfig;
import com.google.devtools.artifactregistry.v1.Repository;
import com.google.devtools.artifactregistry.v1.Rule;
import com.google.devtools.artifactregistry.v1.UpstreamPolicy;
import com.google.devtools.artifactregistry.v1.VirtualRepositoryConfig;
import com.google.protobuf.Duration;
import com.google.type.Expr;

/**
 * A world's repository modes, keys, cleanup policies and rules in Artifact Registry's protos
 * (https://github.com/googleapis/googleapis/blob/master/google/devtools/artifactregistry/v1/repository.proto,
 * rule.proto).
 */
final class RepositoryProtos {
  private RepositoryProtos() {}

  static Repository.Builder withMode(Repository.Builder b, Modes.RepositoryMode m) {
    switch (m.mode()) {
      case "REMOTE" -> {
        RemoteRepositoryConfig.Builder remote = RemoteRepositoryConfig.newBuilder();
        if (m.upstream() == null || m.upstream().equals("DOCKER_HUB")) {
          remote.setDockerRepository(
              RemoteRepositoryConfig.DockerRepository.newBuilder()
                  .setPublicRepository(
                      RemoteRepositoryConfig.DockerRepository.PublicRepository.DOCKER_HUB));
        } else {
          remote.setDockerRepository(
              RemoteRepositoryConfig.DockerRepository.newBuilder()
                  .setCustomRepository(
                      RemoteRepositoryConfig.DockerRepository.CustomRepository.newBuilder()
                          .setUri(m.upstream())));
        }
        if (m.credentialSecret() != null) {
          remote.setUpstreamCredentials(
              RemoteRepositoryConfig.UpstreamCredentials.newBuilder()
                  .setUsernamePasswordCredentials(
                      RemoteRepositoryConfig.UpstreamCredentials.UsernamePasswordCredentials
                          .newBuilder()
                          .setUsername("pull-doctor-sandbox")
                          .setPasswordSecretVersion(m.credentialSecret())));
        }
        b.setMode(Repository.Mode.REMOTE_REPOSITORY).setRemoteRepositoryConfig(remote);
      }
      case "VIRTUAL" -> {
        VirtualRepositoryConfig.Builder virtual = VirtualRepositoryConfig.newBuilder();
        for (Modes.Upstream u : m.upstreams()) {
          virtual.addUpstreamPolicies(
              UpstreamPolicy.newBuilder()
                  .setId(u.id())
                  .setRepository(u.repository())
                  .setPriority(u.priority()));
        }
        b.setMode(Repository.Mode.VIRTUAL_REPOSITORY).setVirtualRepositoryConfig(virtual);
      }
      default -> b.setMode(Repository.Mode.STANDARD_REPOSITORY);
    }
    b.setKmsKeyName(m.kmsKeyName());
    for (Modes.CleanupPolicy p : m.cleanupPolicies()) {
      b.putCleanupPolicies(p.id(), cleanupPolicy(p));
    }
    return b.setCleanupPolicyDryRun(m.cleanupPolicyDryRun());
  }

  private static CleanupPolicy cleanupPolicy(Modes.CleanupPolicy p) {
    CleanupPolicy.Builder c =
        CleanupPolicy.newBuilder()
            .setId(p.id())
            .setAction(CleanupPolicy.Action.valueOf(p.action()));
    if (p.keepCount() != null) {
      return c.setMostRecentVersions(
              CleanupPolicyMostRecentVersions.newBuilder()
                  .addAllPackageNamePrefixes(p.packageNamePrefixes())
                  .setKeepCount(p.keepCount()))
          .build();
    }
    CleanupPolicyCondition.Builder cond =
        CleanupPolicyCondition.newBuilder()
            .addAllTagPrefixes(p.tagPrefixes())
            .addAllVersionNamePrefixes(p.versionNamePrefixes())
            .addAllPackageNamePrefixes(p.packageNamePrefixes());
    if (p.tagState() != null) {
      cond.setTagState(CleanupPolicyCondition.TagState.valueOf(p.tagState()));
    }
    if (p.olderThan() != null) {
      cond.setOlderThan(seconds(p.olderThan()));
    }
    if (p.newerThan() != null) {
      cond.setNewerThan(seconds(p.newerThan()));
    }
    return c.setCondition(cond).build();
  }

  private static Duration seconds(String text) {
    return Duration.newBuilder()
        .setSeconds(Long.parseLong(text.substring(0, text.length() - 1)))
        .build();
  }

  static Rule rule(String repositoryName, Modes.Rule r) {
    Rule.Builder b =
        Rule.newBuilder()
            .setName(repositoryName + "/rules/" + r.id())
            .setAction(Rule.Action.valueOf(r.action()))
            .setOperation(Rule.Operation.valueOf(r.operation()))
            .setPackageId(r.packageId());
    if (!r.condition().isEmpty()) {
      b.setCondition(Expr.newBuilder().setExpression(r.condition()));
    }
    return b.build();
  }
}
