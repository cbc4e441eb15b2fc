provider "aws" {
  region = "eu-west-1"
}

data "aws_ssm_parameter" "vpn_cidr" {
  name = "/network/vpn-cidr"
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
  acl    = var.bucket_acl

  logging {
    target_bucket = "acme-access-logs"
    target_prefix = "assets/"
  }
}

resource "aws_s3_bucket_versioning" "assets" {
  bucket = aws_s3_bucket.assets.id
  versioning_configuration {
    status = var.versioning_status
  }
}

resource "aws_db_instance" "main" {
  identifier                  = "main"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = var.db_encrypted
  publicly_accessible         = var.db_public
  skip_final_snapshot         = true
}

resource "aws_security_group" "admin" {
  name        = "admin"
  description = "Administration"

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs
  }

  ingress {
    description = "RDP from the VPN"
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = [data.aws_ssm_parameter.vpn_cidr.value]
  }
}

resource "aws_kms_key" "app" {
  description         = "Application data"
  enable_key_rotation = var.rotate_keys
}

resource "aws_iam_policy" "pipeline" {
  name = "pipeline"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = var.policy_actions
        Resource = "*"
      },
    ]
  })
}
