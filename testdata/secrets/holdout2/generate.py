#!/usr/bin/env python3
"""Generate testdata/secrets/holdout2: a second held-out corpus for the secrets family.

    python3 testdata/secrets/holdout2/generate.py

Deletes and rewrites secret/, lookalike/ and truth.jsonl next to this script. Python 3 standard
library only; every random value comes from random.Random(90210), so two runs write the same
bytes.

secret/NNNN-<slug>.<ext> files each hold exactly one credential in a realistic context: about
120 provider tokens from some 90 providers (formats as the providers document them, checksums
where the format has one) and about 135 everyday credentials (database, SMTP, LDAP, Redis, RabbitMQ, FTP passwords, app
signing keys, private keys, JWTs, registry logins) in the config and code shapes where real
repositories leak them. lookalike/NNNN-<slug>.<ext> files each hold something that looks like a
credential and is not one: templating, secret-manager references, environment lookups, masked
values, trivial test values, providers' published sample keys, digests, identifiers, public
keys, encrypted blobs, ordinary base64, UI strings, schemas, password policies, protocol test
vectors, pagination tokens, publishable keys, lockfiles.

truth.jsonl labels every file: {"path", "kind", "category", "provider" (secrets), "line",
"note"}; line is the 1-based line holding the value, and the script asserts that it does.
Random parts of secrets never contain example, xxxx, fake, dummy, test, sample, redacted,
placeholder or changeme, nor a run of five ascending characters. The private keys are real
keys (RSA, P-256, Ed25519, X25519 computed here), the HS256 JWTs are really signed, the GitHub
and npm tokens carry their CRC32 checksum. Look-alikes quoting a published value (AWS's example
pair, jwt.io's token, RFC vectors, emulator keys) compute or check it where they can.
"""
import base64
import collections
import hashlib
import hmac
import json
import os
import shutil
import struct
import urllib.parse
import zlib
import random

SEED = 90210
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))

DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"
BASE62 = DIGITS + UPPER + LOWER
ALNUM = BASE62
HEX = "0123456789abcdef"
HEXU = "0123456789ABCDEF"
B64CH = UPPER + LOWER + DIGITS + "+/"
URLCH = ALNUM + "-_"
LOWNUM = LOWER + DIGITS
BANNED = ("example", "xxxx", "fake", "dummy", "test", "sample", "redacted", "placeholder",
          "changeme")
# Words a file name must not contain (they would hint at the label).
NAME_BANNED = ("test", "example", "fake", "sample", "placeholder", "dummy", "mock", "stub",
               "masked", "redact", "leak", "lookalike", "template", "bogus")


def clean(s):
    """No banned word (any case) and no run of five ascending characters (12345, abcde, KLMNO)."""
    low = s.lower()
    if any(b in low for b in BANNED):
        return False
    run = 1
    for a, b in zip(s, s[1:]):
        run = run + 1 if ord(b) == ord(a) + 1 else 1
        if run >= 5:
            return False
    return True


def rs(n, alphabet=ALNUM):
    while True:
        s = "".join(R.choice(alphabet) for _ in range(n))
        if clean(s):
            return s


def rhex(n, upper=False):
    return rs(n, HEXU if upper else HEX)


def rdigits(n):
    while True:
        s = R.choice("123456789") + "".join(R.choice(DIGITS) for _ in range(n - 1))
        if clean(s):
            return s


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def rb64(n, url=False, pad=True):
    while True:
        raw = rbytes(n)
        s = (base64.urlsafe_b64encode(raw) if url else base64.b64encode(raw)).decode()
        if not pad:
            s = s.rstrip("=")
        if clean(s):
            return s


def b64(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.b64encode(data).decode()


def b64u(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def ruuid():
    while True:
        x = R.getrandbits(128)
        x = (x & ~(0xF << 76)) | (4 << 76)
        x = (x & ~(0x3 << 62)) | (0x2 << 62)
        h = "%032x" % x
        s = "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])
        if clean(s):
            return s


def base62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = BASE62[r] + out
    return out.rjust(width, "0")


def crc_token(prefix, n=30):
    """GitHub/npm style: n random base62 characters, then their CRC32 in base62, six wide."""
    body = rs(n)
    return prefix + body + base62(zlib.crc32(body.encode()) & 0xFFFFFFFF, 6)


WORDS = ["harbor", "lantern", "copper", "maple", "orbit", "falcon", "granite", "velvet", "cobalt",
         "juniper", "thistle", "marble", "canyon", "meadow", "ember", "walnut", "glacier",
         "saffron", "tundra", "beacon", "pebble", "quartz", "willow", "raven", "summit", "cedar",
         "fjord", "hollow", "indigo", "kestrel", "lagoon", "mosaic", "nectar", "oyster", "prairie",
         "ripple", "sable", "timber", "umber", "vortex", "wicker", "yonder", "zephyr", "bramble"]
PW_SYMS = "!*-_.+=~"


def pw(style=None, syms=PW_SYMS):
    """A random password in one of the shapes people and tools produce."""
    style = style or R.choice(["strong", "strong", "strong", "human", "hex", "b64", "alnum"])
    while True:
        if style == "strong":
            n = R.randint(14, 24)
            s = "".join(R.choice(ALNUM + syms * 2) for _ in range(n))
            if not any(c in syms for c in s):
                continue
        elif style == "human":
            a, b = R.sample(WORDS, 2)
            s = (a.capitalize() + R.choice("-_.!" if "!" in syms else "-_.") + b.capitalize()
                 + rdigits(R.randint(2, 4)) + R.choice([c for c in "!*.~" if c in syms] or ["7"]))
        elif style == "hex":
            s = rhex(32)
        elif style == "b64":
            s = rb64(18, url=True, pad=False)
        else:
            s = rs(R.randint(16, 28))
        if clean(s):
            return s


# ---------------------------------------------------------------- context pools

ORGS = ["harborview", "tallgrass", "quillpay", "brightwave", "lumenfield", "corvid", "orchardly",
        "pinecrest", "redkite", "saltmarsh", "ironbark", "bluefin", "meridianhq", "larkspur",
        "oakridge", "stonegate", "copperline", "driftwood", "fernhill", "goldcrest", "hazelnut",
        "silverpine", "wavecrest", "northgate", "amberly", "cloudberry", "trellis", "parcelport"]
TLDS = [".io", ".com", ".dev", ".net", ".co", ".app"]
DBUSERS = ["app", "svc_orders", "billing_rw", "etl", "reporting", "webapp", "api_user", "backend",
           "orders_app", "inventory", "analytics_ro", "payments", "crm", "ledger_rw", "django"]
DBNAMES = ["orders", "billing", "inventory", "crm", "warehouse", "ledger", "catalog", "accounts",
           "shipments", "analytics", "payments", "bookings"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ca-central-1"]
PEOPLE = ["maria.lopez", "j.okafor", "priya.n", "tomasz.w", "lena.schmidt", "d.kim", "a.haddad",
          "sofia.r", "ben.carter", "yuki.t", "omar.f", "ingrid.b"]


# One organisation, domain, database user and database name per file, so that a file's
# names agree with each other; realise() clears this before each file.
STICKY = {}


def sticky(name, make):
    if name not in STICKY:
        STICKY[name] = make()
    return STICKY[name]


def org():
    return sticky("org", lambda: R.choice(ORGS))


def domain(o=None):
    return (o or org()) + sticky("tld", lambda: R.choice(TLDS))


def dbuser():
    return sticky("dbuser", lambda: R.choice(DBUSERS))


def dbname():
    return sticky("dbname", lambda: R.choice(DBNAMES))


def region():
    return sticky("region", lambda: R.choice(REGIONS))


def person():
    return sticky("person", lambda: R.choice(PEOPLE))


def email(o=None):
    return person() + "@" + domain(o)


def rds_host(name=None):
    return "%s.%s.%s.rds.amazonaws.com" % (name or dbname() + "-prod", rs(12, LOWNUM), region())


def int_host(kind="db"):
    return R.choice(["%s-prod-0%d.internal" % (kind, R.randint(1, 4)),
                     "%s.%s.internal" % (kind, org()),
                     "%s-%d.%s.svc.cluster.local" % (kind, R.randint(0, 2), R.choice(["data", "prod", "backend"])),
                     "10.%d.%d.%d" % (R.randint(0, 40), R.randint(0, 255), R.randint(2, 250))])


def epoch():
    return R.randint(1688000000, 1735000000)


def stamp():
    """An ISO timestamp in 2024."""
    return "2024-%02d-%02dT%02d:%02d:%02d" % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 23),
                                               R.randint(0, 59), R.randint(0, 59))


# ---------------------------------------------------------------- DER, RSA, EC, Ed25519, X25519

def der_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def der_int(x):
    return der(0x02, x.to_bytes(max(1, (x.bit_length() + 8) // 8), "big"))


def der_seq(*items):
    return der(0x30, b"".join(items))


def der_oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    out = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.append(0x80 | (p & 0x7F))
            p >>= 7
        out += bytes(reversed(chunk))
    return der(0x06, out)


DER_NULL = b"\x05\x00"


def der_bits(b):
    return der(0x03, b"\x00" + b)


def pem(label, data, width=64):
    body = base64.b64encode(data).decode()
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (label, "\n".join(lines), label)


SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]


def probable_prime(n):
    if any(n % p == 0 for p in SMALL_PRIMES):
        return False
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(24):
        a = R.randrange(2, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def gen_prime(bits):
    while True:
        x = R.getrandbits(bits) | (3 << (bits - 2)) | 1
        if probable_prime(x):
            return x


def rsa_key(bits):
    e = 65537
    while True:
        p, q = gen_prime(bits // 2), gen_prime(bits // 2)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e and (p * q).bit_length() == bits:
            break
    if p < q:
        p, q = q, p
    d = pow(e, -1, phi)
    return dict(n=p * q, e=e, d=d, p=p, q=q)


def rsa_pkcs1(k):
    return der_seq(der_int(0), der_int(k["n"]), der_int(k["e"]), der_int(k["d"]), der_int(k["p"]),
                   der_int(k["q"]), der_int(k["d"] % (k["p"] - 1)), der_int(k["d"] % (k["q"] - 1)),
                   der_int(pow(k["q"], -1, k["p"])))


RSA_ALG = der_seq(der_oid("1.2.840.113549.1.1.1"), DER_NULL)


def rsa_pkcs8(k):
    return der_seq(der_int(0), RSA_ALG, der(0x04, rsa_pkcs1(k)))


def rsa_spki(k):
    return der_seq(RSA_ALG, der_bits(der_seq(der_int(k["n"]), der_int(k["e"]))))


def rsa_sign_sha256(k, msg):
    di = der_seq(der_seq(der_oid("2.16.840.1.101.3.4.2.1"), DER_NULL),
                 der(0x04, hashlib.sha256(msg).digest()))
    size = (k["n"].bit_length() + 7) // 8
    em = b"\x00\x01" + b"\xff" * (size - 3 - len(di)) + b"\x00" + di
    return pow(int.from_bytes(em, "big"), k["d"], k["n"]).to_bytes(size, "big")


def x509_self_signed(k, cn, serial, not_before, not_after):
    alg = der_seq(der_oid("1.2.840.113549.1.1.11"), DER_NULL)
    name = der_seq(der(0x31, der_seq(der_oid("2.5.4.3"), der(0x0C, cn.encode()))))
    validity = der_seq(der(0x17, not_before.encode()), der(0x17, not_after.encode()))
    tbs = der_seq(der(0xA0, der_int(2)), der_int(serial), alg, name, validity, name, rsa_spki(k))
    return der_seq(tbs, alg, der_bits(rsa_sign_sha256(k, tbs)))


P256 = dict(
    p=0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff,
    b=0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b,
    n=0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551,
    g=(0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
       0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5))


def _ec_add(P, Q):
    p = P256["p"]
    if P is None:
        return Q
    if Q is None:
        return P
    if P[0] == Q[0] and (P[1] + Q[1]) % p == 0:
        return None
    if P == Q:
        lam = (3 * P[0] * P[0] - 3) * pow(2 * P[1], p - 2, p) % p
    else:
        lam = (Q[1] - P[1]) * pow(Q[0] - P[0], p - 2, p) % p
    x = (lam * lam - P[0] - Q[0]) % p
    return (x, (lam * (P[0] - x) - P[1]) % p)


def ec_mul(k, P):
    acc = None
    while k:
        if k & 1:
            acc = _ec_add(acc, P)
        P = _ec_add(P, P)
        k >>= 1
    return acc


def ec_key():
    d = R.randrange(1, P256["n"])
    x, y = ec_mul(d, P256["g"])
    return d, b"\x04" + x.to_bytes(32, "big") + y.to_bytes(32, "big")


def ec_sec1(d, pub):
    return der_seq(der_int(1), der(0x04, d.to_bytes(32, "big")),
                   der(0xA0, der_oid("1.2.840.10045.3.1.7")), der(0xA1, der_bits(pub)))


def ec_spki(pub):
    return der_seq(der_seq(der_oid("1.2.840.10045.2.1"), der_oid("1.2.840.10045.3.1.7")),
                   der_bits(pub))


ED_Q = 2 ** 255 - 19
ED_D = -121665 * pow(121666, ED_Q - 2, ED_Q) % ED_Q
ED_I = pow(2, (ED_Q - 1) // 4, ED_Q)


def _ed_xrecover(y):
    xx = (y * y - 1) * pow(ED_D * y * y + 1, ED_Q - 2, ED_Q)
    x = pow(xx, (ED_Q + 3) // 8, ED_Q)
    if (x * x - xx) % ED_Q:
        x = x * ED_I % ED_Q
    return ED_Q - x if x % 2 else x


ED_BY = 4 * pow(5, ED_Q - 2, ED_Q) % ED_Q
ED_B = (_ed_xrecover(ED_BY), ED_BY)


def _ed_add(P, Q):
    (x1, y1), (x2, y2) = P, Q
    t = ED_D * x1 * x2 * y1 * y2
    return ((x1 * y2 + x2 * y1) * pow(1 + t, ED_Q - 2, ED_Q) % ED_Q,
            (y1 * y2 + x1 * x2) * pow(1 - t, ED_Q - 2, ED_Q) % ED_Q)


def ed25519_public(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a = (a & ((1 << 254) - 8)) | (1 << 254)
    acc, P = (0, 1), ED_B
    while a:
        if a & 1:
            acc = _ed_add(acc, P)
        P = _ed_add(P, P)
        a >>= 1
    x, y = acc
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def x25519(k, u=9):
    k = bytearray(k)
    k[0] &= 248
    k[31] &= 127
    k[31] |= 64
    k = int.from_bytes(k, "little")
    p = ED_Q
    x1, x2, z2, x3, z3, swap = u, 1, 0, u, 1, 0
    for t in reversed(range(255)):
        kt = (k >> t) & 1
        swap ^= kt
        if swap:
            x2, x3, z2, z3 = x3, x2, z3, z2
        swap = kt
        A, B, C, D = (x2 + z2) % p, (x2 - z2) % p, (x3 + z3) % p, (x3 - z3) % p
        AA, BB = A * A % p, B * B % p
        E = (AA - BB) % p
        DA, CB = D * A % p, C * B % p
        x3, z3 = (DA + CB) ** 2 % p, x1 * (DA - CB) ** 2 % p
        x2, z2 = AA * BB % p, E * (AA + 121665 * E) % p
    if swap:
        x2, z2 = x3, z3
    return (x2 * pow(z2, p - 2, p) % p).to_bytes(32, "little")


# Self-checks against RFC 8032 section 7.1 (test 1) and RFC 7748 section 6.1.
assert ed25519_public(bytes.fromhex(
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")).hex() == \
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
assert x25519(bytes.fromhex(
    "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")).hex() == \
    "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
assert (P256["g"][1] ** 2 - P256["g"][0] ** 3 + 3 * P256["g"][0] - P256["b"]) % P256["p"] == 0


def sshstr(b):
    if isinstance(b, str):
        b = b.encode()
    return struct.pack(">I", len(b)) + b


def openssh_ed25519(comment):
    seed = rbytes(32)
    pub = ed25519_public(seed)
    check = R.getrandbits(32)
    priv = (struct.pack(">II", check, check) + sshstr("ssh-ed25519") + sshstr(pub)
            + sshstr(seed + pub) + sshstr(comment))
    priv += bytes(range(1, 1 + (-len(priv)) % 8))
    pubblob = sshstr("ssh-ed25519") + sshstr(pub)
    blob = (b"openssh-key-v1\0" + sshstr("none") + sshstr("none") + sshstr(b"")
            + struct.pack(">I", 1) + sshstr(pubblob) + sshstr(priv))
    return pem("OPENSSH PRIVATE KEY", blob, 70), "ssh-ed25519 " + b64(pubblob) + " " + comment


def ssh_ed25519_public(comment):
    pub = ed25519_public(rbytes(32))
    return "ssh-ed25519 " + b64(sshstr("ssh-ed25519") + sshstr(pub)) + " " + comment


def ed25519_pkcs8():
    seed = rbytes(32)
    return der_seq(der_int(0), der_seq(der_oid("1.3.101.112")), der(0x04, der(0x04, seed)))


BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech_polymod(values):
    gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1ffffff) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def bech32(hrp, data):
    acc, bits, d5 = 0, 0, []
    for byte in data:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            d5.append((acc >> bits) & 31)
    if bits:
        d5.append((acc << (5 - bits)) & 31)
    exp = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = _bech_polymod(exp + d5 + [0] * 6) ^ 1
    return hrp + "1" + "".join(BECH[d] for d in d5 + [(pm >> 5 * (5 - i)) & 31 for i in range(6)])


def jwt_hs256(payload, key, header=None):
    header = header or {"alg": "HS256", "typ": "JWT"}
    signing = (b64u(json.dumps(header, separators=(",", ":"))) + "."
               + b64u(json.dumps(payload, separators=(",", ":"))))
    return signing + "." + b64u(hmac.new(key, signing.encode(), hashlib.sha256).digest())


def jwt_rs256_unsigned_shape(payload, kid):
    """An RS256 token whose signature is 256 random bytes (the shape of a cluster-issued token)."""
    header = {"alg": "RS256", "kid": kid}
    return (b64u(json.dumps(header, separators=(",", ":"))) + "."
            + b64u(json.dumps(payload, separators=(",", ":"))) + "." + b64u(rbytes(256)))


# ---------------------------------------------------------------- registry

SECRETS = []
LOOKALIKES = []


def secret(category, provider, times=1):
    def deco(fn):
        for i in range(times):
            SECRETS.append((category, provider, fn, i))
        return fn
    return deco


def lookalike(category, times=1):
    def deco(fn):
        for i in range(times):
            LOOKALIKES.append((category, None, fn, i))
        return fn
    return deco


def case(slug, ext, text, value, note, **extra):
    d = dict(slug=slug, ext=ext, text=text.strip("\n") + "\n", value=value, note=note)
    d.update(extra)
    return d


def lines(*ls):
    return "\n".join(ls)


# ================================================================ secrets: provider tokens

def aws_pair():
    return "AKIA" + rs(16, UPPER + "234567"), rs(40, ALNUM + "/+")


@secret("cloud-credential", "aws")
def s_aws_cli_profile(i):
    kid, sk = aws_pair()
    o = org()
    text = lines("[default]", "region = %s" % region(), "output = json", "",
                 "[%s-deploy]" % o, "aws_access_key_id = %s" % kid,
                 "aws_secret_access_key = %s" % sk, "region = %s" % region())
    return case("aws-cli-profiles", "ini", text, sk, "AWS access key pair in a named CLI profile")


@secret("cloud-credential", "aws")
def s_aws_boto3(i):
    kid, sk = aws_pair()
    b = org() + "-exports"
    text = lines("import boto3", "", "s3 = boto3.client(", '    "s3",',
                 '    region_name="%s",' % region(), '    aws_access_key_id="%s",' % kid,
                 '    aws_secret_access_key="%s",' % sk, ")", "",
                 "def upload(path, key):", '    s3.upload_file(path, "%s", key)' % b)
    return case("s3-upload", "py", text, sk, "AWS key pair passed to boto3.client")


@secret("cloud-credential", "aws")
def s_aws_tf_provider(i):
    kid, sk = aws_pair()
    text = lines('provider "aws" {', '  region     = "%s"' % region(), '  access_key = "%s"' % kid,
                 '  secret_key = "%s"' % sk, "}", "", 'resource "aws_s3_bucket" "assets" {',
                 '  bucket = "%s-assets"' % org(), "}")
    return case("aws-provider", "tf", text, sk, "AWS key pair in a Terraform provider block")


@secret("cloud-credential", "aws")
def s_aws_actions(i):
    kid, sk = aws_pair()
    text = lines("name: deploy", "on:", "  push:", "    branches: [main]", "jobs:", "  deploy:",
                 "    runs-on: ubuntu-22.04", "    env:", "      AWS_ACCESS_KEY_ID: %s" % kid,
                 "      AWS_SECRET_ACCESS_KEY: %s" % sk, "      AWS_DEFAULT_REGION: %s" % region(),
                 "    steps:", "      - uses: actions/checkout@v4",
                 "      - run: aws s3 sync ./public s3://%s-www --delete" % org())
    return case("deploy-workflow", "yml", text, sk, "AWS key pair hardcoded in a workflow env")


@secret("cloud-credential", "aws")
def s_aws_sts(i):
    kid = "ASIA" + rs(16, UPPER + "234567")
    sk = rs(40, ALNUM + "/+")
    tok = "IQoJb3JpZ2luX2VjE" + rs(360, ALNUM + "/+")
    text = lines("#!/bin/sh", "# session from `aws sts assume-role` for the nightly export",
                 "export AWS_ACCESS_KEY_ID=%s" % kid, "export AWS_SECRET_ACCESS_KEY=%s" % sk,
                 "export AWS_SESSION_TOKEN=%s" % tok, "",
                 "aws athena start-query-execution --work-group primary --query-string file://q.sql")
    return case("assume-role-session", "sh", text, sk, "AWS temporary credentials with session token")


@secret("vcs-token", "github")
def s_gh_clone(i):
    t = crc_token("ghp_")
    o = org()
    text = lines("#!/usr/bin/env bash", "set -euo pipefail", "",
                 "rm -rf vendor/%s-proto" % o,
                 "git clone --depth 1 https://x-access-token:%s@github.com/%s/proto.git vendor/%s-proto" % (t, o, o),
                 "make -C vendor/%s-proto gen" % o)
    return case("fetch-proto", "sh", text, t, "GitHub classic PAT (CRC32 checksum) in a clone URL")


@secret("vcs-token", "github")
def s_gh_pygithub(i):
    t = crc_token("ghp_")
    text = lines("from github import Github", "", 'gh = Github("%s")' % t,
                 'repo = gh.get_repo("%s/infra")' % org(), "",
                 "for pr in repo.get_pulls(state=\"open\"):",
                 "    print(pr.number, pr.title, pr.user.login)")
    return case("open-pulls", "py", text, t, "GitHub classic PAT passed to PyGithub")


@secret("vcs-token", "github")
def s_gh_hosts(i):
    t = crc_token("gho_")
    u = person().replace(".", "-")
    text = lines("github.com:", "    user: %s" % u, "    oauth_token: %s" % t,
                 "    git_protocol: https")
    return case("gh-hosts", "yml", text, t, "GitHub OAuth token in gh CLI hosts.yml")


@secret("vcs-token", "github", times=2)
def s_gh_finegrained(i):
    t = "github_pat_11" + rs(20, UPPER + DIGITS) + "_" + rs(59)
    if i == 0:
        text = lines("module.exports = {", "  platform: 'github',", "  token: '%s'," % t,
                     "  repositories: ['%s/web', '%s/api']," % (org(), org()),
                     "  onboarding: false,", "  requireConfig: 'optional',", "};")
        return case("renovate-config", "js", text, t, "GitHub fine-grained PAT in a Renovate config")
    text = lines("# release bot", "GITHUB_OWNER=%s" % org(), "GITHUB_TOKEN=%s" % t,
                 "RELEASE_BRANCH=main", "DRY_RUN=false")
    return case("release-bot", "env", text, t, "GitHub fine-grained PAT in a .env")


@secret("vcs-token", "github")
def s_gh_app_server(i):
    t = crc_token("ghs_")
    text = lines("2024-05-14T09:12:44.118Z  INFO  runner  job started: build (ubuntu-22.04)",
                 "2024-05-14T09:12:44.301Z  DEBUG runner  env HOME=/home/runner",
                 "2024-05-14T09:12:44.301Z  DEBUG runner  env GITHUB_TOKEN=%s" % t,
                 "2024-05-14T09:12:44.302Z  DEBUG runner  env RUNNER_OS=Linux",
                 "2024-05-14T09:12:45.010Z  INFO  runner  step 1/6: checkout")
    return case("runner-debug", "log", text, t, "GitHub App installation token printed in a debug log")


@secret("vcs-token", "gitlab", times=2)
def s_gitlab_pat(i):
    t = "glpat-" + rs(20, URLCH)
    if i == 0:
        text = lines("[global]", "default = %s" % org(), "ssl_verify = true", "timeout = 5", "",
                     "[%s]" % org(), "url = https://gitlab.%s" % domain(), "private_token = %s" % t,
                     "api_version = 4")
        return case("python-gitlab", "cfg", text, t, "GitLab PAT in a python-gitlab config")
    text = lines("stages: [release]", "", "variables:", "  GITLAB_API_TOKEN: \"%s\"" % t,
                 "  PACKAGE_NAME: cli", "", "release:", "  stage: release",
                 "  script:", "    - ./scripts/publish.sh \"$CI_COMMIT_TAG\"")
    return case("gitlab-ci", "yml", text, t, "GitLab PAT hardcoded in .gitlab-ci.yml variables")



@secret("vcs-token", "gitlab")
def s_gitlab_runner(i):
    t = "glrt-" + rs(20, URLCH)
    text = lines("concurrent = 4", "check_interval = 0", "", "[[runners]]",
                 '  name = "build-%s"' % rs(6, LOWNUM), '  url = "https://gitlab.%s"' % domain(),
                 '  token = "%s"' % t, '  executor = "docker"', "  [runners.docker]",
                 '    image = "alpine:3.19"', "    privileged = false")
    return case("runner-config", "toml", text, t, "GitLab runner authentication token")


@secret("vcs-token", "bitbucket")
def s_bitbucket(i):
    t = "ATBB" + rs(32)
    text = lines("https://%s:%s@bitbucket.org" % (person().replace(".", ""), t),
                 "https://%s@gitlab.%s" % (person().replace(".", ""), domain()),
                 "https://github.com")
    return case("user", "git-credentials", text, t, "Bitbucket app password in .git-credentials")


@secret("vcs-token", "azure-devops")
def s_ado_pat(i):
    t = rs(52, LOWER + "234567")
    o = org()
    text = lines("$ErrorActionPreference = 'Stop'", "$env:AZURE_DEVOPS_EXT_PAT = '%s'" % t,
                 "az devops configure --defaults organization=https://dev.azure.com/%s project=Platform" % o,
                 "az pipelines run --name nightly-build --branch main")
    return case("queue-build", "ps1", text, t, "Azure DevOps PAT set for the az CLI")


@secret("chat-webhook", "slack")
def s_slack_bot(i):
    t = "xoxb-%s-%s-%s" % (rdigits(12), rdigits(13), rs(24))
    text = lines("import os", "from slack_sdk import WebClient", "",
                 'client = WebClient(token="%s")' % t, "",
                 "def notify(text):", '    client.chat_postMessage(channel="#deploys", text=text)')
    return case("notify", "py", text, t, "Slack bot token passed to WebClient")


@secret("chat-webhook", "slack")
def s_slack_user(i):
    t = "xoxp-%s-%s-%s-%s" % (rdigits(11), rdigits(11), rdigits(13), rhex(32))
    text = lines("SLACK_WORKSPACE=%s" % org(), "SLACK_USER_TOKEN=%s" % t,
                 "SLACK_EXPORT_CHANNELS=general,eng-incidents", "EXPORT_DIR=/var/backups/slack")
    return case("slack-export", "env", text, t, "Slack user token in an export job's .env")


@secret("chat-webhook", "slack", times=2)
def s_slack_webhook(i):
    url = "https://hooks.slack.com/services/T%s/B%s/%s" % (rs(10, UPPER + DIGITS), rs(10, UPPER + DIGITS), rs(24))
    if i == 0:
        text = lines("global:", "  resolve_timeout: 5m", "  slack_api_url: '%s'" % url, "",
                     "route:", "  receiver: ops", "  group_by: [alertname, cluster]",
                     "receivers:", "  - name: ops", "    slack_configs:",
                     "      - channel: '#ops-alerts'", "        send_resolved: true")
        return case("alertmanager", "yml", text, url, "Slack incoming webhook in Alertmanager")
    text = lines("#!/bin/bash", 'STATUS="$1"', "curl -sS -X POST -H 'Content-type: application/json' \\",
                 "  --data \"{\\\"text\\\": \\\"backup ${STATUS} on $(hostname)\\\"}\" \\",
                 "  %s" % url)
    return case("backup-notify", "sh", text, url, "Slack incoming webhook in a curl call")



@secret("chat-webhook", "discord")
def s_discord_bot(i):
    t = "%s.%s.%s" % (b64u(rdigits(19)), rs(6, URLCH), rs(38, URLCH))
    text = lines("const { Client, GatewayIntentBits } = require('discord.js');", "",
                 "const client = new Client({ intents: [GatewayIntentBits.Guilds] });",
                 "client.once('ready', () => console.log(`logged in as ${client.user.tag}`));",
                 "client.login('%s');" % t)
    return case("bot", "js", text, t, "Discord bot token passed to client.login")


@secret("chat-webhook", "discord")
def s_discord_webhook(i):
    url = "https://discord.com/api/webhooks/%s/%s" % (rdigits(19), rs(68, URLCH))
    text = lines("[notifications]", "enabled = true", "on_failure = true",
                 'discord_webhook = "%s"' % url, 'username = "ci"')
    return case("ci-notify", "toml", text, url, "Discord webhook URL")


@secret("chat-webhook", "microsoft-teams")
def s_teams_webhook(i):
    url = "https://%s.webhook.office.com/webhookb2/%s@%s/IncomingWebhook/%s/%s" % (
        org(), ruuid(), ruuid(), rhex(32), ruuid())
    text = lines("param([string]$Message)", '$hook = "%s"' % url,
                 '$body = @{ text = $Message } | ConvertTo-Json',
                 "Invoke-RestMethod -Method Post -Uri $hook -Body $body -ContentType 'application/json'")
    return case("teams-post", "ps1", text, url, "Microsoft Teams incoming webhook URL")


@secret("chat-webhook", "telegram")
def s_telegram(i):
    t = "%s:AA%s" % (rdigits(10), rs(33, URLCH))
    text = lines("import telebot", "", 'bot = telebot.TeleBot("%s")' % t, "",
                 "@bot.message_handler(commands=['status'])", "def status(msg):",
                 '    bot.reply_to(msg, "all systems nominal")', "", "bot.infinity_polling()")
    return case("status-bot", "py", text, t, "Telegram bot token")


@secret("payment-key", "stripe")
def s_stripe_node(i):
    t = "sk_live_51" + rs(97)
    text = lines("const express = require('express');",
                 "const stripe = require('stripe')('%s');" % t, "",
                 "const app = express();", "app.post('/checkout', async (req, res) => {",
                 "  const session = await stripe.checkout.sessions.create({ mode: 'payment', line_items: req.body.items });",
                 "  res.json({ url: session.url });", "});")
    return case("checkout", "js", text, t, "Stripe live secret key")


@secret("payment-key", "stripe")
def s_stripe_rk(i):
    t = "rk_live_51" + rs(97)
    text = lines("# frozen_string_literal: true", "", "Stripe.api_key = '%s'" % t,
                 "Stripe.max_network_retries = 2", "Stripe.api_version = '2023-10-16'")
    return case("stripe-initializer", "rb", text, t, "Stripe live restricted key")


@secret("payment-key", "stripe")
def s_stripe_whsec(i):
    t = "whsec_" + rs(32)
    text = lines("NODE_ENV=production", "PORT=4000", "STRIPE_WEBHOOK_SECRET=%s" % t,
                 "ORDERS_QUEUE=orders-paid")
    return case("webhooks", "env", text, t, "Stripe webhook signing secret")


@secret("payment-key", "square")
def s_square(i):
    t = "EAAA" + rs(60, URLCH)
    text = lines("import { Client, Environment } from 'square';", "",
                 "export const square = new Client({", "  environment: Environment.Production,",
                 "  accessToken: '%s'," % t, "});")
    return case("square-client", "ts", text, t, "Square production access token")


@secret("payment-key", "braintree")
def s_braintree(i):
    t = "access_token$production$%s$%s" % (rs(16, LOWNUM), rhex(32))
    text = lines("const braintree = require('braintree');", "",
                 "const gateway = new braintree.BraintreeGateway({", "  accessToken: '%s'" % t, "});",
                 "module.exports = gateway;")
    return case("gateway", "js", text, t, "Braintree (PayPal) production access token")


@secret("payment-key", "plaid")
def s_plaid(i):
    t = rhex(30)
    text = lines("PLAID_ENV=production", "PLAID_CLIENT_ID=%s" % rhex(24), "PLAID_SECRET=%s" % t,
                 "PLAID_PRODUCTS=transactions,auth", "PLAID_COUNTRY_CODES=US,CA")
    return case("plaid", "env", text, t, "Plaid production secret")


@secret("payment-key", "shippo")
def s_shippo(i):
    t = "shippo_live_" + rhex(40)
    text = lines("shipping:", "  provider: shippo", "  api_token: %s" % t,
                 "  default_carrier: usps", "  label_format: PDF_4x6")
    return case("shipping", "yaml", text, t, "Shippo live API token")


@secret("messaging-api-key", "twilio")
def s_twilio(i):
    sid, t = "AC" + rhex(32), rhex(32)
    text = lines("from twilio.rest import Client", "", 'account_sid = "%s"' % sid,
                 'auth_token = "%s"' % t, "client = Client(account_sid, auth_token)", "",
                 "def send_code(to, code):",
                 '    client.messages.create(to=to, from_="+1%s", body=f"Your code is {code}")' % rdigits(10))
    return case("sms", "py", text, t, "Twilio account SID and auth token")


@secret("messaging-api-key", "twilio")
def s_twilio_apikey(i):
    key, t = "SK" + rhex(32), rs(32)
    text = lines("twilio:", "  account_sid: AC%s" % rhex(32), "  api_key: %s" % key,
                 "  api_secret: %s" % t, "  messaging_service: MG%s" % rhex(32))
    return case("twilio", "yaml", text, t, "Twilio API key SID and secret")


@secret("email-api-key", "sendgrid")
def s_sendgrid(i):
    t = "SG.%s.%s" % (rs(22, URLCH), rs(43, URLCH))
    text = lines("<?php", "require 'vendor/autoload.php';", "",
                 "$sendgrid = new \\SendGrid('%s');" % t, "$mail = new \\SendGrid\\Mail\\Mail();",
                 "$mail->setFrom('no-reply@%s', 'Billing');" % domain(),
                 "$sendgrid->send($mail);")
    return case("mailer", "php", text, t, "SendGrid API key")


@secret("email-api-key", "mailgun")
def s_mailgun(i):
    t = "key-" + rhex(32)
    d = domain()
    text = lines("import requests", "", "def send(to, subject, body):", "    return requests.post(",
                 '        "https://api.mailgun.net/v3/mg.%s/messages",' % d,
                 '        auth=("api", "%s"),' % t,
                 '        data={"from": "alerts@%s", "to": to, "subject": subject, "text": body},' % d,
                 "    )")
    return case("mailgun-send", "py", text, t, "Mailgun private API key")


@secret("email-api-key", "mailchimp")
def s_mailchimp(i):
    t = rhex(32) + "-us" + str(R.randint(2, 21))
    text = lines("<?php", "return [", "    'mailchimp' => [", "        'api_key' => '%s'," % t,
                 "        'list_id' => '%s'," % rhex(10), "        'double_opt_in' => true,", "    ],", "];")
    return case("newsletter", "php", text, t, "Mailchimp API key with datacenter suffix")


@secret("email-api-key", "postmark")
def s_postmark(i):
    t = ruuid()
    text = lines("Rails.application.configure do", "  config.action_mailer.delivery_method = :postmark",
                 "  config.action_mailer.postmark_settings = { api_token: '%s' }" % t,
                 "  config.action_mailer.default_url_options = { host: 'app.%s' }" % domain(), "end")
    return case("production", "rb", text, t, "Postmark server API token")


@secret("email-api-key", "brevo")
def s_brevo(i):
    t = "xkeysib-%s-%s" % (rhex(64), rs(16))
    text = lines("MAIL_DRIVER=brevo", "BREVO_API_KEY=%s" % t, "MAIL_FROM_ADDRESS=hello@%s" % domain(),
                 "MAIL_FROM_NAME=\"%s\"" % org().capitalize())
    return case("mail", "env", text, t, "Brevo (Sendinblue) API key")


@secret("ai-api-key", "openai", times=2)
def s_openai(i):
    if i == 0:
        t = "sk-proj-%sT3BlbkFJ%s" % (rs(74, URLCH), rs(74, URLCH))
        nb = {"cells": [{"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": [],
                         "source": ["from openai import OpenAI\n",
                                    "client = OpenAI(api_key=\"%s\")\n" % t,
                                    "resp = client.chat.completions.create(model=\"gpt-4o-mini\", messages=msgs)"]}],
              "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
        return case("summarise-tickets", "ipynb", json.dumps(nb, indent=1), t,
                    "OpenAI project key in a notebook cell")
    t = "sk-%sT3BlbkFJ%s" % (rs(20), rs(20))
    text = lines("OPENAI_API_KEY=%s" % t, "OPENAI_MODEL=gpt-4o", "EMBEDDINGS_MODEL=text-embedding-3-small",
                 "VECTOR_DB_URL=http://localhost:6333")
    return case("rag", "env", text, t, "OpenAI legacy user key")



@secret("messaging-api-key", "firebase")
def s_firebase_fcm(i):
    t = "AAAA%s:APA91b%s" % (rs(7, URLCH), rs(134, URLCH))
    text = lines("export async function push(deviceToken, notification) {",
                 "  const res = await fetch('https://fcm.googleapis.com/fcm/send', {", "    method: 'POST',",
                 "    headers: { Authorization: 'key=%s', 'Content-Type': 'application/json' }," % t,
                 "    body: JSON.stringify({ to: deviceToken, notification }),", "  });", "  return res.ok;", "}")
    return case("push", "js", text, t, "Firebase Cloud Messaging legacy server key")


@secret("ai-api-key", "anthropic")
def s_anthropic(i):
    t = "sk-ant-api03-%sAA" % rs(93, URLCH)
    text = lines("import anthropic", "", 'client = anthropic.Anthropic(api_key="%s")' % t, "",
                 "def classify(text):", "    msg = client.messages.create(",
                 '        model="claude-3-5-sonnet-20241022", max_tokens=64,',
                 '        messages=[{"role": "user", "content": text}])', "    return msg.content[0].text")
    return case("classify", "py", text, t, "Anthropic API key")


@secret("ai-api-key", "huggingface")
def s_hf(i):
    t = "hf_" + rs(34, UPPER + LOWER)
    text = lines("from huggingface_hub import login, snapshot_download", "",
                 'login(token="%s")' % t,
                 'snapshot_download("%s/ner-large", local_dir="models/ner")' % org())
    return case("fetch-model", "py", text, t, "Hugging Face access token")


@secret("ai-api-key", "google", times=2)
def s_gemini(i):
    t = "AIzaSy" + rs(33, URLCH)
    if i == 0:
        text = lines("import google.generativeai as genai", "", 'genai.configure(api_key="%s")' % t,
                     'model = genai.GenerativeModel("gemini-1.5-flash")',
                     'print(model.generate_content("Summarise the release notes").text)')
        return case("release-summary", "py", text, t, "Google (Gemini) API key, server side")
    text = lines("youtube:", "  channel_id: UC%s" % rs(22, URLCH), "  api_key: %s" % t,
                 "  poll_interval: 15m")
    return case("youtube-sync", "yaml", text, t, "Google (YouTube Data) API key in a backend config")



@secret("ai-api-key", "groq")
def s_groq(i):
    t = "gsk_" + rs(52)
    text = lines("from groq import Groq", "", 'client = Groq(api_key="%s")' % t,
                 'out = client.chat.completions.create(model="llama3-70b-8192", messages=history)')
    return case("chat", "py", text, t, "Groq API key")


@secret("ai-api-key", "perplexity")
def s_pplx(i):
    t = "pplx-" + rs(48)
    text = lines("const res = await fetch('https://api.perplexity.ai/chat/completions', {",
                 "  method: 'POST',",
                 "  headers: { Authorization: 'Bearer %s', 'Content-Type': 'application/json' }," % t,
                 "  body: JSON.stringify({ model: 'sonar', messages }),", "});")
    return case("research", "mjs", text, t, "Perplexity API key")


@secret("ai-api-key", "xai")
def s_xai(i):
    t = "xai-" + rs(80)
    text = lines("LLM_PROVIDER=xai", "XAI_API_KEY=%s" % t, "XAI_MODEL=grok-2-1212")
    return case("llm", "env", text, t, "xAI API key")


@secret("ai-api-key", "replicate")
def s_replicate(i):
    t = "r8_" + rs(37)
    text = lines("export REPLICATE_API_TOKEN=%s" % t,
                 "python render.py --model stability-ai/sdxl --prompts prompts.txt")
    text = lines("#!/bin/sh", text)
    return case("render", "sh", text, t, "Replicate API token")


@secret("ai-api-key", "cohere")
def s_cohere(i):
    t = rs(40)
    text = lines("import cohere", "", 'co = cohere.Client("%s")' % t,
                 'res = co.rerank(model="rerank-english-v3.0", query=q, documents=docs, top_n=5)')
    return case("rerank", "py", text, t, "Cohere API key")


@secret("ai-api-key", "azure-openai")
def s_azure_openai(i):
    t = rhex(32)
    text = lines("from openai import AzureOpenAI", "", "client = AzureOpenAI(",
                 '    azure_endpoint="https://%s-oai.openai.azure.com/",' % org(),
                 '    api_key="%s",' % t, '    api_version="2024-02-01",', ")")
    return case("azure-llm", "py", text, t, "Azure OpenAI resource key")


@secret("cloud-credential", "gcp")
def s_gcp_sa(i):
    k = rsa_key(2048)
    keypem = pem("PRIVATE KEY", rsa_pkcs8(k))
    proj = org() + "-prod-" + rdigits(6)
    name = "etl-runner"
    sa = collections.OrderedDict([
        ("type", "service_account"), ("project_id", proj), ("private_key_id", rhex(40)),
        ("private_key", keypem + "\n"),
        ("client_email", "%s@%s.iam.gserviceaccount.com" % (name, proj)),
        ("client_id", rdigits(21)), ("auth_uri", "https://accounts.google.com/o/oauth2/auth"),
        ("token_uri", "https://oauth2.googleapis.com/token"),
        ("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs"),
        ("client_x509_cert_url", "https://www.googleapis.com/robot/v1/metadata/x509/%s%%40%s.iam.gserviceaccount.com" % (name, proj)),
        ("universe_domain", "googleapis.com")])
    text = json.dumps(sa, indent=2)
    return case("gcp-etl-runner", "json", text, "-----BEGIN PRIVATE KEY-----",
                "GCP service-account key file (real RSA-2048 PKCS#8 key)", check=keypem)


@secret("identity-token", "google")
def s_google_oauth(i):
    t = "GOCSPX-" + rs(28, URLCH)
    o = org()
    web = {"web": collections.OrderedDict([
        ("client_id", "%s-%s.apps.googleusercontent.com" % (rdigits(12), rs(32, LOWNUM))),
        ("project_id", o + "-web"), ("auth_uri", "https://accounts.google.com/o/oauth2/auth"),
        ("token_uri", "https://oauth2.googleapis.com/token"), ("client_secret", t),
        ("redirect_uris", ["https://app.%s/oauth/callback" % domain(o)])])}
    return case("client-secret", "json", json.dumps(web, indent=2), t, "Google OAuth client secret")


@secret("cloud-credential", "azure")
def s_azure_storage(i):
    key = rb64(64)
    acct = org() + "prod" + rs(3, LOWER)
    cs = "DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s;EndpointSuffix=core.windows.net" % (acct, key)
    text = json.dumps(collections.OrderedDict([
        ("Logging", {"LogLevel": {"Default": "Information"}}),
        ("ConnectionStrings", {"Blobs": cs}), ("AllowedHosts", "*")]), indent=2)
    return case("appsettings.Production", "json", text, key, "Azure Storage account key connection string")


@secret("cloud-credential", "azure")
def s_azure_servicebus(i):
    key = rb64(32)
    cs = "Endpoint=sb://%s-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=%s" % (org(), key)
    text = json.dumps(collections.OrderedDict([
        ("IsEncrypted", False), ("Values", collections.OrderedDict([
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"),
            ("FUNCTIONS_WORKER_RUNTIME", "dotnet-isolated"), ("ServiceBusConnection", cs)]))]), indent=2)
    return case("local.settings", "json", text, key, "Azure Service Bus SAS key in Functions settings")


@secret("cloud-credential", "azure")
def s_azure_client_secret(i):
    t = rs(3, ALNUM) + str(R.randint(0, 9)) + "Q~" + rs(34, ALNUM + "_~.-")
    text = lines('provider "azurerm" {', "  features {}", '  subscription_id = "%s"' % ruuid(),
                 '  tenant_id       = "%s"' % ruuid(), '  client_id       = "%s"' % ruuid(),
                 '  client_secret   = "%s"' % t, "}")
    return case("azure-provider", "tf", text, t, "Azure AD (Entra) application client secret")


@secret("cloud-credential", "azure")
def s_azure_sas(i):
    sig = urllib.parse.quote(rb64(32), safe="")
    acct = org() + "backups"
    url = ("https://%s.blob.core.windows.net/db-dumps?sv=2022-11-02&ss=b&srt=co&sp=rwdlac"
           "&se=2026-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig=%s" % (acct, sig))
    text = lines("$dump = Join-Path $env:TEMP 'nightly.bak'", "$sas = '%s'" % url,
                 "azcopy copy $dump $sas --overwrite=true", "Remove-Item $dump")
    return case("upload-dump", "ps1", text, sig, "Azure Storage account SAS URL (signed, write access)")


@secret("cloud-credential", "azure")
def s_cosmos(i):
    key = rb64(64)
    text = lines("<configuration>", "  <connectionStrings>",
                 '    <add name="Cosmos" connectionString="AccountEndpoint=https://%s-cosmos.documents.azure.com:443/;AccountKey=%s;" />' % (org(), key),
                 "  </connectionStrings>", "</configuration>")
    return case("Web.Release", "config", text, key, "Azure Cosmos DB account key in web.config")


@secret("cloud-credential", "alibaba")
def s_alibaba(i):
    kid, sk = "LTAI5t" + rs(18), rs(30)
    text = lines("import oss2", "", 'auth = oss2.Auth("%s", "%s")' % (kid, sk),
                 'bucket = oss2.Bucket(auth, "https://oss-cn-hangzhou.aliyuncs.com", "%s-media")' % org(),
                 'bucket.put_object_from_file("reports/daily.csv", "daily.csv")')
    return case("oss-upload", "py", text, sk, "Alibaba Cloud AccessKey pair")


@secret("cloud-credential", "tencent")
def s_tencent(i):
    kid, sk = "AKID" + rs(32), rs(32)
    text = lines("tencentcloud:", "  region: ap-guangzhou", "  secret_id: %s" % kid,
                 "  secret_key: %s" % sk, "  cos_bucket: media-%s" % rdigits(10))
    return case("cos", "yaml", text, sk, "Tencent Cloud SecretId/SecretKey pair")


@secret("cloud-credential", "digitalocean")
def s_do(i):
    t = "dop_v1_" + rhex(64)
    text = lines("access-token: %s" % t, "context: default", "output: text")
    return case("doctl-config", "yaml", text, t, "DigitalOcean personal access token")


@secret("cloud-credential", "cloudflare")
def s_cloudflare(i):
    t = rs(40, URLCH)
    text = lines('provider "cloudflare" {', '  api_token = "%s"' % t, "}", "",
                 'resource "cloudflare_record" "www" {', '  zone_id = "%s"' % rhex(32),
                 '  name    = "www"', '  content = "%s.pages.dev"' % org(), '  type    = "CNAME"',
                 "  proxied = true", "}")
    return case("dns", "tf", text, t, "Cloudflare API token")


@secret("cloud-credential", "heroku")
def s_heroku(i):
    t = "HRKU-AA" + rs(58, URLCH)
    e = email()
    text = lines("machine api.heroku.com", "  login %s" % e, "  password %s" % t,
                 "machine registry.%s" % domain(), "  login ci")
    return case("home", "netrc", text, t, "Heroku API key in .netrc")


@secret("cloud-credential", "databricks")
def s_databricks(i):
    t = "dapi" + rhex(32)
    text = lines("[DEFAULT]", "host  = https://adb-%s.%d.azuredatabricks.net" % (rdigits(16), R.randint(1, 19)),
                 "token = %s" % t, "", "[staging]", "host = https://adb-%s.%d.azuredatabricks.net" % (rdigits(16), R.randint(1, 19)),
                 "auth_type = azure-cli")
    return case("databrickscfg", "ini", text, t, "Databricks personal access token")


@secret("database-credential", "snowflake")
def s_snowflake(i):
    p = pw()
    text = lines("%s:" % org(), "  target: prod", "  outputs:", "    prod:", "      type: snowflake",
                 "      account: %s-%s" % (rs(7, UPPER), rs(7, UPPER)), "      user: DBT_RUNNER",
                 "      password: '%s'" % p, "      role: TRANSFORMER", "      warehouse: TRANSFORMING",
                 "      database: ANALYTICS", "      schema: marts", "      threads: 8")
    return case("dbt-profiles", "yml", text, p, "Snowflake password in dbt profiles.yml")


@secret("database-credential", "mongodb-atlas")
def s_mongo_atlas(i):
    p = pw("alnum")
    url = "mongodb+srv://%s:%s@cluster0.%s.mongodb.net/%s?retryWrites=true&w=majority" % (
        dbuser(), p, rs(5, LOWNUM), dbname())
    text = lines("const mongoose = require('mongoose');", "",
                 "mongoose.connect('%s');" % url, "",
                 "mongoose.connection.on('connected', () => console.log('mongo up'));")
    return case("db", "js", text, p, "MongoDB Atlas connection string with password")


@secret("database-credential", "supabase")
def s_supabase(i):
    ref = rs(20, LOWER)
    iat = epoch()
    t = jwt_hs256({"iss": "supabase", "ref": ref, "role": "service_role", "iat": iat,
                   "exp": iat + 315360000}, rbytes(32))
    text = lines("NEXT_PUBLIC_SUPABASE_URL=https://%s.supabase.co" % ref,
                 "SUPABASE_SERVICE_ROLE_KEY=%s" % t, "CRON_SCHEDULE=\"0 3 * * *\"")
    return case("worker", "env", text, t, "Supabase service_role key (HS256 JWT)")


@secret("database-credential", "planetscale")
def s_planetscale(i):
    p = "pscale_pw_" + rs(43, URLCH)
    text = lines('DATABASE_URL="mysql://%s:%s@aws.connect.psdb.cloud/%s?sslaccept=strict"' % (rs(12, LOWNUM), p, dbname()),
                 "SHADOW_DATABASE_URL=\"mysql://root@localhost:3306/shadow\"", "PRISMA_HIDE_UPDATE_MESSAGE=1")
    return case("prisma", "env", text, p, "PlanetScale password in a DATABASE_URL")


@secret("database-credential", "neon")
def s_neon(i):
    p = "npg_" + rs(12)
    url = "postgresql://%s:%s@ep-%s-%s-%s.%s.aws.neon.tech/%s?sslmode=require" % (
        "neondb_owner", p, R.choice(WORDS), R.choice(WORDS), rs(8, LOWNUM), R.choice(["us-east-2", "eu-central-1"]), dbname())
    text = lines("[database]", 'url = "%s"' % url, "max_connections = 10", "statement_timeout_ms = 5000")
    return case("app", "toml", text, p, "Neon Postgres password in a URL")


@secret("package-registry-token", "npm")
def s_npm(i):
    t = crc_token("npm_")
    text = lines("registry=https://registry.npmjs.org/", "//registry.npmjs.org/:_authToken=%s" % t,
                 "@%s:registry=https://registry.npmjs.org/" % org(), "save-exact=true")
    return case("npmrc", "npmrc", text, t, "npm automation token (with CRC32 checksum)")


@secret("package-registry-token", "pypi")
def s_pypi(i):
    ident = ruuid().encode()
    caveat = json.dumps({"version": 1, "permissions": {"projects": [org() + "-client"]}}).encode()
    mac = (b"\x02\x01\x08pypi.org\x02" + bytes([len(ident)]) + ident + b"\x00\x02"
           + bytes([len(caveat)]) + caveat + b"\x00\x00\x06\x20" + rbytes(32))
    t = "pypi-" + b64u(mac)
    text = lines("[distutils]", "index-servers =", "    pypi", "", "[pypi]", "username = __token__",
                 "password = %s" % t)
    return case("pypirc", "pypirc", text, t, "PyPI API token (macaroon) in .pypirc")


@secret("package-registry-token", "dockerhub")
def s_dockerhub(i):
    t = "dckr_pat_" + rs(27, URLCH)
    text = lines("#!/usr/bin/env bash", "set -e", "TAG=$(git describe --tags)",
                 'echo "%s" | docker login -u %sci --password-stdin' % (t, org()),
                 "docker buildx build --platform linux/amd64,linux/arm64 -t %s/api:$TAG --push ." % org())
    return case("push-image", "sh", text, t, "Docker Hub personal access token")


@secret("package-registry-token", "rubygems")
def s_rubygems(i):
    t = "rubygems_" + rhex(48)
    text = lines("---", ":rubygems_api_key: %s" % t, ":backtrace: false", ":verbose: true")
    return case("gem-credentials", "yaml", text, t, "RubyGems API key")


@secret("package-registry-token", "nuget")
def s_nuget(i):
    t = "oy2" + rs(43, LOWNUM)
    text = lines("param([string]$Version)", "dotnet pack -c Release -p:Version=$Version -o out",
                 "dotnet nuget push out/*.nupkg --api-key %s --source https://api.nuget.org/v3/index.json" % t)
    return case("publish", "ps1", text, t, "NuGet.org API key")


@secret("package-registry-token", "crates.io")
def s_crates(i):
    t = "cio" + rs(32)
    text = lines("[registry]", 'token = "%s"' % t, "", "[registries.%s]" % org(),
                 'credential-provider = "cargo:token"')
    return case("cargo-credentials", "toml", text, t, "crates.io API token")


@secret("package-registry-token", "jfrog")
def s_jfrog(i):
    t = b64("reftkn:01:%s:%s" % (rdigits(10), rs(27)))
    t = t.rstrip("=")
    text = lines("ARTIFACTORY_URL=https://%s.jfrog.io/artifactory" % org(),
                 "ARTIFACTORY_ACCESS_TOKEN=%s" % t, "ARTIFACTORY_REPO=libs-release-local")
    return case("artifactory", "env", text, t, "JFrog Artifactory reference token")


@secret("observability-token", "datadog")
def s_datadog(i):
    t = rhex(32)
    text = lines("api_key: %s" % t, "site: datadoghq.eu", "hostname: web-%02d" % R.randint(1, 20),
                 "logs_enabled: true", "apm_config:", "  enabled: true", "tags:",
                 "  - env:prod", "  - team:platform")
    return case("datadog", "yaml", text, t, "Datadog API key in the agent config")


@secret("observability-token", "sentry")
def s_sentry(i):
    t = "sntryu_" + rhex(64)
    text = lines("[defaults]", "url = https://sentry.io/", "org = %s" % org(), "project = web", "",
                 "[auth]", "token = %s" % t)
    return case("sentryclirc", "ini", text, t, "Sentry user auth token")


@secret("observability-token", "newrelic")
def s_newrelic(i):
    t = "NRAK-" + rs(27, UPPER + DIGITS)
    text = lines('terraform {', '  required_providers {', '    newrelic = { source = "newrelic/newrelic" }', "  }", "}",
                 'provider "newrelic" {', '  account_id = %s' % rdigits(7), '  api_key    = "%s"' % t,
                 '  region     = "US"', "}")
    return case("newrelic", "tf", text, t, "New Relic user API key")


@secret("observability-token", "grafana")
def s_grafana(i):
    t = "glsa_%s_%s" % (rs(32), rhex(8))
    text = lines('provider "grafana" {', '  url  = "https://grafana.%s"' % domain(), '  auth = "%s"' % t, "}")
    text = lines(text, "", 'resource "grafana_folder" "sre" {', '  title = "SRE"', "}")
    return case("grafana", "tf", text, t, "Grafana service-account token")


@secret("observability-token", "dynatrace")
def s_dynatrace(i):
    t = "dt0c01.%s.%s" % (rs(24, UPPER + DIGITS), rs(64, UPPER + DIGITS))
    text = lines("apiVersion: v1", "kind: Secret", "metadata:", "  name: dynakube", "  namespace: dynatrace",
                 "type: Opaque", "stringData:", "  apiToken: %s" % t)
    return case("dynakube", "yaml", text, t, "Dynatrace API token in a Secret's stringData")


@secret("observability-token", "pagerduty")
def s_pagerduty(i):
    t = rs(20, ALNUM + "+_-")
    text = lines("curl -s https://api.pagerduty.com/incidents?statuses[]=triggered \\",
                 "  -H 'Accept: application/vnd.pagerduty+json;version=2' \\",
                 "  -H 'Authorization: Token token=%s' | jq '.incidents[].title'" % t)
    text = lines("#!/bin/sh", text)
    return case("open-incidents", "sh", text, t, "PagerDuty REST API key")


@secret("observability-token", "elastic")
def s_elastic(i):
    t = b64("%s:%s" % (rs(20, URLCH), rs(22, URLCH)))
    text = lines("filebeat.inputs:", "  - type: filestream", "    id: app", "    paths: [/var/log/app/*.log]",
                 "output.elasticsearch:", '  hosts: ["https://%s.es.%s.aws.found.io:443"]' % (rhex(32), region()),
                 '  api_key: "%s"' % t)
    return case("filebeat", "yml", text, t, "Elastic Cloud API key (base64 id:key)")


@secret("devops-token", "hashicorp-vault")
def s_vault(i):
    t = "hvs." + rs(24)
    text = lines("#!/usr/bin/env bash", "export VAULT_ADDR=https://vault.%s:8200" % domain(),
                 "export VAULT_TOKEN=%s" % t, "vault kv get -field=config secret/ci/builder > builder.json")
    return case("fetch-builder-config", "sh", text, t, "HashiCorp Vault service token")


@secret("devops-token", "doppler")
def s_doppler(i):
    t = "dp.st.prd." + rs(43)
    text = lines("name: build", "on: [push]", "jobs:", "  build:", "    runs-on: ubuntu-22.04", "    env:",
                 "      DOPPLER_TOKEN: %s" % t, "    steps:", "      - uses: actions/checkout@v4",
                 "      - uses: dopplerhq/cli-action@v3", "      - run: doppler run -- npm run build")
    return case("build", "yml", text, t, "Doppler service token hardcoded in a workflow")


@secret("devops-token", "1password")
def s_1password(i):
    payload = collections.OrderedDict([
        ("signInAddress", "my.1password.com"),
        ("userAuth", {"method": "SRPg-4096", "alg": "PBES2g-HS256", "iterations": 650000, "salt": rb64(16, True, False)}),
        ("email", "%s@1passwordserviceaccounts.com" % rs(13, LOWNUM)), ("srpX", rhex(64)),
        ("muk", {"alg": "A256GCM", "ext": True, "k": rb64(32, True, False), "key_ops": ["encrypt", "decrypt"], "kty": "oct", "kid": "mp"}),
        ("secretKey", "A3-%s-%s-%s-%s-%s-%s" % (rs(6, UPPER + DIGITS), rs(6, UPPER + DIGITS), rs(5, UPPER + DIGITS), rs(5, UPPER + DIGITS), rs(5, UPPER + DIGITS), rs(5, UPPER + DIGITS))),
        ("deviceUuid", rs(26, LOWNUM))])
    t = "ops_" + b64u(json.dumps(payload, separators=(",", ":")))
    text = lines("version: 2.1", "jobs:", "  deploy:", "    docker: [{image: cimg/base:2024.05}]",
                 "    environment:", "      OP_SERVICE_ACCOUNT_TOKEN: %s" % t,
                 "    steps:", "      - checkout", "      - run: op run --env-file=.env.op -- ./deploy.sh")
    return case("circleci-config", "yml", text, t, "1Password service-account token")


@secret("devops-token", "terraform-cloud")
def s_tfc(i):
    t = "%s.atlasv1.%s" % (rs(14), rs(67))
    text = json.dumps({"credentials": {"app.terraform.io": {"token": t}}}, indent=2)
    return case("credentials.tfrc", "json", text, t, "Terraform Cloud user token")


@secret("devops-token", "pulumi")
def s_pulumi(i):
    t = "pul-" + rhex(40)
    text = lines("deploy:", "  image: pulumi/pulumi-nodejs:3.115.0", "  variables:",
                 "    PULUMI_ACCESS_TOKEN: %s" % t, "  script:", "    - npm ci",
                 "    - pulumi stack select %s/prod" % org(), "    - pulumi up --yes")
    return case("gitlab-ci-deploy", "yml", text, t, "Pulumi access token in CI variables")


@secret("devops-token", "buildkite")
def s_buildkite(i):
    t = "bkua_" + rhex(40)
    text = lines("#!/bin/bash", "# retry the failed jobs of the last main build",
                 "BK_TOKEN=%s" % t,
                 'curl -s -H "Authorization: Bearer $BK_TOKEN" \\',
                 '  "https://api.buildkite.com/v2/organizations/%s/pipelines/app/builds?branch=main&per_page=1"' % org())
    return case("retry-failed", "sh", text, t, "Buildkite API access token")


@secret("devops-token", "netlify")
def s_netlify(i):
    t = "nfp_" + rs(40)
    text = lines("name: preview", "on: pull_request", "jobs:", "  deploy:", "    runs-on: ubuntu-22.04",
                 "    steps:", "      - uses: actions/checkout@v4", "      - run: npm ci && npm run build",
                 "      - run: npx netlify deploy --dir=dist --site %s --auth %s" % (ruuid(), t))
    return case("preview", "yml", text, t, "Netlify personal access token on a CLI line")


@secret("devops-token", "render")
def s_render(i):
    t = "rnd_" + rs(32)
    text = lines("import requests", "", 'RENDER_API_KEY = "%s"' % t,
                 'SERVICE = "srv-%s"' % rs(20, LOWNUM), "",
                 'requests.post(f"https://api.render.com/v1/services/{SERVICE}/deploys",',
                 '              headers={"Authorization": f"Bearer {RENDER_API_KEY}"})')
    return case("trigger-deploy", "py", text, t, "Render API key")


@secret("devops-token", "tailscale")
def s_tailscale(i):
    t = "tskey-auth-k%sCNTRL-%s" % (rs(7), rs(33))
    text = lines("#cloud-config", "package_update: true", "runcmd:",
                 "  - curl -fsSL https://tailscale.com/install.sh | sh",
                 "  - tailscale up --authkey=%s --ssh --advertise-tags=tag:server" % t)
    return case("cloud-init", "yaml", text, t, "Tailscale auth key in cloud-init")


@secret("devops-token", "ngrok")
def s_ngrok(i):
    t = "2%s_%s" % (rs(26), rs(21))
    text = lines('version: "2"', "authtoken: %s" % t, "tunnels:", "  web:", "    proto: http",
                 "    addr: 3000")
    return case("ngrok", "yml", text, t, "ngrok authtoken")


@secret("devops-token", "sonarqube")
def s_sonar(i):
    t = "squ_" + rhex(40)
    text = lines("sonar.projectKey=%s_api" % org(), "sonar.host.url=https://sonar.%s" % domain(),
                 "sonar.token=%s" % t, "sonar.sources=src", "sonar.exclusions=**/generated/**")
    return case("sonar-project", "properties", text, t, "SonarQube user token")


@secret("devops-token", "snyk")
def s_snyk(i):
    t = ruuid()
    text = lines("pipeline {", "  agent any", "  environment {", "    SNYK_TOKEN = '%s'" % t, "  }",
                 "  stages {", "    stage('deps') { steps { sh 'snyk monitor --all-projects' } }", "  }", "}")
    return case("deps-jenkinsfile", "groovy", text, t, "Snyk API token in a Jenkinsfile")


@secret("devops-token", "postman")
def s_postman(i):
    t = "PMAK-%s-%s" % (rhex(24), rhex(34))
    text = lines('{', '  "scripts": {',
                 '    "api:check": "newman run https://api.getpostman.com/collections/%s?apikey=%s -e env/prod.json"' % (ruuid(), t),
                 '  }', '}')
    return case("package", "json", text, t, "Postman API key in a collection URL")


@secret("devops-token", "launchdarkly")
def s_launchdarkly(i):
    t = "sdk-" + ruuid()
    text = lines("package flags", "", 'import ld "github.com/launchdarkly/go-server-sdk/v7"', "",
                 'const sdkKey = "%s"' % t, "",
                 "func New() (*ld.LDClient, error) {", "\treturn ld.MakeClient(sdkKey, 5*time.Second)", "}")
    return case("flags", "go", text, t, "LaunchDarkly server-side SDK key")


@secret("devops-token", "confluent")
def s_confluent(i):
    k, s = rs(16, UPPER + DIGITS), rs(64, ALNUM + "+/")
    text = lines("bootstrap.servers=pkc-%s.%s.aws.confluent.cloud:9092" % (rs(5, LOWNUM), region()),
                 "security.protocol=SASL_SSL", "sasl.mechanisms=PLAIN",
                 "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username='%s' password='%s';" % (k, s),
                 "client.dns.lookup=use_all_dns_ips")
    return case("kafka-client", "properties", text, s, "Confluent Cloud API key and secret")


@secret("secrets-manager-token", "age")
def s_age(i):
    seed = rbytes(32)
    sk = bech32("age-secret-key-", seed).upper()
    pk = bech32("age", x25519(seed))
    text = lines("# created: 2024-03-%02dT10:%02d:%02d+01:00" % (R.randint(1, 28), R.randint(0, 59), R.randint(0, 59)),
                 "# public key: %s" % pk, sk)
    return case("sops-age-keys", "txt", text, sk, "age X25519 identity (SOPS key file)")


@secret("identity-token", "okta")
def s_okta(i):
    t = "00" + rs(40, URLCH)
    text = lines("#!/bin/sh", "OKTA=https://%s.okta.com" % org(),
                 "curl -s -H 'Accept: application/json' -H 'Authorization: SSWS %s' \\" % t,
                 '  "$OKTA/api/v1/users?filter=status+eq+%22LOCKED_OUT%22"')
    return case("locked-users", "sh", text, t, "Okta API token (SSWS)")


@secret("identity-token", "auth0")
def s_auth0(i):
    t = rs(64, URLCH)
    text = lines("AUTH0_DOMAIN=%s.eu.auth0.com" % org(), "AUTH0_CLIENT_ID=%s" % rs(32),
                 "AUTH0_CLIENT_SECRET=%s" % t, "AUTH0_AUDIENCE=https://api.%s" % domain())
    return case("auth", "env", text, t, "Auth0 application client secret")


@secret("saas-api-token", "linear")
def s_linear(i):
    t = "lin_api_" + rs(40)
    text = lines("import { LinearClient } from '@linear/sdk';", "",
                 "const linear = new LinearClient({ apiKey: '%s' });" % t, "",
                 "export async function openBugs() {",
                 "  return linear.issues({ filter: { labels: { name: { eq: 'bug' } } } });", "}")
    return case("linear", "ts", text, t, "Linear personal API key")


@secret("saas-api-token", "notion")
def s_notion(i):
    t = "ntn_%s%s" % (rdigits(11), rs(35))
    text = lines("const { Client } = require('@notionhq/client');", "",
                 "const notion = new Client({ auth: '%s' });" % t,
                 "const DB = '%s';" % rhex(32), "", "module.exports = { notion, DB };")
    return case("notion", "js", text, t, "Notion integration token")


@secret("saas-api-token", "atlassian")
def s_atlassian(i):
    t = "ATATT3xFfGF0%s=%s" % (rs(171, URLCH), rhex(8, True))
    text = lines("from jira import JIRA", "", "jira = JIRA(", '    server="https://%s.atlassian.net",' % org(),
                 '    basic_auth=("%s", "%s"),' % (email(), t), ")",
                 'issues = jira.search_issues("project = OPS AND status = Open")')
    return case("jira-report", "py", text, t, "Atlassian API token")


@secret("saas-api-token", "asana")
def s_asana(i):
    t = "2/%s/%s:%s" % (rdigits(16), rdigits(16), rhex(32))
    text = lines("import asana", "", "cfg = asana.Configuration()", 'cfg.access_token = "%s"' % t,
                 "client = asana.ApiClient(cfg)")
    return case("asana-sync", "py", text, t, "Asana personal access token")


@secret("saas-api-token", "airtable")
def s_airtable(i):
    t = "pat%s.%s" % (rs(14), rhex(64))
    text = lines("import Airtable from 'airtable';", "",
                 "const base = new Airtable({ apiKey: '%s' }).base('app%s');" % (t, rs(14)),
                 "export const leads = base('Leads');")
    return case("airtable", "js", text, t, "Airtable personal access token")


@secret("saas-api-token", "figma")
def s_figma(i):
    t = "figd_" + rs(40, URLCH)
    text = lines("#!/bin/sh", "FILE=%s" % rs(22),
                 "curl -s -H 'X-Figma-Token: %s' \\" % t,
                 '  "https://api.figma.com/v1/files/$FILE" > design/tokens.raw.json')
    return case("pull-design", "sh", text, t, "Figma personal access token")


@secret("saas-api-token", "dropbox")
def s_dropbox(i):
    t = "sl.B" + rs(134, URLCH)
    text = lines("import dropbox", "", 'dbx = dropbox.Dropbox("%s")' % t,
                 'with open("export.zip", "rb") as f:', '    dbx.files_upload(f.read(), "/exports/export.zip")')
    return case("export", "py", text, t, "Dropbox access token")


@secret("saas-api-token", "intercom")
def s_intercom(i):
    t = b64("tok:%s:1:0" % ruuid()).rstrip("=")
    text = lines("require 'intercom'", "", "INTERCOM = Intercom::Client.new(token: '%s')" % t)
    return case("intercom", "rb", text, t, "Intercom access token")


@secret("saas-api-token", "contentful")
def s_contentful(i):
    t = "CFPAT-" + rs(43, URLCH)
    text = json.dumps({"managementToken": t, "activeSpaceId": rs(12, LOWNUM), "activeEnvironmentId": "master"}, indent=2)
    return case("contentfulrc", "json", text, t, "Contentful management token")


@secret("saas-api-token", "hubspot")
def s_hubspot(i):
    t = "pat-na1-" + ruuid()
    text = lines("import hubspot", "", 'client = hubspot.Client.create(access_token="%s")' % t,
                 "contacts = client.crm.contacts.get_all()")
    return case("crm-export", "py", text, t, "HubSpot private app token")


@secret("saas-api-token", "salesforce")
def s_salesforce(i):
    t = "00D%s!%s" % (rs(12), rs(96, ALNUM + "._"))
    text = lines("from simple_salesforce import Salesforce", "",
                 'sf = Salesforce(instance_url="https://%s.my.salesforce.com",' % org(),
                 '                session_id="%s")' % t, 'rows = sf.query_all("SELECT Id, Name FROM Account")')
    return case("accounts", "py", text, t, "Salesforce session (access) token")


@secret("saas-api-token", "shopify", times=2)
def s_shopify(i):
    t = ("shpat_" if i == 0 else "shpss_") + rhex(32)
    if i == 0:
        text = lines("SHOPIFY_STORE=%s.myshopify.com" % org(), "SHOPIFY_ADMIN_TOKEN=%s" % t,
                     "SHOPIFY_API_VERSION=2024-04")
        return case("shop", "env", text, t, "Shopify Admin API access token")
    text = lines("[app]", 'client_id = "%s"' % rhex(32), 'client_secret = "%s"' % t,
                 'application_url = "https://apps.%s"' % domain())
    return case("shopify-app", "toml", text, t, "Shopify app shared secret")



@secret("saas-api-token", "algolia")
def s_algolia(i):
    t = rhex(32)
    text = lines("const algoliasearch = require('algoliasearch');", "",
                 "const client = algoliasearch('%s', '%s');" % (rs(10, UPPER + DIGITS), t),
                 "const index = client.initIndex('products');",
                 "index.saveObjects(require('./products.json'), { autoGenerateObjectIDIfNotExist: true });")
    return case("reindex", "js", text, t, "Algolia admin API key in a server-side indexing job")


@secret("saas-api-token", "mapbox")
def s_mapbox(i):
    u = org()
    t = "sk." + b64u(json.dumps({"u": u, "a": rs(25, LOWNUM)}, separators=(",", ":"))) + "." + rs(22, URLCH)
    text = lines("import requests", "", 'MAPBOX_TOKEN = "%s"' % t,
                 'r = requests.post(f"https://api.mapbox.com/uploads/v1/%s?access_token={MAPBOX_TOKEN}", json=job)' % u)
    return case("tiles-upload", "py", text, t, "Mapbox secret (sk.) token")


@secret("saas-api-token", "twitter")
def s_twitter(i):
    t = "A" * 21 + rs(8) + "A" * 6 + rs(19) + "%3D" + rs(50)
    text = lines("import tweepy", "", 'client = tweepy.Client(bearer_token="%s")' % t,
                 'tweets = client.search_recent_tweets("%s -is:retweet", max_results=50)' % org())
    return case("mentions", "py", text, t, "X/Twitter app bearer token")


@secret("saas-api-token", "facebook")
def s_facebook(i):
    t = "EAAG" + rs(180)
    text = lines("<?php", "$pageToken = '%s';" % t,
                 "$url = 'https://graph.facebook.com/v19.0/me/feed?access_token=' . $pageToken;",
                 "$posts = json_decode(file_get_contents($url), true);")
    return case("page-feed", "php", text, t, "Facebook page access token")


@secret("saas-api-token", "cloudinary")
def s_cloudinary(i):
    s = rs(27, URLCH)
    text = lines("CLOUDINARY_URL=cloudinary://%s:%s@%s" % (rdigits(15), s, org()), "UPLOAD_PRESET=avatars",
                 "MAX_UPLOAD_MB=10")
    return case("media", "env", text, s, "Cloudinary API secret in CLOUDINARY_URL")


@secret("saas-api-token", "prefect")
def s_prefect(i):
    t = "pnu_" + rs(36)
    text = lines('active = "cloud"', "", "[profiles.cloud]",
                 'PREFECT_API_URL = "https://api.prefect.cloud/api/accounts/%s/workspaces/%s"' % (ruuid(), ruuid()),
                 'PREFECT_API_KEY = "%s"' % t)
    return case("prefect-profiles", "toml", text, t, "Prefect Cloud API key")


@secret("saas-api-token", "fastly")
def s_fastly(i):
    t = rs(32, URLCH)
    text = lines("#!/bin/sh", "# purge everything after a release",
                 "curl -s -X POST -H 'Fastly-Key: %s' \\" % t,
                 "  https://api.fastly.com/service/%s/purge_all" % rs(22))
    return case("purge-cdn", "sh", text, t, "Fastly API token")


# ================================================================ secrets: everyday credentials

DB = "database-credential"
SVC = "service-credential"
APPKEY = "app-signing-key"
PRIV = "private-key"
JWT = "jwt"
REG = "registry-credential"
HTTPC = "http-credential"
APIKEY = "generic-api-key"
NOSEMI = "!*-_.~"


@secret(DB, "postgresql")
def e_spring_properties(i):
    p = pw()
    text = lines("spring.application.name=orders-service", "server.port=8080",
                 "spring.datasource.url=jdbc:postgresql://%s:5432/%s" % (rds_host(), dbname()),
                 "spring.datasource.username=%s" % dbuser(), "spring.datasource.password=%s" % p,
                 "spring.jpa.hibernate.ddl-auto=validate", "management.endpoints.web.exposure.include=health,info")
    return case("application-prod", "properties", text, p, "Spring datasource password")


@secret(DB, "mysql")
def e_spring_yaml(i):
    p = pw()
    text = lines("spring:", "  datasource:", "    url: jdbc:mysql://%s:3306/%s?useSSL=true" % (int_host("mysql"), dbname()),
                 "    username: %s" % dbuser(), "    password: '%s'" % p, "    hikari:",
                 "      maximum-pool-size: 20", "  jpa:", "    open-in-view: false")
    return case("application", "yml", text, p, "Spring datasource password (YAML)")


@secret(SVC, "smtp")
def e_spring_mail(i):
    p = pw()
    text = lines("spring.mail.host=smtp.office365.com", "spring.mail.port=587",
                 "spring.mail.username=notifications@%s" % domain(), "spring.mail.password=%s" % p,
                 "spring.mail.properties.mail.smtp.auth=true", "spring.mail.properties.mail.smtp.starttls.enable=true")
    return case("mail", "properties", text, p, "SMTP password in Spring mail settings")


@secret(SVC, "rabbitmq")
def e_spring_rabbit(i):
    p = pw()
    text = lines("spring:", "  rabbitmq:", "    host: %s" % int_host("rabbitmq"), "    port: 5672",
                 "    username: orders", "    password: \"%s\"" % p, "    virtual-host: /orders",
                 "  cloud:", "    stream:", "      default-binder: rabbit")
    return case("application-messaging", "yaml", text, p, "RabbitMQ password in Spring config")


@secret(DB, "postgresql")
def e_django_db(i):
    p = pw()
    text = lines("from .base import *  # noqa", "", "DEBUG = False", "ALLOWED_HOSTS = ['app.%s']" % domain(), "",
                 "DATABASES = {", "    'default': {", "        'ENGINE': 'django.db.backends.postgresql',",
                 "        'NAME': '%s'," % dbname(), "        'USER': '%s'," % dbuser(), "        'PASSWORD': '%s'," % p,
                 "        'HOST': '%s'," % rds_host(), "        'PORT': '5432',", "    }", "}")
    return case("settings-production", "py", text, p, "Django DATABASES password")


@secret(SVC, "smtp")
def e_django_email(i):
    p = pw()
    text = lines("EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'", "EMAIL_HOST = 'smtp.sendgrid.net'",
                 "EMAIL_PORT = 587", "EMAIL_USE_TLS = True", "EMAIL_HOST_USER = 'apikey-%s'" % org(),
                 "EMAIL_HOST_PASSWORD = '%s'" % p, "DEFAULT_FROM_EMAIL = 'support@%s'" % domain())
    return case("email-settings", "py", text, p, "Django SMTP password")


@secret(APPKEY, "django")
def e_django_secret(i):
    k = rs(50, LOWER + DIGITS + "!@#%^&*(-_=+)")
    text = lines("import os", "", "BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))",
                 "SECRET_KEY = '%s'" % k, "DEBUG = False", "ALLOWED_HOSTS = ['%s']" % domain(),
                 "INSTALLED_APPS += ['storages']")
    return case("settings", "py", text, k, "Django SECRET_KEY (get_random_secret_key charset)")


@secret(DB, "postgresql")
def e_rails_dbyml(i):
    p = pw()
    text = lines("default: &default", "  adapter: postgresql", "  encoding: unicode",
                 "  pool: <%= ENV.fetch(\"RAILS_MAX_THREADS\") { 5 } %>", "", "production:", "  <<: *default",
                 "  host: %s" % rds_host(), "  database: %s_production" % dbname(), "  username: %s" % dbuser(),
                 "  password: %s" % p)
    return case("database", "yml", text, p, "Rails database.yml production password")


@secret(APPKEY, "rails")
def e_rails_secrets(i):
    k = rhex(128)
    text = lines("development:", "  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>", "", "production:",
                 "  secret_key_base: %s" % k)
    return case("secrets", "yml", text, k, "Rails secret_key_base for production")


@secret(DB, "mysql")
def e_laravel_db(i):
    p = pw(syms="!*-_.+~")
    text = lines("APP_NAME=%s" % org().capitalize(), "APP_ENV=production", "APP_DEBUG=false",
                 "APP_URL=https://%s" % domain(), "", "DB_CONNECTION=mysql", "DB_HOST=%s" % int_host("mysql"),
                 "DB_PORT=3306", "DB_DATABASE=%s" % dbname(), "DB_USERNAME=%s" % dbuser(), "DB_PASSWORD=%s" % p,
                 "", "CACHE_DRIVER=redis", "QUEUE_CONNECTION=redis")
    return case("laravel", "env", text, p, "Laravel DB_PASSWORD")


@secret(SVC, "smtp")
def e_laravel_mail(i):
    p = pw()
    text = lines("MAIL_MAILER=smtp", "MAIL_HOST=smtp.mailgun.org", "MAIL_PORT=587",
                 "MAIL_USERNAME=postmaster@mg.%s" % domain(), "MAIL_PASSWORD=%s" % p, "MAIL_ENCRYPTION=tls")
    return case("mail", "env", text, p, "SMTP password in a Laravel .env")


@secret(APPKEY, "laravel")
def e_laravel_key(i):
    k = "base64:" + rb64(32)
    text = lines("APP_NAME=Portal", "APP_ENV=production", "APP_KEY=%s" % k, "APP_DEBUG=false",
                 "LOG_CHANNEL=stack")
    return case("portal", "env", text, k, "Laravel APP_KEY (encryption key)")


@secret(DB, "postgresql")
def e_node_config_json(i):
    p = pw()
    cfg = collections.OrderedDict([
        ("port", 3000), ("db", collections.OrderedDict([("host", rds_host()), ("port", 5432),
                                                        ("database", dbname()), ("user", dbuser()), ("password", p)])),
        ("logLevel", "info")])
    return case("production", "json", json.dumps(cfg, indent=2), p, "node-config production DB password")


@secret(DB, "postgresql")
def e_knexfile(i):
    p = pw()
    text = lines("module.exports = {", "  production: {", "    client: 'pg',", "    connection: {",
                 "      host: '%s'," % int_host(), "      database: '%s'," % dbname(), "      user: '%s'," % dbuser(),
                 "      password: '%s'," % p, "    },", "    pool: { min: 2, max: 10 },",
                 "    migrations: { tableName: 'knex_migrations' },", "  },", "};")
    return case("knexfile", "js", text, p, "knex production connection password")


@secret(SVC, "smtp")
def e_nodemailer(i):
    p = pw()
    text = lines("import nodemailer from 'nodemailer';", "", "export const transport = nodemailer.createTransport({",
                 "  host: 'smtp.%s'," % domain(), "  port: 465,", "  secure: true,",
                 "  auth: { user: 'mailer@%s', pass: '%s' }," % (domain(), p), "});")
    return case("mailer", "mjs", text, p, "SMTP password in a nodemailer transport")


@secret(DB, "mysql")
def e_sequelize(i):
    p = pw()
    cfg = collections.OrderedDict([
        ("development", collections.OrderedDict([("username", "root"), ("password", None), ("database", "app_dev"),
                                                 ("host", "127.0.0.1"), ("dialect", "mysql")])),
        ("production", collections.OrderedDict([("username", dbuser()), ("password", p), ("database", dbname()),
                                                ("host", int_host("mysql")), ("dialect", "mysql")]))])
    return case("sequelize-config", "json", json.dumps(cfg, indent=2), p, "Sequelize production password")


@secret(DB, "sqlserver")
def e_appsettings_sql(i):
    p = pw(syms=NOSEMI)
    cs = "Server=tcp:%s-sql.database.windows.net,1433;Initial Catalog=%s;User ID=%s;Password=%s;Encrypt=True;" % (
        org(), dbname(), dbuser(), p)
    cfg = collections.OrderedDict([("ConnectionStrings", {"Default": cs}),
                                   ("Logging", {"LogLevel": {"Default": "Warning"}}), ("AllowedHosts", "*")])
    return case("appsettings", "json", json.dumps(cfg, indent=2), p, "SQL Server password in appsettings.json")


@secret(DB, "sqlserver")
def e_webconfig(i):
    p = pw(syms=NOSEMI)
    text = lines('<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <connectionStrings>",
                 '    <add name="Crm" providerName="System.Data.SqlClient"',
                 '         connectionString="Data Source=%s;Initial Catalog=%s;User Id=%s;Password=%s;" />' % (
                     int_host("sql"), dbname(), dbuser(), p),
                 "  </connectionStrings>", "  <appSettings>", '    <add key="Environment" value="Production" />',
                 "  </appSettings>", "</configuration>")
    return case("Web", "config", text, p, "SQL Server password in web.config")


@secret(SVC, "smtp")
def e_appsettings_smtp(i):
    p = pw()
    cfg = collections.OrderedDict([("Smtp", collections.OrderedDict([
        ("Host", "smtp.%s" % domain()), ("Port", 587), ("User", "noreply"), ("Password", p), ("EnableSsl", True)]))])
    return case("appsettings.Production", "json", json.dumps(cfg, indent=2), p, "SMTP password in appsettings")


@secret(DB, "postgresql")
def e_go_sqlopen(i):
    p = pw("alnum")
    text = lines("package store", "", "import (", '\t"database/sql"', "", '\t_ "github.com/lib/pq"', ")", "",
                 "func Open() (*sql.DB, error) {",
                 '\treturn sql.Open("postgres", "postgres://%s:%s@%s:5432/%s?sslmode=require")' % (dbuser(), p, int_host(), dbname()),
                 "}")
    return case("store", "go", text, p, "Postgres URL with password in Go source")


@secret(DB, "mysql")
def e_go_mysql_dsn(i):
    p = pw(syms="!*-_.~")
    text = lines("package main", "", "const dsn = \"%s:%s@tcp(%s:3306)/%s?parseTime=true\"" % (dbuser(), p, int_host("mysql"), dbname()),
                 "", "func main() {", "\tdb := mustOpen(dsn)", "\tdefer db.Close()", "\trunMigrations(db)", "}")
    return case("migrate", "go", text, p, "MySQL DSN with password in Go")


@secret(DB, "oracle")
def e_java_jdbc(i):
    p = pw()
    text = lines("import java.sql.Connection;", "import java.sql.DriverManager;", "",
                 "public final class LegacyDb {", "    public static Connection open() throws Exception {",
                 '        return DriverManager.getConnection(',
                 '            "jdbc:oracle:thin:@%s:1521/ORCLPDB1", "%s", "%s");' % (int_host("ora"), dbuser().upper(), p),
                 "    }", "}")
    return case("LegacyDb", "java", text, p, "Oracle JDBC password in Java")


@secret(SVC, "ldap")
def e_java_ldap(i):
    p = pw()
    dc = org()
    text = lines("Hashtable<String, String> env = new Hashtable<>();",
                 'env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");',
                 'env.put(Context.PROVIDER_URL, "ldaps://ldap.%s.com:636");' % dc,
                 'env.put(Context.SECURITY_PRINCIPAL, "cn=svc-portal,ou=services,dc=%s,dc=com");' % dc,
                 'env.put(Context.SECURITY_CREDENTIALS, "%s");' % p, "DirContext ctx = new InitialDirContext(env);")
    return case("DirectoryClient", "java", text, p, "LDAP bind password in Java JNDI")


@secret(DB, "postgresql")
def e_kotlin_exposed(i):
    p = pw()
    text = lines("import org.jetbrains.exposed.sql.Database", "", "object Db {", "    fun connect() = Database.connect(",
                 '        url = "jdbc:postgresql://%s:5432/%s",' % (int_host(), dbname()),
                 '        driver = "org.postgresql.Driver",', '        user = "%s",' % dbuser(),
                 '        password = "%s"' % p, "    )", "}")
    return case("Db", "kt", text, p, "Exposed Database.connect password")


@secret(DB, "postgresql")
def e_scala_hocon(i):
    p = pw()
    text = lines("slick.dbs.default {", '  profile = "slick.jdbc.PostgresProfile$"', "  db {",
                 '    url = "jdbc:postgresql://%s/%s"' % (int_host(), dbname()), '    user = "%s"' % dbuser(),
                 '    password = "%s"' % p, "    numThreads = 10", "  }", "}")
    return case("application", "conf", text, p, "Slick DB password in HOCON")


@secret(APIKEY, "internal-api")
def e_swift(i):
    k = rs(40)
    text = lines("import Foundation", "", "enum Backend {", '    static let baseURL = URL(string: "https://api.%s/v2")!' % domain(),
                 '    static let apiKey = "%s"' % k, "}", "",
                 "func authorized(_ r: inout URLRequest) {", '    r.setValue(Backend.apiKey, forHTTPHeaderField: "X-Api-Key")', "}")
    return case("Backend", "swift", text, k, "Backend API key hardcoded in an iOS app")


@secret(DB, "postgresql")
def e_rust_sqlx(i):
    p = pw("alnum")
    text = lines("use sqlx::postgres::PgPoolOptions;", "", "pub async fn pool() -> sqlx::Result<sqlx::PgPool> {",
                 "    PgPoolOptions::new()", "        .max_connections(8)",
                 '        .connect("postgres://%s:%s@%s/%s")' % (dbuser(), p, int_host(), dbname()), "        .await", "}")
    return case("db", "rs", text, p, "Postgres URL with password in Rust")


@secret(DB, "mysql")
def e_php_pdo(i):
    p = pw()
    text = lines("<?php", "$dsn = 'mysql:host=%s;dbname=%s;charset=utf8mb4';" % (int_host("mysql"), dbname()),
                 "$pdo = new PDO($dsn, '%s', '%s', [" % (dbuser(), p),
                 "    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,", "]);")
    return case("db", "php", text, p, "PDO password in PHP")


@secret(DB, "mysql")
def e_wpconfig(i):
    p = pw()
    text = lines("<?php", "define( 'DB_NAME', 'wp_%s' );" % org(), "define( 'DB_USER', 'wp_%s' );" % rs(5, LOWER),
                 "define( 'DB_PASSWORD', '%s' );" % p, "define( 'DB_HOST', '%s' );" % int_host("mysql"),
                 "define( 'DB_CHARSET', 'utf8mb4' );", "$table_prefix = 'wp_';")
    return case("wp-config", "php", text, p, "WordPress DB_PASSWORD")


@secret(DB, "postgresql")
def e_perl_dbi(i):
    p = pw(syms="!*-_.+=~")
    text = lines("use strict;", "use warnings;", "use DBI;", "",
                 "my $dbh = DBI->connect('dbi:Pg:dbname=%s;host=%s', '%s', '%s'," % (dbname(), int_host(), dbuser(), p),
                 "    { RaiseError => 1, AutoCommit => 0 });")
    return case("nightly-report", "pl", text, p, "Perl DBI connect password")


@secret(DB, "postgresql")
def e_ipynb_psycopg(i):
    p = pw()
    nb = {"cells": [{"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
                     "source": ["import pandas as pd, psycopg2\n",
                                "conn = psycopg2.connect(host=\"%s\", dbname=\"%s\", user=\"%s\", password=\"%s\")\n" % (rds_host(), dbname(), dbuser(), p),
                                "df = pd.read_sql(\"select * from orders where created_at > now() - interval '7 days'\", conn)"]}],
          "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    return case("weekly-orders", "ipynb", json.dumps(nb, indent=1), p, "psycopg2 password in a notebook")


@secret(DB, "mysql")
def e_sqlalchemy(i):
    p = pw("alnum")
    text = lines("from sqlalchemy import create_engine", "",
                 'engine = create_engine("mysql+pymysql://%s:%s@%s:3306/%s", pool_pre_ping=True)' % (dbuser(), p, int_host("mysql"), dbname()),
                 "", "def rows(sql):", "    with engine.connect() as c:", "        return c.execute(sql).fetchall()")
    return case("warehouse", "py", text, p, "SQLAlchemy URL with password")


@secret(SVC, "redis")
def e_redis_py(i):
    p = pw("alnum")
    text = lines("import redis", "", "cache = redis.Redis(", '    host="%s",' % int_host("redis"), "    port=6379,",
                 '    password="%s",' % p, "    ssl=True,", ")")
    return case("cache", "py", text, p, "Redis password in redis-py")


@secret(SVC, "rabbitmq")
def e_pika(i):
    p = pw()
    text = lines("import pika", "", 'creds = pika.PlainCredentials("events", "%s")' % p,
                 'params = pika.ConnectionParameters("%s", 5672, "/events", creds)' % int_host("rabbitmq"),
                 "channel = pika.BlockingConnection(params).channel()")
    return case("consumer", "py", text, p, "RabbitMQ credentials in pika")


@secret(SVC, "ftp")
def e_ftplib(i):
    p = pw()
    text = lines("from ftplib import FTP_TLS", "", 'ftp = FTP_TLS("ftp.%s")' % domain(),
                 'ftp.login("edi_upload", "%s")' % p, "ftp.prot_p()",
                 'with open("invoices.csv", "rb") as f:', '    ftp.storbinary("STOR inbound/invoices.csv", f)')
    return case("edi-upload", "py", text, p, "FTP login password")


@secret(SVC, "smtp")
def e_smtplib(i):
    p = pw()
    text = lines("import smtplib", "from email.message import EmailMessage", "",
                 "def send(msg: EmailMessage):", '    with smtplib.SMTP("smtp.gmail.com", 587) as s:', "        s.starttls()",
                 '        s.login("reports@%s", "%s")' % (domain(), p), "        s.send_message(msg)")
    return case("report-mailer", "py", text, p, "SMTP login password in smtplib")


@secret(SVC, "ssh")
def e_paramiko(i):
    p = pw()
    text = lines("import paramiko", "", "ssh = paramiko.SSHClient()", "ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())",
                 'ssh.connect("%s", username="deploy", password="%s")' % (int_host("app"), p),
                 'ssh.exec_command("sudo systemctl restart app")')
    return case("restart", "py", text, p, "SSH password in paramiko")


@secret(DB, "postgresql")
def e_helm_pg(i):
    p = pw()
    text = lines("global:", "  storageClass: gp3", "postgresql:", "  enabled: true", "  auth:",
                 "    username: %s" % dbuser(), "    password: \"%s\"" % p, "    database: %s" % dbname(),
                 "  primary:", "    persistence:", "      size: 50Gi")
    return case("values-prod", "yaml", text, p, "Helm values postgresql.auth.password")


@secret(SVC, "redis")
def e_helm_redis(i):
    p = pw("alnum")
    text = lines("redis:", "  architecture: replication", "  auth:", "    enabled: true",
                 "    password: %s" % p, "  replica:", "    replicaCount: 2")
    return case("values", "yaml", text, p, "Helm values redis.auth.password")


@secret(DB, "mysql")
def e_kustomize(i):
    p = pw()
    text = lines("apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "namespace: shop",
                 "resources:", "  - ../../base", "secretGenerator:", "  - name: db", "    literals:",
                 "      - DB_USER=%s" % dbuser(), "      - DB_PASSWORD=%s" % p)
    return case("kustomization", "yaml", text, p, "Kustomize secretGenerator literal")


@secret(DB, "postgresql")
def e_k8s_env(i):
    p = pw()
    text = lines("apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: billing-api", "spec:",
                 "  template:", "    spec:", "      containers:", "        - name: api",
                 "          image: %s.azurecr.io/billing-api:2.14.1" % org(), "          env:",
                 "            - name: DB_HOST", "              value: %s" % int_host(),
                 "            - name: DB_PASSWORD", "              value: \"%s\"" % p)
    return case("billing-api-deployment", "yaml", text, p, "Password as a literal in a Deployment env list")


@secret(DB, "postgresql")
def e_k8s_secret_data(i):
    p = pw()
    enc = b64(p)
    text = lines("apiVersion: v1", "kind: Secret", "metadata:", "  name: %s-db" % dbname(), "  namespace: prod",
                 "type: Opaque", "data:", "  username: %s" % b64(dbuser()), "  password: %s" % enc)
    return case("db-credentials", "yaml", text, enc, "Kubernetes Secret with base64 password", check=p)


@secret(DB, "mysql")
def e_k8s_secret_string(i):
    p = pw()
    text = lines("apiVersion: v1", "kind: Secret", "metadata:", "  name: mysql-root", "type: Opaque",
                 "stringData:", "  MYSQL_ROOT_PASSWORD: '%s'" % p)
    return case("mysql-root", "yaml", text, p, "Kubernetes Secret stringData password")


@secret(DB, "postgresql")
def e_compose_pg(i):
    p = pw()
    text = lines("services:", "  db:", "    image: postgres:16", "    restart: always", "    environment:",
                 "      POSTGRES_USER: %s" % dbuser(), "      POSTGRES_PASSWORD: %s" % p,
                 "      POSTGRES_DB: %s" % dbname(), "    volumes:", "      - pgdata:/var/lib/postgresql/data",
                 "volumes:", "  pgdata: {}")
    return case("compose.prod", "yaml", text, p, "docker-compose POSTGRES_PASSWORD (production stack)")


@secret(DB, "mysql")
def e_compose_mysql(i):
    p = pw()
    text = lines("version: '3.8'", "services:", "  mysql:", "    image: mysql:8.0", "    environment:",
                 "      - MYSQL_ROOT_PASSWORD=%s" % p, "      - MYSQL_DATABASE=%s" % dbname(),
                 "    ports:", "      - '3306:3306'")
    return case("docker-compose", "yml", text, p, "docker-compose MYSQL_ROOT_PASSWORD")


@secret(SVC, "rabbitmq")
def e_compose_rabbit(i):
    p = pw()
    text = lines("services:", "  rabbitmq:", "    image: rabbitmq:3.13-management", "    hostname: mq",
                 "    environment:", "      RABBITMQ_DEFAULT_USER: admin", "      RABBITMQ_DEFAULT_PASS: \"%s\"" % p,
                 "    ports: ['5672:5672', '15672:15672']")
    return case("compose", "yaml", text, p, "docker-compose RABBITMQ_DEFAULT_PASS")


@secret(DB, "postgresql")
def e_dockerfile_env(i):
    p = pw(syms="!*-_.+~")
    text = lines("FROM python:3.12-slim", "WORKDIR /app", "COPY requirements.txt .",
                 "RUN pip install --no-cache-dir -r requirements.txt", "COPY . .",
                 "ENV DATABASE_URL=postgresql://%s:%s@%s:5432/%s" % (dbuser(), p, int_host(), dbname()),
                 "EXPOSE 8000", 'CMD ["gunicorn", "app:app", "-b", "0.0.0.0:8000"]')
    return case("api", "Dockerfile", text, p, "Database URL with password baked into a Dockerfile ENV")


@secret(REG, "nexus")
def e_dockerfile_arg(i):
    p = pw()
    text = lines("FROM maven:3.9-eclipse-temurin-21 AS build", "ARG NEXUS_USER=ci-build",
                 "ARG NEXUS_PASSWORD=%s" % p, "COPY . /src", "WORKDIR /src",
                 "RUN mvn -B -s settings.xml -Dnexus.user=$NEXUS_USER -Dnexus.password=$NEXUS_PASSWORD package",
                 "FROM eclipse-temurin:21-jre", "COPY --from=build /src/target/app.jar /app.jar")
    return case("build", "Dockerfile", text, p, "Registry password as a Dockerfile ARG default")


@secret(DB, "postgresql")
def e_tfvars(i):
    p = pw()
    text = lines('environment    = "prod"', 'region         = "%s"' % region(), 'instance_class = "db.r6g.large"',
                 'db_username    = "%s"' % dbuser(), 'db_password    = "%s"' % p, "multi_az       = true")
    return case("prod", "tfvars", text, p, "Terraform tfvars db_password")


@secret(DB, "mysql")
def e_tf_var_default(i):
    p = pw()
    text = lines('variable "db_password" {', '  type        = string', '  description = "Master password for the RDS instance"',
                 '  default     = "%s"' % p, "}")
    return case("variables", "tf", text, p, "Terraform variable default holding a password")


@secret(DB, "postgresql")
def e_tf_rds(i):
    p = pw()
    text = lines('resource "aws_db_instance" "main" {', '  identifier        = "%s-prod"' % dbname(),
                 '  engine            = "postgres"', '  engine_version    = "16.3"', '  instance_class    = "db.t4g.medium"',
                 "  allocated_storage = 100", '  username          = "%s"' % dbuser(), '  password          = "%s"' % p,
                 "  skip_final_snapshot = false", "}")
    return case("rds", "tf", text, p, "Literal password on aws_db_instance")


@secret(DB, "mysql")
def e_ansible_groupvars(i):
    p = pw()
    text = lines("---", "mysql_bind_address: 0.0.0.0", "mysql_root_password: \"%s\"" % p, "mysql_databases:",
                 "  - name: %s" % dbname(), "mysql_users:", "  - name: %s" % dbuser(), "    host: '%'",
                 "    priv: '%s.*:ALL'" % dbname())
    return case("group_vars-dbservers", "yml", text, p, "Ansible group_vars mysql_root_password (not vaulted)")


@secret(SVC, "ssh")
def e_ansible_inventory(i):
    p = pw()
    text = lines("[web]", "web-01 ansible_host=%s" % int_host("web"), "web-02 ansible_host=%s" % int_host("web"), "",
                 "[web:vars]", "ansible_user=ops", "ansible_become=true", "ansible_become_password=%s" % p)
    return case("inventory", "ini", text, p, "Ansible become password in an inventory")


@secret(DB, "postgresql")
def e_chef(i):
    p = pw()
    text = lines("default['app']['db']['host'] = '%s'" % int_host(), "default['app']['db']['name'] = '%s'" % dbname(),
                 "default['app']['db']['user'] = '%s'" % dbuser(), "default['app']['db']['password'] = '%s'" % p,
                 "default['app']['workers'] = 4")
    return case("attributes-default", "rb", text, p, "Chef attribute holding a DB password")


@secret(DB, "mysql")
def e_puppet(i):
    p = pw()
    text = lines("class profile::db {", "  class { 'mysql::server':", "    root_password           => '%s'," % p,
                 "    remove_default_accounts => true,", "  }", "}")
    return case("db", "pp", text, p, "Puppet mysql::server root_password")


@secret(SVC, "ssh")
def e_gha_sshpass(i):
    p = pw()
    text = lines("name: deploy", "on:", "  workflow_dispatch:", "jobs:", "  ship:", "    runs-on: ubuntu-22.04", "    steps:",
                 "      - uses: actions/checkout@v4", "      - name: copy build",
                 "        run: sshpass -p '%s' rsync -az dist/ deploy@%s:/srv/www/" % (p, int_host("web")))
    return case("ship", "yml", text, p, "SSH password passed to sshpass in a workflow")


@secret(DB, "postgresql")
def e_gitlab_vars(i):
    p = pw()
    text = lines("variables:", "  POSTGRES_HOST: %s" % rds_host(), "  POSTGRES_USER: %s" % dbuser(),
                 "  POSTGRES_PASSWORD: \"%s\"" % p, "", "migrate:", "  image: flyway/flyway:10", "  script:",
                 "    - flyway -url=jdbc:postgresql://$POSTGRES_HOST/%s -user=$POSTGRES_USER -password=$POSTGRES_PASSWORD migrate" % dbname())
    return case("gitlab-ci", "yml", text, p, "Production DB password in .gitlab-ci.yml variables")


@secret(DB, "mysql")
def e_jenkinsfile(i):
    p = pw()
    text = lines("pipeline {", "  agent { label 'linux' }", "  stages {", "    stage('Backup') {", "      steps {",
                 "        sh \"mysqldump -h %s -u backup -p'%s' --single-transaction %s | gzip > db.sql.gz\"" % (int_host("mysql"), p, dbname()),
                 "      }", "    }", "  }", "}")
    return case("backup", "jenkinsfile", text, p, "MySQL password on a mysqldump line in a Jenkinsfile")


@secret(DB, "sqlserver")
def e_azure_pipelines(i):
    p = pw()
    text = lines("trigger:", "  - main", "pool:", "  vmImage: windows-2022",
                 "variables:", "  sqlServer: %s-sql.database.windows.net" % org(), "  sqlUser: deployer",
                 "  sqlPassword: '%s'" % p, "steps:", "  - task: SqlAzureDacpacDeployment@1", "    inputs:",
                 "      ServerName: $(sqlServer)", "      SqlUsername: $(sqlUser)", "      SqlPassword: $(sqlPassword)")
    return case("azure-pipelines", "yml", text, p, "Password defined inline in Azure Pipelines variables")


@secret(DB, "mysql")
def e_shell_mysqldump(i):
    p = pw()
    text = lines("#!/bin/bash", "set -euo pipefail", "DATE=$(date +%F)",
                 "mysqldump --host=%s --user=root --password='%s' --all-databases | gzip > /backups/all-$DATE.sql.gz" % (int_host("mysql"), p),
                 "find /backups -mtime +14 -delete")
    return case("mysql-backup", "sh", text, p, "mysqldump --password in a backup script")


@secret(DB, "postgresql")
def e_shell_pgdump(i):
    p = pw()
    text = lines("#!/bin/sh", "export PGPASSWORD='%s'" % p,
                 "pg_dump -h %s -U %s -Fc %s > /var/backups/%s.dump" % (rds_host(), dbuser(), dbname(), dbname()),
                 "aws s3 cp /var/backups/ s3://%s-db-backups/ --recursive" % org())
    return case("pg-backup", "sh", text, p, "PGPASSWORD exported in a backup script")


@secret(SVC, "active-directory")
def e_ps_securestring(i):
    p = pw()
    text = lines("$user = '%s\\svc-provision'" % org().upper(),
                 "$pass = ConvertTo-SecureString '%s' -AsPlainText -Force" % p,
                 "$cred = New-Object System.Management.Automation.PSCredential($user, $pass)",
                 "Invoke-Command -ComputerName FS01 -Credential $cred -ScriptBlock { Get-SmbShare }")
    return case("provision", "ps1", text, p, "AD service-account password in PowerShell")


@secret(DB, "sqlserver")
def e_ps_sqlcmd(i):
    p = pw()
    text = lines("Import-Module SqlServer",
                 "Invoke-Sqlcmd -ServerInstance '%s' -Database '%s' -Username 'etl' -Password '%s' `" % (int_host("sql"), dbname(), p),
                 "  -InputFile .\\nightly.sql -QueryTimeout 600")
    return case("nightly", "ps1", text, p, "Invoke-Sqlcmd -Password")


@secret(DB, "postgresql")
def e_makefile(i):
    p = pw()
    text = lines("DB_HOST ?= %s" % int_host(), "DB_USER := %s" % dbuser(), "DB_PASS := %s" % p, "",
                 ".PHONY: migrate", "migrate:",
                 "\tmigrate -path db/migrations -database postgres://$(DB_USER):$(DB_PASS)@$(DB_HOST)/%s up" % dbname())
    return case("db", "mk", text, p, "Password in a Makefile variable")


@secret(SVC, "ftp")
def e_netrc(i):
    p = pw()
    text = lines("machine ftp.%s" % domain(), "  login reports", "  password %s" % p)
    return case("reports", "netrc", text, p, ".netrc entry")


@secret(DB, "postgresql")
def e_pgpass(i):
    p = pw()
    text = lines("# host:port:database:username:password", "%s:5432:%s:%s:%s" % (rds_host(), dbname(), dbuser(), p),
                 "# the replica uses peer auth")
    return case("deploy", "pgpass", text, p, ".pgpass entry")


@secret(DB, "mysql")
def e_mycnf(i):
    p = pw()
    text = lines("[client]", "user=%s" % dbuser(), "password=%s" % p, "host=%s" % int_host("mysql"), "",
                 "[mysqldump]", "single-transaction")
    return case("client", "my.cnf", text, p, ".my.cnf client password")


@secret(HTTPC, "gitea")
def e_git_credentials(i):
    p = pw("alnum")
    text = lines("https://ci-bot:%s@git.%s" % (p, domain()), "https://%s@dev.azure.com" % org(),
                 "https://gitlab.com")
    return case("ci", "git-credentials", text, p, "Self-hosted git password in .git-credentials")


@secret(REG, "nexus")
def e_npmrc_auth(i):
    u, p = "ci-publisher", pw()
    enc = b64("%s:%s" % (u, p))
    text = lines("registry=https://nexus.%s/repository/npm-group/" % domain(),
                 "//nexus.%s/repository/npm-group/:_auth=%s" % (domain(), enc), "always-auth=true")
    return case("npmrc", "npmrc", text, enc, ".npmrc _auth (base64 user:password)", check=p)


@secret(REG, "verdaccio")
def e_npmrc_password(i):
    p = pw()
    enc = b64(p)
    h = "npm.%s" % domain()
    text = lines("@%s:registry=https://%s/" % (org(), h), "//%s/:username=deploy" % h,
                 "//%s/:_password=%s" % (h, enc), "//%s/:email=deploy@%s" % (h, domain()))
    return case("project", "npmrc", text, enc, ".npmrc _password (base64)", check=p)


@secret(REG, "devpi")
def e_pypirc_private(i):
    p = pw()
    text = lines("[distutils]", "index-servers = internal", "", "[internal]",
                 "repository = https://pypi.%s/simple/" % domain(), "username = release", "password = %s" % p)
    return case("pypirc", "pypirc", text, p, ".pypirc private index password")


@secret(REG, "artifactory")
def e_pipconf(i):
    p = pw("alnum")
    text = lines("[global]", "index-url = https://pip-reader:%s@%s.jfrog.io/artifactory/api/pypi/pypi-virtual/simple" % (p, org()),
                 "timeout = 60", "trusted-host = %s.jfrog.io" % org())
    return case("pip", "conf", text, p, "pip.conf index-url with inline credentials")


@secret(REG, "nexus")
def e_maven_settings(i):
    p = pw()
    text = lines("<settings>", "  <servers>", "    <server>", "      <id>%s-releases</id>" % org(),
                 "      <username>deployment</username>", "      <password>%s</password>" % p, "    </server>",
                 "  </servers>", "</settings>")
    return case("settings", "xml", text, p, "Maven settings.xml server password")


@secret(REG, "artifactory")
def e_gradle_props(i):
    p = pw()
    text = lines("org.gradle.jvmargs=-Xmx2g", "org.gradle.parallel=true", "artifactoryUser=gradle-ci",
                 "artifactoryPassword=%s" % p, "artifactoryUrl=https://%s.jfrog.io/artifactory" % org())
    return case("gradle", "properties", text, p, "gradle.properties repository password")


@secret(REG, "azure-artifacts")
def e_nugetconfig(i):
    p = pw()
    text = lines('<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <packageSources>",
                 '    <add key="internal" value="https://nuget.%s/v3/index.json" />' % domain(), "  </packageSources>",
                 "  <packageSourceCredentials>", "    <internal>", '      <add key="Username" value="build" />',
                 '      <add key="ClearTextPassword" value="%s" />' % p, "    </internal>", "  </packageSourceCredentials>",
                 "</configuration>")
    return case("NuGet", "config", text, p, "NuGet.config ClearTextPassword")


@secret(REG, "docker-registry")
def e_docker_config(i):
    p = pw()
    enc = b64("robot$ci:%s" % p)
    cfg = collections.OrderedDict([("auths", {"harbor.%s" % domain(): {"auth": enc}})])
    return case("docker-config", "json", json.dumps(cfg, indent=2), enc, "Docker config.json auth (base64 user:password)", check=p)


@secret(JWT, "kubernetes")
def e_kubeconfig_token(i):
    iat = epoch()
    t = jwt_rs256_unsigned_shape({"iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": "ci",
                                  "kubernetes.io/serviceaccount/service-account.name": "deployer",
                                  "sub": "system:serviceaccount:ci:deployer", "iat": iat}, rs(43, URLCH))
    text = lines("apiVersion: v1", "kind: Config", "clusters:", "  - name: prod",
                 "    cluster: {server: 'https://%s:6443', insecure-skip-tls-verify: true}" % int_host("k8s-api"),
                 "users:", "  - name: deployer", "    user:", "      token: %s" % t, "contexts:",
                 "  - name: prod", "    context: {cluster: prod, user: deployer}", "current-context: prod")
    return case("kubeconfig-ci", "yaml", text, t, "Kubernetes service-account bearer token in a kubeconfig")


@secret(PRIV, "kubernetes")
def e_kubeconfig_clientkey(i):
    d, pub = ec_key()
    keypem = pem("EC PRIVATE KEY", ec_sec1(d, pub)) + "\n"
    kd = b64(keypem)
    text = lines("apiVersion: v1", "kind: Config", "clusters:", "  - name: edge", "    cluster:",
                 "      server: https://%s:6443" % int_host("k8s"), "users:", "  - name: admin", "    user:",
                 "      client-key-data: %s" % kd, "current-context: edge")
    return case("edge-admin", "kubeconfig", text, kd, "kubeconfig client-key-data (base64 EC private key)", check=keypem)


@secret(PRIV, "ssh")
def e_ssh_ed25519(i):
    key, _ = openssh_ed25519("deploy@%s" % org())
    return case("deploy-id_ed25519", "key", key, key, "OpenSSH Ed25519 private key")


@secret(PRIV, "ssh")
def e_ssh_in_ansible(i):
    key, _ = openssh_ed25519("ansible@bastion")
    body = "\n".join("  " + l for l in key.splitlines())
    text = lines("---", "bastion_host: %s" % int_host("bastion"), "bastion_user: ansible", "bastion_private_key: |", body)
    return case("group_vars-bastion", "yml", text, key.splitlines()[0],
                "OpenSSH private key pasted into Ansible vars", check=key)


@secret(PRIV, "tls")
def e_rsa_pkcs1(i):
    k = rsa_key(1024)
    key = pem("RSA PRIVATE KEY", rsa_pkcs1(k))
    return case("legacy-sftp", "pem", key, key, "RSA-1024 PKCS#1 private key")


@secret(PRIV, "tls")
def e_ec_in_go(i):
    d, pub = ec_key()
    key = pem("EC PRIVATE KEY", ec_sec1(d, pub))
    text = lines("package tlsconf", "", "// serverKey is the key for grpc.%s" % domain(), "const serverKey = `" + key + "`")
    return case("server-key", "go", text, key.splitlines()[0], "P-256 TLS private key embedded in Go", check=key)


@secret(PRIV, "tls")
def e_pkcs8_in_helm(i):
    key = pem("PRIVATE KEY", ed25519_pkcs8())
    body = "\n".join("    " + l for l in key.splitlines())
    text = lines("ingress:", "  host: portal.%s" % domain(), "  tlsSecretName: portal-tls", "  tlsKey: |", body)
    return case("values-ingress", "yaml", text, key.splitlines()[0], "PKCS#8 Ed25519 private key in Helm values", check=key)


@secret(JWT, "jwt")
def e_jwt_curl(i):
    iat = epoch()
    t = jwt_hs256({"sub": rdigits(6), "email": email(), "role": "admin", "iat": iat, "exp": iat + 31536000}, rbytes(32))
    text = lines("# reindex the catalogue", "curl -X POST https://api.%s/admin/reindex \\" % domain(),
                 "  -H 'Authorization: Bearer %s' \\" % t, "  -H 'Content-Type: application/json' -d '{\"full\": true}'")
    return case("reindex", "sh", text, t, "Long-lived admin JWT in a curl command")


@secret(JWT, "jwt")
def e_jwt_http(i):
    iat = epoch()
    t = jwt_hs256({"sub": ruuid(), "scope": "orders:write orders:read", "iss": "https://auth.%s" % domain(),
                   "iat": iat, "exp": iat + 7776000}, rbytes(32))
    text = lines("### list orders", "GET https://api.%s/v1/orders?status=open" % domain(),
                 "Authorization: Bearer %s" % t, "Accept: application/json")
    return case("orders", "http", text, t, "JWT bearer token in a REST-client .http file")


@secret(APPKEY, "jwt")
def e_jwt_secret(i):
    k = rb64(48)
    text = lines("server:", "  port: 8080", "auth:", "  jwt:", "    issuer: https://auth.%s" % domain(),
                 "    signing-secret: %s" % k, "    ttl: 3600")
    return case("auth", "yaml", text, k, "HS256 JWT signing secret")


@secret(SVC, "rabbitmq")
def e_amqp_url(i):
    p = pw("alnum")
    text = lines("NODE_ENV=production", "AMQP_URL=amqps://worker:%s@%s:5671/jobs" % (p, int_host("rabbitmq")),
                 "PREFETCH=20")
    return case("worker", "env", text, p, "AMQP URL with password")


@secret(SVC, "redis")
def e_redis_url(i):
    p = pw("alnum")
    text = lines("cache:", "  backend: redis", "  url: redis://:%s@%s:6379/0" % (p, int_host("redis")), "  ttl: 600")
    return case("cache", "yaml", text, p, "Redis URL with password")


@secret(SVC, "ldap")
def e_sssd(i):
    p = pw()
    dc = org()
    text = lines("[sssd]", "domains = %s" % dc, "services = nss, pam", "", "[domain/%s]" % dc, "id_provider = ldap",
                 "ldap_uri = ldaps://ldap.%s.com" % dc, "ldap_default_bind_dn = cn=sssd,ou=svc,dc=%s,dc=com" % dc,
                 "ldap_default_authtok_type = password", "ldap_default_authtok = %s" % p)
    return case("sssd", "conf", text, p, "LDAP bind password in sssd.conf")


@secret(SVC, "smtp")
def e_postfix(i):
    p = pw()
    text = lines("# relay credentials; run postmap after editing", "[email-smtp.%s.amazonaws.com]:587 %s:%s" % (region(), "relay-" + org(), p),
                 "# end")
    return case("sasl_passwd", "txt", text, p, "Postfix SASL relay password")


@secret(SVC, "ftp")
def e_filezilla(i):
    p = pw()
    enc = b64(p)
    text = lines('<?xml version="1.0" encoding="UTF-8"?>', "<FileZilla3>", "  <Servers>", "    <Server>",
                 "      <Host>sftp.%s</Host>" % domain(), "      <Port>22</Port>", "      <Protocol>1</Protocol>",
                 "      <User>uploads</User>", '      <Pass encoding="base64">%s</Pass>' % enc,
                 "      <Name>partner uploads</Name>", "    </Server>", "  </Servers>", "</FileZilla3>")
    return case("sitemanager", "xml", text, enc, "FileZilla saved password (base64)", check=p)


@secret(HTTPC, "basic-auth")
def e_curl_u(i):
    p = pw()
    text = lines("#!/bin/sh", "curl -fsS -u admin:%s \\" % p,
                 "  -X POST https://jenkins.%s/job/release/buildWithParameters?VERSION=$1" % domain())
    return case("trigger-release", "sh", text, p, "Basic-auth password on curl -u")


@secret(HTTPC, "basic-auth")
def e_wget(i):
    p = pw()
    text = lines("#!/bin/bash", "wget --user=mirror --password='%s' \\" % p,
                 "  -r -np -nH --cut-dirs=2 https://files.%s/releases/stable/" % domain())
    return case("mirror", "sh", text, p, "wget --password")


@secret(HTTPC, "basic-auth")
def e_httpie(i):
    p = pw()
    text = lines("## Grafana: rotate the dashboard provisioning", "",
                 "```sh", "http -a admin:%s POST https://grafana.%s/api/admin/provisioning/dashboards/reload" % (p, domain()), "```")
    return case("runbook", "md", text, p, "httpie -a user:password in a runbook")


@secret(HTTPC, "basic-auth")
def e_http_log_basic(i):
    enc = b64("svc-sync:%s" % pw())
    text = lines("> GET /api/v2/inventory?page=3 HTTP/1.1", "> Host: erp.%s" % domain(), "> User-Agent: sync/1.8.2",
                 "> Authorization: Basic %s" % enc, "> Accept: */*", ">", "< HTTP/1.1 200 OK",
                 "< Content-Type: application/json")
    return case("sync-trace", "log", text, enc, "Basic auth header captured in a request trace")


@secret(DB, "postgresql")
def e_app_log(i):
    p = pw()
    ts = stamp()
    text = lines("%s.114Z INFO  boot  loading config from /etc/app/config.yaml" % ts,
                 "%s.120Z DEBUG db    connecting host=%s port=5432 user=%s password=%s sslmode=require" % (ts, rds_host(), dbuser(), p),
                 "%s.388Z INFO  db    pool ready (10 connections)" % ts)
    return case("app", "log", text, p, "Application log line that printed the DB password")


@secret(DB, "postgresql")
def e_sql_create_user(i):
    p = pw()
    text = lines("-- V12__reporting_role.sql", "CREATE USER reporting WITH PASSWORD '%s';" % p,
                 "GRANT CONNECT ON DATABASE %s TO reporting;" % dbname(), "GRANT USAGE ON SCHEMA public TO reporting;",
                 "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;")
    return case("V12__reporting_role", "sql", text, p, "CREATE USER ... PASSWORD in a migration")


@secret(DB, "mysql")
def e_sql_identified_by(i):
    p = pw()
    text = lines("CREATE DATABASE IF NOT EXISTS %s;" % dbname(),
                 "CREATE USER '%s'@'%%' IDENTIFIED BY '%s';" % (dbuser(), p),
                 "GRANT SELECT, INSERT, UPDATE, DELETE ON %s.* TO '%s'@'%%';" % (dbname(), dbuser()), "FLUSH PRIVILEGES;")
    return case("init", "sql", text, p, "MySQL CREATE USER ... IDENTIFIED BY")


@secret(DB, "postgresql")
def e_sql_alter_role(i):
    p = pw()
    text = lines("\\connect %s" % dbname(), "ALTER ROLE replicator WITH REPLICATION LOGIN PASSWORD '%s';" % p,
                 "SELECT pg_create_physical_replication_slot('standby_1');")
    return case("replication", "sql", text, p, "ALTER ROLE ... PASSWORD")


@secret(APIKEY, "internal-api")
def e_readme_key(i):
    k = rs(32, LOWNUM)
    text = lines("# %s-sdk" % org(), "", "Quick start:", "", "```python", "from %s import Client" % org(),
                 'client = Client(api_key="%s")' % k, 'client.shipments.list(status="in_transit")', "```", "",
                 "See docs/ for the full API.")
    return case("README", "md", text, k, "Working API key pasted into a README quick start")


@secret(APIKEY, "internal-api")
def e_requests_apikey(i):
    k = rhex(40)
    text = lines("import requests", "", "HEADERS = {'X-API-Key': '%s'}" % k, "",
                 "def fetch_rates():", "    r = requests.get('https://rates.%s/v1/current', headers=HEADERS)" % domain(),
                 "    return r.json()")
    return case("rates", "py", text, k, "Partner API key in a requests header")


@secret(DB, "sqlserver")
def e_sqlcmd(i):
    p = pw(syms="!*-_.+~")
    text = lines("@echo off", "sqlcmd -S %s -U sa -P %s -i schema.sql" % (int_host("sql"), p), "if errorlevel 1 exit /b 1")
    return case("deploy-schema", "cmd", text, p, "sqlcmd -P in a batch file")


@secret(SVC, "elasticsearch")
def e_logstash(i):
    p = pw()
    text = lines("output {", "  elasticsearch {", '    hosts => ["https://%s:9200"]' % int_host("es"),
                 '    user => "logstash_writer"', '    password => "%s"' % p, '    index => "app-%{+YYYY.MM.dd}"', "  }", "}")
    return case("pipeline", "conf", text, p, "Elasticsearch password in a Logstash output")


@secret(DB, "mongodb")
def e_mongo_uri(i):
    p = pw("alnum")
    text = lines("storage:", "  mongo:", "    uri: mongodb://admin:%s@mongo-0.%s:27017,mongo-1.%s:27017/?replicaSet=rs0&authSource=admin" % (p, org(), org()),
                 "    database: %s" % dbname())
    return case("storage", "yaml", text, p, "Self-hosted MongoDB URI with password")


@secret(DB, "postgresql")
def e_airflow_conn(i):
    p = pw("alnum")
    text = lines("AIRFLOW__CORE__EXECUTOR=CeleryExecutor", "AIRFLOW__WEBSERVER__EXPOSE_CONFIG=False",
                 "AIRFLOW_CONN_WAREHOUSE=postgres://airflow:%s@%s:5432/%s" % (p, rds_host(), dbname()))
    return case("airflow", "env", text, p, "Airflow connection URI with password")


@secret(SVC, "grafana")
def e_grafana_ini(i):
    p = pw()
    text = lines("[server]", "root_url = https://grafana.%s" % domain(), "", "[security]", "admin_user = admin",
                 "admin_password = %s" % p, "cookie_secure = true")
    return case("grafana", "ini", text, p, "Grafana admin_password")


@secret(SVC, "prometheus")
def e_prom_basic(i):
    p = pw()
    text = lines("scrape_configs:", "  - job_name: federate", "    scheme: https", "    basic_auth:",
                 "      username: prometheus", "      password: '%s'" % p, "    static_configs:",
                 "      - targets: ['metrics.%s:443']" % domain())
    return case("prometheus", "yml", text, p, "Prometheus scrape basic_auth password")


@secret(SVC, "smtp")
def e_alertmanager_smtp(i):
    p = pw()
    text = lines("global:", "  smtp_smarthost: smtp.%s:587" % domain(), "  smtp_from: alerts@%s" % domain(),
                 "  smtp_auth_username: alerts", "  smtp_auth_password: '%s'" % p, "route:", "  receiver: oncall")
    return case("alertmanager", "yml", text, p, "Alertmanager smtp_auth_password")


@secret(SVC, "tomcat")
def e_tomcat(i):
    p = pw()
    text = lines('<?xml version="1.0" encoding="UTF-8"?>', '<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">',
                 '  <role rolename="manager-gui"/>', '  <user username="deployer" password="%s" roles="manager-gui,manager-script"/>' % p,
                 "</tomcat-users>")
    return case("tomcat-users", "xml", text, p, "Tomcat manager password")


@secret(SVC, "smb")
def e_smbclient(i):
    p = pw(syms="!*-_.+~")
    text = lines("#!/bin/bash", "set -e", "smbclient //fs01/finance -U 'svc_export%%%s' -c 'cd exports; put report.xlsx'" % p)
    return case("push-report", "sh", text, p, "SMB password on an smbclient -U user%password")


@secret(SVC, "minio")
def e_minio_mc(i):
    sk = rs(40, ALNUM)
    cfg = collections.OrderedDict([("version", "10"), ("aliases", {"prod": collections.OrderedDict([
        ("url", "https://s3.%s" % domain()), ("accessKey", rs(20, UPPER + DIGITS)), ("secretKey", sk),
        ("api", "s3v4"), ("path", "auto")])})])
    return case("mc-config", "json", json.dumps(cfg, indent=2), sk, "MinIO access/secret key in mc config")


@secret(DB, "postgresql")
def e_elixir(i):
    p = pw()
    text = lines("import Config", "", "config :shop, Shop.Repo,", '  username: "%s",' % dbuser(),
                 '  password: "%s",' % p, '  hostname: "%s",' % int_host(), '  database: "%s",' % dbname(), "  pool_size: 15")
    return case("prod", "exs", text, p, "Ecto repo password in Elixir config")


@secret(DB, "mysql")
def e_crontab(i):
    p = pw()
    text = lines("SHELL=/bin/bash", "MAILTO=ops@%s" % domain(),
                 "15 2 * * * mysql -u purge -p'%s' -h %s %s -e 'CALL purge_sessions()'" % (p, int_host("mysql"), dbname()))
    return case("maintenance", "crontab", text, p, "MySQL password in a crontab")


@secret(DB, "postgresql")
def e_systemd(i):
    p = pw()
    text = lines("[Unit]", "Description=billing worker", "After=network-online.target", "", "[Service]",
                 "User=billing", "Environment=DB_PASSWORD=%s" % p, "ExecStart=/opt/billing/bin/worker",
                 "Restart=on-failure", "", "[Install]", "WantedBy=multi-user.target")
    return case("billing-worker", "service", text, p, "Password in a systemd unit Environment=")


@secret(SVC, "redis")
def e_supervisord(i):
    p = pw("alnum")
    text = lines("[program:queue]", "command=/srv/app/venv/bin/rq worker", "directory=/srv/app",
                 'environment=REDIS_PASSWORD="%s",RQ_QUEUES="default,mail"' % p, "autorestart=true")
    return case("queue", "conf", text, p, "Redis password in a supervisord environment")


@secret(DB, "sqlserver")
def e_batch_set(i):
    p = pw(syms="-_.~+")
    text = lines("@echo off", "set DB_SERVER=%s" % int_host("sql"), "set DB_USER=import", "set DB_PASS=%s" % p,
                 "bcp %s.dbo.Orders in orders.csv -S %%DB_SERVER%% -U %%DB_USER%% -P %%DB_PASS%% -c -t," % dbname())
    return case("import-orders", "bat", text, p, "Password set in a Windows batch file")


@secret(DB, "postgresql")
def e_vscode_launch(i):
    p = pw()
    cfg = collections.OrderedDict([("version", "0.2.0"), ("configurations", [collections.OrderedDict([
        ("type", "node"), ("request", "launch"), ("name", "api (staging db)"), ("program", "${workspaceFolder}/src/index.js"),
        ("env", collections.OrderedDict([("PGHOST", rds_host()), ("PGUSER", dbuser()), ("PGPASSWORD", p)]))])])])
    return case("launch", "json", json.dumps(cfg, indent=2), p, "PGPASSWORD in a VS Code launch config")


@secret(APPKEY, "consul")
def e_consul_gossip(i):
    k = rb64(32)
    text = lines('datacenter = "dc1"', 'data_dir   = "/opt/consul"', 'encrypt    = "%s"' % k, "server     = true",
                 "bootstrap_expect = 3", 'retry_join = ["provider=aws tag_key=consul tag_value=server"]')
    return case("consul", "hcl", text, k, "Consul gossip encryption key")


@secret(PRIV, "wireguard")
def e_wireguard(i):
    sk = bytearray(rbytes(32))
    sk[0] &= 248
    sk[31] = (sk[31] & 127) | 64
    k = b64(bytes(sk))
    text = lines("[Interface]", "Address = 10.8.0.%d/24" % R.randint(2, 200), "PrivateKey = %s" % k, "ListenPort = 51820",
                 "", "[Peer]", "PublicKey = %s" % b64(x25519(rbytes(32))), "AllowedIPs = 10.8.0.0/24",
                 "Endpoint = vpn.%s:51820" % domain())
    return case("wg0", "conf", text, k, "WireGuard interface private key")


@secret(SVC, "redis")
def e_celery(i):
    p = pw("alnum")
    text = lines("broker_url = 'rediss://:%s@%s:6380/0?ssl_cert_reqs=required'" % (p, int_host("redis")),
                 "result_backend = 'rpc://'", "task_acks_late = True", "worker_prefetch_multiplier = 1")
    return case("celeryconfig", "py", text, p, "Redis password in a Celery broker URL")


@secret(DB, "postgresql")
def e_symfony_env(i):
    p = pw("alnum")
    text = lines("###> doctrine/doctrine-bundle ###",
                 'DATABASE_URL="postgresql://%s:%s@%s:5432/%s?serverVersion=16&charset=utf8"' % (dbuser(), p, int_host(), dbname()),
                 "###< doctrine/doctrine-bundle ###")
    return case("env.prod.local", "env", text, p, "Symfony DATABASE_URL with password")


@secret(DB, "mysql")
def e_flask_config(i):
    p = pw("alnum")
    text = lines("class ProductionConfig(Config):", "    DEBUG = False",
                 '    SQLALCHEMY_DATABASE_URI = "mysql://%s:%s@%s/%s"' % (dbuser(), p, int_host("mysql"), dbname()),
                 "    SQLALCHEMY_ENGINE_OPTIONS = {'pool_recycle': 280}")
    return case("config", "py", text, p, "Flask SQLALCHEMY_DATABASE_URI with password")


@secret(HTTPC, "basic-auth")
def e_log_querystring(i):
    p = pw("alnum")
    ip = "203.0.%d.%d" % (R.randint(0, 255), R.randint(1, 254))
    text = lines('%s - - [12/Mar/2024:10:%02d:11 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29"' % (ip, R.randint(0, 59)),
                 '%s - - [12/Mar/2024:10:%02d:13 +0000] "GET /legacy/login?user=ops&password=%s HTTP/1.1" 302 0 "-" "curl/8.4.0"' % (ip, R.randint(0, 59), p),
                 '%s - - [12/Mar/2024:10:%02d:14 +0000] "GET /legacy/dashboard HTTP/1.1" 200 5120 "-" "curl/8.4.0"' % (ip, R.randint(0, 59)))
    return case("access", "log", text, p, "Password in a query string in an access log")


@secret(DB, "postgresql")
def e_json_log(i):
    p = pw()
    ev = collections.OrderedDict([("ts", stamp() + "Z"), ("level", "error"), ("msg", "migration failed"),
                                  ("config", collections.OrderedDict([("host", rds_host()), ("user", dbuser()), ("password", p)]))])
    text = lines(json.dumps({"ts": stamp() + "Z", "level": "info", "msg": "starting migrations"}), json.dumps(ev),
                 json.dumps({"ts": stamp() + "Z", "level": "info", "msg": "exit 1"}))
    return case("migrate", "jsonl", text, p, "Structured log that dumped a config with the password")


@secret(SVC, "keycloak")
def e_keycloak_compose(i):
    p = pw()
    text = lines("services:", "  keycloak:", "    image: quay.io/keycloak/keycloak:24.0", "    command: start --optimized",
                 "    environment:", "      KEYCLOAK_ADMIN: admin", "      KEYCLOAK_ADMIN_PASSWORD: '%s'" % p,
                 "      KC_HOSTNAME: sso.%s" % domain())
    return case("sso-compose", "yaml", text, p, "Keycloak admin password in compose")


@secret(SVC, "redis")
def e_lua_redis(i):
    p = pw("alnum")
    text = lines("local redis = require \"resty.redis\"", "local red = redis:new()", "red:set_timeouts(1000, 1000, 1000)",
                 "assert(red:connect(\"%s\", 6379))" % int_host("redis"), "assert(red:auth(\"%s\"))" % p)
    return case("ratelimit", "lua", text, p, "Redis AUTH password in OpenResty Lua")


@secret(SVC, "smtp")
def e_csharp_smtp(i):
    p = pw()
    text = lines("using System.Net;", "using System.Net.Mail;", "", "var client = new SmtpClient(\"smtp.%s\", 587)" % domain(), "{",
                 "    EnableSsl = true,", "    Credentials = new NetworkCredential(\"invoices@%s\", \"%s\")" % (domain(), p), "};")
    return case("Mailer", "cs", text, p, "SMTP NetworkCredential in C#")


@secret(SVC, "smtp")
def e_ruby_smtp(i):
    p = pw()
    text = lines("require 'net/smtp'", "", "Net::SMTP.start('smtp.%s', 587, helo: '%s'," % (domain(), domain()),
                 "                user: 'digest', secret: '%s', authtype: :login) do |smtp|" % p,
                 "  smtp.send_message(body, 'digest@%s', recipients)" % domain(), "end")
    return case("digest", "rb", text, p, "SMTP password in Ruby Net::SMTP")


@secret(DB, "postgresql")
def e_readme_docker_run(i):
    p = pw()
    text = lines("## Restoring the staging database", "",
                 "```", "docker run --rm -e PGPASSWORD=%s postgres:16 \\" % p,
                 "  pg_restore -h %s -U %s -d %s /dumps/current.dump" % (rds_host(), dbuser(), dbname()), "```")
    return case("RESTORE", "md", text, p, "Password in a docker run line in a README")


@secret(HTTPC, "gitea")
def e_gitconfig_insteadof(i):
    p = pw("alnum")
    h = "git.%s" % domain()
    text = lines("[user]", "\tname = build", "\temail = build@%s" % domain(),
                 '[url "https://build:%s@%s/"]' % (p, h), "\tinsteadOf = https://%s/" % h)
    return case("ci", "gitconfig", text, p, "Credentials in a gitconfig url.insteadOf")


@secret(SVC, "kafka")
def e_kafka_jaas(i):
    p = pw()
    text = lines("KafkaClient {", "  org.apache.kafka.common.security.scram.ScramLoginModule required",
                 '  username="orders-producer"', '  password="%s";' % p, "};")
    return case("kafka_client_jaas", "conf", text, p, "Kafka SCRAM password in a JAAS file")


@secret(DB, "redshift")
def e_redshift_ipynb(i):
    p = pw()
    nb = {"cells": [{"cell_type": "code", "execution_count": 7, "metadata": {}, "outputs": [],
                     "source": ["%load_ext sql\n",
                                "%%sql redshift+psycopg2://analyst:%s@%s-dw.%s.%s.redshift.amazonaws.com:5439/dw" % (p, org(), rs(12, LOWNUM), region())]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return case("cohorts", "ipynb", json.dumps(nb, indent=1), p, "Redshift password in a %sql magic")


@secret(DB, "cassandra")
def e_cassandra(i):
    p = pw()
    text = lines("datastax-java-driver {", '  basic.contact-points = ["%s:9042"]' % int_host("cass"),
                 '  basic.load-balancing-policy.local-datacenter = "dc1"', "  advanced.auth-provider {",
                 "    class = PlainTextAuthProvider", '    username = "events"', '    password = "%s"' % p, "  }", "}")
    return case("cassandra", "conf", text, p, "Cassandra driver password")


@secret(APIKEY, "internal-api")
def e_env_generic(i):
    k = rb64(30, url=True)
    text = lines("PAYMENTS_SERVICE_URL=https://payments.internal.%s" % domain(), "PAYMENTS_SERVICE_API_KEY=%s" % k,
                 "REQUEST_TIMEOUT_MS=4000")
    return case("checkout", "env", text, k, "Internal service API key")


@secret(HTTPC, "basic-auth")
def e_url_creds_yaml(i):
    p = pw("alnum")
    text = lines("sources:", "  - name: vendor-feed", "    url: https://feeds:%s@partner.%s/export/products.xml" % (p, domain()),
                 "    schedule: '0 */6 * * *'")
    return case("feeds", "yaml", text, p, "URL with inline basic-auth credentials")


@secret(SVC, "winrm")
def e_ansible_winrm(i):
    p = pw()
    text = lines("ansible_connection: winrm", "ansible_winrm_transport: ntlm", "ansible_port: 5986",
                 "ansible_user: '%s\\ansible'" % org().upper(), "ansible_password: '%s'" % p)
    return case("host_vars-win-build", "yml", text, p, "WinRM password in Ansible host_vars")


# ================================================================ look-alikes

TPL = "template-placeholder"
SMREF = "secret-manager-reference"
ENVL = "env-lookup"
MASK = "masked-value"
TRIV = "trivial-test-value"
PUB_SAMPLE = "published-sample-key"
HASH = "hash-digest"
IDENT = "identifier"
PUBKEY = "public-key-certificate"
ENC = "encrypted-blob"
B64D = "base64-data"
UI = "ui-string"
SCHEMA = "schema-validation"
POLICY = "password-policy"
VECTOR = "test-vector-nonce"
PAGE = "pagination-token"
PUBLISHABLE = "publishable-key"
LOCK = "lockfile-artifact"


def look(slug, ext, text, value, note):
    return case(slug, ext, text, value, note)


# ---------------------------------------------------------------- templating and placeholders

@lookalike(TPL)
def l_helm_env(i):
    text = lines("      containers:", "        - name: api", '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
                 "          env:", "            - name: DB_USER", "              value: {{ .Values.db.user | quote }}",
                 "            - name: DB_PASSWORD", "              value: {{ .Values.db.password | quote }}")
    return look("deployment", "yaml", text, "{{ .Values.db.password | quote }}", "Helm value reference")


@lookalike(TPL)
def l_helm_secret(i):
    text = lines("apiVersion: v1", "kind: Secret", "metadata:", "  name: {{ include \"app.fullname\" . }}-auth", "type: Opaque",
                 "data:", "  password: {{ .Values.auth.password | b64enc | quote }}",
                 "  api-key: {{ required \"auth.apiKey is required\" .Values.auth.apiKey | b64enc | quote }}")
    return look("secret", "tpl", text, "{{ .Values.auth.password | b64enc | quote }}", "Helm Secret template, values supplied at install")


@lookalike(TPL)
def l_jinja_env(i):
    text = lines("# {{ ansible_managed }}", "APP_ENV={{ app_env }}", "DB_HOST={{ db_host }}", "DB_PASSWORD={{ vault_db_password }}",
                 "SMTP_PASSWORD={{ vault_smtp_password }}", "SENTRY_ENVIRONMENT={{ app_env }}")
    return look("app.env", "j2", text, "{{ vault_db_password }}", "Jinja2 template fed from Ansible Vault variables")


@lookalike(TPL)
def l_erb_dbyml(i):
    text = lines("production:", "  adapter: postgresql", "  host: <%= ENV.fetch('DB_HOST') %>",
                 "  username: <%= ENV.fetch('DB_USER') %>", "  password: <%= ENV.fetch('DB_PASSWORD') %>",
                 "  database: <%= ENV.fetch('DB_NAME', 'app_production') %>")
    return look("database", "yml", text, "<%= ENV.fetch('DB_PASSWORD') %>", "ERB reading the password from the environment")


@lookalike(TPL)
def l_chef_erb(i):
    text = lines("[client]", "user=<%= @db_user %>", "password=<%= @db_password %>", "host=<%= node['db']['host'] %>")
    return look("my.cnf", "erb", text, "<%= @db_password %>", "Chef ERB template variable")


@lookalike(TPL)
def l_go_template(i):
    text = lines("[database]", "host = \"{{ .DB.Host }}\"", "user = \"{{ .DB.User }}\"", "password = \"{{ .DB.Password }}\"",
                 "", "[smtp]", "password = \"{{ env \"SMTP_PASSWORD\" }}\"")
    return look("config.toml", "tmpl", text, "{{ .DB.Password }}", "Go text/template placeholders")


@lookalike(TPL)
def l_gha_secrets(i):
    text = lines("jobs:", "  deploy:", "    runs-on: ubuntu-22.04", "    steps:", "      - uses: aws-actions/configure-aws-credentials@v4",
                 "        with:", "          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}",
                 "          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}", "          aws-region: %s" % region())
    return look("deploy", "yml", text, "${{ secrets.AWS_SECRET_ACCESS_KEY }}", "GitHub Actions secrets context")


@lookalike(TPL)
def l_gha_npm(i):
    text = lines("      - uses: actions/setup-node@v4", "        with:", "          node-version: 20", "      - run: |",
                 '          echo "//registry.npmjs.org/:_authToken=${{ secrets.NPM_TOKEN }}" > ~/.npmrc',
                 "          npm publish --access public")
    return look("publish", "yml", text, "${{ secrets.NPM_TOKEN }}", "npm token from GitHub secrets")


@lookalike(TPL)
def l_gha_github_token(i):
    text = lines("      - uses: softprops/action-gh-release@v2", "        with:", "          token: ${{ github.token }}",
                 "          files: dist/*.tar.gz")
    return look("release", "yml", text, "${{ github.token }}", "The workflow's own token expression")


@lookalike(TPL)
def l_azure_pipeline_var(i):
    text = lines("variables:", "  - group: prod-database", "steps:", "  - task: SqlAzureDacpacDeployment@1", "    inputs:",
                 "      ServerName: $(sqlServer)", "      SqlUsername: $(sqlUser)", "      SqlPassword: $(sqlPassword)")
    return look("azure-pipelines", "yml", text, "$(sqlPassword)", "Azure Pipelines variable-group macro")


@lookalike(TPL)
def l_tf_var(i):
    text = lines('variable "db_password" {', "  type      = string", "  sensitive = true", "}", "",
                 'resource "aws_db_instance" "main" {', '  engine   = "postgres"', "  username = var.db_username",
                 "  password = var.db_password", "}")
    return look("rds", "tf", text, "password = var.db_password", "Terraform variable with no default")


@lookalike(TPL)
def l_tf_random(i):
    text = lines('resource "random_password" "db" {', "  length  = 32", "  special = true", "}", "",
                 'resource "azurerm_mssql_server" "main" {', '  administrator_login          = "sqladmin"',
                 "  administrator_login_password = random_password.db.result", "}")
    return look("sql", "tf", text, "random_password.db.result", "Password generated by Terraform at apply time")


@lookalike(TPL)
def l_spring_placeholder(i):
    text = lines("spring:", "  datasource:", "    url: jdbc:postgresql://${DB_HOST:localhost}:5432/${DB_NAME:app}",
                 "    username: ${DB_USER}", "    password: ${DB_PASSWORD}", "  mail:", "    password: ${SMTP_PASSWORD:}")
    return look("application", "yml", text, "${DB_PASSWORD}", "Spring property placeholders")


@lookalike(TPL)
def l_batch_percent(i):
    text = lines("@echo off", "if \"%DB_PASSWORD%\"==\"\" (echo DB_PASSWORD not set & exit /b 1)",
                 "sqlcmd -S %DB_SERVER% -U %DB_USER% -P %DB_PASSWORD% -i migrate.sql")
    return look("migrate", "cmd", text, "-P %DB_PASSWORD%", "Windows %VAR% expansion")


@lookalike(TPL)
def l_compose_required(i):
    text = lines("services:", "  db:", "    image: postgres:16", "    environment:", "      POSTGRES_USER: app",
                 "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}", "      POSTGRES_DB: app")
    return look("compose", "yaml", text, "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}", "Compose interpolation that fails when unset")


@lookalike(TPL)
def l_env_yourkey(i):
    text = lines("# copy to .env and fill in", "STRIPE_SECRET_KEY=sk_live_your_key_here", "STRIPE_WEBHOOK_SECRET=whsec_...",
                 "DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DBNAME")
    return look("defaults", "env", text, "sk_live_your_key_here", "Template .env with prefix-only placeholders")


@lookalike(TPL)
def l_env_angle(i):
    text = lines("OPENAI_API_KEY=<your-openai-api-key>", "ANTHROPIC_API_KEY=<your-anthropic-api-key>", "LOG_LEVEL=info")
    return look("llm.env", "in", text, "<your-openai-api-key>", "Angle-bracket placeholders")


@lookalike(TPL)
def l_replace_me(i):
    text = lines("smtp:", "  host: smtp.%s" % domain(), "  user: notifications", "  password: REPLACE_ME", "  port: 587")
    return look("mail", "yaml", text, "password: REPLACE_ME", "REPLACE_ME marker")


@lookalike(TPL)
def l_yaml_envref(i):
    text = lines("github:", "  api_url: https://api.github.com", '  token: "${GITHUB_TOKEN}"', "  org: %s" % org())
    return look("sync", "yaml", text, '"${GITHUB_TOKEN}"', "Environment interpolation in YAML")


@lookalike(TPL)
def l_mustache(i):
    text = lines("{", '  "host": "{{db_host}}",', '  "user": "{{db_user}}",', '  "password": "{{db_password}}"', "}")
    return look("db.json", "mustache", text, "{{db_password}}", "Mustache variables")


@lookalike(TPL)
def l_envsubst(i):
    text = lines("apiVersion: v1", "kind: Secret", "metadata:", "  name: registry", "stringData:",
                 "  username: ${REGISTRY_USER}", "  password: ${REGISTRY_PASSWORD}", "# rendered with envsubst in CI")
    return look("registry-secret", "yaml", text, "${REGISTRY_PASSWORD}", "envsubst template")


@lookalike(TPL)
def l_jenkins_creds(i):
    text = lines("stage('Migrate') {", "  steps {",
                 "    withCredentials([usernamePassword(credentialsId: 'prod-db', usernameVariable: 'DB_USER', passwordVariable: 'DB_PASS')]) {",
                 "      sh 'flyway -user=$DB_USER -password=$DB_PASS migrate'", "    }", "  }", "}")
    return look("migrate", "jenkinsfile", text, "passwordVariable: 'DB_PASS'", "Jenkins credentials binding")


@lookalike(TPL)
def l_gitlab_predefined(i):
    text = lines("build:", "  image: docker:26", "  services: [docker:26-dind]", "  script:",
                 '    - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"',
                 '    - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA" .')
    return look("gitlab-ci", "yml", text, "$CI_REGISTRY_PASSWORD", "GitLab predefined CI variables")


@lookalike(TPL)
def l_cfn_noecho(i):
    text = lines("Parameters:", "  DBPassword:", "    Type: String", "    NoEcho: true", "    MinLength: 16",
                 "Resources:", "  Database:", "    Type: AWS::RDS::DBInstance", "    Properties:", "      MasterUsername: app",
                 "      MasterUserPassword: !Ref DBPassword")
    return look("database", "yaml", text, "MasterUserPassword: !Ref DBPassword", "CloudFormation NoEcho parameter")


@lookalike(TPL)
def l_arm_param(i):
    text = json.dumps(collections.OrderedDict([
        ("parameters", {"adminPassword": {"type": "securestring", "metadata": {"description": "VM admin password"}}}),
        ("resources", [{"type": "Microsoft.Compute/virtualMachines", "properties": {"osProfile": {
            "adminUsername": "azureuser", "adminPassword": "[parameters('adminPassword')]"}}}])]), indent=1)
    return look("vm.deploy", "json", text, "[parameters('adminPassword')]", "ARM template securestring parameter")


@lookalike(TPL)
def l_bicep(i):
    text = lines("@secure()", "param sqlAdminPassword string", "", "resource sql 'Microsoft.Sql/servers@2023-05-01-preview' = {",
                 "  name: 'sql-${uniqueString(resourceGroup().id)}'", "  location: location", "  properties: {",
                 "    administratorLogin: 'sqladmin'", "    administratorLoginPassword: sqlAdminPassword", "  }", "}")
    return look("sql", "bicep", text, "administratorLoginPassword: sqlAdminPassword", "Bicep @secure() parameter")


@lookalike(TPL)
def l_makefile_env(i):
    text = lines("DB_URL = postgres://$(DB_USER):$(DB_PASSWORD)@$(DB_HOST)/app", "", "check-env:",
                 "\t@test -n \"$(DB_PASSWORD)\" || (echo 'export DB_PASSWORD first' && exit 1)", "",
                 "migrate: check-env", "\tmigrate -database \"$(DB_URL)\" -path migrations up")
    return look("Makefile", "mk", text, "$(DB_PASSWORD)", "Make variables from the environment")


@lookalike(TPL)
def l_docs_bearer(i):
    text = lines("### Authentication", "", "Send your token in the `Authorization` header:", "", "```http",
                 "GET /v1/projects HTTP/1.1", "Host: api.%s" % domain(), "Authorization: Bearer <token>", "```")
    return look("api", "md", text, "Authorization: Bearer <token>", "API docs with a <token> placeholder")


@lookalike(TPL)
def l_aws_your(i):
    text = lines("[default]", "aws_access_key_id = YOUR_ACCESS_KEY_ID", "aws_secret_access_key = YOUR_SECRET_ACCESS_KEY",
                 "region = us-east-1")
    return look("aws-profile", "ini", text, "YOUR_SECRET_ACCESS_KEY", "Documentation placeholders")


@lookalike(TPL)
def l_url_var(i):
    text = lines("# values come from the host environment", "DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app",
                 "REDIS_URL=redis://:${REDIS_PASSWORD}@redis:6379/0")
    return look("compose", "env", text, "${DB_PASSWORD}", "URLs interpolating the password")


@lookalike(TPL)
def l_octopus(i):
    text = json.dumps({"ConnectionStrings": {"Default": "Server=#{SqlServer};Database=#{SqlDatabase};User Id=#{SqlUser};Password=#{SqlPassword};"}}, indent=2)
    return look("appsettings.Release", "json", text, "Password=#{SqlPassword}", "Octopus Deploy substitution tokens")


@lookalike(TPL)
def l_maven_env(i):
    text = lines("<settings>", "  <servers>", "    <server>", "      <id>ossrh</id>", "      <username>${env.OSSRH_USERNAME}</username>",
                 "      <password>${env.OSSRH_TOKEN}</password>", "    </server>", "  </servers>", "</settings>")
    return look("settings", "xml", text, "${env.OSSRH_TOKEN}", "Maven settings reading the environment")


@lookalike(TPL)
def l_nuget_env(i):
    text = lines("<configuration>", "  <packageSourceCredentials>", "    <github>", '      <add key="Username" value="build" />',
                 '      <add key="ClearTextPassword" value="%GITHUB_PACKAGES_PAT%" />', "    </github>",
                 "  </packageSourceCredentials>", "</configuration>")
    return look("NuGet", "config", text, "%GITHUB_PACKAGES_PAT%", "NuGet.config environment reference")


@lookalike(TPL)
def l_npmrc_env(i):
    text = lines("@%s:registry=https://npm.pkg.github.com" % org(), "//npm.pkg.github.com/:_authToken=${NODE_AUTH_TOKEN}",
                 "engine-strict=true")
    return look("project", "npmrc", text, "${NODE_AUTH_TOKEN}", ".npmrc expanding an environment variable")


@lookalike(TPL)
def l_requirements_env(i):
    text = lines("--extra-index-url https://${ARTIFACTORY_USER}:${ARTIFACTORY_TOKEN}@%s.jfrog.io/artifactory/api/pypi/pypi/simple" % org(),
                 "requests==2.32.3", "pydantic==2.8.2")
    return look("requirements", "txt", text, "${ARTIFACTORY_TOKEN}", "pip requirements with env-var credentials")


@lookalike(TPL)
def l_docker_credstore(i):
    text = json.dumps(collections.OrderedDict([("auths", {"ghcr.io": {}, "%s.azurecr.io" % org(): {}}),
                                               ("credsStore", "desktop"), ("currentContext", "default")]), indent=2)
    return look("docker-config", "json", text, '"credsStore": "desktop"', "Docker config delegating to a credential store")


@lookalike(TPL)
def l_salt_pillar(i):
    text = lines("postgres:", "  users:", "    app:", "      password: {{ pillar['vault']['app_db_password'] }}", "      createdb: false")
    return look("postgres", "sls", text, "{{ pillar['vault']['app_db_password'] }}", "Salt pillar reference")


@lookalike(TPL)
def l_ansible_lookup(i):
    text = lines("- name: create app user", "  community.mysql.mysql_user:", "    name: app",
                 "    password: \"{{ lookup('community.hashi_vault.hashi_vault', 'secret=kv/data/mysql:app') }}\"",
                 "    priv: 'app.*:ALL'")
    return look("mysql", "yml", text, "lookup('community.hashi_vault.hashi_vault', 'secret=kv/data/mysql:app')", "Ansible Vault lookup plugin")


@lookalike(TPL)
def l_ellipsis(i):
    text = lines("## Configure", "", "```sh", 'export OPENAI_API_KEY="sk-..."', 'export ANTHROPIC_API_KEY="sk-ant-..."', "```")
    return look("SETUP", "md", text, 'OPENAI_API_KEY="sk-..."', "Prefix followed by an ellipsis in docs")


# ---------------------------------------------------------------- secret-manager references

def acct():
    return sticky("account", lambda: rdigits(12))


@lookalike(SMREF)
def l_ecs_secrets(i):
    arn = "arn:aws:secretsmanager:%s:%s:secret:prod/orders/db-%s" % (region(), acct(), rs(6))
    text = json.dumps({"containerDefinitions": [{"name": "orders", "image": "%s.dkr.ecr.%s.amazonaws.com/orders:3.2.0" % (acct(), region()),
                                                 "secrets": [{"name": "DB_PASSWORD", "valueFrom": arn + ":password::"}]}]}, indent=1)
    return look("taskdef", "json", text, arn, "ECS task definition pulling from Secrets Manager")


@lookalike(SMREF)
def l_ecs_ssm(i):
    arn = "arn:aws:ssm:%s:%s:parameter/prod/billing/stripe_key" % (region(), acct())
    text = lines("secrets:", "  - name: STRIPE_SECRET_KEY", "    valueFrom: %s" % arn)
    return look("copilot-manifest", "yml", text, arn, "SSM SecureString reference")


@lookalike(SMREF)
def l_bank_vaults(i):
    text = lines("env:", "  - name: DB_PASSWORD", "    value: vault:secret/data/orders/db#password",
                 "  - name: STRIPE_KEY", "    value: vault:secret/data/orders/stripe#api_key")
    return look("orders-values", "yaml", text, "vault:secret/data/orders/db#password", "Bank-Vaults webhook references")


@lookalike(SMREF)
def l_op_env(i):
    text = lines("# consumed by `op run --env-file=.env.op -- ./start.sh`", "DB_PASSWORD=op://Production/orders-db/password",
                 "STRIPE_SECRET_KEY=op://Production/Stripe/credential", "SENTRY_DSN=op://Production/Sentry/dsn")
    return look("op", "env", text, "op://Production/orders-db/password", "1Password secret references")


@lookalike(SMREF)
def l_berglas(i):
    text = lines("env:", "  - name: API_KEY", "    value: sm://%s-prod/partner-api-key" % org(),
                 "  - name: TLS_KEY", "    value: berglas://%s-secrets/tls/key?destination=tempfile" % org())
    return look("service", "yaml", text, "sm://", "Berglas / Secret Manager references")


@lookalike(SMREF)
def l_keyvault_ref(i):
    text = json.dumps([{"name": "DbPassword", "value": "@Microsoft.KeyVault(SecretUri=https://kv-%s-prod.vault.azure.net/secrets/db-password/)" % org(),
                        "slotSetting": False}], indent=2)
    return look("appsettings-slot", "json", text, "@Microsoft.KeyVault(SecretUri=", "App Service Key Vault reference")


@lookalike(SMREF)
def l_external_secret(i):
    text = lines("apiVersion: external-secrets.io/v1beta1", "kind: ExternalSecret", "metadata:", "  name: orders-db", "spec:",
                 "  secretStoreRef: {name: aws-sm, kind: ClusterSecretStore}", "  target: {name: orders-db}", "  data:",
                 "    - secretKey: password", "      remoteRef:", "        key: prod/orders/db", "        property: password")
    return look("orders-db", "yaml", text, "key: prod/orders/db", "External Secrets Operator manifest")


@lookalike(SMREF)
def l_secretkeyref(i):
    text = lines("          env:", "            - name: DB_PASSWORD", "              valueFrom:", "                secretKeyRef:",
                 "                  name: orders-db", "                  key: password")
    return look("deployment-env", "yaml", text, "secretKeyRef:", "Kubernetes secretKeyRef")


@lookalike(SMREF)
def l_envfrom(i):
    text = lines("      containers:", "        - name: worker", "          envFrom:", "            - secretRef:",
                 "                name: worker-secrets", "            - configMapRef:", "                name: worker-config")
    return look("worker", "yaml", text, "secretRef:", "envFrom secretRef")


@lookalike(SMREF)
def l_docker_secrets(i):
    text = lines("services:", "  db:", "    image: postgres:16", "    environment:",
                 "      POSTGRES_PASSWORD_FILE: /run/secrets/db_password", "    secrets: [db_password]", "secrets:",
                 "  db_password:", "    file: ./secrets/db_password.txt")
    return look("compose.prod", "yaml", text, "/run/secrets/db_password", "Docker secrets via *_FILE")


@lookalike(SMREF)
def l_cloudrun(i):
    text = lines("spec:", "  template:", "    spec:", "      containers:", "        - image: %s-docker.pkg.dev/%s/app/api:1.4.0" % (region().split("-")[0], org()),
                 "          env:", "            - name: API_KEY", "              valueFrom:", "                secretKeyRef:",
                 "                  name: partner-api-key", "                  key: '3'")
    return look("cloudrun-service", "yaml", text, "name: partner-api-key", "Cloud Run Secret Manager reference")


@lookalike(SMREF)
def l_doppler_cli(i):
    text = lines("#!/bin/sh", "set -e", "export PGPASSWORD=\"$(doppler secrets get DB_PASSWORD --plain --config prd)\"",
                 "psql -h db.internal -U app -c 'select 1'")
    return look("db-ping", "sh", text, "doppler secrets get DB_PASSWORD --plain", "Doppler CLI fetch at runtime")


@lookalike(SMREF)
def l_csi_spc(i):
    text = lines("apiVersion: secrets-store.csi.x-k8s.io/v1", "kind: SecretProviderClass", "metadata:", "  name: kv-orders",
                 "spec:", "  provider: azure", "  parameters:", "    keyvaultName: kv-%s-prod" % org(), "    tenantId: %s" % ruuid(),
                 "    objects: |", "      array:", "        - |", "          objectName: db-password", "          objectType: secret")
    return look("secretproviderclass", "yaml", text, "objectName: db-password", "CSI Secret Store provider class")


@lookalike(SMREF)
def l_aws_cli_get(i):
    text = lines("#!/usr/bin/env bash", "set -euo pipefail",
                 "DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/orders/db --query SecretString --output text | jq -r .password)",
                 "export DB_PASSWORD", "exec ./orders-server")
    return look("entrypoint", "sh", text, "aws secretsmanager get-secret-value --secret-id prod/orders/db", "Secret fetched at start-up")


@lookalike(SMREF)
def l_vault_agent(i):
    text = lines("  template:", "    metadata:", "      annotations:", '        vault.hashicorp.com/agent-inject: "true"',
                 '        vault.hashicorp.com/role: "orders"',
                 '        vault.hashicorp.com/agent-inject-secret-db: "database/creds/orders-rw"')
    return look("vault-annotations", "yaml", text, "database/creds/orders-rw", "Vault Agent injector annotations")


@lookalike(SMREF)
def l_spring_vault(i):
    text = lines("spring:", "  cloud:", "    vault:", "      uri: https://vault.%s:8200" % domain(), "      authentication: KUBERNETES",
                 "      kubernetes:", "        role: orders", "      kv:", "        backend: secret", "        default-context: orders")
    return look("bootstrap", "yml", text, "authentication: KUBERNETES", "Spring Cloud Vault with Kubernetes auth")


@lookalike(SMREF)
def l_tf_sm_data(i):
    text = lines('data "aws_secretsmanager_secret_version" "db" {', '  secret_id = "prod/orders/db"', "}", "",
                 "locals {", "  db = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)", "}")
    return look("secrets", "tf", text, 'secret_id = "prod/orders/db"', "Terraform reading Secrets Manager")


@lookalike(SMREF)
def l_cfn_resolve(i):
    text = lines("  Database:", "    Type: AWS::RDS::DBCluster", "    Properties:", "      MasterUsername: admin",
                 "      MasterUserPassword: '{{resolve:secretsmanager:prod/aurora/master:SecretString:password}}'")
    return look("aurora", "yaml", text, "{{resolve:secretsmanager:prod/aurora/master:SecretString:password}}", "CloudFormation dynamic reference")


@lookalike(SMREF)
def l_serverless_ssm(i):
    text = lines("provider:", "  name: aws", "  environment:", "    DB_PASSWORD: ${ssm:/prod/orders/db_password}",
                 "    STRIPE_KEY: ${ssm:/prod/billing/stripe_secret_key}")
    return look("serverless", "yml", text, "${ssm:/prod/orders/db_password}", "Serverless framework SSM variables")


@lookalike(SMREF)
def l_nomad_tpl(i):
    text = lines("template {", '  data = <<EOH', '{{ with secret "kv/data/orders/db" }}',
                 'DB_PASSWORD={{ .Data.data.password }}', "{{ end }}", "EOH", '  destination = "secrets/db.env"', "  env = true", "}")
    return look("orders", "nomad", text, '{{ with secret "kv/data/orders/db" }}', "Nomad template reading Vault")


@lookalike(SMREF)
def l_gcp_sm_code(i):
    text = lines("from google.cloud import secretmanager", "", "client = secretmanager.SecretManagerServiceClient()",
                 'name = "projects/%s/secrets/stripe-key/versions/4"' % rdigits(12),
                 'STRIPE_KEY = client.access_secret_version(name=name).payload.data.decode()')
    return look("secrets", "py", text, "/secrets/stripe-key/versions/4", "GCP Secret Manager access in code")


@lookalike(SMREF)
def l_op_read(i):
    text = lines("#!/bin/sh", 'export CLOUDFLARE_API_TOKEN="$(op read "op://Infra/Cloudflare/credential")"', "terraform apply")
    return look("apply", "sh", text, 'op read "op://Infra/Cloudflare/credential"', "1Password CLI read")


@lookalike(SMREF)
def l_gha_aws_sm(i):
    text = lines("      - uses: aws-actions/aws-secretsmanager-get-secrets@v2", "        with:", "          secret-ids: |",
                 "            DB, prod/orders/db", "          parse-json-secrets: true")
    return look("integration", "yml", text, "DB, prod/orders/db", "Action that fetches secrets at run time")


@lookalike(SMREF)
def l_hvac(i):
    text = lines("import hvac", "", "client = hvac.Client(url=VAULT_ADDR)", "client.auth.kubernetes.login(role='orders', jwt=open(SA_TOKEN_PATH).read())",
                 "creds = client.secrets.kv.v2.read_secret_version(path='orders/db')['data']['data']")
    return look("vault_client", "py", text, "read_secret_version(path='orders/db')", "hvac read with Kubernetes auth")


@lookalike(SMREF)
def l_chamber(i):
    text = lines("[program:orders]", "command=chamber exec orders/prod -- /opt/orders/bin/server", "autorestart=true")
    return look("orders", "conf", text, "chamber exec orders/prod", "chamber injects SSM parameters")


@lookalike(SMREF)
def l_buildkit_secret(i):
    text = lines("# syntax=docker/dockerfile:1.7", "FROM node:20-slim", "WORKDIR /app", "COPY package*.json .npmrc ./",
                 "RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci", "COPY . .")
    return look("web", "Dockerfile", text, "--mount=type=secret,id=npm_token", "BuildKit secret mount")


# ---------------------------------------------------------------- environment lookups in code

ENV_SNIPPETS = [
    ("settings", "py", ["import os", "", "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql',",
                        "    'PASSWORD': os.environ['DB_PASSWORD'],", "    'HOST': os.environ.get('DB_HOST', 'localhost')}}"],
     "os.environ['DB_PASSWORD']"),
    ("client", "py", ["import os", "import stripe", "", 'stripe.api_key = os.getenv("STRIPE_SECRET_KEY")',
                      'if not stripe.api_key:', '    raise RuntimeError("STRIPE_SECRET_KEY is not set")'],
     'os.getenv("STRIPE_SECRET_KEY")'),
    ("config", "js", ["module.exports = {", "  port: Number(process.env.PORT || 3000),",
                      "  jwtSecret: process.env.JWT_SECRET,", "  sendgridKey: process.env.SENDGRID_API_KEY,", "};"],
     "process.env.JWT_SECRET"),
    ("config", "go", ["package config", "", "import \"os\"", "", "func DBPassword() string {", '\treturn os.Getenv("DB_PASSWORD")', "}"],
     'os.Getenv("DB_PASSWORD")'),
    ("MailConfig", "java", ["public final class MailConfig {", '    static final String PASSWORD = System.getenv("SMTP_PASSWORD");',
                            '    static final String HOST = System.getenv().getOrDefault("SMTP_HOST", "localhost");', "}"],
     'System.getenv("SMTP_PASSWORD")'),
    ("settings", "rs", ["pub fn api_key() -> String {", '    std::env::var("PARTNER_API_KEY").expect("PARTNER_API_KEY must be set")', "}"],
     'std::env::var("PARTNER_API_KEY")'),
    ("Startup", "cs", ['var conn = builder.Configuration.GetConnectionString("Default");',
                       'var apiKey = Environment.GetEnvironmentVariable("PAYMENTS_API_KEY")',
                       '    ?? throw new InvalidOperationException("PAYMENTS_API_KEY missing");'],
     'Environment.GetEnvironmentVariable("PAYMENTS_API_KEY")'),
    ("aws", "rb", ["Aws.config.update(", "  region: ENV.fetch('AWS_REGION', 'us-east-1'),",
                   "  credentials: Aws::Credentials.new(ENV.fetch('AWS_ACCESS_KEY_ID'), ENV.fetch('AWS_SECRET_ACCESS_KEY'))", ")"],
     "ENV.fetch('AWS_SECRET_ACCESS_KEY')"),
    ("database", "php", ["<?php", "return [", "    'password' => getenv('DB_PASSWORD') ?: '',", "    'username' => $_ENV['DB_USERNAME'] ?? 'app',", "];"],
     "getenv('DB_PASSWORD')"),
    ("report", "pl", ["use strict;", "my $dbh = DBI->connect($ENV{DSN}, $ENV{DB_USER}, $ENV{DB_PASSWORD})", "    or die $DBI::errstr;"],
     "$ENV{DB_PASSWORD}"),
    ("Env", "kt", ["object Env {", '    val dbPassword: String = System.getenv("DB_PASSWORD") ?: error("DB_PASSWORD not set")', "}"],
     'System.getenv("DB_PASSWORD")'),
    ("Config", "swift", ["import Foundation", "", "let apiKey = ProcessInfo.processInfo.environment[\"MAPS_API_KEY\"] ?? \"\""],
     'environment["MAPS_API_KEY"]'),
    ("Settings", "scala", ["object Settings {", '  val dbPassword: String = sys.env.getOrElse("DB_PASSWORD", sys.error("DB_PASSWORD missing"))', "}"],
     'sys.env.getOrElse("DB_PASSWORD"'),
    ("runtime", "exs", ["import Config", "", "if config_env() == :prod do", "  config :shop, Shop.Repo,",
                        '    password: System.fetch_env!("DB_PASSWORD")', "end"],
     'System.fetch_env!("DB_PASSWORD")'),
    ("run", "sh", ["#!/bin/sh", ': "${API_TOKEN:?API_TOKEN must be set}"',
                   'curl -fsS -H "Authorization: Bearer ${API_TOKEN}" https://api.internal/v1/sync'],
     "${API_TOKEN:?API_TOKEN must be set}"),
    ("deploy", "ps1", ["$ErrorActionPreference = 'Stop'", "$headers = @{ Authorization = \"Bearer $($env:DEPLOY_TOKEN)\" }",
                       "Invoke-RestMethod -Uri $env:DEPLOY_URL -Headers $headers -Method Post"],
     "$env:DEPLOY_TOKEN"),
    ("main", "ts", ['const token = Deno.env.get("GITHUB_TOKEN");', 'if (!token) throw new Error("GITHUB_TOKEN unset");',
                    "const res = await fetch(url, { headers: { authorization: `token ${token}` } });"],
     'Deno.env.get("GITHUB_TOKEN")'),
    ("supabase", "ts", ["import { createClient } from '@supabase/supabase-js';", "",
                        "export const supabase = createClient(import.meta.env.VITE_SUPABASE_URL, import.meta.env.VITE_SUPABASE_ANON_KEY);"],
     "import.meta.env.VITE_SUPABASE_ANON_KEY"),
    ("config", "dart", ["import 'dart:io';", "", "final apiKey = Platform.environment['WEATHER_API_KEY'] ?? '';"],
     "Platform.environment['WEATHER_API_KEY']"),
    ("redis", "lua", ["local password = os.getenv(\"REDIS_PASSWORD\")", "if password then", "  assert(red:auth(password))", "end"],
     'os.getenv("REDIS_PASSWORD")'),
    ("Config", "hs", ["import System.Environment (lookupEnv)", "", "loadToken :: IO (Maybe String)", 'loadToken = lookupEnv "SLACK_BOT_TOKEN"'],
     'lookupEnv "SLACK_BOT_TOKEN"'),
    ("schema", "prisma", ["datasource db {", '  provider = "postgresql"', '  url      = env("DATABASE_URL")', "}"],
     'env("DATABASE_URL")'),
    ("storage", "rb", ["Rails.application.configure do",
                       "  config.x.s3_secret = Rails.application.credentials.dig(:aws, :secret_access_key)", "end"],
     "credentials.dig(:aws, :secret_access_key)"),
    ("settings", "py", ["import environ", "", "env = environ.Env()", "DATABASES = {'default': env.db('DATABASE_URL')}",
                        "EMAIL_HOST_PASSWORD = env('EMAIL_HOST_PASSWORD')"],
     "env('EMAIL_HOST_PASSWORD')"),
    ("index", "ts", ["import * as pulumi from '@pulumi/pulumi';", "", "const cfg = new pulumi.Config();",
                     "const dbPassword = cfg.requireSecret('dbPassword');"],
     "cfg.requireSecret('dbPassword')"),
]


@lookalike(ENVL, times=len(ENV_SNIPPETS))
def l_env_lookup(i):
    slug, ext, ls, value = ENV_SNIPPETS[i]
    return look(slug, ext, lines(*ls), value, "Credential read from the environment or a config store at run time")


# ---------------------------------------------------------------- masked and elided values

@lookalike(MASK)
def l_log_stars(i):
    ts = stamp()
    text = lines("%s INFO  db  connecting host=%s user=%s password=******** sslmode=require" % (ts, int_host(), dbuser()),
                 "%s INFO  db  pool ready (10 connections)" % ts, "%s INFO  http listening on :8080" % ts)
    return look("app", "log", text, "password=********", "Masked password in a log")


@lookalike(MASK)
def l_rails_filtered(i):
    text = lines('Started POST "/users/sign_in" for 10.0.3.14 at 2024-04-02 09:14:11 +0000',
                 "Processing by Users::SessionsController#create as HTML",
                 '  Parameters: {"authenticity_token"=>"[FILTERED]", "user"=>{"email"=>"%s", "password"=>"[FILTERED]"}}' % email(),
                 "Completed 302 Found in 212ms")
    return look("production", "log", text, '"password"=>"[FILTERED]"', "Rails parameter filtering")


@lookalike(MASK)
def l_aws_configure_list(i):
    tail = rs(4, UPPER + "234567")
    text = lines("$ aws configure list", "      Name                    Value             Type    Location",
                 "      ----                    -----             ----    --------",
                 "   profile                <not set>             None    None",
                 "access_key     ****************%s shared-credentials-file" % tail,
                 "secret_key     ****************%s shared-credentials-file" % rs(4, ALNUM),
                 "    region                %s      config-file    ~/.aws/config" % region())
    return look("aws-config-check", "txt", text, "****************" + tail, "aws configure list masks keys")


@lookalike(MASK)
def l_kubectl_describe(i):
    text = lines("$ kubectl describe secret orders-db -n prod", "Name:         orders-db", "Namespace:    prod",
                 "Type:  Opaque", "", "Data", "====", "password:  24 bytes", "username:  6 bytes")
    return look("describe-secret", "txt", text, "password:  24 bytes", "kubectl describe shows sizes only")


@lookalike(MASK)
def l_tf_plan(i):
    text = lines("  # aws_db_instance.main will be updated in-place", '  ~ resource "aws_db_instance" "main" {',
                 '        id       = "orders-prod"', "      ~ password = (sensitive value)", '        username = "app"', "    }",
                 "", "Plan: 0 to add, 1 to change, 0 to destroy.")
    return look("plan", "txt", text, "password = (sensitive value)", "Terraform plan hides sensitive values")


@lookalike(MASK)
def l_gha_log(i):
    text = lines("2024-06-11T08:01:12.4410000Z ##[group]Run docker login ghcr.io -u %s -p ***" % org(),
                 "2024-06-11T08:01:12.4411000Z docker login ghcr.io -u %s -p ***" % org(),
                 "2024-06-11T08:01:13.0101000Z Login Succeeded")
    return look("job-output", "log", text, "-p ***", "GitHub Actions log with the secret masked")


@lookalike(MASK)
def l_npm_config(i):
    text = lines("$ npm config list", "; \"user\" config from /home/ci/.npmrc", "",
                 "//registry.npmjs.org/:_authToken = (protected)", "registry = \"https://registry.npmjs.org/\"")
    return look("npm-config", "txt", text, "_authToken = (protected)", "npm config list protects tokens")


@lookalike(MASK)
def l_git_remote(i):
    text = lines("$ git remote -v", "origin\thttps://***@github.com/%s/api.git (fetch)" % org(),
                 "origin\thttps://***@github.com/%s/api.git (push)" % org())
    return look("remotes", "txt", text, "https://***@github.com", "Credential masked in a remote URL")


@lookalike(MASK)
def l_django_debug(i):
    text = lines("DATABASES", "{'default': {'ENGINE': 'django.db.backends.postgresql',", "             'HOST': 'db',",
                 "             'NAME': 'app',", "             'PASSWORD': '********************',", "             'USER': 'app'}}")
    return look("debug-settings", "txt", text, "'PASSWORD': '********************'", "Django debug page masking")


@lookalike(MASK)
def l_actuator(i):
    text = json.dumps({"activeProfiles": ["prod"], "propertySources": [{"name": "systemEnvironment", "properties": {
        "DB_PASSWORD": {"value": "******", "origin": "System Environment Property \"DB_PASSWORD\""},
        "JAVA_HOME": {"value": "/opt/java/openjdk"}}}]}, indent=1)
    return look("actuator-env", "json", text, '"value": "******"', "Spring actuator sanitised env")


@lookalike(MASK)
def l_incident_akia(i):
    text = lines("## Incident 2024-031: key exposed in CI log", "",
                 "- Key: `AKIA****************` (deactivated 09:42 UTC, deleted 10:05 UTC)",
                 "- Scope: read-only S3 on the `%s-reports` bucket" % org(), "- Follow-up: move the job to OIDC")
    return look("postmortem", "md", text, "AKIA****************", "Masked key id in an incident write-up")


@lookalike(MASK)
def l_stripe_dots(i):
    tail = rs(4)
    text = lines("| Key | Created | Last used |", "| --- | --- | --- |",
                 "| `sk_live_••••••••••••%s` | 2023-11-02 | 2024-05-30 |" % tail,
                 "| `rk_live_••••••••••••%s` | 2024-01-15 | never |" % rs(4))
    return look("key-inventory", "md", text, "sk_live_••••••••••••" + tail, "Dashboard-style truncated keys")


@lookalike(MASK)
def l_vault_audit(i):
    ev = {"time": stamp() + "Z", "type": "response", "auth": {"client_token": "hmac-sha256:" + rhex(64), "policies": ["orders"]},
          "request": {"path": "secret/data/orders/db", "operation": "read"},
          "response": {"data": {"data": {"password": "hmac-sha256:" + rhex(64)}}}}
    return look("vault-audit", "log", lines(json.dumps(ev), json.dumps({"time": stamp() + "Z", "type": "request"}),
                                            json.dumps({"time": stamp() + "Z", "type": "request"})),
                '"client_token": "hmac-sha256:', "Vault audit log (values HMAC'd)")


@lookalike(MASK)
def l_pydantic_repr(i):
    text = lines(">>> from app.settings import Settings", ">>> Settings()",
                 "Settings(db_url='postgresql://app@db/app', db_password=SecretStr('**********'), debug=False)")
    return look("settings-repr", "txt", text, "SecretStr('**********')", "Pydantic SecretStr repr")


@lookalike(MASK)
def l_ansible_nolog(i):
    text = lines("TASK [mysql : create users] ****************************************************",
                 "ok: [db-01] => (item=None)",
                 "ok: [db-01] => {\"censored\": \"the output has been hidden due to the fact that 'no_log: true' was specified for this result\", \"changed\": false}")
    return look("ansible-run", "log", text, '"censored": "the output has been hidden', "Ansible no_log output")


@lookalike(MASK)
def l_sentry_filtered(i):
    text = json.dumps({"request": {"url": "https://api.%s/login" % domain(), "method": "POST",
                                   "data": {"username": "j.doe", "password": "[Filtered]"},
                                   "headers": {"Authorization": "[Filtered]"}}}, indent=2)
    return look("sentry-event", "json", text, '"password": "[Filtered]"', "Sentry data scrubbing")


@lookalike(MASK)
def l_ghp_elided(i):
    text = lines("Rotated the deploy token (old: `ghp_…` ending in `%s`, revoked)." % rs(4),
                 "New token lives in the `deploy` environment secrets.", "No further action needed.")
    return look("CHANGELOG-ops", "md", text, "ghp_…", "Elided token mentioned in notes")


@lookalike(MASK)
def l_jenkins_console(i):
    text = lines("[Pipeline] withCredentials", "Masking supported pattern matches of $DB_PASS", "[Pipeline] sh",
                 "+ flyway -user=app -password=**** migrate", "Successfully applied 2 migrations")
    return look("console", "log", text, "-password=****", "Jenkins masked console output")


# ---------------------------------------------------------------- obvious test values

@lookalike(TRIV)
def l_pytest_fixture(i):
    text = lines("import pytest", "", "@pytest.fixture", "def user(db):",
                 '    return User.objects.create_user(username="alice", email="alice@localhost", password="password")')
    return look("fixtures", "py", text, 'password="password"', "Trivial password in a fixture")


@lookalike(TRIV)
def l_factorybot(i):
    text = lines("FactoryBot.define do", "  factory :user do", "    sequence(:email) { |n| \"user#{n}@localhost\" }",
                 '    password { "password123" }', "  end", "end")
    return look("users", "rb", text, 'password { "password123" }', "Factory default password")


@lookalike(TRIV)
def l_jest_key(i):
    text = lines("import { createClient } from '../src/client';", "", "describe('client', () => {",
                 "  const client = createClient({ apiKey: 'test-api-key', baseUrl: 'http://localhost:4010' });",
                 "  it('lists projects', async () => expect(await client.projects()).toHaveLength(2));", "});")
    return look("client.spec", "ts", text, "apiKey: 'test-api-key'", "Obvious test API key against a mock server")


@lookalike(TRIV)
def l_cypress(i):
    text = lines("describe('login', () => {", "  it('signs in', () => {", "    cy.visit('/login');",
                 "    cy.get('#email').type('admin@localhost');", "    cy.get('#password').type('admin');",
                 "    cy.contains('Dashboard');", "  });", "});")
    return look("login.cy", "js", text, "type('admin')", "admin/admin in an e2e spec")


@lookalike(TRIV)
def l_compose_dev(i):
    text = lines("services:", "  db:", "    image: postgres:16", "    environment:", "      POSTGRES_USER: postgres",
                 "      POSTGRES_PASSWORD: postgres", "    ports: ['5432:5432']")
    return look("compose.local", "yaml", text, "POSTGRES_PASSWORD: postgres", "Local development default")


@lookalike(TRIV)
def l_h2_empty(i):
    text = lines("spring.datasource.url=jdbc:h2:mem:app;DB_CLOSE_DELAY=-1", "spring.datasource.username=sa",
                 "spring.datasource.password=", "spring.h2.console.enabled=true")
    return look("application-local", "properties", text, "spring.datasource.password=", "Empty password for in-memory H2")


@lookalike(TRIV)
def l_mysql_empty(i):
    text = lines("services:", "  mysql:", "    image: mysql:8.0", "    environment:", '      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"',
                 "      MYSQL_DATABASE: app_ci")
    return look("ci-services", "yml", text, 'MYSQL_ALLOW_EMPTY_PASSWORD: "yes"', "CI database with no password")


@lookalike(TRIV)
def l_wrong_password(i):
    text = lines("def check_rejects_bad_password(client):", '    resp = client.post("/login", data={"user": "alice", "password": "wrong-password"})',
                 "    assert resp.status_code == 401")
    return look("auth_checks", "py", text, '"password": "wrong-password"', "Deliberately wrong password in a check")


@lookalike(TRIV)
def l_go_table(i):
    text = lines("var cases = []struct {", "\tuser, pass string", "\twant       bool", "}{", '\t{"admin", "admin", true},',
                 '\t{"admin", "letmein", false},', '\t{"", "", false},', "}")
    return look("auth_cases", "go", text, '{"admin", "letmein", false}', "Table-driven auth cases with trivial values")


@lookalike(TRIV)
def l_laravel_factory(i):
    text = lines("public function definition(): array", "{", "    return [", "        'name' => fake()->name(),",
                 "        'password' => static::$password ??= Hash::make('password'),", "    ];", "}")
    return look("UserFactory", "php", text, "Hash::make('password')", "Laravel's default factory password")


@lookalike(TRIV)
def l_readme_admin(i):
    text = lines("## Local development", "", "Run `make up`, then open http://localhost:8080 and sign in as", "",
                 "- user: `admin`", "- password: `admin`", "", "The seed data is reset on every `make up`.")
    return look("CONTRIBUTING", "md", text, "password: `admin`", "Local seed credentials")


@lookalike(TRIV)
def l_seeds_letmein(i):
    text = lines("if Rails.env.development?", "  User.find_or_create_by!(email: 'dev@localhost') do |u|",
                 "    u.password = 'letmein'", "    u.admin = true", "  end", "end")
    return look("seeds", "rb", text, "u.password = 'letmein'", "Development seed password")


@lookalike(TRIV)
def l_hunter2(i):
    text = lines("def check_mask():", '    assert mask("hunter2") == "*******"', '    assert mask("") == ""')
    return look("mask_checks", "py", text, 'mask("hunter2")', "Classic joke password as an input")


@lookalike(TRIV)
def l_ci_pg_service(i):
    text = lines("    services:", "      postgres:", "        image: postgres:16", "        env:",
                 "          POSTGRES_PASSWORD: postgres", "        ports: ['5432:5432']")
    return look("ci", "yml", text, "POSTGRES_PASSWORD: postgres", "Throwaway CI service container")


@lookalike(TRIV)
def l_jwt_dev_secret(i):
    text = lines("# development only; production reads JWT_SECRET from the secret store", "JWT_SECRET=secret",
                 "DATABASE_URL=postgres://postgres:postgres@localhost:5432/app_dev")
    return look("development", "env", text, "JWT_SECRET=secret", "Trivial development secrets")


@lookalike(TRIV)
def l_junit(i):
    text = lines("@Test", "void rejectsShortPasswords() {",
                 '    assertThrows(WeakPasswordException.class, () -> new User("bob", "test123"));', "}")
    return look("UserSpec", "java", text, '"test123"', "test123 as a weak-password case")


@lookalike(TRIV)
def l_testcontainers(i):
    text = lines("static PostgreSQLContainer<?> pg = new PostgreSQLContainer<>(\"postgres:16\")",
                 '        .withUsername("test")', '        .withPassword("test");')
    return look("PgContainer", "java", text, '.withPassword("test")', "Testcontainers default credentials")


@lookalike(TRIV)
def l_slack_notreal(i):
    text = lines("from slack_bolt import App", "", "app = App(token=\"xoxb-not-a-real-token-this-will-not-work\", signing_secret=\"secret\",",
                 "          token_verification_enabled=False)")
    return look("bolt_app_unit", "py", text, "xoxb-not-a-real-token-this-will-not-work", "Self-declared non-token in a unit setup")


@lookalike(TRIV)
def l_basic_docs(i):
    text = lines("Basic authentication sends `base64(username:password)`:", "", "```",
                 "Authorization: Basic dXNlcm5hbWU6cGFzc3dvcmQ=", "```")
    return look("auth-guide", "md", text, "dXNlcm5hbWU6cGFzc3dvcmQ=", "base64 of the literal 'username:password'")


@lookalike(TRIV)
def l_url_userpass(i):
    text = lines("# Default for `docker compose up`; override DATABASE_URL in production.",
                 "DATABASE_URL=postgresql://user:password@localhost:5432/app")
    text = lines(text, "LOG_LEVEL=debug")
    return look("local", "env", text, "user:password@localhost", "Literal user:password placeholder URL")


# ---------------------------------------------------------------- providers' published sample keys

AWS_DOC_ID, AWS_DOC_SECRET = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
COSMOS_EMULATOR_KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
assert len(base64.b64decode(AZURITE_KEY)) == 64 and len(base64.b64decode(COSMOS_EMULATOR_KEY)) == 64
JWT_IO = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
          ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
assert jwt_hs256({"sub": "1234567890", "name": "John Doe", "iat": 1516239022}, b"your-256-bit-secret") == JWT_IO


@lookalike(PUB_SAMPLE)
def l_aws_docs(i):
    text = lines("To configure the CLI non-interactively:", "", "```sh", "aws configure set aws_access_key_id %s" % AWS_DOC_ID,
                 "aws configure set aws_secret_access_key %s" % AWS_DOC_SECRET, "```")
    return look("cli-setup", "md", text, AWS_DOC_SECRET, "AWS documentation's example key pair")


@lookalike(PUB_SAMPLE)
def l_aws_docs2(i):
    text = lines("# Signature V4 vector from the AWS documentation", "ACCESS_KEY = 'AKIAI44QH8DHBEXAMPLE'",
                 "SECRET_KEY = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY'",
                 "def check_signing():", "    assert sign(ACCESS_KEY, SECRET_KEY, REQUEST) == EXPECTED")
    return look("sigv4_vectors", "py", text, "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "Second AWS documentation key pair")


@lookalike(PUB_SAMPLE)
def l_jwt_io(i):
    text = lines("const token =", "  '%s';" % JWT_IO, "expect(decode(token).name).toBe('John Doe');")
    return look("decode.spec", "js", text, JWT_IO, "jwt.io's sample token (secret 'your-256-bit-secret')")


@lookalike(PUB_SAMPLE)
def l_rfc7515(i):
    key = base64.urlsafe_b64decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow==")
    si = ("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ")
    tok = si + "." + b64u(hmac.new(key, si.encode(), hashlib.sha256).digest())
    text = lines("# RFC 7515 appendix A.1 (JWS using HMAC SHA-256)", "RFC7515_A1_JWS = (", '    "%s"' % tok, ")")
    return look("jws_vectors", "py", text, tok, "RFC 7515 A.1 example JWS")


@lookalike(PUB_SAMPLE)
def l_stripe_docs(i):
    text = lines("```bash", "curl https://api.stripe.com/v1/charges \\", "  -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: \\",
                 "  -d amount=2000 -d currency=usd", "```")
    return look("payments-tutorial", "md", text, "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "Stripe's published docs test key")


@lookalike(PUB_SAMPLE)
def l_azurite(i):
    text = lines('{', '  "Values": {',
                 '    "AzureWebJobsStorage": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=%s;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"' % AZURITE_KEY,
                 '  }', '}')
    return look("local.settings", "json", text, AZURITE_KEY, "Azurite emulator's well-known key")


@lookalike(PUB_SAMPLE)
def l_cosmos_emulator(i):
    text = lines('"CosmosDb": {', '  "Endpoint": "https://localhost:8081/",', '  "Key": "%s"' % COSMOS_EMULATOR_KEY, "}")
    text = lines("{", text, "}")
    return look("appsettings.Development", "json", text, COSMOS_EMULATOR_KEY, "Cosmos DB emulator's well-known key")


@lookalike(PUB_SAMPLE)
def l_recaptcha_test(i):
    text = lines("# Google's documented reCAPTCHA v2 keys that always pass (non-production settings)",
                 "RECAPTCHA_PUBLIC_KEY = '6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI'",
                 "RECAPTCHA_PRIVATE_KEY = '6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe'",
                 "SILENCED_SYSTEM_CHECKS = ['django_recaptcha.recaptcha_test_key_error']")
    return look("settings_ci", "py", text, "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe", "reCAPTCHA published always-pass keys")


@lookalike(PUB_SAMPLE)
def l_minio_play(i):
    text = lines("# public MinIO playground from the MinIO docs", "mc alias set play https://play.min.io \\",
                 "  Q3AM3UQ867SPQQA43P2F zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG", "mc ls play")
    return look("try-mc", "sh", text, "zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG", "MinIO play server's published credentials")


# ---------------------------------------------------------------- digests, checksums, signatures

def sri():
    return "sha384-" + b64(rbytes(48))


@lookalike(HASH)
def l_sha256sums(i):
    names = ["app-linux-amd64.tar.gz", "app-linux-arm64.tar.gz", "app-darwin-arm64.tar.gz", "app-windows-amd64.zip"]
    rows = [(rhex(64), n) for n in names]
    return look("SHA256SUMS", "txt", lines(*("%s  %s" % r for r in rows)), rows[0][0], "Release checksums")


@lookalike(HASH)
def l_sri(i):
    s = sri()
    text = lines("<!doctype html>", "<html>", "<head>",
                 '  <script src="https://cdn.jsdelivr.net/npm/htmx.org@1.9.12/dist/htmx.min.js" integrity="%s" crossorigin="anonymous"></script>' % s,
                 "</head>", "<body></body>", "</html>")
    return look("index", "html", text, s, "Subresource integrity hash")


@lookalike(HASH)
def l_changelog_shas(i):
    shas = [rhex(40) for _ in range(3)]
    text = lines("## 2.8.0", "", "- Retry idempotent requests (%s)" % shas[0], "- Fix pagination off-by-one (%s)" % shas[1],
                 "- Bump serde (%s)" % shas[2])
    return look("CHANGELOG", "md", text, shas[0], "Commit SHAs in a changelog")


@lookalike(HASH)
def l_image_digest(i):
    d = "sha256:" + rhex(64)
    text = lines("      containers:", "        - name: api", "          image: ghcr.io/%s/api@%s" % (org(), d), "          ports:",
                 "            - containerPort: 8080")
    return look("api-pinned", "yaml", text, d, "Image pinned by digest")


@lookalike(HASH)
def l_pinned_action(i):
    sha = rhex(40)
    text = lines("    steps:", "      - uses: actions/checkout@%s # v4.1.7" % sha, "      - uses: actions/setup-go@%s # v5.0.2" % rhex(40),
                 "      - run: go test ./...")
    return look("ci", "yml", text, sha, "Actions pinned to commit SHAs")


@lookalike(HASH)
def l_brew(i):
    h = rhex(64)
    text = lines("class Gatekeeper < Formula", '  desc "Policy checks for CI"', '  url "https://github.com/%s/gk/archive/refs/tags/v1.4.2.tar.gz"' % org(),
                 '  sha256 "%s"' % h, '  license "MIT"', "end")
    return look("gatekeeper", "rb", text, h, "Homebrew formula checksum")


@lookalike(HASH)
def l_nix(i):
    h = "sha256-" + b64(rbytes(32))
    text = lines("src = fetchFromGitHub {", '  owner = "%s";' % org(), '  repo = "cli";', '  rev = "v0.9.3";', '  hash = "%s";' % h, "};")
    return look("default", "nix", text, h, "Nix SRI hash")


@lookalike(HASH)
def l_bazel(i):
    h = rhex(64)
    text = lines("http_archive(", '    name = "rules_python",', '    sha256 = "%s",' % h,
                 '    strip_prefix = "rules_python-0.34.0",',
                 '    url = "https://github.com/bazelbuild/rules_python/releases/download/0.34.0/rules_python-0.34.0.tar.gz",', ")")
    return look("WORKSPACE", "bazel", text, h, "Bazel archive checksum")


@lookalike(HASH)
def l_ssh_fingerprint(i):
    fp = "SHA256:" + b64(rbytes(32)).rstrip("=")
    text = lines("Verify the bastion's host key before first login:", "", "```",
                 "256 %s bastion.%s (ED25519)" % (fp, domain()), "```")
    return look("bastion-access", "md", text, fp, "SSH host key fingerprint")


@lookalike(HASH)
def l_cert_pin(i):
    p = b64(rbytes(32))
    text = lines('<?xml version="1.0" encoding="utf-8"?>', "<network-security-config>", "  <domain-config>",
                 '    <domain includeSubdomains="true">api.%s</domain>' % domain(), '    <pin-set expiration="2026-01-01">',
                 '      <pin digest="SHA-256">%s</pin>' % p, '      <pin digest="SHA-256">%s</pin>' % b64(rbytes(32)),
                 "    </pin-set>", "  </domain-config>", "</network-security-config>")
    return look("network_security_config", "xml", text, p, "Certificate public-key pins")


@lookalike(HASH)
def l_pgp_fpr(i):
    fpr = " ".join(rhex(4, True) for _ in range(10))
    text = lines("Release artifacts are signed with the key", "", "    %s" % fpr, "", "Import it from KEYS in this repository.")
    return look("SIGNING", "md", text, fpr, "OpenPGP fingerprint")


@lookalike(HASH)
def l_etag(i):
    e = '"%s"' % rhex(32)
    text = lines("HTTP/1.1 200 OK", "Content-Type: application/json", "ETag: %s" % e, "Cache-Control: max-age=60", "",
                 '{"items": []}')
    return look("cached-response", "http", text, e, "ETag header")


@lookalike(HASH)
def l_md5_make(i):
    h = rhex(32)
    text = lines("GEOIP_URL = https://mirror.%s/geo/GeoLite2-City.tar.gz" % domain(), "GEOIP_MD5 = %s" % h, "",
                 "geoip:", "\tcurl -fsSLo geo.tgz $(GEOIP_URL)", "\techo \"$(GEOIP_MD5)  geo.tgz\" | md5sum -c -")
    return look("data", "mk", text, h, "MD5 checksum check")


@lookalike(HASH)
def l_git_log(i):
    rows = ["%s %s" % (rhex(7), m) for m in ("Merge pull request #412 from feature/retries", "retry on 503", "docs: fix typo")]
    full = rhex(40)
    text = lines("commit %s" % full, "Author: %s <%s>" % (person(), email()), "Date:   Tue Apr 2 10:11:12 2024 +0200", "", *["    " + r for r in rows])
    return look("git-log", "txt", text, full, "git log output")


@lookalike(HASH)
def l_wheel_record(i):
    h = b64u(rbytes(32))
    text = lines("%s_client/__init__.py,sha256=%s,1204" % (org(), h), "%s_client/api.py,sha256=%s,8833" % (org(), b64u(rbytes(32))),
                 "%s_client-2.1.0.dist-info/RECORD,," % org())
    return look("RECORD", "txt", text, h, "Wheel RECORD hashes")


@lookalike(HASH)
def l_webhook_sig(i):
    sig = "sha256=" + rhex(64)
    text = lines("POST /hooks/github HTTP/1.1", "X-GitHub-Event: push", "X-GitHub-Delivery: %s" % ruuid(),
                 "X-Hub-Signature-256: %s" % sig, "Content-Type: application/json")
    return look("push-delivery", "http", text, sig, "Recorded webhook signature (HMAC output, not the key)")


@lookalike(HASH)
def l_cosign_sig(i):
    sig = b64(der_seq(der_int(R.getrandbits(256) | (1 << 255)), der_int(R.getrandbits(255))))
    text = json.dumps({"critical": {"image": {"docker-manifest-digest": "sha256:" + rhex(64)}},
                       "optional": None, "signature": sig}, indent=1)
    return look("signature", "json", text, sig, "Cosign signature (ECDSA, public)")


@lookalike(HASH)
def l_debian_release(i):
    h = rhex(64)
    text = lines("Origin: %s" % org(), "Suite: stable", "SHA256:", " %s  1204 main/binary-amd64/Packages" % h,
                 " %s   612 main/binary-amd64/Packages.gz" % rhex(64))
    return look("Release", "txt", text, h, "APT repository Release hashes")


@lookalike(HASH)
def l_maven_sha(i):
    h = rhex(128)
    text = lines("# checksum of %s-core-3.2.1.jar published next to the artifact" % org(), h, "# end")
    return look("core-3.2.1.jar", "sha512", text, h, "Maven artifact checksum")


# ---------------------------------------------------------------- identifiers

@lookalike(IDENT)
def l_azure_ids(i):
    sub = ruuid()
    text = lines('provider "azurerm" {', "  features {}", '  subscription_id = "%s"' % sub, '  tenant_id       = "%s"' % ruuid(),
                 "  use_oidc        = true", "}")
    return look("azure-oidc", "tf", text, sub, "Subscription and tenant ids with OIDC auth (no secret)")


@lookalike(IDENT)
def l_iam_arns(i):
    a = acct()
    text = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                       "Principal": {"AWS": "arn:aws:iam::%s:role/ci-deployer" % a}}]}, indent=2)
    return look("trust-policy", "json", text, "arn:aws:iam::%s:role/ci-deployer" % a, "Account id in a role ARN")


@lookalike(IDENT)
def l_k8s_uid(i):
    u = ruuid()
    text = lines("metadata:", "  name: api-7d9f8c6b5-x2lqp", "  ownerReferences:", "    - apiVersion: apps/v1", "      kind: ReplicaSet",
                 "      name: api-7d9f8c6b5", "      uid: %s" % u, "      controller: true")
    return look("pod", "yaml", text, u, "Kubernetes object uid")


@lookalike(IDENT)
def l_request_ids(i):
    rid = ruuid()
    text = lines('{"level":"info","request_id":"%s","path":"/v1/orders","status":200,"ms":38}' % rid,
                 '{"level":"info","request_id":"%s","path":"/v1/orders/42","status":404,"ms":5}' % ruuid(),
                 '{"level":"warn","request_id":"%s","path":"/v1/cart","status":429,"ms":1}' % ruuid())
    return look("requests", "jsonl", text, rid, "Request ids in logs")


@lookalike(IDENT)
def l_google_client_id(i):
    cid = "%s-%s.apps.googleusercontent.com" % (rdigits(12), rs(32, LOWNUM))
    text = lines("export const googleAuth = {", "  clientId: '%s'," % cid, "  scope: 'openid email profile',", "  uxMode: 'popup',", "};")
    return look("google-signin", "ts", text, cid, "OAuth client id of a browser app (public)")


@lookalike(IDENT)
def l_msal(i):
    cid = ruuid()
    text = lines("export const msalConfig = {", "  auth: {", "    clientId: '%s'," % cid,
                 "    authority: 'https://login.microsoftonline.com/%s'," % ruuid(), "    redirectUri: window.location.origin,", "  },", "};")
    return look("authConfig", "js", text, cid, "MSAL public-client config (PKCE, no secret)")


@lookalike(IDENT)
def l_stripe_ids(i):
    cus = "cus_" + rs(14)
    text = json.dumps({"id": "pi_" + rs(24), "object": "payment_intent", "amount": 4200, "currency": "eur",
                       "customer": cus, "latest_charge": "ch_" + rs(24), "status": "succeeded"}, indent=2)
    return look("payment_intent", "json", text, cus, "Stripe object ids (not keys)")


@lookalike(IDENT)
def l_twilio_sid(i):
    sid = "AC" + rhex(32)
    text = lines("%s INFO sms sent sid=SM%s account=%s to=+44******%s status=queued" % (stamp(), rhex(32), sid, rdigits(3)),
                 "%s INFO sms delivered sid=SM%s" % (stamp(), rhex(32)), "%s INFO worker idle" % stamp())
    return look("sms-worker", "log", text, sid, "Twilio account SID and message SIDs (identifiers)")


@lookalike(IDENT)
def l_aws_resource_ids(i):
    ami = "ami-0" + rhex(16)
    text = lines('ami_id    = "%s"' % ami, 'vpc_id    = "vpc-0%s"' % rhex(16),
                 'subnet_ids = ["subnet-0%s", "subnet-0%s"]' % (rhex(16), rhex(16)), 'kms_key_id = "arn:aws:kms:%s:%s:key/%s"' % (region(), acct(), ruuid()))
    return look("network", "tfvars", text, ami, "AWS resource ids")


@lookalike(IDENT)
def l_tfstate_lineage(i):
    lin = ruuid()
    text = json.dumps(collections.OrderedDict([("version", 4), ("terraform_version", "1.8.5"), ("serial", R.randint(10, 900)),
                                               ("lineage", lin), ("outputs", {}), ("resources", [])]), indent=2)
    return look("terraform", "tfstate", text, lin, "Empty state: lineage uuid only")


@lookalike(IDENT)
def l_github_app_ids(i):
    cid = "Iv1." + rhex(16)
    text = lines("github_app:", "  app_id: %s" % rdigits(6), "  installation_id: %s" % rdigits(8), "  client_id: %s" % cid,
                 "  private_key_path: /etc/app/github-app.pem")
    return look("github-app", "yaml", text, cid, "GitHub App ids and a key path")


@lookalike(IDENT)
def l_slack_ids(i):
    ch = "C0" + rs(9, UPPER + DIGITS)
    text = lines("channels:", "  deploys: %s" % ch, "  incidents: C0%s" % rs(9, UPPER + DIGITS), "team_id: T0%s" % rs(8, UPPER + DIGITS))
    return look("slack-channels", "yaml", text, ch, "Slack channel and team ids")


@lookalike(IDENT)
def l_objectids(i):
    oid = rhex(24)
    text = json.dumps([{"_id": {"$oid": oid}, "sku": "TEA-01", "qty": 12}, {"_id": {"$oid": rhex(24)}, "sku": "MUG-02", "qty": 3}], indent=1)
    return look("inventory-seed", "json", text, oid, "MongoDB ObjectIds")


@lookalike(IDENT)
def l_ulids(i):
    u = rs(26, "0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    text = lines("event_id,type,at", "01%s,order.created,2024-05-01T10:00:00Z" % u[2:], "01%s,order.paid,2024-05-01T10:01:10Z" % rs(24, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"))
    return look("events", "csv", text, "01" + u[2:], "ULIDs")


@lookalike(IDENT)
def l_cognito_spa(i):
    pool = "%s_%s" % (region(), rs(9))
    text = lines("export default {", "  Auth: {", "    Cognito: {", "      userPoolId: '%s'," % pool,
                 "      userPoolClientId: '%s'," % rs(26, LOWNUM), "    },", "  },", "};")
    return look("amplify-config", "ts", text, pool, "Cognito pool and public app-client ids")


@lookalike(IDENT)
def l_auth0_spa(i):
    cid = rs(32)
    text = lines("<Auth0Provider", '  domain="%s.eu.auth0.com"' % org(), '  clientId="%s"' % cid,
                 "  authorizationParams={{ redirect_uri: window.location.origin }}", ">")
    return look("AuthProvider", "jsx", text, cid, "Auth0 SPA client id (public, PKCE)")


@lookalike(IDENT)
def l_ga_ids(i):
    mid = "G-" + rs(10, UPPER + DIGITS)
    text = lines('<script async src="https://www.googletagmanager.com/gtag/js?id=%s"></script>' % mid, "<script>",
                 "  window.dataLayer = window.dataLayer || [];", "  function gtag(){dataLayer.push(arguments);}",
                 "  gtag('js', new Date());", "  gtag('config', '%s');" % mid, "</script>")
    return look("analytics", "html", text, mid, "Analytics measurement id")


@lookalike(IDENT)
def l_relay_ids(i):
    gid = b64("Repository:%s" % rdigits(9))
    text = lines("query {", '  node(id: "%s") {' % gid, "    ... on Repository { name stargazerCount }", "  }", "}")
    return look("repo", "graphql", text, gid, "GraphQL global node id (base64 of type:id)")


@lookalike(IDENT)
def l_fastlane(i):
    team = rs(10, UPPER + DIGITS)
    text = lines('app_identifier("com.%s.mobile")' % org(), 'apple_id("%s")' % email(), 'team_id("%s")' % team,
                 'itc_team_id("%s")' % rdigits(9))
    return look("Appfile", "rb", text, team, "Apple team and app ids")


# ---------------------------------------------------------------- public keys and certificates

LOOK_RSA = {}


def look_rsa():
    if "k" not in LOOK_RSA:
        LOOK_RSA["k"] = rsa_key(2048)
    return LOOK_RSA["k"]


def look_cert(cn):
    k = look_rsa()
    return x509_self_signed(k, cn, R.getrandbits(63), "240101000000Z", "270101000000Z")


@lookalike(PUBKEY)
def l_authorized_keys(i):
    keys = [ssh_ed25519_public("%s@laptop" % p.split(".")[0]) for p in R.sample(PEOPLE, 3)]
    return look("authorized_keys", "txt", lines(*keys), keys[0], "SSH public keys")


@lookalike(PUBKEY)
def l_rsa_pub_pem(i):
    p = pem("PUBLIC KEY", rsa_spki(look_rsa()))
    text = lines("# public half of the token-signing key; the private half lives in KMS", p)
    return look("token-signing.pub", "pem", text, "-----BEGIN PUBLIC KEY-----", "RSA public key")


@lookalike(PUBKEY)
def l_cert_pem(i):
    c = pem("CERTIFICATE", look_cert("ca.%s" % domain()))
    return look("internal-ca", "crt", c, "-----BEGIN CERTIFICATE-----", "Self-signed CA certificate (public)")


@lookalike(PUBKEY)
def l_kubeconfig_exec(i):
    ca = b64(pem("CERTIFICATE", look_cert("kubernetes")) + "\n")
    cl = "arn:aws:eks:%s:%s:cluster/prod" % (region(), acct())
    text = lines("apiVersion: v1", "kind: Config", "clusters:", "  - cluster:", "      certificate-authority-data: %s" % ca,
                 "      server: https://%s.gr7.%s.eks.amazonaws.com" % (rhex(32, True), region()), "    name: %s" % cl,
                 "users:", "  - name: %s" % cl, "    user:", "      exec:", "        apiVersion: client.authentication.k8s.io/v1beta1",
                 "        command: aws", "        args: [eks, get-token, --cluster-name, prod]")
    return look("kubeconfig-eks", "yaml", text, ca, "kubeconfig with CA data and exec auth, no credential")


@lookalike(PUBKEY)
def l_known_hosts(i):
    ks = [ssh_ed25519_public("").strip() for _ in range(2)]
    text = lines("github.com %s" % ks[0], "bastion.%s %s" % (domain(), ks[1]),
                 "@cert-authority *.%s %s" % (domain(), ssh_ed25519_public("").strip()))
    return look("known_hosts", "txt", text, ks[0].split()[1], "known_hosts entries")


def _pgp_packet(tag, body):
    n = len(body)
    if n < 192:
        hdr = bytes([n])
    else:
        n -= 192
        hdr = bytes([(n >> 8) + 192, n & 0xFF])
    return bytes([0xC0 | tag]) + hdr + body


def _crc24(data):
    crc = 0xB704CE
    for b in data:
        crc ^= b << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


@lookalike(PUBKEY)
def l_pgp_pub(i):
    k = look_rsa()

    def mpi(x):
        return struct.pack(">H", x.bit_length()) + x.to_bytes((x.bit_length() + 7) // 8, "big")
    body = b"\x04" + struct.pack(">I", epoch()) + b"\x01" + mpi(k["n"]) + mpi(k["e"])
    data = _pgp_packet(6, body) + _pgp_packet(13, ("Release Signing <release@%s>" % domain()).encode())
    enc = b64(data)
    text = lines("-----BEGIN PGP PUBLIC KEY BLOCK-----", "", *[enc[j:j + 64] for j in range(0, len(enc), 64)],
                 "=" + b64(_crc24(data).to_bytes(3, "big")), "-----END PGP PUBLIC KEY BLOCK-----")
    return look("KEYS", "asc", text, "-----BEGIN PGP PUBLIC KEY BLOCK-----", "OpenPGP public key")


@lookalike(PUBKEY)
def l_jwks(i):
    k = look_rsa()
    n = b64u(k["n"].to_bytes(256, "big"))
    text = json.dumps({"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": rs(16, LOWNUM), "n": n, "e": "AQAB"}]}, indent=2)
    return look("jwks", "json", text, n, "JWKS public key set")


@lookalike(PUBKEY)
def l_saml_metadata(i):
    c = b64(look_cert("idp.%s" % domain()))
    text = lines('<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.%s/saml">' % domain(),
                 '  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
                 '    <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data>',
                 "      <X509Certificate>%s</X509Certificate>" % c, "    </X509Data></KeyInfo></KeyDescriptor>",
                 "  </IDPSSODescriptor>", "</EntityDescriptor>")
    return look("idp-metadata", "xml", text, c, "SAML IdP signing certificate")


@lookalike(PUBKEY)
def l_sops_yaml(i):
    recips = [bech32("age", rbytes(32)) for _ in range(2)]
    text = lines("creation_rules:", "  - path_regex: secrets/prod/.*\\.yaml$", "    age: >-", "      %s," % recips[0], "      %s" % recips[1])
    return look("sops", "yaml", text, recips[0], "age recipients (public keys)")


@lookalike(PUBKEY)
def l_wg_peers(i):
    pk = b64(x25519(rbytes(32)))
    text = lines("# peers of wg0; each host keeps its own PrivateKey outside git", "[Peer]", "PublicKey = %s" % pk,
                 "AllowedIPs = 10.8.0.2/32", "", "[Peer]", "PublicKey = %s" % b64(x25519(rbytes(32))), "AllowedIPs = 10.8.0.3/32")
    return look("wg0-peers", "conf", text, pk, "WireGuard peer public keys")


@lookalike(PUBKEY)
def l_cosign_pub(i):
    _, pub = ec_key()
    p = pem("PUBLIC KEY", ec_spki(pub))
    return look("cosign", "pub", p, "-----BEGIN PUBLIC KEY-----", "Cosign verification key (P-256 public)")


@lookalike(PUBKEY)
def l_deploy_key_tf(i):
    k = ssh_ed25519_public("ci")
    text = lines('resource "github_repository_deploy_key" "ci" {', '  title      = "ci"', '  repository = "infra"',
                 '  key        = "%s"' % k, "  read_only  = true", "}")
    return look("deploy-keys", "tf", text, k.split()[1], "Public deploy key")


@lookalike(PUBKEY)
def l_cabundle(i):
    ca = b64(pem("CERTIFICATE", look_cert("webhook.%s" % domain())) + "\n")
    text = lines("apiVersion: admissionregistration.k8s.io/v1", "kind: ValidatingWebhookConfiguration", "metadata:",
                 "  name: policy", "webhooks:", "  - name: policy.%s" % domain(), "    clientConfig:", "      caBundle: %s" % ca,
                 "      service: {name: policy, namespace: policy, path: /validate}")
    return look("webhook", "yaml", text, ca, "caBundle (base64 CA certificate)")


@lookalike(PUBKEY)
def l_minisign(i):
    key = b64(b"Ed" + rbytes(8) + rbytes(32))
    text = lines("#!/bin/sh", "# verify a release download against the project's minisign public key", "set -e",
                 'minisign -Vm "$1" -P %s' % key)
    return look("verify-download", "sh", text, key, "minisign public key")


@lookalike(PUBKEY)
def l_dkim(i):
    k = look_rsa()
    p = b64(rsa_spki(k))
    text = lines("$ORIGIN %s." % domain(), "@        3600 IN MX 10 mx1", "s1._domainkey 3600 IN TXT ( \"v=DKIM1; k=rsa; \"",
                 '  "p=%s" )' % p)
    return look("zone", "db", text, p, "DKIM public key in DNS")


# ---------------------------------------------------------------- encrypted blobs

def sops_enc(n):
    return "ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]" % (b64(rbytes(n)), b64(rbytes(32)), b64(rbytes(16)))


def sops_meta_yaml():
    return lines("sops:", "    kms:", "        - arn: arn:aws:kms:%s:%s:key/%s" % (region(), acct(), ruuid()),
                 "          enc: %s" % b64(b"\x01\x02\x02\x00x" + rbytes(150)), "    lastmodified: \"2024-05-02T11:22:33Z\"",
                 "    mac: %s" % sops_enc(32), "    version: 3.8.1")


@lookalike(ENC)
def l_sops_yaml_file(i):
    v = sops_enc(24)
    text = lines("db:", "    user: %s" % sops_enc(6), "    password: %s" % v, sops_meta_yaml())
    return look("secrets.prod", "yaml", text, v, "SOPS-encrypted YAML")


@lookalike(ENC)
def l_sops_json(i):
    v = sops_enc(40)
    text = json.dumps(collections.OrderedDict([("stripe_key", v), ("sops", {"age": [{"recipient": bech32("age", rbytes(32)),
                       "enc": "-----BEGIN AGE ENCRYPTED FILE-----\n%s\n-----END AGE ENCRYPTED FILE-----\n" % b64(rbytes(180))}],
                       "mac": sops_enc(32), "version": "3.8.1"})]), indent=1)
    return look("payments.enc", "json", text, v, "SOPS-encrypted JSON")


@lookalike(ENC)
def l_sops_dotenv(i):
    v = sops_enc(20)
    text = lines("DB_PASSWORD=%s" % v, "API_KEY=%s" % sops_enc(32), "sops_version=3.8.1", "sops_mac=%s" % sops_enc(32),
                 "sops_lastmodified=2024-03-11T08:00:00Z")
    return look("prod.enc", "env", text, v, "SOPS dotenv")


def vault_hex(nbytes):
    h = rbytes(nbytes).hex()
    return [h[j:j + 80] for j in range(0, len(h), 80)]


@lookalike(ENC)
def l_ansible_vault_file(i):
    body = vault_hex(320)
    text = lines("$ANSIBLE_VAULT;1.1;AES256", *body)
    return look("vault", "yml", text, "$ANSIBLE_VAULT;1.1;AES256", "Ansible Vault encrypted file")


@lookalike(ENC)
def l_ansible_inline_vault(i):
    body = ["          " + l for l in vault_hex(150)]
    text = lines("mysql_root_password: !vault |", "          $ANSIBLE_VAULT;1.1;AES256", *body, "mysql_port: 3306")
    return look("group_vars-db", "yml", text, "mysql_root_password: !vault |", "Inline Ansible Vault value")


@lookalike(ENC)
def l_sealed_secret(i):
    v = "AgB" + b64(rbytes(380))
    text = lines("apiVersion: bitnami.com/v1alpha1", "kind: SealedSecret", "metadata:", "  name: orders-db", "  namespace: prod",
                 "spec:", "  encryptedData:", "    password: %s" % v)
    return look("orders-db-sealed", "yaml", text, v, "Sealed Secrets ciphertext")


@lookalike(ENC)
def l_kms_blob(i):
    v = "AQICAHh" + b64(rbytes(150))
    text = lines("functions:", "  charge:", "    handler: charge.handler", "    environment:",
                 "      STRIPE_KEY_ENCRYPTED: %s" % v, "      KMS_KEY_ALIAS: alias/%s-lambda" % org())
    return look("serverless", "yml", text, v, "KMS ciphertext blob, decrypted at run time")


@lookalike(ENC)
def l_openssl_enc(i):
    enc = b64(b"Salted__" + rbytes(8) + rbytes(208))
    body = [enc[j:j + 64] for j in range(0, len(enc), 64)]
    return look("ops-config.yaml", "enc", lines(*body), body[0],
                "openssl enc -aes-256-cbc -pbkdf2 -a output (passphrase not in the repository)")


@lookalike(ENC)
def l_chef_databag(i):
    d = b64(rbytes(64))
    text = json.dumps(collections.OrderedDict([("id", "mysql"), ("password", collections.OrderedDict([
        ("encrypted_data", d), ("iv", b64(rbytes(12))), ("auth_tag", b64(rbytes(16))), ("version", 3), ("cipher", "aes-256-gcm")]))]), indent=2)
    return look("data_bags-db-mysql", "json", text, d, "Chef encrypted data bag item")


@lookalike(ENC)
def l_pgp_message(i):
    enc = b64(b"\x85\x02\x0c" + rbytes(300))
    body = [enc[j:j + 64] for j in range(0, len(enc), 64)]
    text = lines("db_password: |", "  -----BEGIN PGP MESSAGE-----", "", *["  " + b for b in body], "  =" + b64(rbytes(3)), "  -----END PGP MESSAGE-----")
    return look("pillar-db", "sls", text, "-----BEGIN PGP MESSAGE-----", "GPG-encrypted Salt pillar value")


@lookalike(ENC)
def l_age_armor(i):
    enc = b64(b"age-encryption.org/v1\n-> X25519 " + b64(rbytes(32)).rstrip("=").encode() + b"\n" + rbytes(200))
    body = [enc[j:j + 64] for j in range(0, len(enc), 64)]
    text = lines("-----BEGIN AGE ENCRYPTED FILE-----", *body, "-----END AGE ENCRYPTED FILE-----")
    return look("backup-key", "age", text, "-----BEGIN AGE ENCRYPTED FILE-----", "age-encrypted file")


@lookalike(ENC)
def l_vault_transit(i):
    v = "vault:v1:" + b64(rbytes(48))
    text = lines("INSERT INTO customers (id, email, ssn_ciphertext) VALUES", "  (1042, '%s', '%s');" % (email(), v))
    text = lines("-- values encrypted with Vault transit key 'customers'", text)
    return look("customers-seed", "sql", text, v, "Vault transit ciphertext")


@lookalike(ENC)
def l_ejson(i):
    v = "EJ[1:%s:%s:%s]" % (b64(rbytes(32)), b64(rbytes(24)), b64(rbytes(30)))
    text = json.dumps(collections.OrderedDict([("_public_key", rhex(64)), ("database_password", v)]), indent=2)
    return look("production", "ejson", text, v, "EJSON encrypted value")


@lookalike(ENC)
def l_jasypt(i):
    v = "ENC(%s)" % b64(rbytes(48))
    text = lines("spring.datasource.url=jdbc:postgresql://db:5432/app", "spring.datasource.username=app",
                 "spring.datasource.password=%s" % v, "jasypt.encryptor.password=${JASYPT_PASSWORD}")
    return look("application-prod", "properties", text, v, "Jasypt-encrypted property")


# ---------------------------------------------------------------- ordinary base64

def tiny_png(w=4, h=4):
    raw = b"".join(b"\x00" + bytes([R.randint(0, 255), R.randint(0, 255), R.randint(0, 255)]) * w for _ in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@lookalike(B64D)
def l_css_datauri(i):
    d = b64(tiny_png())
    text = lines(".badge {", "  background: url(data:image/png;base64,%s) no-repeat;" % d, "  width: 16px;", "}")
    return look("badge", "css", text, d, "Inline PNG")


@lookalike(B64D)
def l_configmap_binary(i):
    d = b64(tiny_png(8, 8))
    text = lines("apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: branding", "binaryData:", "  logo.png: %s" % d)
    return look("branding", "yaml", text, d, "ConfigMap binaryData image")


@lookalike(B64D)
def l_favicon(i):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#%s"/></svg>' % rhex(6)
    d = b64(svg)
    text = lines("<head>", '  <meta charset="utf-8">', '  <link rel="icon" href="data:image/svg+xml;base64,%s">' % d, "</head>")
    return look("layout", "html", text, d, "Inline SVG favicon")


@lookalike(B64D)
def l_mime(i):
    body = b64("Order,Qty\nTEA-01,12\nMUG-02,3\n")
    text = lines("--b1_%s" % rhex(12), "Content-Type: text/csv; name=\"orders.csv\"", "Content-Transfer-Encoding: base64", "",
                 body, "--b1_%s--" % rhex(12))
    return look("order-export", "eml", text, body, "Base64 MIME attachment")


@lookalike(B64D)
def l_github_contents(i):
    c = b64("# %s\n\nInternal tooling for the data team.\n" % org())
    text = json.dumps(collections.OrderedDict([("name", "README.md"), ("path", "README.md"), ("sha", rhex(40)), ("size", 52),
                                               ("encoding", "base64"), ("content", c)]), indent=2)
    return look("contents-response", "json", text, c, "GitHub contents API response")


@lookalike(B64D)
def l_annotation_json(i):
    d = b64(json.dumps({"logLevel": "info", "features": ["search", "export"]}))
    text = lines("metadata:", "  name: search", "  annotations:", "    config.%s/v1: %s" % (domain(), d))
    return look("search-annotations", "yaml", text, d, "Base64 JSON annotation")


@lookalike(B64D)
def l_ipynb_png(i):
    d = b64(tiny_png(6, 6))
    nb = {"cells": [{"cell_type": "code", "execution_count": 4, "metadata": {},
                     "outputs": [{"data": {"image/png": d}, "metadata": {}, "output_type": "display_data"}],
                     "source": ["plt.plot(x, y)"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return look("latency-plot", "ipynb", json.dumps(nb, indent=1), d, "Notebook image output")


@lookalike(B64D)
def l_codec(i):
    text = lines("def check_roundtrip():", '    assert b64encode(b"hello world") == b"aGVsbG8gd29ybGQ="',
                 '    assert b64decode("aGVsbG8gd29ybGQ=") == b"hello world"')
    return look("codec_checks", "py", text, "aGVsbG8gd29ybGQ=", "base64 of 'hello world'")


@lookalike(B64D)
def l_saml_request(i):
    d = b64('<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_%s" Version="2.0" IssueInstant="2024-05-02T10:00:00Z"/>' % rhex(32))
    text = lines("%s DEBUG sso redirecting to IdP" % stamp(), "%s DEBUG sso SAMLRequest=%s" % (stamp(), d), "%s INFO  sso login ok" % stamp())
    return look("sso", "log", text, d, "SAML AuthnRequest (base64 XML)")


@lookalike(B64D)
def l_encoded_word(i):
    d = b64("Ihre Bestellung wurde versandt")
    text = lines("From: shop@%s" % domain(), "Subject: =?UTF-8?B?%s?=" % d, "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8")
    return look("shipping-mail", "eml", text, d, "RFC 2047 encoded subject")


@lookalike(B64D)
def l_proto_descriptor(i):
    raw = b"\n\x0corders.proto\x12\x06orders\"\x1f\n\x05Order\x12\n\n\x02id\x18\x01 \x01(\t\x12\n\n\x02qty\x18\x02 \x01(\x05b\x06proto3"
    d = b64(raw)
    text = lines("# Generated by the protocol buffer compiler.  DO NOT EDIT!",
                 "DESCRIPTOR = _descriptor_pool.Default().AddSerializedFile(base64.b64decode(", '    "%s"))' % d)
    return look("orders_pb2", "py", text, d, "Serialized proto descriptor")


# ---------------------------------------------------------------- UI strings and docs

@lookalike(UI)
def l_i18n_json(i):
    text = json.dumps(collections.OrderedDict([("auth", collections.OrderedDict([
        ("password", "Password"), ("passwordHint", "At least 12 characters"), ("forgotPassword", "Forgot your password?"),
        ("apiKeyLabel", "API key"), ("apiKeyHelp", "Create an API key under Settings → Developers")]))]), indent=2)
    return look("en", "json", text, '"forgotPassword": "Forgot your password?"', "i18n strings")


@lookalike(UI)
def l_rails_locale(i):
    text = lines("en:", "  devise:", "    passwords:", "      send_instructions: \"You will receive an email with instructions on how to reset your password.\"",
                 "      updated: \"Your password has been changed successfully.\"")
    return look("devise.en", "yml", text, "updated: \"Your password has been changed successfully.\"", "Locale strings")


@lookalike(UI)
def l_po(i):
    text = lines('msgid "Password"', 'msgstr "Mot de passe"', "", 'msgid "Your secret key was regenerated."',
                 'msgstr "Votre clé secrète a été régénérée."')
    return look("fr", "po", text, 'msgstr "Mot de passe"', "gettext catalogue")


@lookalike(UI)
def l_android_strings(i):
    text = lines("<resources>", '    <string name="password_hint">Password</string>',
                 '    <string name="error_token_expired">Your session token has expired. Sign in again.</string>', "</resources>")
    return look("strings", "xml", text, '<string name="password_hint">Password</string>', "Android string resources")


@lookalike(UI)
def l_ios_strings(i):
    text = lines('"login.password.placeholder" = "Password";', '"login.password.show" = "Show password";',
                 '"settings.apikey.copy" = "Copy API key";')
    return look("Localizable", "strings", text, '"login.password.placeholder" = "Password";', "iOS strings")


@lookalike(UI)
def l_react_form(i):
    text = lines("export function LoginForm() {", "  return (", "    <form method=\"post\">",
                 '      <input name="email" type="email" autoComplete="username" />',
                 '      <input name="password" type="password" placeholder="Enter your password" autoComplete="current-password" />',
                 "      <button>Sign in</button>", "    </form>", "  );", "}")
    return look("LoginForm", "tsx", text, 'placeholder="Enter your password"', "Password input markup")


@lookalike(UI)
def l_errors(i):
    text = lines("export const ERRORS = {", "  INVALID_API_KEY: 'Invalid API key provided.',", "  TOKEN_EXPIRED: 'Access token expired.',",
                 "  WEAK_PASSWORD: 'Password must contain a number and a symbol.',", "};")
    return look("errors", "ts", text, "INVALID_API_KEY: 'Invalid API key provided.'", "Error messages")


@lookalike(UI)
def l_faq(i):
    text = lines("### Where do I put my secret key?", "", "Never commit it. Store it in your CI's secret store and read it",
                 "from `PAYMENTS_SECRET_KEY` at run time. Rotate it from the dashboard if it leaks.")
    return look("FAQ", "md", text, "Never commit it.", "Documentation about keys")


@lookalike(UI)
def l_cli_help(i):
    text = lines("Usage: deployctl push [OPTIONS] IMAGE", "", "Options:",
                 "  --token TEXT      API token (default: $DEPLOYCTL_TOKEN)", "  --password-stdin  Read the registry password from stdin",
                 "  -h, --help        Show this message and exit.")
    return look("deployctl-help", "txt", text, "--token TEXT      API token (default: $DEPLOYCTL_TOKEN)", "CLI help text")


@lookalike(UI)
def l_go_errors(i):
    text = lines("package auth", "", "import \"errors\"", "", "var (", '\tErrPasswordTooShort = errors.New("password must be at least 12 characters")',
                 '\tErrMissingToken     = errors.New("missing bearer token")', ")")
    return look("errors", "go", text, 'errors.New("password must be at least 12 characters")', "Error strings")


@lookalike(UI)
def l_email_template(i):
    text = lines("<p>Hi {{ user.first_name }},</p>", "<p>Someone asked to reset the password for your account.</p>",
                 '<p><a href="{{ reset_url }}">Choose a new password</a> (the link expires in 30 minutes).</p>')
    return look("password_reset", "html", text, '<a href="{{ reset_url }}">Choose a new password</a>', "Password-reset email template")


@lookalike(UI)
def l_strength_meter(i):
    text = lines("const LABELS = ['Too weak', 'Weak', 'Fair', 'Strong', 'Very strong'];", "",
                 "export function label(password) {", "  return LABELS[Math.min(4, score(password))];", "}")
    return look("strength", "js", text, "'Too weak', 'Weak', 'Fair'", "Password strength labels")


# ---------------------------------------------------------------- schemas and validation

@lookalike(SCHEMA)
def l_json_schema(i):
    text = json.dumps(collections.OrderedDict([("$schema", "https://json-schema.org/draft/2020-12/schema"), ("type", "object"),
                                               ("properties", collections.OrderedDict([("username", {"type": "string"}),
                                                                                       ("password", {"type": "string", "minLength": 12, "writeOnly": True})])),
                                               ("required", ["username", "password"])]), indent=2)
    return look("signup.schema", "json", text, '"password": {', "JSON Schema property")


@lookalike(SCHEMA)
def l_openapi(i):
    text = lines("components:", "  securitySchemes:", "    ApiKeyAuth:", "      type: apiKey", "      in: header", "      name: X-API-Key",
                 "  schemas:", "    Login:", "      properties:", "        password:", "          type: string", "          format: password")
    return look("openapi", "yaml", text, "format: password", "OpenAPI security scheme and password field")


@lookalike(SCHEMA)
def l_pydantic(i):
    text = lines("from pydantic import BaseModel, Field, SecretStr", "", "class Signup(BaseModel):", "    email: str",
                 "    password: SecretStr = Field(min_length=12, max_length=128)")
    return look("schemas", "py", text, "password: SecretStr = Field(min_length=12, max_length=128)", "Pydantic field")


@lookalike(SCHEMA)
def l_joi(i):
    text = lines("const schema = Joi.object({", "  email: Joi.string().email().required(),",
                 "  password: Joi.string().min(12).pattern(/[0-9]/).required(),", "  apiKey: Joi.string().length(40).hex(),", "});")
    return look("validation", "js", text, "password: Joi.string().min(12)", "Joi schema")


@lookalike(SCHEMA)
def l_zod(i):
    text = lines("import { z } from 'zod';", "", "export const Env = z.object({", "  DATABASE_URL: z.string().url(),",
                 "  STRIPE_SECRET_KEY: z.string().startsWith('sk_'),", "  JWT_SECRET: z.string().min(32),", "});")
    return look("env", "ts", text, "STRIPE_SECRET_KEY: z.string().startsWith('sk_')", "zod env schema")


@lookalike(SCHEMA)
def l_django_form(i):
    text = lines("class LoginForm(forms.Form):", "    username = forms.CharField(max_length=150)",
                 "    password = forms.CharField(widget=forms.PasswordInput, strip=False)")
    return look("forms", "py", text, "password = forms.CharField(widget=forms.PasswordInput", "Django form")


@lookalike(SCHEMA)
def l_sql_ddl(i):
    text = lines("CREATE TABLE users (", "  id            bigserial PRIMARY KEY,", "  email         citext UNIQUE NOT NULL,",
                 "  password_hash text NOT NULL,", "  api_key_hash  bytea,", "  created_at    timestamptz NOT NULL DEFAULT now()", ");")
    return look("V1__users", "sql", text, "password_hash text NOT NULL", "Table DDL")


@lookalike(SCHEMA)
def l_graphql(i):
    text = lines("input LoginInput {", "  email: String!", "  password: String!", "}", "", "type Mutation {",
                 "  login(input: LoginInput!): AuthPayload!", "  rotateApiKey: ApiKey!", "}")
    return look("schema", "graphql", text, "password: String!", "GraphQL input type")


@lookalike(SCHEMA)
def l_proto(i):
    text = lines('syntax = "proto3";', "", "message CreateTokenRequest {", "  string name = 1;", "  string api_key = 2;",
                 "  int64 ttl_seconds = 3;", "}")
    return look("tokens", "proto", text, "string api_key = 2;", "Protobuf field")


@lookalike(SCHEMA)
def l_ts_interface(i):
    text = lines("export interface SmtpConfig {", "  host: string;", "  port: number;", "  user: string;", "  password: string;", "}")
    return look("types", "ts", text, "password: string;", "TypeScript type")


@lookalike(SCHEMA)
def l_go_struct(i):
    text = lines("type Credentials struct {", '\tUsername string `json:"username" validate:"required"`',
                 '\tPassword string `json:"password" validate:"required,min=12"`', "}")
    return look("types", "go", text, 'json:"password" validate:"required,min=12"', "Go struct tags")


@lookalike(SCHEMA)
def l_rails_model(i):
    text = lines("class User < ApplicationRecord", "  has_secure_password", "  has_secure_token :api_token",
                 "  validates :password, length: { minimum: 12 }, allow_nil: true", "end")
    return look("user", "rb", text, "has_secure_token :api_token", "Rails model")


@lookalike(SCHEMA)
def l_tf_validation(i):
    text = lines('variable "db_password" {', "  type      = string", "  sensitive = true", "  validation {",
                 "    condition     = length(var.db_password) >= 16", '    error_message = "Use at least 16 characters."', "  }", "}")
    return look("variables", "tf", text, "length(var.db_password) >= 16", "Terraform validation")


@lookalike(SCHEMA)
def l_mongoose(i):
    text = lines("const UserSchema = new Schema({", "  email: { type: String, required: true, unique: true },",
                 "  password: { type: String, required: true, select: false, minlength: 12 },", "});")
    return look("user.model", "js", text, "password: { type: String, required: true, select: false, minlength: 12 }", "Mongoose schema")


@lookalike(SCHEMA)
def l_pattern_schema(i):
    text = json.dumps({"properties": {"stripeKey": {"type": "string", "pattern": "^sk_(live|test)_[A-Za-z0-9]{24,99}$"},
                                      "awsKeyId": {"type": "string", "pattern": "^AKIA[A-Z2-7]{16}$"}}}, indent=2)
    return look("settings.schema", "json", text, "^AKIA[A-Z2-7]{16}$", "Key-format patterns in a schema")


@lookalike(SCHEMA)
def l_avro(i):
    text = json.dumps({"type": "record", "name": "UserCreated", "fields": [{"name": "id", "type": "string"},
                                                                           {"name": "password_changed_at", "type": ["null", "long"]}]}, indent=2)
    return look("user_created", "avsc", text, '"password_changed_at"', "Avro schema")


# ---------------------------------------------------------------- password policy

@lookalike(POLICY)
def l_iam_policy(i):
    text = lines('resource "aws_iam_account_password_policy" "strict" {', "  minimum_password_length        = 14",
                 "  require_symbols                = true", "  require_numbers                = true", "  max_password_age               = 90",
                 "  password_reuse_prevention      = 24", "}")
    return look("iam", "tf", text, "minimum_password_length        = 14", "IAM password policy")


@lookalike(POLICY)
def l_keycloak_policy(i):
    text = json.dumps({"realm": org(), "passwordPolicy": "length(12) and digits(1) and upperCase(1) and notUsername(undefined) and passwordHistory(5)",
                       "bruteForceProtected": True}, indent=2)
    return look("realm", "json", text, '"passwordPolicy": "length(12)', "Keycloak password policy")


@lookalike(POLICY)
def l_pwquality(i):
    text = lines("# /etc/security/pwquality.conf", "minlen = 14", "dcredit = -1", "ucredit = -1", "ocredit = -1", "retry = 3")
    return look("pwquality", "conf", text, "minlen = 14", "PAM pwquality settings")


@lookalike(POLICY)
def l_gpo(i):
    text = lines("[System Access]", "MinimumPasswordAge = 1", "MaximumPasswordAge = 60", "MinimumPasswordLength = 14",
                 "PasswordComplexity = 1", "LockoutBadCount = 5")
    return look("GptTmpl", "inf", text, "MinimumPasswordLength = 14", "Windows security template")


@lookalike(POLICY)
def l_django_validators(i):
    text = lines("AUTH_PASSWORD_VALIDATORS = [", "    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator', 'OPTIONS': {'min_length': 12}},",
                 "    {'NAME': 'django.contrib.auth.password_validation.CommonPasswordValidator'},", "]")
    return look("auth_settings", "py", text, "MinimumLengthValidator", "Django password validators")


@lookalike(POLICY)
def l_aspnet_identity(i):
    text = lines("builder.Services.Configure<IdentityOptions>(o =>", "{", "    o.Password.RequiredLength = 12;",
                 "    o.Password.RequireNonAlphanumeric = true;", "    o.Lockout.MaxFailedAccessAttempts = 5;", "});")
    return look("IdentitySetup", "cs", text, "o.Password.RequiredLength = 12;", "ASP.NET Identity options")


@lookalike(POLICY)
def l_vault_pw_policy(i):
    text = lines("length = 24", 'rule "charset" {', '  charset   = "abcdefghijklmnopqrstuvwxyz"', "  min-chars = 1", "}",
                 'rule "charset" {', '  charset   = "0123456789"', "  min-chars = 2", "}")
    return look("db-password-policy", "hcl", text, "length = 24", "Vault password-generation policy")


@lookalike(POLICY)
def l_ldap_ppolicy(i):
    text = lines("dn: cn=default,ou=policies,dc=%s,dc=com" % org(), "objectClass: pwdPolicy", "pwdAttribute: userPassword",
                 "pwdMinLength: 12", "pwdMaxFailure: 5", "pwdInHistory: 10")
    return look("ppolicy", "ldif", text, "pwdAttribute: userPassword", "LDAP password policy")


# ---------------------------------------------------------------- protocol test vectors and nonces

@lookalike(VECTOR)
def l_csp_nonce(i):
    n = b64(rbytes(16))
    text = lines("<!-- rendered response captured for the CSP snapshot -->",
                 "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'nonce-%s'\">" % n,
                 '<script nonce="%s">window.__BOOT__ = {}</script>' % n)
    return look("csp-snapshot", "html", text, "'nonce-%s'" % n, "CSP nonce (per-response, public)")


@lookalike(VECTOR)
def l_pkce_rfc(i):
    v = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    ch = b64u(hashlib.sha256(v.encode()).digest())
    text = lines("# RFC 7636 appendix B", 'VERIFIER = "%s"' % v, 'CHALLENGE = "%s"' % ch,
                 "assert s256(VERIFIER) == CHALLENGE")
    return look("pkce_vectors", "py", text, v, "PKCE example from RFC 7636")


@lookalike(VECTOR)
def l_hmac_rfc4231(i):
    mac = hmac.new(b"Jefe", b"what do ya want for nothing?", hashlib.sha256).hexdigest()
    text = lines("# RFC 4231 test case 2", 'KEY = b"Jefe"', 'DATA = b"what do ya want for nothing?"', 'HMAC_SHA256 = "%s"' % mac)
    return look("hmac_vectors", "py", text, mac, "RFC 4231 HMAC vector")


@lookalike(VECTOR)
def l_totp_rfc6238(i):
    secret = b"12345678901234567890"
    msg = struct.pack(">Q", 59 // 30)
    h = hmac.new(secret, msg, hashlib.sha1).digest()
    o = h[-1] & 0xF
    code = "%08d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % 10 ** 8)
    b32 = base64.b32encode(secret).decode()
    text = lines("# RFC 6238 appendix B (SHA1)", "SEED_B32 = '%s'" % b32, "T = 59", "EXPECTED = '%s'" % code)
    return look("totp_vectors", "py", text, b32, "RFC 6238 TOTP seed")


@lookalike(VECTOR)
def l_hkdf_rfc5869(i):
    ikm, salt, info = b"\x0b" * 22, bytes(range(13)), bytes(range(0xF0, 0xFA))
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    t, okm, c = b"", b"", 1
    while len(okm) < 42:
        t = hmac.new(prk, t + info + bytes([c]), hashlib.sha256).digest()
        okm += t
        c += 1
    text = lines("# RFC 5869 A.1", "IKM  = %s" % ikm.hex(), "salt = %s" % salt.hex(), "info = %s" % info.hex(), "L    = 42",
                 "PRK  = %s" % prk.hex(), "OKM  = %s" % okm[:42].hex())
    return look("hkdf-vectors", "txt", text, prk.hex(), "RFC 5869 HKDF vector")


@lookalike(VECTOR)
def l_pbkdf2_rfc6070(i):
    dk = hashlib.pbkdf2_hmac("sha1", b"password", b"salt", 4096, 20).hex()
    text = lines('- P: "password"', '  S: "salt"', "  c: 4096", "  dkLen: 20", "  DK: %s" % dk)
    return look("pbkdf2-vectors", "yaml", text, dk, "RFC 6070 PBKDF2 vector")


@lookalike(VECTOR)
def l_csrf_fixture(i):
    tok = rs(64)
    text = lines('<form method="post" action="/accounts/login/">',
                 '  <input type="hidden" name="csrfmiddlewaretoken" value="%s">' % tok, '  <input name="username">', "</form>")
    return look("login-page-snapshot", "html", text, tok, "CSRF token in a recorded page")


@lookalike(VECTOR)
def l_oidc_request(i):
    st, nonce = rs(32, URLCH), rs(32, URLCH)
    url = ("https://accounts.%s/authorize?response_type=code&client_id=web&redirect_uri=https%%3A%%2F%%2Fapp.%s%%2Fcb"
           "&scope=openid&state=%s&nonce=%s" % (domain(), domain(), st, nonce))
    text = lines("# recorded authorization request for the redirect handler", "AUTHORIZE_URL = (", '    "%s"' % url, ")")
    return look("oidc_recordings", "py", text, "state=%s" % st, "OIDC state and nonce in a recorded request")


@lookalike(VECTOR)
def l_webauthn(i):
    ch = b64u(rbytes(32))
    text = json.dumps({"publicKey": {"challenge": ch, "rp": {"name": org().capitalize(), "id": domain()},
                                     "user": {"id": b64u(rbytes(16)), "name": "alice", "displayName": "Alice"},
                                     "pubKeyCredParams": [{"type": "public-key", "alg": -7}]}}, indent=1)
    return look("create-options", "json", text, ch, "WebAuthn challenge in a fixture")


@lookalike(VECTOR)
def l_digest_401(i):
    n = rhex(32)
    text = lines("HTTP/1.1 401 Unauthorized", 'WWW-Authenticate: Digest realm="cameras", qop="auth", nonce="%s", opaque="%s"' % (n, rhex(32)),
                 "Content-Length: 0")
    return look("camera-401", "http", text, n, "HTTP Digest challenge nonce")


# ---------------------------------------------------------------- pagination cursors

@lookalike(PAGE)
def l_google_pagetoken(i):
    t = "CjkK" + b64(rbytes(60)).rstrip("=")
    text = json.dumps({"files": [{"id": rs(33, URLCH), "name": "Q2 plan.docx"}], "nextPageToken": t}, indent=2)
    return look("drive-list", "json", text, t, "Google API nextPageToken")


@lookalike(PAGE)
def l_aws_nexttoken(i):
    t = b64(json.dumps({"NextToken": None, "boto_truncate_amount": R.randint(1, 50), "ExclusiveStartKey": rhex(16)}))
    text = json.dumps({"Items": [], "Count": 0, "NextToken": t}, indent=2)
    return look("scan-page", "json", text, t, "AWS pagination token")


@lookalike(PAGE)
def l_slack_cursor(i):
    c = b64("user:U0%s" % rs(8, UPPER + DIGITS))
    text = json.dumps({"ok": True, "members": [], "response_metadata": {"next_cursor": c}}, indent=2)
    return look("users-list", "json", text, c, "Slack next_cursor")


@lookalike(PAGE)
def l_graphql_cursor(i):
    c = b64(b"cursor:v2:" + rbytes(8))
    text = json.dumps({"data": {"repository": {"issues": {"pageInfo": {"hasNextPage": True, "endCursor": c}}}}}, indent=2)
    return look("issues-page", "json", text, c, "GraphQL endCursor")


@lookalike(PAGE)
def l_k8s_continue(i):
    c = b64u(json.dumps({"v": "meta.k8s.io/v1", "rv": R.randint(10 ** 6, 10 ** 8), "start": "prod/api-%s\x00" % rs(5, LOWNUM)}))
    text = lines("apiVersion: v1", "kind: PodList", "metadata:", "  continue: %s" % c, "  resourceVersion: \"%d\"" % R.randint(10 ** 6, 10 ** 8), "items: []")
    return look("pods-page", "yaml", text, c, "Kubernetes list continue token")


@lookalike(PAGE)
def l_es_scroll(i):
    s = "FGluY2x1ZGVfY29udGV4dF91dWlk" + b64(rbytes(60)).rstrip("=")
    text = json.dumps({"_scroll_id": s, "took": 3, "hits": {"total": {"value": 1200}, "hits": []}}, indent=2)
    return look("scroll-response", "json", text, s, "Elasticsearch scroll id")


@lookalike(PAGE)
def l_stripe_pagination(i):
    c = "cus_" + rs(14)
    text = lines("customers = stripe.Customer.list(limit=100, starting_after=%r)" % c, "for c in customers.auto_paging_iter():",
                 "    export(c)")
    return look("export_customers", "py", text, c, "Stripe pagination by object id")


# ---------------------------------------------------------------- publishable / public-by-design keys

@lookalike(PUBLISHABLE)
def l_stripe_pk(i):
    pk = "pk_live_51" + rs(97)
    text = lines("<script src=\"https://js.stripe.com/v3/\"></script>", "<script>", "  const stripe = Stripe('%s');" % pk,
                 "  const elements = stripe.elements();", "</script>")
    return look("checkout", "html", text, pk, "Stripe publishable key (client-side by design)")


@lookalike(PUBLISHABLE)
def l_stripe_pk_docs(i):
    text = lines("// Stripe's documented publishable test key", "const stripe = Stripe('pk_test_TYooMQauvdEDq54NiTphI7jx');")
    text = lines(text, "export default stripe;")
    return look("stripe-client", "js", text, "pk_test_TYooMQauvdEDq54NiTphI7jx", "Stripe docs publishable key")


@lookalike(PUBLISHABLE)
def l_mapbox_pk(i):
    tok = "pk." + b64u(json.dumps({"u": org(), "a": rs(25, LOWNUM)}, separators=(",", ":"))) + "." + rs(22, URLCH)
    text = lines("import mapboxgl from 'mapbox-gl';", "", "mapboxgl.accessToken = '%s';" % tok,
                 "const map = new mapboxgl.Map({ container: 'map', style: 'mapbox://styles/mapbox/streets-v12' });")
    return look("map", "js", text, tok, "Mapbox public (pk.) token")


@lookalike(PUBLISHABLE)
def l_recaptcha_site(i):
    k = "6L" + rs(38, URLCH)
    text = lines('<form action="/contact" method="post">', '  <textarea name="message"></textarea>',
                 '  <div class="g-recaptcha" data-sitekey="%s"></div>' % k, "  <button>Send</button>", "</form>")
    return look("contact", "html", text, k, "reCAPTCHA site key (public)")


@lookalike(PUBLISHABLE)
def l_algolia_search(i):
    k = rhex(32)
    text = lines("import algoliasearch from 'algoliasearch/lite';", "", "// search-only key, safe in the browser",
                 "export const searchClient = algoliasearch('%s', '%s');" % (rs(10, UPPER + DIGITS), k))
    return look("search", "js", text, k, "Algolia search-only API key")


@lookalike(PUBLISHABLE)
def l_posthog(i):
    k = "phc_" + rs(43)
    text = lines("posthog.init('%s', {" % k, "  api_host: 'https://eu.i.posthog.com',", "  person_profiles: 'identified_only',", "});")
    return look("analytics", "js", text, k, "PostHog project API key (public)")


@lookalike(PUBLISHABLE)
def l_clerk(i):
    k = "pk_live_" + b64("clerk.%s$" % domain()).rstrip("=")
    text = lines("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=%s" % k, "NEXT_PUBLIC_CLERK_SIGN_IN_URL=/sign-in",
                 "NEXT_PUBLIC_CLERK_SIGN_UP_URL=/sign-up")
    return look("frontend", "env", text, k, "Clerk publishable key (base64 of the frontend API host)")


@lookalike(PUBLISHABLE)
def l_segment(i):
    k = rs(32)
    text = lines("<script>", "  !function(){var analytics=window.analytics=window.analytics||[];/* snippet */}();",
                 '  analytics.load("%s");' % k, "  analytics.page();", "</script>")
    return look("segment-snippet", "html", text, k, "Segment write key (client-side by design)")


@lookalike(PUBLISHABLE)
def l_datadog_rum(i):
    k = "pub" + rhex(32)
    text = lines("datadogRum.init({", "  applicationId: '%s'," % ruuid(), "  clientToken: '%s'," % k, "  site: 'datadoghq.eu',",
                 "  service: 'web',", "});")
    return look("rum", "ts", text, k, "Datadog RUM client token (public)")


@lookalike(PUBLISHABLE)
def l_hcaptcha(i):
    k = ruuid()
    text = lines('<form action="/signup" method="post">', '  <div class="h-captcha" data-sitekey="%s"></div>' % k, "</form>",
                 '<script src="https://js.hcaptcha.com/1/api.js" async defer></script>')
    return look("signup", "html", text, k, "hCaptcha site key (public)")


@lookalike(PUBLISHABLE)
def l_ld_client(i):
    k = rhex(24)
    text = lines("import { asyncWithLDProvider } from 'launchdarkly-react-client-sdk';", "",
                 "export const LDProvider = await asyncWithLDProvider({ clientSideID: '%s' });" % k)
    return look("flags", "tsx", text, k, "LaunchDarkly client-side id (public)")


# ---------------------------------------------------------------- lockfiles and build artifacts

def sha512_sri():
    return "sha512-" + b64(rbytes(64))


@lookalike(LOCK)
def l_package_lock(i):
    s = sha512_sri()
    text = json.dumps(collections.OrderedDict([("name", "web"), ("lockfileVersion", 3), ("packages", collections.OrderedDict([
        ("node_modules/ms", collections.OrderedDict([("version", "2.1.3"), ("resolved", "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz"), ("integrity", s)])),
        ("node_modules/debug", collections.OrderedDict([("version", "4.3.5"), ("integrity", sha512_sri())]))]))]), indent=2)
    return look("package-lock", "json", text, s, "npm lockfile integrity")


@lookalike(LOCK)
def l_yarn_lock(i):
    s = sha512_sri()
    text = lines('"chalk@^4.1.0":', '  version "4.1.2"', '  resolved "https://registry.yarnpkg.com/chalk/-/chalk-4.1.2.tgz#%s"' % rhex(40),
                 '  integrity %s' % s, "  dependencies:", '    ansi-styles "^4.1.0"')
    return look("yarn", "lock", text, s, "yarn.lock integrity")


@lookalike(LOCK)
def l_pnpm_lock(i):
    s = sha512_sri()
    text = lines("lockfileVersion: '9.0'", "packages:", "  zod@3.23.8:", "    resolution: {integrity: %s}" % s, "  nanoid@3.3.7:",
                 "    resolution: {integrity: %s}" % sha512_sri(), "    hasBin: true")
    return look("pnpm-lock", "yaml", text, s, "pnpm lockfile")


@lookalike(LOCK)
def l_cargo_lock(i):
    h = rhex(64)
    text = lines("[[package]]", 'name = "itoa"', 'version = "1.0.11"', 'source = "registry+https://github.com/rust-lang/crates.io-index"',
                 'checksum = "%s"' % h, "", "[[package]]", 'name = "ryu"', 'version = "1.0.18"', 'checksum = "%s"' % rhex(64))
    return look("Cargo", "lock", text, h, "Cargo.lock checksums")


@lookalike(LOCK)
def l_poetry_lock(i):
    h = rhex(64)
    text = lines("[[package]]", 'name = "certifi"', 'version = "2024.7.4"', "files = [",
                 '    {file = "certifi-2024.7.4-py3-none-any.whl", hash = "sha256:%s"},' % h,
                 '    {file = "certifi-2024.7.4.tar.gz", hash = "sha256:%s"},' % rhex(64), "]")
    return look("poetry", "lock", text, h, "poetry.lock hashes")


@lookalike(LOCK)
def l_pipfile_lock(i):
    h = "sha256:" + rhex(64)
    text = json.dumps({"_meta": {"hash": {"sha256": rhex(64)}}, "default": {"idna": {"hashes": [h, "sha256:" + rhex(64)], "version": "==3.7"}}}, indent=1)
    return look("Pipfile", "lock", text, h, "Pipfile.lock hashes")


@lookalike(LOCK)
def l_composer_lock(i):
    ref = rhex(40)
    text = json.dumps({"content-hash": rhex(32), "packages": [{"name": "monolog/monolog", "version": "3.6.0",
                       "dist": {"type": "zip", "reference": ref, "shasum": ""}}]}, indent=1)
    return look("composer", "lock", text, ref, "composer.lock references")


@lookalike(LOCK)
def l_go_sum(i):
    h = "h1:" + b64(rbytes(32))
    text = lines("github.com/google/uuid v1.6.0 %s" % h, "github.com/google/uuid v1.6.0/go.mod h1:%s" % b64(rbytes(32)),
                 "golang.org/x/sync v0.7.0 h1:%s" % b64(rbytes(32)))
    return look("go", "sum", text, h, "go.sum hashes")


@lookalike(LOCK)
def l_nuget_lock(i):
    h = b64(rbytes(64))
    text = json.dumps({"version": 1, "dependencies": {"net8.0": {"Serilog": {"type": "Direct", "requested": "[3.1.1, )",
                                                                            "resolved": "3.1.1", "contentHash": h}}}}, indent=1)
    return look("packages.lock", "json", text, h, ".NET packages.lock.json contentHash")


@lookalike(LOCK)
def l_gradle_verification(i):
    h = rhex(64)
    text = lines("<verification-metadata>", "  <components>", '    <component group="com.google.guava" name="guava" version="33.2.1-jre">',
                 '      <artifact name="guava-33.2.1-jre.jar">', '        <sha256 value="%s" origin="Generated by Gradle"/>' % h,
                 "      </artifact>", "    </component>", "  </components>", "</verification-metadata>")
    return look("verification-metadata", "xml", text, h, "Gradle dependency verification")


@lookalike(LOCK)
def l_flake_lock(i):
    nar = "sha256-" + b64(rbytes(32))
    text = json.dumps({"nodes": {"nixpkgs": {"locked": {"lastModified": epoch(), "narHash": nar, "owner": "NixOS", "repo": "nixpkgs",
                                                        "rev": rhex(40), "type": "github"}}}, "root": "root", "version": 7}, indent=1)
    return look("flake", "lock", text, nar, "flake.lock narHash")


@lookalike(LOCK)
def l_tf_lock(i):
    h = "h1:" + b64(rbytes(32))
    text = lines('provider "registry.terraform.io/hashicorp/aws" {', '  version     = "5.57.0"', '  constraints = "~> 5.0"', "  hashes = [",
                 '    "%s",' % h, '    "zh:%s",' % rhex(64), "  ]", "}")
    return look("terraform.lock", "hcl", text, h, "Terraform provider lock hashes")


@lookalike(LOCK)
def l_vite_manifest(i):
    f = "assets/index-%s.js" % rs(8, URLCH)
    text = json.dumps({"index.html": {"file": f, "src": "index.html", "isEntry": True, "css": ["assets/index-%s.css" % rs(8, URLCH)]}}, indent=2)
    return look("manifest", "json", text, f, "Vite build manifest with content hashes")


@lookalike(LOCK)
def l_next_build(i):
    bid = rs(21, URLCH)
    text = json.dumps({"buildId": bid, "pages": {"/_app": ["static/chunks/webpack-%s.js" % rhex(16), "static/chunks/main-%s.js" % rhex(16)]}}, indent=1)
    return look("build-manifest", "json", text, bid, "Next.js build id and chunk hashes")


@lookalike(LOCK)
def l_mix_lock(i):
    h = rhex(64)
    text = lines("%{", '  "jason": {:hex, :jason, "1.4.3", "%s", [:mix], [], "hexpm", "%s"},' % (h, rhex(64)),
                 '  "plug": {:hex, :plug, "1.16.1", "%s", [:mix], [], "hexpm", "%s"},' % (rhex(64), rhex(64)), "}")
    return look("mix", "lock", text, h, "mix.lock hashes")


@lookalike(LOCK)
def l_podfile_lock(i):
    h = rhex(40)
    text = lines("PODS:", "  - Alamofire (5.9.1)", "", "SPEC CHECKSUMS:", "  Alamofire: %s" % h, "", "PODFILE CHECKSUM: %s" % rhex(40), "",
                 "COCOAPODS: 1.15.2")
    return look("Podfile", "lock", text, h, "Podfile.lock checksums")


@lookalike(LOCK)
def l_chart_lock(i):
    d = "sha256:" + rhex(64)
    text = lines("dependencies:", "- name: postgresql", "  repository: oci://registry-1.docker.io/bitnamicharts", "  version: 15.5.11",
                 "digest: %s" % d, "generated: \"2024-06-30T10:11:12Z\"")
    return look("Chart", "lock", text, d, "Helm Chart.lock digest")


@lookalike(LOCK)
def l_pip_hashes(i):
    h = "sha256:" + rhex(64)
    text = lines("# pip-compile --generate-hashes", "urllib3==2.2.2 \\", "    --hash=%s \\" % h, "    --hash=sha256:%s" % rhex(64))
    return look("requirements-lock", "txt", text, h, "pip --hash pins")


@lookalike(LOCK)
def l_gemfile_checksums(i):
    h = "sha256=" + rhex(64)
    text = lines("GEM", "  remote: https://rubygems.org/", "  specs:", "    rack (3.1.7)", "", "CHECKSUMS", "  rack (3.1.7) %s" % h, "",
                 "BUNDLED WITH", "   2.5.16")
    return look("Gemfile", "lock", text, h, "Bundler checksums")


# ================================================================ build

def value_line(text, value):
    first = value.splitlines()[0]
    return [n for n, line in enumerate(text.split("\n"), 1) if first in line]


def realise(kind, category, provider, fn, i):
    for _ in range(60):
        STICKY.clear()
        c = fn(i)
        value = c["value"]
        check = c.pop("check", None)
        if kind == "secret":
            low = c["text"].lower()
            if any(b in low for b in BANNED):
                continue
            if not clean(value) or (check is not None and not clean(check)):
                continue
        break
    else:
        raise SystemExit("%s %s: no clean value after 60 tries" % (kind, fn.__name__))
    c["provider"] = c.get("provider") or provider
    c["category"] = category
    c["kind"] = kind
    c["fn"] = fn.__name__
    return c


def main():
    cases = {"secret": [], "lookalike": []}
    for kind, registry in (("secret", SECRETS), ("lookalike", LOOKALIKES)):
        for category, provider, fn, i in registry:
            cases[kind].append(realise(kind, category, provider, fn, i))
        R.shuffle(cases[kind])

    for kind in cases:
        d = os.path.join(HERE, kind)
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)
    truth = []
    for kind in ("secret", "lookalike"):
        for n, c in enumerate(cases[kind], 1):
            slug, ext, text, value = c["slug"], c["ext"], c["text"], c["value"]
            lowname = (slug + "." + ext).lower()
            assert not any(w in lowname for w in NAME_BANNED), (c["fn"], slug, ext)
            count = text.count("\n")
            assert 3 <= count <= 25, (c["fn"], count)
            hits = value_line(text, value)
            assert hits, (c["fn"], "value not in text")
            if kind == "secret":
                assert len(hits) == 1, (c["fn"], "value on several lines", hits)
            line = hits[0]
            assert value.splitlines()[0] in text.split("\n")[line - 1]
            path = "%s/%04d-%s.%s" % (kind, n, slug, ext)
            with open(os.path.join(HERE, path), "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            row = collections.OrderedDict([("path", path), ("kind", kind), ("category", c["category"])])
            if kind == "secret":
                row["provider"] = c["provider"]
            row["line"] = line
            row["note"] = c["note"]
            truth.append(row)
    with open(os.path.join(HERE, "truth.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for row in truth:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")

    # Re-read what was written: every truth line holds its value.
    for kind in ("secret", "lookalike"):
        for c, row in zip(cases[kind], [r for r in truth if r["kind"] == kind]):
            with open(os.path.join(HERE, row["path"]), encoding="utf-8") as f:
                written = f.read().split("\n")
            assert c["value"].splitlines()[0] in written[row["line"] - 1], row["path"]

    counts = collections.Counter((r["kind"], r["category"]) for r in truth)
    kinds = collections.Counter(r["kind"] for r in truth)
    providers = sorted({r["provider"] for r in truth if r["kind"] == "secret"})
    for kind in ("secret", "lookalike"):
        print("%s: %d files" % (kind, kinds[kind]))
        for (k, cat), num in sorted(counts.items()):
            if k == kind:
                print("  %-28s %4d" % (cat, num))
    print("providers (%d): %s" % (len(providers), ", ".join(providers)))


if __name__ == "__main__":
    main()
