provider "aws" {
  region = "eu-west-1"
}

# Logged, never versioned.
resource "aws_s3_bucket" "builds" {
  bucket = "acme-builds"
}

resource "aws_s3_bucket_logging" "builds" {
  bucket        = aws_s3_bucket.builds.id
  target_bucket = "acme-access-logs"
  target_prefix = "builds/"
}

# Versioning suspended.
resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"
}

resource "aws_s3_bucket_logging" "archive" {
  bucket        = aws_s3_bucket.archive.id
  target_bucket = "acme-access-logs"
  target_prefix = "archive/"
}

resource "aws_s3_bucket_versioning" "archive" {
  bucket = aws_s3_bucket.archive.id
  versioning_configuration {
    status = "Suspended"
  }
}

# Versioning enabled.
resource "aws_s3_bucket" "state" {
  bucket = "acme-terraform-state"
}

resource "aws_s3_bucket_logging" "state" {
  bucket        = aws_s3_bucket.state.id
  target_bucket = "acme-access-logs"
  target_prefix = "state/"
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    status = "Enabled"
  }
}

# Legacy inline block, disabled.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"

  versioning {
    enabled = false
  }

  logging {
    target_bucket = "acme-access-logs"
    target_prefix = "legacy/"
  }
}

# Legacy inline block, enabled.
resource "aws_s3_bucket" "docs" {
  bucket = "acme-docs"

  versioning {
    enabled = true
  }

  logging {
    target_bucket = "acme-access-logs"
    target_prefix = "docs/"
  }
}
