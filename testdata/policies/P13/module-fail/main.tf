provider "aws" {
  region = "eu-west-1"
}

module "public_site" {
  source = "./modules/bucket"
  name   = "acme-public-site"
  acl    = "public-read"
}

module "private_data" {
  source = "./modules/bucket"
  name   = "acme-private-data"
}

module "reporting_db" {
  source              = "./modules/db"
  identifier          = "reporting"
  publicly_accessible = true
}

module "orders_db" {
  source              = "./modules/db"
  identifier          = "orders"
  publicly_accessible = false
}
