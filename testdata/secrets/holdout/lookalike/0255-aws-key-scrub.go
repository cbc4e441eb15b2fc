func TestRedact(t *testing.T) {
	in := "key=AKIA1234567890ABCDEF"
	if got := Redact(in); got != "key=AKIA****" {
		t.Fatalf("got %q", got)
	}
}
