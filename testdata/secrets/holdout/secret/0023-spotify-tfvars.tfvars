region         = "eu-west-1"
environment    = "production"
spotify_client_secret = "20c27b61d5cfa727f34807fadab4a82c"
instance_count = 3
