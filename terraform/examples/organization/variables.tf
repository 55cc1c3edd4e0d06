variable "fleet_projects" {
  description = "Projects that run clusters or hold Artifact Registry repositories."
  type        = list(string)
}

variable "node_service_accounts" {
  description = "Node pool service accounts Pull Doctor may impersonate for the exact access check."
  type        = list(string)
  default     = []
}

variable "notification_channels" {
  description = "Notification channel ids for the alert policy."
  type        = list(string)
  default     = []
}

variable "organization_id" {
  description = "The organization's number, for the aggregated sink."
  type        = string
}

variable "project_id" {
  description = "The operations project that runs Pull Doctor."
  type        = string
}

variable "region" {
  description = "Region of the function."
  type        = string
  default     = "europe-west1"
}

variable "remediation_allowed_pairs" {
  description = "CLUSTER_PROJECT>REPOSITORY_PROJECT pairs whose clusters remediation may give a repository of another project."
  type        = list(string)
  default     = []
}

variable "remediation_mode" {
  description = "off, dry-run or apply."
  type        = string
  default     = "dry-run"
}

variable "remediation_repositories" {
  description = "Repositories Pull Doctor may repair when remediation_mode is apply, as projects/P/locations/L/repositories/R."
  type        = list(string)
  default     = []
}
