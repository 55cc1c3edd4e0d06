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

  @Test
  void hierarchyWorlds_decideThePull_asGoogleEvaluatesAllowDenyAndConditions() {
    record Row(String world, boolean allowed, String deniedAt) {}
    List<Row> rows =
        List.of(
            new Row("missing-reader.json", false, null),
            new Row("grant-on-folder.json", true, null),
            new Row("deny-on-organization.json", false, "organizations/4455"),
            new Row("condition-expired.json", false, null),
            new Row("condition-holds.json", true, null),
            new Row("condition-other-repository.json", false, null),
            new Row("pull-doctor-no-folder-read.json", false, null));
    Principal node = Principal.serviceAccount("123456789012-compute@developer.gserviceaccount.com");
    PolicyKey services = PolicyKey.repository("acme-prod-417", "us-central1/services");
    for (Row r : rows) {
      Iam iam = new Iam(TestWorlds.load(r.world()), ROLES);
      assertThat(iam.allows(node, services, DOWNLOAD)).as(r.world()).isEqualTo(r.allowed());
      assertThat(iam.denyingRule(node, services, DOWNLOAD).map(d -> d.attachedTo().name()))
          .as(r.world())
          .isEqualTo(java.util.Optional.ofNullable(r.deniedAt()));
    }
    // The resource-name condition grants on the repository it names, and only there.
    Iam other = new Iam(TestWorlds.load("condition-other-repository.json"), ROLES);
    assertThat(
            other.allows(node, PolicyKey.repository("acme-prod-417", "us-central1/base"), DOWNLOAD))
        .isTrue();
    // Pull Doctor's roles at the organization reach the folder; without them it sees only the
    // project.
    Principal pullDoctor = Principal.serviceAccount(TestWorlds.PULL_DOCTOR);
    for (String world : List.of("grant-on-folder.json", "pull-doctor-no-folder-read.json")) {
      Iam iam = new Iam(TestWorlds.load(world), ROLES);
      boolean atOrg = world.startsWith("grant");
      assertThat(
              iam.allows(
                  pullDoctor, PolicyKey.folder("folders/8800"), "resourcemanager.folders.get"))
          .as(world)
          .isEqualTo(atOrg);
      assertThat(
              iam.allows(
                  pullDoctor,
                  PolicyKey.organization("organizations/4455"),
                  "resourcemanager.organizations.getIamPolicy"))
          .as(world)
          .isEqualTo(atOrg);
    }
  }
}
