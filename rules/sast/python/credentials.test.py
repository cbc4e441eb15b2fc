import os, jwt, psycopg2

# gatehouse-expect: python-hardcoded-secret-key
SECRET_KEY = "django-insecure-q8#v2Lr!x7Tn4Kw0pmz"
# gatehouse-ok: python-hardcoded-secret-key
SECRET_KEY = os.environ["SECRET_KEY"]
# gatehouse-expect: python-hardcoded-secret-key
app.config["SECRET_KEY"] = "flask-dev-secret-value"
# gatehouse-ok: python-hardcoded-secret-key
app.secret_key = os.urandom(32)

def token(user):
    # gatehouse-expect: python-jwt-hardcoded-key
    return jwt.encode({"sub": user}, "super-secret-signing-key", algorithm="HS256")

def token2(user):
    # gatehouse-expect: python-jwt-hardcoded-key
    return jwt.encode({"sub": user}, "k3y")

def token3(user, key):
    # gatehouse-ok: python-jwt-hardcoded-key
    return jwt.encode({"sub": user}, key, algorithm="HS256")

def token4(user):
    # gatehouse-ok: python-jwt-hardcoded-key
    return jwt.encode({"sub": user}, os.environ["JWT_KEY"], algorithm="HS256")

def connect():
    # gatehouse-expect: python-hardcoded-password-argument
    a = psycopg2.connect(host="db", user="app", password="Tr0ub4dor&3")
    # gatehouse-expect: python-hardcoded-password-argument
    b = pymysql.connect(host="db", user="app", passwd='hunter22!')
    # gatehouse-ok: python-hardcoded-password-argument
    c = psycopg2.connect(host="db", user="app", password=os.environ["PGPASSWORD"])
    # gatehouse-ok: python-hardcoded-password-argument
    d = psycopg2.connect(host="db", user="app", password="")
    # gatehouse-expect: python-hardcoded-password-argument
    e = VaultClient(url="https://vault.internal", token="Lp8Vz2Qr6Km4Xt")
    # gatehouse-expect: python-hardcoded-password-argument
    f = OAuth2Session(client_id="portal", client_secret="Qw3rT7yU2iO9pA")
    # gatehouse-ok: python-hardcoded-password-argument
    g = OAuth2Session(client_id="portal", token_type="Bearer")
    return a, b, c, d, e, f, g

# gatehouse-expect: python-hardcoded-password-argument
def reporting_db(user, password="Ws5kN8qPz2Rv"):
    return psycopg2.connect(host="reports", user=user, password=password)

class Metrics:
    # gatehouse-expect: python-hardcoded-password-argument
    def __init__(self, endpoint: str, api_token: str = "Zx4Nq8Rm2Vt6Kp"):
        self.endpoint = endpoint

# gatehouse-ok: python-hardcoded-password-argument
def reporting_db_env(user, password=None):
    return psycopg2.connect(host="reports", user=user, password=password)

# gatehouse-expect: python-hardcoded-password-string
DATABASE_PASSWORD = "Vq7#pL2m9xRt"
# gatehouse-expect: python-hardcoded-password-string
SLACK_BOT_TOKEN: str = "Rk2Pm8Xv4Qn7Lz5Wt"
# gatehouse-ok: python-hardcoded-password-string
TOKEN_TYPE = "Bearer"
# gatehouse-ok: python-hardcoded-password-string
PASSWORD_RESET_URL = "/accounts/reset/"
# gatehouse-ok: python-hardcoded-password-string
DATABASE_PASSWORD = os.environ["DATABASE_PASSWORD"]
# gatehouse-ok: python-hardcoded-password-string
ADMIN_PASSWORD = ""

DATABASES = {
    "default": {
        # gatehouse-expect: python-hardcoded-password-string
        "PASSWORD": "Hn4-vQ8zXr2Lm7",
        # gatehouse-ok: python-hardcoded-password-string
        "USER": "portal",
    }
}

class Mailer:
    def __init__(self, cfg):
        # gatehouse-expect: python-hardcoded-password-string
        self.smtp_password = "Bv7Rt2Lq9Xm4"
        # gatehouse-expect: python-hardcoded-password-string
        cfg["api_token"] = "Mz8Qv3Lx6Tn2Rk"
        # gatehouse-ok: python-hardcoded-password-string
        self.password_hash = "pbkdf2_sha256"

def is_break_glass(password):
    # gatehouse-expect: python-hardcoded-password-string
    return password == "Gk5-Vr9xQm2Z"

def is_same(password, other):
    # gatehouse-ok: python-hardcoded-password-string
    return password == other


SIGNING_KEY = "kJ8#x2!vQ9zLm4Tq"


def signing_key():
    return "rotated-2024-05-key"


def tokens(user):
    # gatehouse-expect: python-jwt-hardcoded-key
    a = jwt.encode({"sub": user}, SIGNING_KEY, algorithm="HS256")
    # gatehouse-expect: python-jwt-hardcoded-key
    b = jwt.encode({"sub": user}, key=signing_key(), algorithm="HS256")
    key = "dev-key"
    key = os.environ.get("JWT_KEY")
    # gatehouse-ok: python-jwt-hardcoded-key
    c = jwt.encode({"sub": user}, key, algorithm="HS256")
    with open("/run/secrets/jwt") as f:
        from_file = f.read()
    # gatehouse-ok: python-jwt-hardcoded-key
    d = jwt.encode({"sub": user}, from_file, algorithm="HS256")
    return a, b, c, d
