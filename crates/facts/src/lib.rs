//! Static facts for the policy checklist: what the tree says about row-level security, alert
//! rules and CI workflows, as one JSON document ([`Facts`], described by
//! `schemas/facts.schema.json`) that the Rego policies of `rules/policies/` judge.
//!
//! [`PoliciesCheck`] is the `policies` family: it reads each file as the engine shows it,
//! then, in its repository pass, builds the document, evaluates the policies and turns their
//! violations into findings and their verdicts into matrix rows.

pub mod audit;
pub mod backup;
pub mod compose;
pub mod cron;
pub mod dockerfile;
pub mod ghexpr;
pub mod gotemplate;
pub mod kubernetes;
pub mod prometheus;
pub mod sql;
pub mod terraform;
pub mod workflow;
pub mod yaml;

use std::sync::Mutex;

use gatehouse_engine::config::PoliciesConfig;
use gatehouse_engine::policy::any_evidence;
use gatehouse_engine::rego::{self, Level, Outcome};
use gatehouse_engine::{Check, FileScan, PolicyVerdict, RepoContext, RepoScan, SourceFile};
use gatehouse_model::{Confidence, ErrorEntry, Finding, Fingerprint, Location, Severity, Status};
use serde::Serialize;

pub const FAMILY: &str = "policies";
/// The policies the built-in Rego checks judge so far.
pub const POLICIES: &[&str] = &[
    "P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P12", "P13",
];

/// The policies that read each kind of input (a file that cannot be read blocks them).
const WORKFLOW_POLICIES: &[&str] = &["P01", "P02", "P03", "P06", "P08"];
const MANIFEST_POLICIES: &[&str] = &["P01", "P02", "P04", "P06", "P12"];
const COMPOSE_POLICIES: &[&str] = &["P02", "P06", "P12"];

/// A problem at a line of a file being read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Located {
    pub line: u32,
    pub message: String,
}

/// A file that could not be read, and the policies it leaves unjudged (BLOCKED).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactError {
    pub path: String,
    pub line: u32,
    pub message: String,
    pub policies: Vec<String>,
}

/// A file deliberately left alone (a Helm template is not YAML until rendered).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotAnalysed {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PrometheusFacts {
    pub files: Vec<prometheus::RuleFile>,
}

/// The facts document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facts {
    pub version: u32,
    pub sql: sql::SqlFacts,
    pub prometheus: PrometheusFacts,
    pub workflows: Vec<workflow::Workflow>,
    pub kubernetes: kubernetes::KubernetesFacts,
    pub dockerfiles: Vec<dockerfile::Dockerfile>,
    pub compose: Vec<compose::ComposeFile>,
    pub backups: backup::BackupFacts,
    pub audit: audit::AuditFacts,
    pub terraform: terraform::TerraformFacts,
    pub errors: Vec<FactError>,
    pub not_analysed: Vec<NotAnalysed>,
}

#[derive(Default)]
struct State {
    sql: Vec<(String, Vec<sql::SqlChange>)>,
    rule_files: Vec<prometheus::RuleFile>,
    workflows: Vec<workflow::Workflow>,
    kubernetes: kubernetes::KubernetesFacts,
    dockerfiles: Vec<dockerfile::Dockerfile>,
    compose: Vec<compose::ComposeFile>,
    /// (path, text) of crontabs and of shell scripts that mention a backup or restore.
    crontabs: Vec<(String, String)>,
    scripts: Vec<(String, String)>,
    audit: audit::AuditFacts,
    /// Parsed `.tf` and `.tfvars` files, evaluated together when the document is assembled.
    terraform: Vec<terraform::File>,
    /// Every YAML document as (path, line, content), kept only for conftest policies.
    documents: Vec<(String, u32, serde_json::Value)>,
    errors: Vec<FactError>,
    not_analysed: Vec<NotAnalysed>,
}

/// The `policies` family.
pub struct PoliciesCheck {
    config: PoliciesConfig,
    /// The built-in modules and the user's (`policies.paths`), as (path, text).
    modules: Vec<(String, String)>,
    /// Conftest modules (`policies.conftest`), as (path, text).
    conftest: Vec<(String, String)>,
    /// User policy paths that could not be read.
    load_errors: Vec<ErrorEntry>,
    /// Whether the repository pass evaluates the policies (not when only the facts are
    /// wanted, as by `gatehouse facts`).
    judge: bool,
    state: Mutex<State>,
}

fn is_workflow(rel: &str) -> bool {
    rel.starts_with(".github/workflows/") || rel.contains("/.github/workflows/")
}

fn extension(rel: &str) -> Option<&str> {
    let name = rel.rsplit('/').next()?;
    name.rsplit_once('.').map(|(_, ext)| ext)
}

impl PoliciesCheck {
    /// `base` is the directory `policies.paths` are relative to.
    pub fn new(config: &PoliciesConfig, base: &std::path::Path) -> Self {
        let mut modules = rego::builtin_modules();
        let mut load_errors = Vec::new();
        for path in &config.paths {
            load_modules(base, path, &mut modules, &mut load_errors);
        }
        let mut conftest = Vec::new();
        for path in &config.conftest {
            load_modules(base, path, &mut conftest, &mut load_errors);
        }
        PoliciesCheck {
            config: config.clone(),
            modules,
            conftest,
            load_errors,
            judge: true,
            state: Mutex::new(State::default()),
        }
    }

    /// A check that only reads the facts: its repository pass evaluates no policy.
    pub fn reader(config: &PoliciesConfig) -> Self {
        PoliciesCheck {
            config: config.clone(),
            modules: Vec::new(),
            conftest: Vec::new(),
            load_errors: Vec::new(),
            judge: false,
            state: Mutex::new(State::default()),
        }
    }

    /// The paths of the files read into the facts, sorted.
    pub fn paths_read(&self) -> Vec<String> {
        let state = self.state();
        let mut paths: Vec<String> = state
            .sql
            .iter()
            .map(|(path, _)| path.clone())
            .chain(state.rule_files.iter().map(|f| f.path.clone()))
            .chain(state.workflows.iter().map(|w| w.path.clone()))
            .chain(state.kubernetes.workloads.iter().map(|w| w.path.clone()))
            .chain(state.kubernetes.resources.iter().map(|r| r.path.clone()))
            .chain(state.dockerfiles.iter().map(|d| d.path.clone()))
            .chain(state.compose.iter().map(|c| c.path.clone()))
            .chain(state.crontabs.iter().map(|(path, _)| path.clone()))
            .chain(state.terraform.iter().map(|f| f.path().to_string()))
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Read one file into the facts; what cannot be read is returned as located errors.
    fn read(&self, rel: &str, text: &str) -> Vec<FactError> {
        let found = audit::scan(rel, text);
        if found != audit::AuditFacts::default() {
            self.state().audit.extend(found);
        }
        if dockerfile::is_dockerfile(rel) {
            let (file, errors) = dockerfile::read(rel, text);
            self.state().dockerfiles.push(file);
            return located(rel, "Dockerfile", errors, &["P12"]);
        }
        if backup::is_crontab(rel) {
            self.state()
                .crontabs
                .push((rel.to_string(), text.to_string()));
            return Vec::new();
        }
        if audit::is_audit_log(rel) {
            let check = match audit::verify_chain(text) {
                Ok(end) => audit::LogCheck {
                    path: rel.to_string(),
                    records: end.records,
                    valid: true,
                    line: 0,
                    reason: None,
                },
                Err(e) => audit::LogCheck {
                    path: rel.to_string(),
                    records: 0,
                    valid: false,
                    line: e.line,
                    reason: Some(e.reason),
                },
            };
            self.state().audit.logs.push(check);
            return Vec::new();
        }
        match extension(rel) {
            Some("sh" | "bash") => {
                self.state()
                    .scripts
                    .push((rel.to_string(), text.to_string()));
                Vec::new()
            }
            Some("sql") => {
                let (changes, errors) = sql::read(rel, text);
                self.state().sql.push((rel.to_string(), changes));
                located(rel, "SQL", errors, &["P05"])
            }
            Some("yml" | "yaml") => self.read_yaml(rel, text),
            Some("tf") => self.read_terraform(rel, text),
            Some("tfvars") if terraform::is_tfvars(rel) => self.read_terraform(rel, text),
            _ => Vec::new(),
        }
    }

    fn read_terraform(&self, rel: &str, text: &str) -> Vec<FactError> {
        match terraform::parse(rel, text) {
            Ok(file) => {
                self.state().terraform.push(file);
                Vec::new()
            }
            Err(e) => located(rel, "Terraform", vec![e], &["P13"]),
        }
    }

    fn read_yaml(&self, rel: &str, text: &str) -> Vec<FactError> {
        let (docs, duplicate) = match yaml::read(text) {
            Ok(parsed) => (parsed.documents, parsed.duplicate_key),
            Err(e) => {
                if is_template(rel, text) {
                    self.state().not_analysed.push(NotAnalysed {
                        path: rel.to_string(),
                        reason: format!(
                            "a template (`{{{{ }}}}`) that is not YAML until rendered (line {}: {})",
                            e.line, e.message
                        ),
                    });
                    return Vec::new();
                }
                let mut policies: Vec<&str> = Vec::new();
                if is_workflow(rel) {
                    policies.extend(WORKFLOW_POLICIES);
                } else if compose::is_compose(rel) {
                    policies.extend(COMPOSE_POLICIES);
                } else if looks_like_manifest(text) {
                    policies.extend(MANIFEST_POLICIES);
                }
                if looks_like_rules(text) {
                    policies.push("P07");
                }
                policies.sort_unstable();
                policies.dedup();
                return vec![FactError {
                    path: rel.to_string(),
                    line: e.line,
                    message: format!("YAML: {}", e.message),
                    policies: policies.into_iter().map(str::to_string).collect(),
                }];
            }
        };
        // A key given twice: GitHub refuses such a workflow, so there it is an error; PyYAML and
        // Kubernetes take the later value, so elsewhere it is a warning.
        let mut errors = Vec::new();
        if let Some(duplicate) = duplicate {
            if is_workflow(rel) {
                errors.push(FactError {
                    path: rel.to_string(),
                    line: duplicate.line,
                    message: format!(
                        "YAML: {} (GitHub Actions rejects a workflow with a key given twice)",
                        duplicate.message
                    ),
                    policies: Vec::new(),
                });
            } else {
                tracing::warn!(
                    "{rel}:{}: YAML: {}; the later value is read, as PyYAML and Kubernetes read it",
                    duplicate.line,
                    duplicate.message
                );
            }
        }
        let mut state = self.state();
        if !self.conftest.is_empty() {
            state.documents.extend(
                docs.iter()
                    .map(|doc| (rel.to_string(), doc.line.max(1), doc.to_json())),
            );
        }
        if is_workflow(rel)
            && let Some(doc) = docs.first()
        {
            state.workflows.push(workflow::read(rel, text, doc));
        }
        if compose::is_compose(rel)
            && let Some(doc) = docs.first()
        {
            state.compose.push(compose::read(rel, doc));
            return errors;
        }
        let mut kubernetes = kubernetes::KubernetesFacts::default();
        for doc in &docs {
            if let Some(file) = prometheus::read_document(rel, doc) {
                state.rule_files.push(file);
            } else if !is_workflow(rel) {
                kubernetes::read_document(rel, doc, &mut kubernetes);
            }
        }
        state.kubernetes.extend(kubernetes);
        errors
    }

    /// The facts document of everything read so far.
    pub fn facts(&self) -> Facts {
        self.assemble().0
    }

    /// The facts document, and the errors found only in putting it together (an invalid cron
    /// schedule; they are in the document's errors too).
    fn assemble(&self) -> (Facts, Vec<FactError>) {
        let state = self.state();
        let mut rule_files = state.rule_files.clone();
        rule_files.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        let mut workflows = state.workflows.clone();
        workflows.sort_by(|a, b| a.path.cmp(&b.path));
        let mut errors = state.errors.clone();
        let mut not_analysed = state.not_analysed.clone();
        not_analysed.sort_by(|a, b| a.path.cmp(&b.path));
        let mut kubernetes = state.kubernetes.clone();
        kubernetes.sort();
        let mut dockerfiles = state.dockerfiles.clone();
        dockerfiles.sort_by(|a, b| a.path.cmp(&b.path));
        let mut compose = state.compose.clone();
        compose.sort_by(|a, b| a.path.cmp(&b.path));
        let mut crontabs = state.crontabs.clone();
        crontabs.sort();
        let mut scripts: Vec<backup::Script<'_>> = state
            .scripts
            .iter()
            .map(|(path, text)| backup::Script { path, text })
            .collect();
        scripts.sort_by(|a, b| a.path.cmp(b.path));
        let mut sql_paths: Vec<String> = state.sql.iter().map(|(path, _)| path.clone()).collect();
        sql_paths.sort();
        let (backups, schedule_errors) = backup::gather(&backup::Inputs {
            kubernetes: &kubernetes,
            workflows: &workflows,
            compose: &compose,
            crontabs: &crontabs,
            scripts: &scripts,
            sql_paths: &sql_paths,
        });
        let schedule_errors: Vec<FactError> = schedule_errors
            .into_iter()
            .map(|(path, e)| FactError {
                path,
                line: e.line,
                message: e.message,
                policies: vec!["P06".to_string()],
            })
            .collect();
        errors.extend(schedule_errors.iter().cloned());
        errors.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        let mut audit = state.audit.clone();
        audit.sort();
        let mut terraform_files = state.terraform.clone();
        terraform_files.sort_by(|a, b| a.path().cmp(b.path()));
        (
            Facts {
                version: 1,
                sql: sql::replay(&state.sql),
                prometheus: PrometheusFacts { files: rule_files },
                workflows,
                kubernetes,
                dockerfiles,
                compose,
                backups,
                audit,
                terraform: terraform::evaluate(&terraform_files),
                errors,
                not_analysed,
            },
            schedule_errors,
        )
    }

    /// The policies' input: the facts (with what the live families read off running systems
    /// as `facts.live`), the other families' findings (without snippets) and the configuration
    /// they read.
    pub fn input(
        &self,
        facts: &Facts,
        live: &serde_json::Map<String, serde_json::Value>,
        findings: &[Finding],
    ) -> serde_json::Value {
        let findings: Vec<serde_json::Value> = findings
            .iter()
            .filter(|f| f.family != FAMILY)
            .map(|f| {
                serde_json::json!({
                    "rule_id": f.rule_id,
                    "family": f.family,
                    "severity": f.severity,
                    "path": f.location.path,
                    "line": f.location.start_line,
                    "message": f.message,
                    "policies": f.policies,
                    "suppressed": f.suppressed.is_some(),
                })
            })
            .collect();
        let mut input = serde_json::json!({
            "facts": facts,
            "findings": findings,
            "config": {
                "tenant_keys": self.config.tenant_keys.iter().map(|k| k.to_lowercase()).collect::<Vec<_>>(),
                "required_alerts": self.config.required_alerts,
            },
        });
        if let Some(document) = input["facts"].as_object_mut() {
            document.insert("live".to_string(), serde_json::Value::Object(live.clone()));
        }
        input
    }
}

/// Whether YAML that does not parse is a Go template (a Helm chart's `templates/`, or text
/// with template actions such as `{{- if`, `{{ .Values`, `{{ include`). Alert annotations
/// use `{{ $labels.x }}` too, so those alone do not make a template.
fn is_template(rel: &str, text: &str) -> bool {
    static ACTIONS: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    if is_workflow(rel) {
        return false;
    }
    let in_chart = rel.starts_with("templates/") || rel.contains("/templates/");
    in_chart
        || ACTIONS
            .get_or_init(|| {
                regex::Regex::new(
                    r"\{\{-?\s*(\.|if\s|else|end\b|range\s|with\s|include\s|template\s|define\s|toYaml|tpl\s|\$\w+\s*:=)",
                )
                .ok()
            })
            .as_ref()
            .is_some_and(|re| re.is_match(text))
}

/// Whether text that is not YAML was meant as a Kubernetes manifest.
fn looks_like_manifest(text: &str) -> bool {
    text.lines().any(|line| line.starts_with("apiVersion:"))
        && text
            .lines()
            .any(|line| line.trim_start().starts_with("kind:"))
}

/// Located errors of one file, blocking `policies`.
fn located(rel: &str, what: &str, errors: Vec<Located>, policies: &[&str]) -> Vec<FactError> {
    errors
        .into_iter()
        .map(|e| FactError {
            path: rel.to_string(),
            line: e.line,
            message: format!("{what}: {}", e.message),
            policies: policies.iter().map(|p| p.to_string()).collect(),
        })
        .collect()
}

/// Whether text that is not YAML was certainly meant as a Prometheus rule file: a
/// PrometheusRule resource, or `groups:` whose rules have an `alert:` or `record:` and an
/// `expr:` (an Ansible inventory's `groups:` is not one).
fn looks_like_rules(text: &str) -> bool {
    let starts = |prefix: &str| {
        text.lines().any(|line| {
            let line = line.trim_start().trim_start_matches("- ");
            line.starts_with(prefix)
        })
    };
    starts("kind: PrometheusRule")
        || (starts("groups:") && (starts("alert:") || starts("record:")) && starts("expr:"))
}

impl Check for PoliciesCheck {
    fn family(&self) -> &'static str {
        FAMILY
    }

    fn whole_repository(&self) -> bool {
        true
    }

    fn policies(&self) -> &'static [&'static str] {
        POLICIES
    }

    /// A fail-level violation (a high finding) fails its policy whatever the threshold; a
    /// warn-level one (medium) fails it only at `--fail-on medium` or lower.
    fn fails_policy_at(&self) -> Option<Severity> {
        Some(Severity::High)
    }

    fn wants(&self, rel: &str) -> bool {
        matches!(
            extension(rel),
            Some("sql" | "yml" | "yaml" | "sh" | "bash" | "conf" | "tf")
        ) || terraform::is_tfvars(rel)
            || dockerfile::is_dockerfile(rel)
            || backup::is_crontab(rel)
            || audit::is_audit_log(rel)
    }

    fn scan_file(&self, file: &SourceFile<'_>) -> FileScan {
        let mut scan = FileScan::default();
        let text = match std::str::from_utf8(file.bytes) {
            Ok(text) => text,
            Err(e) => {
                let line = file.lines().line(e.valid_up_to());
                let error = FactError {
                    path: file.rel.to_string(),
                    line,
                    message: "not valid UTF-8".to_string(),
                    policies: Vec::new(),
                };
                scan.errors.push(error_entry(&error));
                self.state().errors.push(error);
                return scan;
            }
        };
        let errors = self.read(file.rel, text);
        scan.errors.extend(errors.iter().map(error_entry));
        self.state().errors.extend(errors);
        scan
    }

    fn scan_repo(&self, ctx: &RepoContext<'_>) -> RepoScan {
        if !self.judge {
            return RepoScan::default();
        }
        let (facts, assembly_errors) = self.assemble();
        let input = self.input(&facts, ctx.live_facts, ctx.findings);
        let mut repo = RepoScan::default();
        repo.errors.extend(assembly_errors.iter().map(error_entry));
        repo.errors.extend(self.load_errors.iter().cloned());
        let mut evaluation = rego::evaluate(&self.modules, input);
        if !self.conftest.is_empty() {
            let mut documents = std::mem::take(&mut self.state().documents);
            documents.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
            let policy = self.config.conftest_policy.to_ascii_uppercase();
            let ran = rego::conftest(&self.conftest, &documents, &policy);
            evaluation.outcomes.extend(ran.outcomes);
            evaluation.failures.extend(ran.failures);
        }
        // A module that failed blocks its own policy (unless another module of it FAILs).
        let mut failed: Vec<(String, String)> = Vec::new();
        for (policy, error) in evaluation.failures {
            let line = error_line(&error.message);
            repo.errors.push(
                ErrorEntry::new(
                    &error.origin,
                    line,
                    format!("policy: {}", error.message.trim()),
                )
                .in_family(FAMILY),
            );
            if let Some(policy) = policy {
                failed.push((policy, error.to_string()));
            }
        }
        let outcomes = merge_by_policy(evaluation.outcomes);
        for outcome in &outcomes {
            repo.findings.extend(
                outcome
                    .violations
                    .iter()
                    .map(|v| finding(&outcome.policy, v)),
            );
            let mut verdict = verdict(outcome, &facts.errors);
            let errors: Vec<&str> = failed
                .iter()
                .filter(|(p, _)| *p == outcome.policy)
                .map(|(_, e)| e.as_str())
                .collect();
            if !errors.is_empty() {
                verdict.status = Status::Blocked;
                verdict.reason = Some(format!(
                    "the policy could not be evaluated: {}",
                    errors.join("; ")
                ));
            }
            repo.verdicts.push(verdict);
        }
        for (policy, error) in failed {
            if !outcomes.iter().any(|o| o.policy == policy) {
                repo.verdicts.push(PolicyVerdict {
                    policy,
                    status: Status::Blocked,
                    reason: Some(format!("the policy could not be evaluated: {error}")),
                    evidence: Vec::new(),
                    implemented: None,
                    enforced: None,
                });
            }
        }
        repo
    }
}

/// Read the `.rego` files of a configured path (a file, or a directory searched recursively,
/// in name order).
fn load_modules(
    base: &std::path::Path,
    path: &str,
    modules: &mut Vec<(String, String)>,
    errors: &mut Vec<ErrorEntry>,
) {
    let full = base.join(path);
    let mut files = Vec::new();
    if full.is_dir() {
        let mut stack = vec![full.clone()];
        while let Some(dir) = stack.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) => {
                    errors.push(load_error(&dir, format!("cannot read the directory: {e}")));
                    continue;
                }
            };
            for entry in entries.flatten() {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "rego") {
                    files.push(p);
                }
            }
        }
        files.sort();
    } else {
        files.push(full);
    }
    for file in files {
        match std::fs::read_to_string(&file) {
            Ok(text) => modules.push((file.display().to_string(), text)),
            Err(e) => errors.push(load_error(
                &file,
                format!("policies.paths: cannot read this policy: {e}"),
            )),
        }
    }
}

/// The line of a regorus error (`--> path:LINE:COLUMN`).
fn error_line(message: &str) -> Option<u32> {
    let at = message.find("--> ")?;
    let location = message[at + 4..].lines().next()?;
    let mut parts = location.rsplitn(3, ':');
    let _column = parts.next()?;
    parts.next()?.trim().parse().ok()
}

fn load_error(path: &std::path::Path, message: String) -> ErrorEntry {
    ErrorEntry::new(path.display().to_string(), None, message).in_family(FAMILY)
}

/// One outcome per policy: the built-in module's and the user's for the same policy are
/// judged together (violations and evidence joined; N/A only when every module says so).
fn merge_by_policy(outcomes: Vec<Outcome>) -> Vec<Outcome> {
    let mut merged: Vec<Outcome> = Vec::new();
    for outcome in outcomes {
        match merged.iter_mut().find(|m| m.policy == outcome.policy) {
            Some(into) => {
                into.violations.extend(outcome.violations);
                into.evidence.extend(outcome.evidence);
                into.evidence.sort();
                into.evidence.dedup();
                into.implemented =
                    any_evidence([into.implemented, outcome.implemented].into_iter());
                into.enforced = any_evidence([into.enforced, outcome.enforced].into_iter());
                into.not_applicable = match (into.not_applicable.take(), outcome.not_applicable) {
                    (Some(a), Some(b)) => Some(format!("{a}; {b}")),
                    _ => None,
                };
            }
            None => merged.push(outcome),
        }
    }
    merged
}

fn error_entry(error: &FactError) -> ErrorEntry {
    let mut message = error.message.clone();
    if !error.policies.is_empty() {
        message.push_str(&format!(" ({} BLOCKED)", error.policies.join(", ")));
    }
    ErrorEntry::new(&error.path, Some(error.line), message).in_family(FAMILY)
}

fn finding(policy: &str, v: &rego::Violation) -> Finding {
    Finding {
        rule_id: v.rule.clone(),
        family: FAMILY.to_string(),
        severity: match v.level {
            Level::Critical => Severity::Critical,
            Level::Fail => Severity::High,
            Level::Warn => Severity::Medium,
        },
        confidence: Confidence::High,
        title: v.message.clone(),
        message: v.message.clone(),
        location: Location {
            path: v.path.clone(),
            start_line: v.line.max(1),
            start_column: 1,
            end_line: v.line.max(1).saturating_add(1),
            end_column: 1,
            commit: None,
        },
        // The source line is not shown: policies read whole files, and a line of a workflow
        // or manifest may hold a credential that only the secrets family knows to redact.
        snippet: String::new(),
        fingerprint: Fingerprint::compute(
            &v.rule,
            &v.path,
            v.key.as_deref().unwrap_or(&v.message),
            None,
        ),
        policies: vec![policy.to_string()],
        cwe: Vec::new(),
        aliases: Vec::new(),
        help: Some(format!(
            "rules/policies/README.md, {policy}: what `{}` checks and why",
            v.rule
        )),
        fix: None,
        suppressed: None,
        new: None,
        trace: Vec::new(),
        context: Vec::new(),
    }
}

/// BLOCKED on a file the policy could not read, else N/A when the tree has nothing for it and
/// the policy found nothing, else PASS. The violations are findings: the engine judges them
/// once they are suppressed (a fail-level one, high, fails the policy; a warn-level one, medium,
/// warns), so that an accepted violation no longer fails it.
fn verdict(outcome: &Outcome, errors: &[FactError]) -> PolicyVerdict {
    let blocking: Vec<String> = errors
        .iter()
        .filter(|e| e.policies.contains(&outcome.policy))
        .map(|e| format!("{}:{}: {}", e.path, e.line, e.message))
        .collect();
    let (status, reason) = if !blocking.is_empty() {
        (
            Status::Blocked,
            Some(format!("cannot read {}", blocking.join("; "))),
        )
    } else if let Some(reason) = outcome
        .not_applicable
        .as_ref()
        .filter(|_| outcome.violations.is_empty())
    {
        (Status::NotApplicable, Some(reason.clone()))
    } else {
        (Status::Pass, None)
    };
    PolicyVerdict {
        policy: outcome.policy.clone(),
        status,
        reason,
        evidence: outcome.evidence.clone(),
        implemented: outcome.implemented,
        enforced: outcome.enforced,
    }
}
