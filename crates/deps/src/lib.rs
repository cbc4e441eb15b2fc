//! The dependency audit family: lockfiles found anywhere in the tree (Cargo, npm, yarn, pnpm,
//! PyPI, Go, Maven, Gradle, RubyGems, Composer), checked against advisory databases kept on disk
//! (offline first): the RustSec advisory-db and OSV records. Findings feed P10.
//!
//! - No database for a lockfile's ecosystem: the family is BLOCKED, saying where it looked and
//!   the command that fetches one; other families go on.
//! - A lockfile that does not parse: an `errors` entry naming it and the line, P10 BLOCKED for
//!   it, the other lockfiles still audited.
//! - No lockfile at all: P10 is N/A.
//! - A database that `gatehouse db update` fetched longer ago than `deps.max_age_days`, or
//!   entries the readers could not audit (unpinned requirements): P10 WARN, saying so.

mod advisory;
mod audit;
mod cargo;
pub mod db;
mod index;
mod online;
mod osv;
pub mod version;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use gatehouse_engine::config::DepsConfig;
use gatehouse_engine::{Check, FileScan, RepoContext, RepoScan, SourceFile};
use gatehouse_lockfiles::{Ecosystem, Kind, Package, ParseError};
use gatehouse_model::{ErrorEntry, Finding};

use crate::advisory::{Advisory, AdvisorySet};
use crate::audit::Grading;

/// The family name.
pub const FAMILY: &str = "deps";

/// The policies dependency findings feed.
pub const POLICIES: &[&str] = &["P10"];

/// The RustSec database's directory under the database directory.
pub const RUSTSEC_DIR: &str = "advisory-db";

/// The OSV records' directory under the database directory: `osv/ECOSYSTEM/` (what `gatehouse
/// db update` writes: `all.zip`) and any other `*.json` / `*.zip` below `osv/`.
pub const OSV_DIR: &str = "osv";

/// How many database record errors are listed one by one.
const RECORD_ERRORS_SHOWN: usize = 20;

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

/// A lockfile the family reads, known by its name: a Cargo.lock (read here, against RustSec)
/// or one of the lockfiles crate's kinds.
#[derive(Clone, Copy)]
enum Lockfile {
    Cargo,
    Other(Kind),
}

impl Lockfile {
    fn of(rel: &str) -> Option<Lockfile> {
        if rel.rsplit('/').next() == Some("Cargo.lock") {
            return Some(Lockfile::Cargo);
        }
        Kind::of(rel).map(Lockfile::Other)
    }

    fn ecosystem(self) -> Ecosystem {
        match self {
            Lockfile::Cargo => Ecosystem::CratesIo,
            Lockfile::Other(kind) => kind.ecosystem(),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Lockfile::Cargo => "Cargo.lock",
            Lockfile::Other(kind) => kind.label(),
        }
    }
}

/// One advisory source, read (from its index when unchanged).
struct Source {
    set: AdvisorySet,
    errors: Vec<osv::RecordError>,
}

/// What auditing one lockfile's packages gave.
struct Audited {
    findings: Vec<Finding>,
    /// Packages an advisory names that could not be judged (a version or range that does not
    /// parse): the audit is incomplete, so P10 is BLOCKED.
    unjudged: Vec<String>,
    errors: Vec<ErrorEntry>,
}

/// `None`: the source is not there; `Err`: it is there but cannot be read.
type Loaded = Option<Result<Source, String>>;

#[derive(Default)]
struct State {
    lockfiles: Vec<String>,
    /// Lockfiles that could not be read.
    unusable: Vec<String>,
    /// Ecosystems with no database, and the lockfiles that needed one.
    missing: BTreeMap<Ecosystem, Vec<String>>,
    /// What could not be audited, said as a warning.
    notes: Vec<String>,
    /// Lockfiles the OSV API could not be asked about (online mode).
    unasked: Vec<String>,
    /// Packages an advisory names that no verdict could be given for.
    unjudged: Vec<String>,
}

pub struct DepsCheck {
    root: PathBuf,
    db_dir: PathBuf,
    config: DepsConfig,
    rustsec: OnceLock<Loaded>,
    /// `osv/ECOSYSTEM/`, per ecosystem (in `Ecosystem::ALL` order).
    osv: [OnceLock<Loaded>; 7],
    /// Records elsewhere under `osv/`.
    osv_other: OnceLock<Loaded>,
    online: online::Client,
    state: Mutex<State>,
}

impl DepsCheck {
    /// The check for the tree at `root` (included requirements files are read from it).
    pub fn new(root: &Path, db_dir: PathBuf, config: &DepsConfig) -> Self {
        DepsCheck {
            root: if root.is_dir() {
                root.to_path_buf()
            } else {
                root.parent().unwrap_or(root).to_path_buf()
            },
            db_dir,
            config: config.clone(),
            rustsec: OnceLock::new(),
            osv: Default::default(),
            osv_other: OnceLock::new(),
            online: online::Client::new(&config.osv_api_url),
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock only means another file's scan panicked; the state is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn rustsec(&self) -> &Loaded {
        self.rustsec.get_or_init(|| {
            let dir = self.db_dir.join(RUSTSEC_DIR);
            if !dir.join("crates").is_dir() {
                return None;
            }
            let key = index::revision_key(&dir);
            Some(
                index::cached(&self.db_dir, "rustsec", &key, || index::read_rustsec(&dir)).map(
                    |data| Source {
                        set: AdvisorySet::new(data.advisories),
                        errors: data.errors,
                    },
                ),
            )
        })
    }

    fn osv_dir(&self, ecosystem: Ecosystem) -> PathBuf {
        self.db_dir.join(OSV_DIR).join(ecosystem.osv_name())
    }

    fn osv(&self, ecosystem: Ecosystem) -> &Loaded {
        let slot = Ecosystem::ALL
            .iter()
            .position(|e| *e == ecosystem)
            .and_then(|i| self.osv.get(i));
        let Some(slot) = slot else {
            return &None;
        };
        slot.get_or_init(|| {
            let files = index::files_under(&self.osv_dir(ecosystem), &[]);
            self.osv_source(&format!("osv-{}", ecosystem.osv_name()), files)
        })
    }

    fn osv_other(&self) -> &Loaded {
        self.osv_other.get_or_init(|| {
            let skip: Vec<PathBuf> = Ecosystem::ALL.iter().map(|e| self.osv_dir(*e)).collect();
            let files = index::files_under(&self.db_dir.join(OSV_DIR), &skip);
            self.osv_source("osv-other", files)
        })
    }

    fn osv_source(&self, name: &str, files: Vec<index::FileStamp>) -> Loaded {
        let files: Vec<index::FileStamp> = files
            .into_iter()
            .filter(|f| {
                f.path
                    .extension()
                    .is_some_and(|e| e == "json" || e == "zip")
            })
            .collect();
        if files.is_empty() {
            return None;
        }
        let key = index::files_key(&self.db_dir, &files);
        let paths: Vec<PathBuf> = files.into_iter().map(|f| f.path).collect();
        Some(
            index::cached(&self.db_dir, name, &key, || Ok(osv::load(&paths))).map(|data| Source {
                set: AdvisorySet::new(data.advisories),
                errors: data.errors,
            }),
        )
    }

    /// The sources that can speak for an ecosystem's packages; empty when there is none.
    fn sources(&self, ecosystem: Ecosystem) -> Vec<&Result<Source, String>> {
        let mut sources = Vec::new();
        if ecosystem == Ecosystem::CratesIo
            && let Some(rustsec) = self.rustsec()
        {
            sources.push(rustsec);
        }
        if let Some(own) = self.osv(ecosystem) {
            sources.push(own);
        }
        if let Some(other) = self.osv_other()
            && other.as_ref().map_or(true, |s| s.set.names(ecosystem))
        {
            sources.push(other);
        }
        sources
    }

    /// A warning when `gatehouse db update` last fetched a database longer ago than the limit.
    /// A database placed by other means has no record, and no age is claimed.
    fn staleness(&self, now: jiff::Timestamp) -> Option<String> {
        let state = db::read_state(&self.db_dir)?;
        let oldest = state
            .sources()
            .filter_map(|(name, source)| {
                Some((name, db::age_in_days(&source.updated, now)?, source))
            })
            .max_by_key(|(_, days, _)| *days)?;
        let (name, days, source) = oldest;
        (days > i64::from(self.config.max_age_days)).then(|| {
            format!(
                "the {name} advisory database is {days} days old (updated {}, limit {} days): \
                 run `gatehouse db update`",
                source.updated, self.config.max_age_days
            )
        })
    }

    fn read_packages(
        &self,
        lockfile: Lockfile,
        rel: &str,
        text: &str,
    ) -> Result<gatehouse_lockfiles::Parsed, ParseError> {
        match lockfile {
            Lockfile::Cargo => Ok(gatehouse_lockfiles::Parsed {
                packages: cargo::read(text)?,
                notes: Vec::new(),
            }),
            Lockfile::Other(kind) => {
                let read = |included: &str| std::fs::read_to_string(self.root.join(included));
                gatehouse_lockfiles::parse(kind, rel, text, &read)
            }
        }
    }

    /// The findings for a lockfile's packages, and what could not be judged.
    fn audit(
        &self,
        rel: &str,
        ecosystem: Ecosystem,
        packages: &[Package],
        sources: &[&Source],
    ) -> Audited {
        let grading = Grading {
            informational: &self.config.informational,
            default_severity: self.config.default_severity,
        };
        let registry: Vec<&Package> = packages.iter().filter(|p| p.registry).collect();
        let (online, errors) = if self.config.online {
            match self.online.query(ecosystem, &registry) {
                Ok(found) => (found, Vec::new()),
                Err(e) => (
                    Vec::new(),
                    vec![
                        ErrorEntry::new(rel, None, format!("deps: OSV API: {e}")).in_family(FAMILY),
                    ],
                ),
            }
        } else {
            (Vec::new(), Vec::new())
        };
        let mut findings = Vec::new();
        let mut unjudged = Vec::new();
        for (index, package) in registry.iter().enumerate() {
            let mut verdicts = Vec::new();
            for source in sources {
                verdicts.extend(
                    source
                        .set
                        .lookup(ecosystem, &package.name, &package.version),
                );
            }
            let (mut hits, unknown) = audit::split_verdicts(verdicts);
            for (advisory, why) in unknown {
                unjudged.push(format!(
                    "{}: {} {} not checked against {}: {why}",
                    package.file.as_deref().unwrap_or(rel),
                    package.name,
                    package.version,
                    advisory.id
                ));
            }
            let online_hits: Vec<(&Advisory, Option<String>)> = online
                .iter()
                .filter(|(at, _, _)| *at == index)
                .map(|(_, advisory, fixed)| (advisory, fixed.clone()))
                .collect();
            hits.extend(online_hits);
            findings.extend(audit::findings(rel, package, &hits, &grading));
        }
        Audited {
            findings,
            unjudged,
            errors,
        }
    }
}

impl Check for DepsCheck {
    fn family(&self) -> &'static str {
        FAMILY
    }

    fn whole_repository(&self) -> bool {
        true
    }

    fn policies(&self) -> &'static [&'static str] {
        POLICIES
    }

    fn wants(&self, rel: &str) -> bool {
        Lockfile::of(rel).is_some()
    }

    fn scan_file(&self, file: &SourceFile<'_>) -> FileScan {
        // The engine shows this family only the files it wants: lockfiles.
        let Some(lockfile) = Lockfile::of(file.rel) else {
            return FileScan::skipped("not a lockfile");
        };
        let mut scan = FileScan::default();
        self.state().lockfiles.push(file.rel.to_string());
        let label = lockfile.label();
        let unusable = |scan: &mut FileScan, error: ParseError| {
            let path = error.file.as_deref().unwrap_or(file.rel);
            let mut message = format!("deps: {label} cannot be audited: {}", error.message.trim());
            if let Some(column) = error.column {
                message.push_str(&format!(" (column {column})"));
            }
            scan.errors
                .push(ErrorEntry::new(path, error.line, message).in_family(FAMILY));
            self.state().unusable.push(file.rel.to_string());
        };
        let text = match std::str::from_utf8(file.bytes) {
            Ok(text) => text,
            Err(e) => {
                let line = file.lines().line(e.valid_up_to());
                unusable(
                    &mut scan,
                    ParseError::at(Some(line), None, "not valid UTF-8"),
                );
                return scan;
            }
        };
        let ecosystem = lockfile.ecosystem();
        // Reading the lockfile and loading the advisories (from the index, first time) are
        // independent: on two cores they overlap.
        let (parsed, sources) = rayon::join(
            || self.read_packages(lockfile, file.rel, text),
            || self.sources(ecosystem),
        );
        let parsed = match parsed {
            Ok(parsed) => parsed,
            Err(error) => {
                unusable(&mut scan, error);
                return scan;
            }
        };
        if sources.is_empty() && !self.config.online {
            self.state()
                .missing
                .entry(ecosystem)
                .or_default()
                .push(file.rel.to_string());
            return scan;
        }
        // A source that cannot be read is reported once, in the repository pass.
        let usable: Vec<&Source> = sources.iter().filter_map(|s| s.as_ref().ok()).collect();
        let Audited {
            findings,
            unjudged,
            errors,
        } = self.audit(file.rel, ecosystem, &parsed.packages, &usable);
        scan.findings = findings;
        if !errors.is_empty() {
            self.state().unasked.push(file.rel.to_string());
        }
        scan.errors = errors;
        let mut notes = Vec::new();
        for note in parsed.notes {
            notes.push(format!(
                "{}:{}: {}",
                note.file.as_deref().unwrap_or(file.rel),
                note.line,
                note.message
            ));
        }
        let mut state = self.state();
        state.notes.extend(notes);
        state.unjudged.extend(unjudged);
        scan
    }

    fn scan_repo(&self, _ctx: &RepoContext<'_>) -> RepoScan {
        let mut repo = RepoScan::default();
        let state = self.state();
        if state.lockfiles.is_empty() {
            repo.not_applicable = Some(
                "no lockfile in the tree (Cargo.lock, package-lock.json, yarn.lock, \
                 pnpm-lock.yaml, requirements*.txt, poetry.lock, Pipfile.lock, uv.lock, go.mod, \
                 pom.xml, gradle.lockfile, Gemfile.lock, composer.lock)"
                    .to_string(),
            );
            return repo;
        }
        let mut blocked = Vec::new();
        // Sources that were needed and could not be read, and unreadable records in them.
        let mut record_errors = Vec::new();
        let loaded = std::iter::once(self.rustsec.get())
            .chain(self.osv.iter().map(OnceLock::get))
            .chain(std::iter::once(self.osv_other.get()));
        for source in loaded.flatten().flatten() {
            match source {
                Err(reason) => blocked.push(reason.clone()),
                Ok(source) => record_errors.extend(source.errors.iter().cloned()),
            }
        }
        if !record_errors.is_empty() {
            blocked.push(format!(
                "{} advisory record{} could not be read (see errors); fix or remove {}",
                record_errors.len(),
                if record_errors.len() == 1 { "" } else { "s" },
                if record_errors.len() == 1 {
                    "it"
                } else {
                    "them"
                },
            ));
            let hidden = record_errors.len().saturating_sub(RECORD_ERRORS_SHOWN);
            for error in record_errors.into_iter().take(RECORD_ERRORS_SHOWN) {
                repo.errors.push(
                    ErrorEntry::new(
                        error.path,
                        error.line,
                        format!("deps: advisory record: {}", error.message),
                    )
                    .in_family(FAMILY),
                );
            }
            if hidden > 0 {
                repo.errors.push(
                    ErrorEntry::new(
                        self.db_dir.join(OSV_DIR).display().to_string(),
                        None,
                        format!("deps: {hidden} more advisory records could not be read"),
                    )
                    .in_family(FAMILY),
                );
            }
        }
        for (ecosystem, lockfiles) in &state.missing {
            let mut names = lockfiles.clone();
            names.sort();
            let wanted = match ecosystem {
                Ecosystem::CratesIo => format!(
                    "{} (the RustSec database) or {}",
                    self.db_dir.join(RUSTSEC_DIR).display(),
                    self.osv_dir(*ecosystem).display()
                ),
                _ => self.osv_dir(*ecosystem).display().to_string(),
            };
            blocked.push(format!(
                "no {} advisory database at {wanted} (needed by {}): run `gatehouse db update \
                 --db-dir {}` (or point deps.db_dir / --db-dir / GATEHOUSE_DB_DIR at a \
                 directory holding one, or set deps.online)",
                ecosystem.osv_name(),
                names.join(", "),
                self.db_dir.display()
            ));
        }
        if !state.unusable.is_empty() {
            let mut names = state.unusable.clone();
            names.sort();
            names.dedup();
            blocked.push(format!(
                "{} lockfile{} could not be audited (see errors): {}",
                names.len(),
                if names.len() == 1 { "" } else { "s" },
                names.join(", ")
            ));
        }
        if !state.unjudged.is_empty() {
            let mut unjudged = state.unjudged.clone();
            unjudged.sort();
            for item in &unjudged {
                tracing::warn!("deps: {item}");
            }
            blocked.push(format!(
                "{} package{} could not be judged against an advisory naming {}: {}{}",
                unjudged.len(),
                if unjudged.len() == 1 { "" } else { "s" },
                if unjudged.len() == 1 { "it" } else { "them" },
                unjudged
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; "),
                if unjudged.len() > 3 { "; …" } else { "" }
            ));
        }
        if !state.unasked.is_empty() {
            let mut names = state.unasked.clone();
            names.sort();
            blocked.push(format!(
                "the OSV API could not be asked about {} (see errors)",
                names.join(", ")
            ));
        }
        if !blocked.is_empty() {
            repo.blocked = Some(blocked.join("; "));
        }
        let mut warnings = Vec::new();
        warnings.extend(self.staleness(jiff::Timestamp::now()));
        if !state.notes.is_empty() {
            let mut notes = state.notes.clone();
            notes.sort();
            for note in &notes {
                tracing::warn!("deps: {note}");
            }
            let shown: Vec<&str> = notes.iter().take(3).map(String::as_str).collect();
            warnings.push(format!(
                "{} dependency entr{} not audited: {}{}",
                notes.len(),
                if notes.len() == 1 { "y" } else { "ies" },
                shown.join("; "),
                if notes.len() > shown.len() {
                    "; …"
                } else {
                    ""
                }
            ));
        }
        if !warnings.is_empty() {
            repo.warning = Some(warnings.join("; "));
        }
        repo
    }
}
