var cases = []struct {
	user, pass string
	want       bool
}{
	{"admin", "admin", true},
	{"admin", "letmein", false},
	{"", "", false},
}
