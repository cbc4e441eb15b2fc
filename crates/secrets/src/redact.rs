//! Redaction of secrets in snippets, and Shannon entropy.

use std::ops::Range;

use gatehouse_model::LineIndex;

/// Longest snippet kept, in characters; longer lines are cut around the secret.
const MAX_SNIPPET_CHARS: usize = 200;

/// What replaces the hidden part of a secret.
const MASK: &str = "****";

/// A secret as it may be shown: at most its first quarter (and never more than 4 characters),
/// then a fixed mask that does not reveal the length.
pub fn redact_secret(secret: &str) -> String {
    let chars = secret.chars().count();
    let shown = (chars / 4).min(4);
    let prefix: String = secret.chars().take(shown).collect();
    format!("{prefix}{MASK}")
}

/// Shannon entropy of a byte string, in bits per byte.
pub fn shannon_entropy(data: &[u8]) -> f64 {
    if data.is_empty() {
        return 0.0;
    }
    let mut counts = [0usize; 256];
    for &b in data {
        counts[b as usize] += 1;
    }
    let len = data.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / len;
            -p * p.log2()
        })
        .sum()
}

/// The text of `line` with every secret span that touches it redacted, trimmed, and cut to
/// [`MAX_SNIPPET_CHARS`] around the first secret on it.
pub fn snippet(bytes: &[u8], lines: &LineIndex, line: u32, secrets: &[Range<usize>]) -> String {
    let Some(range) = lines.line_range(bytes, line) else {
        return String::new();
    };
    let mut out = String::new();
    let mut cursor = range.start;
    let mut first_secret_at: Option<usize> = None;
    let mut on_line: Vec<&Range<usize>> = secrets
        .iter()
        .filter(|s| s.start < range.end.max(range.start + 1) && s.end > range.start)
        .collect();
    on_line.sort_by_key(|s| s.start);
    for secret in on_line {
        let start = secret.start.max(range.start);
        if start < cursor {
            // Overlapping spans: the earlier one already hid this text.
            cursor = cursor.max(secret.end.min(range.end));
            continue;
        }
        out.push_str(&String::from_utf8_lossy(&bytes[cursor..start]));
        first_secret_at.get_or_insert(out.chars().count());
        let visible_end = secret.end.min(range.end);
        let whole = String::from_utf8_lossy(&bytes[secret.clone()]);
        if secret.start >= range.start {
            out.push_str(&redact_secret(&whole));
        } else {
            out.push_str(MASK);
        }
        cursor = visible_end.max(start);
    }
    if cursor < range.end {
        out.push_str(&String::from_utf8_lossy(&bytes[cursor..range.end]));
    }
    // Terminal escapes and other control characters from the file are not replayed.
    let out: String = out
        .chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    let leading = out.chars().take_while(|c| c.is_whitespace()).count();
    let trimmed: String = out.trim().to_string();
    let anchor = first_secret_at.map_or(0, |a| a.saturating_sub(leading));
    cut_around(&trimmed, anchor)
}

fn cut_around(text: &str, anchor: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= MAX_SNIPPET_CHARS {
        return text.to_string();
    }
    let start = anchor.saturating_sub(MAX_SNIPPET_CHARS / 4);
    let end = (start + MAX_SNIPPET_CHARS).min(chars.len());
    let start = end.saturating_sub(MAX_SNIPPET_CHARS);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_shows_at_most_a_quarter_and_four_chars() {
        assert_eq!(redact_secret("QWERTYUIOPASDFGHJKLZ"), "QWER****");
        assert_eq!(redact_secret("hunter22"), "hu****");
        assert_eq!(redact_secret("abc"), "****");
    }

    #[test]
    fn entropy_of_uniform_and_constant_strings() {
        assert_eq!(shannon_entropy(b"aaaa"), 0.0);
        assert!((shannon_entropy(b"abcd") - 2.0).abs() < 1e-9);
    }

    #[test]
    fn snippet_redacts_multi_line_secret_on_its_first_line() {
        let text = b"key: |\n  -----BEGIN RSA PRIVATE KEY-----\n  MIIEowIBAAKCAQEA1x\n  -----END RSA PRIVATE KEY-----\n";
        let lines = LineIndex::new(text);
        let body_start = 43;
        let secret = body_start..body_start + 18;
        assert_eq!(&text[secret.clone()], b"MIIEowIBAAKCAQEA1x");
        assert_eq!(snippet(text, &lines, 3, &[secret]), "MIIE****");
    }

    #[test]
    fn long_lines_are_cut_around_the_secret() {
        let mut text = "x".repeat(500);
        text.push_str("SECRETSECRETSECRET");
        text.push_str(&"y".repeat(500));
        let lines = LineIndex::new(text.as_bytes());
        let secret = 500..518;
        let s = snippet(text.as_bytes(), &lines, 1, std::slice::from_ref(&secret));
        assert!(s.contains("SECR****"), "{s}");
        assert!(s.chars().count() <= MAX_SNIPPET_CHARS + 2);
        assert!(s.starts_with('…') && s.ends_with('…'));
    }
}
