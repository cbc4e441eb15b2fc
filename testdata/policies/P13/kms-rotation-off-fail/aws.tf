provider "aws" {
  region = "eu-west-1"
}

resource "aws_kms_key" "app" {
  description             = "Application data"
  deletion_window_in_days = 30
}

resource "aws_kms_key" "legacy" {
  description         = "Legacy data"
  enable_key_rotation = false
}

resource "aws_kms_key" "data" {
  description             = "Data lake"
  enable_key_rotation     = true
  rotation_period_in_days = 180
}

# Asymmetric and HMAC keys cannot be rotated automatically.
resource "aws_kms_key" "signing" {
  description              = "Release signing"
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key" "webhooks" {
  description              = "Webhook MACs"
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}
