//! The `signatures` family of the weekly audit (`gatehouse audit`, never `check`): every image
//! the tree's Kubernetes manifests and Compose files reference, and `signatures.images`, is
//! looked up in its registry and its signatures verified; the verdicts go into
//! `facts.live.signatures` for P01's Rego to judge.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use gatehouse_engine::config::SignaturesConfig;
use gatehouse_engine::{Check, FileScan, PolicyVerdict, RepoContext, RepoScan, SourceFile};
use gatehouse_model::{ErrorEntry, Status};
use serde::Serialize;

use crate::images::{ImageCheck, Trust};
use crate::registry::Reference;
use crate::trust::TrustedRoot;
use crate::verify::{Matcher, Policy};

pub const FAMILY: &str = "signatures";
pub const POLICIES: &[&str] = &["P01"];

pub struct SignaturesCheck {
    config: SignaturesConfig,
    base: PathBuf,
    /// `COSIGN_KEY_PATH`.
    cosign_key_path: Option<String>,
    /// (path, line, reference) of every image the tree references.
    found: Mutex<Vec<(String, u32, String)>>,
}

/// The `live.signatures` part of the facts document.
#[derive(Debug, Serialize)]
struct Facts {
    images: Vec<ImageCheck>,
    keys: Vec<String>,
    identities: usize,
}

impl SignaturesCheck {
    pub fn new(config: &SignaturesConfig, base: &Path, cosign_key_path: Option<String>) -> Self {
        SignaturesCheck {
            config: config.clone(),
            base: base.to_path_buf(),
            cosign_key_path,
            found: Mutex::new(Vec::new()),
        }
    }

    /// The trusted keys, identities and root; problems make the live part BLOCKED.
    fn trust(&self, problems: &mut Vec<String>) -> Trust {
        let mut keys = Vec::new();
        let files = self
            .config
            .keys
            .iter()
            .map(|k| (k.clone(), self.base.join(k)))
            .chain(
                self.cosign_key_path
                    .iter()
                    .map(|k| (format!("COSIGN_KEY_PATH ({k})"), PathBuf::from(k))),
            );
        for (name, path) in files {
            match std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|pem| crate::keys::pem_body(&pem, "PUBLIC KEY").map_err(|e| e.0))
            {
                Ok(der) => keys.push((name, der)),
                Err(e) => problems.push(format!("signatures.keys: {name}: {e}")),
            }
        }
        let mut identities = Vec::new();
        for (i, id) in self.config.identities.iter().enumerate() {
            let matcher = |exact: &Option<String>, regexp: &Option<String>| match (exact, regexp) {
                (Some(v), _) => Ok(Matcher::Exact(v.clone())),
                (None, Some(p)) => Matcher::regex(p),
                (None, None) => Err(crate::Error::new("missing")),
            };
            match (
                matcher(&id.identity, &id.identity_regexp),
                matcher(&id.issuer, &id.issuer_regexp),
            ) {
                (Ok(identity), Ok(issuer)) => {
                    identities.push(Policy::Identity { identity, issuer })
                }
                _ => problems.push(format!(
                    "signatures.identities[{i}] needs an identity and an issuer (exact or _regexp)"
                )),
            }
        }
        // The configured root, else the Sigstore public-good one gatehouse embeds.
        let root = match &self.config.trusted_root {
            Some(file) => {
                let path = self.base.join(file);
                std::fs::read_to_string(&path)
                    .map_err(|e| e.to_string())
                    .and_then(|text| TrustedRoot::from_json(&text).map_err(|e| e.0))
                    .map_err(|e| format!("signatures.trusted_root {}: {e}", path.display()))
            }
            None => TrustedRoot::public_good().map_err(|e| e.0),
        };
        let root = root.map_err(|e| problems.push(e)).ok();
        Trust {
            keys,
            identities,
            root,
            ignore_tlog: self.config.insecure_ignore_tlog,
            ignore_sct: self.config.insecure_ignore_sct,
        }
    }
}

/// `image:` values of a YAML file, with their lines; templated values are left out.
fn images_in(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let Some(value) = trimmed.strip_prefix("image:") else {
            continue;
        };
        let value = value.split(" #").next().unwrap_or_default().trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        if value.is_empty() || value.contains("{{") || value.contains('$') {
            continue;
        }
        out.push((u32::try_from(i + 1).unwrap_or(u32::MAX), value.to_string()));
    }
    out
}

impl Check for SignaturesCheck {
    fn family(&self) -> &'static str {
        FAMILY
    }

    fn policies(&self) -> &'static [&'static str] {
        POLICIES
    }

    fn whole_repository(&self) -> bool {
        true
    }

    fn wants(&self, rel: &str) -> bool {
        (rel.ends_with(".yaml") || rel.ends_with(".yml"))
            && !rel.starts_with(".github/")
            && !rel.contains("/.github/")
    }

    fn scan_file(&self, file: &SourceFile<'_>) -> FileScan {
        let text = String::from_utf8_lossy(file.bytes);
        let found = images_in(&text);
        if !found.is_empty()
            && let Ok(mut all) = self.found.lock()
        {
            all.extend(
                found
                    .into_iter()
                    .map(|(line, image)| (file.rel.to_string(), line, image)),
            );
        }
        FileScan::default()
    }

    fn scan_repo(&self, _ctx: &RepoContext<'_>) -> RepoScan {
        let clock = Instant::now();
        let mut repo = RepoScan::default();
        let mut problems = Vec::new();
        let trust = self.trust(&mut problems);
        let mut images: Vec<(String, u32, String)> =
            self.found.lock().map(|f| f.clone()).unwrap_or_default();
        images.extend(
            self.config
                .images
                .iter()
                .map(|i| ("gatehouse.toml".to_string(), 0, i.clone())),
        );
        images.sort();
        // What was probed, for the report's statistics: the images looked up.
        repo.stats.files = images.len() as u64;
        let mut checks = Vec::new();
        if images.is_empty() {
            // Nothing deployed to verify: whom to trust does not matter.
            problems.clear();
        } else if trust.is_empty() {
            problems.push(
                "no trusted signer: set signatures.keys (or COSIGN_KEY_PATH) or signatures.identities in gatehouse.toml to verify the deployed images' signatures"
                    .to_string(),
            );
        } else {
            match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Err(e) => problems.push(format!("the registry checks could not start: {e}")),
                Ok(runtime) => {
                    let timeout = Duration::from_secs(self.config.timeout_secs.max(1));
                    for (path, line, image) in &images {
                        let reference = match Reference::parse(image) {
                            Ok(r) => r,
                            Err(e) => {
                                // An image that cannot be looked up is not verified: BLOCKED.
                                problems.push(format!("{path}:{line}: {e}"));
                                repo.errors.push(
                                    ErrorEntry::new(path, (*line > 0).then_some(*line), e.0)
                                        .in_family(FAMILY),
                                );
                                continue;
                            }
                        };
                        let outcome = runtime.block_on(crate::images::check(
                            &reference,
                            &trust,
                            &self.config.insecure_registries,
                            timeout,
                        ));
                        if outcome.status == "error" {
                            problems.push(format!(
                                "{image}: {}",
                                outcome.detail.as_deref().unwrap_or("error")
                            ));
                        }
                        checks.push(ImageCheck {
                            reference: image.clone(),
                            path: path.clone(),
                            line: *line,
                            digest: outcome.digest,
                            status: outcome.status,
                            signer: outcome.signer,
                            signatures: outcome.signatures,
                            detail: outcome.detail,
                        });
                    }
                }
            }
        }
        let verified = checks.iter().filter(|c| c.status == "verified").count();
        let facts = Facts {
            keys: trust.keys.iter().map(|(name, _)| name.clone()).collect(),
            identities: trust.identities.len(),
            images: checks,
        };
        let evidence = format!(
            "live: signatures of {} verified in their registries ({verified} signed by a trusted signer)",
            gatehouse_model::count_of(facts.images.len() as u64, "image")
        );
        match serde_json::to_value(&facts) {
            Ok(value) => {
                repo.live_facts.insert("signatures".to_string(), value);
            }
            Err(e) => repo
                .errors
                .push(ErrorEntry::new("live", None, format!("signatures: {e}")).in_family(FAMILY)),
        }
        let status = if images.is_empty() {
            Status::NotApplicable
        } else if !problems.is_empty() {
            Status::Blocked
        } else {
            Status::Pass
        };
        let reason = match status {
            Status::Blocked => Some(problems.join("; ")),
            Status::NotApplicable => {
                Some("no image in the tree's manifests or signatures.images".to_string())
            }
            _ => None,
        };
        repo.verdicts
            .push(PolicyVerdict::new("P01", status, reason, vec![evidence]));
        repo.stats.ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
        repo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_values_of_manifests_and_compose_files_with_their_lines() {
        let text = "spec:\n  containers:\n    - name: app\n      image: ghcr.io/acme/app:1.2 # pinned soon\n    - image: \"redis@sha256:abc\"\n  other:\n    image: '{{ .Values.image }}'\n    image: ${IMAGE}\n";
        assert_eq!(
            images_in(text),
            vec![
                (4, "ghcr.io/acme/app:1.2".to_string()),
                (5, "redis@sha256:abc".to_string())
            ]
        );
    }
}
