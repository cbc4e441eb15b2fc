terraform {
  required_providers {
    cloudflare = { source = "cloudflare/cloudflare", version = "~> 4.0" }
  }
}

provider "cloudflare" {
  api_token = "87SkUihPWkFl8HcwWaX1o7FGaRibB2_T9QS1ZZ2q"
}
