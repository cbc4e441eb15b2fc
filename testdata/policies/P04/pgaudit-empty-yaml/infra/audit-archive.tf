resource "aws_s3_bucket" "audit_archive" {
  bucket              = "example-payments-audit-archive"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "audit_archive" {
  bucket = aws_s3_bucket.audit_archive.id

  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 400
    }
  }
}
