# RFC 4231 test case 1 for HMAC-SHA-256
KEY = bytes.fromhex("0b" * 20)
DATA = b"Hi There"
EXPECTED = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
