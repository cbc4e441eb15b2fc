"""Task runner that forwards shell=True through helper functions."""
import subprocess

from .executor import execute, run_local


def build_docs(output):
    # Helper that ends in subprocess with the shell on.
    return execute("sphinx-build -b html docs " + output, shell=True)


def lint(paths):
    return run_local(" ".join(["ruff", "check", *paths]), shell=True, timeout=600)


def test():
    # Safe: list form.
    return subprocess.run(["pytest", "-q"], check=False).returncode


def version():
    # Safe: keyword named like shell but not shell=True.
    return execute(["python", "--version"], shell=False)
