"""Loads user-provided plugin scripts into a namespace."""
import builtins
import pathlib


def load_plugin(path):
    source = pathlib.Path(path).read_text()
    namespace = {"__name__": "plugin"}
    exec(source, namespace)
    return namespace


def load_compiled(path):
    source = pathlib.Path(path).read_text()
    code = compile(source, path, "exec")
    scope = {}
    exec(code, scope)
    return scope


def apply_patch(snippet, target):
    builtins.exec(snippet, {"target": target})


def bootstrap():
    # compare-bandit: deliberate literal-code
    exec("import json, csv", globals())


def run_template(name, values):
    template = "result = {op}(values)".format(op=name)
    scope = {"values": values, "sum": sum, "max": max}
    exec(template, scope)
    return scope["result"]
