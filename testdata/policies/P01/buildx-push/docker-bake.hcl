target "plugins" {
  context = "plugins"
  tags    = ["ghcr.io/acme/gateway-plugins:${TAG}"]
}
