import os

import requests

PLANETSCALE_OAUTH_TOKEN = "pscale_oauth_bqTJ5F4fcuRnNHO5S_GUSu0fRoYhKWQ829bGGDb6orl"


def fetch(path):
    resp = requests.get("https://api.planetscale.com/v1" + path, headers={"Authorization": "Bearer " + PLANETSCALE_OAUTH_TOKEN}, timeout=10)
    resp.raise_for_status()
    return resp.json()
