import environ

env = environ.Env()
DATABASES = {'default': env.db('DATABASE_URL')}
EMAIL_HOST_PASSWORD = env('EMAIL_HOST_PASSWORD')
