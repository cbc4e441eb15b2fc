provider "google" {
  project = "acme-prod"
  region  = "europe-west1"
}

resource "google_storage_bucket" "exports" {
  name                        = "acme-prod-exports"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }

  logging {
    log_bucket = "acme-prod-gcs-access-logs"
  }
}

resource "google_storage_bucket_iam_member" "exports_reader" {
  bucket = google_storage_bucket.exports.name
  role   = "roles/storage.objectViewer"
  member = "group:analysts@acme.example"
}

resource "google_storage_bucket_iam_binding" "exports_writers" {
  bucket = google_storage_bucket.exports.name
  role   = "roles/storage.objectCreator"
  members = [
    "serviceAccount:exporter@acme-prod.iam.gserviceaccount.com",
    "projectEditor:acme-prod",
  ]
}

resource "google_storage_bucket" "legacy_reports" {
  name                        = "acme-prod-legacy-reports"
  location                    = "EU"
  uniform_bucket_level_access = false

  versioning {
    enabled = true
  }

  logging {
    log_bucket = "acme-prod-gcs-access-logs"
  }
}

resource "google_storage_bucket_acl" "legacy_reports" {
  bucket = google_storage_bucket.legacy_reports.name
  role_entity = [
    "OWNER:project-owners-123456789012",
    "READER:group-analysts@acme.example",
  ]
}
