//! P02's live part (and the Vault half of P04's): what a Vault or OpenBao server says through
//! its HTTP API.
//!
//! - `sys/health`: initialized, unsealed (asked so that every state answers 200).
//! - **Logins:** with `VAULT_ROLE_ID` + `VAULT_SECRET_ID`, an AppRole login (`auth/<mount>/login`;
//!   a POST, as is the `revoke-self` that takes back the token it returns, whatever happens
//!   after the login: the audit's only two); with
//!   `VAULT_TOKEN`, `auth/token/lookup-self`. For each, the status and the token's policies.
//! - **KV v2 rotation:** for each of `live.vault.kv_paths`, its mount (`sys/internal/ui/mounts`,
//!   as the CLI finds it) and the metadata of its current version: when it was written. Values
//!   are never read.
//! - **Audit devices** (`sys/audit`, for P04).
//!
//! Tokens, secret ids and the token a login returns appear in no fact, message or log line.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::http::{Answer, Http};

/// What the audit of one Vault needs.
pub struct Settings<'a> {
    pub addr: &'a str,
    /// Where `addr` came from (`VAULT_ADDR` or `live.vault.addr`).
    pub source: &'a str,
    pub token: Option<&'a str>,
    pub approle: Option<(&'a str, &'a str)>,
    pub approle_mount: &'a str,
    pub namespace: Option<&'a str>,
    pub kv_paths: &'a [String],
    pub rotation_max_age_days: u64,
    pub ca_file: Option<PathBuf>,
    pub timeout: Duration,
    /// Now, in seconds since the epoch (tests and the clock agree on it).
    pub now: i64,
}

/// The `live.vault` part of the facts document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VaultFacts {
    /// `vault+http://HOST:PORT`: findings point under it.
    pub target: String,
    pub health: Health,
    pub logins: Vec<Login>,
    pub kv: Vec<KvSecret>,
    pub rotation_max_age_days: u64,
    /// The enabled audit devices; `null` when they could not be read (see `audit_devices_error`).
    pub audit_devices: Option<Vec<AuditDevice>>,
    pub audit_devices_error: Option<String>,
    /// Why part of the audit could not run (no credentials, a path the token may not read).
    pub blocked: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Health {
    pub initialized: bool,
    pub sealed: bool,
    pub standby: bool,
    pub version: Option<String>,
}

/// One login the audit made (or a token it looked up).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Login {
    /// `approle` or `token`.
    pub method: &'static str,
    pub status: u16,
    pub policies: Vec<String>,
    /// The server's error messages when it refused.
    pub error: Option<String>,
}

/// One KV v2 secret's current version.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KvSecret {
    pub path: String,
    pub current_version: Option<u64>,
    pub created_time: Option<String>,
    /// Days since the current version was written (fractional).
    pub age_days: Option<f64>,
    /// Set when the secret does not exist or could not be read.
    pub error: Option<String>,
    /// `missing` (404), `denied` (403), `not-kv-v2`, or `error`.
    pub problem: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditDevice {
    pub path: String,
    #[serde(rename = "type")]
    pub kind: String,
}

impl VaultFacts {
    /// One line for the matrix's evidence.
    pub fn summary(&self) -> String {
        let state = if !self.health.initialized {
            "not initialized"
        } else if self.health.sealed {
            "sealed"
        } else {
            "unsealed"
        };
        let logins: Vec<String> = self
            .logins
            .iter()
            .map(|l| format!("{} login HTTP {}", l.method, l.status))
            .collect();
        let stale = self
            .kv
            .iter()
            .filter(|k| {
                k.age_days
                    .is_some_and(|a| a > self.rotation_max_age_days as f64)
            })
            .count();
        let kv = if self.kv.is_empty() {
            "KV rotation not checked (no live.vault.kv_paths)".to_string()
        } else {
            format!(
                "{} read ({stale} older than {} days)",
                gatehouse_model::count_of(self.kv.len() as u64, "KV secret"),
                self.rotation_max_age_days
            )
        };
        format!(
            "vault {} {state}{}{}, {kv}",
            self.target,
            self.health
                .version
                .as_deref()
                .map(|v| format!(" (v{v})"))
                .unwrap_or_default(),
            if logins.is_empty() {
                String::new()
            } else {
                format!(", {}", logins.join(", "))
            },
        )
    }
}

/// Audit the Vault `settings` names. An error (the server cannot be reached, or is not a Vault)
/// makes the live parts that need it BLOCKED.
pub async fn audit(settings: &Settings<'_>) -> Result<VaultFacts, String> {
    let mut http = Http::new(
        settings.addr,
        settings.source,
        settings.ca_file.as_deref(),
        settings.timeout,
    )?;
    if let Some(namespace) = settings.namespace {
        http = http.with_header("x-vault-namespace", namespace, false);
    }
    for secret in [
        settings.token,
        settings.approle.map(|a| a.0),
        settings.approle.map(|a| a.1),
    ]
    .into_iter()
    .flatten()
    {
        http.scrubber.add(secret);
    }
    let target = format!("vault+{}", crate::http::origin(&http.shown));
    let answer = http
        .get(
            "v1/sys/health?standbyok=true&perfstandbyok=true&sealedcode=200&uninitcode=200&drsecondarycode=200",
            &[],
        )
        .await?;
    let flag = |name: &str| answer.json.get(name).and_then(|v| v.as_bool());
    let (Some(initialized), Some(sealed)) = (flag("initialized"), flag("sealed")) else {
        return Err(format!(
            "{}: sys/health answered HTTP {} without `initialized` and `sealed`: not a Vault API",
            http.shown, answer.status
        ));
    };
    let mut facts = VaultFacts {
        target,
        health: Health {
            initialized,
            sealed,
            standby: flag("standby").unwrap_or(false),
            version: answer
                .json
                .get("version")
                .and_then(|v| v.as_str())
                .map(str::to_string),
        },
        logins: Vec::new(),
        kv: Vec::new(),
        rotation_max_age_days: settings.rotation_max_age_days,
        audit_devices: None,
        audit_devices_error: None,
        blocked: Vec::new(),
    };
    if sealed || !initialized {
        // Nothing else answers; the health facts carry the verdict.
        return Ok(facts);
    }

    let mut approle_token: Option<String> = None;
    if let Some((role_id, secret_id)) = settings.approle {
        let path = format!("v1/auth/{}/login", settings.approle_mount.trim_matches('/'));
        let answer = http
            .post(
                &path,
                &serde_json::json!({ "role_id": role_id, "secret_id": secret_id }),
                &[],
            )
            .await?;
        let auth = answer.json.get("auth");
        if let Some(token) = auth
            .and_then(|a| a.get("client_token"))
            .and_then(|t| t.as_str())
            .filter(|_| answer.status == 200)
        {
            http.scrubber.add(token);
            approle_token = Some(token.to_string());
        }
        facts.logins.push(Login {
            method: "approle",
            status: answer.status,
            policies: strings(auth.and_then(|a| a.get("policies"))),
            error: errors(&http, &answer),
        });
    }
    // Whatever happens next, the token the login made is taken back.
    let read = read_with_logins(&http, settings, &mut facts, approle_token.as_deref()).await;
    if let Some(token) = approle_token {
        let revoked = http
            .post(
                "v1/auth/token/revoke-self",
                &serde_json::json!({}),
                &[("x-vault-token", token.as_str())],
            )
            .await;
        match revoked {
            Ok(answer) if answer.status < 300 => {}
            Ok(answer) => facts.blocked.push(format!(
                "the AppRole login's token could not be revoked (HTTP {}): it lives until its TTL runs out",
                answer.status
            )),
            Err(e) => facts.blocked.push(format!(
                "the AppRole login's token could not be revoked ({e}): it lives until its TTL runs out"
            )),
        }
    }
    read.map(|()| facts)
}

/// After the AppRole login: the lookup of `VAULT_TOKEN`, the KV metadata and the audit devices.
async fn read_with_logins(
    http: &Http,
    settings: &Settings<'_>,
    facts: &mut VaultFacts,
    approle_token: Option<&str>,
) -> Result<(), String> {
    if let Some(token) = settings.token {
        let answer = http
            .get("v1/auth/token/lookup-self", &[("x-vault-token", token)])
            .await?;
        facts.logins.push(Login {
            method: "token",
            status: answer.status,
            policies: strings(answer.json.pointer("/data/policies")),
            error: errors(http, &answer),
        });
    }

    // Reads with the audit's own token where given, else the application's AppRole token.
    let reader = settings
        .token
        .filter(|_| {
            facts
                .logins
                .iter()
                .any(|l| l.method == "token" && l.status == 200)
        })
        .or(approle_token);
    let Some(token) = reader else {
        facts
            .blocked
            .push(if settings.token.is_none() && settings.approle.is_none() {
                "no Vault credentials: set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID (AppRole)"
                    .to_string()
            } else {
                "no login succeeded, so nothing could be read".to_string()
            });
        return Ok(());
    };
    for path in settings.kv_paths {
        let secret = kv_secret(http, token, path, settings.now).await?;
        match secret.problem {
            Some("denied") => facts.blocked.push(format!(
                "the token may not read the metadata of {path}: {}",
                secret.error.as_deref().unwrap_or("permission denied")
            )),
            Some("error") => facts.blocked.push(format!(
                "the metadata of {path} could not be read: {}",
                secret.error.as_deref().unwrap_or("no answer")
            )),
            _ => {}
        }
        facts.kv.push(secret);
    }
    let answer = http
        .get("v1/sys/audit", &[("x-vault-token", token)])
        .await?;
    match answer.status {
        200 => {
            let devices = answer.json.get("data").unwrap_or(&answer.json);
            let mut list: Vec<AuditDevice> = devices
                .as_object()
                .map(|map| {
                    map.iter()
                        .filter_map(|(path, device)| {
                            let kind = device.get("type")?.as_str()?;
                            Some(AuditDevice {
                                path: path.clone(),
                                kind: kind.to_string(),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            list.sort_by(|a, b| a.path.cmp(&b.path));
            facts.audit_devices = Some(list);
        }
        status => {
            facts.audit_devices_error = Some(format!(
                "sys/audit answered HTTP {status}{} (the token needs `read` and `sudo` on sys/audit)",
                errors(http, &answer)
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            ))
        }
    }
    Ok(())
}

/// The metadata of one KV v2 secret, `path` as the CLI takes it (`secret/app/db`).
async fn kv_secret(http: &Http, token: &str, path: &str, now: i64) -> Result<KvSecret, String> {
    let path = path.trim_matches('/');
    let mut secret = KvSecret {
        path: path.to_string(),
        current_version: None,
        created_time: None,
        age_days: None,
        error: None,
        problem: None,
    };
    let auth = [("x-vault-token", token)];
    let mount_answer = http
        .get(&format!("v1/sys/internal/ui/mounts/{path}"), &auth)
        .await?;
    let mount = mount_answer
        .json
        .pointer("/data/path")
        .and_then(|p| p.as_str())
        .filter(|m| !m.is_empty() && path.starts_with(m.trim_end_matches('/')))
        .map(|m| m.trim_end_matches('/').to_string());
    let Some(mount) = mount else {
        let (problem, error) = match mount_answer.status {
            403 => ("denied", "permission denied".to_string()),
            200 | 400 | 404 => ("missing", "no secrets engine is mounted there".to_string()),
            status => (
                "error",
                format!("sys/internal/ui/mounts answered HTTP {status}"),
            ),
        };
        secret.problem = Some(problem);
        secret.error = Some(error);
        return Ok(secret);
    };
    let version = mount_answer
        .json
        .pointer("/data/options/version")
        .and_then(|v| v.as_str());
    if version != Some("2") {
        secret.problem = Some("not-kv-v2");
        secret.error = Some(format!(
            "{mount} is not a KV version 2 engine: it keeps no version dates"
        ));
        return Ok(secret);
    }
    let rest = path[mount.len()..].trim_start_matches('/');
    let answer = http
        .get(&format!("v1/{mount}/metadata/{rest}"), &auth)
        .await?;
    match answer.status {
        200 => {}
        404 => {
            secret.problem = Some("missing");
            secret.error = Some("no such secret".to_string());
            return Ok(secret);
        }
        403 => {
            secret.problem = Some("denied");
            secret.error = errors(http, &answer);
            return Ok(secret);
        }
        status => {
            secret.problem = Some("error");
            secret.error = Some(format!(
                "HTTP {status}{}",
                errors(http, &answer)
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            ));
            return Ok(secret);
        }
    }
    let current = answer
        .json
        .pointer("/data/current_version")
        .and_then(|v| v.as_u64());
    secret.current_version = current;
    let created = current.and_then(|v| {
        answer
            .json
            .pointer(&format!("/data/versions/{v}/created_time"))
            .and_then(|t| t.as_str())
    });
    match created.and_then(|t| Some((t, t.parse::<jiff::Timestamp>().ok()?.as_second()))) {
        Some((text, seconds)) => {
            secret.created_time = Some(text.to_string());
            secret.age_days = Some((now - seconds).max(0) as f64 / 86_400.0);
        }
        None => {
            secret.problem = Some("error");
            secret.error =
                Some("the metadata has no creation time for the current version".to_string());
        }
    }
    Ok(secret)
}

/// A JSON list of strings.
fn strings(value: Option<&serde_json::Value>) -> Vec<String> {
    let mut list: Vec<String> = value
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    list.sort();
    list.dedup();
    list
}

/// A refusal's `errors`, scrubbed.
fn errors(http: &Http, answer: &Answer) -> Option<String> {
    if answer.status < 300 {
        return None;
    }
    let list = strings(answer.json.get("errors"));
    (!list.is_empty()).then(|| http.scrubber.scrub(&list.join("; ")))
}
