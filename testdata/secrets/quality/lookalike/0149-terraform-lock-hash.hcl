provider "registry.terraform.io/hashicorp/aws" {
  version = "2.8.1"
  hashes = [
    "h1:8DRJh616RbYTqVyXoh6FdE9WmCRs8zhh3BgZHybNCbI=",
    "zh:0e98e826aa63e8a4ef353c74196d3bb2ca16bb55c66f0cbf7edc34a5dbd46075",
  ]
}
