package dev.pulldoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact words and commands people copy (STYLE.md point 5). */
class AdviceTest {
  static final String POD = "checkout-7d9c8b6f4-q2xnv";

  @Test
  void missingReader_grantsTheReaderRoleOnTheRepository_toThePoolsAccount() {
    Advice a =
        Advice.of(
            RootCause.NODE_SA_MISSING_READER, DecisionRulesTest.seed().build(), "prod", POD, null);

    assertThat(a.commands())
        .containsExactly(
            "gcloud artifacts repositories add-iam-policy-binding"
                + " services --location us-central1 --project acme-prod-417"
                + " --member=serviceAccount:123456789012-compute@developer.gserviceaccount.com"
                + " --role=roles/artifactregistry.reader");
    assertThat(a.terraform())
        .isEqualTo(
            """
            resource "google_artifact_registry_repository_iam_member" "default_pool_reader" {
              project    = "acme-prod-417"
              location   = "us-central1"
              repository = "services"
              role       = "roles/artifactregistry.reader"
              member     = "serviceAccount:123456789012-compute@developer.gserviceaccount.com"
            }\
            """);
    assertThat(a.retry()).isEqualTo("kubectl rollout restart deployment/checkout -n prod");
    assertThat(a.summary())
        .isEqualTo(
            "Node pool default-pool of cluster prod runs as"
                + " 123456789012-compute@developer.gserviceaccount.com, which holds no role with"
                + " artifactregistry.repositories.downloadArtifacts on repository"
                + " acme-prod-417/us-central1/services or its project, so kubelet's pulls are"
                + " refused with 403.");
    assertThat(a.automatic()).isTrue();
  }

  @Test
  void crossProject_grantsInTheRepositoriesProject() {
    Evidence e =
        DecisionRulesTest.seed()
            .repository(new RepositoryRef("acme-shared", "us", "base-images"))
            .build();
    Advice a = Advice.of(RootCause.CROSS_PROJECT_GRANT_MISSING, e, "prod", POD, null);
    assertThat(a.commands())
        .containsExactly(
            "gcloud artifacts repositories add-iam-policy-binding"
                + " base-images --location us --project acme-shared"
                + " --member=serviceAccount:123456789012-compute@developer.gserviceaccount.com"
                + " --role=roles/artifactregistry.reader");
  }

  @Test
  void denyPolicy_isAdviceOnly_andPointsAtTheDenyPolicies() {
    Advice a =
        Advice.of(
            RootCause.DENY_POLICY,
            DecisionRulesTest.seed().denyingRules(List.of("policies/no-pulls rule 1")).build(),
            "prod",
            POD,
            null);
    assertThat(a.automatic()).isFalse();
    assertThat(a.commands())
        .containsExactly(
            "gcloud iam policies list"
                + " --attachment-point=cloudresourcemanager.googleapis.com/projects/acme-prod-417"
                + " --kind=denypolicies --format=json");
  }

  @Test
  void inspectionDenied_namesThePermissionAndTheRoleForPullDoctor() {
    Advice a =
        Advice.of(
            RootCause.INSPECTION_DENIED,
            DecisionRulesTest.seed().problem(DecisionRulesTest.denied()).build(),
            "prod",
            POD,
            "pull-doctor@acme-ops.iam.gserviceaccount.com");
    assertThat(a.summary())
        .contains("container.clusters.get")
        .contains("roles/container.clusterViewer");
    assertThat(a.commands())
        .containsExactly(
            "gcloud projects add-iam-policy-binding acme-prod-417"
                + " --member=serviceAccount:pull-doctor@acme-ops.iam.gserviceaccount.com"
                + " --role=roles/container.clusterViewer");
  }

  @Test
  void aPodWithoutADeploymentName_isDeletedToRetry() {
    Advice a =
        Advice.of(
            RootCause.ACCESS_NOW_GRANTED,
            DecisionRulesTest.seed().build(),
            "jobs",
            "nightly",
            null);
    assertThat(a.retry()).isEqualTo("kubectl delete pod nightly -n jobs");
  }

  @Test
  void everyRootCause_hasAdviceWithASummary() {
    Evidence e =
        DecisionRulesTest.seed()
            .sameNameElsewhere(
                List.of(new RepositoryRef("acme-prod-417", "europe-west1", "services")))
            .problem(DecisionRulesTest.denied())
            .build();
    for (RootCause cause : RootCause.values()) {
      Advice a = Advice.of(cause, e, "prod", POD, null);
      assertThat(a.summary()).as(cause.name()).isNotBlank();
      assertThat(a.automatic()).as(cause.name()).isEqualTo(cause.fixedByGrant());
    }
  }
}
