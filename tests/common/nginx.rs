//! Debian's nginx for a test: the given `server { … }` blocks on free loopback ports, with
//! every request logged (port, method, URI, time in ms, status) so that a test can count what
//! reached each server and when. Stopped when dropped. Certificates come from `openssl`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::http;

pub struct Nginx {
    child: Child,
    pub dir: tempfile::TempDir,
}

/// One logged request.
#[derive(Debug, Clone)]
pub struct Logged {
    pub port: u16,
    pub method: String,
    pub uri: String,
    /// Seconds since the epoch, to the millisecond.
    pub time: f64,
    pub status: u16,
}

fn nginx_binary() -> PathBuf {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("nginx"))
}

impl Nginx {
    /// Start nginx serving `servers` (each a `server { … }` block, written for the ports
    /// in `ports`, which must be free and each answer plain or TLS GET /).
    pub fn start(servers: &[String], ports: &[u16]) -> Nginx {
        let dir = tempfile::Builder::new()
            .prefix("gatehouse-nginx-")
            .tempdir()
            .unwrap();
        let d = dir.path().display().to_string();
        std::fs::create_dir_all(dir.path().join("tmp")).unwrap();
        let config = format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  log_format probe '$server_port $request_method \"$request_uri\" $msec $status';\n\
             access_log {d}/access.log probe;\n  client_body_temp_path {d}/tmp/body;\n  proxy_temp_path {d}/tmp/proxy;\n\
             fastcgi_temp_path {d}/tmp/fastcgi;\n  uwsgi_temp_path {d}/tmp/uwsgi;\n  scgi_temp_path {d}/tmp/scgi;\n\
             types {{ text/html html; text/plain txt env sql; application/json json; }}\n  default_type application/octet-stream;\n\
             {}\n}}\n",
            servers.join("\n")
        );
        std::fs::write(dir.path().join("nginx.conf"), config).unwrap();
        let child = Command::new(nginx_binary())
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(dir.path().join("nginx.conf"))
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts (scripts/test installs Debian's nginx-light)");
        let nginx = Nginx { child, dir };
        for port in ports {
            assert!(
                http::wait_for(30, || std::net::TcpStream::connect(("127.0.0.1", *port))
                    .is_ok()),
                "nginx did not listen on {port}: {}",
                std::fs::read_to_string(nginx.dir.path().join("error.log")).unwrap_or_default()
            );
        }
        nginx
    }

    /// Every request logged so far.
    pub fn requests(&self) -> Vec<Logged> {
        let text = std::fs::read_to_string(self.dir.path().join("access.log")).unwrap_or_default();
        text.lines()
            .filter_map(|line| {
                let mut parts = line.split(' ');
                let port = parts.next()?.parse().ok()?;
                let method = parts.next()?.to_string();
                let uri = parts.next()?.trim_matches('"').to_string();
                let time = parts.next()?.parse().ok()?;
                let status = parts.next()?.parse().ok()?;
                Some(Logged {
                    port,
                    method,
                    uri,
                    time,
                    status,
                })
            })
            .collect()
    }

    /// The requests that reached `port`.
    pub fn requests_to(&self, port: u16) -> Vec<Logged> {
        self.requests()
            .into_iter()
            .filter(|r| r.port == port)
            .collect()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("openssl runs");
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A test CA (`ca.pem`) and a certificate it issued for 127.0.0.1 and localhost
/// (`server.pem`, `server.key`), in `dir`.
pub fn certificates(dir: &Path) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-subj",
            "/CN=gatehouse test CA",
            "-days",
            "3650",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
    );
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "365",
            "-out",
            "server.pem",
            "-extfile",
            "server.ext",
        ],
    );
}

/// A certificate `NAME.pem` (key `NAME.key`) in `dir`, issued by the CA of [`certificates`]
/// (`openssl ca`, for dates of the test's choosing): `key` is an `openssl req -newkey`
/// argument (`ec` for P-256, `rsa:1024`), `san` its subject alternative names, `dates` its
/// validity as `openssl ca -startdate/-enddate` take them (YYMMDDHHMMSSZ).
pub fn issue(dir: &Path, name: &str, key: &str, san: &str, dates: (&str, &str)) {
    if !dir.join("ca.cnf").exists() {
        std::fs::write(
            dir.join("ca.cnf"),
            "[ ca ]\ndefault_ca = test\n[ test ]\ndir = .\ndatabase = index.txt\nnew_certs_dir = newcerts\n\
             certificate = ca.pem\nprivate_key = ca.key\nserial = serial\ndefault_md = sha256\n\
             policy = any\nunique_subject = no\nemail_in_dn = no\n[ any ]\ncommonName = supplied\n",
        )
        .unwrap();
        std::fs::write(dir.join("index.txt"), "").unwrap();
        std::fs::write(dir.join("serial"), "1000\n").unwrap();
        std::fs::create_dir_all(dir.join("newcerts")).unwrap();
    }
    let mut req: Vec<String> = vec!["req".into(), "-newkey".into()];
    match key {
        "ec" => req.extend(["ec", "-pkeyopt", "ec_paramgen_curve:P-256"].map(String::from)),
        other => req.push(other.to_string()),
    }
    req.extend(
        [
            "-nodes",
            "-subj",
            "/CN=gatehouse test server",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.csr"),
        ]
        .map(String::from),
    );
    openssl(dir, &req.iter().map(String::as_str).collect::<Vec<_>>());
    std::fs::write(
        dir.join(format!("{name}.ext")),
        format!("subjectAltName={san}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n"),
    )
    .unwrap();
    openssl(
        dir,
        &[
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-notext",
            "-in",
            &format!("{name}.csr"),
            "-out",
            &format!("{name}.pem"),
            "-startdate",
            dates.0,
            "-enddate",
            dates.1,
            "-extfile",
            &format!("{name}.ext"),
        ],
    );
}

/// A self-signed certificate `NAME.pem` (key `NAME.key`) for 127.0.0.1, in `dir`.
pub fn self_signed(dir: &Path, name: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-days",
            "365",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
    );
}
