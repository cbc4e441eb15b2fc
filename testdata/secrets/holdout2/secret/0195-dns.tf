provider "cloudflare" {
  api_token = "qMBbxsGhZy_z3a2n_6nXcy6Fs-c_Da3K-BJGJTS8"
}

resource "cloudflare_record" "www" {
  zone_id = "b5aa74ebac16fcc30e6d03ee40acfe05"
  name    = "www"
  content = "oakridge.pages.dev"
  type    = "CNAME"
  proxied = true
}
