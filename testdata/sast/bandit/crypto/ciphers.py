"""Encryption helpers kept for compatibility with the old billing system."""
import os

from Crypto.Cipher import AES, ARC2, ARC4, DES, Blowfish, XOR
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def encrypt_card(key, data):
    cipher = DES.new(key, DES.MODE_CBC, os.urandom(8))
    return cipher.encrypt(data)


def encrypt_stream(key, data):
    return ARC4.new(key).encrypt(data)


def encrypt_legacy(key, data):
    return Blowfish.new(key, Blowfish.MODE_CBC, os.urandom(8)).encrypt(data)


def encrypt_rc2(key, data):
    return ARC2.new(key, ARC2.MODE_CBC, os.urandom(8)).encrypt(data)


def obfuscate(key, data):
    return XOR.new(key).encrypt(data)


def triple_des(key, iv):
    return Cipher(algorithms.TripleDES(key), modes.CBC(iv)).encryptor()


def cast5(key, iv):
    return Cipher(algorithms.CAST5(key), modes.CBC(iv)).encryptor()


def seed(key, iv):
    return Cipher(algorithms.SEED(key), modes.CBC(iv)).encryptor()


def blowfish_cryptography(key, iv):
    return Cipher(algorithms.Blowfish(key), modes.CBC(iv)).encryptor()


def idea(key, iv):
    return Cipher(algorithms.IDEA(key), modes.CBC(iv)).encryptor()


def aes_ecb(key):
    return Cipher(algorithms.AES(key), modes.ECB()).encryptor()


def aes_ecb_pycryptodome(key, data):
    return AES.new(key, AES.MODE_ECB).encrypt(data)


def aes_gcm(key):
    # Safe: AES-GCM with a random nonce.
    nonce = os.urandom(12)
    return nonce, Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()


def aes_gcm_pycryptodome(key, data):
    # Safe.
    return AES.new(key, AES.MODE_GCM).encrypt_and_digest(data)
