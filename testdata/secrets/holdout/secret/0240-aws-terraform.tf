provider "aws" {
  region     = "us-west-2"
  access_key = "AKIATDL4F53IUEFIGPOI"
  secret_key = "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"
}
