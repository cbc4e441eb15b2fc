use std::os::unix::fs::PermissionsExt;
use std::process::Command;

fn run(cmd: &str, name: &str) {
    // gatehouse-expect: rust-command-shell-non-literal
    let _ = Command::new("sh").arg("-c").arg(cmd).status();
    // gatehouse-expect: rust-command-shell-non-literal
    let _ = Command::new("/bin/bash").args(["-c", &format!("tar czf {name}.tgz /srv")]).status();
    // gatehouse-ok: rust-command-shell-non-literal
    let _ = Command::new("sh").arg("-c").arg("uptime").status();
    // gatehouse-ok: rust-command-shell-non-literal
    let _ = Command::new("tar").arg("czf").arg(name).status();
}

fn client() {
    // gatehouse-expect: rust-tls-accept-invalid-certs
    let a = reqwest::Client::builder().danger_accept_invalid_certs(true).build();
    // gatehouse-expect: rust-tls-accept-invalid-certs
    let b = builder.danger_accept_invalid_hostnames(true);
    // gatehouse-ok: rust-tls-accept-invalid-certs
    let c = reqwest::Client::builder().danger_accept_invalid_certs(false).build();
    // gatehouse-ok: rust-tls-accept-invalid-certs
    let d = reqwest::Client::builder().add_root_certificate(cert).build();
    // gatehouse-expect: rust-openssl-verify-none
    ctx.set_verify(SslVerifyMode::NONE);
    // gatehouse-expect: rust-openssl-verify-none
    connector.set_verify(openssl::ssl::SslVerifyMode::NONE);
    // gatehouse-ok: rust-openssl-verify-none
    ctx.set_verify(SslVerifyMode::PEER);
    // gatehouse-ok: rust-openssl-verify-none
    ctx.set_verify(SslVerifyMode::FAIL_IF_NO_PEER_CERT);
}

fn hashes(data: &[u8]) {
    // gatehouse-expect: rust-weak-hash
    let digest = md5::compute(data);
    // gatehouse-expect: rust-weak-hash
    let mut hasher = Sha1::new();
    // gatehouse-ok: rust-weak-hash
    let mut hasher2 = Sha256::new();
    // gatehouse-ok: rust-weak-hash
    let h = blake3::hash(data);
    // gatehouse-expect: rust-weak-cipher
    let c = Cipher::des_ede3_cbc();
    // gatehouse-expect: rust-weak-cipher
    let r = Rc4::new(key.into());
    // gatehouse-ok: rust-weak-cipher
    let g = Cipher::aes_256_gcm();
    // gatehouse-ok: rust-weak-cipher
    let x = ChaCha20Poly1305::new(key);
}

async fn sql(pool: &PgPool, name: &str, id: i64) {
    // gatehouse-expect: rust-sql-format
    let rows = sqlx::query(&format!("SELECT * FROM users WHERE name = '{name}'")).fetch_all(pool).await;
    // gatehouse-expect: rust-sql-format
    client.execute(&format!("DELETE FROM users WHERE id = {}", id), &[]).await;
    // gatehouse-ok: rust-sql-format
    let rows2 = sqlx::query("SELECT * FROM users WHERE id = $1").bind(id).fetch_all(pool).await;
    // gatehouse-ok: rust-sql-format
    let label = format!("SELECT label {name}");
}

fn keys() {
    // gatehouse-expect: rust-jwt-hardcoded-secret
    let k = EncodingKey::from_secret(b"my-signing-secret");
    // gatehouse-expect: rust-jwt-hardcoded-secret
    let d = DecodingKey::from_secret("another-secret".as_bytes());
    // gatehouse-ok: rust-jwt-hardcoded-secret
    let k2 = EncodingKey::from_secret(secret.as_bytes());
    // gatehouse-ok: rust-jwt-hardcoded-secret
    let k3 = EncodingKey::from_rsa_pem(pem).unwrap();
    let mut validation = Validation::new(Algorithm::HS256);
    // gatehouse-expect: rust-jwt-validation-disabled
    validation.insecure_disable_signature_validation();
    // gatehouse-expect: rust-jwt-validation-disabled
    validation.validate_exp = false;
    // gatehouse-ok: rust-jwt-validation-disabled
    validation.validate_exp = true;
    // gatehouse-ok: rust-jwt-validation-disabled
    validation.set_audience(&["api"]);
}

fn raw(p: *const u8) -> u8 {
    // gatehouse-expect: rust-unsafe-without-safety-comment
    let a = unsafe { *p };
    // SAFETY: the caller guarantees p points to a live u8.
    // gatehouse-ok: rust-unsafe-without-safety-comment
    let b = unsafe { *p };
    // gatehouse-expect: rust-unsafe-without-safety-comment
    unsafe { libc::abort() };
    // gatehouse-ok: rust-unsafe-without-safety-comment
    unsafe {
        // SAFETY: abort never returns and touches no Rust state.
        libc::abort()
    };
    a + b
}

fn perms(path: &std::path::Path) {
    // gatehouse-expect: rust-world-writable-permissions
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o777)).unwrap();
    // gatehouse-expect: rust-world-writable-permissions
    let f = std::fs::OpenOptions::new().create(true).mode(0o666).open(path);
    // gatehouse-ok: rust-world-writable-permissions
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    // gatehouse-ok: rust-world-writable-permissions
    let g = std::fs::OpenOptions::new().create(true).mode(0o640).open(path);
}

async fn serve() {
    // gatehouse-expect: rust-bind-all-interfaces
    let l = std::net::TcpListener::bind("0.0.0.0:8080").unwrap();
    // gatehouse-expect: rust-bind-all-interfaces
    let t = tokio::net::TcpListener::bind("0.0.0.0:9000").await.unwrap();
    // gatehouse-ok: rust-bind-all-interfaces
    let l2 = std::net::TcpListener::bind("127.0.0.1:8080").unwrap();
    // gatehouse-ok: rust-bind-all-interfaces
    let l3 = std::net::TcpListener::bind(addr).unwrap();
}
