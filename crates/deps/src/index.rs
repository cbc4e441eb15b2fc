//! The compact index: each advisory source, once read, is kept in `DB_DIR/index/NAME.json` as
//! the advisories gatehouse matches against (withdrawn ones and other ecosystems already
//! dropped), keyed by the source's revision — its git commit when it is a clone, else a digest
//! of its files' names, sizes and modification times. A scan whose source has not changed
//! reads the index instead of thousands of advisory files; any change rebuilds it.
//!
//! The index is a cache: when it cannot be written (a read-only database directory) the scan
//! goes on from the source, and a damaged index is rebuilt.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::advisory::{Advisory, Affected, Event, Origin, Range};
use crate::osv::RecordError;

/// Bumped whenever the cached form changes, so an index from an older gatehouse is rebuilt.
const FORMAT: u32 = 1;

/// What a source gave: advisories, and records that could not be read.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct SourceData {
    pub advisories: Vec<Advisory>,
    pub errors: Vec<RecordError>,
}

#[derive(Serialize, Deserialize)]
struct IndexFile {
    format: u32,
    key: String,
    data: SourceData,
}

/// The source's data from the index when its key matches, else from `build` (then cached).
pub fn cached(
    db_dir: &Path,
    name: &str,
    key: &str,
    build: impl FnOnce() -> Result<SourceData, String>,
) -> Result<SourceData, String> {
    let path = db_dir.join("index").join(format!("{name}.json"));
    // What gatehouse keeps of a record may change between releases: the release is in the key.
    let versioned = format!("{}:{key}", env!("CARGO_PKG_VERSION"));
    if let Ok(bytes) = std::fs::read(&path) {
        match serde_json::from_slice::<IndexFile>(&bytes) {
            Ok(index) if index.format == FORMAT && index.key == versioned => {
                return Ok(index.data);
            }
            Ok(_) => tracing::debug!("{}: out of date, rebuilding", path.display()),
            Err(e) => tracing::debug!("{}: unreadable ({e}), rebuilding", path.display()),
        }
    }
    let data = build()?;
    let index = IndexFile {
        format: FORMAT,
        key: versioned,
        data,
    };
    if let Err(e) = write_atomically(&path, &index) {
        tracing::debug!("{}: index not written: {e}", path.display());
    }
    Ok(index.data)
}

fn write_atomically(path: &Path, index: &IndexFile) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let json = serde_json::to_vec(index).map_err(std::io::Error::other)?;
    // A temporary file of its own, renamed into place: concurrent writers never mix.
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&json)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A file of a source, with what says it changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileStamp {
    pub path: PathBuf,
    pub size: u64,
    pub modified_ns: u128,
}

/// Every file under `dir` (recursively, `.git` and the directories in `skip` left out), sorted.
pub fn files_under(dir: &Path, skip: &[PathBuf]) -> Vec<FileStamp> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            // Links followed: a linked archive's own size and time are what change.
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                if entry.file_name() != ".git" && !skip.contains(&path) {
                    stack.push(path);
                }
                continue;
            }
            let modified_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            files.push(FileStamp {
                path,
                size: meta.len(),
                modified_ns,
            });
        }
    }
    files.sort();
    files
}

/// A key for a set of files: a digest of their paths (relative to `base`), sizes and
/// modification times.
pub fn files_key(base: &Path, files: &[FileStamp]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in files {
        file.path
            .strip_prefix(base)
            .unwrap_or(&file.path)
            .hash(&mut hasher);
        file.size.hash(&mut hasher);
        file.modified_ns.hash(&mut hasher);
    }
    format!("files:{}:{:016x}", files.len(), hasher.finish())
}

/// A revision key for a directory: `git:COMMIT` for a git clone, else [`files_key`] of its
/// files.
pub fn revision_key(dir: &Path) -> String {
    match git_head(dir) {
        Some(commit) => format!("git:{commit}"),
        None => files_key(dir, &files_under(dir, &[])),
    }
}

/// The commit a git clone has checked out, read from `.git` without running git.
fn git_head(dir: &Path) -> Option<String> {
    let git = dir.join(".git");
    let head = std::fs::read_to_string(git.join("HEAD")).ok()?;
    let head = head.trim();
    let Some(reference) = head.strip_prefix("ref: ") else {
        return Some(head.to_string());
    };
    if let Ok(commit) = std::fs::read_to_string(git.join(reference)) {
        return Some(commit.trim().to_string());
    }
    let packed = std::fs::read_to_string(git.join("packed-refs")).ok()?;
    packed.lines().find_map(|line| {
        let (commit, name) = line.split_once(' ')?;
        (name == reference).then(|| commit.to_string())
    })
}

/// The RustSec advisory-db as advisories: the crates collection, withdrawn advisories and those
/// for other registries left out (as cargo-audit's query does), `patched`/`unaffected` turned
/// into SEMVER ranges by the `rustsec` crate's own conversion.
pub fn read_rustsec(dir: &Path) -> Result<SourceData, String> {
    let db = rustsec::Database::open(dir).map_err(|e| {
        format!(
            "the RustSec advisory database at {} cannot be read: {e}",
            dir.display()
        )
    })?;
    let mut advisories = Vec::new();
    for advisory in db.iter() {
        let meta = &advisory.metadata;
        if meta.withdrawn.is_some()
            || meta.collection != Some(rustsec::Collection::Crates)
            || meta
                .source
                .as_ref()
                .is_some_and(|s| !s.is_default_registry())
        {
            continue;
        }
        let ranges = rustsec::osv::ranges_for_advisory(&advisory.versions)
            .into_iter()
            .map(|range| {
                let mut events = vec![Event::Introduced(
                    range
                        .introduced
                        .map_or_else(|| "0".to_string(), |v| v.to_string()),
                )];
                if let Some(fixed) = range.fixed {
                    events.push(Event::Fixed(fixed.to_string()));
                }
                Range {
                    kind: "SEMVER".to_string(),
                    events,
                }
            })
            .collect();
        let os = advisory
            .affected
            .as_ref()
            .map(|a| a.os.iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        advisories.push(Advisory {
            id: meta.id.to_string(),
            origin: Origin::RustSec,
            aliases: meta.aliases.iter().map(ToString::to_string).collect(),
            related: meta.related.iter().map(ToString::to_string).collect(),
            summary: meta.title.clone(),
            details: meta.description.clone(),
            url: meta.url.as_ref().map(ToString::to_string),
            cvss: meta.cvss.iter().map(ToString::to_string).collect(),
            severity_label: None,
            informational: meta.informational.as_ref().map(|i| i.as_str().to_string()),
            affected: vec![Affected {
                ecosystem: gatehouse_lockfiles::Ecosystem::CratesIo,
                name: meta.package.as_str().to_string(),
                ranges,
                versions: Vec::new(),
                os,
            }],
        });
    }
    Ok(SourceData {
        advisories,
        errors: Vec::new(),
    })
}
