provider "aws" {
  region = "eu-west-1"
}

# Versioned, but no access logging at all.
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  versioning_configuration {
    status = "Enabled"
  }
}

# Logged through aws_s3_bucket_logging referring to `.bucket`.
resource "aws_s3_bucket" "media" {
  bucket = "acme-media"
}

resource "aws_s3_bucket_versioning" "media" {
  bucket = aws_s3_bucket.media.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "media" {
  bucket        = aws_s3_bucket.media.bucket
  target_bucket = "acme-access-logs"
  target_prefix = "media/"
}

# Logged through aws_s3_bucket_logging naming the same bucket literally.
resource "aws_s3_bucket" "exports" {
  bucket = "acme-exports"
}

resource "aws_s3_bucket_versioning" "exports" {
  bucket = aws_s3_bucket.exports.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "exports" {
  bucket        = "acme-exports"
  target_bucket = "acme-access-logs"
  target_prefix = "exports/"
}

# Legacy inline logging block.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"

  versioning {
    enabled = true
  }

  logging {
    target_bucket = "acme-access-logs"
    target_prefix = "legacy/"
  }
}

# A logging resource for a bucket that is not this one.
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"

  versioning {
    enabled = true
  }
}

resource "aws_s3_bucket_logging" "elsewhere" {
  bucket        = "acme-scratch-old"
  target_bucket = "acme-access-logs"
  target_prefix = "scratch-old/"
}

resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = "acme-cloudtrail-logs"
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  enable_logging                = false
}

# enable_logging left out: defaults to true.
resource "aws_cloudtrail" "data_events" {
  name                       = "data-events"
  s3_bucket_name             = "acme-cloudtrail-logs"
  enable_log_file_validation = true
}
