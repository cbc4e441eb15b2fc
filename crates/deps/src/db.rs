//! The advisory databases on disk: fetching them (`gatehouse db update`) and recording which
//! revision was fetched when (`gatehouse-db.json` in the database directory), so that a scan
//! can say how old its database is.
//!
//! The RustSec advisory-db is a git repository: the first update clones it (shallow), later
//! ones fetch the remote's HEAD and check it out. Credentials in a URL are never printed.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};

/// Where `gatehouse db update` fetches the RustSec advisory-db from by default.
pub const DEFAULT_RUSTSEC_URL: &str = "https://github.com/rustsec/advisory-db.git";

/// The record of updates, in the database directory.
pub const STATE_FILE: &str = "gatehouse-db.json";

/// What `gatehouse db update` fetched, per source.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DbState {
    pub rustsec: Option<SourceState>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceState {
    /// The URL fetched from, credentials removed.
    pub url: String,
    /// The git commit checked out.
    pub revision: String,
    /// When (RFC 3339, UTC).
    pub updated: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("git {what} failed: {detail}")]
    Git { what: String, detail: String },
}

/// Fetch (or refresh) the RustSec advisory-db into `db_dir/advisory-db` and record it.
pub fn update_rustsec(db_dir: &Path, url: &str) -> Result<SourceState, DbError> {
    let io = |path: &Path, e: std::io::Error| DbError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(db_dir).map_err(|e| io(db_dir, e))?;
    let repo = db_dir.join(crate::RUSTSEC_DIR);
    if repo.join(".git").exists() {
        git(
            &repo,
            &["fetch", "--quiet", "--depth", "1", url, "HEAD"],
            url,
        )?;
        git(&repo, &["reset", "--quiet", "--hard", "FETCH_HEAD"], url)?;
    } else if repo.exists() {
        return Err(DbError::Io {
            path: repo,
            message: "exists and is not a git clone; remove it, or choose another --db-dir"
                .to_string(),
        });
    } else {
        let target = repo.to_string_lossy().into_owned();
        git(
            db_dir,
            &["clone", "--quiet", "--depth", "1", url, &target],
            url,
        )?;
    }
    let revision = git(&repo, &["rev-parse", "HEAD"], url)?;
    let source = SourceState {
        url: without_credentials(url),
        revision: revision.trim().to_string(),
        updated: jiff::Timestamp::now().to_string(),
    };
    let mut state = read_state(db_dir).unwrap_or_default();
    state.rustsec = Some(source.clone());
    let path = db_dir.join(STATE_FILE);
    let json = serde_json::to_string_pretty(&state).map_err(|e| DbError::Io {
        path: path.clone(),
        message: e.to_string(),
    })?;
    std::fs::write(&path, json + "\n").map_err(|e| io(&path, e))?;
    Ok(source)
}

/// Run git in `dir`; its stdout, or an error with its stderr (the URL's credentials masked).
fn git(dir: &Path, args: &[&str], url: &str) -> Result<String, DbError> {
    let masked = without_credentials(url);
    let shown = |text: &str| text.replace(url, &masked);
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        // Never ask for credentials on a terminal: fail instead.
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| DbError::Git {
            what: shown(&args.join(" ")),
            detail: format!("cannot run git: {e}"),
        })?;
    if !output.status.success() {
        return Err(DbError::Git {
            what: shown(&args.join(" ")),
            detail: shown(String::from_utf8_lossy(&output.stderr).trim()),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `https://user:token@host/x` → `https://****@host/x`.
pub fn without_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://****@{}", &rest[at + 1..]),
        None => url.to_string(),
    }
}

/// The update record of a database directory, if there is a readable one.
pub fn read_state(db_dir: &Path) -> Option<DbState> {
    let path = db_dir.join(STATE_FILE);
    let text = std::fs::read_to_string(&path).ok()?;
    match serde_json::from_str(&text) {
        Ok(state) => Some(state),
        Err(e) => {
            tracing::warn!("{}: not a database record: {e}", path.display());
            None
        }
    }
}

/// Whole days since `updated` (RFC 3339), if it parses.
pub fn age_in_days(updated: &str, now: jiff::Timestamp) -> Option<i64> {
    let then: jiff::Timestamp = updated.parse().ok()?;
    Some(now.duration_since(then).as_secs() / 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_never_show() {
        assert_eq!(
            without_credentials("https://bot:ghp_secret@example.org/a/b.git"),
            "https://****@example.org/a/b.git"
        );
        assert_eq!(
            without_credentials("https://example.org/a@b.git"),
            "https://example.org/a@b.git"
        );
        assert_eq!(without_credentials("/srv/advisory-db"), "/srv/advisory-db");
    }

    #[test]
    fn ages_are_whole_days() {
        let now: jiff::Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
        assert_eq!(age_in_days("2026-11-12T11:00:00Z", now), Some(10));
        assert_eq!(age_in_days("2026-11-22T11:00:00Z", now), Some(0));
        assert_eq!(age_in_days("yesterday", now), None);
    }
}
