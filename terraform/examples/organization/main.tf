# A fleet: an aggregated sink on the organization sends every project's image pull failures to
# Pull Doctor in an operations project. Pull Doctor reads the listed cluster and registry
# projects, impersonates the listed node accounts for the exact access check, and repairs missing
# reader grants on the listed repositories only.

module "pull_doctor" {
  source = "../.."

  project_id = var.project_id
  region     = var.region

  sink = {
    scope = "organization"
    id    = var.organization_id
  }
  inspected_projects = var.fleet_projects
  # The folders' and the organization's allow and deny policies: read-only roles granted on the
  # organization reach every folder under it.
  hierarchy_nodes = ["organizations/${var.organization_id}"]

  access_check_method            = "auto"
  impersonation_service_accounts = var.node_service_accounts
  remediation = {
    allowed_pairs = var.remediation_allowed_pairs
    mode          = var.remediation_mode
    repositories  = var.remediation_repositories
  }

  source_archive_path   = "${path.module}/../../../target/pull-doctor-function.zip"
  notification_channels = var.notification_channels
  labels                = { team = "platform" }
}
