//! P05's live part: what the database says about row-level security, and whether a tenant can
//! read or write another tenant's rows.
//!
//! - **Catalog:** every ordinary and partitioned table outside the system schemas, with its
//!   columns, owner, `relrowsecurity`, `relforcerowsecurity` and its rows of `pg_policies`.
//! - **Cross-tenant probe**, for each table with a tenant key (`policies.tenant_keys`), inside a
//!   transaction that is always rolled back: as `live.postgres.probe_role` (`SET LOCAL ROLE`),
//!   with the tenant context set as the application sets it (a custom setting through
//!   `set_config(…, true)`, or Supabase's `request.jwt.claims`), count the rows of other
//!   tenants it can see, and try to insert a copy of another tenant's row. The acting tenant is
//!   one that exists in the table when two or more do, else a tenant value no row has.
//!
//! The session is read-only (`default_transaction_read_only`) but for the probe's own
//! transaction, and has statement and lock timeouts; every step has the target's timeout.
//! Tenant values and row contents never leave this module: the facts carry counts.

use std::path::PathBuf;
use std::time::Duration;

use gatehouse_engine::config::TenantContext;
use gatehouse_model::count_of;
use serde::Serialize;
use tokio_postgres::config::Host;
use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, Config, GenericClient};

use crate::redact::Scrubber;

/// What the audit of one database needs.
pub struct Settings<'a> {
    /// The connection string, and where it came from (`POSTGRES_DSN` or the configuration key).
    pub dsn: &'a str,
    pub source: &'a str,
    pub probe_role: Option<&'a str>,
    pub tenant_context: TenantContext,
    pub tenant_setting: &'a str,
    pub tenant_claim: &'a str,
    /// Extra certificate authorities for TLS (PEM).
    pub ca_file: Option<PathBuf>,
    /// Column names that make a table a tenant table (any case).
    pub tenant_keys: &'a [String],
    /// A regular expression (PostgreSQL's `~*`) on table names: the audit tables (P04).
    pub audit_tables: &'a str,
    pub timeout: Duration,
}

/// The `live.postgres` part of the facts document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PostgresFacts {
    /// `postgres://HOST:PORT/DATABASE`: no user, no password.
    pub target: String,
    /// The role the audit connected as, and whether it sees every row (superuser or BYPASSRLS).
    pub audit_role: String,
    pub audit_role_sees_all: bool,
    pub tables: Vec<LiveTable>,
    pub probe: Probe,
    /// pgaudit as the server runs it (P04).
    pub pgaudit: PgAudit,
}

/// pgaudit's state: whether the server preloads it and what `pgaudit.log` says.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PgAudit {
    /// `null` when the audit role may not read it (grant it `pg_read_all_settings`).
    pub shared_preload_libraries: Option<String>,
    pub preloaded: Option<bool>,
    /// `pgaudit.log`, when the library is loaded (`null` otherwise).
    pub log: Option<String>,
}

/// A role other than the owner that may change or remove an audit table's rows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Writer {
    pub role: String,
    /// Among UPDATE, DELETE and TRUNCATE.
    pub privileges: Vec<String>,
}

/// One table as the catalog has it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LiveTable {
    /// `schema.name`, as the catalog stores them (the form the SQL facts use).
    pub name: String,
    /// The table as statements name it, from the catalog's schema and name (a `name` with a
    /// dot in its schema cannot be split again).
    #[serde(skip)]
    relation: Quoted,
    pub owner: String,
    pub columns: Vec<String>,
    /// Its columns that are tenant keys (lower case).
    pub tenant_keys: Vec<String>,
    pub rls_enabled: bool,
    pub rls_forced: bool,
    pub policies: Vec<LivePolicy>,
    /// The cross-tenant probe of this table (tenant tables only).
    pub probe: Option<TableProbe>,
    /// For an audit table (its name matches `live.postgres.audit_tables`): the roles besides
    /// its owner and the superusers that may UPDATE, DELETE or TRUNCATE it. `null` otherwise.
    pub audit_writers: Option<Vec<Writer>>,
}

/// One row of `pg_policies`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LivePolicy {
    pub name: String,
    pub permissive: bool,
    /// `ALL`, `SELECT`, `INSERT`, `UPDATE` or `DELETE`.
    pub command: String,
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub with_check: Option<String>,
}

/// The probe as a whole.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Probe {
    pub role: Option<String>,
    /// `setting` or `jwt`.
    pub tenant_context: &'static str,
    /// Why no table could be probed (no probe role, a role that bypasses row-level security),
    /// when none could.
    pub blocked: Option<String>,
}

/// The probe of one tenant table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableProbe {
    /// The tenant key the probe acted on.
    pub key: String,
    /// Rows in the table, and distinct tenants among them (at most 2 are counted).
    pub rows: i64,
    pub tenants: i64,
    /// Whether the acting tenant exists in the table (else it is a tenant no row has).
    pub acting_tenant_exists: bool,
    /// Rows of other tenants the probe role saw as the acting tenant.
    pub foreign_rows_visible: Option<i64>,
    /// `refused` (row-level security stopped it), `accepted` (it was not stopped by row-level
    /// security; rolled back), `not-permitted` (the role may not insert), `not-tried` (no row
    /// of another tenant to copy) or `inconclusive`.
    pub write_other_tenant: String,
    /// What stopped the write when it was accepted by row-level security but failed later (a
    /// unique key, say), or why the probe was inconclusive.
    pub detail: Option<String>,
    /// Why this table could not be probed (the probe role owns it, …).
    pub blocked: Option<String>,
}

impl PostgresFacts {
    /// One line for the matrix's evidence.
    pub fn summary(&self) -> String {
        let tenant: Vec<&LiveTable> = self
            .tables
            .iter()
            .filter(|t| !t.tenant_keys.is_empty())
            .collect();
        let probed: Vec<&TableProbe> = tenant
            .iter()
            .filter_map(|t| t.probe.as_ref())
            .filter(|p| p.blocked.is_none())
            .collect();
        let foreign: i64 = probed.iter().filter_map(|p| p.foreign_rows_visible).sum();
        let writes = probed
            .iter()
            .filter(|p| p.write_other_tenant == "accepted")
            .count();
        let probe = match (&self.probe.blocked, probed.len()) {
            (Some(why), _) => format!("probe blocked: {why}"),
            (None, 0) => "no table probed".to_string(),
            (None, n) => format!(
                "probe of {} as {}: {} of other tenants visible, {} for another tenant accepted",
                count_of(n as u64, "table"),
                self.probe.role.as_deref().unwrap_or("?"),
                count_of(foreign.unsigned_abs(), "row"),
                count_of(writes as u64, "write"),
            ),
        };
        format!(
            "postgres {}, {} ({} with a tenant key), {probe}",
            self.target,
            count_of(self.tables.len() as u64, "table"),
            tenant.len()
        )
    }

    /// Why the probe could not show isolation, where it could not: the whole probe, or the
    /// tables it could not probe.
    pub fn probe_blocked(&self) -> Option<String> {
        if let Some(why) = &self.probe.blocked {
            return Some(format!("{}: {why}", self.target));
        }
        let tables: Vec<String> = self
            .tables
            .iter()
            .filter_map(|t| {
                let why = t.probe.as_ref()?.blocked.as_ref()?;
                Some(format!("{}: {why}", t.name))
            })
            .collect();
        (!tables.is_empty()).then(|| {
            format!(
                "{}: the cross-tenant probe could not run on {}",
                self.target,
                tables.join("; ")
            )
        })
    }
}

/// Audit the database `settings` names. An error says why the live part is BLOCKED: the target
/// could not be parsed, reached or read (no secret in it).
pub async fn audit(settings: &Settings<'_>) -> Result<PostgresFacts, String> {
    let session = Session::connect(
        settings.dsn,
        settings.source,
        settings.ca_file.as_deref(),
        settings.timeout,
    )
    .await?;
    let mut session = session;
    let result = read(
        &mut session.client,
        settings,
        &session.target,
        &session.scrubber,
    )
    .await;
    session.close();
    result
}

/// A connection to a database, with what messages about it may say.
pub(crate) struct Session {
    pub client: Client,
    pub connection: tokio::task::JoinHandle<Result<(), tokio_postgres::Error>>,
    /// `postgres://HOST:PORT/DATABASE`.
    pub target: String,
    /// Knows the password.
    pub scrubber: Scrubber,
    pub config: Config,
}

impl Session {
    /// Connect to `dsn` (named `source` in messages), TLS with the system's authorities and
    /// `ca_file`'s; every error is scrubbed of the password.
    pub async fn connect(
        dsn: &str,
        source: &str,
        ca_file: Option<&std::path::Path>,
        timeout: Duration,
    ) -> Result<Session, String> {
        let config: Config = dsn.parse().map_err(|e: tokio_postgres::Error| {
            Scrubber::for_unparsed(dsn).scrub(&format!(
                "{source} is not a PostgreSQL connection string: {e}"
            ))
        })?;
        let mut scrubber = Scrubber::default();
        if let Some(password) = config.get_password() {
            scrubber.add(&String::from_utf8_lossy(password));
        }
        Session::open(config, scrubber, ca_file, timeout).await
    }

    /// Connect with a parsed configuration (another database of the same server, say).
    pub async fn open(
        config: Config,
        scrubber: Scrubber,
        ca_file: Option<&std::path::Path>,
        timeout: Duration,
    ) -> Result<Session, String> {
        let target = shown(&config);
        let fail = |what: &str, e: &dyn std::fmt::Display| {
            scrubber.scrub(&format!("PostgreSQL at {target}: {what}: {e}"))
        };
        let tls = tls(ca_file).map_err(|e| fail("TLS set-up", &e))?;
        let mut config = config;
        config
            .connect_timeout(timeout)
            .application_name("gatehouse-audit");
        let (client, connection) = within(timeout, config.connect(tls))
            .await
            .map_err(|e| fail("cannot connect", &e))?;
        let connection = tokio::spawn(connection);
        Ok(Session {
            client,
            connection,
            target,
            scrubber,
            config,
        })
    }

    /// Close the connection.
    pub fn close(self) {
        drop(self.client);
        self.connection.abort();
    }
}

/// A step with the target's timeout.
pub(crate) async fn within<T>(
    timeout: Duration,
    step: impl std::future::Future<Output = Result<T, tokio_postgres::Error>>,
) -> Result<T, String> {
    match tokio::time::timeout(timeout, step).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(describe(&e)),
        Err(_) => Err(format!("no answer within {} s", timeout.as_secs())),
    }
}

/// A client error as one line: the server's message and code when it sent one.
fn describe(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => gatehouse_model::with_sources(e.to_string(), e),
    }
}

/// `postgres://HOST:PORT/DATABASE` of a configuration: no user, no password.
fn shown(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        #[cfg(unix)]
        Some(Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let database = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or("postgres");
    format!("postgres://{host}:{port}/{database}")
}

/// TLS with rustls on aws-lc-rs: the system's certificate authorities and `ca_file`'s.
fn tls(
    ca_file: Option<&std::path::Path>,
) -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    for cert in native.certs {
        // A system certificate rustls cannot use is skipped, as browsers skip it.
        let _ = roots.add(cert);
    }
    if let Some(path) = ca_file {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| format!("ca_file {}: {e}", path.display()))?;
        if certs.is_empty() {
            return Err(format!("ca_file {}: no certificate in it", path.display()));
        }
        for cert in certs {
            roots
                .add(cert)
                .map_err(|e| format!("ca_file {}: {e}", path.display()))?;
        }
    }
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

const TABLES: &str = r"
SELECT n.nspname::text, c.relname::text, pg_get_userbyid(c.relowner)::text,
       c.relrowsecurity, c.relforcerowsecurity,
       coalesce((SELECT array_agg(a.attname::text ORDER BY a.attnum)
                 FROM pg_attribute a
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                '{}'::text[])
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
ORDER BY 1, 2";

const POLICIES: &str = r"
SELECT schemaname::text, tablename::text, policyname::text, permissive = 'PERMISSIVE',
       cmd::text, roles::text[], qual, with_check
FROM pg_policies
ORDER BY 1, 2, 3";

/// Read the catalog, then probe.
async fn read(
    client: &mut Client,
    settings: &Settings<'_>,
    target: &str,
    scrubber: &Scrubber,
) -> Result<PostgresFacts, String> {
    let timeout = settings.timeout;
    let fail =
        |what: &str, e: String| scrubber.scrub(&format!("PostgreSQL at {target}: {what}: {e}"));
    let millis = timeout.as_millis().to_string();
    let lock_millis = timeout.as_millis().min(2000).to_string();
    within(
        timeout,
        client.query_one(
            "SELECT set_config('default_transaction_read_only', 'on', false), \
                    set_config('statement_timeout', $1, false), \
                    set_config('lock_timeout', $2, false), \
                    set_config('idle_in_transaction_session_timeout', $1, false)",
            &[&millis, &lock_millis],
        ),
    )
    .await
    .map_err(|e| fail("cannot set up the session", e))?;
    let me = within(
        timeout,
        client.query_one(
            "SELECT current_user::text, rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user",
            &[],
        ),
    )
    .await
    .map_err(|e| fail("cannot read the audit role", e))?;
    let audit_role: String = me.get(0);
    let audit_role_sees_all: bool = me.get(1);
    let rows = within(timeout, client.query(TABLES, &[]))
        .await
        .map_err(|e| fail("cannot read the tables", e))?;
    let policy_rows = within(timeout, client.query(POLICIES, &[]))
        .await
        .map_err(|e| fail("cannot read pg_policies", e))?;
    let keys: Vec<String> = settings
        .tenant_keys
        .iter()
        .map(|k| k.to_lowercase())
        .collect();
    let mut tables: Vec<LiveTable> = rows
        .iter()
        .map(|row| {
            let schema: String = row.get(0);
            let name: String = row.get(1);
            let columns: Vec<String> = row.get(5);
            let qualified = format!("{schema}.{name}");
            let policies = policy_rows
                .iter()
                .filter(|p| p.get::<_, String>(0) == schema && p.get::<_, String>(1) == name)
                .map(|p| LivePolicy {
                    name: p.get(2),
                    permissive: p.get(3),
                    command: p.get(4),
                    roles: p.get(5),
                    using: p.get(6),
                    with_check: p.get(7),
                })
                .collect();
            LiveTable {
                tenant_keys: columns
                    .iter()
                    .map(|c| c.to_lowercase())
                    .filter(|c| keys.contains(c))
                    .collect(),
                name: qualified,
                relation: Quoted::table(&schema, &name),
                owner: row.get(2),
                columns,
                rls_enabled: row.get(3),
                rls_forced: row.get(4),
                policies,
                probe: None,
                audit_writers: None,
            }
        })
        .collect();
    let pgaudit = read_pgaudit(client, timeout)
        .await
        .map_err(|e| fail("cannot read the pgaudit settings", e))?;
    let writers = within(
        timeout,
        client.query(AUDIT_WRITERS, &[&settings.audit_tables]),
    )
    .await
    .map_err(|e| fail("cannot read the audit tables' privileges", e))?;
    for row in &writers {
        let qualified = format!("{}.{}", row.get::<_, String>(0), row.get::<_, String>(1));
        let Some(table) = tables.iter_mut().find(|t| t.name == qualified) else {
            continue;
        };
        let list = table.audit_writers.get_or_insert_with(Vec::new);
        if let (Some(role), Some(privileges)) = (
            row.get::<_, Option<String>>(2),
            row.get::<_, Option<Vec<String>>>(3),
        ) {
            list.push(Writer { role, privileges });
        }
    }
    let mut probe = Probe {
        role: settings.probe_role.map(str::to_string),
        tenant_context: match settings.tenant_context {
            TenantContext::Setting => "setting",
            TenantContext::Jwt => "jwt",
        },
        blocked: None,
    };
    if tables.iter().any(|t| !t.tenant_keys.is_empty()) {
        probe.blocked = probe_role_problem(client, settings, &audit_role, audit_role_sees_all)
            .await
            .map_err(|e| fail("cannot check the probe role", e))?;
        if let (None, Some(role)) = (&probe.blocked, settings.probe_role) {
            for table in tables.iter_mut().filter(|t| !t.tenant_keys.is_empty()) {
                let probed = probe_table(client, settings, role, table)
                    .await
                    .map_err(|e| fail(&format!("cross-tenant probe of {}", table.name), e))?;
                tracing::debug!(
                    table = %table.name,
                    rows = probed.rows,
                    foreign_rows_visible = ?probed.foreign_rows_visible,
                    write = %probed.write_other_tenant,
                    detail = ?probed.detail.as_deref().map(|d| scrubber.scrub(d)),
                    "cross-tenant probe"
                );
                table.probe = Some(probed);
            }
        }
    }
    Ok(PostgresFacts {
        target: target.to_string(),
        audit_role,
        audit_role_sees_all,
        tables,
        probe,
        pgaudit,
    })
}

/// The audit tables (names matching `$1`, case-insensitively), each with the roles other than
/// its owner, the superusers and PostgreSQL's own `pg_*` roles that hold UPDATE, DELETE or
/// TRUNCATE on it, directly or through membership (one row a table when none does).
const AUDIT_WRITERS: &str = r"
SELECT n.nspname::text, c.relname::text, w.role, w.privileges
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (
    SELECT r.rolname::text AS role,
           array_remove(ARRAY[
               CASE WHEN has_table_privilege(r.oid, c.oid, 'UPDATE') THEN 'UPDATE' END,
               CASE WHEN has_table_privilege(r.oid, c.oid, 'DELETE') THEN 'DELETE' END,
               CASE WHEN has_table_privilege(r.oid, c.oid, 'TRUNCATE') THEN 'TRUNCATE' END
           ], NULL) AS privileges
    FROM pg_roles r
    WHERE NOT r.rolsuper AND r.rolname !~ '^pg_' AND r.oid <> c.relowner
) w ON cardinality(w.privileges) > 0
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
  AND c.relname ~* $1
ORDER BY 1, 2, 3";

/// `shared_preload_libraries` and `pgaudit.log` (through `pg_settings`, which hides what the
/// audit role may not read rather than failing).
async fn read_pgaudit(client: &Client, timeout: Duration) -> Result<PgAudit, String> {
    let rows = within(
        timeout,
        client.query(
            "SELECT name::text, setting::text FROM pg_settings \
             WHERE name IN ('shared_preload_libraries', 'pgaudit.log')",
            &[],
        ),
    )
    .await?;
    let setting = |name: &str| {
        rows.iter()
            .find(|r| r.get::<_, String>(0) == name)
            .and_then(|r| r.get::<_, Option<String>>(1))
    };
    let libraries = setting("shared_preload_libraries");
    let preloaded = libraries.as_deref().map(|list| {
        list.split(',')
            .map(|l| l.trim().trim_matches('"'))
            .any(|l| l == "pgaudit" || l.ends_with("/pgaudit") || l == "pgaudit.so")
    });
    Ok(PgAudit {
        shared_preload_libraries: libraries,
        preloaded,
        log: setting("pgaudit.log"),
    })
}

/// Why the probe cannot run at all, if it cannot: no probe role configured, a role that does
/// not exist, or one that bypasses row-level security.
async fn probe_role_problem(
    client: &Client,
    settings: &Settings<'_>,
    audit_role: &str,
    audit_role_sees_all: bool,
) -> Result<Option<String>, String> {
    let Some(role) = settings.probe_role else {
        return Ok(Some(
            "no probe role: set live.postgres.probe_role to the application's role (no ownership, no BYPASSRLS) to test cross-tenant access".to_string(),
        ));
    };
    let row = within(
        settings.timeout,
        client.query_opt(
            "SELECT rolsuper, rolbypassrls, pg_has_role(current_user, oid, 'USAGE') FROM pg_roles WHERE rolname = $1",
            &[&role],
        ),
    )
    .await?;
    let Some(row) = row else {
        return Ok(Some(format!(
            "the probe role {role} (live.postgres.probe_role) does not exist"
        )));
    };
    let (superuser, bypass, usable): (bool, bool, bool) = (row.get(0), row.get(1), row.get(2));
    Ok(if superuser || bypass {
        Some(format!(
            "the probe role {role} is {}: row-level security does not apply to it, so the probe would prove nothing",
            if superuser {
                "a superuser"
            } else {
                "BYPASSRLS"
            }
        ))
    } else if !usable {
        Some(format!(
            "the audit role {audit_role} cannot act as the probe role {role} (SET ROLE): GRANT {role} TO {audit_role}"
        ))
    } else if !audit_role_sees_all {
        Some(format!(
            "the audit role {audit_role} is subject to row-level security itself, so it cannot see which tenants exist: connect as a role with BYPASSRLS"
        ))
    } else {
        None
    })
}

/// Identifiers quoted for SQL: the only text [`statement`] puts into a statement, so that a
/// table or column name (from the catalog) can never be read as SQL.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quoted(String);

impl Quoted {
    /// `"name"`.
    pub(crate) fn ident(name: &str) -> Quoted {
        Quoted(format!("\"{}\"", name.replace('"', "\"\"")))
    }

    /// `"schema"."table"`.
    pub(crate) fn table(schema: &str, name: &str) -> Quoted {
        Quoted(format!(
            "{}.{}",
            Quoted::ident(schema).0,
            Quoted::ident(name).0
        ))
    }

    /// `"a", "b"`.
    fn list(names: &[String]) -> Quoted {
        let quoted: Vec<String> = names.iter().map(|n| Quoted::ident(n).0).collect();
        Quoted(quoted.join(", "))
    }
}

/// A statement from a fixed template, each `{name}` in it replaced by its quoted identifiers
/// in one pass over the template (an identifier that itself reads `{column}` is not replaced
/// again); values always go as parameters.
pub(crate) fn statement(template: &'static str, parts: &[(&str, &Quoted)]) -> String {
    let mut sql = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        sql.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let part = after.find('}').and_then(|close| {
            let (_, quoted) = parts.iter().find(|(name, _)| *name == &after[..close])?;
            Some((quoted, close))
        });
        match part {
            Some((quoted, close)) => {
                sql.push_str(&quoted.0);
                rest = &after[close + 1..];
            }
            None => {
                sql.push('{');
                rest = after;
            }
        }
    }
    sql.push_str(rest);
    sql
}

/// Probe one tenant table in a transaction that is rolled back whatever happens.
async fn probe_table(
    client: &mut Client,
    settings: &Settings<'_>,
    role: &str,
    table: &LiveTable,
) -> Result<TableProbe, String> {
    let timeout = settings.timeout;
    // The key column as the table spells it.
    let key_lower = table.tenant_keys.first().cloned().unwrap_or_default();
    let key = table
        .columns
        .iter()
        .find(|c| c.to_lowercase() == key_lower)
        .cloned()
        .unwrap_or(key_lower);
    let mut probe = TableProbe {
        key: key.clone(),
        rows: 0,
        tenants: 0,
        acting_tenant_exists: false,
        foreign_rows_visible: None,
        write_other_tenant: "not-tried".to_string(),
        detail: None,
        blocked: None,
    };
    if table.owner == role {
        probe.blocked = Some(format!(
            "the probe role {role} owns the table{}, so the probe would prove nothing",
            if table.rls_forced {
                ""
            } else {
                " and row-level security is not forced"
            }
        ));
        return Ok(probe);
    }
    let relation = table.relation.clone();
    let column = Quoted::ident(&key);
    let names = [("relation", &relation), ("column", &column)];
    let transaction =
        match tokio::time::timeout(timeout, client.build_transaction().read_only(false).start())
            .await
        {
            Ok(Ok(tx)) => tx,
            Ok(Err(e)) => return Err(describe(&e)),
            Err(_) => return Err(format!("no answer within {} s", timeout.as_secs())),
        };
    let result = async {
        let counts = within(
            timeout,
            transaction.query_one(
                &statement(
                    "SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT {column} FROM {relation} \
                     WHERE {column} IS NOT NULL LIMIT 2) d) FROM {relation}",
                    &names,
                ),
                &[],
            ),
        )
        .await?;
        probe.rows = counts.get(0);
        probe.tenants = counts.get(1);
        let first: Option<String> = within(
            timeout,
            transaction.query_opt(
                &statement(
                    "SELECT {column}::text FROM {relation} WHERE {column} IS NOT NULL ORDER BY 1 LIMIT 1",
                    &names,
                ),
                &[],
            ),
        )
        .await?
        .map(|row| row.get(0));
        // The acting tenant: one that exists when another exists too; else one that no row
        // has, so that every row is another tenant's.
        let acting = match (probe.tenants >= 2, first) {
            (true, Some(first)) => {
                probe.acting_tenant_exists = true;
                first
            }
            _ => match absent_tenant(&transaction, &relation, &key, &names, timeout).await? {
                Some(value) => value,
                None => {
                    probe.detail = Some(
                        "no tenant value to act as: the key's type is neither a number, a uuid nor text"
                            .to_string(),
                    );
                    probe.write_other_tenant = "inconclusive".to_string();
                    return Ok::<(), String>(());
                }
            },
        };
        // A row of another tenant to try to write again, read before changing role.
        let other_row: Option<String> = within(
            timeout,
            transaction.query_opt(
                &statement(
                    "SELECT row_to_json(t)::text FROM {relation} t \
                     WHERE {column} IS NOT NULL AND {column}::text <> $1 LIMIT 1",
                    &names,
                ),
                &[&acting],
            ),
        )
        .await?
        .map(|row| row.get(0));
        let insertable: Vec<String> = within(
            timeout,
            transaction.query_one(
                "SELECT coalesce(array_agg(a.attname::text ORDER BY a.attnum), '{}') FROM pg_attribute a \
                 WHERE a.attrelid = $1::text::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''",
                &[&relation.0],
            ),
        )
        .await?
        .get(0);
        within(
            timeout,
            transaction.query_one("SELECT set_config('role', $1, true)", &[&role]),
        )
        .await?;
        set_tenant(&transaction, settings, &key, &acting, role).await?;
        match within(
            timeout,
            transaction.query_one(
                &statement(
                    "SELECT count(*) FROM {relation} WHERE {column} IS NOT NULL AND {column}::text <> $1",
                    &names,
                ),
                &[&acting],
            ),
        )
        .await
        {
            Ok(row) => probe.foreign_rows_visible = Some(row.get(0)),
            Err(e) if e.contains(SqlState::INSUFFICIENT_PRIVILEGE.code()) => {
                probe.detail = Some(format!("the probe role may not read the table: {e}"));
                probe.foreign_rows_visible = Some(0);
            }
            Err(e) => return Err(e),
        }
        if let Some(row) = other_row {
            let columns = Quoted::list(&insertable);
            within(timeout, transaction.batch_execute("SAVEPOINT gatehouse_probe")).await?;
            let write = tokio::time::timeout(
                timeout,
                transaction.execute(
                    &statement(
                        "INSERT INTO {relation} ({columns}) OVERRIDING SYSTEM VALUE \
                         SELECT {columns} FROM json_populate_record(NULL::{relation}, $1::text::json)",
                        &[("relation", &relation), ("columns", &columns)],
                    ),
                    &[&row],
                ),
            )
            .await;
            let (outcome, detail) = match write {
                Err(_) => (
                    "inconclusive",
                    Some(format!("no answer within {} s", timeout.as_secs())),
                ),
                Ok(Ok(_)) => ("accepted", None),
                Ok(Err(e)) => judge_write(&e),
            };
            probe.write_other_tenant = outcome.to_string();
            if detail.is_some() {
                probe.detail = detail;
            }
            within(
                timeout,
                transaction.batch_execute("ROLLBACK TO SAVEPOINT gatehouse_probe"),
            )
            .await?;
        }
        Ok(())
    }
    .await;
    // Whatever happened: nothing of the probe stays.
    let rolled_back = tokio::time::timeout(timeout, transaction.rollback()).await;
    result?;
    match rolled_back {
        Ok(Ok(())) => Ok(probe),
        Ok(Err(e)) => Err(format!("rollback: {}", describe(&e))),
        Err(_) => Err(format!(
            "rollback: no answer within {} s",
            timeout.as_secs()
        )),
    }
}

/// What a refused or failed write says about isolation: row-level security refused it, the
/// role may not insert at all, or row-level security let it through and a later check (a
/// unique key, a constraint) stopped it.
fn judge_write(e: &tokio_postgres::Error) -> (&'static str, Option<String>) {
    let Some(db) = e.as_db_error() else {
        return ("inconclusive", Some(describe(e)));
    };
    let code = db.code();
    if *code == SqlState::INSUFFICIENT_PRIVILEGE {
        if db.message().contains("row-level security") {
            ("refused", None)
        } else {
            ("not-permitted", Some(db.message().to_string()))
        }
    } else if [
        SqlState::UNIQUE_VIOLATION,
        SqlState::FOREIGN_KEY_VIOLATION,
        SqlState::NOT_NULL_VIOLATION,
        SqlState::CHECK_VIOLATION,
        SqlState::EXCLUSION_VIOLATION,
    ]
    .contains(code)
    {
        (
            "accepted",
            Some(format!(
                "row-level security let the row through; only a later check stopped it: {} ({})",
                db.message(),
                code.code()
            )),
        )
    } else {
        (
            "inconclusive",
            Some(format!("{} ({})", db.message(), code.code())),
        )
    }
}

/// A tenant value of the key's type that no row has: -1 for numbers, the nil uuid, or a text no
/// tenant is called. None for other types.
async fn absent_tenant(
    client: &impl GenericClient,
    relation: &Quoted,
    key: &str,
    names: &[(&str, &Quoted)],
    timeout: Duration,
) -> Result<Option<String>, String> {
    let kind: String = within(
        timeout,
        client.query_one(
            "SELECT t.typcategory::text || ':' || t.typname::text FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid \
             WHERE a.attrelid = $1::text::regclass AND a.attname = $2",
            &[&relation.0, &key],
        ),
    )
    .await?
    .get(0);
    let candidates: &[&str] = match kind.split_once(':') {
        Some(("N", _)) => &["-1", "-2", "-999999"],
        Some((_, "uuid")) => &[
            "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
        ],
        Some(("S", _)) => &["gatehouse-probe", "gatehouse-probe-2"],
        _ => &[],
    };
    let taken_sql = statement(
        "SELECT 1 FROM {relation} WHERE {column}::text = $1 LIMIT 1",
        names,
    );
    for candidate in candidates {
        let taken = within(timeout, client.query_opt(&taken_sql, &[candidate])).await?;
        if taken.is_none() {
            return Ok(Some((*candidate).to_string()));
        }
    }
    Ok(None)
}

/// Put the acting tenant where the application puts it, for this transaction only.
async fn set_tenant(
    client: &impl GenericClient,
    settings: &Settings<'_>,
    key: &str,
    tenant: &str,
    role: &str,
) -> Result<(), String> {
    let timeout = settings.timeout;
    match settings.tenant_context {
        TenantContext::Setting => {
            within(
                timeout,
                client.query_one(
                    "SELECT set_config($1, $2, true)",
                    &[&settings.tenant_setting, &tenant],
                ),
            )
            .await?;
        }
        TenantContext::Jwt => {
            let claim = if settings.tenant_claim.is_empty() {
                key
            } else {
                settings.tenant_claim
            };
            let claims = serde_json::json!({ claim: tenant, "role": role }).to_string();
            within(
                timeout,
                client.query_one(
                    "SELECT set_config('request.jwt.claims', $1, true)",
                    &[&claims],
                ),
            )
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_shown_without_user_or_password() {
        let config: Config = concat!(
            "postgres://audit:s3cret-pw",
            "@db.internal:6432/app?sslmode=require"
        )
        .parse()
        .unwrap();
        assert_eq!(shown(&config), "postgres://db.internal:6432/app");
        let config: Config = "host=/run/postgresql user=app password=x".parse().unwrap();
        assert_eq!(shown(&config), "postgres:///run/postgresql:5432/app");
    }

    #[test]
    fn statements_take_only_quoted_identifiers() {
        assert_eq!(
            Quoted::table("my.schema", "orders").0,
            "\"my.schema\".\"orders\""
        );
        assert_eq!(Quoted::ident("We\"ird").0, "\"We\"\"ird\"");
        let evil = Quoted::ident("x\"; DROP TABLE t; --");
        assert_eq!(
            statement(
                "SELECT {column} FROM {relation}",
                &[
                    ("column", &evil),
                    ("relation", &Quoted::table("public", "t"))
                ]
            ),
            "SELECT \"x\"\"; DROP TABLE t; --\" FROM \"public\".\"t\""
        );
        // A table named like a placeholder is not filled in again: the column's quotes cannot
        // end the table's.
        assert_eq!(
            statement(
                "SELECT {column} FROM {relation}",
                &[
                    ("relation", &Quoted::table("public", "{column}")),
                    ("column", &evil)
                ]
            ),
            "SELECT \"x\"\"; DROP TABLE t; --\" FROM \"public\".\"{column}\""
        );
        assert_eq!(
            Quoted::list(&["a".to_string(), "B c".to_string()]).0,
            "\"a\", \"B c\""
        );
    }
}
