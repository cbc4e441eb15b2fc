import logging

from weather_client import Client

WEATHER_API_KEY = "your-api-key-here"


def client():
    return Client(WEATHER_API_KEY, timeout=10)
