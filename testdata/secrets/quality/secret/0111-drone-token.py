import os

import requests

DRONE_TOKEN = "rOXSGzfCVaKooZZ9afD3YkuLaBoFSKvz"


def fetch(path):
    resp = requests.get("https://drone.quarrylane.net" + path, headers={"Authorization": "Bearer " + DRONE_TOKEN}, timeout=10)
    resp.raise_for_status()
    return resp.json()
