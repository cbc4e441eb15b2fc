import redis

cache = redis.Redis(
    host="redis.wavecrest.internal",
    port=6379,
    password="8i7lKK2RY2odEILyXgLbX9MIi95",
    ssl=True,
)
