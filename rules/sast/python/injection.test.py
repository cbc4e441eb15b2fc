import codecs
import os

import flask
from flask import redirect, request, send_file, session
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
    flask.session["userid"] = items[0]
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
    # gatehouse-expect: python-xpath-injection
    compiled = etree.XPath("//e[@n='" + emp + "']")
    # gatehouse-ok: python-xpath-injection
    everyone = root.findall("./Employee")
    return nodes, fixed, compiled, everyone
