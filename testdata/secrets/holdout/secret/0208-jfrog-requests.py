import requests

resp = requests.get(
    "https://oscorp.jfrog.io/artifactory/api/system/ping",
    headers={"Authorization": "Bearer cmVmdGtuOjAxOjE5NzE2NTY2MjU6ZW05cUhZOXRPMWZpSVYzMUN3Tk5VNlVOTVU3"},
    timeout=10,
)
resp.raise_for_status()
