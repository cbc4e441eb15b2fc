provider "google" {
  project = "acme-prod"
  region  = "europe-west1"
}

resource "google_sql_database_instance" "app" {
  name             = "app"
  database_version = "POSTGRES_16"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled = true

      authorized_networks {
        name  = "clients"
        value = var.sql_networks
      }
    }
  }
}
