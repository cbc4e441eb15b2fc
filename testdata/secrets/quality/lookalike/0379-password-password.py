def test_login(client):
    resp = client.post("/login", data={"username": "alice", "password": "password"})
    assert resp.status_code == 302
