SAMPLE_CONFIG = {
    "username": "user",
    "password": "pass",
    "host": "localhost",
}
