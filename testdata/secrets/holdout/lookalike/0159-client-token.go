func TestClientSendsToken(t *testing.T) {
	srv := httptest.NewServer(handler(t, "test-token"))
	defer srv.Close()
	c := New(srv.URL, "test-token")
	_ = c.Ping()
}
