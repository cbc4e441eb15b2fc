provider "google" {
  project = "acme-prod"
  region  = "europe-west1"
}

resource "google_storage_bucket" "assets" {
  name                        = "acme-prod-assets"
  location                    = "EU"
  uniform_bucket_level_access = true

  versioning {
    enabled = true
  }

  logging {
    log_bucket = "acme-prod-gcs-access-logs"
  }
}

resource "google_storage_bucket_iam_member" "assets_public" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "google_storage_bucket_iam_member" "assets_ci" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:ci-deployer@acme-prod.iam.gserviceaccount.com"
}

resource "google_storage_bucket_iam_binding" "assets_readers" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.legacyBucketReader"
  members = [
    "group:data-team@acme.example",
    "allAuthenticatedUsers",
  ]
}

resource "google_storage_bucket_iam_binding" "assets_writers" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectCreator"
  members = [
    "group:content-editors@acme.example",
  ]
}

# Fine-grained (ACL) bucket.
resource "google_storage_bucket" "legacy_media" {
  name                        = "acme-prod-legacy-media"
  location                    = "EU"
  uniform_bucket_level_access = false

  versioning {
    enabled = true
  }

  logging {
    log_bucket = "acme-prod-gcs-access-logs"
  }
}

resource "google_storage_bucket_acl" "legacy_media" {
  bucket = google_storage_bucket.legacy_media.name
  role_entity = [
    "OWNER:project-owners-123456789012",
    "READER:allUsers",
  ]
}
