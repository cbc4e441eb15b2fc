//! P06's live part: the newest backup under `live.backups.path` (a glob), its age, its SHA-256
//! against the checksum written beside it, and, when asked (`--restore-test` or
//! `restore_test = true`), a restore of it into a scratch database whose tables' row counts are
//! compared with the source database's.
//!
//! The restore runs `pg_restore` (custom and tar dumps) or `psql` (plain SQL) into a database
//! named `gatehouse_restore_<pid>_<time>` on `RESTORE_DSN` (or `live.backups.restore_dsn`),
//! with the password in the child's environment, never on its command line. The scratch
//! database is dropped afterwards, also when the restore fails. The source database (the P05
//! target, `POSTGRES_DSN`) is only read.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio_postgres::Config;

use crate::postgres::{Quoted, Session, statement, within};
use crate::redact::Scrubber;

pub struct Settings<'a> {
    /// The glob, absolute or relative to the configuration's directory.
    pub pattern: &'a str,
    pub base: &'a Path,
    pub max_age_hours: u64,
    pub row_count_tolerance_percent: f64,
    pub restore: Option<Restore<'a>>,
    pub timeout: Duration,
    pub now: SystemTime,
}

/// What a restore test needs.
pub struct Restore<'a> {
    /// `RESTORE_DSN` or `live.backups.restore_dsn` (and which), if given.
    pub dsn: Option<(&'a str, &'a str)>,
    /// The database whose rows the restored copy is compared with (`POSTGRES_DSN`).
    pub source: Option<(&'a str, &'a str)>,
    pub ca_file: Option<PathBuf>,
    /// How long the restore itself may take.
    pub restore_timeout: Duration,
}

/// The `live.backups` part of the facts document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BackupFacts {
    pub pattern: String,
    /// How many files match the glob (checksum files aside).
    pub files: u64,
    pub max_age_hours: u64,
    pub row_count_tolerance_percent: f64,
    pub newest: Option<Backup>,
    /// The restore test, when asked for.
    pub restore: Option<RestoreFacts>,
    /// Why part of the check could not run.
    pub blocked: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Backup {
    pub path: String,
    /// When it was last written (RFC 3339) and how many hours ago.
    pub modified: String,
    pub age_hours: f64,
    pub size: u64,
    pub sha256: String,
    /// The checksum written beside it, when there is one.
    pub checksum: Option<Checksum>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Checksum {
    /// The `.sha256` file or manifest it came from.
    pub file: String,
    pub expected: String,
    pub matches: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RestoreFacts {
    /// `custom`, `tar` or `plain`.
    pub format: String,
    /// `restored` or `failed`.
    pub status: String,
    pub error: Option<String>,
    /// Each table of the source or the restored copy, with both row counts (`null` where the
    /// table is missing on that side).
    pub tables: Vec<TableCount>,
    /// Whether the scratch database was dropped afterwards.
    pub dropped: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableCount {
    pub name: String,
    pub source_rows: Option<i64>,
    pub restored_rows: Option<i64>,
}

impl BackupFacts {
    /// One line for the matrix's evidence.
    pub fn summary(&self) -> String {
        let newest = match &self.newest {
            None => "no backup".to_string(),
            Some(b) => format!(
                "newest {} ({:.1} h old, {})",
                b.path,
                b.age_hours,
                match &b.checksum {
                    None => "no checksum beside it".to_string(),
                    Some(c) if c.matches => "hash match".to_string(),
                    Some(_) => "hash MISMATCH".to_string(),
                }
            ),
        };
        let restore = match &self.restore {
            None => String::new(),
            Some(r) if r.status == "restored" => {
                let differ = r
                    .tables
                    .iter()
                    .filter(|t| t.source_rows != t.restored_rows)
                    .count();
                format!(
                    "; restore complete, {} compared, {differ} differ",
                    gatehouse_model::count_of(r.tables.len() as u64, "table")
                )
            }
            Some(_) => "; restore FAILED".to_string(),
        };
        format!(
            "backups {}: {}, {newest}{restore}",
            self.pattern,
            gatehouse_model::count_of(self.files, "file")
        )
    }
}

/// Files that hold checksums rather than backups.
fn is_checksum_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.ends_with(".sha256")
        || name.ends_with(".sha256sum")
        || name.ends_with(".sha256sums")
        || name == "sha256sums"
        || name == "sha256sums.txt"
        || name == "manifest.sha256"
}

/// Check the backups `settings` names. An error (a bad glob) makes P06's live part BLOCKED.
pub async fn audit(settings: &Settings<'_>) -> Result<BackupFacts, String> {
    let pattern = if Path::new(settings.pattern).is_absolute() {
        settings.pattern.to_string()
    } else {
        settings.base.join(settings.pattern).display().to_string()
    };
    let entries = glob::glob(&pattern)
        .map_err(|e| format!("live.backups.path `{}`: {e}", settings.pattern))?;
    let mut files: Vec<(PathBuf, SystemTime, u64)> = Vec::new();
    for entry in entries {
        let path = match entry {
            Ok(path) => path,
            Err(e) => {
                tracing::warn!("live.backups.path: {e}");
                continue;
            }
        };
        if is_checksum_file(&path) {
            continue;
        }
        if let Ok(meta) = std::fs::metadata(&path)
            && meta.is_file()
        {
            files.push((
                path,
                meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                meta.len(),
            ));
        }
    }
    let mut facts = BackupFacts {
        pattern: settings.pattern.to_string(),
        files: files.len() as u64,
        max_age_hours: settings.max_age_hours,
        row_count_tolerance_percent: settings.row_count_tolerance_percent,
        newest: None,
        restore: None,
        blocked: Vec::new(),
    };
    files.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let Some((path, modified, size)) = files.pop() else {
        return Ok(facts);
    };
    let age = settings
        .now
        .duration_since(modified)
        .unwrap_or(Duration::ZERO);
    let path_for_hash = path.clone();
    let sha256 = tokio::task::spawn_blocking(move || sha256_of(&path_for_hash))
        .await
        .map_err(|e| format!("hashing {}: {e}", path.display()))?
        .map_err(|e| format!("cannot read the backup {}: {e}", path.display()))?;
    let checksum = checksum_beside(&path).map(|(file, expected)| Checksum {
        matches: expected.eq_ignore_ascii_case(&sha256),
        file: file.display().to_string(),
        expected,
    });
    let modified_text = jiff::Timestamp::try_from(modified)
        .map(|t| {
            t.round(jiff::Unit::Second)
                .map(|t| t.to_string())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    facts.newest = Some(Backup {
        path: path.display().to_string(),
        modified: modified_text,
        age_hours: (age.as_secs_f64() / 3600.0 * 100.0).round() / 100.0,
        size,
        sha256,
        checksum,
    });
    if let Some(restore) = &settings.restore {
        match restore.dsn {
            None => facts.blocked.push(
                "a restore test was asked for but no scratch server is given: set RESTORE_DSN (or live.backups.restore_dsn)"
                    .to_string(),
            ),
            Some(dsn) => {
                let outcome = restore_test(&path, dsn, restore, settings.timeout).await;
                match outcome {
                    Ok((facts_restore, source_problem)) => {
                        if restore.source.is_none() {
                            facts.blocked.push(
                                "the restore's row counts are compared with the source database: set POSTGRES_DSN (or live.postgres.dsn)"
                                    .to_string(),
                            );
                        }
                        facts.blocked.extend(source_problem);
                        facts.restore = Some(facts_restore);
                    }
                    Err(reason) => facts.blocked.push(reason),
                }
            }
        }
    }
    Ok(facts)
}

fn sha256_of(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The expected SHA-256 of `backup`: from `<name>.sha256` / `<name>.sha256sum` (a bare digest or
/// a `sha256sum` line), else from a `SHA256SUMS`-style manifest in its directory that lists it.
fn checksum_beside(backup: &Path) -> Option<(PathBuf, String)> {
    let name = backup.file_name()?.to_string_lossy().into_owned();
    let dir = backup.parent()?;
    for suffix in [".sha256", ".sha256sum"] {
        let file = dir.join(format!("{name}{suffix}"));
        if let Ok(text) = std::fs::read_to_string(&file) {
            let digest = text
                .lines()
                .filter_map(parse_line)
                .find(|(_, listed)| listed.as_ref().is_none_or(|l| *l == name))
                .map(|(digest, _)| digest);
            if let Some(digest) = digest {
                return Some((file, digest));
            }
        }
    }
    for manifest in [
        "SHA256SUMS",
        "sha256sums",
        "SHA256SUMS.txt",
        "sha256sums.txt",
        "manifest.sha256",
    ] {
        let file = dir.join(manifest);
        if let Ok(text) = std::fs::read_to_string(&file)
            && let Some((digest, _)) = text
                .lines()
                .filter_map(parse_line)
                .find(|(_, listed)| listed.as_deref() == Some(name.as_str()))
        {
            return Some((file, digest));
        }
    }
    None
}

/// A checksum line: `DIGEST`, `DIGEST  NAME`, `DIGEST *NAME` (binary mode) or BSD's
/// `SHA256 (NAME) = DIGEST`; the name without any directory.
fn parse_line(line: &str) -> Option<(String, Option<String>)> {
    let line = line.trim();
    let is_digest = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
    if let Some(rest) = line.strip_prefix("SHA256 (") {
        let (name, digest) = rest.rsplit_once(") = ")?;
        return is_digest(digest.trim()).then(|| (digest.trim().to_lowercase(), Some(base(name))));
    }
    let mut parts = line.splitn(2, char::is_whitespace);
    let digest = parts.next()?;
    if !is_digest(digest) {
        return None;
    }
    let name = parts
        .next()
        .map(|n| n.trim().trim_start_matches('*'))
        .filter(|n| !n.is_empty())
        .map(base);
    Some((digest.to_lowercase(), name))
}

fn base(name: &str) -> String {
    name.rsplit('/').next().unwrap_or(name).to_string()
}

/// The dump's format, from its first bytes.
fn format_of(path: &Path) -> std::io::Result<&'static str> {
    let mut head = [0u8; 512];
    let mut file = std::fs::File::open(path)?;
    let mut read = 0;
    while read < head.len() {
        let n = file.read(&mut head[read..])?;
        if n == 0 {
            break;
        }
        read += n;
    }
    let head = &head[..read];
    Ok(if head.starts_with(b"PGDMP") {
        "custom"
    } else if head.len() >= 262 && &head[257..262] == b"ustar" {
        "tar"
    } else if head.starts_with(&[0x1f, 0x8b]) {
        "gzip"
    } else {
        "plain"
    })
}

/// Restore `dump` into a scratch database on `dsn`, count each table's rows there and in the
/// source, drop the scratch database; with why the source could not be counted, if it could
/// not. An error (the scratch server cannot be reached, or the scratch database cannot be made)
/// blocks the restore test.
async fn restore_test(
    dump: &Path,
    (dsn, source_name): (&str, &str),
    restore: &Restore<'_>,
    timeout: Duration,
) -> Result<(RestoreFacts, Option<String>), String> {
    let format = format_of(dump).map_err(|e| format!("cannot read {}: {e}", dump.display()))?;
    let admin = Session::connect(dsn, source_name, restore.ca_file.as_deref(), timeout).await?;
    let scrubber = admin.scrubber.clone();
    let fail = |what: &str, e: String| {
        scrubber.scrub(&format!("restore test on {}: {what}: {e}", admin.target))
    };
    let stamp = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let scratch = format!("gatehouse_restore_{}_{stamp}", std::process::id());
    let quoted = Quoted::ident(&scratch);
    within(
        timeout,
        admin
            .client
            .batch_execute(&statement("CREATE DATABASE {db}", &[("db", &quoted)])),
    )
    .await
    .map_err(|e| fail("cannot create a scratch database", e))?;
    let mut config: Config = admin.config.clone();
    config.dbname(&scratch);
    let mut facts = RestoreFacts {
        format: format.to_string(),
        status: "failed".to_string(),
        error: None,
        tables: Vec::new(),
        dropped: false,
    };
    let mut source_problem = None;
    let restored = match format {
        "gzip" => Err(
            "a compressed plain dump is not restored: take backups with `pg_dump -Fc` (custom format, compressed) instead"
                .to_string(),
        ),
        _ => run_restore(dump, format, &config, restore.restore_timeout)
            .await
            .map_err(|e| scrubber.scrub(&e)),
    };
    match restored {
        Err(e) => facts.error = Some(e),
        Ok(()) => {
            facts.status = "restored".to_string();
            match count_rows(config.clone(), &scrubber, restore, timeout).await {
                Ok((tables, problem)) => {
                    facts.tables = tables;
                    source_problem = problem;
                }
                Err(e) => {
                    facts.status = "failed".to_string();
                    facts.error = Some(e);
                }
            }
        }
    }
    // Always: the scratch database goes, whatever happened above.
    let dropped = within(
        timeout,
        admin.client.batch_execute(&statement(
            "DROP DATABASE IF EXISTS {db} WITH (FORCE)",
            &[("db", &quoted)],
        )),
    )
    .await;
    match dropped {
        Ok(()) => facts.dropped = true,
        Err(e) => tracing::warn!(
            "{}",
            fail(&format!("could not drop the scratch database {scratch}"), e)
        ),
    }
    admin.close();
    Ok((facts, source_problem))
}

/// The newest `program` of PostgreSQL's: on PATH, else Debian's newest version directory.
fn pg_program(program: &str) -> PathBuf {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let path = e.path().join("bin").join(program);
            path.is_file().then_some((version, path))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, p)| p)
        .unwrap_or_else(|| PathBuf::from(program))
}

/// Run `pg_restore` or `psql` into the database of `config`, the password through the
/// environment.
async fn run_restore(
    dump: &Path,
    format: &str,
    config: &Config,
    limit: Duration,
) -> Result<(), String> {
    let mut command = if format == "plain" {
        let mut c = tokio::process::Command::new(pg_program("psql"));
        c.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f"])
            .arg(dump);
        c
    } else {
        let mut c = tokio::process::Command::new(pg_program("pg_restore"));
        c.args([
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ])
        .arg(dump);
        c
    };
    for name in ["PGSERVICE", "PGSERVICEFILE", "PGPASSFILE", "PGOPTIONS"] {
        command.env_remove(name);
    }
    match config.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(host)) => {
            command.env("PGHOST", host);
        }
        #[cfg(unix)]
        Some(tokio_postgres::config::Host::Unix(dir)) => {
            command.env("PGHOST", dir);
        }
        None => {}
    }
    if let Some(port) = config.get_ports().first() {
        command.env("PGPORT", port.to_string());
    }
    if let Some(user) = config.get_user() {
        command.env("PGUSER", user);
    }
    if let Some(password) = config.get_password() {
        command.env("PGPASSWORD", String::from_utf8_lossy(password).as_ref());
    }
    if let Some(db) = config.get_dbname() {
        command.env("PGDATABASE", db);
        if format != "plain" {
            command.args(["--dbname", db]);
        }
    }
    command.env(
        "PGSSLMODE",
        match config.get_ssl_mode() {
            tokio_postgres::config::SslMode::Disable => "disable",
            tokio_postgres::config::SslMode::Require => "require",
            _ => "prefer",
        },
    );
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    let program = if format == "plain" {
        "psql"
    } else {
        "pg_restore"
    };
    let child = command
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let output = match tokio::time::timeout(limit, child.wait_with_output()).await {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => return Err(format!("{program}: {e}")),
        Err(_) => {
            return Err(format!(
                "{program} did not finish within {} s",
                limit.as_secs()
            ));
        }
    };
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .collect();
    Err(format!(
        "{program} failed ({}): {}",
        output.status,
        first.join(" / ")
    ))
}

const USER_TABLES: &str = r"
SELECT n.nspname::text, c.relname::text, c.relforcerowsecurity
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
ORDER BY 1, 2";

/// Each table's row count in the restored copy and in the source, and why the source could not
/// be counted, if it could not. An error: the restored copy could not be counted.
async fn count_rows(
    scratch: Config,
    scrubber: &Scrubber,
    restore: &Restore<'_>,
    timeout: Duration,
) -> Result<(Vec<TableCount>, Option<String>), String> {
    let copy = Session::open(
        scratch,
        scrubber.clone(),
        restore.ca_file.as_deref(),
        timeout,
    )
    .await?;
    let restored = counts(&copy, Side::Copy, timeout).await;
    copy.close();
    let restored = restored?;
    let mut problem = None;
    let mut source = Vec::new();
    if let Some((dsn, name)) = restore.source {
        let counted = async {
            let session = Session::connect(dsn, name, restore.ca_file.as_deref(), timeout).await?;
            let counted = counts(&session, Side::Source, timeout).await;
            session.close();
            counted
        };
        match counted.await {
            Ok(list) => source = list,
            Err(e) => problem = Some(format!("the source's row counts could not be read: {e}")),
        }
    }
    let mut names: Vec<&String> = restored.iter().map(|(n, _)| n).collect();
    names.extend(source.iter().map(|(n, _)| n));
    names.sort();
    names.dedup();
    let tables = names
        .into_iter()
        .map(|name| TableCount {
            name: name.clone(),
            source_rows: source.iter().find(|(n, _)| n == name).map(|(_, c)| *c),
            restored_rows: restored.iter().find(|(n, _)| n == name).map(|(_, c)| *c),
        })
        .collect();
    Ok((tables, problem))
}

/// Which database is counted.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    /// The source: read-only, and row-level security off, so that a count RLS would filter is
    /// an error rather than a wrong number (the audit role needs BYPASSRLS, as for P05).
    Source,
    /// The scratch copy, which the restore account owns: tables that force row-level security
    /// are made not to (in the copy only), so that their owner counts every row.
    Copy,
}

/// `schema.table` and its exact row count, for every user table of a database.
async fn counts(
    session: &Session,
    side: Side,
    timeout: Duration,
) -> Result<Vec<(String, i64)>, String> {
    let fail = |e: String| session.scrubber.scrub(&format!("{}: {e}", session.target));
    let setup = match side {
        Side::Source => "SET default_transaction_read_only = on; SET row_security = off",
        Side::Copy => "SET row_security = off",
    };
    within(timeout, session.client.batch_execute(setup))
        .await
        .map_err(fail)?;
    let tables = within(timeout, session.client.query(USER_TABLES, &[]))
        .await
        .map_err(fail)?;
    let mut out = Vec::new();
    for row in tables {
        let (schema, name, forced): (String, String, bool) = (row.get(0), row.get(1), row.get(2));
        let relation = Quoted::table(&schema, &name);
        if forced && side == Side::Copy {
            within(
                timeout,
                session.client.batch_execute(&statement(
                    "ALTER TABLE {t} NO FORCE ROW LEVEL SECURITY",
                    &[("t", &relation)],
                )),
            )
            .await
            .map_err(fail)?;
        }
        let count = within(
            timeout,
            session.client.query_one(
                &statement("SELECT count(*) FROM {t}", &[("t", &relation)]),
                &[],
            ),
        )
        .await
        .map_err(fail)?;
        out.push((format!("{schema}.{name}"), count.get::<_, i64>(0)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_lines_in_every_common_form() {
        let digest = "a".repeat(64);
        assert_eq!(parse_line(&digest), Some((digest.clone(), None)));
        assert_eq!(
            parse_line(&format!("{digest}  backups/db.dump")),
            Some((digest.clone(), Some("db.dump".to_string())))
        );
        assert_eq!(
            parse_line(&format!("{digest} *db.dump")),
            Some((digest.clone(), Some("db.dump".to_string())))
        );
        assert_eq!(
            parse_line(&format!("SHA256 (db.dump) = {}", digest.to_uppercase())),
            Some((digest.clone(), Some("db.dump".to_string())))
        );
        assert_eq!(parse_line("not a digest  db.dump"), None);
        assert_eq!(parse_line(&format!("{}  db.dump", &digest[1..])), None);
    }

    #[test]
    fn checksum_files_are_not_backups() {
        assert!(is_checksum_file(Path::new("/b/db.dump.sha256")));
        assert!(is_checksum_file(Path::new("/b/SHA256SUMS")));
        assert!(!is_checksum_file(Path::new("/b/db.dump")));
    }
}
