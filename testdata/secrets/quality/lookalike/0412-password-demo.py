USERS = [
    {"username": "demo", "password": "demo"},
    {"username": "viewer", "password": "viewer"},
]
