//! A small JSON-over-HTTP client for the live targets (Vault, Prometheus): rustls, a timeout on
//! every request, answers read up to a bound, and errors that name the target without the
//! credentials a URL may carry.

use std::path::Path;
use std::time::Duration;

use crate::redact::Scrubber;

/// The largest answer read from a target: a hostile or broken server cannot exhaust memory.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// A client for one target's base URL.
pub struct Http {
    client: reqwest::Client,
    base: reqwest::Url,
    /// The base URL as messages show it: no user, no password, no query.
    pub shown: String,
    timeout: Duration,
    /// Headers sent with every request (a token: never shown).
    headers: Vec<(&'static str, String)>,
    pub scrubber: Scrubber,
}

/// One answer: the status and the body as JSON (`Null` when it is not JSON).
pub struct Answer {
    pub status: u16,
    pub json: serde_json::Value,
}

impl Http {
    /// A client for `base` (`http://` or `https://`), trusting the system's certificate
    /// authorities and those of `ca_file`. `source` names where the URL came from.
    pub fn new(
        base: &str,
        source: &str,
        ca_file: Option<&Path>,
        timeout: Duration,
    ) -> Result<Http, String> {
        let mut scrubber = Scrubber::default();
        let mut url = reqwest::Url::parse(base.trim()).map_err(|e| {
            Scrubber::for_unparsed(base).scrub(&format!("{source} is not a URL ({e}): {base}"))
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "{source} must be an http:// or https:// URL, not {}:",
                url.scheme()
            ));
        }
        if let Some(password) = url.password() {
            // As written in the URL (percent-encoded) and as sent.
            scrubber.add(password);
            scrubber.add(&percent_decode(password));
        }
        let mut shown_url = url.clone();
        let _ = shown_url.set_username("");
        let _ = shown_url.set_password(None);
        shown_url.set_query(None);
        let shown = shown_url.as_str().trim_end_matches('/').to_string();
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("gatehouse/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(timeout)
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none());
        if let Some(path) = ca_file {
            let pem =
                std::fs::read(path).map_err(|e| format!("ca_file {}: {e}", path.display()))?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|e| format!("ca_file {}: {e}", path.display()))?;
            if certs.is_empty() {
                return Err(format!("ca_file {}: no certificate in it", path.display()));
            }
            builder = builder.tls_certs_merge(certs);
        }
        let client = builder
            .build()
            .map_err(|e| format!("{shown}: cannot set up HTTP: {e}"))?;
        Ok(Http {
            client,
            base: url,
            shown,
            timeout,
            headers: Vec::new(),
            scrubber,
        })
    }

    /// Send `value` in header `name` with every request; a `secret` value is never shown.
    pub fn with_header(mut self, name: &'static str, value: &str, secret: bool) -> Self {
        if secret {
            self.scrubber.add(value);
        }
        self.headers.push((name, value.to_string()));
        self
    }

    /// The URL of `path` under the base.
    fn url(&self, path: &str) -> Result<reqwest::Url, String> {
        self.base
            .join(path.trim_start_matches('/'))
            .map_err(|e| format!("{}: bad path {path}: {e}", self.shown))
    }

    /// GET `path` (relative to the base), with `extra` headers.
    pub async fn get(&self, path: &str, extra: &[(&str, &str)]) -> Result<Answer, String> {
        let mut request = self.client.get(self.url(path)?);
        for (name, value) in extra {
            request = request.header(*name, *value);
        }
        self.send(path, request).await
    }

    /// POST `body` as JSON to `path`, with `extra` headers (only where an API has no safe
    /// method for what the audit must learn: a login).
    pub async fn post(
        &self,
        path: &str,
        body: &serde_json::Value,
        extra: &[(&str, &str)],
    ) -> Result<Answer, String> {
        let mut request = self
            .client
            .post(self.url(path)?)
            .header("content-type", "application/json")
            .body(body.to_string());
        for (name, value) in extra {
            request = request.header(*name, *value);
        }
        self.send(path, request).await
    }

    async fn send(
        &self,
        path: &str,
        mut request: reqwest::RequestBuilder,
    ) -> Result<Answer, String> {
        for (name, value) in &self.headers {
            request = request.header(*name, value.as_str());
        }
        let shown = format!("{}/{}", self.shown, path.trim_start_matches('/'));
        let shown = shown.split('?').next().unwrap_or_default().to_string();
        let exchange = async {
            let mut response = request.send().await.map_err(|e| describe(&e))?;
            let status = response.status().as_u16();
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
                if body.len() + chunk.len() > MAX_BODY {
                    return Err(format!("the answer is larger than {} MiB", MAX_BODY >> 20));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Answer {
                status,
                json: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
            })
        };
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(e)) => Err(self.scrubber.scrub(&format!("{shown}: {e}"))),
            Err(_) => Err(format!(
                "{shown}: no answer within {} s",
                self.timeout.as_secs()
            )),
        }
    }
}

/// reqwest's error as one line, without the URL it carries (the caller names the target).
fn describe(e: &reqwest::Error) -> String {
    let head = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    gatehouse_model::with_sources(head.to_string(), e)
}

/// `%XX` sequences decoded (invalid ones kept as they are).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `scheme://host:port` of a URL, for finding paths and evidence.
pub fn origin(shown: &str) -> String {
    reqwest::Url::parse(shown)
        .ok()
        .map(|u| {
            format!(
                "{}://{}:{}",
                u.scheme(),
                u.host_str().unwrap_or("?"),
                u.port_or_known_default().unwrap_or(0)
            )
        })
        .unwrap_or_else(|| shown.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_the_url_is_scrubbed_as_written_and_as_sent() {
        let http = Http::new(
            concat!("http://reader:", "p%40ss-w0rd%2F9@127.0.0.1:9/"),
            "PROM_URL",
            None,
            Duration::from_secs(1),
        )
        .unwrap();
        assert_eq!(http.shown, "http://127.0.0.1:9");
        assert_eq!(
            http.scrubber.scrub("p%40ss-w0rd%2F9 and p@ss-w0rd/9"),
            "**** and ****"
        );
        assert_eq!(percent_decode("100%25 %zz %4"), "100% %zz %4");
    }
}
