import hashlib, random, secrets
from Crypto.Cipher import DES, AES, ARC4
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

def f(data, key, iv):
    # gatehouse-expect: python-weak-hash
    digest = hashlib.md5(data).hexdigest()
    # gatehouse-expect: python-weak-hash
    h = hashlib.new("sha1", data)
    # gatehouse-ok: python-weak-hash
    etag = hashlib.md5(data, usedforsecurity=False).hexdigest()
    # gatehouse-ok: python-weak-hash
    digest = hashlib.sha256(data).hexdigest()
    # gatehouse-expect: python-weak-cipher
    c = DES.new(key, DES.MODE_CBC, iv)
    # gatehouse-expect: python-weak-cipher
    c = Cipher(algorithms.TripleDES(key), modes.CBC(iv))
    # gatehouse-ok: python-weak-cipher
    c = Cipher(algorithms.AES(key), modes.GCM(iv))
    # gatehouse-ok: python-weak-cipher
    c = AES.new(key, AES.MODE_GCM)
    # gatehouse-expect: python-ecb-mode
    c = AES.new(key, AES.MODE_ECB)
    # gatehouse-expect: python-ecb-mode
    c = Cipher(algorithms.AES(key), modes.ECB())
    # gatehouse-ok: python-ecb-mode
    c = Cipher(algorithms.AES(key), modes.CBC(iv))
    # gatehouse-ok: python-ecb-mode
    c = AES.new(key, AES.MODE_CTR)
    # gatehouse-expect: python-insecure-random-secret
    reset_token = "".join(random.choice(ALPHABET) for _ in range(32))
    # gatehouse-expect: python-insecure-random-secret
    otp = random.randint(100000, 999999)
    # gatehouse-ok: python-insecure-random-secret
    reset_token = secrets.token_urlsafe(32)
    # gatehouse-ok: python-insecure-random-secret
    jitter = random.random() * 0.1
    return c
