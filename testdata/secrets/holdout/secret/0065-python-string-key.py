import jwt

SIGNING_KEY = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIGowT6xVI7ZSOg3Y5UsTaozefAFqZFHISoQltfpIogMYoAoGCCqGSM49\nAwEHoUQDQgAEePY8zHQ4q2zHBBqamwzg1qv6ZmJJueIgPMFnxJnCB6RVIEu7gJZZ\n4kOQdnU4CuFwCLrMSH3C0WJLz9vSX7DQNA==\n-----END EC PRIVATE KEY-----\n"

def sign(claims):
    return jwt.encode(claims, SIGNING_KEY, algorithm="ES256")
