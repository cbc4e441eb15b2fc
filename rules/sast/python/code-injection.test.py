import ast
import os
import sys

from flask import request


def handler():
    expr = request.args.get("q")
    # gatehouse-expect: python-code-injection
    value = eval(expr)
    # gatehouse-expect: python-code-injection
    exec(f"result = {expr}", {})
    # gatehouse-ok: python-code-injection
    value = ast.literal_eval(expr)
    # gatehouse-ok: python-code-injection
    eval("1 + 2")
    # gatehouse-expect: python-code-injection
    code = compile(expr, "<input>", "eval")
    # gatehouse-ok: python-code-injection
    code = compile("x = 1", "<const>", "exec")
    return value


def django_view(request):
    formula = "1 + " + request.POST["formula"]
    # gatehouse-expect: python-code-injection
    return eval(formula)


def killed():
    n = request.form.get("n")
    # A conversion, a replacement and a branch that never runs carry nothing.
    count = int(n)
    # gatehouse-ok: python-code-injection
    eval("%d + 1" % count)
    n = "2 + 2"
    # gatehouse-ok: python-code-injection
    eval(n)
    bar = request.cookies.get("c")
    if 7 * 42 - 86 > 200:
        bar = "'constant'"
    # gatehouse-ok: python-code-injection
    eval(bar)


def through_a_container():
    values = {"a": "1", "b": request.headers.get("X-Expr")}
    parts = {}
    parts["safe"] = "1 + 1"
    parts["unsafe"] = request.values.get("e")
    # gatehouse-ok: python-code-injection
    eval(parts["safe"])
    # gatehouse-expect: python-code-injection
    eval(parts["unsafe"])


def from_the_command_line():
    # gatehouse-expect: python-code-injection
    exec(sys.argv[1])
    # gatehouse-expect: python-code-injection
    eval(os.environ.get("EXPR", "0"))


def unknown_origin(source_text, filename):
    # Not from input (as far as this function shows): not reported.
    # gatehouse-ok: python-code-injection
    return compile(source_text, filename, "exec")
