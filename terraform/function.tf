# The function itself: its source archive, the 2nd-gen function with a Pub/Sub trigger on the
# sink's topic, and the trigger's right to invoke it.

resource "google_storage_bucket" "source" {
  project = var.project_id
  name = coalesce(
    var.source_bucket_name,
    "${var.project_id}-${local.function.name}-source"
  )
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  labels                      = local.labels

  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket_object" "source" {
  # Named after its content: the function is rebuilt when, and only when, the archive changes.
  name   = "${local.function.name}-${filemd5(var.source_archive_path)}.zip"
  bucket = google_storage_bucket.source.name
  source = var.source_archive_path
}

resource "google_cloudfunctions2_function" "function" {
  project     = var.project_id
  location    = var.region
  name        = local.function.name
  description = "Diagnoses GKE pods that cannot pull their image from Artifact Registry."
  labels      = local.labels

  build_config {
    runtime         = local.function.runtime
    entry_point     = local.function.entryPoint
    service_account = var.build_service_account
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.source.name
      }
    }
  }

  service_config {
    available_memory   = local.function.memory
    timeout_seconds    = local.function.timeoutSeconds
    max_instance_count = local.function.maxInstances
    min_instance_count = local.function.minInstances
    # Concurrent requests per instance need a full vCPU (function.yaml says why).
    max_instance_request_concurrency = local.function.concurrency
    available_cpu                    = local.function.cpu
    service_account_email            = google_service_account.function.email
    environment_variables            = local.environment
    # Only Eventarc calls the function; its Pub/Sub pushes from this project count as internal.
    ingress_settings               = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
  }

  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = google_pubsub_topic.events.id
    service_account_email = google_service_account.trigger.email
    # Redeliver when the function throws (a transient Google API failure): off by default, and
    # then a thrown event is lost. MAX_EVENT_AGE in the environment bounds how long it goes on.
    retry_policy = local.function.retryPolicy
  }

  depends_on = [
    google_project_service.apis,
    # The first events may arrive as soon as the function exists: let it write its findings.
    google_project_iam_member.host,
  ]
}

# A 2nd-gen function is served by a Cloud Run service of the same name; Eventarc's push needs
# run.invoker on that service.
resource "google_cloud_run_v2_service_iam_member" "trigger_invoker" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.function.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.trigger.email}"
}
