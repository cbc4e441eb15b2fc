//! A real OCI registry (Debian's `docker-registry`, the CNCF distribution) for a test, on a free
//! loopback port with storage in a temporary directory; images made with `umoci` and pushed with
//! `skopeo`, signed in cosign's format by `scripts/cosign-sign` (Python's `cryptography`,
//! independent of gatehouse). Killed when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::http;

pub struct Registry {
    child: Child,
    token_server: Option<Child>,
    pub dir: tempfile::TempDir,
    /// `127.0.0.1:PORT`.
    pub host: String,
}

fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (scripts/test installs it): {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// The Python that has `cryptography` (scripts/test's virtual environment, else the system's).
pub fn python() -> PathBuf {
    let venv = super::tools_dir().join("sign-venv/bin/python");
    if venv.is_file() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

/// How a registry restarted with [`Registry::restart_with_auth`] lets clients in.
pub enum Auth {
    /// HTTP basic auth against an htpasswd file (bcrypt).
    Basic { user: String, password: String },
    /// Bearer tokens from a token service (`registry-token-server`) that grants everything to
    /// `user:password`, and pull to anyone where `anonymous_pull`.
    Token {
        user: String,
        password: String,
        anonymous_pull: bool,
    },
}

fn spawn(dir: &Path, port: u16, auth: &str) -> Child {
    let config = dir.join("config.yml");
    std::fs::write(
        &config,
        format!(
            "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: 127.0.0.1:{port}\n{auth}",
            dir.join("data").display()
        ),
    )
    .unwrap();
    let log = std::fs::File::create(dir.join("registry.log")).unwrap();
    Command::new("docker-registry")
        .arg("serve")
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(Stdio::from(log.try_clone().unwrap()))
        .stderr(Stdio::from(log))
        .spawn()
        .expect("docker-registry starts (scripts/test installs Debian's docker-registry)")
}

impl Registry {
    pub fn start() -> Registry {
        let dir = tempfile::Builder::new()
            .prefix("gatehouse-registry-")
            .tempdir()
            .unwrap();
        let port = super::free_port();
        let child = spawn(dir.path(), port, "");
        let registry = Registry {
            child,
            token_server: None,
            dir,
            host: format!("127.0.0.1:{port}"),
        };
        registry.wait_for(200);
        registry
    }

    fn wait_for(&self, status: u16) {
        let base = format!("http://{}/v2/", self.host);
        assert!(
            http::wait_for(30, || http::get(&base).is_some_and(|(s, _)| s == status)),
            "docker-registry did not come up (HTTP {status} on /v2/): {}",
            std::fs::read_to_string(self.dir.path().join("registry.log")).unwrap_or_default()
        );
    }

    /// Restart the registry on the same port and storage (so with the images pushed and
    /// signed so far), letting only `auth`'s clients in.
    pub fn restart_with_auth(&mut self, auth: Auth) {
        self.stop();
        let port: u16 = self.host.rsplit(':').next().unwrap().parse().unwrap();
        let dir = self.dir.path();
        let section = match auth {
            Auth::Basic { user, password } => {
                let hash = run(
                    python().to_str().unwrap(),
                    &[
                        "-W",
                        "ignore",
                        "-c",
                        "import crypt, sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))",
                        &password,
                    ],
                );
                std::fs::write(dir.join("htpasswd"), format!("{user}:{hash}\n")).unwrap();
                format!(
                    "auth:\n  htpasswd:\n    realm: gatehouse-test\n    path: {}\n",
                    dir.join("htpasswd").display()
                )
            }
            Auth::Token {
                user,
                password,
                anonymous_pull,
            } => {
                let token_port = super::free_port();
                let script = super::workspace().join("tests/common/registry-token-server");
                let mut command = Command::new(python());
                command
                    .arg(script)
                    .arg(dir)
                    .arg(token_port.to_string())
                    .arg(&user)
                    .arg(&password)
                    .stdin(Stdio::null());
                if anonymous_pull {
                    command.arg("--anonymous-pull");
                }
                self.token_server = Some(command.spawn().unwrap());
                let realm = format!("http://127.0.0.1:{token_port}/token");
                assert!(
                    http::wait_for(30, || http::get(&format!("{realm}?service=x")).is_some()),
                    "the token server did not come up"
                );
                format!(
                    "auth:\n  token:\n    realm: {realm}\n    service: gatehouse-test-registry\n    issuer: gatehouse-test-issuer\n    rootcertbundle: {}\n",
                    dir.join("token.crt").display()
                )
            }
        };
        self.child = spawn(dir, port, &section);
        self.wait_for(401);
    }

    /// A Docker `config.json` (or containers `auth.json`) at `path` holding `user:password`
    /// for this registry.
    pub fn auth_file(&self, path: &Path, user: &str, password: &str) {
        run(
            python().to_str().unwrap(),
            &[
                "-c",
                "import base64, json, sys; open(sys.argv[1], 'w').write(json.dumps({'auths': {sys.argv[2]: {'auth': base64.b64encode(sys.argv[3].encode()).decode()}}}))",
                path.to_str().unwrap(),
                &self.host,
                &format!("{user}:{password}"),
            ],
        );
    }

    /// What the token server was asked: `user-or-anonymous service scope` lines.
    pub fn token_requests(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("token-requests.log")).unwrap_or_default()
    }

    /// Make an image (`umoci`; `label` makes its config, so its digest, differ), push it as
    /// `repo:tag` (`skopeo`); its digest.
    pub fn push(&self, repo: &str, tag: &str, label: &str) -> String {
        let layout = self.dir.path().join(format!("layout-{label}"));
        let layout_s = layout.display().to_string();
        if !layout.exists() {
            run("umoci", &["init", "--layout", &layout_s]);
            run("umoci", &["new", "--image", &format!("{layout_s}:base")]);
            run(
                "umoci",
                &[
                    "config",
                    "--image",
                    &format!("{layout_s}:base"),
                    "--config.label",
                    &format!("made-for={label}"),
                    "--tag",
                    "image",
                ],
            );
        }
        run(
            "skopeo",
            &[
                "copy",
                "-q",
                "--dest-tls-verify=false",
                &format!("oci:{layout_s}:image"),
                &format!("docker://{}/{repo}:{tag}", self.host),
            ],
        );
        let inspect = run(
            "skopeo",
            &[
                "inspect",
                "--tls-verify=false",
                &format!("docker://{}/{repo}:{tag}", self.host),
            ],
        );
        let json: serde_json::Value = serde_json::from_str(&inspect).unwrap();
        json["Digest"].as_str().unwrap().to_string()
    }

    /// A key pair (`DIR/cosign.pub`, `DIR/signing.pem`) in a new directory.
    pub fn keygen(&self, name: &str) -> PathBuf {
        let dir = self.dir.path().join(format!("keys-{name}"));
        std::fs::create_dir_all(&dir).unwrap();
        let script = super::workspace().join("scripts/cosign-sign");
        run(
            python().to_str().unwrap(),
            &[script.to_str().unwrap(), "keygen", dir.to_str().unwrap()],
        );
        dir
    }

    /// Attach a cosign signature by the key in `keys` to `digest`, its payload naming
    /// `payload_digest` (the image's own by default).
    pub fn sign(&self, repo: &str, digest: &str, keys: &Path, payload_digest: Option<&str>) {
        let script = super::workspace().join("scripts/cosign-sign");
        let key = keys.join("signing.pem");
        let base = format!("http://{}", self.host);
        let mut args = vec![
            script.to_str().unwrap(),
            "sign",
            &base,
            repo,
            digest,
            key.to_str().unwrap(),
        ];
        if let Some(d) = payload_digest {
            args.extend(["--payload-digest", d]);
        }
        run(python().to_str().unwrap(), &args);
    }
}

impl Registry {
    /// Attach a Sigstore bundle to `digest` as a referrer, through the referrers tag schema.
    pub fn attach_bundle(&self, repo: &str, digest: &str, bundle: &Path) {
        let script = super::workspace().join("scripts/cosign-sign");
        let base = format!("http://{}", self.host);
        run(
            python().to_str().unwrap(),
            &[
                script.to_str().unwrap(),
                "attach-bundle",
                &base,
                repo,
                digest,
                bundle.to_str().unwrap(),
            ],
        );
    }
}

impl Registry {
    /// A Sigstore instance of our own (a CA, a Rekor key, a CT log key) in a new directory,
    /// with its `trusted_root.json`.
    pub fn instance(&self) -> PathBuf {
        let dir = self.dir.path().join("instance");
        std::fs::create_dir_all(&dir).unwrap();
        let script = super::workspace().join("scripts/cosign-sign");
        run(
            python().to_str().unwrap(),
            &[script.to_str().unwrap(), "instance", dir.to_str().unwrap()],
        );
        dir
    }

    /// Attach a keyless cosign signature to `digest`: a certificate of `instance`'s CA naming
    /// `identity` and `issuer` (with an SCT unless `sct` is false) and the log's promise.
    pub fn sign_keyless(
        &self,
        repo: &str,
        digest: &str,
        instance: &Path,
        identity: &str,
        issuer: &str,
        sct: bool,
    ) {
        let script = super::workspace().join("scripts/cosign-sign");
        let base = format!("http://{}", self.host);
        let mut args = vec![
            script.to_str().unwrap(),
            "sign-keyless",
            &base,
            repo,
            digest,
            instance.to_str().unwrap(),
            identity,
            issuer,
        ];
        if !sct {
            args.push("--no-sct");
        }
        run(python().to_str().unwrap(), &args);
    }
}

impl Registry {
    /// Stop the registry and its token server, if any.
    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(mut token_server) = self.token_server.take() {
            let _ = token_server.kill();
            let _ = token_server.wait();
        }
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        self.stop();
    }
}
