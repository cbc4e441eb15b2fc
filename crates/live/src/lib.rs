//! The live family of the weekly audit (`gatehouse audit`, never `gatehouse check`): it reads
//! facts off the running systems that the configuration (`[live.*]`) and the environment name,
//! into the `live` part of the facts document, where the Rego policies judge them as they judge
//! the tree's facts (so a user's own Rego can judge the live state too):
//!
//! | target | from | feeds |
//! |---|---|---|
//! | PostgreSQL | `POSTGRES_DSN`, `[live.postgres]` | P05 (row-level security, cross-tenant probe), P04 (pgaudit, audit tables' privileges) |
//! | Vault / OpenBao | `VAULT_ADDR` + `VAULT_TOKEN` or `VAULT_ROLE_ID` + `VAULT_SECRET_ID`, `[live.vault]` | P02 (health, AppRole login, KV rotation, root tokens), P04 (audit devices) |
//! | Prometheus | `PROM_URL` (+ `PROM_TOKEN`), `[live.prometheus]` | P07 (rules loaded and healthy, firing alerts, targets down) |
//! | Backups | `[live.backups]`, `RESTORE_DSN` | P06 (age, checksum, restore test) |
//! | Audit logs | `live.audit_logs` | P04 (hash chains, as `gatehouse verify-log`) |
//!
//! The targets are read at the same time. A target that is not given, or that cannot be reached
//! within `live.timeout_secs`, leaves its policy's live part BLOCKED, saying what is missing or
//! what went wrong; never PASS. Probes never change what they audit: the database session is
//! read-only (but for the cross-tenant probe's transaction, always rolled back), HTTP requests
//! are GETs (but for the AppRole login and the revoke of the token it made), and the restore test
//! works in a scratch database it drops. Passwords, tokens, secret ids and KV values appear in
//! no fact, message or log line.

pub mod backups;
pub mod http;
pub mod postgres;
pub mod prometheus;
pub mod redact;
pub mod vault;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use gatehouse_engine::config::LiveConfig;
use gatehouse_engine::{Check, FileScan, PolicyVerdict, RepoContext, RepoScan, SourceFile};
use gatehouse_model::{ErrorEntry, Status};

pub const FAMILY: &str = "live";
/// The policies whose live part this family gives.
pub const POLICIES: &[&str] = &["P02", "P04", "P05", "P06", "P07"];

/// What the environment says about the targets, read once (tests give their own).
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub postgres_dsn: Option<String>,
    pub vault_addr: Option<String>,
    pub vault_token: Option<String>,
    pub vault_role_id: Option<String>,
    pub vault_secret_id: Option<String>,
    pub vault_namespace: Option<String>,
    pub prom_url: Option<String>,
    pub prom_token: Option<String>,
    pub restore_dsn: Option<String>,
}

impl Env {
    pub fn from_process() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Env {
            postgres_dsn: var("POSTGRES_DSN"),
            vault_addr: var("VAULT_ADDR"),
            vault_token: var("VAULT_TOKEN"),
            vault_role_id: var("VAULT_ROLE_ID"),
            vault_secret_id: var("VAULT_SECRET_ID"),
            vault_namespace: var("VAULT_NAMESPACE"),
            prom_url: var("PROM_URL"),
            prom_token: var("PROM_TOKEN"),
            restore_dsn: var("RESTORE_DSN"),
        }
    }
}

/// A value from the environment (which wins) or the configuration, with where it came from.
fn pick<'a>(
    env: &'a Option<String>,
    env_name: &'static str,
    config: &'a Option<String>,
    key: &'static str,
) -> Option<(&'a str, &'static str)> {
    match (env, config) {
        (Some(value), _) => Some((value.as_str(), env_name)),
        (None, Some(value)) if !value.trim().is_empty() => Some((value.as_str(), key)),
        _ => None,
    }
}

/// What one target gave: nothing (not configured), an error (BLOCKED), or its facts.
enum Read<T> {
    NotGiven,
    Failed(String),
    Facts(T),
}

impl<T> Read<T> {
    fn from(result: Option<Result<T, String>>) -> Self {
        match result {
            None => Read::NotGiven,
            Some(Err(e)) => Read::Failed(e),
            Some(Ok(facts)) => Read::Facts(facts),
        }
    }

    fn facts(&self) -> Option<&T> {
        match self {
            Read::Facts(facts) => Some(facts),
            _ => None,
        }
    }

    /// The live part of a policy that this one target feeds: BLOCKED saying what to set when
    /// it is not given, BLOCKED with the error when it failed, else as `judge` says.
    fn verdict(
        &self,
        policy: &str,
        missing: &str,
        judge: impl FnOnce(&T) -> PolicyVerdict,
    ) -> PolicyVerdict {
        match self {
            Read::NotGiven => blocked(policy, missing),
            Read::Failed(e) => blocked(policy, e),
            Read::Facts(facts) => judge(facts),
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

    fn path(&self, file: &Option<String>) -> Option<PathBuf> {
        file.as_ref().map(|f| self.base.join(f))
    }

    /// Read every configured target, at the same time.
    fn read(&self, ctx: &RepoContext<'_>, runtime: &tokio::runtime::Runtime) -> Targets {
        let env = &self.env;
        let config = &self.config;
        let timeout = self.timeout();
        let postgres_dsn = pick(
            &env.postgres_dsn,
            "POSTGRES_DSN",
            &config.postgres.dsn,
            "live.postgres.dsn",
        );
        let target = &config.postgres;
        let pg_settings = postgres_dsn.map(|(dsn, source)| postgres::Settings {
            dsn,
            source,
            probe_role: target.probe_role.as_deref(),
            tenant_context: target.tenant_context,
            tenant_setting: &target.tenant_setting,
            tenant_claim: &target.tenant_claim,
            ca_file: self.path(&target.ca_file),
            tenant_keys: &ctx.config.policies.tenant_keys,
            audit_tables: &target.audit_tables,
            timeout,
        });
        let vault_addr = pick(
            &env.vault_addr,
            "VAULT_ADDR",
            &config.vault.addr,
            "live.vault.addr",
        );
        let now = SystemTime::now();
        let epoch = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default();
        let vault_settings = vault_addr.map(|(addr, source)| vault::Settings {
            addr,
            source,
            token: env.vault_token.as_deref(),
            approle: env
                .vault_role_id
                .as_deref()
                .zip(env.vault_secret_id.as_deref()),
            approle_mount: &config.vault.approle_mount,
            namespace: env
                .vault_namespace
                .as_deref()
                .or(config.vault.namespace.as_deref()),
            kv_paths: &config.vault.kv_paths,
            rotation_max_age_days: config.vault.rotation_max_age_days,
            ca_file: self.path(&config.vault.ca_file),
            timeout,
            now: epoch,
        });
        let prom_url = pick(
            &env.prom_url,
            "PROM_URL",
            &config.prometheus.url,
            "live.prometheus.url",
        );
        let prom_settings = prom_url.map(|(url, source)| prometheus::Settings {
            url,
            source,
            token: env.prom_token.as_deref(),
            ca_file: self.path(&config.prometheus.ca_file),
            timeout,
        });
        let backups = &config.backups;
        let restore = backups.restore_test.then(|| backups::Restore {
            dsn: pick(
                &env.restore_dsn,
                "RESTORE_DSN",
                &backups.restore_dsn,
                "live.backups.restore_dsn",
            ),
            source: postgres_dsn,
            ca_file: self.path(&target.ca_file),
            restore_timeout: Duration::from_secs(backups.restore_timeout_secs.max(1)),
        });
        let backup_settings = backups
            .path
            .as_deref()
            .filter(|p| !p.trim().is_empty())
            .map(|pattern| backups::Settings {
                pattern,
                base: &self.base,
                max_age_hours: backups.max_age_hours,
                row_count_tolerance_percent: Some(backups.row_count_tolerance_percent)
                    .filter(|p| p.is_finite())
                    .unwrap_or_default()
                    .clamp(0.0, 100.0),
                restore,
                timeout,
                now,
            });
        let (pg, vault, prom, backup) = runtime.block_on(async {
            tokio::join!(
                async {
                    match &pg_settings {
                        Some(s) => Some(postgres::audit(s).await),
                        None => None,
                    }
                },
                async {
                    match &vault_settings {
                        Some(s) => Some(vault::audit(s).await),
                        None => None,
                    }
                },
                async {
                    match &prom_settings {
                        Some(s) => Some(prometheus::audit(s).await),
                        None => None,
                    }
                },
                async {
                    match &backup_settings {
                        Some(s) => Some(backups::audit(s).await),
                        None => None,
                    }
                },
            )
        });
        Targets {
            postgres: Read::from(pg),
            vault: Read::from(vault),
            prometheus: Read::from(prom),
            backups: Read::from(backup),
            audit_logs: self.audit_logs(),
        }
    }

    /// `live.audit_logs`: each file the globs match, its hash chain verified.
    fn audit_logs(&self) -> Option<Vec<AuditLog>> {
        if self.config.audit_logs.is_empty() {
            return None;
        }
        let mut logs = Vec::new();
        for pattern in &self.config.audit_logs {
            let full = within_base(&self.base, pattern);
            let paths = match glob::glob(&full) {
                Ok(paths) => paths,
                Err(e) => {
                    logs.push(AuditLog {
                        path: pattern.clone(),
                        records: 0,
                        valid: false,
                        line: None,
                        reason: Some(format!("live.audit_logs: not a glob: {e}")),
                    });
                    continue;
                }
            };
            let before = logs.len();
            for path in paths.flatten().filter(|p| p.is_file()) {
                let shown = path.display().to_string();
                let log = match std::fs::read_to_string(&path) {
                    Err(e) => AuditLog {
                        path: shown,
                        records: 0,
                        valid: false,
                        line: None,
                        reason: Some(format!("cannot read it: {e}")),
                    },
                    Ok(text) => match gatehouse_facts::audit::verify_chain(&text) {
                        Ok(end) => AuditLog {
                            path: shown,
                            records: end.records,
                            valid: true,
                            line: None,
                            reason: None,
                        },
                        Err(e) => AuditLog {
                            path: shown,
                            records: 0,
                            valid: false,
                            line: Some(u64::from(e.line)),
                            reason: Some(e.reason),
                        },
                    },
                };
                logs.push(log);
            }
            if logs.len() == before {
                logs.push(AuditLog {
                    path: pattern.clone(),
                    records: 0,
                    valid: false,
                    line: None,
                    reason: Some("no file matches it".to_string()),
                });
            }
        }
        Some(logs)
    }
}

/// A glob of the configuration, absolute or relative to `base` (whose own characters match
/// literally).
pub(crate) fn within_base(base: &Path, pattern: &str) -> String {
    if Path::new(pattern).is_absolute() {
        pattern.to_string()
    } else {
        let base = glob::Pattern::escape(&base.display().to_string());
        format!("{}/{pattern}", base.trim_end_matches('/'))
    }
}

/// Every target as read.
struct Targets {
    postgres: Read<postgres::PostgresFacts>,
    vault: Read<vault::VaultFacts>,
    prometheus: Read<prometheus::PrometheusFacts>,
    backups: Read<backups::BackupFacts>,
    audit_logs: Option<Vec<AuditLog>>,
}

/// One audit log of `live.audit_logs`, in `facts.live.audit_logs`.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct AuditLog {
    pub path: String,
    pub records: u64,
    pub valid: bool,
    /// The first line that does not verify.
    pub line: Option<u64>,
    pub reason: Option<String>,
}

impl Targets {
    /// The facts, one key a target that answered.
    fn facts(&self) -> Vec<(&'static str, Result<serde_json::Value, serde_json::Error>)> {
        let mut facts = Vec::new();
        if let Some(f) = self.postgres.facts() {
            facts.push(("postgres", serde_json::to_value(f)));
        }
        if let Some(f) = self.vault.facts() {
            facts.push(("vault", serde_json::to_value(f)));
        }
        if let Some(f) = self.prometheus.facts() {
            facts.push(("prometheus", serde_json::to_value(f)));
        }
        if let Some(f) = self.backups.facts() {
            facts.push(("backups", serde_json::to_value(f)));
        }
        if let Some(logs) = &self.audit_logs {
            facts.push(("audit_logs", serde_json::to_value(logs)));
        }
        facts
    }

    /// Each policy's live part.
    fn verdicts(&self) -> Vec<PolicyVerdict> {
        vec![self.p02(), self.p04(), self.p05(), self.p06(), self.p07()]
    }

    fn p02(&self) -> PolicyVerdict {
        self.vault.verdict(
            "P02",
            "no Vault target: set VAULT_ADDR (or live.vault.addr) with VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID, to audit the secret store",
            |f| part("P02", vec![f.summary()], &f.blocked),
        )
    }

    fn p04(&self) -> PolicyVerdict {
        let mut evidence = Vec::new();
        let mut problems = Vec::new();
        let mut given = false;
        match &self.postgres {
            Read::NotGiven => {}
            Read::Failed(e) => {
                given = true;
                problems.push(e.clone());
            }
            Read::Facts(f) => {
                given = true;
                let audit_tables = f
                    .tables
                    .iter()
                    .filter(|t| t.audit_writers.is_some())
                    .count();
                evidence.push(format!(
                    "postgres {}: pgaudit {}, pgaudit.log = {}, {}",
                    f.target,
                    match f.pgaudit.preloaded {
                        Some(true) => "preloaded",
                        Some(false) => "not preloaded",
                        None => "unknown",
                    },
                    f.pgaudit.log.as_deref().unwrap_or("(unset)"),
                    gatehouse_model::count_of(audit_tables as u64, "audit table"),
                ));
                if f.pgaudit.shared_preload_libraries.is_none() {
                    problems.push(format!(
                        "{}: the audit role may not read shared_preload_libraries (grant it pg_read_all_settings)",
                        f.target
                    ));
                }
            }
        }
        match &self.vault {
            Read::NotGiven => {}
            Read::Failed(e) => {
                given = true;
                problems.push(e.clone());
            }
            Read::Facts(f) => {
                given = true;
                match (&f.audit_devices, &f.audit_devices_error) {
                    (Some(devices), _) => evidence.push(format!(
                        "vault {}: {}",
                        f.target,
                        if devices.is_empty() {
                            "no audit device".to_string()
                        } else {
                            let list: Vec<String> = devices
                                .iter()
                                .map(|d| format!("{} ({})", d.path, d.kind))
                                .collect();
                            format!("audit devices {}", list.join(", "))
                        }
                    )),
                    (None, Some(e)) => problems.push(format!("{}: {e}", f.target)),
                    (None, None) if f.health.sealed || !f.health.initialized => problems.push(
                        format!("{}: sealed, so its audit devices cannot be read", f.target),
                    ),
                    (None, None) => {
                        problems.extend(f.blocked.iter().map(|b| format!("{}: {b}", f.target)))
                    }
                }
            }
        }
        if let Some(logs) = &self.audit_logs {
            given = true;
            let valid = logs.iter().filter(|l| l.valid).count();
            evidence.push(format!(
                "audit logs: {} of {} verify",
                valid,
                gatehouse_model::count_of(logs.len() as u64, "file")
            ));
        }
        if !given {
            return blocked(
                "P04",
                "no live target for audit logging: set POSTGRES_DSN (pgaudit and the audit tables' privileges), VAULT_ADDR (Vault's audit devices) or live.audit_logs (audit log files to verify)",
            );
        }
        part("P04", evidence, &problems)
    }

    fn p05(&self) -> PolicyVerdict {
        self.postgres.verdict(
            "P05",
            "no PostgreSQL target: set POSTGRES_DSN (or live.postgres.dsn in gatehouse.toml) to audit the database's row-level security",
            |f| {
                let problems: Vec<String> = f.probe_blocked().into_iter().collect();
                part("P05", vec![f.summary()], &problems)
            },
        )
    }

    fn p06(&self) -> PolicyVerdict {
        self.backups.verdict(
            "P06",
            "no backups to check: set live.backups.path (a glob of the backup files) in gatehouse.toml; RESTORE_DSN and --restore-test add a restore test",
            |f| part("P06", vec![f.summary()], &f.blocked),
        )
    }

    fn p07(&self) -> PolicyVerdict {
        self.prometheus.verdict(
            "P07",
            "no Prometheus target: set PROM_URL (or live.prometheus.url) to check that the alert rules are loaded and healthy",
            |f| part("P07", vec![f.summary()], &[]),
        )
    }
}

/// A live part that read its target: PASS with its evidence (the policies judge the facts),
/// or BLOCKED where part of it could not run.
fn part(policy: &str, evidence: Vec<String>, problems: &[String]) -> PolicyVerdict {
    PolicyVerdict::new(
        policy,
        if problems.is_empty() {
            Status::Pass
        } else {
            Status::Blocked
        },
        (!problems.is_empty()).then(|| problems.join("; ")),
        evidence.into_iter().map(|e| format!("live: {e}")).collect(),
    )
}

fn blocked(policy: &str, reason: &str) -> PolicyVerdict {
    PolicyVerdict::new(
        policy,
        Status::Blocked,
        Some(reason.to_string()),
        Vec::new(),
    )
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
                repo.verdicts = POLICIES.iter().map(|p| blocked(p, &reason)).collect();
                return repo;
            }
        };
        let targets = self.read(ctx, &runtime);
        for (name, value) in targets.facts() {
            match value {
                Ok(value) => {
                    repo.live_facts.insert(name.to_string(), value);
                }
                Err(e) => repo.errors.push(
                    ErrorEntry::new("live", None, format!("{name}: facts not recorded: {e}"))
                        .in_family(FAMILY),
                ),
            }
        }
        repo.verdicts = targets.verdicts();
        // What was probed, for the report's statistics: the targets read.
        repo.stats.files = repo.live_facts.len() as u64;
        repo.stats.ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
        repo
    }
}
