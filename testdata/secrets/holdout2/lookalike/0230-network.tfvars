ami_id    = "ami-0b8cbb4249984439d"
vpc_id    = "vpc-092df0471fee0c904"
subnet_ids = ["subnet-06b78cf0d677084a2", "subnet-04b34b3a62020d778"]
kms_key_id = "arn:aws:kms:ca-central-1:299863662626:key/7a94cfdb-4752-4049-8831-2c50e6dfee2a"
