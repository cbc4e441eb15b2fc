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
    /// Whether the source database's tables were counted (its counts are compared only then).
    pub source_counted: bool,
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
    let pattern = crate::within_base(settings.base, settings.pattern);
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
            // Only a backup that verifies is restored: a file that is not what was written
            // is not run against a database.
            Some(_) if !facts.newest.as_ref().is_some_and(|b| b.checksum.as_ref().is_some_and(|c| c.matches)) => {
                facts.blocked.push(
                    "the restore test was not run: the newest backup's checksum does not verify"
                        .to_string(),
                );
            }
            Some(dsn) => {
                let outcome = restore_test(&path, dsn, restore, settings.timeout).await;
                match outcome {
                    Ok(outcome) => {
                        if restore.source.is_none() {
                            facts.blocked.push(
                                "the restore's row counts are compared with the source database: set POSTGRES_DSN (or live.postgres.dsn)"
                                    .to_string(),
                            );
                        }
                        facts.blocked.extend(outcome.problems);
                        facts.restore = Some(outcome.facts);
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
    Ok(gatehouse_model::hex(&hasher.finalize()))
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

/// What a restore test gives: its facts, and why part of it could not be judged (the source
/// could not be counted, the scratch database could not be dropped).
struct RestoreOutcome {
    facts: RestoreFacts,
    problems: Vec<String>,
}

/// Restore `dump` into a scratch database on `dsn`, count each table's rows there and in the
/// source, drop the scratch database (also when a step failed, on a fresh connection). An
/// error (the scratch server cannot be reached, or the scratch database cannot be made) blocks
/// the restore test.
async fn restore_test(
    dump: &Path,
    (dsn, dsn_name): (&str, &str),
    restore: &Restore<'_>,
    timeout: Duration,
) -> Result<RestoreOutcome, String> {
    let format = format_of(dump).map_err(|e| format!("cannot read {}: {e}", dump.display()))?;
    let admin = Session::connect(dsn, dsn_name, restore.ca_file.as_deref(), timeout).await?;
    let scrubber = admin.scrubber.clone();
    let target = admin.target.clone();
    let fail =
        |what: &str, e: String| scrubber.scrub(&format!("restore test on {target}: {what}: {e}"));
    let stamp = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let scratch = format!("gatehouse_restore_{}_{stamp}", std::process::id());
    let quoted = Quoted::ident(&scratch);
    let mut config: Config = admin.config.clone();
    let created = within(
        timeout,
        admin
            .client
            .batch_execute(&statement("CREATE DATABASE {db}", &[("db", &quoted)])),
    )
    .await;
    admin.close();
    let mut facts = RestoreFacts {
        format: format.to_string(),
        status: "failed".to_string(),
        error: None,
        tables: Vec::new(),
        source_counted: false,
        dropped: false,
    };
    let mut problems = Vec::new();
    match created {
        Err(e) => {
            // A CREATE that timed out on our side may still finish on the server's.
            problems.push(fail("cannot create a scratch database", e));
        }
        Ok(()) => {
            config.dbname(&scratch);
            let restored = match format {
                "gzip" => Err(
                    "a compressed plain dump is not restored: take backups with `pg_dump -Fc` (custom format, compressed) instead"
                        .to_string(),
                ),
                _ => run_restore(dump, format, &config, restore)
                    .await
                    .map_err(|e| scrubber.scrub(&e)),
            };
            match restored {
                Err(e) => facts.error = Some(e),
                Ok(()) => {
                    facts.status = "restored".to_string();
                    match count_rows(config.clone(), &scrubber, restore, timeout).await {
                        Ok((tables, counted, problem)) => {
                            facts.tables = tables;
                            facts.source_counted = counted;
                            problems.extend(problem);
                        }
                        Err(e) => problems.push(format!(
                            "the restored copy's row counts could not be read: {e}"
                        )),
                    }
                }
            }
        }
    }
    // Always: the scratch database goes, whatever happened above, on a connection of its own
    // (the first may have died while the restore ran).
    match drop_scratch(dsn, dsn_name, restore, &quoted, timeout).await {
        Ok(()) => facts.dropped = true,
        Err(e) => problems.push(fail(
            &format!("the scratch database {scratch} could not be dropped (drop it by hand)"),
            e,
        )),
    }
    Ok(RestoreOutcome { facts, problems })
}

/// `DROP DATABASE IF EXISTS … WITH (FORCE)` (PostgreSQL 13 and later), else without FORCE.
async fn drop_scratch(
    dsn: &str,
    dsn_name: &str,
    restore: &Restore<'_>,
    quoted: &Quoted,
    timeout: Duration,
) -> Result<(), String> {
    let admin = Session::connect(dsn, dsn_name, restore.ca_file.as_deref(), timeout).await?;
    let mut result = Err(String::new());
    for template in [
        "DROP DATABASE IF EXISTS {db} WITH (FORCE)",
        "DROP DATABASE IF EXISTS {db}",
    ] {
        result = within(
            timeout,
            admin
                .client
                .batch_execute(&statement(template, &[("db", quoted)])),
        )
        .await;
        if result.is_ok() {
            break;
        }
    }
    admin.close();
    result
}

/// PostgreSQL's `program`: Debian's newest version directory first (where `pg_restore` matches
/// the newest server's dump format), else the one on PATH.
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

/// The environment of `pg_restore` / `psql`: nothing of the audit's own (its tokens and DSNs
/// stay with it), only `PATH`, the locale and the connection, the password included (never on
/// the command line). With a `ca_file`, the server's certificate is verified as the audit
/// verifies it (`verify-full`).
fn restore_env(config: &Config, ca_file: Option<&Path>) -> Vec<(&'static str, String)> {
    use tokio_postgres::config::{Host, SslMode};
    let mut env = Vec::new();
    for name in ["PATH", "LANG", "LC_ALL"] {
        if let Ok(value) = std::env::var(name) {
            env.push((name, value));
        }
    }
    match config.get_hosts().first() {
        Some(Host::Tcp(host)) => env.push(("PGHOST", host.clone())),
        #[cfg(unix)]
        Some(Host::Unix(dir)) => env.push(("PGHOST", dir.display().to_string())),
        None => {}
    }
    if let Some(port) = config.get_ports().first() {
        env.push(("PGPORT", port.to_string()));
    }
    if let Some(user) = config.get_user() {
        env.push(("PGUSER", user.to_string()));
    }
    if let Some(password) = config.get_password() {
        env.push(("PGPASSWORD", String::from_utf8_lossy(password).into_owned()));
    }
    if let Some(db) = config.get_dbname() {
        env.push(("PGDATABASE", db.to_string()));
    }
    let mode = match (config.get_ssl_mode(), ca_file) {
        (SslMode::Disable, _) => "disable",
        (_, Some(ca)) => {
            env.push(("PGSSLROOTCERT", ca.display().to_string()));
            "verify-full"
        }
        (SslMode::Require, None) => "require",
        (_, None) => "prefer",
    };
    env.push(("PGSSLMODE", mode.to_string()));
    env
}

/// Feed a plain SQL dump to psql's standard input, without its own `\restrict` and
/// `\unrestrict` lines (pg_dump writes them since PostgreSQL 17.6, 16.10, 15.14, 14.19 and
/// 13.22): psql runs it in the restricted mode the audit entered with a key of its own. Lines
/// of COPY data pass untouched.
async fn feed(dump: PathBuf, stdin: Option<tokio::process::ChildStdin>) -> std::io::Result<()> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    let Some(mut stdin) = stdin else {
        return Ok(());
    };
    let mut reader = tokio::io::BufReader::new(tokio::fs::File::open(&dump).await?);
    let mut line = Vec::new();
    let mut in_copy = false;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            break;
        }
        let text = line.trim_ascii_end();
        if in_copy {
            in_copy = text != b"\\.";
        } else if text.starts_with(b"\\restrict ") || text.starts_with(b"\\unrestrict ") {
            continue;
        } else if text.starts_with(b"COPY ") && text.ends_with(b"FROM stdin;") {
            in_copy = true;
        }
        stdin.write_all(&line).await?;
    }
    stdin.shutdown().await
}

/// A key the dump cannot guess (it would need it to `\unrestrict`): 128 bits from the
/// process's randomly seeded hashers.
fn random_key() -> String {
    use std::hash::{BuildHasher, Hasher};
    let part = || {
        std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish()
    };
    format!("{:016x}{:016x}", part(), part())
}

/// Run `pg_restore` (custom and tar) or `psql` (plain SQL) into the database of `config`. A
/// plain dump runs in psql's restricted mode (`\restrict`: no meta-command, so a tampered file
/// cannot run a shell command, write a file or connect elsewhere).
async fn run_restore(
    dump: &Path,
    format: &str,
    config: &Config,
    restore: &Restore<'_>,
) -> Result<(), String> {
    let mut command = if format == "plain" {
        let mut c = tokio::process::Command::new(pg_program("psql"));
        c.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c"])
            .arg(format!("\\restrict gh{}", random_key()))
            .args(["-f", "-"]);
        c
    } else {
        let mut c = tokio::process::Command::new(pg_program("pg_restore"));
        c.args([
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ]);
        if let Some(db) = config.get_dbname() {
            c.args(["--dbname", db]);
        }
        c.arg(dump);
        c
    };
    command
        .env_clear()
        .envs(restore_env(config, restore.ca_file.as_deref()))
        .stdin(if format == "plain" {
            std::process::Stdio::piped()
        } else {
            std::process::Stdio::null()
        })
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    let program = if format == "plain" {
        "psql"
    } else {
        "pg_restore"
    };
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    // psql stopping at the first error closes its input: the feeder's broken pipe is no news.
    let feeder = tokio::spawn(feed(dump.to_path_buf(), child.stdin.take()));
    let limit = restore.restore_timeout;
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
    let fed = feeder.await;
    if output.status.success() {
        return match fed {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(format!("cannot read {}: {e}", dump.display())),
            Err(e) => Err(format!("cannot read {}: {e}", dump.display())),
        };
    }
    Err(format!(
        "{program} failed ({}): {}",
        output.status,
        first_errors(&String::from_utf8_lossy(&output.stderr))
    ))
}

/// The first error lines of pg_restore's or psql's output, without the lines that quote table
/// contents (DETAIL, CONTEXT: a duplicate key's value, a COPY line), each cut to 200 characters.
fn first_errors(stderr: &str) -> String {
    let lines: Vec<String> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| {
            !["DETAIL:", "CONTEXT:", "HINT:", "LINE ", "^"]
                .iter()
                .any(|p| l.contains(p) && l.split(p).next().is_some_and(|head| head.len() < 60))
        })
        .take(3)
        .map(|l| l.chars().take(200).collect())
        .collect();
    lines.join(" / ")
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

/// Each table's row count in the restored copy and in the source, whether the source was
/// counted, and why not. An error: the restored copy could not be counted.
async fn count_rows(
    scratch: Config,
    scrubber: &Scrubber,
    restore: &Restore<'_>,
    timeout: Duration,
) -> Result<(Vec<TableCount>, bool, Option<String>), String> {
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
    let mut counted = false;
    if let Some((dsn, name)) = restore.source {
        let reading = async {
            let session = Session::connect(dsn, name, restore.ca_file.as_deref(), timeout).await?;
            let list = counts(&session, Side::Source, timeout).await;
            session.close();
            list
        };
        match reading.await {
            Ok(list) => {
                source = list;
                counted = true;
            }
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
    Ok((tables, counted, problem))
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
        Side::Source => {
            "SET default_transaction_read_only = on; SET row_security = off; \
             SET statement_timeout = '60s'; SET lock_timeout = '2s'"
        }
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
