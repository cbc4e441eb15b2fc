import os
from slack_sdk import WebClient

client = WebClient(token="xoxb-781781248684-3273691818856-RaOnu7W6SXO0xfzdcwLCT6uY")

def notify(text):
    client.chat_postMessage(channel="#deploys", text=text)
