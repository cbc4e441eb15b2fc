"""Django settings for the staff portal (development defaults left in by mistake)."""
import os

SECRET_KEY = "q7Vx2mRk9Lp4Tz8Wn3Ys6Bd1"

DEBUG_PROPAGATE_EXCEPTIONS = False

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "portal",
        "USER": "portal",
        "PASSWORD": "Hn4-vQ8zXr2Lm7",
        "HOST": os.environ.get("DB_HOST", "localhost"),
    }
}

EMAIL_HOST_PASSWORD = "Tq9wZ3kM5rVb"

SLACK_BOT_TOKEN = "Rk2Pm8Xv4Qn7Lz5Wt"

# compare-bandit: deliberate name-not-secret
TOKEN_TYPE = "Bearer"

# compare-bandit: deliberate name-not-secret
PASSWORD_RESET_URL = "/accounts/reset/"

# Safe: read from the environment.
API_SECRET = os.environ["API_SECRET"]
