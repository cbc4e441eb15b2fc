import os

import requests

HONEYCOMB_API_KEY = "UwgE2eKvm4nN3tBzVFiVq8"


def fetch(path):
    resp = requests.get("https://api.honeycomb.io/1" + path, headers={"X-Honeycomb-Team": HONEYCOMB_API_KEY}, timeout=10)
    resp.raise_for_status()
    return resp.json()
