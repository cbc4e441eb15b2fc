//! The probes' HTTP client, safe by construction: every request goes to the target's origin
//! (scheme, host, port) and nowhere else; redirects are recorded, never followed; a request
//! budget and a rate that no probe can exceed; a timeout on each whole exchange (so an endless
//! or trickling answer ends); at most [`MAX_BODY`] bytes of an answer are read; only GET, HEAD
//! and OPTIONS unless unsafe methods are allowed.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use reqwest::{Method, Url};

/// At most this much of an answer's body is read; the rest is left unread.
pub const MAX_BODY: usize = 256 * 1024;

/// Why a request was not made or not answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The request budget is spent: no further request in this audit.
    Budget,
    /// The request would leave the target's origin, or use a method not allowed.
    NotAllowed(String),
    /// No answer (connection refused, timeout, TLS failure, malformed answer).
    Transport(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Budget => write!(f, "the request budget (dast.max_requests) is spent"),
            Refusal::NotAllowed(why) | Refusal::Transport(why) => write!(f, "{why}"),
        }
    }
}

/// One request and its answer.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: Method,
    pub url: Url,
    pub status: u16,
    /// Header names in lower case, in the order received (a name may repeat: Set-Cookie).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body was longer than [`MAX_BODY`] (the rest was not read).
    pub truncated: bool,
}

impl Exchange {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header.
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy), for content checks.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub struct Limits {
    pub max_requests: u32,
    /// Requests a second.
    pub rate: f64,
    pub timeout: Duration,
    pub unsafe_methods: bool,
}

pub struct Client {
    http: reqwest::Client,
    base: Url,
    limits: Limits,
    sent: AtomicU32,
    /// When the next request (or TLS connection) may leave.
    next: std::sync::Mutex<Instant>,
    /// (header, value) sent on authenticated requests only.
    auth: Option<(String, String)>,
}

impl Client {
    /// A client for `base` (its origin is the only one requests go to); `ca` holds PEM
    /// certificate authorities to trust besides the system's.
    pub fn new(
        base: &Url,
        limits: Limits,
        ca: Option<&[u8]>,
        auth: Option<(String, String)>,
    ) -> Result<Client, String> {
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("gatehouse-dast/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(limits.timeout)
            .timeout(limits.timeout)
            .redirect(reqwest::redirect::Policy::none())
            // Straight to the target: never through a proxy of the environment (which would
            // see every request, credentials included).
            .no_proxy()
            .pool_max_idle_per_host(1);
        if let Some(pem) = ca {
            for cert in reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| format!("dast.ca_file: {e}"))?
            {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder
            .build()
            .map_err(|e| format!("cannot set up HTTP: {e}"))?;
        Ok(Client {
            http,
            base: base.clone(),
            limits,
            sent: AtomicU32::new(0),
            next: std::sync::Mutex::new(Instant::now()),
            auth,
        })
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    /// Requests sent so far.
    pub fn sent(&self) -> u32 {
        self.sent
            .load(Ordering::SeqCst)
            .min(self.limits.max_requests)
    }

    pub fn max_requests(&self) -> u32 {
        self.limits.max_requests
    }

    pub fn rate(&self) -> f64 {
        self.limits.rate
    }

    /// Take `n` from the budget, all or nothing.
    fn take(&self, n: u32) -> bool {
        self.sent
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |sent| {
                sent.checked_add(n)
                    .filter(|total| *total <= self.limits.max_requests)
            })
            .is_ok()
    }

    /// How long to wait before the next request may leave (at least 1/rate after the one
    /// before it, whoever sent it), its slot taken.
    fn reserve(&self) -> Duration {
        let interval = Duration::from_secs_f64(1.0 / self.limits.rate.max(0.001));
        let now = Instant::now();
        match self.next.lock() {
            Ok(mut next) => {
                let leave = (*next).max(now);
                *next = leave + interval;
                leave - now
            }
            Err(_) => interval,
        }
    }

    /// A connection made outside this client (the TLS probes): taken from the budget and
    /// paced at the rate, blocking until its slot; false when the budget is spent.
    pub fn spend_blocking(&self) -> bool {
        if !self.take(1) {
            return false;
        }
        std::thread::sleep(self.reserve());
        true
    }

    /// Whether the budget is spent.
    pub fn budget_spent(&self) -> bool {
        self.sent() >= self.limits.max_requests
    }

    pub fn timeout(&self) -> Duration {
        self.limits.timeout
    }

    pub fn budget_left(&self) -> u32 {
        self.limits.max_requests.saturating_sub(self.sent())
    }

    pub fn unsafe_methods(&self) -> bool {
        self.limits.unsafe_methods
    }

    pub fn has_auth(&self) -> bool {
        self.auth.is_some()
    }

    /// The URL of `path` (a path and query of the target, or a whole URL), if it is of the
    /// target's origin.
    pub fn url(&self, path: &str) -> Result<Url, Refusal> {
        let url = self
            .base
            .join(path)
            .map_err(|e| Refusal::NotAllowed(format!("{path}: not a URL ({e})")))?;
        if url.origin() != self.base.origin() {
            return Err(Refusal::NotAllowed(format!(
                "{url} is not of the target's origin ({})",
                self.base.origin().ascii_serialization()
            )));
        }
        Ok(url)
    }

    /// Send one request (the target's origin only, within the budget and the rate).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        authenticated: bool,
    ) -> Result<Exchange, Refusal> {
        let safe = matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe && !self.limits.unsafe_methods {
            return Err(Refusal::NotAllowed(format!(
                "{method} is not sent unless dast.allow_unsafe_methods = true"
            )));
        }
        let url = self.url(path)?;
        if !self.take(1) {
            return Err(Refusal::Budget);
        }
        // The rate: requests leave at least 1/rate apart, whoever sends them.
        tokio::time::sleep(self.reserve()).await;
        let mut request = self.http.request(method.clone(), url.clone());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if authenticated && let Some((name, value)) = &self.auth {
            request = request.header(name.as_str(), value.as_str());
        }
        let exchange = async {
            let mut response = request.send().await.map_err(|e| {
                Refusal::Transport(gatehouse_model::with_sources(
                    format!("{method} {url}: no answer"),
                    &e,
                ))
            })?;
            let status = response.status().as_u16();
            let headers: Vec<(String, String)> = response
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_ascii_lowercase(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let mut body = Vec::new();
            let mut truncated = false;
            loop {
                match response.chunk().await {
                    Ok(Some(chunk)) => {
                        let room = MAX_BODY - body.len();
                        if chunk.len() > room {
                            body.extend_from_slice(&chunk[..room]);
                            truncated = true;
                            break;
                        }
                        body.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(e) => {
                        return Err(Refusal::Transport(gatehouse_model::with_sources(
                            format!("{method} {url}: the answer broke off"),
                            &e,
                        )));
                    }
                }
            }
            Ok(Exchange {
                method: method.clone(),
                url: url.clone(),
                status,
                headers,
                body,
                truncated,
            })
        };
        // The whole exchange, body included, within the timeout (a trickling answer ends).
        tokio::time::timeout(self.limits.timeout, exchange)
            .await
            .unwrap_or_else(|_| {
                Err(Refusal::Transport(format!(
                    "{method} {url}: no complete answer within {} s",
                    self.limits.timeout.as_secs()
                )))
            })
    }
}
