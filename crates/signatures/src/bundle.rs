//! The Sigstore bundle: the signature, what vouches for its key, and the transparency log's
//! evidence (`application/vnd.dev.sigstore.bundle…`, versions 0.1, 0.2 and 0.3).

use serde_json::Value;

use crate::{Error, Result, b64};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Material {
    /// The signing certificate (DER), leaf first; more than one only in a 0.1/0.2 chain.
    Certificates(Vec<Vec<u8>>),
    /// A key the verifier is given out of band (`--key`), named by a hint.
    PublicKey { hint: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    MessageSignature {
        /// The digest of the artifact the bundle states, if it states one (SHA-256).
        digest: Option<Vec<u8>>,
        signature: Vec<u8>,
    },
    Dsse {
        payload: Vec<u8>,
        payload_type: String,
        signatures: Vec<Vec<u8>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
    pub log_index: u64,
    pub root_hash: Vec<u8>,
    pub tree_size: u64,
    pub hashes: Vec<Vec<u8>>,
    pub checkpoint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlogEntry {
    pub log_index: u64,
    pub log_id: Vec<u8>,
    pub kind: String,
    pub version: String,
    /// 0 when the log gave none (Rekor v2).
    pub integrated_time: i64,
    /// The signed entry timestamp (the log's promise to include the entry).
    pub promise: Option<Vec<u8>>,
    pub proof: Option<Proof>,
    /// The entry as the log stores it (`canonicalizedBody`, decoded), and as given.
    pub body: Vec<u8>,
    pub body_b64: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// The minor version: 1, 2 or 3.
    pub version: u8,
    pub material: Material,
    pub tlog_entries: Vec<TlogEntry>,
    /// RFC 3161 signed timestamps (DER).
    pub timestamps: Vec<Vec<u8>>,
    pub content: Content,
}

fn field<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |v, key| v.get(key))
}

fn text<'a>(value: &'a Value, path: &str) -> Result<&'a str> {
    field(value, path)
        .and_then(|v| v.as_str())
        .ok_or_else(|| Error::new(format!("the bundle has no {path}")))
}

/// A protobuf-JSON integer (a string, or a number).
fn integer(value: &Value, path: &str) -> Result<i64> {
    match field(value, path) {
        Some(Value::String(s)) => s
            .parse::<i64>()
            .map_err(|_| Error::new(format!("the bundle's {path} is not an integer: {s}"))),
        Some(Value::Number(n)) => n
            .as_i64()
            .ok_or_else(|| Error::new(format!("the bundle's {path} is not an integer: {n}"))),
        None => Ok(0),
        Some(other) => Err(Error::new(format!(
            "the bundle's {path} is not an integer: {other}"
        ))),
    }
}

fn unsigned(value: &Value, path: &str) -> Result<u64> {
    let n = integer(value, path)?;
    u64::try_from(n).map_err(|_| Error::new(format!("the bundle's {path} is negative: {n}")))
}

fn entry(value: &Value) -> Result<TlogEntry> {
    let body_b64 = text(value, "canonicalizedBody")?.to_string();
    let proof = match field(value, "inclusionProof") {
        None | Some(Value::Null) => None,
        Some(p) => Some(Proof {
            log_index: unsigned(p, "logIndex")?,
            root_hash: b64("inclusionProof.rootHash", text(p, "rootHash")?)?,
            tree_size: unsigned(p, "treeSize")?,
            hashes: p
                .get("hashes")
                .and_then(|h| h.as_array())
                .map(|a| {
                    a.iter()
                        .map(|h| b64("inclusionProof.hashes", h.as_str().unwrap_or("!")))
                        .collect::<Result<Vec<_>>>()
                })
                .transpose()?
                .unwrap_or_default(),
            checkpoint: field(p, "checkpoint.envelope")
                .and_then(|e| e.as_str())
                .map(str::to_string),
        }),
    };
    Ok(TlogEntry {
        log_index: unsigned(value, "logIndex")?,
        log_id: b64("logId.keyId", text(value, "logId.keyId")?)?,
        kind: text(value, "kindVersion.kind")?.to_string(),
        version: text(value, "kindVersion.version")?.to_string(),
        integrated_time: integer(value, "integratedTime")?,
        promise: field(value, "inclusionPromise.signedEntryTimestamp")
            .and_then(|s| s.as_str())
            .map(|s| b64("inclusionPromise.signedEntryTimestamp", s))
            .transpose()?,
        proof,
        body: b64("canonicalizedBody", &body_b64)?,
        body_b64,
    })
}

/// A DSSE envelope (`payload`, `payloadType`, `signatures[].sig`), in a bundle or on its own.
pub(crate) fn dsse_envelope(env: &Value) -> Result<Content> {
    Ok(Content::Dsse {
        payload: b64("dsseEnvelope.payload", text(env, "payload")?)?,
        payload_type: text(env, "payloadType")?.to_string(),
        signatures: env
            .get("signatures")
            .and_then(|s| s.as_array())
            .map(|a| {
                a.iter()
                    .map(|s| {
                        b64(
                            "dsseEnvelope.signatures",
                            s.get("sig").and_then(|v| v.as_str()).unwrap_or("!"),
                        )
                    })
                    .collect::<Result<Vec<_>>>()
            })
            .transpose()?
            .unwrap_or_default(),
    })
}

impl Bundle {
    /// Parse a bundle; an error says what is malformed.
    pub fn from_json(text_in: &str) -> Result<Bundle> {
        let value: Value = serde_json::from_str(text_in)
            .map_err(|e| Error::new(format!("the bundle is not JSON: {e}")))?;
        let media_type = text(&value, "mediaType")?;
        let version = match media_type {
            "application/vnd.dev.sigstore.bundle+json;version=0.1" => 1,
            "application/vnd.dev.sigstore.bundle+json;version=0.2" => 2,
            "application/vnd.dev.sigstore.bundle+json;version=0.3"
            | "application/vnd.dev.sigstore.bundle.v0.3+json" => 3,
            other => {
                return Err(Error::new(format!(
                    "not a Sigstore bundle media type gatehouse knows: {other}"
                )));
            }
        };
        let material = field(&value, "verificationMaterial")
            .ok_or_else(|| Error::new("the bundle has no verificationMaterial"))?;
        let material_kind = if let Some(cert) = field(material, "certificate.rawBytes") {
            Material::Certificates(vec![b64(
                "certificate.rawBytes",
                cert.as_str().unwrap_or("!"),
            )?])
        } else if let Some(chain) = field(material, "x509CertificateChain.certificates") {
            let certs = chain
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|c| {
                            b64(
                                "x509CertificateChain",
                                c.get("rawBytes").and_then(|r| r.as_str()).unwrap_or("!"),
                            )
                        })
                        .collect::<Result<Vec<_>>>()
                })
                .transpose()?
                .unwrap_or_default();
            if certs.is_empty() {
                return Err(Error::new("the bundle's certificate chain is empty"));
            }
            Material::Certificates(certs)
        } else if let Some(key) = field(material, "publicKey") {
            Material::PublicKey {
                hint: key
                    .get("hint")
                    .and_then(|h| h.as_str())
                    .unwrap_or_default()
                    .to_string(),
            }
        } else {
            return Err(Error::new(
                "the bundle's verificationMaterial has no certificate, chain or public key",
            ));
        };
        let tlog_entries = field(material, "tlogEntries")
            .and_then(|e| e.as_array())
            .map(|a| a.iter().map(entry).collect::<Result<Vec<_>>>())
            .transpose()?
            .unwrap_or_default();
        let timestamps = field(material, "timestampVerificationData.rfc3161Timestamps")
            .and_then(|t| t.as_array())
            .map(|a| {
                a.iter()
                    .map(|t| {
                        b64(
                            "rfc3161Timestamps",
                            t.get("signedTimestamp")
                                .and_then(|s| s.as_str())
                                .unwrap_or("!"),
                        )
                    })
                    .collect::<Result<Vec<_>>>()
            })
            .transpose()?
            .unwrap_or_default();
        let content = if let Some(sig) = field(&value, "messageSignature") {
            let digest = match field(sig, "messageDigest") {
                None => None,
                Some(d) => {
                    let algorithm = text(d, "algorithm")?;
                    if algorithm != "SHA2_256" {
                        return Err(Error::new(format!(
                            "the bundle's message digest is {algorithm}; SHA2_256 is supported"
                        )));
                    }
                    Some(b64("messageDigest.digest", text(d, "digest")?)?)
                }
            };
            Content::MessageSignature {
                digest,
                signature: b64("messageSignature.signature", text(sig, "signature")?)?,
            }
        } else if let Some(env) = field(&value, "dsseEnvelope") {
            dsse_envelope(env)?
        } else {
            return Err(Error::new(
                "the bundle has neither a messageSignature nor a dsseEnvelope",
            ));
        };
        Ok(Bundle {
            version,
            material: material_kind,
            tlog_entries,
            timestamps,
            content,
        })
    }
}
