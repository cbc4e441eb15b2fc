//! Keyless signing, as `cosign sign-blob --bundle` does it in GitHub Actions, by the services'
//! documented protocols:
//!
//! 1. an OIDC identity token for the audience `sigstore`: `SIGSTORE_ID_TOKEN`, else GitHub
//!    Actions' token endpoint (`GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=sigstore` with
//!    `Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`; the job needs
//!    `permissions: id-token: write`);
//! 2. an ephemeral P-256 key, and from Fulcio (`POST /api/v2/signingCert`) a short-lived
//!    certificate for it, naming the token's identity, against a proof of possession (the key's
//!    signature over the token's `sub`);
//! 3. the signature over the blob's SHA-256, logged in Rekor (`POST /api/v1/log/entries`, a
//!    hashedrekord 0.0.1 entry), whose answer (signed entry timestamp, inclusion proof, signed
//!    checkpoint) goes into the bundle;
//! 4. the bundle (v0.3), verified against the trusted root before it is returned: a signature
//!    that would not verify is not written. The key never leaves memory.
//!
//! Tokens are never logged nor put in an error.

use std::time::Duration;

use base64::Engine;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::signature::hazmat::PrehashSigner;
use p256::pkcs8::EncodePublicKey;
use serde_json::{Value, json};

use crate::trust::TrustedRoot;
use crate::verify::{Artifact, Matcher, Policy, Verified};
use crate::{Error, Result, sha256};

pub const PUBLIC_GOOD_FULCIO: &str = "https://fulcio.sigstore.dev";
pub const PUBLIC_GOOD_REKOR: &str = "https://rekor.sigstore.dev";
/// Answers larger than this are not a certificate or a log entry.
const MAX_ANSWER: usize = 1 << 20;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Where keyless signing gets its certificate and logs its signature.
#[derive(Debug, Clone)]
pub struct Services {
    pub fulcio: String,
    pub rekor: String,
    pub timeout: Duration,
}

/// An HTTPS URL, or plain HTTP to this machine only (a token is never sent in the clear to
/// another host).
fn service_url(what: &str, url: &str) -> Result<reqwest::Url> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::new(format!("{what}: not a URL ({e}): {url}")))?;
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    if parsed.scheme() == "https" || (parsed.scheme() == "http" && loopback) {
        Ok(parsed)
    } else {
        Err(Error::new(format!(
            "{what}: {url} is not HTTPS (plain HTTP only to this machine)"
        )))
    }
}

fn client(timeout: Duration) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(concat!("gatehouse/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(timeout)
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::new(format!("cannot set up HTTP: {e}")))
}

/// Send, read at most [`MAX_ANSWER`] bytes, and parse a JSON answer of one of the `ok`
/// statuses; `what` names the service in errors (never the request, which holds the token).
async fn exchange(what: &str, request: reqwest::RequestBuilder, ok: &[u16]) -> Result<Value> {
    let answer = crate::registry::read(request, MAX_ANSWER)
        .await
        .map_err(|e| Error::new(format!("{what}: {e}")))?;
    if !ok.contains(&answer.status) {
        let message = serde_json::from_slice::<Value>(&answer.body)
            .ok()
            .and_then(|v| {
                v.get("message")
                    .and_then(|m| m.as_str())
                    .map(str::to_string)
            })
            .unwrap_or_default();
        return Err(Error::new(format!(
            "{what}: HTTP {}{}",
            answer.status,
            if message.is_empty() {
                String::new()
            } else {
                format!(" ({})", message.chars().take(200).collect::<String>())
            }
        )));
    }
    serde_json::from_slice(&answer.body)
        .map_err(|e| Error::new(format!("{what}: the answer is not JSON: {e}")))
}

fn post_json(http: &reqwest::Client, url: reqwest::Url, body: &Value) -> reqwest::RequestBuilder {
    http.post(url)
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(body.to_string())
}

/// The identity token of this environment, if there is one: `SIGSTORE_ID_TOKEN`, else GitHub
/// Actions' (where the job may ask for one).
pub async fn ambient_token(timeout: Duration) -> Result<Option<String>> {
    if let Ok(token) = std::env::var("SIGSTORE_ID_TOKEN")
        && !token.trim().is_empty()
    {
        return Ok(Some(token.trim().to_string()));
    }
    let (Ok(url), Ok(request_token)) = (
        std::env::var("ACTIONS_ID_TOKEN_REQUEST_URL"),
        std::env::var("ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
    ) else {
        return Ok(None);
    };
    let mut url = service_url("GitHub Actions' token endpoint", &url)?;
    url.query_pairs_mut().append_pair("audience", "sigstore");
    let request = client(timeout)?
        .get(url)
        .header("authorization", format!("bearer {request_token}"));
    let answer = exchange("GitHub Actions' token endpoint", request, &[200]).await?;
    answer
        .get("value")
        .and_then(|v| v.as_str())
        .map(|v| Some(v.to_string()))
        .ok_or_else(|| Error::new("GitHub Actions' token endpoint gave no token"))
}

/// The `sub` claim of a JWT (not verified here: Fulcio verifies the token).
fn subject(token: &str) -> Result<String> {
    let claims = token
        .split('.')
        .nth(1)
        .and_then(|c| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(c.trim_end_matches('='))
                .ok()
        })
        .and_then(|c| serde_json::from_slice::<Value>(&c).ok())
        .ok_or_else(|| Error::new("the identity token is not a JWT"))?;
    claims
        .get("sub")
        .and_then(|s| s.as_str())
        .map(str::to_string)
        .ok_or_else(|| Error::new("the identity token has no `sub` claim"))
}

/// Sign `data` keylessly: the Sigstore bundle (JSON), verified against `root`, and who it
/// says signed.
pub async fn sign_blob(
    data: &[u8],
    token: &str,
    services: &Services,
    root: &TrustedRoot,
) -> Result<(String, Verified)> {
    let http = client(services.timeout)?;
    let key = p256::ecdsa::SigningKey::random(&mut rand_core::OsRng);
    let public_pem = key
        .verifying_key()
        .to_public_key_pem(p256::pkcs8::LineEnding::LF)
        .map_err(|e| Error::new(e.to_string()))?;

    // 2. The certificate.
    let proof: p256::ecdsa::Signature = key.sign(subject(token)?.as_bytes());
    let mut url = service_url("Fulcio", &services.fulcio)?;
    url.set_path("/api/v2/signingCert");
    let request = post_json(
        &http,
        url,
        &json!({
            "credentials": { "oidcIdentityToken": token },
            "publicKeyRequest": {
                "publicKey": { "algorithm": "ECDSA", "content": public_pem },
                "proofOfPossession": b64(proof.to_der().as_bytes()),
            }
        }),
    );
    let answer = exchange("Fulcio", request, &[200, 201]).await?;
    let leaf_pem = answer
        .pointer("/signedCertificateEmbeddedSct/chain/certificates/0")
        .and_then(|c| c.as_str())
        .ok_or_else(|| Error::new("Fulcio's answer has no certificate with an embedded SCT"))?
        .to_string();
    let leaf = crate::keys::pem_body(&leaf_pem, "CERTIFICATE")
        .map_err(|e| Error::new(format!("Fulcio's certificate: {e}")))?;

    // 3. The signature, logged.
    let digest = sha256(data);
    let signature: p256::ecdsa::Signature = key
        .sign_prehash(&digest)
        .map_err(|e| Error::new(format!("signing failed: {e}")))?;
    let signature = b64(signature.to_der().as_bytes());
    let mut url = service_url("Rekor", &services.rekor)?;
    url.set_path("/api/v1/log/entries");
    let request = post_json(
        &http,
        url,
        &json!({
            "apiVersion": "0.0.1",
            "kind": "hashedrekord",
            "spec": {
                "data": { "hash": { "algorithm": "sha256", "value": gatehouse_model::hex(&digest) } },
                "signature": { "content": signature, "publicKey": { "content": b64(leaf_pem.as_bytes()) } }
            }
        }),
    );
    let answer = exchange("Rekor", request, &[200, 201]).await?;
    let entry = answer
        .as_object()
        .and_then(|o| o.values().next())
        .ok_or_else(|| Error::new("Rekor's answer holds no entry"))?;
    let bundle = bundle_json(entry, &leaf, &digest, &signature)?;

    // 4. Verified before it is written.
    let parsed = crate::bundle::Bundle::from_json(&bundle)?;
    let anyone = Policy::Identity {
        identity: Matcher::regex(".*")?,
        issuer: Matcher::regex(".*")?,
    };
    let verified = crate::verify::verify(&parsed, &Artifact::Bytes(data.to_vec()), &anyone, root)
        .map_err(|e| Error::new(format!("the signature made does not verify: {e}")))?;
    Ok((bundle, verified))
}

/// The v0.3 bundle of a message signature logged in Rekor v1 (`entry`: the log's answer).
fn bundle_json(entry: &Value, leaf: &[u8], digest: &[u8; 32], signature: &str) -> Result<String> {
    let missing = |what: &str| Error::new(format!("Rekor's answer has no {what}"));
    let number = |v: Option<&Value>, what: &str| {
        v.and_then(|n| n.as_u64())
            .map(|n| n.to_string())
            .ok_or_else(|| missing(what))
    };
    let hex_b64 = |v: &Value| -> Result<String> {
        let text = v.as_str().ok_or_else(|| missing("hash"))?;
        let bytes = (0..text.len() / 2)
            .map(|i| u8::from_str_radix(text.get(2 * i..2 * i + 2).unwrap_or("zz"), 16))
            .collect::<std::result::Result<Vec<u8>, _>>()
            .map_err(|_| Error::new(format!("Rekor's answer: not hex: {text}")))?;
        Ok(b64(&bytes))
    };
    let proof = entry
        .pointer("/verification/inclusionProof")
        .ok_or_else(|| missing("inclusion proof"))?;
    let hashes = proof
        .get("hashes")
        .and_then(|h| h.as_array())
        .ok_or_else(|| missing("inclusion proof hashes"))?
        .iter()
        .map(hex_b64)
        .collect::<Result<Vec<String>>>()?;
    let bundle = json!({
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {
            "certificate": { "rawBytes": b64(leaf) },
            "tlogEntries": [{
                "logIndex": number(entry.get("logIndex"), "logIndex")?,
                "logId": { "keyId": hex_b64(entry.get("logID").ok_or_else(|| missing("logID"))?)? },
                "kindVersion": { "kind": "hashedrekord", "version": "0.0.1" },
                "integratedTime": number(entry.get("integratedTime"), "integratedTime")?,
                "inclusionPromise": {
                    "signedEntryTimestamp": entry
                        .pointer("/verification/signedEntryTimestamp")
                        .and_then(|s| s.as_str())
                        .ok_or_else(|| missing("signed entry timestamp"))?
                },
                "inclusionProof": {
                    "logIndex": number(proof.get("logIndex"), "inclusion proof logIndex")?,
                    "rootHash": hex_b64(proof.get("rootHash").ok_or_else(|| missing("root hash"))?)?,
                    "treeSize": number(proof.get("treeSize"), "tree size")?,
                    "hashes": hashes,
                    "checkpoint": {
                        "envelope": proof
                            .get("checkpoint")
                            .and_then(|c| c.as_str())
                            .ok_or_else(|| missing("checkpoint"))?
                    }
                },
                "canonicalizedBody": entry
                    .get("body")
                    .and_then(|b| b.as_str())
                    .ok_or_else(|| missing("body"))?
            }]
        },
        "messageSignature": {
            "messageDigest": { "algorithm": "SHA2_256", "digest": b64(digest) },
            "signature": signature
        }
    });
    serde_json::to_string_pretty(&bundle).map_err(|e| Error::new(e.to_string()))
}

/// [`sign_blob`] with this environment's identity token ([`ambient_token`]), on a runtime of
/// its own.
pub fn sign_blob_with_ambient_token(
    data: &[u8],
    services: &Services,
    root: &TrustedRoot,
) -> Result<(String, Verified)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::new(format!("cannot start the signing runtime: {e}")))?;
    runtime.block_on(async {
        let token = ambient_token(services.timeout).await?.ok_or_else(|| {
            Error::new(
                "no identity token for keyless signing: run in GitHub Actions with \
                 `permissions: id-token: write`, set SIGSTORE_ID_TOKEN, or sign with a key",
            )
        })?;
        sign_blob(data, &token, services, root).await
    })
}
