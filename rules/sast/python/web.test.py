import os, jwt, tempfile, socket
import uvicorn
import xml.etree.cElementTree as cET
from lxml import etree
from xml.dom import minidom, expatbuilder
from xml.etree.ElementTree import fromstring, iterparse
from xml.sax import make_parser
from dateutil.parser import parse
from markupsafe import Markup
import flask
import defusedxml.minidom
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from flask import Flask, redirect, request
from jinja2 import Environment, select_autoescape

app = Flask(__name__)

def claims(token, key):
    # gatehouse-expect: python-jwt-no-verify
    a = jwt.decode(token, options={"verify_signature": False})
    # gatehouse-expect: python-jwt-no-verify
    b = jwt.decode(token, key, algorithms=["none"])
    # gatehouse-ok: python-jwt-no-verify
    c = jwt.decode(token, key, algorithms=["RS256"])
    # gatehouse-ok: python-jwt-no-verify
    d = jwt.decode(token, key, algorithms=["HS256"], options={"require": ["exp"]})
    return a, b, c, d

# gatehouse-ok: python-django-debug
DEBUG = os.environ.get("DEBUG") == "1"
# gatehouse-expect: python-django-debug
DEBUG = True

def serve():
    # gatehouse-expect: python-flask-debug
    app.run(debug=True)
    # gatehouse-expect: python-flask-debug
    app.run(port=5000, debug=True, use_reloader=False)
    # gatehouse-ok: python-flask-debug
    app.run(debug=False)
    # gatehouse-ok: python-flask-debug
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
    # gatehouse-expect: python-bind-all-interfaces
    app.run(host="0.0.0.0", port=8080)
    # gatehouse-expect: python-bind-all-interfaces
    sock.bind(("0.0.0.0", 9000))
    # gatehouse-ok: python-bind-all-interfaces
    sock.bind(("127.0.0.1", 9000))
    # gatehouse-ok: python-bind-all-interfaces
    app.run(host="127.0.0.1")
    # gatehouse-expect: python-bind-all-interfaces
    uvicorn.run(app, host="0.0.0.0", port=8000)
    # gatehouse-expect: python-bind-all-interfaces
    server = HTTPServer(("0.0.0.0", 8081), Handler)
    # gatehouse-expect: python-bind-all-interfaces
    listen = os.environ.get("LISTEN_ADDR", "0.0.0.0")
    # gatehouse-ok: python-bind-all-interfaces
    public = listen == "0.0.0.0"
    # gatehouse-ok: python-bind-all-interfaces
    public = listen in ("0.0.0.0", "::")

# gatehouse-expect: python-bind-all-interfaces
HOST = "0.0.0.0"

# gatehouse-expect: python-bind-all-interfaces
def serve_on(handler, host="0.0.0.0", port=8083):
    return HTTPServer((host, port), handler)

def parse(data):
    # gatehouse-expect: python-xxe-lxml
    parser = etree.XMLParser(resolve_entities=True)
    # gatehouse-expect: python-xxe-lxml
    parser = etree.XMLParser(load_dtd=True, no_network=False)
    # gatehouse-ok: python-xxe-lxml
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    # gatehouse-ok: python-xxe-lxml
    parser = etree.HTMLParser(recover=True)
    # gatehouse-expect: python-xml-stdlib-parse
    doc = minidom.parseString(data)
    # gatehouse-expect: python-xml-stdlib-parse
    tree = ET.fromstring(data)
    # gatehouse-ok: python-xml-stdlib-parse
    doc = defusedxml.minidom.parseString(data)
    # gatehouse-ok: python-xml-stdlib-parse
    value = json.loads(data)
    # gatehouse-expect: python-xml-stdlib-parse
    root = fromstring(data)
    # gatehouse-expect: python-xml-stdlib-parse
    items = [e.tag for _, e in iterparse(data)]
    # gatehouse-expect: python-xml-stdlib-parse
    root = cET.fromstring(data)
    # gatehouse-expect: python-xml-stdlib-parse
    doc = expatbuilder.parse(data)
    # gatehouse-expect: python-xml-stdlib-parse
    reader = make_parser()
    # gatehouse-ok: python-xml-stdlib-parse
    when = parse("2024-01-01")
    # gatehouse-ok: python-xml-stdlib-parse
    root = etree.fromstring(data)
    return parser

def render(name, bio):
    # gatehouse-expect: python-mark-safe-non-literal
    html = mark_safe(f"<b>{name}</b>")
    # gatehouse-expect: python-mark-safe-non-literal
    html = Markup(bio)
    # gatehouse-ok: python-mark-safe-non-literal
    html = mark_safe("<br>")
    # gatehouse-ok: python-mark-safe-non-literal
    html = format_html("<b>{}</b>", name)
    # gatehouse-expect: python-mark-safe-non-literal
    html = flask.Markup("<p>%s</p>" % bio)
    # gatehouse-expect: python-mark-safe-non-literal
    html = SafeText(bio)
    # gatehouse-ok: python-mark-safe-non-literal
    html = Markup.escape(bio)
    # gatehouse-expect: python-jinja2-autoescape-off
    env = Environment(loader=loader)
    # gatehouse-expect: python-jinja2-autoescape-off
    env = Environment(loader=loader, autoescape=False)
    # gatehouse-ok: python-jinja2-autoescape-off
    env = Environment(loader=loader, autoescape=select_autoescape())
    # gatehouse-ok: python-jinja2-autoescape-off
    env = Environment(loader=loader, autoescape=True)
    return html

# gatehouse-expect: python-csrf-exempt
@csrf_exempt
def webhook(request):
    return None

# gatehouse-ok: python-csrf-exempt
@login_required
def profile(request):
    return None

# gatehouse-expect: python-csrf-exempt
WTF_CSRF_ENABLED = False
# gatehouse-ok: python-csrf-exempt
WTF_CSRF_ENABLED = True

def login(response, sid):
    # gatehouse-expect: python-cookie-insecure
    response.set_cookie("session", sid)
    # gatehouse-expect: python-cookie-insecure
    response.set_cookie("session", sid, secure=True, httponly=False)
    # gatehouse-ok: python-cookie-insecure
    response.set_cookie("session", sid, secure=True, httponly=True, samesite="Lax")
    # gatehouse-ok: python-cookie-insecure
    response.delete_cookie("session")
    return None

def files(path):
    # gatehouse-expect: python-tempfile-mktemp
    name = tempfile.mktemp()
    # gatehouse-expect: python-tempfile-mktemp
    name = tempfile.mktemp(suffix=".csv")
    # gatehouse-ok: python-tempfile-mktemp
    fd, name = tempfile.mkstemp()
    # gatehouse-ok: python-tempfile-mktemp
    handle = tempfile.NamedTemporaryFile()
    # gatehouse-expect: python-hardcoded-tmp-path
    lock = open("/tmp/thumbnailer.lock", "w")
    # gatehouse-expect: python-hardcoded-tmp-path
    spool = f"/var/tmp/thumbnailer/{path}.spool"
    # gatehouse-expect: python-hardcoded-tmp-path
    cache = "/dev/shm/thumb-cache"
    # gatehouse-ok: python-hardcoded-tmp-path
    scratch = tempfile.mkdtemp(prefix="thumbs-")
    # gatehouse-ok: python-hardcoded-tmp-path
    shared = path.startswith("/tmp/")
    # gatehouse-ok: python-hardcoded-tmp-path
    home = "/home/app/tmp/cache"
    # gatehouse-ok: python-hardcoded-tmp-path
    candidates = ["/tmp", "/var/tmp", "/dev/shm"]
    # gatehouse-expect: python-world-writable-chmod
    os.chmod(path, 0o777)
    # gatehouse-expect: python-world-writable-chmod
    os.chmod(path, 0o666)
    # gatehouse-expect: python-world-writable-chmod
    os.chmod(path, 0x1FF)
    # gatehouse-expect: python-world-writable-chmod
    os.fchmod(fd, 0o666)
    # gatehouse-expect: python-world-writable-chmod
    os.chmod(path, mode=0o666)
    # gatehouse-expect: python-world-writable-chmod
    os.makedirs(path, 0o777)
    # gatehouse-expect: python-world-writable-chmod
    os.makedirs(path, mode=0o777)
    # gatehouse-ok: python-world-writable-chmod
    os.makedirs(path, 0o750, exist_ok=True)
    # gatehouse-ok: python-world-writable-chmod
    os.chmod(path, 0o775)
    # gatehouse-ok: python-world-writable-chmod
    os.chmod(path, 0o600)
    # gatehouse-ok: python-world-writable-chmod
    os.chmod(path, 0o755)

class Settings:
    # gatehouse-expect: python-django-debug
    DEBUG = True
    # gatehouse-ok: python-django-debug
    DEBUG = False

def mako_templates(source):
    from mako.template import Template
    from mako.lookup import TemplateLookup
    # gatehouse-expect: python-mako-template-no-escape
    t = Template(source)
    # gatehouse-expect: python-mako-template-no-escape
    lookup = TemplateLookup(directories=["templates"])
    # gatehouse-ok: python-mako-template-no-escape
    t = Template(source, default_filters=["h"])
    # gatehouse-ok: python-mako-template-no-escape
    lookup = TemplateLookup(directories=["templates"], default_filters=["h", "unicode"])
    return t, lookup


NO_SIGNATURE = {"verify_signature": False}


def claims(token, key):
    # gatehouse-expect: python-jwt-no-verify
    a = jwt.decode(token, key, options=NO_SIGNATURE)
    algs = ["none", "HS256"]
    # gatehouse-expect: python-jwt-no-verify
    b = jwt.decode(token, key, algorithms=algs)
    lenient = {"verify_exp": False}
    # gatehouse-ok: python-jwt-no-verify
    c = jwt.decode(token, key, algorithms=["HS256"], options=lenient)
    opts = {"verify_signature": False}
    opts = {"verify_signature": True}
    # gatehouse-ok: python-jwt-no-verify
    d = jwt.decode(token, key, algorithms=["RS256"], options=opts)
    return a, b, c, d
