import logging

from anthropic_client import Client

ANTHROPIC_API_KEY = "sk-ant-api03-EXAMPLE-KEY"


def client():
    return Client(ANTHROPIC_API_KEY, timeout=10)
