package dev.pulldoctor.remediate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import dev.pulldoctor.Config;
import dev.pulldoctor.Engine;
import dev.pulldoctor.SharedSandbox;
import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.diagnose.InvestigatorScenarioTest;
import dev.pulldoctor.diagnose.InvestigatorScenarioTest.Scenario;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.sandbox.Sandbox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DESIGN.md §5 through the production adapters, against the sandbox. */
@SuppressWarnings("unchecked")
class RemediationTest {
  static final String REPO = "projects/acme-prod-417/locations/us-central1/repositories/services";
  static final String NODE = "serviceAccount:123456789012-compute@developer.gserviceaccount.com";
  static final Config APPLY =
      Config.from(
          Map.of("REMEDIATION_MODE", "apply", "REMEDIATION_ALLOWED_PROJECTS", "acme-prod-417"));

  private static Map<String, Object> remediateSeed(
      Config config, Scenario scenario, Engine engine) {
    Diagnosis d = engine.investigator().investigate(InvestigatorScenarioTest.failure(scenario));
    return engine.remediator(config, Clock.systemUTC()).remediate(d);
  }

  @Test
  void apply_grantsTheReaderOnTheRepository_verifies_andTheNextDiagnosisFindsAccess() {
    SharedSandbox.load("worlds/remediable.json");
    Scenario seed = new Scenario("remediable", RootCause.NODE_SA_MISSING_READER);
    try (Engine engine = new Engine(APPLY, SharedSandbox.clients(), Clock.systemUTC())) {
      Map<String, Object> r = remediateSeed(APPLY, seed, engine);

      assertThat(r)
          .containsEntry("applied", true)
          .containsEntry("verified", true)
          .containsEntry("role", "roles/artifactregistry.reader")
          .containsEntry("member", NODE);
      assertThat((List<Object>) r.get("before")).isEmpty();
      assertThat((List<Object>) r.get("after")).containsExactly(NODE);
      assertThat(
              engine.investigator().investigate(InvestigatorScenarioTest.failure(seed)).rootCause())
          .isEqualTo(RootCause.ACCESS_NOW_GRANTED);
    }
  }

  @Test
  void apply_overAnExpiredConditionalGrant_isRefused_andThePolicyKeepsItsCondition() {
    SharedSandbox.load("worlds/condition-expired.json");
    Scenario seed = new Scenario("condition-expired", RootCause.CONDITION_NOT_MET);
    try (Engine engine =
        new Engine(
            APPLY,
            SharedSandbox.clients(),
            InvestigatorScenarioTest.WORLD_TIME,
            dev.pulldoctor.diagnose.Investigator.Method.POLICY)) {
      Map<String, Object> r = remediateSeed(APPLY, seed, engine);

      assertThat(r).containsEntry("applied", false);
      assertThat((String) r.get("refusedBecause"))
          .contains("\"until June\"")
          .contains("renew or correct the condition");
    }
    try (ArtifactRegistryClient client = SharedSandbox.gax().artifactRegistry()) {
      Policy policy =
          client.getIamPolicy(
              com.google.iam.v1.GetIamPolicyRequest.newBuilder()
                  .setResource(REPO)
                  .setOptions(
                      com.google.iam.v1.GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3))
                  .build());
      assertThat(policy.getBindingsList())
          .singleElement()
          .satisfies(b -> assertThat(b.getCondition().getTitle()).isEqualTo("until June"));
    }
  }

  @Test
  void apply_withoutTheAdminRole_isRefusedNamingTheRole_andChangesNothing() {
    SharedSandbox.load("worlds/missing-reader.json");
    try (Engine engine = new Engine(APPLY, SharedSandbox.clients(), Clock.systemUTC())) {
      Map<String, Object> r =
          remediateSeed(
              APPLY, new Scenario("missing-reader", RootCause.NODE_SA_MISSING_READER), engine);
      assertThat(r).containsEntry("applied", false);
      assertThat((String) r.get("refusedBecause")).contains("roles/artifactregistry.admin");
    }
    try (ArtifactRegistryClient client = SharedSandbox.gax().artifactRegistry()) {
      assertThat(
              client
                  .getIamPolicy(
                      com.google.iam.v1.GetIamPolicyRequest.newBuilder().setResource(REPO).build())
                  .getBindingsList())
          .isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "deny-policy-remediable, DENY_POLICY",
    "narrow-scopes-remediable, MISSING_OAUTH_SCOPES",
    "repository-missing-remediable, REPOSITORY_NOT_FOUND",
  })
  void apply_changesNothing_forCausesAGrantCannotFix(String world, RootCause cause) {
    Sandbox sandbox = SharedSandbox.load("worlds/" + world + ".json");
    try (Engine engine = new Engine(APPLY, SharedSandbox.clients(), Clock.systemUTC())) {
      Map<String, Object> r = remediateSeed(APPLY, new Scenario(world, cause), engine);
      assertThat(r).containsEntry("applied", false);
      assertThat((String) r.get("refusedBecause")).contains("not fixed by a repository grant");
      assertThat(sandbox.calls().byMethod()).doesNotContainKey("ArtifactRegistry/SetIamPolicy");
    }
  }

  @Test
  void apply_outsideTheAllowedProjects_orInDryRun_changesNothing() {
    Sandbox sandbox = SharedSandbox.load("worlds/remediable.json");
    Scenario seed = new Scenario("remediable", RootCause.NODE_SA_MISSING_READER);
    Config elsewhere =
        Config.from(
            Map.of("REMEDIATION_MODE", "apply", "REMEDIATION_ALLOWED_PROJECTS", "acme-sandbox"));
    Config dryRun = Config.from(Map.of("REMEDIATION_MODE", "dry-run"));
    try (Engine engine = new Engine(APPLY, SharedSandbox.clients(), Clock.systemUTC())) {
      assertThat(remediateSeed(elsewhere, seed, engine))
          .containsEntry("applied", false)
          .containsEntry(
              "refusedBecause", "project acme-prod-417 is not in REMEDIATION_ALLOWED_PROJECTS");
      Map<String, Object> plan = remediateSeed(dryRun, seed, engine);
      assertThat(plan).containsEntry("applied", false).containsEntry("mode", "dry-run");
      assertThat((String) plan.get("plan"))
          .isEqualTo("grant roles/artifactregistry.reader on " + REPO + " to " + NODE);
      assertThat(sandbox.calls().byMethod()).doesNotContainKey("ArtifactRegistry/SetIamPolicy");
    }
  }

  @Test
  void apply_stopsAtTheHourlyCap() {
    SharedSandbox.load("worlds/remediable.json");
    Config capped =
        Config.from(
            Map.of(
                "REMEDIATION_MODE",
                "apply",
                "REMEDIATION_ALLOWED_PROJECTS",
                "acme-prod-417",
                "REMEDIATION_MAX_PER_HOUR",
                "0"));
    try (Engine engine = new Engine(capped, SharedSandbox.clients(), Clock.systemUTC())) {
      assertThat(
              remediateSeed(
                  capped, new Scenario("remediable", RootCause.NODE_SA_MISSING_READER), engine))
          .containsEntry("applied", false)
          .containsEntry("refusedBecause", "REMEDIATION_MAX_PER_HOUR reached");
    }
  }

  @Test
  void twoRemediationsAndAnUnrelatedEdit_race_everyBindingSurvives_readerOnce() throws Exception {
    SharedSandbox.load("worlds/remediable.json");
    RepositoryRef repo = RepositoryRef.fromResourceName(REPO);
    String ci = "serviceAccount:ci-builder@acme-ci.iam.gserviceaccount.com";
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (Engine engine = new Engine(APPLY, SharedSandbox.clients(), Clock.systemUTC());
        ArtifactRegistryClient other = SharedSandbox.gax().artifactRegistry()) {
      RepositoryPolicyEditor editor = engine.gcp().policyEditor();
      List<Callable<Object>> tasks = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        tasks.add(() -> editor.addMember(repo, "roles/artifactregistry.reader", NODE));
      }
      tasks.add(() -> unrelatedEdit(other, ci));
      for (Future<Object> f : pool.invokeAll(tasks)) {
        f.get();
      }
      Policy policy =
          other.getIamPolicy(
              com.google.iam.v1.GetIamPolicyRequest.newBuilder().setResource(REPO).build());
      assertThat(policy.getBindingsList())
          .extracting(Binding::getRole)
          .containsExactlyInAnyOrder(
              "roles/artifactregistry.admin",
              "roles/artifactregistry.reader",
              "roles/artifactregistry.writer");
      assertThat(members(policy, "roles/artifactregistry.reader")).containsExactly(NODE);
      assertThat(members(policy, "roles/artifactregistry.writer")).containsExactly(ci);
      assertThat(members(policy, "roles/artifactregistry.admin"))
          .containsExactly("serviceAccount:pull-doctor@acme-ops.iam.gserviceaccount.com");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Another administrator's read–modify–write, retrying on a stale etag as gcloud does. */
  private static Object unrelatedEdit(ArtifactRegistryClient client, String member) {
    for (int attempt = 0; attempt < 20; attempt++) {
      Policy p =
          client.getIamPolicy(
              com.google.iam.v1.GetIamPolicyRequest.newBuilder().setResource(REPO).build());
      try {
        return client.setIamPolicy(
            SetIamPolicyRequest.newBuilder()
                .setResource(REPO)
                .setPolicy(
                    p.toBuilder()
                        .addBindings(
                            Binding.newBuilder()
                                .setRole("roles/artifactregistry.writer")
                                .addMembers(member)))
                .build());
      } catch (com.google.api.gax.rpc.AbortedException stale) {
        // Another writer won; read again.
      }
    }
    throw new AssertionError("the unrelated edit never got through");
  }

  private static List<String> members(Policy policy, String role) {
    return policy.getBindingsList().stream()
        .filter(b -> b.getRole().equals(role))
        .flatMap(b -> b.getMembersList().stream())
        .toList();
  }
}
