import boto3

s3 = boto3.client(
    "s3",
    region_name="us-east-1",
    aws_access_key_id="AKIA4LFXQGZXRAIJTOGP",
    aws_secret_access_key="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",
)
