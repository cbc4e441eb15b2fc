import jwt

def verify(token, public_key):
    return jwt.decode(token, key=public_key, algorithms=["RS256"], audience="api")
