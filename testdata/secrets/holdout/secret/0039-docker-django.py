# settings/production.py
from .base import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["checkout.oscorp.tech"]
DOCKERHUB_TOKEN = "dckr_pat_sjDe_E2GdJv1aM4oH2kThH8pYlB"
