# The smallest deployment: Pull Doctor watches the clusters of the project it runs in, with a
# project sink, read-only roles and remediation in dry-run (function.yaml's default).

module "pull_doctor" {
  source = "../.."

  project_id         = var.project_id
  region             = var.region
  inspected_projects = [var.project_id]

  # Built by `mvn -B -DskipTests package` and `jar` (see the module's README.md).
  source_archive_path   = "${path.module}/../../../target/pull-doctor-function.zip"
  notification_channels = var.notification_channels

  firestore = {
    create_database = var.create_firestore_database
  }
}
