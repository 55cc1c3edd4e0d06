package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Facts of the role table and of the evaluator's matching rules that Pull Doctor relies on. */
class IamTest {

  private static final String DOWNLOAD = "artifactregistry.repositories.downloadArtifacts";
  private static final Roles ROLES = Roles.predefined();

  @Test
  void roleTable_keepsItsSource_andHoldsTheFactsTheRootCausesRestOn() {
    record Fact(String role, String permission, boolean included) {}
    List<Fact> facts =
        List.of(
            new Fact("roles/artifactregistry.reader", DOWNLOAD, true),
            new Fact("roles/artifactregistry.writer", DOWNLOAD, true),
            new Fact("roles/viewer", DOWNLOAD, true),
            new Fact("roles/container.defaultNodeServiceAccount", DOWNLOAD, false),
            new Fact("roles/storage.objectViewer", DOWNLOAD, false),
            new Fact(
                "roles/artifactregistry.repoAdmin",
                "artifactregistry.repositories.setIamPolicy",
                false),
            new Fact(
                "roles/artifactregistry.admin", "artifactregistry.repositories.setIamPolicy", true),
            new Fact(
                "roles/iam.serviceAccountTokenCreator", "iam.serviceAccounts.getAccessToken", true),
            new Fact("roles/iam.securityReviewer", "iam.denypolicies.get", false));
    for (Fact f : facts) {
      assertThat(ROLES.includes(f.role(), f.permission())).as(f.toString()).contains(f.included());
    }
    assertThat(ROLES.source()).startsWith("https://github.com/iann0036/iam-dataset @ ");
  }

  @Test
  void aRoleTheTableLacks_grantsNothing() {
    assertThat(ROLES.includes("roles/made.up", DOWNLOAD)).isEmpty();
  }

  @Test
  void membersAndDenyPrincipals_matchAsIamDoes() {
    Principal sa = Principal.serviceAccount("Nodes@Acme-Prod-417.iam.gserviceaccount.com");

    assertThat(sa.isIn("serviceAccount:nodes@acme-prod-417.iam.gserviceaccount.com")).isTrue();
    assertThat(sa.isIn("allAuthenticatedUsers")).isTrue();
    assertThat(sa.isIn("group:nodes@acme-prod-417.iam.gserviceaccount.com")).isFalse();
    assertThat(sa.isIn("user:nodes@acme-prod-417.iam.gserviceaccount.com")).isFalse();
    assertThat(
            sa.isDeniedAs(
                "principal://iam.googleapis.com/projects/-/serviceAccounts/"
                    + "nodes@acme-prod-417.iam.gserviceaccount.com"))
        .isTrue();
    assertThat(sa.isDeniedAs("principalSet://goog/public:all")).isTrue();
    assertThat(sa.homeProject()).contains("acme-prod-417");
    assertThat(Principal.serviceAccount("123-compute@developer.gserviceaccount.com").homeProject())
        .contains("123");
  }

  @Test
  void denyRules_matchV2PermissionsWithWildcards_andHonourExceptions() {
    Principal sa = Principal.serviceAccount("nodes@acme-prod-417.iam.gserviceaccount.com");
    DenyRule everything =
        new DenyRule(
            List.of("principalSet://goog/public:all"),
            List.of("artifactregistry.googleapis.com/repositories.*"),
            List.of(),
            List.of());
    DenyRule exceptNodes =
        new DenyRule(
            List.of("principalSet://goog/public:all"),
            List.of("artifactregistry.googleapis.com/*"),
            List.of(
                "principal://iam.googleapis.com/projects/-/serviceAccounts/nodes@acme-prod-417.iam.gserviceaccount.com"),
            List.of());

    assertThat(Iam.denies(everything, sa, DOWNLOAD)).isTrue();
    assertThat(Iam.denies(everything, sa, "artifactregistry.tags.list")).isFalse();
    assertThat(Iam.denies(exceptNodes, sa, DOWNLOAD)).isFalse();
    assertThat(Iam.v2Permission("resourcemanager.projects.get"))
        .isEqualTo("cloudresourcemanager.googleapis.com/projects.get");
    assertThat(Iam.v1Permission("cloudresourcemanager.googleapis.com/projects.get"))
        .isEqualTo("resourcemanager.projects.get");
  }
}
