//! P07's live part: what a running Prometheus says through its HTTP API (all GETs).
//!
//! - `/api/v1/rules`: the rule groups loaded, each rule's health and last evaluation error.
//! - `/api/v1/alerts`: the alerts firing now (evidence, not a verdict).
//! - `/api/v1/targets?state=active`: scrape targets that are down.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::http::Http;

pub struct Settings<'a> {
    pub url: &'a str,
    /// Where `url` came from (`PROM_URL` or `live.prometheus.url`).
    pub source: &'a str,
    /// `PROM_TOKEN`: a bearer token, when the API sits behind one.
    pub token: Option<&'a str>,
    pub ca_file: Option<PathBuf>,
    pub timeout: Duration,
}

/// The `live.prometheus` part of the facts document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PrometheusFacts {
    /// `prometheus+http://HOST:PORT`: findings point under it.
    pub target: String,
    pub groups: Vec<Group>,
    pub firing: Vec<FiringAlert>,
    pub targets_up: u64,
    pub targets_down: Vec<DownTarget>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Group {
    pub name: String,
    /// The rule file the server loaded it from.
    pub file: String,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rule {
    pub name: String,
    /// `alerting` or `recording`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `ok`, `err` or `unknown` (not evaluated yet).
    pub health: String,
    pub last_error: Option<String>,
    /// An alerting rule's state: `inactive`, `pending` or `firing`.
    pub state: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FiringAlert {
    pub alert: String,
    pub severity: Option<String>,
    pub active_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DownTarget {
    pub job: String,
    pub instance: String,
    pub last_error: Option<String>,
}

impl PrometheusFacts {
    /// One line for the matrix's evidence.
    pub fn summary(&self) -> String {
        let rules: usize = self.groups.iter().map(|g| g.rules.len()).sum();
        let broken = self
            .groups
            .iter()
            .flat_map(|g| &g.rules)
            .filter(|r| r.health == "err")
            .count();
        let mut firing: Vec<&str> = self.firing.iter().map(|a| a.alert.as_str()).collect();
        firing.sort();
        firing.dedup();
        format!(
            "prometheus {}: {}, {} ({broken} failing), {} up, {} down; firing now: {}",
            self.target,
            gatehouse_model::count_of(self.groups.len() as u64, "rule group"),
            gatehouse_model::count_of(rules as u64, "rule"),
            gatehouse_model::count_of(self.targets_up, "target"),
            self.targets_down.len(),
            if firing.is_empty() {
                "none".to_string()
            } else {
                firing.join(", ")
            }
        )
    }
}

/// Read the Prometheus `settings` names. An error makes P07's live part BLOCKED.
pub async fn audit(settings: &Settings<'_>) -> Result<PrometheusFacts, String> {
    let mut http = Http::new(
        settings.url,
        settings.source,
        settings.ca_file.as_deref(),
        settings.timeout,
    )?;
    if let Some(token) = settings.token {
        http = http.with_header("authorization", &format!("Bearer {token}"), true);
        http.scrubber.add(token);
    }
    let target = format!("prometheus+{}", crate::http::origin(&http.shown));
    let rules = data(&http, "api/v1/rules").await?;
    let alerts = data(&http, "api/v1/alerts").await?;
    let targets = data(&http, "api/v1/targets?state=active").await?;
    let text = |v: &Value, key: &str| v.get(key).and_then(|s| s.as_str()).map(str::to_string);
    let groups = list(&rules, "groups")
        .iter()
        .map(|g| Group {
            name: text(g, "name").unwrap_or_default(),
            file: text(g, "file").unwrap_or_default(),
            rules: list(g, "rules")
                .iter()
                .map(|r| Rule {
                    name: text(r, "name").unwrap_or_default(),
                    kind: text(r, "type").unwrap_or_default(),
                    health: text(r, "health").unwrap_or_else(|| "unknown".to_string()),
                    last_error: text(r, "lastError").filter(|e| !e.is_empty()),
                    state: text(r, "state"),
                })
                .collect(),
        })
        .collect();
    let firing = list(&alerts, "alerts")
        .iter()
        .filter(|a| text(a, "state").as_deref() == Some("firing"))
        .map(|a| FiringAlert {
            alert: a
                .pointer("/labels/alertname")
                .and_then(|s| s.as_str())
                .unwrap_or_default()
                .to_string(),
            severity: a
                .pointer("/labels/severity")
                .and_then(|s| s.as_str())
                .map(str::to_string),
            active_at: text(a, "activeAt"),
        })
        .collect();
    let active = list(&targets, "activeTargets");
    let mut targets_down: Vec<DownTarget> = active
        .iter()
        .filter(|t| text(t, "health").as_deref() == Some("down"))
        .map(|t| DownTarget {
            job: t
                .pointer("/labels/job")
                .or_else(|| t.get("scrapePool"))
                .and_then(|s| s.as_str())
                .unwrap_or_default()
                .to_string(),
            instance: t
                .pointer("/labels/instance")
                .and_then(|s| s.as_str())
                .unwrap_or_default()
                .to_string(),
            last_error: text(t, "lastError")
                .filter(|e| !e.is_empty())
                .map(|e| http.scrubber.scrub(&e)),
        })
        .collect();
    targets_down.sort_by(|a, b| (&a.job, &a.instance).cmp(&(&b.job, &b.instance)));
    let targets_up = active
        .iter()
        .filter(|t| text(t, "health").as_deref() == Some("up"))
        .count() as u64;
    Ok(PrometheusFacts {
        target,
        groups,
        firing,
        targets_up,
        targets_down,
    })
}

/// The `data` of a successful API answer.
async fn data(http: &Http, path: &str) -> Result<Value, String> {
    let answer = http.get(path, &[]).await?;
    let shown = path.split('?').next().unwrap_or(path);
    if answer.status != 200 || answer.json.get("status").and_then(|s| s.as_str()) != Some("success")
    {
        let error = answer
            .json
            .get("error")
            .and_then(|e| e.as_str())
            .map(|e| format!(": {}", http.scrubber.scrub(e)))
            .unwrap_or_default();
        return Err(format!(
            "{}/{shown} answered HTTP {}{error}: not a Prometheus API, or not allowed",
            http.shown, answer.status
        ));
    }
    Ok(answer.json.get("data").cloned().unwrap_or(Value::Null))
}

fn list<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(|v| v.as_array())
        .map(Vec::as_slice)
        .unwrap_or_default()
}
