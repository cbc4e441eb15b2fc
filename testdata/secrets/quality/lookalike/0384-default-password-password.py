# seed script for local development
DEFAULT_PASSWORD = "password"
create_user('dev@localhost', DEFAULT_PASSWORD)
