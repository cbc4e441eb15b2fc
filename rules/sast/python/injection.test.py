import codecs
import os

import flask
from flask import make_response, redirect, request, send_file, session, url_for
from lxml import etree


def download():
    name = request.args.get("name")
    # gatehouse-expect: python-path-traversal
    f = open("/srv/files/" + name)
    # gatehouse-expect: python-path-traversal
    g = codecs.open(f"/srv/files/{name}", "r", "utf-8")
    # gatehouse-ok: python-path-traversal
    h = open(os.path.join("/srv/files", os.path.basename(name)))
    # gatehouse-ok: python-path-traversal
    i = open("/srv/files/index.txt")
    # gatehouse-expect: python-path-traversal
    return send_file(name)


def go():
    target = request.cookies.get("next") + "_suffix"
    if 1 > 2:
        # gatehouse-ok: python-open-redirect
        return redirect(target)
    # gatehouse-ok: python-open-redirect
    redirect("/home")
    # gatehouse-expect: python-open-redirect
    return flask.redirect(target)


def remember():
    user = request.form.get("user")
    items = ["safe"]
    items.append(user)
    # gatehouse-expect: python-trust-boundary
    flask.session["userid"] = items[1]
    # gatehouse-ok: python-trust-boundary
    flask.session["first"] = items[0]
    # gatehouse-expect: python-trust-boundary
    session[user] = "12345"
    # gatehouse-ok: python-trust-boundary
    session["theme"] = "dark"
    # gatehouse-expect: python-trust-boundary
    session["name"] = user
    role = request.form.get("role")
    role = "guest"
    # gatehouse-ok: python-trust-boundary
    session["role"] = role


def employees(root):
    emp = request.values.get("id")
    query = "".join(["/Employees/Employee[@id='", emp, "']"])
    # gatehouse-expect: python-xpath-injection
    nodes = root.xpath(query)
    # gatehouse-ok: python-xpath-injection
    fixed = root.xpath("/Employees/Employee[@id=$id]", id=emp)
    # gatehouse-ok: python-xpath-injection
    quoted = root.xpath(f"/Employees/Employee[@id='{emp.replace("'", '&apos;')}']")
    # gatehouse-expect: python-xpath-injection
    selected = elementpath.select(root, "//e[@n='" + emp + "']")
    # gatehouse-expect: python-xpath-injection
    compiled = etree.XPath("//e[@n='" + emp + "']")
    # gatehouse-ok: python-xpath-injection
    everyone = root.findall("./Employee")
    return nodes, fixed, compiled, everyone


@app.route("/next")
def next_page():
    # gatehouse-expect: python-open-redirect
    return redirect(request.args.get("next"))


def go_form():
    # gatehouse-expect: python-open-redirect
    return redirect(request.form["url"])


def go_home():
    # gatehouse-ok: python-open-redirect
    return redirect(url_for("index"))


def go_checked():
    target = request.args.get("next")
    parsed = urllib.parse.urlparse(target)
    if parsed.netloc not in ["example.com"] or parsed.scheme != "https":
        return "invalid"
    # gatehouse-ok: python-open-redirect
    return redirect(target)


def directory():
    uid = request.form.get("uid")
    conn = ldap3.Connection(server)
    # gatehouse-expect: python-ldap-injection
    conn.search("ou=users,dc=example", f"(&(objectclass=person)(uid={uid}))")
    legacy = ldap.initialize("ldap://localhost")
    # gatehouse-expect: python-ldap-injection
    legacy.search_s("ou=users", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")
    # gatehouse-ok: python-ldap-injection
    conn.search("ou=users,dc=example", f"(uid={escape_filter_chars(uid)})")
    # gatehouse-ok: python-ldap-injection
    conn.search("ou=users,dc=example", "(objectclass=person)")


def run_tool():
    host = request.args.get("host")
    # gatehouse-expect: python-command-injection
    subprocess.run(["sh", "-c", "ping -c 1 " + host])
    # gatehouse-expect: python-command-injection
    os.system("nslookup " + host)
    # gatehouse-ok: python-command-injection
    subprocess.run(["ping", "-c", "1", shlex.quote(host)])
    args = ["ping", "-c", "1", host]
    args.pop()
    # gatehouse-ok: python-command-injection
    subprocess.run(args)


def fetch():
    url = request.args["url"]
    # gatehouse-expect: python-ssrf
    requests.get(url, timeout=5)
    # gatehouse-expect: python-ssrf
    urllib.request.urlopen("http://" + url + "/status")
    # gatehouse-ok: python-ssrf
    requests.get("https://api.example.com/status", params={"q": url})
    # gatehouse-ok: python-ssrf
    requests.get(ALLOWED[0])


@app.route("/hello", methods=["POST"])
def hello():
    name = request.form.get("name")
    page = ""
    page += f"<p>Hello {name}</p>"
    if request.args.get("raw"):
        # gatehouse-expect: python-xss
        return page
    # gatehouse-expect: python-xss
    response = make_response("<h1>" + name + "</h1>")
    # gatehouse-ok: python-xss
    safe = make_response(f"<p>Hello {markupsafe.escape(name)}</p>")
    # gatehouse-ok: python-xss
    return make_response(("done", {"X-Name": name}))


@app.route("/greet")
def greet():
    name = request.args.get("name", "")
    if 7 * 42 - 86 > 200:
        name = "visitor"
    # gatehouse-ok: python-xss
    return f"<p>Hello {name}</p>"


@app.route("/profile")
def profile():
    form = ProfileForm(request)
    bio = form.value("bio")
    if form.value("preview"):
        # gatehouse-expect: python-xss
        return "<div>" + bio + "</div>"
    # gatehouse-ok: python-xss
    return render(request, "profile.html", {"bio": bio})


@app.route("/prefs")
def prefs():
    lang = request.args.get("lang", "en")
    response = make_response("saved")
    # gatehouse-expect: python-header-injection
    response.headers["Content-Language"] = lang
    # gatehouse-expect: python-header-injection
    response.set_cookie("theme", request.cookies.get("theme"))
    # gatehouse-expect: python-header-injection
    response.set_cookie(key="last", value=f"{lang}-{request.args['region']}")
    # gatehouse-ok: python-header-injection
    response.headers["X-Lang"] = urllib.parse.quote(lang)
    size = int(request.args.get("size", "10"))
    # gatehouse-ok: python-header-injection
    response.set_cookie("size", str(size))
    region = request.args.get("region")
    if region not in ("eu", "us"):
        return response
    # gatehouse-ok: python-header-injection
    response.headers["X-Region"] = region
    # gatehouse-ok: python-header-injection
    # gatehouse-expect: python-open-redirect
    response.headers["Location"] = request.args["next"]
    return response


def parse_upload():
    body = request.get_data()
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    # gatehouse-expect: python-xxe
    doc = xml.dom.minidom.parseString(body, parser)
    strict = lxml.etree.XMLParser(resolve_entities=True)
    # gatehouse-expect: python-xxe
    tree = lxml.etree.fromstring(body, strict)
    # gatehouse-ok: python-xxe
    other = xml.dom.minidom.parseString("<a/>", parser)
    return doc, tree, other


def parse_plain():
    body = request.get_data()
    # gatehouse-ok: python-xxe
    return xml.dom.minidom.parseString(body)


@api.get("/files/{name}")
def read_file(name: str, db: Session = Depends(get_db), page: int = 1):
    # gatehouse-expect: python-path-traversal
    with open(os.path.join("/srv/files", name)) as f:
        body = f.read()
    # gatehouse-ok: python-path-traversal
    open(db.bind.url.database)
    # gatehouse-ok: python-path-traversal
    open(os.path.join("/srv/files", os.path.basename(name)))
    return body


@app.route("/reports/<report>")
def report(report):
    # gatehouse-expect: python-path-traversal
    return send_file("/srv/reports/" + report)


def not_a_route(name):
    # gatehouse-ok: python-path-traversal
    return open(name)
