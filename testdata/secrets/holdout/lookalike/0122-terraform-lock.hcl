provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.52.0"
  constraints = "~> 5.0"
  hashes = [
    "h1:NFtcP+jCgc30EXIKCPgiDEjoUXQolp5SYLaY681kUtA=",
    "zh:9335525d1a83fcec4761793b5aa4308a4f813829a2c2f3f57fb3cde388a8470a",
  ]
}
