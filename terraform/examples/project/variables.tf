variable "create_firestore_database" {
  description = "Create the (default) Firestore database; false when the project already has one."
  type        = bool
  default     = true
}

variable "notification_channels" {
  description = "Notification channel ids for the alert policy."
  type        = list(string)
  default     = []
}

variable "project_id" {
  description = "The project that runs both the clusters and Pull Doctor."
  type        = string
}

variable "region" {
  description = "Region of the function."
  type        = string
  default     = "us-central1"
}
