import os

import requests

SLACK_BOT_TOKEN = "xoxb-9189530663052-9837280729619-rOmWVJNpqBQeKxETlfX0lo6L"


def fetch(path):
    resp = requests.get("https://slack.com/api" + path, headers={"Authorization": "Bearer " + SLACK_BOT_TOKEN}, timeout=10)
    resp.raise_for_status()
    return resp.json()
