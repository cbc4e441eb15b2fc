from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "68e044ea2c91ce9f8f1fc51f2c579b02cbc5bcb897b319e4"
app.config["SESSION_COOKIE_SECURE"] = True
