import base64

def test_roundtrip():
    assert base64.b64encode(b"hello, world") == b"aGVsbG8sIHdvcmxk"
