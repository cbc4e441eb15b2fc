DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "search",
        "USER": "search",
        "PASSWORD": "c4_SxdBXDd1gUFIL+i1t=#sbX!nY",
        "HOST": "rds-main.internal",
    }
}
