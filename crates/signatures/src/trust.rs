//! The trusted root (`trusted_root.json`, Sigstore's `TrustedRoot` message in protobuf JSON):
//! whom to trust, and when.

use serde::Deserialize;

use crate::{Error, Result, b64, rfc3339};

/// A closed time range: `end` is inclusive, and absent when the key is still in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    pub start: i64,
    pub end: Option<i64>,
}

impl Validity {
    pub fn contains(&self, t: i64) -> bool {
        self.start <= t && self.end.is_none_or(|end| t <= end)
    }
}

/// A transparency log (Rekor) or a CT log: its key and the window it signed in.
#[derive(Debug, Clone)]
pub struct Log {
    pub base_url: String,
    /// The key's id: SHA-256 of its DER SubjectPublicKeyInfo (what bundles name it by).
    pub key_id: Vec<u8>,
    /// DER SubjectPublicKeyInfo.
    pub public_key: Vec<u8>,
    pub validity: Validity,
}

/// A certificate authority (Fulcio) or a timestamp authority: its chain, leaf-most first.
#[derive(Debug, Clone)]
pub struct Authority {
    pub uri: String,
    pub chain: Vec<Vec<u8>>,
    pub validity: Validity,
}

#[derive(Debug, Clone)]
pub struct TrustedRoot {
    pub tlogs: Vec<Log>,
    pub certificate_authorities: Vec<Authority>,
    pub ctlogs: Vec<Log>,
    pub timestamp_authorities: Vec<Authority>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRoot {
    #[serde(default)]
    media_type: String,
    #[serde(default)]
    tlogs: Vec<RawLog>,
    #[serde(default)]
    certificate_authorities: Vec<RawAuthority>,
    #[serde(default)]
    ctlogs: Vec<RawLog>,
    #[serde(default)]
    timestamp_authorities: Vec<RawAuthority>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawLog {
    #[serde(default)]
    base_url: String,
    public_key: RawKey,
    log_id: RawLogId,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawKey {
    raw_bytes: String,
    valid_for: Option<RawRange>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawLogId {
    key_id: String,
}

#[derive(Deserialize)]
struct RawRange {
    start: Option<String>,
    end: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAuthority {
    #[serde(default)]
    uri: String,
    cert_chain: RawChain,
    valid_for: Option<RawRange>,
}

#[derive(Deserialize)]
struct RawChain {
    #[serde(default)]
    certificates: Vec<RawCert>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCert {
    raw_bytes: String,
}

fn validity(what: &str, range: Option<&RawRange>) -> Result<Validity> {
    let range = range.ok_or_else(|| {
        Error::new(format!(
            "{what}: no validFor: the trusted root is malformed"
        ))
    })?;
    let start = range.start.as_deref().ok_or_else(|| {
        Error::new(format!(
            "{what}: validFor has no start: the trusted root is malformed"
        ))
    })?;
    Ok(Validity {
        start: rfc3339(&format!("{what}: validFor.start"), start)?,
        end: range
            .end
            .as_deref()
            .map(|end| rfc3339(&format!("{what}: validFor.end"), end))
            .transpose()?,
    })
}

fn logs(kind: &str, raw: &[RawLog]) -> Result<Vec<Log>> {
    raw.iter()
        .enumerate()
        .map(|(i, log)| {
            let what = format!("{kind}[{i}] ({})", log.base_url);
            Ok(Log {
                base_url: log.base_url.clone(),
                key_id: b64(&format!("{what}: logId.keyId"), &log.log_id.key_id)?,
                public_key: b64(
                    &format!("{what}: publicKey.rawBytes"),
                    &log.public_key.raw_bytes,
                )?,
                validity: validity(&what, log.public_key.valid_for.as_ref())?,
            })
        })
        .collect()
}

fn authorities(kind: &str, raw: &[RawAuthority]) -> Result<Vec<Authority>> {
    raw.iter()
        .enumerate()
        .map(|(i, ca)| {
            let what = format!("{kind}[{i}] ({})", ca.uri);
            let chain = ca
                .cert_chain
                .certificates
                .iter()
                .map(|c| b64(&format!("{what}: certificate"), &c.raw_bytes))
                .collect::<Result<Vec<_>>>()?;
            if chain.is_empty() {
                return Err(Error::new(format!("{what}: an empty certificate chain")));
            }
            Ok(Authority {
                uri: ca.uri.clone(),
                chain,
                validity: validity(&what, ca.valid_for.as_ref())?,
            })
        })
        .collect()
}

/// The Sigstore public-good trusted root (Sigstore's TUF target `trusted_root.json` of
/// https://tuf-repo-cdn.sigstore.dev, as sigstore-python 4.5.1 ships it; refreshed by
/// `scripts/update-trusted-root`): the default where no other root is configured.
pub const PUBLIC_GOOD: &str = include_str!("../data/public-good.trusted_root.json");

/// Where the public-good root came from, for messages (`--trusted-root` names a file instead).
pub const PUBLIC_GOOD_NAME: &str = "the embedded Sigstore public-good trusted root";

impl TrustedRoot {
    /// The Sigstore public-good trusted root embedded in gatehouse.
    pub fn public_good() -> Result<TrustedRoot> {
        TrustedRoot::from_json(PUBLIC_GOOD)
            .map_err(|e| Error::new(format!("{PUBLIC_GOOD_NAME}: {e}")))
    }

    /// Parse a trusted root; an error names the part that is malformed.
    pub fn from_json(text: &str) -> Result<TrustedRoot> {
        let raw: RawRoot = serde_json::from_str(text)
            .map_err(|e| Error::new(format!("not a Sigstore trusted root: {e}")))?;
        match raw.media_type.as_str() {
            "application/vnd.dev.sigstore.trustedroot+json;version=0.1"
            | "application/vnd.dev.sigstore.trustedroot.v0.2+json" => {}
            other => {
                return Err(Error::new(format!(
                    "not a Sigstore trusted root media type gatehouse knows: `{other}`"
                )));
            }
        }
        Ok(TrustedRoot {
            tlogs: logs("tlogs", &raw.tlogs)?,
            certificate_authorities: authorities(
                "certificateAuthorities",
                &raw.certificate_authorities,
            )?,
            ctlogs: logs("ctlogs", &raw.ctlogs)?,
            timestamp_authorities: authorities("timestampAuthorities", &raw.timestamp_authorities)?,
        })
    }

    /// The transparency log with this key id.
    pub fn tlog(&self, key_id: &[u8]) -> Option<&Log> {
        self.tlogs.iter().find(|l| l.key_id == key_id)
    }
}
