//! Rego policies (evaluated with `regorus`) over the facts document: the built-in checks of
//! `rules/policies/*.rego` and the user's own, with one contract.
//!
//! A policy module is `package gatehouse.pNN` (any `package gatehouse.NAME` for a user's) and
//! may define:
//! - `violations`: a set of objects `{"rule", "level" ("critical" | "fail" | "warn"), "message", "path",
//!   "line"}`;
//! - `not_applicable`: a string saying why nothing in the tree is for this policy;
//! - `evidence`: an array of strings (the files the verdict rests on).
//!
//! The input is `{"facts": …, "config": …}`.

use serde::{Deserialize, Serialize};

/// The built-in policy modules, embedded.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/policies/lib.rego",
        include_str!("../../../rules/policies/lib.rego"),
    ),
    (
        "rules/policies/p01.rego",
        include_str!("../../../rules/policies/p01.rego"),
    ),
    (
        "rules/policies/p02.rego",
        include_str!("../../../rules/policies/p02.rego"),
    ),
    (
        "rules/policies/p03.rego",
        include_str!("../../../rules/policies/p03.rego"),
    ),
    (
        "rules/policies/p04.rego",
        include_str!("../../../rules/policies/p04.rego"),
    ),
    (
        "rules/policies/p05.rego",
        include_str!("../../../rules/policies/p05.rego"),
    ),
    (
        "rules/policies/p06.rego",
        include_str!("../../../rules/policies/p06.rego"),
    ),
    (
        "rules/policies/p07.rego",
        include_str!("../../../rules/policies/p07.rego"),
    ),
    (
        "rules/policies/p08.rego",
        include_str!("../../../rules/policies/p08.rego"),
    ),
    (
        "rules/policies/p12.rego",
        include_str!("../../../rules/policies/p12.rego"),
    ),
    (
        "rules/policies/p13.rego",
        include_str!("../../../rules/policies/p13.rego"),
    ),
];

/// One item a policy found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub rule: String,
    pub level: Level,
    pub message: String,
    pub path: String,
    #[serde(default)]
    pub line: u32,
    /// What identifies the violation across runs when its message does not (a message with a
    /// count in it, about a live system): the finding's fingerprint hashes it instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Fails the policy; a critical finding (what cannot be anything but an attack or a
    /// broken supply chain, such as a signature for another image).
    Critical,
    Fail,
    Warn,
}

/// What one policy module returned.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// `P05` for `package gatehouse.p05`; the package's last part otherwise.
    pub policy: String,
    pub violations: Vec<Violation>,
    pub not_applicable: Option<String>,
    pub evidence: Vec<String>,
    /// The module's `implemented` / `enforced` booleans, when it defines them.
    pub implemented: Option<bool>,
    pub enforced: Option<bool>,
}

/// Violations in file order: path, line, rule.
fn sort_violations(violations: &mut [Violation]) {
    violations.sort_by(|a, b| {
        (a.path.as_str(), a.line, a.rule.as_str()).cmp(&(b.path.as_str(), b.line, b.rule.as_str()))
    });
}

/// A policy that could not be loaded or evaluated.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct RegoError {
    pub origin: String,
    pub message: String,
}

/// What evaluating a set of modules gave: an outcome per policy module, and the modules that
/// could not be loaded or evaluated (each blocks only its own policy, when it has one).
#[derive(Debug, Default)]
pub struct Evaluation {
    pub outcomes: Vec<Outcome>,
    /// (the policy, when the module's package is known; the error).
    pub failures: Vec<(Option<String>, RegoError)>,
}

/// Evaluate every module of `modules` (path, text) that defines a `gatehouse.*` package over
/// `input`. Modules without `violations` (libraries) give no outcome.
pub fn evaluate(modules: &[(String, String)], input: serde_json::Value) -> Evaluation {
    let mut engine = regorus::Engine::new();
    let mut evaluation = Evaluation::default();
    let mut packages = Vec::new();
    for (path, text) in modules {
        if let Some(e) = too_deep(path, text) {
            evaluation.failures.push((declared_policy(text), e));
            continue;
        }
        match engine.add_policy(path.clone(), text.clone()) {
            Ok(package) => packages.push((path.clone(), package)),
            Err(e) => evaluation.failures.push((
                declared_policy(text),
                RegoError {
                    origin: path.clone(),
                    message: e.to_string(),
                },
            )),
        }
    }
    engine.set_input(regorus::Value::from(input));
    for (path, package) in packages {
        let Some(name) = package.strip_prefix("data.gatehouse.") else {
            continue;
        };
        if name == "lib" {
            continue;
        }
        let Some(policy) = policy_of(name) else {
            evaluation.failures.push((
                None,
                RegoError {
                    origin: path.clone(),
                    message: format!(
                        "package gatehouse.{name}: name it gatehouse.pNN or gatehouse.pNN_SUFFIX to say which policy (P01-P13) it feeds"
                    ),
                },
            ));
            continue;
        };
        match evaluate_one(&mut engine, &path, &package) {
            Ok((violations, not_applicable, evidence, implemented, enforced)) => {
                evaluation.outcomes.push(Outcome {
                    policy,
                    violations,
                    not_applicable,
                    evidence,
                    implemented,
                    enforced,
                })
            }
            Err(e) => evaluation.failures.push((Some(policy), e)),
        }
    }
    evaluation
}

/// What one module returned: violations, not_applicable, evidence, implemented, enforced.
type Parts = (
    Vec<Violation>,
    Option<String>,
    Vec<String>,
    Option<bool>,
    Option<bool>,
);

/// The policy a package name feeds: `p05` and `p05_team` feed P05.
fn policy_of(name: &str) -> Option<String> {
    let id = name.split('_').next()?;
    let digits = id.strip_prefix('p')?;
    (digits.len() == 2 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| id.to_ascii_uppercase())
}

/// `[` and `{` nested deeper than this are refused before the Rego parser sees them: its time
/// grows about fourfold with every two levels (18 levels took it a quarter of a second, 29 over
/// ten), while real policies nest four or five deep. Parentheses cost it nothing, and are held
/// to a looser bound.
const MAX_BRACKETS: usize = 12;
const MAX_PARENTHESES: usize = 64;

/// An error when `text` nests `[`/`{` deeper than [`MAX_BRACKETS`] or `(` deeper than
/// [`MAX_PARENTHESES`] (outside strings and comments), located where it does.
fn too_deep(path: &str, text: &str) -> Option<RegoError> {
    let (mut brackets, mut parentheses) = (0usize, 0usize);
    // Strings are followed within a line (a raw string spanning lines is rare; what it holds
    // then counts as code, which can only make the count larger).
    for (number, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut escaped = false;
        for (column, c) in line.chars().enumerate() {
            match quote {
                Some(q) => {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' && q == '"' {
                        escaped = true;
                    } else if c == q {
                        quote = None;
                    }
                }
                None => {
                    match c {
                        '#' => break,
                        '"' | '`' => quote = Some(c),
                        '[' | '{' => brackets += 1,
                        '(' => parentheses += 1,
                        ']' | '}' => brackets = brackets.saturating_sub(1),
                        ')' => parentheses = parentheses.saturating_sub(1),
                        _ => {}
                    }
                    if brackets > MAX_BRACKETS || parentheses > MAX_PARENTHESES {
                        return Some(RegoError {
                            origin: path.to_string(),
                            message: format!(
                                "brackets nest deeper than {MAX_BRACKETS} levels (parentheses {MAX_PARENTHESES}): not loaded\n--> {path}:{}:{}",
                                number + 1,
                                column + 1
                            ),
                        });
                    }
                }
            }
        }
    }
    None
}

/// The policy a module's `package` line names, for a module that does not load.
fn declared_policy(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let name = line.trim().strip_prefix("package")?.trim();
        policy_of(name.strip_prefix("gatehouse.")?)
    })
}

/// Whether a line starts a rule named `rule` (to find conftest's `deny_*` / `warn_*` names).
fn starts_rule(line: &str, rule: &str) -> bool {
    line.strip_prefix(rule).is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_whitespace() || c == ':' || c == '=' || c == '[')
    })
}

fn evaluate_one(
    engine: &mut regorus::Engine,
    path: &str,
    package: &str,
) -> Result<Parts, RegoError> {
    let fail = |message: String| RegoError {
        origin: path.to_string(),
        message,
    };
    let mut get = |rule: &str| -> Result<Option<serde_json::Value>, RegoError> {
        // regorus errors on a rule path no module declares: ask it first.
        if !engine
            .has_declared_rule_rooted_at(path, rule)
            .map_err(|e| fail(format!("{rule}: {e}")))?
        {
            return Ok(None);
        }
        let result = engine
            .eval_rule(format!("{package}.{rule}"))
            .map_err(|e| fail(format!("{rule}: {e}")))?;
        if result == regorus::Value::Undefined {
            return Ok(None);
        }
        serde_json::to_value(&result)
            .map(Some)
            .map_err(|e| fail(format!("{rule}: {e}")))
    };
    let mut violations: Vec<Violation> = match get("violations")? {
        None => Vec::new(),
        Some(json) => serde_json::from_value(json).map_err(|e| {
            fail(format!(
                "violations: each must be {{rule, level, message, path, line}}: {e}"
            ))
        })?,
    };
    let not_applicable = match get("not_applicable")? {
        Some(serde_json::Value::String(reason)) => Some(reason),
        _ => None,
    };
    let evidence = match get("evidence")? {
        Some(json) => serde_json::from_value(json)
            .map_err(|e| fail(format!("evidence must be a list of strings: {e}")))?,
        None => Vec::new(),
    };
    sort_violations(&mut violations);
    let implemented = get("implemented")?.and_then(|v| v.as_bool());
    let enforced = get("enforced")?.and_then(|v| v.as_bool());
    Ok((violations, not_applicable, evidence, implemented, enforced))
}

/// The built-in modules as (path, text).
pub fn builtin_modules() -> Vec<(String, String)> {
    BUILTIN
        .iter()
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect()
}

/// The conftest rules of `package main` a set of modules defines: `deny`, `violation`, `warn`
/// and their `_SUFFIX` forms, each with its level.
fn conftest_rules(modules: &[(String, String)]) -> Vec<(String, Level)> {
    let mut rules: Vec<(String, Level)> = Vec::new();
    for (_, text) in modules {
        let in_main = text
            .lines()
            .any(|l| l.trim() == "package main" || l.trim().starts_with("package main "));
        if !in_main {
            continue;
        }
        for line in text.lines() {
            let name: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let level = match name.split('_').next() {
                Some("deny" | "violation") => Level::Fail,
                Some("warn") => Level::Warn,
                _ => continue,
            };
            if starts_rule(line, &name) && !rules.iter().any(|(r, _)| *r == name) {
                rules.push((name, level));
            }
        }
    }
    rules
}

/// Run conftest policies (`package main` with `deny` / `violation` / `warn` rules, as
/// conftest does) over each document (path, line, content): each message is a violation of
/// `policy` at the document's line. Messages are strings, or objects with `msg`.
pub fn conftest(
    modules: &[(String, String)],
    documents: &[(String, u32, serde_json::Value)],
    policy: &str,
) -> Evaluation {
    let mut evaluation = Evaluation::default();
    let mut engine = regorus::Engine::new();
    let mut loaded = Vec::new();
    for (path, text) in modules {
        if let Some(e) = too_deep(path, text) {
            evaluation.failures.push((Some(policy.to_string()), e));
            continue;
        }
        // Conftest policies come in both Rego syntaxes: v1 (conftest's default since OPA 1.0),
        // else v0 (`deny[msg] { … }`, without `if`).
        engine.set_rego_v0(false);
        let added = engine
            .add_policy(path.clone(), text.clone())
            .or_else(|v1_error| {
                engine.set_rego_v0(true);
                engine
                    .add_policy(path.clone(), text.clone())
                    .map_err(|_| v1_error)
            });
        match added {
            Ok(_) => loaded.push((path.clone(), text.clone())),
            Err(e) => evaluation.failures.push((
                Some(policy.to_string()),
                RegoError {
                    origin: path.clone(),
                    message: e.to_string(),
                },
            )),
        }
    }
    let rules = conftest_rules(&loaded);
    let mut violations = Vec::new();
    for (path, line, document) in documents {
        engine.set_input(regorus::Value::from(document.clone()));
        for (rule, level) in &rules {
            let result = match engine.eval_rule(format!("data.main.{rule}")) {
                Ok(result) => result,
                Err(e) => {
                    evaluation.failures.push((
                        Some(policy.to_string()),
                        RegoError {
                            origin: format!("{path}: conftest rule {rule}"),
                            message: e.to_string(),
                        },
                    ));
                    continue;
                }
            };
            let Ok(json) = serde_json::to_value(&result) else {
                continue;
            };
            let messages: Vec<serde_json::Value> = match json {
                serde_json::Value::Array(items) => items,
                serde_json::Value::Null | serde_json::Value::Bool(false) => Vec::new(),
                serde_json::Value::String(_) | serde_json::Value::Object(_) => vec![json],
                _ => Vec::new(),
            };
            for message in messages {
                let text = match &message {
                    serde_json::Value::String(text) => text.clone(),
                    serde_json::Value::Object(map) => map
                        .get("msg")
                        .and_then(serde_json::Value::as_str)
                        .map_or_else(|| message.to_string(), str::to_string),
                    other => other.to_string(),
                };
                violations.push(Violation {
                    rule: format!("conftest.{rule}"),
                    level: *level,
                    message: text,
                    path: path.clone(),
                    line: *line,
                    key: None,
                });
            }
        }
    }
    sort_violations(&mut violations);
    violations.dedup();
    let mut evidence: Vec<String> = documents.iter().map(|(path, _, _)| path.clone()).collect();
    evidence.dedup();
    evaluation.outcomes.push(Outcome {
        policy: policy.to_string(),
        violations,
        not_applicable: documents
            .is_empty()
            .then(|| "no YAML document for the conftest policies".to_string()),
        evidence,
        implemented: None,
        enforced: None,
    });
    evaluation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(path: &str, text: &str) -> (String, String) {
        (path.to_string(), text.to_string())
    }

    #[test]
    fn a_failing_module_blocks_only_its_own_policy() {
        let good = module(
            "good.rego",
            "package gatehouse.p01\nimport rego.v1\nviolations contains {\"rule\": \"P01.x\", \"level\": \"warn\", \"message\": \"m\", \"path\": \"a\", \"line\": 2} if input.n == 1\n",
        );
        let failing = module(
            "bad.rego",
            "package gatehouse.p02\nimport rego.v1\nviolations contains v if { v := object.get(input.n, \"a\", 1) }\n",
        );
        let broken = module("broken.rego", "package gatehouse.p03\nviolations := {\n");
        let evaluation = evaluate(&[good, failing, broken], serde_json::json!({"n": 1}));
        assert_eq!(evaluation.outcomes.len(), 1, "{evaluation:?}");
        assert_eq!(evaluation.outcomes[0].policy, "P01");
        assert_eq!(evaluation.outcomes[0].violations[0].line, 2);
        let failures: Vec<(Option<&str>, &str)> = evaluation
            .failures
            .iter()
            .map(|(p, e)| (p.as_deref(), e.origin.as_str()))
            .collect();
        assert_eq!(
            failures,
            [(Some("P03"), "broken.rego"), (Some("P02"), "bad.rego")],
            "{evaluation:?}"
        );
        let unnamed = module(
            "x.rego",
            "package gatehouse.team\nimport rego.v1\nviolations := set()\n",
        );
        let suffixed = module(
            "y.rego",
            "package gatehouse.p12_team\nimport rego.v1\nviolations := set()\n",
        );
        let evaluation = evaluate(&[unnamed, suffixed], serde_json::json!({}));
        assert_eq!(evaluation.outcomes[0].policy, "P12");
        assert!(evaluation.failures[0].1.message.contains("gatehouse.pNN"));
    }

    #[test]
    fn default_rules_count_as_defined() {
        let m = module(
            "d.rego",
            "package gatehouse.p04_team\nimport rego.v1\n  default implemented := false\nviolations := set()\n",
        );
        let evaluation = evaluate(&[m], serde_json::json!({"on": false}));
        assert!(evaluation.failures.is_empty(), "{:?}", evaluation.failures);
        assert_eq!(evaluation.outcomes[0].implemented, Some(false));
    }

    #[test]
    fn the_builtin_modules_load_and_evaluate_on_empty_facts() {
        let evaluation = evaluate(
            &builtin_modules(),
            serde_json::json!({"facts": {}, "findings": [], "config": {}}),
        );
        assert!(evaluation.failures.is_empty(), "{:?}", evaluation.failures);
    }

    #[test]
    fn conftest_policies_run_unchanged_per_document() {
        let policy = module(
            "k8s.rego",
            "package main\n\ndeny[msg] {\n  input.kind == \"Deployment\"\n  not input.spec.template.spec.securityContext.runAsNonRoot\n  msg := sprintf(\"%s must not run as root\", [input.metadata.name])\n}\n\nwarn_labels[msg] {\n  not input.metadata.labels.team\n  msg := {\"msg\": \"no team label\"}\n}\n",
        );
        let docs = vec![
            (
                "k8s/a.yaml".to_string(),
                1,
                serde_json::json!({"kind": "Deployment", "metadata": {"name": "web"}, "spec": {}}),
            ),
            (
                "k8s/a.yaml".to_string(),
                9,
                serde_json::json!({"kind": "Service", "metadata": {"name": "web", "labels": {"team": "x"}}}),
            ),
        ];
        let v1 = module(
            "v1.rego",
            "package main\n\nimport rego.v1\n\nviolation contains \"services need a team\" if {\n  input.kind == \"Service\"\n  not input.metadata.labels.owner\n}\n",
        );
        let broken = module("broken.rego", "package main\ndeny[msg] {\n");
        let evaluation = conftest(&[policy, v1, broken], &docs, "P12");
        assert_eq!(evaluation.failures.len(), 1, "{:?}", evaluation.failures);
        assert_eq!(evaluation.failures[0].1.origin, "broken.rego");
        let found: Vec<(&str, Level, u32, &str)> = evaluation.outcomes[0]
            .violations
            .iter()
            .map(|v| (v.rule.as_str(), v.level, v.line, v.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("conftest.deny", Level::Fail, 1, "web must not run as root"),
                ("conftest.warn_labels", Level::Warn, 1, "no team label"),
                ("conftest.violation", Level::Fail, 9, "services need a team"),
            ]
        );
    }

    #[test]
    fn brackets_nested_too_deep_are_refused_before_parsing() {
        // Found by the rego fuzz target: 120 nested braces, then 29 nested square brackets.
        let deep = format!(
            "package gatehouse.p03_x\nimport rego.v1\n# {{{{{{ in a comment\nx := \"{{[(\"\ny := {}\n",
            "[".repeat(29)
        );
        let started = std::time::Instant::now();
        let evaluation = evaluate(&[("deep.rego".to_string(), deep)], serde_json::json!({}));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        let (policy, error) = &evaluation.failures[0];
        assert_eq!(policy.as_deref(), Some("P03"));
        assert!(
            error.message.contains("--> deep.rego:5:"),
            "{}",
            error.message
        );
        // Comments and strings do not count.
        let fine = "package gatehouse.p03_y\nimport rego.v1\n# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\nx := \"[[[[[[[[[[[[[[[[[[[[[[[[\"\nviolations := set()\n";
        let evaluation = evaluate(
            &[("fine.rego".to_string(), fine.to_string())],
            serde_json::json!({}),
        );
        assert!(evaluation.failures.is_empty(), "{:?}", evaluation.failures);
    }
}
