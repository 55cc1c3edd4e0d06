package dev.pulldoctor.audit;

import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.RoleCatalog;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.gcp.GoogleClients;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.sandbox.World;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Runs audits through the production adapters against a sandbox, as the CLI wires them. */
final class Audits {
  /** The methods that list what to audit, as the sandbox names them. */
  static final Set<String> LISTING =
      Set.of(
          "ClusterManager/ListClusters",
          "Locations/ListLocations",
          "ArtifactRegistry/ListRepositories");

  private Audits() {}

  static AuditReport run(GoogleClients clients, AuditScope scope, Investigator.Method method) {
    return run(clients, scope, method, Auditor.Progress.NONE);
  }

  static AuditReport run(
      GoogleClients clients,
      AuditScope scope,
      Investigator.Method method,
      Auditor.Progress progress) {
    try (Engine engine = new Engine(Config.defaultsOnly(), clients, Clock.systemUTC(), method)) {
      return new Auditor(
              engine.gcp().directories(engine.clusters()),
              engine.gcp().clusterLister(),
              engine.gcp().repositoryLister(),
              RoleCatalog.predefined(),
              method,
              Auditor.DEFAULT_PARALLELISM)
          .run(scope, progress);
    }
  }

  static AuditScope projects(String... projects) {
    return new AuditScope(null, List.of(projects), List.of(), List.of());
  }

  static AuditScope cluster(String cluster, String... repositories) {
    return new AuditScope(
        ClusterRef.parse(cluster),
        List.of(),
        List.of(repositories).stream().map(RepositoryRef::parse).toList(),
        List.of());
  }

  static Sandbox serve(String json) {
    try {
      return Sandbox.start(World.parse(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The row of one pool and repository. */
  static AuditRow row(AuditReport report, String cluster, String pool, String repository) {
    return report.rows().stream()
        .filter(
            r ->
                r.cluster().toString().equals(cluster)
                    && r.nodePool().equals(pool)
                    && r.repository().toString().equals(repository))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no row " + cluster + " " + pool + " " + repository + " in " + report.rows()));
  }
}
