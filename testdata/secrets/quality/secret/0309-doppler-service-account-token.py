import os

import requests

DOPPLER_TOKEN = "dp.sa.NijktcP0EylQWb7TIk24MEEfHLREgOuOiQmxXAYneZM"


def fetch(path):
    resp = requests.get("https://api.doppler.com/v3" + path, headers={"Authorization": "Bearer " + DOPPLER_TOKEN}, timeout=10)
    resp.raise_for_status()
    return resp.json()
