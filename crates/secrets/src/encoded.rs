//! Base64-encoded values: a Kubernetes Secret's `data:` entries, and any `key: value` /
//! `key = value` / `"key": "value"` whose value is clearly base64 of text. Each is decoded and
//! its text searched by the same rules, as `key=text` (so that the rules that need a name, such
//! as a password assigned to `DB_PASSWORD`, see one) and as the text alone.

use std::ops::Range;
use std::sync::OnceLock;

use base64::Engine;
use regex::bytes::Regex;

/// The shortest encoded value looked at (12 bytes of text).
const MIN_ENCODED: usize = 16;

/// A value that may be base64: where it is, and the name it is assigned to.
pub struct Candidate {
    pub range: Range<usize>,
    pub key: Vec<u8>,
}

fn assignment() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"(?m)^[ \t]*(?:-[ \t]+)?(?:export[ \t]+)?["']?([A-Za-z0-9_.-]{1,64})["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9+/]{16,}={0,2})["']?[ \t]*,?[ \t]*\r?$"#,
        )
        .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    })
}

/// The values of `bytes` that may be base64 of text. Only lines that end in a run of at least
/// 16 base64 characters (before closing quotes, a comma, spaces) go to the regex: found from
/// each line's end, that test costs a few bytes a line, where the regex would read them all.
pub fn candidates(bytes: &[u8]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        if start > bytes.len() {
            break;
        }
        let line = &bytes[start..end];
        if ends_in_base64(line) {
            out.extend(assignment().captures_iter(line).filter_map(|caps| {
                let key = caps.get(1)?;
                let value = caps.get(2)?;
                (value.len() >= MIN_ENCODED).then(|| Candidate {
                    range: start + value.start()..start + value.end(),
                    key: key.as_bytes().to_vec(),
                })
            }));
        }
        start = end + 1;
    }
    out
}

fn ends_in_base64(line: &[u8]) -> bool {
    let mut end = line.len();
    while end > 0
        && matches!(
            line[end - 1],
            b' ' | b'\t' | b'\r' | b',' | b'"' | b'\'' | b'='
        )
    {
        end -= 1;
    }
    let run = line[..end]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
        .count();
    run >= MIN_ENCODED
}

/// The text `encoded` is base64 of, when it is text: valid UTF-8, at least 12 bytes, nearly
/// all of it printable. Binary (a hash, a compressed blob) is not.
pub fn decode_text(encoded: &[u8]) -> Option<Vec<u8>> {
    let trimmed: &[u8] = {
        let end = encoded
            .iter()
            .rposition(|b| *b != b'=')
            .map_or(0, |i| i + 1);
        &encoded[..end]
    };
    let decoded = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(trimmed)
        .ok()?;
    let text = std::str::from_utf8(&decoded).ok()?;
    let chars = text.chars().count();
    if chars < 12 {
        return None;
    }
    let printable = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .count();
    (printable * 100 >= chars * 97).then_some(decoded)
}

/// The buffers a decoded value is searched as: `key=text`, then the text alone.
pub fn searched(key: &[u8], text: &[u8]) -> [Vec<u8>; 2] {
    let mut named = key.to_vec();
    named.push(b'=');
    named.extend_from_slice(text);
    [named, text.to_vec()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(text: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(text)
    }

    #[test]
    fn values_that_are_base64_of_text_are_decoded() {
        let manifest = format!(
            "apiVersion: v1\nkind: Secret\ndata:\n  DB_PASSWORD: {}\n  tls.crt: {}\n",
            b64("Zq8#vT2mLp9!xR4w"),
            b64("short")
        );
        let found = candidates(manifest.as_bytes());
        assert_eq!(
            found.len(),
            1,
            "a value under 16 characters is not looked at"
        );
        let value = &manifest.as_bytes()[found[0].range.clone()];
        assert_eq!(found[0].key, b"DB_PASSWORD");
        assert_eq!(decode_text(value).unwrap(), b"Zq8#vT2mLp9!xR4w");
    }

    #[test]
    fn binary_and_words_are_not_text() {
        // A SHA-256 digest in base64 is binary.
        assert!(decode_text(b"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=").is_none());
        // Letters that happen to be valid base64 decode to bytes that are not text.
        assert!(decode_text(b"ThisIsJustAnIdentifierName").is_none());
        assert!(decode_text(b"not base64 at all!").is_none());
    }

    #[test]
    fn json_env_and_list_forms() {
        let value = b64(concat!("postgres://app:", "Hq7vX2pL9sT4@db:5432/app"));
        for line in [
            format!("\"connection\": \"{value}\","),
            format!("export CONNECTION={value}"),
            format!("  - secret: '{value}'"),
        ] {
            let found = candidates(line.as_bytes());
            assert_eq!(found.len(), 1, "{line}");
            assert!(decode_text(&line.as_bytes()[found[0].range.clone()]).is_some());
        }
    }
}
