import ast

def handler(request):
    expr = request.args.get("q")
    # gatehouse-expect: python-eval-non-literal
    value = eval(expr)
    # gatehouse-expect: python-eval-non-literal
    exec(f"result = {expr}", {})
    # gatehouse-ok: python-eval-non-literal
    value = ast.literal_eval(expr)
    # gatehouse-ok: python-eval-non-literal
    eval("1 + 2")
    # gatehouse-expect: python-compile-non-literal
    code = compile(expr, "<input>", "eval")
    # gatehouse-expect: python-compile-non-literal
    code = compile(source_text, filename, "exec")
    # gatehouse-ok: python-compile-non-literal
    code = compile("x = 1", "<const>", "exec")
    # gatehouse-ok: python-compile-non-literal
    pattern = re.compile(expr)
    return value
