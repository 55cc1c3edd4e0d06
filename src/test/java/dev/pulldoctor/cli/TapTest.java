package dev.pulldoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.pulldoctor.WireTap;
import dev.pulldoctor.cli.ClassifyCommandTest.CliRun;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.sandbox.World;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CLI on the wire, through a tap in front of the sandbox (issue 14's "done when"): every
 * routable call of a seed diagnosis with remediation applied, and of an audit, carries its routing
 * header and a token; a tap that strips either makes the sandbox refuse, and the CLI says so in one
 * line with exit 2.
 */
class TapTest {
  private static final String SEED_EVENT = DiagnoseCommandTest.SEED_EVENT;
  private static final String HEADER = "x-goog-request-params";
  // The only method Pull Doctor calls whose HTTP rule has no path parameter (POST
  // /v3/iam:troubleshoot).
  private static final String UNROUTED = "PolicyTroubleshooter/TroubleshootIamPolicy";

  private Sandbox sandbox;
  private WireTap tap;

  private void serve(String world) throws Exception {
    sandbox = Sandbox.start(World.load(Path.of(world)));
    tap = WireTap.forwardingTo(sandbox.endpoint());
  }

  @AfterEach
  void stop() {
    tap.close();
    sandbox.close();
  }

  private CliRun diagnose(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("diagnose", "--endpoints", tap.endpoint(), "--event", SEED_EVENT));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void everyRoutableCall_ofADiagnosisWithRemediationApplied_andOfAnAudit_carriesItsHeader()
      throws Exception {
    serve("src/test/resources/worlds/remediable.json");

    CliRun run = diagnose("--remediation", "apply", "--allow-project", "acme-prod-417");
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    var remediation =
        JsonParser.parseString(run.stdout()).getAsJsonObject().getAsJsonObject("remediation");
    assertThat(remediation.get("applied").getAsBoolean()).isTrue();
    assertThat(remediation.get("rootCauseAfter").getAsString()).isEqualTo("ACCESS_NOW_GRANTED");
    CliRun audit = CliRun.of("audit", "--endpoints", tap.endpoint(), "--project", "acme-prod-417");
    assertThat(audit.exitCode()).as(audit.stderr()).isIn(0, 1);

    Map<String, Integer> withHeader = new TreeMap<>();
    Map<String, Integer> without = new TreeMap<>();
    for (WireTap.Call c : tap.calls()) {
      assertThat(c.header("authorization")).as(c.method()).startsWith("Bearer ");
      (c.header(HEADER) == null ? without : withHeader).merge(c.shortMethod(), 1, Integer::sum);
    }
    assertThat(without.keySet()).as("calls without %s", HEADER).isSubsetOf(UNROUTED);
    assertThat(withHeader)
        .containsKeys(
            "ClusterManager/GetCluster",
            "ClusterManager/ListClusters",
            "ArtifactRegistry/GetRepository",
            "ArtifactRegistry/GetIamPolicy",
            "ArtifactRegistry/SetIamPolicy",
            "Locations/ListLocations",
            "Projects/GetProject",
            "IAM/GetServiceAccount");
    assertThat(withHeader.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(20);
  }

  @Test
  void aTapThatStripsTheRoutingHeader_makesTheSandboxRefuse_andDiagnoseSaysSoInOneLine()
      throws Exception {
    serve(DiagnoseCommandTest.SEED_WORLD);
    tap.stripping(HEADER);

    CliRun run = diagnose();

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr().lines()).as(run.stderr()).hasSize(1);
    assertThat(run.stderr())
        .startsWith("pull-doctor diagnose: ")
        .contains("INVALID_ARGUMENT")
        .contains("\"x-goog-request-params\" header is either missing or misformatted")
        .doesNotContain("Exception");
  }

  @Test
  void aTapThatStripsTheToken_makesTheSandboxRefuse_andDiagnoseSaysSoInOneLine() throws Exception {
    serve(DiagnoseCommandTest.SEED_WORLD);
    tap.stripping("authorization");

    CliRun run = diagnose();

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(2);
    assertThat(run.stderr().lines()).as(run.stderr()).hasSize(1);
    assertThat(run.stderr())
        .startsWith("pull-doctor diagnose: ")
        .contains("UNAUTHENTICATED: Request is missing required authentication credential")
        .doesNotContain("Exception");
  }
}
