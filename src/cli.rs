//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const AFTER_HELP: &str = "\
Exit codes:
  0  the gate passed
  1  the gate failed: an unsuppressed finding at or above --fail-on, a policy FAIL whose
     worst open finding is at or above it, or a BLOCKED policy with `blocked = \"fail\"`
     in gatehouse.toml; never with --fail-on none (report only)
  2  gatehouse could not do its job: bad arguments, invalid configuration, internal error

Formats: table, md, json, csv, sarif, junit, html.
Configuration: gatehouse.toml at the scanned root (or --config); none needed.";

#[derive(Parser, Debug)]
#[command(
    name = "gatehouse",
    version,
    about = "CI/CD policy-as-code security gate: secrets, policies and one honest report",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// More log output on stderr (-v: debug, -vv: trace). GATEHOUSE_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the gate on a checkout (static families); exit code per threshold.
    #[command(after_help = AFTER_HELP)]
    Check(CheckArgs),
    /// The weekly audit: `check` over the whole checkout, the secrets of its git history, and
    /// the live family, which reads the running systems: PostgreSQL's row-level security, a
    /// cross-tenant probe and pgaudit (POSTGRES_DSN), Vault (VAULT_ADDR with VAULT_TOKEN or
    /// VAULT_ROLE_ID + VAULT_SECRET_ID), Prometheus (PROM_URL) and the backups
    /// (`[live.backups]`, RESTORE_DSN). A target not given or not reachable leaves its policy's
    /// live part BLOCKED, saying what is missing.
    #[command(after_help = AFTER_HELP)]
    Audit(AuditArgs),
    /// Re-render a saved JSON report in other formats, without re-scanning.
    Render(RenderArgs),
    /// Manage baselines of accepted findings.
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// The signed evidence archives `gatehouse audit --evidence` writes.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// List, test and explain rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Advisory databases for the dependency audit.
    #[command(subcommand)]
    Db(DbCommand),
    /// Print the facts document the policies judge (SQL tables and their row-level security,
    /// alert rules, workflows), as JSON: what a policy of your own sees as `input.facts`.
    Facts(FactsArgs),
    /// The policy checklist's Rego policies: list them, explain one, run policy tests.
    #[command(subcommand)]
    Policies(PoliciesCommand),
    /// Combine the JSON reports of shards (`check --shard I/N`) into one: findings
    /// deduplicated, statistics summed, policies recombined, the gate decided again.
    Merge(MergeArgs),
    /// Git hooks: `gatehouse hook install` runs `gatehouse check --staged` before each commit.
    #[command(subcommand)]
    Hook(HookCommand),
    /// Post a JSON report to GitHub: the sticky pull-request comment (one per --name, updated in
    /// place), a check run with the findings as annotations (or `::error` workflow commands when
    /// the token may not create check runs), and the matrix in $GITHUB_STEP_SUMMARY. The token
    /// comes from GITHUB_TOKEN (or GH_TOKEN), never from an argument. A token that may not write
    /// (a fork's pull request) falls back to the summary and annotations; exit 0 all the same.
    Comment(CommentArgs),
    /// The weekly audit's tracking issue: when the report's gate failed, update the open issue
    /// labelled --label (or open one); when it passed, close it with a comment.
    Issue(IssueArgs),
    /// Write a commented gatehouse.toml, .github/workflows/gatehouse.yml (the Action on pull
    /// requests) and a .pre-commit-config.yaml hook; an existing file is never overwritten.
    Init {
        /// The repository's root.
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Verify a hash-chained JSONL audit log (or a `*.sha256` manifest of log files): exit 0
    /// when it verifies, 1 naming the first bad line, 2 when it cannot be read.
    VerifyLog(VerifyLogArgs),
    /// Verify a Sigstore bundle for an artifact, as `cosign verify-blob --bundle` does, offline
    /// against a trusted root: exit 0 verified, 1 not verified (saying why), 2 usage error.
    VerifyBlob(VerifyBlobArgs),
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("evidence_source").required(true).args(["bundle", "signature"])))]
pub struct VerifyBlobArgs {
    /// The artifact: a path, or its digest as `sha256:<hex>`.
    pub artifact: String,
    /// The Sigstore bundle (`*.sigstore.json`).
    #[arg(long, value_name = "FILE")]
    pub bundle: Option<PathBuf>,
    /// A detached signature instead of a bundle: base64 over the artifact, or a DSSE envelope
    /// (JSON) whose in-toto statement names it; with --key and --insecure-ignore-tlog (no
    /// transparency log evidence), as cosign takes them.
    #[arg(long, value_name = "FILE", conflicts_with = "bundle", requires_all = ["key", "insecure_ignore_tlog"])]
    pub signature: Option<PathBuf>,
    /// Accept a signature without transparency-log evidence (with --signature).
    #[arg(long, requires = "signature")]
    pub insecure_ignore_tlog: bool,
    #[command(flatten)]
    pub signer: SignerArgs,
}

/// Whom a Sigstore signature must be from, as cosign's verify commands take it: a key, or a
/// certificate identity and OIDC issuer under a trusted root.
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("oidc_issuer").args(["certificate_oidc_issuer", "certificate_oidc_issuer_regexp"])))]
#[command(group(clap::ArgGroup::new("signer").required(true).args(["key", "certificate_identity", "certificate_identity_regexp"])))]
pub struct SignerArgs {
    /// A PEM public key the signature must be from (COSIGN_KEY_PATH's format).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["certificate_identity", "certificate_identity_regexp"])]
    pub key: Option<PathBuf>,
    /// The signing certificate's identity (its SAN: a URI or an e-mail address), exactly.
    #[arg(long, value_name = "IDENTITY", requires = "oidc_issuer")]
    pub certificate_identity: Option<String>,
    /// The signing certificate's identity, as a regular expression over the whole SAN.
    #[arg(
        long,
        value_name = "REGEX",
        conflicts_with = "certificate_identity",
        requires = "oidc_issuer"
    )]
    pub certificate_identity_regexp: Option<String>,
    /// The OIDC issuer the certificate names, exactly.
    #[arg(long, value_name = "URL")]
    pub certificate_oidc_issuer: Option<String>,
    /// The OIDC issuer, as a regular expression over the whole value.
    #[arg(long, value_name = "REGEX", conflicts_with = "certificate_oidc_issuer")]
    pub certificate_oidc_issuer_regexp: Option<String>,
    /// The Sigstore trusted root (`trusted_root.json`) to verify against [default: the
    /// Sigstore public-good root, embedded].
    #[arg(long, value_name = "FILE")]
    pub trusted_root: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct VerifyLogArgs {
    /// The JSONL audit log, or a `sha256sum`-format manifest ending in `.sha256`.
    pub file: PathBuf,
}

#[derive(Args, Debug)]
pub struct FactsArgs {
    /// The directory (or file) to read.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Configuration file (default: gatehouse.toml at the root, if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also read the running systems the weekly audit probes (POSTGRES_DSN, `[live]`), as
    /// `live`: what your own Rego sees of them.
    #[arg(long)]
    pub live: bool,
}

#[derive(Subcommand, Debug)]
pub enum DbCommand {
    /// Fetch or refresh the advisory databases into the database directory (git clone / fetch
    /// of the RustSec advisory-db; download of OSV's per-ecosystem all.zip archives), and record
    /// the revision and time of each.
    Update(DbUpdateArgs),
}

#[derive(Args, Debug)]
pub struct DbUpdateArgs {
    /// Database directory (default: deps.db_dir of the configuration, else
    /// $GATEHOUSE_DB_DIR, else ~/.cache/gatehouse/db).
    #[arg(long, value_name = "DIR")]
    pub db_dir: Option<PathBuf>,
    /// Configuration file whose [deps] section gives db_dir, rustsec_url, osv_url and
    /// ecosystems (default: ./gatehouse.toml if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Where to fetch the RustSec advisory-db from (any git URL or path; default:
    /// deps.rustsec_url, else $GATEHOUSE_RUSTSEC_URL, else the RustSec project's repository).
    #[arg(long, value_name = "URL")]
    pub rustsec_url: Option<String>,
    /// Base URL of the OSV archives, BASE/ECOSYSTEM/all.zip (default: deps.osv_url, else
    /// $GATEHOUSE_OSV_URL, else OSV's public bucket).
    #[arg(long, value_name = "URL")]
    pub osv_url: Option<String>,
    /// Which databases to update (comma-separated): rustsec, osv.
    #[arg(
        long,
        value_name = "SOURCES",
        value_delimiter = ',',
        default_value = "rustsec,osv"
    )]
    pub sources: Vec<String>,
    /// OSV ecosystems to download (comma-separated; default: deps.ecosystems, all seven).
    #[arg(long, value_name = "ECOSYSTEMS", value_delimiter = ',')]
    pub ecosystems: Option<Vec<String>>,
}

#[derive(Subcommand, Debug)]
pub enum HookCommand {
    /// Write the repository's pre-commit hook (`.git/hooks/pre-commit`, or under
    /// core.hooksPath). A hook that gatehouse did not write is kept unless --force.
    Install {
        /// The repository (any directory inside it).
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Replace a pre-commit hook that gatehouse did not write.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum PoliciesCommand {
    /// List the policies P01-P13 and the rules of each built-in Rego check.
    List,
    /// Explain one policy: what it requires, its rules, the inputs it reads, its controls.
    Explain {
        /// A policy id (P05).
        id: String,
    },
    /// Run policy tests: every directory under DIR holding an `expect.toml` (status,
    /// violations "RULE path:line", errors "path:line", optionally implemented / enforced; the
    /// policy is `policy = "PNN"` or the parent directory's name) is scanned as a repository
    /// and compared. Exit 1 on a failure.
    Test {
        /// The directory of test cases (testdata/policies holds the built-in ones).
        dir: PathBuf,
        /// Configuration file with your own `policies.paths` (default: each case's own
        /// gatehouse.toml, if any).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// List every rule: SAST rules (with languages) and secret rules.
    List,
    /// Run SAST rule tests (built-in rules, or the rule files under DIR); exit 1 on a failure.
    Test {
        /// A directory of rule files (`NAME.yml` with `NAME.test.EXT` beside it).
        dir: Option<PathBuf>,
    },
    /// Explain one rule: message, severity, CWE, fix, references and examples from its tests.
    Explain {
        /// A rule id.
        id: String,
    },
}

/// `--only`'s help: every family the binary knows.
fn only_help() -> String {
    format!(
        "Run only these families (comma-separated): {}",
        crate::families::names().join(", ")
    )
}

#[derive(Args, Debug, Clone)]
pub struct ScanArgs {
    /// Directory (or file) to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Configuration file (default: gatehouse.toml at PATH, else embedded defaults).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Fail on unsuppressed findings (and FAIL policies) at or above this severity: critical,
    /// high, medium, low, or none (report only: never exit 1).
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,

    /// Hide findings whose fingerprints are in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Exceptions file ([[exceptions]] entries); default: gatehouse.exceptions.toml at PATH.
    #[arg(long, value_name = "FILE")]
    pub exceptions: Option<PathBuf>,

    /// Run only these families (comma-separated; the help lists them from the family table).
    #[arg(long, value_name = "FAMILIES", value_delimiter = ',', help = only_help())]
    pub only: Option<Vec<String>>,

    /// Also scan the added lines of every commit in git history for secrets.
    #[arg(long, conflicts_with = "staged")]
    pub history: bool,

    /// Scan only the staged files, as staged (the index, not the work tree): for a pre-commit
    /// hook. Configuration, exceptions and baseline are the work tree's.
    #[arg(long)]
    pub staged: bool,

    /// Gate only on findings on lines added or changed since the merge base with the diff base
    /// (renames followed; untracked files count as new). Everything is still reported, new
    /// findings marked; a policy that fails only on old lines is WARN.
    #[arg(long, conflicts_with = "staged")]
    pub new_only: bool,

    /// The ref --new-only compares with (default: origin/$GITHUB_BASE_REF on a pull request).
    #[arg(long, value_name = "REF", requires = "new_only")]
    pub diff_base: Option<String>,

    /// Scan shard I of N (e.g. 2/4): files are split by a hash of their path, the same on
    /// every machine; whole-repository families (deps, policies) run in shard 1. Combine the
    /// shards' JSON reports with `gatehouse merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,

    /// Advisory database directory (holding advisory-db/, the RustSec database, and osv/, OSV
    /// records); overrides deps.db_dir and GATEHOUSE_DB_DIR.
    #[arg(long, value_name = "DIR")]
    pub db_dir: Option<PathBuf>,

    /// The live families run too (`gatehouse audit`; not a flag).
    #[arg(skip)]
    pub live: bool,

    /// `gatehouse audit --restore-test`.
    #[arg(skip)]
    pub restore_test: bool,

    /// `gatehouse audit --target URL`.
    #[arg(skip)]
    pub dast_target: Option<String>,
}

#[derive(Args, Debug)]
pub struct OutputArgs {
    /// Format written to stdout: table, md, json, csv, sarif, junit, html, or none.
    #[arg(long, short = 'f', value_name = "FORMAT", default_value = "table")]
    pub format: String,

    /// Also write FORMAT to PATH (repeatable), e.g. -o sarif=gatehouse.sarif.
    #[arg(short = 'o', long = "output", value_name = "FORMAT=PATH")]
    pub outputs: Vec<String>,

    /// Never colour the table (colour is used only when stdout is a terminal and NO_COLOR is unset).
    #[arg(long)]
    pub no_color: bool,

    /// Also render the matrix by the controls of a framework: nist-csf-2, iso27001, soc2 or
    /// pci-dss-4 (or an alias: nist, iso, pci). With it, the CSV output is the control matrix.
    #[arg(long, value_name = "FRAMEWORK")]
    pub framework: Option<String>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub scan: ScanArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    #[command(flatten)]
    pub check: CheckArgs,
    /// Also restore the newest backup (`[live.backups] path`) into a scratch database on
    /// RESTORE_DSN, compare each table's row count with POSTGRES_DSN's, and drop it again
    /// (as `live.backups.restore_test = true`).
    #[arg(long)]
    pub restore_test: bool,
    /// The running service the DAST probes (P11) are made against (a base URL; overrides
    /// DAST_TARGET and [dast] target). Only safe, bounded requests: see the README.
    #[arg(long, value_name = "URL")]
    pub target: Option<String>,
    /// Also write a signed evidence archive into DIR: the report in JSON, Markdown, CSV, SARIF
    /// and HTML, the facts, a SHA-256 manifest of them and a Sigstore bundle over it; signed
    /// with --evidence-key, else keyless (SIGSTORE_ID_TOKEN, or GitHub Actions' OIDC token).
    #[arg(long, value_name = "DIR")]
    pub evidence: Option<PathBuf>,
    /// The key that signs the evidence: an unencrypted PKCS #8 ECDSA P-256 PEM private key
    /// (`gatehouse evidence verify --key` and `cosign verify-blob --key` take its public key).
    #[arg(long, value_name = "FILE", requires = "evidence")]
    pub evidence_key: Option<PathBuf>,
    /// Keyless evidence signing: the Fulcio instance that certifies the ephemeral key.
    #[arg(long, value_name = "URL", requires = "evidence", conflicts_with = "evidence_key",
          default_value = gatehouse_signatures::keyless::PUBLIC_GOOD_FULCIO)]
    pub fulcio_url: String,
    /// Keyless evidence signing: the Rekor instance that logs the signature.
    #[arg(long, value_name = "URL", requires = "evidence", conflicts_with = "evidence_key",
          default_value = gatehouse_signatures::keyless::PUBLIC_GOOD_REKOR)]
    pub rekor_url: String,
    /// Keyless evidence signing: the trusted root the signature made is checked against
    /// before it is written [default: the Sigstore public-good root, embedded].
    #[arg(
        long,
        value_name = "FILE",
        requires = "evidence",
        conflicts_with = "evidence_key"
    )]
    pub trusted_root: Option<PathBuf>,
}

/// Where on GitHub: each defaults to what GitHub Actions sets (GITHUB_REPOSITORY, the event
/// payload's pull request, GITHUB_SHA, GITHUB_API_URL).
#[derive(Args, Debug)]
pub struct GithubArgs {
    /// OWNER/REPO.
    #[arg(long, value_name = "OWNER/REPO")]
    pub repo: Option<String>,
    /// The pull request's number.
    #[arg(long, value_name = "N")]
    pub pr: Option<u64>,
    /// The commit the check run and the links are for (default: the pull request's head).
    #[arg(long)]
    pub sha: Option<String>,
    /// The API's address (an Enterprise server's `https://HOST/api/v3`).
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
}

#[derive(Args, Debug)]
pub struct CommentArgs {
    /// A JSON report written by `gatehouse check -o json=FILE`.
    pub report: PathBuf,
    /// The comment's identity: two gate jobs with different names keep one comment each.
    #[arg(long, default_value = "gatehouse")]
    pub name: String,
    /// No PR comment (the summary and the annotations still happen).
    #[arg(long)]
    pub no_comment: bool,
    /// No check run and no workflow commands.
    #[arg(long)]
    pub no_annotations: bool,
    #[command(flatten)]
    pub github: GithubArgs,
}

#[derive(Args, Debug)]
pub struct IssueArgs {
    /// A JSON report written by `gatehouse check -o json=FILE`.
    pub report: PathBuf,
    /// The tracking issue's label.
    #[arg(long, default_value = "gatehouse-audit")]
    pub label: String,
    /// The title of a newly opened issue.
    #[arg(long, default_value = "gatehouse audit: the gate fails")]
    pub title: String,
    #[command(flatten)]
    pub github: GithubArgs,
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The shards' JSON reports.
    #[arg(required = true, num_args = 1..)]
    pub reports: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// A JSON report written by `gatehouse check --format json` or `-o json=FILE`.
    #[arg(required_unless_present = "trend")]
    pub report: Option<PathBuf>,
    /// Render the trend over past JSON reports instead: a directory (its `*.json` files) or a
    /// glob (`audits/*.json`). Formats: html, json, and table (a line per audit).
    #[arg(long, value_name = "DIR_OR_GLOB", conflicts_with = "report")]
    pub trend: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Subcommand, Debug)]
pub enum EvidenceCommand {
    /// Check an evidence archive: the manifest's signature (by the key, or keyless by the
    /// identity and issuer), then every file's SHA-256; exit 0 verified, 1 not (naming the
    /// changed file), 2 unreadable input.
    Verify {
        /// The archive (`gatehouse-evidence-*.zip`).
        archive: PathBuf,
        #[command(flatten)]
        signer: SignerArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum BaselineCommand {
    /// Scan and write the fingerprints of every open finding to FILE.
    Create {
        /// Where to write the baseline (JSON).
        file: PathBuf,
        /// The baseline of `gatehouse audit`: the live families and the git history too.
        #[arg(long)]
        audit: bool,
        #[command(flatten)]
        scan: ScanArgs,
    },
}
