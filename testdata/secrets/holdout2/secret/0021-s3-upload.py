import boto3

s3 = boto3.client(
    "s3",
    region_name="ca-central-1",
    aws_access_key_id="AKIAQ6JYMVGB36U7CYMP",
    aws_secret_access_key="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",
)

def upload(path, key):
    s3.upload_file(path, "tallgrass-exports", key)
