# Where findings live: the database (created here only when asked), the composite indexes that
# the dashboard's queries need, and the TTL policy on processed-event records. The queries and
# their indexes are listed once, in firestore-indexes.json, which the Java tests read too.

locals {
  firestore_layout = jsondecode(file("${path.module}/firestore-indexes.json"))
  firestore_indexes = {
    for index in local.firestore_layout.indexes : index.name => index
  }
}

resource "google_firestore_database" "database" {
  count       = var.firestore.create_database ? 1 : 0
  project     = var.project_id
  name        = local.firestore_database
  location_id = coalesce(var.firestore.location_id, var.region)
  type        = "FIRESTORE_NATIVE"
  # The findings are the record of past incidents: a stray destroy must not take them along.
  delete_protection_state = "DELETE_PROTECTION_ENABLED"
  deletion_policy         = "ABANDON"

  depends_on = [google_project_service.apis]
}

resource "google_firestore_index" "findings" {
  for_each    = local.firestore_indexes
  project     = var.project_id
  database    = local.firestore_database
  collection  = each.value.collection
  query_scope = "COLLECTION"

  dynamic "fields" {
    for_each = each.value.fields
    content {
      field_path = fields.value.fieldPath
      order      = fields.value.order
    }
  }

  depends_on = [google_project_service.apis, google_firestore_database.database]
}

# Each processed event id is remembered until expireAt, so that a redelivered event is not
# counted twice; Firestore deletes the record afterwards.
resource "google_firestore_field" "event_ttl" {
  project    = var.project_id
  database   = local.firestore_database
  collection = local.firestore_layout.ttl.collection
  field      = local.firestore_layout.ttl.field

  ttl_config {}

  # Empty: no single-field indexes. Nothing queries expireAt, and indexing a timestamp that
  # grows with every write makes a hotspot.
  index_config {}

  depends_on = [google_project_service.apis, google_firestore_database.database]
}
