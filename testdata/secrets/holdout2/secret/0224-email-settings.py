EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'
EMAIL_HOST = 'smtp.sendgrid.net'
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = 'apikey-trellis'
EMAIL_HOST_PASSWORD = '5oFhMRg6Ynvde6fbsk9Nl'
DEFAULT_FROM_EMAIL = 'support@trellis.net'
