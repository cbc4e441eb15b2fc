package main

import (
	"crypto/des"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"database/sql"
	"html/template"
	"math/rand"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/gin-gonic/gin"
	"github.com/golang-jwt/jwt/v5"
)

func handler(w http.ResponseWriter, r *http.Request, db *sql.DB, name string, id string) {
	// gatehouse-expect: go-exec-shell-non-literal
	exec.Command("sh", "-c", "ls "+name).Run()
	// gatehouse-expect: go-exec-shell-non-literal
	exec.CommandContext(r.Context(), "/bin/bash", "-c", name).Run()
	// gatehouse-ok: go-exec-shell-non-literal
	exec.Command("sh", "-c", "uptime").Run()
	// gatehouse-ok: go-exec-shell-non-literal
	exec.Command("ls", "-l", name).Run()
	// gatehouse-expect: go-exec-non-literal-program
	exec.Command(r.FormValue("tool"), "--version").Run()
	// gatehouse-expect: go-exec-non-literal-program
	exec.Command(os.Args[1]).Run()
	// gatehouse-ok: go-exec-non-literal-program
	exec.Command("git", "status").Run()
	// gatehouse-ok: go-exec-non-literal-program
	exec.Command(gitPath, "status").Run()
	// gatehouse-expect: go-template-html-non-literal
	_ = template.HTML(r.FormValue("bio"))
	// gatehouse-expect: go-template-html-non-literal
	_ = template.JS(name)
	// gatehouse-ok: go-template-html-non-literal
	_ = template.HTML("<br>")
	// gatehouse-ok: go-template-html-non-literal
	_ = template.HTMLEscapeString(name)
	// gatehouse-expect: go-weak-hash
	h := md5.New()
	// gatehouse-expect: go-weak-hash
	sum := sha1.Sum([]byte(name))
	// gatehouse-ok: go-weak-hash
	h2 := sha256.New()
	// gatehouse-ok: go-weak-hash
	sum2 := sha256.Sum256([]byte(name))
	// gatehouse-expect: go-weak-cipher
	c1, _ := des.NewTripleDESCipher(key)
	// gatehouse-expect: go-weak-cipher
	c2, _ := rc4.NewCipher(key)
	// gatehouse-ok: go-weak-cipher
	c3, _ := aes.NewCipher(key)
	// gatehouse-ok: go-weak-cipher
	c4, _ := chacha20poly1305.New(key)
	// gatehouse-expect: go-math-rand-secret
	resetToken := rand.Int63()
	// gatehouse-expect: go-math-rand-secret
	otp := rand.Intn(999999)
	// gatehouse-ok: go-math-rand-secret
	jitter := rand.Intn(100)
	// gatehouse-ok: go-math-rand-secret
	sessionKey := make([]byte, 32)
	// gatehouse-expect: go-tls-insecure-skip-verify
	cfg := &tls.Config{InsecureSkipVerify: true}
	// gatehouse-ok: go-tls-insecure-skip-verify
	cfg2 := &tls.Config{InsecureSkipVerify: false, MinVersion: tls.VersionTLS12}
	tr := &http.Transport{TLSClientConfig: &tls.Config{
		// gatehouse-expect: go-tls-insecure-skip-verify
		InsecureSkipVerify: true,
		// gatehouse-expect: go-tls-old-version
		MinVersion: tls.VersionTLS10,
	}}
	// gatehouse-ok: go-tls-insecure-skip-verify
	cfg3 := &tls.Config{RootCAs: pool}
	// gatehouse-expect: go-tls-old-version
	cfg4 := &tls.Config{MinVersion: tls.VersionTLS11}
	// gatehouse-ok: go-tls-old-version
	cfg5 := &tls.Config{MinVersion: tls.VersionTLS13}
	// gatehouse-ok: go-tls-old-version
	cfg6 := &tls.Config{MaxVersion: tls.VersionTLS12}
	// gatehouse-expect: go-jwt-hardcoded-key
	s, _ := token.SignedString([]byte("my-signing-secret"))
	// gatehouse-expect: go-jwt-hardcoded-key
	s2, _ := tok.SignedString([]byte(`raw-secret`))
	// gatehouse-ok: go-jwt-hardcoded-key
	s3, _ := token.SignedString([]byte(os.Getenv("JWT_KEY")))
	// gatehouse-ok: go-jwt-hardcoded-key
	s4, _ := token.SignedString(privateKey)
	// gatehouse-expect: go-sql-open-literal-password
	db1, _ := sql.Open("postgres", "postgres://app:Tr0ub4dor3@db:5432/app")
	// gatehouse-expect: go-sql-open-literal-password
	db2, _ := sql.Open("postgres", "host=db user=app password=Tr0ub4dor3 dbname=app")
	// gatehouse-ok: go-sql-open-literal-password
	db3, _ := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	// gatehouse-ok: go-sql-open-literal-password
	db4, _ := sql.Open("sqlite3", "file:app.db")
	// gatehouse-expect: go-sql-string-building
	rows, _ := db.Query("SELECT * FROM users WHERE id = " + id)
	// gatehouse-expect: go-sql-string-building
	row := db.QueryRow(fmt.Sprintf("SELECT name FROM users WHERE name = '%s'", name))
	// gatehouse-ok: go-sql-string-building
	rows2, _ := db.Query("SELECT * FROM users WHERE id = $1", id)
	// gatehouse-ok: go-sql-string-building
	res, _ := db.Exec(fmt.Sprintf("VACUUM %s", "users"), nil)
	// gatehouse-expect: go-jwt-none-or-unverified
	t, _, _ := new(jwt.Parser).ParseUnverified(raw, claims)
	// gatehouse-expect: go-jwt-none-or-unverified
	k := jwt.UnsafeAllowNoneSignatureType
	// gatehouse-ok: go-jwt-none-or-unverified
	t2, _ := jwt.Parse(raw, keyFunc, jwt.WithValidMethods([]string{"RS256"}))
	// gatehouse-ok: go-jwt-none-or-unverified
	m := jwt.SigningMethodRS256
	// gatehouse-expect: go-bind-all-interfaces
	http.ListenAndServe("0.0.0.0:8080", nil)
	// gatehouse-expect: go-bind-all-interfaces
	l, _ := net.Listen("tcp", "0.0.0.0:9000")
	// gatehouse-ok: go-bind-all-interfaces
	http.ListenAndServe("127.0.0.1:8080", nil)
	// gatehouse-ok: go-bind-all-interfaces
	l2, _ := net.Listen("tcp", addr)
	// gatehouse-expect: go-gin-debug-mode
	gin.SetMode(gin.DebugMode)
	// gatehouse-ok: go-gin-debug-mode
	gin.SetMode(gin.ReleaseMode)
	// gatehouse-expect: go-cookie-insecure
	http.SetCookie(w, &http.Cookie{Name: "session", Value: id})
	// gatehouse-expect: go-cookie-insecure
	http.SetCookie(w, &http.Cookie{Name: "session", Value: id, Secure: true, HttpOnly: false})
	// gatehouse-ok: go-cookie-insecure
	http.SetCookie(w, &http.Cookie{Name: "session", Value: id, Secure: true, HttpOnly: true})
	// gatehouse-ok: go-cookie-insecure
	c := &http.Client{Timeout: 5}
	// gatehouse-expect: go-world-writable-permissions
	os.Chmod("/srv/data", 0777)
	// gatehouse-expect: go-world-writable-permissions
	os.WriteFile(path, data, 0666)
	// gatehouse-ok: go-world-writable-permissions
	os.WriteFile(path, data, 0600)
	// gatehouse-ok: go-world-writable-permissions
	os.MkdirAll(dir, 0750)
	// gatehouse-expect: go-tempfile-predictable
	f, _ := os.Create(filepath.Join(os.TempDir(), "report.csv"))
	// gatehouse-expect: go-tempfile-predictable
	f2, _ := os.Create("/tmp/" + name)
	// gatehouse-ok: go-tempfile-predictable
	f3, _ := os.CreateTemp("", "report-*.csv")
	// gatehouse-ok: go-tempfile-predictable
	f4, _ := os.Create(filepath.Join(outDir, "report.csv"))
	_, _, _, _, _, _, _, _, _, _, _, _ = h, sum, h2, sum2, c1, c2, c3, c4, resetToken, otp, jitter, sessionKey
}

func modes() {
	// gatehouse-expect: go-gin-debug-mode
	gin.SetMode("debug")
	// gatehouse-ok: go-gin-debug-mode
	gin.SetMode(os.Getenv("GIN_MODE"))
}

const signingKey = "package-level-secret"

var skipVerify = true

func clients(token *jwt.Token, insecure bool) {
	// gatehouse-expect: go-jwt-hardcoded-key
	a, _ := token.SignedString([]byte(signingKey))
	key := []byte("local-secret")
	// gatehouse-expect: go-jwt-hardcoded-key
	b, _ := token.SignedString(key)
	fromEnv := os.Getenv("JWT_KEY")
	// gatehouse-ok: go-jwt-hardcoded-key
	c, _ := token.SignedString([]byte(fromEnv))
	// gatehouse-expect: go-tls-insecure-skip-verify
	cfg := &tls.Config{InsecureSkipVerify: skipVerify}
	verify := true
	verify = false
	// gatehouse-ok: go-tls-insecure-skip-verify
	cfg2 := &tls.Config{InsecureSkipVerify: verify}
	cfg3 := &tls.Config{}
	// gatehouse-expect: go-tls-insecure-skip-verify
	cfg3.InsecureSkipVerify = skipVerify
	_, _, _, _, _ = a, b, c, cfg, cfg2
}
