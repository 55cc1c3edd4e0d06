package dev.pulldoctor.cli;

import dev.pulldoctor.diagnose.ClusterInfo;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.gcp.ApiPermission;
import dev.pulldoctor.gcp.GcpDirectories;
import dev.pulldoctor.gcp.GoogleErrors;
import dev.pulldoctor.setup.Config;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pull-doctor selftest}: each kind of call Pull Doctor makes, once, read-only. */
@Command(
    name = "selftest",
    mixinStandardHelpOptions = true,
    header = "Makes each kind of call Pull Doctor needs once, read-only, and says what fails.",
    description = {
      "The first step after deploying: run it as Pull Doctor's own account (or with its",
      "roles) against a fleet project. It calls, read-only and once each, the APIs an",
      "investigation and an audit use — Resource Manager (the project, its ancestry of",
      "folders and organization, and their allow policies), IAM (their deny policies),",
      "GKE (the project's clusters, one cluster), Artifact Registry (its locations; for each",
      "--repository the repository and its policy), IAM (the project's compute default",
      "account) and the Policy Troubleshooter — and prints one line per call: OK, or the",
      "exact error and the role that fixes it. Nothing is written: no Error Reporting",
      "event, no finding, no grant."
    },
    footer = {
      "",
      "Examples:",
      "  pull-doctor selftest --project acme-prod-417 \\",
      "      --repository acme-prod-417/us-central1/services",
      "  pull-doctor selftest --world src/test/resources/worlds/selftest-cluster-viewer-only.json"
          + " \\",
      "      --project acme-prod-417 --repository acme-prod-417/us-central1/services",
      "",
      "Exit codes: 0 every call succeeded, 1 a call failed, 2 bad usage or input."
    })
final class SelftestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin WorldOption world;

  @Option(
      names = "--project",
      required = true,
      paramLabel = "PROJECT",
      description = "A project whose clusters (and repositories) Pull Doctor inspects.")
  String project;

  @Option(
      names = "--repository",
      paramLabel = "PROJECT/LOCATION/NAME",
      description = "A repository the fleet pulls from; repeatable.")
  List<String> repositories = new ArrayList<>();

  private int failed;

  @Override
  public Integer call() {
    List<RepositoryRef> repos = new ArrayList<>();
    for (String r : repositories) {
      String[] parts = r.split("/", -1);
      if (parts.length != 3 || List.of(parts).contains("")) {
        throw new OneLineErrors.BadInput(
            "--repository " + r + " must be PROJECT/LOCATION/NAME, e.g. acme/us-central1/images");
      }
      repos.add(new RepositoryRef(parts[0], parts[1], parts[2]));
    }
    PrintWriter out = spec.commandLine().getOut();
    try (WorldOption.Target target = world.open();
        GcpDirectories gcp =
            new GcpDirectories(target.clients(), Config.defaultsOnly().apiDeadline())) {
      Investigator.Directories d = gcp.directories(gcp.clusters());
      String number =
          check(
              out,
              "Resource Manager GetProject projects/" + project,
              () -> d.projects().projectNumber(project));
      check(
          out,
          "Resource Manager GetIamPolicy projects/" + project,
          () -> d.projects().iamPolicy(project));
      if (d.hierarchy() != null) {
        List<String> ancestry =
            check(
                out,
                "Resource Manager ancestry of projects/" + project + " (GetProject, GetFolder)",
                () -> d.hierarchy().ancestry(project));
        List<String> levels = new ArrayList<>();
        levels.add("projects/" + project);
        if (ancestry != null) {
          for (String a : ancestry) {
            check(out, "Resource Manager GetIamPolicy " + a, () -> d.hierarchy().iamPolicy(a));
            levels.add(a);
          }
        }
        for (String level : levels) {
          check(
              out, "IAM ListPolicies (deny) on " + level, () -> d.hierarchy().denyPolicies(level));
        }
      }
      List<ClusterInfo> clusters =
          check(
              out,
              "GKE ListClusters projects/" + project + "/locations/-",
              () -> gcp.clusterLister().clusters(project));
      if (clusters != null && !clusters.isEmpty()) {
        ClusterInfo first = clusters.get(0);
        check(
            out,
            "GKE GetCluster " + first.ref().resourceName(),
            () -> d.clusters().cluster(first.ref()));
      }
      check(
          out,
          "Artifact Registry ListLocations projects/" + project,
          () -> gcp.repositoryLister().locations(project));
      String compute = number == null ? null : number + "-compute@developer.gserviceaccount.com";
      if (compute != null) {
        check(out, "IAM GetServiceAccount " + compute, () -> d.accounts().state(compute));
      }
      for (RepositoryRef repo : repos) {
        check(
            out,
            "Artifact Registry GetRepository " + repo.resourceName(),
            () ->
                d.registry()
                    .repository(repo)
                    .orElseThrow(() -> new NoSuchRepository(repo.resourceName())));
        check(
            out,
            "Artifact Registry GetIamPolicy " + repo.resourceName(),
            () -> d.registry().iamPolicy(repo));
        if (compute != null) {
          check(
              out,
              "Policy Troubleshooter TroubleshootIamPolicy " + compute + " on " + repo.name(),
              () -> d.troubleshooter().explain(compute, repo));
        }
      }
    }
    out.flush();
    return failed == 0 ? PullDoctorCli.OK : PullDoctorCli.FOUND;
  }

  /** A repository that is not there: the call worked, but the fleet's image cannot come from it. */
  private static final class NoSuchRepository extends RuntimeException {
    NoSuchRepository(String name) {
      super("NOT_FOUND: no repository " + name);
    }
  }

  /** Runs one call and prints its line; answers its result, or null when it failed. */
  private <T> T check(PrintWriter out, String call, Supplier<T> body) {
    try {
      T result = body.get();
      out.println("OK    " + call);
      return result;
    } catch (InspectionFailure f) {
      failed++;
      out.println("FAIL  " + call + ": " + f.detail() + fix(f));
    } catch (GoogleErrors.CallRefused | NoSuchRepository e) {
      failed++;
      out.println("FAIL  " + call + ": " + e.getMessage());
    }
    out.flush();
    return null;
  }

  // A folder or the organization above the project: the role is granted there, not on a project.
  private static final java.util.regex.Pattern LEVEL =
      java.util.regex.Pattern.compile("((?:folders|organizations)/\\d+)");

  /** The role that fixes a missing permission of Pull Doctor's, and where it is granted. */
  private static String fix(InspectionFailure f) {
    if (f.kind() != InspectionFailure.Kind.PERMISSION_DENIED || f.role() == null) {
      return "";
    }
    java.util.regex.Matcher level = LEVEL.matcher(f.getMessage());
    if (level.find()) {
      return " — grant " + f.role() + " on " + level.group(1) + " to Pull Doctor's account";
    }
    String where =
        java.util.Arrays.stream(ApiPermission.values())
            .filter(p -> f.role().equals(p.role()))
            .findFirst()
            .map(p -> scope(p.scope()))
            .orElse("");
    return " — grant " + f.role() + where + " to Pull Doctor's account";
  }

  private static String scope(ApiPermission.Scope scope) {
    return switch (scope) {
      case HOST -> " on the project that runs Pull Doctor";
      case FLEET -> " on every project it inspects";
      case NODE_ACCOUNTS -> " on the node service accounts";
      case REMEDIATION -> " on the repositories it remediates";
      case HIERARCHY -> " on the folders and the organization above them";
    };
  }
}
