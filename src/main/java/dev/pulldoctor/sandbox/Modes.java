package dev.pulldoctor.sandbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a world that repository modes, keys and node versions add (DESIGN.md §8): secrets
 * and crypto keys of projects, the VPC-SC configs of remote repositories, each repository's mode,
 * key, cleanup policies and rules, images' media types and node pools' GKE versions. A world
 * without them has none, and every repository is a standard one.
 */
final class Modes {

  /** Docker schema 2, what an image without a {@code mediaType} has. */
  static final String SCHEMA_2 = "application/vnd.docker.distribution.manifest.v2+json";

  /** A secret: its versions' states by version id, in order. */
  record Secret(String project, String name, Map<String, String> versions) {
    Secret {
      versions = Map.copyOf(versions);
    }

    /** The newest version's id ({@code latest}), or empty when it has none. */
    Optional<String> latest() {
      return versions.keySet().stream()
          .max((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
    }
  }

  /** A Cloud KMS key, {@code LOCATION/RING/KEY}: its primary version's state. */
  record CryptoKey(String project, String location, String ring, String key, String primaryState) {}

  /** A virtual repository's upstream policy. */
  record Upstream(String id, String repository, int priority) {}

  /** A cleanup policy as the world writes it (repository.proto's CleanupPolicy). */
  record CleanupPolicy(
      String id,
      String action,
      String tagState,
      List<String> tagPrefixes,
      List<String> versionNamePrefixes,
      List<String> packageNamePrefixes,
      String olderThan,
      String newerThan,
      Integer keepCount) {}

  /** A rule of a repository (rule.proto). */
  record Rule(String id, String action, String operation, String packageId, String condition) {}

  /** What a repository adds to its format and images. */
  record RepositoryMode(
      String mode,
      String upstream,
      String credentialSecret,
      List<Upstream> upstreams,
      String kmsKeyName,
      List<CleanupPolicy> cleanupPolicies,
      boolean cleanupPolicyDryRun,
      List<Rule> rules,
      String upstreamStatus) {

    static final RepositoryMode STANDARD =
        new RepositoryMode(
            "STANDARD", null, null, List.of(), "", List.of(), false, List.of(), "OK");
  }

  private final Map<String, Secret> secrets = new HashMap<>();
  private final Map<String, CryptoKey> keys = new HashMap<>();
  private final Map<String, String> vpcsc = new HashMap<>();
  private final Map<String, RepositoryMode> repositories = new HashMap<>();
  private final Map<String, String> mediaTypes = new HashMap<>();
  private final Map<String, String> poolVersions = new HashMap<>();

  void secret(Secret s) {
    secrets.put(s.project() + "/" + s.name(), s);
  }

  void key(CryptoKey k) {
    keys.put(k.project() + "/" + k.location() + "/" + k.ring() + "/" + k.key(), k);
  }

  void vpcsc(String project, String location, String policy) {
    vpcsc.put(project + "/" + location, policy);
  }

  void repository(String project, String locationSlashName, RepositoryMode mode) {
    repositories.put(project + "/" + locationSlashName, mode);
  }

  void mediaType(String project, String locationSlashName, String image, String tag, String type) {
    mediaTypes.put(project + "/" + locationSlashName + "/" + image + ":" + tag, type);
  }

  void poolVersion(String project, String clusterKey, String pool, String version) {
    poolVersions.put(project + "/" + clusterKey + "/" + pool, version);
  }

  Optional<Secret> secret(String project, String name) {
    return Optional.ofNullable(secrets.get(project + "/" + name));
  }

  Optional<CryptoKey> key(String project, String location, String ring, String key) {
    return Optional.ofNullable(keys.get(project + "/" + location + "/" + ring + "/" + key));
  }

  /**
   * The VPC-SC policy for remote repositories in a location ({@code ALLOW} or {@code DENY}), or
   * null when the world sets none. The sandbox has no perimeters, so an unset policy lets remote
   * repositories reach their upstream.
   */
  String vpcsc(String project, String location) {
    return vpcsc.get(project + "/" + location);
  }

  RepositoryMode repository(String project, String locationSlashName) {
    return repositories.getOrDefault(project + "/" + locationSlashName, RepositoryMode.STANDARD);
  }

  String mediaType(String project, String locationSlashName, String image, String tag) {
    return mediaTypes.getOrDefault(
        project + "/" + locationSlashName + "/" + image + ":" + tag, SCHEMA_2);
  }

  /** The pool's GKE version; empty when the world gives none. */
  String poolVersion(String project, String clusterKey, String pool) {
    return poolVersions.getOrDefault(project + "/" + clusterKey + "/" + pool, "");
  }
}
