import hashlib, random, secrets
from hashlib import sha256, md5, sha1
from Crypto.Cipher import DES, AES, ARC4, XOR
from Crypto.Hash import MD5, SHA256
from Crypto.PublicKey import RSA
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

def f(data, key, iv):
    # gatehouse-expect: python-weak-hash
    digest = hashlib.md5(data).hexdigest()
    # gatehouse-expect: python-weak-hash
    h = hashlib.new("sha1", data)
    # gatehouse-expect: python-weak-hash
    h = hashlib.new(name="MD5", data=data)
    # gatehouse-expect: python-weak-hash
    fp = md5(data).hexdigest()
    # gatehouse-expect: python-weak-hash
    fp = sha1(data).hexdigest()
    # gatehouse-expect: python-weak-hash
    d = MD5.new(data).hexdigest()
    # gatehouse-expect: python-weak-hash
    d = hashes.Hash(hashes.SHA1())
    # gatehouse-ok: python-weak-hash
    fp = sha256(data).hexdigest()
    # gatehouse-ok: python-weak-hash
    d = SHA256.new(data).hexdigest()
    # gatehouse-ok: python-weak-hash
    d = hashes.Hash(hashes.SHA256())
    # gatehouse-ok: python-weak-hash
    etag = hashlib.md5(data, usedforsecurity=False).hexdigest()
    # gatehouse-ok: python-weak-hash
    digest = hashlib.sha256(data).hexdigest()
    # gatehouse-expect: python-weak-cipher
    c = DES.new(key, DES.MODE_CBC, iv)
    # gatehouse-expect: python-weak-cipher
    c = Cipher(algorithms.TripleDES(key), modes.CBC(iv))
    # gatehouse-expect: python-weak-cipher
    c = XOR.new(key)
    # gatehouse-expect: python-weak-cipher
    c = Cipher(algorithms.SEED(key), modes.CBC(iv))
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

def new_api_key():
    # gatehouse-expect: python-insecure-random-secret
    return "".join(random.choice(ALPHABET) for _ in range(40))

def make_csrf_token():
    # gatehouse-expect: python-insecure-random-secret
    return "".join(random.sample(ALPHABET, 32))

def retry_delay(attempt):
    # gatehouse-ok: python-insecure-random-secret
    return (2 ** attempt) * random.uniform(0.5, 1.5)

def new_api_key_safely():
    # gatehouse-ok: python-insecure-random-secret
    return secrets.token_urlsafe(32)

def keys():
    # gatehouse-expect: python-weak-key-size
    a = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    # gatehouse-expect: python-weak-key-size
    b = rsa.generate_private_key(65537, 512)
    # gatehouse-expect: python-weak-key-size
    c = dsa.generate_private_key(key_size=2047)
    # gatehouse-expect: python-weak-key-size
    d = ec.generate_private_key(ec.SECP192R1())
    # gatehouse-expect: python-weak-key-size
    e = RSA.generate(1024)
    # gatehouse-expect: python-weak-key-size
    f = RSA.generate(bits=1536)
    # gatehouse-ok: python-weak-key-size
    g = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    # gatehouse-ok: python-weak-key-size
    h = rsa.generate_private_key(65537, 2048)
    # gatehouse-ok: python-weak-key-size
    i = ec.generate_private_key(ec.SECP256R1())
    # gatehouse-ok: python-weak-key-size
    j = RSA.generate(4096)
    # gatehouse-ok: python-weak-key-size
    k = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    return a, b, c, d, e, f, g, h, i, j, k


def remember_me(response, mysession):
    value = str(random.normalvariate(0, 1))[2:]
    # gatehouse-expect: python-weak-random
    mysession["rememberMe"] = value
    # gatehouse-expect: python-weak-random
    response.set_cookie("rememberMe", random.randbytes(16).hex(), secure=True)
    strong = secrets.token_hex(16)
    # gatehouse-ok: python-weak-random
    mysession["rememberMe"] = strong
    # gatehouse-ok: python-weak-random
    response.set_cookie("rememberMe", str(random.SystemRandom().random()), secure=True)


LEGACY_DIGEST = "sha1"


def fingerprint(data, modern):
    # gatehouse-expect: python-weak-hash
    a = hashlib.new(LEGACY_DIGEST, data)
    names = {"fast": "md5", "safe": "sha256"}
    # gatehouse-expect: python-weak-hash
    b = hashlib.new(names["fast"], data)
    # gatehouse-ok: python-weak-hash
    c = hashlib.new(names["safe"], data)
    algorithm = "md5" if 2 + 2 == 5 else "sha256"
    # gatehouse-ok: python-weak-hash
    d = hashlib.new(algorithm, data)
    return a, b, c, d
