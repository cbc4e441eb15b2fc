from .base import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ['app.meridianhq.net']

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': 'accounts',
        'USER': 'analytics_ro',
        'PASSWORD': 'TOyg_j=1v4WPS_Ev=S5cAxn',
        'HOST': 'accounts-prod.p5p78ari1awp.eu-central-1.rds.amazonaws.com',
        'PORT': '5432',
    }
}
