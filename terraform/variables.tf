variable "access_check_method" {
  description = "How to ask whether a node's account may pull: auto, impersonate, troubleshooter or policy. Null: function.yaml's default."
  type        = string
  default     = null
  validation {
    condition = contains(
      ["auto", "impersonate", "troubleshooter", "policy"],
      coalesce(var.access_check_method, "auto")
    )
    error_message = "access_check_method must be one of auto, impersonate, troubleshooter, policy."
  }
}

variable "build_service_account" {
  description = "Account that builds the function (projects/PROJECT/serviceAccounts/EMAIL). Null: Cloud Functions' default."
  type        = string
  default     = null
}

variable "environment_overrides" {
  description = "Environment variables that replace function.yaml's defaults, e.g. { DIAGNOSIS_TTL = \"30m\" }."
  type        = map(string)
  default     = {}
  nullable    = false
  validation {
    condition = length(setintersection(keys(var.environment_overrides), [
      "ACCESS_CHECK_METHOD",
      "EVENTS_COLLECTION",
      "FINDINGS_COLLECTION",
      "FIRESTORE_DATABASE",
      "GOOGLE_CLOUD_PROJECT",
      "LOG_EXECUTION_ID",
      "REMEDIATION_ALLOWED_PAIRS",
      "REMEDIATION_ALLOWED_PROJECTS",
      "REMEDIATION_MAX_PER_HOUR",
      "REMEDIATION_MODE",
    ])) == 0
    error_message = "Set these through access_check_method, firestore and remediation; the collections follow firestore-indexes.json; LOG_EXECUTION_ID is always true."
  }
}

variable "firestore" {
  description = "The findings' Firestore database: create it (Native mode, location_id or the region), and its id (null: function.yaml's)."
  type = object({
    create_database = optional(bool, false)
    database_id     = optional(string)
    location_id     = optional(string)
  })
  default  = {}
  nullable = false
}

variable "function_yaml_path" {
  description = "Path to function.yaml, the function's settings. Null: the one at the root of the Pull Doctor repository."
  type        = string
  default     = null
}

variable "hierarchy_nodes" {
  description = "The folders (folders/NUMBER) and the organization (organizations/NUMBER) above the inspected projects. Pull Doctor reads their ancestry and the allow and deny policies attached there with its inspector role on each (the organization's, so organization_id or an organization sink is needed); without them those reads are refused and a finding says what it could not read (INSPECTION_DENIED)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for node in var.hierarchy_nodes : can(regex("^(folders|organizations)/[0-9]+$", node))])
    error_message = "hierarchy_nodes: each is folders/NUMBER or organizations/NUMBER."
  }
}

variable "impersonation_service_accounts" {
  description = "Node service accounts (emails) Pull Doctor may impersonate for the exact access check: Token Creator on each."
  type        = list(string)
  default     = []
  nullable    = false
  validation {
    condition = alltrue([
      for email in var.impersonation_service_accounts : can(regex("^[^@/]+@[^@/]+$", email))
    ])
    error_message = "impersonation_service_accounts must be service account emails."
  }
}

variable "inspected_projects" {
  description = "Projects whose clusters and repositories Pull Doctor inspects, with read-only roles. Include the host project if it has any."
  type        = list(string)
  nullable    = false
}

variable "labels" {
  description = "Labels for the resources that take them."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "notification_channels" {
  description = "Notification channels (projects/PROJECT/notificationChannels/ID) of the alert policy."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "organization_id" {
  description = "The organization (its NUMBER) to define Pull Doctor's custom roles on, for a project or folder sink; an organization sink uses sink.id. Needed for hierarchy_nodes: only an organization's custom role can hold folder and organization reads. Null: project-level custom roles."
  type        = string
  default     = null

  validation {
    condition     = var.organization_id == null || can(regex("^[0-9]+$", var.organization_id))
    error_message = "organization_id: the organization's NUMBER."
  }
}

variable "project_id" {
  description = "The host project: the function, its topic, Firestore database, metric, alert and dashboard."
  type        = string
}

variable "region" {
  description = "Region of the function, its trigger and its source bucket."
  type        = string
}

variable "remediation" {
  description = "Repair of missing grants: mode off|dry-run|apply (null: function.yaml's), the repositories it may change, and the CLUSTER_PROJECT>REPOSITORY_PROJECT pairs whose clusters it may give a repository of another project."
  type = object({
    allowed_pairs = optional(list(string), [])
    max_per_hour  = optional(number)
    mode          = optional(string)
    repositories  = optional(list(string), [])
  })
  default  = {}
  nullable = false
  validation {
    condition = contains(
      ["off", "dry-run", "apply"],
      coalesce(var.remediation.mode, "off")
    )
    error_message = "remediation.mode must be one of off, dry-run, apply."
  }
  validation {
    condition = alltrue([
      for repository in var.remediation.repositories :
      can(regex("^projects/[^/]+/locations/[^/]+/repositories/[^/]+$", repository))
    ])
    error_message = "remediation.repositories are projects/PROJECT/locations/LOCATION/repositories/NAME."
  }
  validation {
    condition = alltrue([
      for pair in var.remediation.allowed_pairs :
      can(regex("^[a-z][a-z0-9.:-]*[a-z0-9]>[a-z][a-z0-9.:-]*[a-z0-9]$", pair))
    ])
    error_message = "remediation.allowed_pairs are CLUSTER_PROJECT>REPOSITORY_PROJECT, e.g. acme-dev>acme-shared."
  }
}

variable "sink" {
  description = "The Log Router sink: scope project (id: null for project_id), folder or organization (aggregated)."
  type = object({
    scope            = string
    id               = optional(string)
    include_children = optional(bool, true)
  })
  default  = { scope = "project" }
  nullable = false
  validation {
    condition     = contains(["project", "folder", "organization"], var.sink.scope)
    error_message = "sink.scope must be one of project, folder, organization."
  }
  validation {
    condition = (
      var.sink.scope == "project"
      || (var.sink.scope == "folder" && can(regex("^(folders/)?[0-9]+$", var.sink.id)))
      || (var.sink.scope == "organization" && can(regex("^[0-9]+$", var.sink.id)))
    )
    error_message = "sink.id: folders/NUMBER or NUMBER for a folder, the NUMBER of an organization."
  }
}

variable "source_archive_path" {
  description = "Path to the function's source archive, target/pull-doctor-function.zip from mvn package: the function's jar alone, without the CLI, sandbox or dashboard (see README.md)."
  type        = string
}

variable "source_bucket_name" {
  description = "Name of the bucket created for the source archive. Null: derived from project_id."
  type        = string
  default     = null
}
