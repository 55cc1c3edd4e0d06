package dev.pulldoctor.diagnose;

import dev.pulldoctor.diagnose.ModePorts.SecretState;
import dev.pulldoctor.diagnose.RepositoryFacts.KeyCheck;
import dev.pulldoctor.diagnose.RepositoryFacts.SecretCheck;
import dev.pulldoctor.diagnose.RepositoryFacts.UpstreamCheck;
import dev.pulldoctor.diagnose.RepositoryInfo.Mode;
import dev.pulldoctor.diagnose.RepositoryInfo.Upstream;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The look-ups of a repository the node may read (DESIGN.md §3 "Repository modes"), each made only
 * when the repository says it applies: the version in a standard repository or in each upstream of
 * a virtual one; a CMEK key; a remote repository's credential and VPC-SC config; then, for a
 * version that exists, the repository's download rules and — on a pool that runs containerd 2 — the
 * manifest's media type. Independent look-ups run concurrently.
 */
final class ModeInvestigation {
  private final Investigator investigator;
  private final Investigator.Directories ports;
  private final ImageReference image;
  private final RepositoryInfo info;
  private final Optional<String> clusterProjectNumber;
  private final String clusterProject;

  ModeInvestigation(
      Investigator investigator,
      Investigator.Directories ports,
      ImageReference image,
      RepositoryInfo info,
      Optional<String> clusterProjectNumber,
      String clusterProject) {
    this.investigator = investigator;
    this.ports = ports;
    this.image = image;
    this.info = info;
    this.clusterProjectNumber = clusterProjectNumber;
    this.clusterProject = clusterProject;
  }

  /** The Artifact Registry service agent of a project, by its number. */
  static String serviceAgent(String projectNumber) {
    return "service-" + projectNumber + "@gcp-sa-artifactregistry.iam.gserviceaccount.com";
  }

  void gather(Evidence.Builder e) {
    RepositoryRef repo = info.ref();
    RepositoryFacts.Builder facts = e.facts();
    boolean needsAgent = info.kmsKeyName() != null || info.mode() != Mode.STANDARD;
    CompletableFuture<Optional<String>> numberF =
        !needsAgent
            ? CompletableFuture.completedFuture(Optional.empty())
            : repo.project().equals(clusterProject) && clusterProjectNumber.isPresent()
                ? CompletableFuture.completedFuture(clusterProjectNumber)
                : investigator.async(e, () -> ports.projects().projectNumber(repo.project()));

    Runnable key = info.kmsKeyName() == null ? () -> {} : key(e, info.kmsKeyName());
    Runnable remote = info.mode() == Mode.REMOTE ? remote(e, repo) : () -> {};
    List<Pending> upstreams = info.mode() == Mode.VIRTUAL ? upstreams(e) : List.of();
    CompletableFuture<Optional<Ports.Version>> versionF =
        info.mode() == Mode.STANDARD ? investigator.version(e, repo, image) : null;

    Investigator.join(numberF).map(ModeInvestigation::serviceAgent).ifPresent(facts::serviceAgent);
    key.run();
    remote.run();
    List<UpstreamCheck> checks = new ArrayList<>();
    for (Pending p : upstreams) {
      checks.add(p.check());
    }
    facts.upstreams(checks);

    Boolean exists = null;
    RepositoryRef holder = repo;
    Ports.Version version = null;
    if (versionF != null) {
      version = Investigator.join(versionF).orElse(null);
      exists = version == null ? null : version.exists();
    } else if (info.mode() == Mode.VIRTUAL) {
      Optional<Pending> found =
          upstreams.stream()
              .filter(p -> Boolean.TRUE.equals(p.check().versionExists()))
              .findFirst();
      boolean allAnswered = checks.stream().allMatch(c -> c.versionExists() != null);
      exists = found.isPresent() ? Boolean.TRUE : allAnswered ? Boolean.FALSE : null;
      holder = found.map(p -> p.upstream().repository()).orElse(repo);
      version = found.flatMap(p -> Investigator.join(p.version())).orElse(null);
    }
    if (exists != null) {
      e.versionExists(exists);
    }

    // Phase 4: a version that is there (or a remote one, fetched on demand) is refused only by a
    // download rule or by its format.
    if (Boolean.TRUE.equals(exists) || info.mode() == Mode.REMOTE) {
      CompletableFuture<Optional<List<ModePorts.DownloadRule>>> rulesF =
          investigator.asyncRegistry(e, () -> ports.modes().registry().rules(repo));
      CompletableFuture<Optional<String>> mediaF =
          ModeRules.runsContainerd2(facts.build().poolVersion()) && info.mode() != Mode.REMOTE
              ? mediaType(e, holder, version)
              : CompletableFuture.completedFuture(Optional.empty());
      Investigator.join(rulesF).ifPresent(facts::rules);
      Investigator.join(mediaF).ifPresent(facts::mediaType);
    }
  }

  /**
   * The manifest's media type of the version found in {@code holder}: the digest's look-up already
   * read it; a tag's names its digest, whose DockerImage is then read by name (DESIGN.md §10).
   */
  private CompletableFuture<Optional<String>> mediaType(
      Evidence.Builder e, RepositoryRef holder, Ports.Version version) {
    if (version == null || !version.exists()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    if (version.mediaType() != null || version.digest() == null) {
      return CompletableFuture.completedFuture(Optional.ofNullable(version.mediaType()));
    }
    return investigator
        .asyncRegistry(
            e, () -> ports.modes().registry().mediaType(holder, image.image(), version.digest()))
        .thenApply(m -> m.flatMap(t -> t));
  }

  /** Starts the key's look-ups; the returned step waits for them and records the key. */
  private Runnable key(Evidence.Builder e, String name) {
    CompletableFuture<Optional<ModePorts.PrimaryVersion>> primaryF =
        investigator.async(e, () -> ports.modes().keys().primary(name));
    CompletableFuture<Optional<List<Binding>>> policyF =
        investigator.async(e, () -> ports.modes().keys().iamPolicy(name));
    CompletableFuture<Optional<List<Binding>>> projectF = projectPolicy(e, name);
    return () -> {
      Optional<ModePorts.PrimaryVersion> primary = Investigator.join(primaryF);
      e.facts()
          .key(
              new KeyCheck(
                  name,
                  primary.map(ModePorts.PrimaryVersion::state).orElse(null),
                  primary.map(ModePorts.PrimaryVersion::name).orElse(null),
                  Investigator.join(policyF).orElse(null),
                  Investigator.join(projectF).orElse(null)));
    };
  }

  /**
   * Starts a remote repository's look-ups: its project's VPC-SC config for its location, and its
   * credential's version and the policies on it when it has one.
   */
  private Runnable remote(Evidence.Builder e, RepositoryRef repo) {
    // https://cloud.google.com/artifact-registry/docs/repositories/remote-repo#vpc: the config is
    // per project and location, and governs every remote repository there.
    CompletableFuture<Optional<String>> vpcscF =
        investigator.asyncRegistry(
            e, () -> ports.modes().registry().vpcscPolicy(repo.project(), repo.location()));
    Runnable credential = credential(e);
    return () -> {
      Investigator.join(vpcscF).ifPresent(e.facts()::vpcscPolicy);
      credential.run();
    };
  }

  private Runnable credential(Evidence.Builder e) {
    String version = info.remote().passwordSecretVersion();
    if (version == null) {
      return () -> {};
    }
    String secret = secretOf(version);
    CompletableFuture<Optional<SecretState>> stateF =
        investigator.async(e, () -> ports.modes().secrets().versionState(version));
    CompletableFuture<Optional<List<Binding>>> policyF =
        investigator.async(e, () -> ports.modes().secrets().iamPolicy(secret));
    CompletableFuture<Optional<List<Binding>>> projectF = projectPolicy(e, secret);
    return () -> {
      e.facts()
          .secret(
              new SecretCheck(
                  version,
                  Investigator.join(stateF).orElse(null),
                  Investigator.join(policyF).orElse(null),
                  Investigator.join(projectF).orElse(null)));
    };
  }

  /** One upstream's look-ups under way. */
  private record Pending(
      Upstream upstream,
      CompletableFuture<Optional<List<Binding>>> policy,
      CompletableFuture<Optional<List<Binding>>> projectPolicy,
      CompletableFuture<Optional<Ports.Version>> version) {
    UpstreamCheck check() {
      return new UpstreamCheck(
          upstream,
          Investigator.join(policy).orElse(null),
          Investigator.join(projectPolicy).orElse(null),
          Investigator.join(version).map(Ports.Version::exists).orElse(null));
    }
  }

  private List<Pending> upstreams(Evidence.Builder e) {
    List<Pending> pending = new ArrayList<>();
    for (Upstream u : info.upstreams()) {
      RepositoryRef up = u.repository();
      pending.add(
          new Pending(
              u,
              investigator.asyncRegistry(e, () -> ports.registry().iamPolicy(up)),
              investigator.async(e, () -> ports.projects().iamPolicy(up.project())),
              investigator.version(e, up, image)));
    }
    return pending;
  }

  /** The allow policy of the project a resource name ({@code projects/P/…}) lives in. */
  private CompletableFuture<Optional<List<Binding>>> projectPolicy(
      Evidence.Builder e, String resource) {
    String project = resource.split("/")[1];
    return investigator.async(e, () -> ports.projects().iamPolicy(project));
  }

  /** {@code projects/P/secrets/S/versions/V} → {@code projects/P/secrets/S}. */
  static String secretOf(String version) {
    int at = version.indexOf("/versions/");
    return at < 0 ? version : version.substring(0, at);
  }
}
