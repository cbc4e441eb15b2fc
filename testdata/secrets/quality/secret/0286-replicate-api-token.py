import os

import requests

REPLICATE_API_TOKEN = "r8_ou61oXpicXfbgVtFa7S2MKKOMixthKzeGRdkH"


def fetch(path):
    resp = requests.get("https://api.replicate.com/v1" + path, headers={"Authorization": "Bearer " + REPLICATE_API_TOKEN}, timeout=10)
    resp.raise_for_status()
    return resp.json()
