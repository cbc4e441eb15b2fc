//! Sigstore verification: what `gatehouse verify-blob` checks of a Sigstore bundle, as cosign
//! and sigstore-python check it, offline against a trusted root.
//!
//! - [`trust`]: the trusted root (`trusted_root.json`): Fulcio certificate authorities,
//!   transparency logs, CT logs and timestamp authorities, each with its validity window.
//! - [`bundle`]: the bundle (`application/vnd.dev.sigstore.bundle…`, versions 0.1 to 0.3).
//! - [`keys`]: public keys and their signatures (ECDSA P-256 and P-384, Ed25519).
//! - [`merkle`]: the transparency log's inclusion proofs and signed checkpoints.
//! - [`verify`]: the whole verification, with the identity policy.

pub mod bundle;
pub mod family;
pub mod images;
pub mod keyless;
pub mod keys;
pub mod merkle;
pub mod registry;
pub mod sign;
pub mod timestamp;
pub mod trust;
pub mod verify;

/// Why something did not verify, in words for the user.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct Error(pub String);

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error(message.into())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Base64 (standard alphabet, padded), with the field named in the error.
pub(crate) fn b64(field: &str, text: &str) -> Result<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| Error::new(format!("{field}: not base64: {e}")))
}

/// Seconds since the epoch of an RFC 3339 time.
pub(crate) fn rfc3339(field: &str, text: &str) -> Result<i64> {
    text.parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .map_err(|e| Error::new(format!("{field}: not an RFC 3339 time ({e}): {text}")))
}

pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(data).into()
}
