provider "aws" {
  region = "eu-west-1"
}

variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "legacy_crm" {
  identifier          = "legacy-crm"
  engine              = "mysql"
  engine_version      = "8.0"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 20
  username            = "crm"
  password            = var.db_password
  storage_encrypted   = true
  publicly_accessible = true
  skip_final_snapshot = true
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = var.db_password
  storage_encrypted   = true
  publicly_accessible = false
  skip_final_snapshot = true
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier  = "catalog"
  engine              = "aurora-postgresql"
  master_username     = "catalog"
  master_password     = var.db_password
  storage_encrypted   = true
  skip_final_snapshot = true
}

resource "aws_rds_cluster_instance" "catalog_writer" {
  identifier          = "catalog-writer"
  cluster_identifier  = aws_rds_cluster.catalog.id
  engine              = aws_rds_cluster.catalog.engine
  instance_class      = "db.r6g.large"
  publicly_accessible = true
}

resource "aws_rds_cluster_instance" "catalog_reader" {
  identifier         = "catalog-reader"
  cluster_identifier = aws_rds_cluster.catalog.id
  engine             = aws_rds_cluster.catalog.engine
  instance_class     = "db.r6g.large"
}

resource "aws_redshift_cluster" "analytics" {
  cluster_identifier  = "analytics"
  node_type           = "ra3.xlplus"
  number_of_nodes     = 2
  master_username     = "analytics"
  master_password     = var.db_password
  encrypted           = true
  publicly_accessible = true
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier  = "warehouse"
  node_type           = "ra3.xlplus"
  number_of_nodes     = 2
  master_username     = "warehouse"
  master_password     = var.db_password
  encrypted           = true
  publicly_accessible = false
}

# publicly_accessible left out.
resource "aws_redshift_cluster" "sandbox" {
  cluster_identifier = "sandbox"
  node_type          = "ra3.xlplus"
  number_of_nodes    = 1
  master_username    = "sandbox"
  master_password    = var.db_password
  encrypted          = true
}
