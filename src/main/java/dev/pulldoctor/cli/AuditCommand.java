package dev.pulldoctor.cli;

import dev.pulldoctor.audit.AuditReport;
import dev.pulldoctor.audit.AuditScope;
import dev.pulldoctor.audit.Auditor;
import dev.pulldoctor.audit.Preflight;
import dev.pulldoctor.audit.PreflightReport;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.RoleCatalog;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.manifest.ManifestReader.Manifest;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pull-doctor audit}: can every node pool pull from every repository? Or, with {@code
 * --manifest}, will these manifests' containers pull on the pools their pods may land on?
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    header = {
      "Checks that every node pool may pull from every repository in scope, or",
      "(--manifest) that the containers of manifests will pull before they are applied."
    },
    description = {
      "Asks, for every node pool of the clusters in scope and every repository in",
      "scope, whether the pool's service account may pull from the repository - the",
      "same check the function makes - and names the root cause of each pair that",
      "cannot. Run it in CI after an IAM change: it exits 1 when any pair cannot pull.",
      "Repositories default to every Docker repository of the clusters' projects.",
      "",
      "With --manifest (a file, or - for stdin; repeatable) and --cluster, it is a",
      "pre-flight: it reads the Kubernetes YAML (what helm template or kustomize",
      "build prints; Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job,",
      "CronJob, ReplicationController, PodTemplate, List), finds the node pools each",
      "workload may land on (nodeSelector and required node affinity on",
      "cloud.google.com/gke-nodepool; otherwise every pool), and for every container,",
      "init container and ephemeral container on each of those pools asks whether",
      "the pool may pull the image and whether its tag or digest exists. Images",
      "outside Artifact Registry and gcr.io are listed as skipped, not failed."
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
      "  # pre-flight: a rendered chart, annotated on the pull request",
      "  helm template shop ./chart | pull-doctor audit --manifest - \\",
      "      --cluster acme-prod-417/us-central1/prod --format github",
      "  # pre-flight of two files, as JUnit XML for the CI's test report",
      "  pull-doctor audit --manifest app.yaml --manifest jobs.yaml \\",
      "      --cluster acme-prod-417/us-central1/prod --format junit > preflight.xml",
      "",
      "Prints a table (CLUSTER, NODE POOL, SERVICE ACCOUNT, REPOSITORY, CAN PULL,",
      "ROOT CAUSE) and the next steps, or with --format json one object: method,",
      "totals and pairs[], with advice and evidence for each pair that cannot pull.",
      "Progress goes to stderr when there are more than "
          + AuditCommand.PROGRESS_THRESHOLD
          + " pairs.",
      "",
      "With --manifest: a table (WORKLOAD, CONTAINER, IMAGE, NODE POOL, CAN PULL,",
      "ROOT CAUSE); --format json with containers[] (workload as Kind/namespace/name,",
      "container, image, nodePool, canPull true/false/null, rootCause, advice, file,",
      "line); --format github, an ::error annotation at the image's line for each",
      "container that cannot pull (::notice for a skipped one); --format junit, one",
      "test case per container and pool.",
      "",
      "Exit codes: 0 every pair can pull, 1 a pair cannot, 2 bad usage or input, or",
      "the clusters or repositories could not be listed. With --manifest: 0 every",
      "container can pull, 1 one cannot, 2 bad usage, a manifest that cannot be read",
      "(its file and line in the message) or a cluster that cannot be read."
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
      names = "--manifest",
      paramLabel = "FILE|-",
      description =
          "Kubernetes YAML to check before applying it, - for stdin (repeatable); needs"
              + " --cluster.")
  List<String> manifests;

  /** {@code --format}: github and junit are for the pre-flight. */
  enum Format {
    table,
    json,
    github,
    junit
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table (default), json; with --manifest also github or junit.")
  Format format;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      defaultValue = "" + Auditor.DEFAULT_PARALLELISM,
      description = "API calls in flight at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Override
  public Integer call() {
    Investigator.Method how = Engine.method(method);
    if (parallelism < 1 || parallelism > 64) {
      throw new OneLineErrors.BadInput(
          "--parallelism must be between 1 and 64, got " + parallelism);
    }
    if (manifests != null) {
      return preflight(how);
    }
    if (format == Format.github || format == Format.junit) {
      throw new OneLineErrors.BadInput("--format " + format + " needs --manifest");
    }
    AuditScope scope = scope();
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
    if (format == Format.json) {
      Output.json(spec.commandLine().getOut(), AuditOutput.json(report));
    } else {
      spec.commandLine().getOut().print(AuditOutput.table(report));
      spec.commandLine().getOut().flush();
    }
    return report.allCanPull() ? PullDoctorCli.OK : PullDoctorCli.FOUND;
  }

  /** The pre-flight: the manifests against one cluster's node pools. */
  private int preflight(Investigator.Method how) {
    if (clusters.cluster == null) {
      throw new OneLineErrors.BadInput(
          "--manifest needs --cluster PROJECT/LOCATION/NAME, the cluster it will be applied to");
    }
    if (repositories != null) {
      throw new OneLineErrors.BadInput(
          "--repository and --repository-project do not apply to --manifest: the images name"
              + " their repositories");
    }
    ClusterRef cluster = ClusterRef.parse(clusters.cluster);
    Manifest manifest = Manifests.read(manifests);
    PreflightReport report;
    try (WorldOption.Target target = world.open();
        Engine engine =
            new Engine(Config.defaultsOnly(), target.clients(), Clock.systemUTC(), how)) {
      report =
          new Preflight(
                  engine.gcp().directories(engine.clusters()),
                  RoleCatalog.predefined(),
                  how,
                  parallelism)
              .run(cluster, manifest);
    } catch (InspectionFailure f) {
      throw new OneLineErrors.BadInput(
          "cannot read cluster "
              + cluster
              + ": "
              + f.getMessage()
              + (f.role() == null ? "" : " (needs " + f.permission() + ", e.g. " + f.role() + ")"));
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case json -> Output.json(out, PreflightOutput.json(report));
      case github -> out.print(PreflightOutput.github(report));
      case junit -> out.print(PreflightOutput.junit(report));
      default -> out.print(PreflightOutput.table(report));
    }
    out.flush();
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
