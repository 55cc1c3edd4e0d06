package dev.pulldoctor.cli;

import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.gcp.GcpDirectories;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.status.DeployedFunction;
import dev.pulldoctor.status.FunctionContract;
import dev.pulldoctor.status.FunctionStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pull-doctor status}: a deployed Pull Doctor, held against function.yaml. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    header = "Reports a deployed Pull Doctor and its drift from function.yaml.",
    description = {
      "Reads a deployed Pull Doctor through the Cloud Functions v2 API and reports its",
      "state, runtime, entry point, trigger, retry policy, service account, remediation",
      "mode and last update. Warns on stderr about every way it differs from",
      "function.yaml: runtime, entry point, retry policy, and environment variables",
      "set to other values than their defaults."
    },
    footer = {
      "",
      "Examples:",
      "  pull-doctor status --world src/test/resources/worlds/status-world.json \\",
      "      --project acme-ops --region us-central1",
      "  pull-doctor status --project acme-ops --region europe-west1 \\",
      "      --name pull-doctor-eu --format json",
      "  # against a deployment's own copy of the settings",
      "  pull-doctor status --project acme-ops --region us-central1 \\",
      "      --function-yaml deploy/function.yaml",
      "",
      "Needs cloudfunctions.functions.get on the project (roles/cloudfunctions.viewer).",
      "With --format json: one object with the fields above and a warnings array.",
      "",
      "Exit codes: 0 ACTIVE and as function.yaml says, 1 not ACTIVE or a mismatch,",
      "2 bad usage or input, no such function, or it could not be read."
    })
final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin WorldOption world;

  @Option(
      names = "--project",
      required = true,
      paramLabel = "PROJECT",
      description = "The project Pull Doctor is deployed in.")
  String project;

  @Option(
      names = "--region",
      required = true,
      paramLabel = "REGION",
      description = "The function's region, e.g. us-central1.")
  String region;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The function's name; default: function.yaml's name (pull-doctor).")
  String name;

  @Option(
      names = "--function-yaml",
      paramLabel = "FILE",
      description =
          "The settings to hold the function to; default: the function.yaml this"
              + " pull-doctor was built with.")
  Path functionYaml;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table (default) or json.")
  OutputFormat format;

  @Override
  public Integer call() {
    FunctionContract contract =
        functionYaml == null ? FunctionContract.bundled() : FunctionContract.read(functionYaml);
    String function = name == null ? contract.name() : name;
    for (String[] part :
        new String[][] {{"--project", project}, {"--region", region}, {"--name", function}}) {
      if (!part[1].matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,252}")) {
        throw new OneLineErrors.BadInput(part[0] + " '" + part[1] + "' is not a valid name");
      }
    }
    String resource = "projects/" + project + "/locations/" + region + "/functions/" + function;
    DeployedFunction deployed;
    try (WorldOption.Target target = world.open();
        GcpDirectories gcp =
            new GcpDirectories(target.clients(), Config.defaultsOnly().apiDeadline())) {
      deployed =
          gcp.functions()
              .function(project, region, function)
              .orElseThrow(() -> new OneLineErrors.BadInput("no function " + resource));
    } catch (InspectionFailure f) {
      throw new OneLineErrors.BadInput(
          "cannot read "
              + resource
              + ": "
              + f.detail()
              + (f.role() == null ? "" : " (needs " + f.permission() + ", e.g. " + f.role() + ")"));
    }
    FunctionStatus status = FunctionStatus.of(deployed, contract);
    PrintWriter err = spec.commandLine().getErr();
    status.warnings().forEach(w -> err.println("pull-doctor status: warning: " + w));
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    if (format == OutputFormat.json) {
      Output.json(out, json(status));
    } else {
      out.print(table(status));
      out.flush();
    }
    return status.healthy() ? PullDoctorCli.OK : PullDoctorCli.FOUND;
  }

  static Map<String, Object> json(FunctionStatus s) {
    DeployedFunction f = s.function();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", f.name());
    m.put("state", f.state());
    m.put("stateMessages", f.stateMessages());
    m.put("runtime", f.runtime());
    m.put("entryPoint", f.entryPoint());
    m.put("eventType", f.eventType());
    m.put("triggerTopic", f.triggerTopic());
    m.put("retryPolicy", f.retryPolicy());
    m.put("serviceAccount", f.serviceAccount());
    m.put("remediationMode", s.remediationMode());
    m.put("updateTime", f.updateTime() == null ? null : f.updateTime().toString());
    m.put("warnings", s.warnings());
    return m;
  }

  static String table(FunctionStatus s) {
    DeployedFunction f = s.function();
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("function", f.name());
    rows.put("state", f.state());
    rows.put("runtime", f.runtime());
    rows.put("entry point", f.entryPoint());
    rows.put(
        "trigger",
        f.eventType() == null
            ? "none"
            : f.eventType() + (f.triggerTopic() == null ? "" : " from " + f.triggerTopic()));
    rows.put("retry policy", f.retryPolicy());
    rows.put("service account", f.serviceAccount());
    rows.put("remediation mode", s.remediationMode());
    rows.put("updated", f.updateTime() == null ? null : f.updateTime().toString());
    rows.put("warnings", s.warnings().isEmpty() ? "none" : String.valueOf(s.warnings().size()));
    StringBuilder out = new StringBuilder();
    rows.forEach(
        (k, v) -> out.append(String.format("%-17s %s\n", k, v == null || v.isEmpty() ? "-" : v)));
    return out.toString();
  }
}
