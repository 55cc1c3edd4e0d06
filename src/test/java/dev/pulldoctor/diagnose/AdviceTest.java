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
  void conditionNotMet_anExpiredGrant_isRenewedNeverMadeUnconditional() {
    Evidence e =
        DecisionRulesTest.seed()
            .repositoryBindings(
                List.of(DecisionRulesTest.conditional(DecisionRulesTest.UNTIL_JUNE)))
            .build();
    Advice a = Advice.of(RootCause.CONDITION_NOT_MET, e, "prod", POD, null);

    assertThat(a.automatic()).isFalse();
    assertThat(a.summary())
        .isEqualTo(
            "Node pool default-pool of cluster prod runs as"
                + " 123456789012-compute@developer.gserviceaccount.com, which may pull from"
                + " acme-prod-417/us-central1/services only through a conditional binding, and the"
                + " condition does not hold now: roles/artifactregistry.reader on repository"
                + " services under the condition \"until June\" (request.time <"
                + " timestamp('2026-06-01T00:00:00Z')): request.time <"
                + " timestamp('2026-06-01T00:00:00Z') is false (request.time is"
                + " 2026-11-21T09:15:00Z).");
    assertThat(a.fix())
        .isEqualTo(
            "Renew or correct the condition: the grant has expired. The command adds the same"
                + " role under a condition that ends in 90 days (choose your own date), then"
                + " remove the expired binding. Do not add an unconditional grant: it would undo"
                + " the limit the condition sets.");
    assertThat(a.commands())
        .containsExactly(
            "gcloud artifacts repositories add-iam-policy-binding services --location us-central1"
                + " --project acme-prod-417"
                + " --member=serviceAccount:123456789012-compute@developer.gserviceaccount.com"
                + " --role=roles/artifactregistry.reader"
                + " --condition='expression=request.time < timestamp(\"2027-02-19T00:00:00Z\"),"
                + "title=until June'");
  }

  @Test
  void conditionNotMet_aNameOfAnotherRepository_isCorrectedToThisOne() {
    Evidence e =
        DecisionRulesTest.seed()
            .repositoryBindings(
                List.of(
                    DecisionRulesTest.conditional(
                        new Condition(
                            "dev",
                            "resource.name.startsWith('projects/acme-prod-417/locations/us-central1/repositories/dev-')"))))
            .build();
    Advice a = Advice.of(RootCause.CONDITION_NOT_MET, e, "prod", POD, null);

    assertThat(a.commands())
        .containsExactly(
            "gcloud artifacts repositories add-iam-policy-binding services --location us-central1"
                + " --project acme-prod-417"
                + " --member=serviceAccount:123456789012-compute@developer.gserviceaccount.com"
                + " --role=roles/artifactregistry.reader --condition='expression=resource.name =="
                + " \"projects/acme-prod-417/locations/us-central1/repositories/services\","
                + "title=this repository'");
  }

  @Test
  void denyPolicy_onTheOrganization_saysWhereAndListsThatAttachmentPoint() {
    Evidence e =
        DecisionRulesTest.seed()
            .ancestry(List.of("folders/8800", "organizations/4455"))
            .denyingRules(
                List.of(
                    "policies/cloudresourcemanager.googleapis.com%2Forganizations%2F4455"
                        + "/denypolicies/no-pulls rule 0, attached to the organization"
                        + " organizations/4455"))
            .denyAttachedTo(List.of("organizations/4455"))
            .build();
    Advice a = Advice.of(RootCause.DENY_POLICY, e, "prod", POD, null);

    assertThat(a.summary())
        .isEqualTo(
            "123456789012-compute@developer.gserviceaccount.com is allowed to pull from"
                + " acme-prod-417/us-central1/services by an allow binding, but an IAM deny policy,"
                + " attached to the organization organizations/4455, blocks"
                + " artifactregistry.repositories.downloadArtifacts"
                + " (policies/cloudresourcemanager.googleapis.com%2Forganizations%2F4455"
                + "/denypolicies/no-pulls rule 0, attached to the organization"
                + " organizations/4455).");
    assertThat(a.commands())
        .containsExactly(
            "gcloud iam policies list"
                + " --attachment-point=cloudresourcemanager.googleapis.com/organizations/4455"
                + " --kind=denypolicies --format=json");
  }

  @Test
  void inspectionDenied_onAFolder_grantsTheRoleOnThatFolder() {
    Evidence e =
        DecisionRulesTest.seed()
            .problem(
                new Evidence.Problem(
                    "GetFolder folders/8800",
                    InspectionFailure.Kind.PERMISSION_DENIED,
                    "resourcemanager.folders.get",
                    "roles/resourcemanager.folderViewer",
                    "permission denied"))
            .build();
    Advice a =
        Advice.of(
            RootCause.INSPECTION_DENIED,
            e,
            "prod",
            POD,
            "pull-doctor@acme-ops.iam.gserviceaccount.com");

    assertThat(a.summary())
        .isEqualTo(
            "Pull Doctor may not look at what it needs: GetFolder folders/8800 was refused"
                + " (resourcemanager.folders.get). Grant its account"
                + " roles/resourcemanager.folderViewer.");
    assertThat(a.commands())
        .containsExactly(
            "gcloud resource-manager folders add-iam-policy-binding 8800"
                + " --member=serviceAccount:pull-doctor@acme-ops.iam.gserviceaccount.com"
                + " --role=roles/resourcemanager.folderViewer");
  }

  @Test
  void inspectionDenied_onTheOrganizationsDenyPolicies_grantsDenyReviewerThere() {
    Evidence e =
        DecisionRulesTest.seed()
            .problem(
                new Evidence.Problem(
                    "ListPolicies"
                        + " policies/cloudresourcemanager.googleapis.com%2Forganizations%2F4455"
                        + "/denypolicies (organizations/4455)",
                    InspectionFailure.Kind.PERMISSION_DENIED,
                    "iam.denypolicies.list",
                    "roles/iam.denyReviewer",
                    "permission denied"))
            .build();
    Advice a =
        Advice.of(RootCause.INSPECTION_DENIED, e, "prod", POD, "pd@ops.iam.gserviceaccount.com");

    assertThat(a.commands())
        .containsExactly(
            "gcloud organizations add-iam-policy-binding 4455"
                + " --member=serviceAccount:pd@ops.iam.gserviceaccount.com"
                + " --role=roles/iam.denyReviewer");
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
