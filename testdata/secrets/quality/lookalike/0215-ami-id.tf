resource "aws_instance" "bastion" {
  ami           = "ami-0303393e5a25fd7df"
  instance_type = "t3.micro"
}
