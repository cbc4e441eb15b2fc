provider "digitalocean" {
  token = "dop_v1_8ebfbe0b15850beefc9a42b25f738ec45a5a73f6f190136a11fbc7518ff70cea"
}

resource "digitalocean_droplet" "web" {
  image  = "ubuntu-22-04-x64"
  name   = "web-1"
  region = "fra1"
  size   = "s-1vcpu-1gb"
}
