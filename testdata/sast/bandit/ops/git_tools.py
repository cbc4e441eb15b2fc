"""Thin wrappers around git used by the release tooling."""
import subprocess as sp
from subprocess import Popen, PIPE, getoutput, getstatusoutput


def changelog(since_ref):
    return sp.check_output(
        f"git log --oneline {since_ref}..HEAD",
        shell=True,
        text=True,
    )


def blame(path):
    proc = Popen("git blame --porcelain " + path, shell=True, stdout=PIPE)
    out, _ = proc.communicate()
    return out


def current_branch():
    # compare-bandit: deliberate literal-command
    return getoutput("git rev-parse --abbrev-ref HEAD")


def tag_exists(tag):
    status, _ = getstatusoutput("git rev-parse -q --verify refs/tags/" + tag)
    return status == 0


def file_at(ref, path):
    return sp.run(["git", "show", f"{ref}:{path}"], capture_output=True, check=True).stdout


def describe():
    # Safe: shell=False and an argument list.
    return sp.check_output(["git", "describe", "--tags"], shell=False, text=True).strip()
