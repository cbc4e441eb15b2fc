provider "google" {
  project = "acme-prod"
  region  = "europe-west1"
}

resource "google_compute_firewall" "ssh" {
  name          = "allow-ssh"
  network       = "main"
  source_ranges = var.ssh_source_ranges

  allow {
    protocol = "tcp"
    ports    = ["${local.ssh_port}"]
  }
}
