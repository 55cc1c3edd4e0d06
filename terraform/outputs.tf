output "function" {
  description = "The Cloud Function: its id, name and the Cloud Run service that serves it."
  value = {
    id      = google_cloudfunctions2_function.function.id
    name    = google_cloudfunctions2_function.function.name
    service = google_cloudfunctions2_function.function.service_config[0].service
  }
}

output "service_account" {
  description = "Pull Doctor's service account: the one an INSPECTION_DENIED finding asks a role for."
  value = {
    email  = google_service_account.function.email
    member = local.service_account_member
  }
}

output "sink_writer_identity" {
  description = "The identity the log sink writes as; it may publish to the topic."
  value       = local.sink_writer_identity
}

output "topic" {
  description = "The Pub/Sub topic between the log sink and the function's trigger."
  value = {
    id   = google_pubsub_topic.events.id
    name = google_pubsub_topic.events.name
  }
}
