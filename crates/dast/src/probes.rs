//! The probes: what is asked of the service (GET, HEAD and OPTIONS of a few paths; no attack
//! payloads) and how each answer is judged. Exposed files are judged by their content, never by
//! a status code alone, after learning how the service answers a path that cannot exist (a
//! "soft 404" that answers 200 with a page is not a finding).

use reqwest::Method;
use serde::Serialize;

use crate::client::{Client, Exchange, Refusal};

/// One thing found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub rule: &'static str,
    /// The URL the answer came from.
    pub url: String,
    pub message: String,
    /// The request and the part of the answer that shows it (headers; no cookie values).
    pub evidence: String,
    /// What makes this finding this one (a header, a cookie's name, a path), for its
    /// fingerprint: the same problem found again is the same finding.
    pub key: String,
}

/// What the probes did.
#[derive(Debug, Default, Serialize)]
pub struct Outcome {
    #[serde(skip)]
    pub findings: Vec<Found>,
    /// The probes that ran to the end.
    pub ran: Vec<&'static str>,
    /// Probes cut short, and why (the budget, a transport error).
    pub incomplete: Vec<String>,
    /// Redirects to other origins, recorded and not followed.
    pub redirects_elsewhere: Vec<String>,
    /// How the service answers a path that cannot exist: status and body length.
    pub not_found: Option<(u16, usize)>,
    /// And that answer's body, to tell a soft 404 from an operation's answer.
    #[serde(skip)]
    pub not_found_body: Option<Vec<u8>>,
    /// What the TLS probes learned (an HTTPS target).
    pub tls: Option<crate::tls::TlsFacts>,
    /// OPTIONS lists TRACE (not sent without dast.allow_unsafe_methods; only its echo would
    /// be a finding).
    pub trace_advertised: bool,
    /// What the OpenAPI probes learned.
    pub api: Option<ApiFacts>,
    /// The rate-limited endpoints: (path, the request of the burst that met 429, if any).
    pub rate_limit: Vec<(String, Option<u32>)>,
    /// The landing page did not answer: the HTTP probes did not run.
    pub unanswered: Option<String>,
}

/// What the OpenAPI probes found: the share of probed operations that conform.
#[derive(Debug, Default, Serialize)]
pub struct ApiFacts {
    pub operations: usize,
    pub probed: usize,
    pub conformant: usize,
    pub secured: usize,
    /// Secured operations that answered 401 or 403 without credentials.
    pub auth_enforced: usize,
    /// Operations not probed, and why.
    pub not_probed: Vec<String>,
}

/// What the configuration asks beyond the passive probes.
pub struct Plan<'a> {
    /// `dast.ca_file`'s authorities (PEM).
    pub ca: Option<&'a [u8]>,
    pub api: Option<&'a crate::openapi::Api>,
    /// (burst, endpoints) of `dast.rate_limit`.
    pub rate_limit: (u32, &'a [String]),
}

/// A response header as evidence: `name: value`, or `name: (absent)`.
fn shown(exchange: &Exchange, name: &str) -> String {
    format!(
        "{name}: {}",
        exchange
            .header(name)
            .unwrap_or("(absent)")
            .chars()
            .take(300)
            .collect::<String>()
    )
}

fn request_line(exchange: &Exchange) -> String {
    format!(
        "{} {} -> HTTP {}",
        exchange.method, exchange.url, exchange.status
    )
}

fn found(
    rule: &'static str,
    exchange: &Exchange,
    message: String,
    evidence: String,
    key: &str,
) -> Found {
    Found {
        rule,
        url: exchange.url.to_string(),
        message,
        evidence: format!("{}; {evidence}", request_line(exchange)),
        key: key.to_string(),
    }
}

/// A path no service has: the soft-404 baseline.
fn random_path() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("/gatehouse-probe-{:x}-{:x}", nanos, std::process::id())
}

/// Run every probe against the client's target.
pub async fn run(client: &Client, plan: &Plan<'_>) -> Outcome {
    let mut out = Outcome::default();
    if client.base().scheme() == "https" {
        tls(client, plan.ca, &mut out);
    }
    let landing = match landing(client, &mut out).await {
        Ok(landing) => landing,
        Err(e) => {
            out.incomplete.push(format!("landing: {e}"));
            out.unanswered = Some(e);
            return out;
        }
    };
    headers(&landing, &mut out);
    out.ran.push("headers");
    cookies(client, &landing, &mut out);
    out.ran.push("cookies");
    for name in ["cors", "exposed-files", "methods"] {
        let result = match name {
            "cors" => cors(client, &mut out).await,
            "exposed-files" => exposed_files(client, &mut out).await,
            _ => methods(client, &mut out).await,
        };
        match result {
            Ok(()) => out.ran.push(name),
            Err(Refusal::Budget) => {
                out.incomplete.push(format!("{name}: {}", Refusal::Budget));
                break;
            }
            Err(e) => out.incomplete.push(format!("{name}: {e}")),
        }
    }
    if let Some(spec) = plan.api {
        if client.budget_spent() {
            out.incomplete.push(format!("openapi: {}", Refusal::Budget));
        } else {
            match api(client, spec, &mut out).await {
                Ok(()) => out.ran.push("openapi"),
                Err(e) => out.incomplete.push(format!("openapi: {e}")),
            }
        }
    }
    let (burst, endpoints) = plan.rate_limit;
    if !endpoints.is_empty() && client.budget_spent() {
        out.incomplete
            .push(format!("rate-limit: {}", Refusal::Budget));
    } else if !endpoints.is_empty() {
        match rate_limit(client, burst, endpoints, &mut out).await {
            Ok(()) => out.ran.push("rate-limit"),
            Err(e) => out.incomplete.push(format!("rate-limit: {e}")),
        }
    }
    out
}

/// The operations of the OpenAPI document: authentication enforced where it is required,
/// and the answers of the safe ones (and those marked `x-gatehouse-probe`) as declared.
async fn api(
    client: &Client,
    spec: &crate::openapi::Api,
    out: &mut Outcome,
) -> Result<(), Refusal> {
    let mut facts = ApiFacts {
        operations: spec.operations.len(),
        ..ApiFacts::default()
    };
    let result = api_probes(client, spec, out, &mut facts).await;
    out.api = Some(facts);
    result
}

async fn api_probes(
    client: &Client,
    spec: &crate::openapi::Api,
    out: &mut Outcome,
    facts: &mut ApiFacts,
) -> Result<(), Refusal> {
    for op in &spec.operations {
        let url = match &op.url {
            Ok(url) => url,
            Err(why) => {
                facts.not_probed.push(format!("{}: {why}", op.name));
                continue;
            }
        };
        if !op.probe {
            facts.not_probed.push(format!(
                "{}: not a safe operation (x-gatehouse-probe: true marks one to probe)",
                op.name
            ));
            continue;
        }
        let safe = matches!(op.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe && !client.unsafe_methods() {
            facts.not_probed.push(format!(
                "{}: {} needs dast.allow_unsafe_methods = true",
                op.name, op.method
            ));
            continue;
        }
        // A request that gets no answer leaves this operation unprobed, not the others; only a
        // spent budget stops them all.
        macro_rules! send {
            ($authenticated:expr) => {
                match client
                    .send(op.method.clone(), url, &[], $authenticated)
                    .await
                {
                    Ok(answer) => answer,
                    Err(Refusal::Budget) => return Err(Refusal::Budget),
                    Err(e) => {
                        facts.not_probed.push(format!("{}: {e}", op.name));
                        continue;
                    }
                }
            };
        }
        let answer = if op.secured {
            facts.secured += 1;
            let anonymous = send!(false);
            // An answer like the one to a path that cannot exist (a single-page app's shell)
            // is not the operation answering.
            let soft_404 = out
                .not_found_body
                .as_ref()
                .is_some_and(|body| *body == anonymous.body);
            if (200..300).contains(&anonymous.status) && !soft_404 {
                out.findings.push(found(
                    "dast.auth-not-enforced",
                    &anonymous,
                    format!(
                        "{} requires authentication, yet answered HTTP {} without credentials",
                        op.name, anonymous.status
                    ),
                    "no credentials sent".to_string(),
                    &op.name,
                ));
            } else if matches!(anonymous.status, 401 | 403) {
                facts.auth_enforced += 1;
            }
            if !client.has_auth() {
                facts
                    .not_probed
                    .push(format!("{}: needs credentials (dast.auth)", op.name));
                continue;
            }
            let authenticated = send!(true);
            if matches!(authenticated.status, 401 | 403) {
                out.findings.push(found(
                    "dast.auth-refused",
                    &authenticated,
                    format!(
                        "{} answered HTTP {} to the credentials of dast.auth",
                        op.name, authenticated.status
                    ),
                    "credentials sent (not shown)".to_string(),
                    &op.name,
                ));
            }
            authenticated
        } else {
            send!(false)
        };
        if answer.truncated {
            facts.not_probed.push(format!(
                "{}: its answer is larger than {} KiB, not validated",
                op.name,
                crate::client::MAX_BODY / 1024
            ));
            continue;
        }
        facts.probed += 1;
        let body = if op.method == Method::HEAD {
            None
        } else {
            Some(answer.body.as_slice())
        };
        match spec.conforms(op, answer.status, answer.header("content-type"), body) {
            Ok(()) => facts.conformant += 1,
            Err(why) => out.findings.push(found(
                "dast.schema-nonconformant",
                &answer,
                format!("{} {why}", op.name),
                shown(&answer, "content-type"),
                &op.name,
            )),
        }
    }
    Ok(())
}

/// A burst of GETs to each endpoint must meet a 429 (with Retry-After) before it ends.
async fn rate_limit(
    client: &Client,
    burst: u32,
    endpoints: &[String],
    out: &mut Outcome,
) -> Result<(), Refusal> {
    for endpoint in endpoints {
        if client.budget_left() < burst.max(1) {
            return Err(Refusal::NotAllowed(format!(
                "a burst of {burst} to {endpoint} needs more than the {} requests left of dast.max_requests",
                client.budget_left()
            )));
        }
        let mut met = None;
        let mut last = None;
        for i in 1..=burst.max(1) {
            let answer = client.send(Method::GET, endpoint, &[], false).await?;
            if answer.status == 429 {
                met = Some((i, answer));
                break;
            }
            last = Some(answer);
        }
        match met {
            Some((n, answer)) => {
                if answer.header("retry-after").is_none() {
                    out.findings.push(found(
                        "dast.rate-limit-no-retry-after",
                        &answer,
                        format!("{} answered 429 without Retry-After", answer.url),
                        shown(&answer, "retry-after"),
                        endpoint,
                    ));
                }
                out.rate_limit.push((endpoint.clone(), Some(n)));
            }
            None => {
                if let Some(answer) = last.as_ref().filter(|a| matches!(a.status, 404 | 405)) {
                    out.incomplete.push(format!(
                        "rate-limit: {endpoint} answered HTTP {}: not an endpoint to limit",
                        answer.status
                    ));
                } else if let Some(answer) = last {
                    out.findings.push(found(
                        "dast.no-rate-limit",
                        &answer,
                        format!(
                            "{} answered a burst of {burst} requests without a 429",
                            answer.url
                        ),
                        format!("the last answer: HTTP {}", answer.status),
                        endpoint,
                    ));
                }
                out.rate_limit.push((endpoint.clone(), None));
            }
        }
    }
    Ok(())
}

/// The TLS probes (a blocking handshake or three: nothing else runs meanwhile).
fn tls(client: &Client, ca: Option<&[u8]>, out: &mut Outcome) {
    let base = client.base();
    let (Some(host), Some(port)) = (base.host_str(), base.port_or_known_default()) else {
        return;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let (facts, found, stopped) = crate::tls::probe(host, port, ca, client.timeout(), &|| {
        client.spend_blocking()
    });
    let evidence = format!(
        "old versions accepted: {}; negotiated: {}; certificate: {}",
        if facts.old_versions_accepted.is_empty() {
            "none".to_string()
        } else {
            facts.old_versions_accepted.join(", ")
        },
        facts.negotiated.as_deref().unwrap_or("?"),
        facts
            .certificate
            .as_ref()
            .map_or(String::new(), |c| format!(
                "{} issued by {}, {} to {}, {}{}",
                c.subject,
                c.issuer,
                c.not_before,
                c.not_after,
                c.key,
                c.verification_error
                    .as_deref()
                    .map_or(String::new(), |e| format!(", {e}"))
            ))
    );
    for (rule, message, key) in found {
        out.findings.push(Found {
            rule,
            url: base.to_string(),
            message,
            evidence: evidence.clone(),
            key: key.to_string(),
        });
    }
    out.tls = Some(facts);
    match stopped {
        None => out.ran.push("tls"),
        Some(e) => out.incomplete.push(format!("tls: {e}")),
    }
}

/// GET / and the redirects of the target's own origin (at most 5): every exchange, the last
/// first-class page last.
async fn landing(client: &Client, out: &mut Outcome) -> Result<Vec<Exchange>, String> {
    let mut chain: Vec<Exchange> = Vec::new();
    let mut path = client.base().path().to_string();
    for _ in 0..6 {
        let exchange = client
            .send(Method::GET, &path, &[], false)
            .await
            .map_err(|e| format!("the target does not answer: {e}"))?;
        let location = exchange.header("location").map(str::to_string);
        let redirect = (300..400).contains(&exchange.status);
        chain.push(exchange);
        let Some(location) = location.filter(|_| redirect) else {
            break;
        };
        // Relative to the URL that answered, not to the target's base.
        let Some(current) = chain.last().map(|e| e.url.clone()) else {
            break;
        };
        let Ok(next) = current.join(&location) else {
            out.incomplete.push(format!(
                "landing: {current} redirects to an invalid Location"
            ));
            break;
        };
        if client.url(next.as_str()).is_ok() {
            path = match next.query() {
                Some(query) => format!("{}?{query}", next.path()),
                None => next.path().to_string(),
            };
            continue;
        }
        out.redirects_elsewhere.push(format!("{current} -> {next}"));
        // Plain HTTP that redirects to HTTPS on the same host is what is wanted.
        let upgrade = current.scheme() == "http"
            && next.scheme() == "https"
            && next.host_str().is_some()
            && next.host_str() == current.host_str();
        if upgrade {
            // Good for plain HTTP; the service itself is on the other origin.
            out.incomplete.push(format!(
                "headers: {current} redirects to HTTPS ({next}): give the HTTPS URL as the target to probe the service"
            ));
            return Ok(chain);
        }
        out.incomplete.push(format!(
            "headers: the landing page redirects to another origin ({next}), not probed"
        ));
        break;
    }
    if client.base().scheme() == "http"
        && let Some(first) = chain.first()
    {
        out.findings.push(found(
            "dast.plain-http",
            first,
            format!(
                "{} is served over plain HTTP without a redirect to HTTPS",
                first.url
            ),
            shown(first, "location"),
            "plain-http",
        ));
    }
    Ok(chain)
}

/// The security headers of the landing page.
fn headers(chain: &[Exchange], out: &mut Outcome) {
    let Some(page) = chain.last() else { return };
    // A redirect that leaves the origin has no page of its own to judge.
    if (300..400).contains(&page.status) {
        return;
    }
    let https = page.url.scheme() == "https";
    let mut add = |rule, message: String, header: &str| {
        out.findings
            .push(found(rule, page, message, shown(page, header), header));
    };
    if https {
        match page.header("strict-transport-security") {
            None => add(
                "dast.hsts-missing",
                format!(
                    "{} answers over HTTPS without Strict-Transport-Security",
                    page.url
                ),
                "strict-transport-security",
            ),
            Some(value) => {
                let max_age = value
                    .split(';')
                    .filter_map(|p| {
                        let (name, value) = p.trim().split_once('=')?;
                        name.trim()
                            .eq_ignore_ascii_case("max-age")
                            .then_some(value.trim())
                    })
                    .find_map(|v| v.trim_matches('"').parse::<u64>().ok())
                    .unwrap_or(0);
                if max_age < 180 * 24 * 3600 {
                    add(
                        "dast.hsts-short",
                        format!("Strict-Transport-Security max-age is {max_age} s, under 180 days"),
                        "strict-transport-security",
                    );
                }
            }
        }
    }
    let csp: Vec<&str> = page.headers_named("content-security-policy").collect();
    // A page's policy and framing matter where a browser renders it: HTML (as ZAP judges
    // them); an API's JSON is not framed or scripted.
    let html_page = page
        .header("content-type")
        .is_some_and(|t| t.to_ascii_lowercase().contains("html"));
    if csp.is_empty() && html_page {
        add(
            "dast.csp-missing",
            format!("{} has no Content-Security-Policy", page.url),
            "content-security-policy",
        );
    } else {
        let unsafe_parts: Vec<String> = csp
            .iter()
            .flat_map(|policy| policy.split(';'))
            .filter_map(|directive| {
                let mut words = directive.split_whitespace();
                let name = words.next()?.to_ascii_lowercase();
                if !matches!(
                    name.as_str(),
                    "default-src" | "script-src" | "style-src" | "script-src-elem" | "object-src"
                ) {
                    return None;
                }
                let words: Vec<String> = words.map(str::to_ascii_lowercase).collect();
                // Where a nonce, a hash or 'strict-dynamic' is given, browsers ignore
                // 'unsafe-inline' (it is there for older ones).
                let inline_ignored = words.iter().any(|w| {
                    w.starts_with("'nonce-")
                        || w.starts_with("'sha256-")
                        || w.starts_with("'sha384-")
                        || w.starts_with("'sha512-")
                        || w == "'strict-dynamic'"
                });
                let bad: Vec<&str> = words
                    .iter()
                    .map(String::as_str)
                    .filter(|w| {
                        (*w == "'unsafe-inline'" && !inline_ignored)
                            || *w == "'unsafe-eval'"
                            || *w == "*"
                            || *w == "http:"
                            || *w == "https:"
                            || *w == "data:"
                    })
                    .collect();
                (!bad.is_empty()).then(|| format!("{name} {}", bad.join(" ")))
            })
            .collect();
        if !unsafe_parts.is_empty() {
            add(
                "dast.csp-unsafe",
                format!(
                    "the Content-Security-Policy allows {}",
                    unsafe_parts.join("; ")
                ),
                "content-security-policy",
            );
        }
    }
    if !page
        .header("x-content-type-options")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("nosniff"))
    {
        add(
            "dast.nosniff-missing",
            format!("{} has no X-Content-Type-Options: nosniff", page.url),
            "x-content-type-options",
        );
    }
    // frame-ancestors protects unless it lets any site in.
    let frame_ancestors = csp.iter().flat_map(|p| p.split(';')).any(|d| {
        let mut words = d.split_whitespace().map(str::to_ascii_lowercase);
        words.next().as_deref() == Some("frame-ancestors")
            && words.all(|w| w != "*" && w != "http:" && w != "https:")
    });
    let xfo = page.header("x-frame-options").is_some_and(|v| {
        let v = v.trim().to_ascii_lowercase();
        v == "deny" || v == "sameorigin"
    });
    if !frame_ancestors && !xfo && html_page {
        add(
            "dast.clickjacking",
            format!(
                "{} can be framed by any site (no CSP frame-ancestors, no X-Frame-Options)",
                page.url
            ),
            "x-frame-options",
        );
    }
    if page.header("referrer-policy").is_none() {
        add(
            "dast.referrer-policy-missing",
            format!("{} has no Referrer-Policy", page.url),
            "referrer-policy",
        );
    }
    if let Some(server) = page.header("server")
        && server.chars().any(|c| c.is_ascii_digit())
    {
        add(
            "dast.server-version",
            format!("the Server header discloses a version: {server}"),
            "server",
        );
    }
    if let Some(powered) = page.header("x-powered-by") {
        add(
            "dast.powered-by",
            format!("the X-Powered-By header discloses the platform: {powered}"),
            "x-powered-by",
        );
    }
}

/// A session-like cookie: by its name, as ZAP's session management and most frameworks name
/// them.
fn session_like(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["sess", "token", "auth", "jwt", "login", "remember"]
        .iter()
        .any(|k| name.contains(k))
        || name == "sid"
        || name.ends_with(".sid")
        || name.ends_with("_sid")
        || name.ends_with("-sid")
}

/// A cookie scripts must read: the double-submit CSRF token.
fn csrf_cookie(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.contains("csrf") || name.contains("xsrf")
}

/// A Set-Cookie header as evidence: its name and attributes, never its value.
fn cookie_shown(set_cookie: &str) -> String {
    let mut parts = set_cookie.split(';');
    let name = parts
        .next()
        .and_then(|p| p.split_once('='))
        .map_or("", |(n, _)| n.trim());
    let attributes: Vec<&str> = parts.map(str::trim).filter(|p| !p.is_empty()).collect();
    format!(
        "set-cookie: {name}=[value not shown]; {}",
        attributes.join("; ")
    )
}

/// The attributes of the session-like cookies the landing pages set.
fn cookies(client: &Client, chain: &[Exchange], out: &mut Outcome) {
    let https = client.base().scheme() == "https";
    for exchange in chain {
        for set_cookie in exchange.headers_named("set-cookie") {
            let Some((name, value)) = set_cookie.split(';').next().and_then(|p| p.split_once('='))
            else {
                continue;
            };
            let name = name.trim();
            if !session_like(name) && !csrf_cookie(name) {
                continue;
            }
            let attributes: Vec<String> = set_cookie
                .split(';')
                .skip(1)
                .map(|a| a.trim().to_ascii_lowercase())
                .collect();
            // A cookie being deleted carries nothing to protect.
            if value.trim().trim_matches('"').is_empty()
                || attributes.iter().any(|a| a == "max-age=0")
            {
                continue;
            }
            let has = |attr: &str| {
                attributes
                    .iter()
                    .any(|a| a == attr || a.starts_with(&format!("{attr}=")))
            };
            let evidence = cookie_shown(set_cookie);
            let mut add = |rule, what: &str| {
                out.findings.push(found(
                    rule,
                    exchange,
                    format!("the session cookie `{name}` is set without {what}"),
                    evidence.clone(),
                    name,
                ));
            };
            if https && !has("secure") {
                add("dast.cookie-not-secure", "Secure");
            }
            // The double-submit CSRF cookie must be readable by the page's scripts.
            if !has("httponly") && !csrf_cookie(name) {
                add("dast.cookie-not-httponly", "HttpOnly");
            }
            if !has("samesite") {
                add("dast.cookie-no-samesite", "SameSite");
            }
        }
    }
}

/// CORS: an arbitrary origin, and the null origin.
async fn cors(client: &Client, out: &mut Outcome) -> Result<(), Refusal> {
    let path = client.base().path().to_string();
    let foreign = "https://gatehouse-probe.invalid";
    for origin in [foreign, "null"] {
        let exchange = client
            .send(Method::GET, &path, &[("origin", origin)], false)
            .await?;
        let allowed = exchange
            .header("access-control-allow-origin")
            .map(str::trim);
        let credentials = exchange
            .header("access-control-allow-credentials")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let evidence = format!(
            "origin: {origin}; {}; {}",
            shown(&exchange, "access-control-allow-origin"),
            shown(&exchange, "access-control-allow-credentials")
        );
        let rule = match (origin, allowed, credentials) {
            (o, Some(a), true) if o == foreign && a == o => Some((
                "dast.cors-reflected-credentials",
                "reflects an arbitrary Origin and allows credentials: any site can read what the user can".to_string(),
            )),
            (o, Some(a), false) if o == foreign && a == o => Some((
                "dast.cors-reflected",
                "reflects an arbitrary Origin".to_string(),
            )),
            (o, Some("*"), true) if o == foreign => Some((
                "dast.cors-wildcard-credentials",
                "allows any origin (*) together with credentials".to_string(),
            )),
            ("null", Some("null"), creds) => Some((
                "dast.cors-null-origin",
                format!(
                    "allows the null origin{}",
                    if creds { " with credentials" } else { "" }
                ),
            )),
            _ => None,
        };
        if let Some((rule, what)) = rule {
            out.findings.push(found(
                rule,
                &exchange,
                format!("{} {what}", exchange.url),
                evidence,
                rule,
            ));
        }
    }
    Ok(())
}

/// How a file is recognised by its content.
type Judge = fn(&Exchange) -> bool;

fn text_starts(exchange: &Exchange, prefixes: &[&str]) -> bool {
    let text = exchange.text();
    let text = text.trim_start();
    prefixes.iter().any(|p| text.starts_with(p))
}

fn html(exchange: &Exchange) -> bool {
    let head = exchange
        .text()
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    head.starts_with("<!doctype") || head.starts_with("<html")
}

/// Paths that must not be served, their rule, and what their content looks like.
const FILES: &[(&str, &str, Judge)] = &[
    ("/.git/HEAD", "dast.exposed-git", |e| {
        text_starts(e, &["ref: refs/"])
            || e.text().trim().len() == 40 && e.text().trim().chars().all(|c| c.is_ascii_hexdigit())
    }),
    ("/.git/config", "dast.exposed-git", |e| {
        !html(e) && e.text().contains("[core]")
    }),
    ("/.env", "dast.exposed-env", |e| {
        !html(e)
            && e.text()
                .lines()
                .filter(|l| {
                    let l = l.trim_start_matches("export ").trim();
                    l.split_once('=').is_some_and(|(k, _)| {
                        !k.is_empty()
                            && k.chars()
                                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                    })
                })
                .count()
                >= 2
    }),
    // A working copy's entries: its format number, then entries naming a `dir`.
    ("/.svn/entries", "dast.exposed-svn", |e| {
        !html(e)
            && e.text()
                .lines()
                .next()
                .is_some_and(|l| l.trim().parse::<u32>().is_ok())
            && e.text().lines().any(|l| l.trim() == "dir")
    }),
    ("/.svn/wc.db", "dast.exposed-svn", |e| {
        e.body.starts_with(b"SQLite format 3\0")
    }),
    ("/.DS_Store", "dast.exposed-ds-store", |e| {
        e.body.len() > 8 && &e.body[4..8] == b"Bud1"
    }),
    ("/backup.zip", "dast.exposed-backup", |e| {
        e.body.starts_with(b"PK\x03\x04")
    }),
    ("/backup.tar.gz", "dast.exposed-backup", |e| {
        e.body.starts_with(b"\x1f\x8b")
    }),
    ("/backup.sql", "dast.exposed-backup", sql_dump),
    ("/dump.sql", "dast.exposed-backup", sql_dump),
    ("/db.sql", "dast.exposed-backup", sql_dump),
    ("/database.sql", "dast.exposed-backup", sql_dump),
    ("/server-status", "dast.server-status", |e| {
        let t = e.text();
        t.contains("Apache Server Status") || t.contains("Server uptime")
    }),
    ("/nginx_status", "dast.server-status", |e| {
        text_starts(e, &["Active connections:"])
    }),
    ("/phpinfo.php", "dast.server-status", |e| {
        let t = e.text();
        t.contains("<title>phpinfo()") || t.contains("PHP Version") && t.contains("PHP License")
    }),
];

fn sql_dump(exchange: &Exchange) -> bool {
    if html(exchange) {
        return false;
    }
    let text = exchange.text();
    text.contains("-- PostgreSQL database dump")
        || text.contains("-- MySQL dump")
        || text.contains("CREATE TABLE")
        || text.contains("INSERT INTO")
}

/// Directories commonly served with an automatic index.
const DIRECTORIES: &[&str] = &[
    "/",
    "/static/",
    "/uploads/",
    "/files/",
    "/backup/",
    "/assets/",
];

fn directory_listing(exchange: &Exchange) -> bool {
    let text = exchange.text();
    exchange.status == 200
        && (text.contains("<title>Index of /")
            || text.contains("<h1>Index of /")
            || text.contains("<title>Directory listing for /"))
}

/// Stack traces of common platforms in an error page.
fn stack_trace(exchange: &Exchange) -> Option<&'static str> {
    let text = exchange.text();
    [
        ("Traceback (most recent call last)", "a Python traceback"),
        ("Exception in thread \"", "a Java stack trace"),
        ("\tat java.", "a Java stack trace"),
        ("at org.springframework.", "a Java stack trace"),
        ("System.NullReferenceException", "a .NET stack trace"),
        ("   at System.", "a .NET stack trace"),
        ("Fatal error: Uncaught", "a PHP fatal error"),
        ("ActionController::RoutingError", "a Rails error page"),
        ("node_modules/express/lib/router", "a Node.js stack trace"),
        ("goroutine 1 [running]", "a Go panic"),
    ]
    .iter()
    .find(|(needle, _)| text.contains(needle))
    .map(|(_, what)| *what)
}

/// The soft-404 baseline, then each path: served, and what it looks like.
async fn exposed_files(client: &Client, out: &mut Outcome) -> Result<(), Refusal> {
    let missing = random_path();
    let baseline = client.send(Method::GET, &missing, &[], false).await?;
    out.not_found = Some((baseline.status, baseline.body.len()));
    out.not_found_body = Some(baseline.body.clone());
    if let Some(what) = stack_trace(&baseline) {
        out.findings.push(found(
            "dast.stack-trace",
            &baseline,
            format!("the answer to a path that does not exist shows {what}"),
            format!("{} bytes of error page", baseline.body.len()),
            "not-found",
        ));
    }
    // The baseline's body with the path it echoes taken out: an answer like it is a soft 404.
    let like_baseline = |exchange: &Exchange, path: &str| {
        exchange.status == baseline.status
            && exchange.text().replace(path, "") == baseline.text().replace(&missing, "")
    };
    for (path, rule, judge) in FILES {
        let exchange = client.send(Method::GET, path, &[], false).await?;
        if exchange.status != 200 || like_baseline(&exchange, path) || !judge(&exchange) {
            continue;
        }
        let rule_title = crate::rules::rule(rule).map_or("", |r| r.title);
        out.findings.push(found(
            rule,
            &exchange,
            format!("{} is served: {}", exchange.url, rule_title.to_lowercase()),
            format!(
                "{} bytes; {}",
                exchange.body.len(),
                shown(&exchange, "content-type")
            ),
            path,
        ));
    }
    for path in DIRECTORIES {
        let exchange = client.send(Method::GET, path, &[], false).await?;
        if directory_listing(&exchange) && !like_baseline(&exchange, path) {
            out.findings.push(found(
                "dast.directory-listing",
                &exchange,
                format!("{} is served as a directory listing", exchange.url),
                format!("{} bytes of index", exchange.body.len()),
                path,
            ));
        }
    }
    Ok(())
}

/// OPTIONS: the methods the service says it allows; TRACE itself only where unsafe methods
/// are allowed.
async fn methods(client: &Client, out: &mut Outcome) -> Result<(), Refusal> {
    let path = client.base().path().to_string();
    let options = client.send(Method::OPTIONS, &path, &[], false).await?;
    let advertised = options
        .header("allow")
        .is_some_and(|a| a.split(',').any(|m| m.trim().eq_ignore_ascii_case("TRACE")));
    if client.unsafe_methods() {
        let marker = random_path();
        let trace = client
            .send(
                Method::TRACE,
                &path,
                &[("x-gatehouse-trace", &marker)],
                false,
            )
            .await?;
        if trace.status == 200 && trace.text().contains(&marker) {
            out.findings.push(found(
                "dast.trace-enabled",
                &trace,
                format!("{} answers TRACE, echoing the request's headers", trace.url),
                format!("{} bytes echoed", trace.body.len()),
                "trace",
            ));
        }
    } else if advertised {
        // Servers often list TRACE and refuse it: only an echo is a finding.
        out.trace_advertised = true;
    }
    Ok(())
}
