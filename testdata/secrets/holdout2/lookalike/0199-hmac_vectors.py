# RFC 4231 test case 2
KEY = b"Jefe"
DATA = b"what do ya want for nothing?"
HMAC_SHA256 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
