//! A client of the OCI distribution API, for what signature verification needs: a tag's
//! digest, a manifest, a blob, the referrers of a digest. Anonymous, basic and bearer-token
//! auth (credentials from the environment, `REGISTRY_AUTH_FILE` or Docker's `config.json`),
//! HTTPS (plain HTTP only for the registries the configuration calls insecure), bounded
//! answers, a timeout on every request.

use std::time::Duration;

use serde_json::Value;

use crate::{Error, Result, sha256};
use gatehouse_model::hex;

/// The largest manifest, index or signature payload read (OCI's recommended manifest limit).
const MAX_MANIFEST: usize = 4 * 1024 * 1024;
/// The largest blob read (a signature payload or a Sigstore bundle).
const MAX_BLOB: usize = 16 * 1024 * 1024;

pub const MANIFEST_TYPES: &str = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";

/// `registry/repository[:tag][@sha256:…]`, with Docker Hub's defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub registry: String,
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl Reference {
    pub fn parse(text: &str) -> Result<Reference> {
        let text = text.trim();
        let bad = || Error::new(format!("not an image reference: `{text}`"));
        if text.is_empty() || text.contains(char::is_whitespace) {
            return Err(bad());
        }
        let (rest, digest) = match text.split_once('@') {
            Some((rest, digest)) => {
                let hexpart = digest.strip_prefix("sha256:").ok_or_else(bad)?;
                if hexpart.len() != 64 || !hexpart.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(bad());
                }
                (rest, Some(digest.to_ascii_lowercase()))
            }
            None => (text, None),
        };
        let (registry, path) = match rest.split_once('/') {
            Some((first, path))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (first.to_string(), path.to_string())
            }
            _ => ("docker.io".to_string(), rest.to_string()),
        };
        let (repository, tag) = match path.rsplit_once(':') {
            Some((repo, tag)) if !tag.contains('/') => (repo.to_string(), Some(tag.to_string())),
            _ => (path, None),
        };
        if repository.is_empty() {
            return Err(bad());
        }
        let repository = if registry == "docker.io" && !repository.contains('/') {
            format!("library/{repository}")
        } else {
            repository
        };
        let tag = if tag.is_none() && digest.is_none() {
            Some("latest".to_string())
        } else {
            tag
        };
        Ok(Reference {
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// The host the API answers on.
    fn host(&self) -> &str {
        if self.registry == "docker.io" {
            "registry-1.docker.io"
        } else {
            &self.registry
        }
    }
}

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.registry, self.repository)?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

/// Username and password for a registry, and where they came from (never the values):
///
/// 1. `GATEHOUSE_REGISTRY_USERNAME` and `GATEHOUSE_REGISTRY_PASSWORD`, for the one registry
///    `GATEHOUSE_REGISTRY` names (a CI secret is sent to no registry a manifest could name
///    instead);
/// 2. `REGISTRY_AUTH_FILE` (podman's and skopeo's `auth.json`);
/// 3. Docker's `config.json` (`$DOCKER_CONFIG`, else `~/.docker`).
///
/// Files hold the `auths` entry's `auth` (base64 `user:password`).
pub fn credentials(registry: &str) -> Option<(String, String, String)> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let (Some(host), Some(user), Some(password)) = (
        var("GATEHOUSE_REGISTRY"),
        var("GATEHOUSE_REGISTRY_USERNAME"),
        var("GATEHOUSE_REGISTRY_PASSWORD"),
    ) && host == registry
    {
        return Some((user, password, "GATEHOUSE_REGISTRY_USERNAME".to_string()));
    }
    let docker = std::env::var_os("DOCKER_CONFIG")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".docker")))
        .map(|dir| dir.join("config.json"));
    let files = std::env::var_os("REGISTRY_AUTH_FILE")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain(docker);
    for file in files {
        if let Some((user, password)) = file_credentials(&file, registry) {
            return Some((user, password, file.display().to_string()));
        }
    }
    None
}

/// A registry's `auths` entry in a Docker `config.json` or a containers `auth.json`.
fn file_credentials(file: &std::path::Path, registry: &str) -> Option<(String, String)> {
    let text = std::fs::read_to_string(file).ok()?;
    let config: Value = serde_json::from_str(&text).ok()?;
    let auths = config.get("auths")?.as_object()?;
    let keys = [
        registry.to_string(),
        format!("https://{registry}"),
        if registry == "docker.io" {
            "https://index.docker.io/v1/".to_string()
        } else {
            format!("http://{registry}")
        },
    ];
    let entry = keys.iter().find_map(|k| auths.get(k))?;
    let auth = entry.get("auth")?.as_str()?;
    let decoded = crate::b64("docker config auth", auth).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

/// A registry client for one registry.
pub struct Registry {
    client: reqwest::Client,
    /// Plain HTTP allowed (`insecure_registries`): also for its token realm.
    insecure: bool,
    base: String,
    /// (user, password, where they came from).
    credentials: Option<(String, String, String)>,
    token: tokio::sync::Mutex<Option<String>>,
    timeout: Duration,
}

/// An answer: status, headers of interest, body.
pub(crate) struct Answer {
    pub(crate) status: u16,
    digest: Option<String>,
    content_type: Option<String>,
    challenge: Option<String>,
    pub(crate) body: Vec<u8>,
}

impl Registry {
    pub fn new(reference: &Reference, insecure: &[String], timeout: Duration) -> Result<Registry> {
        let scheme = if insecure.iter().any(|r| r == &reference.registry) {
            "http"
        } else {
            "https"
        };
        let client = reqwest::Client::builder()
            .user_agent(concat!("gatehouse/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(timeout)
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .map_err(|e| Error::new(format!("cannot set up HTTP: {e}")))?;
        Ok(Registry {
            client,
            insecure: scheme == "http",
            base: format!("{scheme}://{}", reference.host()),
            credentials: credentials(&reference.registry),
            token: tokio::sync::Mutex::new(None),
            timeout,
        })
    }

    async fn send(&self, url: &str, accept: &str, limit: usize) -> Result<Answer> {
        let mut attempt = 0;
        loop {
            let mut request = self.client.get(url).header("accept", accept);
            if let Some(token) = self.token.lock().await.as_ref() {
                request = request.header("authorization", format!("Bearer {token}"));
            } else if let Some((user, password, _)) = &self.credentials {
                request = request.basic_auth(user, Some(password));
            }
            let answer = tokio::time::timeout(self.timeout, read(request, limit))
                .await
                .map_err(|_| {
                    Error::new(format!("no answer within {} s", self.timeout.as_secs()))
                })??;
            if answer.status == 401 && attempt == 0 {
                attempt += 1;
                if let Some(challenge) = &answer.challenge
                    && challenge.to_ascii_lowercase().starts_with("bearer ")
                {
                    let token = self.fetch_token(challenge).await?;
                    *self.token.lock().await = Some(token);
                    continue;
                }
            }
            return Ok(answer);
        }
    }

    /// Whose credentials were refused, for an error (where they came from, never what).
    fn whose(&self) -> String {
        match &self.credentials {
            Some((_, _, source)) => format!("(the credentials from {source})"),
            None => "(no credentials: GATEHOUSE_REGISTRY with GATEHOUSE_REGISTRY_USERNAME and _PASSWORD, REGISTRY_AUTH_FILE or Docker's config.json give them)".to_string(),
        }
    }

    /// A bearer token from the realm of a `WWW-Authenticate: Bearer …` challenge.
    async fn fetch_token(&self, challenge: &str) -> Result<String> {
        let params: Vec<(String, String)> = challenge["bearer ".len()..]
            .split(',')
            .filter_map(|p| {
                let (k, v) = p.trim().split_once('=')?;
                Some((
                    k.trim().to_ascii_lowercase(),
                    v.trim().trim_matches('"').to_string(),
                ))
            })
            .collect();
        let realm = params
            .iter()
            .find(|(k, _)| k == "realm")
            .map(|(_, v)| v.clone())
            .ok_or_else(|| Error::new("the registry's bearer challenge names no realm"))?;
        let query: Vec<(&str, &str)> = params
            .iter()
            .filter(|(k, _)| k == "service" || k == "scope")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut url = reqwest::Url::parse(&realm)
            .map_err(|e| Error::new(format!("the registry's token realm is not a URL: {e}")))?;
        if url.scheme() != "https" && !self.insecure {
            return Err(Error::new(format!(
                "the registry's token realm is not HTTPS ({realm}): credentials are not sent there"
            )));
        }
        for (k, v) in query {
            url.query_pairs_mut().append_pair(k, v);
        }
        let mut request = self.client.get(url);
        if let Some((user, password, _)) = &self.credentials {
            request = request.basic_auth(user, Some(password));
        }
        let answer = tokio::time::timeout(self.timeout, read(request, 64 * 1024))
            .await
            .map_err(|_| Error::new("the token service did not answer in time"))??;
        if answer.status != 200 {
            return Err(Error::new(format!(
                "the registry's token service refused (HTTP {}) {}",
                answer.status,
                self.whose()
            )));
        }
        let json: Value = serde_json::from_slice(&answer.body)
            .map_err(|e| Error::new(format!("the token service's answer is not JSON: {e}")))?;
        json.get("token")
            .or_else(|| json.get("access_token"))
            .and_then(|t| t.as_str())
            .map(str::to_string)
            .ok_or_else(|| Error::new("the token service gave no token"))
    }

    /// A manifest (by tag or digest): its digest and JSON, or None when there is none (404).
    pub async fn manifest(
        &self,
        repository: &str,
        reference: &str,
    ) -> Result<Option<(String, Value)>> {
        let url = format!("{}/v2/{repository}/manifests/{reference}", self.base);
        let answer = self.send(&url, MANIFEST_TYPES, MAX_MANIFEST).await?;
        match answer.status {
            200 => {}
            404 => return Ok(None),
            401 | 403 => {
                return Err(Error::new(format!(
                    "{}/{repository}: manifest {reference}: HTTP {} {}",
                    self.base,
                    answer.status,
                    self.whose()
                )));
            }
            status => {
                return Err(Error::new(format!(
                    "{}/{repository}: manifest {reference}: HTTP {status}",
                    self.base
                )));
            }
        }
        let computed = format!("sha256:{}", hex(&sha256(&answer.body)));
        if reference.starts_with("sha256:") && reference != computed {
            return Err(Error::new(format!(
                "the registry answered manifest {reference} with other content ({computed})"
            )));
        }
        let json: Value = serde_json::from_slice(&answer.body)
            .map_err(|e| Error::new(format!("manifest {reference} is not JSON: {e}")))?;
        if !json.is_object() {
            return Err(Error::new(format!(
                "manifest {reference} is not a JSON object"
            )));
        }
        // A manifest served as something else, or under another digest than its content's,
        // is not what was asked for.
        if let Some(kind) = &answer.content_type {
            let kind = kind.split(';').next().unwrap_or_default().trim();
            if !MANIFEST_TYPES.split(", ").any(|t| t == kind) {
                return Err(Error::new(format!(
                    "manifest {reference} is served as `{kind}`, not an image manifest or index"
                )));
            }
        }
        if let Some(stated) = &answer.digest
            && *stated != computed
        {
            return Err(Error::new(format!(
                "manifest {reference}: the registry says its digest is {stated}, its content's is {computed}"
            )));
        }
        Ok(Some((computed, json)))
    }

    /// A blob, checked against its digest.
    pub async fn blob(&self, repository: &str, digest: &str) -> Result<Vec<u8>> {
        let url = format!("{}/v2/{repository}/blobs/{digest}", self.base);
        let answer = self.send(&url, "*/*", MAX_BLOB).await?;
        if answer.status != 200 {
            return Err(Error::new(format!("blob {digest}: HTTP {}", answer.status)));
        }
        if format!("sha256:{}", hex(&sha256(&answer.body))) != digest {
            return Err(Error::new(format!(
                "blob {digest} does not have that digest"
            )));
        }
        Ok(answer.body)
    }

    /// The referrers of a digest (OCI 1.1), of one artifact type: from the referrers API, or
    /// from the referrers tag schema.
    pub async fn referrers(
        &self,
        repository: &str,
        digest: &str,
        artifact_type: &str,
    ) -> Result<Vec<Value>> {
        // The artifact type as a filter (OCI 1.1: a registry may apply it, and says so in
        // OCI-Filters-Applied); the descriptors are filtered here whether it did or not.
        let mut url =
            reqwest::Url::parse(&format!("{}/v2/{repository}/referrers/{digest}", self.base))
                .map_err(|e| Error::new(format!("the referrers URL: {e}")))?;
        url.query_pairs_mut()
            .append_pair("artifactType", artifact_type);
        let answer = self
            .send(
                url.as_str(),
                "application/vnd.oci.image.index.v1+json",
                MAX_MANIFEST,
            )
            .await?;
        // Where a registry has no referrers API (404), the referrers tag schema's index
        // (`sha256-<hex>`), as cosign v3 writes it there; any other failure is an error, not
        // an absence of signatures.
        let index: Value = match answer.status {
            200 => serde_json::from_slice(&answer.body)
                .map_err(|e| Error::new(format!("the referrers of {digest} are not JSON: {e}")))?,
            404 => match self.manifest(repository, &digest.replace(':', "-")).await? {
                Some((_, index)) => index,
                None => return Ok(Vec::new()),
            },
            status => {
                return Err(Error::new(format!(
                    "{}/{repository}: the referrers of {digest}: HTTP {status}",
                    self.base
                )));
            }
        };
        Ok(index
            .get("manifests")
            .and_then(|m| m.as_array())
            .map(|m| {
                m.iter()
                    .filter(|d| {
                        d.get("artifactType").and_then(|t| t.as_str()) == Some(artifact_type)
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default())
    }
}

/// Send a request and read its answer up to `limit` bytes.
pub(crate) async fn read(request: reqwest::RequestBuilder, limit: usize) -> Result<Answer> {
    let mut response = request.send().await.map_err(|e| {
        let head = if e.is_connect() {
            "cannot connect"
        } else if e.is_redirect() {
            "too many redirects"
        } else {
            "request failed"
        };
        Error::new(gatehouse_model::with_sources(head.to_string(), &e))
    })?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (digest, content_type, challenge) = (
        header("docker-content-digest"),
        header("content-type"),
        header("www-authenticate"),
    );
    let status = response.status().as_u16();
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| Error::new(format!("reading the answer: {e}")))?
    {
        if body.len() + chunk.len() > limit {
            return Err(Error::new(format!(
                "the answer is larger than {} MiB",
                limit >> 20
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Answer {
        status,
        digest,
        content_type,
        challenge,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse_with_docker_hub_defaults() {
        let r = Reference::parse("nginx").unwrap();
        assert_eq!(
            (r.registry.as_str(), r.repository.as_str(), r.tag.as_deref()),
            ("docker.io", "library/nginx", Some("latest"))
        );
        let r = Reference::parse("127.0.0.1:5000/team/app:v1").unwrap();
        assert_eq!(
            (r.registry.as_str(), r.repository.as_str(), r.tag.as_deref()),
            ("127.0.0.1:5000", "team/app", Some("v1"))
        );
        let d = format!("sha256:{}", "a".repeat(64));
        let r = Reference::parse(&format!("ghcr.io/acme/app@{d}")).unwrap();
        assert_eq!((r.tag, r.digest), (None, Some(d.clone())));
        assert!(Reference::parse("ghcr.io/acme/app@sha256:abc").is_err());
        assert!(Reference::parse("").is_err());
        assert_eq!(
            Reference::parse("localhost/app:1").unwrap().registry,
            "localhost"
        );
    }
}
