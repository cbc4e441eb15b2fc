"""Decoding of messages received from the job queue."""
import json
import marshal

import jsonpickle
from jsonpickle import unpickler


def decode_job(message):
    return jsonpickle.decode(message.body)


def decode_legacy(message):
    return unpickler.decode(message.body)


def decode_code(payload):
    return marshal.loads(payload)


def read_code_file(path):
    with open(path, "rb") as fh:
        return marshal.load(fh)


def encode_job(job):
    # Safe: encoding only.
    return jsonpickle.encode(job)


def decode_json(message):
    # Safe.
    return json.loads(message.body)
