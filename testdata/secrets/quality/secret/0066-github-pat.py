import os

import requests

GITHUB_TOKEN = "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"


def fetch(path):
    resp = requests.get("https://api.github.com" + path, headers={"Authorization": "token " + GITHUB_TOKEN}, timeout=10)
    resp.raise_for_status()
    return resp.json()
