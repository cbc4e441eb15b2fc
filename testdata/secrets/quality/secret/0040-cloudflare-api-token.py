import os

import requests

CLOUDFLARE_API_TOKEN = "BJUmKTsKxvXFV69bsSAhDXEJphktBSKGGCmlrXee"


def fetch(path):
    resp = requests.get("https://api.cloudflare.com/client/v4" + path, headers={"Authorization": "Bearer " + CLOUDFLARE_API_TOKEN}, timeout=10)
    resp.raise_for_status()
    return resp.json()
