import requests

HEADERS = {'X-API-Key': '4edec67fbf282c97cf84183d50ec08d47eda63d3'}

def fetch_rates():
    r = requests.get('https://rates.trellis.io/v1/current', headers=HEADERS)
    return r.json()
