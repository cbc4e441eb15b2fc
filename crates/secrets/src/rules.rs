//! Secret rules as data: the embedded `rules/secrets.toml` (and any user file of the same
//! format), compiled into regexes plus one case-insensitive keyword automaton.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use gatehouse_model::{Confidence, Severity};
use regex::bytes::Regex;
use serde::Deserialize;

/// The built-in rules.
pub const BUILTIN_RULES: &str = include_str!("../../../rules/secrets.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rule: Vec<RuleDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: String,
    title: String,
    severity: Severity,
    confidence: Confidence,
    keywords: Vec<String>,
    regex: String,
    secret_group: Option<usize>,
    entropy: Option<f64>,
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    generic: bool,
    help: String,
}

/// One compiled rule.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub keywords: Vec<String>,
    pub regex: Regex,
    pub secret_group: usize,
    pub entropy: Option<f64>,
    pub allow: Vec<Regex>,
    pub generic: bool,
    pub help: String,
}

/// A rule file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{origin}: {message}")]
    Toml { origin: String, message: String },
    #[error("{origin}: rule `{rule}`: {message}")]
    Rule {
        origin: String,
        rule: String,
        message: String,
    },
}

/// The compiled rule set.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Keyword automaton; pattern `i` is `keyword_rules[i]`'s keyword.
    pub keywords: AhoCorasick,
    /// For each keyword pattern, the rules it enables.
    pub keyword_rules: Vec<Vec<usize>>,
}

impl RuleSet {
    pub fn builtin() -> Result<RuleSet, RuleError> {
        RuleSet::parse(BUILTIN_RULES, "rules/secrets.toml", &[], None)
    }

    /// Parse and compile a rule file. `disabled` rule ids are dropped; `generic_entropy`
    /// overrides the entropy threshold of generic rules.
    pub fn parse(
        text: &str,
        origin: &str,
        disabled: &[String],
        generic_entropy: Option<f64>,
    ) -> Result<RuleSet, RuleError> {
        let file: RuleFile = toml::from_str(text).map_err(|e| RuleError::Toml {
            origin: origin.to_string(),
            message: e.to_string(),
        })?;
        let mut rules = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for def in file.rule {
            let fail = |message: String| RuleError::Rule {
                origin: origin.to_string(),
                rule: def.id.clone(),
                message,
            };
            if !seen.insert(def.id.clone()) {
                return Err(fail("duplicate rule id".into()));
            }
            if disabled.contains(&def.id) {
                continue;
            }
            if def.keywords.is_empty() || def.keywords.iter().any(|k| k.len() < 2) {
                return Err(fail("needs keywords of at least 2 characters".into()));
            }
            let regex = Regex::new(&def.regex).map_err(|e| fail(format!("regex: {e}")))?;
            let groups = regex.captures_len() - 1;
            let secret_group = def.secret_group.unwrap_or(if groups > 0 { 1 } else { 0 });
            if secret_group > groups {
                return Err(fail(format!(
                    "secret_group {secret_group} but the regex has {groups} groups"
                )));
            }
            let allow = def
                .allow
                .iter()
                .map(|a| Regex::new(a).map_err(|e| fail(format!("allow regex: {e}"))))
                .collect::<Result<Vec<_>, _>>()?;
            let entropy = match (def.generic, generic_entropy) {
                (true, Some(threshold)) => Some(threshold),
                _ => def.entropy,
            };
            rules.push(Rule {
                id: def.id,
                title: def.title,
                severity: def.severity,
                confidence: def.confidence,
                keywords: def.keywords,
                regex,
                secret_group,
                entropy,
                allow,
                generic: def.generic,
                help: def.help,
            });
        }
        // One pattern per distinct keyword (case-folded), listing every rule it enables.
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            for keyword in &rule.keywords {
                let folded = keyword.to_ascii_lowercase();
                match patterns.iter().position(|p| *p == folded) {
                    Some(at) => keyword_rules[at].push(index),
                    None => {
                        patterns.push(folded);
                        keyword_rules.push(vec![index]);
                    }
                }
            }
        }
        let keywords = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| RuleError::Toml {
                origin: origin.to_string(),
                message: format!("keywords: {e}"),
            })?;
        Ok(RuleSet {
            rules,
            keywords,
            keyword_rules,
        })
    }

    /// The rules whose keywords occur in `haystack`, as a bitmap indexed by rule.
    pub fn candidates(&self, haystack: &[u8]) -> Vec<bool> {
        let mut wanted = vec![false; self.rules.len()];
        let mut remaining = self.rules.len();
        for hit in self.keywords.find_overlapping_iter(haystack) {
            for &rule in &self.keyword_rules[hit.pattern().as_usize()] {
                if !wanted[rule] {
                    wanted[rule] = true;
                    remaining -= 1;
                }
            }
            if remaining == 0 {
                break;
            }
        }
        wanted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_compile_and_cover_the_providers() {
        let set = RuleSet::builtin().unwrap();
        assert!(set.rules.len() >= 40, "{} rules", set.rules.len());
        for id in [
            "aws-access-key-id",
            "aws-secret-access-key",
            "github-pat-classic",
            "github-pat-fine-grained",
            "github-app-token",
            "github-oauth-token",
            "gitlab-pat",
            "slack-bot-token",
            "slack-webhook-url",
            "stripe-live-secret-key",
            "google-api-key",
            "gcp-service-account-key",
            "azure-storage-connection-string",
            "private-key-rsa",
            "private-key-ec",
            "private-key-openssh",
            "private-key-pgp",
            "private-key-pkcs8",
            "jwt",
            "npm-access-token",
            "pypi-upload-token",
            "twilio-api-key",
            "sendgrid-api-key",
            "mailgun-api-key",
            "shopify-access-token",
            "discord-bot-token",
            "telegram-bot-token",
            "heroku-api-key",
            "vault-service-token",
            "docker-config-auth",
            "database-url-password",
            "generic-secret-assignment",
        ] {
            assert!(set.rules.iter().any(|r| r.id == id), "missing rule {id}");
        }
    }

    #[test]
    fn keywords_select_candidate_rules_case_insensitively() {
        let set = RuleSet::builtin().unwrap();
        let wanted = set.candidates(b"export GHP_nothing");
        let enabled: Vec<&str> = set
            .rules
            .iter()
            .zip(&wanted)
            .filter(|(_, w)| **w)
            .map(|(r, _)| r.id.as_str())
            .collect();
        assert_eq!(enabled, ["github-pat-classic"]);
        assert!(set.candidates(b"plain text").iter().all(|w| !w));
    }

    #[test]
    fn bad_rule_files_name_the_rule() {
        let text = "[[rule]]\nid = \"x\"\ntitle = \"t\"\nseverity = \"high\"\nconfidence = \"high\"\nkeywords = [\"abc\"]\nregex = '(unclosed'\nhelp = \"h\"\n";
        let err = RuleSet::parse(text, "custom.toml", &[], None).unwrap_err();
        assert!(
            err.to_string().starts_with("custom.toml: rule `x`: regex"),
            "{err}"
        );
        let disabled = RuleSet::parse(
            BUILTIN_RULES,
            "rules/secrets.toml",
            &["jwt".to_string()],
            None,
        )
        .unwrap();
        assert!(disabled.rules.iter().all(|r| r.id != "jwt"));
    }
}
