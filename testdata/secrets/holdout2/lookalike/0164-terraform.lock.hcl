provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.57.0"
  constraints = "~> 5.0"
  hashes = [
    "h1:fA633MHlLFQoDdKU6bOJzljzyrgaIYxmyQuHjfS3abU=",
    "zh:a1274f8593ea35aed92afd5296c1f74dd592bcbcc72a52933f0e364e903bf0f4",
  ]
}
