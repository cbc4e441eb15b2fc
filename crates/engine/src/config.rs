//! `gatehouse.toml`: loading, validation against `schemas/gatehouse.schema.json`, and errors that
//! name the key, the line and what was expected.
//!
//! Loading goes TOML → JSON value → schema validation → typed [`Config`]. The TOML is also parsed
//! once with spans so that every schema error can point at the line of the offending key.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gatehouse_model::{BlockedMode, FailOn, Severity, SuppressedMode};
use serde::Deserialize;
use serde_json::Value as Json;
use toml::de::{DeTable, DeValue};

/// The JSON Schema of `gatehouse.toml`, embedded at build time.
pub const CONFIG_SCHEMA: &str = include_str!("../../../schemas/gatehouse.schema.json");

/// The file name looked for at the root of the scanned tree.
pub const CONFIG_FILE_NAME: &str = "gatehouse.toml";

/// Exceptions file looked for at the root when `exceptions_file` is not set.
pub const DEFAULT_EXCEPTIONS_FILE: &str = "gatehouse.exceptions.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub fail_on: FailOn,
    pub blocked: BlockedMode,
    /// The status of a policy whose findings are all suppressed.
    pub suppressed: SuppressedMode,
    pub baseline: Option<String>,
    pub exceptions_file: Option<String>,
    pub exceptions: Vec<ExceptionRule>,
    pub scan: ScanConfig,
    pub secrets: SecretsConfig,
    pub sast: SastConfig,
    pub deps: DepsConfig,
    pub policies: PoliciesConfig,
    /// The running systems `gatehouse audit` probes.
    pub live: LiveConfig,
    /// The deployed images' signatures `gatehouse audit` verifies (P01).
    pub signatures: SignaturesConfig,
    /// The running service `gatehouse audit` probes (P11).
    pub dast: DastConfig,
    /// Where the configuration came from (`None`: embedded defaults).
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            fail_on: FailOn::High,
            blocked: BlockedMode::Warn,
            suppressed: SuppressedMode::Pass,
            baseline: None,
            exceptions_file: None,
            exceptions: Vec::new(),
            scan: ScanConfig::default(),
            secrets: SecretsConfig::default(),
            sast: SastConfig::default(),
            deps: DepsConfig::default(),
            policies: PoliciesConfig::default(),
            live: LiveConfig::default(),
            signatures: SignaturesConfig::default(),
            dast: DastConfig::default(),
            source: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScanConfig {
    pub max_file_size: u64,
    pub exclude: Vec<String>,
    pub follow_symlinks: bool,
    pub hidden: bool,
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig {
            max_file_size: 10 * 1024 * 1024,
            exclude: Vec::new(),
            follow_symlinks: false,
            hidden: true,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SecretsConfig {
    pub enabled: bool,
    pub history: bool,
    pub entropy: f64,
    pub allow_paths: Vec<String>,
    pub allow_patterns: Vec<String>,
    pub disable: Vec<String>,
}

impl Default for SecretsConfig {
    fn default() -> Self {
        SecretsConfig {
            enabled: true,
            history: false,
            entropy: 3.5,
            allow_paths: Vec::new(),
            allow_patterns: Vec::new(),
            disable: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SastConfig {
    pub enabled: bool,
    /// Extra rule directories, relative to the scanned root.
    pub rules: Vec<String>,
    /// Rule ids not to run.
    pub disable: Vec<String>,
    /// Files larger than this many bytes are not parsed (counted as skipped).
    pub max_file_size: u64,
    /// Lines longer than this are minified-looking: a file whose bytes are mostly on such lines
    /// (and they a quarter of its lines or more) is skipped as minified or generated.
    pub max_line_length: usize,
    /// Parse time limit per file, in milliseconds.
    pub timeout_ms: u64,
}

impl Default for SastConfig {
    fn default() -> Self {
        SastConfig {
            enabled: true,
            rules: Vec::new(),
            disable: Vec::new(),
            max_file_size: 2 * 1024 * 1024,
            max_line_length: 1000,
            timeout_ms: 5000,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DepsConfig {
    pub enabled: bool,
    /// Advisory database directory (holds `advisory-db/`, the RustSec database, and `osv/`,
    /// OSV records), relative to the root; default `$GATEHOUSE_DB_DIR`, else the user cache (`~/.cache/gatehouse/db`).
    pub db_dir: Option<String>,
    /// Severity of findings from RustSec's informational advisories, by kind, or `off`.
    pub informational: InformationalConfig,
    /// A database updated longer ago than this (by `gatehouse db update`) makes P10 WARN.
    pub max_age_days: u32,
    /// The severity of a vulnerability whose advisories give no CVSS vector or rating.
    pub default_severity: Severity,
    /// Also ask the OSV query API (`osv_api_url`) about every registry package.
    pub online: bool,
    /// The OSV API base URL (`/v1/querybatch` and `/v1/vulns/ID` below it).
    pub osv_api_url: String,
    /// Where `gatehouse db update` fetches the RustSec advisory-db (a git URL).
    pub rustsec_url: Option<String>,
    /// Where `gatehouse db update` downloads OSV archives: `BASE/ECOSYSTEM/all.zip`.
    pub osv_url: Option<String>,
    /// The OSV ecosystems `gatehouse db update` downloads; `None`: every one gatehouse audits.
    pub ecosystems: Option<Vec<String>>,
}

/// The policy checklist family: facts extracted from the tree, judged by Rego policies.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PoliciesConfig {
    pub enabled: bool,
    /// Columns that make a table a tenant table (P05).
    pub tenant_keys: Vec<String>,
    /// The alerts every rule set must have (P07).
    pub required_alerts: Vec<RequiredAlert>,
    /// Your own Rego policies: `.rego` files, or directories searched for them, relative to
    /// the configuration file's directory (the scanned root without one). Each module is
    /// `package gatehouse.pNN` or `gatehouse.pNN_SUFFIX` and feeds policy PNN, with the same
    /// input and contract as the built-in ones.
    pub paths: Vec<String>,
    /// Conftest policies (`package main` with `deny` / `violation` / `warn` rules, Rego v1 or
    /// v0), run unchanged against each YAML document of the tree: files or directories,
    /// relative like `paths`.
    pub conftest: Vec<String>,
    /// The policy conftest results count toward (default P12).
    pub conftest_policy: String,
}

/// A kind of alert P07 requires: an alert covers it when its name matches `name_pattern`
/// (a case-insensitive regex) or its expression selects one of `metrics`, or a metric whose
/// name contains `metric_contains`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RequiredAlert {
    pub kind: String,
    pub name_pattern: String,
    #[serde(default)]
    pub metrics: Vec<String>,
    #[serde(default)]
    pub metric_contains: String,
}

/// `[dast]`: the running service `gatehouse audit` probes, and the bounds no probe exceeds (P11).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DastConfig {
    pub enabled: bool,
    /// The service's base URL (`--target` and `DAST_TARGET` take precedence).
    pub target: Option<String>,
    /// The service's OpenAPI document (relative to the configuration's directory).
    pub openapi: Option<String>,
    /// At most this many requests in one audit.
    pub max_requests: u32,
    /// At most this many requests a second.
    pub rate: f64,
    /// How long each request may take, in seconds.
    pub timeout_secs: u64,
    /// Methods other than GET, HEAD and OPTIONS (a TRACE probe, `x-gatehouse-probe`
    /// operations) only where this is true.
    pub allow_unsafe_methods: bool,
    /// A PEM file of certificate authorities the target's certificate may chain to, besides
    /// the system's.
    pub ca_file: Option<String>,
    /// Credentials for authenticated probes: a header whose value is read from an
    /// environment variable (never from this file, never printed).
    pub auth: Option<DastAuth>,
    pub rate_limit: DastRateLimit,
    /// `gatehouse audit --target URL`: set by the command line, never read from the file.
    #[serde(skip)]
    pub cli_target: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DastAuth {
    /// The header (`Authorization`).
    pub header: String,
    /// The environment variable holding its value (`Bearer …`).
    pub env: String,
}

/// `[dast.rate_limit]`: endpoints that must answer a burst with 429.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DastRateLimit {
    pub burst: u32,
    /// Paths of the target (`/login`), probed with GET.
    pub endpoints: Vec<String>,
}

impl Default for DastRateLimit {
    fn default() -> Self {
        DastRateLimit {
            burst: 50,
            endpoints: Vec::new(),
        }
    }
}

impl Default for DastConfig {
    fn default() -> Self {
        DastConfig {
            enabled: true,
            target: None,
            openapi: None,
            max_requests: 300,
            rate: 10.0,
            timeout_secs: 10,
            allow_unsafe_methods: false,
            ca_file: None,
            auth: None,
            rate_limit: DastRateLimit::default(),
            cli_target: None,
        }
    }
}

/// `[signatures]`: which signatures the deployed images must carry (`gatehouse audit`, P01).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SignaturesConfig {
    pub enabled: bool,
    /// Images to verify besides those the tree's manifests and Compose files reference.
    pub images: Vec<String>,
    /// PEM public keys a signature may come from (relative to the configuration's directory);
    /// `COSIGN_KEY_PATH` adds one.
    pub keys: Vec<String>,
    /// Keyless signers: an identity (SAN) and OIDC issuer, exact or as regular expressions.
    pub identities: Vec<SignerIdentity>,
    /// The Sigstore trusted root keyless signatures and bundles are verified against (default:
    /// the public-good root gatehouse embeds).
    pub trusted_root: Option<String>,
    /// Registries spoken to over plain HTTP (`host:port`), for local ones.
    pub insecure_registries: Vec<String>,
    /// How long each registry may take to answer a request, in seconds.
    pub timeout_secs: u64,
    /// Accept a key's signature without transparency-log evidence (cosign's
    /// `--insecure-ignore-tlog`, for signatures made with `--tlog-upload=false`).
    pub insecure_ignore_tlog: bool,
    /// Accept a keyless `.sig` signature whose certificate has no signed certificate timestamp
    /// (cosign's `--insecure-ignore-sct`, for certificates older than Fulcio's CT log).
    pub insecure_ignore_sct: bool,
}

impl Default for SignaturesConfig {
    fn default() -> Self {
        SignaturesConfig {
            enabled: true,
            images: Vec::new(),
            keys: Vec::new(),
            identities: Vec::new(),
            trusted_root: None,
            insecure_registries: Vec::new(),
            timeout_secs: 10,
            insecure_ignore_tlog: false,
            insecure_ignore_sct: false,
        }
    }
}

/// A keyless signer, as cosign's `--certificate-identity[-regexp]` and
/// `--certificate-oidc-issuer[-regexp]` name it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SignerIdentity {
    pub identity: Option<String>,
    pub identity_regexp: Option<String>,
    pub issuer: Option<String>,
    pub issuer_regexp: Option<String>,
}

/// `[live]`: the running systems `gatehouse audit` probes (never `check`). Each target may also
/// come from the environment, which wins; a target given by neither leaves its policy's live
/// part BLOCKED, naming both.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LiveConfig {
    pub enabled: bool,
    /// How long each target may take to answer, in seconds: the connection and each request.
    pub timeout_secs: u64,
    pub postgres: PostgresTarget,
    pub vault: VaultTarget,
    pub prometheus: PrometheusTarget,
    pub backups: BackupsTarget,
    /// Hash-chained JSONL audit logs on the audited host (globs, absolute or relative to the
    /// configuration's directory) that P04 verifies as `gatehouse verify-log` does.
    pub audit_logs: Vec<String>,
}

impl Default for LiveConfig {
    fn default() -> Self {
        LiveConfig {
            enabled: true,
            timeout_secs: 10,
            postgres: PostgresTarget::default(),
            vault: VaultTarget::default(),
            prometheus: PrometheusTarget::default(),
            backups: BackupsTarget::default(),
            audit_logs: Vec::new(),
        }
    }
}

/// `[live.vault]` (P02, and P04's audit devices): a Vault or OpenBao server. The credentials
/// come only from the environment: `VAULT_TOKEN`, or `VAULT_ROLE_ID` + `VAULT_SECRET_ID`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VaultTarget {
    /// The server's address; `VAULT_ADDR` overrides it.
    pub addr: Option<String>,
    /// An enterprise namespace (`VAULT_NAMESPACE` overrides it).
    pub namespace: Option<String>,
    /// Where the AppRole auth method is mounted.
    pub approle_mount: String,
    /// KV version 2 secrets whose current version must be younger than
    /// `rotation_max_age_days` (`mount/path`, as `bao kv get` takes them).
    pub kv_paths: Vec<String>,
    pub rotation_max_age_days: u64,
    pub ca_file: Option<String>,
}

impl Default for VaultTarget {
    fn default() -> Self {
        VaultTarget {
            addr: None,
            namespace: None,
            approle_mount: "approle".to_string(),
            kv_paths: Vec::new(),
            rotation_max_age_days: 90,
            ca_file: None,
        }
    }
}

/// `[live.prometheus]` (P07): the Prometheus that loads the repository's rules. A bearer token,
/// when its API needs one, comes from `PROM_TOKEN`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrometheusTarget {
    /// Its base URL; `PROM_URL` overrides it.
    pub url: Option<String>,
    pub ca_file: Option<String>,
}

/// `[live.backups]` (P06): where the database's backups land, and the restore test.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupsTarget {
    /// A glob of the backup files (absolute, or relative to the configuration's directory).
    pub path: Option<String>,
    /// The newest backup must be younger than this.
    pub max_age_hours: u64,
    /// Restore the newest backup into a scratch database and compare row counts (also
    /// `gatehouse audit --restore-test`).
    pub restore_test: bool,
    /// The server the scratch database is made on; `RESTORE_DSN` overrides it.
    pub restore_dsn: Option<String>,
    /// How long the restore itself may take, in seconds.
    pub restore_timeout_secs: u64,
    /// How far (in percent of the source's rows) a restored table's row count may be from the
    /// source's: the database has moved on since the backup. 0 asks for equal counts.
    pub row_count_tolerance_percent: f64,
}

impl Default for BackupsTarget {
    fn default() -> Self {
        BackupsTarget {
            path: None,
            max_age_hours: 26,
            restore_test: false,
            restore_dsn: None,
            restore_timeout_secs: 600,
            row_count_tolerance_percent: 0.0,
        }
    }
}

/// `[live.postgres]` (P05): the database the application runs on.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PostgresTarget {
    /// A libpq connection string or URL; `POSTGRES_DSN` overrides it. Keep the password out of
    /// the file: in the environment's DSN, or in `PGPASSWORD`.
    pub dsn: Option<String>,
    /// The application's role, without ownership or BYPASSRLS, that the cross-tenant probe
    /// acts as (`SET LOCAL ROLE`).
    pub probe_role: Option<String>,
    /// How the application tells the database its tenant: `setting` (a custom setting,
    /// `tenant_setting`) or `jwt` (Supabase: `request.jwt.claims`, with the tenant in
    /// `tenant_claim`).
    pub tenant_context: TenantContext,
    pub tenant_setting: String,
    pub tenant_claim: String,
    /// PEM file of certificate authorities trusted for TLS besides the system's.
    pub ca_file: Option<String>,
    /// A regular expression on table names (case-insensitive) that picks the audit tables
    /// whose privileges P04 checks.
    pub audit_tables: String,
}

impl Default for PostgresTarget {
    fn default() -> Self {
        PostgresTarget {
            dsn: None,
            probe_role: None,
            tenant_context: TenantContext::Setting,
            tenant_setting: "app.tenant_id".to_string(),
            tenant_claim: "tenant_id".to_string(),
            ca_file: None,
            audit_tables: "audit".to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TenantContext {
    Setting,
    Jwt,
}

impl Default for PoliciesConfig {
    fn default() -> Self {
        let alert = |kind: &str, name_pattern: &str, metrics: &[&str], metric_contains: &str| {
            RequiredAlert {
                kind: kind.to_string(),
                name_pattern: name_pattern.to_string(),
                metrics: metrics.iter().map(|m| m.to_string()).collect(),
                metric_contains: metric_contains.to_string(),
            }
        };
        PoliciesConfig {
            enabled: true,
            paths: Vec::new(),
            conftest: Vec::new(),
            conftest_policy: "P12".to_string(),
            tenant_keys: [
                "tenant_id",
                "org_id",
                "organization_id",
                "account_id",
                "workspace_id",
                "team_id",
            ]
            .iter()
            .map(|k| k.to_string())
            .collect(),
            required_alerts: vec![
                alert("target-down", "down", &["up"], ""),
                alert("high-error-rate", "error|5xx", &[], ""),
                alert("backup", "backup", &[], "backup"),
                alert(
                    "certificate-expiry",
                    "cert|ssl|tls",
                    &[
                        "probe_ssl_earliest_cert_expiry",
                        "x509_cert_not_after",
                        "certmanager_certificate_expiration_timestamp_seconds",
                    ],
                    "",
                ),
                alert(
                    "disk-filling",
                    "disk|filesystem|volume",
                    &[
                        "node_filesystem_avail_bytes",
                        "node_filesystem_free_bytes",
                        "kubelet_volume_stats_available_bytes",
                    ],
                    "",
                ),
            ],
        }
    }
}

impl Default for DepsConfig {
    fn default() -> Self {
        DepsConfig {
            enabled: true,
            db_dir: None,
            informational: InformationalConfig::default(),
            max_age_days: 7,
            default_severity: Severity::Medium,
            online: false,
            osv_api_url: "https://api.osv.dev".to_string(),
            rustsec_url: None,
            osv_url: None,
            ecosystems: None,
        }
    }
}

/// A severity (`critical` … `info`), or `off` for no finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum SeverityOrOff {
    Severity(Severity),
    Off(Off),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Off {
    Off,
}

impl SeverityOrOff {
    pub fn severity(self) -> Option<Severity> {
        match self {
            SeverityOrOff::Severity(s) => Some(s),
            SeverityOrOff::Off(_) => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InformationalConfig {
    pub unmaintained: SeverityOrOff,
    pub unsound: SeverityOrOff,
    pub notice: SeverityOrOff,
}

impl Default for InformationalConfig {
    fn default() -> Self {
        InformationalConfig {
            unmaintained: SeverityOrOff::Severity(Severity::Info),
            unsound: SeverityOrOff::Severity(Severity::Low),
            notice: SeverityOrOff::Severity(Severity::Info),
        }
    }
}

/// One accepted finding: matched by fingerprint, or by rule and path glob.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExceptionRule {
    pub fingerprint: Option<String>,
    pub rule: Option<String>,
    pub path: Option<String>,
    pub reason: String,
    /// `YYYY-MM-DD`, the last day the exception applies.
    pub expires: String,
    /// File and line the entry was written at (for messages).
    #[serde(skip)]
    pub origin: Option<(String, u32)>,
}

/// One problem in a configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub line: u32,
    pub column: u32,
    /// Dotted key path (`secrets.entropy`, `exceptions[1].expires`); empty for the whole file.
    pub key: String,
    pub message: String,
}

/// A configuration file that cannot be used. Displays one `file:line:column: key: message` line
/// per problem.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read configuration: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{}", format_problems(path, problems))]
    Invalid {
        path: String,
        problems: Vec<ConfigProblem>,
    },
}

fn format_problems(path: &str, problems: &[ConfigProblem]) -> String {
    problems
        .iter()
        .map(|p| {
            if p.key.is_empty() {
                format!("{path}:{}:{}: {}", p.line, p.column, p.message)
            } else {
                format!(
                    "{path}:{}:{}: key `{}`: {}",
                    p.line, p.column, p.key, p.message
                )
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Config {
    /// The configuration for a scan of `root`: `explicit` if given, else `root/gatehouse.toml` if it
    /// exists, else the embedded defaults.
    pub fn discover(root: &Path, explicit: Option<&Path>) -> Result<Config, ConfigError> {
        match explicit {
            Some(path) => Config::load(path),
            None => {
                let path = root.join(CONFIG_FILE_NAME);
                if path.is_file() {
                    Config::load(&path)
                } else {
                    Ok(Config::default())
                }
            }
        }
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: display.clone(),
            source,
        })?;
        let mut config = Config::parse(&text, &display)?;
        config.source = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parse and validate configuration text; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        let document = ValidatedToml::parse(text, path, config_validator())?;
        let mut config: Config = document.deserialize(path)?;
        for (i, exception) in config.exceptions.iter_mut().enumerate() {
            let line = document.line_of(&format!("/exceptions/{i}"));
            exception.origin = Some((path.to_string(), line));
        }
        Ok(config)
    }
}

/// Load an exceptions file: a TOML document holding only `[[exceptions]]` entries.
pub fn load_exceptions(path: &Path, display: &str) -> Result<Vec<ExceptionRule>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: display.to_string(),
        source,
    })?;
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ExceptionsFile {
        #[serde(default)]
        exceptions: Vec<ExceptionRule>,
    }
    let document = ValidatedToml::parse(&text, display, exceptions_validator())?;
    let file: ExceptionsFile = document.deserialize(display)?;
    let mut exceptions = file.exceptions;
    for (i, exception) in exceptions.iter_mut().enumerate() {
        let line = document.line_of(&format!("/exceptions/{i}"));
        exception.origin = Some((display.to_string(), line));
    }
    Ok(exceptions)
}

fn schema_json() -> &'static Json {
    static SCHEMA: OnceLock<Json> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::from_str(CONFIG_SCHEMA).expect("embedded config schema is valid JSON")
    })
}

fn config_validator() -> &'static (jsonschema::Validator, Json) {
    static VALIDATOR: OnceLock<(jsonschema::Validator, Json)> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema = schema_json().clone();
        let validator =
            jsonschema::validator_for(&schema).expect("embedded config schema compiles");
        (validator, schema)
    })
}

/// The schema of an exceptions file: the config schema restricted to its `exceptions` key.
fn exceptions_validator() -> &'static (jsonschema::Validator, Json) {
    static VALIDATOR: OnceLock<(jsonschema::Validator, Json)> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let mut schema = schema_json().clone();
        let exceptions = schema["properties"]["exceptions"].clone();
        schema["properties"] = serde_json::json!({ "exceptions": exceptions });
        schema["title"] = Json::from("gatehouse exceptions file");
        let validator =
            jsonschema::validator_for(&schema).expect("embedded exceptions schema compiles");
        (validator, schema)
    })
}

/// A TOML document that passed schema validation, with its spans kept for locating keys.
struct ValidatedToml<'a> {
    text: &'a str,
    spans: toml::Spanned<DeTable<'a>>,
    json: Json,
}

impl<'a> ValidatedToml<'a> {
    fn parse(
        text: &'a str,
        path: &str,
        (validator, schema): &(jsonschema::Validator, Json),
    ) -> Result<Self, ConfigError> {
        let invalid = |problems| ConfigError::Invalid {
            path: path.to_string(),
            problems,
        };
        let syntax = |e: &toml::de::Error| {
            let (line, column) = e
                .span()
                .map_or((1, 1), |span| line_column(text, span.start));
            invalid(vec![ConfigProblem {
                line,
                column,
                key: String::new(),
                message: format!("invalid TOML: {}", e.message().trim()),
            }])
        };
        // The parser goes on after an error and `parse` keeps the last one; the first is the
        // one to fix (what follows it may be only its consequence).
        let (spans, parse_errors) = DeTable::parse_recoverable(text);
        if let Some(first) = parse_errors
            .iter()
            .min_by_key(|e| e.span().map_or(0, |span| span.start))
        {
            return Err(syntax(first));
        }
        let table: toml::Table = toml::from_str(text).map_err(|e| syntax(&e))?;
        let json = toml_to_json(&toml::Value::Table(table));
        let document = ValidatedToml { text, spans, json };
        let mut problems: Vec<ConfigProblem> = Vec::new();
        for error in validator.iter_errors(&document.json) {
            let pointer = error.instance_path().as_str().to_string();
            match error.kind() {
                jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
                    let expected = allowed_keys(schema, error.schema_path().as_str());
                    for key in unexpected {
                        let key_pointer = format!("{pointer}/{}", escape_pointer(key));
                        let (line, column) = document.position_of(&key_pointer);
                        problems.push(ConfigProblem {
                            line,
                            column,
                            key: dotted(&key_pointer),
                            message: format!(
                                "unknown key; expected one of: {}",
                                expected.join(", ")
                            ),
                        });
                    }
                }
                _ => {
                    let (line, column) = document.position_of(&pointer);
                    problems.push(ConfigProblem {
                        line,
                        column,
                        key: dotted(&pointer),
                        message: describe(&error),
                    });
                }
            }
        }
        if problems.is_empty() {
            Ok(document)
        } else {
            problems.sort_by_key(|p| (p.line, p.column));
            problems.dedup();
            Err(invalid(problems))
        }
    }

    fn deserialize<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T, ConfigError> {
        serde_json::from_value(self.json.clone()).map_err(|e| ConfigError::Invalid {
            path: path.to_string(),
            problems: vec![ConfigProblem {
                line: 1,
                column: 1,
                key: String::new(),
                message: e.to_string(),
            }],
        })
    }

    fn line_of(&self, pointer: &str) -> u32 {
        self.position_of(pointer).0
    }

    /// Line and column of the key (or array element) a JSON pointer names; the closest enclosing
    /// item when the exact one has no span.
    fn position_of(&self, pointer: &str) -> (u32, u32) {
        let mut best = 0usize;
        let mut table: Option<&DeTable<'_>> = Some(self.spans.get_ref());
        let mut value: Option<&DeValue<'_>> = None;
        for segment in pointer.split('/').skip(1) {
            let segment = unescape_pointer(segment);
            let next = if let Some(t) = table {
                t.iter()
                    .find(|(k, _)| k.get_ref().as_ref() == segment)
                    .map(|(k, v)| (k.span().start, v))
            } else if let Some(DeValue::Array(items)) = value {
                segment
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|v| (v.span().start, v))
            } else {
                None
            };
            let Some((start, v)) = next else { break };
            if start > 0 || best == 0 {
                best = start;
            }
            value = Some(v.get_ref());
            table = match v.get_ref() {
                DeValue::Table(t) => Some(t),
                _ => None,
            };
        }
        line_column(self.text, best)
    }
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn toml_to_json(value: &toml::Value) -> Json {
    match value {
        toml::Value::String(s) => Json::from(s.as_str()),
        toml::Value::Integer(i) => Json::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        toml::Value::Boolean(b) => Json::from(*b),
        toml::Value::Datetime(d) => Json::from(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Json::Object(
            table
                .iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// A readable "what was expected" for a schema error.
fn describe(error: &jsonschema::ValidationError<'_>) -> String {
    use jsonschema::error::ValidationErrorKind as Kind;
    let found = error.instance();
    match error.kind() {
        Kind::Enum { options } => format!("found {found}; expected one of {options}"),
        Kind::Type { .. } => format!("found {found}; {error}"),
        Kind::Required { property } => format!("missing required key {property}"),
        Kind::Pattern { pattern } => format!("found {found}; expected text matching `{pattern}`"),
        Kind::AnyOf { .. } => "needs `fingerprint`, or `rule` and `path`".to_string(),
        _ => error.to_string(),
    }
}

/// The property names a schema location allows (for "unknown key" messages).
fn allowed_keys(schema: &Json, schema_path: &str) -> Vec<String> {
    let parent = schema_path
        .rsplit_once('/')
        .map_or("", |(parent, _)| parent);
    let mut node = schema;
    for segment in parent.split('/').skip(1) {
        let segment = unescape_pointer(segment);
        if segment == "$ref" {
            continue;
        }
        node = match node.get(segment.as_str()) {
            Some(next) => next,
            None => return Vec::new(),
        };
        if let Some(reference) = node.get("$ref").and_then(Json::as_str)
            && let Some(target) = reference.strip_prefix('#').and_then(|p| schema.pointer(p))
        {
            node = target;
        }
    }
    node.get("properties")
        .and_then(Json::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default()
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// `/exceptions/0/expires` → `exceptions[0].expires`.
fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = unescape_pointer(segment);
        if segment.parse::<usize>().is_ok() {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<ConfigProblem> {
        match Config::parse(text, "gatehouse.toml") {
            Err(ConfigError::Invalid { problems, .. }) => problems,
            other => panic!("expected an invalid config, got {other:?}"),
        }
    }

    #[test]
    fn empty_config_is_defaults() {
        let config = Config::parse("", "gatehouse.toml").unwrap();
        assert_eq!(config.fail_on, FailOn::High);
        assert!(config.secrets.enabled);
        assert_eq!(config.scan.max_file_size, 10 * 1024 * 1024);
    }

    #[test]
    fn unknown_key_names_key_line_and_expected_keys() {
        let found = problems("fail_on = \"low\"\n\n[secrets]\nenabled = true\nentropi = 3.0\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 5);
        assert_eq!(found[0].key, "secrets.entropi");
        assert!(found[0].message.contains("unknown key"));
        assert!(found[0].message.contains("entropy"), "{}", found[0].message);
    }

    #[test]
    fn wrong_value_names_key_line_and_expectation() {
        let found = problems("[scan]\nmax_file_size = \"big\"\n");
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].key, "scan.max_file_size");
        assert!(found[0].message.contains("integer"), "{}", found[0].message);

        let found = problems("fail_on = \"severe\"\n");
        assert_eq!(found[0].line, 1);
        assert!(
            found[0].message.contains("critical"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn exception_problems_point_at_their_entry() {
        let text = "[[exceptions]]\nrule = \"r\"\npath = \"a\"\nreason = \"ok\"\nexpires = 2026-01-01\n\n[[exceptions]]\nrule = \"r\"\nreason = \"ok\"\nexpires = \"soon\"\n";
        let found = problems(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].key, "exceptions[1]");
        assert_eq!(found[0].line, 7);
        assert!(found[0].message.contains("`rule` and `path`"));
        assert_eq!(found[1].key, "exceptions[1].expires");
        assert_eq!(found[1].line, 10);
    }

    #[test]
    fn toml_with_two_syntax_errors_reports_the_first() {
        let found = problems("fail_on = \n[scan\nexclude = [\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 1, "{found:?}");
    }

    #[test]
    fn toml_syntax_error_is_located() {
        let found = problems("fail_on = \"high\"\n[scan\n");
        assert_eq!(found[0].line, 2);
        assert!(found[0].message.starts_with("invalid TOML"));
    }

    #[test]
    fn exceptions_remember_their_line_and_accept_toml_dates() {
        let text = "fail_on = \"medium\"\n\n[[exceptions]]\nrule = \"aws-access-key-id\"\npath = \"docs/**\"\nreason = \"documentation sample\"\nexpires = 2030-12-31\n";
        let config = Config::parse(text, "gatehouse.toml").unwrap();
        assert_eq!(config.exceptions[0].expires, "2030-12-31");
        assert_eq!(
            config.exceptions[0].origin,
            Some(("gatehouse.toml".to_string(), 3))
        );
    }
}
