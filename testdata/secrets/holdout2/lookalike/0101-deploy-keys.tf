resource "github_repository_deploy_key" "ci" {
  title      = "ci"
  repository = "infra"
  key        = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJiTvQ4ZcP2iOxbHWFWiXmPwa+iTcbgb9cZdqbXY9P2O ci"
  read_only  = true
}
