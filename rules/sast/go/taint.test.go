package main

import (
	"database/sql"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

var db *sql.DB

func users(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	q := "SELECT id FROM users WHERE name = '" + name + "'"
	// gatehouse-expect: go-sql-injection
	rows, err := db.Query(q)
	// gatehouse-expect: go-sql-injection
	db.ExecContext(r.Context(), fmt.Sprintf("DELETE FROM users WHERE id = %s", r.FormValue("id")))
	// gatehouse-ok: go-sql-injection
	db.Query("SELECT id FROM users WHERE name = ?", name)
	var sb strings.Builder
	sb.WriteString("SELECT id FROM users WHERE name = '")
	sb.WriteString(name)
	// gatehouse-expect: go-sql-injection
	db.Query(sb.String())
	var fixed strings.Builder
	fixed.WriteString("SELECT id FROM users WHERE active")
	// gatehouse-ok: go-sql-injection
	db.Query(fixed.String())
	id, _ := strconv.Atoi(r.FormValue("id"))
	// gatehouse-ok: go-sql-injection
	db.Query(fmt.Sprintf("SELECT name FROM users WHERE id = %d", id))
	_, _ = rows, err
}

func tools(w http.ResponseWriter, r *http.Request) {
	host := r.FormValue("host")
	// gatehouse-expect: go-command-injection
	exec.Command("sh", "-c", "ping -c 1 "+host).Run()
	args := []string{"-c", "1", host}
	// gatehouse-expect: go-command-injection
	exec.Command("ping", args...).Run()
	// gatehouse-ok: go-command-injection
	exec.Command("ping", args[0], args[1]).Run()
	if host != "localhost" {
		return
	}
	// gatehouse-ok: go-command-injection
	exec.Command("ping", "-c", "1", host).Run()
}

func files(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	// gatehouse-expect: go-path-traversal
	data, _ := os.ReadFile("/srv/files/" + name)
	// gatehouse-expect: go-path-traversal
	http.ServeFile(w, r, filepath.Join("/srv/files", name))
	// gatehouse-ok: go-path-traversal
	os.ReadFile(filepath.Join("/srv/files", filepath.Base(name)))
	// gatehouse-ok: go-path-traversal
	os.ReadFile("/srv/files/index.html")
	// gatehouse-expect: go-xss
	fmt.Fprintf(w, "<h1>%s</h1>", name)
	// gatehouse-expect: go-xss
	w.Write([]byte("<pre>" + string(data) + "</pre>" + r.FormValue("q")))
	// gatehouse-ok: go-xss
	fmt.Fprintf(w, "<h1>%s</h1>", html.EscapeString(name))
	// gatehouse-ok: go-xss
	io.WriteString(w, "<h1>files</h1>")
}

func proxy(w http.ResponseWriter, r *http.Request) {
	target := r.FormValue("url")
	// gatehouse-expect: go-ssrf
	resp, _ := http.Get(target)
	// gatehouse-expect: go-ssrf
	req, _ := http.NewRequest("GET", "http://"+r.Header.Get("X-Host")+"/status", nil)
	// gatehouse-ok: go-ssrf
	http.Get("https://api.example.com/status?q=" + strconv.Itoa(len(target)))
	pages := map[string]string{"home": "https://example.com/", "next": target}
	// gatehouse-ok: go-ssrf
	http.Get(pages["home"])
	_, _ = resp, req
}

func login(w http.ResponseWriter, r *http.Request) {
	next := r.FormValue("next")
	if r.FormValue("fast") != "" {
		// gatehouse-expect: go-open-redirect
		http.Redirect(w, r, next, http.StatusFound)
		return
	}
	// gatehouse-expect: go-open-redirect
	w.Header().Set("Location", "https://"+r.Host+r.URL.Query().Get("return"))
	// gatehouse-ok: go-open-redirect
	http.Redirect(w, r, "/login", http.StatusFound)
	home := r.FormValue("home")
	home = "/dashboard"
	// gatehouse-ok: go-open-redirect
	http.Redirect(w, r, home, http.StatusFound)
	if !strings.HasPrefix(next, "/") {
		return
	}
	// gatehouse-ok: go-open-redirect
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func prefs(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	// gatehouse-expect: go-header-injection
	w.Header().Set("Content-Language", lang)
	// gatehouse-expect: go-header-injection
	http.SetCookie(w, &http.Cookie{Name: "theme", Value: r.FormValue("theme"), Secure: true, HttpOnly: true})
	// gatehouse-ok: go-header-injection
	w.Header().Add("X-Lang", url.QueryEscape(lang))
	size, _ := strconv.Atoi(r.FormValue("size"))
	// gatehouse-ok: go-header-injection
	http.SetCookie(w, &http.Cookie{Name: "size", Value: strconv.Itoa(size), Secure: true, HttpOnly: true})
	// gatehouse-ok: go-header-injection
	w.Header().Set("Location", "/prefs/saved")
}

func remember(w http.ResponseWriter, r *http.Request) {
	session, _ := store.Get(r, "app")
	// gatehouse-expect: go-trust-boundary
	session.Values["user"] = r.FormValue("user")
	page := r.URL.Query().Get("page")
	// gatehouse-expect: go-trust-boundary
	sess.Set("last", page)
	n, _ := strconv.Atoi(r.FormValue("n"))
	// gatehouse-ok: go-trust-boundary
	session.Values["n"] = n
	theme := r.FormValue("theme")
	if theme != "dark" {
		theme = "light"
	}
	// gatehouse-ok: go-trust-boundary
	session.Values["visited"] = true
}
