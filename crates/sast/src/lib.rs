//! The SAST family: structural rules over source code, on tree-sitter parse trees through
//! ast-grep. Rules are data (`rules/sast/<language>/*.yml`, embedded; users add directories);
//! each file is parsed once and every rule of its language runs on that tree. Findings feed P09
//! unless a rule says otherwise.

pub mod lang;
mod prefilter;
pub mod rules;
mod scan;
pub mod taint;
pub mod testing;

use std::path::Path;
use std::time::Duration;

use gatehouse_engine::config::SastConfig;
use gatehouse_engine::{Check, FileScan, SourceFile};

pub use rules::{RuleError, SastRule};
pub use scan::help_text;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The family name.
pub const FAMILY: &str = "sast";

/// The policies SAST findings feed unless a rule says otherwise.
pub const POLICIES: &[&str] = &["P09"];

/// Compiled rules, grouped by language.
pub struct RuleSet {
    pub rules: Vec<SastRule>,
    /// For each entry of [`lang::LANGUAGES`], the indexes of its rules.
    by_language: Vec<Vec<usize>>,
    /// For each language, the literal prefilter of its rules (in `by_language` order).
    prefilters: Vec<prefilter::Prefilter>,
}

impl RuleSet {
    pub fn new(rules: Vec<SastRule>) -> Self {
        let mut by_language = vec![Vec::new(); lang::LANGUAGES.len()];
        for (index, rule) in rules.iter().enumerate() {
            by_language[rule.language].push(index);
        }
        let prefilters = by_language
            .iter()
            .map(|indexes| {
                prefilter::Prefilter::new(indexes.iter().map(|&i| rules[i].required.as_deref()))
            })
            .collect();
        RuleSet {
            rules,
            by_language,
            prefilters,
        }
    }

    /// The built-in rules.
    pub fn builtin() -> Result<Self, RuleError> {
        let mut rules = Vec::new();
        for source in rules::builtin_sources() {
            rules.extend(rules::parse_rule_file(&source.text, &source.path)?);
        }
        Ok(RuleSet::new(rules))
    }

    pub fn for_language(&self, language: usize) -> Vec<&SastRule> {
        self.by_language
            .get(language)
            .map(|indexes| indexes.iter().map(|&i| &self.rules[i]).collect())
            .unwrap_or_default()
    }

    /// The rules of `language` that can match in this file: their `files`/`ignores` globs admit
    /// `rel`, and `text` holds one of the literals each requires.
    pub fn for_file(&self, language: usize, rel: &str, text: &str) -> Vec<&SastRule> {
        let (Some(indexes), Some(prefilter)) = (
            self.by_language.get(language),
            self.prefilters.get(language),
        ) else {
            return Vec::new();
        };
        indexes
            .iter()
            .zip(prefilter.runnable(text))
            .filter(|&(&i, can)| can && self.rules[i].applies_to(rel))
            .map(|(&i, _)| &self.rules[i])
            .collect()
    }

    /// Distinct rule ids (a rule for several languages counts once).
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.rules.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// Errors in SAST configuration: a rule file or directory that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SastConfigError {
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error("sast.rules `{path}`: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
    #[error("sast.disable: no rule `{0}`")]
    UnknownRule(String),
}

/// The SAST check.
pub struct SastCheck {
    rules: RuleSet,
    limits: scan::FileLimits,
    max_file_size: u64,
}

impl SastCheck {
    /// Built-in rules plus the configured rule directories (relative to `root`), less the
    /// disabled ones.
    pub fn new(root: &Path, config: &SastConfig) -> Result<Self, SastConfigError> {
        let mut rules = RuleSet::builtin()?.rules;
        for dir in &config.rules {
            let path = root.join(dir);
            let sources =
                rules::sources_in(&path).map_err(|source| SastConfigError::Directory {
                    path: dir.clone(),
                    source,
                })?;
            for source in sources {
                rules.extend(rules::parse_rule_file(&source.text, &source.path)?);
            }
        }
        for id in &config.disable {
            if !rules.iter().any(|r| &r.id == id) {
                return Err(SastConfigError::UnknownRule(id.clone()));
            }
        }
        rules.retain(|r| !config.disable.contains(&r.id));
        Ok(SastCheck {
            rules: RuleSet::new(rules),
            limits: scan::FileLimits {
                max_line_length: config.max_line_length,
                parse_timeout: Duration::from_millis(config.timeout_ms),
            },
            max_file_size: config.max_file_size,
        })
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }
}

impl Check for SastCheck {
    fn family(&self) -> &'static str {
        FAMILY
    }

    fn policies(&self) -> &'static [&'static str] {
        POLICIES
    }

    fn wants(&self, rel: &str) -> bool {
        lang::by_path(rel).is_some() || lang::has_no_extension(rel)
    }

    fn scan_file(&self, file: &SourceFile<'_>) -> FileScan {
        let Some(language) = lang::by_path(file.rel).or_else(|| lang::by_shebang(file.bytes))
        else {
            return FileScan::skipped("no SAST language");
        };
        if self
            .rules
            .by_language
            .get(language)
            .is_none_or(Vec::is_empty)
        {
            return FileScan::default();
        }
        if file.bytes.len() as u64 > self.max_file_size {
            return FileScan::skipped("too large for SAST");
        }
        let text = String::from_utf8_lossy(file.bytes);
        let rules = self.rules.for_file(language, file.rel, &text);
        match scan::scan_source(file.rel, &text, language, &rules, self.limits) {
            scan::Outcome::Scanned(findings, errors) => FileScan {
                findings,
                errors,
                skipped: None,
            },
            scan::Outcome::Skipped(reason, error) => FileScan {
                findings: Vec::new(),
                errors: error.into_iter().collect(),
                skipped: Some(reason),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_builtin_rule_id_is_defined_once() {
        let set = RuleSet::builtin().unwrap();
        let mut origins: std::collections::BTreeMap<&str, &(String, u32)> = Default::default();
        for rule in &set.rules {
            // One document may define a rule for several languages; two documents may not
            // share an id.
            let first = origins.entry(&rule.id).or_insert(&rule.origin);
            assert_eq!(*first, &rule.origin, "{} is defined twice", rule.id);
        }
    }

    #[test]
    fn builtin_rules_compile() {
        let set = RuleSet::builtin().unwrap();
        assert!(!set.rules.is_empty());
        for rule in &set.rules {
            assert!(
                rule.policies.iter().all(|p| p.starts_with('P')),
                "{}",
                rule.id
            );
        }
    }
}

#[cfg(test)]
mod rule_tests {
    /// Every built-in rule's own test file passes (what `gatehouse rules test` runs).
    #[test]
    fn every_builtin_rule_passes_its_tests() {
        let results = crate::testing::run(&crate::rules::builtin_sources()).unwrap();
        assert!(!results.is_empty());
        let failures: Vec<String> = results
            .iter()
            .filter(|r| !r.passed())
            .map(|r| format!("{}: {}", r.id, r.failures.join("; ")))
            .collect();
        assert!(
            failures.is_empty(),
            "rule tests failed:\n{}",
            failures.join("\n")
        );
    }
}
