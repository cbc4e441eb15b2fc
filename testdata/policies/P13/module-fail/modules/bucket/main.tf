variable "name" {
  type = string
}

variable "acl" {
  type    = string
  default = "private"
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
  acl    = var.acl

  versioning {
    enabled = true
  }

  logging {
    target_bucket = "acme-access-logs"
    target_prefix = "${var.name}/"
  }
}

output "id" {
  value = aws_s3_bucket.this.id
}
