region         = "eu-west-1"
environment    = "production"
dd_app_key = "0fe747e1775cc2d14eca4363380a578174d876d5"
instance_count = 3
