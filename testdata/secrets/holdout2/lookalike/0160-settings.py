import os

DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql',
    'PASSWORD': os.environ['DB_PASSWORD'],
    'HOST': os.environ.get('DB_HOST', 'localhost')}}
