#!/usr/bin/env python3
"""Secret-scanner quality corpus: true positives and look-alikes.

An independent labelled corpus for measuring secret scanners (gatehouse's own
secret rules and Yelp's detect-secrets, side by side).  It is written from the
providers' publicly documented token formats (prefix, alphabet, length,
structure) and NOT from any scanner's rule set.

Output, next to this file:

  secret/NNNN-<slug>.<ext>     one real-format (but random, never real)
                               credential per file, in a realistic context
  lookalike/NNNN-<slug>.<ext>  something a naive scanner flags that is not a
                               leaked credential (placeholders, documentation
                               examples, hashes, public keys, ...)
  truth.jsonl                  one JSON object per file:
                               {"path", "kind", "category", "provider"
                               (secrets), "format" (secrets), "line", "lines",
                               "note"}; "line" is the 1-based line holding the
                               credential (or the look-alike value), "lines"
                               every line the credential spans or that holds
                               a part of it (key id + secret, PEM blocks).

Every value comes from random.Random(SEED): the output is byte-for-byte
deterministic, and no value is a real credential.  Random parts never contain
words scanners use to discount examples (example, test, dummy, ...).

Run (Python 3 standard library only):

  python3 testdata/secrets/quality/generate.py

It deletes and rewrites secret/, lookalike/ and truth.jsonl each run, checks
its own output (line numbers, file sizes, no real-format token in a
look-alike) and prints counts per kind and category.  The corpus is scored by
`scripts/bench secrets-quality`.
"""

import base64
import json
import re
import shutil
import string
import struct
import sys
import zlib
import random
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

SEED = 20250611
HERE = Path(__file__).resolve().parent
R = random.Random(SEED)

UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
DIGITS = string.digits
HEX = "0123456789abcdef"
HEXU = HEX.upper()
ALNUM = DIGITS + UPPER + LOWER          # base62, GitHub's alphabet order
B64 = UPPER + LOWER + DIGITS + "+/"
B64URL = UPPER + LOWER + DIGITS + "-_"
B32 = UPPER + "234567"
LOWALNUM = LOWER + DIGITS
UPALNUM = UPPER + DIGITS

# Words that scanners (and people) read as "this is not a real secret".
FORBIDDEN = ("example", "xxxx", "fake", "dummy", "test", "sample", "redacted",
             "placeholder", "changeme", "0123456789", "abcdefgh")


def is_clean(s):
    low = s.lower()
    return not any(w in low for w in FORBIDDEN)


def rs(alphabet, n):
    """n random characters of alphabet, regenerated until clean."""
    while True:
        s = "".join(R.choice(alphabet) for _ in range(n))
        if is_clean(s):
            return s


def clean(fn):
    """Call fn() until its (composite) value is clean."""
    while True:
        v = fn()
        if is_clean(v):
            return v


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def b64(b):
    return base64.b64encode(b).decode()


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def digits(n, first_nonzero=True):
    s = rs(DIGITS, n)
    if first_nonzero and s[0] == "0":
        s = R.choice("123456789") + s[1:]
    return s


def uuid4():
    h = rs(HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{R.choice('89ab')}{h[17:20]}-{h[20:32]}"


WORDS = ["harbor", "falcon", "marble", "quartz", "juniper", "copper", "orbit",
         "tundra", "velvet", "lantern", "meadow", "cobalt", "sierra", "pepper",
         "walnut", "glacier", "saffron", "thistle", "ember", "raven", "summit",
         "cinder", "maple", "onyx", "willow", "zephyr", "basalt", "kestrel"]
PW_PUNCT = "!#%*-_+.^~"
URL_PUNCT = "-_.~"


def password(n=None, punct=PW_PUNCT):
    """A realistic hard-coded password: 12-40 chars, mixed classes."""
    while True:
        if R.random() < 0.25:
            parts = [R.choice(WORDS).capitalize() for _ in range(R.randint(2, 3))]
            s = R.choice(punct[:4] if punct == PW_PUNCT else punct).join(parts)
            s += rs(DIGITS, R.randint(2, 4)) + R.choice(punct)
        else:
            n2 = n or R.randint(14, 30)
            chars = [R.choice(UPPER), R.choice(LOWER), R.choice(DIGITS), R.choice(punct)]
            chars += [R.choice(ALNUM + punct) for _ in range(n2 - 4)]
            R.shuffle(chars)
            s = "".join(chars)
        if (is_clean(s) and 12 <= len(s) <= 40 and s[0] not in "-#~.!"
                and any(c.isupper() for c in s) and any(c.isdigit() for c in s)):
            return s


def url_password():
    return password(punct=URL_PUNCT)


# --- GitHub / npm checksum -------------------------------------------------

def base62(n):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = ALNUM[r] + out
    return out or "0"


def github_checksum(random_part):
    """GitHub's classic token checksum (also npm's): CRC32 of the 30-char
    random part, base62-encoded with alphabet 0-9A-Za-z, left-padded with
    "0" to 6 characters."""
    return base62(zlib.crc32(random_part.encode())).rjust(6, "0")


def github_classic_token(prefix):
    def gen():
        body = rs(ALNUM, 30)
        return prefix + body + github_checksum(body)
    return clean(gen)


# --- JWT -------------------------------------------------------------------

def jenc(obj):
    return b64u(json.dumps(obj, separators=(",", ":")).encode())


def jwt(header, payload, sig_len=32):
    return clean(lambda: jenc(header) + "." + jenc(payload) + "." + b64u(rbytes(sig_len)))


def ts(lo=1672531200, hi=1767225600):
    return R.randint(lo, hi)


# --- DER / PEM / OpenSSH / PGP builders (structurally valid, random bytes) --

def der_len(n):
    if n < 0x80:
        return bytes([n])
    if n < 0x100:
        return b"\x81" + bytes([n])
    return b"\x82" + n.to_bytes(2, "big")


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_uint(b):
    b = b.lstrip(b"\x00") or b"\x00"
    if b[0] & 0x80:
        b = b"\x00" + b
    return der(0x02, b)


def big(nbytes):
    b = bytearray(rbytes(nbytes))
    b[0] |= 0x80
    b[-1] |= 1
    return bytes(b)


OID_RSA = der(0x06, bytes.fromhex("2a864886f70d010101"))
OID_EC = der(0x06, bytes.fromhex("2a8648ce3d0201"))
OID_P256 = der(0x06, bytes.fromhex("2a8648ce3d030107"))
OID_ED25519 = der(0x06, bytes.fromhex("2b6570"))
OID_ECDSA_SHA256 = der(0x06, bytes.fromhex("2a8648ce3d040302"))
NULL = b"\x05\x00"


def rsa_pkcs1_der(bits):
    k = bits // 8
    h = k // 2
    ints = [der(0x02, b"\x00"), der_uint(big(k)), der(0x02, b"\x01\x00\x01"),
            der_uint(big(k)), der_uint(big(h)), der_uint(big(h)),
            der_uint(big(h)), der_uint(big(h)), der_uint(big(h))]
    return der(0x30, b"".join(ints))


def rsa_pkcs8_der(bits):
    return der(0x30, der(0x02, b"\x00") + der(0x30, OID_RSA + NULL)
               + der(0x04, rsa_pkcs1_der(bits)))


def ec_sec1_der():
    return der(0x30, der(0x02, b"\x01") + der(0x04, rbytes(32))
               + der(0xA0, OID_P256) + der(0xA1, der(0x03, b"\x00\x04" + rbytes(64))))


def ec_pkcs8_der():
    inner = der(0x30, der(0x02, b"\x01") + der(0x04, rbytes(32))
                + der(0xA1, der(0x03, b"\x00\x04" + rbytes(64))))
    return der(0x30, der(0x02, b"\x00") + der(0x30, OID_EC + OID_P256) + der(0x04, inner))


def ed25519_pkcs8_der():
    return der(0x30, der(0x02, b"\x00") + der(0x30, OID_ED25519)
               + der(0x04, der(0x04, rbytes(32))))


def ec_spki_der():
    return der(0x30, der(0x30, OID_EC + OID_P256) + der(0x03, b"\x00\x04" + rbytes(64)))


def rsa_spki_der(bits):
    rsapub = der(0x30, der_uint(big(bits // 8)) + der(0x02, b"\x01\x00\x01"))
    return der(0x30, der(0x30, OID_RSA + NULL) + der(0x03, b"\x00" + rsapub))


def x509_name(cn, org):
    def rdn(oid_hex, val):
        return der(0x31, der(0x30, der(0x06, bytes.fromhex(oid_hex)) + der(0x0C, val.encode())))
    return der(0x30, rdn("550406", "US") + rdn("55040a", org) + rdn("550403", cn))


def cert_der(cn, issuer_cn, org):
    tbs = (der(0xA0, der(0x02, b"\x02")) + der_uint(rbytes(16)) + der(0x30, OID_ECDSA_SHA256)
           + x509_name(issuer_cn, org)
           + der(0x30, der(0x17, b"240301000000Z") + der(0x17, b"260301000000Z"))
           + x509_name(cn, org) + ec_spki_der())
    sig = der(0x30, der_uint(big(32)) + der_uint(big(32)))
    return der(0x30, der(0x30, tbs) + der(0x30, OID_ECDSA_SHA256) + der(0x03, b"\x00" + sig))


def wrap(s, width=64):
    return [s[i:i + width] for i in range(0, len(s), width)]


def pem_lines(label, der_bytes):
    return ([f"-----BEGIN {label}-----"] + wrap(b64(der_bytes))
            + [f"-----END {label}-----"])


def pem_escaped(label, der_bytes):
    """PEM as one JSON/string-literal line with \\n escapes."""
    return "\\n".join(pem_lines(label, der_bytes)) + "\\n"


def sshstr(b):
    return struct.pack(">I", len(b)) + b


def mpint(b):
    b = b.lstrip(b"\x00")
    if b and b[0] & 0x80:
        b = b"\x00" + b
    return sshstr(b)


def ssh_ed25519_pubblob(pub=None):
    return sshstr(b"ssh-ed25519") + sshstr(pub or rbytes(32))


def ssh_rsa_pubblob(bits=2048):
    return sshstr(b"ssh-rsa") + mpint(b"\x01\x00\x01") + mpint(big(bits // 8))


def ssh_ecdsa_pubblob(q=None):
    return sshstr(b"ecdsa-sha2-nistp256") + sshstr(b"nistp256") + sshstr(q or b"\x04" + rbytes(64))


def openssh_private_key(kind, comment):
    check = rbytes(4)
    if kind == "ed25519":
        pub, seed = rbytes(32), rbytes(32)
        pubblob = ssh_ed25519_pubblob(pub)
        priv = (check + check + sshstr(b"ssh-ed25519") + sshstr(pub)
                + sshstr(seed + pub) + sshstr(comment.encode()))
    else:
        q = b"\x04" + rbytes(64)
        pubblob = ssh_ecdsa_pubblob(q)
        priv = (check + check + sshstr(b"ecdsa-sha2-nistp256") + sshstr(b"nistp256")
                + sshstr(q) + mpint(big(32)) + sshstr(comment.encode()))
    pad = 1
    while len(priv) % 8:
        priv += bytes([pad])
        pad += 1
    blob = (b"openssh-key-v1\x00" + sshstr(b"none") + sshstr(b"none") + sshstr(b"")
            + struct.pack(">I", 1) + sshstr(pubblob) + sshstr(priv))
    return (["-----BEGIN OPENSSH PRIVATE KEY-----"] + wrap(b64(blob), 70)
            + ["-----END OPENSSH PRIVATE KEY-----"])


def crc24(data):
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def pgp_packet(tag, body):
    n = len(body)
    if n < 192:
        ln = bytes([n])
    else:
        n -= 192
        ln = bytes([(n >> 8) + 192, n & 0xFF])
    return bytes([0xC0 | tag]) + ln + body


def pgp_mpi(b, bits=None):
    bits = bits or (len(b) * 8 - (8 - b[0].bit_length()))
    return struct.pack(">H", bits) + b


def pgp_key_block(uid, secret):
    created = struct.pack(">I", ts(1609459200, 1735689600))
    ed_pub = b"\x04\x16\x09" + bytes.fromhex("2b06010401da470f01") + pgp_mpi(b"\x40" + rbytes(32), 263)
    cv_pub = (b"\x04\x12\x0a" + bytes.fromhex("2b060104019755010501")
              + pgp_mpi(b"\x40" + rbytes(32), 263) + b"\x03\x01\x08\x07")
    ed_pub = ed_pub[:1] + created + ed_pub[1:]
    cv_pub = cv_pub[:1] + created + cv_pub[1:]

    def secret_part():
        s = big(32)
        return b"\x00" + pgp_mpi(s) + struct.pack(">H", sum(pgp_mpi(s)) & 0xFFFF)

    def sig(sigtype):
        return b"\x04" + bytes([sigtype]) + b"\x16\x0a" + rbytes(R.randint(88, 104))

    if secret:
        packets = (pgp_packet(5, ed_pub + secret_part()) + pgp_packet(13, uid.encode())
                   + pgp_packet(2, sig(0x13)) + pgp_packet(7, cv_pub + secret_part())
                   + pgp_packet(2, sig(0x18)))
        label = "PGP PRIVATE KEY BLOCK"
    else:
        packets = (pgp_packet(6, ed_pub) + pgp_packet(13, uid.encode()) + pgp_packet(2, sig(0x13))
                   + pgp_packet(14, cv_pub) + pgp_packet(2, sig(0x18)))
        label = "PGP PUBLIC KEY BLOCK"
    crc = b64(crc24(packets).to_bytes(3, "big"))
    return ([f"-----BEGIN {label}-----", ""] + wrap(b64(packets)) + ["=" + crc,
            f"-----END {label}-----"])


# --- shared vocabulary -------------------------------------------------------

ORGS = ["northwind", "bluefin", "harborview", "kestrel", "lumenworks", "quarrylane",
        "tidewater", "orchardly", "cobaltbay", "meridian", "saltmarsh", "ironbark",
        "juniperhq", "larkspur", "pinecrest", "redwoodio", "granitepeak", "foxglove"]
FIRST = ["alice", "bruno", "chen", "dana", "emeka", "farah", "goran", "hana",
         "ivan", "jules", "kira", "liam", "mei", "nadia", "oscar", "priya"]
SVC_USERS = ["deploy", "svc_reporting", "app_rw", "etl_loader", "ci-bot", "jenkins",
             "analytics", "backup", "orders_api", "billing", "webapp", "migrator"]
DBNAMES = ["orders", "billing", "inventory", "analytics", "customers", "ledger", "app_prod"]
REGIONS = ["us-east-1", "eu-west-1", "eu-central-1", "us-west-2", "ap-southeast-2"]


def org():
    return R.choice(ORGS)


def host(prefix="db"):
    return f"{prefix}-{R.randint(1, 9)}.{R.choice(['prod', 'internal', 'corp', 'svc'])}.{org()}.net"


def ver():
    return f"{R.randint(1, 4)}.{R.randint(0, 19)}.{R.randint(0, 9)}"


# --- records -----------------------------------------------------------------

SECRETS = []
LOOKALIKES = []


def add_secret(slug, ext, lines, marker, category, provider, fmt, note, extra=()):
    SECRETS.append(dict(slug=slug, ext=ext, lines=lines, marker=marker, category=category,
                        provider=provider, format=fmt, note=note, extra=list(extra)))


def add_look(slug, ext, lines, marker, category, note):
    LOOKALIKES.append(dict(slug=slug, ext=ext, lines=lines, marker=marker,
                           category=category, note=note, extra=[]))


# --- generic contexts: a NAME=value assignment in many file types -------------
#
# Each context takes t (var, value, name, svc, host, auth) and returns
# (ext, lines).  t.auth is the HTTP header line prefix used by the service
# ("Authorization: Bearer", "X-API-Key:", ...) or None when the value is not
# sent as a header (URLs, connection strings).

def parts(var):
    p = var.lower().split("_")
    return dict(snake=var.lower(), camel=p[0] + "".join(x.capitalize() for x in p[1:]),
                pascal="".join(x.capitalize() for x in p), dotted=".".join(p))


def q_shell(v):
    return f"'{v}'" if any(c in v for c in "$!`\\") else f'"{v}"'


def c_env(t):
    v = f"'{t.value}'" if "$" in t.value else f'"{t.value}"' if " " in t.value else t.value
    return "env", [f"# {t.name}", R.choice(["APP_ENV=production", "NODE_ENV=production",
                                            "RAILS_ENV=production", "ENVIRONMENT=prod"]),
                   R.choice(["LOG_LEVEL=info", "LOG_LEVEL=warn", "DEBUG=false"]),
                   f"{t.var}={v}",
                   R.choice(["HTTP_TIMEOUT=30", "PORT=8080", "WORKERS=4", f"REGION={R.choice(REGIONS)}"])]


def c_shell(t):
    return "sh", ["#!/usr/bin/env bash", "set -euo pipefail", "",
                  f"export {t.var}={q_shell(t.value)}", "",
                  f'echo "syncing {t.svc} data"', f"./bin/{t.svc}-sync --env production"]


def c_compose(t):
    return "yaml", ["services:", f"  {t.svc}-worker:",
                    f"    image: ghcr.io/{org()}/{t.svc}-worker:{ver()}",
                    "    environment:", f'      {t.var}: "{t.value}"',
                    "      LOG_LEVEL: info", "    restart: unless-stopped"]


def c_k8s(t):
    return "yaml", ["apiVersion: apps/v1", "kind: Deployment", "metadata:",
                    f"  name: {t.svc}-bridge", "spec:", "  template:", "    spec:",
                    "      containers:", f"        - name: {t.svc}-bridge",
                    f"          image: registry.{org()}.io/{t.svc}-bridge:{ver()}",
                    "          env:", f"            - name: {t.var}",
                    f'              value: "{t.value}"']


def c_gha(t):
    return "yml", ["name: release", "on:", "  push:", "    tags: ['v*']", "jobs:",
                   "  publish:", "    runs-on: ubuntu-22.04", "    env:",
                   f'      {t.var}: "{t.value}"', "    steps:",
                   "      - uses: actions/checkout@v4", "      - run: make publish"]


def c_json(t):
    p = parts(t.var)
    return "json", ["{", f'  "name": "{t.svc}-sync",', f'  "endpoint": "{t.host}",',
                    f'  "{p["camel"]}": "{t.value}",', '  "timeoutSeconds": 30', "}"]


def c_toml(t):
    p = parts(t.var)
    return "toml", [f"[{t.svc}]", f'endpoint = "{t.host}"', f'{p["snake"]} = "{t.value}"',
                    "max_retries = 3", "", "[logging]", 'level = "info"']


def c_ini(t):
    p = parts(t.var)
    return "ini", ["[general]", "environment = production", "", f"[{t.svc}]",
                   f"endpoint = {t.host}", f'{p["snake"]} = {t.value}', "verify_ssl = true"]


def c_properties(t):
    p = parts(t.var)
    return "properties", [f"# {t.name} integration", f"{t.svc}.endpoint={t.host}",
                          f'{p["dotted"]}={t.value}', f"{t.svc}.timeout=30s",
                          "server.port=8080"]


def c_python(t):
    if t.auth:
        hk, _, hv = t.auth.partition(":")
        hv = hv.strip()
        hexpr = f'"{hv} " + {t.var}' if hv else t.var
        use = [f"def fetch(path):",
               f'    resp = requests.get("{t.host}" + path, headers={{"{hk}": {hexpr}}}, timeout=10)',
               "    resp.raise_for_status()", "    return resp.json()"]
        return "py", ["import os", "", "import requests", "", f'{t.var} = "{t.value}"', "", ""] + use
    mod = t.svc.replace("-", "_")
    return "py", ["import logging", "", f"from {mod}_client import Client", "", f'{t.var} = "{t.value}"', "", "",
                  "def client():", f"    return Client({t.var}, timeout=10)"]


def c_js(t):
    c = parts(t.var)["camel"]
    if t.auth:
        hk, _, hv = t.auth.partition(":")
        hv = hv.strip()
        hdr = f'"{hk}": `{hv} ${{{c}}}`' if hv else f'"{hk}": {c}'
        tail = ["module.exports = axios.create({", f'  baseURL: "{t.host}",',
                f"  headers: {{ {hdr} }},", "});"]
    else:
        tail = [f"module.exports = {{ {c}, timeoutMs: 10000 }};"]
    return "js", ['const axios = require("axios");', "", f'const {c} = "{t.value}";', ""] + tail


def c_ts(t):
    p = parts(t.var)
    return "ts", [f'import {{ createClient }} from "./{t.svc}-client";', "",
                  "export const config = {", f'  baseUrl: "{t.host}",',
                  f'  {p["camel"]}: "{t.value}",', "  retries: 2,", "};", "",
                  "export default createClient(config);"]


def c_go(t):
    p = parts(t.var)
    return "go", [f"package {t.svc.replace('-', '')}client", "", "const (",
                  f'\tbaseURL = "{t.host}"', f'\t{p["camel"]} = "{t.value}"', ")", "",
                  "func New() *Client {", f'\treturn &Client{{base: baseURL, key: {p["camel"]}}}', "}"]


def c_java(t):
    p = parts(t.var)
    return "java", [f"package com.{org()}.integrations;", "",
                    f"public final class {p['pascal']}Config {{",
                    f'    public static final String BASE_URL = "{t.host}";',
                    f'    public static final String {t.var} = "{t.value}";', "",
                    f"    private {p['pascal']}Config() {{}}", "}"]


def c_ruby(t):
    p = parts(t.var)
    mod = "".join(x.capitalize() for x in t.svc.split("-"))
    return "rb", [f'require "{t.svc}"', "", f"{mod}.configure do |config|",
                  f'  config.{p["snake"]} = "{t.value}"', f'  config.endpoint = "{t.host}"',
                  "  config.timeout = 10", "end"]


def c_php(t):
    p = parts(t.var)
    return "php", ["<?php", "", "return [", f"    '{t.svc}' => [",
                   f"        '{p['snake']}' => '{t.value}',", f"        'endpoint' => '{t.host}',",
                   "    ],", "];"]


def c_cs(t):
    p = parts(t.var)
    o = org().capitalize()
    return "cs", [f"namespace {o}.Integrations", "{",
                  f"    public static class {p['pascal']}Settings", "    {",
                  f'        public const string BaseUrl = "{t.host}";',
                  f'        public const string {p["pascal"]} = "{t.value}";', "    }", "}"]


def c_tf(t):
    p = parts(t.var)
    return "tf", [f'variable "{p["snake"]}" {{', "  type      = string",
                  f'  default   = "{t.value}"', "  sensitive = true", "}", "",
                  f'resource "kubernetes_secret" "{t.svc.replace("-", "_")}" {{',
                  f'  metadata {{ name = "{t.svc}" }}', f'  data = {{ token = var.{p["snake"]} }}', "}"]


def c_dockerfile(t):
    return "Dockerfile", ["FROM python:3.12-slim", "WORKDIR /app",
                          "COPY requirements.txt .", "RUN pip install --no-cache-dir -r requirements.txt",
                          "COPY . .", f"ENV {t.var}={q_shell(t.value) if ' ' in t.value or '$' in t.value else t.value}",
                          'CMD ["python", "-m", "worker"]']


def c_md(t):
    return "md", [f"# {t.name} sync", "", "Set the credential before running the job:", "",
                  "```bash", f"export {t.var}={q_shell(t.value)}", "./bin/sync --all", "```"]


def c_yamlapp(t):
    p = parts(t.var)
    return "yaml", ["# values.yaml", f"{t.svc.replace('-', '')}:", "  enabled: true",
                    f"  endpoint: {t.host}", f'  {p["camel"]}: "{t.value}"', "  replicas: 2"]


def c_http(t):
    return "http", [f"### {t.name}: current account", f"GET {t.host}/{R.choice(['me', 'account', 'user', 'projects'])}",
                    f"{t.auth} {t.value}", "Accept: application/json", ""]


def c_curl(t):
    return "sh", ["#!/bin/sh", f"# smoke check against {t.name}",
                  f'curl -fsS "{t.host}/{R.choice(["me", "account", "user", "projects"])}" \\', f'  -H "{t.auth} {t.value}" \\',
                  '  -H "Accept: application/json"']


CONTEXTS = dict(env=c_env, shell=c_shell, compose=c_compose, k8s=c_k8s, gha=c_gha, json=c_json,
                toml=c_toml, ini=c_ini, properties=c_properties, python=c_python, js=c_js, ts=c_ts,
                go=c_go, java=c_java, ruby=c_ruby, php=c_php, cs=c_cs, tf=c_tf,
                dockerfile=c_dockerfile, md=c_md, yamlapp=c_yamlapp, http=c_http, curl=c_curl)
ROTATION = ["env", "python", "yamlapp", "js", "shell", "json", "go", "http", "compose", "java",
            "toml", "ruby", "k8s", "ts", "properties", "php", "gha", "cs", "ini", "tf",
            "dockerfile", "curl", "md"]
_rot = [0]


def next_context(auth):
    while True:
        name = ROTATION[_rot[0] % len(ROTATION)]
        _rot[0] += 1
        if name in ("http", "curl") and not auth:
            continue
        return name


def render(var, value, name, svc, host_url, auth, ctx=None):
    t = SimpleNamespace(var=var, value=value, name=name, svc=svc, host=host_url, auth=auth)
    ctx = ctx or next_context(auth)
    return CONTEXTS[ctx](t)


# --- provider formats ----------------------------------------------------------

BEARER = "Authorization: Bearer"


def P(slug, provider, category, gen, var, n=1, name=None, svc=None, host_url=None,
      auth=BEARER, note="", ctxs=None):
    name = name or provider.capitalize()
    svc = svc or provider.split("-")[0]
    host_url = host_url or f"https://api.{svc}.com"
    for i in range(n):
        value = gen()
        ctx = ctxs[i] if ctxs and i < len(ctxs) else None
        ext, lines = render(var, value, name, svc, host_url, auth, ctx)
        add_secret(slug, ext, lines, value, category, provider, slug, note)


def S(slug, provider, category, note, ext, lines, marker, extra=()):
    add_secret(slug, ext, lines, marker, category, provider, slug, note, extra)


def clean_lines(fn):
    while True:
        lines = fn()
        if is_clean("\n".join(lines)):
            return lines


def akia(prefix="AKIA"):
    return prefix + rs(B32, 16)


def aws_secret():
    return rs(B64, 40)


def aws_session_token():
    return "IQoJb3JpZ2luX2Vj" + rs(B64, R.randint(560, 700))


def build_cloud():
    c = "cloud"
    # AWS access key id + secret (one credential, three contexts)
    k, s = akia(), aws_secret()
    S("aws-access-key", "aws", c, "AWS access key id AKIA+16 base32 with its 40-char secret", "ini",
      ["[default]", f"region = {R.choice(REGIONS)}", "output = json", "", "[deploy]",
       f"aws_access_key_id = {k}", f"aws_secret_access_key = {s}"], k, [s])
    k, s = akia(), aws_secret()
    S("aws-access-key", "aws", c, "AWS key pair in a .env file", "env",
      ["# uploads bucket", f"S3_BUCKET={org()}-uploads", f"AWS_REGION={R.choice(REGIONS)}",
       f"AWS_ACCESS_KEY_ID={k}", f"AWS_SECRET_ACCESS_KEY={s}"], k, [s])
    k, s = akia(), aws_secret()
    S("aws-access-key", "aws", c, "AWS key pair passed to boto3", "py",
      ["import boto3", "", "s3 = boto3.client(", '    "s3",', f'    region_name="{R.choice(REGIONS)}",',
       f'    aws_access_key_id="{k}",', f'    aws_secret_access_key="{s}",', ")"], k, [s])
    # STS temporary credentials with session token
    k, s, tok = akia("ASIA"), aws_secret(), aws_session_token()
    S("aws-session-credentials", "aws", c, "temporary ASIA key, secret and session token", "env",
      [f"AWS_REGION={R.choice(REGIONS)}", f"AWS_ACCESS_KEY_ID={k}", f"AWS_SECRET_ACCESS_KEY={s}",
       f"AWS_SESSION_TOKEN={tok}"], k, [s, tok])
    k, s, tok = akia("ASIA"), aws_secret(), aws_session_token()
    S("aws-session-credentials", "aws", c, "STS credentials in ~/.aws/credentials", "ini",
      ["[ci-assumed-role]", f"aws_access_key_id = {k}", f"aws_secret_access_key = {s}",
       f"aws_session_token = {tok}", f"region = {R.choice(REGIONS)}"], k, [s, tok])

    def bedrock_long():
        inner = f"BedrockAPIKey-{rs(LOWALNUM, 4)}-at-{digits(12)}:{rs(B64, 40)}"
        return "ABSK" + b64(inner.encode())
    P("aws-bedrock-api-key", "aws", c, lambda: clean(bedrock_long), "AWS_BEARER_TOKEN_BEDROCK", 2,
      "Amazon Bedrock", "bedrock", "https://bedrock-runtime.us-east-1.amazonaws.com",
      note="Bedrock long-term API key: ABSK + base64('BedrockAPIKey-...-at-<account>:<secret>')")

    def bedrock_short():
        region = R.choice(REGIONS)
        url = ("bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
               f"&X-Amz-Credential={akia('ASIA')}%2F20250612%2F{region}%2Fbedrock%2Faws4_request"
               f"&X-Amz-Date=20250612T{R.randint(10, 23)}{R.randint(10, 59)}{R.randint(10, 59)}Z"
               f"&X-Amz-Expires=43200&X-Amz-Security-Token={rs(ALNUM, 300)}"
               f"&X-Amz-Signature={rs(HEX, 64)}&X-Amz-SignedHeaders=host&Version=1")
        return "bedrock-api-key-" + b64(url.encode())
    P("aws-bedrock-short-term-key", "aws", c, lambda: clean(bedrock_short), "AWS_BEARER_TOKEN_BEDROCK",
      1, "Amazon Bedrock", "bedrock", "https://bedrock-runtime.us-east-1.amazonaws.com",
      note="Bedrock short-term key: bedrock-api-key- + base64 of a SigV4 presigned URL")
    P("aws-mws-auth-token", "aws", c, lambda: "amzn.mws." + uuid4(), "MWS_AUTH_TOKEN", 1,
      "Amazon MWS", "mws", "https://mws.amazonservices.com", None, "amzn.mws.<uuid> auth token")

    # GCP
    P("gcp-api-key", "gcp", c, lambda: "AIzaSy" + rs(B64URL, 33), "GOOGLE_MAPS_API_KEY", 1,
      "Google Maps", "maps", "https://maps.googleapis.com", "X-Goog-Api-Key:", "AIza + 35 chars (AIzaSy...)")
    P("gcp-api-key", "gcp", c, lambda: "AIzaSy" + rs(B64URL, 33), "GEMINI_API_KEY", 1,
      "Gemini", "gemini", "https://generativelanguage.googleapis.com", "x-goog-api-key:", "AIza + 35 chars (AIzaSy...)")

    def sa_fields():
        project = f"{org()}-{R.choice(['prod', 'data', 'platform', 'ml'])}-{digits(6)}"
        sa = R.choice(["deployer", "bq-loader", "terraform", "ci-runner", "gcs-sync"])
        email = f"{sa}@{project}.iam.gserviceaccount.com"
        pk = clean(lambda: pem_escaped("PRIVATE KEY", rsa_pkcs8_der(2048)))
        return [("type", "service_account"), ("project_id", project),
                ("private_key_id", rs(HEX, 40)), ("private_key", pk), ("client_email", email),
                ("client_id", digits(21)), ("auth_uri", "https://accounts.google.com/o/oauth2/auth"),
                ("token_uri", "https://oauth2.googleapis.com/token"),
                ("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs"),
                ("client_x509_cert_url", "https://www.googleapis.com/robot/v1/metadata/x509/"
                 + email.replace("@", "%40")), ("universe_domain", "googleapis.com")]
    mk = "-----BEGIN PRIVATE KEY-----"
    f = sa_fields()
    S("gcp-service-account", "gcp", c, "service-account key file, standard key order", "json",
      ["{"] + [f'  "{k}": "{v}"' + ("," if i < len(f) - 1 else "") for i, (k, v) in enumerate(f)] + ["}"], mk)
    f = sa_fields()
    order = [3, 4, 2, 1, 5, 0, 7, 6, 8, 9, 10]
    f = [f[i] for i in order]
    S("gcp-service-account", "gcp", c, "service-account key, private_key first and type later", "json",
      ["{"] + [f'  "{k}": "{v}"' + ("," if i < len(f) - 1 else "") for i, (k, v) in enumerate(f)] + ["}"], mk)
    f = sa_fields()
    one = "{" + ", ".join(f'"{k}": "{v}"' for k, v in f[:6]) + "}"
    S("gcp-service-account", "gcp", c, "service-account JSON inlined in a workflow env", "yml",
      ["name: deploy", "on: [push]", "jobs:", "  deploy:", "    runs-on: ubuntu-22.04", "    env:",
       f"      GOOGLE_CREDENTIALS: '{one}'", "    steps:", "      - run: ./deploy.sh"], mk)
    cid = f"{digits(12)}-{rs(LOWALNUM, 32)}.apps.googleusercontent.com"
    sec = "GOCSPX-" + rs(B64URL, 28)
    S("gcp-oauth-client-secret", "gcp", c, "OAuth client_secret.json with GOCSPX- secret", "json",
      ['{"installed": {', f'  "client_id": "{cid}",', f'  "project_id": "{org()}-desktop",',
       '  "auth_uri": "https://accounts.google.com/o/oauth2/auth",',
       '  "token_uri": "https://oauth2.googleapis.com/token",', f'  "client_secret": "{sec}",',
       '  "redirect_uris": ["http://localhost"]', "}}"], sec)
    P("gcp-oauth-client-secret", "gcp", c, lambda: "GOCSPX-" + rs(B64URL, 28), "GOOGLE_CLIENT_SECRET",
      1, "Google OAuth", "google", "https://oauth2.googleapis.com", None, "GOCSPX- + 28 chars")
    P("gcp-oauth-refresh-token", "gcp", c, lambda: "1//0" + rs(B64URL, 99), "GOOGLE_REFRESH_TOKEN", 1,
      "Google OAuth", "google", "https://oauth2.googleapis.com", None, "Google OAuth refresh token 1//0...")
    P("gcp-oauth-access-token", "gcp", c, lambda: "ya29.a0" + rs(B64URL, 180), "GOOGLE_ACCESS_TOKEN", 1,
      "Google APIs", "google", "https://www.googleapis.com", note="Google OAuth access token ya29.")

    # Azure
    def acct():
        return (org() + R.choice(["prod", "data", "logs", "media"]) + rs(LOWALNUM, 3))[:24]
    a, key = acct(), clean(lambda: b64(rbytes(64)))
    S("azure-storage-connection-string", "azure", c, "storage connection string, canonical key order", "env",
      ["# blob storage for uploads", "STORAGE_CONTAINER=uploads",
       f'AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName={a};AccountKey={key};EndpointSuffix=core.windows.net"',
       "UPLOAD_MAX_MB=25"], key)
    a, key = acct(), clean(lambda: b64(rbytes(64)))
    S("azure-storage-connection-string", "azure", c, "connection string with AccountName first", "json",
      ["{", '  "Logging": { "LogLevel": { "Default": "Information" } },', '  "ConnectionStrings": {',
       f'    "Storage": "AccountName={a};AccountKey={key};DefaultEndpointsProtocol=https;EndpointSuffix=core.windows.net"',
       "  },", '  "AllowedHosts": "*"', "}"], key)
    a, key = acct(), clean(lambda: b64(rbytes(64)))
    S("azure-storage-connection-string", "azure", c, "connection string with AccountKey first", "py",
      ["from azure.storage.blob import BlobServiceClient", "",
       f'CONN = "AccountKey={key};AccountName={a};DefaultEndpointsProtocol=https;EndpointSuffix=core.windows.net"',
       "", "service = BlobServiceClient.from_connection_string(CONN)",
       'container = service.get_container_client("reports")'], key)
    from urllib.parse import quote

    def sas():
        return (f"https://{acct()}.blob.core.windows.net/{R.choice(['backups', 'exports', 'media'])}"
                f"?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2026-0{R.randint(1, 9)}-1{R.randint(0, 9)}T18:00:00Z"
                f"&st=2025-0{R.randint(1, 9)}-0{R.randint(1, 9)}T09:00:00Z&spr=https"
                f"&sig={quote(b64(rbytes(32)), safe='')}")
    P("azure-sas-url", "azure", c, lambda: clean(sas), "AZURE_BLOB_SAS_URL", 2, "Azure Blob", "azure",
      "https://portal.azure.com", None, "blob URL with sv=...&sig= shared access signature")
    P("azure-ad-client-secret", "azure", c,
      lambda: rs(ALNUM, 3) + R.choice("78") + "Q~" + rs(ALNUM + "_~.-", 34), "AZURE_CLIENT_SECRET", 2,
      "Entra ID app", "entra", "https://login.microsoftonline.com", None,
      "Entra ID (Azure AD) client secret: 3 chars + 8Q~ + 34 chars")
    P("azure-devops-pat", "azure", c, lambda: rs("abcdefghijklmnopqrstuvwxyz234567", 52),
      "AZURE_DEVOPS_EXT_PAT", 1, "Azure DevOps", "azdo", "https://dev.azure.com", None,
      "legacy 52-char base32 Azure DevOps PAT")
    P("azure-openai-key", "azure", c, lambda: rs(HEX, 32), "AZURE_OPENAI_API_KEY", 1, "Azure OpenAI",
      "azure-openai", f"https://{org()}-oai.openai.azure.com", "api-key:", "32-hex Cognitive Services key")
    ns, key = org() + "-bus", clean(lambda: b64(rbytes(32)))
    S("azure-servicebus-connection-string", "azure", c, "Service Bus SAS connection string", "json",
      ["{", '  "IsEncrypted": false,', '  "Values": {', '    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",',
       f'    "ServiceBusConnection": "Endpoint=sb://{ns}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={key}"',
       "  }", "}"], key)
    key = clean(lambda: b64(rbytes(64)))
    S("azure-cosmosdb-connection-string", "azure", c, "Cosmos DB connection string with AccountKey", "cs",
      ["using Microsoft.Azure.Cosmos;", "", "public static class Db", "{",
       f'    private const string Conn = "AccountEndpoint=https://{org()}-cosmos.documents.azure.com:443/;AccountKey={key};";',
       '    public static CosmosClient Client { get; } = new CosmosClient(Conn);', "}"], key)
    P("azure-container-registry-password", "azure", c, lambda: rs(B64, 42) + "+ACR" + rs(ALNUM, 6),
      "ACR_PASSWORD", 1, "Azure Container Registry", "acr", f"https://{org()}.azurecr.io", None,
      "ACR admin/token password (52 chars, +ACR marker)")

    # Others
    P("digitalocean-pat", "digitalocean", c, lambda: "dop_v1_" + rs(HEX, 64), "DIGITALOCEAN_TOKEN", 2,
      "DigitalOcean", "digitalocean", "https://api.digitalocean.com", note="dop_v1_ + 64 hex")
    P("digitalocean-oauth-token", "digitalocean", c, lambda: "doo_v1_" + rs(HEX, 64), "DO_OAUTH_TOKEN", 1,
      "DigitalOcean", "digitalocean", "https://api.digitalocean.com", note="doo_v1_ + 64 hex")
    P("digitalocean-refresh-token", "digitalocean", c, lambda: "dor_v1_" + rs(HEX, 64), "DO_REFRESH_TOKEN", 1,
      "DigitalOcean", "digitalocean", "https://cloud.digitalocean.com", None, "dor_v1_ + 64 hex")
    k, s = "LTAI" + rs(ALNUM, 20), rs(ALNUM, 30)
    S("alibaba-access-key", "alibaba", c, "Alibaba Cloud LTAI access key id with its secret", "env",
      [f"ALIBABA_CLOUD_REGION_ID=cn-hangzhou", f"ALIBABA_CLOUD_ACCESS_KEY_ID={k}",
       f"ALIBABA_CLOUD_ACCESS_KEY_SECRET={s}", "OSS_BUCKET=static-assets"], k, [s])
    k, s = "LTAI" + rs(ALNUM, 16), rs(ALNUM, 30)
    S("alibaba-access-key", "alibaba", c, "Alibaba key pair in an OSS client", "java",
      ["import com.aliyun.oss.OSS;", "import com.aliyun.oss.OSSClientBuilder;", "",
       "public class Storage {", '    static final String ENDPOINT = "https://oss-cn-shanghai.aliyuncs.com";',
       f'    static final String ACCESS_KEY_ID = "{k}";', f'    static final String ACCESS_KEY_SECRET = "{s}";',
       "    static OSS client() { return new OSSClientBuilder().build(ENDPOINT, ACCESS_KEY_ID, ACCESS_KEY_SECRET); }",
       "}"], k, [s])
    k, s = rs(HEX, 40), clean(lambda: b64(rbytes(32)))
    region = R.choice(["us-ashburn-1", "eu-frankfurt-1", "uk-london-1"])
    S("oracle-oci-customer-secret-key", "oracle", c, "OCI customer secret key (S3 compatibility) pair", "ini",
      ["[oci-object-storage]", f"endpoint_url = https://{rs(LOWALNUM, 12)}.compat.objectstorage.{region}.oraclecloud.com",
       f"aws_access_key_id = {k}", f"aws_secret_access_key = {s}", f"region = {region}"], s, [k])
    P("ibm-cloud-api-key", "ibm", c, lambda: rs(B64URL, 44), "IBMCLOUD_API_KEY", 2, "IBM Cloud", "ibmcloud",
      "https://iam.cloud.ibm.com", None, "44-char IBM Cloud IAM API key")
    P("cloudflare-api-token", "cloudflare", c, lambda: rs(B64URL, 40), "CLOUDFLARE_API_TOKEN", 2,
      "Cloudflare", "cloudflare", "https://api.cloudflare.com/client/v4", note="40-char API token")
    P("cloudflare-global-api-key", "cloudflare", c, lambda: rs(HEX, 37), "CLOUDFLARE_API_KEY", 1,
      "Cloudflare", "cloudflare", "https://api.cloudflare.com/client/v4", "X-Auth-Key:", "37-hex global API key")
    P("cloudflare-origin-ca-key", "cloudflare", c, lambda: f"v1.0-{rs(HEX, 24)}-{rs(HEX, 146)}",
      "CLOUDFLARE_ORIGIN_CA_KEY", 1, "Cloudflare", "cloudflare", "https://api.cloudflare.com/client/v4",
      "X-Auth-User-Service-Key:", "Origin CA key v1.0-<24 hex>-<146 hex>")
    P("fastly-api-token", "fastly", c, lambda: rs(B64URL, 32), "FASTLY_API_TOKEN", 2, "Fastly", "fastly",
      "https://api.fastly.com", "Fastly-Key:", "32-char Fastly API token")
    P("heroku-api-key", "heroku", c, lambda: "HRKU-AA" + rs(B64URL, 58), "HEROKU_API_KEY", 2, "Heroku",
      "heroku", "https://api.heroku.com", note="new-format Heroku key HRKU-AA + 58")
    P("heroku-api-key-legacy", "heroku", c, uuid4, "HEROKU_API_KEY", 1, "Heroku", "heroku",
      "https://api.heroku.com", note="legacy UUID Heroku API key next to HEROKU_API_KEY")
    P("flyio-token", "flyio", c, lambda: "fo1_" + rs(B64URL, 43), "FLY_API_TOKEN", 1, "Fly.io", "fly",
      "https://api.machines.dev", note="fo1_ + 43")
    P("flyio-macaroon", "flyio", c, lambda: "FlyV1 fm2_lJPE" + clean(lambda: b64(rbytes(240))),
      "FLY_API_TOKEN", 1, "Fly.io", "fly", "https://api.machines.dev", "Authorization:",
      "FlyV1 fm2_ macaroon token")
    P("vercel-token", "vercel", c, lambda: rs(ALNUM, 24), "VERCEL_TOKEN", 2, "Vercel", "vercel",
      "https://api.vercel.com", note="24-char Vercel token next to VERCEL_TOKEN")
    P("netlify-pat", "netlify", c, lambda: "nfp_" + rs(ALNUM, 40), "NETLIFY_AUTH_TOKEN", 2, "Netlify",
      "netlify", "https://api.netlify.com/api/v1", note="nfp_ personal access token")
    P("render-api-key", "render", c, lambda: "rnd_" + rs(ALNUM, 32), "RENDER_API_KEY", 1, "Render", "render",
      "https://api.render.com/v1", note="rnd_ API key")
    P("railway-token", "railway", c, uuid4, "RAILWAY_TOKEN", 1, "Railway", "railway",
      "https://backboard.railway.app/graphql/v2", note="UUID project token next to RAILWAY_TOKEN")
    P("linode-token", "linode", c, lambda: rs(HEX, 64), "LINODE_TOKEN", 1, "Linode", "linode",
      "https://api.linode.com/v4", note="64-hex personal access token")
    P("hetzner-cloud-token", "hetzner", c, lambda: rs(ALNUM, 64), "HCLOUD_TOKEN", 1, "Hetzner Cloud",
      "hcloud", "https://api.hetzner.cloud/v1", note="64-char project token")
    P("vultr-api-key", "vultr", c, lambda: rs(UPALNUM, 36), "VULTR_API_KEY", 1, "Vultr", "vultr",
      "https://api.vultr.com/v2", note="36-char uppercase API key")
    k, s = "SCW" + rs(UPALNUM, 17), uuid4()
    S("scaleway-secret-key", "scaleway", c, "Scaleway access key SCW... with its UUID secret", "env",
      [f"SCW_DEFAULT_REGION=fr-par", f"SCW_ACCESS_KEY={k}", f"SCW_SECRET_KEY={s}",
       f"SCW_DEFAULT_PROJECT_ID={uuid4()}"], s, [k])
    k, s = "AKID" + rs(ALNUM, 32), rs(ALNUM, 32)
    S("tencent-cloud-secret", "tencent", c, "Tencent Cloud SecretId AKID... with SecretKey", "py",
      ["from tencentcloud.common import credential", "",
       f'cred = credential.Credential("{k}", "{s}")', 'REGION = "ap-guangzhou"'], k, [s])
    P("yandex-api-key", "yandex", c, lambda: "AQVN" + rs(B64URL, 36), "YC_API_KEY", 1, "Yandex Cloud",
      "yandex", "https://llm.api.cloud.yandex.net", "Authorization: Api-Key", "AQVN API key")
    tok = f"{rs(LOWALNUM, 6)}.{rs(LOWALNUM, 16)}"
    S("kubernetes-bootstrap-token", "kubernetes", c, "kubeadm bootstrap token [a-z0-9]{6}.[a-z0-9]{16}", "sh",
      ["#!/bin/sh", "# join worker nodes", f"kubeadm join 10.0.{R.randint(0, 9)}.{R.randint(2, 250)}:6443 \\",
       f"  --token {tok} \\", f"  --discovery-token-ca-cert-hash sha256:{rs(HEX, 64)}"], tok)


def build_source_ci():
    c = "source-ci"
    gh = "https://api.github.com"
    for prefix, slug, n, note in [("ghp_", "github-pat", 3, "classic PAT"),
                                  ("gho_", "github-oauth-token", 2, "OAuth access token"),
                                  ("ghu_", "github-user-to-server-token", 2, "GitHub App user-to-server token"),
                                  ("ghs_", "github-server-to-server-token", 2, "GitHub App installation token"),
                                  ("ghr_", "github-refresh-token", 1, "GitHub App refresh token")]:
        P(slug, "github", c, lambda p=prefix: github_classic_token(p),
          R.choice(["GITHUB_TOKEN", "GH_TOKEN"]) if prefix != "ghr_" else "GITHUB_REFRESH_TOKEN",
          n, "GitHub", "github", gh, "Authorization: token",
          f"{note}: {prefix} + 30 base62 + 6-char CRC32 checksum")
    P("github-fine-grained-pat", "github", c,
      lambda: "github_pat_11" + rs(UPALNUM, 20) + "_" + rs(ALNUM, 59), "GH_TOKEN", 3, "GitHub", "github", gh,
      note="fine-grained PAT github_pat_11<20>_<59>")
    gl = "https://gitlab.com/api/v4"
    P("gitlab-pat", "gitlab", c, lambda: "glpat-" + rs(B64URL, 20), "GITLAB_TOKEN", 3, "GitLab", "gitlab",
      gl, "PRIVATE-TOKEN:", "glpat- + 20")
    P("gitlab-deploy-token", "gitlab", c, lambda: "gldt-" + rs(B64URL, 20), "CI_DEPLOY_PASSWORD", 2,
      "GitLab", "gitlab", gl, None, "gldt- deploy token")
    P("gitlab-runner-token", "gitlab", c, lambda: "glrt-" + rs(B64URL, 20), "RUNNER_TOKEN", 2, "GitLab",
      "gitlab", gl, None, "glrt- runner authentication token")
    tok = "GR1348941" + rs(B64URL, 20)
    S("gitlab-runner-registration-token", "gitlab", c, "legacy GR1348941 runner registration token", "toml",
      ['concurrent = 4', "", "[[runners]]", '  name = "build-01"', '  url = "https://gitlab.com/"',
       f'  token = "{tok}"', '  executor = "docker"'], tok)
    P("gitlab-pipeline-trigger-token", "gitlab", c, lambda: "glptt-" + rs(HEX, 40), "TRIGGER_TOKEN", 1,
      "GitLab", "gitlab", gl, None, "glptt- + 40 hex")
    P("gitlab-feed-token", "gitlab", c, lambda: "glft-" + rs(B64URL, 20), "GITLAB_FEED_TOKEN", 1, "GitLab",
      "gitlab", gl, None, "glft- feed token")
    P("gitlab-agent-token", "gitlab", c, lambda: "glagent-" + rs(B64URL, 50), "GITLAB_AGENT_TOKEN", 1,
      "GitLab", "gitlab", gl, None, "glagent- Kubernetes agent token")
    P("gitlab-oauth-app-secret", "gitlab", c, lambda: "gloas-" + rs(HEX, 64), "GITLAB_OAUTH_SECRET", 1,
      "GitLab", "gitlab", gl, None, "gloas- OAuth application secret")
    P("gitlab-incoming-mail-token", "gitlab", c, lambda: "glimt-" + rs(LOWALNUM, 25), "INCOMING_EMAIL_TOKEN",
      1, "GitLab", "gitlab", gl, None, "glimt- incoming mail token")
    P("gitlab-scim-token", "gitlab", c, lambda: "glsoat-" + rs(B64URL, 20), "GITLAB_SCIM_TOKEN", 1,
      "GitLab", "gitlab", gl, note="glsoat- SCIM OAuth token")
    P("bitbucket-app-password", "bitbucket", c, lambda: "ATBB" + rs(ALNUM, 32), "BITBUCKET_APP_PASSWORD", 1,
      "Bitbucket", "bitbucket", "https://api.bitbucket.org/2.0", None, "ATBB app password")
    atl = lambda: "ATATT3xFfGF0" + rs(B64URL, 171) + "=" + rs(HEXU, 8)
    P("atlassian-api-token", "atlassian", c, atl, "JIRA_API_TOKEN", 1, "Jira", "jira",
      f"https://{org()}.atlassian.net", None, "Atlassian API token ATATT3... (Jira)")
    P("atlassian-api-token", "atlassian", c, atl, "CONFLUENCE_API_TOKEN", 1, "Confluence", "confluence",
      f"https://{org()}.atlassian.net/wiki", None, "Atlassian API token ATATT3... (Confluence)")
    P("atlassian-api-token", "atlassian", c, atl, "ATLASSIAN_API_TOKEN", 1, "Atlassian", "atlassian",
      f"https://{org()}.atlassian.net", None, "Atlassian API token ATATT3...")
    P("circleci-personal-token", "circleci", c, lambda: f"CCIPAT_{rs(ALNUM, 22)}_{rs(HEX, 40)}",
      "CIRCLECI_TOKEN", 1, "CircleCI", "circleci", "https://circleci.com/api/v2", "Circle-Token:",
      "CCIPAT_<22>_<40 hex>")
    P("circleci-project-token", "circleci", c, lambda: f"CCIPRJ_{rs(ALNUM, 22)}_{rs(HEX, 40)}",
      "CIRCLE_PROJECT_TOKEN", 1, "CircleCI", "circleci", "https://circleci.com/api/v2", "Circle-Token:",
      "CCIPRJ_<22>_<40 hex>")
    P("circleci-legacy-token", "circleci", c, lambda: rs(HEX, 40), "CIRCLECI_TOKEN", 1, "CircleCI",
      "circleci", "https://circleci.com/api/v2", "Circle-Token:", "legacy 40-hex token next to CIRCLECI_TOKEN")
    P("travis-token", "travis", c, lambda: rs(B64URL, 22), "TRAVIS_API_TOKEN", 1, "Travis CI", "travis",
      "https://api.travis-ci.com", "Authorization: token", "22-char Travis token")
    P("buildkite-api-token", "buildkite", c, lambda: "bkua_" + rs(HEX, 40), "BUILDKITE_API_TOKEN", 2,
      "Buildkite", "buildkite", "https://api.buildkite.com/v2", note="bkua_ + 40 hex")
    P("buildkite-agent-token", "buildkite", c, lambda: rs(LOWALNUM, 50), "BUILDKITE_AGENT_TOKEN", 1,
      "Buildkite", "buildkite", "https://agent.buildkite.com", None, "agent registration token")
    sg = f"https://sourcegraph.{org()}.com"
    P("sourcegraph-token", "sourcegraph", c, lambda: "sgp_" + rs(HEX, 40), "SRC_ACCESS_TOKEN", 1,
      "Sourcegraph", "sourcegraph", sg, "Authorization: token", "sgp_ + 40 hex")
    P("sourcegraph-token-instance", "sourcegraph", c, lambda: f"sgp_{rs(HEX, 16)}_{rs(HEX, 40)}",
      "SRC_ACCESS_TOKEN", 1, "Sourcegraph", "sourcegraph", sg, "Authorization: token",
      "sgp_<16 hex instance id>_<40 hex>")
    P("sourcegraph-token-local", "sourcegraph", c, lambda: f"sgp_local_{rs(HEX, 40)}", "SRC_ACCESS_TOKEN", 1,
      "Sourcegraph", "sourcegraph", sg, "Authorization: token", "sgp_local_<40 hex>")
    for pre, what in [("squ_", "user"), ("sqp_", "project analysis"), ("sqa_", "global analysis")]:
        P(f"sonarqube-{pre[:3]}-token", "sonarqube", c, lambda p=pre: p + rs(HEX, 40), "SONAR_TOKEN", 1,
          "SonarQube", "sonar", f"https://sonar.{org()}.net", None, f"SonarQube {what} token {pre} + 40 hex")
    P("snyk-token", "snyk", c, uuid4, "SNYK_TOKEN", 1, "Snyk", "snyk", "https://api.snyk.io",
      "Authorization: token", "UUID next to SNYK_TOKEN")
    P("codecov-token", "codecov", c, uuid4, "CODECOV_TOKEN", 1, "Codecov", "codecov", "https://codecov.io",
      None, "UUID upload token next to CODECOV_TOKEN")
    P("gitea-token", "gitea", c, lambda: rs(HEX, 40), "GITEA_TOKEN", 1, "Gitea", "gitea",
      f"https://git.{org()}.net/api/v1", "Authorization: token", "40-hex Gitea token")
    P("drone-token", "drone", c, lambda: rs(ALNUM, 32), "DRONE_TOKEN", 1, "Drone", "drone",
      f"https://drone.{org()}.net", note="32-char Drone CI token")
    P("octopus-api-key", "octopus", c, lambda: "API-" + rs(UPALNUM, 26), "OCTOPUS_API_KEY", 1,
      "Octopus Deploy", "octopus", f"https://{org()}.octopus.app", "X-Octopus-ApiKey:", "API- + 26")
    P("harness-pat", "harness", c, lambda: f"pat.{rs(B64URL, 22)}.{rs(HEX, 24)}.{rs(ALNUM, 20)}",
      "HARNESS_PLATFORM_API_KEY", 1, "Harness", "harness", "https://app.harness.io", "x-api-key:",
      "Harness PAT pat.<account>.<id>.<secret>")
    P("jenkins-api-token", "jenkins", c, lambda: "11" + rs(HEX, 32), "JENKINS_API_TOKEN", 1, "Jenkins",
      "jenkins", f"https://ci.{org()}.net", None, "34-hex Jenkins API token starting 11")
    tok = rs(ALNUM, 14) + ".atlasv1." + rs(B64URL, 67)
    S("terraform-cloud-token", "hashicorp", c, "Terraform Cloud team/user token <14>.atlasv1.<67>", "tfrc",
      ['credentials "app.terraform.io" {', f'  token = "{tok}"', "}"], tok)
    P("terraform-cloud-token", "hashicorp", c, lambda: rs(ALNUM, 14) + ".atlasv1." + rs(B64URL, 67),
      "TF_TOKEN_app_terraform_io", 1, "Terraform Cloud", "terraform", "https://app.terraform.io/api/v2",
      note="atlasv1 token in TF_TOKEN_ env")


def build_registry():
    c = "registry"
    P("npm-token", "npm", c, lambda: github_classic_token("npm_"), "NPM_TOKEN", 2, "npm", "npm",
      "https://registry.npmjs.org", note="npm_ + 30 base62 + CRC32 checksum")
    tok = github_classic_token("npm_")
    S("npm-token", "npm", c, "npm token in .npmrc", "npmrc",
      ["registry=https://registry.npmjs.org/", f"//registry.npmjs.org/:_authToken={tok}",
       "always-auth=true"], tok)

    def pypi():
        return "pypi-AgEIcHlwaS5vcmcCJ" + rs(B64URL, R.randint(150, 190))
    P("pypi-token", "pypi", c, pypi, "TWINE_PASSWORD", 1, "PyPI", "pypi", "https://upload.pypi.org/legacy",
      None, "PyPI macaroon pypi-AgEIcHlwaS5vcmc...")
    tok = pypi()
    S("pypi-token", "pypi", c, "PyPI token in .pypirc", "pypirc",
      ["[distutils]", "index-servers = pypi", "", "[pypi]", "username = __token__", f"password = {tok}"], tok)
    P("rubygems-api-key", "rubygems", c, lambda: "rubygems_" + rs(HEX, 48), "GEM_HOST_API_KEY", 2,
      "RubyGems", "rubygems", "https://rubygems.org", "Authorization:", "rubygems_ + 48 hex")
    P("nuget-api-key", "nuget", c, lambda: "oy2" + rs(LOWALNUM, 43), "NUGET_API_KEY", 2, "NuGet", "nuget",
      "https://api.nuget.org/v3/index.json", "X-NuGet-ApiKey:", "oy2 + 43 lowercase alnum")
    P("dockerhub-pat", "docker", c, lambda: "dckr_pat_" + rs(B64URL, 27), "DOCKERHUB_TOKEN", 2, "Docker Hub",
      "dockerhub", "https://hub.docker.com/v2", note="dckr_pat_ + 27")
    P("jfrog-api-key", "jfrog", c, lambda: "AKCp" + rs(ALNUM, 69), "ARTIFACTORY_API_KEY", 1, "Artifactory",
      "artifactory", f"https://{org()}.jfrog.io/artifactory", "X-JFrog-Art-Api:", "AKCp + 69 API key")

    def reftkn():
        return b64(f"reftkn:01:{R.randint(1760000000, 1900000000)}:{rs(ALNUM, 27)}".encode())
    P("jfrog-reference-token", "jfrog", c, lambda: clean(reftkn), "JFROG_ACCESS_TOKEN", 2, "JFrog", "jfrog",
      f"https://{org()}.jfrog.io", note="identity/reference token cmVmdGtuOjAxOj... (base64 'reftkn:01:')")
    P("clojars-token", "clojars", c, lambda: "CLOJARS_" + rs(HEX, 60), "CLOJARS_PASSWORD", 1, "Clojars",
      "clojars", "https://repo.clojars.org", None, "CLOJARS_ + 60 hex deploy token")
    P("crates-io-token", "crates-io", c, lambda: "cio" + rs(ALNUM, 32), "CARGO_REGISTRY_TOKEN", 1,
      "crates.io", "crates", "https://crates.io/api/v1", "Authorization:", "cio + 32 alnum")
    tok = "cio" + rs(ALNUM, 32)
    S("crates-io-token", "crates-io", c, "crates.io token in ~/.cargo/credentials.toml", "toml",
      ["[registry]", f'token = "{tok}"', "", "[registries.internal]", 'token = "Bearer ${INTERNAL_TOKEN}"'],
      tok)
    P("hex-pm-api-key", "hex", c, lambda: rs(HEX, 32), "HEX_API_KEY", 1, "Hex", "hex", "https://hex.pm/api",
      "Authorization:", "32-hex key next to HEX_API_KEY")
    P("cloudsmith-api-key", "cloudsmith", c, lambda: rs(HEX, 40), "CLOUDSMITH_API_KEY", 1, "Cloudsmith",
      "cloudsmith", "https://api.cloudsmith.io/v1", "X-Api-Key:", "40-hex key next to CLOUDSMITH_API_KEY")


def build_messaging():
    c = "messaging"
    sl = "https://slack.com/api"
    P("slack-bot-token", "slack", c,
      lambda: f"xoxb-{digits(R.choice([11, 12, 13]))}-{digits(13)}-{rs(ALNUM, 24)}", "SLACK_BOT_TOKEN", 3,
      "Slack", "slack", sl, note="xoxb-<team>-<bot>-<24>")
    P("slack-user-token", "slack", c, lambda: f"xoxp-{digits(12)}-{digits(12)}-{digits(13)}-{rs(HEX, 32)}",
      "SLACK_USER_TOKEN", 2, "Slack", "slack", sl, note="xoxp-<team>-<user>-<id>-<32 hex>")
    P("slack-workspace-token", "slack", c,
      lambda: f"xoxa-2-{digits(12)}-{digits(12)}-{digits(13)}-{rs(HEX, 64)}", "SLACK_WORKSPACE_TOKEN", 1,
      "Slack", "slack", sl, note="workspace app token xoxa-2-...")
    P("slack-config-token", "slack", c, lambda: "xoxe.xoxp-1-Mi0y" + rs(ALNUM, 160), "SLACK_CONFIG_TOKEN", 1,
      "Slack", "slack", sl, note="app configuration access token xoxe.xoxp-1-...")
    P("slack-refresh-token", "slack", c, lambda: "xoxe-1-My0x" + rs(ALNUM, 142), "SLACK_REFRESH_TOKEN", 1,
      "Slack", "slack", sl, None, "rotating refresh token xoxe-1-...")
    P("slack-app-token", "slack", c, lambda: f"xapp-1-A{rs(UPALNUM, 10)}-{digits(13)}-{rs(HEX, 64)}",
      "SLACK_APP_TOKEN", 1, "Slack", "slack", sl, note="app-level token xapp-1-...")

    def hook():
        return (f"https://hooks.slack.com/services/T{rs(UPALNUM, R.choice([8, 10]))}"
                f"/B{rs(UPALNUM, R.choice([8, 10]))}/{rs(ALNUM, 24)}")
    P("slack-webhook-url", "slack", c, hook, "SLACK_WEBHOOK_URL", 3, "Slack", "slack", sl, None,
      "incoming webhook hooks.slack.com/services/T.../B.../<24>")
    P("slack-workflow-webhook-url", "slack", c,
      lambda: f"https://hooks.slack.com/triggers/T{rs(UPALNUM, 10)}/{digits(13)}/{rs(HEX, 32)}",
      "SLACK_WORKFLOW_URL", 1, "Slack", "slack", sl, None, "workflow trigger webhook")

    def discord_bot(n):
        uid = digits(R.choice([18, 19]))
        return clean(lambda: b64(uid.encode()).rstrip("=") + "." + rs(B64URL, 6) + "." + rs(B64URL, n))
    P("discord-bot-token", "discord", c, lambda: discord_bot(38), "DISCORD_BOT_TOKEN", 1, "Discord",
      "discord", "https://discord.com/api/v10", "Authorization: Bot", "base64(user id).<6>.<38>")
    P("discord-bot-token", "discord", c, lambda: discord_bot(27), "DISCORD_TOKEN", 1, "Discord",
      "discord", "https://discord.com/api/v10", "Authorization: Bot", "base64(user id).<6>.<27>")
    P("discord-webhook-url", "discord", c,
      lambda: f"https://discord.com/api/webhooks/{digits(19)}/{rs(B64URL, 68)}", "DISCORD_WEBHOOK_URL", 2,
      "Discord", "discord", "https://discord.com", None, "webhook URL with 68-char token")
    P("telegram-bot-token", "telegram", c, lambda: f"{digits(R.choice([9, 10]))}:AA{rs(B64URL, 33)}",
      "TELEGRAM_BOT_TOKEN", 2, "Telegram", "telegram", "https://api.telegram.org", None,
      "<bot id>:AA + 33")
    P("teams-webhook-url", "microsoft", c,
      lambda: (f"https://{org()}.webhook.office.com/webhookb2/{uuid4()}@{uuid4()}/IncomingWebhook/"
               f"{rs(HEX, 32)}/{uuid4()}"), "TEAMS_WEBHOOK_URL", 2, "Microsoft Teams", "teams",
      "https://outlook.office.com", None, "Teams incoming webhook URL")
    ac, tok = "AC" + rs(HEX, 32), rs(HEX, 32)
    S("twilio-auth-token", "twilio", c, "account SID AC... with its 32-hex auth token", "env",
      ["# SMS notifications", f"TWILIO_ACCOUNT_SID={ac}", f"TWILIO_AUTH_TOKEN={tok}",
       f"TWILIO_FROM_NUMBER=+1415{digits(7)}"], tok, [ac])
    ac, tok = "AC" + rs(HEX, 32), rs(HEX, 32)
    S("twilio-auth-token", "twilio", c, "account SID and auth token in the Python client", "py",
      ["from twilio.rest import Client", "", f'account_sid = "{ac}"', f'auth_token = "{tok}"',
       "client = Client(account_sid, auth_token)"], tok, [ac])
    sk, sec = "SK" + rs(HEX, 32), rs(ALNUM, 32)
    S("twilio-api-key", "twilio", c, "API key SID SK... with its secret", "js",
      ['const twilio = require("twilio");', "", f'const apiKey = "{sk}";', f'const apiSecret = "{sec}";',
       f'const client = twilio(apiKey, apiSecret, {{ accountSid: "AC{rs(HEX, 32)}" }});'], sec, [sk])
    sk, sec = "SK" + rs(HEX, 32), rs(ALNUM, 32)
    S("twilio-api-key", "twilio", c, "API key SID and secret in env", "env",
      [f"TWILIO_API_KEY={sk}", f"TWILIO_API_SECRET={sec}", "TWILIO_REGION=ie1"], sec, [sk])
    P("sendgrid-api-key", "sendgrid", c, lambda: f"SG.{rs(B64URL, 22)}.{rs(B64URL, 43)}", "SENDGRID_API_KEY",
      3, "SendGrid", "sendgrid", "https://api.sendgrid.com/v3", note="SG.<22>.<43>")
    P("mailgun-api-key", "mailgun", c, lambda: "key-" + rs(HEX, 32), "MAILGUN_API_KEY", 1, "Mailgun",
      "mailgun", "https://api.mailgun.net/v3", None, "key- + 32 hex")
    P("mailgun-private-key", "mailgun", c, lambda: f"{rs(HEX, 32)}-{rs(HEX, 8)}-{rs(HEX, 8)}",
      "MAILGUN_API_KEY", 1, "Mailgun", "mailgun", "https://api.mailgun.net/v3", None,
      "newer Mailgun key <32 hex>-<8 hex>-<8 hex>")
    P("mailchimp-api-key", "mailchimp", c, lambda: f"{rs(HEX, 32)}-us{R.randint(1, 21)}",
      "MAILCHIMP_API_KEY", 2, "Mailchimp", "mailchimp", "https://us12.api.mailchimp.com/3.0", None,
      "32 hex + -usNN datacenter")
    P("postmark-server-token", "postmark", c, uuid4, "POSTMARK_SERVER_TOKEN", 1, "Postmark", "postmark",
      "https://api.postmarkapp.com", "X-Postmark-Server-Token:", "UUID server token")
    P("postmark-server-token", "postmark", c, uuid4, "POSTMARK_API_TOKEN", 1, "Postmark", "postmark",
      "https://api.postmarkapp.com", "X-Postmark-Server-Token:", "UUID server token", ["http"])
    P("sparkpost-api-key", "sparkpost", c, lambda: rs(HEX, 40), "SPARKPOST_API_KEY", 1, "SparkPost",
      "sparkpost", "https://api.sparkpost.com/api/v1", "Authorization:", "40-hex key next to SPARKPOST_API_KEY")
    P("mandrill-api-key", "mailchimp", c, lambda: "md-" + rs(B64URL, 22), "MANDRILL_API_KEY", 1, "Mandrill",
      "mandrill", "https://mandrillapp.com/api/1.0", None, "md- + 22 transactional key")
    P("brevo-api-key", "brevo", c, lambda: f"xkeysib-{rs(HEX, 64)}-{rs(ALNUM, 16)}", "BREVO_API_KEY", 2,
      "Brevo", "brevo", "https://api.brevo.com/v3", "api-key:", "xkeysib-<64 hex>-<16>")


def build_saas():
    c = "saas"
    P("notion-token", "notion", c, lambda: "ntn_" + digits(11) + rs(ALNUM, 35), "NOTION_TOKEN", 2, "Notion",
      "notion", "https://api.notion.com/v1", note="ntn_ + 11 digits + 35")
    P("notion-token-legacy", "notion", c, lambda: "secret_" + rs(ALNUM, 43), "NOTION_API_KEY", 1, "Notion",
      "notion", "https://api.notion.com/v1", note="legacy secret_ + 43")
    P("linear-api-key", "linear", c, lambda: "lin_api_" + rs(ALNUM, 40), "LINEAR_API_KEY", 2, "Linear",
      "linear", "https://api.linear.app/graphql", "Authorization:", "lin_api_ + 40")
    P("asana-pat", "asana", c, lambda: f"1/{digits(16)}:{rs(HEX, 32)}", "ASANA_ACCESS_TOKEN", 1, "Asana",
      "asana", "https://app.asana.com/api/1.0", note="legacy 1/<user>:<32 hex>")
    P("asana-pat-v2", "asana", c, lambda: f"2/{digits(16)}/{digits(16)}:{rs(HEX, 32)}", "ASANA_PAT", 1,
      "Asana", "asana", "https://app.asana.com/api/1.0", note="2/<user>/<app>:<32 hex>")
    P("dropbox-access-token", "dropbox", c, lambda: "sl.B" + rs(B64URL, 135), "DROPBOX_ACCESS_TOKEN", 2,
      "Dropbox", "dropbox", "https://api.dropboxapi.com/2", note="short-lived sl. token")
    P("box-developer-token", "box", c, lambda: rs(ALNUM, 32), "BOX_DEVELOPER_TOKEN", 1, "Box", "box",
      "https://api.box.com/2.0", note="32-char developer token")
    P("box-client-secret", "box", c, lambda: rs(ALNUM, 32), "BOX_CLIENT_SECRET", 1, "Box", "box",
      "https://api.box.com/2.0", None, "32-char OAuth client secret")
    P("zendesk-api-token", "zendesk", c, lambda: rs(ALNUM, 40), "ZENDESK_API_TOKEN", 1, "Zendesk", "zendesk",
      f"https://{org()}.zendesk.com/api/v2", None, "40-char API token")
    P("intercom-access-token", "intercom", c,
      lambda: clean(lambda: b64(f"tok:{uuid4().replace('-', '_')}:1:0".encode())), "INTERCOM_ACCESS_TOKEN", 1,
      "Intercom", "intercom", "https://api.intercom.io", note="base64 'tok:...' (dG9rOj...)")
    P("postman-api-key", "postman", c, lambda: f"PMAK-{rs(HEX, 24)}-{rs(HEX, 34)}", "POSTMAN_API_KEY", 2,
      "Postman", "postman", "https://api.getpostman.com", "X-Api-Key:", "PMAK-<24 hex>-<34 hex>")
    P("pulumi-access-token", "pulumi", c, lambda: "pul-" + rs(HEX, 40), "PULUMI_ACCESS_TOKEN", 2, "Pulumi",
      "pulumi", "https://api.pulumi.com", "Authorization: token", "pul- + 40 hex")
    P("figma-pat", "figma", c, lambda: "figd_" + rs(B64URL, 40), "FIGMA_TOKEN", 1, "Figma", "figma",
      "https://api.figma.com/v1", "X-Figma-Token:", "figd_ personal access token")

    def mapbox():
        return "sk." + jenc({"u": R.choice(FIRST) + org()[:4], "a": rs(LOWALNUM, 25)}) + "." + rs(B64URL, 22)
    P("mapbox-secret-token", "mapbox", c, lambda: clean(mapbox), "MAPBOX_SECRET_TOKEN", 2, "Mapbox", "mapbox",
      "https://api.mapbox.com", None, "sk.eyJ... secret token")
    P("typeform-pat", "typeform", c, lambda: f"tfp_{rs(B64URL, 44)}_{rs(B64URL, 14)}", "TYPEFORM_TOKEN", 1,
      "Typeform", "typeform", "https://api.typeform.com", note="tfp_ personal token")
    P("hubspot-pat", "hubspot", c, lambda: "pat-na1-" + uuid4(), "HUBSPOT_ACCESS_TOKEN", 1, "HubSpot",
      "hubspot", "https://api.hubapi.com", note="private app token pat-na1-<uuid>")
    P("hubspot-pat", "hubspot", c, lambda: "pat-eu1-" + uuid4(), "HUBSPOT_PRIVATE_APP_TOKEN", 1, "HubSpot",
      "hubspot", "https://api.hubapi.com", note="private app token pat-eu1-<uuid>")
    P("twitch-client-secret", "twitch", c, lambda: rs(LOWALNUM, 30), "TWITCH_CLIENT_SECRET", 1, "Twitch",
      "twitch", "https://id.twitch.tv/oauth2", None, "30-char client secret")

    def twitter():
        return ("A" * 22 + rs(ALNUM, 8) + "A" * 6 + rs(ALNUM, 10) + "%2B" + rs(ALNUM, 14) + "%3D"
                + rs(ALNUM, 50))
    P("twitter-bearer-token", "twitter", c, twitter, "TWITTER_BEARER_TOKEN", 1, "X (Twitter)", "twitter",
      "https://api.twitter.com/2", note="app-only bearer token AAAA...%3D...")
    P("facebook-access-token", "facebook", c, lambda: "EAA" + R.choice("BGIJ") + rs(ALNUM, 180),
      "FACEBOOK_ACCESS_TOKEN", 1, "Facebook", "facebook", "https://graph.facebook.com/v19.0",
      note="Graph API token EAA...")
    P("facebook-app-secret", "facebook", c, lambda: rs(HEX, 32), "FACEBOOK_APP_SECRET", 1, "Facebook",
      "facebook", "https://graph.facebook.com", None, "32-hex app secret")
    P("launchdarkly-sdk-key", "launchdarkly", c, lambda: "sdk-" + uuid4(), "LAUNCHDARKLY_SDK_KEY", 1,
      "LaunchDarkly", "launchdarkly", "https://sdk.launchdarkly.com", "Authorization:", "server SDK key sdk-<uuid>")
    P("launchdarkly-api-token", "launchdarkly", c, lambda: "api-" + uuid4(), "LD_API_KEY", 1, "LaunchDarkly",
      "launchdarkly", "https://app.launchdarkly.com/api/v2", "Authorization:", "API access token api-<uuid>")
    P("segment-write-key", "segment", c, lambda: rs(ALNUM, 32), "SEGMENT_WRITE_KEY", 1, "Segment", "segment",
      "https://api.segment.io/v1", None, "server-side source write key")
    P("mixpanel-api-secret", "mixpanel", c, lambda: rs(HEX, 32), "MIXPANEL_API_SECRET", 1, "Mixpanel",
      "mixpanel", "https://mixpanel.com/api", None, "32-hex project API secret")
    P("cloudinary-url", "cloudinary", c, lambda: f"cloudinary://{digits(15)}:{rs(B64URL, 27)}@{org()}",
      "CLOUDINARY_URL", 1, "Cloudinary", "cloudinary", "https://api.cloudinary.com", None,
      "cloudinary://<key>:<secret>@<cloud>")
    P("readme-api-key", "readme", c, lambda: "rdme_" + rs(LOWALNUM, 70), "README_API_KEY", 1, "ReadMe",
      "readme", "https://dash.readme.com/api/v1", None, "rdme_ + 70")
    P("prefect-api-key", "prefect", c, lambda: "pnu_" + rs(ALNUM, 36), "PREFECT_API_KEY", 1, "Prefect",
      "prefect", "https://api.prefect.cloud", note="pnu_ + 36")
    P("scalingo-api-token", "scalingo", c, lambda: "tk-us-" + rs(B64URL, 48), "SCALINGO_API_TOKEN", 1,
      "Scalingo", "scalingo", "https://api.osc-fr1.scalingo.com", None, "tk-us- + 48")
    P("frameio-token", "frameio", c, lambda: "fio-u-" + rs(B64URL, 64), "FRAMEIO_TOKEN", 1, "Frame.io",
      "frameio", "https://api.frame.io/v2", note="fio-u- developer token")
    P("posthog-personal-api-key", "posthog", c, lambda: "phx_" + rs(ALNUM, 43), "POSTHOG_PERSONAL_API_KEY", 1,
      "PostHog", "posthog", "https://eu.posthog.com/api", note="phx_ personal API key")
    P("sidekiq-enterprise-credentials", "sidekiq", c, lambda: f"{rs(HEX, 8)}:{rs(HEX, 8)}",
      "BUNDLE_ENTERPRISE__CONTRIBSYS__COM", 1, "Sidekiq Enterprise", "sidekiq", "https://enterprise.contribsys.com",
      None, "gem source credentials user:pass for contribsys")
    P("salesforce-access-token", "salesforce", c, lambda: "00D" + rs(ALNUM, 12) + "!" + rs(ALNUM + "._", 96),
      "SALESFORCE_ACCESS_TOKEN", 1, "Salesforce", "salesforce", f"https://{org()}.my.salesforce.com",
      note="session/access token 00D...!...")
    P("saucelabs-access-key", "saucelabs", c, uuid4, "SAUCE_ACCESS_KEY", 1, "Sauce Labs", "saucelabs",
      "https://api.us-west-1.saucelabs.com", None, "UUID access key next to SAUCE_ACCESS_KEY")
    P("browserstack-access-key", "browserstack", c, lambda: rs(ALNUM, 20), "BROWSERSTACK_ACCESS_KEY", 1,
      "BrowserStack", "browserstack", "https://api.browserstack.com", None, "20-char access key")


def build_payments():
    c = "payments"
    st = "https://api.stripe.com/v1"
    P("stripe-secret-key", "stripe", c, lambda: "sk_live_51" + rs(ALNUM, 97), "STRIPE_SECRET_KEY", 2, "Stripe",
      "stripe", st, note="sk_live_51 + 97")
    P("stripe-secret-key", "stripe", c, lambda: "sk_live_" + rs(ALNUM, 24), "STRIPE_API_KEY", 1, "Stripe",
      "stripe", st, note="legacy sk_live_ + 24")
    P("stripe-restricted-key", "stripe", c, lambda: "rk_live_51" + rs(ALNUM, 97), "STRIPE_RESTRICTED_KEY", 1,
      "Stripe", "stripe", st, note="restricted key rk_live_")
    P("stripe-webhook-secret", "stripe", c, lambda: "whsec_" + rs(ALNUM, 32), "STRIPE_WEBHOOK_SECRET", 2,
      "Stripe", "stripe", st, None, "webhook signing secret whsec_ + 32")
    sq = "https://connect.squareup.com/v2"
    P("square-access-token", "square", c, lambda: "EAAA" + rs(B64URL, 60), "SQUARE_ACCESS_TOKEN", 1, "Square",
      "square", sq, note="production access token EAAA + 60")
    P("square-oauth-token", "square", c, lambda: "sq0atp-" + rs(B64URL, 22), "SQUARE_OAUTH_TOKEN", 1,
      "Square", "square", sq, note="legacy OAuth token sq0atp- + 22")
    P("square-oauth-secret", "square", c, lambda: "sq0csp-" + rs(B64URL, 43), "SQUARE_APPLICATION_SECRET", 1,
      "Square", "square", sq, None, "application secret sq0csp- + 43")
    P("braintree-access-token", "braintree", c,
      lambda: f"access_token$production${rs(LOWALNUM, 16)}${rs(HEX, 32)}", "BRAINTREE_ACCESS_TOKEN", 2,
      "Braintree", "braintree", "https://payments.braintree-api.com/graphql", None,
      "access_token$production$<16>$<32 hex>")
    cid, sec = "A" + rs(B64URL, 79), "E" + rs(B64URL, 79)
    S("paypal-client-secret", "paypal", c, "PayPal REST client id with its 80-char secret", "env",
      ["PAYPAL_MODE=live", f"PAYPAL_CLIENT_ID={cid}", f"PAYPAL_CLIENT_SECRET={sec}",
       "PAYPAL_WEBHOOK_EVENTS=PAYMENT.CAPTURE.COMPLETED"], sec, [cid])
    for pre, what, n in [("shpat_", "Admin API access token", 2), ("shpss_", "shared secret", 1),
                         ("shpca_", "custom app token", 1), ("shppa_", "private app password", 1)]:
        P(f"shopify-{pre[:5]}", "shopify", c, lambda p=pre: p + rs(HEX, 32),
          "SHOPIFY_API_SECRET" if pre == "shpss_" else "SHOPIFY_ACCESS_TOKEN", n, "Shopify", "shopify",
          f"https://{org()}.myshopify.com/admin/api/2024-04", "X-Shopify-Access-Token:", f"{what} {pre} + 32 hex")
    P("adyen-api-key", "adyen", c,
      lambda: "AQE" + rs(B64, 97) + "=-" + rs(B64, 43) + "=-" + rs(ALNUM + "{}<>;*|", 16), "ADYEN_API_KEY", 1,
      "Adyen", "adyen", "https://checkout-live.adyenpayments.com/checkout/v71", "X-API-Key:",
      "Adyen API key AQE...=-...")
    P("plaid-secret", "plaid", c, lambda: rs(HEX, 30), "PLAID_SECRET", 1, "Plaid", "plaid",
      "https://production.plaid.com", None, "30-hex secret next to PLAID_SECRET")
    P("plaid-access-token", "plaid", c, lambda: "access-production-" + uuid4(), "PLAID_ACCESS_TOKEN", 1,
      "Plaid", "plaid", "https://production.plaid.com", None, "access-production-<uuid>")
    pem = clean(lambda: pem_escaped("EC PRIVATE KEY", ec_sec1_der()))
    S("coinbase-cdp-api-key", "coinbase", c, "Coinbase Developer Platform key JSON with EC private key", "json",
      ["{", f'  "name": "organizations/{uuid4()}/apiKeys/{uuid4()}",', f'  "privateKey": "{pem}"', "}"],
      "-----BEGIN EC PRIVATE KEY-----")
    P("flutterwave-secret-key", "flutterwave", c, lambda: f"FLWSECK-{rs(HEX, 32)}-X", "FLW_SECRET_KEY", 1,
      "Flutterwave", "flutterwave", "https://api.flutterwave.com/v3", note="FLWSECK-<32 hex>-X")
    kid, sec = "rzp_live_" + rs(ALNUM, 14), rs(ALNUM, 24)
    S("razorpay-key-secret", "razorpay", c, "Razorpay live key id with its secret", "py",
      ["import razorpay", "", f'client = razorpay.Client(auth=("{kid}", "{sec}"))',
       'client.set_app_details({"title": "checkout", "version": "2.3"})'], sec, [kid])
    P("paystack-secret-key", "paystack", c, lambda: "sk_live_" + rs(HEX, 40), "PAYSTACK_SECRET_KEY", 1,
      "Paystack", "paystack", "https://api.paystack.co", note="sk_live_ + 40 hex")
    P("mollie-api-key", "mollie", c, lambda: "live_" + rs(ALNUM, 30), "MOLLIE_API_KEY", 1, "Mollie", "mollie",
      "https://api.mollie.com/v2", note="live_ + 30")
    P("gocardless-access-token", "gocardless", c, lambda: "live_" + rs(B64URL, 40), "GOCARDLESS_ACCESS_TOKEN",
      1, "GoCardless", "gocardless", "https://api.gocardless.com", note="live_ + 40")
    P("shippo-api-token", "shippo", c, lambda: "shippo_live_" + rs(HEX, 40), "SHIPPO_API_TOKEN", 1, "Shippo",
      "shippo", "https://api.goshippo.com", "Authorization: ShippoToken", "shippo_live_ + 40 hex")
    P("easypost-api-key", "easypost", c, lambda: "EZAK" + rs(ALNUM, 54), "EASYPOST_API_KEY", 1, "EasyPost",
      "easypost", "https://api.easypost.com/v2", None, "production key EZAK + 54")
    P("duffel-access-token", "duffel", c, lambda: "duffel_live_" + rs(B64URL, 43), "DUFFEL_ACCESS_TOKEN", 1,
      "Duffel", "duffel", "https://api.duffel.com", note="duffel_live_ + 43")


def build_observability():
    c = "observability"
    dd = "https://api.datadoghq.com/api/v1"
    P("datadog-api-key", "datadog", c, lambda: rs(HEX, 32), "DD_API_KEY", 2, "Datadog", "datadog", dd,
      "DD-API-KEY:", "32-hex API key next to DD_API_KEY")
    P("datadog-app-key", "datadog", c, lambda: rs(HEX, 40), "DD_APP_KEY", 1, "Datadog", "datadog", dd,
      "DD-APPLICATION-KEY:", "40-hex application key next to DD_APP_KEY")
    nr = "https://api.newrelic.com/graphql"
    P("newrelic-user-key", "newrelic", c, lambda: "NRAK-" + rs(UPALNUM, 27), "NEW_RELIC_API_KEY", 2,
      "New Relic", "newrelic", nr, "API-Key:", "user key NRAK- + 27")
    P("newrelic-insert-key", "newrelic", c, lambda: "NRII-" + rs(B64URL, 32), "NEW_RELIC_INSERT_KEY", 1,
      "New Relic", "newrelic", "https://insights-collector.newrelic.com", "X-Insert-Key:", "insert key NRII-")
    P("newrelic-browser-key", "newrelic", c, lambda: "NRJS-" + rs(HEX, 19), "NEW_RELIC_BROWSER_KEY", 1,
      "New Relic", "newrelic", nr, None, "browser key NRJS- + 19 hex")
    P("newrelic-admin-key", "newrelic", c, lambda: "NRAA-" + rs(HEX, 27), "NEW_RELIC_ADMIN_API_KEY", 1,
      "New Relic", "newrelic", nr, "X-Api-Key:", "admin key NRAA- + 27")
    P("newrelic-license-key", "newrelic", c, lambda: rs(HEX, 36) + "NRAL", "NEW_RELIC_LICENSE_KEY", 1,
      "New Relic", "newrelic", nr, None, "ingest license key 36 hex + NRAL")

    def sntrys():
        payload = {"iat": ts(), "url": "https://sentry.io", "region_url": "https://us.sentry.io",
                   "org": org()}
        return "sntrys_" + b64(json.dumps(payload, separators=(",", ":")).encode()).rstrip("=") + "_" + rs(B64, 43)
    P("sentry-org-token", "sentry", c, lambda: clean(sntrys), "SENTRY_AUTH_TOKEN", 1, "Sentry", "sentry",
      "https://sentry.io/api/0", note="organization token sntrys_<base64 JSON>_<43>")
    P("sentry-user-token", "sentry", c, lambda: "sntryu_" + rs(HEX, 64), "SENTRY_AUTH_TOKEN", 1, "Sentry",
      "sentry", "https://sentry.io/api/0", note="user auth token sntryu_ + 64 hex")
    P("sentry-dsn-secret", "sentry", c,
      lambda: f"https://{rs(HEX, 32)}:{rs(HEX, 32)}@o{digits(6)}.ingest.sentry.io/{digits(7)}", "SENTRY_DSN",
      1, "Sentry", "sentry", "https://sentry.io", None, "legacy DSN with public:secret key")

    def glc():
        body = {"o": digits(6), "n": f"stack-{digits(6)}-hm-write-{R.choice(['alloy', 'otel', 'agent'])}",
                "k": rs(ALNUM, 24), "m": {"r": R.choice(["prod-us-east-0", "prod-eu-west-2"])}}
        return "glc_" + b64(json.dumps(body, separators=(",", ":")).encode()).rstrip("=")
    P("grafana-cloud-token", "grafana", c, lambda: clean(glc), "GRAFANA_CLOUD_TOKEN", 1, "Grafana Cloud",
      "grafana", "https://grafana.com/api", note="Cloud access policy token glc_<base64 JSON>")
    P("grafana-service-account-token", "grafana", c, lambda: f"glsa_{rs(ALNUM, 32)}_{rs(HEX, 8)}",
      "GRAFANA_SERVICE_ACCOUNT_TOKEN", 2, "Grafana", "grafana", f"https://{org()}.grafana.net/api",
      note="glsa_<32>_<8 hex>")
    P("grafana-api-key-legacy", "grafana", c,
      lambda: clean(lambda: b64(json.dumps({"k": rs(ALNUM, 32), "n": R.choice(["ci", "deploy", "backup"]),
                                            "id": R.randint(1, 9)}, separators=(",", ":")).encode())),
      "GRAFANA_API_KEY", 1, "Grafana", "grafana", f"https://grafana.{org()}.net/api",
      note="legacy API key eyJrIjoi... (base64 JSON)")
    P("honeycomb-api-key", "honeycomb", c, lambda: rs(ALNUM, 22), "HONEYCOMB_API_KEY", 1, "Honeycomb",
      "honeycomb", "https://api.honeycomb.io/1", "X-Honeycomb-Team:", "22-char configuration key")
    P("dynatrace-token", "dynatrace", c, lambda: f"dt0c01.{rs(UPALNUM, 24)}.{rs(UPALNUM, 64)}", "DT_API_TOKEN",
      2, "Dynatrace", "dynatrace", f"https://{rs(LOWALNUM, 8)}.live.dynatrace.com/api/v2",
      "Authorization: Api-Token", "dt0c01.<24>.<64>")
    aid, key = "su" + rs(ALNUM, 12), rs(ALNUM, 64)
    S("sumologic-access-key", "sumologic", c, "Sumo Logic access id with its 64-char access key", "yaml",
      ["sumologic:", "  endpoint: https://api.us2.sumologic.com/api", f"  accessId: {aid}",
       f"  accessKey: {key}", "  collector: prod-k8s"], key, [aid])
    P("splunk-hec-token", "splunk", c, uuid4, "SPLUNK_HEC_TOKEN", 2, "Splunk HEC", "splunk",
      f"https://http-inputs-{org()}.splunkcloud.com/services/collector", "Authorization: Splunk",
      "UUID HEC token used as 'Authorization: Splunk <uuid>'", ["curl", "env"])
    P("pagerduty-api-key", "pagerduty", c, lambda: rs(ALNUM + "_-+", 20), "PAGERDUTY_API_TOKEN", 1,
      "PagerDuty", "pagerduty", "https://api.pagerduty.com", None, "20-char REST API key")
    P("rollbar-access-token", "rollbar", c, lambda: rs(HEX, 32), "ROLLBAR_ACCESS_TOKEN", 1, "Rollbar",
      "rollbar", "https://api.rollbar.com/api/1", "X-Rollbar-Access-Token:", "32-hex project token")
    P("elastic-api-key", "elastic", c, lambda: clean(lambda: b64(f"{rs(B64URL, 20)}:{rs(B64URL, 22)}".encode())),
      "ELASTIC_API_KEY", 1, "Elasticsearch", "elastic", f"https://{org()}.es.us-east-1.aws.found.io",
      "Authorization: ApiKey", "encoded API key base64(id:api_key)")
    P("opsgenie-api-key", "opsgenie", c, uuid4, "OPSGENIE_API_KEY", 1, "Opsgenie", "opsgenie",
      "https://api.opsgenie.com/v2", "Authorization: GenieKey", "UUID key as GenieKey")
    P("axiom-api-token", "axiom", c, lambda: "xaat-" + uuid4(), "AXIOM_TOKEN", 1, "Axiom", "axiom",
      "https://api.axiom.co/v1", note="xaat-<uuid> API token")


def build_ai():
    c = "ai"
    oa = "https://api.openai.com/v1"
    P("openai-project-key", "openai", c, lambda: "sk-proj-" + rs(B64URL, 74) + "T3BlbkFJ" + rs(B64URL, 74),
      "OPENAI_API_KEY", 3, "OpenAI", "openai", oa, note="sk-proj-...T3BlbkFJ...")
    P("openai-service-account-key", "openai", c,
      lambda: "sk-svcacct-" + rs(B64URL, 74) + "T3BlbkFJ" + rs(B64URL, 74), "OPENAI_API_KEY", 1, "OpenAI",
      "openai", oa, note="sk-svcacct-...T3BlbkFJ...")
    P("openai-admin-key", "openai", c, lambda: "sk-admin-" + rs(B64URL, 74) + "T3BlbkFJ" + rs(B64URL, 74),
      "OPENAI_ADMIN_KEY", 1, "OpenAI", "openai", oa, note="sk-admin-...T3BlbkFJ...")
    P("openai-legacy-key", "openai", c, lambda: "sk-" + rs(ALNUM, 20) + "T3BlbkFJ" + rs(ALNUM, 20),
      "OPENAI_API_KEY", 1, "OpenAI", "openai", oa, note="legacy sk-<20>T3BlbkFJ<20>")
    an = "https://api.anthropic.com/v1"
    P("anthropic-api-key", "anthropic", c, lambda: "sk-ant-api03-" + rs(B64URL, 93) + "AA", "ANTHROPIC_API_KEY",
      3, "Anthropic", "anthropic", an, "x-api-key:", "sk-ant-api03-<93>AA")
    P("anthropic-admin-key", "anthropic", c, lambda: "sk-ant-admin01-" + rs(B64URL, 93) + "AA",
      "ANTHROPIC_ADMIN_KEY", 1, "Anthropic", "anthropic", an, "x-api-key:", "sk-ant-admin01-<93>AA")
    P("huggingface-token", "huggingface", c, lambda: "hf_" + rs(UPPER + LOWER, 34), "HF_TOKEN", 2,
      "Hugging Face", "huggingface", "https://huggingface.co/api", note="hf_ + 34 letters")
    P("huggingface-org-token", "huggingface", c, lambda: "api_org_" + rs(UPPER + LOWER, 34), "HF_ORG_TOKEN", 1,
      "Hugging Face", "huggingface", "https://huggingface.co/api", note="api_org_ + 34 letters")
    P("cohere-api-key", "cohere", c, lambda: rs(ALNUM, 40), "COHERE_API_KEY", 1, "Cohere", "cohere",
      "https://api.cohere.com/v1", note="40-char key next to COHERE_API_KEY")
    P("replicate-api-token", "replicate", c, lambda: "r8_" + rs(ALNUM, 37), "REPLICATE_API_TOKEN", 2,
      "Replicate", "replicate", "https://api.replicate.com/v1", note="r8_ + 37")
    P("groq-api-key", "groq", c, lambda: "gsk_" + rs(ALNUM, 52), "GROQ_API_KEY", 2, "Groq", "groq",
      "https://api.groq.com/openai/v1", note="gsk_ + 52")
    P("mistral-api-key", "mistral", c, lambda: rs(ALNUM, 32), "MISTRAL_API_KEY", 1, "Mistral", "mistral",
      "https://api.mistral.ai/v1", note="32-char key next to MISTRAL_API_KEY")
    P("perplexity-api-key", "perplexity", c, lambda: "pplx-" + rs(ALNUM, 48), "PERPLEXITY_API_KEY", 1,
      "Perplexity", "perplexity", "https://api.perplexity.ai", note="pplx- + 48")
    P("xai-api-key", "xai", c, lambda: "xai-" + rs(ALNUM, 80), "XAI_API_KEY", 1, "xAI", "xai",
      "https://api.x.ai/v1", note="xai- + 80")
    P("deepseek-api-key", "deepseek", c, lambda: "sk-" + rs(HEX, 32), "DEEPSEEK_API_KEY", 1, "DeepSeek",
      "deepseek", "https://api.deepseek.com", note="sk- + 32 hex next to DEEPSEEK_API_KEY")
    P("together-api-key", "together", c, lambda: rs(HEX, 64), "TOGETHER_API_KEY", 1, "Together AI", "together",
      "https://api.together.xyz/v1", note="64-hex key next to TOGETHER_API_KEY")
    P("openrouter-api-key", "openrouter", c, lambda: "sk-or-v1-" + rs(HEX, 64), "OPENROUTER_API_KEY", 1,
      "OpenRouter", "openrouter", "https://openrouter.ai/api/v1", note="sk-or-v1- + 64 hex")
    P("langsmith-pat", "langchain", c, lambda: f"lsv2_pt_{rs(HEX, 32)}_{rs(HEX, 10)}", "LANGSMITH_API_KEY", 1,
      "LangSmith", "langsmith", "https://api.smith.langchain.com", "x-api-key:", "lsv2_pt_<32 hex>_<10 hex>")
    P("langsmith-service-key", "langchain", c, lambda: f"lsv2_sk_{rs(HEX, 32)}_{rs(HEX, 10)}",
      "LANGCHAIN_API_KEY", 1, "LangSmith", "langsmith", "https://api.smith.langchain.com", "x-api-key:",
      "lsv2_sk_<32 hex>_<10 hex>")
    P("elevenlabs-api-key", "elevenlabs", c, lambda: "sk_" + rs(HEX, 48), "ELEVENLABS_API_KEY", 1,
      "ElevenLabs", "elevenlabs", "https://api.elevenlabs.io/v1", "xi-api-key:", "sk_ + 48 hex")
    P("wandb-api-key", "wandb", c, lambda: rs(HEX, 40), "WANDB_API_KEY", 1, "Weights & Biases", "wandb",
      "https://api.wandb.ai", None, "40-hex key next to WANDB_API_KEY")
    P("deepgram-api-key", "deepgram", c, lambda: rs(HEX, 40), "DEEPGRAM_API_KEY", 1, "Deepgram", "deepgram",
      "https://api.deepgram.com/v1", "Authorization: Token", "40-hex key next to DEEPGRAM_API_KEY")
    P("pinecone-api-key", "pinecone", c, uuid4, "PINECONE_API_KEY", 1, "Pinecone", "pinecone",
      "https://api.pinecone.io", "Api-Key:", "UUID key next to PINECONE_API_KEY")


def build_identity():
    c = "identity"
    vt = f"https://vault.{org()}.net/v1"
    P("vault-service-token", "vault", c, lambda: "hvs." + rs(ALNUM, 24), "VAULT_TOKEN", 1, "Vault", "vault", vt,
      "X-Vault-Token:", "hvs. + 24 service token")
    P("vault-service-token", "vault", c, lambda: "hvs.CAESI" + rs(B64URL, 86), "VAULT_TOKEN", 1, "Vault",
      "vault", vt, "X-Vault-Token:", "long hvs.CAESI... service token")
    P("vault-batch-token", "vault", c, lambda: "hvb.AAAAAQ" + rs(B64URL, 128), "VAULT_TOKEN", 1, "Vault",
      "vault", vt, "X-Vault-Token:", "hvb. batch token")
    P("vault-legacy-token", "vault", c, lambda: "s." + rs(ALNUM, 24), "VAULT_TOKEN", 1, "Vault", "vault", vt,
      "X-Vault-Token:", "legacy s. + 24 service token")

    def op_sa():
        body = {"signInAddress": "my.1password.com",
                "userAuth": {"method": "SRPg-4096", "alg": "PBES2g-HS256", "iterations": 650000,
                             "salt": rs(B64URL, 22)},
                "email": f"{rs(LOWALNUM, 13)}@1passwordserviceaccounts.com", "srpX": rs(HEX, 64),
                "muk": {"alg": "A256GCM", "ext": False, "k": rs(B64URL, 43), "key_ops": ["encrypt", "decrypt"],
                        "kty": "oct", "kid": "mp"},
                "secretKey": f"A3-{rs(UPALNUM, 6)}-{rs(UPALNUM, 6)}-{rs(UPALNUM, 5)}-{rs(UPALNUM, 5)}-{rs(UPALNUM, 5)}-{rs(UPALNUM, 5)}",
                "throttleSecret": {"seed": rs(HEX, 64), "uuid": rs(UPALNUM, 26)}, "deviceUuid": rs(LOWALNUM, 26)}
        return "ops_" + jenc(body)
    P("1password-service-account-token", "1password", c, lambda: clean(op_sa), "OP_SERVICE_ACCOUNT_TOKEN", 1,
      "1Password", "onepassword", "https://my.1password.com", None, "ops_eyJ... service account token")

    def op_connect():
        return jwt({"alg": "ES256", "kid": rs(LOWALNUM, 26), "typ": "JWT"},
                   {"1password.com/auuid": rs(UPALNUM, 26), "1password.com/token": rs(B64URL, 32),
                    "1password.com/fts": ["vaultaccess"],
                    "1password.com/vts": [{"u": rs(LOWALNUM, 26), "a": 49152}],
                    "aud": ["com.1password.connect"], "iat": ts(), "iss": "com.1password.b5",
                    "jti": rs(LOWALNUM, 26), "sub": rs(UPALNUM, 26)}, 64)
    P("1password-connect-token", "1password", c, op_connect, "OP_CONNECT_TOKEN", 1, "1Password Connect",
      "onepassword", f"http://op-connect.{org()}.svc:8080/v1", note="Connect server JWT (ES256, iss com.1password.b5)")
    dp = "https://api.doppler.com/v3"
    P("doppler-personal-token", "doppler", c, lambda: "dp.pt." + rs(ALNUM, 43), "DOPPLER_TOKEN", 1, "Doppler",
      "doppler", dp, note="dp.pt. + 43")
    P("doppler-service-token", "doppler", c, lambda: "dp.st.prd." + rs(ALNUM, 43), "DOPPLER_TOKEN", 1,
      "Doppler", "doppler", dp, note="dp.st.<config>. + 43")
    P("doppler-service-account-token", "doppler", c, lambda: "dp.sa." + rs(ALNUM, 43), "DOPPLER_TOKEN", 1,
      "Doppler", "doppler", dp, note="dp.sa. + 43")
    P("doppler-cli-token", "doppler", c, lambda: "dp.ct." + rs(ALNUM, 43), "DOPPLER_CLI_TOKEN", 1, "Doppler",
      "doppler", dp, note="dp.ct. + 43")
    P("okta-api-token", "okta", c, lambda: "00" + rs(B64URL, 40), "OKTA_API_TOKEN", 2, "Okta", "okta",
      f"https://{org()}.okta.com/api/v1", "Authorization: SSWS", "00 + 40 next to okta")
    P("auth0-client-secret", "auth0", c, lambda: rs(B64URL, 64), "AUTH0_CLIENT_SECRET", 2, "Auth0", "auth0",
      f"https://{org()}.eu.auth0.com", None, "64-char client secret next to AUTH0_CLIENT_SECRET")
    pk = "pk_live_" + b64(f"clerk.{org()}.com$".encode())
    sk = "sk_live_" + rs(ALNUM, 42)
    S("clerk-secret-key", "clerk", c, "Clerk sk_live_ secret key next to its publishable key", "env",
      ["# Clerk", f"NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY={pk}", f"CLERK_SECRET_KEY={sk}",
       "NEXT_PUBLIC_CLERK_SIGN_IN_URL=/sign-in"], sk)
    P("clerk-secret-key", "clerk", c, lambda: "sk_live_" + rs(ALNUM, 42), "CLERK_SECRET_KEY", 1, "Clerk", "clerk",
      "https://api.clerk.com/v1", note="Clerk sk_live_ secret key (Clerk context)")

    def supa():
        iat = ts()
        return jwt({"alg": "HS256", "typ": "JWT"},
                   {"iss": "supabase", "ref": rs(LOWER, 20), "role": "service_role", "iat": iat,
                    "exp": iat + 315360000})
    P("supabase-service-role-key", "supabase", c, supa, "SUPABASE_SERVICE_ROLE_KEY", 1, "Supabase", "supabase",
      f"https://{rs(LOWER, 20)}.supabase.co", "apikey:", "service_role JWT")
    P("supabase-access-token", "supabase", c, lambda: "sbp_" + rs(HEX, 40), "SUPABASE_ACCESS_TOKEN", 1,
      "Supabase", "supabase", "https://api.supabase.com/v1", note="sbp_ + 40 hex")
    P("firebase-fcm-server-key", "firebase", c, lambda: "AAAA" + rs(B64URL, 7) + ":APA91b" + rs(B64URL, 134),
      "FCM_SERVER_KEY", 1, "Firebase Cloud Messaging", "fcm", "https://fcm.googleapis.com/fcm/send", None,
      "legacy FCM server key AAAA...:APA91b...")
    P("infisical-service-token", "infisical", c, lambda: f"st.{rs(HEX, 24)}.{rs(HEX, 32)}.{rs(HEX, 32)}",
      "INFISICAL_TOKEN", 1, "Infisical", "infisical", "https://app.infisical.com/api", None,
      "service token st.<id>.<token>.<key>")
    P("keycloak-client-secret", "keycloak", c, lambda: rs(ALNUM, 32), "KEYCLOAK_CLIENT_SECRET", 1, "Keycloak",
      "keycloak", f"https://sso.{org()}.net/realms/main", None, "32-char confidential client secret")
    BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    key = "AGE-SECRET-KEY-1" + rs(BECH.upper(), 58)
    S("age-secret-key", "age", c, "age identity file", "txt",
      [f"# created: 2025-0{R.randint(1, 9)}-1{R.randint(0, 9)}T10:{R.randint(10, 59)}:00Z",
       f"# public key: age1{rs(BECH, 58)}", key], key)
    P("age-secret-key", "age", c, lambda: "AGE-SECRET-KEY-1" + rs(BECH.upper(), 58), "SOPS_AGE_KEY", 1, "age",
      "sops", "https://github.com", None, "AGE-SECRET-KEY-1 + 58 bech32")
    P("consul-acl-token", "consul", c, uuid4, "CONSUL_HTTP_TOKEN", 1, "Consul", "consul",
      f"https://consul.{org()}.net:8501", "X-Consul-Token:", "UUID ACL token next to CONSUL_HTTP_TOKEN")
    P("tailscale-auth-key", "tailscale", c, lambda: f"tskey-auth-k{rs(ALNUM, 11)}CNTRL-{rs(ALNUM, 33)}",
      "TS_AUTHKEY", 1, "Tailscale", "tailscale", "https://api.tailscale.com/api/v2", None, "tskey-auth-...")
    P("tailscale-api-key", "tailscale", c, lambda: f"tskey-api-k{rs(ALNUM, 11)}CNTRL-{rs(ALNUM, 33)}",
      "TAILSCALE_API_KEY", 1, "Tailscale", "tailscale", "https://api.tailscale.com/api/v2", note="tskey-api-...")
    P("ngrok-authtoken", "ngrok", c, lambda: "2" + rs(ALNUM, 26) + "_" + rs(ALNUM, 21), "NGROK_AUTHTOKEN", 1,
      "ngrok", "ngrok", "https://api.ngrok.com", None, "agent authtoken <27>_<21>")


def build_data():
    c = "data"

    def atlas():
        return (f"mongodb+srv://{R.choice(SVC_USERS)}:{url_password()}@{R.choice(['cluster0', 'prod', 'main'])}"
                f".{rs(LOWALNUM, 5)}.mongodb.net/{R.choice(DBNAMES)}?retryWrites=true&w=majority")
    for var in ("MONGODB_URI", "MONGO_URL", "DATABASE_URL"):
        P("mongodb-atlas-uri", "mongodb", c, atlas, var, 1, "MongoDB Atlas", "mongo", "https://cloud.mongodb.com",
          None, "mongodb+srv://user:pass@cluster...mongodb.net")
    P("planetscale-password", "planetscale", c, lambda: "pscale_pw_" + rs(B64URL, 43), "DATABASE_PASSWORD", 1,
      "PlanetScale", "planetscale", "https://aws.connect.psdb.cloud", None, "pscale_pw_ + 43")
    P("planetscale-service-token", "planetscale", c, lambda: "pscale_tkn_" + rs(B64URL, 43),
      "PLANETSCALE_SERVICE_TOKEN", 1, "PlanetScale", "planetscale", "https://api.planetscale.com/v1",
      "Authorization:", "pscale_tkn_ + 43")
    P("planetscale-oauth-token", "planetscale", c, lambda: "pscale_oauth_" + rs(B64URL, 43),
      "PLANETSCALE_OAUTH_TOKEN", 1, "PlanetScale", "planetscale", "https://api.planetscale.com/v1",
      note="pscale_oauth_ + 43")
    P("databricks-token", "databricks", c, lambda: "dapi" + rs(HEX, 32), "DATABRICKS_TOKEN", 1, "Databricks",
      "databricks", f"https://adb-{digits(16)}.{R.randint(1, 19)}.azuredatabricks.net/api/2.0",
      note="dapi + 32 hex")
    P("databricks-token", "databricks", c, lambda: "dapi" + rs(HEX, 32) + "-2", "DATABRICKS_TOKEN", 1,
      "Databricks", "databricks", f"https://{org()}.cloud.databricks.com/api/2.0", note="dapi + 32 hex + -2")
    pw = password()
    S("snowflake-password", "snowflake", c, "password in a Snowflake connector call", "py",
      ["import snowflake.connector", "", "conn = snowflake.connector.connect(",
       f'    account="{rs(LOWER, 2)}{digits(5)}.{R.choice(["eu-central-1", "us-east-1"])}",',
       f'    user="{R.choice(SVC_USERS).upper()}",', f'    password="{pw}",', '    warehouse="REPORTING_WH",',
       ")"], pw)
    pw = password()
    S("snowflake-password", "snowflake", c, "password in a dbt profiles.yml for Snowflake", "yml",
      ["analytics:", "  target: prod", "  outputs:", "    prod:", "      type: snowflake",
       f"      account: {rs(LOWER, 2)}{digits(5)}", f"      user: {R.choice(SVC_USERS)}",
       f"      password: {pw}", "      role: TRANSFORMER", "      database: ANALYTICS"], pw)
    P("algolia-admin-key", "algolia", c, lambda: rs(HEX, 32), "ALGOLIA_ADMIN_API_KEY", 2, "Algolia", "algolia",
      f"https://{rs(UPALNUM, 10)}.algolia.net/1", "X-Algolia-API-Key:", "32-hex admin key next to algolia")
    P("contentful-pat", "contentful", c, lambda: "CFPAT-" + rs(B64URL, 43), "CONTENTFUL_MANAGEMENT_TOKEN", 1,
      "Contentful", "contentful", "https://api.contentful.com", note="CFPAT- + 43")
    u = f"{R.choice(SVC_USERS).replace('-', '_')}_owner"
    pw = "npg_" + rs(ALNUM, 12)
    S("neon-connection-string", "neon", c, "Neon Postgres URL with npg_ password", "env",
      [f"DATABASE_URL=postgresql://{u}:{pw}@ep-{R.choice(WORDS)}-{R.choice(WORDS)}-{rs(LOWALNUM, 8)}"
       f".{R.choice(REGIONS)}.aws.neon.tech/neondb?sslmode=require", "PGPOOL_MAX=10", "NODE_ENV=production"], pw)
    key, sec = rs(UPALNUM, 16), rs(B64, 64)
    S("confluent-api-key", "confluent", c, "Confluent Cloud API key with its 64-char secret", "properties",
      [f"bootstrap.servers=pkc-{rs(LOWALNUM, 5)}.{R.choice(REGIONS)}.aws.confluent.cloud:9092",
       "security.protocol=SASL_SSL", "sasl.mechanism=PLAIN",
       f"sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username='{key}' password='{sec}';"],
      sec, [key])
    P("airtable-pat", "airtable", c, lambda: f"pat{rs(ALNUM, 14)}.{rs(HEX, 64)}", "AIRTABLE_API_KEY", 2, "Airtable",
      "airtable", "https://api.airtable.com/v0", note="pat<14>.<64 hex>")
    P("fauna-secret", "fauna", c, lambda: "fnA" + rs(B64URL, 37), "FAUNA_SECRET", 1, "Fauna", "fauna",
      "https://db.fauna.com", note="fnA + 37 key secret")
    P("turso-auth-token", "turso", c,
      lambda: jwt({"alg": "EdDSA", "typ": "JWT"}, {"a": "rw", "iat": ts(), "id": uuid4()}, 64), "TURSO_AUTH_TOKEN",
      1, "Turso", "turso", f"libsql://{org()}-db.turso.io", None, "EdDSA JWT database token")


# --- generic and shape-based secrets -------------------------------------------

def G(slug, category, provider, note, ext, lines, marker, extra=()):
    add_secret(slug, ext, lines, marker, category, provider, slug, note, extra)


def build_private_keys():
    c, p = "private-key", "private-key"
    for i in range(3):
        lines = clean_lines(lambda: pem_lines("RSA PRIVATE KEY", rsa_pkcs1_der(1024)))
        G("rsa-private-key", c, p, "PKCS#1 RSA private key file", R.choice(["pem", "key"]), lines, lines[0])
    pem = clean(lambda: pem_escaped("RSA PRIVATE KEY", rsa_pkcs1_der(2048)))
    G("rsa-private-key-json", c, p, "RSA key inside a JSON string with \\n escapes", "json",
      ["{", f'  "appId": {R.randint(100000, 999999)},', f'  "webhookSecretRef": "vault:github-app/webhook",',
       f'  "privateKey": "{pem}"', "}"], "-----BEGIN RSA PRIVATE KEY-----")
    pem = clean(lambda: pem_escaped("PRIVATE KEY", rsa_pkcs8_der(2048)))
    G("pkcs8-private-key-json", c, p, "PKCS#8 RSA key in a JSON config string", "json",
      ["{", '  "issuer": "billing-service",', '  "algorithm": "RS256",', f'  "signingKey": "{pem}"', "}"],
      "-----BEGIN PRIVATE KEY-----")
    pem = clean(lambda: pem_escaped("RSA PRIVATE KEY", rsa_pkcs1_der(2048)))
    G("rsa-private-key-python", c, p, "RSA key as a one-line Python string", "py",
      ["import jwt", "", f'PRIVATE_KEY = "{pem}"', "", "def sign(claims):",
       '    return jwt.encode(claims, PRIVATE_KEY, algorithm="RS256")'], "-----BEGIN RSA PRIVATE KEY-----")
    lines = clean_lines(lambda: pem_lines("EC PRIVATE KEY", ec_sec1_der()))
    G("ec-private-key", c, p, "SEC1 EC private key file", "pem", lines, lines[0])
    lines = clean_lines(lambda: pem_lines("EC PRIVATE KEY", ec_sec1_der()))
    G("ec-private-key-k8s", c, p, "EC key in a TLS Secret stringData block", "yaml",
      ["apiVersion: v1", "kind: Secret", "metadata:", "  name: ingress-tls", "type: kubernetes.io/tls",
       "stringData:", "  tls.key: |"] + ["    " + l for l in lines], "    " + lines[0])
    lines = clean_lines(lambda: pem_lines("EC PRIVATE KEY", ec_sec1_der()))
    G("ec-private-key-terraform", c, p, "EC key in a Terraform heredoc", "tf",
      ['resource "tls_locally_signed_cert" "edge" {', "  ca_private_key_pem = <<EOT"] + lines
      + ["EOT", "  validity_period_hours = 8760", "}"], lines[0])
    for i, comment in enumerate([f"{R.choice(FIRST)}@{org()}-laptop", f"deploy@{org()}", "ci@runner"]):
        lines = clean_lines(lambda: openssh_private_key("ed25519", comment))
        if i == 0:
            G("openssh-private-key", c, p, "OpenSSH ed25519 private key (id_ed25519)", "key", lines, lines[0])
        elif i == 1:
            G("openssh-private-key-workflow", c, p, "OpenSSH key pasted into a workflow env block", "yml",
              ["name: deploy", "on: [push]", "jobs:", "  ssh-deploy:", "    runs-on: ubuntu-22.04", "    env:",
               "      SSH_PRIVATE_KEY: |"] + ["        " + l for l in lines], "        " + lines[0])
        else:
            G("openssh-private-key-ansible", c, p, "OpenSSH key in Ansible host vars", "yml",
              ["ansible_user: ci", "deploy_key: |"] + ["  " + l for l in lines], "  " + lines[0])
    lines = clean_lines(lambda: openssh_private_key("ecdsa", f"root@{host('bastion')}"))
    G("openssh-ecdsa-private-key", c, p, "OpenSSH ECDSA private key", "key", lines, lines[0])
    lines = clean_lines(lambda: pem_lines("PRIVATE KEY", ec_pkcs8_der()))
    G("pkcs8-ec-private-key", c, p, "App Store Connect style .p8 key (PKCS#8 EC)", "p8", lines, lines[0])
    lines = clean_lines(lambda: pem_lines("PRIVATE KEY", ec_pkcs8_der()))
    G("pkcs8-ec-private-key-js", c, p, "PKCS#8 EC key in a JS template literal", "js",
      ["const { SignJWT, importPKCS8 } = require(\"jose\");", "",
       f"const privateKeyPem = `{lines[0]}"] + lines[1:-1] + [lines[-1] + "`;", "",
       'module.exports = () => importPKCS8(privateKeyPem, "ES256");'], f"const privateKeyPem = `{lines[0]}")
    lines = clean_lines(lambda: pem_lines("PRIVATE KEY", ed25519_pkcs8_der()))
    G("pkcs8-ed25519-private-key", c, p, "PKCS#8 Ed25519 private key", "pem", lines, lines[0])

    def dsa_der():
        return der(0x30, der(0x02, b"\x00") + der_uint(big(128)) + der_uint(big(20)) + der_uint(big(128))
                   + der_uint(big(128)) + der_uint(big(20)))
    lines = clean_lines(lambda: pem_lines("DSA PRIVATE KEY", dsa_der()))
    G("dsa-private-key", c, p, "DSA private key", "pem", lines, lines[0])
    for i in range(2):
        uid = f"{R.choice(FIRST).capitalize()} Release <release@{org()}.io>"
        lines = clean_lines(lambda: pgp_key_block(uid, True))
        G("pgp-private-key", c, p, "unencrypted PGP private key block", "asc", lines, lines[0])
    pub = ssh_ed25519_pubblob()
    pl = wrap(b64(pub))
    lines = clean_lines(lambda: ["PuTTY-User-Key-File-3: ssh-ed25519", "Encryption: none",
                                 f"Comment: ed25519-key-2025{R.randint(1000, 1231)}", f"Public-Lines: {len(pl)}"]
                        + pl + ["Private-Lines: 1", b64(sshstr(rbytes(32))), f"Private-MAC: {rs(HEX, 64)}"])
    G("putty-private-key", c, p, "PuTTY PPK v3, unencrypted", "ppk", lines, lines[0],
      [l for l in lines if l.startswith("Private-MAC")])

    def jwk():
        return json.dumps({"kty": "EC", "crv": "P-256", "kid": rs(LOWALNUM, 12), "use": "sig",
                           "x": b64u(rbytes(32)), "y": b64u(rbytes(32)), "d": b64u(rbytes(32))})
    j = clean(jwk)
    G("jwk-private-key", c, p, "private JWK with the d parameter", "json",
      ["{", '  "keys": [', f"    {j}", "  ]", "}"], j)


def build_url_credentials():
    c = "url-credentials"

    def u():
        return R.choice(SVC_USERS)

    def pw():
        return url_password()
    items = [
        ("postgres", "env", lambda v: ["APP_ENV=production", f"DATABASE_URL={v}", "DB_POOL_SIZE=20"],
         lambda: f"postgres://{u()}:{pw()}@{host('pg')}:5432/{R.choice(DBNAMES)}"),
        ("postgresql", "py", lambda v: ["from sqlalchemy import create_engine", "",
                                        f'engine = create_engine("{v}", pool_pre_ping=True)'],
         lambda: f"postgresql+psycopg2://{u()}:{pw()}@{host('pg')}:5432/{R.choice(DBNAMES)}"),
        ("mysql", "yaml", lambda v: ["database:", "  driver: mysql", f"  url: {v}", "  maxOpenConns: 25"],
         lambda: f"mysql://{u()}:{pw()}@{host('mysql')}:3306/{R.choice(DBNAMES)}"),
        ("mysql-go", "go", lambda v: ["package store", "", 'import "database/sql"', "",
                                      f'const dsn = "{v}"', "", "func Open() (*sql.DB, error) { return sql.Open(\"mysql\", dsn) }"],
         lambda: f"{u()}:{pw()}@tcp({host('mysql')}:3306)/{R.choice(DBNAMES)}?parseTime=true"),
        ("redis", "js", lambda v: ['const Redis = require("ioredis");', "", f'const redis = new Redis("{v}");',
                                   "module.exports = redis;"],
         lambda: f"redis://default:{pw()}@{host('redis')}:6379/0"),
        ("rediss", "env", lambda v: ["# session and cache store", f"REDIS_URL={v}", "CACHE_TTL=300"],
         lambda: f"rediss://:{pw()}@{host('cache')}:6380"),
        ("amqp", "py", lambda v: ["import pika", "", f'params = pika.URLParameters("{v}")',
                                  "connection = pika.BlockingConnection(params)"],
         lambda: f"amqp://{u()}:{pw()}@{host('mq')}:5672/%2F"),
        ("amqps", "properties", lambda v: ["# broker", f"spring.rabbitmq.addresses={v}", "spring.rabbitmq.virtual-host=/orders"],
         lambda: f"amqps://{u()}:{pw()}@{host('rabbit')}:5671"),
        ("mongodb", "yaml", lambda v: ["storage:", "  engine: mongo", f'  uri: "{v}"'],
         lambda: f"mongodb://{u()}:{pw()}@{host('mongo')}:27017/{R.choice(DBNAMES)}?authSource=admin"),
        ("https-basic", "sh", lambda v: ["#!/bin/sh", "set -e", f'curl -fsSL "{v}" -o artifact.tar.gz',
                                         "tar xzf artifact.tar.gz"],
         lambda: f"https://{u()}:{pw()}@artifacts.{org()}.net/releases/app-{ver()}.tar.gz"),
        ("ftp", "ini", lambda v: ["[upload]", f"target = {v}", "passive = true"],
         lambda: f"ftp://{u()}:{pw()}@ftp.{org()}.net/incoming/"),
        ("sftp", "json", lambda v: ["{", '  "name": "nightly-export",', f'  "destination": "{v}",', '  "schedule": "0 2 * * *"', "}"],
         lambda: f"sftp://{u()}:{pw()}@sftp.{org()}.net:22/exports"),
        ("smtp", "env", lambda v: ["MAIL_FROM=noreply@" + org() + ".com", f"EMAIL_URL={v}", "EMAIL_TIMEOUT=10"],
         lambda: f"smtp+tls://{u()}%40{org()}.com:{pw()}@smtp.{org()}.com:587"),
        ("ldap", "yaml", lambda v: ["auth:", "  provider: ldap", f"  bindUrl: {v}", "  userBase: ou=people,dc=corp,dc=local"],
         lambda: f"ldaps://svc-ldap:{pw()}@ldap.{org()}.net:636"),
        ("git-https-token", "sh", lambda v: ["#!/usr/bin/env bash", "set -euo pipefail", f"git clone {v} vendor/shared",
                                             "cd vendor/shared && git checkout v" + ver()],
         lambda: f"https://ci-bot:{rs(ALNUM, 32)}@git.{org()}.net/platform/shared.git"),
        ("git-https-token", "yml", lambda v: ["steps:", "  - name: fetch submodule",
                                              f"    run: git submodule add {v} deps/proto"],
         lambda: f"https://build:{rs(HEX, 40)}@gitea.{org()}.net/infra/proto.git"),
        ("jdbc-password-param", "properties",
         lambda v: ["# reporting replica", f"spring.datasource.url={v}", "spring.datasource.hikari.maximum-pool-size=10"],
         lambda: f"jdbc:postgresql://{host('pg')}:5432/{R.choice(DBNAMES)}?user={u()}&password={pw()}&ssl=true"),
        ("sqlserver", "env", lambda v: ["# legacy ERP database", f"MSSQL_URL={v}", "MSSQL_POOL=5"],
         lambda: f"sqlserver://sa:{pw()}@{host('mssql')}:1433?database={R.choice(DBNAMES)}"),
        ("clickhouse", "toml", lambda v: ["[warehouse]", f'dsn = "{v}"', "batch_size = 5000"],
         lambda: f"clickhouse://{u()}:{pw()}@{host('ch')}:9440/{R.choice(DBNAMES)}?secure=true"),
        ("elasticsearch", "yml", lambda v: ["output.elasticsearch:", f'  hosts: ["{v}"]', "  index: app-logs"],
         lambda: f"https://elastic:{pw()}@{host('es')}:9200"),
        ("nats", "go", lambda v: ["package bus", "", 'import "github.com/nats-io/nats.go"', "",
                                  f'func Connect() (*nats.Conn, error) {{ return nats.Connect("{v}") }}'],
         lambda: f"nats://{u()}:{pw()}@{host('nats')}:4222"),
    ]
    for scheme, ext, tmpl, gen in items:
        v = gen()
        G(f"url-password-{scheme}", c, "generic", f"{scheme} URL with an inline password", ext, tmpl(v), v)


def build_http_auth():
    c = "http-auth"

    def up():
        return f"{R.choice(SVC_USERS)}:{password(punct='-_.~#%+')}"
    v = up()
    G("curl-basic-auth", c, "generic", "curl -u user:pass", "sh",
      ["#!/bin/sh", f'curl -fsS -u "{v}" \\', f"  https://nexus.{org()}.net/service/rest/v1/components?repository=releases"], v)
    v = up()
    G("curl-basic-auth", c, "generic", "curl -u user:pass in a Makefile-like script", "sh",
      ["#!/usr/bin/env bash", f"curl -X POST -u {v} https://jenkins.{org()}.net/job/deploy/build",
       'echo "triggered"'], v)
    v = up()
    G("curl-user-flag", c, "generic", "curl --user user:pass", "md",
      ["## Trigger a reindex", "", "```sh", f"curl --user '{v}' -X POST https://search.{org()}.net/_reindex",
       "```"], v)
    for ext in ("sh", "md"):
        tok = rs(ALNUM, 40)
        lines = (["#!/bin/sh", "curl -s \\", f'  -H "Authorization: Bearer {tok}" \\',
                  f"  https://api.{org()}.net/v2/reports?since=7d | jq ."] if ext == "sh" else
                 ["# Internal reports API", "", "```", f"curl -H \"Authorization: Bearer {tok}\" https://api.{org()}.net/v2/reports",
                  "```"])
        G("curl-bearer-token", c, "generic", "curl with a hard-coded bearer token", ext, lines, tok)
    for i in range(2):
        b = b64(up().encode())
        G("http-basic-header", c, "generic", "Authorization: Basic base64(user:pass) in an .http file", "http",
          [f"### fetch invoices", f"GET https://erp.{org()}.net/api/invoices?status=open",
           f"Authorization: Basic {b}", "Accept: application/json"], b)
    b = b64(up().encode())
    G("http-basic-header", c, "generic", "Basic auth header in a shell script", "sh",
      ["#!/bin/sh", f'AUTH="Authorization: Basic {b}"',
       f'wget --header="$AUTH" https://repo.{org()}.net/private/bundle.zip'], b)
    for i in range(2):
        tok = rs(ALNUM + "-_", R.randint(36, 44))
        G("python-bearer-header", c, "generic", "Python headers dict with a bearer token", "py",
          ["import requests", "", f'headers = {{"Authorization": "Bearer {tok}"}}',
           f'resp = requests.get("https://api.{org()}.net/v1/orders", headers=headers, timeout=5)'], tok)
    tok = rs(ALNUM, 40)
    G("js-fetch-bearer", c, "generic", "fetch() with a bearer token", "ts",
      [f'export async function loadUsers() {{', f'  const res = await fetch("https://api.{org()}.net/users", {{',
       f'    headers: {{ Authorization: "Bearer {tok}" }},', "  });", "  return res.json();", "}"], tok)
    pw = password()
    G("httpie-auth", c, "generic", "httpie -a user:pass", "sh",
      ["#!/bin/sh", "# reload dashboards after a deploy", f"http -a admin:{pw} POST https://grafana.{org()}.net/api/admin/provisioning/dashboards/reload"], pw)
    pw = password()
    G("go-basic-auth", c, "generic", "req.SetBasicAuth with literal credentials", "go",
      ["package registry", "", 'import "net/http"', "", "func authed(req *http.Request) {",
       f'\treq.SetBasicAuth("{R.choice(SVC_USERS)}", "{pw}")', "}"], pw)


def build_dotfiles():
    c = "dotfile"
    for i in range(3):
        pw = password() if i < 2 else rs(HEX, 40)
        h = R.choice([f"ftp.{org()}.net", f"nexus.{org()}.net", f"api.{org()}.net"])
        G("netrc", c, "generic", "machine/login/password entry", "@netrc",
          [f"machine {h}", f"  login {R.choice(SVC_USERS)}", f"  password {pw}"], pw)
    for i in range(3):
        tok = [lambda: github_classic_token("ghp_"), lambda: rs(ALNUM, 32), lambda: "glpat-" + rs(B64URL, 20)][i]()
        hostn = ["github.com", f"bitbucket.{org()}.net", "gitlab.com"][i]
        others = [f"https://{R.choice(FIRST)}@dev.azure.com", f"https://{R.choice(SVC_USERS)}@git.{org()}.net"]
        lines = [f"https://{R.choice(FIRST)}:{tok}@{hostn}"] + others
        if i == 1:
            lines.reverse()
        G("git-credentials", c, "generic", "stored git credential https://user:token@host", "@git-credentials",
          lines, tok)
    for i in range(2):
        pw = password()
        G("pypirc-password", c, "generic", "private index password in .pypirc", "@pypirc",
          ["[distutils]", "index-servers = internal", "", "[internal]",
           f"repository = https://pypi.{org()}.net/simple/", f"username = {R.choice(SVC_USERS)}", f"password = {pw}"], pw)
    tok = rs(ALNUM, 40)
    G("npmrc-auth-token", c, "generic", "private registry _authToken", "@npmrc",
      [f"@{org()}:registry=https://npm.{org()}.net/", f"//npm.{org()}.net/:_authToken={tok}", "strict-ssl=true"], tok)
    b = b64(f"{R.choice(SVC_USERS)}:{password()}".encode())
    G("npmrc-auth", c, "generic", "legacy _auth=base64(user:pass)", "@npmrc",
      [f"registry=https://nexus.{org()}.net/repository/npm-group/", f"_auth={b}", "always-auth=true"], b)
    for i in range(3):
        reg = ["https://index.docker.io/v1/", f"registry.{org()}.io", f"{org()}.azurecr.io"][i]
        b = b64(f"{R.choice(SVC_USERS)}:{password()}".encode())
        G("docker-config-auth", c, "generic", "Docker config.json auths entry", "json",
          ["{", '  "auths": {', f'    "{reg}": {{', f'      "auth": "{b}"', "    }", "  },",
           '  "credsStore": ""', "}"], b)
    pw = password()
    G("pgpass", c, "generic", "~/.pgpass entry host:port:db:user:password", "@pgpass",
      ["# hostname:port:database:username:password",
       f"{host('pg')}:5432:{R.choice(DBNAMES)}:{R.choice(SVC_USERS)}:{pw}", "# rotated by the platform team"], pw)
    pw = password()
    G("composer-auth-json", c, "generic", "Composer auth.json http-basic credentials", "json",
      ["{", '  "http-basic": {', f'    "repo.{org()}.net": {{', f'      "username": "{R.choice(SVC_USERS)}",',
       f'      "password": "{pw}"', "    }", "  }", "}"], pw)
    pw = password()
    G("gradle-properties", c, "generic", "publishing password in gradle.properties", "properties",
      ["org.gradle.jvmargs=-Xmx2g", f"ossrhUsername={R.choice(SVC_USERS)}", f"ossrhPassword={pw}",
       "signing.keyId=" + rs(HEXU, 8)], pw)


def build_jwts():
    c = "jwt"

    def make(alg):
        iat = ts()
        payload = {"sub": R.choice([uuid4(), f"user:{R.randint(1000, 99999)}", f"svc-{R.choice(SVC_USERS)}"]),
                   "iss": R.choice([f"https://auth.{org()}.com/", f"https://{org()}.eu.auth0.com/", "billing-api"]),
                   "aud": R.choice(["api", f"https://api.{org()}.com"]), "iat": iat,
                   "exp": iat + R.choice([3600, 86400, 31536000])}
        if R.random() < 0.5:
            payload["scope"] = R.choice(["read:orders write:orders", "admin", "reports:read"])
        hdr = {"alg": alg, "typ": "JWT"}
        if alg == "RS256":
            hdr["kid"] = rs(B64URL, 16)
        return jwt(hdr, payload, 256 if alg == "RS256" else 32)
    ctxs = [
        ("env", lambda v: ["API_BASE=https://api.internal", f"SERVICE_TOKEN={v}", "REQUEST_TIMEOUT=15"]),
        ("yaml", lambda v: ["client:", "  baseUrl: https://api.internal", f"  accessToken: {v}"]),
        ("js", lambda v: [f'const token = "{v}";', "", "export const api = axios.create({ headers: { Authorization: `Bearer ${token}` } });"]),
        ("py", lambda v: ["import requests", "", f'TOKEN = "{v}"', 'session = requests.Session()',
                          'session.headers["Authorization"] = f"Bearer {TOKEN}"']),
        ("http", lambda v: ["### admin report", "GET https://admin.internal/api/report", f"Authorization: Bearer {v}", ""]),
        ("json", lambda v: ["{", '  "endpoint": "https://events.internal/ingest",', f'  "token": "{v}"', "}"]),
        ("sh", lambda v: ["#!/bin/sh", f"TOKEN='{v}'", 'curl -H "Authorization: Bearer $TOKEN" https://api.internal/v1/me']),
        ("go", lambda v: ["package auth", "", f'const serviceJWT = "{v}"']),
        ("properties", lambda v: ["client.base-url=https://api.internal", f"client.bearer-token={v}", "client.timeout=15s"]),
        ("toml", lambda v: ["[upstream]", 'url = "https://api.internal"', f'token = "{v}"']),
    ]
    for i, (ext, tmpl) in enumerate(ctxs):
        alg = "RS256" if i % 3 == 1 else "HS256"
        v = make(alg)
        G(f"jwt-{alg.lower()}", c, "generic", f"{alg} JWT with sub/iss/iat/exp claims", ext, tmpl(v), v)


def build_generic_passwords():
    c = "generic-password"
    items = [
        ("db-password", "env", lambda v: ["DB_HOST=" + host("pg"), "DB_USER=app", f"DB_PASSWORD={v}", "DB_NAME=orders"]),
        ("smtp-password", "env", lambda v: [f"SMTP_HOST=smtp.{org()}.com", "SMTP_PORT=587", f"SMTP_USER=mailer@{org()}.com", f"SMTP_PASSWORD={v}"]),
        ("shell-export-password", "sh", lambda v: ["#!/bin/bash", f'export PGPASSWORD="{v}"',
                                                   f"pg_dump -h {host('pg')} -U backup orders > /backups/orders.sql"]),
        ("compose-postgres-password", "yaml", lambda v: ["services:", "  db:", "    image: postgres:16.3",
                                                         "    environment:", "      POSTGRES_USER: app",
                                                         f"      POSTGRES_PASSWORD: {v}", "    ports: ['5432:5432']"]),
        ("helm-values-password", "yaml", lambda v: ["postgresql:", "  enabled: true", "  auth:",
                                                     "    username: keycloak", f'    password: "{v}"', "    database: keycloak"]),
        ("spring-yaml-password", "yml", lambda v: ["spring:", "  datasource:", f"    url: jdbc:mysql://{host('mysql')}:3306/shop",
                                                   "    username: shop_app", f"    password: {v}", "  jpa:", "    open-in-view: false"]),
        ("json-config-password", "json", lambda v: ["{", '  "db": {', f'    "host": "{host("pg")}",', '    "user": "reporting",',
                                                    f'    "password": "{v}"', "  }", "}"]),
        ("toml-password", "toml", lambda v: ["[database]", f'host = "{host("pg")}"', 'user = "ingest"', f'password = "{v}"', "pool = 8"]),
        ("ini-password", "ini", lambda v: ["[mysql]", f"host = {host('mysql')}", "user = wordpress", f"password = {v}"]),
        ("mycnf-password", "cnf", lambda v: ["[client]", "user=backup", f"password={v}", f"host={host('mysql')}"]),
        ("properties-datasource-password", "properties", lambda v: [f"spring.datasource.url=jdbc:postgresql://{host('pg')}:5432/ledger",
                                                                    "spring.datasource.username=ledger", f"spring.datasource.password={v}"]),
        ("maven-settings-password", "xml", lambda v: ["<settings>", "  <servers>", "    <server>", "      <id>internal-releases</id>",
                                                      "      <username>deployer</username>", f"      <password>{v}</password>",
                                                      "    </server>", "  </servers>", "</settings>"]),
        ("webconfig-connection-string", "config", lambda v: ["<configuration>", "  <connectionStrings>",
                                                             f'    <add name="Default" connectionString="Server={host("sql")};Database=Shop;User Id=shop_web;Password={v};" providerName="System.Data.SqlClient" />',
                                                             "  </connectionStrings>", "</configuration>"]),
        ("python-password", "py", lambda v: ["import psycopg2", "", "conn = psycopg2.connect(", f'    host="{host("pg")}",',
                                             '    user="analytics",', f'    password="{v}",', '    dbname="warehouse",', ")"]),
        ("js-password", "js", lambda v: ['const mysql = require("mysql2");', "", "const pool = mysql.createPool({",
                                         f'  host: "{host("mysql")}",', '  user: "api",', f'  password: "{v}",', '  database: "shop",', "});"]),
        ("ts-password", "ts", lambda v: ["export const ldapConfig = {", f'  url: "ldaps://ldap.{org()}.net",',
                                         '  bindDN: "cn=svc-portal,ou=services,dc=corp",', f'  bindCredentials: "{v}",', "};"]),
        ("go-password", "go", lambda v: ["package mail", "", "var smtpAuth = smtp.PlainAuth(\"\",", f'\t"alerts@{org()}.com",',
                                         f'\t"{v}",', f'\t"smtp.{org()}.com")']),
        ("java-password", "java", lambda v: ["public class DbConfig {", f'    private static final String URL = "jdbc:oracle:thin:@{host("ora")}:1521/ORCL";',
                                             '    private static final String USER = "BATCH";', f'    private static final String PASSWORD = "{v}";', "}"]),
        ("ruby-password", "rb", lambda v: ["ActiveRecord::Base.establish_connection(", '  adapter: "postgresql",',
                                           f'  host: "{host("pg")}",', '  username: "rails",', f'  password: "{v}"', ")"]),
        ("php-password", "php", lambda v: ["<?php", "define('DB_NAME', 'wordpress');", "define('DB_USER', 'wp_admin');",
                                           f"define('DB_PASSWORD', '{v}');", f"define('DB_HOST', '{host('mysql')}');"]),
        ("csharp-password", "cs", lambda v: ["var factory = new ConnectionFactory", "{", f'    HostName = "{host("mq")}",',
                                             '    UserName = "orders",', f'    Password = "{v}"', "};"]),
        ("terraform-password", "tf", lambda v: ['resource "aws_db_instance" "main" {', '  engine         = "postgres"',
                                                '  instance_class = "db.t4g.medium"', '  username       = "dbadmin"',
                                                f'  password       = "{v}"', "}"]),
        ("dockerfile-env-password", "Dockerfile", lambda v: ["FROM mcr.microsoft.com/mssql/server:2022-CU12-ubuntu-22.04",
                                                             "ENV ACCEPT_EULA=Y", f"ENV MSSQL_SA_PASSWORD={v}", "EXPOSE 1433"]),
        ("workflow-env-password", "yml", lambda v: ["name: integration", "on: [pull_request]", "jobs:", "  db:",
                                                    "    runs-on: ubuntu-22.04", "    env:", f"      REGISTRY_PASSWORD: {v}",
                                                    "    steps:", "      - run: make it"]),
        ("dotnet-connection-string", "json", lambda v: ["{", '  "ConnectionStrings": {',
                                                        f'    "Orders": "Server={host("sql")};Database=Orders;User Id=orders_svc;Password={v};TrustServerCertificate=True"',
                                                        "  }", "}"]),
        ("odbc-connection-string", "py", lambda v: ["import pyodbc", "",
                                                    f'CONN = "Driver={{ODBC Driver 18 for SQL Server}};Server={host("sql")};Database=Sales;Uid=etl;Pwd={v};Encrypt=yes"',
                                                    "cnxn = pyodbc.connect(CONN)"]),
        ("ansible-become-password", "yml", lambda v: ["ansible_user: ops", f"ansible_become_password: {v}", "ansible_port: 22"]),
        ("jenkinsfile-password", "groovy", lambda v: ["pipeline {", "  agent any", "  environment {",
                                                      f"    NEXUS_PASSWORD = '{v}'", "  }", "  stages { stage('publish') { steps { sh './gradlew publish' } } }", "}"]),
        ("redis-requirepass", "conf", lambda v: ["bind 0.0.0.0", "port 6379", f"requirepass {v}", "maxmemory 2gb"]),
        ("kotlin-password", "kt", lambda v: ["object MailSettings {", f'    const val HOST = "smtp.{org()}.com"',
                                             '    const val USER = "notifications"', f'    const val PASSWORD = "{v}"', "}"]),
        ("rust-password", "rs", lambda v: ["pub fn pool() -> Pool {", f'    let url = "{host("pg")}";',
                                           f'    let password = "{v}";', '    Pool::connect(url, "app", password)', "}"]),
        ("android-strings-password", "xml", lambda v: ['<?xml version="1.0" encoding="utf-8"?>', "<resources>",
                                                       '    <string name="app_name">Field Reports</string>',
                                                       f'    <string name="ftp_password">{v}</string>', "</resources>"]),
    ]
    for slug, ext, tmpl in items:
        v = password()  # PW_PUNCT has no quote, &, <, >, ; or $: safe in every context above
        G(slug, c, "generic", "hard-coded password assigned to a secret-like name", ext, tmpl(v), v)

    c = "generic-api-key"
    keys = [
        ("django-secret-key", "py", lambda: rs(LOWALNUM + "!@#%^&*(-_=+)", 50),
         lambda v: ["DEBUG = False", f"ALLOWED_HOSTS = ['{org()}.com']", f"SECRET_KEY = '{v}'"]),
        ("rails-secret-key-base", "yml", lambda: rs(HEX, 128),
         lambda v: ["production:", f"  secret_key_base: {v}"] + ["  force_ssl: true"]),
        ("laravel-app-key", "env", lambda: "base64:" + b64(rbytes(32)),
         lambda v: ["APP_NAME=Portal", "APP_ENV=production", f"APP_KEY={v}", "APP_DEBUG=false"]),
        ("flask-secret-key", "py", lambda: rs(HEX, 48),
         lambda v: ["from flask import Flask", "", "app = Flask(__name__)", f'app.config["SECRET_KEY"] = "{v}"']),
        ("yaml-api-key", "yaml", lambda: rs(ALNUM, 32),
         lambda v: ["geocoder:", "  provider: internal", f"  api_key: {v}", "  timeout: 5s"]),
        ("js-api-key", "js", lambda: rs(ALNUM, 40),
         lambda v: ["module.exports = {", f'  reportingApiKey: "{v}",', '  region: "eu",', "};"]),
        ("json-client-secret", "json", lambda: rs(B64URL, 48),
         lambda v: ["{", f'  "clientId": "{org()}-portal",', f'  "clientSecret": "{v}",', '  "scopes": ["openid", "profile"]', "}"]),
        ("encryption-key-env", "env", lambda: rs(HEX, 64),
         lambda v: ["# AES-256 key for PII columns", f"FIELD_ENCRYPTION_KEY={v}", "KEY_VERSION=3"]),
        ("webhook-signing-secret", "toml", lambda: rs(ALNUM, 36),
         lambda v: ["[webhooks]", 'path = "/hooks/inbound"', f'signing_secret = "{v}"']),
        ("java-api-key", "java", lambda: rs(HEX, 32),
         lambda v: ["public final class WeatherClient {", f'    private static final String API_KEY = "{v}";',
                    '    private static final String BASE = "https://weather.internal/v3";', "}"]),
    ]
    for slug, ext, gen, tmpl in keys:
        v = gen()
        G(slug, c, "generic", "hard-coded key or signing secret with a secret-like name", ext, tmpl(v), v)


def build_base64_secrets():
    c = "base64-encoded"

    def k8s(name, key, raw, extra_key=None):
        lines = ["apiVersion: v1", "kind: Secret", "metadata:", f"  name: {name}", "type: Opaque", "data:"]
        if extra_key:
            lines.append(f"  {extra_key[0]}: {b64(extra_key[1].encode())}")
        lines.append(f"  {key}: {b64(raw.encode())}")
        return lines, b64(raw.encode())
    lines, v = k8s("db-credentials", "password", password(), ("username", "orders_app"))
    G("k8s-secret-password", c, "generic", "Secret data: base64 of a random password", "yaml", lines, v)
    lines, v = k8s("smtp", "SMTP_PASSWORD", password(), ("SMTP_USER", "mailer"))
    G("k8s-secret-password", c, "generic", "Secret data: base64 of a random password", "yaml", lines, v)
    lines, v = k8s("github-bot", "token", github_classic_token("ghp_"))
    G("k8s-secret-provider-token", c, "github", "Secret data: base64 of a GitHub PAT", "yaml", lines, v)
    lines, v = k8s("payments", "STRIPE_SECRET_KEY", "sk_live_51" + rs(ALNUM, 97))
    G("k8s-secret-provider-token", c, "stripe", "Secret data: base64 of a Stripe secret key", "yaml", lines, v)
    lines, v = k8s("app-db", "DATABASE_URL", f"postgres://app:{url_password()}@{host('pg')}:5432/app")
    G("k8s-secret-database-url", c, "generic", "Secret data: base64 of a postgres URL with password", "yaml", lines, v)
    tok = f"xoxb-{digits(12)}-{digits(13)}-{rs(ALNUM, 24)}"
    v = b64(tok.encode())
    G("env-base64-token", c, "slack", "SECRET_B64 holding base64 of a Slack bot token", "env",
      ["# decoded at startup", f"SECRET_B64={v}", "SECRET_FORMAT=base64"], v)
    v = b64(("sk-ant-api03-" + rs(B64URL, 93) + "AA").encode())
    G("env-base64-token", c, "anthropic", "base64 of an Anthropic key in .env", "env",
      ["LLM_PROVIDER=anthropic", f"LLM_API_KEY_B64={v}", "LLM_MODEL=claude-sonnet"], v)
    v = b64(password().encode())
    G("helm-base64-password", c, "generic", "base64 password in Helm values for a Secret template", "yaml",
      ["redis:", "  auth:", "    enabled: true", f"    passwordBase64: {v}"], v)


# --- look-alikes ------------------------------------------------------------------

def L(slug, cat, note, ext, lines, marker):
    add_look(slug, ext, lines, marker, cat, note)


def LV(slug, cat, note, var, value, ctx, auth=None, svc=None):
    svc = svc or var.split("_")[0].lower()
    ext, lines = render(var, value, svc.capitalize(), svc, f"https://api.{svc}.io", auth, ctx)
    add_look(slug, ext, lines, value, cat, note)


def build_placeholders():
    c = "placeholder"
    n = "template or placeholder value, not a credential"
    for slug, var, value, ctx in [
        ("your-api-key-here", "OPENAI_API_KEY", "your-api-key-here", "env"),
        ("your-api-key-here", "WEATHER_API_KEY", "your-api-key-here", "python"),
        ("angle-bracket-token", "GITHUB_TOKEN", "<YOUR_TOKEN>", "md"),
        ("angle-bracket-token", "SLACK_BOT_TOKEN", "<your-slack-bot-token>", "yamlapp"),
        ("changeme", "ADMIN_PASSWORD", "changeme", "env"),
        ("changeme", "KEYSTORE_PASSWORD", "changeme", "properties"),
        ("x-run", "API_KEY", "xxxxxxxxxxxxxxxx", "toml"),
        ("x-run", "SECRET_KEY", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ini"),
        ("asterisks", "DB_PASSWORD", "********", "json"),
        ("github-x-token", "GH_TOKEN", "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "shell"),
        ("openai-ellipsis", "OPENAI_API_KEY", "sk-...", "md"),
        ("replace-me", "SENDGRID_API_KEY", "REPLACE_ME", "compose"),
        ("todo", "JWT_SECRET", "TODO", "ts"),
        ("insert-secret", "CLIENT_SECRET", "<insert-client-secret-here>", "java"),
        ("slack-webhook-placeholder", "SLACK_WEBHOOK_URL", "YOUR_SLACK_WEBHOOK_URL", "go"),
        ("aws-x-key", "AWS_ACCESS_KEY_ID", "AKIAXXXXXXXXXXXXXXXX", "dockerfile"),
        ("stripe-x-key", "STRIPE_SECRET_KEY", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "ruby"),
        ("slack-x-token", "SLACK_BOT_TOKEN", "xoxb-xxxxxxxxxxxx-xxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx", "php"),
        ("slack-webhook-xyz", "SLACK_WEBHOOK", "https://hooks.slack.com/services/XXX/YYY/ZZZ", "cs"),
        ("mongodb-angle-placeholders", "MONGODB_URI", "mongodb+srv://<username>:<password>@cluster0.mongodb.net/", "env"),
        ("paste-token-here", "NPM_TOKEN", "PASTE_TOKEN_HERE", "gha"),
        ("your-password", "SMTP_PASSWORD", "your_password", "k8s"),
        ("one-password-reference", "DATABASE_PASSWORD", "op://Production/postgres/password", "env"),
        ("vault-reference", "DB_PASSWORD", "vault:secret/data/app#password", "yamlapp"),
        ("keyvault-reference", "SqlPassword", "@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/sql-password/)", "json"),
    ]:
        LV(slug, c, n, var, value, ctx)
    L("env-interpolation", c, n, "yaml", ["services:", "  db:", "    image: postgres:16.3", "    environment:",
                                           "      POSTGRES_PASSWORD: ${DB_PASSWORD}", "      POSTGRES_USER: ${DB_USER:-app}"],
      "${DB_PASSWORD}")
    L("github-secrets-expression", c, n, "yml", ["name: publish", "on: [release]", "jobs:", "  npm:",
                                                 "    runs-on: ubuntu-22.04", "    steps:", "      - run: npm publish",
                                                 "        env:", "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}"],
      "${{ secrets.NPM_TOKEN }}")
    L("helm-values-reference", c, n, "yaml", ["apiVersion: v1", "kind: Secret", "metadata:",
                                              "  name: {{ .Release.Name }}-db", "stringData:",
                                              "  password: {{ .Values.postgresql.password | quote }}"],
      "{{ .Values.postgresql.password | quote }}")
    L("python-percent-format", c, n, "ini", ["[alembic]", "script_location = migrations",
                                             "sqlalchemy.url = postgresql://app:%(DB_PASSWORD)s@db:5432/app"],
      "%(DB_PASSWORD)s")
    L("os-environ", c, n, "py", ["import os", "", "import stripe", "", 'stripe.api_key = os.environ["STRIPE_SECRET_KEY"]'],
      'os.environ["STRIPE_SECRET_KEY"]')
    L("process-env", c, n, "js", ['const { App } = require("@slack/bolt");', "", "const app = new App({",
                                  "  token: process.env.SLACK_BOT_TOKEN,",
                                  "  signingSecret: process.env.SLACK_SIGNING_SECRET,", "});"],
      "token: process.env.SLACK_BOT_TOKEN")
    L("ruby-env-fetch", c, n, "rb", ['require "stripe"', "", 'Stripe.api_key = ENV.fetch("STRIPE_API_KEY")',
                                     "Stripe.max_network_retries = 2"], 'ENV.fetch("STRIPE_API_KEY")')
    L("java-getenv", c, n, "java", ["public class Db {", '    static final String PASSWORD = System.getenv("DB_PASSWORD");',
                                    '    static final String USER = System.getenv().getOrDefault("DB_USER", "app");', "}"],
      'System.getenv("DB_PASSWORD")')
    L("go-getenv", c, n, "go", ["package config", "", 'import "os"', "", "func Token() string {",
                                '\treturn os.Getenv("API_TOKEN")', "}"], 'os.Getenv("API_TOKEN")')
    L("spring-value-annotation", c, n, "java", ["@Component", "public class JwtSigner {",
                                                '    @Value("${jwt.secret}")', "    private String secret;", "}"],
      '@Value("${jwt.secret}")')
    L("maven-settings-template", c, n, "xml", ["<settings>", "  <servers>", "    <server>", "      <id>releases</id>",
                                               "      <username>${env.NEXUS_USER}</username>",
                                               "      <password>${env.NEXUS_PASSWORD}</password>", "    </server>",
                                               "  </servers>", "</settings>"], "${env.NEXUS_PASSWORD}")
    L("erb-database-yml", c, n, "yml", ["production:", "  adapter: postgresql", "  database: app_production",
                                        "  username: app", "  password: <%= ENV['DATABASE_PASSWORD'] %>"],
      "<%= ENV['DATABASE_PASSWORD'] %>")
    L("cloudformation-dynamic-reference", c, n, "yaml", ["Resources:", "  Database:", "    Type: AWS::RDS::DBInstance",
                                                          "    Properties:", "      MasterUsername: admin",
                                                          "      MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'"],
      "{{resolve:secretsmanager:prod/db:SecretString:password}}")
    L("serverless-env-variable", c, n, "yml", ["provider:", "  name: aws", "  environment:",
                                               "    API_KEY: ${env:API_KEY}", "    STAGE: ${sls:stage}"], "${env:API_KEY}")
    L("spring-property-default", c, n, "properties", ["spring.datasource.url=jdbc:postgresql://db:5432/app",
                                                      "spring.datasource.username=${DB_USER:app}",
                                                      "spring.datasource.password=${DB_PASSWORD:}"], "${DB_PASSWORD:}")
    L("docker-secret-file", c, n, "yaml", ["services:", "  db:", "    image: postgres:16.3", "    environment:",
                                           "      POSTGRES_PASSWORD_FILE: /run/secrets/pg_password",
                                           "    secrets: [pg_password]"], "POSTGRES_PASSWORD_FILE: /run/secrets/pg_password")
    L("env-template-empty", c, n, "env", ["# copy to .env and fill in", "DATABASE_URL=", "STRIPE_SECRET_KEY=",
                                          "SENTRY_DSN=", "GITHUB_TOKEN="], "STRIPE_SECRET_KEY=")
    L("yaml-null-key", c, n, "yaml", ["mailer:", "  provider: postmark", "  api_key: null",
                                      "  from: notifications@localhost"], "api_key: null")
    L("shell-required-var", c, n, "sh", ["#!/usr/bin/env bash", "set -euo pipefail",
                                         ': "${DEPLOY_TOKEN:?DEPLOY_TOKEN must be set}"',
                                         'curl -H "Authorization: Bearer ${DEPLOY_TOKEN}" https://deploy.internal/hook'],
      "${DEPLOY_TOKEN:?DEPLOY_TOKEN must be set}")
    L("docker-secret-cat", c, n, "sh", ["#!/bin/sh", 'export PGPASSWORD="$(cat /run/secrets/db_password)"',
                                        "exec pg_dump -h db -U backup app"], "$(cat /run/secrets/db_password)")
    L("npmrc-env-token", c, n, "npmrc", ["# token comes from the CI environment", "registry=https://registry.npmjs.org/",
                                         "//registry.npmjs.org/:_authToken=${NPM_TOKEN}"], "${NPM_TOKEN}")
    L("terraform-variable-reference", c, n, "tf", ['resource "aws_db_instance" "main" {', '  engine   = "postgres"',
                                                   "  username = var.db_username", "  password = var.db_password", "}"],
      "password = var.db_password")
    L("k8s-secret-key-ref", c, n, "yaml", ["env:", "  - name: DB_PASSWORD", "    valueFrom:", "      secretKeyRef:",
                                           "        name: postgres-credentials", "        key: password"],
      "key: password")


def build_doc_examples():
    c = "doc-example"
    n = "provider documentation example value"
    ak, sk = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    L("aws-docs-credentials", c, n, "ini", ["[default]", f"aws_access_key_id = {ak}",
                                            f"aws_secret_access_key = {sk}", "region = us-west-2"], ak)
    L("aws-docs-env", c, n, "md", ["## Configure credentials", "", "```sh", f"export AWS_ACCESS_KEY_ID={ak}",
                                   f"export AWS_SECRET_ACCESS_KEY={sk}", "export AWS_DEFAULT_REGION=us-west-2", "```"], ak)
    L("aws-docs-secret", c, n, "py", ['"""Usage:', "", "    client = boto3.client(", f"        aws_secret_access_key='{sk}',",
                                      '    )', '"""'], sk)
    L("aws-docs-second-pair", c, n, "md", ["Example output:", "", "```json", "{", '    "AccessKey": {',
                                           '        "AccessKeyId": "AKIAI44QH8DHBEXAMPLE",',
                                           '        "SecretAccessKey": "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"',
                                           "    }", "}", "```"], "AKIAI44QH8DHBEXAMPLE")
    L("aws-docs-terraform", c, n, "tf", ['provider "aws" {', '  region     = "us-west-2"',
                                         f'  access_key = "{ak}"', '  secret_key = "my-secret-key"', "}"], ak)
    L("aws-docs-session-token", c, n, "md", ["The response includes temporary credentials:", "",
                                             '    "SessionToken": "AQoDYXdzEJr...<remainder of session token>"', ""],
      "AQoDYXdzEJr...<remainder of session token>")
    jwtio = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0Ijo"
             "xNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
    L("jwt-io-sample", c, n, "md", ["# Authentication", "", "Send the token in the header:", "",
                                    f"    Authorization: Bearer {jwtio}", ""], jwtio)
    L("jwt-io-sample", c, n, "js", ["// Decoding the jwt.io sample token:", f'const sample = "{jwtio}";',
                                    'console.log(jwtDecode(sample).name); // "John Doe"'], jwtio)
    rfc = ("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9l"
           "eGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
    L("rfc7519-example-jwt", c, n, "py", ["# RFC 7519, section 3.1 example", f'RFC_EXAMPLE = "{rfc}"',
                                          "assert decode(RFC_EXAMPLE)['iss'] == 'joe'"], rfc)
    L("rfc7617-basic-example", c, n, "http", ["### RFC 7617 example (Aladdin / open sesame)", "GET /protected HTTP/1.1",
                                              "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", ""],
      "QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    L("rfc6749-token-response", c, n, "json", ["{", '  "access_token": "2YotnFZFEjr1zCsicMWpAA",', '  "token_type": "example",',
                                               '  "expires_in": 3600,', '  "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA"', "}"],
      "2YotnFZFEjr1zCsicMWpAA")
    L("rfc6749-client-credentials", c, n, "http", ["### RFC 6749 section 2.3.1", "POST /token HTTP/1.1",
                                                   "Authorization: Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3",
                                                   "Content-Type: application/x-www-form-urlencoded", "",
                                                   "grant_type=client_credentials"],
      "czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3")
    L("stripe-docs-test-key", c, n, "sh", ["# from the Stripe API reference", "curl https://api.stripe.com/v1/charges \\",
                                           "  -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: \\", "  -d amount=2000"],
      "sk_test_4eC39HqLyjWDarjtT1zdp7dc")
    L("stripe-docs-publishable", c, n, "html", ['<script src="https://js.stripe.com/v3/"></script>', "<script>",
                                                "  const stripe = Stripe('pk_test_TYooMQauvdEDq54NiTphI7jx');",
                                                "</script>"], "pk_test_TYooMQauvdEDq54NiTphI7jx")
    L("slack-docs-token", c, n, "md", ["## Calling the API", "", "```", "curl -H 'Authorization: Bearer xoxb-your-token' \\",
                                       "  https://slack.com/api/auth.test", "```"], "xoxb-your-token")
    L("slack-docs-webhook", c, n, "md", ["Your webhook URL will look like:", "",
                                         "    https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", ""],
      "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX")
    L("slack-docs-bot-token", c, n, "py", ['"""Example:', "", '    client = WebClient(token="xoxb-1234567890-1234567890123-EXAMPLEtokenEXAMPLEtoken")',
                                           '"""'], "xoxb-1234567890-1234567890123-EXAMPLEtokenEXAMPLEtoken")
    L("github-docs-token", c, n, "md", ["## Authenticating", "", "```sh",
                                        "gh auth login --with-token <<< ghp_1234567890abcdefghijABCDEFGHIJ123456", "```"],
      "ghp_1234567890abcdefghijABCDEFGHIJ123456")
    L("github-docs-fine-grained", c, n, "md", ["Tokens look like `github_pat_11EXAMPLE...`; never commit them.", "",
                                               "See the settings page to create one.", ""], "github_pat_11EXAMPLE...")
    L("twilio-docs-sid", c, n, "js", ["// Find your Account SID and Auth Token at twilio.com/console",
                                      "const accountSid = 'ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX';",
                                      "const authToken = 'your_auth_token';",
                                      "const client = require('twilio')(accountSid, authToken);"], "your_auth_token")
    L("heroku-docs-uuid", c, n, "md", ["Example response:", "", "```json",
                                       '{ "id": "01234567-89ab-cdef-0123-456789abcdef", "token": "01234567-89ab-cdef-0123-456789abcdef" }',
                                       "```"], '"token": "01234567-89ab-cdef-0123-456789abcdef"')
    azurite = ("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")
    L("azurite-well-known-key", c, "Azurite storage emulator's published development key", "json",
      ["{", '  "Values": {', '    "AzureWebJobsStorage": "UseDevelopmentStorage=true",',
       f'    "EmulatorConnection": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={azurite};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"',
       "  }", "}"], azurite)
    L("k8s-docs-secret", c, n, "yaml", ["# from the Kubernetes Secret documentation", "apiVersion: v1", "kind: Secret",
                                        "metadata:", "  name: mysecret", "type: Opaque", "data:",
                                        "  username: YWRtaW4=", "  password: MWYyZDFlMmU2N2Rm"], "MWYyZDFlMmU2N2Rm")
    L("kubeadm-docs-token", c, n, "md", ["The token format is `[a-z0-9]{6}.[a-z0-9]{16}`, for example", "",
                                         "    kubeadm join --token abcdef.0123456789abcdef 192.168.0.10:6443", ""],
      "abcdef.0123456789abcdef")
    L("telegram-docs-token", c, n, "md", ["Each bot is given a unique authentication token, e.g.", "",
                                          "`123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11`", ""],
      "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11")
    for slug, val, ctx, var in [
        ("openai-docs-key", "sk-proj-EXAMPLEEXAMPLEEXAMPLE", "md", "OPENAI_API_KEY"),
        ("anthropic-docs-key", "sk-ant-api03-EXAMPLE-KEY", "python", "ANTHROPIC_API_KEY"),
        ("npm-docs-token", "npm_EXAMPLE1234567890abcdefEXAMPLE", "md", "NPM_TOKEN"),
        ("gitlab-docs-token", "glpat-1234567890abcdefghij", "md", "GITLAB_TOKEN"),
        ("shopify-docs-token", "shpat_1234567890abcdef1234567890abcdef", "md", "SHOPIFY_ACCESS_TOKEN"),
        ("datadog-docs-key", "abcdef1234567890abcdef1234567890", "md", "DD_API_KEY"),
        ("mailchimp-docs-key", "abc123abc123abc123abc123abc123-us1", "php", "MAILCHIMP_API_KEY"),
        ("sendgrid-docs-key", "SG.EXAMPLE_KEY_ID.EXAMPLE_KEY_SECRET", "md", "SENDGRID_API_KEY"),
        ("square-docs-token", "EAAAEXAMPLE_ACCESS_TOKEN", "md", "SQUARE_ACCESS_TOKEN"),
        ("hf-docs-token", "hf_EXAMPLEtokenEXAMPLEtoken", "md", "HF_TOKEN"),
        ("vault-docs-token", "hvs.EXAMPLE1234567890", "shell", "VAULT_TOKEN"),
        ("doppler-docs-token", "dp.st.dev.EXAMPLE1234567890abcdefEXAMPLE", "md", "DOPPLER_TOKEN"),
        ("databricks-docs-token", "dapi1234567890abcdef1234567890abcdef", "md", "DATABRICKS_TOKEN"),
        ("basic-url-docs", "https://user:password@example.com/path", "md", "WEBHOOK_URL"),
        ("stripe-docs-restricted", "rk_live_EXAMPLE1234567890", "md", "STRIPE_KEY"),
    ]:
        LV(slug, c, n, var, val, ctx)


def build_malformed():
    c = "malformed"
    n = "known prefix but truncated, elided or wrong alphabet: not a usable token"
    items = [
        ("github-short", "GITHUB_TOKEN", "ghp_" + rs(ALNUM, 8)),
        ("gitlab-short", "GITLAB_TOKEN", "glpat-" + rs(ALNUM, 6)),
        ("slack-short", "SLACK_TOKEN", "xoxb-" + digits(5)),
        ("stripe-short", "STRIPE_KEY", "sk_live_" + rs(ALNUM, 6)),
        ("aws-short", "AWS_ACCESS_KEY_ID", "AKIA" + rs(B32, 8)),
        ("aws-lowercase", "AWS_ACCESS_KEY_ID", "AKIA" + rs(LOWER, 16)),
        ("openai-short", "OPENAI_API_KEY", "sk-proj-" + rs(ALNUM, 10)),
        ("npm-short", "NPM_TOKEN", "npm_" + rs(ALNUM, 10)),
        ("hf-short", "HF_TOKEN", "hf_" + rs(ALNUM, 6)),
        ("sendgrid-short", "SENDGRID_API_KEY", "SG." + rs(ALNUM, 5)),
        ("digitalocean-short", "DIGITALOCEAN_TOKEN", "dop_v1_" + rs(HEX, 10)),
        ("github-fine-grained-short", "GH_TOKEN", "github_pat_11" + rs(UPALNUM, 8)),
        ("shopify-short", "SHOPIFY_TOKEN", "shpat_" + rs(HEX, 8)),
        ("anthropic-short", "ANTHROPIC_API_KEY", "sk-ant-" + rs(ALNUM, 6)),
        ("github-elided", "GITHUB_TOKEN", "ghp_" + rs(ALNUM, 3) + "…"),
        ("openai-elided", "OPENAI_API_KEY", "sk-proj-" + rs(ALNUM, 3) + "…" + rs(ALNUM, 4)),
        ("slack-elided", "SLACK_BOT_TOKEN", "xoxb-…"),
        ("gitlab-elided", "CI_TOKEN", "glpat-" + rs(ALNUM, 4) + "..."),
        ("github-masked", "GITHUB_TOKEN", "ghp_" + "*" * 32 + rs(ALNUM, 4)),
        ("aws-masked", "AWS_ACCESS_KEY_ID", "AKIA" + "*" * 16),
        ("stripe-masked", "STRIPE_SECRET_KEY", "sk_live_••••" + digits(4)),
        ("twilio-lowercase-wrong", "TWILIO_AUTH_TOKEN", "ac" + rs("ghijklmnopqrstuvwxyz", 12)),
        ("github-wrong-alphabet", "GH_TOKEN", "ghp_" + "-".join(rs(LOWER, 5) for _ in range(5))),
        ("aws-hyphenated", "AWS_ACCESS_KEY_ID", "AKIA-" + rs(UPPER, 4) + "-" + rs(UPPER, 4)),
    ]
    ctxs = ["env", "yamlapp", "json", "python", "md", "toml", "js", "shell", "properties", "go", "ini", "ruby"]
    for i, (slug, var, val) in enumerate(items):
        LV(slug, c, n, var, val, ctxs[i % len(ctxs)])
    L("log-truncated-token", c, n, "log", [f"2025-06-0{R.randint(1, 9)}T10:{R.randint(10, 59)}:02Z INFO auth: using token ghp_{rs(ALNUM, 4)}... (truncated)",
                                           f"2025-06-0{R.randint(1, 9)}T10:{R.randint(10, 59)}:03Z INFO fetched 42 repositories",
                                           f"2025-06-0{R.randint(1, 9)}T10:{R.randint(10, 59)}:04Z INFO done in 1.8s"],
      "(truncated)")
    L("log-truncated-jwt", c, n, "log", ["DEBUG request headers:", "  Accept: application/json",
                                         "  Authorization: Bearer eyJhbGciOiJSUzI1NiIs...", "  User-Agent: sync/2.1"],
      "Bearer eyJhbGciOiJSUzI1NiIs...")
    last4 = f"sk-...{rs(ALNUM, 4)}"
    L("ui-last-four", c, n, "md", ["| Key | Created | Last used |", "|-----|---------|-----------|",
                                   f"| {last4} | 2025-03-02 | 2025-06-01 |",
                                   f"| sk-...{rs(ALNUM, 4)} | 2025-04-19 | never |"], last4)
    L("cli-masked-output", c, n, "txt", ["$ vercel env ls", "  name            value        environments",
                                         "  VERCEL_TOKEN    Encrypted    Production",
                                         f"  API_KEY         ****{rs(ALNUM, 4)}     Preview"], "****")
    L("prefix-only", c, n, "py", ["GITHUB_PREFIXES = (", '    "ghp_",', '    "gho_",', '    "ghs_",', ")"], '"ghp_",')
    L("slack-prefix-in-docs", c, n, "md", ["Bot tokens start with `xoxb-`, user tokens with `xoxp-`.",
                                           "Never paste either into an issue.", ""], "`xoxb-`")
    L("aws-key-wrapped-in-words", c, n, "txt", [f"ticket AKIA-ROTATION-{digits(4)}: rotate the keys used by the",
                                                "nightly export job before the audit", ""], "AKIA-ROTATION-")
    L("bearer-missing-value", c, n, "http", ["### current user", "GET https://api.internal/v1/me", "Authorization: Bearer ",
                                             "Accept: application/json"], "Authorization: Bearer ")
    L("stripe-key-split", c, n, "js", ["// the key is assembled at runtime from the vault response",
                                       "const prefix = 'sk_live_';", "const key = prefix + vaultResponse.data.suffix;"],
      "const prefix = 'sk_live_';")
    L("private-key-header-only", c, n, "md", ["A PEM private key starts with a line like",
                                              "`-----BEGIN <type> KEY-----` and must never be committed.", ""],
      "-----BEGIN <type> KEY-----")
    L("jwt-header-only", c, n, "json", ["{", '  "example_header": "eyJhbGciOiJIUzI1NiJ9",',
                                        '  "comment": "header segment only, used to show the encoding"', "}"],
      "eyJhbGciOiJIUzI1NiJ9")
    for i in range(9):
        pre, alpha, keep = [("ghp_", ALNUM, 6), ("xoxp-", DIGITS, 4), ("glpat-", ALNUM, 5), ("sk_live_", ALNUM, 5),
                            ("SG.", ALNUM, 4), ("AKIA", UPPER, 6), ("npm_", ALNUM, 5), ("dop_v1_", HEX, 6),
                            ("hf_", LOWER, 5)][i]
        val = pre + rs(alpha, keep)
        ext = ["yml", "toml", "sh", "env", "py", "ts", "go", "rb", "php"][i]
        lines = {
            "yml": ["auth:", f"  token: {val}  # truncated when copied from the UI", "  retries: 2"],
            "toml": ["[auth]", f'token = "{val}"  # incomplete', "timeout = 5"],
            "sh": ["#!/bin/sh", f"TOKEN={val}", "echo \"token too short: ${#TOKEN}\""],
            "env": ["# partial value pasted by mistake", f"API_TOKEN={val}", "RETRIES=3"],
            "py": ["# the dashboard only shows a prefix", f'TOKEN_PREFIX = "{val}"', "assert token.startswith(TOKEN_PREFIX)"],
            "ts": ["// display prefix only", f'export const tokenHint = "{val}";', "export const masked = true;"],
            "go": ["package ui", "", f'const keyHint = "{val}"'],
            "rb": ["# shown in the audit log", f'KEY_HINT = "{val}"', "KEY_MASKED = true"],
            "php": ["<?php", f"$hint = '{val}'; // first characters only", "echo $hint;"],
        }[ext]
        L(f"short-{pre.strip('_.-').lower()}", c, n, ext, lines, val)


def build_hashes():
    c = "hash"
    n = "hash or digest, not a secret"
    sha = rs(HEX, 40)
    L("git-sha-changelog", c, n, "md", ["## 2.4.1", "", f"- Fix retry loop in the uploader ({sha})",
                                        f"- Bump dependencies ({rs(HEX, 7)})", ""], sha)
    sha = rs(HEX, 40)
    L("git-revert", c, n, "sh", ["#!/bin/sh", "# undo the broken migration", f"git revert --no-edit {sha}",
                                 "git push origin HEAD"], sha)
    sha = rs(HEX, 40)
    L("pinned-action", c, n, "yml", ["jobs:", "  build:", "    runs-on: ubuntu-22.04", "    steps:",
                                     f"      - uses: actions/checkout@{sha} # v4.1.7", "      - run: make"], sha)
    d = rs(HEX, 64)
    L("image-digest", c, n, "yaml", ["containers:", "  - name: web", f"    image: nginx@sha256:{d}",
                                     "    ports: [{containerPort: 80}]"], d)
    d = rs(HEX, 64)
    L("dockerfile-digest", c, n, "Dockerfile", [f"FROM python:3.12-slim@sha256:{d}", "WORKDIR /app", "COPY . .",
                                                'CMD ["python", "app.py"]'], d)
    d = rs(HEX, 64)
    L("kustomize-digest", c, n, "yaml", ["images:", "  - name: api", f"    newName: ghcr.io/{org()}/api",
                                         f"    digest: sha256:{d}"], d)
    for i in range(2):
        integ = "sha512-" + b64(rbytes(64))
        L("npm-integrity", c, n, "json", ["{", f'  "node_modules/{R.choice(["lodash", "semver", "debug", "ms"])}": {{',
                                          f'    "version": "{ver()}",',
                                          f'    "resolved": "https://registry.npmjs.org/pkg/-/pkg-{ver()}.tgz",',
                                          f'    "integrity": "{integ}"', "  }", "}"], integ)
    sums = [(rs(HEX, 64), f"app-{ver()}-{arch}.tar.gz") for arch in ("linux-amd64", "linux-arm64", "darwin-arm64")]
    L("sha256sums", c, n, "txt", [f"{h}  {f}" for h, f in sums], sums[0][0])
    etag = rs(HEX, 32)
    L("http-etag", c, n, "http", ["HTTP/1.1 200 OK", "Content-Type: application/json", f'ETag: "{etag}"',
                                  "Cache-Control: max-age=60"], etag)
    etag = rs(HEX, 32)
    L("s3-etag", c, n, "json", ["{", '  "Contents": [', f'    {{"Key": "exports/2025-06-01.csv", "ETag": "\\"{etag}\\"", "Size": 48213}}',
                                "  ]", "}"], etag)
    d = rs(HEX, 64)
    L("toml-checksum", c, n, "toml", ["[[package]]", f'name = "{R.choice(["serde", "regex", "anyhow"])}"', f'version = "{ver()}"',
                                      'source = "registry+https://github.com/rust-lang/crates.io-index"',
                                      f'checksum = "{d}"'], d)
    d = rs(HEX, 64)
    L("gradle-distribution-sha", c, n, "properties", [f"distributionUrl=https\\://services.gradle.org/distributions/gradle-8.{R.randint(1, 9)}-bin.zip",
                                                       f"distributionSha256Sum={d}", "networkTimeout=10000"], d)
    h1 = "h1:" + b64(rbytes(32))
    L("go-sum", c, n, "sum", [f"github.com/{org()}/errs v{ver()}/go.mod h1:{b64(rbytes(32))}", f"github.com/{org()}/kit v{ver()} {h1}",
                              f"github.com/{org()}/kit v{ver()}/go.mod h1:{b64(rbytes(32))}"], h1)
    d = rs(HEX, 64)
    L("pip-hash", c, n, "txt", [f"requests=={ver()} \\", f"    --hash=sha256:{d}", f"urllib3=={ver()}"], d)
    d = rs(HEX, 64)
    L("homebrew-sha", c, n, "rb", ["class Synctool < Formula", f'  url "https://github.com/{org()}/synctool/archive/v{ver()}.tar.gz"',
                                   f'  sha256 "{d}"', '  license "MIT"', "end"], d)
    zh = rs(HEX, 64)
    L("terraform-lock-hash", c, n, "hcl", ['provider "registry.terraform.io/hashicorp/aws" {', f'  version = "{ver()}"',
                                           "  hashes = [", f'    "h1:{b64(rbytes(32))}",', f'    "zh:{zh}",', "  ]", "}"], zh)
    nh = "sha256-" + b64(rbytes(32))
    L("nix-hash", c, n, "nix", ["src = fetchFromGitHub {", f'  owner = "{org()}";', '  repo = "tool";',
                                f'  rev = "v{ver()}";', f'  hash = "{nh}";', "};"], nh)
    d = rs(HEX, 64)
    L("bazel-archive-sha", c, n, "bzl", ["http_archive(", '    name = "rules_go",', f'    sha256 = "{d}",',
                                         f'    urls = ["https://github.com/bazelbuild/rules_go/releases/download/v0.{R.randint(40, 50)}.0/rules_go.zip"],', ")"], d)
    fp = ":".join(rs(HEXU, 2) for _ in range(20))
    L("cert-fingerprint", c, n, "txt", ["$ openssl x509 -noout -fingerprint -sha1 -in server.crt",
                                        f"SHA1 Fingerprint={fp}", "$ openssl x509 -noout -enddate -in server.crt"], fp)
    fp = "SHA256:" + b64(rbytes(32)).rstrip("=")
    L("ssh-fingerprint", c, n, "txt", ["The authenticity of host 'bastion' can't be established.",
                                       f"ED25519 key fingerprint is {fp}.",
                                       "Are you sure you want to continue connecting (yes/no)?"], fp)
    d = rs(HEX, 64)
    L("git-lfs-pointer", c, n, "bin", ["version https://git-lfs.github.com/spec/v1", f"oid sha256:{d}",
                                       f"size {R.randint(10000, 9000000)}"], d)
    d = rs(HEX, 64)
    L("helm-chart-lock", c, n, "lock", ["dependencies:", "- name: postgresql", "  repository: oci://registry-1.docker.io/bitnamicharts",
                                        f"  version: {ver()}", f"digest: sha256:{d}", "generated: \"2025-05-30T09:12:44Z\""], d)
    ref = rs(HEX, 40)
    L("composer-reference", c, n, "json", ["{", f'  "name": "{org()}/sdk",', '  "source": {', '    "type": "git",',
                                           f'    "reference": "{ref}"', "  }", "}"], ref)
    rev = rs(HEX, 40)
    L("gemfile-revision", c, n, "lock", ["GIT", f"  remote: https://github.com/{org()}/rails-ext.git",
                                         f"  revision: {rev}", "  specs:", f"    rails-ext ({ver()})"], rev)
    sha = rs(HEX, 40)
    L("build-info-commit", c, n, "json", ["{", f'  "version": "{ver()}",', f'  "commit": "{sha}",', '  "dirty": false', "}"], sha)
    rec = b64u(rbytes(32))
    L("wheel-record", c, n, "csv", [f"pkg/__init__.py,sha256={rec},{R.randint(100, 9000)}",
                                    f"pkg/core.py,sha256={b64u(rbytes(32))},{R.randint(100, 9000)}", "pkg-1.0.dist-info/RECORD,,"], rec)
    md5 = rs(HEX, 32)
    L("md5sum", c, n, "txt", ["$ md5sum backup.tar", f"{md5}  backup.tar", ""], md5)
    sha1 = rs(HEX, 40)
    L("maven-sha1", c, n, "sha1", [f"{sha1}", "# checksum of core-2.1.0.jar", ""], sha1)
    d = rs(HEX, 64)
    L("release-notes-checksums", c, n, "md", ["## Downloads", "", "| file | sha256 |", "|---|---|",
                                              f"| cli-linux-amd64 | `{d}` |"], d)
    blake = rs(HEX, 64)
    L("b3sum", c, n, "txt", ["$ b3sum dataset.parquet", f"{blake}  dataset.parquet"] + ["# verified on ingest"], blake)
    for i in range(4):
        d = rs(HEX, 64)
        L("cache-key-hash", c, n, "yml", ["- uses: actions/cache@v4", "  with:", "    path: ~/.cache/pip",
                                          f"    key: pip-{d}" if i % 2 else f"    key: deps-{R.choice(['linux', 'macos'])}-{d}",
                                          "    restore-keys: pip-"], d)
    for i in range(4):
        sha = rs(HEX, 40)
        L("submodule-status", c, n, "txt", ["$ git submodule status", f" {sha} vendor/proto (v{ver()})",
                                            f"+{rs(HEX, 40)} vendor/schemas (heads/main)"], sha)
    for i in range(3):
        d = rs(HEX, 64)
        L("container-id", c, n, "txt", ["$ docker inspect --format '{{.Id}}' web", f"{d}", "# container started"], d)


def build_identifiers():
    c = "identifier"
    n = "identifier or public id, not a credential"
    u = uuid4()
    L("request-id", c, n, "log", ["2025-06-10T12:01:33Z INFO request started path=/v1/orders",
                                  f"2025-06-10T12:01:33Z INFO request completed status=200 request_id={u}",
                                  "2025-06-10T12:01:34Z INFO shutting down worker"], u)
    u = uuid4()
    L("request-id-header", c, n, "http", ["HTTP/1.1 202 Accepted", f"X-Request-Id: {u}", "Content-Length: 0"], u)
    t, cl = uuid4(), uuid4()
    L("azure-tenant-client-id", c, n, "env", ["# public app registration ids (the secret comes from the pipeline)",
                                              f"AZURE_TENANT_ID={t}", f"AZURE_CLIENT_ID={cl}"], t)
    u = uuid4()
    L("json-id", c, n, "json", ["[", f'  {{"id": "{u}", "name": "Quarterly report", "status": "draft"}}', "]"], u)
    u = uuid4()
    L("subscription-id", c, n, "tf", ['provider "azurerm" {', "  features {}", f'  subscription_id = "{u}"', "}"], u)
    u = uuid4()
    L("k8s-uid", c, n, "yaml", ["metadata:", "  name: api-7d9c", "  namespace: prod", f"  uid: {u}",
                                "  resourceVersion: \"48213\""], u)
    u = uuid4()
    L("terraform-lineage", c, n, "json", ["{", '  "version": 4,', '  "terraform_version": "1.8.5",', '  "serial": 112,',
                                          f'  "lineage": "{u}"', "}"], u)
    u = uuid4()
    L("kms-key-arn", c, n, "yaml", ["encryption:", "  enabled: true", f"  kmsKeyArn: arn:aws:kms:eu-west-1:{digits(12)}:key/{u}"], u)
    acct = digits(12)
    L("aws-account-arn", c, n, "json", ["{", '  "Effect": "Allow",',
                                        f'  "Principal": {{"AWS": "arn:aws:iam::{acct}:role/ci-deployer"}},',
                                        '  "Action": "sts:AssumeRole"', "}"], acct)
    iid = "i-0" + rs(HEX, 16)
    L("ec2-instance-id", c, n, "txt", ["$ aws ec2 describe-instances --query 'Reservations[].Instances[].InstanceId'",
                                       f'["{iid}"]', ""], iid)
    for i in range(3):
        ulid = "01" + rs("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 24)
        L("ulid", c, n, ["json", "log", "py"][i],
          [["{", f'  "event_id": "{ulid}",', '  "type": "order.created"', "}"],
           [f"INFO job queued id={ulid} queue=default", "INFO job started", ""],
           ["# ids are ULIDs", f'LAST_SEEN_EVENT = "{ulid}"', "BATCH = 500"]][i], ulid)
    for pre, ln, name in [("cus_", 14, "customer"), ("pi_", 24, "payment_intent"), ("price_", 24, "price"),
                          ("prod_", 14, "product"), ("acct_", 16, "account"), ("evt_", 24, "event"),
                          ("sub_", 24, "subscription"), ("in_", 24, "invoice")]:
        v = pre + rs(ALNUM, ln)
        L(f"stripe-{name.replace('_', '-')}-id", c, n, "json", ["{", f'  "object": "{name}",', f'  "id": "{v}",',
                                                                 '  "livemode": true', "}"], v)
    for i in range(2):
        pk = "pk_live_51" + rs(ALNUM, 97)
        L("stripe-publishable-key", c, "Stripe publishable key: public by design", ["js", "html"][i],
          [['import { loadStripe } from "@stripe/stripe-js";', "", f'export const stripePromise = loadStripe("{pk}");'],
           ['<script src="https://js.stripe.com/v3/"></script>', f'<script>const stripe = Stripe("{pk}");</script>',
            '<div id="card-element"></div>']][i], pk)
    pk = "pk_live_" + b64(f"clerk.{org()}.com$".encode())
    L("clerk-publishable-key", c, "Clerk publishable key: public by design", "env",
      ["# safe to expose to the browser", f"NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY={pk}", "NEXT_PUBLIC_APP_NAME=portal"], pk)
    cid = f"{digits(12)}-{rs(LOWALNUM, 32)}.apps.googleusercontent.com"
    L("google-oauth-client-id", c, "OAuth client id: public", "html",
      ['<script src="https://accounts.google.com/gsi/client" async></script>',
       f'<div id="g_id_onload" data-client_id="{cid}"', '     data-callback="onSignIn"></div>'], cid)
    for label, v in [("github-app-id", f"GITHUB_APP_ID={R.randint(100000, 999999)}"),
                     ("github-installation-id", f"GITHUB_INSTALLATION_ID={digits(8)}"),
                     ("discord-application-id", f"DISCORD_APPLICATION_ID={digits(19)}")]:
        L(label, c, n, "env", ["# numeric ids, not secrets", v, "LOG_LEVEL=info"], v)
    ch = "C0" + rs(UPALNUM, 9)
    L("slack-channel-id", c, n, "yaml", ["alerts:", "  slack:", f"    channel: {ch}", "    mention: here"], ch)
    ga = "G-" + rs(UPALNUM, 10)
    L("google-analytics-id", c, n, "html", [f'<script async src="https://www.googletagmanager.com/gtag/js?id={ga}"></script>',
                                            "<script>window.dataLayer = window.dataLayer || [];</script>",
                                            f"<script>gtag('config', '{ga}');</script>"], f"gtag/js?id={ga}")
    oid = rs(HEX, 24)
    L("mongodb-objectid", c, n, "js", ["// mongosh", f'db.orders.find({{ _id: ObjectId("{oid}") }});', "db.orders.countDocuments();"], oid)
    team = rs(UPALNUM, 10)
    L("apple-team-id", c, n, "plist", ["<dict>", "  <key>teamID</key>", f"  <string>{team}</string>",
                                       "  <key>method</key>", "  <string>app-store</string>", "</dict>"], team)
    proj = f"{org()}-{rs(LOWALNUM, 5)}"
    L("firebase-project-id", c, n, "json", ["{", '  "projects": {', f'    "default": "{proj}"', "  }", "}"], proj)
    mp = "pk." + jenc({"u": org(), "a": rs(LOWALNUM, 25)}) + "." + rs(B64URL, 22)
    L("mapbox-public-token", c, "Mapbox pk. default public token: meant for browsers", "js",
      ['import mapboxgl from "mapbox-gl";', "", f'mapboxgl.accessToken = "{mp}";'], mp)
    for i in range(3):
        u = uuid4()
        L("correlation-id", c, n, ["py", "go", "ts"][i],
          [['CORRELATION_ID_HEADER = "X-Correlation-Id"', f'SAMPLE_CORRELATION_ID = "{u}"', "LOG_FIELD = \"correlation_id\""],
           ["package tracing", "", f'const exampleSpanParent = "{u}"'],
           ["// stable id for the kiosk device", f'export const anonymousId = "{u}";', "analytics.identify(anonymousId);"]][i], u)
    gid = f"gid://shopify/Product/{digits(13)}"
    L("shopify-gid", c, n, "graphql", ["query {", f'  product(id: "{gid}") {{', "    title", "  }", "}"], gid)
    yt = rs(B64URL, 11)
    L("video-id", c, n, "md", ["## Demo", "", f"[![demo](https://img.youtube.com/vi/{yt}/0.jpg)](https://www.youtube.com/watch?v={yt})"], yt)
    vpc = "vpc-0" + rs(HEX, 16)
    L("vpc-id", c, n, "tf", ['data "aws_vpc" "main" {', f'  id = "{vpc}"', "}"], vpc)
    ami = "ami-0" + rs(HEX, 16)
    L("ami-id", c, n, "tf", ['resource "aws_instance" "bastion" {', f'  ami           = "{ami}"',
                             '  instance_type = "t3.micro"', "}"], ami)


def build_base64_nonsecrets():
    c = "base64-nonsecret"
    n = "base64 of ordinary, non-secret data"

    def png(nbytes):
        return b64(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rbytes(nbytes))
    for i in range(4):
        d = png(R.randint(60, 120))
        L("data-uri-png", c, n, ["css", "html", "md", "json"][i],
          [[".logo {", f"  background-image: url(data:image/png;base64,{d});", "  width: 32px;", "}"],
           ["<footer>", f'  <img alt="badge" src="data:image/png;base64,{d}">', "</footer>"],
           ["# Status", "", f"![status](data:image/png;base64,{d})"],
           ["{", '  "cells": [{"outputs": [{"data": {', f'    "image/png": "{d}"', "  }}]}]", "}"]][i], d)
    for key, raw in [("username", "orders_app"), ("host", "postgres.prod.svc.cluster.local"), ("port", "5432"),
                     ("sslmode", "require"), ("enabled", "true"), ("database", "orders"), ("region", "eu-west-1"),
                     ("replicas", "3")]:
        v = b64(raw.encode())
        L(f"k8s-secret-{key}", c, f"Secret data holding base64 of a non-secret {key}", "yaml",
          ["apiVersion: v1", "kind: Secret", "metadata:", f"  name: app-{key}", "type: Opaque", "data:", f"  {key}: {v}"], v)
    for fname, text in [("nginx.conf", "worker_processes auto;\nevents { worker_connections 1024; }\n"),
                        ("motd", "Welcome to the build host. Changes are logged.\n"),
                        ("app.ini", "[app]\ntheme = dark\nlanguage = en\n")]:
        v = b64(text.encode())
        L("configmap-binarydata", c, n, "yaml", ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: host-files",
                                                 "binaryData:", f"  {fname}: {v}"], v)
    for text in ['{"theme":"dark","sidebar":"collapsed"}', '{"locale":"de-DE","currency":"EUR"}']:
        v = b64(text.encode())
        L("base64-json-preferences", c, n, "json", ["{", '  "key": "ui-prefs",', f'  "value_b64": "{v}"', "}"], v)
    v = b64("Hello Dana,\r\n\r\nYour report for May is attached.\r\n\r\nRegards,\r\nReporting Bot\r\n".encode())
    L("mime-text-part", c, n, "eml", ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "",
                                      v, ""], v)
    v = b64(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#2a9d8f"/></svg>')
    L("svg-data-uri", c, n, "css", [".dot {", f"  background: url('data:image/svg+xml;base64,{v}');", "}"], v)
    v = b64(b"wOF2" + rbytes(90))
    L("font-data-uri", c, n, "css", ["@font-face {", '  font-family: "Icons";',
                                     f"  src: url(data:font/woff2;base64,{v}) format('woff2');", "}"], v)
    cert = b64("\n".join(pem_lines("CERTIFICATE", cert_der("webhook.svc", "cluster-ca", org()))).encode() + b"\n")
    L("webhook-ca-bundle", c, "base64 of a public CA certificate", "yaml",
      ["apiVersion: admissionregistration.k8s.io/v1", "kind: ValidatingWebhookConfiguration", "webhooks:",
       "  - name: policy.example.internal", "    clientConfig:", f"      caBundle: {cert}"], cert)
    cert = b64("\n".join(pem_lines("CERTIFICATE", cert_der("kubernetes", "kubernetes", org()))).encode() + b"\n")
    L("kubeconfig-ca-data", c, "base64 of the cluster's public CA certificate", "yaml",
      ["apiVersion: v1", "kind: Config", "clusters:", "  - name: prod", "    cluster:",
       f"      certificate-authority-data: {cert}", f"      server: https://k8s.{org()}.net:6443"], cert)
    readme = b64(f"# {org()}-sdk\n\nClient library for the public API.\n".encode())
    L("github-contents-response", c, n, "json", ["{", '  "name": "README.md",', '  "encoding": "base64",',
                                                  f'  "content": "{readme}"', "}"], readme)
    sm = b64(json.dumps({"version": 3, "sources": ["src/index.ts"], "mappings": "AAAA,SAAS,GAAG"}).encode())
    L("sourcemap-data-uri", c, n, "js", ['"use strict";', "exports.main = () => 42;",
                                         f"//# sourceMappingURL=data:application/json;charset=utf-8;base64,{sm}"], sm)
    L("rfc4648-vectors", c, "base64 test vectors from RFC 4648", "py",
      ["VECTORS = [", '    (b"foo", "Zm9v"),', '    (b"foobar", "Zm9vYmFy"),', "]"], "Zm9vYmFy")
    v = b64(b"hello world")
    L("echo-base64", c, n, "sh", ["#!/bin/sh", "# prints: hello world", f'echo "{v}" | base64 -d'], v)
    ud = b64(b"#!/bin/bash\napt-get update -y\napt-get install -y nginx\nsystemctl enable --now nginx\n")
    L("user-data-base64", c, n, "tf", ['resource "aws_launch_template" "web" {', '  name_prefix   = "web-"',
                                       f'  user_data     = "{ud}"', "}"], ud)
    cd = b64(b"#cloud-config\npackage_update: true\npackages:\n  - docker.io\n")
    L("arm-custom-data", c, n, "json", ["{", '  "osProfile": {', '    "computerName": "build01",',
                                        f'    "customData": "{cd}"', "  }", "}"], cd)
    unit = b64(b"[Unit]\nDescription=Node exporter\n[Service]\nExecStart=/usr/local/bin/node_exporter\n")
    L("ignition-file", c, n, "json", ["{", '  "path": "/etc/systemd/system/node-exporter.service",',
                                      f'  "contents": {{"source": "data:text/plain;base64,{unit}"}}', "}"], unit)
    raw = b64(rbytes(140))
    L("protobuf-descriptor", c, n, "py", ["# Generated by the protocol buffer compiler.  DO NOT EDIT!",
                                          f"_SERIALIZED = base64.b64decode('{raw}')",
                                          "DESCRIPTOR = _descriptor_pool.Default().AddSerializedFile(_SERIALIZED)"], raw)
    ph = b64(b"\xff\xd8\xff\xe0\x00\x10JFIF" + rbytes(100))
    L("vcard-photo", c, n, "vcf", ["BEGIN:VCARD", "VERSION:3.0", "FN:Dana Whitfield", f"PHOTO;ENCODING=b;TYPE=JPEG:{ph}",
                                   "END:VCARD"], ph)
    resx = b64(rbytes(120))
    L("resx-binary", c, n, "resx", ["<root>", '  <data name="Logo" type="System.Drawing.Bitmap" mimetype="application/x-microsoft.net.object.bytearray.base64">',
                                    f"    <value>{resx}</value>", "  </data>", "</root>"], resx)
    for i in range(4):
        text = ["Quarterly revenue grew 12% year over year.", "Maintenance window: Sunday 02:00-04:00 UTC.",
                "The quick brown fox jumps over the lazy dog.", "Release 4.2 adds dark mode and CSV export."][i]
        v = b64(text.encode())
        L("base64-text-field", c, n, ["json", "yaml", "xml", "toml"][i],
          [["{", f'  "summary_b64": "{v}",', '  "lang": "en"', "}"],
           ["notice:", "  encoding: base64", f"  body: {v}"],
           ["<message>", '  <body encoding="base64">' + v + "</body>", "</message>"],
           ["[banner]", 'encoding = "base64"', f'text = "{v}"']][i], v)
    for i in range(3):
        v = b64(rbytes(R.randint(40, 70)))
        L("binary-fixture-blob", c, "base64 of a binary file fixture (thumbnail bytes)", ["json", "yaml", "py"][i],
          [["{", '  "filename": "thumb.webp",', f'  "bytes_b64": "{v}"', "}"],
           ["attachment:", "  name: thumb.webp", f"  data: {v}"],
           ["# thumbnail bytes used by the image pipeline", f'THUMBNAIL_B64 = "{v}"', "THUMBNAIL_SIZE = (32, 32)"]][i], v)


def build_public_material():
    c = "public-material"
    n = "public key material, safe to publish"
    for i in range(3):
        k = "ssh-ed25519 " + b64(ssh_ed25519_pubblob())
        who = f"{R.choice(FIRST)}@{org()}"
        if i == 0:
            L("authorized-keys-ed25519", c, n, "pub", [f"# {who}", f"{k} {who}", "# added 2025-03-14"], k)
        elif i == 1:
            L("cloud-init-ssh-key", c, n, "yaml", ["#cloud-config", "users:", "  - name: ops", "    ssh_authorized_keys:",
                                                   f"      - {k} {who}"], k)
        else:
            L("terraform-key-pair", c, n, "tf", ['resource "aws_key_pair" "deployer" {', '  key_name   = "deployer"',
                                                 f'  public_key = "{k} {who}"', "}"], k)
    for i in range(3):
        k = "ssh-rsa " + b64(ssh_rsa_pubblob(R.choice([2048, 3072])))
        who = f"{R.choice(FIRST)}@{org()}-laptop"
        ext, lines = [("pub", [f"{k} {who}", "", ""]),
                      ("json", ["{", '  "name": "ci",', f'  "public_key": "{k}"', "}"]),
                      ("yml", ["authorized_keys:", f"  - \"{k} {who}\"", "  - managed_by: ansible"])][i]
        L("ssh-rsa-public-key", c, n, ext, lines, k)
    k = "ecdsa-sha2-nistp256 " + b64(ssh_ecdsa_pubblob())
    L("ssh-ecdsa-public-key", c, n, "pub", [f"{k} root@{host('bastion')}", "", ""], k)
    k = b64(ssh_ed25519_pubblob())
    L("known-hosts", c, n, "txt", [f"github.com ssh-ed25519 {k}", f"gitlab.com ssh-ed25519 {b64(ssh_ed25519_pubblob())}",
                                   f"bitbucket.org ssh-ed25519 {b64(ssh_ed25519_pubblob())}"], k)
    k = b64(ssh_ed25519_pubblob())
    L("known-hosts-hashed", c, n, "txt", [f"|1|{b64(rbytes(20))}|{b64(rbytes(20))} ssh-ed25519 {k}",
                                          f"|1|{b64(rbytes(20))}|{b64(rbytes(20))} ecdsa-sha2-nistp256 {b64(ssh_ecdsa_pubblob())}",
                                          ""], k)
    k = b64(ssh_ed25519_pubblob())
    L("ssh-cert-authority", c, n, "txt", [f"@cert-authority *.{org()}.net ssh-ed25519 {k} host-ca", "", ""], k)
    for i in range(6):
        cn = R.choice(["api", "www", "auth", "grafana", "mail", "vpn"]) + f".{org()}.com"
        lines = pem_lines("CERTIFICATE", cert_der(cn, "Internal Issuing CA", org().capitalize()))
        if i < 3:
            L("x509-certificate", c, "public X.509 certificate", ["crt", "pem", "cer"][i], lines, lines[0])
        elif i == 3:
            L("x509-certificate-k8s", c, "certificate (public) in a ConfigMap", "yaml",
              ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: trusted-ca}", "data:", "  ca.crt: |"]
              + ["    " + l for l in lines], "    " + lines[0])
        elif i == 4:
            L("x509-certificate-python", c, "pinned public certificate in code", "py",
              ['PINNED_CERT = """' + lines[0]] + lines[1:-1] + [lines[-1] + '"""'], 'PINNED_CERT = """' + lines[0])
        else:
            L("certificate-request", c, "certificate signing request (public)", "csr",
              [l.replace("CERTIFICATE", "CERTIFICATE REQUEST") for l in lines],
              "-----BEGIN CERTIFICATE REQUEST-----")
    for i in range(3):
        lines = pem_lines("PUBLIC KEY", ec_spki_der())
        if i == 0:
            L("ec-public-key", c, n, "pem", lines, lines[0])
        elif i == 1:
            L("cosign-public-key", c, "cosign.pub verification key", "pub", lines, lines[0])
        else:
            L("jwt-verification-key", c, "public key used to verify JWTs", "yaml",
              ["auth:", "  issuer: https://auth.internal", "  publicKey: |"] + ["    " + l for l in lines], "    " + lines[0])
    for i in range(2):
        lines = pem_lines("PUBLIC KEY", rsa_spki_der(2048))
        L("rsa-public-key", c, n, "pem" if i == 0 else "key.pub", lines, lines[0])
    for i in range(2):
        lines = pgp_key_block(f"{R.choice(FIRST).capitalize()} Maintainer <security@{org()}.io>", False)
        L("pgp-public-key", c, "PGP public key block", "asc", lines, lines[0])
    for i in range(2):
        kid = rs(B64URL, 16)
        nn = b64u(big(256))
        L("jwks-rsa", c, "JWKS with public RSA parameters only", "json",
          ["{", '  "keys": [', f'    {{"kty": "RSA", "kid": "{kid}", "use": "sig", "alg": "RS256", "e": "AQAB", "n": "{nn}"}}',
           "  ]", "}"], nn)
    x = b64u(rbytes(32))
    L("jwk-ec-public", c, "EC JWK without the private d parameter", "json",
      ["{", '  "kty": "EC",', '  "crv": "P-256",', f'  "x": "{x}",', f'  "y": "{b64u(rbytes(32))}"', "}"], x)
    BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    r1 = "age1" + rs(BECH, 58)
    L("age-recipients", c, "age recipients (public keys)", "txt", [f"# {R.choice(FIRST)}", r1, f"age1{rs(BECH, 58)}"], r1)
    wg = b64(rbytes(32))
    L("wireguard-peer", c, "WireGuard peer public key", "conf", ["[Peer]", f"PublicKey = {wg}",
                                                                  "AllowedIPs = 10.8.0.2/32", f"Endpoint = {host('vpn')}:51820"], wg)
    p = b64(rsa_spki_der(2048))
    L("dkim-dns-record", c, "DKIM public key in DNS", "txt", ["$TTL 3600", f"; DKIM for {org()}.com",
                                                              f'selector1._domainkey IN TXT "v=DKIM1; k=rsa; p={p}"'], p)
    mk = "RWQ" + rs(B64, 53)
    L("minisign-public-key", c, "minisign public key", "pub", [f"untrusted comment: minisign public key {rs(HEXU, 16)}", mk, ""], mk)
    cert = b64(cert_der(f"idp.{org()}.com", f"idp.{org()}.com", org()))
    L("saml-metadata-cert", c, "IdP signing certificate in SAML metadata", "xml",
      ['<md:KeyDescriptor use="signing">', "  <ds:KeyInfo>", "    <ds:X509Data>",
       f"      <ds:X509Certificate>{cert}</ds:X509Certificate>", "    </ds:X509Data>", "  </ds:KeyInfo>",
       "</md:KeyDescriptor>"], cert)
    fp = " ".join(rs(HEXU, 4) for _ in range(10))
    L("gpg-fingerprint", c, "signing key fingerprint in docs", "md", ["## Verifying releases", "",
                                                                      f"Key fingerprint = {fp}", ""], fp)
    eth = "0x" + rs(HEX, 40)
    L("ethereum-address", c, "public wallet address", "json", ["{", '  "network": "mainnet",', f'  "treasury": "{eth}"', "}"], eth)
    btc = "bc1q" + rs(BECH, 38)
    L("bitcoin-address", c, "public donation address", "md", ["## Support", "", f"BTC: `{btc}`"], btc)
    for i in range(3):
        k = "ssh-ed25519 " + b64(ssh_ed25519_pubblob())
        L("github-deploy-key-pub", c, n, ["json", "tf", "sh"][i],
          [["{", '  "title": "ci deploy key",', f'  "key": "{k}",', '  "read_only": true', "}"],
           ['resource "github_repository_deploy_key" "ci" {', '  title = "ci"', f'  key   = "{k}"', "}"],
           ["#!/bin/sh", f"echo '{k} ci' >> ~/.ssh/authorized_keys", "chmod 600 ~/.ssh/authorized_keys"]][i], k)


def build_credential_code():
    c = "credential-code"
    n = "code or config that talks about credentials without containing one"
    items = [
        ("py", ["import getpass", "", 'username = input("Username: ")', 'password = input("Password: ")'], 'password = input("Password: ")'),
        ("py", ["import getpass", "", "def prompt():", '    return getpass.getpass("Vault password: ")'], "getpass.getpass"),
        ("py", ["def current_token(request):", '    token = request.headers.get("Authorization")',
                '    return token.removeprefix("Bearer ") if token else None'], 'token = request.headers.get("Authorization")'),
        ("py", ["import boto3", "", 'secret_name = "prod/db-credentials"',
                'resp = boto3.client("secretsmanager").get_secret_value(SecretId=secret_name)'], 'secret_name = "prod/db-credentials"'),
        ("py", ["PASSWORD_MIN_LENGTH = 12", "PASSWORD_MAX_AGE_DAYS = 90", "TOKEN_TTL_SECONDS = 3600"], "PASSWORD_MIN_LENGTH = 12"),
        ("py", ['TOKEN_URL = "https://oauth2.googleapis.com/token"', 'AUTH_URL = "https://accounts.google.com/o/oauth2/v2/auth"',
                'SCOPES = ["openid", "email"]'], 'TOKEN_URL = "https://oauth2.googleapis.com/token"'),
        ("yaml", ["tls:", "  enabled: true", "  certificate_path: /etc/ssl/certs/server.crt",
                  "  private_key_path: /etc/ssl/private/server.key"], "private_key_path: /etc/ssl/private/server.key"),
        ("json", ["{", '  "login": "Sign in",', '  "password": "Password",', '  "password_hint": "At least 12 characters, one digit",',
                  '  "forgot_password": "Forgot your password?"', "}"], '"password": "Password",'),
        ("yml", ["de:", "  auth:", "    password: Passwort", "    password_confirmation: Passwort bestätigen",
                 "    token_expired: Der Link ist abgelaufen"], "password: Passwort"),
        ("html", ['<form method="post" action="/login">', '  <input type="text" name="username" autocomplete="username">',
                  '  <input type="password" name="password" autocomplete="current-password">', "</form>"],
         'name="password" autocomplete="current-password"'),
        ("toml", ["[auth]", 'auth_type = "bearer"', 'api_key_header = "X-API-Key"', 'token_env = "SERVICE_TOKEN"'], 'auth_type = "bearer"'),
        ("yml", ["db_user: app", "db_password: !vault |", "  $ANSIBLE_VAULT;1.1;AES256"]
         + ["  " + rs(DIGITS + "abcdef", 64) for _ in range(4)], "$ANSIBLE_VAULT;1.1;AES256"),
        ("yaml", ["database:", f"  password: ENC[AES256_GCM,data:{b64(rbytes(18))},iv:{b64(rbytes(32))},tag:{b64(rbytes(16))},type:str]",
                  "sops:", "  age:", f"    - recipient: age1{rs('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58)}",
                  f"  lastmodified: \"2025-05-1{R.randint(0, 9)}T08:00:00Z\"", "  version: 3.8.1"], "ENC[AES256_GCM,data:"),
        ("yaml", ["apiVersion: bitnami.com/v1alpha1", "kind: SealedSecret", "metadata:", "  name: db", "spec:",
                  "  encryptedData:", f"    password: AgB{b64(rbytes(180))}"], "    password: AgB"),
        ("py", ["def is_github_token(value: str) -> bool:", '    """Cheap pre-filter before calling the API."""',
                '    return value.startswith(("ghp_", "gho_", "ghs_"))'], 'value.startswith(("ghp_"'),
        ("py", ["import re", "", 'AWS_KEY_RE = re.compile(r"(AKIA|ASIA)[A-Z2-7]{16}")',
                'SLACK_RE = re.compile(r"xox[bpoa]-[0-9A-Za-z-]+")'], 'AWS_KEY_RE = re.compile(r"(AKIA|ASIA)[A-Z2-7]{16}")'),
        ("py", ["import bcrypt", "", "def hash_password(password: str) -> bytes:",
                "    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))"], "bcrypt.hashpw(password.encode()"),
        ("py", ["import jwt", "", "def verify(token, public_key):",
                '    return jwt.decode(token, key=public_key, algorithms=["RS256"], audience="api")'], 'jwt.decode(token, key=public_key'),
        ("py", ["log.info(\"rotating api key for tenant %s\", tenant_id)", "new_key = keys.rotate(tenant_id)",
                "notify_owner(tenant_id)"], "rotating api key"),
        ("json", ["{", '  "type": "object",', '  "properties": {',
                  '    "password": {"type": "string", "minLength": 12, "writeOnly": true}', "  }", "}"], '"password": {"type": "string"'),
        ("yaml", ["components:", "  securitySchemes:", "    bearerAuth:", "      type: http", "      scheme: bearer",
                  "      bearerFormat: JWT"], "scheme: bearer"),
        ("tf", ['resource "random_password" "db" {', "  length  = 24", "  special = true", "}", "",
                'resource "aws_secretsmanager_secret" "db" {', '  name = "prod/db/password"', "}"], 'resource "random_password" "db"'),
        ("sql", ["CREATE TABLE users (", "  id BIGSERIAL PRIMARY KEY,", "  email TEXT NOT NULL UNIQUE,",
                 "  password_hash VARCHAR(255) NOT NULL,", "  api_token_digest CHAR(64)", ");"], "password_hash VARCHAR(255) NOT NULL"),
        ("py", ["AUTH_PASSWORD_VALIDATORS = [", '    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},',
                '    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},', "]"], "AUTH_PASSWORD_VALIDATORS"),
        ("go", ["package api", "", 'var ErrInvalidAPIKey = errors.New("invalid API key")',
                'var ErrTokenExpired = errors.New("token expired")'], 'errors.New("invalid API key")'),
        ("gitignore", ["# never commit credentials", ".env", "*.pem", "secrets.yaml", "credentials.json"], "credentials.json"),
        ("md", ["| Variable | Description |", "|---|---|", "| `STRIPE_SECRET_KEY` | Secret key from the Stripe dashboard |",
                "| `DATABASE_URL` | Postgres connection string |"], "`STRIPE_SECRET_KEY`"),
        ("hcl", ['path "secret/data/app/*" {', '  capabilities = ["read"]', "}"], 'path "secret/data/app/*"'),
        ("py", ["SESSION_COOKIE_SECURE = True", "SESSION_COOKIE_HTTPONLY = True", "CSRF_COOKIE_SECURE = True"], "SESSION_COOKIE_SECURE"),
        ("py", ["KEY_ROTATION_DAYS = 90", "MAX_FAILED_LOGINS = 5", "LOCKOUT_MINUTES = 15"], "KEY_ROTATION_DAYS = 90"),
        ("json", ["{", '  "token_type": "Bearer",', '  "expires_in": 3600,', '  "scope": "read:orders"', "}"], '"token_type": "Bearer"'),
        ("txt", ["usage: dbtool [-h] [--user USER] [--password PASSWORD]", "",
                 "  --password PASSWORD  database password (or set PGPASSWORD)"], "--password PASSWORD  database password"),
        ("html", ["<p>Hi {{ name }},</p>", '<p>Use the link below to reset your password.</p>',
                  '<a href="{{ reset_url }}">Reset password</a>'], "reset your password"),
        ("sh", ["#!/bin/sh", 'TOKEN="$(gcloud auth print-access-token)"',
                'curl -H "Authorization: Bearer $TOKEN" https://run.googleapis.com/v2/projects'], '"$(gcloud auth print-access-token)"'),
        ("conf", ["PermitRootLogin no", "PasswordAuthentication no", "PubkeyAuthentication yes"], "PasswordAuthentication no"),
        ("conf", ["# TYPE  DATABASE  USER  ADDRESS      METHOD", "local   all       all                scram-sha-256",
                  "host    all       all   10.0.0.0/8   scram-sha-256"], "local   all       all                scram-sha-256"),
        ("java", ["@Bean", "public PasswordEncoder passwordEncoder() {", "    return new BCryptPasswordEncoder(12);", "}"],
         "new BCryptPasswordEncoder(12)"),
        ("js", ['const res = await fetch("/api/session", {', '  method: "POST",', '  credentials: "include",', "});"],
         'credentials: "include"'),
        ("sh", ["#!/bin/sh", "aws secretsmanager get-secret-value \\", "  --secret-id prod/api-key \\",
                "  --query SecretString --output text > /run/app/api-key"], "--secret-id prod/api-key"),
        ("yml", ["jobs:", "  deploy:", "    uses: ./.github/workflows/deploy.yml", "    secrets: inherit"], "secrets: inherit"),
        ("py", ["class Settings(BaseSettings):", "    database_password: SecretStr", "    api_token: SecretStr",
                '    model_config = SettingsConfigDict(env_file=".env")'], "database_password: SecretStr"),
        ("rb", ["class User < ApplicationRecord", "  has_secure_password", "  has_secure_token :api_token", "end"],
         "has_secure_token :api_token"),
        ("cs", ["services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)",
                "    .AddJwtBearer(o => o.Authority = Configuration[\"Auth:Authority\"]);", ""], "AddJwtBearer"),
        ("php", ["<?php", "if (!password_verify($input, $user->password_hash)) {", "    throw new AuthException('Invalid credentials');",
                 "}"], "password_verify($input, $user->password_hash)"),
    ]
    for i, (ext, lines, marker) in enumerate(items):
        slug = re.sub(r"[^a-z0-9]+", "-", marker.lower()).strip("-")[:40].strip("-") or "credential-code"
        L(slug, c, n, ext, lines, marker)


def build_high_entropy():
    c = "high-entropy"
    n = "random-looking value that is not a credential"
    cls = [f"css-{rs(LOWALNUM, 7)}" for _ in range(3)]
    L("css-in-js-classes", c, n, "css", [f".{cls[0]}{{display:flex;gap:8px}}", f".{cls[1]}{{color:#1d3557}}",
                                         f".{cls[2]}{{margin:0 auto}}"], cls[0])
    mod = f"_button_{rs(LOWALNUM, 5)}_{R.randint(1, 99)}"
    L("css-module-class", c, n, "html", ['<div class="toolbar">', f'  <button class="{mod}">Save</button>',
                                         f'  <span class="_label_{rs(LOWALNUM, 5)}_3">Saved</span>', "</div>"], mod)
    ident = rs(LOWER, 1) + rs(LOWALNUM, 2)
    L("minified-js", c, n, "js", ["/*! app bundle, minified */", f'"use strict";(self.webpackChunkapp=self.webpackChunkapp||[]).push([[{R.randint(100, 999)}],{{{R.randint(1000, 9999)}:function(e,t,n){{var {ident}=n({R.randint(1000, 9999)});t.Z=function(){{return {ident}.createElement("div")}}}}}}]);', "//# sourceMappingURL=app.min.js.map"],
      ident)
    for i in range(3):
        h = rs(HEX, R.choice([8, 10, 20]))
        L("hashed-asset-name", c, n, ["html", "json", "html"][i],
          [["<head>", f'  <link rel="stylesheet" href="/assets/main.{h}.css">', f'  <script defer src="/assets/app.{rs(HEX, 8)}.js"></script>', "</head>"],
           ["{", f'  "main.js": "/static/js/main.{h}.js",', f'  "main.css": "/static/css/main.{rs(HEX, 8)}.css"', "}"],
           ["<body>", f'  <script type="module" src="/_next/static/chunks/pages/_app-{h}.js"></script>', "</body>"]][i], h)
    bid = rs(B64URL, 21)
    L("nextjs-build-id", c, n, "json", ["{", f'  "buildId": "{bid}",', '  "page": "/",', '  "isFallback": false', "}"], bid)
    bid = f"{R.randint(2024, 2025)}{R.randint(10, 12)}{R.randint(10, 28)}.{rs(HEX, 7)}"
    L("build-id", c, n, "env", ["# stamped by CI", f"BUILD_ID={bid}", f"APP_VERSION={ver()}"], bid)
    for i in range(3):
        tid = rs(HEX, 32)
        L("trace-id", c, n, ["log", "http", "json"][i],
          [["INFO checkout started cart=7 items", f"ERROR payment failed trace_id={tid} span_id={rs(HEX, 16)} code=card_declined", ""],
           ["POST /v1/charges HTTP/1.1", f"traceparent: 00-{tid}-{rs(HEX, 16)}-01", "Content-Type: application/json"],
           ["{", f'  "trace_id": "{tid}",', '  "service": "checkout",', '  "duration_ms": 182', "}"]][i], tid)
    nonce = rs(HEX, 24)
    L("aead-vector-nonce", c, "nonce and ciphertext of a published-style AEAD vector", "json",
      ["{", '  "aead": "chacha20-poly1305",', f'  "nonce": "{nonce}",', f'  "aad": "{rs(HEX, 24)}",', f'  "ct": "{rs(HEX, 64)}"', "}"], nonce)
    salt = rs(HEX, 32)
    L("kdf-salt-vector", c, "salt of a KDF test vector", "py", ["PBKDF2_VECTOR = {", '    "iterations": 600000,',
                                                                f'    "salt": bytes.fromhex("{salt}"),',
                                                                f'    "expected": bytes.fromhex("{rs(HEX, 64)}"),', "}"], salt)
    csp = b64(rbytes(16))
    L("csp-nonce", c, n, "html", ["<head>", f"<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'nonce-{csp}'\">",
                                  f'<script nonce="{csp}">window.__BOOT__ = true;</script>', "</head>"], f'<script nonce="{csp}">')
    for i in range(2):
        h1 = "h1:" + b64(rbytes(32))
        L("go-sum-entry", c, n, "sum", [f"github.com/google/uuid v1.6.0/go.mod h1:{b64(rbytes(32))}", f"golang.org/x/{R.choice(['net', 'sys', 'text', 'crypto'])} v0.{R.randint(10, 30)}.0 {h1}",
                                        f"golang.org/x/sync v0.{R.randint(1, 9)}.0/go.mod h1:{b64(rbytes(32))}"], h1)
    for i in range(2):
        sri = "sha384-" + b64(rbytes(48))
        L("subresource-integrity", c, n, "html",
          [f'<script src="https://cdn.jsdelivr.net/npm/htmx.org@{ver()}/dist/htmx.min.js"',
           f'        integrity="{sri}"', '        crossorigin="anonymous"></script>'], sri)
    cid = "Qm" + rs("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", 44)
    L("ipfs-cid", c, n, "md", ["## Mirror", "", f"Also pinned at `ipfs://{cid}`"], cid)
    cid = "bafy" + rs("abcdefghijklmnopqrstuvwxyz234567", 55)
    L("ipfs-cid-v1", c, n, "json", ["{", f'  "image": "ipfs://{cid}/cover.png",', '  "name": "Cover"', "}"], cid)
    for i in range(3):
        g = rs(HEXU, 24)
        L("xcode-object-id", c, n, "pbxproj", [f"\t\t{g} /* AppDelegate.swift in Sources */ = {{isa = PBXBuildFile; fileRef = {rs(HEXU, 24)}; }};",
                                               f"\t\t{rs(HEXU, 24)} /* Main.storyboard */ = {{isa = PBXFileReference; }};", ""], g)
    for i in range(3):
        g = rs(HEX, 32)
        L("unity-meta-guid", c, n, "meta", ["fileFormatVersion: 2", f"guid: {g}", "MonoImporter:", "  serializedVersion: 2"], g)
    g = "{" + uuid4().upper() + "}"
    L("vs-solution-guid", c, n, "sln", [f'Project("{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}") = "Api", "Api\\Api.csproj", "{g}"',
                                        "EndProject", ""], g)
    ray = rs(HEX, 16) + "-" + R.choice(["AMS", "FRA", "IAD", "SIN"])
    L("cloudflare-ray-id", c, n, "http", ["HTTP/2 403", f"cf-ray: {ray}", "server: cloudflare"], ray)
    rid, id2 = rs(UPALNUM, 16), b64(rbytes(56))
    L("s3-request-ids", c, n, "http", ["HTTP/1.1 200 OK", f"x-amz-request-id: {rid}", f"x-amz-id-2: {id2}", "Server: AmazonS3"], id2)
    nt = b64(rbytes(96))
    L("pagination-next-token", c, "pagination cursor named NextToken, not a credential", "json",
      ["{", '  "Items": [],', f'  "NextToken": "{nt}"', "}"], nt)
    cur = b64(("cursor:v2:" + rs(HEX, 16)).encode())
    L("graphql-end-cursor", c, "GraphQL page cursor", "json", ["{", '  "pageInfo": {', f'    "endCursor": "{cur}",',
                                                               '    "hasNextPage": true', "  }", "}"], cur)
    ch = b64u(rbytes(32))
    L("pkce-code-challenge", c, "PKCE code challenge (a public hash)", "txt",
      [f"https://auth.{org()}.com/authorize?response_type=code&client_id=web&code_challenge={ch}&code_challenge_method=S256&state={rs(B64URL, 16)}", "", ""], ch)
    u = uuid4()
    L("idempotency-key", c, n, "http", ["POST /v1/payouts HTTP/1.1", f"Idempotency-Key: {u}", "Content-Type: application/json"], u)
    seed = str(R.getrandbits(63))
    L("random-seed", c, n, "yaml", ["training:", f"  seed: {seed}", "  epochs: 20", "  shuffle: true"], seed)
    wh = rs(HEX, 16)
    L("webpack-runtime-hash", c, n, "js", ["/* webpack/runtime/getFullHash */", f'__webpack_require__.h = () => ("{wh}");', "__webpack_require__.p = \"/\";"], wh)
    lid = rs(HEX, 64)
    L("docker-layer-id", c, n, "txt", ["$ docker history api:latest --no-trunc --format '{{.ID}}'", f"sha256:{lid}", "<missing>"], lid)
    blob = rs(HEX, 48)
    L("fixture-blob-hex", c, "hex bytes of a binary fixture", "py", ["# first bytes of the sample archive", f'HEADER_BYTES = bytes.fromhex("{blob}")', "HEADER_LEN = len(HEADER_BYTES)"], blob)
    sv = f"{ver()}+build.{rs(HEX, 9)}"
    L("semver-build-metadata", c, n, "json", ["{", f'  "version": "{sv}",', '  "channel": "stable"', "}"], sv)
    sl = rs(ALNUM, 7)
    L("short-link", c, n, "md", ["Slides from the talk:", "", f"https://bit.ly/{sl}"], sl)
    ck = rs(HEX, 40)
    L("cache-busting-query", c, n, "html", ["<head>", f'  <link rel="icon" href="/favicon.ico?v={ck}">', "  <title>Status</title>", "</head>"], ck)
    for i in range(3):
        v = b64u(rbytes(24))
        L("random-test-ids", c, "random ids in generated data, no credential name", ["csv", "json", "yaml"][i],
          [["id,name,score", f"{v},Widget,{R.randint(1, 99)}", f"{b64u(rbytes(24))},Gadget,{R.randint(1, 99)}"],
           ["[", f'  {{"ref": "{v}", "qty": 3}},', f'  {{"ref": "{b64u(rbytes(24))}", "qty": 1}}', "]"],
           ["rows:", f"  - ref: {v}", f"    label: crate-{R.randint(1, 99)}"]][i], v)


def build_test_fixtures():
    c = "test-fixture"
    n = "obviously fake credential in a test or local-dev fixture"
    items = [
        ("py", ["def test_login(client):", '    resp = client.post("/login", data={"username": "alice", "password": "password"})',
                "    assert resp.status_code == 302"], '"password": "password"'),
        ("py", ["@pytest.fixture", "def user(db):", '    return User.objects.create_user("bob", password="test123")'], 'password="test123"'),
        ("py", ["class LoginTests(TestCase):", "    def test_admin(self):",
                '        self.client.login(username="admin", password="admin")'], 'password="admin"'),
        ("py", ["def test_client(monkeypatch):", '    monkeypatch.setenv("GITHUB_TOKEN", "gh-test-token")',
                "    assert make_client().token == 'gh-test-token'"], '"gh-test-token"'),
        ("py", ["# unit tests talk to a local stub server", 'fake_api_key = "fake-key-for-tests"', "client = Client(api_key=fake_api_key, base_url=server.url)"],
         'fake_api_key = "fake-key-for-tests"'),
        ("py", ["# seed script for local development", 'DEFAULT_PASSWORD = "password"', "create_user('dev@localhost', DEFAULT_PASSWORD)"],
         'DEFAULT_PASSWORD = "password"'),
        ("js", ["beforeEach(() => {", '  process.env.STRIPE_SECRET_KEY = "sk_test_mock";', "});"], '"sk_test_mock"'),
        ("js", ['jest.mock("./auth", () => ({', '  getToken: () => "mock-token",', "}));"], '"mock-token"'),
        ("ts", ["it('rejects bad credentials', async () => {", "  await expect(login('user', 'wrong-password')).rejects.toThrow();",
                "});"], "'wrong-password'"),
        ("js", ["cy.get('#email').type('qa@localhost');", "cy.get('#password').type('password123');",
                "cy.get('form').submit();"], "'password123'"),
        ("yaml", ["services:", "  db:", "    image: postgres:16.3", "    environment:", "      POSTGRES_PASSWORD: postgres",
                  "    ports: ['5432:5432']"], "POSTGRES_PASSWORD: postgres"),
        ("yaml", ["services:", "  mysql:", "    image: mysql:8.4", "    environment:", "      MYSQL_ROOT_PASSWORD: root"],
         "MYSQL_ROOT_PASSWORD: root"),
        ("env", ["# local development only", "REDIS_URL=redis://:password@localhost:6379/0", "QUEUE=default"],
         "redis://:password@localhost:6379/0"),
        ("py", ["# settings for the unit tests", 'JWT_SECRET = "secret"', 'JWT_ALGORITHM = "HS256"'], 'JWT_SECRET = "secret"'),
        ("yml", ["one:", "  email: one@localhost", "  encrypted_password: <%= Devise::Encryptor.digest(User, 'password') %>"],
         "Devise::Encryptor.digest(User, 'password')"),
        ("go", ["package client", "", 'const testToken = "test-token"', "", "func newTestClient() *Client { return New(testToken) }"],
         'const testToken = "test-token"'),
        ("java", ["@Test", "void authenticates() {",
                  '    var auth = new UsernamePasswordAuthenticationToken("user", "password");', "    assertTrue(manager.authenticate(auth).isAuthenticated());", "}"],
         '"user", "password"'),
        ("yml", ["spring:", "  datasource:", "    url: jdbc:h2:mem:testdb", "    username: sa", "    password: test"], "password: test"),
        ("ini", ["[default]", "aws_access_key_id = test", "aws_secret_access_key = test", "endpoint_url = http://localhost:4566"],
         "aws_secret_access_key = test"),
        ("env", ["# MinIO defaults for docker-compose.dev.yml", "MINIO_ROOT_USER=minioadmin", "MINIO_ROOT_PASSWORD=minioadmin"],
         "MINIO_ROOT_PASSWORD=minioadmin"),
        ("py", ["import pika", "", 'params = pika.URLParameters("amqp://guest:guest@localhost:5672/%2F")'],
         "amqp://guest:guest@localhost:5672/%2F"),
        ("env", ["KEYCLOAK_ADMIN=admin", "KEYCLOAK_ADMIN_PASSWORD=admin", "KC_HTTP_PORT=8080"], "KEYCLOAK_ADMIN_PASSWORD=admin"),
        ("env", ["# elastic docker defaults", "ELASTIC_PASSWORD=changeme", "discovery.type=single-node"], "ELASTIC_PASSWORD=changeme"),
        ("ini", ["[security]", "admin_user = admin", "admin_password = admin"], "admin_password = admin"),
        ("py", ["# conftest defaults", 'API_KEY = "TEST_API_KEY"', "BASE_URL = \"http://localhost:8000\""], 'API_KEY = "TEST_API_KEY"'),
        ("xml", ["<phpunit>", "  <php>", '    <env name="DB_PASSWORD" value="secret"/>', '    <env name="APP_ENV" value="testing"/>',
                 "  </php>", "</phpunit>"], 'value="secret"'),
        ("env", ["# .env.test", "JWT_SECRET=test-secret", "STRIPE_SECRET_KEY=sk_test_dummy"], "JWT_SECRET=test-secret"),
        ("yml", ["http_interactions:", "- request:", "    method: get", "    headers:", "      Authorization:",
                 "      - Bearer <FILTERED>"], "Bearer <FILTERED>"),
        ("json", ["{", '  "access_token": "mock-access-token",', '  "token_type": "bearer",', '  "expires_in": 3600', "}"],
         '"mock-access-token"'),
        ("rb", ['RSpec.describe ApiClient do', '  let(:api_key) { "test-api-key" }', "  subject { described_class.new(api_key) }", "end"],
         '"test-api-key"'),
        ("go", ["func TestAuth(t *testing.T) {", '\ttoken := "dummy-token"', "\tif !valid(token) { t.Fatal(\"rejected\") }", "}"],
         '"dummy-token"'),
        ("env", ["# .env.development", "POSTGRES_PASSWORD=postgres", "POSTGRES_USER=postgres"], "POSTGRES_PASSWORD=postgres"),
        ("yaml", ["services:", "  app:", "    environment:", "      ADMIN_PASSWORD: admin123", "      SEED_DEMO_DATA: 'true'"],
         "ADMIN_PASSWORD: admin123"),
        ("py", ["USERS = [", '    {"username": "demo", "password": "demo"},', '    {"username": "viewer", "password": "viewer"},', "]"],
         '"password": "demo"'),
        ("py", ["def test_passphrase_strength():", '    assert score("correct horse battery staple") > 3',
                '    assert score("aaaa") < 1'],
         '"correct horse battery staple"'),
        ("properties", ["spring.datasource.url=jdbc:h2:mem:app", "spring.datasource.username=sa", "spring.datasource.password="],
         "spring.datasource.password="),
        ("cs", ["[Fact]", "public void Builds_credentials()", "{", '    var cred = new NetworkCredential("user", "pass");',
                '    Assert.Equal("user", cred.UserName);', "}"], 'new NetworkCredential("user", "pass")'),
        ("php", ["<?php", "return [", "    'connections' => ['testing' => ['driver' => 'sqlite', 'password' => 'secret']],", "];"],
         "'password' => 'secret'"),
        ("sh", ["#!/bin/sh", "# integration tests against the throwaway container",
                "mysql -h 127.0.0.1 -u root --password=test -e 'SELECT 1'"], "--password=test"),
        ("ts", ["export const mockConfig = {", '  apiKey: "fake-api-key",', '  endpoint: "http://localhost:4010",', "};"],
         '"fake-api-key"'),
        ("yml", ["# CI service container", "services:", "  postgres:", "    image: postgres:16", "    env:",
                 "      POSTGRES_PASSWORD: pass123"], "POSTGRES_PASSWORD: pass123"),
        ("py", ["SAMPLE_CONFIG = {", '    "username": "user",', '    "password": "pass",', '    "host": "localhost",', "}"],
         '"password": "pass"'),
        ("js", ["const users = [", "  { name: 'alice', password: 'secret' },", "  { name: 'bob', password: 'secret' },", "];"],
         "{ name: 'alice', password: 'secret' }"),
        ("json", ["{", '  "test_user": {', '    "email": "qa@localhost",', '    "password": "test1234"', "  }", "}"],
         '"password": "test1234"'),
    ]
    for ext, lines, marker in items:
        slug = re.sub(r"[^a-z0-9]+", "-", marker.lower()).strip("-")[:40].strip("-")
        L(slug, c, n, ext, lines, marker)


def build_more_lookalikes():
    c = "base64-nonsecret"
    n = "base64 of ordinary, non-secret data"
    v = b64(b"log_level: info\nfeature_flags:\n  new_checkout: true\nregions: [eu, us]\n")
    L("ci-config-b64", c, n, "yml", ["variables:", f"  APP_CONFIG_B64: {v}", "build:", "  script: ./build.sh"], v)
    v = b64(b"%PDF-1.7\n%" + rbytes(80))
    L("soap-attachment", c, n, "xml", ["<soap:Body>", "  <UploadInvoice>", f"    <Document>{v}</Document>",
                                       "  </UploadInvoice>", "</soap:Body>"], v)
    x5c = b64(cert_der(f"signing.{org()}.com", "Issuing CA", org()))
    L("jwks-x5c", c, "base64 DER certificate (public) in a JWKS x5c chain", "json",
      ["{", '  "keys": [{', '    "kty": "RSA", "use": "sig",', f'    "x5c": ["{x5c}"]', "  }]", "}"], x5c)
    v = b64(b"GIF89a\x01\x00\x01\x00" + rbytes(40))
    L("email-inline-gif", c, n, "html", ["<table>", "  <tr><td>", f'    <img width="1" height="1" src="data:image/gif;base64,{v}">',
                                         "  </td></tr>", "</table>"], v)
    v = b64(b"<!doctype html><title>Maintenance</title><p>Back soon.</p>\n")
    L("terraform-state-content", c, n, "json", ["{", '  "type": "aws_s3_object",', '  "attributes": {',
                                                f'    "content_base64": "{v}",', '    "key": "index.html"', "  }", "}"], v)

    c = "public-material"
    n = "public key material, safe to publish"
    k = "ssh-ed25519 " + b64(ssh_ed25519_pubblob())
    L("github-user-keys-response", c, n, "json", ["[", f'  {{"id": {digits(9)}, "key": "{k}"}}', "]"], k)
    lines = pem_lines("CERTIFICATE", cert_der(f"www.{org()}.com", "R11", "Let's Encrypt"))
    L("fullchain-cert", c, "public certificate chain file", "pem", ["# Issuer: C=US, O=Let's Encrypt, CN=R11"] + lines, lines[0])
    spki = b64(rsa_spki_der(2048))
    L("java-public-key-string", c, "RSA public key (SPKI) used to verify licences", "java",
      ["public final class LicenseVerifier {", f'    static final String PUBLIC_KEY = "{spki}";', "}"], spki)
    pk = rs(HEX, 64)
    L("tuf-root-public-key", c, "TUF root metadata: ed25519 public key", "json",
      ["{", f'  "{rs(HEX, 64)}": {{', '    "keytype": "ed25519",', f'    "keyval": {{"public": "{pk}"}},',
       '    "scheme": "ed25519"', "  }", "}"], pk)
    k = "ssh-ed25519 " + b64(ssh_ed25519_pubblob())
    L("ssh-host-key-pub", c, "SSH host public key", "pub", [f"{k} root@{host('web')}", "", ""], k)
    pem = b64("\n".join(pem_lines("PUBLIC KEY", ec_spki_der())).encode())
    L("cosign-bundle-public-key", c, "base64 PEM public key in a verification bundle", "json",
      ["{", '  "mediaType": "application/vnd.dev.sigstore.bundle+json;version=0.2",', '  "verificationMaterial": {',
       f'    "publicKey": {{"rawBytes": "{pem}"}}', "  }", "}"], pem)
    lines = pem_lines("PUBLIC KEY", ec_spki_der())
    L("webhook-verification-key", c, "public key for verifying webhook signatures", "md",
      ["## Verifying webhooks", "", "Use this public key:", "", "```"] + lines + ["```"], lines[0])

    c = "identifier"
    n = "identifier or public id, not a credential"
    v = "ch_" + rs(ALNUM, 24)
    L("stripe-charge-export", c, n, "csv", ["id,amount,currency,status", f"{v},2000,eur,succeeded",
                                            f"ch_{rs(ALNUM, 24)},1500,eur,refunded"], v)
    v = "Iv1." + rs(HEX, 16)
    L("github-app-client-id", c, "GitHub App client id: public", "env", ["# OAuth client id (public)", f"GITHUB_CLIENT_ID={v}",
                                                                          "GITHUB_CALLBACK_URL=https://app.internal/auth/callback"], v)
    v = rs(ALNUM, 32)
    L("auth0-spa-client-id", c, "Auth0 SPA client id: public by design", "ts",
      ["export const auth0Config = {", f'  domain: "{org()}.eu.auth0.com",', f'  clientId: "{v}",',
       '  authorizationParams: { redirect_uri: window.location.origin },', "};"], v)

    c = "doc-example"
    n = "provider documentation example value"
    for slug, var, val, ctx in [("google-docs-client-secret", "GOOGLE_CLIENT_SECRET", "GOCSPX-EXAMPLE_client_secret", "md"),
                                ("slack-docs-app-token", "SLACK_APP_TOKEN", "xapp-1-EXAMPLE-TOKEN", "md"),
                                ("stripe-docs-webhook-secret", "STRIPE_WEBHOOK_SECRET", "whsec_EXAMPLE1234567890", "md"),
                                ("gitlab-docs-runner-token", "REGISTRATION_TOKEN", "GR1348941EXAMPLE_TOKEN", "md")]:
        LV(slug, c, n, var, val, ctx)


# --- output and self-checks ------------------------------------------------------

BARE_NAMES = {"@netrc", "@git-credentials", "@pypirc", "@npmrc", "@pgpass"}

REAL_PATTERNS = [
    ("aws-key-id", re.compile(r"\b(?:AKIA|ASIA)[A-Z2-7]{16}\b")),
    ("github", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b")),
    ("github-fine-grained", re.compile(r"github_pat_[A-Za-z0-9_]{82}")),
    ("gitlab", re.compile(r"\bglpat-[A-Za-z0-9_-]{20}\b")),
    ("slack-token", re.compile(r"\bxox[abpe]-\d+-\d+-[A-Za-z0-9-]{20,}")),
    ("slack-webhook", re.compile(r"hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{24}")),
    ("stripe-secret", re.compile(r"\b[sr]k_live_[A-Za-z0-9]{20,}")),
    ("gcp-api-key", re.compile(r"AIza[0-9A-Za-z_-]{35}")),
    ("npm", re.compile(r"\bnpm_[A-Za-z0-9]{36}\b")),
    ("openai", re.compile(r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|T3BlbkFJ")),
    ("anthropic", re.compile(r"sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,}")),
    ("private-key", re.compile(r"-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----|PGP PRIVATE KEY BLOCK")),
    ("sendgrid", re.compile(r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}")),
    ("twilio-api-key", re.compile(r"\bSK[0-9a-f]{32}\b")),
]
DOC_MARKERS = ("EXAMPLE", "1234567890", "abcdef", "XXXX", "xxxx")


def file_name(n, rec):
    ext = rec["ext"]
    if ext in BARE_NAMES:
        return f"{n:04d}-{ext[1:]}"
    return f"{n:04d}-{rec['slug']}.{ext}"


def locate(rec, path):
    lines = rec["lines"]
    marker = rec["marker"]
    assert marker, f"{path}: empty marker"
    hits = [i for i, l in enumerate(lines) if marker in l]
    assert len(hits) == 1, f"{path}: marker found on {len(hits)} lines: {marker[:60]!r}"
    line = hits[0]
    span = {line}
    if "BEGIN" in lines[line] and "-----END" not in lines[line] and "\\n" not in lines[line]:
        end = next((i for i in range(line, len(lines)) if "-----END" in lines[i]), None)
        if end is not None:
            span.update(range(line, end + 1))
    if lines[line].startswith("PuTTY-User-Key-File"):
        span.update(range(len(lines)))
    for ex in rec["extra"]:
        ex_hits = [i for i, l in enumerate(lines) if ex in l]
        assert ex_hits, f"{path}: extra part not found"
        span.add(ex_hits[0])
    return line + 1, sorted(i + 1 for i in span)


def check_lookalike(path, text):
    for name, pat in REAL_PATTERNS:
        for m in pat.finditer(text):
            val = m.group(0)
            if any(d in val for d in DOC_MARKERS) or val in ("AKIAIOSFODNN7EXAMPLE",):
                continue
            if name == "github":
                body = val[4:34]
                if github_checksum(body) != val[34:]:
                    continue
            raise AssertionError(f"{path}: look-alike holds a real-format {name} value: {val[:40]}")


def write_all():
    for sub in ("secret", "lookalike"):
        shutil.rmtree(HERE / sub, ignore_errors=True)
        (HERE / sub).mkdir(parents=True)
    truth = []
    errors = []
    for kind, recs in (("secret", SECRETS), ("lookalike", LOOKALIKES)):
        for n, rec in enumerate(recs, 1):
            rel = f"{kind}/{file_name(n, rec)}"
            lines = rec["lines"]
            text = "\n".join(lines) + "\n"
            try:
                assert 3 <= len(lines) <= 15, f"{rel}: {len(lines)} lines"
                line, span = locate(rec, rel)
                if kind == "secret":
                    bad = [w for w in FORBIDDEN if w in text.lower()]
                    assert not bad, f"{rel}: contains {bad}"
                else:
                    check_lookalike(rel, text)
            except (AssertionError, StopIteration) as e:
                errors.append(str(e) or rel)
                continue
            (HERE / rel).write_text(text, encoding="utf-8")
            obj = {"path": rel, "kind": kind, "category": rec["category"]}
            if kind == "secret":
                obj["provider"] = rec["provider"]
                obj["format"] = rec["format"]
            obj["line"] = line
            obj["lines"] = span
            obj["note"] = rec["note"]
            truth.append(obj)
    if errors:
        sys.exit("self-check failed:\n  " + "\n  ".join(errors))
    with open(HERE / "truth.jsonl", "w", encoding="utf-8") as fh:
        for obj in truth:
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return truth


def main():
    for build in (build_cloud, build_source_ci, build_registry, build_messaging, build_saas, build_payments,
                  build_observability, build_ai, build_identity, build_data, build_private_keys,
                  build_url_credentials, build_http_auth, build_dotfiles, build_jwts, build_generic_passwords,
                  build_base64_secrets):
        build()
    for build in (build_placeholders, build_doc_examples, build_malformed, build_hashes, build_identifiers,
                  build_base64_nonsecrets, build_public_material, build_credential_code, build_high_entropy,
                  build_test_fixtures, build_more_lookalikes):
        build()
    truth = write_all()
    by_kind = Counter(t["kind"] for t in truth)
    print("files per kind:")
    for k, v in sorted(by_kind.items()):
        print(f"  {k:10} {v}")
    for kind in ("secret", "lookalike"):
        print(f"{kind} categories:")
        for cat, v in sorted(Counter(t["category"] for t in truth if t["kind"] == kind).items()):
            print(f"  {cat:20} {v}")
    secrets = [t for t in truth if t["kind"] == "secret"]
    named = {t["provider"] for t in secrets if t["provider"] not in ("generic", "private-key")}
    print(f"distinct providers (named): {len(named)}")
    print(f"distinct provider formats: {len({t['format'] for t in secrets if t['provider'] not in ('generic', 'private-key')})}")
    print(f"distinct formats (all secrets): {len({t['format'] for t in secrets})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
