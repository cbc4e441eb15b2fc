import logging

from stripe_client import Client

STRIPE_KEY = "sk_live_UFojY9"


def client():
    return Client(STRIPE_KEY, timeout=10)
