//! Wiring a scan: configuration and command-line overrides, the registered families,
//! exceptions and baseline, then the engine's run.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use gatehouse_engine::check::{redact_text, secret_pieces};
use gatehouse_engine::config::{DEFAULT_EXCEPTIONS_FILE, load_exceptions};
use gatehouse_engine::discover::DiscoveredFile;
use gatehouse_engine::{Baseline, Check, Config, RunRequest, Shard, SourceFile};
use gatehouse_facts::PoliciesCheck;
use gatehouse_model::{FailOn, Report, Status};
use gatehouse_secrets::SecretsCheck;

use crate::cli::ScanArgs;
use crate::families::{self, Selection, Setup};

pub fn run(args: &ScanArgs) -> Result<Report> {
    run_with_facts(args).map(|(report, _)| report)
}

/// [`run`], and the live facts the live families read.
pub fn run_with_facts(
    args: &ScanArgs,
) -> Result<(Report, serde_json::Map<String, serde_json::Value>)> {
    if !args.path.exists() {
        bail!("{}: no such file or directory", args.path.display());
    }
    // With --staged, the scanned tree is the index's content in a temporary directory, and
    // everything else (configuration, rules, baseline) is the work tree's.
    let staged = if args.staged {
        Some(crate::staged::checkout(&args.path)?)
    } else {
        None
    };
    let (root, base): (&Path, &Path) = match &staged {
        Some(staged) => (staged.root(), staged.top.as_path()),
        None => (args.path.as_path(), config_dir(args.path.as_path())),
    };
    // `git rev-parse` is a process of its own (a few milliseconds): it runs beside the scan.
    let head = {
        let dir = base.to_path_buf();
        std::thread::spawn(move || git_head(&dir))
    };
    let mut config = Config::discover(
        if staged.is_some() { base } else { root },
        args.config.as_deref(),
    )?;
    if let Some(fail_on) = &args.fail_on {
        config.fail_on = fail_on
            .parse::<FailOn>()
            .map_err(anyhow::Error::msg)
            .context("--fail-on")?;
    }
    let shard = args.shard.as_deref().map(parse_shard).transpose()?;
    if args.history {
        config.secrets.history = true;
    }
    if args.restore_test {
        config.live.backups.restore_test = true;
    }
    config.dast.cli_target = args.dast_target.clone();
    // The history and the whole-repository families are the first shard's.
    let later_shard = shard.is_some_and(|s| s.index > 0);
    if later_shard {
        config.secrets.history = false;
    }
    let selection = Selection {
        live: args.live,
        only: args.only.as_deref(),
        later_shard,
    };
    selection.check_only()?;

    // The secrets check also redacts every other family's findings, even when not selected.
    let secrets =
        Arc::new(SecretsCheck::new(root, &config.secrets).context("secrets configuration")?);
    let db_dir = || db_dir(base, args, &config);
    let families::Checks { checks, selected } = families::checks(
        &selection,
        &Setup {
            root,
            base,
            config: &config,
            db_dir: &db_dir,
            secrets: &secrets,
            policy_base: policy_base(base, &config),
        },
    )?;

    let mut exceptions = config.exceptions.clone();
    let exceptions_path = match (&args.exceptions, &config.exceptions_file) {
        (Some(path), _) => Some(path.clone()),
        (None, Some(name)) => Some(base.join(name)),
        (None, None) => {
            let default = base.join(DEFAULT_EXCEPTIONS_FILE);
            default.is_file().then_some(default)
        }
    };
    if let Some(path) = exceptions_path {
        exceptions.extend(load_exceptions(&path, &path.display().to_string())?);
    }

    let baseline_path = args
        .baseline
        .clone()
        .or_else(|| config.baseline.as_ref().map(|b| base.join(b)));
    let baseline = baseline_path.as_deref().map(Baseline::load).transpose()?;

    let changes = if args.new_only {
        let base = match &args.diff_base {
            Some(base) => base.clone(),
            None => match std::env::var("GITHUB_BASE_REF") {
                Ok(base) if !base.trim().is_empty() => format!("origin/{}", base.trim()),
                _ => bail!(
                    "--new-only needs --diff-base REF (or GITHUB_BASE_REF, set on pull requests)"
                ),
            },
        };
        Some(
            gatehouse_engine::diff::Changes::from_git(root, &base)
                .with_context(|| format!("--new-only: the changes since `{base}`"))?,
        )
    } else {
        None
    };

    let staged_filter = staged
        .as_ref()
        .map(|staged| |file: &DiscoveredFile| staged.paths.contains(&file.rel));
    let today = jiff::Zoned::now().date();
    let (mut report, live_facts) = gatehouse_engine::run_with_facts(RunRequest {
        root,
        config: &config,
        checks: &checks,
        selected: &selected,
        exceptions,
        baseline: baseline.as_ref(),
        today,
        tool_version: env!("CARGO_PKG_VERSION"),
        redactor: Some(secrets.as_ref()),
        file_filter: staged_filter
            .as_ref()
            .map(|f| f as &dyn Fn(&DiscoveredFile) -> bool),
        shard,
        changes: changes.as_ref(),
    });
    if let Some(changes) = &changes {
        report.run.diff_base = Some(format!("{} ({})", changes.base, changes.merge_base));
    }
    report.run.commit = head.join().ok().flatten();
    if let Some(staged) = &staged {
        report.run.path = format!("{} (staged)", staged.top.display());
        // Nothing to check among the staged files is not nothing in the repository.
        for policy in &mut report.policies {
            if policy.status == Status::NotApplicable
                && let Some(reason) = &mut policy.reason
            {
                reason.push_str(
                    " among the staged files: --staged checks only what the commit changes, and none of it is for this policy",
                );
            }
        }
    }
    tracing::debug!(
        findings = report.findings.len(),
        errors = report.errors.len(),
        "scan finished"
    );
    Ok((report, live_facts))
}

/// The facts document of `root`: the policies family alone reads the tree (no policy is
/// evaluated). Scripts and env values of workflows are shown as written, so every secret the
/// secrets rules find in the files read is redacted, as in every report.
pub fn facts(root: &Path, config_path: Option<&Path>, live: bool) -> Result<serde_json::Value> {
    if !root.exists() {
        bail!("{}: no such file or directory", root.display());
    }
    let config = Config::discover(root, config_path)?;
    let secrets =
        Arc::new(SecretsCheck::new(root, &config.secrets).context("secrets configuration")?);
    let check = Arc::new(PoliciesCheck::reader(&config.policies));
    let checks: Vec<Box<dyn Check>> = vec![Box::new(Arc::clone(&check))];
    let selected = vec![gatehouse_facts::FAMILY.to_string()];
    let report = gatehouse_engine::run(RunRequest {
        root,
        config: &config,
        checks: &checks,
        selected: &selected,
        exceptions: Vec::new(),
        baseline: None,
        today: jiff::Zoned::now().date(),
        tool_version: env!("CARGO_PKG_VERSION"),
        redactor: None,
        file_filter: None,
        shard: None,
        changes: None,
    });
    for error in &report.errors {
        tracing::warn!(
            "{}:{}: {}",
            error.path,
            error.line.unwrap_or(0),
            error.message
        );
    }
    let mut pieces: Vec<String> = Vec::new();
    for rel in check.paths_read() {
        let Ok(bytes) = std::fs::read(config_dir(root).join(&rel)) else {
            continue;
        };
        pieces.extend(secret_pieces(
            secrets.as_ref(),
            &SourceFile::new(&rel, &bytes),
        ));
    }
    // Longest first (as secret_pieces orders one file's), duplicates next to each other.
    pieces.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    pieces.dedup();
    let mut document = serde_json::to_value(check.facts())?;
    if live {
        // The live families' repository passes alone, in the table's order: what they read off
        // the systems, and why a part could not be read (on stderr, as the errors above).
        let base = config_dir(root);
        let db_dir = || crate::db_cmd::resolve_db_dir(None, base, &config);
        let setup = Setup {
            root,
            base,
            config: &config,
            db_dir: &db_dir,
            secrets: &secrets,
            policy_base: policy_base(base, &config),
        };
        let mut live_facts = serde_json::Map::new();
        for family in families::FAMILIES
            .iter()
            .filter(|f| f.live && (f.enabled)(&config))
        {
            let live_check = (family.build)(&setup)?;
            // A live family that reads the tree (the images the manifests reference) sees the
            // files the facts were read from.
            for rel in check.paths_read() {
                if live_check.wants(&rel)
                    && let Ok(bytes) = std::fs::read(base.join(&rel))
                {
                    live_check.scan_file(&SourceFile::new(&rel, &bytes));
                }
            }
            let mut repo = live_check.scan_repo(&gatehouse_engine::RepoContext {
                root,
                config: &config,
                findings: &[],
                live_facts: &live_facts,
            });
            for verdict in repo.verdicts.iter().filter(|v| v.status != Status::Pass) {
                tracing::warn!(
                    "{} {} {}: {}",
                    family.name,
                    verdict.policy,
                    verdict.status,
                    verdict.reason.as_deref().unwrap_or("")
                );
            }
            live_facts.append(&mut repo.live_facts);
        }
        if let Some(map) = document.as_object_mut() {
            map.insert("live".to_string(), serde_json::Value::Object(live_facts));
        }
    }
    redact_strings(&mut document, &secrets, &pieces);
    Ok(document)
}

/// Redact `pieces` in every string of a JSON value.
fn redact_strings(value: &mut serde_json::Value, secrets: &SecretsCheck, pieces: &[String]) {
    match value {
        serde_json::Value::String(text) => redact_text(secrets, pieces, text),
        serde_json::Value::Array(items) => {
            for item in items {
                redact_strings(item, secrets, pieces);
            }
        }
        serde_json::Value::Object(map) => {
            for item in map.values_mut() {
                redact_strings(item, secrets, pieces);
            }
        }
        _ => {}
    }
}

/// `I/N` (1-based) as a shard.
fn parse_shard(text: &str) -> Result<Shard> {
    let parsed = text
        .split_once('/')
        .and_then(|(i, n)| Some((i.trim().parse::<u32>().ok()?, n.trim().parse::<u32>().ok()?)));
    match parsed {
        Some((i, n)) if n >= 1 && (1..=n).contains(&i) => Ok(Shard {
            index: i - 1,
            count: n,
        }),
        _ => bail!("--shard `{text}`: expected I/N with 1 <= I <= N, e.g. 2/4"),
    }
}

/// The advisory database directory: `--db-dir`, else `deps.db_dir` (relative to `base`, the
/// scanned directory), else the default (`$GATEHOUSE_DB_DIR` or the user cache).
fn db_dir(base: &Path, args: &ScanArgs, config: &Config) -> Result<std::path::PathBuf> {
    crate::db_cmd::resolve_db_dir(args.db_dir.as_deref(), base, config)
}

/// The directory `policies.paths` are relative to: the configuration file's, else `base`.
fn policy_base<'a>(base: &'a Path, config: &'a Config) -> &'a Path {
    config
        .source
        .as_deref()
        .and_then(Path::parent)
        .unwrap_or(base)
}

/// The directory relative config paths are resolved against: the root, or the directory of a
/// single scanned file.
pub(crate) fn config_dir(root: &Path) -> &Path {
    if root.is_dir() {
        root
    } else {
        root.parent().unwrap_or(root)
    }
}

/// The commit checked out at `root`, if it is in a git work tree.
fn git_head(root: &Path) -> Option<String> {
    let head =
        gatehouse_engine::git::text(config_dir(root), &["rev-parse", "--verify", "-q", "HEAD"]);
    head.ok()
        .map(|out| out.trim().to_string())
        .filter(|s| !s.is_empty())
}
