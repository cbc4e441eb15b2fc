//! Verifying a bundle, as `cosign verify-blob` and sigstore-python do:
//!
//! 1. each transparency-log entry comes from a log of the trusted root, whose key was valid at
//!    the entry's time; its signed entry timestamp (the log's promise) verifies, and so does its
//!    inclusion proof, into a root hash that the log's signed checkpoint commits to;
//! 2. the signing certificate chains to a certificate authority of the trusted root, was valid
//!    at the time the log vouches for, is for code signing, and names the expected identity and
//!    OIDC issuer (or the bundle's key is the one given);
//! 3. the log entry is about this signature, this key and this artifact;
//! 4. the signature verifies over the artifact (or over its SHA-256, when only the digest is
//!    given), or, for a DSSE envelope, over the envelope, whose in-toto subject is the artifact.
//!
//! The time the checks hold at is what the log's signed entry timestamps (Rekor v1) and the
//! bundle's RFC 3161 timestamps (from a timestamp authority of the trusted root; the only time
//! of a Rekor v2 entry) vouch for. Log entries of other kinds than hashedrekord (0.0.1, 0.0.2),
//! dsse 0.0.1 and intoto 0.0.2 say `unsupported:` and never verify.

use der::{Decode, Encode};
use serde_json::Value;
use x509_cert::Certificate;

use crate::bundle::{Bundle, Content, Material, TlogEntry};
use crate::keys::{PublicKey, pem_body};
use crate::trust::TrustedRoot;
use crate::{Error, Result, b64, sha256};
use gatehouse_model::hex;

/// More signed timestamps than this in one bundle is not a signature's evidence but an attempt
/// to make verification slow (sigstore-python's limit).
const MAX_TIMESTAMPS: usize = 32;

/// The artifact: its bytes, or only its SHA-256 (`sha256:<hex>`).
#[derive(Debug, Clone)]
pub enum Artifact {
    Bytes(Vec<u8>),
    Digest([u8; 32]),
}

impl Artifact {
    pub fn digest(&self) -> [u8; 32] {
        match self {
            Artifact::Bytes(bytes) => sha256(bytes),
            Artifact::Digest(d) => *d,
        }
    }

    /// `sha256:<64 hex>`.
    pub fn parse_digest(text: &str) -> Option<Artifact> {
        let hex = text.strip_prefix("sha256:")?;
        if hex.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(Artifact::Digest(out))
    }
}

/// An expected value: exact, or a regular expression that must match the whole value.
#[derive(Debug, Clone)]
pub enum Matcher {
    Exact(String),
    Regex(regex::Regex),
}

impl Matcher {
    pub fn regex(pattern: &str) -> Result<Matcher> {
        // The pattern must stand on its own (`x)|(.*` would escape the anchors otherwise).
        regex::Regex::new(pattern)
            .map_err(|e| Error::new(format!("not a regular expression: {e}")))?;
        regex::Regex::new(&format!("^(?:{pattern})$"))
            .map(Matcher::Regex)
            .map_err(|e| Error::new(format!("not a regular expression: {e}")))
    }

    fn matches(&self, value: &str) -> bool {
        match self {
            Matcher::Exact(expected) => expected == value,
            Matcher::Regex(re) => re.is_match(value),
        }
    }

    fn describe(&self) -> String {
        match self {
            Matcher::Exact(expected) => expected.clone(),
            Matcher::Regex(re) => format!("/{}/", re.as_str()),
        }
    }
}

/// Whom the signature must be from.
#[derive(Debug, Clone)]
pub enum Policy {
    /// A key given out of band (`--key`), as DER SubjectPublicKeyInfo.
    Key(Vec<u8>),
    /// A Fulcio certificate for this identity from this OIDC issuer.
    Identity { identity: Matcher, issuer: Matcher },
}

/// What a verified bundle proved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// When the log vouches the signature existed (seconds since the epoch).
    pub time: i64,
    pub identity: Option<String>,
    pub issuer: Option<String>,
    pub log_index: u64,
}

/// Verify `bundle` for `artifact` under `policy` against `root`.
pub fn verify(
    bundle: &Bundle,
    artifact: &Artifact,
    policy: &Policy,
    root: &TrustedRoot,
) -> Result<Verified> {
    if bundle.tlog_entries.len() != 1 {
        return Err(Error::new(format!(
            "the bundle has {} transparency log entries; exactly one is expected",
            bundle.tlog_entries.len()
        )));
    }
    if bundle.timestamps.len() > MAX_TIMESTAMPS {
        return Err(Error::new(format!(
            "the bundle has {} signed timestamps: too many (at most {MAX_TIMESTAMPS})",
            bundle.timestamps.len()
        )));
    }
    for (i, timestamp) in bundle.timestamps.iter().enumerate() {
        if bundle.timestamps[..i].contains(timestamp) {
            return Err(Error::new(
                "the bundle carries a duplicate signed timestamp",
            ));
        }
    }
    if let Material::Certificates(certs) = &bundle.material {
        for der in certs.iter().skip(1) {
            let cert = Certificate::from_der(der).map_err(|e| {
                Error::new(format!(
                    "a certificate of the bundle's chain is not DER X.509: {e}"
                ))
            })?;
            if cert.tbs_certificate.issuer == cert.tbs_certificate.subject {
                return Err(Error::new(
                    "the bundle's certificate chain holds a root certificate: roots come from the trusted root only",
                ));
            }
        }
    }

    // 1. The log's evidence, and the times it and the timestamp authorities vouch for.
    let signed = match &bundle.content {
        Content::MessageSignature { signature, .. } => signature.as_slice(),
        Content::Dsse { signatures, .. } => {
            signatures.first().map(Vec::as_slice).unwrap_or_default()
        }
    };
    // A timestamp that does not verify vouches for nothing, and is left aside (as
    // sigstore-python does); at least one must verify where it is the only time.
    let mut times = Vec::new();
    let mut rejected = Vec::new();
    for timestamp in &bundle.timestamps {
        match crate::timestamp::verify(timestamp, signed, root) {
            Ok(t) => times.push(t),
            Err(e) => rejected.push(e.0),
        }
    }
    let stamped = times.clone();
    for entry in &bundle.tlog_entries {
        match verify_entry(bundle, entry, root)? {
            Some(integrated) => {
                let log = root
                    .tlog(&entry.log_id)
                    .ok_or_else(|| Error::new("no log"))?;
                if !log.validity.contains(integrated) {
                    return Err(Error::new(
                        "the log's key was not valid at the entry's time (trusted root validFor)",
                    ));
                }
                times.push(integrated);
            }
            None => {
                if stamped.is_empty() {
                    return Err(Error::new(match rejected.first() {
                        Some(reason) => format!(
                            "no verified time: the log entry has no signed entry timestamp, and {reason}"
                        ),
                        None => "no verified time: the log entry has no signed entry timestamp and the bundle no signed timestamp".to_string(),
                    }));
                }
                let log = root
                    .tlog(&entry.log_id)
                    .ok_or_else(|| Error::new("no log"))?;
                if !stamped.iter().all(|t| log.validity.contains(*t)) {
                    return Err(Error::new(
                        "the log's key was not valid at the timestamp's time (trusted root validFor)",
                    ));
                }
            }
        }
    }
    let time = times
        .iter()
        .copied()
        .min()
        .ok_or_else(|| Error::new("no verified time"))?;

    // 2. The signing key.
    let (key, key_der, leaf, identity, issuer) = match (&bundle.material, policy) {
        (Material::PublicKey { .. }, Policy::Identity { .. }) => {
            return Err(Error::new(
                "the bundle is signed with a key, not a certificate: give the key (--key)",
            ));
        }
        (Material::PublicKey { .. }, Policy::Key(der)) => (
            PublicKey::from_spki_der(der)?,
            der.clone(),
            None,
            None,
            None,
        ),
        (Material::Certificates(certs), policy) => {
            let leaf_der = &certs[0];
            let leaf = Certificate::from_der(leaf_der).map_err(|e| {
                Error::new(format!("the signing certificate is not DER X.509: {e}"))
            })?;
            verify_chain(&leaf, root, &times, true)?;
            let spki = leaf
                .tbs_certificate
                .subject_public_key_info
                .to_der()
                .map_err(|e| Error::new(format!("the signing certificate's key: {e}")))?;
            let (identity, issuer) = identity_of(&leaf)?;
            match policy {
                Policy::Identity { .. } => check_identity(policy, &identity, issuer.as_deref())?,
                Policy::Key(der) => {
                    if *der != spki {
                        return Err(Error::new(
                            "the bundle's certificate is not for the key given (--key)",
                        ));
                    }
                }
            }
            let first = identity.first().cloned();
            (
                PublicKey::from_spki_der(&spki)?,
                spki,
                Some(leaf_der.clone()),
                first,
                issuer,
            )
        }
    };

    // 3. The log entries are about this signature, key and artifact; 4. the signature.
    let digest = artifact.digest();
    for entry in &bundle.tlog_entries {
        entry_matches(entry, bundle, &digest, leaf.as_deref(), &key_der)?;
    }
    match &bundle.content {
        Content::MessageSignature {
            digest: stated,
            signature,
        } => {
            if let Some(stated) = stated
                && stated.as_slice() != digest
            {
                return Err(Error::new(
                    "the bundle's message digest is not the artifact's SHA-256",
                ));
            }
            // A message signature is over the artifact's SHA-256 (the bundle's message digest),
            // whatever the key's curve; only Ed25519 signs the message itself.
            match (artifact, &key) {
                (Artifact::Bytes(bytes), PublicKey::Ed25519(_)) => key.verify(bytes, signature),
                _ => key.verify_digest(&digest, signature),
            }
            .map_err(|e| Error::new(format!("the artifact's signature: {e}")))?;
        }
        Content::Dsse {
            payload,
            payload_type,
            signatures,
        } => {
            // One signature: the one the log and the timestamps vouch for.
            if signatures.len() != 1 {
                return Err(Error::new(format!(
                    "the DSSE envelope has {} signatures; exactly one is expected",
                    signatures.len()
                )));
            }
            check_dsse(&key, payload_type, payload, signatures, &digest)?
        }
    }
    Ok(Verified {
        time,
        identity,
        issuer,
        // The index the log signed: in its promise, else the inclusion proof's leaf.
        log_index: {
            let entry = &bundle.tlog_entries[0];
            match (&entry.promise, &entry.proof) {
                (None, Some(proof)) => proof.log_index,
                _ => entry.log_index,
            }
        },
    })
}

/// DSSE's pre-authentication encoding.
fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "DSSEv1 {} {} {} ",
        payload_type.len(),
        payload_type,
        payload.len()
    )
    .into_bytes();
    out.extend_from_slice(payload);
    out
}

/// The log's evidence for one entry; the time its signed entry timestamp vouches for, if it
/// has one (Rekor v2 entries have none: a signed timestamp gives their time).
fn verify_entry(bundle: &Bundle, entry: &TlogEntry, root: &TrustedRoot) -> Result<Option<i64>> {
    // Rekor v2's entries (hashedrekord 0.0.2); intoto 0.0.2 is a Rekor v1 kind.
    let rekor_v2 = entry.kind == "hashedrekord" && entry.version == "0.0.2";
    match (entry.kind.as_str(), entry.version.as_str()) {
        ("hashedrekord", "0.0.1")
        | ("dsse", "0.0.1")
        | ("intoto", "0.0.2")
        | ("hashedrekord", "0.0.2") => {}
        (kind, version) => {
            return Err(Error::new(format!(
                "unsupported: {kind}/{version} log entries are not verified yet"
            )));
        }
    }
    let log = root
        .tlog(&entry.log_id)
        .ok_or_else(|| Error::new("the entry's transparency log is not in the trusted root"))?;
    let key = PublicKey::from_spki_der(&log.public_key)
        .map_err(|e| Error::new(format!("the log's key in the trusted root: {e}")))?;
    if bundle.version == 1 && entry.promise.is_none() {
        return Err(Error::new(
            "a version 0.1 bundle needs the log's signed entry timestamp",
        ));
    }
    if (bundle.version >= 2 || rekor_v2) && entry.proof.is_none() {
        return Err(Error::new("the entry has no inclusion proof"));
    }
    let mut time = None;
    if let Some(set) = &entry.promise {
        let promise = format!(
            "{{\"body\":{},\"integratedTime\":{},\"logID\":\"{}\",\"logIndex\":{}}}",
            serde_json::to_string(&entry.body_b64).unwrap_or_default(),
            entry.integrated_time,
            hex(&entry.log_id),
            entry.log_index
        );
        key.verify(promise.as_bytes(), set)
            .map_err(|e| Error::new(format!("the log's signed entry timestamp: {e}")))?;
        time = Some(entry.integrated_time);
    }
    if let Some(proof) = &entry.proof {
        let leaf = crate::merkle::leaf_hash(&entry.body);
        let computed =
            crate::merkle::root_from_proof(proof.log_index, proof.tree_size, leaf, &proof.hashes)?;
        if computed.as_slice() != proof.root_hash {
            return Err(Error::new(
                "the inclusion proof does not lead to its root hash",
            ));
        }
        // A proof is only as good as the signed checkpoint it leads to (sigstore-python also
        // refuses a 0.1 bundle's proof without one).
        match proof.checkpoint.as_deref() {
            None => {
                return Err(Error::new("the inclusion proof has no checkpoint"));
            }
            Some(envelope) => {
                let checkpoint = crate::merkle::Checkpoint::parse(envelope)?;
                checkpoint.verify(&key, &entry.log_id[..entry.log_id.len().min(4)])?;
                if checkpoint.size != proof.tree_size || checkpoint.root_hash != proof.root_hash {
                    return Err(Error::new(
                        "the checkpoint is not for the inclusion proof's tree (size or root hash)",
                    ));
                }
            }
        }
    }
    Ok(time)
}

const ECDSA_SHA256: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_SHA384: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const RSA_SHA256: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const RSA_SHA384: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const RSA_SHA512: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
const SUBJECT_ALT_NAME: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("2.5.29.17");
const EXTENDED_KEY_USAGE: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("2.5.29.37");
const CODE_SIGNING: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.3");
const ISSUER_V1: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.3.6.1.4.1.57264.1.1");
const ISSUER_V2: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.3.6.1.4.1.57264.1.8");

/// Whether `cert` is signed by the key of `issuer`.
fn signed_by(cert: &Certificate, issuer: &Certificate) -> Result<()> {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return Err(Error::new("issuer name differs"));
    }
    let key = PublicKey::from_spki_der(
        &issuer
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(|e| Error::new(e.to_string()))?,
    )?;
    let tbs = cert
        .tbs_certificate
        .to_der()
        .map_err(|e| Error::new(e.to_string()))?;
    use sha2::Digest;
    let digest: Vec<u8> = match cert.signature_algorithm.oid {
        ECDSA_SHA256 | RSA_SHA256 => sha256(&tbs).to_vec(),
        ECDSA_SHA384 | RSA_SHA384 => sha2::Sha384::digest(&tbs).to_vec(),
        RSA_SHA512 => sha2::Sha512::digest(&tbs).to_vec(),
        other => {
            return Err(Error::new(format!(
                "unsupported certificate signature algorithm {other}"
            )));
        }
    };
    let signature = cert
        .signature
        .as_bytes()
        .ok_or_else(|| Error::new("the certificate's signature is not whole bytes"))?;
    key.verify_digest(&digest, signature)
}

fn seconds(time: &x509_cert::time::Time) -> i64 {
    i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

/// The certificate chains to a certificate authority of the trusted root that was valid when
/// it was issued, was itself valid at every verified time, and is for code signing.
/// `sct`: the certificate must carry a signed certificate timestamp (cosign's default; its
/// `--insecure-ignore-sct` waives it, for certificates older than Fulcio's CT log).
fn verify_chain(leaf: &Certificate, root: &TrustedRoot, times: &[i64], sct: bool) -> Result<()> {
    let validity = &leaf.tbs_certificate.validity;
    let (not_before, not_after) = (seconds(&validity.not_before), seconds(&validity.not_after));
    if times.iter().any(|t| *t < not_before || *t > not_after) {
        return Err(Error::new(
            "the signing certificate was not valid at the time the log or the timestamp vouches for",
        ));
    }
    let code_signing = leaf
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .filter(|e| e.extn_id == EXTENDED_KEY_USAGE)
        .any(|e| {
            x509_cert::ext::pkix::ExtendedKeyUsage::from_der(e.extn_value.as_bytes())
                .is_ok_and(|eku| eku.0.contains(&CODE_SIGNING))
        });
    if !code_signing {
        return Err(Error::new(
            "the signing certificate is not for code signing (extended key usage)",
        ));
    }
    let mut reasons = Vec::new();
    for ca in &root.certificate_authorities {
        if !ca.validity.contains(not_before) {
            continue;
        }
        let Some(issuer) = ca.chain.first().and_then(|c| Certificate::from_der(c).ok()) else {
            continue;
        };
        match signed_by(leaf, &issuer) {
            Ok(()) if sct => return verify_sct(leaf, &issuer, root),
            Ok(()) => return Ok(()),
            Err(e) => reasons.push(format!("{}: {e}", ca.uri)),
        }
    }
    Err(Error::new(format!(
        "the signing certificate does not chain to a certificate authority of the trusted root{}",
        if reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", reasons.join("; "))
        }
    )))
}

const SCT_LIST: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.3.6.1.4.1.11129.2.4.2");

/// A reader of TLS-encoded structures (RFC 6962's SCT list).
struct Tls<'a>(&'a [u8]);

impl<'a> Tls<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.0.len() < n {
            return Err(Error::new("a truncated signed certificate timestamp"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn length(&mut self, bytes: usize) -> Result<usize> {
        Ok(self
            .take(bytes)?
            .iter()
            .fold(0usize, |n, b| (n << 8) | usize::from(*b)))
    }

    fn vector(&mut self, length_bytes: usize) -> Result<&'a [u8]> {
        let n = self.length(length_bytes)?;
        self.take(n)
    }
}

/// The certificate carries a signed certificate timestamp (RFC 6962) from a CT log of the
/// trusted root, over the precertificate it was issued from, valid when it was made.
fn verify_sct(leaf: &Certificate, issuer: &Certificate, root: &TrustedRoot) -> Result<()> {
    let Some(ext) = leaf
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == SCT_LIST)
    else {
        return Err(Error::new(
            "the signing certificate carries no signed certificate timestamp (SCT)",
        ));
    };
    let list = der::asn1::OctetString::from_der(ext.extn_value.as_bytes())
        .map_err(|e| Error::new(format!("the certificate's SCT list: {e}")))?;
    // The precertificate: the certificate without its SCT list.
    let mut tbs = leaf.tbs_certificate.clone();
    if let Some(exts) = tbs.extensions.as_mut() {
        exts.retain(|e| e.extn_id != SCT_LIST);
    }
    let tbs = tbs.to_der().map_err(|e| Error::new(e.to_string()))?;
    let issuer_key_hash = sha256(
        &issuer
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(|e| Error::new(e.to_string()))?,
    );
    let mut reader = Tls(list.as_bytes());
    let mut scts = Tls(reader.vector(2)?);
    let mut reasons = Vec::new();
    while !scts.0.is_empty() {
        let mut sct = Tls(scts.vector(2)?);
        let version = sct.take(1)?[0];
        let log_id = sct.take(32)?;
        let timestamp = sct.take(8)?;
        let extensions = sct.vector(2)?;
        let _algorithms = sct.take(2)?;
        let signature = sct.vector(2)?;
        if version != 0 {
            reasons.push(format!("SCT version {version}"));
            continue;
        }
        let Some(log) = root.ctlogs.iter().find(|l| l.key_id == log_id) else {
            reasons.push("an SCT from a CT log not in the trusted root".to_string());
            continue;
        };
        let millis = timestamp.iter().fold(0u64, |n, b| (n << 8) | u64::from(*b));
        if !log
            .validity
            .contains(i64::try_from(millis / 1000).unwrap_or(i64::MAX))
        {
            reasons.push("an SCT made outside its CT log key's validity".to_string());
            continue;
        }
        let mut signed = vec![0u8, 0u8];
        signed.extend_from_slice(timestamp);
        signed.extend_from_slice(&[0, 1]);
        signed.extend_from_slice(&issuer_key_hash);
        let n = tbs.len();
        signed.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
        signed.extend_from_slice(&tbs);
        let e = extensions.len();
        signed.extend_from_slice(&[(e >> 8) as u8, e as u8]);
        signed.extend_from_slice(extensions);
        let verified = PublicKey::from_spki_der(&log.public_key)
            .and_then(|key| key.verify(&signed, signature));
        match verified {
            Ok(()) => return Ok(()),
            Err(e) => reasons.push(format!("an SCT of {}: {e}", log.base_url)),
        }
    }
    Err(Error::new(format!(
        "no signed certificate timestamp of the certificate verifies ({})",
        reasons.join("; ")
    )))
}

/// The certificate names the identity and the OIDC issuer `policy` expects.
fn check_identity(policy: &Policy, identity: &[String], issuer: Option<&str>) -> Result<()> {
    let Policy::Identity {
        identity: want_identity,
        issuer: want_issuer,
    } = policy
    else {
        return Err(Error::new("a key is given, not an identity"));
    };
    if !identity.iter().any(|i| want_identity.matches(i)) {
        return Err(Error::new(format!(
            "the certificate's identity is {} (expected {})",
            if identity.is_empty() {
                "missing".to_string()
            } else {
                identity.join(", ")
            },
            want_identity.describe()
        )));
    }
    if !issuer.is_some_and(|i| want_issuer.matches(i)) {
        return Err(Error::new(format!(
            "the certificate's OIDC issuer is {} (expected {})",
            issuer.unwrap_or("missing"),
            want_issuer.describe()
        )));
    }
    Ok(())
}

/// The certificate's identities (URI and e-mail SANs) and its OIDC issuer.
fn identity_of(cert: &Certificate) -> Result<(Vec<String>, Option<String>)> {
    use x509_cert::ext::pkix::name::GeneralName;
    let mut identities = Vec::new();
    let mut issuer = None;
    for ext in cert.tbs_certificate.extensions.iter().flatten() {
        let value = ext.extn_value.as_bytes();
        if ext.extn_id == SUBJECT_ALT_NAME {
            let san = x509_cert::ext::pkix::SubjectAltName::from_der(value)
                .map_err(|e| Error::new(format!("the certificate's SAN: {e}")))?;
            for name in san.0 {
                match name {
                    GeneralName::UniformResourceIdentifier(uri) => identities.push(uri.to_string()),
                    GeneralName::Rfc822Name(mail) => identities.push(mail.to_string()),
                    _ => {}
                }
            }
        } else if ext.extn_id == ISSUER_V2 {
            let text = der::asn1::Utf8StringRef::from_der(value)
                .map_err(|e| Error::new(format!("the certificate's OIDC issuer: {e}")))?;
            issuer = Some(text.as_str().to_string());
        } else if ext.extn_id == ISSUER_V1 && issuer.is_none() {
            issuer = Some(String::from_utf8_lossy(value).into_owned());
        }
    }
    Ok((identities, issuer))
}

/// The log entry is about this bundle: the same signature, key (certificate) and artifact.
fn entry_matches(
    entry: &TlogEntry,
    bundle: &Bundle,
    digest: &[u8; 32],
    leaf: Option<&[u8]>,
    key_der: &[u8],
) -> Result<()> {
    let body: Value = serde_json::from_slice(&entry.body)
        .map_err(|e| Error::new(format!("the log entry's body is not JSON: {e}")))?;
    // What the bundle says the entry is, the signed body must say too.
    if body.get("kind").and_then(|k| k.as_str()) != Some(entry.kind.as_str())
        || body.get("apiVersion").and_then(|v| v.as_str()) != Some(entry.version.as_str())
    {
        return Err(Error::new(format!(
            "the log entry's body is not the {}/{} entry the bundle says it is",
            entry.kind, entry.version
        )));
    }
    let mismatch = |what: &str| Error::new(format!("the log entry is for another {what}"));
    // The key or certificate the entry names, as PEM (base64 in the entry).
    let same_key = |pem_b64: &str| -> bool {
        let Ok(pem) = b64("the log entry's public key", pem_b64) else {
            return false;
        };
        let pem = String::from_utf8_lossy(&pem);
        match leaf {
            Some(leaf) => pem_body(&pem, "CERTIFICATE").is_ok_and(|der| der == leaf),
            None => pem_body(&pem, "PUBLIC KEY").is_ok_and(|der| der == key_der),
        }
    };
    if entry.kind == "hashedrekord" && entry.version == "0.0.2" {
        return v2_entry_matches(&body, bundle, digest, leaf, key_der);
    }
    match (entry.kind.as_str(), &bundle.content) {
        ("hashedrekord", Content::MessageSignature { signature, .. }) => {
            let hash = body
                .pointer("/spec/data/hash")
                .ok_or_else(|| mismatch("artifact"))?;
            if hash.get("algorithm").and_then(|a| a.as_str()) != Some("sha256")
                || !hash
                    .get("value")
                    .and_then(|v| v.as_str())
                    .is_some_and(|v| v.eq_ignore_ascii_case(&hex(digest)))
            {
                return Err(mismatch("artifact"));
            }
            let logged = body
                .pointer("/spec/signature/content")
                .and_then(|s| s.as_str())
                .map(|s| b64("the log entry's signature", s))
                .transpose()?;
            if logged.as_deref() != Some(signature.as_slice()) {
                return Err(mismatch("signature"));
            }
            let key = body
                .pointer("/spec/signature/publicKey/content")
                .and_then(|s| s.as_str())
                .unwrap_or_default();
            if !same_key(key) {
                return Err(mismatch("key or certificate"));
            }
        }
        (
            kind @ ("dsse" | "intoto"),
            Content::Dsse {
                payload,
                signatures,
                ..
            },
        ) => {
            // dsse 0.0.1: spec.payloadHash, spec.signatures[{signature, verifier}];
            // intoto 0.0.2: spec.content.payloadHash, spec.content.envelope.signatures[{sig,
            // publicKey}].
            let (hash, list, sig_key, key_key) = if kind == "dsse" {
                (
                    "/spec/payloadHash/value",
                    "/spec/signatures",
                    "signature",
                    "verifier",
                )
            } else {
                (
                    "/spec/content/payloadHash/value",
                    "/spec/content/envelope/signatures",
                    "sig",
                    "publicKey",
                )
            };
            let payload_hash = body
                .pointer(hash)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            if !payload_hash.eq_ignore_ascii_case(&hex(&sha256(payload))) {
                return Err(mismatch("payload"));
            }
            let logged = body
                .pointer(list)
                .and_then(|s| s.as_array())
                .cloned()
                .unwrap_or_default();
            if logged.len() != signatures.len() {
                return Err(mismatch("set of signatures"));
            }
            for sig in &logged {
                let content = sig
                    .get(sig_key)
                    .and_then(|s| s.as_str())
                    .map(|s| b64("the log entry's signature", s))
                    .transpose()?
                    .unwrap_or_default();
                if !signatures.contains(&content) {
                    return Err(mismatch("signature"));
                }
                let verifier = sig
                    .get(key_key)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                if !same_key(verifier) {
                    return Err(mismatch("key or certificate"));
                }
            }
        }
        (kind, _) => {
            return Err(Error::new(format!(
                "a {kind} log entry does not match the bundle's content"
            )));
        }
    }
    Ok(())
}

/// A Rekor v2 hashedrekord entry names the signed digest (the artifact's, or the DSSE
/// envelope's pre-authentication encoding's), the signature and the certificate or key.
fn v2_entry_matches(
    body: &Value,
    bundle: &Bundle,
    digest: &[u8; 32],
    leaf: Option<&[u8]>,
    key_der: &[u8],
) -> Result<()> {
    let mismatch = |what: &str| Error::new(format!("the log entry is for another {what}"));
    let spec = body
        .pointer("/spec/hashedRekordV002")
        .ok_or_else(|| Error::new("the log entry is not a hashedrekord 0.0.2 entry"))?;
    let (signed_digest, signature) = match &bundle.content {
        Content::MessageSignature { signature, .. } => (digest.to_vec(), signature.clone()),
        Content::Dsse {
            payload,
            payload_type,
            signatures,
        } => (
            sha256(&pae(payload_type, payload)).to_vec(),
            signatures.first().cloned().unwrap_or_default(),
        ),
    };
    if spec.pointer("/data/algorithm").and_then(|a| a.as_str()) != Some("SHA2_256") {
        return Err(mismatch("digest algorithm"));
    }
    let logged = spec
        .pointer("/data/digest")
        .and_then(|d| d.as_str())
        .map(|d| b64("the log entry's digest", d))
        .transpose()?;
    if logged.as_deref() != Some(signed_digest.as_slice()) {
        return Err(mismatch("artifact"));
    }
    let logged = spec
        .pointer("/signature/content")
        .and_then(|s| s.as_str())
        .map(|s| b64("the log entry's signature", s))
        .transpose()?;
    if logged.as_deref() != Some(signature.as_slice()) {
        return Err(mismatch("signature"));
    }
    let verifier = spec
        .pointer("/signature/verifier")
        .ok_or_else(|| mismatch("key or certificate"))?;
    let named = match leaf {
        Some(leaf) => verifier
            .pointer("/x509Certificate/rawBytes")
            .and_then(|r| r.as_str())
            .and_then(|r| b64("the log entry's certificate", r).ok())
            .is_some_and(|der| der == leaf),
        None => verifier
            .pointer("/publicKey/rawBytes")
            .and_then(|r| r.as_str())
            .and_then(|r| b64("the log entry's key", r).ok())
            .is_some_and(|der| der == key_der),
    };
    if !named {
        return Err(mismatch("key or certificate"));
    }
    Ok(())
}

/// Verify a detached signature with a key, no transparency log (cosign's `verify-blob
/// --signature … --key … --insecure-ignore-tlog`, and `verify-blob-attestation` for a DSSE
/// envelope): `signature` is a base64 signature over the artifact, or a DSSE envelope (JSON)
/// whose in-toto statement names the artifact.
pub fn verify_detached(artifact: &Artifact, signature: &str, key_der: &[u8]) -> Result<()> {
    let key = PublicKey::from_spki_der(key_der)?;
    let text = signature.trim();
    if text.starts_with('{') {
        let envelope: Value = serde_json::from_str(text)
            .map_err(|e| Error::new(format!("the DSSE envelope is not JSON: {e}")))?;
        let Content::Dsse {
            payload,
            payload_type,
            signatures,
        } = crate::bundle::dsse_envelope(&envelope)?
        else {
            return Err(Error::new("not a DSSE envelope"));
        };
        return check_dsse(
            &key,
            &payload_type,
            &payload,
            &signatures,
            &artifact.digest(),
        );
    }
    let signature = b64("the signature", text)?;
    match (artifact, &key) {
        (Artifact::Bytes(bytes), PublicKey::Ed25519(_)) => key.verify(bytes, &signature),
        _ => key.verify_digest(&artifact.digest(), &signature),
    }
    .map_err(|e| Error::new(format!("the artifact's signature: {e}")))
}

/// A DSSE envelope's signature by `key`, over an in-toto statement that names `digest`.
fn check_dsse(
    key: &PublicKey,
    payload_type: &str,
    payload: &[u8],
    signatures: &[Vec<u8>],
    digest: &[u8; 32],
) -> Result<()> {
    let pae = pae(payload_type, payload);
    if !signatures.iter().any(|s| key.verify(&pae, s).is_ok()) {
        return Err(Error::new("the DSSE envelope's signature does not verify"));
    }
    if payload_type != "application/vnd.in-toto+json" {
        return Err(Error::new(format!(
            "the DSSE payload is {payload_type}, not an in-toto statement"
        )));
    }
    let statement: Value = serde_json::from_slice(payload)
        .map_err(|e| Error::new(format!("the in-toto statement is not JSON: {e}")))?;
    let want = hex(digest);
    let named = statement
        .get("subject")
        .and_then(|s| s.as_array())
        .is_some_and(|subjects| {
            subjects.iter().any(|s| {
                s.pointer("/digest/sha256")
                    .and_then(|d| d.as_str())
                    .is_some_and(|d| d.eq_ignore_ascii_case(&want))
            })
        });
    if !named {
        return Err(Error::new(
            "the artifact is not a subject of the in-toto statement",
        ));
    }
    Ok(())
}

/// The Rekor evidence cosign attaches to a `.sig` signature layer (the
/// `dev.sigstore.cosign/bundle` annotation: the signed entry timestamp and the entry): the log
/// of the trusted root promised to include a hashedrekord entry of this payload, signature and
/// key. The time it vouches for.
pub fn verify_cosign_rekor_bundle(
    annotation: &str,
    payload: &[u8],
    signature: &[u8],
    key_der: &[u8],
    root: &TrustedRoot,
) -> Result<i64> {
    let bundle: Value = serde_json::from_str(annotation)
        .map_err(|e| Error::new(format!("the Rekor bundle annotation is not JSON: {e}")))?;
    let set = b64(
        "SignedEntryTimestamp",
        bundle
            .get("SignedEntryTimestamp")
            .and_then(|s| s.as_str())
            .unwrap_or("!"),
    )?;
    let entry = bundle
        .get("Payload")
        .ok_or_else(|| Error::new("the Rekor bundle annotation has no Payload"))?;
    let body_b64 = entry
        .get("body")
        .and_then(|b| b.as_str())
        .unwrap_or_default();
    let integrated = entry
        .get("integratedTime")
        .and_then(|t| t.as_i64())
        .unwrap_or(-1);
    let index = entry.get("logIndex").and_then(|t| t.as_i64()).unwrap_or(-1);
    let log_id = entry
        .get("logID")
        .and_then(|t| t.as_str())
        .unwrap_or_default();
    if integrated < 0 || index < 0 {
        return Err(Error::new(
            "the Rekor bundle annotation has no integratedTime or logIndex",
        ));
    }
    let log = root
        .tlogs
        .iter()
        .find(|l| hex(&l.key_id) == log_id.to_ascii_lowercase())
        .ok_or_else(|| Error::new("the Rekor bundle's log is not in the trusted root"))?;
    let promise = format!(
        "{{\"body\":{},\"integratedTime\":{integrated},\"logID\":\"{}\",\"logIndex\":{index}}}",
        serde_json::to_string(body_b64).unwrap_or_default(),
        log_id.to_ascii_lowercase(),
    );
    PublicKey::from_spki_der(&log.public_key)?
        .verify(promise.as_bytes(), &set)
        .map_err(|e| Error::new(format!("the Rekor bundle's signed entry timestamp: {e}")))?;
    if !log.validity.contains(integrated) {
        return Err(Error::new(
            "the log's key was not valid at the entry's time",
        ));
    }
    let body: Value = serde_json::from_slice(&b64("the Rekor entry", body_b64)?)
        .map_err(|e| Error::new(format!("the Rekor entry is not JSON: {e}")))?;
    let hash_ok = body
        .pointer("/spec/data/hash/value")
        .and_then(|v| v.as_str())
        .is_some_and(|v| v.eq_ignore_ascii_case(&hex(&sha256(payload))));
    let sig_ok = body
        .pointer("/spec/signature/content")
        .and_then(|v| v.as_str())
        .and_then(|v| b64("the Rekor entry's signature", v).ok())
        .is_some_and(|v| v == signature);
    // The entry names the key, or a certificate for it.
    let key_ok = body
        .pointer("/spec/signature/publicKey/content")
        .and_then(|v| v.as_str())
        .and_then(|v| b64("the Rekor entry's key", v).ok())
        .is_some_and(|pem| {
            let pem = String::from_utf8_lossy(&pem);
            pem_body(&pem, "PUBLIC KEY").is_ok_and(|der| der == key_der)
                || pem_body(&pem, "CERTIFICATE").is_ok_and(|der| {
                    Certificate::from_der(&der)
                        .ok()
                        .and_then(|c| c.tbs_certificate.subject_public_key_info.to_der().ok())
                        .is_some_and(|spki| spki == key_der)
                })
        });
    // hashedrekord, or the older rekord (same paths for what is checked here).
    let kind_ok = matches!(
        body.get("kind").and_then(|k| k.as_str()),
        Some("hashedrekord" | "rekord")
    );
    if !(kind_ok && hash_ok && sig_ok && key_ok) {
        return Err(Error::new(
            "the Rekor entry is not for this payload, signature and key",
        ));
    }
    Ok(integrated)
}

/// A keyless cosign `.sig` signature (`cosign sign` without `--key`): a Fulcio certificate in
/// the `dev.sigstore.cosign/certificate` annotation, the Rekor evidence in
/// `dev.sigstore.cosign/bundle`. As `cosign verify --certificate-identity … --certificate-oidc-issuer
/// …` checks it: the log's promise verifies and is for this payload, signature and certificate;
/// the certificate chains to a certificate authority of the trusted root (the chain annotation
/// is not trusted: the root's own chain is), was valid when the log vouches the signature was
/// logged, carries a signed certificate timestamp of a CT log of the root (unless `sct` is false),
/// and names an identity and issuer of `identities`; the signature verifies over the payload with
/// the certificate's key. Returns the identity and the issuer.
pub fn verify_cosign_keyless(
    payload: &[u8],
    signature: &[u8],
    certificate_pem: &str,
    rekor: Option<&str>,
    identities: &[Policy],
    root: &TrustedRoot,
    sct: bool,
) -> Result<(String, Option<String>)> {
    let der = pem_body(certificate_pem, "CERTIFICATE")
        .map_err(|e| Error::new(format!("the certificate annotation: {e}")))?;
    let leaf = Certificate::from_der(&der)
        .map_err(|e| Error::new(format!("the certificate annotation is not DER X.509: {e}")))?;
    let spki = leaf
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| Error::new(format!("the certificate's key: {e}")))?;
    // Without the log's time there is no knowing the short-lived certificate was valid.
    let rekor = rekor.ok_or_else(|| {
        Error::new(
            "a certificate but no transparency log evidence (the dev.sigstore.cosign/bundle annotation)",
        )
    })?;
    let time = verify_cosign_rekor_bundle(rekor, payload, signature, &spki, root)?;
    verify_chain(&leaf, root, &[time], sct)?;
    let (identity, issuer) = identity_of(&leaf)?;
    let mut last = Error::new("no identity is trusted (signatures.identities)");
    for policy in identities {
        match check_identity(policy, &identity, issuer.as_deref()) {
            Ok(()) => {
                PublicKey::from_spki_der(&spki)?
                    .verify(payload, signature)
                    .map_err(|e| Error::new(format!("the signature: {e}")))?;
                let first = identity.first().cloned().unwrap_or_default();
                return Ok((first, issuer));
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}
