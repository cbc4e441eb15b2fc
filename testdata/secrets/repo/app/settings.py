import os

SECRET_KEY = "pqfMXKyq8OvlyFcGn0&GBXj67BD^BoaD8fAb7WeS"
db_password = '35yxW4G!VEvQt9iw'
DEBUG = False
