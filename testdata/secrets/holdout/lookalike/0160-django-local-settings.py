# settings/local.py
DEBUG = True
SECRET_KEY = "TODO"  # real key comes from the deployment environment
ALLOWED_HOSTS = ["*"]
