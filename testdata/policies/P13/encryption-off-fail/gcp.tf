provider "google" {
  project = "acme-prod"
  region  = "europe-west1"
}

# Persistent disks are always encrypted at rest (Google-managed key by default).
resource "google_compute_disk" "data" {
  name = "data"
  type = "pd-ssd"
  zone = "europe-west1-b"
  size = 200
}
