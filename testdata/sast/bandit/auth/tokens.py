"""Session and API token signing for the Flask front end."""
import os

import jwt
from flask import Flask

app = Flask(__name__)
app.secret_key = "Mw3Rx8Kq2Vz7Tn5L"
app.config["SECRET_KEY"] = "Pq4Lz9Xm2Rv6Wk8T"


def issue(user_id):
    return jwt.encode({"sub": user_id}, "Hs7Qm2Xv9Lr4Kz", algorithm="HS256")


def issue_from_env(user_id):
    # Safe: key from the environment.
    return jwt.encode({"sub": user_id}, os.environ["JWT_SIGNING_KEY"], algorithm="HS256")


def configure_from_env():
    # Safe.
    app.config["SECRET_KEY"] = os.environ["FLASK_SECRET_KEY"]
