locals {
  services = [
    # The platform the function runs on: build, image storage, runtime, trigger, transport,
    # source bucket, log routing and monitoring.
    "artifactregistry.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "eventarc.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "storage.googleapis.com",
    # The APIs the function calls (dev.pulldoctor.gcp.ApiPermission): a call made with the
    # function's own credentials needs the API enabled in the project of those credentials,
    # whichever project the resource it reads lives in.
    "clouderrorreporting.googleapis.com",
    "cloudkms.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "container.googleapis.com",
    "firestore.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "policytroubleshooter.googleapis.com",
    "secretmanager.googleapis.com",
  ]
}

resource "google_project_service" "apis" {
  for_each = toset(local.services)
  project  = var.project_id
  service  = each.value
  # Other workloads of the host project may use the same APIs: destroying Pull Doctor must not
  # turn them off.
  disable_on_destroy = false
}
