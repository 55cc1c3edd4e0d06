package dev.pulldoctor.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.PullDoctorFunction;
import dev.pulldoctor.deploy.FunctionYaml;
import dev.pulldoctor.setup.Config;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** function.yaml as the contract a deployed function is held to. */
class FunctionContractTest {
  static final FunctionContract CONTRACT = FunctionContract.bundled();

  static DeployedFunction deployed(
      String runtime, String entryPoint, String retryPolicy, Map<String, String> environment) {
    return new DeployedFunction(
        "projects/p/locations/r/functions/pull-doctor",
        "ACTIVE",
        List.of(),
        runtime,
        entryPoint,
        "google.cloud.pubsub.topic.v1.messagePublished",
        "projects/p/topics/t",
        retryPolicy,
        "pd@p.iam.gserviceaccount.com",
        environment,
        Instant.parse("2025-01-01T00:00:00Z"));
  }

  static DeployedFunction asDeployed() {
    return deployed("java17", PullDoctorFunction.class.getName(), "RETRY_POLICY_RETRY", Map.of());
  }

  @Test
  void theBundledContract_isTheProjectsFunctionYaml() {
    Map<String, Object> yaml = FunctionYaml.load();

    assertThat(CONTRACT.name()).isEqualTo(yaml.get("name"));
    assertThat(CONTRACT.runtime()).isEqualTo(yaml.get("runtime"));
    assertThat(CONTRACT.entryPoint()).isEqualTo(PullDoctorFunction.class.getName());
    assertThat(CONTRACT.retryPolicy()).isEqualTo(yaml.get("retryPolicy"));
    assertThat(CONTRACT.environment()).containsExactlyEntriesOf(Config.DEFAULTS);
  }

  @Test
  void aFunctionDeployedAsFunctionYamlSays_hasNoMismatch() {
    assertThat(CONTRACT.mismatches(asDeployed())).isEmpty();
    assertThat(FunctionStatus.of(asDeployed(), CONTRACT).healthy()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "runtime        | java21 | dev.pulldoctor.PullDoctorFunction | RETRY_POLICY_RETRY"
            + "        | runtime is java21; function.yaml says java17",
        "entry point    | java17 | dev.pulldoctor.Other              | RETRY_POLICY_RETRY"
            + "        | entry point is dev.pulldoctor.Other; function.yaml says"
            + " dev.pulldoctor.PullDoctorFunction",
        "retry policy   | java17 | dev.pulldoctor.PullDoctorFunction | RETRY_POLICY_DO_NOT_RETRY"
            + " | retry policy is RETRY_POLICY_DO_NOT_RETRY; function.yaml says RETRY_POLICY_RETRY",
        "unset runtime  | ''     | dev.pulldoctor.PullDoctorFunction | RETRY_POLICY_RETRY"
            + "        | runtime is unset; function.yaml says java17",
      })
  void mismatches_nameWhatDiffers(
      String why, String runtime, String entryPoint, String retryPolicy, String mismatch) {
    assertThat(CONTRACT.mismatches(deployed(runtime, entryPoint, retryPolicy, Map.of())))
        .containsExactly(mismatch);
  }

  @Test
  void environment_countsOnlyValuesThatDifferFromTheirDefaults() {
    DeployedFunction f =
        deployed(
            "java17",
            PullDoctorFunction.class.getName(),
            "RETRY_POLICY_RETRY",
            Map.of(
                "REMEDIATION_MODE",
                "apply",
                "API_DEADLINE",
                "10s",
                "LOG_EXECUTION_ID",
                "true",
                "ACCESS_CHECK_METHOD",
                "policy"));

    assertThat(CONTRACT.mismatches(f))
        .containsExactly(
            "ACCESS_CHECK_METHOD is 'policy'; function.yaml's default is 'auto'",
            "REMEDIATION_MODE is 'apply'; function.yaml's default is 'dry-run'");
    assertThat(FunctionStatus.of(f, CONTRACT).remediationMode()).isEqualTo("apply");
    assertThat(FunctionStatus.of(asDeployed(), CONTRACT).remediationMode()).isEqualTo("dry-run");
  }

  @Test
  void aFunctionThatIsNotActive_isNotHealthy_evenWhenItMatches() {
    DeployedFunction f =
        new DeployedFunction(
            "projects/p/locations/r/functions/pull-doctor",
            "FAILED",
            List.of("ERROR BUILD: build failed"),
            "java17",
            PullDoctorFunction.class.getName(),
            "google.cloud.pubsub.topic.v1.messagePublished",
            "projects/p/topics/t",
            "RETRY_POLICY_RETRY",
            "pd@p",
            Map.of(),
            null);

    assertThat(FunctionStatus.of(f, CONTRACT).warnings())
        .containsExactly("state is FAILED, not ACTIVE: ERROR BUILD: build failed");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not YAML          | 'a: [b'                      | x.yaml: not YAML",
        "not a mapping     | '- a'                        | x.yaml: expected a mapping at the top",
        "no runtime        | 'name: n\nentryPoint: e\nretryPolicy: r' | x.yaml: runtime is missing",
      })
  void aFunctionYamlThatCannotBeUsed_isRefusedInOneLine(String why, String text, String says) {
    assertThatThrownBy(
            () -> FunctionContract.parse(new StringReader(text.replace("\\n", "\n")), "x.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(says);
  }
}
