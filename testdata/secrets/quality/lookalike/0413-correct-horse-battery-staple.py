def test_passphrase_strength():
    assert score("correct horse battery staple") > 3
    assert score("aaaa") < 1
