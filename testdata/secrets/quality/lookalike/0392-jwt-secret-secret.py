# settings for the unit tests
JWT_SECRET = "secret"
JWT_ALGORITHM = "HS256"
