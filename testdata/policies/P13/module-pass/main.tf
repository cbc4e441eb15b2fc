provider "aws" {
  region = "eu-west-1"
}

module "site" {
  source = "./modules/bucket"
  name   = "acme-site"
}

module "data" {
  source = "./modules/bucket"
  name   = "acme-data"
  acl    = "log-delivery-write"
}

# The module's storage_encrypted defaults to false; both calls turn it on.
module "reporting_db" {
  source            = "./modules/db"
  identifier        = "reporting"
  storage_encrypted = true
}

module "orders_db" {
  source            = "./modules/db"
  identifier        = "orders"
  storage_encrypted = true
}
