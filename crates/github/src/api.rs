//! The REST calls, through octocrab's client: JSON in and out, `Link` pagination, and retries
//! with backoff on server errors and rate limits (`Retry-After`, `x-ratelimit-reset`).
//!
//! The token goes into the `Authorization` header and nowhere else: errors carry the method,
//! the path, the status and GitHub's message, never a header.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, Method, StatusCode};
use octocrab::Octocrab;
use serde_json::Value;

/// How often a request is tried before its last answer is taken.
const ATTEMPTS: u32 = 5;
/// The longest wait for one retry that a rate limit may ask for; a longer one is an error.
const MAX_WAIT: Duration = Duration::from_secs(120);

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{method} {path}: HTTP {status}: {message}")]
    Status {
        method: Method,
        path: String,
        status: StatusCode,
        message: String,
    },
    #[error("{method} {path}: {message}")]
    Transport {
        method: Method,
        path: String,
        message: String,
    },
    #[error("{0}")]
    Setup(String),
}

impl ApiError {
    /// The token may not do this (a fork's read-only token: 403 "Resource not accessible by
    /// integration"; 404 where GitHub hides what the token may not see).
    pub fn is_forbidden(&self) -> bool {
        matches!(self, ApiError::Status { status, .. }
            if *status == StatusCode::FORBIDDEN || *status == StatusCode::NOT_FOUND
                || *status == StatusCode::UNAUTHORIZED)
    }
}

/// One JSON answer, with the address of the next page if the `Link` header gave one.
pub struct Reply {
    pub body: Value,
    pub next: Option<String>,
}

/// A client of one GitHub API (github.com or an Enterprise server).
pub struct Api {
    octocrab: Octocrab,
    runtime: tokio::runtime::Runtime,
    /// The wait before the first retry of a server error; doubled for each further one.
    backoff: Duration,
}

impl Api {
    /// `base` is the API root (`https://api.github.com`, `$GITHUB_API_URL`).
    pub fn new(base: &str, token: &str) -> Result<Api, ApiError> {
        // A header value cannot hold control characters: say so here rather than let the client
        // reject it later (and never echo the token).
        let token = token.trim();
        if token.is_empty() || token.chars().any(|c| c.is_control() || c == ' ') {
            return Err(ApiError::Setup(
                "the GitHub token is empty or holds spaces or control characters".into(),
            ));
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| ApiError::Setup(format!("cannot start the HTTP runtime: {e}")))?;
        let octocrab = {
            let _guard = runtime.enter();
            Octocrab::builder()
                .base_uri(base)
                .map_err(|e| ApiError::Setup(format!("bad GitHub API address `{base}`: {e}")))?
                .personal_token(token.to_string())
                .add_header(
                    http::header::ACCEPT,
                    "application/vnd.github+json".to_string(),
                )
                .add_header(
                    http::HeaderName::from_static("x-github-api-version"),
                    "2022-11-28".to_string(),
                )
                .add_header(
                    http::header::USER_AGENT,
                    concat!("gatehouse/", env!("CARGO_PKG_VERSION")).to_string(),
                )
                .set_connect_timeout(Some(Duration::from_secs(15)))
                .set_read_timeout(Some(Duration::from_secs(60)))
                .build()
                .map_err(|e| ApiError::Setup(format!("cannot build the GitHub client: {e}")))?
        };
        Ok(Api {
            octocrab,
            runtime,
            backoff: Duration::from_secs(1),
        })
    }

    pub fn get(&self, path: &str) -> Result<Reply, ApiError> {
        self.send(Method::GET, path, None)
    }

    pub fn post(&self, path: &str, body: &Value) -> Result<Reply, ApiError> {
        self.send(Method::POST, path, Some(body))
    }

    pub fn patch(&self, path: &str, body: &Value) -> Result<Reply, ApiError> {
        self.send(Method::PATCH, path, Some(body))
    }

    pub fn delete(&self, path: &str) -> Result<Reply, ApiError> {
        self.send(Method::DELETE, path, None)
    }

    /// Every item of a paginated list, following `Link: <…>; rel="next"` (at most `max_pages`).
    pub fn get_all(&self, path: &str, max_pages: usize) -> Result<Vec<Value>, ApiError> {
        let mut items = Vec::new();
        let mut next = Some(path.to_string());
        let mut pages = 0;
        while let Some(url) = next.take() {
            let reply = self.get(&url)?;
            match reply.body {
                Value::Array(page) => items.extend(page),
                _ => {
                    return Err(ApiError::Status {
                        method: Method::GET,
                        path: url,
                        status: StatusCode::OK,
                        message: "expected a JSON list".into(),
                    });
                }
            }
            pages += 1;
            if pages < max_pages {
                next = reply.next;
            }
        }
        Ok(items)
    }

    fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Result<Reply, ApiError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= ATTEMPTS;
            let answer = self.runtime.block_on(async {
                let response = match method {
                    Method::GET => self.octocrab._get(path).await,
                    Method::POST => self.octocrab._post(path, body).await,
                    Method::PATCH => self.octocrab._patch(path, body).await,
                    Method::DELETE => self.octocrab._delete(path, body).await,
                    _ => unreachable!("only the methods above are sent"),
                }?;
                let status = response.status();
                let headers = response.headers().clone();
                let text = self.octocrab.body_to_string(response).await?;
                Ok::<_, octocrab::Error>((status, headers, text))
            });
            let (status, headers, text) = match answer {
                Ok(answer) => answer,
                Err(error) if !last => {
                    tracing::warn!("{method} {path}: {error}; retrying");
                    std::thread::sleep(self.backoff * 2u32.pow(attempt - 1));
                    continue;
                }
                Err(error) => {
                    return Err(ApiError::Transport {
                        method,
                        path: path.to_string(),
                        message: error.to_string(),
                    });
                }
            };
            if status.is_success() {
                let body = if text.trim().is_empty() {
                    Value::Null
                } else {
                    serde_json::from_str(&text).map_err(|e| ApiError::Status {
                        method: method.clone(),
                        path: path.to_string(),
                        status,
                        message: format!("the answer is not JSON: {e}"),
                    })?
                };
                return Ok(Reply {
                    body,
                    next: next_link(&headers),
                });
            }
            let message = github_message(&text);
            if !last && let Some(wait) = retry_wait(status, &headers, self.backoff, attempt) {
                if wait > MAX_WAIT {
                    return Err(ApiError::Status {
                        method,
                        path: path.to_string(),
                        status,
                        message: format!(
                            "{message} (rate limited for {} s more; not waiting that long)",
                            wait.as_secs()
                        ),
                    });
                }
                eprintln!(
                    "gatehouse: GitHub answered {method} {path} with HTTP {}; retrying in {:.1} s",
                    status.as_u16(),
                    wait.as_secs_f64()
                );
                std::thread::sleep(wait);
                continue;
            }
            return Err(ApiError::Status {
                method,
                path: path.to_string(),
                status,
                message,
            });
        }
    }
}

/// How long to wait before trying again, or None when the answer is final.
///
/// Server errors back off exponentially. A rate limit (429, or 403 with `Retry-After` or with
/// `x-ratelimit-remaining: 0`) waits what GitHub asks: `Retry-After` seconds, else until
/// `x-ratelimit-reset`, else a minute, as GitHub's documentation says for secondary limits.
fn retry_wait(
    status: StatusCode,
    headers: &HeaderMap,
    backoff: Duration,
    attempt: u32,
) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let retry_after = header("retry-after").and_then(|v| v.parse::<u64>().ok());
    let exhausted = header("x-ratelimit-remaining") == Some("0");
    let rate_limited = status == StatusCode::TOO_MANY_REQUESTS
        || (status == StatusCode::FORBIDDEN && (retry_after.is_some() || exhausted));
    if rate_limited {
        if let Some(seconds) = retry_after {
            return Some(Duration::from_secs(seconds));
        }
        if let Some(reset) = header("x-ratelimit-reset").and_then(|v| v.parse::<u64>().ok()) {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            return Some(Duration::from_secs(
                reset.saturating_sub(now).saturating_add(1),
            ));
        }
        return Some(Duration::from_secs(60));
    }
    if status.is_server_error() {
        return Some(backoff * 2u32.pow(attempt.saturating_sub(1)));
    }
    None
}

/// `message` of GitHub's error body, else the start of the body.
fn github_message(text: &str) -> String {
    match serde_json::from_str::<Value>(text) {
        Ok(body) => match body.get("message").and_then(Value::as_str) {
            Some(message) => message.to_string(),
            None => text.chars().take(200).collect(),
        },
        Err(_) => text.chars().take(200).collect(),
    }
}

/// The `rel="next"` address of a `Link` header.
fn next_link(headers: &HeaderMap) -> Option<String> {
    let link = headers.get(http::header::LINK)?.to_str().ok()?;
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let is_next = params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"");
        is_next.then(|| {
            url.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn next_link_is_found_among_others() {
        let h = headers(&[(
            "link",
            r#"<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last""#,
        )]);
        assert_eq!(
            next_link(&h).as_deref(),
            Some("https://api.github.com/x?page=3")
        );
        let last = headers(&[("link", r#"<https://api.github.com/x?page=1>; rel="first""#)]);
        assert_eq!(next_link(&last), None);
    }

    #[test]
    fn waits_follow_the_rate_limit_headers() {
        let second = Duration::from_secs(1);
        let h = headers(&[("retry-after", "7")]);
        assert_eq!(
            retry_wait(StatusCode::FORBIDDEN, &h, second, 1),
            Some(Duration::from_secs(7))
        );
        // A 403 without rate-limit headers is a permission answer: final.
        assert_eq!(
            retry_wait(StatusCode::FORBIDDEN, &HeaderMap::new(), second, 1),
            None
        );
        assert_eq!(
            retry_wait(StatusCode::NOT_FOUND, &HeaderMap::new(), second, 1),
            None
        );
        assert_eq!(
            retry_wait(StatusCode::BAD_GATEWAY, &HeaderMap::new(), second, 3),
            Some(Duration::from_secs(4))
        );
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let reset = (now + 30).to_string();
        let h = headers(&[
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", &reset),
        ]);
        let wait = retry_wait(StatusCode::FORBIDDEN, &h, second, 1).unwrap();
        assert!((29..=32).contains(&wait.as_secs()), "{wait:?}");
    }

    #[test]
    fn a_token_that_cannot_be_a_header_is_refused_without_echoing_it() {
        let error = Api::new("https://api.github.com", "ghp_abc\ndef")
            .err()
            .unwrap()
            .to_string();
        assert!(!error.contains("ghp_abc"), "{error}");
        assert!(error.contains("control characters"), "{error}");
    }
}
