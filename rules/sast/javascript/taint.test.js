const express = require("express");
const fs = require("fs");
const path = require("path");
const cp = require("child_process");
const { exec } = cp;
const escapeHtml = require("escape-html");
const axios = require("axios");

const app = express();

app.get("/users", async (req, res) => {
  const { name } = req.query;
  const sql = `SELECT * FROM users WHERE name = '${name}'`;
  // gatehouse-expect: js-sql-injection
  const rows = await db.query(sql);
  // gatehouse-expect: js-sql-injection
  pool.execute("DELETE FROM users WHERE id = " + req.params.id);
  // gatehouse-ok: js-sql-injection
  await db.query("SELECT * FROM users WHERE name = ?", [name]);
  // gatehouse-ok: js-sql-injection
  await db.query(`SELECT * FROM users WHERE id = ${parseInt(req.params.id, 10)}`);
  res.json(rows);
});

app.post("/run", (req, res) => {
  const host = req.body.host;
  // gatehouse-expect: js-command-injection
  exec("ping -c 1 " + host);
  // gatehouse-expect: js-command-injection
  cp.execSync(`traceroute ${req.query.target}`);
  const args = ["echo", host];
  args.pop();
  // gatehouse-ok: js-command-injection
  exec(args.join(" "));
  if (!/^[a-z0-9.-]+$/.test(host)) {
    return res.status(400).end();
  }
  // gatehouse-ok: js-command-injection
  exec(`ping -c 1 ${host}`);
  // gatehouse-expect: js-code-injection
  eval("(" + req.body.expr + ")");
  // gatehouse-expect: js-code-injection
  const f = new Function("a", req.body.code);
  // gatehouse-ok: js-code-injection
  eval("1 + 1");
  const mode = 7 * 42 - 86 > 200 ? "fixed" : req.body.mode;
  // gatehouse-ok: js-code-injection
  setTimeout(mode, 10);
  res.end();
});

app.get("/file", (req, res) => {
  const name = req.query.name;
  // gatehouse-expect: js-path-traversal
  fs.readFile(path.join("/srv/files", name), () => {});
  // gatehouse-expect: js-path-traversal
  res.sendFile("/srv/files/" + name);
  // gatehouse-ok: js-path-traversal
  fs.readFileSync(path.join("/srv/files", path.basename(name)));
  // gatehouse-ok: js-path-traversal
  res.sendFile(name, { root: "/srv/files" });
  // gatehouse-expect: js-xss
  res.send(`<h1>${name}</h1>`);
  const page = { title: "Files", who: name };
  // gatehouse-ok: js-xss
  res.send(`<h1>${page.title}</h1>`);
  // gatehouse-expect: js-xss
  res.write("<p>" + page.who + "</p>");
  // gatehouse-ok: js-xss
  res.send(`<h1>${escapeHtml(name)}</h1>`);
});

app.get("/proxy", async (req, res) => {
  const target = req.query.url;
  // gatehouse-expect: js-ssrf
  const r = await axios.get(target);
  // gatehouse-expect: js-ssrf
  await fetch(`http://${req.get("x-host")}/status`);
  const allowed = ["https://api.example.com/a", "https://api.example.com/b"];
  if (!allowed.includes(target)) {
    return res.status(400).end();
  }
  // gatehouse-ok: js-ssrf
  await fetch(target);
  // gatehouse-ok: js-ssrf
  await fetch("https://api.example.com/status");
  res.json(r.data);
});

app.get("/go", (req, res) => {
  const next = req.query.next;
  if (req.query.permanent) {
    // gatehouse-expect: js-open-redirect
    return res.redirect(301, next);
  }
  // gatehouse-expect: js-open-redirect
  res.setHeader("Location", `https://${req.get("host")}${req.body.returnTo}`);
  let home = req.query.home;
  home = "/dashboard";
  // gatehouse-ok: js-open-redirect
  res.redirect(home);
  // gatehouse-ok: js-open-redirect
  res.redirect(safeUrl(next) ? "/home" : "/");
  if (!next.startsWith("/") || next.startsWith("//")) {
    return res.redirect("/");
  }
  // gatehouse-ok: js-open-redirect
  res.redirect(next);
});

app.get("/prefs", (req, res) => {
  const lang = req.query.lang;
  // gatehouse-expect: js-header-injection
  res.setHeader("Content-Language", lang);
  // gatehouse-expect: js-header-injection
  res.cookie("theme", req.cookies.theme + ";" + req.query.extra);
  // gatehouse-ok: js-header-injection
  res.set("X-Lang", encodeURIComponent(lang));
  const size = parseInt(req.query.size, 10);
  // gatehouse-ok: js-header-injection
  res.cookie("size", String(size));
  const prefs = { lang, theme: "dark" };
  // gatehouse-ok: js-header-injection
  res.header("X-Theme", prefs.theme);
  // gatehouse-ok: js-open-redirect
  res.setHeader("Location", "/prefs/saved");
  res.end();
});

app.post("/restore", (req, res) => {
  // gatehouse-expect: js-deserialization
  const profile = serialize.unserialize(req.cookies.profile);
  // gatehouse-expect: js-deserialization
  const docs = yaml.load(req.body, { schema: yaml.DEFAULT_FULL_SCHEMA });
  // gatehouse-ok: js-deserialization
  const data = JSON.parse(req.body);
  // gatehouse-ok: js-deserialization
  const cfg = yaml.load(req.body);
  // gatehouse-ok: js-deserialization
  const defaults = serialize.unserialize('{"theme":"dark"}');
  // gatehouse-expect: js-xxe
  const doc = libxmljs.parseXml(req.body, { noent: true });
  // gatehouse-ok: js-xxe
  const doc2 = libxmljs.parseXml(req.body, { noent: false });
  // gatehouse-ok: js-xxe
  const doc3 = libxmljs.parseXmlString("<config/>", { noblanks: true, dtdload: true });
  res.json([profile, docs, data, cfg, defaults, doc, doc2, doc3]);
});

function loadState(text) {
  // gatehouse-expect: js-deserialization
  return serialize.unserialize(text);
}

function readFeed(file) {
  const xml = fs.readFileSync(file, "utf8");
  // gatehouse-expect: js-xxe
  return libxml.parseXmlString(xml, { noblanks: true, dtdload: true });
}

app.post("/login", (req, res) => {
  const { user, theme } = req.body;
  // gatehouse-expect: js-trust-boundary
  req.session.user = user;
  // gatehouse-expect: js-trust-boundary
  req.session[req.query.key] = "1";
  const age = parseInt(req.body.age, 10);
  // gatehouse-ok: js-trust-boundary
  req.session.age = age;
  if (!["dark", "light"].includes(theme)) {
    return res.status(400).end();
  }
  // gatehouse-ok: js-trust-boundary
  req.session.theme = theme;
  res.end();
});
