variable "identifier" {
  type = string
}

variable "publicly_accessible" {
  type = bool
}

resource "aws_db_instance" "this" {
  identifier                  = var.identifier
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  publicly_accessible         = var.publicly_accessible
  skip_final_snapshot         = true
}

output "endpoint" {
  value = aws_db_instance.this.endpoint
}
