//! TLS probes of an HTTPS target, as sslyze and testssl.sh make them: which old protocol
//! versions the server accepts (a ClientHello offering only TLS 1.0, then only TLS 1.1, written
//! here byte by byte: rustls speaks neither, and OpenSSL is not used), and its certificate, read
//! in a handshake whose verifier records the chain and what the system's (and `dast.ca_file`'s)
//! authorities say of it, then accepts it so that it can be inspected; no data is sent on that
//! connection. Each connection counts against the request budget.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use der::Decode;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use serde::Serialize;

/// What the TLS probes learned.
#[derive(Debug, Default, Clone, Serialize)]
pub struct TlsFacts {
    /// Old versions the server accepted (`TLS 1.0`, `TLS 1.1`).
    pub old_versions_accepted: Vec<String>,
    /// The version negotiated by a modern client (`TLSv1_3`, `TLSv1_2`).
    pub negotiated: Option<String>,
    pub certificate: Option<CertificateFacts>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CertificateFacts {
    pub subject: String,
    pub issuer: String,
    pub not_before: String,
    pub not_after: String,
    pub days_left: i64,
    pub not_yet_valid: bool,
    pub self_signed: bool,
    /// `RSA 2048`, `EC`, `Ed25519`…
    pub key: String,
    /// What the trusted authorities say (`None`: trusted and valid for the host).
    pub verification_error: Option<String>,
}

/// One TLS finding: (rule, message, what makes it this one).
pub type TlsFound = (&'static str, String, &'static str);

const OLD_VERSIONS: [(&str, [u8; 2]); 2] = [("TLS 1.0", [3, 1]), ("TLS 1.1", [3, 2])];

/// Cipher suites a TLS 1.0/1.1 server would pick from (ECDHE and RSA key exchange, AES and
/// 3DES in CBC mode), and the renegotiation SCSV.
const OLD_SUITES: [u16; 9] = [
    0xC009, 0xC00A, 0xC013, 0xC014, 0x002F, 0x0035, 0x000A, 0x0033, 0x00FF,
];

/// A ClientHello offering only `version`.
fn client_hello(version: [u8; 2], host: Option<&str>) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(&version);
    // The random: its content does not matter to a probe that never completes a handshake.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
        .to_be_bytes();
    body.extend_from_slice(&seed);
    body.extend_from_slice(&seed);
    body.push(0); // no session id
    body.extend_from_slice(&((OLD_SUITES.len() * 2) as u16).to_be_bytes());
    for suite in OLD_SUITES {
        body.extend_from_slice(&suite.to_be_bytes());
    }
    body.extend_from_slice(&[1, 0]); // null compression
    let mut extensions = Vec::new();
    if let Some(host) = host {
        let name = host.as_bytes();
        let mut sni = Vec::new();
        sni.extend_from_slice(&((name.len() + 3) as u16).to_be_bytes());
        sni.push(0);
        sni.extend_from_slice(&(name.len() as u16).to_be_bytes());
        sni.extend_from_slice(name);
        extensions.extend_from_slice(&[0, 0]);
        extensions.extend_from_slice(&(sni.len() as u16).to_be_bytes());
        extensions.extend_from_slice(&sni);
    }
    // supported_groups: x25519, secp256r1, secp384r1; ec_point_formats: uncompressed.
    extensions.extend_from_slice(&[0, 10, 0, 8, 0, 6, 0, 29, 0, 23, 0, 24]);
    extensions.extend_from_slice(&[0, 11, 0, 2, 1, 0]);
    body.extend_from_slice(&(extensions.len() as u16).to_be_bytes());
    body.extend_from_slice(&extensions);
    let mut handshake = vec![1];
    handshake.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    handshake.extend_from_slice(&body);
    let mut record = vec![22, 3, 1];
    record.extend_from_slice(&(handshake.len() as u16).to_be_bytes());
    record.extend_from_slice(&handshake);
    record
}

/// A connection to the first of the host's addresses that answers (as the HTTP client
/// tries them), each attempt and every later read and write within `timeout`.
fn connect(host: &str, port: u16, timeout: Duration) -> Result<TcpStream, String> {
    let mut last = format!("{host}:{port}: no address");
    let addresses = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("{host}:{port}: {e}"))?;
    for address in addresses {
        match TcpStream::connect_timeout(&address, timeout) {
            Ok(stream) => {
                stream
                    .set_read_timeout(Some(timeout))
                    .and_then(|()| stream.set_write_timeout(Some(timeout)))
                    .map_err(|e| format!("{host}:{port}: {e}"))?;
                return Ok(stream);
            }
            Err(e) => last = format!("{host}:{port}: cannot connect: {e}"),
        }
    }
    Err(last)
}

/// The time left until `deadline`, as a socket timeout (at least a millisecond); None when it
/// has passed.
fn left(deadline: Instant) -> Option<Duration> {
    deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
        .map(|d| d.max(Duration::from_millis(1)))
}

/// Whether the server answers a ClientHello offering only `version` with a ServerHello of
/// that version (an alert, a close, or another version is a refusal).
fn accepts(host: &str, port: u16, version: [u8; 2], timeout: Duration) -> Result<bool, String> {
    // The whole exchange within the timeout, however slowly the server answers.
    let deadline = Instant::now() + timeout;
    let mut stream = connect(host, port, timeout)?;
    let sni = host.parse::<std::net::IpAddr>().is_err().then_some(host);
    stream
        .write_all(&client_hello(version, sni))
        .map_err(|e| format!("{host}:{port}: {e}"))?;
    let mut head = [0u8; 11];
    let mut read = 0;
    while read < head.len() {
        let Some(remaining) = left(deadline) else {
            return Ok(false);
        };
        let _ = stream.set_read_timeout(Some(remaining));
        match stream.read(&mut head[read..]) {
            Ok(0) | Err(_) => return Ok(false),
            Ok(n) => read += n,
        }
    }
    // A handshake record whose first message is a ServerHello (2) of the version offered.
    Ok(head[0] == 22 && head[5] == 2 && head[9..11] == version)
}

/// Records the chain and the authorities' verdict, and accepts the server for inspection.
#[derive(Debug)]
struct Inspecting {
    inner: Arc<rustls::client::WebPkiServerVerifier>,
    seen: Mutex<Option<(Vec<u8>, Option<rustls::Error>)>>,
    schemes: Vec<SignatureScheme>,
}

impl ServerCertVerifier for Inspecting {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .err();
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some((end_entity.to_vec(), verdict));
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes.clone()
    }
}

/// The trusted authorities: the system's and `ca`'s (PEM).
fn roots(ca: Option<&[u8]>) -> Result<rustls::RootCertStore, String> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(pem) = ca {
        use rustls::pki_types::pem::PemObject;
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| format!("dast.ca_file: {e}"))?;
            roots.add(cert).map_err(|e| format!("dast.ca_file: {e}"))?;
        }
    }
    Ok(roots)
}

/// What a modern client's handshake saw.
struct Presented {
    /// The server's certificate (DER).
    der: Vec<u8>,
    /// What the trusted authorities say of it (None: trusted, valid for the host).
    error: Option<rustls::Error>,
    /// The version negotiated.
    negotiated: Option<String>,
}

/// The certificate the server presents, what the authorities say of it, and the version a
/// modern client negotiates.
fn certificate(
    host: &str,
    port: u16,
    ca: Option<&[u8]>,
    timeout: Duration,
) -> Result<Presented, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let inner = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots(ca)?),
        provider.clone(),
    )
    .build()
    .map_err(|e| format!("TLS set-up: {e}"))?;
    let verifier = Arc::new(Inspecting {
        schemes: inner.supported_verify_schemes(),
        inner,
        seen: Mutex::new(None),
    });
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    let name = ServerName::try_from(host.to_string())
        .map_err(|e| format!("{host}: not a server name: {e}"))?;
    let mut connection = rustls::ClientConnection::new(Arc::new(config), name)
        .map_err(|e| format!("TLS set-up: {e}"))?;
    let deadline = Instant::now() + timeout;
    let mut stream = connect(host, port, timeout)?;
    while connection.is_handshaking() {
        let remaining = left(deadline).ok_or_else(|| {
            format!(
                "{host}:{port}: no complete TLS handshake within {} s",
                timeout.as_secs()
            )
        })?;
        let _ = stream.set_read_timeout(Some(remaining));
        connection
            .complete_io(&mut stream)
            .map_err(|e| format!("{host}:{port}: the TLS handshake failed: {e}"))?;
    }
    let negotiated = connection
        .protocol_version()
        .map(|v| format!("{v:?}").replace('_', "."));
    connection.send_close_notify();
    let _ = connection.complete_io(&mut stream);
    let seen = verifier
        .seen
        .lock()
        .ok()
        .and_then(|mut s| s.take())
        .ok_or_else(|| format!("{host}:{port}: no certificate presented"))?;
    Ok(Presented {
        der: seen.0,
        error: seen.1,
        negotiated,
    })
}

/// The leaf's facts (dates, key, self-signed).
fn describe(der: &[u8], verification_error: Option<String>) -> Result<CertificateFacts, String> {
    let cert = x509_cert::Certificate::from_der(der)
        .map_err(|e| format!("the server's certificate is not DER X.509: {e}"))?;
    let tbs = &cert.tbs_certificate;
    let seconds = |t: &x509_cert::time::Time| t.to_unix_duration().as_secs() as i64;
    let (not_before, not_after) = (
        seconds(&tbs.validity.not_before),
        seconds(&tbs.validity.not_after),
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let spki = &tbs.subject_public_key_info;
    let key = match spki.algorithm.oid.to_string().as_str() {
        "1.2.840.113549.1.1.1" => {
            let bits = spki
                .subject_public_key
                .as_bytes()
                .and_then(|b| pkcs1::RsaPublicKey::from_der(b).ok())
                .map(|k| {
                    let m = k.modulus.as_bytes();
                    let lead = m.first().map_or(0, |b| b.leading_zeros() as usize);
                    m.len() * 8 - lead
                })
                .unwrap_or(0);
            format!("RSA {bits}")
        }
        "1.2.840.10045.2.1" => "EC".to_string(),
        "1.3.101.112" => "Ed25519".to_string(),
        other => other.to_string(),
    };
    let time = |t: i64| {
        jiff::Timestamp::from_second(t)
            .map(|t| t.to_string())
            .unwrap_or_default()
    };
    Ok(CertificateFacts {
        subject: tbs.subject.to_string(),
        issuer: tbs.issuer.to_string(),
        not_before: time(not_before),
        not_after: time(not_after),
        days_left: (not_after - now).div_euclid(86400),
        not_yet_valid: not_before > now,
        self_signed: tbs.subject == tbs.issuer,
        key,
        verification_error,
    })
}

/// What the authorities' refusal of a certificate is about.
enum CertProblem {
    Name,
    Dates,
    Trust(String),
}

fn classify(error: &rustls::Error) -> CertProblem {
    use rustls::CertificateError as C;
    match error {
        rustls::Error::InvalidCertificate(
            C::NotValidForName | C::NotValidForNameContext { .. },
        ) => CertProblem::Name,
        rustls::Error::InvalidCertificate(
            C::Expired | C::ExpiredContext { .. } | C::NotValidYet | C::NotValidYetContext { .. },
        ) => CertProblem::Dates,
        other => CertProblem::Trust(other.to_string()),
    }
}

/// Run the TLS probes against `host:port`; `spend()` takes a connection from the request
/// budget at the rate (false: the budget is spent). The facts and findings so far, and why the
/// probes stopped early, if they did.
pub fn probe(
    host: &str,
    port: u16,
    ca: Option<&[u8]>,
    timeout: Duration,
    spend: &dyn Fn() -> bool,
) -> (TlsFacts, Vec<TlsFound>, Option<String>) {
    let mut facts = TlsFacts::default();
    let mut found: Vec<TlsFound> = Vec::new();
    let stopped = inspect(host, port, ca, timeout, spend, &mut facts, &mut found).err();
    (facts, found, stopped)
}

fn inspect(
    host: &str,
    port: u16,
    ca: Option<&[u8]>,
    timeout: Duration,
    spend: &dyn Fn() -> bool,
    facts: &mut TlsFacts,
    found: &mut Vec<TlsFound>,
) -> Result<(), String> {
    for (name, version) in OLD_VERSIONS {
        if !spend() {
            return Err(crate::client::Refusal::Budget.to_string());
        }
        if accepts(host, port, version, timeout)? {
            facts.old_versions_accepted.push(name.to_string());
        }
    }
    if !facts.old_versions_accepted.is_empty() {
        found.push((
            "dast.tls-old-protocol",
            format!(
                "{host}:{port} accepts {}",
                facts.old_versions_accepted.join(" and ")
            ),
            "old-protocol",
        ));
    }
    if !spend() {
        return Err(crate::client::Refusal::Budget.to_string());
    }
    let Presented {
        der,
        error,
        negotiated,
    } = certificate(host, port, ca, timeout)?;
    facts.negotiated = negotiated;
    let cert = describe(&der, error.as_ref().map(|e| e.to_string()))?;
    if cert.days_left < 0 {
        found.push((
            "dast.tls-cert-expired",
            format!(
                "the certificate of {host}:{port} expired on {}",
                cert.not_after
            ),
            "expired",
        ));
    } else if cert.not_yet_valid {
        found.push((
            "dast.tls-cert-expired",
            format!(
                "the certificate of {host}:{port} is not valid before {}",
                cert.not_before
            ),
            "expired",
        ));
    } else if cert.days_left < 30 {
        found.push((
            "dast.tls-cert-expiring",
            format!(
                "the certificate of {host}:{port} expires in {} days ({})",
                cert.days_left, cert.not_after
            ),
            "expiring",
        ));
    }
    // What the authorities say: not for this host, or (but for the dates, judged above) not
    // to be trusted at all: an unknown issuer, a self-signed or CA certificate serving as
    // the server's, a bad signature.
    match error.as_ref().map(classify) {
        Some(CertProblem::Name) => found.push((
            "dast.tls-hostname-mismatch",
            format!(
                "the certificate of {host}:{port} is not for {host} ({})",
                cert.subject
            ),
            "hostname",
        )),
        Some(CertProblem::Trust(why)) => found.push((
            "dast.tls-untrusted",
            format!(
                "the certificate of {host}:{port} does not chain to a trusted authority{} ({why})",
                if cert.self_signed {
                    ", it is self-signed"
                } else {
                    ""
                }
            ),
            "untrusted",
        )),
        Some(CertProblem::Dates) | None => {}
    }
    if let Some(bits) = cert
        .key
        .strip_prefix("RSA ")
        .and_then(|b| b.parse::<usize>().ok())
        && bits < 2048
    {
        found.push((
            "dast.tls-weak-key",
            format!("the certificate of {host}:{port} has a {bits}-bit RSA key"),
            "weak-key",
        ));
    }
    facts.certificate = Some(cert);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_hello_is_one_well_formed_record() {
        let hello = client_hello([3, 1], Some("app.test"));
        assert_eq!(hello[0], 22);
        let length = u16::from_be_bytes([hello[3], hello[4]]) as usize;
        assert_eq!(hello.len(), 5 + length);
        assert_eq!(hello[5], 1, "a ClientHello");
        let body = u32::from_be_bytes([0, hello[6], hello[7], hello[8]]) as usize;
        assert_eq!(body, length - 4);
        assert_eq!(&hello[9..11], &[3, 1]);
        assert!(
            hello.windows(8).any(|w| w == b"app.test"),
            "SNI carries the host"
        );
        // Without a host name (an IP address target), no SNI extension: 9 + 8 bytes fewer.
        assert_eq!(client_hello([3, 2], None).len(), hello.len() - 17);
    }
}
