//! Public keys and their signatures: ECDSA P-256 (SHA-256) and P-384 (SHA-384), Ed25519, and
//! RSA PKCS #1 v1.5 (SHA-256, -384 and -512).

use spki::DecodePublicKey;

use crate::{Error, Result};

#[derive(Debug, Clone)]
pub enum PublicKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
    Rsa(rsa::RsaPublicKey),
}

impl PublicKey {
    /// From a DER SubjectPublicKeyInfo.
    pub fn from_spki_der(der: &[u8]) -> Result<PublicKey> {
        if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(der) {
            return Ok(PublicKey::P256(key));
        }
        if let Ok(key) = p384::ecdsa::VerifyingKey::from_public_key_der(der) {
            return Ok(PublicKey::P384(key));
        }
        if let Ok(key) = ed25519_dalek::VerifyingKey::from_public_key_der(der) {
            return Ok(PublicKey::Ed25519(key));
        }
        if let Ok(key) = rsa::RsaPublicKey::from_public_key_der(der) {
            return Ok(PublicKey::Rsa(key));
        }
        Err(Error::new(
            "an unsupported public key (ECDSA P-256 and P-384, Ed25519 and RSA are supported)",
        ))
    }

    /// From a PEM `PUBLIC KEY`.
    pub fn from_pem(pem: &str) -> Result<PublicKey> {
        let der = pem_body(pem, "PUBLIC KEY")?;
        PublicKey::from_spki_der(&der)
    }

    /// Verify `signature` (DER for ECDSA, 64 bytes for Ed25519) over `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<()> {
        use p256::ecdsa::signature::Verifier;
        let bad =
            |e: &dyn std::fmt::Display| Error::new(format!("the signature does not verify: {e}"));
        match self {
            PublicKey::P256(key) => {
                let sig = p256::ecdsa::Signature::from_der(signature).map_err(|e| bad(&e))?;
                key.verify(message, &sig).map_err(|e| bad(&e))
            }
            PublicKey::P384(key) => {
                let sig = p384::ecdsa::Signature::from_der(signature).map_err(|e| bad(&e))?;
                key.verify(message, &sig).map_err(|e| bad(&e))
            }
            PublicKey::Ed25519(key) => {
                let sig = ed25519_dalek::Signature::from_slice(signature).map_err(|e| bad(&e))?;
                key.verify_strict(message, &sig).map_err(|e| bad(&e))
            }
            PublicKey::Rsa(_) => self.verify_digest(&crate::sha256(message), signature),
        }
    }

    /// Verify `signature` over a message of which only the digest is known (ECDSA only: an
    /// Ed25519 signature needs the message itself).
    pub fn verify_digest(&self, digest: &[u8], signature: &[u8]) -> Result<()> {
        use p256::ecdsa::signature::hazmat::PrehashVerifier;
        let bad =
            |e: &dyn std::fmt::Display| Error::new(format!("the signature does not verify: {e}"));
        match self {
            PublicKey::P256(key) => {
                let sig = p256::ecdsa::Signature::from_der(signature).map_err(|e| bad(&e))?;
                key.verify_prehash(digest, &sig).map_err(|e| bad(&e))
            }
            PublicKey::P384(key) => {
                let sig = p384::ecdsa::Signature::from_der(signature).map_err(|e| bad(&e))?;
                key.verify_prehash(digest, &sig).map_err(|e| bad(&e))
            }
            PublicKey::Ed25519(_) => Err(Error::new(
                "an Ed25519 signature cannot be verified from the artifact's digest: give the artifact's path",
            )),
            PublicKey::Rsa(key) => {
                use rsa::sha2::{Sha256, Sha384, Sha512};
                let scheme = match digest.len() {
                    32 => rsa::Pkcs1v15Sign::new::<Sha256>(),
                    48 => rsa::Pkcs1v15Sign::new::<Sha384>(),
                    64 => rsa::Pkcs1v15Sign::new::<Sha512>(),
                    n => {
                        return Err(Error::new(format!(
                            "an RSA signature over a {n}-byte digest"
                        )));
                    }
                };
                key.verify(scheme, digest, signature).map_err(|e| bad(&e))
            }
        }
    }
}

/// The DER inside the first PEM block labelled `label`.
pub fn pem_body(pem: &str, label: &str) -> Result<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem
        .find(&begin)
        .ok_or_else(|| Error::new(format!("no PEM {label} block")))?
        + begin.len();
    let stop = pem[start..]
        .find(&end)
        .ok_or_else(|| Error::new(format!("an unterminated PEM {label} block")))?;
    let body: String = pem[start..start + stop]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    crate::b64(&format!("PEM {label}"), &body)
}

/// The DER SubjectPublicKeyInfo of a DER certificate.
pub fn spki_of_certificate(der: &[u8]) -> Result<Vec<u8>> {
    use der::{Decode, Encode};
    x509_cert::Certificate::from_der(der)
        .and_then(|c| c.tbs_certificate.subject_public_key_info.to_der())
        .map_err(|e| Error::new(format!("not a DER certificate: {e}")))
}
