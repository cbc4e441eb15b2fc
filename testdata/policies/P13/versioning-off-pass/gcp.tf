provider "google" {
  project = "acme-prod"
  region  = "europe-west1"
}

resource "google_storage_bucket" "releases" {
  name                        = "acme-prod-releases"
  location                    = "EU"
  uniform_bucket_level_access = true

  versioning {
    enabled = true
  }

  logging {
    log_bucket = "acme-prod-gcs-access-logs"
  }
}
