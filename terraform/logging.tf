# Kubernetes events → Log Router sink (function.yaml's filter) → Pub/Sub topic. Eventarc cannot
# trigger on arbitrary log entries (Cloud Audit Logs triggers do not cover Kubernetes events), so
# the sink publishes them to a topic and the function's trigger subscribes to it.

resource "google_pubsub_topic" "events" {
  project = var.project_id
  name    = "${local.function.name}-events"
  labels  = local.labels

  depends_on = [google_project_service.apis]
}

# One sink, at the scope the caller picks: a project, or a folder or organization with its
# children (an aggregated sink, for a fleet spread over many projects).
resource "google_logging_project_sink" "events" {
  count       = var.sink.scope == "project" ? 1 : 0
  project     = coalesce(var.sink.id, var.project_id)
  name        = local.function.name
  description = "Kubernetes image pull failures, for Pull Doctor."
  destination = "pubsub.googleapis.com/${google_pubsub_topic.events.id}"
  filter      = local.function.logFilter
  # A writer identity of its own, so that the publisher grant below names this sink alone.
  unique_writer_identity = true
}

resource "google_logging_folder_sink" "events" {
  count            = var.sink.scope == "folder" ? 1 : 0
  folder           = var.sink.id
  name             = local.function.name
  description      = "Kubernetes image pull failures, for Pull Doctor."
  destination      = "pubsub.googleapis.com/${google_pubsub_topic.events.id}"
  filter           = local.function.logFilter
  include_children = var.sink.include_children
}

resource "google_logging_organization_sink" "events" {
  count            = var.sink.scope == "organization" ? 1 : 0
  org_id           = var.sink.id
  name             = local.function.name
  description      = "Kubernetes image pull failures, for Pull Doctor."
  destination      = "pubsub.googleapis.com/${google_pubsub_topic.events.id}"
  filter           = local.function.logFilter
  include_children = var.sink.include_children
}

locals {
  # Folder and organization sinks always write as an identity of their own.
  sink_writer_identity = one(concat(
    google_logging_project_sink.events[*].writer_identity,
    google_logging_folder_sink.events[*].writer_identity,
    google_logging_organization_sink.events[*].writer_identity,
  ))
}

resource "google_pubsub_topic_iam_member" "sink_publisher" {
  project = var.project_id
  topic   = google_pubsub_topic.events.name
  role    = "roles/pubsub.publisher"
  member  = local.sink_writer_identity
}
