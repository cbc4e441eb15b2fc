//! Keeping credentials out of what the live family says: every message that may quote a
//! connection string or a server's answer goes through [`Scrubber`] first.

/// Replaces every known secret (and every sizeable piece of a connection string that could not
/// be parsed) in a message with `****`.
#[derive(Debug, Clone, Default)]
pub struct Scrubber {
    secrets: Vec<String>,
}

/// The shortest piece of a secret worth replacing: shorter ones would mangle ordinary words.
const MIN_PIECE: usize = 4;

impl Scrubber {
    /// A scrubber for these secrets (empty ones are ignored).
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut scrubber = Scrubber::default();
        for secret in secrets {
            scrubber.add(secret);
        }
        scrubber
    }

    /// For a connection string that may not parse: the whole string and each piece between
    /// its separators (user, password, host, database, option values) count as secret.
    pub fn for_unparsed(text: &str) -> Self {
        let mut scrubber = Scrubber::new([text]);
        for piece in text.split(|c: char| ":@/?&= ".contains(c)) {
            scrubber.add(piece);
        }
        scrubber
    }

    pub fn add(&mut self, secret: &str) {
        let secret = secret.trim();
        if secret.len() >= MIN_PIECE && !self.secrets.iter().any(|s| s == secret) {
            self.secrets.push(secret.to_string());
            // Longest first, so that a secret containing another is replaced whole.
            self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    pub fn scrub(&self, message: &str) -> String {
        let mut out = message.to_string();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), "****");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_pieces_of_unparsed_strings_are_replaced() {
        let s = Scrubber::new(["hunter22", ""]);
        assert_eq!(
            s.scrub("password hunter22 rejected"),
            "password **** rejected"
        );
        let dsn = concat!("postgres://audit:Sup3rSecret", "@db.internal:5432/app");
        let s = Scrubber::for_unparsed(dsn);
        let said = s.scrub(&format!("invalid port in {dsn}"));
        assert!(!said.contains("Sup3rSecret"), "{said}");
        let said = s.scrub("near `Sup3rSecret`");
        assert_eq!(said, "near `****`");
        // Short pieces (`app`) are left alone: they would mangle the message.
        assert_eq!(s.scrub("an app"), "an app");
    }
}
