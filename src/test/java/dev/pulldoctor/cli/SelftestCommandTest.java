package dev.pulldoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.cli.ClassifyCommandTest.CliRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code pull-doctor selftest} against sandbox worlds: one line per call, the role that fixes it.
 */
class SelftestCommandTest {
  private static final String REPO = "acme-prod-417/us-central1/services";
  private static final String REPO_NAME =
      "projects/acme-prod-417/locations/us-central1/repositories/services";

  @Test
  void selftest_withEveryRole_printsOkForEachKindOfCall_andExitsZero() {
    CliRun run =
        CliRun.of(
            "selftest",
            "--world",
            DiagnoseCommandTest.SEED_WORLD,
            "--project",
            "acme-prod-417",
            "--repository",
            REPO);

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
    assertThat(run.stdout().lines())
        .containsExactly(
            "OK    Resource Manager GetProject projects/acme-prod-417",
            "OK    Resource Manager GetIamPolicy projects/acme-prod-417",
            "OK    GKE ListClusters projects/acme-prod-417/locations/-",
            "OK    GKE GetCluster projects/acme-prod-417/locations/us-central1/clusters/prod",
            "OK    Artifact Registry ListLocations projects/acme-prod-417",
            "OK    IAM GetServiceAccount 123456789012-compute@developer.gserviceaccount.com",
            "OK    Artifact Registry GetRepository " + REPO_NAME,
            "OK    Artifact Registry GetIamPolicy " + REPO_NAME,
            "OK    Policy Troubleshooter TroubleshootIamPolicy"
                + " 123456789012-compute@developer.gserviceaccount.com on services");
  }

  @Test
  void selftest_withOnlyClusterViewer_namesTheExactErrorAndTheRoleForEachCallItMayNotMake() {
    CliRun run =
        CliRun.of(
            "selftest",
            "--world",
            "src/test/resources/worlds/selftest-cluster-viewer-only.json",
            "--project",
            "acme-prod-417",
            "--repository",
            REPO);

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(1);
    List<String> lines = run.stdout().lines().toList();
    assertThat(lines)
        .contains(
            "OK    Resource Manager GetProject projects/acme-prod-417",
            "OK    GKE ListClusters projects/acme-prod-417/locations/-");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("FAIL  Artifact Registry GetRepository"))
        .singleElement()
        .asString()
        .contains("PERMISSION_DENIED")
        .contains("artifactregistry.repositories.get")
        .endsWith(
            " — grant roles/artifactregistry.reader on every project it inspects to Pull"
                + " Doctor's account");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("FAIL  Resource Manager GetIamPolicy"))
        .singleElement()
        .asString()
        .contains("resourcemanager.projects.getIamPolicy")
        .contains("grant roles/iam.securityReviewer");
  }

  @Test
  void selftest_refusesAMalformedRepository_inOneLine() {
    CliRun run =
        CliRun.of(
            "selftest",
            "--world",
            DiagnoseCommandTest.SEED_WORLD,
            "--project",
            "p",
            "--repository",
            "p/only-two");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr().strip())
        .isEqualTo(
            "pull-doctor selftest: --repository p/only-two must be PROJECT/LOCATION/NAME, e.g."
                + " acme/us-central1/images");
  }
}
