//! The advisory databases on disk: fetching them (`gatehouse db update`) and recording which
//! revision was fetched when (`gatehouse-db.json` in the database directory), so that a scan
//! can say how old its database is.
//!
//! The RustSec advisory-db is a git repository: the first update clones it (shallow), later
//! ones fetch the remote's HEAD and check it out. OSV publishes one `all.zip` per ecosystem
//! (`BASE/ECOSYSTEM/all.zip`): each is downloaded to `osv/ECOSYSTEM/all.zip`, checked to be a
//! readable archive before it replaces the previous one, and recorded with its ETag (or
//! digest). Credentials in a URL are never printed.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};

/// Where `gatehouse db update` fetches the RustSec advisory-db from by default.
pub const DEFAULT_RUSTSEC_URL: &str = "https://github.com/rustsec/advisory-db.git";

/// The record of updates, in the database directory.
pub const STATE_FILE: &str = "gatehouse-db.json";

/// Where `gatehouse db update` downloads OSV archives from by default.
pub const DEFAULT_OSV_URL: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// What `gatehouse db update` fetched, per source.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DbState {
    pub rustsec: Option<SourceState>,
    /// OSV archives, by ecosystem.
    #[serde(default)]
    pub osv: BTreeMap<String, SourceState>,
}

impl DbState {
    /// Every source recorded, named for messages.
    pub fn sources(&self) -> impl Iterator<Item = (String, &SourceState)> {
        self.rustsec
            .iter()
            .map(|s| ("RustSec".to_string(), s))
            .chain(self.osv.iter().map(|(e, s)| (format!("OSV {e}"), s)))
    }
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
    #[error("download failed: {0}")]
    Download(String),
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
        // Later updates fetch from the URL given then; the clone keeps no credentials.
        git(
            &repo,
            &["remote", "set-url", "origin", &without_credentials(url)],
            url,
        )?;
    }
    let revision = git(&repo, &["rev-parse", "HEAD"], url)?;
    let source = SourceState {
        url: without_credentials(url),
        revision: revision.trim().to_string(),
        updated: jiff::Timestamp::now().to_string(),
    };
    record(db_dir, |state| state.rustsec = Some(source.clone()))?;
    Ok(source)
}

/// Update the record of a database directory.
fn record(db_dir: &Path, change: impl FnOnce(&mut DbState)) -> Result<(), DbError> {
    let mut state = read_state(db_dir).unwrap_or_default();
    change(&mut state);
    let path = db_dir.join(STATE_FILE);
    let json = serde_json::to_string_pretty(&state).map_err(|e| DbError::Io {
        path: path.clone(),
        message: e.to_string(),
    })?;
    std::fs::write(&path, json + "\n").map_err(|e| DbError::Io {
        path: path.clone(),
        message: e.to_string(),
    })
}

/// Download one ecosystem's OSV archive (`BASE/ECOSYSTEM/all.zip`) into
/// `db_dir/osv/ECOSYSTEM/all.zip` and record it. The previous archive is kept until the new one
/// has been read as a zip archive.
pub fn update_osv(db_dir: &Path, base: &str, ecosystem: &str) -> Result<SourceState, DbError> {
    let url = format!("{}/{ecosystem}/all.zip", base.trim_end_matches('/'));
    let dir = db_dir.join(crate::OSV_DIR).join(ecosystem);
    std::fs::create_dir_all(&dir).map_err(|e| DbError::Io {
        path: dir.clone(),
        message: e.to_string(),
    })?;
    let http = crate::online::http_client().map_err(DbError::Download)?;
    let mut response = crate::online::send(&url, || http.get(&url)).map_err(DbError::Download)?;
    let etag = response
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim_matches('"').to_string());
    let partial = dir.join("all.zip.partial");
    let io = |e: std::io::Error| DbError::Io {
        path: partial.clone(),
        message: e.to_string(),
    };
    let mut file = std::fs::File::create(&partial).map_err(io)?;
    let mut hasher = Sha256Writer::default();
    let mut tee = Tee(&mut file, &mut hasher);
    response
        .copy_to(&mut tee)
        .map_err(|e| DbError::Download(format!("{}: {e}", without_credentials(&url))))?;
    file.flush().map_err(io)?;
    drop(file);
    let archive = std::fs::File::open(&partial).map_err(io)?;
    let records = zip::ZipArchive::new(std::io::BufReader::new(archive))
        .map_err(|e| format!("not a zip archive: {e}"))
        .and_then(|archive| {
            match archive
                .file_names()
                .filter(|n| n.as_ref().is_ok_and(|n| n.ends_with(".json")))
                .count()
            {
                0 => Err("an archive with no records".to_string()),
                records => Ok(records),
            }
        });
    if let Err(why) = records {
        let _ = std::fs::remove_file(&partial);
        return Err(DbError::Download(format!(
            "{}: {why}",
            without_credentials(&url)
        )));
    }
    let target = dir.join("all.zip");
    std::fs::rename(&partial, &target).map_err(|e| DbError::Io {
        path: target.clone(),
        message: e.to_string(),
    })?;
    let source = SourceState {
        url: without_credentials(&url),
        revision: etag.unwrap_or_else(|| format!("sha256:{}", hasher.hex())),
        updated: jiff::Timestamp::now().to_string(),
    };
    record(db_dir, |state| {
        state.osv.insert(ecosystem.to_string(), source.clone());
    })?;
    Ok(source)
}

/// Writes to two writers.
struct Tee<'a, A, B>(&'a mut A, &'a mut B);

impl<A: Write, B: Write> Write for Tee<'_, A, B> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.0.write(buf)?;
        self.1.write_all(&buf[..n])?;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()?;
        self.1.flush()
    }
}

/// A SHA-256 digest of what is written to it.
#[derive(Default)]
struct Sha256Writer(sha2::Sha256);

impl Sha256Writer {
    fn hex(self) -> String {
        use sha2::Digest;
        gatehouse_model::hex(&self.0.finalize())
    }
}

impl Write for Sha256Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
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
    if let Some(at) = rest[..authority_end].rfind('@') {
        return format!("{scheme}://****@{}", &rest[at + 1..]);
    }
    // A password holding `/` (`user:pa/ss@host`) hides the `@` past the first `/`: a `user:`
    // before any `/` and an `@` later mean credentials.
    if let (Some(colon), Some(at)) = (rest.find(':'), rest.rfind('@'))
        && colon < authority_end
        && at > authority_end
    {
        return format!("{scheme}://****@{}", &rest[at + 1..]);
    }
    url.to_string()
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
            without_credentials(concat!("https://bot:", "ghp_secret@example.org/a/b.git")),
            "https://****@example.org/a/b.git"
        );
        assert_eq!(
            without_credentials("https://example.org/a@b.git"),
            "https://example.org/a@b.git"
        );
        assert_eq!(without_credentials("/srv/advisory-db"), "/srv/advisory-db");
        assert_eq!(
            without_credentials("https://ci:ab/cd@example.org/db.git"),
            "https://****@example.org/db.git"
        );
    }

    #[test]
    fn ages_are_whole_days() {
        let now: jiff::Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
        assert_eq!(age_in_days("2026-11-12T11:00:00Z", now), Some(10));
        assert_eq!(age_in_days("2026-11-22T11:00:00Z", now), Some(0));
        assert_eq!(age_in_days("yesterday", now), None);
    }
}
