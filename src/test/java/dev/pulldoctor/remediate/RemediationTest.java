package dev.pulldoctor.remediate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import dev.pulldoctor.FirestoreEmulator;
import dev.pulldoctor.Fixtures;
import dev.pulldoctor.SharedSandbox;
import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.diagnose.InvestigatorScenarioTest;
import dev.pulldoctor.diagnose.InvestigatorScenarioTest.Scenario;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.intake.Decoded;
import dev.pulldoctor.intake.EventDecoder;
import dev.pulldoctor.report.FindingStores;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
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
              "refusedBecause",
              "The repository's project acme-prod-417 is not in REMEDIATION_ALLOWED_PROJECTS.");
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
      Map<String, Object> r =
          remediateSeed(
              capped, new Scenario("remediable", RootCause.NODE_SA_MISSING_READER), engine);
      assertThat(r).containsEntry("applied", false).containsEntry("grantsThisHour", 0);
      assertThat((String) r.get("refusedBecause"))
          .startsWith("REMEDIATION_MAX_PER_HOUR reached: 0 of 0 grants made since ");
    }
  }

  @Test
  void apply_onTwoInstances_sharesTheHourlyCapInFirestore_andTheRefusalStatesTheCount() {
    FirestoreEmulator emulator = FirestoreEmulator.get();
    emulator.reset();
    SharedSandbox.load("worlds/remediable.json");
    Config capped =
        Config.from(
            Map.of(
                "REMEDIATION_MODE",
                "apply",
                "REMEDIATION_ALLOWED_PROJECTS",
                "acme-prod-417",
                "REMEDIATION_MAX_PER_HOUR",
                "1"));
    Scenario seed = new Scenario("remediable", RootCause.NODE_SA_MISSING_READER);
    try (Engine first = new Engine(capped, SharedSandbox.clients(), Clock.systemUTC());
        Engine second = new Engine(capped, SharedSandbox.clients(), Clock.systemUTC())) {
      Diagnosis d = first.investigator().investigate(InvestigatorScenarioTest.failure(seed));
      Map<String, Object> granted =
          first
              .remediator(
                  capped,
                  FindingStores.grantAllowance(
                      capped.store(),
                      capped.remediationMaxPerHour(),
                      emulator.env(),
                      Clock.systemUTC()))
              .remediate(d);
      Map<String, Object> refused =
          second
              .remediator(
                  capped,
                  FindingStores.grantAllowance(
                      capped.store(),
                      capped.remediationMaxPerHour(),
                      emulator.env(),
                      Clock.systemUTC()))
              .remediate(d);

      assertThat(granted).containsEntry("applied", true).containsEntry("grantsThisHour", 1);
      assertThat(refused).containsEntry("applied", false).containsEntry("grantsThisHour", 1);
      assertThat((String) refused.get("refusedBecause"))
          .startsWith("REMEDIATION_MAX_PER_HOUR reached: 1 of 1 grants made since ")
          .endsWith(", across all instances.");
    }
  }

  /** The security review's escalation (issue 18): a dev cluster, a prod repository. */
  static final String DEV_EVENT = "escalation-dev-cluster-logentry.json";

  static final String FORGED_EVENT = "escalation-forged-logname-logentry.json";
  static final String DEV_NODE =
      "serviceAccount:210987654321-compute@developer.gserviceaccount.com";

  private static Map<String, Object> remediateEvent(Config config, String event, Engine engine) {
    Decoded decoded =
        new EventDecoder().decodeCloudEvent(event, Fixtures.pubSubData(Fixtures.logEntry(event)));
    Diagnosis d = engine.investigator().investigate(((Decoded.Failure) decoded).failure());
    assertThat(d.rootCause()).isEqualTo(RootCause.CROSS_PROJECT_GRANT_MISSING);
    return engine.remediator(config, Clock.systemUTC()).remediate(d);
  }

  private static Config apply(String projects, String pairs) {
    return Config.from(
        Map.of(
            "REMEDIATION_MODE",
            "apply",
            "REMEDIATION_ALLOWED_PROJECTS",
            projects,
            "REMEDIATION_ALLOWED_PAIRS",
            pairs));
  }

  @ParameterizedTest(name = "{0} with projects [{1}] and pairs [{2}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // The review's first case: only the repository's project is allowed.
        DEV_EVENT
            + "| acme-prod-417 | | The cluster's project acme-dev-205 is not in"
            + " REMEDIATION_ALLOWED_PROJECTS: remediation opens repositories only to clusters of"
            + " allowed projects.",
        // Both projects allowed, each for its own clusters: the pair is not.
        DEV_EVENT
            + "| acme-prod-417,acme-dev-205 | acme-prod-417>acme-dev-205 | The cluster's project"
            + " acme-dev-205 differs from the repository's project acme-prod-417, and"
            + " acme-dev-205>acme-prod-417 is not in REMEDIATION_ALLOWED_PAIRS: a cluster is given"
            + " another project's repository only when the pair is listed.",
        // The review's second case: the logName names prod, the resource the dev cluster — even
        // with everything allowed.
        FORGED_EVENT
            + "| acme-prod-417,acme-dev-205 | acme-dev-205>acme-prod-417 | The event's logName"
            + " belongs to acme-prod-417 while its resource names a cluster of acme-dev-205: an"
            + " event whose log is not its cluster's project's own is diagnosed, never remediated.",
      })
  void apply_refusesToOpenAProdRepositoryToADevCluster_andSaysWhy(
      String event, String projects, String pairs, String why) {
    Sandbox sandbox = SharedSandbox.load("worlds/escalation-dev-prod.json");
    Config config = apply(projects, pairs == null ? "" : pairs);
    try (Engine engine = new Engine(config, SharedSandbox.clients(), Clock.systemUTC())) {
      Map<String, Object> r = remediateEvent(config, event, engine);

      assertThat(r)
          .containsEntry("applied", false)
          .containsEntry("verified", false)
          .containsEntry("member", DEV_NODE)
          .containsEntry("refusedBecause", why);
      assertThat(sandbox.calls().byMethod()).doesNotContainKey("ArtifactRegistry/SetIamPolicy");
    }
    try (ArtifactRegistryClient client = SharedSandbox.gax().artifactRegistry()) {
      assertThat(members(client.getIamPolicy(REPO_POLICY), RemediationPlan.ROLE)).isEmpty();
    }
  }

  @Test
  void apply_inTheSameWorld_grantsAndVerifies_forTheProdClusterInItsOwnAllowedProject() {
    SharedSandbox.load("worlds/escalation-dev-prod.json");
    Config config = apply("acme-prod-417", "");
    try (Engine engine = new Engine(config, SharedSandbox.clients(), Clock.systemUTC())) {
      Map<String, Object> r =
          remediateSeed(
              config,
              new Scenario("escalation-dev-prod", RootCause.NODE_SA_MISSING_READER),
              engine);

      assertThat(r)
          .containsEntry("applied", true)
          .containsEntry("verified", true)
          .containsEntry("member", NODE)
          .containsEntry("refusedBecause", null);
    }
  }

  @Test
  void apply_acrossProjects_grantsAndVerifies_whenBothProjectsAndThePairAreListed() {
    SharedSandbox.load("worlds/escalation-dev-prod.json");
    Config config = apply("acme-prod-417,acme-dev-205", "acme-dev-205>acme-prod-417");
    try (Engine engine = new Engine(config, SharedSandbox.clients(), Clock.systemUTC())) {
      Map<String, Object> r = remediateEvent(config, DEV_EVENT, engine);

      assertThat(r)
          .containsEntry("applied", true)
          .containsEntry("verified", true)
          .containsEntry("member", DEV_NODE);
    }
  }

  @Test
  void dryRun_plansNothing_forAnEventWhoseLogIsAnotherProjects() {
    SharedSandbox.load("worlds/escalation-dev-prod.json");
    Config config = Config.from(Map.of("REMEDIATION_MODE", "dry-run"));
    try (Engine engine = new Engine(config, SharedSandbox.clients(), Clock.systemUTC())) {
      Map<String, Object> r = remediateEvent(config, FORGED_EVENT, engine);

      assertThat(r).containsEntry("plan", null);
      assertThat((String) r.get("refusedBecause")).contains("diagnosed, never remediated");
    }
  }

  private static final com.google.iam.v1.GetIamPolicyRequest REPO_POLICY =
      com.google.iam.v1.GetIamPolicyRequest.newBuilder().setResource(REPO).build();

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
