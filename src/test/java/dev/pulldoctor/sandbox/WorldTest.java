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
                    + " functions, secrets, cryptoKeys, vpcscConfig)"),
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

  @Test
  void aMissingFile_isOneLineToo(@TempDir Path dir) {
    assertThat(
            catchThrowableOfType(WorldException.class, () -> World.load(dir.resolve("nope.json"))))
        .hasMessage("$: no such file");
  }
}
