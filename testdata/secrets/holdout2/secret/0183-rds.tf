resource "aws_db_instance" "main" {
  identifier        = "orders-prod"
  engine            = "postgres"
  engine_version    = "16.3"
  instance_class    = "db.t4g.medium"
  allocated_storage = 100
  username          = "analytics_ro"
  password          = "*O1AWsO=UR*+*4esTt"
  skip_final_snapshot = false
}
