import requests

MAPBOX_TOKEN = "sk.eyJ1IjoiaGFyYm9ydmlldyIsImEiOiJ5NXB6bWZ4M3FiamRwbHMzbTg5bnJ5ejI0In0.xhlgfjIn4oSD54eis4BJ7D"
r = requests.post(f"https://api.mapbox.com/uploads/v1/harborview?access_token={MAPBOX_TOKEN}", json=job)
