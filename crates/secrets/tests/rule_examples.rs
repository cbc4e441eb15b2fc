//! Every built-in secret rule against its own examples (testdata/secrets/rule-examples.toml):
//! at least two strings it must report and two look-alikes it must not (a truncated token, a
//! wrong alphabet, a placeholder, a documentation example). Each example is the text of a small
//! file, scanned by the real check with all rules loaded, so a rule that yields to another or
//! whose keyword never reaches its line fails here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gatehouse_engine::SourceFile;
use gatehouse_engine::config::SecretsConfig;
use gatehouse_model::Confidence;
use gatehouse_secrets::SecretsCheck;

#[derive(serde::Deserialize)]
struct Examples {
    rule: BTreeMap<String, RuleExamples>,
}

#[derive(serde::Deserialize)]
struct RuleExamples {
    positive: Vec<String>,
    negative: Vec<String>,
    /// The file name the examples are scanned as (a rule may read only some files).
    path: Option<String>,
    /// The confidence every positive must be reported with (rules that verify a checksum).
    confidence: Option<Confidence>,
}

fn examples_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/secrets/rule-examples.toml")
}

#[test]
fn every_rule_reports_its_examples_and_none_of_its_look_alikes() {
    let text = std::fs::read_to_string(examples_file()).unwrap();
    let examples: Examples = toml::from_str(&text).unwrap();
    let check = SecretsCheck::new(Path::new("/repo"), &SecretsConfig::default()).unwrap();
    let mut problems = Vec::new();
    let ids: Vec<&str> = check.rules().rules.iter().map(|r| r.id.as_str()).collect();
    for id in examples.rule.keys() {
        if !ids.contains(&id.as_str()) {
            problems.push(format!("{id}: examples for a rule that does not exist"));
        }
    }
    for id in &ids {
        let Some(rule) = examples.rule.get(*id) else {
            problems.push(format!("{id}: no examples"));
            continue;
        };
        if rule.positive.len() < 2 || rule.negative.len() < 2 {
            problems.push(format!(
                "{id}: {} positive and {} negative examples (2 of each at least)",
                rule.positive.len(),
                rule.negative.len()
            ));
        }
        let path = rule.path.as_deref().unwrap_or("example.txt");
        let found = |text: &str| {
            check
                .scan(&SourceFile::new(path, text.as_bytes()), None)
                .into_iter()
                .find(|f| f.rule_id == *id)
        };
        for positive in &rule.positive {
            match (found(positive), rule.confidence) {
                (None, _) => problems.push(format!("{id}: not reported: {positive}")),
                (Some(f), Some(want)) if f.confidence != want => problems.push(format!(
                    "{id}: reported with confidence {} instead of {}: {positive}",
                    f.confidence.as_str(),
                    want.as_str()
                )),
                _ => {}
            }
        }
        for negative in &rule.negative {
            if found(negative).is_some() {
                problems.push(format!("{id}: reported on a look-alike: {negative}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(ids.len() >= 62);
}
