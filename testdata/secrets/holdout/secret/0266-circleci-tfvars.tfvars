region         = "eu-west-1"
environment    = "production"
circle_token = "CCIPAT_RK135xbCtOIWBMrDkfIgzI_207d3dcb941ed76877fb28b313172f0fd96e19e3"
instance_count = 3
