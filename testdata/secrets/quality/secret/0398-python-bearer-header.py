import requests

headers = {"Authorization": "Bearer Wpfn8YxFdP5p_bAAlM6M4Kl7P-U15iBJM9rjm_4W0sl1"}
resp = requests.get("https://api.pinecrest.net/v1/orders", headers=headers, timeout=5)
