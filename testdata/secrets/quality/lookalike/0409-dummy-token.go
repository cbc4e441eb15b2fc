func TestAuth(t *testing.T) {
	token := "dummy-token"
	if !valid(token) { t.Fatal("rejected") }
}
