provider "aws" {
  region = "eu-west-1"
}

# Access logging, but no versioning.
resource "aws_s3_bucket" "builds" {
  bucket = "acme-builds"
}

resource "aws_s3_bucket_logging" "builds" {
  bucket        = aws_s3_bucket.builds.id
  target_bucket = "acme-access-logs"
  target_prefix = "builds/"
}
