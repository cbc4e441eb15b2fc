import logging

from mailgun_client import Client

MAILGUN_API_KEY = "9815178bd3469cd5e94b244dfad137e6-51bf8c30-de8bc902"


def client():
    return Client(MAILGUN_API_KEY, timeout=10)
