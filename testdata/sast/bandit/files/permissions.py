"""Deployment steps that set file modes."""
import os
import stat
from pathlib import Path


def publish_socket(path):
    os.chmod(path, 0o777)


def share_upload(path):
    os.chmod(path, 0o666)


def share_log(path):
    os.chmod(path, 0x1FF)


def share_decimal(path):
    os.chmod(path, 511)


def share_fd(fd):
    os.fchmod(fd, 0o666)


def make_executable(path):
    # compare-bandit: deliberate exec-bit-only
    os.chmod(path, 0o755)


def make_group_executable(path):
    # compare-bandit: deliberate exec-bit-only
    os.chmod(path, 0o750)


def private_key(path):
    # Safe: owner only.
    os.chmod(path, 0o600)


def private_dir(path):
    # Safe.
    os.chmod(path, stat.S_IRWXU)


def pathlib_world_writable(path):
    Path(path).chmod(0o777)
