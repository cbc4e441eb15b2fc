provider "aws" {
  region = "eu-west-1"
}

# Legacy inline ACL: public-read.
resource "aws_s3_bucket" "press_kit" {
  bucket = "acme-press-kit"
  acl    = "public-read"

  versioning {
    enabled = true
  }

  logging {
    target_bucket = "acme-access-logs"
    target_prefix = "press-kit/"
  }
}

# Legacy inline ACL: private.
resource "aws_s3_bucket" "invoices" {
  bucket = "acme-invoices"
  acl    = "private"

  versioning {
    enabled = true
  }

  logging {
    target_bucket = "acme-access-logs"
    target_prefix = "invoices/"
  }
}

# Legacy inline policy readable by anyone.
resource "aws_s3_bucket" "mirror" {
  bucket = "acme-mirror"

  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PublicRead",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::acme-mirror/*"
    }
  ]
}
POLICY

  versioning {
    enabled = true
  }

  logging {
    target_bucket = "acme-access-logs"
    target_prefix = "mirror/"
  }
}

# Provider v5 style: separate aws_s3_bucket_* resources.
resource "aws_s3_bucket" "downloads" {
  bucket = "acme-downloads"
}

resource "aws_s3_bucket_versioning" "downloads" {
  bucket = aws_s3_bucket.downloads.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "downloads" {
  bucket        = aws_s3_bucket.downloads.id
  target_bucket = "acme-access-logs"
  target_prefix = "downloads/"
}

resource "aws_s3_bucket_ownership_controls" "downloads" {
  bucket = aws_s3_bucket.downloads.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "downloads" {
  depends_on = [aws_s3_bucket_ownership_controls.downloads]

  bucket = aws_s3_bucket.downloads.id
  acl    = "public-read-write"
}

# Grants to every AWS account holder (AuthenticatedUsers) and to one canonical user.
resource "aws_s3_bucket" "partners" {
  bucket = "acme-partners"
}

resource "aws_s3_bucket_versioning" "partners" {
  bucket = aws_s3_bucket.partners.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "partners" {
  bucket        = aws_s3_bucket.partners.id
  target_bucket = "acme-access-logs"
  target_prefix = "partners/"
}

resource "aws_s3_bucket_acl" "partners" {
  bucket = aws_s3_bucket.partners.id

  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
      }
      permission = "READ"
    }

    grant {
      grantee {
        id   = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
        type = "CanonicalUser"
      }
      permission = "FULL_CONTROL"
    }

    owner {
      id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    }
  }
}

# Private canned ACL, and a public access block with two settings left out (absent = false).
resource "aws_s3_bucket" "internal" {
  bucket = "acme-internal"
}

resource "aws_s3_bucket_versioning" "internal" {
  bucket = aws_s3_bucket.internal.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "internal" {
  bucket        = aws_s3_bucket.internal.id
  target_bucket = "acme-access-logs"
  target_prefix = "internal/"
}

resource "aws_s3_bucket_acl" "internal" {
  bucket = aws_s3_bucket.internal.id
  acl    = "private"
}

resource "aws_s3_bucket_public_access_block" "internal" {
  bucket = aws_s3_bucket.internal.id

  block_public_acls   = true
  block_public_policy = true
}

# Static website: a policy readable by anyone (jsonencode) and a public access block that lets it.
resource "aws_s3_bucket" "website" {
  bucket = "acme-website"
}

resource "aws_s3_bucket_versioning" "website" {
  bucket = aws_s3_bucket.website.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "website" {
  bucket        = aws_s3_bucket.website.id
  target_bucket = "acme-access-logs"
  target_prefix = "website/"
}

resource "aws_s3_bucket_public_access_block" "website" {
  bucket = aws_s3_bucket.website.id

  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_s3_bucket_policy" "website" {
  bucket = aws_s3_bucket.website.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PublicReadGetObject"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.website.arn}/*"
      },
    ]
  })
}

# Reports: a policy whose Allow to any principal is limited by a Condition (office IP range),
# a Deny to any principal, and a fully closed public access block.
resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports"
}

resource "aws_s3_bucket_versioning" "reports" {
  bucket = aws_s3_bucket.reports.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "reports" {
  bucket        = aws_s3_bucket.reports.id
  target_bucket = "acme-access-logs"
  target_prefix = "reports/"
}

resource "aws_s3_bucket_public_access_block" "reports" {
  bucket = aws_s3_bucket.reports.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OfficeRead",
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::acme-reports", "arn:aws:s3:::acme-reports/*"],
      "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    },
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::acme-reports", "arn:aws:s3:::acme-reports/*"],
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}
EOT
}

# Account-wide block with one setting turned off.
resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = false
}

# A condition that does not restrict the caller: anyone can still read over TLS.
resource "aws_s3_bucket_policy" "manuals" {
  bucket = "acme-manuals"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::acme-manuals/*"
        Condition = { Bool = { "aws:SecureTransport" = "true" } }
      },
    ]
  })
}
