//! Which files a run scans: a walk of the root with the `ignore` crate that respects
//! `.gitignore`, `.gatehouseignore` and `scan.exclude`, skips `.git`, and turns every file it
//! cannot or will not scan into a counted skip (and, where it is a problem, an error entry) —
//! nothing here aborts the run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gatehouse_model::ErrorEntry;
use ignore::WalkBuilder;
use ignore::overrides::OverrideBuilder;

use crate::config::ScanConfig;

/// Name of gatehouse's own ignore file (gitignore syntax), honoured in every directory.
pub const IGNORE_FILE_NAME: &str = ".gatehouseignore";

/// A file to scan.
#[derive(Debug, Clone)]
pub struct DiscoveredFile {
    pub path: PathBuf,
    /// Path relative to the root, with `/` separators.
    pub rel: String,
    pub size: u64,
}

/// The outcome of discovery.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<DiscoveredFile>,
    /// Files not scanned, by reason.
    pub skipped: BTreeMap<String, u64>,
    pub errors: Vec<ErrorEntry>,
}

impl Discovery {
    fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_default() += 1;
    }
}

/// Walk `root` (a directory or a single file).
pub fn discover(root: &Path, scan: &ScanConfig) -> Discovery {
    let mut out = Discovery::default();
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(!scan.hidden)
        .follow_links(scan.follow_symlinks)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .parents(true)
        .add_custom_ignore_filename(IGNORE_FILE_NAME)
        .filter_entry(|entry| entry.file_name() != ".git");
    if !scan.exclude.is_empty() {
        let mut overrides = OverrideBuilder::new(root);
        for glob in &scan.exclude {
            // An override glob selects files; `!glob` excludes them.
            if let Err(e) = overrides.add(&format!("!{glob}")) {
                out.errors.push(
                    ErrorEntry::new(
                        "gatehouse.toml",
                        None,
                        format!("scan.exclude `{glob}`: {e}"),
                    )
                    .in_family("discovery"),
                );
            }
        }
        match overrides.build() {
            Ok(built) => {
                builder.overrides(built);
            }
            Err(e) => out.errors.push(
                ErrorEntry::new("gatehouse.toml", None, format!("scan.exclude: {e}"))
                    .in_family("discovery"),
            ),
        }
    }

    for result in builder.build() {
        let entry = match result {
            Ok(entry) => entry,
            Err(err) => {
                let problem = describe_walk_error(root, &err);
                out.skip(if problem.is_loop {
                    "symlink loop"
                } else {
                    "unreadable"
                });
                out.errors.push(
                    ErrorEntry::new(problem.path, None, problem.message).in_family("discovery"),
                );
                continue;
            }
        };
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            continue;
        }
        let rel = relative(root, entry.path());
        if file_type.is_symlink() {
            // Only reached when links are not followed.
            out.skip("symlink");
            continue;
        }
        if !file_type.is_file() {
            out.skip("not a regular file");
            continue;
        }
        let size = match entry.metadata() {
            Ok(meta) => meta.len(),
            Err(e) => {
                out.skip("unreadable");
                out.errors.push(
                    ErrorEntry::new(rel, None, format!("cannot read metadata: {e}"))
                        .in_family("discovery"),
                );
                continue;
            }
        };
        if size > scan.max_file_size {
            out.skip("too large");
            out.errors.push(
                ErrorEntry::new(
                    rel,
                    None,
                    format!(
                        "skipped: {} bytes is over scan.max_file_size ({} bytes)",
                        size, scan.max_file_size
                    ),
                )
                .in_family("discovery"),
            );
            continue;
        }
        if size == 0 {
            out.skip("empty");
            continue;
        }
        out.files.push(DiscoveredFile {
            path: entry.path().to_path_buf(),
            rel,
            size,
        });
    }
    out.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// `path` relative to `root`, `/`-separated; the file name when root is the file itself.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = match path.strip_prefix(root) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel,
        _ => path.file_name().map_or(path, Path::new),
    };
    rel.to_string_lossy().replace('\\', "/")
}

/// A walk error, located and explained.
struct WalkProblem {
    path: String,
    message: String,
    is_loop: bool,
}

fn describe_walk_error(root: &Path, err: &ignore::Error) -> WalkProblem {
    match err {
        ignore::Error::WithPath { path, err } => {
            let inner = describe_walk_error(root, err);
            WalkProblem {
                path: relative(root, path),
                ..inner
            }
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_walk_error(root, err)
        }
        ignore::Error::Loop { ancestor, child } => WalkProblem {
            path: relative(root, child),
            message: format!(
                "symlink loop: {} points back to its ancestor {}; not followed",
                relative(root, child),
                relative(root, ancestor)
            ),
            is_loop: true,
        },
        ignore::Error::Io(e) => WalkProblem {
            path: String::new(),
            message: format!("cannot read: {e}"),
            is_loop: false,
        },
        other => WalkProblem {
            path: String::new(),
            message: other.to_string(),
            is_loop: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn respects_ignore_files_and_excludes_and_skips_git() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "x").unwrap();
        std::fs::write(root.join(".gitignore"), "ignored.txt\n").unwrap();
        std::fs::write(root.join(IGNORE_FILE_NAME), "fixtures/\n").unwrap();
        std::fs::create_dir_all(root.join("fixtures")).unwrap();
        std::fs::write(root.join("fixtures/a.txt"), "x").unwrap();
        std::fs::write(root.join("ignored.txt"), "x").unwrap();
        std::fs::write(root.join("kept.txt"), "x").unwrap();
        std::fs::write(root.join("vendor.js"), "x").unwrap();
        std::fs::write(root.join(".env"), "x").unwrap();
        let scan = ScanConfig {
            exclude: vec!["vendor.js".into()],
            ..ScanConfig::default()
        };
        let found = discover(root, &scan);
        let names: Vec<_> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            names,
            [".env", ".gatehouseignore", ".gitignore", "kept.txt"]
        );
        assert!(found.errors.is_empty(), "{:?}", found.errors);
    }

    #[test]
    fn oversized_files_are_skipped_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("big.txt"), vec![b'a'; 2000]).unwrap();
        std::fs::write(dir.path().join("small.txt"), "a").unwrap();
        let scan = ScanConfig {
            max_file_size: 1000,
            ..ScanConfig::default()
        };
        let found = discover(dir.path(), &scan);
        assert_eq!(found.files.len(), 1);
        assert_eq!(found.skipped.get("too large"), Some(&1));
        assert_eq!(found.errors[0].path, "big.txt");
        assert!(found.errors[0].message.contains("max_file_size"));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_when_following_links() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a");
        std::fs::create_dir_all(&sub).unwrap();
        std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
        std::fs::write(sub.join("f.txt"), "x").unwrap();
        let scan = ScanConfig {
            follow_symlinks: true,
            ..ScanConfig::default()
        };
        let found = discover(dir.path(), &scan);
        assert_eq!(found.files.len(), 1);
        assert!(
            found
                .errors
                .iter()
                .any(|e| e.message.contains("symlink loop") && e.path == "a/loop"),
            "{:?}",
            found.errors
        );
        let not_following = discover(dir.path(), &ScanConfig::default());
        assert_eq!(not_following.skipped.get("symlink"), Some(&1));
    }
}
