//! The dependency audit family: lockfiles found anywhere in the tree, checked against advisory
//! databases kept on disk (offline first). Today: `Cargo.lock` against the RustSec advisory-db
//! (its published directory format). Findings feed P10.
//!
//! - No database where a lockfile needs one: the family is BLOCKED, saying where it looked and
//!   how to provide it; other families go on.
//! - A lockfile that does not parse: an `errors` entry naming it (and the line, where the TOML
//!   says), P10 BLOCKED for it, the other lockfiles still audited.
//! - No lockfile at all: P10 is N/A.
//! - A database that `gatehouse db update` fetched longer ago than `deps.max_age_days`: P10
//!   WARN, saying how old.

mod cargo;
pub mod db;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use gatehouse_engine::config::{DepsConfig, InformationalConfig};
use gatehouse_engine::{Check, FileScan, RepoContext, RepoScan, SourceFile};

/// The family name.
pub const FAMILY: &str = "deps";

/// The policies dependency findings feed.
pub const POLICIES: &[&str] = &["P10"];

/// The RustSec database's directory under the database directory.
pub const RUSTSEC_DIR: &str = "advisory-db";

/// The default database directory: `$GATEHOUSE_DB_DIR`, else `$XDG_CACHE_HOME/gatehouse/db`,
/// else `~/.cache/gatehouse/db`.
pub fn default_db_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("GATEHOUSE_DB_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(cache.join("gatehouse").join("db"))
}

pub struct DepsCheck {
    db_dir: PathBuf,
    informational: InformationalConfig,
    max_age_days: u32,
    /// Opened on the first lockfile that needs it; `Err` says why it cannot be used.
    rustsec: OnceLock<Result<rustsec::Database, String>>,
    /// Lockfiles seen, and those that could not be read.
    lockfiles: Mutex<Vec<String>>,
    unusable: Mutex<Vec<String>>,
}

impl DepsCheck {
    pub fn new(db_dir: PathBuf, config: &DepsConfig) -> Self {
        DepsCheck {
            db_dir,
            informational: config.informational.clone(),
            max_age_days: config.max_age_days,
            rustsec: OnceLock::new(),
            lockfiles: Mutex::new(Vec::new()),
            unusable: Mutex::new(Vec::new()),
        }
    }

    fn rustsec(&self) -> &Result<rustsec::Database, String> {
        self.rustsec.get_or_init(|| open_rustsec(&self.db_dir))
    }

    fn note(list: &Mutex<Vec<String>>, rel: &str) {
        // A poisoned lock only means another file's scan panicked; the list is still usable.
        let mut list = list.lock().unwrap_or_else(|e| e.into_inner());
        list.push(rel.to_string());
    }

    /// A warning when `gatehouse db update` last fetched the RustSec database longer ago than
    /// the limit. A database placed by other means has no record, and no age is claimed.
    fn staleness(&self, now: jiff::Timestamp) -> Option<String> {
        let source = db::read_state(&self.db_dir)?.rustsec?;
        let days = db::age_in_days(&source.updated, now)?;
        (days > i64::from(self.max_age_days)).then(|| {
            format!(
                "the RustSec advisory database is {days} days old (updated {}, limit {} days): \
                 run `gatehouse db update`",
                source.updated, self.max_age_days
            )
        })
    }
}

fn open_rustsec(db_dir: &Path) -> Result<rustsec::Database, String> {
    let dir = db_dir.join(RUSTSEC_DIR);
    if !dir.join("crates").is_dir() {
        return Err(format!(
            "no RustSec advisory database at {}: run `gatehouse db update --db-dir {}` (or point \
             deps.db_dir / --db-dir / GATEHOUSE_DB_DIR at a directory holding advisory-db/)",
            dir.display(),
            db_dir.display()
        ));
    }
    rustsec::Database::open(&dir).map_err(|e| {
        format!(
            "the RustSec advisory database at {} cannot be read: {e}",
            dir.display()
        )
    })
}

impl Check for DepsCheck {
    fn family(&self) -> &'static str {
        FAMILY
    }

    fn policies(&self) -> &'static [&'static str] {
        POLICIES
    }

    fn wants(&self, rel: &str) -> bool {
        rel.rsplit('/').next() == Some("Cargo.lock")
    }

    fn scan_file(&self, file: &SourceFile<'_>) -> FileScan {
        Self::note(&self.lockfiles, file.rel);
        let Ok(db) = self.rustsec() else {
            return FileScan::default();
        };
        let scan = cargo::audit(file, db, &self.informational);
        if !scan.errors.is_empty() {
            Self::note(&self.unusable, file.rel);
        }
        scan
    }

    fn scan_repo(&self, _ctx: &RepoContext<'_>) -> RepoScan {
        let mut repo = RepoScan::default();
        let seen = self.lockfiles.lock().unwrap_or_else(|e| e.into_inner());
        if seen.is_empty() {
            repo.not_applicable = Some("no lockfile in the tree (Cargo.lock)".to_string());
            return repo;
        }
        if let Some(Err(reason)) = self.rustsec.get() {
            repo.blocked = Some(reason.clone());
            return repo;
        }
        repo.warning = self.staleness(jiff::Timestamp::now());
        let unusable = self.unusable.lock().unwrap_or_else(|e| e.into_inner());
        if !unusable.is_empty() {
            let mut names = unusable.clone();
            names.sort();
            repo.blocked = Some(format!(
                "{} lockfile{} could not be audited (see errors): {}",
                names.len(),
                if names.len() == 1 { "" } else { "s" },
                names.join(", ")
            ));
        }
        repo
    }
}
