"""Digests used for password storage, signatures and cache keys."""
import hashlib
from hashlib import md5, sha1

from Crypto.Hash import MD5, SHA, SHA256
from cryptography.hazmat.primitives import hashes


def password_digest(password, salt):
    # Vulnerable: MD5 for password storage.
    return hashlib.md5(salt + password.encode()).hexdigest()


def legacy_signature(payload, key):
    return hashlib.sha1(key + payload).hexdigest()


def api_signature(payload):
    return hashlib.new("md5", payload).hexdigest()


def named_digest(payload):
    return hashlib.new(name="sha1", data=payload).hexdigest()


def fingerprint(data):
    return md5(data).hexdigest()


def short_id(data):
    return sha1(data).hexdigest()[:8]


def pycrypto_digest(data):
    return MD5.new(data).hexdigest()


def pycrypto_sha(data):
    return SHA.new(data).hexdigest()


def cryptography_digest(data):
    digest = hashes.Hash(hashes.SHA1())
    digest.update(data)
    return digest.finalize()


def cryptography_md5(data):
    digest = hashes.Hash(hashes.MD5())
    digest.update(data)
    return digest.finalize()


def etag(body):
    # Safe: not used for security, and says so.
    return hashlib.md5(body, usedforsecurity=False).hexdigest()


def content_hash(body):
    # Safe: SHA-256.
    return hashlib.sha256(body).hexdigest()


def modern_digest(data):
    # Safe.
    return SHA256.new(data).hexdigest()
