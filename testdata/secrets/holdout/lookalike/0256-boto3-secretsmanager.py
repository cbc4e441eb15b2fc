import json

import boto3

sm = boto3.client("secretsmanager")
creds = json.loads(sm.get_secret_value(SecretId="prod/db")["SecretString"])
