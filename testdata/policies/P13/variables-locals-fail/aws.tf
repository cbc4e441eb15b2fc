provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
  acl    = var.assets_acl

  versioning {
    enabled = true
  }

  logging {
    target_bucket = local.log_bucket
    target_prefix = "assets/"
  }
}

resource "aws_s3_bucket" "backups" {
  bucket = "acme-backups"
  acl    = var.backups_acl

  versioning {
    enabled = true
  }

  logging {
    target_bucket = local.log_bucket
    target_prefix = "backups/"
  }
}

resource "aws_s3_bucket" "website" {
  bucket = "acme-website"

  versioning {
    enabled = true
  }

  logging {
    target_bucket = local.log_bucket
    target_prefix = "website/"
  }
}

resource "aws_s3_bucket_acl" "website" {
  bucket = aws_s3_bucket.website.id
  acl    = var.public_website ? "public-read" : "private"
}

resource "aws_db_instance" "reports" {
  identifier                  = "reports"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "reports"
  manage_master_user_password = true
  storage_encrypted           = true
  publicly_accessible         = var.reports_db_public
  skip_final_snapshot         = true
}

resource "aws_security_group" "admin" {
  name        = "admin"
  description = "Administration"

  ingress {
    description = "SSH"
    from_port   = local.ssh_port
    to_port     = local.ssh_port
    protocol    = "tcp"
    cidr_blocks = [local.admin_cidr]
  }
}

resource "aws_security_group_rule" "admin_rdp" {
  type              = "ingress"
  description       = "RDP from the office"
  from_port         = local.rdp_port
  to_port           = local.rdp_port
  protocol          = "tcp"
  cidr_blocks       = [local.office_cidr]
  security_group_id = aws_security_group.admin.id
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = var.encrypt_volumes
}

resource "aws_kms_key" "app" {
  description         = "Application data"
  enable_key_rotation = var.rotate_keys
}
