package dev.pulldoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.SharedSandbox;
import dev.pulldoctor.diagnose.InvestigatorScenarioTest.Scenario;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conditions and the resource hierarchy through the sandbox: every way of asking reaches the same
 * root cause, and the evidence says which binding, where, and why (DESIGN.md §3).
 */
class InvestigatorHierarchyTest {
  /**
   * The ways of asking that can answer in these worlds: Pull Doctor holds no Token Creator on the
   * node account there, so impersonation alone answers UNKNOWN (INSPECTION_DENIED, rightly).
   */
  static final java.util.List<Investigator.Method> METHODS =
      java.util.List.of(
          Investigator.Method.AUTO, Investigator.Method.TROUBLESHOOTER, Investigator.Method.POLICY);

  static Stream<Arguments> worldsAndMethods() {
    Stream.Builder<Arguments> rows = Stream.builder();
    Map<String, RootCause> worlds =
        Map.of(
            "condition-expired", RootCause.CONDITION_NOT_MET,
            "condition-other-repository", RootCause.CONDITION_NOT_MET,
            "condition-holds", RootCause.ACCESS_NOW_GRANTED,
            "deny-on-organization", RootCause.DENY_POLICY,
            "grant-on-folder", RootCause.ACCESS_NOW_GRANTED,
            "pull-doctor-no-folder-read", RootCause.INSPECTION_DENIED);
    worlds.forEach(
        (world, cause) -> {
          for (Investigator.Method m : METHODS) {
            rows.add(Arguments.of(world, m, cause));
          }
        });
    return rows.build();
  }

  @ParameterizedTest(name = "{0} --method {1} -> {2}")
  @MethodSource("worldsAndMethods")
  void everyMethod_provesTheSameCause(String world, Investigator.Method method, RootCause cause) {
    Diagnosis d = diagnose(world, method);

    assertThat(d.rootCause())
        .as("%s; %s", d.summary(), DiagnosisView.evidence(d.evidence()))
        .isEqualTo(cause);
  }

  @ParameterizedTest
  @EnumSource(
      value = Investigator.Method.class,
      names = {"AUTO", "TROUBLESHOOTER", "POLICY"})
  void anExpiredGrant_isNamedWithItsConditionAndWhyItFails(Investigator.Method method) {
    Diagnosis d = diagnose("condition-expired", method);

    assertThat(d.rootCause()).isEqualTo(RootCause.CONDITION_NOT_MET);
    assertThat(d.summary())
        .contains("roles/artifactregistry.reader on repository services under the condition")
        .contains("\"until June\" (request.time < timestamp('2026-06-01T00:00:00Z'))")
        .contains("is false (request.time is 2026-11-21T09:15:00Z)");
    assertThat(d.advice().commands())
        .singleElement()
        .asString()
        .startsWith("gcloud artifacts repositories add-iam-policy-binding services")
        .contains("--condition='expression=request.time < timestamp(\"2027-02-19T00:00:00Z\")");
    assertThat(DiagnosisView.evidence(d.evidence()).get("bindings").toString())
        .contains("holds=FALSE");
  }

  @ParameterizedTest
  @EnumSource(
      value = Investigator.Method.class,
      names = {"AUTO", "TROUBLESHOOTER", "POLICY"})
  void aDenyOnTheOrganization_saysWhereItIsAttached(Investigator.Method method) {
    Diagnosis d = diagnose("deny-on-organization", method);

    assertThat(d.rootCause()).isEqualTo(RootCause.DENY_POLICY);
    assertThat(d.evidence().denyAttachedTo()).containsExactly("organizations/4455");
    assertThat(d.evidence().denyingRules())
        .singleElement()
        .asString()
        .contains("attached to the organization organizations/4455");
    assertThat(d.advice().commands())
        .containsExactly(
            "gcloud iam policies list"
                + " --attachment-point=cloudresourcemanager.googleapis.com/organizations/4455"
                + " --kind=denypolicies --format=json");
  }

  @ParameterizedTest
  @EnumSource(
      value = Investigator.Method.class,
      names = {"AUTO", "TROUBLESHOOTER", "POLICY"})
  void aFolderPullDoctorMayNotRead_isInspectionDeniedNamingTheRole(Investigator.Method method) {
    Diagnosis d = diagnose("pull-doctor-no-folder-read", method);

    assertThat(d.rootCause()).isEqualTo(RootCause.INSPECTION_DENIED);
    assertThat(d.summary()).contains("folders/8800").contains("roles/resourcemanager.folderViewer");
  }

  @ParameterizedTest
  @EnumSource(
      value = Investigator.Method.class,
      names = {"POLICY"})
  void aGrantOnAFolder_isFoundThroughTheAncestry(Investigator.Method method) {
    Diagnosis d = diagnose("grant-on-folder", method);

    assertThat(d.rootCause()).isEqualTo(RootCause.ACCESS_NOW_GRANTED);
    assertThat(d.evidence().ancestry()).containsExactly("folders/8800", "organizations/4455");
    assertThat(d.evidence().access().detail())
        .startsWith(
            "roles/artifactregistry.reader on folder folders/8800 includes"
                + " serviceAccount:123456789012-compute@developer.gserviceaccount.com");
  }

  static Diagnosis diagnose(String world, Investigator.Method method) {
    SharedSandbox.load("worlds/" + world + ".json");
    try (Engine engine =
        new Engine(
            Config.defaultsOnly(),
            SharedSandbox.clients(),
            InvestigatorScenarioTest.WORLD_TIME,
            method)) {
      return engine
          .investigator()
          .investigate(
              InvestigatorScenarioTest.failure(new Scenario(world, RootCause.UNDETERMINED)));
    }
  }
}
