import requests

headers = {"Authorization": "Bearer FAm_1TzEzmFHa9-GUVH74mLHTrNxN_6PbdVC1B2V_s"}
resp = requests.get("https://api.granitepeak.net/v1/orders", headers=headers, timeout=5)
