//! The optional online mode (`deps.online`): every registry package of a lockfile is also asked
//! about at the OSV API (`POST /v1/querybatch`, then `GET /v1/vulns/ID` for each vulnerability
//! named), and what it says joins the offline findings (merged by alias like any other source).
//! The base URL is configurable; credentials in it are never shown.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use gatehouse_lockfiles::{Ecosystem, Package};
use serde::Deserialize;

use crate::advisory::{Advisory, Verdict, normalize_name};
use crate::db::without_credentials;

/// The most queries one `querybatch` request carries (the API's limit).
const BATCH: usize = 1000;

/// The most pages of results followed for one batch.
const MAX_PAGES: usize = 100;

/// The largest answer read from the API.
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// How often a request failing with a 5xx or a connection error is retried.
const RETRIES: u32 = 2;

/// An HTTP client for the database downloads and the OSV API.
pub(crate) fn http_client() -> Result<reqwest::blocking::Client, String> {
    reqwest::blocking::Client::builder()
        .user_agent(concat!("gatehouse/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(15))
        .timeout(Duration::from_secs(300))
        .build()
        .map_err(|e| format!("cannot set up HTTP: {e}"))
}

/// Send a request (made by `make`), retrying server errors and failed connections with a
/// growing pause. Errors name the URL without credentials.
pub(crate) fn send(
    url: &str,
    make: impl Fn() -> reqwest::blocking::RequestBuilder,
) -> Result<reqwest::blocking::Response, String> {
    let shown = without_credentials(url);
    let mut attempt = 0;
    loop {
        let outcome = make().send();
        let retry = match &outcome {
            Ok(response) => response.status().is_server_error(),
            Err(e) => e.is_connect() || e.is_timeout(),
        };
        if retry && attempt < RETRIES {
            attempt += 1;
            std::thread::sleep(Duration::from_millis(250 * u64::from(attempt)));
            continue;
        }
        return match outcome {
            Ok(response) if response.status().is_success() => Ok(response),
            Ok(response) => Err(format!("{shown}: HTTP {}", response.status())),
            Err(e) => Err(format!("{shown}: {}", without_source_url(&e))),
        };
    }
}

/// reqwest's error text without the URL it carries (which may hold credentials).
fn without_source_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(url.as_str(), &without_credentials(url.as_str()));
    }
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

#[derive(Deserialize)]
struct BatchResponse {
    #[serde(default)]
    results: Vec<BatchResult>,
}

#[derive(Deserialize, Default)]
struct BatchResult {
    #[serde(default)]
    vulns: Vec<VulnRef>,
    next_page_token: Option<String>,
}

#[derive(Deserialize)]
struct VulnRef {
    id: String,
}

/// The OSV API, with the records it has served kept for the run.
pub struct Client {
    base: String,
    http: OnceLock<Result<reqwest::blocking::Client, String>>,
    records: Mutex<HashMap<String, Option<Advisory>>>,
}

impl Client {
    pub fn new(base: &str) -> Self {
        Client {
            base: base.trim_end_matches('/').to_string(),
            http: OnceLock::new(),
            records: Mutex::new(HashMap::new()),
        }
    }

    fn http(&self) -> Result<&reqwest::blocking::Client, String> {
        self.http
            .get_or_init(http_client)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The advisories the API names for each package (by index into `packages`), with the
    /// smallest fix above the installed version where the record gives one.
    pub fn query(
        &self,
        ecosystem: Ecosystem,
        packages: &[&Package],
    ) -> Result<Vec<(usize, Advisory, Option<String>)>, String> {
        let mut found = Vec::new();
        for (chunk_index, chunk) in packages.chunks(BATCH).enumerate() {
            let ids = self.batch(ecosystem, chunk)?;
            for (offset, ids) in ids.into_iter().enumerate() {
                let index = chunk_index * BATCH + offset;
                let Some(package) = packages.get(index) else {
                    continue;
                };
                for id in ids {
                    // The API says affected: a record gatehouse cannot apply still counts.
                    let advisory = self.record(&id)?.unwrap_or_else(|| bare(&id));
                    let fixed = fix_for(&advisory, ecosystem, package);
                    found.push((index, advisory, fixed));
                }
            }
        }
        Ok(found)
    }

    /// The vulnerability ids for each package of one batch, following page tokens.
    fn batch(
        &self,
        ecosystem: Ecosystem,
        packages: &[&Package],
    ) -> Result<Vec<Vec<String>>, String> {
        let url = format!("{}/v1/querybatch", self.base);
        let mut ids: Vec<Vec<String>> = vec![Vec::new(); packages.len()];
        let mut pending: Vec<(usize, Option<String>)> =
            (0..packages.len()).map(|i| (i, None)).collect();
        let mut rounds = 0;
        while !pending.is_empty() {
            rounds += 1;
            if rounds > MAX_PAGES {
                return Err(format!(
                    "{}: still more pages after {MAX_PAGES}",
                    without_credentials(&url)
                ));
            }
            let queries: Vec<serde_json::Value> = pending
                .iter()
                .filter_map(|(i, token)| {
                    let package = packages.get(*i)?;
                    let mut query = serde_json::json!({
                        "package": {"name": package.name, "ecosystem": ecosystem.osv_name()},
                        "version": package.version,
                    });
                    if let Some(token) = token {
                        query["page_token"] = serde_json::Value::String(token.clone());
                    }
                    Some(query)
                })
                .collect();
            let body = serde_json::json!({ "queries": queries }).to_string();
            let http = self.http()?;
            let response = send(&url, || {
                http.post(&url)
                    .header("content-type", "application/json")
                    .body(body.clone())
            })?;
            let text = read_body(response, &url)?;
            let parsed: BatchResponse = serde_json::from_str(&text)
                .map_err(|e| format!("{}: unexpected answer: {e}", without_credentials(&url)))?;
            if parsed.results.len() != pending.len() {
                return Err(format!(
                    "{}: {} results for {} queries",
                    without_credentials(&url),
                    parsed.results.len(),
                    pending.len()
                ));
            }
            let mut next = Vec::new();
            for ((i, _), result) in pending.iter().zip(parsed.results) {
                if let Some(slot) = ids.get_mut(*i) {
                    slot.extend(result.vulns.into_iter().map(|v| v.id));
                }
                if let Some(token) = result.next_page_token.filter(|t| !t.is_empty()) {
                    next.push((*i, Some(token)));
                }
            }
            pending = next;
        }
        for list in &mut ids {
            list.sort();
            list.dedup();
        }
        Ok(ids)
    }

    /// One vulnerability record (`None` when withdrawn or for no ecosystem audited here).
    fn record(&self, id: &str) -> Result<Option<Advisory>, String> {
        if let Some(known) = self
            .records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
        {
            return Ok(known.clone());
        }
        let url = format!("{}/v1/vulns/{id}", self.base);
        let http = self.http()?;
        let response = send(&url, || http.get(&url))?;
        let text = read_body(response, &url)?;
        let advisory = crate::osv::parse_record(&text).map_err(|(line, message)| {
            let at = line.map(|l| format!(" line {l}")).unwrap_or_default();
            format!("{}{at}: {message}", without_credentials(&url))
        })?;
        self.records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id.to_string(), advisory.clone());
        Ok(advisory)
    }
}

/// A response's text, refusing more than [`MAX_BODY`] bytes.
fn read_body(response: reqwest::blocking::Response, url: &str) -> Result<String, String> {
    use std::io::Read;
    let mut text = String::new();
    response
        .take(MAX_BODY + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("{}: {e}", without_credentials(url)))?;
    if text.len() as u64 > MAX_BODY {
        return Err(format!(
            "{}: answer larger than {MAX_BODY} bytes",
            without_credentials(url)
        ));
    }
    Ok(text)
}

/// An advisory known only by its id (the API named it; its record names no ecosystem read here).
fn bare(id: &str) -> Advisory {
    Advisory {
        id: id.to_string(),
        origin: crate::advisory::Origin::Osv,
        aliases: Vec::new(),
        related: Vec::new(),
        summary: format!("{id} (as the OSV API reports)"),
        details: String::new(),
        url: None,
        cvss: Vec::new(),
        severity_label: None,
        informational: None,
        affected: Vec::new(),
    }
}

/// The fix a record names for this package's version; the API has already said it is
/// affected, so a record gatehouse cannot evaluate still counts, without fix advice.
fn fix_for(advisory: &Advisory, ecosystem: Ecosystem, package: &Package) -> Option<String> {
    let name = normalize_name(ecosystem, &package.name);
    advisory
        .affected
        .iter()
        .filter(|a| a.ecosystem == ecosystem && normalize_name(ecosystem, &a.name) == name)
        .find_map(|a| match a.verdict(&package.version) {
            Verdict::Affected { fixed } => fixed,
            _ => None,
        })
}
