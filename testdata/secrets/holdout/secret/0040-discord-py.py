import requests

WEBHOOK = "https://discord.com/api/webhooks/8078723359554316594/bnd_X9wWzi92e_cNy7zbJ2A1OyEUdpwRGSm4If5Vl9puQIzbLZWXTdVJAIRCn2l2VweC"

def notify(msg):
    requests.post(WEBHOOK, json={"content": msg}, timeout=5)
