def test_detects_access_key_shape():
    # all-zero id: right shape, obviously not issued by AWS
    assert looks_like_access_key_id("AKIA0000000000000000")
    assert not looks_like_access_key_id("AKIA")
