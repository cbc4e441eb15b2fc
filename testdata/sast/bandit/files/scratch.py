"""Scratch files for the image thumbnailer."""
import os
import tempfile
from tempfile import mktemp


def scratch_name():
    return tempfile.mktemp(suffix=".png")


def scratch_dir_name():
    return mktemp(prefix="thumbs-")


def lock_file():
    return open("/tmp/thumbnailer.lock", "w")


def spool_path(job_id):
    return f"/var/tmp/thumbnailer/{job_id}.spool"


SHM_CACHE = "/dev/shm/thumb-cache"


def scratch_file():
    # Safe: mkstemp creates the file atomically with a private mode.
    fd, path = tempfile.mkstemp(suffix=".png")
    os.close(fd)
    return path


def scratch_handle():
    # Safe.
    return tempfile.NamedTemporaryFile(suffix=".png")


def scratch_directory():
    # Safe.
    return tempfile.mkdtemp(prefix="thumbs-")
