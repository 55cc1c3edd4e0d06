package dev.pulldoctor.cli;

import dev.pulldoctor.Config;
import dev.pulldoctor.Engine;
import dev.pulldoctor.audit.AuditReport;
import dev.pulldoctor.audit.AuditScope;
import dev.pulldoctor.audit.Auditor;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.RoleCatalog;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.RepositoryRef;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pull-doctor audit}: can every node pool pull from every repository? */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    header = "Checks that every node pool may pull from every repository in scope.",
    description = {
      "Asks, for every node pool of the clusters in scope and every repository in",
      "scope, whether the pool's service account may pull from the repository - the",
      "same check the function makes - and names the root cause of each pair that",
      "cannot. Run it in CI after an IAM change: it exits 1 when any pair cannot pull.",
      "Repositories default to every Docker repository of the clusters' projects."
    },
    footer = {
      "",
      "Examples:",
      "  # the seed world: default-pool cannot pull from services",
      "  pull-doctor audit --world ../shared/corpus/seed-world.json \\",
      "      --project acme-prod-417",
      "  # every cluster of two projects against a third project's repositories",
      "  pull-doctor audit --project acme-prod-417 --project acme-stage-418 \\",
      "      --repository-project acme-shared-400",
      "  # one cluster against two named repositories, for a pipeline",
      "  pull-doctor audit --cluster acme-prod-417/us-central1/prod \\",
      "      --repository acme-prod-417/us-central1/services \\",
      "      --repository acme-shared-400/us/base-images --format json",
      "",
      "Prints a table (CLUSTER, NODE POOL, SERVICE ACCOUNT, REPOSITORY, CAN PULL,",
      "ROOT CAUSE) and the next steps, or with --format json one object: method,",
      "totals and pairs[], with advice and evidence for each pair that cannot pull.",
      "Progress goes to stderr when there are more than "
          + AuditCommand.PROGRESS_THRESHOLD
          + " pairs.",
      "",
      "Exit codes: 0 every pair can pull, 1 a pair cannot, 2 bad usage or input, or",
      "the clusters or repositories could not be listed."
    })
final class AuditCommand implements Callable<Integer> {

  /** More pairs than fit a screen: then progress is shown on stderr. */
  static final int PROGRESS_THRESHOLD = 40;

  @Spec CommandSpec spec;

  @Mixin WorldOption world;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Clusters clusters;

  static final class Clusters {
    @Option(
        names = "--project",
        paramLabel = "PROJECT",
        description = "Audit every cluster of this project, in all locations (repeatable).")
    List<String> projects;

    @Option(
        names = "--cluster",
        paramLabel = "PROJECT/LOCATION/NAME",
        description = "Audit this cluster only.")
    String cluster;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Repositories repositories;

  static final class Repositories {
    @Option(
        names = "--repository",
        paramLabel = "PROJECT/LOCATION/NAME",
        description = "A repository to check (repeatable).")
    List<String> repositories;

    @Option(
        names = "--repository-project",
        paramLabel = "PROJECT",
        description =
            "Check every Docker repository of this project (repeatable); default: the"
                + " clusters' projects.")
    List<String> projects;
  }

  @Option(
      names = "--method",
      paramLabel = "METHOD",
      defaultValue = "auto",
      description =
          "How to ask whether an account may pull: auto (default), impersonate,"
              + " troubleshooter or policy.")
  String method;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table (default) or json.")
  OutputFormat format;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      defaultValue = "" + Auditor.DEFAULT_PARALLELISM,
      description = "API calls in flight at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Override
  public Integer call() {
    AuditScope scope = scope();
    Investigator.Method how = Engine.method(method);
    if (parallelism < 1 || parallelism > 64) {
      throw new OneLineErrors.BadInput(
          "--parallelism must be between 1 and 64, got " + parallelism);
    }
    AuditReport report;
    try (WorldOption.Target target = world.open();
        Engine engine =
            new Engine(Config.defaultsOnly(), target.clients(), Clock.systemUTC(), how)) {
      Auditor auditor =
          new Auditor(
              engine.gcp().directories(engine.clusters()),
              engine.gcp().clusterLister(),
              engine.gcp().repositoryLister(),
              RoleCatalog.predefined(),
              how,
              parallelism);
      report =
          auditor.run(scope, new StderrProgress(spec.commandLine().getErr(), PROGRESS_THRESHOLD));
    } catch (InspectionFailure f) {
      throw new OneLineErrors.BadInput(
          "cannot list what to audit: "
              + f.getMessage()
              + (f.role() == null ? "" : " (needs " + f.permission() + ", e.g. " + f.role() + ")"));
    }
    if (report.nodePools() == 0) {
      throw new OneLineErrors.BadInput("nothing to audit: no node pools in " + describeClusters());
    }
    if (report.repositories() == 0) {
      throw new OneLineErrors.BadInput(
          "nothing to audit: no Docker repositories in projects "
              + String.join(", ", scope.repositoryProjects()));
    }
    if (format == OutputFormat.json) {
      Output.json(spec.commandLine().getOut(), AuditOutput.json(report));
    } else {
      spec.commandLine().getOut().print(AuditOutput.table(report));
      spec.commandLine().getOut().flush();
    }
    return report.allCanPull() ? PullDoctorCli.OK : PullDoctorCli.FOUND;
  }

  private AuditScope scope() {
    ClusterRef cluster = clusters.cluster == null ? null : ClusterRef.parse(clusters.cluster);
    List<RepositoryRef> named =
        repositories == null || repositories.repositories == null
            ? List.of()
            : repositories.repositories.stream().map(RepositoryRef::parse).toList();
    List<String> repositoryProjects =
        repositories == null || repositories.projects == null ? List.of() : repositories.projects;
    return new AuditScope(cluster, clusters.projects, named, repositoryProjects);
  }

  private String describeClusters() {
    return clusters.cluster != null
        ? "cluster " + clusters.cluster
        : "the clusters of projects " + String.join(", ", clusters.projects);
  }
}
