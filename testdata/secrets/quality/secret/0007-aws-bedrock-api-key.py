import os

import requests

AWS_BEARER_TOKEN_BEDROCK = "ABSKQmVkcm9ja0FQSUtleS05eGNqLWF0LTgzMjc3MDM2NDQ2MzpDUWlVVzNucHQ1SmhETGEvV1B3UW95TzVZQW4wYXB2ZDJXNm1BVnlk"


def fetch(path):
    resp = requests.get("https://bedrock-runtime.us-east-1.amazonaws.com" + path, headers={"Authorization": "Bearer " + AWS_BEARER_TOKEN_BEDROCK}, timeout=10)
    resp.raise_for_status()
    return resp.json()
