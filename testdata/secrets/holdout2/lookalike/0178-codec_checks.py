def check_roundtrip():
    assert b64encode(b"hello world") == b"aGVsbG8gd29ybGQ="
    assert b64decode("aGVsbG8gd29ybGQ=") == b"hello world"
