environment    = "prod"
region         = "eu-central-1"
instance_class = "db.r6g.large"
db_username    = "reporting"
db_password    = "FtzMlLRCkyzAmNX47HMT59bG"
multi_az       = true
