"""A formula field for spreadsheet-like report columns."""
import ast
import math

ALLOWED_NAMES = {name: getattr(math, name) for name in ("sqrt", "log", "exp", "floor", "ceil")}


def evaluate_formula(formula, row):
    # Vulnerable: the formula is typed by users of the report builder.
    return eval(formula, {"__builtins__": {}}, {**ALLOWED_NAMES, **row})


def evaluate_filter(request):
    expression = request.args.get("filter", "True")
    return eval(
        expression,
        {"__builtins__": {}},
    )


def parse_constant(text):
    # Safe: literal_eval only accepts Python literals.
    return ast.literal_eval(text)


def default_precision():
    # compare-bandit: deliberate literal-code
    return eval("10 ** -6")


class Model:
    def eval(self):
        return self


def switch_to_eval(model):
    # Safe: a method that happens to be called eval.
    return model.eval()
