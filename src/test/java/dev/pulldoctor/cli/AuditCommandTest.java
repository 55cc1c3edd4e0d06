package dev.pulldoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.audit.GeneratedFleet;
import dev.pulldoctor.cli.ClassifyCommandTest.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code pull-doctor audit} through the command line, on sandbox worlds. */
class AuditCommandTest {
  static final String SEED_WORLD = "src/test/resources/corpus/seed-world.json";
  static final String COMPUTE = "123456789012-compute@developer.gserviceaccount.com";

  @TempDir Path dir;

  @Test
  void audit_exitsOne_andShowsDefaultPoolCannotPullFromServices_inTheSeedWorld() {
    CliRun run = CliRun.of("audit", "--world", SEED_WORLD, "--project", "acme-prod-417");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    List<String> lines = run.stdout().lines().toList();
    assertThat(lines.get(0).split("\\s{2,}"))
        .containsExactly(
            "CLUSTER", "NODE POOL", "SERVICE ACCOUNT", "REPOSITORY", "CAN PULL", "ROOT CAUSE");
    assertThat(lines.get(1).split("\\s{2,}"))
        .containsExactly(
            "acme-prod-417/us-central1/prod",
            "default-pool",
            COMPUTE,
            "acme-prod-417/us-central1/services",
            "no",
            "NODE_SA_MISSING_READER");
    assertThat(run.stdout())
        .contains("1 of 1 pairs cannot pull")
        .contains("gcloud artifacts repositories add-iam-policy-binding services");
    assertThat(run.stderr()).as("no progress for one pair").isEmpty();
  }

  @Test
  void audit_exitsZero_onceTheReaderBindingIsInTheWorld() throws Exception {
    JsonObject world =
        JsonParser.parseString(Files.readString(Path.of(SEED_WORLD))).getAsJsonObject();
    JsonObject binding = new JsonObject();
    binding.addProperty("role", "roles/artifactregistry.reader");
    JsonArray members = new JsonArray();
    members.add("serviceAccount:" + COMPUTE);
    binding.add("members", members);
    world
        .getAsJsonObject("projects")
        .getAsJsonObject("acme-prod-417")
        .getAsJsonObject("repositories")
        .getAsJsonObject("us-central1/services")
        .getAsJsonArray("iamPolicy")
        .add(binding);
    Path fixed = Files.writeString(dir.resolve("seed-world-fixed.json"), world.toString());

    CliRun run = CliRun.of("audit", "--world", fixed.toString(), "--project", "acme-prod-417");

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
    assertThat(run.stdout().lines().toList().get(1)).contains("default-pool").contains(" yes");
    assertThat(run.stdout()).contains("All 1 pairs can pull").doesNotContain("Next steps");
  }

  @Test
  void auditJson_givesTotalsAndEveryPair_withAdviceForTheFailingOnes() {
    CliRun run =
        CliRun.of(
            "audit",
            "--world",
            "src/test/resources/worlds/grant-on-other-account.json",
            "--cluster",
            "acme-prod-417/us-central1/prod",
            "--repository",
            "acme-prod-417/us-central1/services",
            "--format",
            "json");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    JsonObject out = JsonParser.parseString(run.stdout()).getAsJsonObject();
    assertThat(out.get("method").getAsString()).isEqualTo("auto");
    JsonObject totals = out.getAsJsonObject("totals");
    assertThat(totals.get("pairs").getAsInt()).isEqualTo(2);
    assertThat(totals.get("canPull").getAsInt()).isEqualTo(1);
    assertThat(totals.get("cannotPull").getAsInt()).isEqualTo(1);
    assertThat(totals.get("accessChecks").getAsInt()).isEqualTo(2);

    JsonArray pairs = out.getAsJsonArray("pairs");
    JsonObject batch = pairs.get(0).getAsJsonObject();
    assertThat(batch.get("nodePool").getAsString()).isEqualTo("batch");
    assertThat(batch.get("canPull").getAsBoolean()).isTrue();
    assertThat(batch.get("rootCause").isJsonNull()).isTrue();
    assertThat(batch.get("advice").isJsonNull()).isTrue();

    JsonObject defaultPool = pairs.get(1).getAsJsonObject();
    assertThat(defaultPool.get("cluster").getAsString())
        .isEqualTo("acme-prod-417/us-central1/prod");
    assertThat(defaultPool.get("serviceAccount").getAsString()).isEqualTo(COMPUTE);
    assertThat(defaultPool.get("repository").getAsString())
        .isEqualTo("acme-prod-417/us-central1/services");
    assertThat(defaultPool.get("canPull").getAsBoolean()).isFalse();
    assertThat(defaultPool.get("rootCause").getAsString()).isEqualTo("GRANT_ON_OTHER_ACCOUNT");
    assertThat(defaultPool.getAsJsonObject("access").get("answer").getAsString())
        .isEqualTo("DENIED");
    assertThat(defaultPool.getAsJsonObject("advice").getAsJsonArray("commands")).hasSize(1);
    assertThat(defaultPool.getAsJsonObject("evidence").getAsJsonArray("bindings")).isNotEmpty();
  }

  @Test
  void audit_showsProgressOnStderr_whenThereAreMoreThanAScreenfulOfPairs() throws Exception {
    Path world =
        Files.writeString(dir.resolve("fleet.json"), new GeneratedFleet(4, 3, 6, true).json());

    CliRun run =
        CliRun.of("audit", "--world", world.toString(), "--project", GeneratedFleet.PROJECT);

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    List<String> progress = run.stderr().lines().toList();
    assertThat(progress.get(0))
        .isEqualTo("audit: checking 72 node pool × repository pairs with 24 access checks");
    assertThat(progress).last().isEqualTo("audit: 72/72 pairs checked");
    assertThat(progress).allMatch(l -> l.startsWith("audit: ")).hasSizeBetween(3, 11);
    assertThat(run.stdout().lines().filter(l -> l.contains(" no ")).count()).isEqualTo(12);
  }

  @Test
  void audit_withANamedRepositoryThatDoesNotExist_saysSo() {
    CliRun run =
        CliRun.of(
            "audit",
            "--world",
            SEED_WORLD,
            "--cluster",
            "acme-prod-417/us-central1/prod",
            "--repository",
            "acme-prod-417/us-central1/nope");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).contains("REPOSITORY_NOT_FOUND");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no clusters named               | audit --world "
            + SEED_WORLD
            + "                                                  | Missing required argument",
        "project and cluster             | audit --world "
            + SEED_WORLD
            + " --project acme-prod-417 --cluster acme-prod-417/us-central1/prod | mutually"
            + " exclusive",
        "repository and its project      | audit --world "
            + SEED_WORLD
            + " --project acme-prod-417 --repository a/b/c --repository-project a | mutually"
            + " exclusive",
        "a cluster that is not P/L/N     | audit --world "
            + SEED_WORLD
            + " --cluster prod                                    | PROJECT/LOCATION/NAME",
        "a repository that is not P/L/N  | audit --world "
            + SEED_WORLD
            + " --project acme-prod-417 --repository services      | PROJECT/LOCATION/NAME",
        "a project id with a slash       | audit --world "
            + SEED_WORLD
            + " --project acme/prod                               | is not a project id",
        "an unknown format               | audit --world "
            + SEED_WORLD
            + " --project acme-prod-417 --format xml               | --format",
        "an unknown method               | audit --world "
            + SEED_WORLD
            + " --project acme-prod-417 --method guess             | --method must be one of",
        "a project Pull Doctor cannot see| audit --world "
            + SEED_WORLD
            + " --project acme-nope-999                           | cannot list what to audit",
        "a cluster that does not exist   | audit --world "
            + SEED_WORLD
            + " --cluster acme-prod-417/us-central1/nope         | NOT_FOUND",
        "a world that is not a world     | audit --world pom.xml --project acme-prod-417        |"
            + " pom.xml",
        "a parallelism of zero           | audit --world "
            + SEED_WORLD
            + " --project acme-prod-417 --repository-project acme-prod-417 --parallelism 0"
            + " | --parallelism must be between 1 and 64",
      })
  void audit_exitsTwoWithOneLine_forBadUsageAndInput(String why, String command, String says) {
    CliRun run = CliRun.of(command.strip().split("\\s+"));

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains(says.strip()).doesNotContain("\tat ");
    assertThat(
            run.stderr()
                .lines()
                .filter(l -> !l.startsWith("Try ") && !l.startsWith("Usage") && !l.startsWith(" "))
                .count())
        .as(run.stderr())
        .isLessThanOrEqualTo(2);
  }

  @ParameterizedTest(name = "{0} clusters, {1} repositories")
  @CsvSource({
    "0, 6, no node pools in the clusters of projects gen-apps-100",
    "2, 0, no Docker repositories in projects gen-apps-100"
  })
  void audit_withNothingToAudit_exitsTwo(int clusters, int repositories, String says)
      throws Exception {
    Path world =
        Files.writeString(
            dir.resolve("empty.json"), new GeneratedFleet(clusters, 3, repositories, true).json());

    CliRun run =
        CliRun.of("audit", "--world", world.toString(), "--project", GeneratedFleet.PROJECT);

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stderr().strip()).isEqualTo("pull-doctor audit: nothing to audit: " + says);
  }

  @Test
  void auditHelp_showsExamplesAndExitCodes() {
    CliRun run = CliRun.of("audit", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout())
        .contains("Examples:")
        .contains("--world ../shared/corpus/seed-world.json")
        .contains("--repository-project")
        .contains("Exit codes: 0 every pair can pull");
    assertThat(run.stdout().lines()).allMatch(l -> l.length() <= 80);
  }
}
