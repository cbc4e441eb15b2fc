import boto3

s3 = boto3.client(
    "s3",
    aws_access_key_id="AKIARPWGLIIEJEXGB4LR",
    aws_secret_access_key="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",
    region_name="ap-southeast-2",
)
