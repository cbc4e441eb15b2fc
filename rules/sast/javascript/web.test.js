const jwt = require("jsonwebtoken");
const mysql = require("mysql2");
const fs = require("fs");

function app(req, res, db, user, el, html) {
  // gatehouse-expect: js-jwt-hardcoded-secret
  const t = jwt.sign({ sub: user.id }, "my-very-secret-key", { expiresIn: "1h" });
  // gatehouse-expect: js-jwt-hardcoded-secret
  const claims = jwt.verify(req.headers.token, 'shh');
  // gatehouse-ok: js-jwt-hardcoded-secret
  const t2 = jwt.sign({ sub: user.id }, process.env.JWT_SECRET);
  // gatehouse-ok: js-jwt-hardcoded-secret
  const t3 = jwt.sign({ sub: user.id }, privateKey, { algorithm: "RS256" });
  const conn = mysql.createConnection({
    host: "db",
    // gatehouse-expect: js-hardcoded-db-password
    password: "Tr0ub4dor&3",
  });
  app.use(session({
    // gatehouse-expect: js-hardcoded-db-password
    secret: "keyboard cat",
    resave: false,
  }));
  const pool = new Pool({
    // gatehouse-ok: js-hardcoded-db-password
    password: process.env.PGPASSWORD,
  });
  const ui = {
    // gatehouse-ok: js-hardcoded-db-password
    password: "Password field label",
  };
  // gatehouse-expect: js-sql-string-building
  db.query(`SELECT * FROM users WHERE id = ${req.params.id}`);
  // gatehouse-expect: js-sql-string-building
  db.query("SELECT * FROM users WHERE name = '" + req.query.name + "'", cb);
  // gatehouse-ok: js-sql-string-building
  db.query("SELECT * FROM users WHERE id = ?", [req.params.id]);
  // gatehouse-ok: js-sql-string-building
  db.query(`SELECT * FROM users`);
  // gatehouse-expect: js-jwt-none-algorithm
  jwt.verify(token, key, { algorithms: ["HS256", "none"] });
  // gatehouse-expect: js-jwt-none-algorithm
  jwt.verify(token, key, { algorithm: 'none' });
  // gatehouse-ok: js-jwt-none-algorithm
  jwt.verify(token, key, { algorithms: ["RS256"] });
  // gatehouse-ok: js-jwt-none-algorithm
  jwt.verify(token, key, { algorithms: ["HS512"] });
  // gatehouse-expect: js-express-errorhandler
  app.use(errorhandler());
  if (process.env.NODE_ENV === "development") {
    // gatehouse-ok: js-express-errorhandler
    app.use(errorhandler({ log: true }));
  }
  // gatehouse-expect: js-express-errorhandler
  server.use(errorhandler({ dumpExceptions: true }));
  // gatehouse-ok: js-express-errorhandler
  app.use(helmet());
  // gatehouse-expect: js-listen-all-interfaces
  app.listen(8080, "0.0.0.0");
  // gatehouse-expect: js-listen-all-interfaces
  server.listen({ port: 8080, host: "0.0.0.0" });
  // gatehouse-ok: js-listen-all-interfaces
  app.listen(8080, "127.0.0.1");
  // gatehouse-ok: js-listen-all-interfaces
  app.listen(8080);
  // gatehouse-expect: js-dom-xss-sink
  el.innerHTML = req.query.msg;
  // gatehouse-expect: js-dom-xss-sink
  el.outerHTML = `<p>${html}</p>`;
  // gatehouse-ok: js-dom-xss-sink
  el.innerHTML = "<br>";
  // gatehouse-ok: js-dom-xss-sink
  el.innerHTML = DOMPurify.sanitize(html);
  // gatehouse-expect: js-document-write
  document.write(location.hash.slice(1));
  // gatehouse-expect: js-document-write
  el.insertAdjacentHTML("beforeend", `<li>${html}</li>`);
  // gatehouse-ok: js-document-write
  document.write("<p>static</p>");
  // gatehouse-ok: js-document-write
  el.insertAdjacentText("beforeend", html);
  // gatehouse-expect: js-csrf-ignore-unsafe-methods
  app.use(csrf({ ignoreMethods: ["GET", "HEAD", "POST"] }));
  // gatehouse-expect: js-csrf-ignore-unsafe-methods
  const protection = csurf({ cookie: true, ignoreMethods: ['PUT', 'DELETE'] });
  // gatehouse-ok: js-csrf-ignore-unsafe-methods
  app.use(csrf({ ignoreMethods: ["GET", "HEAD", "OPTIONS"] }));
  // gatehouse-ok: js-csrf-ignore-unsafe-methods
  app.use(csrf({ cookie: true }));
  // gatehouse-expect: js-cookie-insecure
  res.cookie("session", user.sid);
  // gatehouse-expect: js-cookie-insecure
  res.cookie("session", user.sid, { secure: true, httpOnly: false });
  // gatehouse-ok: js-cookie-insecure
  res.cookie("session", user.sid, { secure: true, httpOnly: true, sameSite: "lax" });
  // gatehouse-ok: js-cookie-insecure
  res.clearCookie("session");
  // gatehouse-expect: js-world-writable-chmod
  fs.chmodSync("/srv/app/uploads", 0o777);
  // gatehouse-expect: js-world-writable-chmod
  fs.chmod(path, "666", cb);
  // gatehouse-ok: js-world-writable-chmod
  fs.chmodSync(path, 0o600);
  // gatehouse-ok: js-world-writable-chmod
  fs.chmod(path, 0o755, cb);
}

const config = { jwtSecret: "s3cr3t-signing-key", issuer: "api" };
const SECRET = process.env.JWT_SECRET;

function issue(user) {
  // gatehouse-expect: js-jwt-hardcoded-secret
  const a = jwt.sign({ sub: user.id }, config.jwtSecret);
  const fallback = "dev-only-secret";
  // gatehouse-expect: js-jwt-hardcoded-secret
  const b = jwt.verify(user.token, fallback);
  // gatehouse-ok: js-jwt-hardcoded-secret
  const c = jwt.sign({ sub: user.id }, SECRET);
  // gatehouse-ok: js-jwt-hardcoded-secret
  const d = jwt.sign({ sub: user.id }, fs.readFileSync("/run/secrets/jwt", "utf8"));
  return [a, b, c, d];
}
