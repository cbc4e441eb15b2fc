import requests

resp = requests.get(
    "https://api.sendgrid.com/v3/user/profile",
    headers={"Authorization": "Bearer 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"},
    timeout=10,
)
resp.raise_for_status()
