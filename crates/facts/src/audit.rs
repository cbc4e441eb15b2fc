//! Audit logging: `pgaudit.log` settings, kube-apiserver audit flags and append-only sinks,
//! found line by line in configuration text; and the hash-chained JSONL audit log that
//! `gatehouse verify-log` checks (format in `rules/policies/README.md`).

use std::sync::OnceLock;

use gatehouse_model::hex;
use regex::Regex;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A setting found at a line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Found {
    pub path: String,
    pub line: u32,
    /// The setting's value (`ddl, write`), the flag, or how a sink is append-only.
    pub value: String,
}

/// A JSONL audit log of the tree and whether its chain verifies.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LogCheck {
    pub path: String,
    pub records: u64,
    pub valid: bool,
    /// The first bad line, when not valid.
    pub line: u32,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct AuditFacts {
    pub pgaudit: Vec<Found>,
    /// kube-apiserver `--audit-*` flags.
    pub apiserver_flags: Vec<Found>,
    pub append_only_sinks: Vec<Found>,
    pub logs: Vec<LogCheck>,
}

impl AuditFacts {
    pub fn extend(&mut self, other: AuditFacts) {
        self.pgaudit.extend(other.pgaudit);
        self.apiserver_flags.extend(other.apiserver_flags);
        self.append_only_sinks.extend(other.append_only_sinks);
        self.logs.extend(other.logs);
    }

    pub fn sort(&mut self) {
        for list in [
            &mut self.pgaudit,
            &mut self.apiserver_flags,
            &mut self.append_only_sinks,
        ] {
            list.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        }
        self.logs.sort_by(|a, b| a.path.cmp(&b.path));
    }
}

struct Patterns {
    pgaudit: Regex,
    terraform_name: Regex,
    terraform_value: Regex,
    flag: Regex,
    sinks: Vec<(Regex, &'static str)>,
}

fn patterns() -> Option<&'static Patterns> {
    static PATTERNS: OnceLock<Option<Patterns>> = OnceLock::new();
    PATTERNS
        .get_or_init(|| {
            Some(Patterns {
                pgaudit: Regex::new(
                    r#"(?i)pgaudit\.log['"]?\s*(?:=|:|\s+TO\s)\s*(?:'([^']*)'|"([^"]*)"|([^\s,;'"]+(?:,\s*[^\s,;'"]+)*))?"#,
                )
                .ok()?,
                terraform_name: Regex::new(r#"name\s*=\s*"pgaudit\.log""#).ok()?,
                terraform_value: Regex::new(r#"value\s*=\s*"([^"]*)""#).ok()?,
                flag: Regex::new(r"--?(audit-(?:log-path|policy-file|webhook-config-file))\b")
                    .ok()?,
                sinks: vec![
                    (
                        Regex::new(r"audit-webhook-config-file").ok()?,
                        "kube-apiserver audit webhook (events leave the host)",
                    ),
                    (
                        Regex::new(
                            r"(?i)object_lock_enabled\s*=\s*true|object_lock_configuration|ObjectLockEnabled|put-object-lock-configuration",
                        )
                        .ok()?,
                        "S3 Object Lock",
                    ),
                    (Regex::new(r"\bchattr\s+\+a\b").ok()?, "chattr +a (append-only file)"),
                    (
                        Regex::new(r#"(?i)log_destination['"]?\s*[=:]\s*['"]?[a-z, ]*syslog"#)
                            .ok()?,
                        "PostgreSQL logs to syslog",
                    ),
                ],
            })
        })
        .as_ref()
}

/// Scan configuration text for audit settings.
pub fn scan(path: &str, text: &str) -> AuditFacts {
    let mut facts = AuditFacts::default();
    let Some(p) = patterns() else {
        return facts;
    };
    // A cheap test first: most files mention none of these.
    if ![
        "pgaudit",
        "audit-",
        "object_lock",
        "ObjectLock",
        "object-lock",
        "chattr",
        "log_destination",
    ]
    .iter()
    .any(|needle| text.contains(needle))
    {
        return facts;
    }
    let lines: Vec<&str> = text.lines().collect();
    let found = |line: usize, value: &str| Found {
        path: path.to_string(),
        line: line as u32 + 1,
        value: value.trim().to_string(),
    };
    for (i, line) in lines.iter().enumerate() {
        // A commented-out setting sets nothing (`#` conf/YAML/shell/HCL, `--` SQL, `//` HCL).
        let code = line.trim_start();
        if code.starts_with('#') || code.starts_with("--") || code.starts_with("//") {
            continue;
        }
        if let Some(c) = p.pgaudit.captures(line) {
            let value = (1..=3).find_map(|g| c.get(g)).map_or("", |m| m.as_str());
            facts.pgaudit.push(found(i, value));
        } else if p.terraform_name.is_match(line) {
            // Terraform: `name = "pgaudit.log"` with `value = "…"` beside it.
            let value = lines[i.saturating_sub(2)..lines.len().min(i + 3)]
                .iter()
                .find_map(|l| p.terraform_value.captures(l))
                .and_then(|c| c.get(1))
                .map_or("", |m| m.as_str());
            facts.pgaudit.push(found(i, value));
        }
        for c in p.flag.captures_iter(line) {
            facts
                .apiserver_flags
                .push(found(i, c.get(1).map_or("", |m| m.as_str())));
        }
        for (re, how) in &p.sinks {
            if re.is_match(line) {
                facts.append_only_sinks.push(found(i, how));
            }
        }
    }
    facts
}

/// Whether a file is a JSONL audit log of the tree.
pub fn is_audit_log(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    name.ends_with(".jsonl") && name.contains("audit")
}

/// A bad record: its line and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainError {
    pub line: u32,
    pub reason: String,
}

/// What a verified chain ends with.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainEnd {
    pub records: u64,
    pub last_hash: String,
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Verify a hash-chained JSONL audit log.
pub fn verify_chain(text: &str) -> Result<ChainEnd, ChainError> {
    let mut previous = GENESIS.to_string();
    let mut records = 0u64;
    let body = text.strip_suffix('\n').unwrap_or(text);
    if body.is_empty() {
        return Err(ChainError {
            line: 1,
            reason: "the log is empty".to_string(),
        });
    }
    for (i, line) in body.split('\n').enumerate() {
        let line_no = i as u32 + 1;
        let fail = |reason: String| ChainError {
            line: line_no,
            reason,
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut record: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| fail(format!("not JSON (column {}): {e}", e.column())))?;
        let object = record
            .as_object_mut()
            .ok_or_else(|| fail("not a JSON object".to_string()))?;
        let hash = match object.remove("hash") {
            Some(serde_json::Value::String(hash)) => hash,
            Some(_) => return Err(fail("`hash` is not a string".to_string())),
            None => return Err(fail("no `hash`".to_string())),
        };
        let prev = object
            .get("prev_hash")
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| fail("no `prev_hash` string".to_string()))?;
        if prev != previous {
            return Err(fail(format!(
                "chain broken: `prev_hash` is {prev}, the previous record's hash is {previous}"
            )));
        }
        let mut canonical = String::new();
        write_canonical(&record, &mut canonical);
        let computed = hex(&Sha256::digest(canonical.as_bytes()));
        if computed != hash {
            return Err(fail(format!(
                "hash mismatch: the record hashes to {computed}, it says {hash} (edited after it was written?)"
            )));
        }
        previous = hash;
        records += 1;
    }
    Ok(ChainEnd {
        records,
        last_hash: previous,
    })
}

/// Keys sorted at every level, no whitespace (Python's `json.dumps(sort_keys=True,
/// separators=(",", ":"), ensure_ascii=False)`).
fn write_canonical(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(value, out);
            }
            out.push('}');
        }
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// One entry of a `sha256sum` manifest that does not verify.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestProblem {
    pub line: u32,
    pub name: String,
    pub reason: String,
}

/// Verify a `sha256sum`-format manifest; names are relative to `base`. Returns how many files
/// verified, or every problem.
pub fn verify_manifest(text: &str, base: &std::path::Path) -> Result<usize, Vec<ManifestProblem>> {
    let mut problems = Vec::new();
    let mut verified = 0;
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let Some((digest, name)) = line.split_once(' ') else {
            problems.push(ManifestProblem {
                line: line_no,
                name: String::new(),
                reason: "not `HEX  NAME`".to_string(),
            });
            continue;
        };
        let name = name
            .strip_prefix(' ')
            .or(name.strip_prefix('*'))
            .unwrap_or(name);
        let mut problem = |reason: String| {
            problems.push(ManifestProblem {
                line: line_no,
                name: name.to_string(),
                reason,
            })
        };
        if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            problem("the digest is not 64 hex digits".to_string());
            continue;
        }
        match std::fs::read(base.join(name)) {
            Ok(bytes) => {
                let actual = hex(&Sha256::digest(&bytes));
                if actual.eq_ignore_ascii_case(digest) {
                    verified += 1;
                } else {
                    problem(format!("digest mismatch: the file hashes to {actual}"));
                }
            }
            Err(e) => problem(format!("cannot read: {e}")),
        }
    }
    if problems.is_empty() {
        Ok(verified)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(records: &[serde_json::Value]) -> String {
        let mut previous = GENESIS.to_string();
        let mut out = String::new();
        for record in records {
            let mut record = record.clone();
            record["prev_hash"] = serde_json::Value::String(previous.clone());
            let mut canonical = String::new();
            write_canonical(&record, &mut canonical);
            let hash = hex(&Sha256::digest(canonical.as_bytes()));
            record["hash"] = serde_json::Value::String(hash.clone());
            out.push_str(&record.to_string());
            out.push('\n');
            previous = hash;
        }
        out
    }

    #[test]
    fn a_chain_verifies_and_an_edit_breaks_it_at_its_line() {
        let log = chain(&[
            serde_json::json!({"actor": "ana", "action": "login"}),
            serde_json::json!({"actor": "bo", "action": "grant", "detail": {"z": 1, "a": "é"}}),
            serde_json::json!({"actor": "ana", "action": "logout"}),
        ]);
        let end = verify_chain(&log).unwrap();
        assert_eq!(end.records, 3);
        let tampered = log.replacen("\"grant\"", "\"revoke\"", 1);
        let e = verify_chain(&tampered).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.reason.starts_with("hash mismatch"), "{e:?}");
        let lines: Vec<&str> = log.lines().collect();
        let dropped = format!("{}\n{}\n", lines[0], lines[2]);
        let e = verify_chain(&dropped).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.reason.starts_with("chain broken"), "{e:?}");
        assert_eq!(verify_chain("{}\nnot json\n").unwrap_err().line, 1);
        assert!(
            verify_chain(&format!("{}x\n", lines[0]))
                .unwrap_err()
                .reason
                .starts_with("not JSON")
        );
    }

    #[test]
    fn settings_sinks_and_flags_are_found_with_their_lines() {
        let conf = "shared_preload_libraries = 'pgaudit'\npgaudit.log = 'ddl, write'\nlog_destination = 'stderr,syslog'\n#log_destination = 'syslog'\n  # pgaudit.log = 'all'\n";
        let facts = scan("postgresql.conf", conf);
        assert_eq!(
            facts.pgaudit.len(),
            1,
            "a commented-out setting counts for nothing"
        );
        assert_eq!(facts.append_only_sinks.len(), 1);
        assert_eq!(facts.pgaudit[0].line, 2);
        assert_eq!(facts.pgaudit[0].value, "ddl, write");
        assert_eq!(facts.append_only_sinks[0].line, 3);
        let tf = "resource \"x\" \"y\" {\n  parameter {\n    name  = \"pgaudit.log\"\n    value = \"all\"\n  }\n  object_lock_enabled = true\n}\n";
        let facts = scan("main.tf", tf);
        assert_eq!(
            (facts.pgaudit[0].line, facts.pgaudit[0].value.as_str()),
            (3, "all")
        );
        assert_eq!(facts.append_only_sinks[0].value, "S3 Object Lock");
        let sql = scan("m.sql", "ALTER SYSTEM SET pgaudit.log TO 'none';\n");
        assert_eq!(sql.pgaudit[0].value, "none");
        let compose = scan(
            "compose.yml",
            "    command: postgres -c shared_preload_libraries=pgaudit -c pgaudit.log=write,ddl -c x=y\n",
        );
        assert_eq!(compose.pgaudit[0].value, "write,ddl");
        let yaml = scan("cluster.yaml", "      pgaudit.log: ddl, write\n");
        assert_eq!(yaml.pgaudit[0].value, "ddl, write");
        let flags = scan(
            "kube-apiserver.yaml",
            "    - --audit-log-path=/var/log/a.log\n",
        );
        assert_eq!(flags.apiserver_flags[0].value, "audit-log-path");
        assert!(flags.append_only_sinks.is_empty());
    }
}
