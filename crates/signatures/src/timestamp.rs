//! RFC 3161 signed timestamps: a timestamp authority of the trusted root says when it saw a
//! signature (the only verified time of a Rekor v2 entry).

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::asn1::{GeneralizedTime, ObjectIdentifier, OctetString};
use der::{Any, Decode, Encode, Sequence};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

use crate::keys::PublicKey;
use crate::trust::TrustedRoot;
use crate::{Error, Result};

const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");
const RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const RSA_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const RSA_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");

#[derive(Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

/// `data`'s digest by the hash algorithm `oid` (SHA-256, -384 or -512).
pub(crate) fn digest(oid: &ObjectIdentifier, data: &[u8]) -> Result<Vec<u8>> {
    use sha2::Digest;
    Ok(match *oid {
        SHA256 | ECDSA_SHA256 | RSA_SHA256 => sha2::Sha256::digest(data).to_vec(),
        SHA384 | ECDSA_SHA384 | RSA_SHA384 => sha2::Sha384::digest(data).to_vec(),
        SHA512 | ECDSA_SHA512 | RSA_SHA512 => sha2::Sha512::digest(data).to_vec(),
        other => {
            return Err(Error::new(format!(
                "the timestamp uses an unsupported algorithm {other}"
            )));
        }
    })
}

fn malformed(e: impl std::fmt::Display) -> Error {
    Error::new(format!("the RFC 3161 timestamp is malformed: {e}"))
}

fn seconds(time: GeneralizedTime) -> i64 {
    i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

/// The timestamp token: the bundle holds the authority's whole response (TimeStampResp:
/// status, then the token), or the token (a CMS ContentInfo) alone.
fn token(der: &[u8]) -> Result<ContentInfo> {
    if let Ok(info) = ContentInfo::from_der(der) {
        return Ok(info);
    }
    let response = Vec::<Any>::from_der(der).map_err(malformed)?;
    let status = response
        .first()
        .ok_or_else(|| malformed("an empty response"))?
        .decode_as::<Vec<Any>>()
        .map_err(malformed)?;
    let granted = status
        .first()
        .and_then(|s| s.decode_as::<u8>().ok())
        .is_some_and(|s| s <= 1);
    if !granted {
        return Err(Error::new(
            "the timestamp authority did not grant the timestamp",
        ));
    }
    response
        .get(1)
        .ok_or_else(|| malformed("a response without a token"))?
        .decode_as::<ContentInfo>()
        .map_err(malformed)
}

/// Verify a signed timestamp (DER) over `signature`; the time it states.
pub fn verify(der: &[u8], signature: &[u8], root: &TrustedRoot) -> Result<i64> {
    let info = token(der)?;
    if info.content_type != SIGNED_DATA {
        return Err(malformed("not CMS signed data"));
    }
    let signed: SignedData = info.content.decode_as().map_err(malformed)?;
    if signed.encap_content_info.econtent_type != TST_INFO {
        return Err(malformed("it does not hold a TSTInfo"));
    }
    let tst = signed
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or_else(|| malformed("no TSTInfo"))?
        .decode_as::<OctetString>()
        .map_err(malformed)?;
    let fields = Vec::<Any>::from_der(tst.as_bytes()).map_err(malformed)?;
    let imprint: MessageImprint = fields
        .get(2)
        .ok_or_else(|| malformed("no message imprint"))?
        .decode_as()
        .map_err(malformed)?;
    let time = seconds(
        fields
            .get(4)
            .ok_or_else(|| malformed("no time"))?
            .decode_as::<GeneralizedTime>()
            .map_err(malformed)?,
    );
    if digest(&imprint.hash_algorithm.oid, signature)? != imprint.hashed_message.as_bytes() {
        return Err(Error::new(
            "the timestamp is not over this signature (message imprint)",
        ));
    }
    let signer = signed
        .signer_infos
        .0
        .get(0)
        .ok_or_else(|| malformed("no signer"))?;
    let attributes = signer
        .signed_attrs
        .as_ref()
        .ok_or_else(|| malformed("no signed attributes"))?;
    let stated = attributes
        .iter()
        .find(|a| a.oid == MESSAGE_DIGEST)
        .and_then(|a| a.values.get(0))
        .ok_or_else(|| malformed("no message digest attribute"))?
        .decode_as::<OctetString>()
        .map_err(malformed)?;
    if digest(&signer.digest_alg.oid, tst.as_bytes())? != stated.as_bytes() {
        return Err(Error::new(
            "the timestamp's signed attributes are not for its TSTInfo",
        ));
    }
    let signed_attributes = attributes.to_der().map_err(malformed)?;
    // The signature's hash: its algorithm's, or the digest algorithm's for plain rsaEncryption.
    let hash_oid = if signer.signature_algorithm.oid == RSA {
        signer.digest_alg.oid
    } else {
        signer.signature_algorithm.oid
    };
    let embedded: Vec<Vec<u8>> = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            cms::cert::CertificateChoices::Certificate(cert) => cert.to_der().ok(),
            _ => None,
        })
        .collect();
    for tsa in &root.timestamp_authorities {
        if !tsa.validity.contains(time) {
            continue;
        }
        // The signer is the authority's own certificate (embedded or not): an embedded
        // certificate the trusted root does not have vouches for nothing.
        let Some(leaf_der) = tsa.chain.first() else {
            continue;
        };
        let Ok(leaf) = Certificate::from_der(leaf_der) else {
            continue;
        };
        if !identifies(&signer.sid, &leaf) {
            continue;
        }
        if !embedded.is_empty() && !embedded.iter().any(|c| c == leaf_der) {
            continue;
        }
        let validity = &leaf.tbs_certificate.validity;
        let from = i64::try_from(validity.not_before.to_unix_duration().as_secs()).unwrap_or(0);
        let until =
            i64::try_from(validity.not_after.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
        if time < from || time > until {
            continue;
        }
        let Ok(spki) = leaf.tbs_certificate.subject_public_key_info.to_der() else {
            continue;
        };
        let Ok(key) = PublicKey::from_spki_der(&spki) else {
            continue;
        };
        let signed_digest = digest(&hash_oid, &signed_attributes)?;
        if key
            .verify_digest(&signed_digest, signer.signature.as_bytes())
            .is_ok()
        {
            return Ok(time);
        }
    }
    Err(Error::new(
        "the timestamp is not signed by a timestamp authority of the trusted root valid at its time",
    ))
}

/// Whether the signer identifier names `cert`.
fn identifies(sid: &SignerIdentifier, cert: &Certificate) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => {
            id.issuer == cert.tbs_certificate.issuer
                && id.serial_number == cert.tbs_certificate.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => cert
            .tbs_certificate
            .extensions
            .iter()
            .flatten()
            .filter(|e| e.extn_id == ObjectIdentifier::new_unwrap("2.5.29.14"))
            .any(|e| {
                OctetString::from_der(e.extn_value.as_bytes())
                    .is_ok_and(|k| k.as_bytes() == ski.0.as_bytes())
            }),
    }
}
