//! Where the run is: the repository, the pull request, the head commit, the API and web
//! addresses, from the variables GitHub Actions sets (and the event payload it writes), each of
//! which a command-line value overrides.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// What the GitHub commands need to know about the run.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// `OWNER/REPO`.
    pub repository: Option<String>,
    pub pull_request: Option<u64>,
    /// The commit the check run and the comment's links are for (the PR's head).
    pub sha: Option<String>,
    /// `https://api.github.com`, or an Enterprise server's `/api/v3`.
    pub api_url: String,
    /// `https://github.com`.
    pub server_url: String,
    /// The workflow run's page, for the footer.
    pub run_url: Option<String>,
    /// `$GITHUB_STEP_SUMMARY`.
    pub step_summary: Option<PathBuf>,
    /// Inside a GitHub Actions job (`GITHUB_ACTIONS=true`), where workflow commands work.
    pub in_actions: bool,
}

/// Command-line values that win over the environment.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub repository: Option<String>,
    pub pull_request: Option<u64>,
    pub sha: Option<String>,
    pub api_url: Option<String>,
}

impl Context {
    /// Read the context from `env` (a lookup, so tests need not touch the process environment).
    /// A missing or unreadable event payload only leaves the PR number and head SHA unknown.
    pub fn from_env(
        env: impl Fn(&str) -> Option<String>,
        overrides: &Overrides,
    ) -> (Context, Vec<String>) {
        let mut warnings = Vec::new();
        let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let event = var("GITHUB_EVENT_PATH").and_then(|path| match read_event(Path::new(&path)) {
            Ok(event) => Some(event),
            Err(e) => {
                warnings.push(e);
                None
            }
        });
        let pr = event.as_ref().and_then(|e| e.get("pull_request"));
        let server_url = var("GITHUB_SERVER_URL")
            .unwrap_or_else(|| "https://github.com".to_string())
            .trim_end_matches('/')
            .to_string();
        let repository = overrides
            .repository
            .clone()
            .or_else(|| var("GITHUB_REPOSITORY"));
        let run_url = match (&repository, var("GITHUB_RUN_ID")) {
            (Some(repo), Some(run)) => Some(format!("{server_url}/{repo}/actions/runs/{run}")),
            _ => None,
        };
        let context = Context {
            pull_request: overrides
                .pull_request
                .or_else(|| pr.and_then(|p| p.get("number")).and_then(Value::as_u64)),
            sha: overrides
                .sha
                .clone()
                .or_else(|| {
                    pr.and_then(|p| p.pointer("/head/sha"))
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
                .or_else(|| var("GITHUB_SHA")),
            api_url: overrides
                .api_url
                .clone()
                .or_else(|| var("GITHUB_API_URL"))
                .unwrap_or_else(|| "https://api.github.com".to_string())
                .trim_end_matches('/')
                .to_string(),
            repository,
            server_url,
            run_url,
            step_summary: var("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            in_actions: var("GITHUB_ACTIONS").as_deref() == Some("true"),
        };
        (context, warnings)
    }

    /// `https://github.com/OWNER/REPO`.
    pub fn repo_url(&self) -> Option<String> {
        self.repository
            .as_ref()
            .map(|repo| format!("{}/{repo}", self.server_url))
    }

    /// `/repos/OWNER/REPO`, checked to be two plain path segments.
    pub fn repo_path(&self) -> Result<String, String> {
        let repo = self
            .repository
            .as_deref()
            .ok_or("no repository: set GITHUB_REPOSITORY or pass --repo OWNER/REPO")?;
        let plain = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        };
        match repo.split_once('/') {
            Some((owner, name)) if plain(owner) && plain(name) => Ok(format!("/repos/{repo}")),
            _ => Err(format!("`{repo}` is not OWNER/REPO")),
        }
    }
}

fn read_event(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the event payload {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: the event payload is not JSON: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn pull_request_event_gives_number_and_head() {
        let dir = tempfile::tempdir().unwrap();
        let event = dir.path().join("event.json");
        std::fs::write(
            &event,
            r#"{"pull_request": {"number": 42, "head": {"sha": "abc123"}}}"#,
        )
        .unwrap();
        let vars: HashMap<&str, String> = [
            ("GITHUB_EVENT_PATH", event.display().to_string()),
            ("GITHUB_REPOSITORY", "acme/shop".into()),
            ("GITHUB_SHA", "merge999".into()),
            ("GITHUB_RUN_ID", "7".into()),
            ("GITHUB_ACTIONS", "true".into()),
        ]
        .into_iter()
        .collect();
        let (ctx, warnings) = Context::from_env(|k| vars.get(k).cloned(), &Overrides::default());
        assert!(warnings.is_empty());
        assert_eq!(ctx.pull_request, Some(42));
        // The PR's head, not the merge commit GITHUB_SHA names.
        assert_eq!(ctx.sha.as_deref(), Some("abc123"));
        assert_eq!(ctx.api_url, "https://api.github.com");
        assert_eq!(ctx.repo_path().unwrap(), "/repos/acme/shop");
        assert_eq!(
            ctx.run_url.as_deref(),
            Some("https://github.com/acme/shop/actions/runs/7")
        );
        assert!(ctx.in_actions);

        std::fs::write(&event, "{ not json").unwrap();
        let (ctx, warnings) = Context::from_env(|k| vars.get(k).cloned(), &Overrides::default());
        assert_eq!(ctx.pull_request, None);
        assert_eq!(ctx.sha.as_deref(), Some("merge999"));
        assert!(warnings[0].contains("event.json:1:"), "{warnings:?}");
    }

    #[test]
    fn repository_must_be_owner_slash_name() {
        let ctx = |repo: &str| Context {
            repository: Some(repo.to_string()),
            ..Context::default()
        };
        assert!(ctx("acme/shop").repo_path().is_ok());
        assert!(ctx("acme/../x").repo_path().is_err());
        assert!(ctx("acme").repo_path().is_err());
        assert!(Context::default().repo_path().is_err());
    }
}
