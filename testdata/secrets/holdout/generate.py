#!/usr/bin/env python3
"""Generate the held-out secrets corpus (testdata/secrets/holdout).

This corpus was written independently of gatehouse's secret rules and of the tuning corpus in
testdata/secrets/quality: it is only ever *measured* against, never used to tune rules.

Running the script deletes and rewrites

  secret/NNNN-<slug>.<ext>     small files (3-20 lines) holding exactly one credential each;
  lookalike/NNNN-<slug>.<ext>  small files holding something that looks like a credential but
                               is not one (placeholders, references, digests, ids, public keys,
                               encrypted blobs, documentation values, test fixtures, ...);
  truth.jsonl                  one JSON object per file: path, kind, category, provider (secrets
                               only), line (1-based line of the value) and a note.

Every value is produced by random.Random(4242), so the output is deterministic; no value is a
real credential.  Random parts never contain words such as "example" or "test", nor runs of five
ascending characters, so that a scanner cannot tell them apart from real ones by such hints.

Python 3 standard library only:  python3 testdata/secrets/holdout/generate.py
"""

import base64
import collections
import json
import os
import re
import shutil
import string
import struct
import textwrap
import random
import zlib

SEED = 4242
HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(SEED)

DIGITS = string.digits
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
ALNUM = UPPER + LOWER + DIGITS
B62 = DIGITS + UPPER + LOWER          # alphabet of the GitHub / npm checksum
HEX = DIGITS + "abcdef"
UHEX = DIGITS + "ABCDEF"
B64URL = ALNUM + "-_"
UALNUM = UPPER + DIGITS
LALNUM = LOWER + DIGITS
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BASE32 = UPPER + "234567"
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

BANNED = ("example", "xxxx", "fake", "dummy", "test", "sample", "redacted", "placeholder",
          "changeme", "0123456789", "abcdefgh")


def clean(s):
    """True when s has no banned word and no run of five ascending characters."""
    low = s.lower()
    if any(b in low for b in BANNED):
        return False
    for t in (s, low):
        run = 1
        for a, b in zip(t, t[1:]):
            run = run + 1 if ord(b) == ord(a) + 1 else 1
            if run >= 5:
                return False
    return True


def no_banned(s):
    """for encodings of partly fixed data (base64 of JSON): only the banned words are checked"""
    low = s.lower()
    return not any(b in low for b in BANNED)


def retry(make, check=clean, tries=500):
    for _ in range(tries):
        v = make()
        if check(v):
            return v
    raise RuntimeError("could not generate a clean value")


def rand(alphabet, n):
    return retry(lambda: "".join(rng.choice(alphabet) for _ in range(n)))


def rbytes(n):
    return rng.randbytes(n)


def b64(b):
    return base64.b64encode(b).decode()


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def rb64(n):
    """standard base64 (with padding) of n random bytes"""
    return retry(lambda: b64(rbytes(n)))


def rb64u(n):
    return retry(lambda: b64u(rbytes(n)))


def digits(n):
    return retry(lambda: rng.choice("123456789") + "".join(rng.choice(DIGITS) for _ in range(n - 1)))


def uuid4():
    def make():
        h = "".join(rng.choice(HEX) for _ in range(32))
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"
    return retry(make)


def b62(n, width=6):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def crc_token(prefix):
    """GitHub classic / npm format: 30 random base62 chars + CRC32 of them in base62 (6 chars)."""
    def make():
        body = "".join(rng.choice(B62) for _ in range(30))
        return body + b62(zlib.crc32(body.encode()))
    return prefix + retry(make)


def crc_ok(token, prefix):
    body = token[len(prefix):]
    return len(body) == 36 and b62(zlib.crc32(body[:30].encode())) == body[30:]


def password(punct="!@#%^&*-_+=~.", lo=10, hi=32):
    """random password, mixed classes, starts with a letter so it is safe unquoted"""
    def make():
        n = rng.randint(lo, hi)
        rest = [rng.choice(UPPER), rng.choice(LOWER), rng.choice(DIGITS), rng.choice(punct)]
        rest += [rng.choice(ALNUM + punct) for _ in range(n - 5)]
        rng.shuffle(rest)
        return rng.choice(UPPER + LOWER) + "".join(rest)
    return retry(make)


URLSAFE_PUNCT = "-_.~!*"
CONN_PUNCT = "!@#%^&*-_+~."          # no ';' '=' (connection strings)
XML_PUNCT = "!@#%^*-_+=~."           # no '&'
MAKE_PUNCT = "!@%^&*-_+=~."          # no '#'


def D(s, **kw):
    """dedent a template, drop the first newline, then replace @KEY@ markers"""
    s = textwrap.dedent(s)
    if s.startswith("\n"):
        s = s[1:]
    if not s.endswith("\n"):
        s += "\n"
    if not kw:
        return s
    missing = set(re.findall(r"@([A-Z][A-Z0-9_]*)@", s)) - set(kw)
    assert not missing, missing
    return re.sub(r"@([A-Z][A-Z0-9_]*)@", lambda m: str(kw.get(m.group(1), m.group(0))), s)


def L(*lines):
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- DER / PEM

def der_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def der_uint(b):
    b = b.lstrip(b"\x00") or b"\x00"
    if b[0] & 0x80:
        b = b"\x00" + b
    return der(0x02, b)


def der_small(n):
    return der_uint(n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big"))


def seq(*parts):
    return der(0x30, b"".join(parts))


OID_RSA = bytes.fromhex("06092a864886f70d010101")
OID_EC = bytes.fromhex("06072a8648ce3d0201")
OID_P256 = bytes.fromhex("06082a8648ce3d030107")
NULL = b"\x05\x00"


def odd_top(n):
    b = bytearray(rbytes(n))
    b[0] |= 0x80
    b[-1] |= 1
    return bytes(b)


def rsa_pkcs1(bits=1024):
    k = bits // 8
    h = k // 2
    return seq(der_small(0), der_uint(odd_top(k)), der_small(65537), der_uint(odd_top(k)),
               der_uint(odd_top(h)), der_uint(odd_top(h)), der_uint(odd_top(h)),
               der_uint(odd_top(h)), der_uint(odd_top(h)))


def pkcs8_rsa(bits=2048):
    return seq(der_small(0), seq(OID_RSA, NULL), der(0x04, rsa_pkcs1(bits)))


def ec_sec1(with_params=True):
    parts = [der_small(1), der(0x04, rbytes(32))]
    if with_params:
        parts.append(der(0xA0, OID_P256))
    parts.append(der(0xA1, der(0x03, b"\x00\x04" + rbytes(64))))
    return seq(*parts)


def pkcs8_ec():
    return seq(der_small(0), seq(OID_EC, OID_P256), der(0x04, ec_sec1(False)))


def sshstr(b):
    return struct.pack(">I", len(b)) + b


def openssh_ed25519(comment):
    pub, seed = rbytes(32), rbytes(32)
    pubblob = sshstr(b"ssh-ed25519") + sshstr(pub)
    chk = rbytes(4)
    priv = chk + chk + sshstr(b"ssh-ed25519") + sshstr(pub) + sshstr(seed + pub) + sshstr(comment.encode())
    i = 1
    while len(priv) % 8:
        priv += bytes([i])
        i += 1
    return (b"openssh-key-v1\x00" + sshstr(b"none") + sshstr(b"none") + sshstr(b"") +
            struct.pack(">I", 1) + sshstr(pubblob) + sshstr(priv))


def wrap(s, width=64):
    return [s[i:i + width] for i in range(0, len(s), width)]


def pem(label, make_der, width=64):
    body = retry(lambda: b64(make_der()))
    return [f"-----BEGIN {label}-----"] + wrap(body, width) + [f"-----END {label}-----"]


def pem_rsa():
    return pem("RSA PRIVATE KEY", lambda: rsa_pkcs1(1024))


def pem_ec():
    return pem("EC PRIVATE KEY", ec_sec1)


def pem_pkcs8_ec():
    return pem("PRIVATE KEY", pkcs8_ec)


def pem_openssh(comment):
    return pem("OPENSSH PRIVATE KEY", lambda: openssh_ed25519(comment), 70)


def ssh_ed25519_pub():
    return "ssh-ed25519 " + retry(lambda: b64(sshstr(b"ssh-ed25519") + sshstr(rbytes(32))))


def ssh_rsa_pub():
    return "ssh-rsa " + retry(lambda: b64(sshstr(b"ssh-rsa") + sshstr(b"\x01\x00\x01") +
                                          sshstr(b"\x00" + odd_top(256))))


def jwt(claims, alg="HS256", kid=None):
    header = {"alg": alg, "typ": "JWT"}
    if kid:
        header["kid"] = kid
    siglen = 32 if alg.startswith("HS") else 256
    h = b64u(json.dumps(header, separators=(",", ":")).encode())
    p = b64u(json.dumps(claims, separators=(",", ":")).encode())
    return retry(lambda: f"{h}.{p}.{b64u(rbytes(siglen))}", lambda t: clean(t.split(".")[2]))


def epoch():
    return rng.randint(1_700_000_000, 1_740_000_000)


def crc24(data):
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


# ----------------------------------------------------------------------------- naming

APPS = ["billing", "checkout", "notifier", "ingest", "reports", "webhooks", "search", "ledger",
        "gateway", "scheduler", "invoicer", "catalog", "payments", "mailer", "analytics",
        "uploader", "inventory", "shipping", "crm-sync", "pricing", "orders", "metrics"]
ORGS = ["acme", "northwind", "globex", "initech", "umbrella", "hooli", "vandelay", "wayneent",
        "tyrell", "cyberdyne", "soylent", "oscorp"]
DOMAINS = ["acme.io", "northwind.dev", "globex.net", "initech.co", "hooli.cloud", "vandelay.app",
           "tyrell.systems", "oscorp.tech"]
USERS = ["deploy", "ci-bot", "svc-backend", "jenkins", "release", "ops", "mlops", "dana.k",
         "m.ortega", "build"]
HOSTS = ["db.internal", "pg-primary.prod.svc", "10.20.4.17", "mysql-01.dc2.lan", "rds-main.internal"]


def pick(xs):
    return rng.choice(xs)


def snake(n):
    return n.lower()


def camel(n):
    p = n.lower().split("_")
    return p[0] + "".join(x.title() for x in p[1:])


def pascal(n):
    return "".join(x.title() for x in n.lower().split("_"))


def split_name(n):
    """STRIPE_SECRET_KEY -> ('stripe', 'secret_key')"""
    p = n.lower().split("_")
    if len(p) == 1:
        return "auth", p[0]
    return p[0], "_".join(p[1:])


def yq(v):
    """YAML scalar: plain when safe, double-quoted otherwise"""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_./+=~-]*", v) and rng.random() < 0.6:
        return v
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ----------------------------------------------------------------------------- registry

SECRETS = []
LOOKALIKES = []


def add_secret(slug, ext, text, needle, category, provider, note="", value=None):
    """needle: text on the recorded line; value: the credential itself (defaults to needle)"""
    value = value or needle
    assert value in text, slug
    SECRETS.append(dict(slug=slug, ext=ext, text=text, needle=needle, category=category,
                        provider=provider, note=note, value=value))


def add_look(slug, ext, text, needle, category, note):
    LOOKALIKES.append(dict(slug=slug, ext=ext, text=text, needle=needle, category=category,
                           note=note))


def env():
    return dict(APP=pick(APPS), ORG=pick(ORGS), DOMAIN=pick(DOMAINS), USER=pick(USERS))


# ----------------------------------------------------------------------------- contexts for a named value
# each takes (spec, value) and returns (ext, text)

def c_dotenv(s, v):
    return "env", D("""
        # @APP@ service
        NODE_ENV=production
        PORT=8080
        @N@=@V@
        LOG_LEVEL=info
        """, N=s["name"], V=v, **env())


def c_dotenv_production(s, v):
    return "env.production", D("""
        APP_ENV=production
        APP_URL=https://@APP@.@DOMAIN@
        @N@="@V@"
        CACHE_DRIVER=redis
        QUEUE_CONNECTION=redis
        """, N=s["name"], V=v, **env())


def c_compose(s, v):
    return "docker-compose.yml", D("""
        services:
          @APP@:
            image: ghcr.io/@ORG@/@APP@:1.4.2
            ports:
              - "8080:8080"
            environment:
              @N@: @Q@
              LOG_LEVEL: info
        """, N=s["name"], Q=yq(v), **env())


def c_compose_list(s, v):
    return "compose.yaml", D("""
        version: "3.8"
        services:
          worker:
            build: .
            restart: unless-stopped
            environment:
              - RUST_LOG=info
              - @N@=@V@
        """, N=s["name"], V=v)


def c_helm_values(s, v):
    return "values.yaml", D("""
        replicaCount: 2
        image:
          repository: @ORG@/@APP@
          tag: "2.3.1"
        env:
          @K@: @Q@
        resources:
          limits:
            memory: 256Mi
        """, K=camel(s["name"]), Q=yq(v), **env())


def c_k8s_deployment(s, v):
    return "deployment.yaml", D("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: @APP@
        spec:
          replicas: 3
          template:
            spec:
              containers:
                - name: @APP@
                  image: @ORG@/@APP@:1.8.0
                  env:
                    - name: @N@
                      value: "@V@"
        """, N=s["name"], V=v, **env())


def c_tfvars(s, v):
    return "tfvars", D("""
        region         = "eu-west-1"
        environment    = "production"
        @K@ = "@V@"
        instance_count = 3
        """, K=snake(s["name"]), V=v)


def c_tf_variable(s, v):
    return "tf", D("""
        variable "@K@" {
          description = "Credential used by the @APP@ module"
          type        = string
          default     = "@V@"
        }
        """, K=snake(s["name"]), V=v, **env())


def c_ansible_group_vars(s, v):
    return "yml", D("""
        ---
        # group_vars/production.yml
        app_name: @APP@
        app_port: 8443
        @K@: @Q@
        app_workers: 4
        """, K=snake(s["name"]), Q=yq(v), **env())


def c_gha(s, v):
    return "yml", D("""
        name: deploy
        on:
          push:
            branches: [main]
        jobs:
          deploy:
            runs-on: ubuntu-latest
            env:
              @N@: @V@
            steps:
              - uses: actions/checkout@v4
              - run: ./scripts/deploy.sh
        """, N=s["name"], V=v)


def c_gitlab_ci(s, v):
    return "gitlab-ci.yml", D("""
        variables:
          DOCKER_DRIVER: overlay2
          @N@: "@V@"

        deploy:
          stage: deploy
          image: alpine:3.19
          script:
            - ./ci/deploy.sh
        """, N=s["name"], V=v)


def c_jenkinsfile(s, v):
    return "Jenkinsfile", D("""
        pipeline {
          agent any
          environment {
            @N@ = '@V@'
          }
          stages {
            stage('Deploy') {
              steps { sh './gradlew publish' }
            }
          }
        }
        """, N=s["name"], V=v)


def c_makefile(s, v):
    return "mk", D("""
        .PHONY: deploy
        export @N@ := @V@

        deploy:
        \t./bin/release --env production
        """, N=s["name"], V=v)


def c_shell(s, v):
    return "sh", D("""
        #!/usr/bin/env bash
        set -euo pipefail
        export @N@='@V@'
        exec /opt/@APP@/bin/server "$@"
        """, N=s["name"], V=v, **env())


def c_powershell(s, v):
    return "ps1", D("""
        # set up the release environment
        $ErrorActionPreference = 'Stop'
        $env:@N@ = '@V@'
        & .\\build.ps1 -Configuration Release
        """, N=s["name"], V=v)


def c_appsettings(s, v):
    sec, key = split_name(s["name"])
    return "json", D("""
        {
          "Logging": { "LogLevel": { "Default": "Information" } },
          "@SEC@": {
            "@KEY@": "@V@"
          },
          "AllowedHosts": "*"
        }
        """, SEC=pascal(sec), KEY=pascal(key), V=v)


def c_java(s, v):
    return "java", D("""
        package com.@ORG@.config;

        public final class ApiCredentials {
            public static final String @N@ = "@V@";

            private ApiCredentials() {}
        }
        """, N=s["name"], V=v, **env())


def c_kotlin(s, v):
    return "kt", D("""
        package com.@ORG@.app

        object Keys {
            const val @N@ = "@V@"
        }
        """, N=s["name"], V=v, **env())


def c_swift(s, v):
    return "swift", D("""
        import Foundation

        enum Secrets {
            static let @K@ = "@V@"
        }
        """, K=camel(s["name"]), V=v)


def c_go(s, v):
    return "go", D("""
        package config

        // @K@ is used by the @APP@ client.
        const @K@ = "@V@"
        """, K=camel(s["name"]), V=v, **env())


def c_rust(s, v):
    return "rs", D("""
        //! Client settings.

        pub const @N@: &str = "@V@";
        pub const TIMEOUT_SECS: u64 = 30;
        """, N=s["name"], V=v)


def c_django(s, v):
    return "py", D("""
        # settings/production.py
        from .base import *  # noqa

        DEBUG = False
        ALLOWED_HOSTS = ["@APP@.@DOMAIN@"]
        @N@ = "@V@"
        """, N=s["name"], V=v, **env())


def c_node_config(s, v):
    return "js", D("""
        module.exports = {
          port: 3000,
          region: 'us-east-1',
          @K@: '@V@',
          retries: 3,
        };
        """, K=camel(s["name"]), V=v)


def c_rails_credentials(s, v):
    sec, key = split_name(s["name"])
    return "yml", D("""
        # config/credentials/production.yml (decrypted)
        @SEC@:
          @KEY@: @V@
        smtp:
          address: smtp.@DOMAIN@
          port: 587
        """, SEC=sec, KEY=key, V=v, **env())


def c_spring_properties(s, v):
    return "properties", D("""
        spring.application.name=@APP@
        server.port=8080
        @K@=@V@
        management.endpoints.web.exposure.include=health
        """, K=s["name"].lower().replace("_", "."), V=v, **env())


def c_spring_yaml(s, v):
    sec, key = split_name(s["name"])
    return "yml", D("""
        spring:
          application:
            name: @APP@
        @SEC@:
          @KEY@: @Q@
          timeout: 10s
        """, SEC=sec, KEY=key.replace("_", "-"), Q=yq(v), **env())


def c_notebook(s, v):
    nb = {"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
                     "source": ["import os\n", f"os.environ[\"{s['name']}\"] = \"{v}\"\n"]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return "ipynb", json.dumps(nb, indent=1) + "\n"


def c_readme(s, v):
    return "md", D("""
        # @APP@

        Local setup:

        ```bash
        export @N@=@V@
        npm run dev
        ```
        """, N=s["name"], V=v, **env())


def c_log(s, v):
    return "log", D("""
        2024-03-11T09:14:02.117Z INFO  starting @APP@ v2.4.1
        2024-03-11T09:14:02.220Z DEBUG config: region=eu-west-1 @K@=@V@ retries=3
        2024-03-11T09:14:02.301Z INFO  listening on :8080
        """, K=snake(s["name"]), V=v, **env())


def c_toml(s, v):
    sec, key = split_name(s["name"])
    return "toml", D("""
        [server]
        bind = "0.0.0.0:8080"

        [@SEC@]
        @KEY@ = "@V@"
        timeout_ms = 5000
        """, SEC=sec, KEY=key, V=v)


def c_ini(s, v):
    sec, key = split_name(s["name"])
    return "ini", D("""
        [@SEC@]
        endpoint = https://@HOST@
        @KEY@ = @V@
        retries = 3
        """, SEC=sec, KEY=key, V=v, HOST=s.get("host") or "api." + pick(DOMAINS))


def c_xml_appsettings(s, v):
    return "config", D("""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <appSettings>
            <add key="Environment" value="Production" />
            <add key="@K@" value="@V@" />
          </appSettings>
        </configuration>
        """, K=pascal(s["name"]), V=v)


def c_php(s, v):
    sec, key = split_name(s["name"])
    return "php", D("""
        <?php

        return [
            '@SEC@' => [
                '@KEY@' => '@V@',
            ],
        ];
        """, SEC=sec, KEY=key, V=v)


def c_ruby(s, v):
    sec, key = split_name(s["name"])
    return "rb", D("""
        # config/initializers/@SEC@.rb
        Rails.application.config.@SEC@ = {
          @KEY@: "@V@",
          open_timeout: 5
        }
        """, SEC=sec, KEY=key, V=v)


def c_dockerfile(s, v):
    return "Dockerfile", D("""
        FROM node:20-alpine
        WORKDIR /app
        ENV @N@=@V@
        COPY . .
        CMD ["node", "server.js"]
        """, N=s["name"], V=v)


def c_systemd(s, v):
    return "service", D("""
        [Unit]
        Description=@APP@ worker
        After=network-online.target

        [Service]
        Environment=@N@=@V@
        ExecStart=/usr/local/bin/@APP@ --serve
        Restart=on-failure
        """, N=s["name"], V=v, **env())


def c_typescript(s, v):
    return "ts", D("""
        // src/config.ts
        export const @K@ = "@V@";
        export const REQUEST_TIMEOUT_MS = 10_000;
        """, K=s["name"], V=v)


def c_csharp(s, v):
    return "cs", D("""
        namespace @ORGP@.Integrations
        {
            internal static class Credentials
            {
                public const string @K@ = "@V@";
            }
        }
        """, K=pascal(s["name"]), V=v, ORGP=pick(ORGS).title())


def c_circleci(s, v):
    return "yml", D("""
        version: 2.1
        jobs:
          build:
            docker:
              - image: cimg/node:20.11
            environment:
              @N@: @V@
            steps:
              - checkout
              - run: npm ci && npm run release
        """, N=s["name"], V=v)


def c_docker_run(s, v):
    return "sh", D("""
        #!/bin/sh
        docker run -d --name @APP@ \\
          -e @N@=@V@ \\
          -p 8080:8080 \\
          @ORG@/@APP@:latest
        """, N=s["name"], V=v, **env())


def c_ansible_task(s, v):
    return "yml", D("""
        - name: run database migrations
          ansible.builtin.command: /opt/@APP@/bin/migrate
          environment:
            @N@: "@V@"
          become: true
        """, N=s["name"], V=v, **env())


def c_properties_spaced(s, v):
    return "properties", D("""
        # @APP@ integration
        @K@ = @V@
        connect.timeout = 5000
        """, K=s["name"].lower().replace("_", "."), V=v, **env())


def c_nomad(s, v):
    return "nomad.hcl", D("""
        job "@APP@" {
          group "web" {
            task "server" {
              driver = "docker"
              env {
                @N@ = "@V@"
              }
            }
          }
        }
        """, N=s["name"], V=v, **env())


def c_serverless(s, v):
    return "serverless.yml", D("""
        service: @APP@
        provider:
          name: aws
          runtime: nodejs20.x
          environment:
            @N@: @Q@
        functions:
          handler:
            handler: src/handler.main
        """, N=s["name"], Q=yq(v), **env())


def c_supervisord(s, v):
    return "conf", D("""
        [program:@APP@]
        command=/usr/bin/@APP@ --serve
        environment=@N@="@V@"
        autorestart=true
        """, N=s["name"], V=v, **env())


def c_gradle_properties(s, v):
    return "gradle.properties", D("""
        org.gradle.jvmargs=-Xmx2g
        android.useAndroidX=true
        @K@=@V@
        """, K=camel(s["name"]), V=v)


def c_azure_pipelines(s, v):
    return "azure-pipelines.yml", D("""
        trigger:
          - main
        pool:
          vmImage: ubuntu-latest
        variables:
          @N@: '@V@'
        steps:
          - script: make release
        """, N=s["name"], V=v)


def c_elixir(s, v):
    return "exs", D("""
        import Config

        config :@APP@, :integration,
          @K@: "@V@",
          pool_size: 10
        """, K=snake(s["name"]), V=v, APP=pick(APPS).replace("-", "_"))


def c_bitbucket(s, v):
    return "bitbucket-pipelines.yml", D("""
        image: python:3.12
        pipelines:
          branches:
            main:
              - step:
                  script:
                    - export @N@=@V@
                    - make deploy
        """, N=s["name"], V=v)


def c_python_const(s, v):
    return "py", D("""
        \"\"\"Sync job for the @APP@ service.\"\"\"
        import logging

        @N@ = '@V@'
        log = logging.getLogger(__name__)
        """, N=s["name"], V=v, **env())


def c_dotenv_local(s, v):
    return "env.local", D("""
        NEXT_PUBLIC_APP_NAME=@APP@
        DATABASE_POOL=5
        @N@=@V@
        """, N=s["name"], V=v, **env())


def c_cloud_init(s, v):
    return "yaml", D("""
        #cloud-config
        package_update: true
        write_files:
          - path: /etc/@APP@/env
            permissions: "0600"
            content: |
              @N@=@V@
        runcmd:
          - systemctl restart @APP@
        """, N=s["name"], V=v, **env())


GENERIC_CONTEXTS = [
    c_dotenv, c_dotenv_production, c_compose, c_compose_list, c_helm_values, c_k8s_deployment,
    c_tfvars, c_tf_variable, c_ansible_group_vars, c_gha, c_gitlab_ci, c_jenkinsfile, c_makefile,
    c_shell, c_powershell, c_appsettings, c_java, c_kotlin, c_swift, c_go, c_rust, c_django,
    c_node_config, c_rails_credentials, c_spring_properties, c_spring_yaml, c_notebook, c_readme,
    c_log, c_toml, c_ini, c_xml_appsettings, c_php, c_ruby, c_dockerfile, c_systemd, c_typescript,
    c_csharp, c_circleci, c_docker_run, c_ansible_task, c_properties_spaced, c_nomad, c_serverless,
    c_supervisord, c_gradle_properties, c_azure_pipelines, c_elixir, c_bitbucket, c_python_const,
    c_dotenv_local, c_cloud_init,
]


# ----------------------------------------------------------------------------- contexts for a header

def hparts(s, v):
    h = s["hdr"].format(v=v)
    name, val = h.split(": ", 1)
    return h, name, val


def h_http_file(s, v):
    h, _, _ = hparts(s, v)
    return "http", D("""
        ### list resources
        GET https://@HOST@/@PATH@
        @H@
        Accept: application/json
        """, HOST=s["host"], PATH=s.get("path", "v1/me"), H=h)


def h_curl(s, v):
    h, _, _ = hparts(s, v)
    return "sh", D("""
        #!/usr/bin/env bash
        # quick health probe used by the on-call runbook
        curl -sS "https://@HOST@/@PATH@" \\
          -H "@H@" \\
          -H "Accept: application/json" | jq .
        """, HOST=s["host"], PATH=s.get("path", "v1/me"), H=h)


def h_requests(s, v):
    _, name, val = hparts(s, v)
    return "py", D("""
        import requests

        resp = requests.get(
            "https://@HOST@/@PATH@",
            headers={"@HN@": "@HV@"},
            timeout=10,
        )
        resp.raise_for_status()
        """, HOST=s["host"], PATH=s.get("path", "v1/me"), HN=name, HV=val)


def h_postman(s, v):
    _, name, val = hparts(s, v)
    return "postman_collection.json", D("""
        {
          "info": {
            "name": "@APP@",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
          },
          "item": [
            {
              "name": "whoami",
              "request": {
                "method": "GET",
                "header": [{ "key": "@HN@", "value": "@HV@" }],
                "url": "https://@HOST@/@PATH@"
              }
            }
          ]
        }
        """, HOST=s["host"], PATH=s.get("path", "v1/me"), HN=name, HV=val, **env())


def h_fetch(s, v):
    _, name, val = hparts(s, v)
    return "mjs", D("""
        const res = await fetch("https://@HOST@/@PATH@", {
          headers: { "@HN@": "@HV@" },
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        console.log(await res.json());
        """, HOST=s["host"], PATH=s.get("path", "v1/me"), HN=name, HV=val)


def h_debug_log(s, v):
    h, _, _ = hparts(s, v)
    return "log", D("""
        2024-05-02 10:22:41,118 DEBUG urllib3.connectionpool Starting new HTTPS connection (1): @HOST@:443
        2024-05-02 10:22:41,120 DEBUG http.client send: GET /@PATH@ HTTP/1.1 | Host: @HOST@ | @H@
        2024-05-02 10:22:41,402 DEBUG urllib3.connectionpool https://@HOST@:443 "GET /@PATH@ HTTP/1.1" 200 412
        """, HOST=s["host"], PATH=s.get("path", "v1/me"), H=h)


HEADER_CONTEXTS = [h_http_file, h_curl, h_requests, h_postman, h_fetch, h_debug_log]


# ----------------------------------------------------------------------------- provider tokens

PROVIDERS = []


def prov(provider, name, gen, n=1, host=None, hdr=None, path=None, special=(), note=""):
    PROVIDERS.append(dict(provider=provider, name=name, gen=gen, n=n, host=host, hdr=hdr,
                          path=path or "v1/me", special=list(special), note=note))


BEARER = "Authorization: Bearer {v}"


# --- special contexts ----------------------------------------------------------------------

def s_aws_credentials(s, v):
    kid, sec = v
    return "credentials", D("""
        [default]
        region = eu-central-1

        [deploy]
        aws_access_key_id = @K@
        aws_secret_access_key = @S@
        """, K=kid, S=sec), sec


def s_aws_env(s, v):
    kid, sec = v
    return "env", D("""
        AWS_REGION=us-east-1
        AWS_ACCESS_KEY_ID=@K@
        AWS_SECRET_ACCESS_KEY=@S@
        S3_BUCKET=@APP@-exports
        """, K=kid, S=sec, **env()), sec


def s_aws_boto3(s, v):
    kid, sec = v
    return "py", D("""
        import boto3

        s3 = boto3.client(
            "s3",
            aws_access_key_id="@K@",
            aws_secret_access_key="@S@",
            region_name="ap-southeast-2",
        )
        """, K=kid, S=sec), sec


def s_aws_terraform(s, v):
    kid, sec = v
    return "tf", D("""
        provider "aws" {
          region     = "us-west-2"
          access_key = "@K@"
          secret_key = "@S@"
        }
        """, K=kid, S=sec), sec


def s_git_credentials(s, v):
    return "git-credentials", D("""
        https://@USER@:@V@@github.com
        https://gitlab.@DOMAIN@
        https://bitbucket.org
        """, V=v, **env())


def s_gh_hosts(s, v):
    return "hosts.yml", D("""
        github.com:
            user: @USER@
            oauth_token: @V@
            git_protocol: https
        """, V=v, USER=pick(USERS).replace(".", ""))


def s_gh_app_log(s, v):
    return "log", D("""
        ##[group]Run actions/create-github-app-token@v1
        Created installation access token for app id 381124 (expires 2024-06-01T11:02:19Z)
        token=@V@
        ##[endgroup]
        """, V=v)


def s_gitlab_runner(s, v):
    return "toml", D("""
        concurrent = 4

        [[runners]]
          name = "docker-runner-01"
          url = "https://gitlab.@DOMAIN@/"
          token = "@V@"
          executor = "docker"
          [runners.docker]
            image = "alpine:3.19"
        """, V=v, **env())


def s_npmrc(s, v):
    return "npmrc", D("""
        registry=https://registry.npmjs.org/
        //registry.npmjs.org/:_authToken=@V@
        save-exact=true
        """, V=v)


def s_pypirc(s, v):
    return "pypirc", D("""
        [distutils]
        index-servers =
            pypi

        [pypi]
        username = __token__
        password = @V@
        """, V=v)


def s_docker_config(s, v):
    user = pick(USERS).replace(".", "")
    auth = b64(f"{user}:{v}".encode())
    return "json", D("""
        {
          "auths": {
            "https://index.docker.io/v1/": {
              "auth": "@A@"
            }
          },
          "credsStore": ""
        }
        """, A=auth), auth


def s_docker_login(s, v):
    return "gitlab-ci.yml", D("""
        release:
          stage: publish
          image: docker:26
          services: [docker:26-dind]
          script:
            - echo "@V@" | docker login -u @USER@ --password-stdin
            - docker push @ORG@/@APP@:$CI_COMMIT_TAG
        """, V=v, USER=pick(USERS).replace(".", ""), ORG=pick(ORGS), APP=pick(APPS))


def s_tfrc(s, v):
    return "tfrc.json", D("""
        {
          "credentials": {
            "app.terraform.io": {
              "token": "@V@"
            }
          }
        }
        """, V=v)


def s_databrickscfg(s, v):
    return "databrickscfg", D("""
        [DEFAULT]
        host  = https://adb-@W@.@R@.azuredatabricks.net
        token = @V@
        """, V=v, W=digits(16), R=rng.randint(2, 19))


def s_age_keys(s, v):
    pub = "age1" + rand(BECH32, 58)
    return "txt", D("""
        # created: 2024-02-19T14:03:11+01:00
        # public key: @P@
        @V@
        """, P=pub, V=v)


def s_gem_credentials(s, v):
    return "gem-credentials", D("""
        ---
        :rubygems_api_key: @V@
        # pushed from the release host only
        """, V=v)


def s_kaggle(s, v):
    return "kaggle.json", D("""
        {
          "username": "@USER@",
          "key": "@V@"
        }
        """, V=v, USER=pick(USERS).replace(".", "").replace("-", ""))


def s_netrc(host, login=None):
    def f(s, v):
        return "netrc", D("""
            machine @HOST@
              login @LOGIN@
              password @V@
            """, HOST=host, LOGIN=login or pick(USERS), V=v)
    f.__name__ = "s_netrc"
    return f


def s_ngrok(s, v):
    return "ngrok.yml", D("""
        version: "2"
        authtoken: @V@
        tunnels:
          web:
            proto: http
            addr: 3000
        """, V=v)


def s_alertmanager(s, v):
    return "alertmanager.yml", D("""
        route:
          receiver: oncall
        receivers:
          - name: oncall
            slack_configs:
              - api_url: @V@
                channel: "#alerts"
                send_resolved: true
        """, V=v)


def s_discord_py(s, v):
    return "py", D("""
        import requests

        WEBHOOK = "@V@"

        def notify(msg):
            requests.post(WEBHOOK, json={"content": msg}, timeout=5)
        """, V=v)


def s_sentry_py(s, v):
    return "py", D("""
        import sentry_sdk

        sentry_sdk.init(
            dsn="@V@",
            traces_sample_rate=0.2,
            environment="production",
        )
        """, V=v)


def s_sentry_js(s, v):
    return "js", D("""
        import * as Sentry from "@sentry/node";

        Sentry.init({
          dsn: "@V@",
          tracesSampleRate: 0.1,
        });
        """, V=v)


def s_azure_functions(s, v):
    return "local.settings.json", D("""
        {
          "IsEncrypted": false,
          "Values": {
            "AzureWebJobsStorage": "@V@",
            "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated"
          }
        }
        """, V=v)


def s_appsettings_conn(key):
    def f(s, v):
        return "json", D("""
            {
              "ConnectionStrings": {
                "@K@": "@V@"
              },
              "Logging": { "LogLevel": { "Default": "Warning" } }
            }
            """, K=key, V=v)
    f.__name__ = "s_appsettings"
    return f


def s_gcp_sa(s, v):
    return "json", v, '"private_key": "-----BEGIN PRIVATE KEY-----'


def s_twilio(s, v):
    sid, tok = v
    return "py", D("""
        from twilio.rest import Client

        account_sid = "@SID@"
        auth_token = "@T@"
        client = Client(account_sid, auth_token)
        """, SID=sid, T=tok), tok


def s_pair_env(a_name, b_name):
    def f(s, v):
        a, b = v
        return "env", D("""
            # @PROV@
            @A@=@AV@
            @B@=@BV@
            """, PROV=s["provider"], A=a_name, AV=a, B=b_name, BV=b), b
    f.__name__ = "s_pair_env"
    return f


def s_confluent(s, v):
    key, sec = v
    return "properties", D("""
        bootstrap.servers=pkc-@C@.eu-west-1.aws.confluent.cloud:9092
        security.protocol=SASL_SSL
        sasl.mechanism=PLAIN
        sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="@K@" password="@S@";
        """, C=rand(LALNUM, 5), K=key, S=sec), sec


def s_telegram(s, v):
    return "sh", D("""
        #!/bin/sh
        # post the nightly backup status to the ops channel
        curl -s -X POST "https://api.telegram.org/bot@V@/sendMessage" \\
          -d chat_id=-100@C@ -d text="backup finished: $1"
        """, V=v, C=digits(10))


def s_fcm_php(s, v):
    return "php", D("""
        <?php
        $headers = [
            'Authorization: key=@V@',
            'Content-Type: application/json',
        ];
        $ch = curl_init('https://fcm.googleapis.com/fcm/send');
        """, V=v)


def s_openshift(s, v):
    return "sh", D("""
        #!/usr/bin/env bash
        set -e
        oc login --token=@V@ --server=https://api.ocp4.@DOMAIN@:6443
        oc project @APP@
        oc rollout restart deployment/@APP@
        """, V=v, **env())


def s_nuget(s, v):
    return "sh", D("""
        #!/usr/bin/env bash
        dotnet pack -c Release -o out
        dotnet nuget push "out/*.nupkg" \\
          --api-key @V@ \\
          --source https://api.nuget.org/v3/index.json
        """, V=v)


def s_tailscale(s, v):
    return "yaml", D("""
        #cloud-config
        runcmd:
          - curl -fsSL https://tailscale.com/install.sh | sh
          - tailscale up --authkey=@V@ --ssh --hostname=@APP@-edge
        """, V=v, **env())


def s_braintree(s, v):
    return "java", D("""
        import com.braintreegateway.BraintreeGateway;

        public class Payments {
            private static final BraintreeGateway GATEWAY =
                new BraintreeGateway("@V@");
        }
        """, V=v)


def s_launchdarkly(s, v):
    return "go", D("""
        package flags

        import (
        \t"time"

        \tld "github.com/launchdarkly/go-server-sdk/v7"
        )

        func New() (*ld.LDClient, error) {
        \treturn ld.MakeClient("@V@", 5*time.Second)
        }
        """, V=v)


def s_mapbox_netrc(s, v):
    return "netrc", D("""
        machine api.mapbox.com
          login mapbox
          password @V@
        """, V=v)


def s_cf_provider(s, v):
    return "tf", D("""
        terraform {
          required_providers {
            cloudflare = { source = "cloudflare/cloudflare", version = "~> 4.0" }
          }
        }

        provider "cloudflare" {
          api_token = "@V@"
        }
        """, V=v)


def s_do_provider(s, v):
    return "tf", D("""
        provider "digitalocean" {
          token = "@V@"
        }

        resource "digitalocean_droplet" "web" {
          image  = "ubuntu-22-04-x64"
          name   = "web-1"
          region = "fra1"
          size   = "s-1vcpu-1gb"
        }
        """, V=v)


def s_vault_sh(s, v):
    return "sh", D("""
        #!/usr/bin/env bash
        export VAULT_ADDR=https://vault.@DOMAIN@:8200
        export VAULT_TOKEN=@V@
        vault kv get -field=url secret/@APP@/db
        """, V=v, **env())


def s_gha_step_with(s, v):
    return "yml", D("""
        name: publish
        on: { release: { types: [published] } }
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: pulumi/actions@v5
                with:
                  command: up
                env:
                  PULUMI_ACCESS_TOKEN: @V@
        """, V=v)


def s_gchat(s, v):
    return "sh", D("""
        #!/usr/bin/env bash
        WEBHOOK_URL='@V@'
        curl -sS -X POST -H 'Content-Type: application/json' \\
          -d "{\\"text\\": \\"deploy of $1 finished\\"}" "$WEBHOOK_URL"
        """, V=v)


def s_teams_gha(s, v):
    return "yml", D("""
        name: notify
        on: [deployment_status]
        jobs:
          teams:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  curl -sS -H 'Content-Type: application/json' \\
                    -d '{"text":"deployment ${{ github.event.deployment_status.state }}"}' \\
                    '@V@'
        """, V=v)


def s_facebook(s, v):
    return "py", D("""
        import requests

        PAGE_ID = "@P@"
        PAGE_TOKEN = "@V@"
        requests.post(f"https://graph.facebook.com/v19.0/{PAGE_ID}/feed",
                      data={"message": "New release!", "access_token": PAGE_TOKEN})
        """, V=v, P=digits(15))


def s_cloudinary(s, v):
    return "env", D("""
        CLOUDINARY_URL=@V@
        UPLOAD_FOLDER=avatars
        MAX_UPLOAD_MB=10
        """, V=v)


def s_sentry_cli(s, v):
    return "sentryclirc", D("""
        [defaults]
        org = @ORG@
        project = @APP@

        [auth]
        token = @V@
        """, V=v, **env())


def s_wrangler(s, v):
    return "sh", D("""
        #!/usr/bin/env bash
        export CLOUDFLARE_ACCOUNT_ID=@A@
        export CLOUDFLARE_API_TOKEN=@V@
        npx wrangler deploy --env production
        """, V=v, A=rand(HEX, 32))




def s_fly_gha(s, v):
    return "yml", D("""
        name: fly-deploy
        on:
          push:
            branches: [main]
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: superfly/flyctl-actions/setup-flyctl@master
              - run: flyctl deploy --remote-only
                env:
                  FLY_API_TOKEN: "@V@"
        """, V=v)


def s_pagerduty_alertmanager(s, v):
    return "alertmanager.yml", D("""
        route:
          receiver: pagerduty-critical
        receivers:
          - name: pagerduty-critical
            pagerduty_configs:
              - routing_key: @V@
                severity: critical
        """, V=v)


# --- value generators ----------------------------------------------------------------------

def aws_pair():
    return "AKIA" + rand(BASE32, 16), rand(ALNUM + "+/", 40)


def gcp_sa_json():
    project = f"{pick(ORGS)}-{pick(APPS)}-{digits(6)}"
    key = "\n".join(pem("PRIVATE KEY", lambda: pkcs8_rsa(2048))) + "\n"
    sa = pick(["deployer", "ci-runner", "bq-loader", "terraform"])
    d = {"type": "service_account", "project_id": project, "private_key_id": rand(HEX, 40),
         "private_key": key, "client_email": f"{sa}@{project}.iam.gserviceaccount.com",
         "client_id": digits(21), "auth_uri": "https://accounts.google.com/o/oauth2/auth",
         "token_uri": "https://oauth2.googleapis.com/token",
         "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
         "client_x509_cert_url": f"https://www.googleapis.com/robot/v1/metadata/x509/{sa}%40{project}.iam.gserviceaccount.com",
         "universe_domain": "googleapis.com"}
    return json.dumps(d, indent=2) + "\n"


def azure_storage():
    return (f"DefaultEndpointsProtocol=https;AccountName={pick(ORGS)}{pick(['prod', 'data', 'logs'])}sa;"
            f"AccountKey={rb64(64)};EndpointSuffix=core.windows.net")


def sentry_org_token():
    def make():
        claims = {"iat": round(epoch() + rng.random(), 6), "url": "https://sentry.io",
                  "region_url": "https://us.sentry.io", "org": pick(ORGS)}
        head = b64(json.dumps(claims, separators=(",", ":")).encode())
        return "sntrys_" + head + "_" + b64(rand(HEX, 32).encode()).rstrip("=")
    return retry(make, no_banned)


def grafana_cloud():
    def make():
        stack = digits(6)
        d = {"o": digits(6), "n": f"stack-{stack}-hm-write-{pick(APPS)}", "k": rand(ALNUM, 24),
             "m": {"r": pick(["prod-us-east-0", "prod-eu-west-2", "prod-ap-southeast-1"])}}
        return "glc_" + b64(json.dumps(d, separators=(",", ":")).encode())
    return retry(make, no_banned)


def mapbox_secret():
    def make():
        d = {"u": pick(ORGS) + pick(["maps", "geo", "dev"]), "a": rand(LALNUM, 25)}
        return "sk." + b64u(json.dumps(d, separators=(",", ":")).encode()) + "." + rand(B64URL, 22)
    return retry(make, no_banned)


def onepassword():
    def make():
        d = {"signInAddress": "my.1password.com",
             "userAuth": {"method": "SRPg-4096", "alg": "PBES2g-HS256", "iterations": 650000,
                          "salt": b64u(rbytes(16))},
             "email": rand(LALNUM, 13) + "@1passwordserviceaccounts.com",
             "srpX": rand(HEX, 64),
             "muk": {"alg": "A256GCM", "ext": True, "k": b64u(rbytes(32)),
                     "key_ops": ["encrypt", "decrypt"], "kty": "oct", "kid": "mp"},
             "secretKey": f"A3-{rand(UALNUM, 6)}-{rand(UALNUM, 6)}-{rand(UALNUM, 5)}-{rand(UALNUM, 5)}-{rand(UALNUM, 5)}-{rand(UALNUM, 5)}",
             "throttleSecret": {"seed": rand(HEX, 64), "deviceUuid": rand(LALNUM, 26)},
             "deviceUuid": rand(LALNUM, 26)}
        return "ops_" + b64u(json.dumps(d, separators=(",", ":")).encode())
    return retry(make, no_banned)


def jfrog_ref():
    return retry(lambda: b64(f"reftkn:01:{rng.randint(1_750_000_000, 2_050_000_000)}:{rand(ALNUM, 27)}".encode()), no_banned)


def twitter_bearer():
    return ("A" * 21 + rand(ALNUM, 8) + "A" * 8 + rand(ALNUM, 10) + "%2B" + rand(ALNUM, 20) +
            "%3D" + rand(ALNUM, 50))


def discord_bot():
    return retry(lambda: b64(digits(18).encode()).rstrip("=") + "." + rand(B64URL, 6) + "." + rand(B64URL, 38), no_banned)


def teams_webhook():
    return (f"https://{pick(ORGS)}.webhook.office.com/webhookb2/{uuid4()}@{uuid4()}"
            f"/IncomingWebhook/{rand(HEX, 32)}/{uuid4()}")


def gchat_webhook():
    return (f"https://chat.googleapis.com/v1/spaces/AAAA{rand(B64URL, 7)}/messages"
            f"?key=AIzaSy{rand(B64URL, 33)}&token={rand(B64URL, 43)}%3D")


aiza = lambda: "AIza" + rand(B64URL, 35)
glpat = lambda: "glpat-" + rand(B64URL, 20)

prov("aws", "AWS_SECRET_ACCESS_KEY", aws_pair, n=4,
     special=[s_aws_credentials, s_aws_env, s_aws_boto3, s_aws_terraform],
     note="AWS access key id + secret access key pair (line = secret)")
prov("github", "GITHUB_TOKEN", lambda: crc_token("ghp_"), n=3, host="api.github.com",
     hdr="Authorization: token {v}", path="user", special=[s_git_credentials],
     note="GitHub classic PAT with valid CRC32 checksum")
prov("github", "GH_OAUTH_TOKEN", lambda: crc_token("gho_"), special=[s_gh_hosts],
     note="GitHub OAuth token (gh CLI hosts.yml)")
prov("github", "GITHUB_APP_TOKEN", lambda: crc_token("ghs_"), special=[s_gh_app_log],
     note="GitHub App installation token printed in a CI log")
prov("github", "GITHUB_USER_TOKEN", lambda: crc_token("ghu_"), note="GitHub user-to-server token")
prov("github", "GITHUB_PAT", lambda: "github_pat_11" + rand(UALNUM, 20) + "_" + rand(ALNUM, 59),
     n=2, host="api.github.com", hdr=BEARER, path="user", note="GitHub fine-grained PAT")
prov("github", "GITHUB_CLIENT_SECRET", lambda: rand(HEX, 40), note="GitHub OAuth app client secret")
prov("gitlab", "GITLAB_TOKEN", glpat, n=2, host="gitlab.com", hdr="PRIVATE-TOKEN: {v}",
     path="api/v4/user", note="GitLab personal access token")
prov("gitlab", "CI_RUNNER_TOKEN", lambda: "glrt-" + rand(B64URL, 20), special=[s_gitlab_runner],
     note="GitLab runner authentication token")
prov("gitlab", "GITLAB_TRIGGER_TOKEN", lambda: "glptt-" + rand(HEX, 40), note="GitLab pipeline trigger token")
prov("gitlab", "GITLAB_DEPLOY_TOKEN", lambda: "gldt-" + rand(B64URL, 20), note="GitLab deploy token")
prov("slack", "SLACK_BOT_TOKEN", lambda: f"xoxb-{digits(12)}-{digits(13)}-{rand(ALNUM, 24)}", n=2,
     host="slack.com", hdr=BEARER, path="api/auth.test", note="Slack bot token")
prov("slack", "SLACK_USER_TOKEN",
     lambda: f"xoxp-{digits(12)}-{digits(12)}-{digits(13)}-{rand(HEX, 32)}", note="Slack user token")
prov("slack", "SLACK_WEBHOOK_URL",
     lambda: f"https://hooks.slack.com/services/T{rand(UALNUM, 8)}/B{rand(UALNUM, 10)}/{rand(ALNUM, 24)}",
     n=2, special=[s_alertmanager], note="Slack incoming webhook URL")
prov("slack", "SLACK_APP_TOKEN", lambda: f"xapp-1-A{rand(UALNUM, 10)}-{digits(13)}-{rand(HEX, 64)}",
     note="Slack app-level token")
prov("stripe", "STRIPE_SECRET_KEY", lambda: "sk_live_" + rand(ALNUM, 24), host="api.stripe.com",
     hdr=BEARER, path="v1/charges", note="Stripe live secret key (short form)")
prov("stripe", "STRIPE_SECRET_KEY", lambda: "sk_live_51" + rand(ALNUM, 97), note="Stripe live secret key")
prov("stripe", "STRIPE_RESTRICTED_KEY", lambda: "rk_live_51" + rand(ALNUM, 97), note="Stripe restricted key")
prov("stripe", "STRIPE_WEBHOOK_SECRET", lambda: "whsec_" + rand(ALNUM, 32), note="Stripe webhook signing secret")
prov("twilio", "TWILIO_AUTH_TOKEN", lambda: ("AC" + rand(HEX, 32), rand(HEX, 32)), special=[s_twilio],
     note="Twilio auth token next to its account SID (line = token)")
prov("twilio", "TWILIO_API_SECRET", lambda: ("SK" + rand(HEX, 32), rand(ALNUM, 32)),
     special=[s_pair_env("TWILIO_API_KEY", "TWILIO_API_SECRET")], note="Twilio API key SID + secret (line = secret)")
prov("sendgrid", "SENDGRID_API_KEY", lambda: "SG." + rand(B64URL, 22) + "." + rand(B64URL, 43), n=2,
     host="api.sendgrid.com", hdr=BEARER, path="v3/user/profile", note="SendGrid API key")
prov("openai", "OPENAI_API_KEY", lambda: "sk-proj-" + rand(B64URL, 74) + "T3BlbkFJ" + rand(B64URL, 74),
     n=2, host="api.openai.com", hdr=BEARER, path="v1/models", note="OpenAI project key")
prov("openai", "OPENAI_API_KEY", lambda: "sk-" + rand(ALNUM, 20) + "T3BlbkFJ" + rand(ALNUM, 20),
     note="OpenAI legacy user key")
prov("openai", "OPENAI_SERVICE_KEY", lambda: "sk-svcacct-" + rand(B64URL, 74) + "T3BlbkFJ" + rand(B64URL, 74),
     note="OpenAI service account key")
prov("anthropic", "ANTHROPIC_API_KEY", lambda: "sk-ant-api03-" + rand(B64URL, 93) + "AA", n=2,
     host="api.anthropic.com", hdr="x-api-key: {v}", path="v1/models", note="Anthropic API key")
prov("anthropic", "ANTHROPIC_ADMIN_KEY", lambda: "sk-ant-admin01-" + rand(B64URL, 93) + "AA",
     note="Anthropic admin key")
prov("google", "GEMINI_API_KEY", aiza, host="generativelanguage.googleapis.com",
     hdr="x-goog-api-key: {v}", path="v1beta/models", note="Google API key used server-side (Gemini)")
prov("google", "YOUTUBE_DATA_API_KEY", aiza, note="Google API key in a backend job")
prov("google", "GOOGLE_CLIENT_SECRET", lambda: "GOCSPX-" + rand(B64URL, 28), note="Google OAuth client secret")
prov("gcp", "GOOGLE_APPLICATION_CREDENTIALS", gcp_sa_json, n=2, special=[s_gcp_sa, s_gcp_sa],
     note="GCP service-account key file (line = private_key)")
prov("azure", "AZURE_STORAGE_CONNECTION_STRING", azure_storage, n=3,
     special=[s_azure_functions, s_appsettings_conn("Storage")], note="Azure storage connection string")
prov("azure", "AZURE_CLIENT_SECRET", lambda: rand(ALNUM, 3) + "8Q~" + rand(ALNUM + "_~.-", 34),
     note="Entra ID (Azure AD) application client secret")
prov("azure", "SERVICEBUS_CONNECTION",
     lambda: (f"Endpoint=sb://{pick(ORGS)}-bus.servicebus.windows.net/;"
              f"SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={rb64(32)}"),
     special=[s_appsettings_conn("ServiceBus")], note="Azure Service Bus connection string")
prov("azure", "COSMOS_CONNECTION_STRING",
     lambda: f"AccountEndpoint=https://{pick(ORGS)}-cosmos.documents.azure.com:443/;AccountKey={rb64(64)};",
     note="Azure Cosmos DB connection string")
prov("azure-devops", "AZURE_DEVOPS_PAT", lambda: rand(LOWER + "234567", 52), note="Azure DevOps PAT")
prov("azure-openai", "AZURE_OPENAI_API_KEY", lambda: rand(HEX, 32), host="northwind-oai.openai.azure.com",
     hdr="api-key: {v}", path="openai/deployments?api-version=2024-02-01", note="Azure OpenAI key")
prov("digitalocean", "DIGITALOCEAN_TOKEN", lambda: "dop_v1_" + rand(HEX, 64), n=2, special=[s_do_provider],
     host="api.digitalocean.com", hdr=BEARER, path="v2/account", note="DigitalOcean PAT")
prov("heroku", "HEROKU_API_KEY", lambda: "HRKU-AA" + rand(B64URL, 58), n=2,
     special=[s_netrc("api.heroku.com", "ops@hooli.cloud")], note="Heroku API key (HRKU- format)")
prov("npm", "NPM_TOKEN", lambda: crc_token("npm_"), n=2, special=[s_npmrc], note="npm access token with checksum")
prov("pypi", "PYPI_API_TOKEN", lambda: "pypi-AgEIcHlwaS5vcmc" + rand(B64URL, 140), n=2, special=[s_pypirc],
     note="PyPI API token (macaroon)")
prov("docker", "DOCKERHUB_TOKEN", lambda: "dckr_pat_" + rand(B64URL, 27), n=3,
     special=[s_docker_config, s_docker_login], note="Docker Hub PAT")
prov("huggingface", "HF_TOKEN", lambda: "hf_" + rand(UPPER + LOWER, 34), n=2, host="huggingface.co",
     hdr=BEARER, path="api/whoami-v2", note="Hugging Face token")
prov("shopify", "SHOPIFY_ACCESS_TOKEN", lambda: "shpat_" + rand(HEX, 32), host="tyrell-store.myshopify.com",
     hdr="X-Shopify-Access-Token: {v}", path="admin/api/2024-01/shop.json", note="Shopify Admin API token")
prov("shopify", "SHOPIFY_API_SECRET", lambda: "shpss_" + rand(HEX, 32), note="Shopify app shared secret")
prov("mailgun", "MAILGUN_API_KEY", lambda: "key-" + rand(HEX, 32), note="Mailgun API key")
prov("mailchimp", "MAILCHIMP_API_KEY", lambda: rand(HEX, 32) + "-us" + str(rng.randint(2, 21)),
     note="Mailchimp API key with datacenter suffix")
prov("datadog", "DD_API_KEY", lambda: rand(HEX, 32), host="api.datadoghq.com", hdr="DD-API-KEY: {v}",
     path="api/v1/validate", note="Datadog API key")
prov("datadog", "DD_APP_KEY", lambda: rand(HEX, 40), note="Datadog application key")
prov("newrelic", "NEW_RELIC_API_KEY", lambda: "NRAK-" + rand(UALNUM, 27), host="api.newrelic.com",
     hdr="Api-Key: {v}", path="graphql", note="New Relic user API key")
prov("newrelic", "NEW_RELIC_LICENSE_KEY", lambda: rand(HEX, 36) + "NRAL", note="New Relic license key")
prov("sentry", "SENTRY_DSN",
     lambda: f"https://{rand(HEX, 32)}@o{digits(6)}.ingest.us.sentry.io/{digits(7)}", n=2,
     special=[s_sentry_py, s_sentry_js], note="Sentry DSN")
prov("sentry", "SENTRY_AUTH_TOKEN", sentry_org_token, special=[s_sentry_cli], note="Sentry org auth token")
prov("sentry", "SENTRY_USER_TOKEN", lambda: "sntryu_" + rand(HEX, 64), host="sentry.io", hdr=BEARER,
     path="api/0/organizations/", note="Sentry user auth token")
prov("grafana", "GRAFANA_SERVICE_ACCOUNT_TOKEN", lambda: "glsa_" + rand(ALNUM, 32) + "_" + rand(HEX, 8),
     host="umbrella.grafana.net", hdr=BEARER, path="api/dashboards/home", note="Grafana service account token")
prov("grafana", "GRAFANA_CLOUD_TOKEN", grafana_cloud, note="Grafana Cloud access policy token")
prov("pagerduty", "PAGERDUTY_API_TOKEN", lambda: "u+" + rand(B64URL, 18), host="api.pagerduty.com",
     hdr="Authorization: Token token={v}", path="users/me", note="PagerDuty REST API user token")
prov("pagerduty", "PAGERDUTY_ROUTING_KEY", lambda: rand(HEX, 32), special=[s_pagerduty_alertmanager],
     note="PagerDuty Events v2 routing key")
prov("vault", "VAULT_TOKEN", lambda: "hvs.CAESI" + rand(B64URL, 86), n=2, special=[s_vault_sh],
     note="HashiCorp Vault service token")
prov("doppler", "DOPPLER_TOKEN", lambda: "dp.pt." + rand(ALNUM, 43), note="Doppler personal token")
prov("doppler", "DOPPLER_SERVICE_TOKEN", lambda: "dp.st.prd." + rand(ALNUM, 43), note="Doppler service token")
prov("okta", "OKTA_API_TOKEN", lambda: "00" + rand(B64URL, 40), host="hooli.okta.com",
     hdr="Authorization: SSWS {v}", path="api/v1/users/me", note="Okta API token")
prov("linear", "LINEAR_API_KEY", lambda: "lin_api_" + rand(ALNUM, 40), host="api.linear.app",
     hdr="Authorization: {v}", path="graphql", note="Linear API key")
prov("notion", "NOTION_TOKEN", lambda: "ntn_" + digits(11) + rand(ALNUM, 35), host="api.notion.com",
     hdr=BEARER, path="v1/users/me", note="Notion integration token")
prov("postman", "POSTMAN_API_KEY", lambda: "PMAK-" + rand(HEX, 24) + "-" + rand(HEX, 34),
     host="api.getpostman.com", hdr="X-Api-Key: {v}", path="me", note="Postman API key")
prov("pulumi", "PULUMI_ACCESS_TOKEN", lambda: "pul-" + rand(HEX, 40), special=[s_gha_step_with],
     note="Pulumi access token")
prov("terraform-cloud", "TFE_TOKEN", lambda: rand(ALNUM, 14) + ".atlasv1." + rand(ALNUM, 67), n=2,
     special=[s_tfrc], note="Terraform Cloud API token")
prov("databricks", "DATABRICKS_TOKEN", lambda: "dapi" + rand(HEX, 32), n=2, special=[s_databrickscfg],
     host="adb-5820419736154402.2.azuredatabricks.net", hdr=BEARER, path="api/2.0/clusters/list",
     note="Databricks PAT")
prov("age", "SOPS_AGE_KEY", lambda: "AGE-SECRET-KEY-1" + rand(BECH32.upper(), 58), n=2,
     special=[s_age_keys], note="age X25519 secret key")
prov("telegram", "TELEGRAM_BOT_TOKEN", lambda: f"{digits(10)}:AA{rand(B64URL, 33)}", n=2,
     special=[s_telegram], note="Telegram bot token")
prov("discord", "DISCORD_WEBHOOK_URL",
     lambda: f"https://discord.com/api/webhooks/{digits(19)}/{rand(B64URL, 68)}", special=[s_discord_py],
     note="Discord webhook URL")
prov("discord", "DISCORD_BOT_TOKEN", discord_bot, host="discord.com", hdr="Authorization: Bot {v}",
     path="api/v10/users/me", note="Discord bot token")
prov("square", "SQUARE_ACCESS_TOKEN", lambda: "EAAA" + rand(B64URL, 60), host="connect.squareup.com",
     hdr=BEARER, path="v2/locations", note="Square production access token")
prov("square", "SQUARE_APPLICATION_SECRET", lambda: "sq0csp-" + rand(B64URL, 43), note="Square OAuth secret")
prov("atlassian", "JIRA_API_TOKEN", lambda: "ATATT3xFfGF0" + rand(B64URL, 170) + "=" + rand(UHEX, 8),
     note="Atlassian API token")
prov("figma", "FIGMA_TOKEN", lambda: "figd_" + rand(B64URL, 40), host="api.figma.com",
     hdr="X-Figma-Token: {v}", path="v1/me", note="Figma PAT")
prov("fly", "FLY_API_TOKEN", lambda: "FlyV1 fm2_lJPE" + rand(ALNUM + "+/", 200), special=[s_fly_gha],
     note="Fly.io macaroon token")
prov("cloudflare", "CLOUDFLARE_API_TOKEN", lambda: rand(B64URL, 40), n=3, special=[s_cf_provider, s_wrangler],
     host="api.cloudflare.com", hdr=BEARER, path="client/v4/user/tokens/verify", note="Cloudflare API token")
prov("cloudflare", "CF_API_KEY", lambda: rand(HEX, 37), note="Cloudflare global API key")
prov("alibaba", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", lambda: ("LTAI" + rand(ALNUM, 20), rand(ALNUM, 30)),
     special=[s_pair_env("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET")],
     note="Alibaba Cloud AccessKey pair (line = secret)")
prov("airtable", "AIRTABLE_TOKEN", lambda: "pat" + rand(ALNUM, 14) + "." + rand(HEX, 64),
     host="api.airtable.com", hdr=BEARER, path="v0/meta/whoami", note="Airtable PAT")
prov("asana", "ASANA_PAT", lambda: f"2/{digits(16)}/{digits(16)}:{rand(HEX, 32)}", host="app.asana.com",
     hdr=BEARER, path="api/1.0/users/me", note="Asana PAT")
prov("bitbucket", "BITBUCKET_APP_PASSWORD", lambda: "ATBB" + rand(ALNUM, 32), note="Bitbucket app password")
prov("buildkite", "BUILDKITE_API_TOKEN", lambda: "bkua_" + rand(HEX, 40), host="api.buildkite.com",
     hdr=BEARER, path="v2/user", note="Buildkite API token")
prov("circleci", "CIRCLE_TOKEN", lambda: "CCIPAT_" + rand(ALNUM, 22) + "_" + rand(HEX, 40),
     host="circleci.com", hdr="Circle-Token: {v}", path="api/v2/me", note="CircleCI personal token")
prov("contentful", "CONTENTFUL_MANAGEMENT_TOKEN", lambda: "CFPAT-" + rand(B64URL, 43),
     note="Contentful management token")
prov("dropbox", "DROPBOX_ACCESS_TOKEN", lambda: "sl.B" + rand(B64URL, 134), host="api.dropboxapi.com",
     hdr=BEARER, path="2/users/get_current_account", note="Dropbox short-lived token")
prov("dynatrace", "DT_API_TOKEN", lambda: "dt0c01." + rand(UALNUM, 24) + "." + rand(UALNUM, 64),
     host="umb31207.live.dynatrace.com", hdr="Authorization: Api-Token {v}", path="api/v2/metrics",
     note="Dynatrace API token")
prov("easypost", "EASYPOST_API_KEY", lambda: "EZAK" + rand(LALNUM, 54), note="EasyPost production key")
prov("flutterwave", "FLW_SECRET_KEY", lambda: "FLWSECK-" + rand(HEX, 32) + "-X", note="Flutterwave secret key")
prov("mapbox", "MAPBOX_DOWNLOADS_TOKEN", mapbox_secret, n=2, special=[s_mapbox_netrc],
     note="Mapbox secret (sk.) token")
prov("netlify", "NETLIFY_AUTH_TOKEN", lambda: "nfp_" + rand(ALNUM, 40), host="api.netlify.com",
     hdr=BEARER, path="api/v1/sites", note="Netlify PAT")
prov("planetscale", "PLANETSCALE_SERVICE_TOKEN", lambda: "pscale_tkn_" + rand(B64URL, 43),
     note="PlanetScale service token")
prov("rubygems", "GEM_HOST_API_KEY", lambda: "rubygems_" + rand(HEX, 48), special=[s_gem_credentials],
     note="RubyGems API key")
prov("brevo", "BREVO_API_KEY", lambda: "xkeysib-" + rand(HEX, 64) + "-" + rand(ALNUM, 16),
     host="api.brevo.com", hdr="api-key: {v}", path="v3/account", note="Brevo (Sendinblue) API key")
prov("shippo", "SHIPPO_API_TOKEN", lambda: "shippo_live_" + rand(HEX, 40), host="api.goshippo.com",
     hdr="Authorization: ShippoToken {v}", path="addresses", note="Shippo live token")
prov("supabase", "SUPABASE_ACCESS_TOKEN", lambda: "sbp_" + rand(HEX, 40), note="Supabase management token")
prov("typeform", "TYPEFORM_TOKEN", lambda: "tfp_" + rand(ALNUM, 44) + "_" + rand(ALNUM, 14),
     host="api.typeform.com", hdr=BEARER, path="me", note="Typeform PAT")
prov("1password", "OP_SERVICE_ACCOUNT_TOKEN", onepassword, note="1Password service account token")
prov("adafruit", "ADAFRUIT_IO_KEY", lambda: "aio_" + rand(ALNUM, 28), note="Adafruit IO key")
prov("firebase", "FCM_SERVER_KEY", lambda: "AAAA" + rand(B64URL, 7) + ":APA91b" + rand(B64URL, 134),
     special=[s_fcm_php], note="Firebase Cloud Messaging legacy server key")
prov("infracost", "INFRACOST_API_KEY", lambda: "ico-" + rand(ALNUM, 32), note="Infracost API key")
prov("launchdarkly", "LD_SDK_KEY", lambda: "sdk-" + uuid4(), special=[s_launchdarkly],
     note="LaunchDarkly server-side SDK key")
prov("launchdarkly", "LD_API_TOKEN", lambda: "api-" + uuid4(), host="app.launchdarkly.com",
     hdr="Authorization: {v}", path="api/v2/projects", note="LaunchDarkly API access token")
prov("nuget", "NUGET_API_KEY", lambda: "oy2" + rand(LALNUM, 43), special=[s_nuget], note="NuGet API key")
prov("octopus", "OCTOPUS_API_KEY", lambda: "API-" + rand(UALNUM, 26), host="octopus.initech.co",
     hdr="X-Octopus-ApiKey: {v}", path="api/projects", note="Octopus Deploy API key")
prov("openshift", "OPENSHIFT_TOKEN", lambda: "sha256~" + rand(B64URL, 43), special=[s_openshift],
     note="OpenShift OAuth access token")
prov("pinecone", "PINECONE_API_KEY", lambda: "pcsk_" + rand(ALNUM, 6) + "_" + rand(ALNUM, 63),
     host="api.pinecone.io", hdr="Api-Key: {v}", path="indexes", note="Pinecone API key")
prov("replicate", "REPLICATE_API_TOKEN", lambda: "r8_" + rand(ALNUM, 37), host="api.replicate.com",
     hdr=BEARER, path="v1/account", note="Replicate token")
prov("groq", "GROQ_API_KEY", lambda: "gsk_" + rand(ALNUM, 52), host="api.groq.com", hdr=BEARER,
     path="openai/v1/models", note="Groq API key")
prov("perplexity", "PERPLEXITY_API_KEY", lambda: "pplx-" + rand(ALNUM, 48), note="Perplexity API key")
prov("xai", "XAI_API_KEY", lambda: "xai-" + rand(ALNUM, 80), host="api.x.ai", hdr=BEARER,
     path="v1/models", note="xAI API key")
prov("twitter", "TWITTER_BEARER_TOKEN", twitter_bearer, host="api.twitter.com", hdr=BEARER,
     path="2/users/me", note="Twitter/X app bearer token")
prov("facebook", "FB_PAGE_TOKEN", lambda: "EAAG" + rand(ALNUM, 180), special=[s_facebook],
     note="Facebook page access token")
prov("salesforce", "SF_ACCESS_TOKEN", lambda: "00D" + rand(ALNUM, 12) + "!AQ" + rand(ALNUM + ".", 95),
     host="globex.my.salesforce.com", hdr=BEARER, path="services/data/v60.0/limits",
     note="Salesforce session/access token")
prov("tailscale", "TS_AUTHKEY", lambda: "tskey-auth-k" + rand(ALNUM, 8) + "CNTRL-" + rand(ALNUM, 33),
     special=[s_tailscale], note="Tailscale auth key")
prov("tailscale", "TAILSCALE_API_KEY", lambda: "tskey-api-k" + rand(ALNUM, 8) + "CNTRL-" + rand(ALNUM, 33),
     note="Tailscale API key")
prov("razorpay", "RAZORPAY_KEY_SECRET", lambda: ("rzp_live_" + rand(ALNUM, 14), rand(ALNUM, 24)),
     special=[s_pair_env("RAZORPAY_KEY_ID", "RAZORPAY_KEY_SECRET")], note="Razorpay key id + secret (line = secret)")
prov("braintree", "BRAINTREE_ACCESS_TOKEN",
     lambda: f"access_token$production${rand(LALNUM, 16)}${rand(HEX, 32)}", special=[s_braintree],
     note="Braintree production access token")
prov("paypal", "PAYPAL_CLIENT_SECRET", lambda: ("A" + rand(B64URL, 79), "E" + rand(B64URL, 79)),
     special=[s_pair_env("PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET")], note="PayPal REST client id + secret (line = secret)")
prov("plaid", "PLAID_SECRET", lambda: rand(HEX, 30), note="Plaid secret")
prov("algolia", "ALGOLIA_ADMIN_API_KEY", lambda: rand(HEX, 32), host="VX3KQ8T2LM-dsn.algolia.net",
     hdr="X-Algolia-API-Key: {v}", path="1/keys", note="Algolia admin API key")
prov("fastly", "FASTLY_API_TOKEN", lambda: rand(B64URL, 32), host="api.fastly.com", hdr="Fastly-Key: {v}",
     path="current_user", note="Fastly API token")
prov("jfrog", "JFROG_ACCESS_TOKEN", jfrog_ref, host="oscorp.jfrog.io", hdr=BEARER,
     path="artifactory/api/system/ping", note="JFrog reference token")
prov("snyk", "SNYK_TOKEN", uuid4, note="Snyk API token (UUID shape, credential by name)")
prov("cohere", "COHERE_API_KEY", lambda: rand(ALNUM, 40), note="Cohere API key")
prov("mistral", "MISTRAL_API_KEY", lambda: rand(ALNUM, 32), note="Mistral API key")
prov("zendesk", "ZENDESK_API_TOKEN", lambda: rand(ALNUM, 40), note="Zendesk API token")
prov("vercel", "VERCEL_TOKEN", lambda: rand(ALNUM, 24), note="Vercel access token")
prov("confluent", "CONFLUENT_API_SECRET", lambda: (rand(UALNUM, 16), rand(ALNUM + "+/", 64)),
     special=[s_confluent], note="Confluent Cloud API key + secret in a Kafka client config (line = secret)")
prov("clojars", "CLOJARS_DEPLOY_TOKEN", lambda: "CLOJARS_" + rand(HEX, 60), note="Clojars deploy token")
prov("prefect", "PREFECT_API_KEY", lambda: "pnu_" + rand(ALNUM, 36), note="Prefect Cloud API key")
prov("readme", "README_API_KEY", lambda: "rdme_" + rand(LALNUM, 70), note="ReadMe API key")
prov("scalingo", "SCALINGO_API_TOKEN", lambda: "tk-us-" + rand(B64URL, 48), note="Scalingo API token")
prov("frameio", "FRAMEIO_TOKEN", lambda: "fio-u-" + rand(B64URL, 64), note="Frame.io developer token")
prov("duffel", "DUFFEL_ACCESS_TOKEN", lambda: "duffel_live_" + rand(B64URL, 43), note="Duffel live token")
prov("gocardless", "GOCARDLESS_ACCESS_TOKEN", lambda: "live_" + rand(B64URL, 40), note="GoCardless live token")
prov("lob", "LOB_API_KEY", lambda: "live_" + rand(HEX, 35), note="Lob live key")
prov("sonarqube", "SONAR_TOKEN", lambda: "squ_" + rand(HEX, 40), note="SonarQube user token")
prov("harness", "HARNESS_API_KEY", lambda: "pat." + rand(B64URL, 22) + "." + rand(HEX, 24) + "." + rand(ALNUM, 20),
     host="app.harness.io", hdr="x-api-key: {v}", path="ng/api/user/currentUser", note="Harness PAT")
prov("posthog", "POSTHOG_PERSONAL_API_KEY", lambda: "phx_" + rand(ALNUM, 43), note="PostHog personal API key")
prov("resend", "RESEND_API_KEY", lambda: "re_" + rand(ALNUM, 8) + "_" + rand(ALNUM, 24),
     host="api.resend.com", hdr=BEARER, path="domains", note="Resend API key")
prov("cloudinary", "CLOUDINARY_URL", lambda: f"cloudinary://{digits(15)}:{rand(B64URL, 27)}@{pick(ORGS)}",
     special=[s_cloudinary], note="Cloudinary URL with API secret")
prov("auth0", "AUTH0_CLIENT_SECRET", lambda: rand(B64URL, 64), note="Auth0 application client secret")
prov("microsoft-teams", "TEAMS_WEBHOOK_URL", teams_webhook, special=[s_teams_gha], note="Teams incoming webhook")
prov("google-chat", "GCHAT_WEBHOOK_URL", gchat_webhook, special=[s_gchat], note="Google Chat webhook with key+token")
prov("ngrok", "NGROK_AUTHTOKEN", lambda: "2" + rand(ALNUM, 26) + "_" + rand(ALNUM, 21), special=[s_ngrok],
     note="ngrok authtoken")
prov("kaggle", "KAGGLE_KEY", lambda: rand(HEX, 32), special=[s_kaggle], note="Kaggle API key")
prov("wandb", "WANDB_API_KEY", lambda: rand(HEX, 40), special=[s_netrc("api.wandb.ai", "user")],
     note="Weights & Biases API key in .netrc")
prov("langsmith", "LANGSMITH_API_KEY", lambda: "lsv2_pt_" + rand(HEX, 32) + "_" + rand(HEX, 10),
     note="LangSmith personal token")
prov("elevenlabs", "ELEVENLABS_API_KEY", lambda: "sk_" + rand(HEX, 48), host="api.elevenlabs.io",
     hdr="xi-api-key: {v}", path="v1/user", note="ElevenLabs API key")
prov("sourcegraph", "SRC_ACCESS_TOKEN", lambda: "sgp_" + rand(HEX, 16) + "_" + rand(HEX, 40),
     note="Sourcegraph access token")
prov("spotify", "SPOTIFY_CLIENT_SECRET", lambda: rand(HEX, 32), note="Spotify client secret")
prov("hubspot", "HUBSPOT_ACCESS_TOKEN", lambda: "pat-na1-" + uuid4(), host="api.hubapi.com", hdr=BEARER,
     path="crm/v3/objects/contacts", note="HubSpot private app token")
prov("postmark", "POSTMARK_SERVER_TOKEN", uuid4, host="api.postmarkapp.com",
     hdr="X-Postmark-Server-Token: {v}", path="server", note="Postmark server token (UUID shape)")
prov("ably", "ABLY_API_KEY", lambda: f"{rand(ALNUM, 6)}.{rand(B64URL, 6)}:{rand(B64URL, 43)}",
     note="Ably API key")
prov("opsgenie", "OPSGENIE_API_KEY", uuid4, host="api.opsgenie.com", hdr="Authorization: GenieKey {v}",
     path="v2/alerts", note="Opsgenie API key (UUID shape)")
prov("rollbar", "ROLLBAR_ACCESS_TOKEN", lambda: rand(HEX, 32), note="Rollbar server access token")
prov("honeycomb", "HONEYCOMB_API_KEY", lambda: rand(ALNUM, 22), host="api.honeycomb.io",
     hdr="X-Honeycomb-Team: {v}", path="1/auth", note="Honeycomb API key")


# ----------------------------------------------------------------------------- shape / generic secrets

def build_passwords():
    P = "password"

    def add(slug, ext, tmpl, punct="!@#%^&*-_+=~.", note="", provider="generic", **kw):
        v = password(punct)
        kw.update(env())
        add_secret(slug, ext, D(tmpl, V=v, HOST=pick(HOSTS), **kw), v, P, provider, note)

    add("rails-database", "yml", """
        production:
          adapter: postgresql
          host: @HOST@
          database: @APP@_production
          username: @APP@
          password: "@V@"
          pool: 10
        """, note="Rails database.yml")
    add("django-databases", "py", """
        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "@APP@",
                "USER": "@APP@",
                "PASSWORD": "@V@",
                "HOST": "@HOST@",
            }
        }
        """, note="Django DATABASES")
    add("spring-datasource", "properties", """
        spring.datasource.url=jdbc:postgresql://@HOST@:5432/@APP@
        spring.datasource.username=@APP@
        spring.datasource.password=@V@
        spring.jpa.hibernate.ddl-auto=validate
        """, note="Spring datasource password")
    add("spring-mail-spaced", "properties", """
        spring.mail.host = smtp.@DOMAIN@
        spring.mail.port = 587
        spring.mail.username = noreply@@DOMAIN@
        spring.mail.password = @V@
        """, note="properties with spaces around =")
    add("spring-yaml-quoted", "yml", """
        spring:
          rabbitmq:
            host: mq.internal
            username: @APP@
            password: '@V@'
        """, punct="!@#%^&*-_+=~.", note="YAML single-quoted")
    add("mycnf", "cnf", """
        [client]
        user = backup
        password = @V@
        host = @HOST@
        """, punct="!@#^&*-_+=~.", note="MySQL option file")
    add("dotenv-db", "env", """
        DB_HOST=@HOST@
        DB_PORT=5432
        DB_USER=@APP@
        DB_PASSWORD=@V@
        """, punct=URLSAFE_PUNCT + "@%^+=", note=".env")
    add("compose-mysql", "docker-compose.yml", """
        services:
          db:
            image: mysql:8.3
            environment:
              MYSQL_DATABASE: @APP@
              MYSQL_ROOT_PASSWORD: "@V@"
            volumes:
              - dbdata:/var/lib/mysql
        volumes:
          dbdata: {}
        """, note="docker-compose MYSQL_ROOT_PASSWORD")
    add("toml-database", "toml", """
        [database]
        host = "@HOST@"
        user = "@APP@"
        password = "@V@"
        max_connections = 20
        """, note="TOML")
    add("maven-settings", "xml", """
        <settings>
          <servers>
            <server>
              <id>releases</id>
              <username>@USER@</username>
              <password>@V@</password>
            </server>
          </servers>
        </settings>
        """, punct=XML_PUNCT, note="XML element (Maven settings.xml)")
    add("tomcat-users", "xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
          <role rolename="manager-gui"/>
          <user username="tcadmin" password="@V@" roles="manager-gui"/>
        </tomcat-users>
        """, punct=XML_PUNCT, note="XML attribute")
    add("appsettings-sqlserver", "json", """
        {
          "ConnectionStrings": {
            "Default": "Server=sql01.corp.local;Database=@APP@;User Id=@APP@_app;Password=@V@;TrustServerCertificate=True"
          }
        }
        """, punct=CONN_PUNCT, note=".NET connection string")
    add("web-config", "config", """
        <configuration>
          <connectionStrings>
            <add name="Main" providerName="System.Data.SqlClient"
                 connectionString="Data Source=10.1.4.20;Initial Catalog=Shop;User ID=shop;Password=@V@" />
          </connectionStrings>
        </configuration>
        """, punct="!@#%^*-_+~.", note="web.config connection string")
    add("jdbc-query-password", "properties", """
        # reporting replica
        reporting.jdbc.url=jdbc:mysql://@HOST@:3306/reports?user=reporter&password=@V@&useSSL=true
        reporting.pool.size=4
        """, punct=URLSAFE_PUNCT, note="JDBC URL ?password=")
    add("wp-config", "php", """
        <?php
        define( 'DB_NAME', 'wordpress' );
        define( 'DB_USER', 'wp_@APP@' );
        define( 'DB_PASSWORD', '@V@' );
        define( 'DB_HOST', '@HOST@' );
        """, note="WordPress wp-config.php")
    add("laravel-database", "php", """
        <?php

        return [
            'connections' => [
                'mysql' => [
                    'host' => '@HOST@',
                    'username' => 'forge',
                    'password' => '@V@',
                ],
            ],
        ];
        """, note="PHP array")
    add("ruby-hash", "rb", """
        REDIS_OPTIONS = {
          host: "cache.internal",
          port: 6380,
          password: '@V@',
          ssl: true
        }.freeze
        """, note="Ruby hash")
    add("export-pgpassword", "sh", """
        #!/usr/bin/env bash
        export PGHOST=@HOST@
        export PGUSER=postgres
        export PGPASSWORD='@V@'
        pg_dump -Fc @APP@ > /backups/@APP@-$(date +%F).dump
        """, note="environment export")
    add("dockerfile-env", "Dockerfile", """
        FROM rabbitmq:3.13-management
        ENV RABBITMQ_DEFAULT_USER=@APP@
        ENV RABBITMQ_DEFAULT_PASS=@V@
        EXPOSE 5672 15672
        """, note="Dockerfile ENV")
    add("dockerfile-arg", "Dockerfile", """
        FROM maven:3.9-eclipse-temurin-21 AS build
        ARG NEXUS_USER=ci
        ARG NEXUS_PASSWORD=@V@
        COPY . /src
        RUN mvn -s /src/ci/settings.xml -Dnexus.password=$NEXUS_PASSWORD deploy
        """, note="Dockerfile ARG default")
    add("ansible-become", "yml", """
        ---
        ansible_user: @USER@
        ansible_become: true
        ansible_become_password: "@V@"
        """, note="Ansible group_vars")
    add("ansible-inventory", "ini", """
        [windows]
        win-build-01.corp.local

        [windows:vars]
        ansible_user=Administrator
        ansible_password=@V@
        ansible_connection=winrm
        """, note="Ansible INI inventory")
    add("tfvars-db", "tfvars", """
        db_name     = "@APP@"
        db_username = "@APP@_admin"
        db_password = "@V@"
        """, note="Terraform tfvars")
    add("terraform-rds", "tf", """
        resource "aws_db_instance" "main" {
          identifier        = "@APP@-prod"
          engine            = "postgres"
          instance_class    = "db.t4g.medium"
          username          = "dbadmin"
          password          = "@V@"
          allocated_storage = 50
        }
        """, note="Terraform resource argument")
    add("helm-auth", "values.yaml", """
        architecture: standalone
        auth:
          enabled: true
          rootPassword: @V@
        persistence:
          size: 8Gi
        """, punct="-_.~", note="Helm values, unquoted")
    add("k8s-stringdata", "yaml", """
        apiVersion: v1
        kind: Secret
        metadata:
          name: @APP@-db
        type: Opaque
        stringData:
          username: @APP@
          password: "@V@"
        """, note="Kubernetes Secret stringData (plain text)")
    add("kotlin-keystore", "kt", """
        package com.@ORG@.signing

        private const val KEYSTORE_PATH = "release.jks"
        private const val KEYSTORE_PASSWORD = "@V@"
        """, note="Kotlin constant")
    add("gradle-signing", "gradle", """
        android {
            signingConfigs {
                release {
                    storeFile file("release.jks")
                    storePassword "@V@"
                    keyAlias "upload"
                }
            }
        }
        """, note="Gradle signingConfigs")
    add("java-drivermanager", "java", """
        import java.sql.Connection;
        import java.sql.DriverManager;

        class Db {
            static Connection open() throws Exception {
                return DriverManager.getConnection("jdbc:postgresql://@HOST@/@APP@", "@APP@", "@V@");
            }
        }
        """, note="Java literal argument")
    add("go-mysql-dsn", "go", """
        package store

        import "database/sql"

        func Open() (*sql.DB, error) {
        \treturn sql.Open("mysql", "shop:@V@@tcp(mysql-01.dc2.lan:3306)/shop?parseTime=true")
        }
        """, punct="-_.~!*", note="Go MySQL DSN")
    add("psycopg2", "py", """
        import psycopg2

        conn = psycopg2.connect(
            host="@HOST@",
            dbname="@APP@",
            user="etl",
            password="@V@",
        )
        """, note="Python keyword argument")
    add("node-pg-pool", "js", """
        const { Pool } = require('pg');

        const pool = new Pool({
          host: '@HOST@',
          user: 'api',
          password: '@V@',
          database: '@APP@',
        });
        """, note="Node object literal")
    add("csharp-networkcredential", "cs", """
        using System.Net;

        var client = new WebClient();
        client.Credentials = new NetworkCredential("svc-sharepoint", "@V@");
        client.DownloadFile("https://intranet.corp.local/reports/q3.xlsx", "q3.xlsx");
        """, note="C# NetworkCredential")
    add("powershell-securestring", "ps1", """
        $user = 'CORP\\svc-deploy'
        $pass = ConvertTo-SecureString '@V@' -AsPlainText -Force
        $cred = New-Object System.Management.Automation.PSCredential($user, $pass)
        Invoke-Command -ComputerName app01 -Credential $cred -ScriptBlock { Restart-Service W3SVC }
        """, note="PowerShell plain-text SecureString")
    add("jenkins-sshpass", "Jenkinsfile", """
        node {
          stage('Deploy') {
            sh "sshpass -p '@V@' scp build/app.jar deploy@10.0.3.14:/opt/app/"
          }
        }
        """, note="sshpass -p in a Jenkinsfile")
    add("makefile-dbpass", "mk", """
        DB_USER := migrator
        DB_PASS := @V@

        migrate:
        \tflyway -user=$(DB_USER) -password=$(DB_PASS) migrate
        """, punct=MAKE_PUNCT.replace("&", ""), note="Makefile variable")
    add("redis-conf", "conf", """
        bind 0.0.0.0
        port 6379
        requirepass @V@
        maxmemory 512mb
        """, note="redis.conf requirepass")
    add("pgpass", "pgpass", """
        # hostname:port:database:username:password
        @HOST@:5432:*:replicator:@V@
        localhost:5432:*:postgres:*
        """, punct="!@#%^&*-_+=~.", note=".pgpass")
    add("sssd-ldap", "conf", """
        [domain/corp.local]
        id_provider = ldap
        ldap_uri = ldaps://ldap.corp.local
        ldap_default_bind_dn = cn=sssd,ou=services,dc=corp,dc=local
        ldap_default_authtok = @V@
        """, note="LDAP bind password")
    add("wpa-supplicant", "conf", """
        ctrl_interface=/run/wpa_supplicant
        network={
            ssid="@ORG@-office"
            psk="@V@"
        }
        """, note="Wi-Fi PSK")
    add("swift-password", "swift", """
        struct SMTPConfig {
            let host = "smtp.@DOMAIN@"
            let username = "alerts@@DOMAIN@"
            let password = "@V@"
        }
        """, note="Swift struct")
    add("rust-const", "rs", """
        pub const DB_USER: &str = "ingest";
        pub const DB_PASSWORD: &str = "@V@";
        pub const DB_HOST: &str = "@HOST@";
        """, note="Rust const")
    add("postman-environment", "postman_environment.json", """
        {
          "name": "production",
          "values": [
            { "key": "baseUrl", "value": "https://api.@DOMAIN@", "enabled": true },
            { "key": "password", "value": "@V@", "type": "secret", "enabled": true }
          ]
        }
        """, note="Postman environment")
    add("netrc-ftp", "netrc", """
        machine ftp.@DOMAIN@
        login uploads
        password @V@
        """, note=".netrc")
    add("smb-credentials", "credentials", """
        username=svc-backup
        password=@V@
        domain=CORP
        """, note="cifs credentials file")
    add("notebook-pymysql", "py", """
        # %% load data
        import pandas as pd
        import pymysql

        conn = pymysql.connect(host="@HOST@", user="analyst", password="@V@", db="sales")
        df = pd.read_sql("select * from orders limit 100", conn)
        """, note="notebook-style script")
    add("auth-debug", "log", """
        2024-06-18 03:12:55 WARN  [auth] login failed for user=admin from 10.9.1.4
        2024-06-18 03:12:56 DEBUG [auth] retrying with password=@V@
        2024-06-18 03:12:56 INFO  [auth] login ok for user=admin
        """, note="password leaked in a debug log")
    add("docker-login-p", "sh", """
        #!/bin/sh
        set -e
        docker login registry.@DOMAIN@ -u ci -p '@V@'
        docker push registry.@DOMAIN@/@APP@:latest
        """, note="docker login -p")
    add("android-keystore-properties", "properties", """
        storeFile=../keys/upload.jks
        keyAlias=upload
        storePassword=@V@
        """, note="Android keystore.properties")
    add("elixir-repo", "exs", """
        import Config

        config :shop, Shop.Repo,
          username: "shop",
          password: "@V@",
          hostname: "@HOST@",
          pool_size: 15
        """, note="Elixir Repo config")
    add("vagrantfile", "Vagrantfile", """
        Vagrant.configure("2") do |config|
          config.vm.box = "generic/ubuntu2204"
          config.ssh.username = "vagrant-admin"
          config.ssh.password = "@V@"
        end
        """, note="Vagrantfile")
    add("ini-smtp", "ini", """
        [smtp]
        host=smtp.@DOMAIN@
        port=465
        user=mailer@@DOMAIN@
        pass=@V@
        """, punct="!@#^&*-_+=~.", note="INI without spaces")
    add("yaml-unquoted", "yml", """
        ldap:
          url: ldaps://dc01.corp.local:636
          bind_dn: CN=svc-gitlab,OU=Service,DC=corp,DC=local
          bind_password: @V@
        """, punct="-_.~", note="YAML unquoted")
    add("gha-env-password", "yml", """
        name: e2e
        on: [push]
        jobs:
          e2e:
            runs-on: ubuntu-latest
            env:
              STAGING_ADMIN_PASSWORD: "@V@"
            steps:
              - uses: actions/checkout@v4
              - run: npx playwright test
        """, note="password in a workflow env")


def build_urls():
    def add(slug, ext, tmpl, scheme_note, provider="generic", **kw):
        v = password(URLSAFE_PUNCT, 12, 28)
        kw.update(env())
        text = D(tmpl, V=v, **kw)
        add_secret(slug, ext, text, v, "url-credentials", provider, scheme_note)

    add("postgres-url", "env", """
        RAILS_ENV=production
        DATABASE_URL=postgres://@APP@:@V@@pg-primary.prod.svc:5432/@APP@_production
        RAILS_MAX_THREADS=5
        """, "postgres:// URL")
    add("sqlalchemy-asyncpg", "py", """
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine(
            "postgresql+asyncpg://api:@V@@db.internal:5432/api",
            pool_size=10,
        )
        """, "postgresql+asyncpg:// URL")
    add("mysql-url", "yml", """
        database:
          url: mysql://wp:@V@@mysql-01.dc2.lan:3306/wordpress
          pool: 5
          timeout: 5000
        """, "mysql:// URL")
    add("mongodb-srv", "ts", """
        import { MongoClient } from "mongodb";

        const uri = "mongodb+srv://@APP@:@V@@cluster0.q8x7vzk.mongodb.net/?retryWrites=true&w=majority";
        export const client = new MongoClient(uri);
        """, "mongodb+srv:// URL")
    add("redis-url", "env", """
        CACHE_TTL=600
        REDIS_URL=redis://default:@V@@redis-17241.c1.eu-west-1.ec2.cloud.redislabs.com:17241
        SESSION_STORE=redis
        """, "redis:// URL")
    add("rediss-url", "json", """
        {
          "cache": {
            "url": "rediss://:@V@@cache-prod.abc1de.ng.0001.use1.cache.amazonaws.com:6379/0",
            "ttl": 300
          }
        }
        """, "rediss:// URL")
    add("amqp-url", "py", """
        import os

        CELERY_BROKER_URL = "amqp://@APP@:@V@@mq.internal:5672/prod"
        CELERY_RESULT_BACKEND = "rpc://"
        CELERY_TASK_ACKS_LATE = True
        """, "amqp:// URL")
    add("amqps-url", "toml", """
        [broker]
        url = "amqps://worker:@V@@b-3f2a.mq.us-east-1.amazonaws.com:5671"
        prefetch = 20
        """, "amqps:// URL")
    add("ftp-url", "sh", """
        #!/bin/sh
        # nightly export to the partner
        curl -T export.csv "ftp://partner_upload:@V@@ftp.partner-logistics.com/incoming/"
        """, "ftp:// URL")
    add("smtp-url", "env", """
        MAIL_FROM=noreply@@DOMAIN@
        EMAIL_URL=smtp+tls://noreply%40@DOMAIN@:@V@@smtp.office365.com:587
        MAIL_ADMINS=ops@@DOMAIN@
        """, "smtp+tls:// URL")
    add("ldap-url", "yml", """
        auth:
          provider: ldap
          ldap:
            url: "ldap://cn=reader,dc=corp,dc=local:@V@@ldap.corp.local:389"
            base: dc=corp,dc=local
        """, "ldap:// URL")
    add("https-git-remote", "gitconfig", """
        [core]
        \trepositoryformatversion = 0
        [remote "origin"]
        \turl = https://build:@V@@git.@DOMAIN@/platform/@APP@.git
        \tfetch = +refs/heads/*:refs/remotes/origin/*
        """, "https:// git remote with password")
    add("http-proxy", "sh", """
        #!/usr/bin/env bash
        export http_proxy="http://jdoe:@V@@proxy.corp.local:3128"
        export https_proxy="$http_proxy"
        export no_proxy="localhost,127.0.0.1,.corp.local"
        """, "http proxy URL")
    add("elasticsearch-url", "yml", """
        output.elasticsearch:
          hosts: ["https://elastic:@V@@es01.logging.internal:9200"]
          index: "filebeat-%{+yyyy.MM.dd}"
        setup.ilm.enabled: false
        """, "https:// URL (Elasticsearch)")
    add("nats-url", "go", """
        package bus

        import "github.com/nats-io/nats.go"

        func Connect() (*nats.Conn, error) {
        \treturn nats.Connect("nats://orders:@V@@nats.internal:4222")
        }
        """, "nats:// URL")
    add("mqtt-url", "json", """
        {
          "device": "gateway-07",
          "broker": "mqtts://gw07:@V@@mqtt.@DOMAIN@:8883",
          "topic": "plant/line2/telemetry"
        }
        """, "mqtts:// URL")
    add("sftp-url", "conf", """
        [remote "backup"]
        type = sftp
        url = sftp://backup:@V@@storage.hetzner-box.de:23/backups
        """, "sftp:// URL")
    add("pip-index-url", "pip.conf", """
        [global]
        index-url = https://ci:@V@@nexus.@DOMAIN@/repository/pypi-all/simple
        timeout = 60
        """, "private package index URL with password")


def build_http_auth():
    # curl -u user:pass
    for slug, ext, tmpl in [
        ("curl-u", "sh", """
            #!/usr/bin/env bash
            # trigger a reindex on the staging cluster
            curl -sS -u admin:@V@ -X POST "https://es.@DOMAIN@:9200/products/_refresh"
            """),
        ("curl-u-jenkins", "gitlab-ci.yml", """
            trigger-legacy:
              stage: deploy
              script:
                - curl -fsS -u "release-bot:@V@" -X POST "https://jenkins.@DOMAIN@/job/legacy-deploy/build"
            """),
    ]:
        v = password(URLSAFE_PUNCT, 12, 24)
        add_secret(slug, ext, D(tmpl, V=v, **env()), v, "http-auth", "generic", "curl -u user:password")

    # curl -H "Authorization: Bearer <opaque>"
    for slug, ext, tmpl in [
        ("curl-bearer-gha", "yml", """
            name: warm-cache
            on:
              schedule: [{ cron: "*/30 * * * *" }]
            jobs:
              warm:
                runs-on: ubuntu-latest
                steps:
                  - run: curl -fsS -H "Authorization: Bearer @V@" https://internal-api.@DOMAIN@/cache/warm
            """),
        ("curl-bearer-readme", "md", """
            ## Calling the admin API

            ```sh
            curl https://admin.@DOMAIN@/v2/tenants \\
              -H "Authorization: Bearer @V@"
            ```
            """),
    ]:
        v = rand(ALNUM, rng.choice([40, 48, 64]))
        add_secret(slug, ext, D(tmpl, V=v, **env()), v, "http-auth", "generic", "opaque bearer token in curl -H")

    # Basic auth with base64(user:pass)
    for slug, ext, tmpl in [
        ("basic-http-file", "http", """
            ### export orders
            GET https://erp.@DOMAIN@/api/orders?since=2024-01-01
            Authorization: Basic @V@
            Accept: application/json
            """),
        ("basic-nginx", "conf", """
            location /upstream/ {
                proxy_pass https://legacy.partner.net/;
                proxy_set_header Authorization "Basic @V@";
                proxy_set_header Host legacy.partner.net;
            }
            """),
        ("basic-python", "py", """
            import requests

            HEADERS = {"Authorization": "Basic @V@", "Accept": "application/json"}
            r = requests.get("https://jira.@DOMAIN@/rest/api/2/myself", headers=HEADERS)
            print(r.json())
            """),
        ("basic-log", "log", """
            10.0.7.12 - - [02/Feb/2024:11:04:51 +0000] "GET /metrics HTTP/1.1" 200 1893
            request headers: Host=prom.@DOMAIN@ Authorization="Basic @V@" User-Agent=Prometheus/2.49.1
            10.0.7.12 - - [02/Feb/2024:11:05:06 +0000] "GET /metrics HTTP/1.1" 200 1901
            """),
    ]:
        user = pick(["admin", "svc-export", "prometheus", "jira-bot"])
        v = b64(f"{user}:{password(URLSAFE_PUNCT + '@#%', 12, 24)}".encode())
        add_secret(slug, ext, D(tmpl, V=v, **env()), v, "basic-auth", "generic", "base64(user:password) in a Basic header")


def build_private_keys():
    def add(slug, ext, lines, needle, note, provider="generic"):
        text = L(*lines)
        runs = re.findall(r"[A-Za-z0-9+/=]{40,}", text)
        body = runs[1] if len(runs) > 1 else runs[0]      # the fixed OpenSSH header is on the first line
        add_secret(slug, ext, text, needle, "private-key", provider, note, body)

    k = pem_rsa()
    add("id-rsa", "pem", k, k[0], "RSA (PKCS#1) private key file")
    k = pem_ec()
    add("ec-key", "pem", k, k[0], "EC P-256 (SEC1) private key file")
    k = pem_openssh("deploy@ci")
    add("id-ed25519", "key", k, k[0], "OpenSSH ed25519 private key", "openssh")
    k = pem_pkcs8_ec()
    add("apns-authkey", "p8", k, k[0], "Apple-style .p8 PKCS#8 EC key", "apple")
    k = pem_ec()
    add("ansible-tls-key", "yml", ["---", "nginx_tls_cert_path: /etc/nginx/tls/site.crt",
                                   "nginx_tls_key: |"] + ["  " + x for x in k], k[0],
        "PEM in a YAML block scalar")
    k = pem_openssh("github-actions")
    add("gha-ssh-key", "yml", ["jobs:", "  sync:", "    runs-on: ubuntu-latest", "    env:",
                               "      DEPLOY_KEY: |"] + ["        " + x for x in k] +
        ["    steps:", "      - run: ./sync.sh"], k[0], "OpenSSH key inline in a workflow", "openssh")
    k = pem_rsa()
    one = "\\n".join(k) + "\\n"
    add("github-app-json", "json", ["{", '  "app_id": ' + digits(6) + ",",
                                    '  "webhook_url": "https://hooks.' + pick(DOMAINS) + '/github",',
                                    '  "private_key": "' + one + '"', "}"], '"private_key": "-----BEGIN RSA PRIVATE KEY-----',
        "one-line JSON with \\n escapes", "github")
    k = pem_ec()
    one = "\\n".join(k)
    add("dotenv-escaped-pem", "env", ["JWT_ISSUER=https://auth." + pick(DOMAINS),
                                      'JWT_PRIVATE_KEY="' + one + '"', "JWT_TTL=900"],
        'JWT_PRIVATE_KEY="-----BEGIN EC PRIVATE KEY-----', "escaped PEM in .env")
    k = pem_pkcs8_ec()
    add("tf-heredoc-key", "tf", ['resource "tls_locally_signed_cert" "svc" {',
                                 '  cert_request_pem   = file("svc.csr")',
                                 "  ca_private_key_pem = <<-EOT"] + ["    " + x for x in k] +
        ["  EOT", '  ca_cert_pem        = file("ca.crt")', "}"], k[0], "PEM in a Terraform heredoc")
    k = pem_ec()
    one = "\\n".join(k) + "\\n"
    add("python-string-key", "py", ["import jwt", "",
                                    'SIGNING_KEY = "' + one + '"', "",
                                    "def sign(claims):",
                                    '    return jwt.encode(claims, SIGNING_KEY, algorithm="ES256")'],
        'SIGNING_KEY = "-----BEGIN EC PRIVATE KEY-----', "PEM in a Python string with \\n escapes")


def build_jwts():
    def claims_user():
        return {"sub": uuid4(), "email": f"{pick(['ana', 'raj', 'li', 'ola', 'sam'])}@{pick(DOMAINS)}",
                "role": pick(["admin", "editor", "owner"]), "iat": (t := epoch()), "exp": t + 86400 * 30}

    def add(slug, ext, tmpl, token, note, provider="generic", **kw):
        kw.update(env())
        add_secret(slug, ext, D(tmpl, V=token, **kw), token, "jwt", provider, note)

    add("http-bearer-jwt", "http", """
        ### update tenant
        PATCH https://api.@DOMAIN@/v1/tenants/42
        Authorization: Bearer @V@
        Content-Type: application/json

        {"plan": "enterprise"}
        """, jwt(claims_user()), "HS256 user JWT in a request file")
    add("log-jwt", "log", """
        2024-04-09T17:22:10Z INFO  request_id=7f1c method=GET path=/v1/billing/invoices
        2024-04-09T17:22:10Z DEBUG auth header accepted token=@V@
        2024-04-09T17:22:10Z INFO  request_id=7f1c status=200 duration_ms=41
        """, jwt(claims_user(), "RS256", kid=rand(B64URL, 16)), "RS256 JWT logged")
    t = epoch()
    ref = rand(LOWER, 20)
    add("supabase-service-role", "env", """
        NEXT_PUBLIC_SUPABASE_URL=https://@REF@.supabase.co
        SUPABASE_SERVICE_ROLE_KEY=@V@
        SUPABASE_STORAGE_BUCKET=avatars
        """,
        jwt({"iss": "supabase", "ref": ref, "role": "service_role", "iat": t, "exp": t + 315360000}),
        "Supabase service_role JWT", "supabase", REF=ref)
    t = epoch()
    add("kubeconfig-sa-token", "kubeconfig", """
        apiVersion: v1
        kind: Config
        clusters:
          - name: prod
            cluster:
              server: https://k8s.@DOMAIN@:6443
        users:
          - name: ci
            user:
              token: @V@
        """,
        jwt({"iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": "ci",
             "kubernetes.io/serviceaccount/service-account.name": "deployer",
             "sub": "system:serviceaccount:ci:deployer"}, "RS256", kid=rand(B64URL, 43)),
        "Kubernetes service-account JWT in a kubeconfig", "kubernetes")
    add("curl-jwt", "sh", """
        #!/usr/bin/env bash
        TOKEN="@V@"
        curl -sS -H "Authorization: Bearer $TOKEN" https://api.@DOMAIN@/v1/exports | jq '.items | length'
        """, jwt(claims_user(), "HS512"), "HS512 JWT in a shell variable")
    add("postman-env-jwt", "json", """
        {
          "name": "prod",
          "values": [
            { "key": "access_token", "value": "@V@", "enabled": true }
          ]
        }
        """, jwt(claims_user(), "RS256", kid=uuid4()), "JWT in a Postman environment")
    t = epoch()
    add("js-config-jwt", "js", """
        export default {
          apiBase: "https://api.@DOMAIN@",
          serviceToken: "@V@",
        };
        """, jwt({"iss": "https://auth." + pick(DOMAINS), "sub": "svc:" + pick(APPS), "scope": "read:all write:all",
                  "iat": t, "exp": t + 31536000}, "ES256"), "long-lived service JWT in a JS config")
    add("yaml-jwt", "yml", """
        grafana:
          datasource:
            url: https://metrics.@DOMAIN@
            bearer_token: @V@
        """, jwt(claims_user(), "HS256"), "JWT in YAML")


def build_k8s_data():
    def add(slug, key, plain, note, typ="Opaque"):
        v = b64(plain.encode())
        e = env()
        text = D("""
            apiVersion: v1
            kind: Secret
            metadata:
              name: @APP@-@KEYN@
              namespace: production
            type: @TYP@
            data:
              @KEY@: @V@
            """, APP=e["APP"], KEYN=key.replace(".", "-").replace("_", "-").lower(), TYP=typ, KEY=key, V=v)
        add_secret(slug, "yaml", text, v, "k8s-secret-data", "kubernetes", note)

    add("k8s-data-password", "password", password(), "base64 of a random password")
    add("k8s-data-api-token", "api-token", rand(ALNUM, 48), "base64 of an opaque API token")
    add("k8s-data-db-url", "DATABASE_URL",
        f"postgres://app:{password(URLSAFE_PUNCT)}@pg.internal:5432/app", "base64 of a database URL with password")
    add("k8s-data-client-secret", "client_secret", rand(B64URL, 40), "base64 of an OAuth client secret")
    auths = json.dumps({"auths": {"registry.gitlab.com": {"auth": b64(f"deployer:{password(URLSAFE_PUNCT)}".encode())}}})
    add("k8s-dockerconfigjson", ".dockerconfigjson", auths, "base64 of a docker config with auth",
        "kubernetes.io/dockerconfigjson")
    add("k8s-data-smtp", "smtp-password", password(), "base64 of an SMTP password")


def build_generic_keys():
    def add(slug, ext, tmpl, v, note, provider="generic"):
        add_secret(slug, ext, D(tmpl, V=v, **env()), v, "generic-secret", provider, note)

    add("django-secret-key", "py", """
        from pathlib import Path

        BASE_DIR = Path(__file__).resolve().parent.parent
        SECRET_KEY = '@V@'
        DEBUG = False
        """, rand(LALNUM + "!@#%^&*(-_=+)", 50), "Django SECRET_KEY", "django")
    add("rails-secret-key-base", "yml", """
        # config/secrets.yml
        production:
          secret_key_base: @V@
        """, rand(HEX, 128), "Rails secret_key_base", "rails")
    add("laravel-app-key", "env", """
        APP_NAME=@APP@
        APP_ENV=production
        APP_KEY=base64:@V@
        APP_DEBUG=false
        """, rb64(32), "Laravel APP_KEY", "laravel")
    add("flask-secret", "py", """
        from flask import Flask

        app = Flask(__name__)
        app.config["SECRET_KEY"] = "@V@"
        app.config["SESSION_COOKIE_SECURE"] = True
        """, rand(HEX, 48), "Flask SECRET_KEY", "flask")
    add("jwt-secret-env", "env", """
        JWT_ALGORITHM=HS256
        JWT_SECRET=@V@
        JWT_EXPIRES_IN=1h
        """, rand(B64URL, 64), "JWT HMAC signing secret")
    add("nextauth-secret", "env.production", """
        NEXTAUTH_URL=https://app.@DOMAIN@
        NEXTAUTH_SECRET=@V@
        NEXT_TELEMETRY_DISABLED=1
        """, rb64(32), "NextAuth secret", "nextauth")
    add("webhook-signing-secret", "yml", """
        webhooks:
          endpoint: https://hooks.@DOMAIN@/inbound
          signing_secret: "@V@"
          tolerance_seconds: 300
        """, rand(ALNUM, 40), "webhook HMAC secret")
    add("internal-api-token", "ts", """
        export const internalClient = axios.create({
          baseURL: "https://internal.@DOMAIN@",
          headers: { "X-Internal-Token": "@V@" },
        });
        """, rand(HEX, 40), "service-to-service token header")
    add("encryption-key", "yml", """
        encryption:
          algorithm: aes-256-gcm
          key: "@V@"
          rotate_days: 90
        """, rand(HEX, 64), "AES-256 key in hex")
    add("express-session", "js", """
        const session = require("express-session");

        app.use(session({
          secret: "@V@",
          resave: false,
          saveUninitialized: false,
        }));
        """, rand(ALNUM + "!#%&*+-", 36), "express-session secret")
    add("symfony-app-secret", "env", """
        APP_ENV=prod
        APP_SECRET=@V@
        MESSENGER_TRANSPORT_DSN=doctrine://default
        """, rand(HEX, 32), "Symfony APP_SECRET", "symfony")
    add("phoenix-secret-key-base", "exs", """
        import Config

        config :shop, ShopWeb.Endpoint,
          url: [host: "shop.@DOMAIN@", port: 443],
          secret_key_base: "@V@"
        """, rand(ALNUM + "+/", 64), "Phoenix secret_key_base", "phoenix")
    add("api-key-header-go", "go", """
        package partner

        import "net/http"

        func sign(req *http.Request) {
        \treq.Header.Set("X-API-Key", "@V@")
        }
        """, rand(ALNUM, 32), "partner API key set on a request")


# ----------------------------------------------------------------------------- look-alike helpers

def LK(slug, ext, tmpl, needle, category, note, **kw):
    for k, v in env().items():
        kw.setdefault(k, v)
    text = D(tmpl, **kw) if kw else D(tmpl)
    add_look(slug, ext, text, needle, category, note)


def fake_cert_der():
    return seq(seq(der(0xA0, der_small(2)), der_uint(rbytes(16)), rbytes(330)), rbytes(60))


def cert_lines():
    return pem("CERTIFICATE", fake_cert_der)


def ec_pub_der():
    return seq(seq(OID_EC, OID_P256), der(0x03, b"\x00\x04" + rbytes(64)))


def rsa_pub_der():
    return seq(seq(OID_RSA, NULL), der(0x03, b"\x00" + seq(der_uint(odd_top(256)), der_small(65537))))


def pgp_block(label, first):
    data = retry(lambda: first + rbytes(180), lambda b: clean(b64(b)))
    return ([f"-----BEGIN PGP {label}-----", ""] + wrap(b64(data), 64) +
            ["=" + b64(crc24(data).to_bytes(3, "big")), f"-----END PGP {label}-----"])


def sops_enc(n):
    return f"ENC[AES256_GCM,data:{rb64(n)},iv:{rb64(32)},tag:{rb64(16)},type:str]"


def ulid():
    return rand(CROCKFORD[:8], 1) + rand(CROCKFORD, 25)


def nix32(n=52):
    return rand("0123456789abcdfghijklmnpqrsvwxyz", n)


def base58(n):
    return rand("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", n)


def tiny_png():
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    raw = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(12)) for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# ----------------------------------------------------------------------------- look-alikes

def build_placeholders():
    C = "placeholder"
    LK("stripe-sendgrid", "env", """
        # copy to .env and fill in real values
        STRIPE_SECRET_KEY=<STRIPE_SECRET_KEY>
        SENDGRID_API_KEY=<SENDGRID_API_KEY>
        APP_URL=http://localhost:3000
        """, "<STRIPE_SECRET_KEY>", C, "angle-bracket placeholders in an env template")
    LK("weather-config", "yaml", """
        weather:
          provider: openweathermap
          api_key: REPLACE_WITH_YOUR_KEY
          units: metric
        """, "REPLACE_WITH_YOUR_KEY", C, "REPLACE_WITH_YOUR_KEY")
    LK("django-local-settings", "py", """
        # settings/local.py
        DEBUG = True
        SECRET_KEY = "TODO"  # real key comes from the deployment environment
        ALLOWED_HOSTS = ["*"]
        """, 'SECRET_KEY = "TODO"', C, "TODO placeholder")
    LK("grafana-datasource", "json", """
        {
          "name": "prod-postgres",
          "type": "postgres",
          "url": "pg.internal:5432",
          "user": "grafana",
          "secureJsonData": { "password": "********" }
        }
        """, '"password": "********"', C, "masked value in an exported datasource")
    LK("truststore", "properties", """
        javax.net.ssl.trustStore=/usr/lib/jvm/java-21/lib/security/cacerts
        javax.net.ssl.trustStorePassword=changeit
        javax.net.ssl.trustStoreType=PKCS12
        """, "changeit", C, "Java default truststore password")
    LK("openai-readme", "md", """
        ## Configuration

        Set your key before running the examples:

            export OPENAI_API_KEY="sk-..."
        """, 'OPENAI_API_KEY="sk-..."', C, "elided key in docs")
    LK("appsettings-maps", "json", """
        {
          "Maps": {
            "ApiKey": "<your-api-key>",
            "Region": "westeurope"
          }
        }
        """, "<your-api-key>", C, "angle placeholder in appsettings")
    LK("rds", "tfvars", """
        # terraform.tfvars.example
        db_username = "app"
        db_password = "CHANGE_ME"
        """, "CHANGE_ME", C, "CHANGE_ME placeholder")
    LK("kotlin-api-config", "kt", """
        object ApiConfig {
            // Get a key at https://console.developer.provider.com
            const val API_KEY = "YOUR_API_KEY_HERE"
        }
        """, "YOUR_API_KEY_HERE", C, "YOUR_API_KEY_HERE")
    LK("go-demo-main", "go", """
        package main

        func main() {
        \tapiKey := "INSERT_KEY_HERE" // replace before running the demo
        \trun(apiKey)
        }
        """, "INSERT_KEY_HERE", C, "INSERT_KEY_HERE")
    LK("maven-ossrh", "xml", """
        <settings>
          <servers>
            <server>
              <id>ossrh</id>
              <username></username>
              <password></password>
            </server>
          </servers>
        </settings>
        """, "<password></password>", C, "empty XML password element in a template")
    LK("smtp-settings", "yml", """
        smtp:
          host: smtp.@DOMAIN@
          username: ~
          password: ~
          token: null
        """, "password: ~", C, "null values")
    LK("telegram-notifier", "yml", """
        notifier:
          telegram:
            chat_id: -100
            token: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
        """, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", C, "run of x characters")
    LK("oauth-client", "ini", """
        [oauth]
        client_id = my-client
        client_secret = your-secret-here
        redirect_uri = http://localhost:8080/callback
        """, "your-secret-here", C, "your-secret-here")
    LK("me-endpoint", "http", """
        ### Get current user (replace <token> with your personal token)
        GET https://api.@DOMAIN@/v1/me
        Authorization: Bearer <token>
        """, "Bearer <token>", C, "angle placeholder in a request file")
    LK("ci-trigger-curl", "md", """
        Trigger a build:

        ```sh
        curl -u admin:<password> -X POST https://ci.@DOMAIN@/job/nightly/build
        ```
        """, "admin:<password>", C, "curl -u with a placeholder")
    LK("database-url", "md", """
        ### Database

        `DATABASE_URL` has the form `postgres://user:<password>@localhost:5432/app`.
        Never commit the real value.
        """, "postgres://user:<password>@localhost:5432/app", C, "URL with a placeholder password")
    LK("mongo-atlas", "js", """
        // Atlas connection string template from the "Connect" dialog
        const uri = "mongodb+srv://<username>:<password>@cluster0.mongodb.net/?retryWrites=true";
        module.exports = { uri };
        """, "<username>:<password>", C, "Atlas template")
    LK("slack-webhook", "env", """
        # Slack incoming webhook, ask #platform for one
        SLACK_WEBHOOK_URL=https://hooks.slack.com/services/XXX/YYY/ZZZ
        SLACK_CHANNEL=#deploys
        """, "https://hooks.slack.com/services/XXX/YYY/ZZZ", C, "webhook with XXX/YYY/ZZZ")
    LK("php-db", "php", """
        <?php
        return [
            'host' => '127.0.0.1',
            'username' => 'root',
            'password' => '',
        ];
        """, "'password' => ''", C, "empty string password")
    LK("pypi-upload", "pypirc", """
        [pypi]
        username = __token__
        password = <paste your PyPI API token here>
        """, "<paste your PyPI API token here>", C, "pypirc template")
    LK("powershell-env", "ps1", """
        # Fill in and dot-source this file: . .\\env.ps1
        $env:API_KEY = '<paste key here>'
        $env:API_REGION = 'eu'
        """, "<paste key here>", C, "PowerShell placeholder")
    LK("swift-config", "swift", """
        enum Config {
            // TODO: move to the keychain before release
            static let apiKey = "YOUR-API-KEY"
        }
        """, "YOUR-API-KEY", C, "Swift placeholder")
    LK("geocoder", "json", """
        {
          "service": "geocoder",
          "apiKey": "...",
          "timeoutMs": 3000
        }
        """, '"apiKey": "..."', C, "elided with three dots")
    LK("database", "toml", """
        [database]
        url = "postgres://localhost/app"
        password = ""  # written by the provisioning job at deploy time
        """, 'password = ""', C, "empty string with comment")
    LK("maven-filtering", "properties", """
        mail.host=smtp.@DOMAIN@
        mail.user=@mail.user@
        mail.password=@mail.password@
        """, "@mail.password@", C, "Maven resource-filtering token")
    LK("mustache-client-secret", "yaml.tmpl", """
        oauth:
          client_id: "{{CLIENT_ID}}"
          client_secret: "{{CLIENT_SECRET}}"
        """, "{{CLIENT_SECRET}}", C, "mustache placeholder")
    LK("jwt-key-setup", "md", """
        Paste the key you downloaded into `config/jwt.pem`:

        ```
        -----BEGIN RSA PRIVATE KEY-----
        <contents of your private key>
        -----END RSA PRIVATE KEY-----
        ```
        """, "<contents of your private key>", C, "PEM armour around a placeholder (no key material)")


def build_env_refs():
    C = "env-reference"
    LK("gha-secrets-with", "yml", """
        name: publish
        on: { release: { types: [published] } }
        jobs:
          npm:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/setup-node@v4
                with: { registry-url: "https://registry.npmjs.org" }
              - run: npm publish --provenance
                env:
                  NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
        """, "${{ secrets.NPM_TOKEN }}", C, "GitHub Actions secret reference")
    LK("gha-aws-secrets", "yml", """
        jobs:
          deploy:
            runs-on: ubuntu-latest
            env:
              AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}
              AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
            steps:
              - run: aws s3 sync dist/ s3://@APP@-site
        """, "${{ secrets.AWS_SECRET_ACCESS_KEY }}", C, "GitHub Actions secret reference")
    LK("gitlab-ci-job-token", "gitlab-ci.yml", """
        build:
          image: docker:26
          script:
            - echo "$CI_JOB_TOKEN" | docker login -u gitlab-ci-token --password-stdin $CI_REGISTRY
            - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA .
        """, "$CI_JOB_TOKEN", C, "GitLab predefined variable")
    LK("batch-percent-var", "bat", """
        @echo off
        set PGUSER=reporting
        set PGPASSWORD=%DB_PASSWORD%
        psql -h db.internal -c "select 1"
        """, "%DB_PASSWORD%", C, "%ENV_VAR% in a batch file")
    LK("shell-run-secrets", "sh", """
        #!/bin/sh
        set -e
        export DB_PASSWORD="$(cat /run/secrets/db_password)"
        exec gunicorn app:app
        """, "$(cat /run/secrets/db_password)", C, "Docker secret file")
    LK("compose-password-file", "docker-compose.yml", """
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD_FILE: /run/secrets/db_password
            secrets: [db_password]
        secrets:
          db_password:
            file: ./secrets/db_password.txt
        """, "/run/secrets/db_password", C, "*_FILE convention")
    LK("django-environ", "py", """
        import environ

        env = environ.Env()
        SECRET_KEY = env("SECRET_KEY")
        DATABASES = {"default": env.db("DATABASE_URL")}
        """, 'env("SECRET_KEY")', C, "django-environ")
    LK("go-getenv", "go", """
        package billing

        import "os"

        var stripeKey = os.Getenv("STRIPE_SECRET_KEY")
        """, 'os.Getenv("STRIPE_SECRET_KEY")', C, "os.Getenv")
    LK("java-getenv", "java", """
        public final class DbConfig {
            static final String URL = "jdbc:postgresql://db.internal/app";
            static final String PASSWORD = System.getenv("DB_PASSWORD");
        }
        """, 'System.getenv("DB_PASSWORD")', C, "System.getenv")
    LK("ruby-env-fetch", "rb", """
        Octokit.configure do |c|
          c.access_token = ENV.fetch("GITHUB_TOKEN")
          c.auto_paginate = true
        end
        """, 'ENV.fetch("GITHUB_TOKEN")', C, "ENV.fetch")
    LK("rust-env-var", "rs", """
        fn client() -> anyhow::Result<Client> {
            let token = std::env::var("API_TOKEN")?;
            Ok(Client::new(token))
        }
        """, 'std::env::var("API_TOKEN")', C, "std::env::var")
    LK("node-process-env", "ts", """
        import OpenAI from "openai";

        export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
        """, "process.env.OPENAI_API_KEY", C, "process.env")
    LK("csharp-getenv", "cs", """
        var builder = new SqlConnectionStringBuilder
        {
            DataSource = "sql01",
            Password = Environment.GetEnvironmentVariable("SQL_PASSWORD"),
        };
        """, 'Environment.GetEnvironmentVariable("SQL_PASSWORD")', C, "GetEnvironmentVariable")
    LK("spring-datasource-env", "properties", """
        spring.datasource.url=jdbc:postgresql://${DB_HOST:localhost}:5432/app
        spring.datasource.username=${DB_USER}
        spring.datasource.password=${DB_PASSWORD}
        """, "${DB_PASSWORD}", C, "Spring property placeholder")
    LK("dotenv-interpolation", "env", """
        DB_USER=app
        DB_HOST=localhost
        DATABASE_URL=postgres://${DB_USER}:${DB_PASSWORD}@${DB_HOST}:5432/app
        """, "${DB_USER}:${DB_PASSWORD}@", C, "dotenv interpolation")
    LK("makefile-token-default", "mk", """
        GITHUB_TOKEN ?= $(shell gh auth token)
        REGISTRY_PASSWORD ?= $(REGISTRY_TOKEN)

        login:
        \t@echo "$(REGISTRY_PASSWORD)" | docker login ghcr.io -u ci --password-stdin
        """, "$(REGISTRY_TOKEN)", C, "Makefile variable reference")
    LK("python-environ", "py", """
        import os

        import boto3

        session = boto3.Session(
            aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
        )
        """, 'os.environ["AWS_SECRET_ACCESS_KEY"]', C, "os.environ")
    LK("php-getenv", "php", """
        <?php
        $mail = new PHPMailer(true);
        $mail->Username = getenv('MAIL_USERNAME');
        $mail->Password = getenv('MAIL_PASSWORD');
        """, "getenv('MAIL_PASSWORD')", C, "getenv")
    LK("terraform-var-ref", "tf", """
        variable "db_password" {
          type      = string
          sensitive = true
        }

        resource "aws_db_instance" "main" {
          engine   = "postgres"
          username = "dbadmin"
          password = var.db_password
        }
        """, "password = var.db_password", C, "Terraform variable reference")
    LK("systemd-loadcredential", "service", """
        [Service]
        ExecStart=/usr/bin/@APP@
        LoadCredential=db-password:/etc/credstore/db-password
        Environment=DB_PASSWORD_FILE=%d/db-password
        """, "LoadCredential=db-password:/etc/credstore/db-password", C, "systemd credentials")
    LK("jenkins-credentials", "Jenkinsfile", """
        pipeline {
          agent any
          environment {
            SONAR_TOKEN = credentials('sonar-token')
          }
          stages {
            stage('Scan') { steps { sh 'sonar-scanner' } }
          }
        }
        """, "credentials('sonar-token')", C, "Jenkins credentials() binding")
    LK("npmrc-env", "npmrc", """
        @@ORG@:registry=https://npm.pkg.github.com
        //npm.pkg.github.com/:_authToken=${NODE_AUTH_TOKEN}
        always-auth=true
        """, "${NODE_AUTH_TOKEN}", C, ".npmrc env expansion")
    LK("kotlin-getenv", "kts", """
        signing {
            val signingKey: String? = System.getenv("SIGNING_KEY")
            val signingPassword: String? = System.getenv("SIGNING_PASSWORD")
            useInMemoryPgpKeys(signingKey, signingPassword)
        }
        """, 'System.getenv("SIGNING_PASSWORD")', C, "Gradle Kotlin DSL getenv")
    LK("azure-devops-macro", "azure-pipelines.yml", """
        steps:
          - task: Docker@2
            inputs:
              command: login
              containerRegistry: acr-prod
          - script: echo $(ACR_PASSWORD) | docker login acr.azurecr.io -u ci --password-stdin
        """, "$(ACR_PASSWORD)", C, "Azure Pipelines macro")
    LK("buildkit-secret-mount", "Dockerfile", """
        # syntax=docker/dockerfile:1.7
        FROM node:20
        WORKDIR /app
        COPY package*.json ./
        RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
        """, "--mount=type=secret,id=npmrc", C, "BuildKit secret mount")


def build_template_refs():
    C = "template-reference"
    LK("helm-secret-manifest", "yaml", """
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{ include "app.fullname" . }}
        type: Opaque
        data:
          db-password: {{ .Values.db.password | b64enc | quote }}
        """, "{{ .Values.db.password | b64enc | quote }}", C, "Helm template expression")
    LK("consul-db-creds", "ctmpl", """
        [database]
        {{ with secret "database/creds/app" }}
        user = "{{ .Data.username }}"
        password = "{{ .Data.password }}"
        {{ end }}
        """, '{{ .Data.password }}', C, "consul-template secret")
    LK("gomplate-vault", "yaml.gotmpl", """
        postgres:
          host: db.internal
          password: '{{ vault "secret/data/app/db" "password" }}'
        """, '{{ vault "secret/data/app/db" "password" }}', C, "vault template function")
    LK("ansible-vault-var", "yml", """
        ---
        postgresql_users:
          - name: app
            password: "{{ vault_app_db_password }}"
            encrypted: true
        """, "{{ vault_app_db_password }}", C, "Ansible variable indirection")
    LK("ansible-lookup-env", "yml", """
        - name: configure the backup client
          ansible.builtin.template:
            src: restic.env.j2
            dest: /etc/restic.env
          vars:
            restic_password: "{{ lookup('ansible.builtin.env', 'RESTIC_PASSWORD') }}"
        """, "lookup('ansible.builtin.env', 'RESTIC_PASSWORD')", C, "Ansible env lookup")
    LK("ansible-hashi-vault", "yml", """
        - hosts: web
          vars:
            api_token: "{{ lookup('community.hashi_vault.hashi_vault', 'secret=kv/data/web:token') }}"
          roles: [web]
        """, "community.hashi_vault.hashi_vault", C, "Vault lookup plugin")
    LK("azure-keyvault-reference", "json", """
        {
          "name": "Stripe__SecretKey",
          "value": "@Microsoft.KeyVault(SecretUri=https://kv-@APP@-prod.vault.azure.net/secrets/stripe-secret/)",
          "slotSetting": false
        }
        """, "@Microsoft.KeyVault(SecretUri=", C, "App Service Key Vault reference")
    LK("ecs-valuefrom", "json", """
        {
          "name": "api",
          "secrets": [
            { "name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:eu-west-1:@ACCT@:parameter/prod/api/db_password" }
          ]
        }
        """, "arn:aws:ssm:eu-west-1:", C, "ECS secrets valueFrom", ACCT=digits(12))
    LK("k8s-secretkeyref", "yaml", """
        env:
          - name: DB_PASSWORD
            valueFrom:
              secretKeyRef:
                name: @APP@-db
                key: password
        """, "secretKeyRef", C, "Kubernetes secretKeyRef")
    LK("external-secret", "yaml", """
        apiVersion: external-secrets.io/v1beta1
        kind: ExternalSecret
        metadata:
          name: stripe
        spec:
          secretStoreRef: { name: aws-sm, kind: ClusterSecretStore }
          data:
            - secretKey: api-key
              remoteRef: { key: prod/stripe, property: secret_key }
        """, "remoteRef: { key: prod/stripe, property: secret_key }", C, "External Secrets reference")
    LK("onepassword-ref", "env.tpl", """
        # resolved by `op inject -i .env.tpl -o .env`
        STRIPE_SECRET_KEY=op://Production/Stripe/secret_key
        DATABASE_PASSWORD=op://Production/Postgres/password
        """, "op://Production/Stripe/secret_key", C, "1Password secret reference")
    LK("mysql-client-j2", "j2", """
        [client]
        user = {{ mysql_backup_user }}
        password = {{ mysql_backup_password }}
        host = {{ mysql_host }}
        """, "{{ mysql_backup_password }}", C, "Jinja2 template")
    LK("cfn-resolve", "yaml", """
        Resources:
          Db:
            Type: AWS::RDS::DBInstance
            Properties:
              MasterUsername: admin
              MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'
        """, "{{resolve:secretsmanager:prod/db:SecretString:password}}", C, "CloudFormation dynamic reference")
    LK("helmfile-vals-ref", "yaml", """
        releases:
          - name: api
            chart: ./charts/api
            set:
              - name: secrets.token
                value: ref+vault://secret/data/api#/token
        """, "ref+vault://secret/data/api#/token", C, "vals reference")
    LK("serverless-ssm", "serverless.yml", """
        provider:
          name: aws
          environment:
            STRIPE_KEY: ${ssm:/prod/stripe/secret-key}
            SENTRY_DSN: ${ssm:/prod/sentry/dsn}
        """, "${ssm:/prod/stripe/secret-key}", C, "Serverless SSM reference")
    LK("gha-vars-and-secrets", "yml", """
        - name: deploy
          uses: azure/webapps-deploy@v3
          with:
            app-name: ${{ vars.APP_NAME }}
            publish-profile: ${{ secrets.AZURE_PUBLISH_PROFILE }}
        """, "${{ secrets.AZURE_PUBLISH_PROFILE }}", C, "GitHub Actions expression")


def build_docs_examples():
    C = "docs-example"
    LK("aws-configure", "md", """
        ## Configure the CLI

        ```
        $ aws configure
        AWS Access Key ID [None]: AKIAIOSFODNN7EXAMPLE
        AWS Secret Access Key [None]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
        Default region name [None]: us-west-2
        ```
        """, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", C, "AWS documentation key pair")
    LK("aws-credentials-ini", "ini", """
        ; sample from the AWS CLI user guide
        [default]
        aws_access_key_id = AKIAIOSFODNN7EXAMPLE
        aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
        """, "AKIAIOSFODNN7EXAMPLE", C, "AWS documentation key pair in an annotated sample")
    LK("stripe-quickstart", "js", """
        // From the Stripe quickstart; this is Stripe's public documentation test key.
        const stripe = require('stripe')('sk_test_4eC39HqLyjWDarjtT1zdp7dc');

        const session = await stripe.checkout.sessions.create({ mode: 'payment' });
        """, "sk_test_4eC39HqLyjWDarjtT1zdp7dc", C, "Stripe docs test-mode key")
    LK("jwt-inspect", "md", """
        Paste a token into jwt.io to inspect it, e.g. the default one:

        ```
        eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c
        ```
        """, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ",
       C, "jwt.io default token (John Doe, secret 'your-256-bit-secret')")
    LK("jwt-decode", "js", """
        const { decode } = require('../src/jwt');

        // the well-known sample token from jwt.io
        const SAMPLE = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

        test('decodes the subject', () => expect(decode(SAMPLE).sub).toBe('1234567890'));
        """, "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", C, "jwt.io token in a unit test")
    LK("slack-webhook-post", "md", """
        Post a message with:

            curl -X POST -H 'Content-type: application/json' --data '{"text":"Hello"}' \\
              https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX
        """, "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", C,
       "Slack docs webhook")
    LK("sentry-init", "py", """
        # Snippet from the Sentry docs; replace the DSN with your project's.
        import sentry_sdk

        sentry_sdk.init(dsn="https://examplePublicKey@o0.ingest.sentry.io/0")
        """, "https://examplePublicKey@o0.ingest.sentry.io/0", C, "Sentry docs DSN")
    LK("postgres-uris", "md", """
        Connection URIs look like the ones in the PostgreSQL manual:

        - `postgresql://localhost:5433`
        - `postgresql://user:secret@localhost`
        - `postgresql://other@localhost/otherdb?connect_timeout=10`
        """, "postgresql://user:secret@localhost", C, "PostgreSQL manual URIs")
    LK("twilio-client", "py", """
        # Find your Account SID and Auth Token at twilio.com/console
        account_sid = "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
        auth_token = "your_auth_token"
        client = Client(account_sid, auth_token)
        """, "your_auth_token", C, "Twilio docs snippet")
    LK("rfc7617-basic", "md", """
        Per RFC 7617, the user-id "Aladdin" with password "open sesame" is sent as:

            Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==
        """, "QWxhZGRpbjpvcGVuIHNlc2FtZQ==", C, "RFC 7617 example credentials")
    LK("rfc6749-token-response", "md", """
        A successful token response (RFC 6749, section 5.1):

        ```json
        {"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"example","expires_in":3600,
         "refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA"}
        ```
        """, "2YotnFZFEjr1zCsicMWpAA", C, "RFC 6749 example tokens")
    LK("rfc6750-bearer", "http", """
        ### RFC 6750 section 2.1 example request
        GET /resource HTTP/1.1
        Host: server.example.com
        Authorization: Bearer mF_9.B5f-4.1JqM
        """, "mF_9.B5f-4.1JqM", C, "RFC 6750 example bearer token")
    LK("k8s-mysecret", "yaml", """
        # from the Kubernetes "Managing Secrets using Configuration File" task page
        apiVersion: v1
        kind: Secret
        metadata:
          name: mysecret
        type: Opaque
        data:
          username: YWRtaW4=
          password: MWYyZDFlMmU2N2Rm
        """, "MWYyZDFlMmU2N2Rm", C, "Kubernetes docs example (admin / 1f2d1e2e67df)")
    LK("aes-gcm-vector", "txt", """
        AES-GCM test vector, Test Case 3 (McGrew & Viega, GCM spec):
        K  = feffe9928665731c6d6a8f9467308308
        IV = cafebabefacedbaddecaf888
        T  = 4d5c2af327cd64a62cf35abd2ba6fab4
        """, "feffe9928665731c6d6a8f9467308308", C, "published cipher test vector")
    LK("rfc4231-hmac-vector", "py", """
        # RFC 4231 test case 1 for HMAC-SHA-256
        KEY = bytes.fromhex("0b" * 20)
        DATA = b"Hi There"
        EXPECTED = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        """, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", C, "RFC 4231 test vector")


def build_fake_tokens():
    C = "fake-token"
    LK("github-token-setup", "md", """
        Create a token with the `repo` scope and export it:

            export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
        """, "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", C, "x-filled GitHub token")
    LK("stripe-key-format", "ts", """
        import { maskKey } from "../src/mask";

        it("masks live keys", () => {
          expect(maskKey("sk_live_xxxxxxxxxxxxxxxxxxxxxxxx")).toBe("sk_live_…xxxx");
        });
        """, "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", C, "x-filled Stripe key in a unit test")
    LK("aws-key-shape", "py", """
        def test_detects_access_key_shape():
            # all-zero id: right shape, obviously not issued by AWS
            assert looks_like_access_key_id("AKIA0000000000000000")
            assert not looks_like_access_key_id("AKIA")
        """, "AKIA0000000000000000", C, "all-zero AWS key id in a test")
    LK("slack-bot", "json", """
        {
          "team": "docs",
          "bot_token": "xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx",
          "channel": "C01234567"
        }
        """, "xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx", C, "sequential Slack token")
    LK("gitlab-variables", "md", """
        | variable | value |
        |---|---|
        | `GITLAB_TOKEN` | `glpat-xxxxxxxxxxxxxxxxxxxx` |
        | `GITLAB_URL` | `https://gitlab.com` |
        """, "glpat-xxxxxxxxxxxxxxxxxxxx", C, "x-filled GitLab token")
    LK("sendgrid", "env", """
        # sample values only
        SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
        MAIL_FROM=hello@localhost
        """, "SG.xxxxxxxxxxxxxxxxxxxxxx.yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", C, "x/y-filled SendGrid key")
    LK("hf-env", "py", """
        import pytest

        @pytest.fixture
        def hf_token(monkeypatch):
            monkeypatch.setenv("HF_TOKEN", "hf_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        """, "hf_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", C, "repeated-character token in a fixture")
    LK("npm-registry", "npmrc", """
        # illustration only
        //registry.npmjs.org/:_authToken=npm_000000000000000000000000000000000000
        save-exact=true
        """, "npm_000000000000000000000000000000000000", C, "all-zero npm token")
    LK("anthropic-quickstart", "md", """
        ```bash
        export ANTHROPIC_API_KEY=sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
        python quickstart.py
        ```
        """, "sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", C, "x-filled Anthropic key")
    LK("openai-llm", "yaml", """
        llm:
          provider: openai
          api_key: sk-proj-1234567890abcdefghijklmnopqrstuvwxyz
          model: gpt-4o-mini
        """, "sk-proj-1234567890abcdefghijklmnopqrstuvwxyz", C, "sequential OpenAI-looking key")
    LK("do-droplet", "tfvars", """
        do_token = "dop_v1_0000000000000000000000000000000000000000000000000000000000000000"
        region   = "ams3"
        size     = "s-1vcpu-1gb"
        """, "dop_v1_0000000000000000000000000000000000000000000000000000000000000000", C, "all-zero DigitalOcean token")
    LK("jwt-alg-none", "py", """
        UNSIGNED = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0."

        def test_rejects_alg_none(verifier):
            assert verifier.verify(UNSIGNED) is None
        """, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.", C, "unsigned alg=none token in a test")
    LK("maps-embed", "html", """
        <!-- replace the key before deploying -->
        <script async
          src="https://maps.googleapis.com/maps/api/js?key=AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&callback=initMap">
        </script>
        """, "AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", C, "X-filled Google key")
    LK("aws-key-scrub", "go", """
        func TestRedact(t *testing.T) {
        \tin := "key=AKIA1234567890ABCDEF"
        \tif got := Redact(in); got != "key=AKIA****" {
        \t\tt.Fatalf("got %q", got)
        \t}
        }
        """, "AKIA1234567890ABCDEF", C, "sequential AWS key id in a test")


def build_truncated():
    C = "truncated"
    LK("incident-note", "md", """
        ## 2024-03-02 token exposure

        The token `ghp_…` (first chars `ghp_Q7v`) was revoked at 10:14 UTC and
        replaced; no further action needed.
        """, "ghp_Q7v", C, "elided GitHub token in an incident note")
    LK("aws-list-access-keys", "txt", """
        $ aws iam list-access-keys --user-name ci
        AccessKeyId           Status   CreateDate
        AKIA****************  Active   2023-11-02T09:12:44Z
        """, "AKIA****************", C, "masked key id")
    LK("stripe-api-key", "json", """
        {
          "object": "api_key",
          "name": "backend",
          "redacted_value": "sk_live_...4xQz",
          "created": 1707811200
        }
        """, "sk_live_...4xQz", C, "Stripe dashboard style last-4")
    LK("heroku-config", "txt", """
        $ heroku config -a @APP@ --shell | sed 's/=.*/=***/'
        DATABASE_URL=***
        STRIPE_SECRET_KEY=***
        """, "STRIPE_SECRET_KEY=***", C, "masked config output")
    LK("gha-deploy", "log", """
        2024-05-14T08:01:02.1Z ##[group]Run ./deploy.sh
        2024-05-14T08:01:02.1Z env:
        2024-05-14T08:01:02.1Z   DEPLOY_TOKEN: ***
        2024-05-14T08:01:02.1Z ##[endgroup]
        """, "DEPLOY_TOKEN: ***", C, "GitHub Actions masked log")
    LK("rails-sign-in", "log", """
        Started POST "/users/sign_in" for 10.0.0.8 at 2024-02-01 10:00:01 +0000
        Processing by Users::SessionsController#create as HTML
          Parameters: {"user"=>{"email"=>"ana@@DOMAIN@", "password"=>"[FILTERED]"}}
        """, '"password"=>"[FILTERED]"', C, "Rails filtered parameter")
    LK("api-key-listing", "json", """
        [
          { "id": "key_01", "prefix": "sk-proj-Ab", "last4": "9fQ2", "created_at": "2024-04-01" },
          { "id": "key_02", "prefix": "sk-proj-Zt", "last4": "Lm0x", "created_at": "2024-05-19" }
        ]
        """, '"prefix": "sk-proj-Ab"', C, "key prefix and last four only")
    LK("db-connect", "log", """
        INFO  connecting to postgres://app:****@pg-primary.prod.svc:5432/app (pool=10)
        INFO  migrations up to date
        INFO  ready
        """, "postgres://app:****@", C, "masked password in a log")
    LK("profile-request", "har.txt", """
        GET /api/v1/profile HTTP/2
        Host: app.@DOMAIN@
        Authorization: Bearer [REDACTED]
        """, "Bearer [REDACTED]", C, "redacted header in a captured request")
    LK("aws-env", "env.shared", """
        # values removed before sharing in the ticket
        AWS_ACCESS_KEY_ID=<redacted>
        AWS_SECRET_ACCESS_KEY=<redacted>
        """, "AWS_SECRET_ACCESS_KEY=<redacted>", C, "<redacted>")
    LK("kubectl-describe", "txt", """
        Name:         @APP@-db
        Namespace:    production
        Type:         Opaque

        Data
        ====
        password:  24 bytes
        username:  6 bytes
        """, "password:  24 bytes", C, "kubectl describe shows sizes only")
    LK("terraform-plan", "txt", """
          # aws_db_instance.main will be updated in-place
          ~ resource "aws_db_instance" "main" {
              ~ password = (sensitive value)
                id       = "@APP@-prod"
            }
        """, "(sensitive value)", C, "Terraform plan output")
    LK("gitlab-key-inventory", "csv", """
        owner,key_prefix,scopes,last_used
        billing,glpat-Xk,api,2024-06-01
        docs,glpat-4q,read_api,2024-05-27
        """, "glpat-Xk", C, "first eight characters only")


def build_hashes():
    C = "hash"
    s1, s2, s3 = rand(HEX, 40), rand(HEX, 40), rand(HEX, 40)
    LK("changelog-shas", "md", """
        ## 3.2.1

        - Fix retry loop in the uploader (@S1@)
        - Bump rustls to 0.23 (@S2@)
        - Revert "cache manifests" (@S3@)
        """, s1, C, "git commit SHAs", S1=s1, S2=s2, S3=s3)
    s1, s2 = rand(HEX, 40), rand(HEX, 40)
    LK("git-blame-ignore-revs", "git-blame-ignore-revs", """
        # Reformat with black 24
        @S1@
        # Switch to tabs in Makefiles
        @S2@
        """, s1, C, "ignored revisions", S1=s1, S2=s2)
    s1 = rand(HEX, 40)
    LK("gha-pinned-sha", "yml", """
        steps:
          - uses: actions/checkout@@S1@ # v4.1.7
            with:
              fetch-depth: 0
          - run: make ci
        """, s1, C, "action pinned by commit SHA", S1=s1)
    a, b = rand(HEX, 64), rand(HEX, 64)
    LK("sha256sums", "txt", """
        # SHA256SUMS for release 1.9.0
        @A@  @APP@_1.9.0_linux_amd64.tar.gz
        @B@  @APP@_1.9.0_darwin_arm64.tar.gz
        """, a, C, "release checksums", A=a, B=b)
    a = rand(HEX, 64)
    LK("image-digest", "yaml", """
        containers:
          - name: proxy
            image: nginx@sha256:@A@
            ports:
              - containerPort: 80
        """, a, C, "image digest", A=a)
    a = rb64(48)
    LK("sri-integrity", "html", """
        <!doctype html>
        <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/css/bootstrap.min.css"
              integrity="sha384-@A@" crossorigin="anonymous">
        <title>Status</title>
        """, a, C, "Subresource Integrity hash", A=a)
    a = rb64(64)
    LK("package-lock-integrity", "json", """
        {
          "node_modules/lodash": {
            "version": "4.17.21",
            "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
            "integrity": "sha512-@A@"
          }
        }
        """, a, C, "npm integrity", A=a)
    a, b = rand(HEX, 40), rb64(64)
    LK("yarn-lock", "lock", """
        "@babel/code-frame@^7.22.13":
          version "7.24.2"
          resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.24.2.tgz#@A@"
          integrity sha512-@B@
        """, a, C, "yarn.lock resolved hash", A=a, B=b)
    a, b = rb64(32), rb64(32)
    LK("go-sum", "sum", """
        github.com/google/uuid v1.6.0 h1:@A@
        github.com/google/uuid v1.6.0/go.mod h1:@B@
        golang.org/x/sync v0.7.0/go.mod h1:@C@
        """, a, C, "go.sum h1: hashes", A=a, B=b, C=rb64(32))
    a = rand(HEX, 64)
    LK("cargo-lock", "lock", """
        [[package]]
        name = "serde"
        version = "1.0.203"
        source = "registry+https://github.com/rust-lang/crates.io-index"
        checksum = "@A@"
        """, a, C, "Cargo.lock checksum", A=a)
    a, b = rb64(32), rand(HEX, 64)
    LK("terraform-lock", "hcl", """
        provider "registry.terraform.io/hashicorp/aws" {
          version     = "5.52.0"
          constraints = "~> 5.0"
          hashes = [
            "h1:@A@",
            "zh:@B@",
          ]
        }
        """, b, C, ".terraform.lock.hcl", A=a, B=b)
    a, b = rand(HEX, 64), rand(HEX, 64)
    LK("pipfile-lock", "json", """
        {
          "default": {
            "requests": {
              "hashes": [
                "sha256:@A@",
                "sha256:@B@"
              ],
              "version": "==2.32.3"
            }
          }
        }
        """, a, C, "Pipfile.lock hashes", A=a, B=b)
    a = rand(HEX, 64)
    LK("requirements-hash", "txt", """
        # generated by pip-compile --generate-hashes
        certifi==2024.6.2 \\
            --hash=sha256:@A@
        """, a, C, "pip --hash", A=a)
    a = rand(HEX, 32)
    LK("etag-md5", "txt", """
        HTTP/1.1 200 OK
        Content-Type: image/png
        ETag: "@A@"
        x-amz-request-id: @R@
        """, a, C, "S3 ETag (MD5)", A=a, R=rand(UALNUM, 16))
    a, b = rand(HEX, 40), rand(HEX, 40)
    LK("podfile-lock", "lock", """
        SPEC CHECKSUMS:
          Alamofire: @A@
          SnapKit: @B@

        PODFILE CHECKSUM: @C@
        """, a, C, "CocoaPods checksums", A=a, B=b, C=rand(HEX, 40))
    a = nix32()
    LK("nix-fetchurl", "nix", """
        { fetchurl }:
        fetchurl {
          url = "https://ftp.gnu.org/gnu/hello/hello-2.12.1.tar.gz";
          sha256 = "@A@";
        }
        """, a, C, "Nix base32 sha256", A=a)
    a = rand(HEX, 64)
    LK("gradle-wrapper", "properties", """
        distributionBase=GRADLE_USER_HOME
        distributionPath=wrapper/dists
        distributionUrl=https\\://services.gradle.org/distributions/gradle-8.8-bin.zip
        distributionSha256Sum=@A@
        """, a, C, "Gradle distribution checksum", A=a)
    a = rand(HEX, 64)
    LK("bazel-http-archive", "bzl", """
        http_archive(
            name = "rules_go",
            sha256 = "@A@",
            urls = ["https://github.com/bazelbuild/rules_go/releases/download/v0.48.0/rules_go-v0.48.0.zip"],
        )
        """, a, C, "Bazel archive checksum", A=a)
    a = rand(HEX, 64)
    LK("helm-chart-lock", "lock", """
        dependencies:
        - name: postgresql
          repository: oci://registry-1.docker.io/bitnamicharts
          version: 15.5.4
        digest: sha256:@A@
        generated: "2024-06-03T11:20:41.51Z"
        """, a, C, "Chart.lock digest", A=a)
    a = rand(HEX, 64)
    LK("homebrew-formula", "rb", """
        class Ripgrep < Formula
          desc "Search tool like grep and The Silver Searcher"
          url "https://github.com/BurntSushi/ripgrep/archive/refs/tags/14.1.0.tar.gz"
          sha256 "@A@"
          license "Unlicense"
        end
        """, a, C, "Homebrew sha256", A=a)
    a = rand(HEX, 64)
    LK("git-lfs-pointer", "psd", """
        version https://git-lfs.github.com/spec/v1
        oid sha256:@A@
        size 48213377
        """, a, C, "Git LFS pointer", A=a)
    a = rand(HEX, 64)
    LK("github-webhook-signature", "http", """
        POST /hooks/github HTTP/1.1
        X-GitHub-Event: push
        X-GitHub-Delivery: @U@
        X-Hub-Signature-256: sha256=@A@
        Content-Type: application/json
        """, a, C, "recorded webhook HMAC signature (output, not key)", A=a, U=uuid4())
    a = rand(HEX, 64)
    LK("docker-build-output", "log", """
        #12 exporting to image
        #12 exporting layers done
        #12 writing image sha256:@A@ done
        #12 naming to docker.io/@ORG@/@APP@:latest done
        """, a, C, "image id in build output", A=a)
    a, b = rand(HEX, 40), rand(HEX, 40)
    LK("submodule-status", "txt", """
        $ git submodule status
         @A@ vendor/libgit2 (v1.7.2)
        +@B@ third_party/zstd (v1.5.6-12-g9b3f5e4)
        """, a, C, "submodule commit ids", A=a, B=b)
    a = rb64(32)
    LK("flake-lock", "json", """
        {
          "nodes": {
            "nixpkgs": {
              "locked": {
                "narHash": "sha256-@A@",
                "rev": "@R@",
                "type": "github"
              }
            }
          }
        }
        """, a, C, "flake.lock narHash", A=a, R=rand(HEX, 40))
    a = rand(HEX, 32)
    LK("gravatar-md5", "html", """
        <div class="author">
          <img src="https://www.gravatar.com/avatar/@A@?s=80&d=identicon" alt="">
          <span>Dana K.</span>
        </div>
        """, a, C, "Gravatar email hash", A=a)


def build_identifiers():
    C = "identifier"
    u1, u2, u3 = uuid4(), uuid4(), uuid4()
    LK("order-uuids", "json", """
        [
          { "order_id": "@U1@", "status": "shipped" },
          { "order_id": "@U2@", "status": "pending" },
          { "order_id": "@U3@", "status": "refunded" }
        ]
        """, u1, C, "UUID record ids", U1=u1, U2=u2, U3=u3)
    a, b = ulid(), ulid()
    LK("ulid-log", "log", """
        2024-02-11T10:00:00Z job=@A@ state=queued
        2024-02-11T10:00:03Z job=@A@ state=running worker=w-3
        2024-02-11T10:00:41Z job=@B@ state=queued
        """, a, C, "ULID job ids", A=a, B=b)
    a, b = digits(19), digits(18)
    LK("discord-snowflakes", "json", """
        {
          "id": "@A@",
          "channel_id": "@B@",
          "content": "deploy finished",
          "author": { "id": "@C@", "username": "release-bot" }
        }
        """, a, C, "snowflake ids", A=a, B=b, C=digits(18))
    u = uuid4()
    LK("lambda-request-id", "log", """
        START RequestId: @U@ Version: $LATEST
        2024-03-01T12:00:00.120Z\t@U@\tINFO\tprocessed 42 records
        END RequestId: @U@
        REPORT RequestId: @U@\tDuration: 812.44 ms\tBilled Duration: 813 ms
        """, u, C, "AWS Lambda request id", U=u)
    t, sp_ = rand(HEX, 32), rand(HEX, 16)
    LK("traceparent", "http", """
        GET /api/cart HTTP/1.1
        Host: shop.@DOMAIN@
        traceparent: 00-@T@-@S@-01
        tracestate: congo=t61rcWkgMzE
        """, t, C, "W3C trace context", T=t, S=sp_)
    e = rand(HEX, 32)
    LK("sentry-event-id", "md", """
        ### Bug: checkout crashes on empty cart

        Sentry event: `@E@`
        Release: checkout@4.12.0, browser Firefox 126
        """, e, C, "Sentry event id", E=e)
    c, pi = "cus_" + rand(ALNUM, 14), "pi_3" + rand(ALNUM, 23)
    LK("stripe-object-ids", "json", """
        {
          "id": "evt_1@EV@",
          "type": "payment_intent.succeeded",
          "data": { "object": { "id": "@PI@", "customer": "@CUS@", "amount": 2599 } }
        }
        """, pi, C, "Stripe object ids (not keys)", EV=rand(ALNUM, 23), PI=pi, CUS=c)
    acct = digits(12)
    LK("iam-policy-arn", "json", """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Action": ["s3:GetObject"],
            "Resource": "arn:aws:s3:::@APP@-artifacts/*",
            "Principal": { "AWS": "arn:aws:iam::@A@:role/ci-deployer" }
          }]
        }
        """, "arn:aws:iam::" + acct, C, "AWS account id in an ARN", A=acct)
    s_, t_ = uuid4(), uuid4()
    LK("azure-ids", "bicepparam", """
        using './main.bicep'

        param subscriptionId = '@S@'
        param tenantId = '@T@'
        param location = 'westeurope'
        """, s_, C, "Azure subscription and tenant ids", S=s_, T=t_)
    LK("gcp-project-number", "tfvars", """
        project_id     = "@ORG@-analytics-prod"
        project_number = "@N@"
        region         = "europe-west4"
        """, "project_number", C, "GCP project number", N=digits(12))
    a = "C0" + rand(UALNUM, 9)
    LK("slack-channel-ids", "yml", """
        notifications:
          slack:
            team_id: T0@T@
            channels:
              deploys: @A@
              incidents: C0@B@
        """, a, C, "Slack channel ids", A=a, T=rand(UALNUM, 8), B=rand(UALNUM, 9))
    a = rand(HEX, 24)
    LK("mongo-objectids", "json", """
        {
          "_id": { "$oid": "@A@" },
          "user": { "$oid": "@B@" },
          "total": 31.5
        }
        """, a, C, "MongoDB ObjectIds", A=a, B=rand(HEX, 24))
    u = uuid4()
    LK("k8s-uid", "yaml", """
        apiVersion: v1
        kind: Pod
        metadata:
          name: @APP@-7d4b9c8f6d-x2kqp
          uid: @U@
          resourceVersion: "48213377"
        """, u, C, "Kubernetes object uid", U=u)
    cid = f"{digits(12)}-{rand(LALNUM, 32)}.apps.googleusercontent.com"
    LK("google-oauth-client-id", "html", """
        <script src="https://accounts.google.com/gsi/client" async></script>
        <div id="g_id_onload"
             data-client_id="@C@"
             data-login_uri="https://app.@DOMAIN@/auth/google"></div>
        """, cid, C, "public OAuth client id", C=cid)
    iv = "Iv1." + rand(HEX, 16)
    LK("github-app-ids", "yml", """
        github_app:
          app_id: @A@
          client_id: @IV@
          installation_id: @I@
          private_key_path: /etc/@APP@/github-app.pem
        """, iv, C, "GitHub App public ids", A=digits(6), IV=iv, I=digits(8))
    z, a = rand(HEX, 32), rand(HEX, 32)
    LK("wrangler-toml-ids", "toml", """
        name = "@APP@-edge"
        main = "src/index.ts"
        account_id = "@A@"
        [[routes]]
        pattern = "shop.@DOMAIN@/*"
        zone_id = "@Z@"
        """, z, C, "Cloudflare zone/account ids", A=a, Z=z)
    u = uuid4()
    LK("idempotency-key", "http", """
        POST https://api.@DOMAIN@/v1/payments
        Idempotency-Key: @U@
        Content-Type: application/json

        {"amount": 1000, "currency": "eur"}
        """, u, C, "idempotency key (client-chosen id)", U=u)
    a, b = digits(19), digits(19)
    LK("datadog-trace-ids", "log", """
        {"level":"info","msg":"charge created","dd.trace_id":"@A@","dd.span_id":"@B@","service":"payments"}
        {"level":"info","msg":"receipt mailed","dd.trace_id":"@A@","dd.span_id":"@C@","service":"payments"}
        {"level":"warn","msg":"slow query","dd.trace_id":"@A@","dd.span_id":"@D@","service":"payments"}
        """, a, C, "APM trace ids", A=a, B=b, C=digits(19), D=digits(18))
    r = rand(HEX, 32)
    LK("request-id-header", "txt", """
        HTTP/2 502
        content-type: text/html
        x-request-id: @R@
        x-correlation-id: @U@
        """, r, C, "request and correlation ids", R=r, U=uuid4())
    a = rand(UALNUM, 10)
    LK("apple-team-id", "plist", """
        <?xml version="1.0" encoding="UTF-8"?>
        <plist version="1.0">
        <dict>
          <key>teamID</key><string>@A@</string>
          <key>method</key><string>app-store</string>
        </dict>
        </plist>
        """, a, C, "Apple team id", A=a)
    a = rand(B64URL, 21)
    LK("nanoid-slugs", "csv", """
        slug,target,clicks
        @A@,https://@DOMAIN@/pricing,1203
        @B@,https://@DOMAIN@/blog/launch,88
        """, a, C, "short-link ids", A=a, B=rand(B64URL, 21))
    u = uuid4().upper()
    LK("analytics-device-id", "json", """
        {
          "event": "app_open",
          "device_id": "@U@",
          "session_id": @S@,
          "platform": "iOS"
        }
        """, u, C, "device id in an analytics event", U=u, S=digits(13))


def build_public_keys():
    C = "public-key"
    k1, k2 = ssh_ed25519_pub(), ssh_rsa_pub()
    LK("authorized-keys", "authorized_keys", """
        # managed by ansible
        @K1@ dana@laptop
        @K2@ ci@build-01
        """, k1, C, "SSH public keys", K1=k1, K2=k2)
    k = ssh_ed25519_pub()
    LK("cloud-init-ssh", "yaml", """
        #cloud-config
        users:
          - name: ops
            groups: sudo
            ssh_authorized_keys:
              - @K@ ops@bastion
        """, k, C, "cloud-init public key", K=k)
    k = ssh_ed25519_pub()
    LK("known-hosts", "known_hosts", """
        github.com @K@
        git.@DOMAIN@,10.0.0.12 @K2@
        bastion.@DOMAIN@ @K3@
        """, k, C, "known_hosts entries", K=k, K2=ssh_ed25519_pub(), K3=ssh_ed25519_pub())
    lines = pem("PUBLIC KEY", ec_pub_der)
    LK("jwt-verify-pubkey", "yml", """
        auth:
          issuer: https://auth.@DOMAIN@
          audience: api
          public_key: |
        @P@
        """, lines[0], C, "EC public key for JWT verification",
       P="\n".join("    " + x for x in lines))
    lines = pem("PUBLIC KEY", rsa_pub_der)
    add_look("cosign-pub", "pub", L(*lines), lines[0], C, "RSA public key (cosign.pub style)")
    n = rb64u(256)
    LK("jwks-public", "json", """
        {
          "keys": [
            { "kty": "RSA", "use": "sig", "alg": "RS256", "kid": "@K@",
              "n": "@N@",
              "e": "AQAB" }
          ]
        }
        """, n, C, "JWKS with public members only", K=rand(B64URL, 16), N=n)
    lines = pgp_block("PUBLIC KEY BLOCK", b"\x98\x33\x04")
    add_look("pgp-public-key", "asc", L(*lines), lines[0], C, "PGP public key block")
    a = "age1" + rand(BECH32, 58)
    LK("age-recipients", "txt", """
        # recipients allowed to decrypt secrets/*.age
        # dana
        @A@
        # ci
        @B@
        """, a, C, "age recipients (public keys)", A=a, B="age1" + rand(BECH32, 58))
    k = rb64(32)
    LK("wireguard-peers", "conf", """
        # peers.conf (included from wg0.conf, which holds the interface key)
        [Peer]
        PublicKey = @K@
        AllowedIPs = 10.8.0.2/32
        Endpoint = vpn.@DOMAIN@:51820
        """, k, C, "WireGuard peer public key", K=k)
    m = retry(lambda: b64(b"Ed" + rbytes(40)))
    add_look("minisign-pub", "pub", L(f"untrusted comment: minisign public key {rand(UHEX, 16)}", m,
                                          "# verify: minisign -Vm release.tar.gz -p minisign.pub"),
                 m, C, "minisign public key")
    p1, p2 = rb64(32), rb64(32)
    LK("okhttp-pins", "kt", """
        val pinner = CertificatePinner.Builder()
            .add("api.@DOMAIN@", "sha256/@P1@")
            .add("api.@DOMAIN@", "sha256/@P2@")
            .build()
        """, p1, C, "certificate pins (public key hashes)", P1=p1, P2=p2)
    k = ssh_ed25519_pub()
    LK("ssh-user-ca", "pub", """
        # TrustedUserCAKeys for all bastions
        @K@ user-ca@@ORG@
        # rotated 2024-01
        """, k, C, "SSH CA public key", K=k)
    k = ssh_ed25519_pub()
    LK("tf-deploy-key", "tf", """
        resource "github_repository_deploy_key" "ci" {
          title      = "ci read-only"
          repository = "@APP@"
          key        = "@K@"
          read_only  = true
        }
        """, k, C, "deploy key registration (public half)", K=k)
    a = rand(HEX, 64)
    LK("tuf-root-keys", "json", """
        {
          "keys": {
            "@ID@": {
              "keytype": "ed25519",
              "scheme": "ed25519",
              "keyval": { "public": "@A@" }
            }
          }
        }
        """, a, C, "TUF root public key", ID=rand(HEX, 64), A=a)
    f = rb64(32).rstrip("=")
    LK("ssh-host-fingerprints", "md", """
        ## Verifying the host

        On first connect you should see one of these fingerprints:

        - ED25519: `SHA256:@F@`
        - RSA: `SHA256:@G@`
        """, f, C, "SSH host key fingerprints", F=f, G=rb64(32).rstrip("="))


def build_certificates():
    C = "certificate"
    lines = cert_lines()
    add_look("ca-pem", "pem", L(*lines), lines[0], C, "CA certificate")
    lines = cert_lines()
    LK("configmap-ca", "yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: corp-ca
        data:
          ca.crt: |
        @P@
        """, lines[0], C, "CA certificate in a ConfigMap", P="\n".join("    " + x for x in lines))
    ca = retry(lambda: b64(L(*cert_lines()).encode()))
    LK("kubeconfig-exec", "kubeconfig", """
        apiVersion: v1
        kind: Config
        clusters:
          - name: eks-prod
            cluster:
              server: https://@H@.gr7.eu-west-1.eks.amazonaws.com
              certificate-authority-data: @CA@
        users:
          - name: eks-prod
            user:
              exec:
                apiVersion: client.authentication.k8s.io/v1beta1
                command: aws
                args: ["eks", "get-token", "--cluster-name", "prod"]
        """, ca, C, "kubeconfig with CA data and exec auth only", H=rand(UHEX, 32), CA=ca)
    one = "\\n".join(cert_lines())
    LK("trust-bundle-json", "json", """
        {
          "name": "partner-mtls",
          "certificate": "@C@",
          "not_after": "2026-01-31T23:59:59Z"
        }
        """, "-----BEGIN CERTIFICATE-----", C, "certificate as one-line JSON", C=one)
    lines = pem("CERTIFICATE REQUEST", lambda: seq(seq(der_small(0), rbytes(120), ec_pub_der()), rbytes(72)))
    add_look("csr", "csr", L(*lines), lines[0], C, "certificate signing request")
    body = retry(lambda: b64(fake_cert_der()))
    LK("saml-metadata", "xml", """
        <EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.@DOMAIN@">
          <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
            <KeyDescriptor use="signing">
              <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
                <ds:X509Data><ds:X509Certificate>@B@</ds:X509Certificate></ds:X509Data>
              </ds:KeyInfo>
            </KeyDescriptor>
          </IDPSSODescriptor>
        </EntityDescriptor>
        """, body, C, "IdP signing certificate in SAML metadata", B=body)


def build_encrypted():
    C = "encrypted"
    inner = f"{rand(HEX, 64)}\n{rand(HEX, 64)}\n{rand(HEX, 192)}"
    lines = wrap(inner.encode().hex(), 80)
    add_look("ansible-vault-file", "yml", L("$ANSIBLE_VAULT;1.1;AES256", *lines[:12]),
             "$ANSIBLE_VAULT;1.1;AES256", C, "Ansible Vault encrypted file")
    inner = f"{rand(HEX, 64)}\n{rand(HEX, 64)}\n{rand(HEX, 64)}"
    lines = wrap(inner.encode().hex(), 80)
    add_look("ansible-vault-inline", "yml",
             L("---", "db_user: app", "db_password: !vault |", "  $ANSIBLE_VAULT;1.1;AES256",
               *["  " + x for x in lines[:10]]), "$ANSIBLE_VAULT;1.1;AES256", C, "inline !vault value")
    e = sops_enc(24)
    LK("sops-yaml", "enc.yaml", """
        db:
            password: @E@
            user: app
        sops:
            age:
                - recipient: @R@
                  enc: |
                    -----BEGIN AGE ENCRYPTED FILE-----
                    @B1@
                    @B2@
                    -----END AGE ENCRYPTED FILE-----
            lastmodified: "2024-05-02T10:11:12Z"
            mac: @MAC@
            version: 3.8.1
        """, e, C, "SOPS-encrypted YAML", E=e, R="age1" + rand(BECH32, 58), B1=rand(ALNUM + "+/", 64),
       B2=rand(ALNUM + "+/", 40), MAC=sops_enc(44))
    e = sops_enc(40)
    LK("sops-json", "enc.json", """
        {
          "stripe_secret_key": "@E@",
          "sops": {
            "kms": [{ "arn": "arn:aws:kms:eu-west-1:@A@:key/@K@", "created_at": "2024-04-01T08:00:00Z" }],
            "mac": "@MAC@",
            "version": "3.8.1"
          }
        }
        """, e, C, "SOPS-encrypted JSON", E=e, A=digits(12), K=uuid4(), MAC=sops_enc(44))
    e = sops_enc(20)
    LK("sops-dotenv", "enc.env", """
        DB_PASSWORD=@E@
        API_TOKEN=@F@
        sops_version=3.8.1
        sops_mac=@MAC@
        """, e, C, "SOPS-encrypted dotenv", E=e, F=sops_enc(32), MAC=sops_enc(44))
    ss = retry(lambda: b64(b"\x02\x00" + rbytes(420)))
    LK("sealed-secret", "yaml", """
        apiVersion: bitnami.com/v1alpha1
        kind: SealedSecret
        metadata:
          name: @APP@-db
          namespace: production
        spec:
          encryptedData:
            password: @S@
        """, ss, C, "Bitnami SealedSecret", S=ss)
    c = rand(HEX, 160)
    LK("spring-cipher", "yml", """
        spring:
          datasource:
            url: jdbc:postgresql://db.internal/app
            password: '{cipher}@C@'
        """, c, C, "Spring Cloud Config {cipher}", C=c)
    j = rb64(48)
    LK("jasypt-enc", "properties", """
        jasypt.encryptor.algorithm=PBEWITHHMACSHA512ANDAES_256
        spring.datasource.username=app
        spring.datasource.password=ENC(@J@)
        """, j, C, "Jasypt ENC()", J=j)
    v = "vault:v1:" + rb64(60)
    LK("vault-transit", "json", """
        {
          "customer_id": "cus_@C@",
          "ssn_ciphertext": "@V@",
          "key_version": 1
        }
        """, v, C, "Vault transit ciphertext", V=v, C=rand(ALNUM, 14))
    k = retry(lambda: b64(bytes.fromhex("0102020078") + rbytes(180)))
    LK("kms-ciphertext", "json", """
        {
          "FunctionName": "@APP@-sync",
          "Environment": {
            "Variables": { "DB_PASSWORD_ENCRYPTED": "@K@" }
          },
          "KMSKeyArn": "arn:aws:kms:us-east-1:@A@:key/@U@"
        }
        """, k, C, "KMS CiphertextBlob", K=k, A=digits(12), U=uuid4())
    d = rb64(64)
    LK("chef-encrypted-databag", "json", """
        {
          "id": "postgres",
          "password": {
            "encrypted_data": "@D@",
            "iv": "@IV@",
            "auth_tag": "@T@",
            "version": 3,
            "cipher": "aes-256-gcm"
          }
        }
        """, d, C, "Chef encrypted data bag item", D=d, IV=rb64(12), T=rb64(16))
    data = retry(lambda: b64(b"age-encryption.org/v1\n-> X25519 " + b64u(rbytes(32)).encode() + b"\n" +
                             b64u(rbytes(32)).encode() + b"\n--- " + b64u(rbytes(32)).encode() + b"\n" + rbytes(90)))
    lines = ["-----BEGIN AGE ENCRYPTED FILE-----"] + wrap(data, 64) + ["-----END AGE ENCRYPTED FILE-----"]
    add_look("age-armored", "age", L(*lines), lines[0], C, "age-encrypted file")
    lines = pgp_block("MESSAGE", b"\x85\x02\x0c")
    add_look("pgp-message", "asc", L(*lines), lines[0], C, "PGP encrypted message")
    c = rb64(40)
    LK("rails-encrypted-column", "yml", """
        # test/fixtures/encrypted records dumped from Active Record Encryption
        ssn:
          p: "@C@"
          h:
            iv: "@IV@"
            at: "@AT@"
        """, c, C, "Active Record Encryption payload", C=c, IV=rb64(12), AT=rb64(16))


def build_code_refs():
    C = "code-reference"
    LK("getpass", "py", """
        import getpass

        password = getpass.getpass("Vault password: ")
        client.auth.userpass.login(username=user, password=password)
        """, 'password = getpass.getpass("Vault password: ")', C, "password from a prompt")
    LK("flask-header-token", "py", """
        @app.before_request
        def check_token():
            token = request.headers["X-Token"]
            if not hmac.compare_digest(token, current_app.config["API_TOKEN"]):
                abort(401)
        """, 'token = request.headers["X-Token"]', C, "token read from a request")
    LK("hvac-read", "py", """
        import hvac

        client = hvac.Client(url="https://vault.@DOMAIN@")
        secret = client.secrets.kv.v2.read_secret_version(path="app/db")
        password = secret["data"]["data"]["password"]
        """, 'password = secret["data"]["data"]["password"]', C, "secret read from Vault")
    LK("keyring", "py", """
        import keyring

        token = keyring.get_password("@APP@-cli", username)
        if token is None:
            raise SystemExit("run `@APP@ login` first")
        """, 'keyring.get_password("deployctl-cli", username)', C, "OS keyring lookup", APP="deployctl")
    LK("boto3-secretsmanager", "py", """
        import json

        import boto3

        sm = boto3.client("secretsmanager")
        creds = json.loads(sm.get_secret_value(SecretId="prod/db")["SecretString"])
        """, 'get_secret_value(SecretId="prod/db")', C, "Secrets Manager lookup")
    LK("azure-keyvault-client", "cs", """
        var client = new SecretClient(new Uri("https://kv-@APP@.vault.azure.net/"), new DefaultAzureCredential());
        KeyVaultSecret secret = await client.GetSecretAsync("db-password");
        var conn = new SqlConnection($"Server=sql01;User Id=app;Password={secret.Value}");
        """, 'GetSecretAsync("db-password")', C, "Key Vault lookup")
    LK("gcp-secret-manager", "go", """
        func dbPassword(ctx context.Context, c *secretmanager.Client) (string, error) {
        \tres, err := c.AccessSecretVersion(ctx, &secretmanagerpb.AccessSecretVersionRequest{
        \t\tName: "projects/@ORG@-prod/secrets/db-password/versions/latest",
        \t})
        \tif err != nil {
        \t\treturn "", err
        \t}
        \treturn string(res.Payload.Data), nil
        }
        """, "secrets/db-password/versions/latest", C, "Secret Manager lookup")
    LK("java-console-password", "java", """
        Console console = System.console();
        char[] password = console.readPassword("Keystore password: ");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new FileInputStream("release.p12"), password);
        """, 'char[] password = console.readPassword("Keystore password: ");', C, "password from console")
    LK("go-auth-header", "go", """
        func auth(next http.Handler) http.Handler {
        \treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
        \t\ttoken := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
        \t\tif !valid(token) {
        \t\t\thttp.Error(w, "unauthorized", http.StatusUnauthorized)
        \t\t\treturn
        \t\t}
        \t\tnext.ServeHTTP(w, r)
        \t})
        }
        """, 'r.Header.Get("Authorization")', C, "token from a header")
    LK("express-body-password", "js", """
        router.post("/login", async (req, res) => {
          const { email, password } = req.body;
          const user = await Users.verify(email, password);
          res.json({ ok: Boolean(user) });
        });
        """, "const { email, password } = req.body;", C, "password from a request body")
    LK("php-post-password", "php", """
        <?php
        $password = $_POST['password'] ?? '';
        if (!password_verify($password, $user['password_hash'])) {
            http_response_code(401);
        }
        """, "$password = $_POST['password'] ?? '';", C, "password from POST")
    LK("sql-password-hash-update", "sql", """
        -- name: SetPassword :exec
        UPDATE users
        SET password_hash = $1, password_changed_at = now()
        WHERE id = $2;
        """, "password_hash = $1", C, "parameterised query")
    LK("rails-credentials-dig", "rb", """
        Stripe.api_key = Rails.application.credentials.dig(:stripe, :secret_key)
        Stripe.max_network_retries = 2
        Stripe.log_level = Stripe::LEVEL_INFO
        """, "Rails.application.credentials.dig(:stripe, :secret_key)", C, "Rails credentials lookup")
    LK("swift-keychain", "swift", """
        func readToken() -> String? {
            let query: [String: Any] = [kSecClass as String: kSecClassGenericPassword,
                                        kSecAttrService as String: "api-token",
                                        kSecReturnData as String: true]
            var item: CFTypeRef?
            guard SecItemCopyMatching(query as CFDictionary, &item) == errSecSuccess else { return nil }
            return (item as? Data).flatMap { String(data: $0, encoding: .utf8) }
        }
        """, "SecItemCopyMatching", C, "Keychain lookup")
    LK("gcloud-print-token", "sh", """
        #!/usr/bin/env bash
        TOKEN="$(gcloud auth print-access-token)"
        curl -sS -H "Authorization: Bearer ${TOKEN}" \\
          "https://storage.googleapis.com/storage/v1/b/@APP@-exports/o"
        """, 'TOKEN="$(gcloud auth print-access-token)"', C, "short-lived token fetched at run time")
    LK("ecr-login-password", "sh", """
        #!/bin/sh
        aws ecr get-login-password --region eu-west-1 |
          docker login --username AWS --password-stdin @A@.dkr.ecr.eu-west-1.amazonaws.com
        """, "aws ecr get-login-password", C, "password piped from a command", A=digits(12))
    LK("bcrypt-hashing", "py", """
        import bcrypt

        def hash_password(password: str) -> bytes:
            return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))
        """, "def hash_password(password: str) -> bytes:", C, "function handling a password")
    LK("ts-interface", "ts", """
        export interface ClientOptions {
          apiKey: string;
          apiSecret?: string;
          baseUrl?: string;
        }
        """, "apiKey: string;", C, "type declaration")
    LK("graphql-schema", "graphql", """
        type Mutation {
          login(email: String!, password: String!): AuthPayload!
          rotateApiKey(id: ID!): ApiKey!
        }
        """, "password: String!", C, "schema field")


def build_config_keys():
    C = "config-key"
    LK("password-policy", "yml", """
        security:
          password_min_length: 12
          password_require_symbol: true
          token_ttl: 3600
          refresh_token_ttl: 1209600
        """, "password_min_length: 12", C, "policy settings")
    LK("secret-name", "yml", """
        db:
          secret_name: prod/db
          secret_region: eu-west-1
          rotation_days: 30
        """, "secret_name: prod/db", C, "name of a secret, not its value")
    LK("django-password-hashers", "py", """
        PASSWORD_HASHERS = [
            "django.contrib.auth.hashers.Argon2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ]
        AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]
        """, "PASSWORD_HASHERS", C, "Django auth settings")
    LK("api-key-header-name", "toml", """
        [auth]
        api_key_header = "X-API-Key"
        token_endpoint = "https://auth.@DOMAIN@/oauth/token"
        secret_rotation_days = 90
        """, 'api_key_header = "X-API-Key"', C, "header name and endpoints")
    LK("openapi-security-schemes", "yaml", """
        components:
          securitySchemes:
            ApiKeyAuth:
              type: apiKey
              in: header
              name: X-API-Key
            bearerAuth:
              type: http
              scheme: bearer
              bearerFormat: JWT
        """, "type: apiKey", C, "OpenAPI security scheme")
    LK("nginx-tls-paths", "conf", """
        server {
            listen 443 ssl;
            ssl_certificate     /etc/nginx/tls/site.crt;
            ssl_certificate_key /etc/nginx/tls/site.key;
            ssl_password_file   /etc/nginx/tls/site.pass;
        }
        """, "ssl_certificate_key /etc/nginx/tls/site.key;", C, "paths to key files")
    LK("ssh-config-identity", "ssh_config", """
        Host bastion
          HostName 203.0.113.10
          User ops
          IdentityFile ~/.ssh/id_ed25519
          IdentitiesOnly yes
        """, "IdentityFile ~/.ssh/id_ed25519", C, "path to a key")
    LK("jwt-settings", "yml", """
        jwt:
          algorithm: RS256
          issuer: https://auth.@DOMAIN@
          audience: api
          expires_in: 3600
          private_key_path: /run/secrets/jwt.pem
        """, "private_key_path: /run/secrets/jwt.pem", C, "JWT settings without key material")
    LK("keycloak-password-policy", "json", """
        {
          "realm": "@ORG@",
          "passwordPolicy": "length(12) and digits(1) and notUsername(undefined)",
          "accessTokenLifespan": 300
        }
        """, '"passwordPolicy": "length(12) and digits(1) and notUsername(undefined)"', C, "realm policy")
    LK("vault-policy", "hcl", """
        path "secret/data/@APP@/*" {
          capabilities = ["read", "list"]
        }
        path "auth/token/renew-self" {
          capabilities = ["update"]
        }
        """, 'path "secret/data/', C, "Vault ACL policy")
    LK("iam-secrets-permission", "json", """
        {
          "Effect": "Allow",
          "Action": ["secretsmanager:GetSecretValue"],
          "Resource": "arn:aws:secretsmanager:eu-west-1:@A@:secret:prod/db-*"
        }
        """, "secretsmanager:GetSecretValue", C, "IAM permission", A=digits(12))
    LK("gitignore-secrets", "gitignore", """
        # never commit credentials
        .env
        *.pem
        secrets.auto.tfvars
        """, "secrets.auto.tfvars", C, "ignore rules")
    LK("spring-oauth-provider", "properties", """
        spring.security.oauth2.client.provider.corp.token-uri=https://sso.@DOMAIN@/oauth2/token
        spring.security.oauth2.client.provider.corp.authorization-uri=https://sso.@DOMAIN@/oauth2/authorize
        spring.security.oauth2.client.registration.corp.client-authentication-method=private_key_jwt
        """, "token-uri=https://sso.", C, "OAuth endpoints")
    LK("redis-acl-comment", "conf", """
        # users are defined in /etc/redis/users.acl (not in this file)
        aclfile /etc/redis/users.acl
        protected-mode yes
        """, "aclfile /etc/redis/users.acl", C, "pointer to an ACL file")


def build_ui_strings():
    C = "ui-string"
    LK("i18n-en-json", "json", """
        {
          "login.password": "Password",
          "login.forgot_password": "Forgot your password?",
          "settings.api_key": "API key",
          "settings.api_key_regenerated": "Your API key has been regenerated."
        }
        """, '"login.password": "Password"', C, "English strings")
    LK("i18n-fr-yml", "yml", """
        fr:
          auth:
            password: "Mot de passe"
            token_expired: "Votre jeton a expiré, veuillez vous reconnecter."
            secret_question: "Question secrète"
        """, 'password: "Mot de passe"', C, "French strings")
    LK("messages-de", "properties", """
        login.password=Passwort
        login.password.invalid=Das Passwort ist ungültig.
        apikey.label=API-Schlüssel
        """, "login.password=Passwort", C, "German message bundle")
    LK("gettext-po", "po", """
        #: templates/login.html:14
        msgid "Invalid token"
        msgstr "Jeton invalide"

        msgid "Password"
        msgstr "Mot de passe"
        """, 'msgid "Invalid token"', C, "gettext catalogue")
    LK("html-login-form", "html", """
        <form method="post" action="/login">
          <label for="password">Password</label>
          <input type="password" id="password" name="password" placeholder="Enter your password" autocomplete="current-password">
          <button type="submit">Sign in</button>
        </form>
        """, 'placeholder="Enter your password"', C, "HTML form")
    LK("react-token-label", "tsx", """
        export function TokenField({ value, onChange }: Props) {
          return (
            <label>
              API token
              <input type="password" value={value} onChange={onChange} placeholder="Paste your API token" />
            </label>
          );
        }
        """, 'placeholder="Paste your API token"', C, "React component")
    LK("go-error-strings", "go", """
        package auth

        import "errors"

        var (
        \tErrInvalidToken  = errors.New("invalid api token")
        \tErrWrongPassword = errors.New("password does not match")
        )
        """, 'errors.New("invalid api token")', C, "error messages")
    LK("android-strings", "xml", """
        <resources>
            <string name="password_hint">Password</string>
            <string name="api_key_title">Your API key</string>
            <string name="secret_saved">Secret saved to the keychain</string>
        </resources>
        """, '<string name="password_hint">Password</string>', C, "Android resources")
    LK("ios-localizable", "strings", """
        /* Login screen */
        "password_placeholder" = "Password";
        "token_expired" = "Your session token has expired.";
        "reset_password" = "Reset password";
        """, '"token_expired" = "Your session token has expired.";', C, "iOS Localizable.strings")
    LK("cli-help", "txt", """
        Usage: deployctl [OPTIONS] COMMAND

        Options:
          --token TOKEN        API token (default: $DEPLOYCTL_TOKEN)
          --password-stdin     Read the registry password from stdin
          -h, --help           Show this message and exit.
        """, "--token TOKEN", C, "CLI help text")
    LK("password-changed-email", "txt", """
        Subject: Your password was changed

        Hi {{ name }},
        the password for your account was changed on {{ date }}.
        If this wasn't you, reset it at https://@DOMAIN@/reset.
        """, "Subject: Your password was changed", C, "notification email")
    LK("i18n-es-json", "json", """
        {
          "apiKey": "Clave de API",
          "secretKey": "Clave secreta",
          "password": "Contraseña"
        }
        """, '"secretKey": "Clave secreta"', C, "Spanish strings")


def build_base64_data():
    C = "base64-data"
    png = b64(tiny_png())
    LK("png-data-uri", "css", """
        .badge {
          width: 16px;
          height: 16px;
          background: url("data:image/png;base64,@P@") no-repeat;
        }
        """, png, C, "tiny PNG as a data URI", P=png)
    LK("gif-pixel", "html", """
        <img alt="" width="1" height="1"
             src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==">
        <p>Thanks for subscribing.</p>
        """, "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", C, "1x1 GIF")
    lic = b64(b"Permission is hereby granted, free of charge, to any person obtaining a copy of this software")
    LK("license-base64", "json", """
        {
          "package": "left-pad",
          "license": "MIT",
          "licenseText": "@L@"
        }
        """, lic, C, "base64 of license text", L=lic)
    cfg = b64(json.dumps({"theme": "dark", "sidebar": True, "pageSize": 50}).encode())
    LK("configmap-binarydata", "yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ui-defaults
        binaryData:
          defaults.json: @C@
        """, cfg, C, "base64 of a JSON config in a ConfigMap", C=cfg)
    body = b64("Hello team,\n\nthe quarterly report is attached.\n\nBest,\nDana\n".encode())
    LK("mime-part", "eml", """
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: base64

        @B@
        """, body, C, "base64 MIME body", B=body)
    svg = b64(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#0a7"/></svg>')
    LK("svg-favicon", "html", """
        <head>
          <link rel="icon" href="data:image/svg+xml;base64,@S@">
          <title>Dashboard</title>
        </head>
        """, svg, C, "base64 SVG favicon", S=svg)
    wasm = retry(lambda: b64(b"\x00asm\x01\x00\x00\x00" + rbytes(150)))
    LK("wasm-inline", "js", """
        // generated by build-wasm.mjs, do not edit
        const bytes = Uint8Array.from(atob("@W@"), c => c.charCodeAt(0));
        export const module = await WebAssembly.compile(bytes);
        """, wasm, C, "inline WebAssembly module", W=wasm)
    font = retry(lambda: b64(b"wOF2\x00\x01\x00\x00" + rbytes(220)))
    LK("woff2-font", "css", """
        @font-face {
          font-family: "Icons";
          src: url(data:font/woff2;base64,@F@) format("woff2");
        }
        """, font, C, "inline font", F=font)
    hw = b64(b"hello, world")
    LK("base64-roundtrip", "py", """
        import base64

        def test_roundtrip():
            assert base64.b64encode(b"hello, world") == b"@H@"
        """, hw, C, "base64 of plain text in a test", H=hw)
    cert_b64 = retry(lambda: b64(L(*cert_lines()).encode()))
    LK("upstream-ca-secret", "yaml", """
        apiVersion: v1
        kind: Secret
        metadata:
          name: upstream-ca
        type: Opaque
        data:
          ca.crt: @C@
        """, cert_b64, C, "Secret object holding only a public CA certificate", C=cert_b64)


def build_high_entropy():
    C = "high-entropy"
    a, b = rand(HEX, 8), rand(HEX, 8)
    LK("asset-manifest", "json", """
        {
          "files": {
            "main.js": "/static/js/main.@A@.js",
            "main.css": "/static/css/main.@B@.css",
            "runtime.js": "/static/js/runtime.@C@.js"
          }
        }
        """, a, C, "cache-busting content hashes", A=a, B=b, C=rand(HEX, 8))
    bid = rand(B64URL, 21)
    LK("next-build-id", "html", """
        <script src="/_next/static/@B@/_buildManifest.js" defer></script>
        <script src="/_next/static/@B@/_ssgManifest.js" defer></script>
        <script id="__NEXT_DATA__" type="application/json">{"buildId":"@B@","page":"/"}</script>
        """, bid, C, "Next.js build id", B=bid)
    m = ",".join(rand("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", rng.randint(4, 7)) for _ in range(30))
    LK("sourcemap", "js.map", """
        {
          "version": 3,
          "file": "app.min.js",
          "sources": ["../src/app.ts"],
          "names": ["init", "state", "render"],
          "mappings": "@M@"
        }
        """, m, C, "source map VLQ mappings", M=m)
    a = rand(HEX, 40)
    LK("gnu-build-id", "txt", """
        $ readelf -n target/release/@APP@

        Displaying notes found in: .note.gnu.build-id
          Owner                Data size 	Description
          GNU                  0x00000014	NT_GNU_BUILD_ID (unique build ID bitstring)
            Build ID: @A@
        """, a, C, "ELF build id", A=a)
    g = "/".join(rand(B64URL, 20) for _ in range(4))
    add_look("go-buildid", "txt", L(f"$ go tool buildid ./bin/{pick(APPS)}", g, "$ go version ./bin/app",
                                         "./bin/app: go1.22.4"), g, C, "Go build id")
    k = rand(HEX, 64)
    LK("ci-cache-key", "log", """
        Run actions/cache@v4
        Cache hit for: node-cache-Linux-x64-npm-@K@
        Received 48213377 of 48213377 (100.0%), 91.2 MBs/sec
        Cache restored from key: node-cache-Linux-x64-npm-@K@
        """, k, C, "CI cache key (hash of lockfile)", K=k)
    h1, h2 = rand(HEX, 10), rand(LALNUM, 5)
    LK("pod-names", "txt", """
        NAME                              READY   STATUS    RESTARTS   AGE
        @APP@-@H1@-@H2@          1/1     Running   0          3d
        @APP@-@H1@-@H3@          1/1     Running   0          3d
        """, h1, C, "pod-template-hash suffixes", H1=h1, H2=h2, H3=rand(LALNUM, 5))
    cid = "bafybei" + rand("abcdefghijklmnopqrstuvwxyz234567", 52)
    LK("ipfs-cid", "json", """
        {
          "name": "Genesis #42",
          "image": "ipfs://@C@/42.png",
          "attributes": [{ "trait_type": "Background", "value": "Teal" }]
        }
        """, cid, C, "IPFS content id", C=cid)
    tx, addr = "0x" + rand(HEX, 64), "0x" + rand(HEX, 40)
    LK("eth-tx-hash", "json", """
        {
          "network": "mainnet",
          "contract": "@ADDR@",
          "deploy_tx": "@TX@",
          "block": 19423311
        }
        """, tx, C, "Ethereum address and transaction hash (public)", ADDR=addr, TX=tx)
    ids = [rand(B64URL, 11) for _ in range(3)]
    LK("youtube-ids", "yml", """
        playlist:
          - id: @A@
            title: Intro
          - id: @B@
            title: Deploying with Helm
        """, ids[0], C, "YouTube video ids", A=ids[0], B=ids[1])
    u1 = rand(HEX, 32)
    LK("unity-meta", "cs.meta", """
        fileFormatVersion: 2
        guid: @G@
        MonoImporter:
          externalObjects: {}
          serializedVersion: 2
        """, u1, C, "Unity asset GUID", G=u1)
    a, b = rand(UHEX, 24), rand(UHEX, 24)
    LK("xcode-pbxproj", "pbxproj", """
        /* Begin PBXBuildFile section */
        \t\t@A@ /* AppDelegate.swift in Sources */ = {isa = PBXBuildFile; fileRef = @B@ /* AppDelegate.swift */; };
        \t\t@C@ /* Assets.xcassets in Resources */ = {isa = PBXBuildFile; fileRef = @D@ /* Assets.xcassets */; };
        /* End PBXBuildFile section */
        """, a, C, "Xcode object ids", A=a, B=b, C=rand(UHEX, 24), D=rand(UHEX, 24))
    g = uuid4().upper()
    LK("sln-guids", "sln", """
        Microsoft Visual Studio Solution File, Format Version 12.00
        Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Api", "src\\Api\\Api.csproj", "{@G@}"
        EndProject
        """, g, C, "project GUIDs", G=g)
    n = rand(HEX, 24)
    LK("aead-vectors", "json", """
        {
          "description": "ChaCha20-Poly1305 vectors for the codec unit tests",
          "tests": [
            { "name": "vector-7", "nonce": "@N@", "aad": "", "tag": "@T@" }
          ]
        }
        """, n, C, "nonce in a named test vector", N=n, T=rand(HEX, 32))
    css = [rand(B64URL[:-2], 5) for _ in range(3)]
    LK("css-modules", "css", """
        .Button_primary__@A@{background:#0a7;color:#fff}
        .Button_ghost__@B@{background:transparent}
        .Card_root__@C@{border-radius:8px}
        """, css[0], C, "CSS module class hashes", A=css[0], B=css[1], C=css[2])


def build_test_credentials():
    C = "test-credential"
    LK("user-factory", "py", """
        import pytest

        @pytest.fixture
        def user(db):
            return User.objects.create_user("alice", "alice@localhost", password="password")
        """, 'password="password"', C, "trivial password in a fixture")
    LK("compose-local-postgres", "docker-compose.dev.yml", """
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_USER: postgres
              POSTGRES_PASSWORD: postgres
            ports: ["5432:5432"]
        """, "POSTGRES_PASSWORD: postgres", C, "local dev default")
    LK("rails-users", "yml", """
        # test/fixtures/users.yml
        admin:
          email: admin@localhost
          password: secret
          role: admin
        """, "password: secret", C, "fixture password 'secret'")
    LK("user-validation", "java", """
        @Test
        void rejectsShortPasswords() {
            User u = new User("alice", "hunter2");
            assertThrows(ValidationException.class, () -> validator.validate(u));
        }
        """, '"hunter2"', C, "hunter2 in a unit test")
    LK("login-admin", "js", """
        test('logs in with the seeded admin', async () => {
          const res = await login('admin', 'admin');
          expect(res.status).toBe(200);
        });
        """, "login('admin', 'admin')", C, "admin/admin in a test")
    LK("qa-user", "json", """
        {
          "email": "qa-user@localhost",
          "password": "letmein"
        }
        """, '"password": "letmein"', C, "letmein fixture")
    LK("client-token", "go", """
        func TestClientSendsToken(t *testing.T) {
        \tsrv := httptest.NewServer(handler(t, "test-token"))
        \tdefer srv.Close()
        \tc := New(srv.URL, "test-token")
        \t_ = c.Ping()
        }
        """, '"test-token"', C, "test-token against an httptest server")
    LK("compose-mysql-root", "docker-compose.override.yml", """
        services:
          mysql:
            environment:
              MYSQL_ROOT_PASSWORD: root
              MYSQL_DATABASE: app_dev
        """, "MYSQL_ROOT_PASSWORD: root", C, "root/root local dev")
    LK("rabbitmq-guest", "env.development", """
        # local development only
        BROKER_URL=amqp://guest:guest@localhost:5672/
        CACHE_URL=redis://localhost:6379/0
        """, "amqp://guest:guest@localhost:5672/", C, "RabbitMQ default guest account on localhost")
    LK("h2-datasource", "properties", """
        # src/test/resources/application-test.properties
        spring.datasource.url=jdbc:h2:mem:testdb
        spring.datasource.username=sa
        spring.datasource.password=
        """, "spring.datasource.password=", C, "H2 in-memory test database")
    LK("signup-flow", "py", """
        def test_signup(driver):
            driver.get("http://localhost:8000/signup")
            driver.find_element(By.NAME, "password").send_keys("correct horse battery staple")
            driver.find_element(By.ID, "submit").click()
        """, "correct horse battery staple", C, "famous sample passphrase in a browser test")
    LK("keycloak-dev-admin", "docker-compose.yml", """
        services:
          keycloak:
            image: quay.io/keycloak/keycloak:25.0
            command: start-dev
            environment:
              KEYCLOAK_ADMIN: admin
              KEYCLOAK_ADMIN_PASSWORD: admin
        """, "KEYCLOAK_ADMIN_PASSWORD: admin", C, "start-dev admin/admin")
    LK("minio", "env.local", """
        MINIO_ROOT_USER=minioadmin
        MINIO_ROOT_PASSWORD=minioadmin
        MINIO_ENDPOINT=http://localhost:9000
        """, "MINIO_ROOT_PASSWORD=minioadmin", C, "MinIO documented default")
    LK("elastic-single-node", "docker-compose.yml", """
        services:
          es:
            image: docker.elastic.co/elasticsearch/elasticsearch:8.14.0
            environment:
              - discovery.type=single-node
              - ELASTIC_PASSWORD=changeme
        """, "ELASTIC_PASSWORD=changeme", C, "changeme in local compose")
    LK("php-login-case", "php", """
        public function testLoginFailsWithWrongPassword(): void
        {
            $response = $this->post('/login', ['email' => 'a@localhost', 'password' => 'test']);
            $response->assertStatus(422);
        }
        """, "'password' => 'test'", C, "'test' password in PHPUnit")
    LK("session-model", "rb", """
        RSpec.describe Session do
          let(:user) { create(:user, password: "password123") }

          it { expect(described_class.new(user.email, "password123")).to be_valid }
        end
        """, 'password: "password123"', C, "password123 in a spec")


def build_publishable():
    C = "publishable-key"
    pk = "pk_live_51" + rand(ALNUM, 97)
    LK("stripe-pk-live", "ts", """
        import { loadStripe } from "@stripe/stripe-js";

        // publishable key: safe to ship to browsers
        export const stripePromise = loadStripe("@PK@");
        """, pk, C, "Stripe publishable key (public by design)", PK=pk)
    pk = "pk_test_51" + rand(ALNUM, 97)
    LK("stripe-pk-dev", "env.development", """
        NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=@PK@
        NEXT_PUBLIC_APP_URL=http://localhost:3000
        NEXT_PUBLIC_SENTRY_ENV=development
        """, pk, C, "Stripe test publishable key", PK=pk)
    d = {"u": pick(ORGS) + "maps", "a": rand(LALNUM, 25)}
    pk = "pk." + b64u(json.dumps(d, separators=(",", ":")).encode()) + "." + rand(B64URL, 22)
    LK("mapbox-pk", "js", """
        mapboxgl.accessToken = "@PK@";
        const map = new mapboxgl.Map({ container: "map", style: "mapbox://styles/mapbox/streets-v12" });
        map.addControl(new mapboxgl.NavigationControl());
        """, pk, C, "Mapbox public (pk.) token", PK=pk)
    pk = "phc_" + rand(ALNUM, 43)
    LK("posthog-phc", "html", """
        <script>
          posthog.init('@PK@', { api_host: 'https://eu.i.posthog.com' })
        </script>
        <noscript>analytics disabled</noscript>
        """, pk, C, "PostHog project API key (public)", PK=pk)
    sk = "6L" + rand(B64URL, 38)
    LK("recaptcha-sitekey", "html", """
        <form action="/contact" method="post">
          <textarea name="message"></textarea>
          <div class="g-recaptcha" data-sitekey="@SK@"></div>
          <button>Send</button>
        </form>
        """, sk, C, "reCAPTCHA site key (public)", SK=sk)
    front = b64(f"clerk.{pick(DOMAINS)}$".encode()).rstrip("=")
    pk = "pk_live_" + front
    LK("clerk-frontend", "env.production", """
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=@PK@
        NEXT_PUBLIC_CLERK_SIGN_IN_URL=/sign-in
        NEXT_PUBLIC_CLERK_SIGN_UP_URL=/sign-up
        """, pk, C, "Clerk publishable key (base64 of the frontend API host)", PK=pk)


# ----------------------------------------------------------------------------- assembly

def build_providers():
    def cycler(items):
        while True:
            items = list(items)
            rng.shuffle(items)
            yield from items

    generic, header = cycler(GENERIC_CONTEXTS), cycler(HEADER_CONTEXTS)
    for spec in PROVIDERS:
        for i in range(spec["n"]):
            v = spec["gen"]()
            if i < len(spec["special"]):
                fn = spec["special"][i]
            else:
                assert isinstance(v, str), spec["name"]
                fn = next(header) if spec["hdr"] and rng.random() < 0.4 else next(generic)
            out = fn(spec, v)
            ext, text = out[0], out[1]
            needle = out[2] if len(out) > 2 else v
            ctx = fn.__name__.split("_", 1)[1].replace("_", "-")
            if ctx.startswith(spec["provider"] + "-"):
                ctx = ctx[len(spec["provider"]) + 1:]
            elif ctx == spec["provider"]:
                ctx = "client"
            note = f"{spec['note'] or spec['name']}; context: {ctx}"
            value = v if isinstance(v, str) else v[1]
            if value not in text:          # e.g. Docker config.json holds base64(user:token)
                value = needle
            add_secret(f"{spec['provider']}-{ctx}", ext, text, needle, "provider-token", spec["provider"],
                       note, value)


# Patterns of real-format credentials; a look-alike must not hold a match that looks random.
REAL_FORMATS = [
    r"AKIA[A-Z2-7]{16}", r"gh[pousr]_[A-Za-z0-9]{36}", r"github_pat_\w{80,}", r"glpat-[\w-]{20}",
    r"xox[bpae]-[\w-]{20,}", r"[sr]k_live_[A-Za-z0-9]{20,}", r"SG\.[\w-]{22}\.[\w-]{43}",
    r"sk-proj-[\w-]{20,}", r"sk-ant-[\w-]{20,}", r"AIza[\w-]{35}", r"dop_v1_[a-f0-9]{64}",
    r"npm_[A-Za-z0-9]{36}", r"pypi-AgEI[\w-]{50,}", r"dckr_pat_[\w-]{27}", r"hf_[A-Za-z]{34}",
    r"shpat_[a-f0-9]{32}", r"NRAK-[A-Z0-9]{27}", r"hvs\.[\w-]{24,}", r"dp\.(?:pt|st)\.[\w.]{40,}",
    r"lin_api_\w{40}", r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}", r"glsa_\w{32}_[a-f0-9]{8}", r"figd_[\w-]{40}",
    r"AGE-SECRET-KEY-1[0-9A-Z]{58}", r"-----BEGIN[A-Z ]*PRIVATE KEY-----\s*(?:\\n|\n)\s*[A-Za-z0-9+/]{40}",
    r"hooks\.slack\.com/services/T\w+/B\w+/\w{24}", r"discord(?:app)?\.com/api/webhooks/\d+/[\w-]{60,}",
]


def looks_random(tok):
    return clean(tok) and not re.search(r"(.)\1{5}", tok)


def check_lookalike(text, path):
    for pat in REAL_FORMATS:
        for m in re.finditer(pat, text):
            tok = m.group(0)
            if tok[:4] in ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_") and not crc_ok(tok, tok[:4]):
                continue
            assert not looks_random(tok), f"{path}: real-format credential {tok!r}"


# File names must not give the label away (no "test", "example", "placeholder", ... in a name).
NAME_SUBSTRINGS = ("test", "example", "sample", "fake", "dummy", "placeholder", "mock", "fixture",
                   "redact", "changeme", "change-me", "sequential", "template", "publishable",
                   "lookalike", "masked", "leak")
NAME_TOKENS = {"docs", "doc", "spec", "unit", "dots", "your", "xyz", "todo", "mask", "zeros", "x"}


def check_name(name):
    low = name.lower()
    assert not any(w in low for w in NAME_SUBSTRINGS), name
    assert not set(re.split(r"[-._]", low)) & NAME_TOKENS, name


def write_corpus():
    for kind in ("secret", "lookalike"):
        shutil.rmtree(os.path.join(HERE, kind), ignore_errors=True)
        os.makedirs(os.path.join(HERE, kind))
    rng.shuffle(SECRETS)
    rng.shuffle(LOOKALIKES)
    secret_values = [c["value"] for c in SECRETS]
    assert len(set(secret_values)) == len(secret_values), "duplicate secret value"
    truth = []
    for kind, cases in (("secret", SECRETS), ("lookalike", LOOKALIKES)):
        seen = set()
        for i, c in enumerate(cases, 1):
            assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", c["slug"]), c["slug"]
            path = f"{kind}/{i:04d}-{c['slug']}.{c['ext']}"
            check_name(f"{c['slug']}.{c['ext']}")
            assert path not in seen
            seen.add(path)
            text = c["text"]
            assert text.endswith("\n") and "\r" not in text, path
            lines = text.split("\n")[:-1]
            assert 3 <= len(lines) <= 20, f"{path}: {len(lines)} lines"
            hits = [n for n, line in enumerate(lines, 1) if c["needle"] in line]
            assert hits, f"{path}: value not found"
            line = hits[0]
            assert c["needle"] in lines[line - 1]
            if kind == "secret":
                assert no_banned(c["value"]), f"{path}: hint word in the value"
            if kind == "lookalike":
                check_lookalike(text, path)
                for v in secret_values:
                    assert v not in text, f"{path} holds a secret value"
            with open(os.path.join(HERE, path), "w", newline="\n") as f:
                f.write(text)
            row = {"path": path, "kind": kind, "category": c["category"]}
            if kind == "secret":
                row["provider"] = c["provider"]
            row["line"] = line
            row["note"] = c["note"]
            truth.append(row)
    with open(os.path.join(HERE, "truth.jsonl"), "w", newline="\n") as f:
        for row in truth:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return truth


def main():
    build_providers()
    build_passwords()
    build_urls()
    build_http_auth()
    build_private_keys()
    build_jwts()
    build_k8s_data()
    build_generic_keys()

    build_placeholders()
    build_env_refs()
    build_template_refs()
    build_docs_examples()
    build_fake_tokens()
    build_truncated()
    build_hashes()
    build_identifiers()
    build_public_keys()
    build_certificates()
    build_encrypted()
    build_code_refs()
    build_config_keys()
    build_ui_strings()
    build_base64_data()
    build_high_entropy()
    build_test_credentials()
    build_publishable()

    truth = write_corpus()
    kinds = collections.Counter(r["kind"] for r in truth)
    assert kinds["secret"] >= 220 and kinds["lookalike"] >= 220, kinds
    cats = collections.Counter((r["kind"], r["category"]) for r in truth)
    providers = {r["provider"] for r in truth if r["kind"] == "secret" and r["category"] == "provider-token"}
    for kind in ("secret", "lookalike"):
        print(f"{kind}: {kinds[kind]}")
        for (k, cat), n in sorted(cats.items()):
            if k == kind:
                print(f"  {cat:20} {n}")
    print(f"distinct providers (provider-token): {len(providers)}")


if __name__ == "__main__":
    main()
