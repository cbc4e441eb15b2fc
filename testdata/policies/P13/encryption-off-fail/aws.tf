provider "aws" {
  region = "eu-west-1"
}

variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_kms_key" "data" {
  description         = "Data at rest"
  enable_key_rotation = true
}

# RDS: storage_encrypted left out (defaults to false).
resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = var.db_password
  skip_final_snapshot = true
}

resource "aws_db_instance" "billing" {
  identifier          = "billing"
  engine              = "mysql"
  engine_version      = "8.0"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 20
  username            = "billing"
  password            = var.db_password
  storage_encrypted   = false
  skip_final_snapshot = true
}

resource "aws_db_instance" "reporting" {
  identifier          = "reporting"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t4g.large"
  allocated_storage   = 100
  username            = "reporting"
  password            = var.db_password
  storage_encrypted   = true
  kms_key_id          = aws_kms_key.data.arn
  skip_final_snapshot = true
}

# A read replica inherits the encryption of its source: storage_encrypted does not apply.
resource "aws_db_instance" "reporting_replica" {
  identifier          = "reporting-replica"
  replicate_source_db = aws_db_instance.reporting.identifier
  instance_class      = "db.t4g.large"
  skip_final_snapshot = true
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier  = "catalog"
  engine              = "aurora-postgresql"
  master_username     = "catalog"
  master_password     = var.db_password
  skip_final_snapshot = true
}

resource "aws_rds_cluster" "inventory" {
  cluster_identifier  = "inventory"
  engine              = "aurora-mysql"
  master_username     = "inventory"
  master_password     = var.db_password
  storage_encrypted   = true
  kms_key_id          = aws_kms_key.data.arn
  skip_final_snapshot = true
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 200
  type              = "gp3"
}

resource "aws_ebs_volume" "journal" {
  availability_zone = "eu-west-1a"
  size              = 50
  type              = "gp3"
  encrypted         = false
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 500
  type              = "gp3"
  encrypted         = true
  kms_key_id        = aws_kms_key.data.arn
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
}

resource "aws_efs_file_system" "home" {
  creation_token = "home"
  encrypted      = true
  kms_key_id     = aws_kms_key.data.arn
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "Session store"
  engine               = "redis"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 2
}

resource "aws_elasticache_replication_group" "rates" {
  replication_group_id       = "rates"
  description                = "Rate limiter"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = false
}

resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "cache"
  description                = "Page cache"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}

# SSE-SQS turned off and no KMS key.
resource "aws_sqs_queue" "events" {
  name                    = "events"
  sqs_managed_sse_enabled = false
}

# SSE-SQS off because the queue uses a KMS key.
resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = aws_kms_key.data.arn
}

# Neither set: SQS-managed encryption is the default.
resource "aws_sqs_queue" "notifications" {
  name = "notifications"
}
