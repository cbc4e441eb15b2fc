//! `gatehouse db update`: fetch the advisory databases the dependency family reads.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use gatehouse_engine::config::Config;
use gatehouse_lockfiles::Ecosystem;

use crate::EXIT_ERROR;
use crate::cli::DbUpdateArgs;

/// The database directory: the one given, else `deps.db_dir` (relative to `base`, the
/// configuration's directory), else the default (`$GATEHOUSE_DB_DIR` or the user cache).
pub fn resolve_db_dir(given: Option<&Path>, base: &Path, config: &Config) -> Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = &config.deps.db_dir {
        return Ok(base.join(dir));
    }
    gatehouse_deps::default_db_dir().context(
        "no advisory database directory: set --db-dir, deps.db_dir or GATEHOUSE_DB_DIR (HOME is not set)",
    )
}

/// The first non-empty of a flag, a configuration value and an environment variable.
fn setting(flag: Option<String>, config: Option<&String>, env: &str) -> Option<String> {
    flag.or_else(|| config.cloned())
        .or_else(|| std::env::var(env).ok())
        .filter(|u| !u.is_empty())
}

pub fn db_update(args: DbUpdateArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("no current directory")?;
    let config = Config::discover(&cwd, args.config.as_deref())?;
    let base = match &args.config {
        Some(file) => file.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => cwd,
    };
    let dir = resolve_db_dir(args.db_dir.as_deref(), &base, &config)?;
    for source in &args.sources {
        if source != "rustsec" && source != "osv" {
            bail!("--sources: unknown source `{source}` (known: rustsec, osv)");
        }
    }
    let known: Vec<&str> = Ecosystem::ALL.iter().map(|e| e.osv_name()).collect();
    let ecosystems = args
        .ecosystems
        .or_else(|| config.deps.ecosystems.clone())
        .unwrap_or_else(|| known.iter().map(|e| e.to_string()).collect());
    for ecosystem in &ecosystems {
        if !known.contains(&ecosystem.as_str()) {
            bail!(
                "unknown OSV ecosystem `{ecosystem}` (known: {})",
                known.join(", ")
            );
        }
    }
    let mut failed = 0;
    if args.sources.iter().any(|s| s == "rustsec") {
        let url = setting(
            args.rustsec_url,
            config.deps.rustsec_url.as_ref(),
            "GATEHOUSE_RUSTSEC_URL",
        )
        .unwrap_or_else(|| gatehouse_deps::db::DEFAULT_RUSTSEC_URL.to_string());
        match gatehouse_deps::db::update_rustsec(&dir, &url) {
            Ok(source) => eprintln!(
                "gatehouse: RustSec advisory-db at {} is {} from {} ({})",
                dir.join(gatehouse_deps::RUSTSEC_DIR).display(),
                source.revision,
                source.url,
                source.updated
            ),
            Err(e) => {
                failed += 1;
                eprintln!("gatehouse: error: RustSec advisory-db: {e}");
            }
        }
    }
    if args.sources.iter().any(|s| s == "osv") {
        let base = setting(
            args.osv_url,
            config.deps.osv_url.as_ref(),
            "GATEHOUSE_OSV_URL",
        )
        .unwrap_or_else(|| gatehouse_deps::db::DEFAULT_OSV_URL.to_string());
        for ecosystem in &ecosystems {
            match gatehouse_deps::db::update_osv(&dir, &base, ecosystem) {
                Ok(source) => eprintln!(
                    "gatehouse: OSV {ecosystem} at {} is {} from {} ({})",
                    dir.join(gatehouse_deps::OSV_DIR).join(ecosystem).display(),
                    source.revision,
                    source.url,
                    source.updated
                ),
                Err(e) => {
                    failed += 1;
                    eprintln!("gatehouse: error: OSV {ecosystem}: {e}");
                }
            }
        }
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_ERROR)
    })
}
