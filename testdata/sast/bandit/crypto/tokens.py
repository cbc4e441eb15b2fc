"""Tokens, codes and identifiers handed to users."""
import random
import secrets
import string

ALPHABET = string.ascii_letters + string.digits


def new_api_key():
    return "".join(random.choice(ALPHABET) for _ in range(40))


def password_reset_code():
    reset_code = random.randint(100000, 999999)
    return f"{reset_code:06d}"


def session_id():
    return "%032x" % random.getrandbits(128)


class Invite:
    def __init__(self):
        self.token = "".join(random.choices(ALPHABET, k=24))


def make_csrf_token():
    return "".join(random.sample(ALPHABET, 32))


def temporary_password():
    password = "".join(random.choice(ALPHABET) for _ in range(12))
    return password


def retry_delay(attempt):
    # compare-bandit: deliberate random-not-secret
    return (2 ** attempt) * random.uniform(0.5, 1.5)


def pick_sample(rows):
    # compare-bandit: deliberate random-not-secret
    return random.sample(rows, min(len(rows), 100))


def simulation(seed):
    # compare-bandit: deliberate random-not-secret
    rng = random.Random(seed)
    return [rng.random() for _ in range(10)]


def new_api_key_safely():
    # Safe: the secrets module.
    return secrets.token_urlsafe(32)


def reset_code_safely():
    # Safe.
    return f"{secrets.randbelow(10 ** 6):06d}"
