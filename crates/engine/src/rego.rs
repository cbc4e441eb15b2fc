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
        "rules/policies/p03.rego",
        include_str!("../../../rules/policies/p03.rego"),
    ),
    (
        "rules/policies/p05.rego",
        include_str!("../../../rules/policies/p05.rego"),
    ),
    (
        "rules/policies/p07.rego",
        include_str!("../../../rules/policies/p07.rego"),
    ),
    (
        "rules/policies/p08.rego",
        include_str!("../../../rules/policies/p08.rego"),
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

/// Evaluate every module of `modules` (path, text) that defines a `gatehouse.*` package over
/// `input`. Modules without `violations` (libraries) give no outcome.
pub fn evaluate(
    modules: &[(String, String)],
    input: serde_json::Value,
) -> Result<Vec<Outcome>, RegoError> {
    let mut engine = regorus::Engine::new();
    let mut packages = Vec::new();
    for (path, text) in modules {
        let package = engine
            .add_policy(path.clone(), text.clone())
            .map_err(|e| RegoError {
                origin: path.clone(),
                message: e.to_string(),
            })?;
        packages.push((path.clone(), package));
    }
    engine.set_input(regorus::Value::from(input));
    let mut outcomes = Vec::new();
    for (path, package) in packages {
        let Some(name) = package.strip_prefix("data.gatehouse.") else {
            continue;
        };
        if name == "lib" {
            continue;
        }
        let fail = |message: String| RegoError {
            origin: path.clone(),
            message,
        };
        let mut get = |rule: &str| -> Result<Option<serde_json::Value>, RegoError> {
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
            (a.path.as_str(), a.line, a.rule.as_str()).cmp(&(
                b.path.as_str(),
                b.line,
                b.rule.as_str(),
            ))
        });
        outcomes.push(Outcome {
            policy: name.to_ascii_uppercase(),
            violations,
            not_applicable,
            evidence,
        });
    }
    Ok(outcomes)
}

/// The built-in modules as (path, text).
pub fn builtin_modules() -> Vec<(String, String)> {
    BUILTIN
        .iter()
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect()
}
