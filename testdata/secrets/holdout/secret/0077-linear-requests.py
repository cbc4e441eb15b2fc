import requests

resp = requests.get(
    "https://api.linear.app/graphql",
    headers={"Authorization": "lin_api_PIt8AXcHyZWRQmv2JuAaGPJIno5kjkrmu2TYqSxV"},
    timeout=10,
)
resp.raise_for_status()
