"""Template environments for e-mails and the admin pages."""
import jinja2
from jinja2 import Environment, FileSystemLoader, select_autoescape
from mako.lookup import TemplateLookup
from mako.template import Template


def email_env():
    return Environment(loader=FileSystemLoader("templates/email"))


def admin_env():
    return jinja2.Environment(loader=jinja2.PackageLoader("admin"), autoescape=False)


def report_template(source):
    return Template(source)


def report_lookup():
    return TemplateLookup(directories=["templates/reports"])


def web_env():
    # Safe: autoescape for HTML templates.
    return Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape(["html", "xml"]))


def web_env_always():
    # Safe.
    return jinja2.Environment(loader=jinja2.PackageLoader("web"), autoescape=True)


def _autoescape_for(name):
    return name is not None and name.endswith((".html", ".xml"))


def custom_env():
    # compare-bandit: deliberate autoescape-callable
    return Environment(loader=FileSystemLoader("templates"), autoescape=_autoescape_for)


def escaped_report_template(source):
    # Safe: every expression HTML-escaped by default.
    # compare-bandit: deliberate mako-escaped
    return Template(source, default_filters=["h"])
