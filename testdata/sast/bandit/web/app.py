"""Flask front end for the status dashboard."""
import os

from flask import Flask, render_template_string
from markupsafe import Markup, escape

app = Flask(__name__)


@app.route("/hello/<name>")
def hello(name):
    return Markup(f"<h1>Hello {name}</h1>")


@app.route("/bio/<user>")
def bio(user):
    return Markup("<p>%s</p>" % user)


@app.route("/static-banner")
def banner():
    # Safe: a constant.
    return Markup("<strong>Maintenance at 22:00 UTC</strong>")


@app.route("/hello-safe/<name>")
def hello_safe(name):
    # Safe: escaped.
    return Markup("<h1>{}</h1>").format(escape(name))


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080, debug=True)


def run_dev():
    app.run(
        port=5000,
        debug=True,
    )


def run_from_env():
    # Safe: debug and host from the environment.
    app.run(host=os.environ.get("HOST", "127.0.0.1"), debug=os.environ.get("FLASK_DEBUG") == "1")
