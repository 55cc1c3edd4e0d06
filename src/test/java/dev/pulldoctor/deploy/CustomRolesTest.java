package dev.pulldoctor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The custom roles of the deployment are what the table of calls needs today, hold no image
 * download, policy change or data read beyond remediation's, and no broad predefined role comes
 * back (issue 18).
 */
class CustomRolesTest {
  private static final String ACCOUNT = "google_service_account.function";
  private final TerraformModule module = TerraformModule.load(TerraformModule.DIRECTORY);

  @Test
  void rolesJson_isWhatApiPermissionNeedsToday() throws Exception {
    assertThat(Files.readString(CustomRoles.FILE))
        .as("terraform/roles.json; regenerate with dev.pulldoctor.deploy.CustomRoles")
        .isEqualTo(CustomRoles.json(CustomRoles.ofTheCode()));
  }

  @Test
  void theInspector_readsMetadataAndPolicies_only() {
    List<String> inspector = CustomRoles.ofTheCode().get("inspector").permissions();

    assertThat(inspector)
        .isNotEmpty()
        .noneMatch(p -> p.endsWith(".downloadArtifacts"))
        .noneMatch(p -> p.endsWith(".setIamPolicy"))
        .noneMatch(p -> p.startsWith("datastore.") || p.startsWith("storage.objects."))
        .noneMatch(p -> p.equals("secretmanager.versions.access"))
        .noneMatch(p -> p.endsWith(".create") || p.endsWith(".update") || p.endsWith(".delete"))
        .allMatch(p -> p.matches("[a-z]+\\.[a-zA-Z]+\\.(get|list|getIamPolicy)"));
  }

  /**
   * A sandbox world that grants Pull Doctor its inspector defines the role as Terraform does: the
   * project-level permissions of roles.json, no more and no fewer.
   */
  @Test
  void theWorldsInspectorRole_isTerraformsProjectLevelInspector() throws Exception {
    java.util.Set<String> terraform = CustomRoles.permissionsInFile().get("inspector-in-project");
    int worlds = 0;
    try (var files = Files.list(java.nio.file.Path.of("src/test/resources/worlds"))) {
      for (java.nio.file.Path f : files.sorted().toList()) {
        var projects =
            com.google.gson.JsonParser.parseString(Files.readString(f))
                .getAsJsonObject()
                .getAsJsonObject("projects");
        for (String id : projects.keySet()) {
          var roles = projects.getAsJsonObject(id).getAsJsonObject("customRoles");
          if (roles != null && roles.has("pullDoctorInspector")) {
            java.util.Set<String> world = new java.util.TreeSet<>();
            roles
                .getAsJsonObject("pullDoctorInspector")
                .getAsJsonArray("permissions")
                .forEach(p -> world.add(p.getAsString()));
            assertThat(world).as("%s, project %s", f.getFileName(), id).isEqualTo(terraform);
            worlds++;
          }
        }
      }
    }
    assertThat(worlds).as("worlds that grant the inspector").isPositive();
  }

  @Test
  void theRemediator_readsAndChangesARepositorysPolicy_only() {
    assertThat(CustomRoles.ofTheCode().get("remediator").permissions())
        .containsExactly(
            "artifactregistry.repositories.getIamPolicy",
            "artifactregistry.repositories.setIamPolicy");
  }

  @Test
  void theModule_grantsPullDoctorNoBroadRole_andFirestoreOnItsDatabaseOnly() {
    assertThat(CustomRoles.broadGrants(module, ACCOUNT)).isEmpty();
    assertThat(Grants.of(module, ACCOUNT))
        .filteredOn(Grants.Grant::toPullDoctor)
        .anyMatch(g -> g.roles().equals(java.util.Set.of("roles/datastore.user")));
  }

  @Test
  void theCheck_fails_whenABroadRoleComesBack() {
    TerraformModule broad =
        TerraformModule.parse(
            Map.of(
                "iam.tf",
                """
                locals {
                  fleet_roles = ["roles/artifactregistry.reader", "roles/iam.securityReviewer"]
                }

                resource "google_service_account" "function" {
                  account_id = "pull-doctor"
                }

                resource "google_project_iam_member" "fleet" {
                  for_each = toset(local.fleet_roles)
                  project  = "p"
                  role     = each.value
                  member   = "serviceAccount:${google_service_account.function.email}"
                }

                resource "google_project_iam_member" "firestore" {
                  project = var.project_id
                  role    = "roles/datastore.user"
                  member  = "serviceAccount:${google_service_account.function.email}"
                }

                resource "google_artifact_registry_repository_iam_member" "admin" {
                  repository = "r"
                  role       = "roles/artifactregistry.admin"
                  member     = "serviceAccount:${google_service_account.function.email}"
                }
                """));

    assertThat(CustomRoles.broadGrants(broad, ACCOUNT))
        .containsExactlyInAnyOrder(
            "google_project_iam_member.fleet grants Pull Doctor roles/artifactregistry.reader",
            "google_project_iam_member.fleet grants Pull Doctor roles/iam.securityReviewer",
            "google_artifact_registry_repository_iam_member.admin grants Pull Doctor"
                + " roles/artifactregistry.admin",
            "google_project_iam_member.firestore grants Pull Doctor roles/datastore.user on the"
                + " whole project, not under a condition on its database's resource.name");
  }

  @Test
  void everyCustomRole_takesItsPermissionsFromRolesJson_atTheModulesScope() {
    for (String type :
        List.of("google_project_iam_custom_role", "google_organization_iam_custom_role")) {
      for (String key : List.of("inspector", "remediator")) {
        Hcl.Block role = module.resource(type, key);
        assertThat(role.attribute("permissions").soleReference())
            .hasValue(
                "local.custom_roles."
                    + key
                    + (type.startsWith("google_project") ? ".projectPermissions" : ".permissions"));
        assertThat(
                module.deepReferences(
                    role.optionalAttribute("for_each")
                        .or(() -> role.optionalAttribute("count"))
                        .orElseThrow()))
            .as("%s.%s exists at the organization or the projects, never both", type, key)
            .contains("local.organization_roles");
      }
    }
    assertThat(module.local("custom_roles").normalized())
        .isEqualTo("jsondecode(file(\"${path.module}/roles.json\"))");
    assertThat(
            module
                .resource("google_organization_iam_custom_role", "inspector")
                .attribute("org_id")
                .soleReference())
        .hasValue("local.organization_id");
    assertThat(module.deepReferences(module.local("organization_id")))
        .contains("var.sink.id", "var.organization_id");
  }
}
