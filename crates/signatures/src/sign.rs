//! Signing a blob with a key, as `cosign sign-blob --key … --bundle` records it offline: a
//! Sigstore bundle (v0.3) with the message signature and a hint of the public key, no
//! transparency log entry; and verifying such a bundle with the public key (what
//! `cosign verify-blob --key … --bundle … --insecure-ignore-tlog` checks).

use base64::Engine;
use p256::pkcs8::{DecodePrivateKey, EncodePublicKey};

use crate::bundle::{Bundle, Content, Material};
use crate::keys::PublicKey;
use crate::{Error, Result, sha256};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The key evidence is signed with.
pub type SigningKey = p256::ecdsa::SigningKey;

/// A P-256 signing key from an unencrypted PKCS #8 PEM (`-----BEGIN PRIVATE KEY-----`).
pub fn signing_key(pem: &str) -> Result<p256::ecdsa::SigningKey> {
    p256::ecdsa::SigningKey::from_pkcs8_pem(pem).map_err(|e| {
        Error::new(format!(
            "not an unencrypted PKCS #8 ECDSA P-256 private key (PEM `PRIVATE KEY`): {e}"
        ))
    })
}

/// The PEM public key of a signing key.
pub fn public_pem(key: &p256::ecdsa::SigningKey) -> Result<String> {
    key.verifying_key()
        .to_public_key_pem(p256::pkcs8::LineEnding::LF)
        .map_err(|e| Error::new(e.to_string()))
}

/// A Sigstore bundle over `data`, signed with `key`.
pub fn sign_blob(key: &p256::ecdsa::SigningKey, data: &[u8]) -> Result<String> {
    use p256::ecdsa::signature::hazmat::PrehashSigner;
    let digest = sha256(data);
    let signature: p256::ecdsa::Signature = key
        .sign_prehash(&digest)
        .map_err(|e| Error::new(format!("signing failed: {e}")))?;
    let spki = key
        .verifying_key()
        .to_public_key_der()
        .map_err(|e| Error::new(e.to_string()))?;
    let bundle = serde_json::json!({
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {
            "publicKey": { "hint": b64(&sha256(spki.as_bytes())) },
            "tlogEntries": []
        },
        "messageSignature": {
            "messageDigest": { "algorithm": "SHA2_256", "digest": b64(&digest) },
            "signature": b64(signature.to_der().as_bytes())
        }
    });
    serde_json::to_string_pretty(&bundle).map_err(|e| Error::new(e.to_string()))
}

/// Verify a key-signed bundle over `data` with the public key (DER SubjectPublicKeyInfo).
pub fn verify_blob_with_key(bundle: &Bundle, data: &[u8], key_der: &[u8]) -> Result<()> {
    if !matches!(bundle.material, Material::PublicKey { .. }) {
        return Err(Error::new("the bundle is not signed with a key"));
    }
    let Content::MessageSignature { digest, signature } = &bundle.content else {
        return Err(Error::new("the bundle holds no message signature"));
    };
    let actual = sha256(data);
    if digest.as_deref().is_some_and(|d| d != actual) {
        return Err(Error::new(
            "the bundle's message digest is not the data's SHA-256",
        ));
    }
    PublicKey::from_spki_der(key_der)?.verify_digest(&actual, signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_blob_verifies_with_its_key_and_not_with_another_or_for_other_data() {
        let key = p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap();
        let other = p256::ecdsa::SigningKey::from_slice(&[9u8; 32]).unwrap();
        let json = sign_blob(&key, b"manifest").unwrap();
        let bundle = Bundle::from_json(&json).unwrap();
        let der = |k: &p256::ecdsa::SigningKey| {
            k.verifying_key()
                .to_public_key_der()
                .unwrap()
                .as_bytes()
                .to_vec()
        };
        assert!(verify_blob_with_key(&bundle, b"manifest", &der(&key)).is_ok());
        assert!(verify_blob_with_key(&bundle, b"manifesT", &der(&key)).is_err());
        assert!(verify_blob_with_key(&bundle, b"manifest", &der(&other)).is_err());
        assert!(
            public_pem(&key)
                .unwrap()
                .starts_with("-----BEGIN PUBLIC KEY-----")
        );
    }
}
