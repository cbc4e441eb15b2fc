//! Rule tests: in a rule's test files (`NAME.test.EXT` next to `NAME.yml`), a comment
//! `gatehouse-expect: RULE-ID` marks the next line as a required finding of that rule and
//! `gatehouse-ok: RULE-ID` marks it as a required non-finding. A finding of a tested rule on a
//! line not marked `gatehouse-expect` is a failure too. Every rule needs at least two of each.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use crate::RuleSet;
use crate::lang;
use crate::rules::{RuleSource, SastRule, parse_rule_file};
use crate::scan::{FileLimits, Outcome, scan_source};

pub const EXPECT_MARKER: &str = "gatehouse-expect:";
pub const OK_MARKER: &str = "gatehouse-ok:";
/// Minimum positives and negatives per rule.
pub const MIN_CASES: usize = 2;

/// The outcome for one rule id.
#[derive(Debug, Default)]
pub struct RuleTestResult {
    pub id: String,
    pub positives: usize,
    pub negatives: usize,
    pub failures: Vec<String>,
}

impl RuleTestResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Run the tests of every rule in `sources`. A rule file that does not parse is an error.
pub fn run(sources: &[RuleSource]) -> Result<Vec<RuleTestResult>, crate::RuleError> {
    let mut results: BTreeMap<String, RuleTestResult> = BTreeMap::new();
    let limits = FileLimits {
        max_line_length: usize::MAX,
        parse_timeout: Duration::from_secs(30),
    };
    for source in sources {
        let rules = RuleSet::new(parse_rule_file(&source.text, &source.path)?);
        let ids: BTreeSet<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        for id in &ids {
            results
                .entry((*id).to_string())
                .or_insert_with(|| RuleTestResult {
                    id: (*id).to_string(),
                    ..RuleTestResult::default()
                });
        }
        if source.tests.is_empty() {
            for id in &ids {
                if let Some(r) = results.get_mut(*id) {
                    r.failures.push(format!(
                        "no test file next to {} (NAME.test.EXT)",
                        source.path
                    ));
                }
            }
        }
        for (test_path, test_text) in &source.tests {
            check_test_file(test_path, test_text, &rules, &ids, limits, &mut results);
        }
    }
    for result in results.values_mut() {
        if result.positives < MIN_CASES {
            result.failures.push(format!(
                "{} `{EXPECT_MARKER}` case(s); at least {MIN_CASES} required",
                result.positives
            ));
        }
        if result.negatives < MIN_CASES {
            result.failures.push(format!(
                "{} `{OK_MARKER}` case(s); at least {MIN_CASES} required",
                result.negatives
            ));
        }
    }
    Ok(results.into_values().collect())
}

/// The message the rule `id` reports on the first line its tests expect it to (its
/// metavariables, `$FN`, filled in from the matched code), to show what a finding says.
pub fn example_message(id: &str, sources: &[RuleSource]) -> Option<String> {
    let limits = FileLimits {
        max_line_length: usize::MAX,
        parse_timeout: Duration::from_secs(30),
    };
    for source in sources {
        let Ok(parsed) = parse_rule_file(&source.text, &source.path) else {
            continue;
        };
        let rules = RuleSet::new(parsed);
        for (path, text) in &source.tests {
            let Some(language) = lang::by_path(path) else {
                continue;
            };
            let mine: Vec<&SastRule> = rules
                .for_language(language)
                .into_iter()
                .filter(|r| r.id == id)
                .collect();
            if mine.is_empty() {
                continue;
            }
            if let Outcome::Scanned(findings, _) = scan_source(path, text, language, &mine, limits)
                && let Some(first) = findings.into_iter().min_by_key(|f| f.location.start_line)
            {
                return Some(first.message);
            }
        }
    }
    None
}

fn check_test_file(
    path: &str,
    text: &str,
    rules: &RuleSet,
    ids: &BTreeSet<&str>,
    limits: FileLimits,
    results: &mut BTreeMap<String, RuleTestResult>,
) {
    let Some(language) = lang::by_path(path) else {
        for id in ids {
            if let Some(r) = results.get_mut(*id) {
                r.failures
                    .push(format!("{path}: no SAST language for this extension"));
            }
        }
        return;
    };
    // Markers: (target line, rule id, expected?).
    let lines: Vec<&str> = text.lines().collect();
    let is_marker = |l: &str| l.contains(EXPECT_MARKER) || l.contains(OK_MARKER);
    let mut marks: Vec<(u32, String, bool, u32)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        for (marker, expected) in [(EXPECT_MARKER, true), (OK_MARKER, false)] {
            let Some(at) = line.find(marker) else {
                continue;
            };
            let id = line[at + marker.len()..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string();
            let target = (i + 1..lines.len()).find(|j| !is_marker(lines[*j]));
            let marker_line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            match target {
                Some(t) => marks.push((
                    u32::try_from(t + 1).unwrap_or(u32::MAX),
                    id,
                    expected,
                    marker_line,
                )),
                None => {
                    if let Some(r) = results.get_mut(id.as_str()) {
                        r.failures.push(format!(
                            "{path}:{marker_line}: marker with no line after it"
                        ));
                    }
                }
            }
        }
    }
    // Every rule of the language runs on the test file; a rule that finds something here
    // although the literal prefilter would skip it (judged on the file without its marker
    // comments, which name rule ids) means the prefilter derived a wrong literal.
    let all: Vec<&SastRule> = rules
        .for_language(language)
        .into_iter()
        .filter(|r| r.applies_to(path))
        .collect();
    let code: String = text
        .lines()
        .map(|l| if is_marker(l) { "" } else { l })
        .flat_map(|l| [l, "\n"])
        .collect();
    let prefiltered: BTreeSet<&str> = rules
        .for_file(language, path, &code)
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let findings = match scan_source(path, text, language, &all, limits) {
        Outcome::Scanned(findings, _) => findings,
        Outcome::Skipped(reason, _) => {
            for id in ids {
                if let Some(r) = results.get_mut(*id) {
                    r.failures.push(format!("{path}: not scanned ({reason})"));
                }
            }
            return;
        }
    };
    for finding in &findings {
        if !prefiltered.contains(finding.rule_id.as_str())
            && let Some(result) = results.get_mut(finding.rule_id.as_str())
        {
            result.failures.push(format!(
                "{path}:{}: found, but the literal prefilter would skip this rule on this file",
                finding.location.start_line
            ));
        }
    }
    let found: BTreeSet<(u32, &str)> = findings
        .iter()
        .map(|f| (f.location.start_line, f.rule_id.as_str()))
        .collect();
    for (target, id, expected, marker_line) in &marks {
        let Some(result) = results.get_mut(id.as_str()) else {
            // A marker for a rule of another file: not ours to judge.
            continue;
        };
        if !all.iter().any(|r| &r.id == id) {
            result.failures.push(format!(
                "{path}:{marker_line}: rule has no {} variant for this file",
                lang::LANGUAGES[language].name
            ));
            continue;
        }
        let hit = found.contains(&(*target, id.as_str()));
        if *expected {
            result.positives += 1;
            if !hit {
                result
                    .failures
                    .push(format!("{path}:{target}: expected a finding, got none"));
            }
        } else {
            result.negatives += 1;
            if hit {
                result
                    .failures
                    .push(format!("{path}:{target}: expected no finding, got one"));
            }
        }
    }
    for finding in &findings {
        let line = finding.location.start_line;
        let marked = marks
            .iter()
            .any(|(t, id, expected, _)| *expected && *t == line && *id == finding.rule_id);
        if !marked && let Some(result) = results.get_mut(finding.rule_id.as_str()) {
            result.failures.push(format!(
                "{path}:{line}: unexpected finding (no `{EXPECT_MARKER} {}` above it)",
                finding.rule_id
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_with_metavariables_has_an_example_with_them_filled_in() {
        let sources = crate::rules::builtin_sources();
        let set = RuleSet::builtin().unwrap();
        let raw = regex::Regex::new(r"\$[A-Z_][A-Z0-9_]*").unwrap();
        let mut checked = 0;
        for rule in set
            .rules
            .iter()
            .filter(|r| r.message_template().contains('$'))
        {
            let example = example_message(&rule.id, &sources)
                .unwrap_or_else(|| panic!("{}: no example finding", rule.id));
            assert!(!raw.is_match(&example), "{}: {example}", rule.id);
            checked += 1;
        }
        assert!(checked >= 10, "{checked}");
    }

    fn source(test: &str) -> RuleSource {
        RuleSource {
            path: "r.yml".into(),
            text: "id: py-eval\nlanguage: python\ntitle: eval\nseverity: high\nmessage: eval\nrule:\n  pattern: eval($X)\n".into(),
            tests: vec![("r.test.py".into(), test.into())],
        }
    }

    #[test]
    fn passing_and_failing_rule_tests() {
        let good = "# gatehouse-expect: py-eval\neval(a)\n# gatehouse-expect: py-eval\nx = eval(b)\n# gatehouse-ok: py-eval\nliteral_eval(a)\n# gatehouse-ok: py-eval\nprint(a)\n";
        let results = run(&[source(good)]).unwrap();
        assert!(results[0].passed(), "{:?}", results[0].failures);
        assert_eq!((results[0].positives, results[0].negatives), (2, 2));

        let bad =
            "# gatehouse-expect: py-eval\nprint(a)\n# gatehouse-ok: py-eval\neval(b)\neval(c)\n";
        let results = run(&[source(bad)]).unwrap();
        let failures = results[0].failures.join("\n");
        assert!(
            failures.contains("r.test.py:2: expected a finding"),
            "{failures}"
        );
        assert!(
            failures.contains("r.test.py:4: expected no finding"),
            "{failures}"
        );
        assert!(
            failures.contains("r.test.py:5: unexpected finding"),
            "{failures}"
        );
        assert!(failures.contains("at least 2 required"), "{failures}");
    }
}
