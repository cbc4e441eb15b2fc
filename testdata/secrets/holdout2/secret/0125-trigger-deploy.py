import requests

RENDER_API_KEY = "rnd_LVvTmu8JuQHzalyEP1avJ7KXSBF3XZ2w"
SERVICE = "srv-o87tw89sgxkslthrz5r2"

requests.post(f"https://api.render.com/v1/services/{SERVICE}/deploys",
              headers={"Authorization": f"Bearer {RENDER_API_KEY}"})
