//! Rego policies (evaluated with `regorus`) over the facts document: the built-in checks of
//! `rules/policies/*.rego` and the user's own, with one contract.
//!
//! A policy module is `package gatehouse.pNN` (any `package gatehouse.NAME` for a user's) and
//! may define:
//! - `violations`: a set of objects `{"rule", "level" ("fail" | "warn"), "message", "path",
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
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
        match engine.add_policy(path.clone(), text.clone()) {
            Ok(package) => packages.push((path.clone(), text.as_str(), package)),
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
    for (path, text, package) in packages {
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
                        "package gatehouse.{name}: name it gatehouse.pNN or gatehouse.pNN_SUFFIX to say which policy (P01-P12) it feeds"
                    ),
                },
            ));
            continue;
        };
        match evaluate_one(&mut engine, &path, text, &package) {
            Ok((violations, not_applicable, evidence)) => evaluation.outcomes.push(Outcome {
                policy,
                violations,
                not_applicable,
                evidence,
            }),
            Err(e) => evaluation.failures.push((Some(policy), e)),
        }
    }
    evaluation
}

type Parts = (Vec<Violation>, Option<String>, Vec<String>);

/// The policy a package name feeds: `p05` and `p05_team` feed P05.
fn policy_of(name: &str) -> Option<String> {
    let id = name.split('_').next()?;
    let digits = id.strip_prefix('p')?;
    (digits.len() == 2 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| id.to_ascii_uppercase())
}

/// The policy a module's `package` line names, for a module that does not load.
fn declared_policy(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let name = line.trim().strip_prefix("package")?.trim();
        policy_of(name.strip_prefix("gatehouse.")?)
    })
}

/// Whether a module defines a rule (regorus errors on a rule path that no module defines).
fn defines(text: &str, rule: &str) -> bool {
    text.lines().any(|line| {
        line.strip_prefix(rule).is_some_and(|rest| {
            rest.starts_with(|c: char| c.is_whitespace() || c == ':' || c == '=' || c == '[')
        })
    })
}

fn evaluate_one(
    engine: &mut regorus::Engine,
    path: &str,
    text: &str,
    package: &str,
) -> Result<Parts, RegoError> {
    let fail = |message: String| RegoError {
        origin: path.to_string(),
        message,
    };
    let mut get = |rule: &str| -> Result<Option<serde_json::Value>, RegoError> {
        if !defines(text, rule) {
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
    violations.sort_by(|a, b| {
        (a.path.as_str(), a.line, a.rule.as_str()).cmp(&(b.path.as_str(), b.line, b.rule.as_str()))
    });
    Ok((violations, not_applicable, evidence))
}

/// The built-in modules as (path, text).
pub fn builtin_modules() -> Vec<(String, String)> {
    BUILTIN
        .iter()
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect()
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
    fn the_builtin_modules_load_and_evaluate_on_empty_facts() {
        let evaluation = evaluate(
            &builtin_modules(),
            serde_json::json!({"facts": {}, "findings": [], "config": {}}),
        );
        assert!(evaluation.failures.is_empty(), "{:?}", evaluation.failures);
    }
}
