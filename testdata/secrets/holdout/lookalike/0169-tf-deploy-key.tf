resource "github_repository_deploy_key" "ci" {
  title      = "ci read-only"
  repository = "catalog"
  key        = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA3Q2EOyd+blMyT6x+0w2AeKKXjpTnsBkQVJKJ29TAoy"
  read_only  = true
}
