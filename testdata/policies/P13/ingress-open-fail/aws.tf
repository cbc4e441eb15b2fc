provider "aws" {
  region = "eu-west-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

# SSH from anywhere (and HTTPS, which is fine on its own).
resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "Bastion host"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "All outbound"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# HTTPS from the whole internet, IPv4 and IPv6: no sensitive port.
resource "aws_security_group" "web" {
  name        = "web"
  description = "Public web tier"
  vpc_id      = aws_vpc.main.id

  ingress {
    description      = "HTTPS"
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

# PostgreSQL, but only from the private network.
resource "aws_security_group" "db" {
  name        = "db"
  description = "Databases"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "PostgreSQL from the VPC"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

# A port range (3000-3999, so 3306 and 3389) open to all of IPv6.
resource "aws_security_group" "tools" {
  name        = "tools"
  description = "Internal tools"
  vpc_id      = aws_vpc.main.id

  ingress {
    description      = "Tool ports"
    from_port        = 3000
    to_port          = 3999
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group" "cache" {
  name        = "cache"
  description = "Redis"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group_rule" "cache_redis" {
  type              = "ingress"
  description       = "Redis"
  from_port         = 6379
  to_port           = 6379
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.cache.id
}

# Every protocol and port.
resource "aws_security_group_rule" "cache_all" {
  type              = "ingress"
  description       = "Everything"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.cache.id
}

resource "aws_security_group_rule" "cache_dns" {
  type              = "ingress"
  description       = "DNS"
  from_port         = 53
  to_port           = 53
  protocol          = "udp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.cache.id
}

# UDP only: a media port range that covers 3389 but not over TCP.
resource "aws_security_group_rule" "cache_media_udp" {
  type              = "ingress"
  description       = "RTP media"
  from_port         = 1024
  to_port           = 65535
  protocol          = "udp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.cache.id
}

resource "aws_security_group_rule" "cache_egress" {
  type              = "egress"
  description       = "All outbound"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.cache.id
}

resource "aws_security_group" "nosql" {
  name        = "nosql"
  description = "Document stores"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "nosql_mongo" {
  security_group_id = aws_security_group.nosql.id
  description       = "MongoDB"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 27017
  to_port           = 27017
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "nosql_rdp" {
  security_group_id = aws_security_group.nosql.id
  description       = "RDP"
  cidr_ipv6         = "::/0"
  from_port         = 3389
  to_port           = 3389
  ip_protocol       = "tcp"
}

# All traffic (ip_protocol -1 takes no ports).
resource "aws_vpc_security_group_ingress_rule" "nosql_everything" {
  security_group_id = aws_security_group.nosql.id
  description       = "Everything"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_vpc_security_group_ingress_rule" "nosql_vpc" {
  security_group_id = aws_security_group.nosql.id
  description       = "Everything from the VPC"
  cidr_ipv4         = "10.20.0.0/16"
  ip_protocol       = "-1"
}

resource "aws_vpc_security_group_ingress_rule" "nosql_https" {
  security_group_id = aws_security_group.nosql.id
  description       = "HTTPS"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}
