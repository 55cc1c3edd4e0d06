package dev.pulldoctor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.deploy.PermissionCoverage.Gap;
import dev.pulldoctor.deploy.PermissionCoverage.Need;
import dev.pulldoctor.gcp.ApiPermission.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The permission check fails when it should: a permission that no granted role covers, a role
 * granted at the wrong scope, a privileged grant without its gate.
 */
class DeploymentPermissionCoverageTest {

  private static final Map<String, Set<String>> ROLES =
      Map.of(
          "roles/container.clusterViewer",
              Set.of("container.clusters.get", "container.clusters.list"),
          "roles/datastore.user", Set.of("datastore.entities.get", "datastore.entities.create"));

  @Test
  void uncovered_isEmpty_whenEveryPermissionIsInARoleGrantedAtItsScope() {
    List<Need> needs =
        List.of(
            new Need("CONTAINER_GET_CLUSTER", Scope.FLEET, List.of("container.clusters.get")),
            new Need("FIRESTORE", Scope.HOST, List.of("datastore.entities.create")),
            new Need("NEEDS_NOTHING", Scope.FLEET, List.of()));
    Map<Scope, Set<String>> granted =
        Map.of(
            Scope.FLEET, Set.of("roles/container.clusterViewer"),
            Scope.HOST, Set.of("roles/datastore.user"));

    assertThat(PermissionCoverage.uncovered(needs, granted, ROLES)).isEmpty();
  }

  @Test
  void uncovered_namesThePermission_whenNoGrantedRoleContainsIt() {
    List<Need> needs =
        List.of(
            new Need(
                "CONTAINER_UPDATE_CLUSTER",
                Scope.FLEET,
                List.of("container.clusters.get", "container.clusters.update")));
    Map<Scope, Set<String>> granted = Map.of(Scope.FLEET, Set.of("roles/container.clusterViewer"));

    assertThat(PermissionCoverage.uncovered(needs, granted, ROLES))
        .containsExactly(
            new Gap("CONTAINER_UPDATE_CLUSTER", Scope.FLEET, "container.clusters.update"));
  }

  @Test
  void uncovered_namesThePermission_whenItsRoleIsGrantedAtAnotherScopeOnly() {
    List<Need> needs =
        List.of(new Need("FIRESTORE", Scope.FLEET, List.of("datastore.entities.get")));
    Map<Scope, Set<String>> granted = Map.of(Scope.HOST, Set.of("roles/datastore.user"));

    assertThat(PermissionCoverage.uncovered(needs, granted, ROLES))
        .extracting(Gap::permission)
        .containsExactly("datastore.entities.get");
  }

  @Test
  void aRoleTheTableDoesNotList_coversNothing() {
    List<Need> needs = List.of(new Need("CALL", Scope.HOST, List.of("datastore.entities.get")));
    Map<Scope, Set<String>> granted = Map.of(Scope.HOST, Set.of("roles/made.up"));

    assertThat(PermissionCoverage.uncovered(needs, granted, ROLES)).hasSize(1);
  }

  @Test
  void theDeployedGrants_failTheCheck_whenTheCodeNeedsOneMorePermission() {
    TerraformModule module = TerraformModule.load(TerraformModule.DIRECTORY);
    Map<Scope, Set<String>> granted =
        Grants.pullDoctorRolesByScope(Grants.of(module, "google_service_account.function"));
    List<Need> needs = new ArrayList<>(PermissionCoverage.needsOfTheCode());
    assertThat(PermissionCoverage.uncovered(needs, granted, CustomRoles.roleTableWithCustomRoles()))
        .isEmpty();

    // A table row the read-only fleet roles cannot serve: changing a repository's policy.
    needs.add(
        new Need(
            "ARTIFACT_REGISTRY_SET_IAM_POLICY_IN_THE_FLEET",
            Scope.FLEET,
            List.of("artifactregistry.repositories.setIamPolicy")));
    // And one whose role exists only in another scope.
    needs.add(
        new Need(
            "ERROR_REPORTING_FROM_THE_FLEET",
            Scope.FLEET,
            List.of("errorreporting.errorEvents.create")));

    assertThat(PermissionCoverage.uncovered(needs, granted, CustomRoles.roleTableWithCustomRoles()))
        .containsExactly(
            new Gap(
                "ARTIFACT_REGISTRY_SET_IAM_POLICY_IN_THE_FLEET",
                Scope.FLEET,
                "artifactregistry.repositories.setIamPolicy"),
            new Gap(
                "ERROR_REPORTING_FROM_THE_FLEET",
                Scope.FLEET,
                "errorreporting.errorEvents.create"));
  }

  @Test
  void privilegedGrants_areReported_whenNoVariableGatesThem() {
    TerraformModule module =
        TerraformModule.parse(
            Map.of(
                "iam.tf",
                """
                resource "google_artifact_registry_repository_iam_member" "always" {
                  for_each   = toset(var.remediation.repositories)
                  repository = each.value
                  role       = "roles/artifactregistry.admin"
                  member     = "serviceAccount:x"
                }

                resource "google_artifact_registry_repository_iam_member" "dry_run_too" {
                  for_each = (
                    var.remediation.mode != "off"
                    ? toset(var.remediation.repositories)
                    : toset([])
                  )
                  repository = each.value
                  role       = "roles/artifactregistry.admin"
                  member     = "serviceAccount:x"
                }

                resource "google_artifact_registry_repository_iam_member" "inverted" {
                  for_each = (
                    var.remediation.mode != "apply"
                    ? toset(var.remediation.repositories)
                    : toset([])
                  )
                  repository = each.value
                  role       = "roles/artifactregistry.admin"
                  member     = "serviceAccount:x"
                }

                resource "google_project_iam_member" "admin_everywhere" {
                  project = var.project_id
                  role    = "roles/artifactregistry.admin"
                  member  = "serviceAccount:x"
                }

                resource "google_service_account_iam_member" "fixed_accounts" {
                  for_each           = toset(concat(var.impersonation_service_accounts, local.extra))
                  service_account_id = each.value
                  role               = "roles/iam.serviceAccountTokenCreator"
                  member             = "serviceAccount:x"
                }

                locals {
                  extra = ["node@p.iam.gserviceaccount.com"]
                }
                """));

    assertThat(Grants.ungatedPrivilegedGrants(module))
        .hasSize(5)
        .anyMatch(p -> p.contains(".always ") && p.contains("not granted under a condition"))
        .anyMatch(p -> p.contains(".dry_run_too ") && p.contains("does not ask for"))
        .anyMatch(p -> p.contains(".inverted ") && p.contains("does not ask for"))
        .anyMatch(p -> p.contains(".admin_everywhere ") && p.contains("neither count nor for_each"))
        .anyMatch(p -> p.contains(".fixed_accounts ") && p.contains("other accounts"));
  }

  @Test
  void privilegedGrants_passTheCheck_behindTheirGates() {
    TerraformModule module =
        TerraformModule.parse(
            Map.of(
                "iam.tf",
                """
                locals {
                  mode = coalesce(var.remediation.mode, "dry-run")
                }

                resource "google_artifact_registry_repository_iam_member" "remediation" {
                  for_each = (
                    local.mode == "apply"
                    ? toset(var.remediation.repositories)
                    : toset([])
                  )
                  repository = each.value
                  role       = "roles/artifactregistry.admin"
                  member     = "serviceAccount:x"
                }

                resource "google_service_account_iam_member" "impersonation" {
                  for_each           = toset(var.impersonation_service_accounts)
                  service_account_id = "projects/-/serviceAccounts/${each.value}"
                  role               = "roles/iam.serviceAccountTokenCreator"
                  member             = "serviceAccount:x"
                }
                """));

    assertThat(Grants.ungatedPrivilegedGrants(module)).isEmpty();
  }
}
