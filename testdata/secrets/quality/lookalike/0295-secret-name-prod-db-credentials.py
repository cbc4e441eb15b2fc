import boto3

secret_name = "prod/db-credentials"
resp = boto3.client("secretsmanager").get_secret_value(SecretId=secret_name)
