//! The live family of the weekly audit (`gatehouse audit`, never `gatehouse check`): it reads
//! facts off the running systems that the configuration (`[live.*]`) and the environment name,
//! into the `live` part of the facts document, where the Rego policies judge them as they judge
//! the tree's facts (so a user's own Rego can judge the live state too). Today: PostgreSQL's
//! row-level security and a cross-tenant probe (P05).
//!
//! A target that is not given, or that cannot be reached within `live.timeout_secs`, leaves its
//! policy's live part BLOCKED, saying what is missing or what went wrong; never PASS. Probes
//! never change what they audit: the session is read-only, and the one write the cross-tenant
//! probe tries happens in a transaction that is always rolled back. Passwords and tokens appear
//! in no fact, message or log line.

pub mod postgres;
pub mod redact;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gatehouse_engine::config::LiveConfig;
use gatehouse_engine::{Check, FileScan, PolicyVerdict, RepoContext, RepoScan, SourceFile};
use gatehouse_model::{ErrorEntry, Status};

pub const FAMILY: &str = "live";
/// The policies whose live part this family gives (more join as their probes arrive).
pub const POLICIES: &[&str] = &["P05"];

/// What the environment says about the targets, read once (tests give their own).
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// `POSTGRES_DSN`.
    pub postgres_dsn: Option<String>,
}

impl Env {
    pub fn from_process() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Env {
            postgres_dsn: var("POSTGRES_DSN"),
        }
    }
}

/// The `live` family.
pub struct LiveCheck {
    config: LiveConfig,
    env: Env,
    /// Where relative paths of the configuration (`ca_file`) point from.
    base: PathBuf,
}

impl LiveCheck {
    pub fn new(config: &LiveConfig, env: Env, base: &Path) -> Self {
        LiveCheck {
            config: config.clone(),
            env,
            base: base.to_path_buf(),
        }
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(self.config.timeout_secs.max(1))
    }

    /// P05's live part: the database's row-level security and the cross-tenant probe.
    fn postgres(&self, ctx: &RepoContext<'_>, runtime: &tokio::runtime::Runtime) -> Part {
        let target = &self.config.postgres;
        let (dsn, source) = match (&self.env.postgres_dsn, &target.dsn) {
            (Some(dsn), _) => (dsn.as_str(), "POSTGRES_DSN"),
            (None, Some(dsn)) => (dsn.as_str(), "live.postgres.dsn"),
            (None, None) => {
                return Part::blocked(
                    "P05",
                    "no PostgreSQL target: set POSTGRES_DSN (or live.postgres.dsn in gatehouse.toml) to audit the database's row-level security",
                );
            }
        };
        let settings = postgres::Settings {
            dsn,
            source,
            probe_role: target.probe_role.as_deref(),
            tenant_context: target.tenant_context,
            tenant_setting: &target.tenant_setting,
            tenant_claim: &target.tenant_claim,
            ca_file: target.ca_file.as_ref().map(|f| self.base.join(f)),
            tenant_keys: &ctx.config.policies.tenant_keys,
            timeout: self.timeout(),
        };
        match runtime.block_on(postgres::audit(&settings)) {
            Err(reason) => Part::blocked("P05", &reason),
            Ok(facts) => {
                let mut verdict = PolicyVerdict {
                    policy: "P05".to_string(),
                    status: Status::Pass,
                    reason: None,
                    evidence: vec![format!("live: {}", facts.summary())],
                    implemented: None,
                    enforced: None,
                };
                if let Some(blocked) = facts.probe_blocked() {
                    verdict.status = Status::Blocked;
                    verdict.reason = Some(blocked);
                }
                Part {
                    verdict,
                    facts: Some(("postgres", serde_json::to_value(&facts))),
                }
            }
        }
    }
}

/// One target's contribution: the verdict on its policy's live part and its facts.
struct Part {
    verdict: PolicyVerdict,
    facts: Option<(&'static str, Result<serde_json::Value, serde_json::Error>)>,
}

impl Part {
    /// Its verdict and facts into the family's repository pass.
    fn add_to(self, repo: &mut RepoScan) {
        match self.facts {
            Some((name, Ok(value))) => {
                repo.live_facts.insert(name.to_string(), value);
            }
            Some((name, Err(e))) => repo.errors.push(
                ErrorEntry::new("live", None, format!("{name}: facts not recorded: {e}"))
                    .in_family(FAMILY),
            ),
            None => {}
        }
        repo.verdicts.push(self.verdict);
    }

    fn blocked(policy: &str, reason: &str) -> Self {
        Part {
            verdict: PolicyVerdict {
                policy: policy.to_string(),
                status: Status::Blocked,
                reason: Some(reason.to_string()),
                evidence: Vec::new(),
                implemented: None,
                enforced: None,
            },
            facts: None,
        }
    }
}

impl Check for LiveCheck {
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

    fn scan_repo(&self, ctx: &RepoContext<'_>) -> RepoScan {
        let mut repo = RepoScan::default();
        let clock = Instant::now();
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(e) => {
                let reason = format!("the live checks could not start: {e}");
                repo.errors
                    .push(ErrorEntry::new("live", None, reason.clone()).in_family(FAMILY));
                repo.verdicts = POLICIES
                    .iter()
                    .map(|p| Part::blocked(p, &reason).verdict)
                    .collect();
                return repo;
            }
        };
        // One part a target (Vault, Prometheus and backups join PostgreSQL here).
        let parts = vec![self.postgres(ctx, &runtime)];
        for part in parts {
            part.add_to(&mut repo);
        }
        repo.stats.ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
        repo
    }
}
