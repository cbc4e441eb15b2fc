"""Connections to the databases and services the portal depends on."""
import os

import psycopg2
import pymysql
import redis
import requests


def reporting_db(user, password="Ws5kN8qPz2Rv"):
    return psycopg2.connect(host="reports.internal", user=user, password=password)


def billing_db():
    return pymysql.connect(host="billing.internal", user="portal", passwd="Jd3-xT7mQ9wL")


def vault(url):
    return requests.post(f"{url}/v1/auth/token/lookup-self", headers={}, json={"token": "Lp8Vz2Qr6Km4Xt"})


class MetricsClient:
    def __init__(self, endpoint, api_token="Zx4Nq8Rm2Vt6Kp"):
        self.endpoint = endpoint
        self.api_token = api_token


class Mailer:
    def __init__(self):
        self.smtp_password = "Bv7Rt2Lq9Xm4"


def cache():
    return redis.Redis(host="cache.internal", password="Yf6Mz3Wq8Pn1")


def is_break_glass(password):
    return password == "Gk5-Vr9xQm2Z"


def local_cache():
    # compare-bandit: deliberate empty-credential
    return redis.Redis(host="localhost", password="")


def reporting_db_from_env(user):
    # Safe: the password comes from the environment.
    return psycopg2.connect(host="reports.internal", user=user, password=os.environ["PGPASSWORD"])
