provider "google" {
  project = "acme-prod"
  region  = "europe-west1"
}

resource "google_kms_key_ring" "main" {
  name     = "main"
  location = "europe-west1"
}

resource "google_kms_crypto_key" "app" {
  name            = "app"
  key_ring        = google_kms_key_ring.main.id
  rotation_period = "2592000s"
}
