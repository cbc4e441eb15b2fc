import logging

from gitlab_client import Client

INCOMING_EMAIL_TOKEN = "glimt-h9qpu8qas6c5r70nb5exdpufp"


def client():
    return Client(INCOMING_EMAIL_TOKEN, timeout=10)
