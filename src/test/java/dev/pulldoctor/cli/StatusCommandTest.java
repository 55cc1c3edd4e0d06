package dev.pulldoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.cli.ClassifyCommandTest.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code pull-doctor status} on the deployed functions of a sandbox world. */
class StatusCommandTest {
  static final String WORLD = "src/test/resources/worlds/status-world.json";

  @TempDir Path dir;

  private static CliRun status(String... more) {
    List<String> args =
        new java.util.ArrayList<>(List.of("status", "--world", WORLD, "--project", "acme-ops"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void status_reportsAnActiveFunctionAsFunctionYamlSays_andExitsZero() {
    CliRun run = status("--region", "us-central1");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr()).isEmpty();
    assertThat(run.stdout().lines())
        .containsExactly(
            "function          projects/acme-ops/locations/us-central1/functions/pull-doctor",
            "state             ACTIVE",
            "runtime           java17",
            "entry point       dev.pulldoctor.PullDoctorFunction",
            "trigger           google.cloud.pubsub.topic.v1.messagePublished from"
                + " projects/acme-ops/topics/pull-failures",
            "retry policy      RETRY_POLICY_RETRY",
            "service account   pull-doctor@acme-ops.iam.gserviceaccount.com",
            "remediation mode  dry-run",
            "updated           -",
            "warnings          none");
  }

  @Test
  void statusJson_namesEveryField_withAnEmptyWarningsArray() {
    CliRun run = status("--region", "us-central1", "--format", "json");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonObject out = JsonParser.parseString(run.stdout()).getAsJsonObject();
    assertThat(out.keySet())
        .containsExactly(
            "name",
            "state",
            "stateMessages",
            "runtime",
            "entryPoint",
            "eventType",
            "triggerTopic",
            "retryPolicy",
            "serviceAccount",
            "remediationMode",
            "updateTime",
            "warnings");
    assertThat(out.get("state").getAsString()).isEqualTo("ACTIVE");
    assertThat(out.get("eventType").getAsString())
        .isEqualTo("google.cloud.pubsub.topic.v1.messagePublished");
    assertThat(out.get("triggerTopic").getAsString())
        .isEqualTo("projects/acme-ops/topics/pull-failures");
    assertThat(out.get("remediationMode").getAsString()).isEqualTo("dry-run");
    assertThat(out.getAsJsonArray("warnings")).isEmpty();
  }

  @Test
  void status_warnsAboutEveryMismatchWithFunctionYaml_andExitsOne() {
    CliRun run = status("--region", "europe-west1", "--format", "json");

    assertThat(run.exitCode()).isEqualTo(1);
    List<String> expected =
        List.of(
            "runtime is java21; function.yaml says java17",
            "retry policy is RETRY_POLICY_DO_NOT_RETRY; function.yaml says RETRY_POLICY_RETRY",
            "REMEDIATION_MODE is 'apply'; function.yaml's default is 'dry-run'");
    assertThat(run.stderr().lines())
        .containsExactlyElementsOf(
            expected.stream().map(w -> "pull-doctor status: warning: " + w).toList());
    JsonObject out = JsonParser.parseString(run.stdout()).getAsJsonObject();
    assertThat(out.getAsJsonArray("warnings").asList())
        .map(e -> e.getAsString())
        .containsExactlyElementsOf(expected);
    assertThat(out.get("remediationMode").getAsString()).isEqualTo("apply");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "us-east1   | state is DEPLOYING, not ACTIVE",
        "asia-east1 | no event trigger: the function receives no pull failures",
      })
  void status_exitsOne_forAFunctionThatCannotWork(String region, String warning) {
    CliRun run = status("--region", region);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).startsWith("pull-doctor status: warning: " + warning);
  }

  @Test
  void status_holdsTheFunctionToAnotherFunctionYaml_whenGivenOne() throws Exception {
    String yaml =
        Files.readString(Path.of("function.yaml"))
            .replace("runtime: java17", "runtime: java21")
            .replace("retryPolicy: RETRY_POLICY_RETRY", "retryPolicy: RETRY_POLICY_DO_NOT_RETRY")
            .replace("REMEDIATION_MODE: \"dry-run\"", "REMEDIATION_MODE: \"apply\"");
    Path file = Files.writeString(dir.resolve("function.yaml"), yaml);

    CliRun run = status("--region", "europe-west1", "--function-yaml", file.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no such function  | acme-ops      | us-west9    | pull-doctor | pull-doctor status: no"
            + " function projects/acme-ops/locations/us-west9/functions/pull-doctor",
        "another name      | acme-ops      | us-central1 | doctor-2    | pull-doctor status: no"
            + " function projects/acme-ops/locations/us-central1/functions/doctor-2",
        "hidden project    | acme-dark-423 | us-central1 | pull-doctor | (needs"
            + " cloudfunctions.functions.get, e.g. roles/cloudfunctions.viewer)",
        "a region with a / | acme-ops      | us/central1 | pull-doctor | --region 'us/central1' is"
            + " not a valid name",
      })
  void status_exitsTwoWithOneLine_whenTheFunctionCannotBeRead(
      String why, String project, String region, String name, String says) {
    CliRun run =
        CliRun.of(
            "status", "--world", WORLD, "--project", project, "--region", region, "--name", name);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr().lines()).singleElement().asString().contains(says);
  }

  @Test
  void status_withoutRegion_exitsTwo_pointingAtHelp() {
    CliRun run = CliRun.of("status", "--project", "acme-ops");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--region").contains("status --help");
  }

  @Test
  void status_withAFunctionYamlThatIsMissing_exitsTwo() {
    CliRun run = status("--region", "us-central1", "--function-yaml", "nope.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr().strip()).isEqualTo("pull-doctor status: nope.yaml: no such file");
  }

  @Test
  void statusHelp_showsExamplesAndExitCodes() {
    CliRun run = CliRun.of("status", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout())
        .contains("Examples:")
        .contains("--function-yaml")
        .contains("Exit codes: 0 ACTIVE");
    assertThat(run.stdout().lines()).allMatch(l -> l.length() <= 80);
  }
}
