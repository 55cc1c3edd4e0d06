package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and validating world files. */
class WorldTest {

  private static final String SEED = read("seed-world.json");

  private static String read(String name) {
    try {
      return Files.readString(TestWorlds.path(name));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void seedWorld_loads_withItsClustersRepositoriesAndPolicies() {
    World world = TestWorlds.load("seed-world.json");

    assertThat(world.caller())
        .isEqualTo("serviceAccount:pull-doctor@acme-ops.iam.gserviceaccount.com");
    Project prod = world.project("acme-prod-417").orElseThrow();
    assertThat(world.project("123456789012")).contains(prod);
    NodePool pool = prod.cluster("us-central1", "prod").orElseThrow().nodePools().get(0);
    assertThat(pool.serviceAccount()).isEqualTo("default");
    assertThat(pool.groups())
        .containsExactly(new NodePool.InstanceGroup(null, "gke-prod-default-pool-a1b2c3d4-grp"));
    assertThat(prod.repository("us-central1", "services").orElseThrow().images())
        .containsEntry("checkout", List.of("1.8.2", "1.8.1"));
    assertThat(world.policy(PolicyKey.project("acme-prod-417")).bindings()).hasSize(3);
    assertThat(world.serviceAccount("123456789012-compute@developer.gserviceaccount.com"))
        .isPresent();
  }

  @Test
  void policyWrites_changeTheEtag_andAStaleEtagIsRefused() throws Exception {
    World world = TestWorlds.load("seed-world.json");
    PolicyKey repo = PolicyKey.repository("acme-prod-417", "us-central1/services");
    World.Policy before = world.policy(repo);

    World.Policy after =
        world.setPolicy(
            repo,
            List.of(
                new Binding(
                    "roles/artifactregistry.reader",
                    List.of("serviceAccount:123456789012-compute@developer.gserviceaccount.com"))),
            before.etag());

    assertThat(after.etag()).isNotEqualTo(before.etag());
    assertThat(
            catchThrowableOfType(
                World.StaleEtagException.class,
                () -> world.setPolicy(repo, List.of(), before.etag())))
        .isNotNull();
  }

  /** One bad world: how to break the seed world, and the one line that must come back. */
  private record Bad(String name, String from, String to, String message) {}

  @Test
  void badWorlds_failWithOneLineNamingTheJsonPath() {
    List<Bad> table =
        List.of(
            new Bad(
                "scopes not an array",
                "\"oauthScopes\": [\n"
                    + "                \"https://www.googleapis.com/auth/cloud-platform\"\n"
                    + "              ]",
                "\"oauthScopes\": \"cloud-platform\"",
                "$.projects.acme-prod-417.clusters.us-central1/prod.nodePools.default-pool.oauthScopes:"
                    + " expected an array of strings"),
            new Bad(
                "caller missing",
                "\"caller\": \"serviceAccount:pull-doctor@acme-ops.iam.gserviceaccount.com\",",
                "",
                "$.caller: missing"),
            new Bad(
                "caller without kind",
                "\"serviceAccount:pull-doctor@",
                "\"pull-doctor@",
                "$.caller: expected serviceAccount:EMAIL or user:EMAIL"),
            new Bad(
                "number not a string",
                "\"number\": \"123456789012\"",
                "\"number\": 123456789012",
                "$.projects.acme-prod-417.number: expected a string"),
            new Bad(
                "misspelt field",
                "\"iamPolicy\": [\n        {",
                "\"iamPolicies\": [\n        {",
                "$.projects.acme-prod-417.iamPolicies: unknown field (expected one of: number,"
                    + " services, iamPolicy, denyRules, serviceAccounts, clusters, repositories,"
                    + " functions, secrets, cryptoKeys, vpcscConfig, customRoles, parent)"),
            new Bad(
                "role without prefix",
                "\"role\": \"roles/viewer\"",
                "\"role\": \"viewer\"",
                "$.projects.acme-prod-417.iamPolicy[1].role: expected a role such as"
                    + " roles/artifactregistry.reader"),
            new Bad(
                "member without kind",
                "\"members\": [\n            \"serviceAccount:pull-doctor@acme-ops",
                "\"members\": [\n            \"pull-doctor@acme-ops",
                "$.projects.acme-prod-417.iamPolicy[1].members[0]: expected a member such as"
                    + " serviceAccount:EMAIL, user:EMAIL, group:EMAIL, domain:DOMAIN, allUsers or"
                    + " allAuthenticatedUsers"),
            new Bad(
                "deny permission in v1 form",
                "\"denyRules\": []",
                "\"denyRules\": [{\"deniedPrincipals\": [\"principalSet://goog/public:all\"],"
                    + " \"deniedPermissions\":"
                    + " [\"artifactregistry.repositories.downloadArtifacts\"]}]",
                "$.projects.acme-prod-417.denyRules[0].deniedPermissions[0]: expected a permission"
                    + " of the form"
                    + " artifactregistry.googleapis.com/repositories.downloadArtifacts"),
            new Bad(
                "deny principal as a member",
                "\"denyRules\": []",
                "\"denyRules\": [{\"deniedPrincipals\":"
                    + " [\"serviceAccount:x@y.iam.gserviceaccount.com\"], \"deniedPermissions\":"
                    + " [\"artifactregistry.googleapis.com/*\"]}]",
                "$.projects.acme-prod-417.denyRules[0].deniedPrincipals[0]: expected a"
                    + " principal://… or principalSet://… identifier"),
            new Bad(
                "custom role permission that is no permission",
                "\"denyRules\": []",
                "\"denyRules\": [], \"customRoles\": {\"pullDoctorInspector\":"
                    + " {\"permissions\": [\"vpcscconfigs.get\"]}}",
                "$.projects.acme-prod-417.customRoles.pullDoctorInspector.permissions[0]: expected"
                    + " a permission such as artifactregistry.tags.get"),
            new Bad(
                "custom role of another project",
                "\"role\": \"roles/viewer\"",
                "\"role\": \"projects/acme-ops-200/roles/pullDoctorInspector\"",
                "$.projects.acme-prod-417: projects/acme-ops-200/roles/pullDoctorInspector is a"
                    + " custom role of project acme-ops-200: grant it there"),
            new Bad(
                "custom role the project does not define",
                "\"role\": \"roles/viewer\"",
                "\"role\": \"projects/acme-prod-417/roles/pullDoctorInspector\"",
                "$.projects.acme-prod-417: projects/acme-prod-417/roles/pullDoctorInspector is not"
                    + " in the customRoles of project acme-prod-417"),
            new Bad(
                "custom role without permissions",
                "\"denyRules\": []",
                "\"denyRules\": [], \"customRoles\": {\"pullDoctorInspector\": {}}",
                "$.projects.acme-prod-417.customRoles.pullDoctorInspector.permissions: missing"),
            new Bad(
                "repository key without location",
                "\"us-central1/services\"",
                "\"services\"",
                "$.projects.acme-prod-417.repositories.services: expected a key of the form"
                    + " LOCATION/NAME"),
            new Bad(
                "disabled as a string",
                "\"disabled\": false",
                "\"disabled\": \"no\"",
                "$.projects.acme-prod-417.serviceAccounts.123456789012-compute@developer.gserviceaccount.com.disabled:"
                    + " expected true or false"),
            new Bad("truncated JSON", "\"denyRules\": [],", "\"denyRules\": [", null));
    List<String> wrong = new ArrayList<>();
    for (Bad bad : table) {
      if (!SEED.contains(bad.from())) {
        wrong.add(bad.name() + ": the seed world has no " + bad.from());
        continue;
      }
      WorldException e =
          catchThrowableOfType(
              WorldException.class, () -> World.parse(SEED.replace(bad.from(), bad.to())));
      if (e == null) {
        wrong.add(bad.name() + ": accepted");
      } else if (e.getMessage().contains("\n")) {
        wrong.add(bad.name() + ": more than one line: " + e.getMessage());
      } else if (bad.message() == null
          ? !e.getMessage().startsWith("$: not valid JSON: ")
          : !e.getMessage().equals(bad.message())) {
        wrong.add(bad.name() + ": " + e.getMessage());
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void aDuplicateProjectNumber_isNamed() {
    String json =
        "{\"caller\": \"user:alice@example.com\", \"projects\": {"
            + "\"first-project\": {\"number\": \"1\"}, \"second-project\": {\"number\": \"1\"}}}";

    assertThat(catchThrowableOfType(WorldException.class, () -> World.parse(json)))
        .hasMessage(
            "$.projects.second-project.number: project number 1 is also used by"
                + " projects.first-project");
  }

  /** A world with one organization, two folders and a project, for the hierarchy rows. */
  private static String hierarchy(
      String now, String folderParent, String projectParent, String binding) {
    return "{\"caller\": \"user:alice@example.com\", "
        + now
        + "\"organizations\": {\"organizations/4455\": {}},"
        + " \"folders\": {\"folders/8800\": {\"parent\": \""
        + folderParent
        + "\"}, \"folders/8801\": {\"parent\": \"folders/8800\"}},"
        + " \"projects\": {\"shop-prod-2291\": {\"number\": \"1\", \"parent\": \""
        + projectParent
        + "\", \"iamPolicy\": ["
        + binding
        + "]}}}";
  }

  private static final String READER =
      "{\"role\": \"roles/artifactregistry.reader\", \"members\": [\"user:bob@example.com\"]";

  @Test
  void hierarchyWorlds_loadTheAncestry_andTheirMistakesAreNamed() {
    World ok =
        World.parse(
            hierarchy(
                "\"now\": \"2026-11-21T09:15:00Z\", ",
                "organizations/4455",
                "folders/8801",
                READER
                    + ", \"condition\": {\"title\": \"until June\", \"expression\":"
                    + " \"request.time < timestamp('2026-06-01T00:00:00Z')\"}}"));
    assertThat(ok.now()).isEqualTo(java.time.Instant.parse("2026-11-21T09:15:00Z"));
    assertThat(ok.ancestors(PolicyKey.repository("shop-prod-2291", "europe-west4/apps")))
        .containsExactly(
            PolicyKey.project("shop-prod-2291"),
            PolicyKey.folder("folders/8801"),
            PolicyKey.folder("folders/8800"),
            PolicyKey.organization("organizations/4455"));
    assertThat(ok.policy(PolicyKey.project("shop-prod-2291")).bindings().get(0).condition().title())
        .isEqualTo("until June");

    record Bad(String name, String json, String message) {}
    List<Bad> table =
        List.of(
            new Bad(
                "now not a time",
                hierarchy(
                    "\"now\": \"tomorrow\", ", "organizations/4455", "folders/8801", READER + "}"),
                "$.now: expected an RFC 3339 time such as 2026-11-21T09:15:00Z"),
            new Bad(
                "unknown project parent",
                hierarchy("", "organizations/4455", "folders/9999", READER + "}"),
                "$.projects.shop-prod-2291.parent: unknown parent folders/9999 (it must be listed"
                    + " under folders)"),
            new Bad(
                "unknown folder parent",
                hierarchy("", "organizations/1", "folders/8801", READER + "}"),
                "$.folders.folders/8800.parent: unknown parent organizations/1 (it must be listed"
                    + " under organizations)"),
            new Bad(
                "parent not a resource name",
                hierarchy("", "organizations/4455", "acme", READER + "}"),
                "$.projects.shop-prod-2291.parent: expected folders/NUMBER or"
                    + " organizations/NUMBER"),
            new Bad(
                "folders in a cycle",
                hierarchy("", "folders/8801", "folders/8801", READER + "}"),
                "$.folders.folders/8800.parent: folders form a cycle: folders/8800 → folders/8801"
                    + " → folders/8800"),
            new Bad(
                "condition outside the subset",
                hierarchy(
                    "",
                    "organizations/4455",
                    "folders/8801",
                    READER
                        + ", \"condition\": {\"title\": \"t\", \"expression\":"
                        + " \"request.time.getHours() < 9\"}}"),
                "$.projects.shop-prod-2291.iamPolicy[0].condition.expression: the sandbox"
                    + " evaluates only startsWith and endsWith, not getHours at character 14 of"
                    + " \"request.time.getHours() < 9\""),
            new Bad(
                "condition without a title",
                hierarchy(
                    "",
                    "organizations/4455",
                    "folders/8801",
                    READER + ", \"condition\": {\"expression\": \"true\"}}"),
                "$.projects.shop-prod-2291.iamPolicy[0].condition.title: missing"));
    List<String> wrong = new ArrayList<>();
    for (Bad bad : table) {
      WorldException e = catchThrowableOfType(WorldException.class, () -> World.parse(bad.json()));
      if (e == null || !e.getMessage().equals(bad.message())) {
        wrong.add(bad.name() + ": " + (e == null ? "loaded" : e.getMessage()));
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void aMissingFile_isOneLineToo(@TempDir Path dir) {
    assertThat(
            catchThrowableOfType(WorldException.class, () -> World.load(dir.resolve("nope.json"))))
        .hasMessage("$: no such file");
  }
}
