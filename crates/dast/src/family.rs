//! The `dast` family: the target (`--target`, `DAST_TARGET`, `[dast] target`), the probes on a
//! runtime of their own, their findings (located at the URL), `facts.live.dast`, and P11's live
//! verdict: BLOCKED without a target or when it does not answer, or when a probe could not run
//! to its end; PASS otherwise (the findings fail it as any family's do).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gatehouse_engine::config::DastConfig;
use gatehouse_engine::{Check, FileScan, PolicyVerdict, RepoContext, RepoScan, SourceFile};
use gatehouse_model::{Confidence, ErrorEntry, Finding, Fingerprint, Location, Status};
use serde::Serialize;

use crate::client::{Client, Limits};
use crate::probes::{Found, Outcome};
use crate::{FAMILY, POLICIES};

pub struct DastCheck {
    config: DastConfig,
    base: PathBuf,
    /// The target and where it came from (`--target`, `DAST_TARGET`, `dast.target`).
    target: Option<(String, &'static str)>,
}

/// The `live.dast` part of the facts document.
#[derive(Debug, Serialize)]
struct Facts<'a> {
    target: &'a str,
    requests: u32,
    max_requests: u32,
    rate: f64,
    findings: usize,
    #[serde(flatten)]
    outcome: &'a Outcome,
}

impl DastCheck {
    /// `cli_target` (`--target`) and `env_target` (`DAST_TARGET`) take precedence over the
    /// configuration's, in that order.
    pub fn new(
        config: &DastConfig,
        base: &Path,
        cli_target: Option<String>,
        env_target: Option<String>,
    ) -> Self {
        let target = cli_target
            .map(|t| (t, "--target"))
            .or_else(|| env_target.map(|t| (t, "DAST_TARGET")))
            .or_else(|| config.target.clone().map(|t| (t, "dast.target")))
            .filter(|(t, _)| !t.trim().is_empty());
        DastCheck {
            config: config.clone(),
            base: base.to_path_buf(),
            target,
        }
    }

    /// The client, and `dast.ca_file`'s authorities (PEM).
    fn client(&self, target: &str, source: &str) -> Result<(Client, Option<Vec<u8>>), String> {
        let url = reqwest::Url::parse(target)
            .map_err(|e| format!("{source}: not a URL ({e}): {target}"))?;
        // Credentials in the URL would be sent as basic auth and shown in every finding's
        // location: refused, without repeating the URL.
        if !url.username().is_empty() || url.password().is_some() {
            return Err(format!(
                "{source}: the target URL holds credentials; give them in dast.auth (a header read from the environment) instead"
            ));
        }
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(format!("{source}: not an http(s) URL: {target}"));
        }
        let ca = match &self.config.ca_file {
            Some(file) => {
                let path = self.base.join(file);
                Some(
                    std::fs::read(&path)
                        .map_err(|e| format!("dast.ca_file {}: {e}", path.display()))?,
                )
            }
            None => None,
        };
        let auth = match &self.config.auth {
            Some(auth) => match std::env::var(&auth.env) {
                Ok(value) if !value.is_empty() => Some((auth.header.clone(), value)),
                _ => {
                    return Err(format!(
                        "dast.auth: the environment variable {} is not set",
                        auth.env
                    ));
                }
            },
            None => None,
        };
        let client = Client::new(
            &url,
            Limits {
                max_requests: self.config.max_requests.max(1),
                rate: if self.config.rate > 0.0 {
                    self.config.rate
                } else {
                    10.0
                },
                timeout: Duration::from_secs(self.config.timeout_secs.max(1)),
                unsafe_methods: self.config.allow_unsafe_methods,
            },
            ca.as_deref(),
            auth,
        )?;
        Ok((client, ca))
    }
}

/// A probe's finding as the report carries it: located at the URL.
fn finding(found: &Found) -> Finding {
    let rule = crate::rules::rule(found.rule);
    Finding {
        rule_id: found.rule.to_string(),
        family: FAMILY.to_string(),
        severity: rule.map_or(gatehouse_model::Severity::Medium, |r| r.severity),
        confidence: Confidence::High,
        title: rule.map_or(found.rule, |r| r.title).to_string(),
        message: found.message.chars().take(500).collect(),
        location: Location {
            path: found.url.clone(),
            start_line: 0,
            start_column: 0,
            end_line: 0,
            end_column: 0,
            commit: None,
        },
        snippet: found.evidence.chars().take(1000).collect(),
        fingerprint: Fingerprint::compute(found.rule, &found.url, &found.key, None),
        policies: POLICIES.iter().map(|p| p.to_string()).collect(),
        cwe: rule.map(|r| vec![r.cwe.to_string()]).unwrap_or_default(),
        aliases: Vec::new(),
        help: rule.map(|r| {
            if r.zap == "—" {
                r.help.to_string()
            } else {
                format!("{} (ZAP: {})", r.help, r.zap)
            }
        }),
        fix: None,
        suppressed: None,
        new: None,
        trace: Vec::new(),
        context: Vec::new(),
    }
}

impl Check for DastCheck {
    fn family(&self) -> &'static str {
        FAMILY
    }

    fn policies(&self) -> &'static [&'static str] {
        POLICIES
    }

    fn whole_repository(&self) -> bool {
        true
    }

    fn wants(&self, _rel: &str) -> bool {
        false
    }

    fn scan_file(&self, _file: &SourceFile<'_>) -> FileScan {
        FileScan::default()
    }

    fn scan_repo(&self, _ctx: &RepoContext<'_>) -> RepoScan {
        let clock = Instant::now();
        let mut repo = RepoScan::default();
        let verdict = |status: Status, reason: Option<String>, evidence: Vec<String>| {
            PolicyVerdict::new("P11", status, reason, evidence)
        };
        let Some((target, source)) = &self.target else {
            repo.verdicts.push(verdict(
                Status::Blocked,
                Some(
                    "no DAST target: give `gatehouse audit --target URL`, DAST_TARGET, or [dast] target in gatehouse.toml"
                        .to_string(),
                ),
                Vec::new(),
            ));
            return repo;
        };
        let api = match &self.config.openapi {
            Some(file) => match crate::openapi::Api::load(&self.base.join(file)) {
                Ok(api) => Some(api),
                Err(e) => {
                    repo.errors
                        .push(ErrorEntry::new(file.as_str(), None, e.clone()).in_family(FAMILY));
                    repo.verdicts
                        .push(verdict(Status::Blocked, Some(e), Vec::new()));
                    return repo;
                }
            },
            None => None,
        };
        let (client, ca) = match self.client(target, source) {
            Ok(found) => found,
            Err(e) => {
                repo.errors
                    .push(ErrorEntry::new("gatehouse.toml", None, e.clone()).in_family(FAMILY));
                repo.verdicts
                    .push(verdict(Status::Blocked, Some(e), Vec::new()));
                return repo;
            }
        };
        let outcome = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime.block_on(crate::probes::run(
                &client,
                &crate::probes::Plan {
                    ca: ca.as_deref(),
                    api: api.as_ref(),
                    rate_limit: (
                        self.config.rate_limit.burst,
                        &self.config.rate_limit.endpoints,
                    ),
                },
            )),
            Err(e) => {
                repo.verdicts.push(verdict(
                    Status::Blocked,
                    Some(format!("the probes could not start: {e}")),
                    Vec::new(),
                ));
                return repo;
            }
        };
        repo.findings = outcome.findings.iter().map(finding).collect();
        // What was probed, for the report's statistics: the requests sent.
        repo.stats.files = u64::from(client.sent());
        let facts = Facts {
            target,
            requests: client.sent(),
            max_requests: client.max_requests(),
            rate: client.rate(),
            findings: outcome.findings.len(),
            outcome: &outcome,
        };
        match serde_json::to_value(&facts) {
            Ok(value) => {
                repo.live_facts.insert("dast".to_string(), value);
            }
            Err(e) => repo
                .errors
                .push(ErrorEntry::new("live", None, format!("dast: {e}")).in_family(FAMILY)),
        }
        let mut evidence = vec![format!(
            "live: {target} probed with {} ({}; {} found)",
            gatehouse_model::count_of(u64::from(client.sent()), "request"),
            outcome.ran.join(", "),
            gatehouse_model::count_of(outcome.findings.len() as u64, "finding")
        )];
        if let Some(api) = &outcome.api {
            evidence.push(format!(
                "live: API schema validation: {}/{} operations conform ({} in the document; {} secured, {} refused without credentials)",
                api.conformant,
                api.probed,
                api.operations,
                api.secured,
                api.auth_enforced
            ));
        }
        if !outcome.incomplete.is_empty() {
            evidence.push(format!(
                "live: not run to the end: {}",
                outcome.incomplete.join("; ")
            ));
        }
        repo.verdicts.push(if let Some(e) = &outcome.unanswered {
            // What the TLS probes found still counts; nothing else was asked.
            verdict(
                Status::Blocked,
                Some(format!("{target} ({source}): {e}")),
                evidence,
            )
        } else if outcome.incomplete.is_empty() {
            verdict(Status::Pass, None, evidence)
        } else {
            verdict(
                Status::Blocked,
                Some(format!(
                    "not every probe ran to its end: {}",
                    outcome.incomplete.join("; ")
                )),
                evidence,
            )
        });
        repo.stats.ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
        repo
    }
}
