package dev.pulldoctor.cli;

import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.diagnose.DiagnosisView;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pull-doctor diagnose}: why this pod, or this node pool, cannot pull this image. */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    description = {
      "Finds the root cause of an image pull failure, with evidence and the exact fix.",
      "It resolves the node pool and its service account and the repository, asks whether the",
      "account may pull, and explains why not.",
      "Prints one JSON object: failureKind, rootCause, summary, nodePool, nodeServiceAccount,",
      "repository, evidence and advice (the exact gcloud command and Terraform)."
    },
    footer = {
      "",
      "Examples:",
      "  # the seed case, in the sandbox world",
      "  pull-doctor diagnose --world ../shared/corpus/seed-world.json \\",
      "      --event ../shared/corpus/seed-403-logentry.json",
      "  # on demand, against real Google Cloud (Application Default Credentials)",
      "  pull-doctor diagnose --cluster acme-prod-417/us-central1/prod \\",
      "      --node gke-prod-default-pool-a1b2c3d4-9xkz \\",
      "      --image us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2",
      "  pull-doctor diagnose --cluster acme-prod-417/us-central1/prod --node-pool default-pool \\",
      "      --image us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2",
      "  # grant the reader role on the repository, then verify (only in allowed projects)",
      "  pull-doctor diagnose --event EVENT.json --remediation apply --allow-project acme-prod-417",
      "  # a cluster of acme-dev pulling from acme-shared: both projects, and the pair",
      "  pull-doctor diagnose --event EVENT.json --remediation apply \\",
      "      --allow-project acme-dev --allow-project acme-shared --allow-pair"
          + " 'acme-dev>acme-shared'",
      "",
      "Exit codes: 0 the account can pull, 1 a root cause was found, 2 bad usage or input."
    })
final class DiagnoseCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin WorldOption world;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(
        names = "--event",
        paramLabel = "FILE",
        description = "A LogEntry or CloudEvent (JSON) of the pull failure.")
    Path event;

    @ArgGroup(exclusive = false)
    Facts facts;
  }

  static final class Facts {
    @Option(
        names = "--cluster",
        required = true,
        paramLabel = "PROJECT/LOCATION/NAME",
        description = "The cluster.")
    String cluster;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    @Option(
        names = "--image",
        required = true,
        paramLabel = "IMAGE",
        description = "The image reference, e.g. us-docker.pkg.dev/p/r/app:1.")
    String image;
  }

  static final class Where {
    @Option(names = "--node", paramLabel = "NODE", description = "The node that failed to pull.")
    String node;

    @Option(names = "--node-pool", paramLabel = "POOL", description = "The node pool to ask about.")
    String pool;
  }

  @Option(
      names = "--method",
      paramLabel = "METHOD",
      defaultValue = "auto",
      description =
          "How to ask whether the account may pull: auto (default), impersonate,"
              + " troubleshooter or policy.")
  String method;

  @Option(
      names = "--remediation",
      paramLabel = "MODE",
      description =
          "off, dry-run (plan only) or apply (grant, then verify). Default: the REMEDIATION_MODE"
              + " variable, else dry-run. apply acts only when the cluster's and the repository's"
              + " projects are both --allow-project projects, and, when they differ, the pair is an"
              + " --allow-pair.")
  String remediation;

  @Option(
      names = "--allow-project",
      paramLabel = "PROJECT",
      description =
          "A project whose clusters and repositories --remediation apply may join by a grant"
              + " (repeatable). Default: REMEDIATION_ALLOWED_PROJECTS.")
  List<String> allowedProjects;

  @Option(
      names = "--allow-pair",
      paramLabel = "CLUSTER_PROJECT>REPOSITORY_PROJECT",
      description =
          "A cluster project that --remediation apply may give a repository of another project"
              + " (repeatable; quote it in a shell). Default: REMEDIATION_ALLOWED_PAIRS.")
  List<String> allowedPairs;

  @Override
  public Integer call() throws Exception {
    PullFailure failure = input.event != null ? EventFiles.read(input.event) : facts(input.facts);
    Config config = config();
    try (WorldOption.Target target = world.open();
        Engine engine =
            new Engine(config, target.clients(), Clock.systemUTC(), Engine.method(method))) {
      Diagnosis d = diagnose(engine, failure);
      Map<String, Object> out = DiagnosisView.of(d);
      Map<String, Object> remedy = engine.remediator(config, Clock.systemUTC()).remediate(d);
      if (remedy != null) {
        if (Boolean.TRUE.equals(remedy.get("applied"))) {
          // Diagnose again, as the next event would: the grant must show as access now.
          remedy.put("rootCauseAfter", diagnose(engine, failure).rootCause().name());
        }
        out.put("remediation", remedy);
      }
      Output.json(spec.commandLine().getOut(), out);
      return d.rootCause() == RootCause.ACCESS_NOW_GRANTED ? PullDoctorCli.OK : PullDoctorCli.FOUND;
    }
  }

  private Diagnosis diagnose(Engine engine, PullFailure failure) {
    return input.facts != null && input.facts.where.pool != null
        ? engine.investigator().investigatePool(failure, input.facts.where.pool)
        : engine.investigator().investigate(failure);
  }

  /** The environment's settings, with this command's options over them. */
  private Config config() {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (remediation != null) {
      env.put("REMEDIATION_MODE", remediation);
    }
    if (allowedProjects != null) {
      env.put("REMEDIATION_ALLOWED_PROJECTS", String.join(",", allowedProjects));
    }
    if (allowedPairs != null) {
      env.put("REMEDIATION_ALLOWED_PAIRS", String.join(",", allowedPairs));
    }
    try {
      return Config.from(env);
    } catch (IllegalArgumentException e) {
      throw new OneLineErrors.BadInput(
          e.getMessage()
              .replace("REMEDIATION_MODE=", "--remediation ")
              .replace("REMEDIATION_ALLOWED_PAIRS=", "--allow-pair "));
    }
  }

  private static PullFailure facts(Facts facts) {
    ClusterRef cluster = ClusterRef.parse(facts.cluster);
    ImageReference image = ImageReference.parse(facts.image);
    if (!image.inScope()) {
      throw new OneLineErrors.BadInput(
          "--image "
              + facts.image
              + " is not served by Artifact Registry (LOCATION-docker.pkg.dev or gcr.io)");
    }
    return new PullFailure(
        "cli-" + Instant.now().toEpochMilli(),
        null,
        cluster,
        null,
        null,
        null,
        facts.where.node,
        image,
        null,
        "",
        FailureKind.UNKNOWN,
        false,
        Instant.now());
  }
}
