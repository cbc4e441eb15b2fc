import logging

from openai_client import Client

OPENAI_API_KEY = "sk-proj-N3S…ipEa"


def client():
    return Client(OPENAI_API_KEY, timeout=10)
