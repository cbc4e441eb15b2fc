//! `gatehouse init`: a commented gatehouse.toml, a pull-request workflow that runs the Action,
//! and a pre-commit configuration, each written only where no file exists.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

const CONFIG: &str = include_str!("../templates/init/gatehouse.toml");
const WORKFLOW: &str = include_str!("../templates/init/gatehouse.yml");
const PRE_COMMIT: &str = include_str!("../templates/init/pre-commit-config.yaml");

/// The Action the workflow uses: the release build knows its repository and commit
/// (GATEHOUSE_ACTION_REPO and GATEHOUSE_ACTION_SHA at build time), so the reference is pinned
/// to a commit as P08 asks; a development build names a placeholder to edit.
fn action() -> (String, bool) {
    let version = env!("CARGO_PKG_VERSION");
    match (
        option_env!("GATEHOUSE_ACTION_REPO"),
        option_env!("GATEHOUSE_ACTION_SHA"),
    ) {
        (Some(repo), Some(sha)) if !repo.is_empty() && sha.len() == 40 => {
            (format!("{repo}@{sha} # v{version}"), true)
        }
        _ => (format!("OWNER/gatehouse@v{version}"), false),
    }
}

pub fn run(root: &Path) -> Result<ExitCode> {
    std::fs::create_dir_all(root).with_context(|| format!("cannot create {}", root.display()))?;
    let (action, pinned) = action();
    let workflow = WORKFLOW.replace("{{ action }}", &action);
    // Everything said goes out in one write at the end (a closed pipe is not an error here).
    let mut said = String::new();
    let files = [
        ("gatehouse.toml", CONFIG.to_string()),
        (".github/workflows/gatehouse.yml", workflow),
        (".pre-commit-config.yaml", PRE_COMMIT.to_string()),
    ];
    for (rel, text) in &files {
        let path = root.join(rel);
        if path.exists() || path.is_symlink() {
            said.push_str(&format!(
                "kept    {rel} (it exists; gatehouse init never overwrites)\n"
            ));
            if *rel == ".pre-commit-config.yaml" {
                let existing = std::fs::read_to_string(&path).unwrap_or_default();
                if !existing.contains("gatehouse check --staged") {
                    said.push_str("        add this hook to its `repos:` list:\n");
                    let entry = PRE_COMMIT
                        .lines()
                        .skip_while(|line| !line.trim_start().starts_with("- repo:"));
                    for line in entry {
                        said.push_str(&format!("        {line}\n"));
                    }
                }
            }
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        // create_new: a file that appeared since the check above is not overwritten either.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        std::io::Write::write_all(&mut file, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        said.push_str(&format!("wrote   {rel}\n"));
    }
    if !pinned {
        said.push_str(&format!(
            "\nEdit `uses: {action}` in .github/workflows/gatehouse.yml: name the repository you \
             get gatehouse from, pinned to a full commit SHA (P08 flags a tag).\n"
        ));
    }
    said.push_str(
        "\nNext: `gatehouse check` here, `pre-commit install` for the hook, and commit the files.\n",
    );
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), said.as_bytes());
    Ok(ExitCode::SUCCESS)
}
