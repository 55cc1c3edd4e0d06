package dev.pulldoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.cli.ClassifyCommandTest.CliRun;
import org.junit.jupiter.api.Test;

class DiagnoseCommandTest {
  static final String SEED_WORLD = "src/test/resources/corpus/seed-world.json";
  static final String SEED_EVENT = "src/test/resources/events/seed-403-logentry.json";

  @Test
  void diagnose_namesTheMissingReader_forTheSeedEvent() {
    CliRun run = CliRun.of("diagnose", "--world", SEED_WORLD, "--event", SEED_EVENT);

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    JsonObject out = JsonParser.parseString(run.stdout()).getAsJsonObject();
    assertThat(out.get("rootCause").getAsString()).isEqualTo("NODE_SA_MISSING_READER");
    assertThat(out.get("nodePool").getAsString()).isEqualTo("default-pool");
    assertThat(out.get("nodeServiceAccount").getAsString())
        .isEqualTo("123456789012-compute@developer.gserviceaccount.com");
    assertThat(out.getAsJsonObject("repository").get("name").getAsString()).isEqualTo("services");
    assertThat(out.getAsJsonObject("advice").getAsJsonArray("commands").get(0).getAsString())
        .startsWith("gcloud artifacts repositories add-iam-policy-binding services");
    assertThat(
            out.getAsJsonObject("evidence").getAsJsonObject("access").get("method").getAsString())
        .isEqualTo("troubleshooter");
  }

  @Test
  void diagnose_takesTheFactsDirectly_withANodePool() {
    CliRun run =
        CliRun.of(
            "diagnose",
            "--world",
            "src/test/resources/worlds/access-granted.json",
            "--cluster",
            "acme-prod-417/us-central1/prod",
            "--node-pool",
            "default-pool",
            "--image",
            "us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(
            JsonParser.parseString(run.stdout()).getAsJsonObject().get("rootCause").getAsString())
        .isEqualTo("ACCESS_NOW_GRANTED");
  }

  @Test
  void diagnose_withTheTroubleshooterOnly_reportsThatMethod() {
    CliRun run =
        CliRun.of("diagnose", "--world", SEED_WORLD, "--event", SEED_EVENT, "--method", "policy");
    JsonObject out = JsonParser.parseString(run.stdout()).getAsJsonObject();
    assertThat(
            out.getAsJsonObject("evidence").getAsJsonObject("access").get("method").getAsString())
        .isEqualTo("policy");
  }

  @Test
  void diagnoseApply_grantsVerifies_andTheNextDiagnosisFindsAccess() {
    CliRun run =
        CliRun.of(
            "diagnose",
            "--world",
            "src/test/resources/worlds/remediable.json",
            "--event",
            SEED_EVENT,
            "--remediation",
            "apply",
            "--allow-project",
            "acme-prod-417");

    JsonObject remediation =
        JsonParser.parseString(run.stdout()).getAsJsonObject().getAsJsonObject("remediation");
    assertThat(remediation.get("mode").getAsString()).isEqualTo("apply");
    assertThat(remediation.get("applied").getAsBoolean()).isTrue();
    assertThat(remediation.get("verified").getAsBoolean()).isTrue();
    assertThat(remediation.get("rootCauseAfter").getAsString()).isEqualTo("ACCESS_NOW_GRANTED");
  }

  @Test
  void diagnoseApply_onTheSeedWorld_isRefused_becausePullDoctorIsNotRepositoryAdmin() {
    CliRun run =
        CliRun.of(
            "diagnose",
            "--world",
            SEED_WORLD,
            "--event",
            SEED_EVENT,
            "--remediation",
            "apply",
            "--allow-project",
            "acme-prod-417");

    JsonObject remediation =
        JsonParser.parseString(run.stdout()).getAsJsonObject().getAsJsonObject("remediation");
    assertThat(remediation.get("applied").getAsBoolean()).isFalse();
    assertThat(remediation.get("refusedBecause").getAsString())
        .contains("roles/artifactregistry.admin");
  }

  static final String ESCALATION_WORLD = "src/test/resources/worlds/escalation-dev-prod.json";
  static final String DEV_EVENT = "src/test/resources/events/escalation-dev-cluster-logentry.json";

  @Test
  void diagnoseApply_forADevClusterNamingAProdImage_isRefused_untilThePairIsAllowed() {
    CliRun refused =
        CliRun.of(
            "diagnose",
            "--world",
            ESCALATION_WORLD,
            "--event",
            DEV_EVENT,
            "--remediation",
            "apply",
            "--allow-project",
            "acme-prod-417",
            "--allow-project",
            "acme-dev-205");
    JsonObject r =
        JsonParser.parseString(refused.stdout()).getAsJsonObject().getAsJsonObject("remediation");
    assertThat(r.get("applied").getAsBoolean()).isFalse();
    assertThat(r.get("refusedBecause").getAsString())
        .contains("acme-dev-205>acme-prod-417 is not in REMEDIATION_ALLOWED_PAIRS");

    CliRun allowed =
        CliRun.of(
            "diagnose",
            "--world",
            ESCALATION_WORLD,
            "--event",
            DEV_EVENT,
            "--remediation",
            "apply",
            "--allow-project",
            "acme-prod-417",
            "--allow-project",
            "acme-dev-205",
            "--allow-pair",
            "acme-dev-205>acme-prod-417");
    JsonObject a =
        JsonParser.parseString(allowed.stdout()).getAsJsonObject().getAsJsonObject("remediation");
    assertThat(a.get("verified").getAsBoolean()).as(allowed.stdout()).isTrue();
    assertThat(a.get("rootCauseAfter").getAsString()).isEqualTo("ACCESS_NOW_GRANTED");
  }

  @Test
  void diagnose_exitsTwoWithOneLine_forAMalformedPair() {
    CliRun run =
        CliRun.of(
            "diagnose",
            "--world",
            ESCALATION_WORLD,
            "--event",
            DEV_EVENT,
            "--allow-pair",
            "acme-dev-205");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr().strip())
        .isEqualTo(
            "pull-doctor diagnose: --allow-pair 'acme-dev-205' must list"
                + " CLUSTER_PROJECT>REPOSITORY_PROJECT pairs, such as acme-dev>acme-shared;"
                + " 'acme-dev-205' is not one");
  }

  @Test
  void diagnose_exitsTwoWithOneLine_forBadInput() {
    CliRun badWorld = CliRun.of("diagnose", "--world", "pom.xml", "--event", SEED_EVENT);
    assertThat(badWorld.exitCode()).isEqualTo(2);
    assertThat(badWorld.stderr().lines().count()).isEqualTo(1);

    CliRun badCluster =
        CliRun.of(
            "diagnose",
            "--world",
            SEED_WORLD,
            "--cluster",
            "prod",
            "--node",
            "n",
            "--image",
            "us-docker.pkg.dev/p/r/i:1");
    assertThat(badCluster.exitCode()).isEqualTo(2);
    assertThat(badCluster.stderr()).contains("PROJECT/LOCATION/NAME");

    CliRun dockerHub =
        CliRun.of(
            "diagnose",
            "--world",
            SEED_WORLD,
            "--cluster",
            "acme-prod-417/us-central1/prod",
            "--node",
            "n",
            "--image",
            "nginx:1.25");
    assertThat(dockerHub.exitCode()).isEqualTo(2);
    assertThat(dockerHub.stderr()).contains("not served by Artifact Registry");

    CliRun badMethod =
        CliRun.of("diagnose", "--world", SEED_WORLD, "--event", SEED_EVENT, "--method", "guess");
    assertThat(badMethod.exitCode()).isEqualTo(2);
    assertThat(badMethod.stderr()).contains("--method must be one of");

    CliRun badMode =
        CliRun.of("diagnose", "--world", SEED_WORLD, "--event", SEED_EVENT, "--remediation", "yes");
    assertThat(badMode.exitCode()).isEqualTo(2);
    assertThat(badMode.stderr().strip())
        .isEqualTo("pull-doctor diagnose: --remediation 'yes' must be one of off|dry-run|apply");
  }
}
