def check_rejects_bad_password(client):
    resp = client.post("/login", data={"user": "alice", "password": "wrong-password"})
    assert resp.status_code == 401
