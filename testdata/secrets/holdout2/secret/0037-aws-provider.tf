provider "aws" {
  region     = "eu-central-1"
  access_key = "AKIAYXW575IVQJUXVJL2"
  secret_key = "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"
}

resource "aws_s3_bucket" "assets" {
  bucket = "northgate-assets"
}
