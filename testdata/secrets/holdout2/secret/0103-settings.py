import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET_KEY = 'r4bul2yntb-_&5d%*(&b6n))cezsv21njy9few4j9lk2@01bv('
DEBUG = False
ALLOWED_HOSTS = ['pinecrest.com']
INSTALLED_APPS += ['storages']
