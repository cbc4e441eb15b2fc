//! Structure a matched secret must (or may) have beyond its regex: a checksum some providers
//! embed in their tokens, and the JSON inside a JSON Web Token.

use base64::Engine;
use serde::Deserialize;

/// A rule's structural check (`verify = "…"` in the rule file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verify {
    /// GitHub's and npm's token format: 30 random base62 characters, then their CRC32 as 6
    /// base62 digits (alphabet `0-9A-Za-z`, zero-padded). A valid checksum makes the finding
    /// high-confidence, an invalid one low-confidence; neither hides it.
    Crc32Base62,
    /// A JSON Web Token: its header and payload must be base64url of JSON objects, else the
    /// match is not a token (a random `eyJ…` string) and is not reported.
    Jwt,
    /// A credential that may be HTTP Basic's base64 of `user:password`: when it is, and the
    /// password is a placeholder word (`username:password`, `user:changeme`), it is dropped.
    BasicCredential,
}

/// What a check says about one matched secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing to say (the rule has no check).
    None,
    /// The checksum holds.
    Valid,
    /// The checksum does not hold: a typo'd, truncated-and-padded or made-up token.
    Invalid,
    /// Not what the rule looks for: drop the match.
    Reject,
}

impl Verify {
    pub fn judge(self, secret: &[u8]) -> Verdict {
        match self {
            Verify::Crc32Base62 => {
                if crc32_base62_holds(secret) {
                    Verdict::Valid
                } else {
                    Verdict::Invalid
                }
            }
            Verify::Jwt => {
                if jwt_decodes(secret) {
                    Verdict::None
                } else {
                    Verdict::Reject
                }
            }
            Verify::BasicCredential => match basic_password(secret) {
                Some(password) if trivial_password(&password) => Verdict::Reject,
                _ => Verdict::None,
            },
        }
    }
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Whether the last 36 characters of `token` are 30 characters followed by their CRC32 in
/// base62. The prefix (`ghp_`, `npm_`, …) is not part of the checksum.
pub fn crc32_base62_holds(token: &[u8]) -> bool {
    let Some(tail) = token.len().checked_sub(36).map(|at| &token[at..]) else {
        return false;
    };
    let (body, check) = tail.split_at(30);
    let mut value: u64 = 0;
    for &c in check {
        let Some(digit) = BASE62.iter().position(|&d| d == c) else {
            return false;
        };
        value = value * 62 + digit as u64;
    }
    value == u64::from(crc32fast::hash(body))
}

/// The password of an HTTP Basic credential (base64 of `user:password`, as text).
pub fn basic_password(secret: &[u8]) -> Option<String> {
    let text = base64::engine::general_purpose::STANDARD
        .decode(secret)
        .ok()?;
    let text = String::from_utf8(text).ok()?;
    let (_, password) = text.split_once(':')?;
    Some(password.to_string())
}

/// A password no one uses for real: a word standing in for one.
fn trivial_password(password: &str) -> bool {
    let lower = password.to_ascii_lowercase();
    lower.is_empty()
        || [
            "password", "passwd", "pass", "secret", "changeme", "pwd", "xxx", "test", "example",
            "admin", "guest",
        ]
        .contains(&lower.as_str())
        || lower.starts_with('<')
        || lower.starts_with("${")
        || lower.starts_with("your")
}

/// Whether `token` is `header.payload.signature` with header and payload base64url-encoded
/// JSON objects (padding tolerated).
pub fn jwt_decodes(token: &[u8]) -> bool {
    let mut parts = token.split(|&b| b == b'.');
    let (Some(header), Some(payload)) = (parts.next(), parts.next()) else {
        return false;
    };
    [header, payload].iter().all(|part| {
        let trimmed = part
            .strip_suffix(b"==")
            .or(part.strip_suffix(b"="))
            .unwrap_or(part);
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(trimmed)
            .ok()
            .and_then(|json| serde_json::from_slice::<serde_json::Value>(&json).ok())
            .is_some_and(|value| value.is_object())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_checksums_are_checked_over_the_random_part() {
        // The format as published by GitHub (and adopted by npm): the token below was made by an
        // independent implementation of it (base62-token.js's documented example).
        let valid = concat!("ghp_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq17");
        assert!(crc32_base62_holds(valid.as_bytes()));
        // The same random part under another prefix: the prefix is not checksummed.
        assert!(crc32_base62_holds(
            concat!("npm_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq17").as_bytes()
        ));
        // One character changed anywhere breaks it.
        assert!(!crc32_base62_holds(
            concat!("ghp_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkK0mLq17").as_bytes()
        ));
        assert!(!crc32_base62_holds(
            concat!("ghp_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq18").as_bytes()
        ));
        assert!(!crc32_base62_holds(b"ghp_short"));
        assert!(!crc32_base62_holds(
            concat!("ghp_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mL-17").as_bytes()
        ));
        assert_eq!(Verify::Crc32Base62.judge(valid.as_bytes()), Verdict::Valid);
    }

    #[test]
    fn basic_credentials_of_placeholder_words_are_dropped() {
        let b64 = |t: &str| base64::engine::general_purpose::STANDARD.encode(t);
        let judge = |t: &str| Verify::BasicCredential.judge(b64(t).as_bytes());
        assert_eq!(judge("username:password"), Verdict::Reject);
        assert_eq!(judge("deploy:<your-password>"), Verdict::Reject);
        assert_eq!(judge("deploy:Zq8vT2mLp9xR4w"), Verdict::None);
        // Not base64 of user:password (a bearer token): nothing to say.
        assert_eq!(
            Verify::BasicCredential.judge(b"kQ8vT2mLp9xR4wKdZr7YhN3s"),
            Verdict::None
        );
    }

    #[test]
    fn a_jwt_needs_json_objects_in_header_and_payload() {
        let b64 = |t: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(t);
        let token = format!(
            "{}.{}.c2lnbmF0dXJlLWJ5dGVz",
            b64(r#"{"alg":"HS256","typ":"JWT"}"#),
            b64(r#"{"sub":"svc-deploy","iat":1733000000}"#)
        );
        assert!(jwt_decodes(token.as_bytes()));
        assert!(jwt_decodes(format!("{token}==").as_bytes()));
        let not_json = format!(
            "{}.{}.c2lnbmF0dXJl",
            b64(r#"{"alg":"HS256"}"#),
            b64("eyJ then nothing")
        );
        assert!(!jwt_decodes(not_json.as_bytes()));
        let array = format!("{}.{}.c2ln", b64(r#"{"alg":"none"}"#), b64("[1,2]"));
        assert!(!jwt_decodes(array.as_bytes()));
        assert!(!jwt_decodes(b"eyJhbGciOiJIUzI1NiJ9"));
        assert_eq!(
            Verify::Jwt.judge(b"eyJzzzzzzzzzzzz.eyJzzzzzzzzzzz.sig"),
            Verdict::Reject
        );
    }
}
