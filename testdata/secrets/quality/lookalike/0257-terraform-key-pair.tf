resource "aws_key_pair" "deployer" {
  key_name   = "deployer"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB5WK7OFgk1FEci1vJHYgDC6CXn4gNkyzbDc2PmYim3T kira@juniperhq"
}
