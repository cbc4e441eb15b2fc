provider "google" {
  project = "acme-prod"
  region  = "europe-west1"
}

resource "google_kms_key_ring" "main" {
  name     = "main"
  location = "europe-west1"
}

resource "google_kms_crypto_key" "app" {
  name     = "app"
  key_ring = google_kms_key_ring.main.id
}

# One year.
resource "google_kms_crypto_key" "archive" {
  name            = "archive"
  key_ring        = google_kms_key_ring.main.id
  rotation_period = "31536000s"
}

# Exactly 90 days.
resource "google_kms_crypto_key" "data" {
  name            = "data"
  key_ring        = google_kms_key_ring.main.id
  rotation_period = "7776000s"
}
