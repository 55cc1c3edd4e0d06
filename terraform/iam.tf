# Pull Doctor's own identity and what it may do: exactly what the table of API calls in
# dev.pulldoctor.gcp.ApiPermission needs, each at the scope the table gives. In the inspected
# projects and on the remediation repositories that is two custom roles whose permissions are
# generated from the table into roles.json (CustomRolesTest holds the file to the table); in the
# host project a few narrow predefined roles, Firestore's only on Pull Doctor's own database.
# DeploymentContractTest checks, through roles.json and the predefined roles' table, that every
# permission the code needs is in a role granted here, and that no broad role comes back.

locals {
  # The inspector (metadata and policy reads, no image downloads, no policy changes, no data
  # reads) and the remediator (a repository's getIamPolicy and setIamPolicy), generated.
  custom_roles = jsondecode(file("${path.module}/roles.json"))

  # Custom roles live on the organization when there is one to define them on (an organization
  # sink's, or organization_id); otherwise each project that grants one defines it (a project-level
  # custom role can be granted only in its own project, and cannot hold folder or organization
  # permissions: https://cloud.google.com/iam/docs/understanding-custom-roles).
  organization_id    = var.sink.scope == "organization" ? var.sink.id : var.organization_id
  organization_roles = local.organization_id != null

  # ApiPermission.Scope.HOST: the project that runs Pull Doctor. Firestore's role is granted apart,
  # under a condition on the database.
  host_roles = [
    "roles/cloudfunctions.viewer", # read-only: `pull-doctor status` can run as this account
    "roles/errorreporting.writer", # one Error Reporting event per new or changed finding
    "roles/logging.logWriter",     # the structured finding line the metric counts
  ]

  # The projects of the repositories remediation may change, when it applies.
  remediator_projects = (
    local.remediation_mode == "apply"
    ? toset([for repository in var.remediation.repositories : split("/", repository)[1]])
    : toset([])
  )
}

resource "google_service_account" "function" {
  project      = var.project_id
  account_id   = local.function.name
  display_name = "Pull Doctor"
  description  = "Runs the Pull Doctor function: reads the fleet, writes findings."
}

# Eventarc pushes each message as this account; it may invoke the function and nothing else.
resource "google_service_account" "trigger" {
  project      = var.project_id
  account_id   = "${local.function.name}-trigger"
  display_name = "Pull Doctor trigger"
  description  = "Delivers the log sink's Pub/Sub messages to the Pull Doctor function."
}

resource "google_project_iam_member" "host" {
  for_each = toset(local.host_roles)
  project  = var.project_id
  role     = each.value
  member   = local.service_account_member
}

# ApiPermission.Scope.HOST, Firestore: roles/datastore.user on Pull Doctor's own database only.
# Firestore evaluates IAM Conditions on the database's resource name,
# projects/PROJECT_ID/databases/DATABASE_ID (https://cloud.google.com/firestore/docs/manage-databases#configure_access_to_databases,
# https://cloud.google.com/firestore/docs/security/iam): another database of the host project
# stays closed to it.
resource "google_project_iam_member" "firestore" {
  project = var.project_id
  role    = "roles/datastore.user"
  member  = local.service_account_member

  condition {
    title       = "Pull Doctor's Firestore database only"
    description = "Findings, processed-event records and the remediation counter."
    expression  = "resource.name == \"projects/${var.project_id}/databases/${local.firestore_database}\""
  }
}

# ApiPermission.Scope.FLEET: the inspector, in every project whose clusters or repositories Pull
# Doctor inspects.
resource "google_project_iam_custom_role" "inspector" {
  for_each    = local.organization_roles ? toset([]) : toset(var.inspected_projects)
  project     = each.value
  role_id     = "pullDoctorInspector"
  title       = local.custom_roles.inspector.title
  description = local.custom_roles.inspector.description
  # Without the folder and organization reads: a project-level custom role cannot hold them.
  permissions = local.custom_roles.inspector.projectPermissions
}

resource "google_organization_iam_custom_role" "inspector" {
  count       = local.organization_roles ? 1 : 0
  org_id      = local.organization_id
  role_id     = "pullDoctorInspector"
  title       = local.custom_roles.inspector.title
  description = local.custom_roles.inspector.description
  permissions = local.custom_roles.inspector.permissions
}

resource "google_project_iam_member" "fleet" {
  for_each = toset(var.inspected_projects)
  project  = each.value
  role = (
    local.organization_roles
    ? google_organization_iam_custom_role.inspector[0].name
    : google_project_iam_custom_role.inspector[each.value].name
  )
  member = local.service_account_member
}

# ApiPermission.Scope.HIERARCHY: the folders and the organization above the inspected projects,
# whose ancestry and allow and deny policies are read where they are attached (a grant on a project
# does not reach its folder: https://cloud.google.com/iam/docs/resource-hierarchy-access-control).
# The organization's inspector role, which alone can hold those reads; granted on the organization
# it reaches every folder under it.
resource "google_folder_iam_member" "hierarchy" {
  for_each = toset([for node in var.hierarchy_nodes : node if startswith(node, "folders/")])
  folder   = each.value
  role     = google_organization_iam_custom_role.inspector[0].name
  member   = local.service_account_member

  lifecycle {
    precondition {
      condition     = local.organization_roles
      error_message = "hierarchy_nodes needs the organization's custom role: set organization_id, or use an organization sink."
    }
  }
}

resource "google_organization_iam_member" "hierarchy" {
  for_each = toset([for node in var.hierarchy_nodes : trimprefix(node, "organizations/") if startswith(node, "organizations/")])
  org_id   = each.value
  role     = google_organization_iam_custom_role.inspector[0].name
  member   = local.service_account_member

  lifecycle {
    precondition {
      condition     = local.organization_roles
      error_message = "hierarchy_nodes needs the organization's custom role: set organization_id, or use an organization sink."
    }
  }
}

# ApiPermission.Scope.REMEDIATION: changing a repository's allow policy needs its getIamPolicy and
# setIamPolicy, which the remediator holds and nothing more (roles/artifactregistry.admin could
# push and delete images and repositories). Defined and granted only when remediation applies,
# and only on the repositories listed: with remediation off or in dry-run, Pull Doctor cannot
# change any policy.
resource "google_project_iam_custom_role" "remediator" {
  for_each    = local.organization_roles ? toset([]) : local.remediator_projects
  project     = each.value
  role_id     = "pullDoctorRemediator"
  title       = local.custom_roles.remediator.title
  description = local.custom_roles.remediator.description
  permissions = local.custom_roles.remediator.projectPermissions
}

resource "google_organization_iam_custom_role" "remediator" {
  count       = local.organization_roles && local.remediation_mode == "apply" ? 1 : 0
  org_id      = local.organization_id
  role_id     = "pullDoctorRemediator"
  title       = local.custom_roles.remediator.title
  description = local.custom_roles.remediator.description
  permissions = local.custom_roles.remediator.permissions
}

resource "google_artifact_registry_repository_iam_member" "remediation" {
  for_each = (
    local.remediation_mode == "apply"
    ? toset(var.remediation.repositories)
    : toset([])
  )
  project    = split("/", each.value)[1]
  location   = split("/", each.value)[3]
  repository = split("/", each.value)[5]
  role = (
    local.organization_roles
    ? google_organization_iam_custom_role.remediator[0].name
    : google_project_iam_custom_role.remediator[split("/", each.value)[1]].name
  )
  member = local.service_account_member
}

# ApiPermission.Scope.NODE_ACCOUNTS: the exact access check impersonates a node pool's account
# (generateAccessToken, then testIamPermissions as that account). Opt-in, account by account: only
# on the accounts listed; without them the check falls back to the troubleshooter or to reading
# the policies. Token Creator on a node account lets Pull Doctor act as that account — pull every
# image the account may pull, and call any API the account may call — for an hour per token.
resource "google_service_account_iam_member" "impersonation" {
  for_each           = toset(var.impersonation_service_accounts)
  service_account_id = "projects/-/serviceAccounts/${each.value}"
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.service_account_member
}
