import os

import requests

PULUMI_ACCESS_TOKEN = "pul-2e9275556890ff07b99f909e077bc6839e5abe8f"


def fetch(path):
    resp = requests.get("https://api.pulumi.com" + path, headers={"Authorization": "token " + PULUMI_ACCESS_TOKEN}, timeout=10)
    resp.raise_for_status()
    return resp.json()
