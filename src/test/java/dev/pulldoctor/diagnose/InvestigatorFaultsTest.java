package dev.pulldoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.SharedSandbox;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seed diagnosis under the sandbox's fault table and call counts. */
class InvestigatorFaultsTest {
  private Sandbox sandbox;

  @BeforeEach
  void seedWorld() {
    sandbox = SharedSandbox.load("worlds/missing-reader.json");
  }

  private Diagnosis diagnoseSeed(Config config) {
    try (Engine engine = new Engine(config, SharedSandbox.clients(), Clock.systemUTC())) {
      return engine
          .investigator()
          .investigate(
              InvestigatorScenarioTest.failure(
                  new InvestigatorScenarioTest.Scenario(
                      "missing-reader", RootCause.NODE_SA_MISSING_READER)));
    }
  }

  @Test
  void seedDiagnosis_makesAtMostOneCallPerApiPerLookUp() {
    Diagnosis d = diagnoseSeed(Config.defaultsOnly());

    assertThat(d.rootCause()).isEqualTo(RootCause.NODE_SA_MISSING_READER);
    Map<String, Integer> calls = sandbox.calls().byMethod();
    assertThat(calls).allSatisfy((method, n) -> assertThat(n).as(method).isEqualTo(1));
    assertThat(calls)
        .containsOnlyKeys(
            "ClusterManager/GetCluster",
            "Projects/GetProject",
            "ArtifactRegistry/GetRepository",
            "IAM/GetServiceAccount",
            "IAMCredentials/GenerateAccessToken",
            "PolicyTroubleshooter/TroubleshootIamPolicy",
            "ArtifactRegistry/GetIamPolicy",
            "Projects/GetIamPolicy");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "ClusterManager/GetCluster, UNAVAILABLE",
    "ArtifactRegistry/GetRepository, DEADLINE_EXCEEDED",
    "IAM/GetServiceAccount, RESOURCE_EXHAUSTED",
    "Projects/GetProject, UNAVAILABLE",
    "PolicyTroubleshooter/TroubleshootIamPolicy, UNAVAILABLE",
  })
  void aTransientFailure_isThrown_soTheEventIsRedelivered(String method, Status.Code code) {
    sandbox.faults().fail(method, code, -1);
    assertThatThrownBy(() -> diagnoseSeed(Config.from(Map.of("API_DEADLINE", "1s"))))
        .isInstanceOfSatisfying(
            InspectionFailure.class,
            f -> assertThat(f.kind()).isEqualTo(InspectionFailure.Kind.TRANSIENT));
  }

  @Test
  void aSlowAnswerPastTheDeadline_isTransient() {
    sandbox.faults().delay("ClusterManager/GetCluster", Duration.ofSeconds(3), -1);
    Config config = Config.from(Map.of("API_DEADLINE", "500ms"));
    assertThatThrownBy(() -> diagnoseSeed(config))
        .isInstanceOfSatisfying(
            InspectionFailure.class,
            f -> assertThat(f.kind()).isEqualTo(InspectionFailure.Kind.TRANSIENT));
  }

  @Test
  void pullDoctorDeniedTheCluster_isInspectionDenied_namingPermissionAndRole() {
    sandbox.faults().fail("ClusterManager/GetCluster", Status.Code.PERMISSION_DENIED, -1);
    Diagnosis d = diagnoseSeed(Config.defaultsOnly());

    assertThat(d.rootCause()).isEqualTo(RootCause.INSPECTION_DENIED);
    assertThat(d.summary())
        .contains("container.clusters.get")
        .contains("roles/container.clusterViewer");
    assertThat(d.advice().commands())
        .singleElement()
        .asString()
        .contains("gcloud projects add-iam-policy-binding acme-prod-417")
        .contains("--role=roles/container.clusterViewer");
  }

  @Test
  void troubleshooterDenied_fallsBackToThePolicies_andStillProvesTheCause() {
    sandbox
        .faults()
        .fail("PolicyTroubleshooter/TroubleshootIamPolicy", Status.Code.PERMISSION_DENIED, -1);
    Diagnosis d = diagnoseSeed(Config.defaultsOnly());

    assertThat(d.rootCause()).isEqualTo(RootCause.NODE_SA_MISSING_READER);
    assertThat(d.evidence().access().method()).isEqualTo("policy");
    assertThat(d.evidence().access().fallbacks()).hasSize(2);
  }

  @Test
  void aMissingTagCheck_isAPartialFinding_notAFailure() {
    sandbox = SharedSandbox.load("worlds/access-granted.json");
    sandbox.faults().fail("ArtifactRegistry/GetTag", Status.Code.PERMISSION_DENIED, -1);
    Diagnosis d = diagnoseSeed(Config.defaultsOnly());

    assertThat(d.rootCause()).isEqualTo(RootCause.ACCESS_NOW_GRANTED);
    assertThat(d.evidence().problems())
        .singleElement()
        .satisfies(p -> assertThat(p.what()).startsWith("GetTag"));
  }
}
