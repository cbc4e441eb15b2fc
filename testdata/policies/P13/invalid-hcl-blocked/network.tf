resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_security_group" "internal" {
  name        = "internal"
  description = "Internal services"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "SSH from private networks"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8" "192.168.0.0/16"]
  }
}
