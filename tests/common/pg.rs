//! A private PostgreSQL server for a test: `initdb` into a temporary directory, a server on a
//! free loopback port (and a Unix socket in that directory), stopped and removed when the value
//! is dropped. As root, PostgreSQL runs as `nobody` through `setpriv`, as `scripts/pg-oracle`
//! does. Local (socket) connections are trusted; TCP connections need a password (SCRAM), as a
//! real server's would.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    /// `setpriv …` when running as root.
    prefix: Vec<String>,
    pub port: u16,
}

/// The newest PostgreSQL's programs (Debian keeps them under /usr/lib/postgresql/VERSION/bin).
fn bindir() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .map(|(_, bin)| bin)
        .expect("PostgreSQL is installed (scripts/test installs Debian's postgresql)")
}

/// The uid and gid of `nobody` when running as root (PostgreSQL refuses to run as root).
fn unprivileged() -> Option<(u32, u32)> {
    let uid = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return None;
    }
    let id = |args: &[&str]| -> Option<u32> {
        let out = Command::new("id").args(args).output().ok()?;
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    };
    Some((id(&["-u", "nobody"])?, id(&["-g", "nobody"])?))
}

impl Postgres {
    pub fn start() -> Postgres {
        Postgres::start_with(&[])
    }

    /// A server started with these extra settings (`name=value`, as `-c` takes them).
    pub fn start_with(settings: &[&str]) -> Postgres {
        let dir = tempfile::Builder::new()
            .prefix("gatehouse-live-pg-")
            .tempdir()
            .unwrap();
        let mut prefix = Vec::new();
        if let Some((uid, gid)) = unprivileged() {
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).unwrap();
            prefix = vec![
                "setpriv".to_string(),
                format!("--reuid={uid}"),
                format!("--regid={gid}"),
                "--clear-groups".to_string(),
                "--".to_string(),
            ];
        }
        let pg = Postgres {
            dir,
            bin: bindir(),
            prefix,
            port: super::free_port(),
        };
        let data = pg.dir.path().join("data");
        pg.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        );
        let mut options = format!(
            "-c listen_addresses=127.0.0.1 -k {} -p {} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            pg.dir.path().display(),
            pg.port
        );
        for setting in settings {
            options.push_str(&format!(" -c {setting}"));
        }
        let log = pg.dir.path().join("server.log");
        pg.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-w",
                "-t",
                "60",
                "-o",
                &options,
                "start",
            ],
        );
        pg
    }

    fn run(&self, program: &str, args: &[&str]) {
        let tool = self.bin.join(program);
        let mut argv: Vec<String> = self.prefix.clone();
        argv.push(tool.display().to_string());
        argv.extend(args.iter().map(|a| a.to_string()));
        let output = Command::new(&argv[0])
            .args(&argv[1..])
            .current_dir(self.dir.path())
            .env("LC_ALL", "C")
            .env_remove("PGHOST")
            .env_remove("PGPORT")
            .env_remove("PGUSER")
            .env_remove("PGDATABASE")
            .env_remove("PGPASSWORD")
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
        assert!(
            output.status.success(),
            "{program} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Run SQL as the superuser over the socket; the output (`-At`), or a panic on an error.
    pub fn sql(&self, database: &str, sql: &str) -> String {
        let mut child = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h"])
            .arg(self.dir.path())
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-d",
                database,
                "-f",
                "-",
            ])
            .env_remove("PGPASSWORD")
            .env_remove("PSQLRC")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("psql runs");
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), sql.as_bytes()).unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "psql failed on:\n{sql}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// `pg_dump` of `database` as the superuser, into `to`, with `options` (`-Fc`, `-Fp -O`).
    pub fn dump(&self, database: &str, options: &[&str], to: &Path) {
        let output = Command::new(self.bin.join("pg_dump"))
            .args(["-h"])
            .arg(self.dir.path())
            .args(["-p", &self.port.to_string(), "-U", "postgres"])
            .args(options)
            .arg("-f")
            .arg(to)
            .arg(database)
            .env_remove("PGPASSWORD")
            .stdin(Stdio::null())
            .output()
            .expect("pg_dump runs");
        assert!(
            output.status.success(),
            "pg_dump failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// A checksum of every row of every table in `public`, and of their row-level security
    /// flags, privileges and policies: an audit must leave them as they were.
    pub fn checksum(&self, database: &str) -> String {
        let catalog = self.sql(
            database,
            "SELECT md5(coalesce(string_agg(format('%s %s %s %s', c.relname, c.relrowsecurity, c.relforcerowsecurity, c.relacl), ',' ORDER BY c.relname), '')) \
               || md5(coalesce((SELECT string_agg(p::text, ',' ORDER BY p::text) FROM pg_policies p), '')) \
             FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p');",
        );
        let tables = self.sql(
            database,
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY 1;",
        );
        let mut sums = catalog;
        for table in tables.lines() {
            sums.push_str(table);
            sums.push(' ');
            sums.push_str(&self.sql(
                database,
                &format!(
                    "SELECT count(*) || ' ' || md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM {table} x;"
                ),
            ));
        }
        assert!(!sums.is_empty());
        sums
    }

    /// A TCP connection URL for a role with a password.
    pub fn dsn(&self, user: &str, password: &str, database: &str) -> String {
        format!(
            "postgres://{user}:{password}@127.0.0.1:{}/{database}?sslmode=disable",
            self.port
        )
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let tool = self.bin.join("pg_ctl");
        let mut argv: Vec<String> = self.prefix.clone();
        argv.push(tool.display().to_string());
        let _ = Command::new(&argv[0])
            .args(&argv[1..])
            .args([
                "-D",
                data.to_str().unwrap_or(""),
                "-m",
                "immediate",
                "-w",
                "stop",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}
