provider "google" {
  project = "acme-prod"
  region  = "europe-west1"
}

resource "google_compute_network" "main" {
  name                    = "main"
  auto_create_subnetworks = false
}

resource "google_compute_firewall" "allow_ssh" {
  name          = "allow-ssh"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

# HTTP and MySQL in the same allow block.
resource "google_compute_firewall" "allow_web_mysql" {
  name          = "allow-web-mysql"
  network       = google_compute_network.main.name
  direction     = "INGRESS"
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["80", "3306"]
  }
}

# A range covering 5432 and 5984.
resource "google_compute_firewall" "allow_db_range" {
  name          = "allow-db-range"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["5000-6000"]
  }
}

resource "google_compute_firewall" "allow_all" {
  name          = "allow-all"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "all"
  }
}

# TCP without ports: every TCP port, from all of IPv6.
resource "google_compute_firewall" "allow_tcp_v6" {
  name          = "allow-tcp-v6"
  network       = google_compute_network.main.name
  source_ranges = ["::/0"]

  allow {
    protocol = "tcp"
  }
}

# SSH from anywhere, but the rule is disabled.
resource "google_compute_firewall" "allow_ssh_disabled" {
  name          = "allow-ssh-disabled"
  network       = google_compute_network.main.name
  disabled      = true
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "allow_ssh_internal" {
  name          = "allow-ssh-internal"
  network       = google_compute_network.main.name
  source_ranges = ["10.128.0.0/9"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "allow_https" {
  name          = "allow-https"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

resource "google_compute_firewall" "allow_dns_udp" {
  name          = "allow-dns-udp"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "udp"
    ports    = ["53"]
  }
}

resource "google_compute_firewall" "egress_ssh" {
  name               = "egress-ssh"
  network            = google_compute_network.main.name
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
