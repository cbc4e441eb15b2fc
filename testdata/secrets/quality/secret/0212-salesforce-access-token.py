import os

import requests

SALESFORCE_ACCESS_TOKEN = "00DBMLeYfEZKT6H!ZI7bdSxLCxO2omNI4Dr3hErgVcGGUCIEaFRmi3S_kxzzY0OgtWgAppsWy5rT8e2p80FxXUoO.iIy82phl8Q3tl1PJQl_Koxa"


def fetch(path):
    resp = requests.get("https://cobaltbay.my.salesforce.com" + path, headers={"Authorization": "Bearer " + SALESFORCE_ACCESS_TOKEN}, timeout=10)
    resp.raise_for_status()
    return resp.json()
