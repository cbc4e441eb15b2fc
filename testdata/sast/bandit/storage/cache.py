"""A small on-disk and Redis-backed cache for computed reports."""
import json
import pickle
import shelve

import dill
import redis

_redis = redis.Redis()


def get_report(key):
    blob = _redis.get(f"report:{key}")
    if blob is None:
        return None
    # Vulnerable: anyone who can write to Redis can run code here.
    return pickle.loads(blob)


def put_report(key, report):
    # Safe: dumping is not the problem.
    _redis.set(f"report:{key}", pickle.dumps(report))


def read_snapshot(path):
    with open(path, "rb") as fh:
        return pickle.load(fh)


def read_stream(fh):
    return pickle.Unpickler(fh).load()


def restore_session(blob):
    return dill.loads(blob)


def open_index(path):
    return shelve.open(path, flag="r")


def open_legacy_index(path):
    return shelve.DbfilenameShelf(path)


def read_settings(text):
    # Safe: JSON carries data only.
    return json.loads(text)
