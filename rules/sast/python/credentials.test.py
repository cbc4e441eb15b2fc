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
    return a, b, c, d
