def test_client(monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "gh-test-token")
    assert make_client().token == 'gh-test-token'
