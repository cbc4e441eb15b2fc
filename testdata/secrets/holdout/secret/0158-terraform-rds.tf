resource "aws_db_instance" "main" {
  identifier        = "metrics-prod"
  engine            = "postgres"
  instance_class    = "db.t4g.medium"
  username          = "dbadmin"
  password          = "Dshs4K4s-5B5hM.^TfNLvxy"
  allocated_storage = 50
}
