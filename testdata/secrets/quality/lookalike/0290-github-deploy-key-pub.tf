resource "github_repository_deploy_key" "ci" {
  title = "ci"
  key   = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILboVRZCr7FMEwePREbfPFPo1R1P6VwG9tRmzbObNI85"
}
