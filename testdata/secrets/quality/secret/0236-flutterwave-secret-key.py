import os

import requests

FLW_SECRET_KEY = "FLWSECK-c7dc039c7bfe2f3752be30c9e9ce0f13-X"


def fetch(path):
    resp = requests.get("https://api.flutterwave.com/v3" + path, headers={"Authorization": "Bearer " + FLW_SECRET_KEY}, timeout=10)
    resp.raise_for_status()
    return resp.json()
