# settings/production.py
from .base import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["inventory.acme.io"]
AIRTABLE_TOKEN = "patVtX2yHzqpPH5ee.69794a8b4b96006b75f328b3c60dc739f93c0063696b841c83d2297dac52d387"
