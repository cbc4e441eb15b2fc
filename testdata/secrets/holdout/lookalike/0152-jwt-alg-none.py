UNSIGNED = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0."

def test_rejects_alg_none(verifier):
    assert verifier.verify(UNSIGNED) is None
