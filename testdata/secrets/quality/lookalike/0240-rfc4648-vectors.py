VECTORS = [
    (b"foo", "Zm9v"),
    (b"foobar", "Zm9vYmFy"),
]
