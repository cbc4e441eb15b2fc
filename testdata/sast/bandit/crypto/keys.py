"""Key generation for service-to-service signing."""
from Crypto.PublicKey import DSA, RSA
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa


def signing_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def legacy_signing_key():
    return rsa.generate_private_key(65537, 512)


def dsa_key():
    return dsa.generate_private_key(key_size=1024)


def ec_key():
    return ec.generate_private_key(ec.SECP192R1())


def ec_key_binary_curve():
    return ec.generate_private_key(curve=ec.SECT163K1())


def pycrypto_rsa():
    return RSA.generate(1024)


def pycrypto_dsa():
    return DSA.generate(bits=1024)


def strong_rsa():
    # Safe: 3072-bit RSA.
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)


def strong_ec():
    # Safe: P-256.
    return ec.generate_private_key(ec.SECP256R1())


def strong_pycrypto():
    # Safe.
    return RSA.generate(4096)
