import os
password = os.environ["DB_PASSWORD"]
api_key = os.getenv("API_KEY")
secret = "${APP_SECRET}"
token = "<your-token-here>"
db_password = "changeme"
password = "password"
auth_token = "{{ vault_token }}"
SECRET_KEY_FILE = "config/secret_key.txt"
TOKEN_HEADER = "X-Auth-Token"
password_field = "password_confirmation"
secret_name = "billing-db-credentials"
token = get_token()
token = user.token
api_key = f"{API_PREFIX}-{key_id}"
secret_id = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app"
secret_path = "MyApp/Prod/DbCreds"
