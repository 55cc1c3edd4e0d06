# Pull Doctor's own identity and what it may do: exactly the roles that the table of API calls in
# dev.pulldoctor.gcp.ApiPermission names, each at the scope the table gives. DeploymentContractTest
# holds the two together and checks, through roles.json, that every permission the code needs is
# in a role granted here. Everything granted by default is read-only, except writing Pull Doctor's
# own findings, error events and log lines in the host project.

locals {
  # ApiPermission.Scope.HOST: the project that runs Pull Doctor.
  host_roles = [
    "roles/cloudfunctions.viewer", # read-only: `pull-doctor status` can run as this account
    "roles/datastore.user",        # findings and processed-event records in Firestore
    "roles/errorreporting.writer", # one Error Reporting event per new or changed finding
    "roles/logging.logWriter",     # the structured finding line the metric counts
  ]

  # ApiPermission.Scope.FLEET: every project whose clusters or repositories Pull Doctor inspects.
  fleet_roles = [
    "roles/artifactregistry.reader",      # repositories, tags, images, rules: do they exist, and where
    "roles/cloudkms.viewer",              # a CMEK repository's key: its primary version's state
    "roles/container.clusterViewer",      # clusters, node pools, their accounts, scopes and groups
    "roles/iam.denyReviewer",             # deny policies, read in full by the troubleshooter
    "roles/iam.securityReviewer",         # allow policies of repositories, projects, secrets, keys
    "roles/resourcemanager.folderViewer", # a folder's parent, walking a project's ancestry
    "roles/secretmanager.viewer",         # a remote repository's credential: its version's state
  ]

  fleet_grants = {
    for pair in setproduct(var.inspected_projects, local.fleet_roles) :
    "${pair[0]} ${pair[1]}" => { project = pair[0], role = pair[1] }
  }
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

resource "google_project_iam_member" "fleet" {
  for_each = local.fleet_grants
  project  = each.value.project
  role     = each.value.role
  member   = local.service_account_member
}

# ApiPermission.Scope.REMEDIATION: changing a repository's allow policy needs
# roles/artifactregistry.admin on it (repoAdmin lacks setIamPolicy). Granted only when remediation
# applies, and only on the repositories listed: with remediation off or in dry-run, Pull Doctor
# cannot change any policy.
resource "google_artifact_registry_repository_iam_member" "remediation" {
  for_each = (
    local.remediation_mode == "apply"
    ? toset(var.remediation.repositories)
    : toset([])
  )
  project    = split("/", each.value)[1]
  location   = split("/", each.value)[3]
  repository = split("/", each.value)[5]
  role       = "roles/artifactregistry.admin"
  member     = local.service_account_member
}

# ApiPermission.Scope.NODE_ACCOUNTS: the exact access check impersonates a node pool's account
# (generateAccessToken, then testIamPermissions as that account). Only on the accounts listed;
# without them the check falls back to the troubleshooter or to reading the policies.
resource "google_service_account_iam_member" "impersonation" {
  for_each           = toset(var.impersonation_service_accounts)
  service_account_id = "projects/-/serviceAccounts/${each.value}"
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.service_account_member
}
