provider "google" {
  project = "acme-prod"
  region  = "europe-west1"
}

resource "google_storage_bucket" "raw" {
  name                        = "acme-prod-raw"
  location                    = "EU"
  uniform_bucket_level_access = true

  versioning {
    enabled = true
  }
}

resource "google_storage_bucket" "curated" {
  name                        = "acme-prod-curated"
  location                    = "EU"
  uniform_bucket_level_access = true

  versioning {
    enabled = true
  }

  logging {
    log_bucket        = "acme-prod-gcs-access-logs"
    log_object_prefix = "curated"
  }
}
