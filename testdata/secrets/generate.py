#!/usr/bin/env python3
"""Writes the secrets fixture repository: planted credentials of every provider gatehouse covers
(all random, none real) plus look-alike negatives, and expected.toml listing each planted secret's
path, line and rule. Deterministic (fixed seed); re-run after changing it and commit the output.

Usage: python3 testdata/secrets/generate.py
"""
import base64
import os
import random
import shutil
import string

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.join(HERE, "repo")
rng = random.Random(20261122)

UP = string.ascii_uppercase
LOW = string.ascii_lowercase
DIG = string.digits
ALNUM = UP + LOW + DIG
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"
BAD = ("xxxx", "example", "fake", "dummy", "abcdefgh", "0123456789", "redacted", "placeholder",
       "changeme", "sample")


planted = []    # every random secret part of 8+ characters: no output may contain one


def rand(alphabet, n):
    while True:
        s = "".join(rng.choice(alphabet) for _ in range(n))
        if not any(b in s.lower() for b in BAD):
            if n >= 8:
                planted.append(s)
            return s


def pem_body(lines=8, width=64):
    return "\n".join(rand(B64, width) for _ in range(lines))


files = {}      # path -> list of lines
expected = []   # (path, line, rule)


def add(path, lines, rule_lines=()):
    """lines: list of str; rule_lines: (1-based line, rule) pairs."""
    files[path] = lines
    for line, rule in rule_lines:
        expected.append((path, line, rule))


aws_id = "AKIA" + rand("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
aws_secret = rand(B64, 40)
add("config/aws.env", [
    "# AWS credentials for the deploy user",
    f"AWS_ACCESS_KEY_ID={aws_id}",
    f"AWS_SECRET_ACCESS_KEY={aws_secret}",
    "AWS_REGION=eu-west-1",
], [(2, "aws-access-key-id"), (3, "aws-secret-access-key")])

add(".github/workflows/release.yml", [
    "name: release",
    "on: push",
    "env:",
    f"  GH_TOKEN: ghp_{rand(ALNUM, 36)}",
    f"  FINE_GRAINED: github_pat_{rand(ALNUM + '_', 82)}",
    f"  OAUTH: gho_{rand(ALNUM, 36)}",
    f"  APP_USER: ghu_{rand(ALNUM, 36)}",
    f"  APP_INSTALL: ghs_{rand(ALNUM, 36)}",
    f"  APP_REFRESH: ghr_{rand(ALNUM, 76)}",
    "jobs: {}",
], [(4, "github-pat-classic"), (5, "github-pat-fine-grained"), (6, "github-oauth-token"),
    (7, "github-app-token"), (8, "github-app-token"), (9, "github-refresh-token")])

add("ci/gitlab.sh", [
    "#!/bin/sh",
    f"export GITLAB_TOKEN=glpat-{rand(URLSAFE, 20)}",
    f"curl -X POST -F token=glptt-{rand(HEX, 40)} https://gitlab.internal/api/v4/projects/1/trigger/pipeline",
    f"gitlab-runner register --token glrt-{rand(URLSAFE, 24)}",
    f"DEPLOY_TOKEN=gldt-{rand(URLSAFE, 20)}",
], [(2, "gitlab-pat"), (3, "gitlab-pipeline-trigger-token"), (4, "gitlab-runner-token"),
    (5, "gitlab-deploy-token")])

add("app/notify.py", [
    "import slack_sdk",
    "",
    f'BOT = "xoxb-{rand(DIG, 12)}-{rand(DIG, 13)}-{rand(ALNUM, 24)}"',
    f'USER = "xoxp-{rand(DIG, 12)}-{rand(DIG, 12)}-{rand(DIG, 13)}-{rand(HEX, 32)}"',
    f'APP = "xapp-1-A{rand(UP + DIG, 10)}-{rand(DIG, 13)}-{rand(HEX, 64)}"',
    f'WEBHOOK = "https://hooks.slack.com/services/T{rand(UP + DIG, 8)}/B{rand(UP + DIG, 10)}/{rand(ALNUM, 24)}"',
], [(3, "slack-bot-token"), (4, "slack-user-token"), (5, "slack-app-token"),
    (6, "slack-webhook-url")])

add("billing/stripe.js", [
    "const Stripe = require('stripe');",
    f"const live = Stripe('sk_live_{rand(ALNUM, 24)}');",
    f"const restricted = 'rk_live_{rand(ALNUM, 32)}';",
    f"const testKey = 'sk_test_{rand(ALNUM, 24)}';",
], [(2, "stripe-live-secret-key"), (3, "stripe-restricted-key"), (4, "stripe-test-secret-key")])

add("web/maps.html", [
    "<!doctype html>",
    f'<script src="https://maps.googleapis.com/maps/api/js?key=AIza{rand(URLSAFE, 35)}&callback=init"></script>',
], [(2, "google-api-key")])

add("web/oauth.json", [
    '{"web": {',
    '  "client_id": "1234-abc.apps.googleusercontent.com",',
    f'  "client_secret": "GOCSPX-{rand(URLSAFE, 28)}"',
    "}}",
], [(3, "google-oauth-client-secret")])

sa_key_body = "\\n".join(rand(B64, 64) for _ in range(6))
add("gcp/service-account.json", [
    "{",
    '  "type": "service_account",',
    '  "project_id": "billing-prod",',
    f'  "private_key_id": "{rand(HEX, 40)}",',
    f'  "private_key": "-----BEGIN PRIVATE KEY-----\\n{sa_key_body}\\n-----END PRIVATE KEY-----\\n",',
    '  "client_email": "deployer@billing-prod.iam.gserviceaccount.com"',
    "}",
], [(4, "gcp-service-account-key"), (5, "private-key-pkcs8")])

add("deploy/azure.env", [
    f"AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=billingprod;AccountKey={rand(B64, 86)}==;EndpointSuffix=core.windows.net",
    f"AZURE_CLIENT_SECRET={rand(ALNUM, 3)}8Q~{rand(ALNUM + '_~.-', 34)}",
], [(1, "azure-storage-connection-string"), (2, "azure-ad-client-secret")])

for name, kind, rule in [
    ("keys/id_rsa", "RSA PRIVATE KEY", "private-key-rsa"),
    ("keys/ec.pem", "EC PRIVATE KEY", "private-key-ec"),
    ("keys/dsa.pem", "DSA PRIVATE KEY", "private-key-dsa"),
    ("keys/id_ed25519", "OPENSSH PRIVATE KEY", "private-key-openssh"),
    ("keys/pkcs8.pem", "PRIVATE KEY", "private-key-pkcs8"),
    ("keys/encrypted.pem", "ENCRYPTED PRIVATE KEY", "private-key-pkcs8-encrypted"),
]:
    add(name, [f"-----BEGIN {kind}-----"] + pem_body().split("\n") + [f"-----END {kind}-----"],
        [(1, rule)])

add("keys/signing.asc", [
    "-----BEGIN PGP PRIVATE KEY BLOCK-----",
    "",
] + pem_body(10).split("\n") + [f"={rand(B64, 4)}", "-----END PGP PRIVATE KEY BLOCK-----"],
    [(1, "private-key-pgp")])

def b64url(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# A token whose header and payload decode to JSON, as every real JWT's do.
jwt_sub, jwt_sid = rand(URLSAFE, 30), rand(URLSAFE, 60)
jwt = (b64url('{"alg":"HS256","typ":"JWT"}') + "."
       + b64url('{"sub":"%s","sid":"%s","iat":1764979200}' % (jwt_sub, jwt_sid)) + "."
       + rand(URLSAFE, 43))
add("api/session.ts", [
    "export const session = {",
    f"  bearer: '{jwt}',",
    "};",
], [(2, "jwt")])

add(".npmrc", [
    f"//registry.npmjs.org/:_authToken=npm_{rand(ALNUM, 36)}",
    f"//npm.pkg.internal/:_authToken={rand(B64, 40)}",
], [(1, "npm-access-token"), (2, "npmrc-auth-token")])

add(".pypirc", [
    "[pypi]",
    "username = __token__",
    f"password = pypi-AgEIcHlwaS5vcmc{rand(URLSAFE, 70)}",
], [(3, "pypi-upload-token")])

add("services/sms.rb", [
    "# Twilio client",
    f'TWILIO_API_KEY = "SK{rand(HEX, 32)}"',
    f'TWILIO_AUTH_TOKEN = "{rand(HEX, 32)}"',
], [(2, "twilio-api-key"), (3, "twilio-auth-token")])

add("mail/sendgrid.go", [
    "package mail",
    "",
    f'const sendgridKey = "SG.{rand(URLSAFE, 22)}.{rand(URLSAFE, 43)}"',
], [(3, "sendgrid-api-key")])

add("mail/mailgun.php", [
    "<?php",
    f"$mg = Mailgun::create('key-{rand(HEX, 32)}');",
    f"$chimp = new MailChimp('{rand(HEX, 32)}-us6');",
], [(2, "mailgun-api-key"), (3, "mailchimp-api-key")])

add("shop/app.rb", [
    f"ShopifyAPI::Context.setup(access_token: 'shpat_{rand(HEX, 32)}',",
    f"  api_secret_key: 'shpss_{rand(HEX, 32)}')",
], [(1, "shopify-access-token"), (2, "shopify-shared-secret")])

add("bots/discord.env", [
    f"DISCORD_BOT_TOKEN=M{rand(ALNUM, 25)}.{rand(URLSAFE, 6)}.{rand(URLSAFE, 38)}",
    f"ALERTS=https://discord.com/api/webhooks/{rand(DIG, 18)}/{rand(URLSAFE, 68)}",
], [(1, "discord-bot-token"), (2, "discord-webhook-url")])

add("bots/telegram.py", [
    f'bot = telegram.Bot("{rand(DIG, 10)}:AA{rand(URLSAFE, 33)}")',
], [(1, "telegram-bot-token")])

add("deploy/heroku.sh", [
    f"export HEROKU_API_KEY={rand(HEX, 8)}-{rand(HEX, 4)}-{rand(HEX, 4)}-{rand(HEX, 4)}-{rand(HEX, 12)}",
    f"heroku auth:token HRKU-{rand(URLSAFE, 60)}",
], [(1, "heroku-api-key"), (2, "heroku-api-key-v2")])

add("deploy/vault.hcl", [
    f'token = "hvs.{rand(URLSAFE, 95)}"',
    f'batch = "hvb.{rand(URLSAFE, 150)}"',
    f'vault_token = "s.{rand(ALNUM, 24)}"',
], [(1, "vault-service-token"), (2, "vault-batch-token"), (3, "vault-legacy-token")])

add(".docker/config.json", [
    "{",
    '  "auths": {',
    '    "registry.internal:5000": {',
    f'      "auth": "{rand(B64, 40)}="',
    "    }",
    "  }",
    "}",
], [(4, "docker-config-auth")])

add("config/database.yml", [
    "production:",
    f"  url: postgres://billing:{rand(ALNUM, 18)}@db.internal:5432/billing",
    f"  replica: mongodb+srv://reader:{rand(ALNUM, 16)}@cluster0.internal/app",
    f"  cache: redis://default:{rand(ALNUM, 20)}@cache.internal:6379/0",
    f"  jdbc: jdbc:mysql://app:{rand(ALNUM, 14)}@mysql.internal:3306/app",
], [(2, "database-url-password"), (3, "database-url-password"), (4, "database-url-password"),
    (5, "database-url-password")])

add("config/app.env", [
    "# runtime settings",
    f"DB_PASSWORD={rand(ALNUM, 14)}",
    "DB_HOST=db.internal",
    f"export SMTP_PASSWORD={rand(ALNUM, 12)}",
], [(2, "generic-secret-unquoted"), (4, "generic-secret-unquoted")])

add("config/app.yaml", [
    "database:",
    "  host: db.internal",
    f"  password: {rand(ALNUM, 16)}",
    "  password_file: /run/secrets/db",
    "  token_url: https://auth.internal/oauth/token",
], [(3, "generic-secret-unquoted")])

add("app/settings.py", [
    "import os",
    "",
    f'SECRET_KEY = "{rand(ALNUM + "!#%^&*", 40)}"',
    f"db_password = '{rand(ALNUM + '!#%', 16)}'",
    'DEBUG = False',
    f'ADMIN_PASSWORD = "{rand(ALNUM + "!#%", 10)}"',
], [(3, "generic-secret-assignment"), (4, "generic-secret-assignment"),
    (6, "generic-secret-assignment")])

add("infra/cloud.tf", [
    'provider "digitalocean" {',
    f'  token = "dop_v1_{rand(HEX, 64)}"',
    "}",
    f'# tfc: {rand(ALNUM, 14)}.atlasv1.{rand(URLSAFE, 67)}',
    f'# doppler: dp.pt.{rand(ALNUM, 43)}',
], [(2, "digitalocean-token"), (4, "terraform-cloud-token"), (5, "doppler-token")])

add("ml/clients.py", [
    f'openai_client = OpenAI(api_key="sk-proj-{rand(URLSAFE, 40)}T3BlbkFJ{rand(URLSAFE, 40)}")',
    f'claude = Anthropic(api_key="sk-ant-api03-{rand(URLSAFE, 93)}AA")',
], [(1, "openai-api-key"), (2, "anthropic-api-key")])

add("tools/integrations.yaml", [
    f"linear: lin_api_{rand(ALNUM, 40)}",
    f"postman: PMAK-{rand(HEX, 24)}-{rand(HEX, 34)}",
    f"newrelic: NRAK-{rand(UP + DIG, 27)}",
    f"age: AGE-SECRET-KEY-1{rand(UP + DIG, 58)}",
], [(1, "linear-api-key"), (2, "postman-api-key"), (3, "new-relic-user-api-key"),
    (4, "age-secret-key")])

# ---- Look-alike negatives: nothing below may be reported. -------------------------------------
add("negatives/docs.md", [
    "# Configuration",
    "",
    "Set `AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE` and",
    "`AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY` (the AWS documentation keys).",
    "A classic token looks like `ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`.",
    "Slack: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
    "Stripe: sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
    "Too short to be a token: ghp_abc123",
])
add("negatives/settings.py", [
    "import os",
    'password = os.environ["DB_PASSWORD"]',
    'api_key = os.getenv("API_KEY")',
    'secret = "${APP_SECRET}"',
    'token = "<your-token-here>"',
    'db_password = "changeme"',
    'password = "password"',
    'auth_token = "{{ vault_token }}"',
    'SECRET_KEY_FILE = "config/secret_key.txt"',
    'TOKEN_HEADER = "X-Auth-Token"',
    'password_field = "password_confirmation"',
    'secret_name = "billing-db-credentials"',
    "token = get_token()",
    "token = user.token",
    'api_key = f"{API_PREFIX}-{key_id}"',
    'secret_id = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app"',
    'secret_path = "MyApp/Prod/DbCreds"',
])
add("negatives/settings.env", [
    "DB_PASSWORD=${DB_PASSWORD}",
    "API_TOKEN=",
    "TOKEN_TTL=3600",
    "PASSWORD_MIN_LENGTH=12",
    "SECRET_BACKEND=vault",
    "AUTH_TOKEN_URL=https://auth.internal/token",
])
add("negatives/urls.yml", [
    "database: postgres://localhost:5432/app",
    "replica: postgres://user:${PGPASSWORD}@db.internal:5432/app",
    "cache: redis://cache.internal:6379/0",
    "docs: https://user@example.com/path",
    "template: mysql://app:password@localhost/app",
])
add("negatives/keys.txt", [
    "-----BEGIN PUBLIC KEY-----",
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE" + "q" * 8,
    "-----END PUBLIC KEY-----",
    "-----BEGIN CERTIFICATE-----",
    "MIIBszCCAVmgAwIBAgIUQ" + "w" * 20,
    "-----END CERTIFICATE-----",
    "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "uuid: 123e4567-e89b-12d3-a456-426614174000",
    "mailgun-like: key-notreallyhex",
])

if os.path.isdir(REPO):
    shutil.rmtree(REPO)
for path, lines in files.items():
    full = os.path.join(REPO, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")

with open(os.path.join(HERE, "expected.toml"), "w") as f:
    f.write("# Generated by generate.py: every planted secret (path, 1-based line, rule).\n")
    for path, line, rule in sorted(expected):
        f.write(f'\n[[finding]]\npath = "{path}"\nline = {line}\nrule = "{rule}"\n')
    f.write("\n# Random parts of the planted secrets; no output format may contain any of them.\n")
    f.write("[planted]\nparts = [\n")
    for part in planted:
        f.write(f"  '{part}',\n")
    f.write("]\n")
print(f"{len(files)} files, {len(expected)} planted secrets, {len(set(r for _, _, r in expected))} rules")
