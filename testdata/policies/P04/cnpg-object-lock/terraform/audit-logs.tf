# Audit logs are shipped here by the log collector; Object Lock in compliance mode makes every
# object immutable for a year.
resource "aws_s3_bucket" "audit_logs" {
  bucket              = "example-orders-audit-logs"
  object_lock_enabled = true

  tags = {
    purpose = "audit"
  }
}

resource "aws_s3_bucket_versioning" "audit_logs" {
  bucket = aws_s3_bucket.audit_logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "audit_logs" {
  bucket = aws_s3_bucket.audit_logs.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 365
    }
  }
}
