//! Whether a deployed image is signed by whom the configuration trusts, as `cosign verify`
//! checks it, in both places cosign puts signatures:
//!
//! - the `sha256-<hex>.sig` tag: an OCI manifest whose layers are Simple Signing payloads, each
//!   with its signature in the `dev.cosignproject.cosign/signature` annotation (cosign, and
//!   skopeo's `--sign-by-sigstore-private-key`);
//! - OCI 1.1 referrers of artifact type `application/vnd.dev.sigstore.bundle.v0.3+json`: a
//!   Sigstore bundle whose statement names the image digest (cosign v3).
//!
//! A signature counts only if it verifies with a trusted key (or, for a bundle, a trusted
//! identity under the trusted root), and its payload names this image's digest.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::bundle::Bundle;
use crate::keys::PublicKey;
use crate::registry::{Reference, Registry};
use crate::trust::TrustedRoot;
use crate::verify::{Artifact, Policy, verify};

pub const BUNDLE_ARTIFACT_TYPE: &str = "application/vnd.dev.sigstore.bundle.v0.3+json";
/// The in-toto predicate of cosign's image signatures as bundles (other predicates are
/// attestations: an SBOM or provenance for the image is not its signature).
const COSIGN_SIGN_PREDICATE: &str = "https://sigstore.dev/cosign/sign/v1";
/// At most this many signatures of one image are read (cosign's own guard against a
/// repository stuffed with signatures).
const MAX_SIGNATURES: u32 = 100;

/// Whom signatures must come from.
pub struct Trust {
    /// (where it came from, DER SubjectPublicKeyInfo).
    pub keys: Vec<(String, Vec<u8>)>,
    /// Identity policies for keyless bundles.
    pub identities: Vec<Policy>,
    pub root: Option<TrustedRoot>,
    /// Accept a key's `.sig` signature without Rekor evidence (`cosign verify
    /// --insecure-ignore-tlog`, for signatures made with `--tlog-upload=false`).
    pub ignore_tlog: bool,
    /// Accept a keyless `.sig` signature's certificate without a signed certificate timestamp
    /// (`cosign verify --insecure-ignore-sct`, for certificates older than Fulcio's CT log).
    pub ignore_sct: bool,
}

impl Trust {
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.identities.is_empty()
    }
}

/// One image's verdict, as the facts carry it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImageCheck {
    pub reference: String,
    /// Where the image is referenced: a file of the tree and its line, or `gatehouse.toml`.
    pub path: String,
    pub line: u32,
    pub digest: Option<String>,
    /// `verified`, `unsigned`, `untrusted`, `digest-mismatch` or `error`.
    pub status: &'static str,
    /// Who signed (`key FILE` or an identity), where verified.
    pub signer: Option<String>,
    /// How many signatures were found, and why none counted (or the error).
    pub signatures: u32,
    pub detail: Option<String>,
}

/// The `critical.image.docker-manifest-digest` of a Simple Signing payload of cosign's type.
fn payload_digest(payload: &[u8]) -> Option<String> {
    let json: Value = serde_json::from_slice(payload).ok()?;
    if json.pointer("/critical/type").and_then(|t| t.as_str())
        != Some("cosign container image signature")
    {
        return None;
    }
    json.pointer("/critical/image/docker-manifest-digest")
        .and_then(|d| d.as_str())
        .map(str::to_ascii_lowercase)
}

/// Who made a `.sig` layer's signature over `payload`, if it counts: a trusted key (with the
/// log's promise, unless the configuration waives it), else, for a keyless signature, a trusted
/// identity whose certificate chains to the trusted root. Else why it does not count.
fn sig_layer_signer(
    layer: &Value,
    payload: &[u8],
    signature: &[u8],
    trust: &Trust,
) -> Result<String, String> {
    let annotation = |name: &str| {
        layer
            .get("annotations")
            .and_then(|a| a.get(name))
            .and_then(|s| s.as_str())
    };
    let rekor = annotation("dev.sigstore.cosign/bundle");
    let certificate = annotation("dev.sigstore.cosign/certificate");
    let key = trust.keys.iter().find(|(_, der)| {
        PublicKey::from_spki_der(der)
            .and_then(|key| key.verify(payload, signature))
            .is_ok()
    });
    if let Some((name, der)) = key {
        // The transparency log's promise, unless the configuration waives it.
        if !trust.ignore_tlog {
            match (rekor, &trust.root) {
                (None, _) => {
                    return Err(format!(
                        "key {name}: no transparency log evidence (the dev.sigstore.cosign/bundle annotation; signatures.insecure_ignore_tlog accepts signatures without it)"
                    ));
                }
                (Some(_), None) => {
                    return Err(format!(
                        "key {name}: transparency log evidence, but no trusted root to check it against (signatures.trusted_root)"
                    ));
                }
                (Some(annotation), Some(root)) => {
                    crate::verify::verify_cosign_rekor_bundle(
                        annotation, payload, signature, der, root,
                    )
                    .map_err(|e| format!("key {name}: {}", e.0))?;
                }
            }
        }
        return Ok(format!("key {name}"));
    }
    match (certificate, &trust.root) {
        (None, _) => Err("signed by no trusted key".to_string()),
        (Some(_), _) if trust.identities.is_empty() => Err(
            "a keyless signature, but no identity is trusted (signatures.identities)".to_string(),
        ),
        (Some(_), None) => Err(
            "a keyless signature, but no trusted root to verify it (signatures.trusted_root)"
                .to_string(),
        ),
        (Some(pem), Some(root)) => crate::verify::verify_cosign_keyless(
            payload,
            signature,
            pem,
            rekor,
            &trust.identities,
            root,
            !trust.ignore_sct,
        )
        .map(|(identity, issuer)| match issuer {
            Some(issuer) => format!("{identity} ({issuer})"),
            None => identity,
        })
        .map_err(|e| format!("keyless: {}", e.0)),
    }
}

/// What the registry says of one image.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub digest: Option<String>,
    pub status: &'static str,
    pub signer: Option<String>,
    pub signatures: u32,
    pub detail: Option<String>,
}

/// Check one image.
pub async fn check(
    reference: &Reference,
    trust: &Trust,
    insecure: &[String],
    timeout: Duration,
) -> Outcome {
    match check_inner(reference, trust, insecure, timeout).await {
        Ok(found) => found,
        Err(e) => Outcome {
            digest: reference.digest.clone(),
            status: "error",
            signer: None,
            signatures: 0,
            detail: Some(e.0),
        },
    }
}

type Found = Outcome;

fn outcome(
    digest: &str,
    status: &'static str,
    signer: Option<String>,
    signatures: u32,
    detail: Option<String>,
) -> Outcome {
    Outcome {
        digest: Some(digest.to_string()),
        status,
        signer,
        signatures,
        detail,
    }
}

async fn check_inner(
    reference: &Reference,
    trust: &Trust,
    insecure: &[String],
    timeout: Duration,
) -> crate::Result<Found> {
    let registry = Registry::new(reference, insecure, timeout)?;
    let repo = &reference.repository;
    let digest = match &reference.digest {
        Some(digest) => digest.clone(),
        None => {
            let tag = reference.tag.as_deref().unwrap_or("latest");
            match registry.manifest(repo, tag).await? {
                Some((digest, _)) => digest,
                None => {
                    return Err(crate::Error::new(format!(
                        "{reference}: no such image in the registry"
                    )));
                }
            }
        }
    };
    let mut found = 0u32;
    let mut reasons: Vec<String> = Vec::new();
    let mut mismatch: Option<String> = None;

    // cosign's signature tag.
    let sig_tag = format!("{}.sig", digest.replace(':', "-"));
    if let Some((_, manifest)) = registry.manifest(repo, &sig_tag).await? {
        let layers = manifest
            .get("layers")
            .and_then(|l| l.as_array())
            .cloned()
            .unwrap_or_default();
        for layer in layers {
            let Some(signature) = layer
                .pointer("/annotations/dev.cosignproject.cosign~1signature")
                .and_then(|s| s.as_str())
            else {
                continue;
            };
            found += 1;
            if found > MAX_SIGNATURES {
                reasons.push(format!(
                    "more than {MAX_SIGNATURES} signatures: the rest not read"
                ));
                break;
            }
            let Some(blob) = layer.get("digest").and_then(|d| d.as_str()) else {
                reasons.push("a signature layer without a digest".to_string());
                continue;
            };
            // A signature that cannot be read is one that does not count, not a reason to
            // leave the others unread.
            let payload = match registry.blob(repo, blob).await {
                Ok(payload) => payload,
                Err(e) => {
                    reasons.push(format!("a signature payload that cannot be read: {e}"));
                    continue;
                }
            };
            let Ok(signature) = crate::b64("the signature annotation", signature) else {
                reasons.push("a signature that is not base64".to_string());
                continue;
            };
            let signer = match sig_layer_signer(&layer, &payload, &signature, trust) {
                Ok(signer) => signer,
                Err(reason) => {
                    reasons.push(reason);
                    continue;
                }
            };
            match payload_digest(&payload) {
                Some(named) if named == digest => {
                    return Ok(outcome(&digest, "verified", Some(signer), found, None));
                }
                named => {
                    mismatch = Some(format!(
                        "the signature by {signer} is for {} (its payload's docker-manifest-digest), not {digest}",
                        named.as_deref().unwrap_or("no cosign image payload")
                    ));
                }
            }
        }
    }

    // Sigstore bundles attached as referrers.
    for descriptor in registry
        .referrers(repo, &digest, BUNDLE_ARTIFACT_TYPE)
        .await?
    {
        let Some(manifest_digest) = descriptor.get("digest").and_then(|d| d.as_str()) else {
            continue;
        };
        let manifest = match registry.manifest(repo, manifest_digest).await {
            Ok(Some((_, manifest))) => manifest,
            Ok(None) => continue,
            Err(e) => {
                reasons.push(format!("a referrer that cannot be read: {e}"));
                continue;
            }
        };
        let Some(layer) = manifest
            .pointer("/layers/0/digest")
            .and_then(|d| d.as_str())
        else {
            continue;
        };
        found += 1;
        if found > MAX_SIGNATURES {
            reasons.push(format!(
                "more than {MAX_SIGNATURES} signatures: the rest not read"
            ));
            break;
        }
        let text = match registry.blob(repo, layer).await {
            Ok(text) => text,
            Err(e) => {
                reasons.push(format!("a bundle that cannot be read: {e}"));
                continue;
            }
        };
        let bundle = match Bundle::from_json(&String::from_utf8_lossy(&text)) {
            Ok(bundle) => bundle,
            Err(e) => {
                reasons.push(format!("a bundle that does not parse: {e}"));
                continue;
            }
        };
        if let crate::bundle::Content::Dsse { payload, .. } = &bundle.content {
            let predicate = serde_json::from_slice::<Value>(payload).ok().and_then(|s| {
                s.get("predicateType")
                    .and_then(|p| p.as_str())
                    .map(str::to_string)
            });
            if predicate.as_deref() != Some(COSIGN_SIGN_PREDICATE) {
                reasons.push(format!(
                    "an attestation ({}), not a signature",
                    predicate.as_deref().unwrap_or("no predicate type")
                ));
                continue;
            }
        }
        let Some(root) = &trust.root else {
            reasons.push(
                "a Sigstore bundle, but no trusted root to verify it (signatures.trusted_root)"
                    .to_string(),
            );
            continue;
        };
        let Some(artifact) = Artifact::parse_digest(&digest) else {
            continue;
        };
        let policies = trust
            .keys
            .iter()
            .map(|(name, der)| (format!("key {name}"), Policy::Key(der.clone())))
            .chain(
                trust
                    .identities
                    .iter()
                    .map(|p| ("identity".to_string(), p.clone())),
            );
        let mut last = None;
        for (name, policy) in policies {
            match verify(&bundle, &artifact, &policy, root) {
                Ok(verified) => {
                    let signer = verified.identity.map_or(name, |i| match verified.issuer {
                        Some(issuer) => format!("{i} ({issuer})"),
                        None => i,
                    });
                    return Ok(outcome(&digest, "verified", Some(signer), found, None));
                }
                Err(e) => last = Some(e.0),
            }
        }
        reasons.push(last.unwrap_or_else(|| "no trusted key or identity".to_string()));
    }

    Ok(match (mismatch, found) {
        (Some(detail), _) => outcome(&digest, "digest-mismatch", None, found, Some(detail)),
        (None, 0) => outcome(&digest, "unsigned", None, 0, None),
        (None, n) => {
            reasons.sort();
            reasons.dedup();
            outcome(&digest, "untrusted", None, n, Some(reasons.join("; ")))
        }
    })
}
