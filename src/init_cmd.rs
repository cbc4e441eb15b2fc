//! `gatehouse init`: a commented gatehouse.toml, a pull-request workflow that runs the Action,
//! and a pre-commit configuration, each written only where no file exists.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

const CONFIG: &str = include_str!("../templates/init/gatehouse.toml");
const WORKFLOW: &str = include_str!("../templates/init/gatehouse.yml");
const AUDIT_WORKFLOW: &str = include_str!("../templates/init/gatehouse-audit.yml");
const PRE_COMMIT: &str = include_str!("../templates/init/pre-commit-config.yaml");

/// The release build knows the repository and commit of its Action (GATEHOUSE_ACTION_REPO and
/// GATEHOUSE_ACTION_SHA at build time).
fn released_action() -> Option<(&'static str, &'static str)> {
    match (
        option_env!("GATEHOUSE_ACTION_REPO"),
        option_env!("GATEHOUSE_ACTION_SHA"),
    ) {
        (Some(repo), Some(sha)) if !repo.is_empty() && sha.len() == 40 => Some((repo, sha)),
        _ => None,
    }
}

/// A workflow step that runs gatehouse: the pull-request gate or the weekly audit.
struct Step {
    /// The workflow file, for the placeholder's error.
    file: &'static str,
    /// The Action's `with:` lines (indented for the step).
    with: &'static str,
    /// What the placeholder runs: the gatehouse command and its reports.
    command: &'static str,
    /// The placeholder's output line, after the command.
    output: &'static str,
}

const GATE: Step = Step {
    file: ".github/workflows/gatehouse.yml",
    with: "          formats: sarif=gatehouse.sarif",
    command: "gatehouse check . -o sarif=gatehouse.sarif",
    output: "echo \"sarif=gatehouse.sarif\" >> \"$GITHUB_OUTPUT\"",
};

const AUDIT: Step = Step {
    file: ".github/workflows/gatehouse-audit.yml",
    with: "          command: audit\n          comment: false\n          formats: html=gatehouse-audit.html,md=gatehouse-audit.md,sarif=gatehouse-audit.sarif,json=gatehouse-audit.json\n          evidence: gatehouse-evidence",
    command: "gatehouse audit . -o html=gatehouse-audit.html -o md=gatehouse-audit.md -o sarif=gatehouse-audit.sarif -o json=gatehouse-audit.json --evidence gatehouse-evidence",
    output: "echo \"exit-code=$code\" >> \"$GITHUB_OUTPUT\"",
};

/// The body of a workflow's gatehouse step. With the Action's repository and commit, the
/// Action pinned to that commit (as P08 asks). Without them (a development build), a step that
/// passes P08 as written and says in a comment what to edit: it runs a gatehouse binary on the
/// runner's PATH, and otherwise fails with an error pointing at itself.
fn gatehouse_step(action: Option<(&str, &str)>, step: &Step) -> String {
    let version = env!("CARGO_PKG_VERSION");
    match action {
        Some((repo, sha)) => format!(
            "        uses: {repo}@{sha} # v{version}\n        with:\n{}",
            step.with
        ),
        None => PLACEHOLDER_STEP
            .replace("{file}", step.file)
            .replace("{with}", &step.with.replace("          ", "        #     "))
            .replace("{command}", step.command)
            .replace("{output}", step.output)
            .trim_end()
            .to_string(),
    }
}

const PLACEHOLDER_STEP: &str = r#"        # EDIT THIS STEP. A development build of gatehouse wrote this workflow and does not
        # know where your copy of the gatehouse Action lives. Replace the `run:` below with
        # the Action pinned to a full commit SHA (P08 flags a tag or a branch):
        #   uses: OWNER/gatehouse@COMMIT-SHA # vX.Y.Z
        #   with:
{with}
        # Until then this step runs a gatehouse already on the runner's PATH, or fails saying so.
        run: |
          if ! command -v gatehouse >/dev/null 2>&1; then
            echo "::error file={file}::edit the gatehouse step: use the gatehouse Action pinned to a commit, as its comment says"
            exit 1
          fi
          code=0
          {command} || code=$?
          {output}
          exit "$code"
"#;

pub fn run(root: &Path) -> Result<ExitCode> {
    std::fs::create_dir_all(root).with_context(|| format!("cannot create {}", root.display()))?;
    let action = released_action();
    let workflow = WORKFLOW.replace("{{ gate }}", &gatehouse_step(action, &GATE));
    let audit = AUDIT_WORKFLOW.replace("{{ audit }}", &gatehouse_step(action, &AUDIT));
    // Everything said goes out in one write at the end (a closed pipe is not an error here).
    let mut said = String::new();
    let files = [
        ("gatehouse.toml", CONFIG.to_string()),
        (".github/workflows/gatehouse.yml", workflow),
        (".github/workflows/gatehouse-audit.yml", audit),
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
    if action.is_none() {
        said.push_str(
            "\nEdit the gatehouse steps of .github/workflows/gatehouse.yml and gatehouse-audit.yml (their comments say how): \
             a development build of gatehouse does not know where your copy of the Action lives. \
             Use `uses: OWNER/gatehouse@COMMIT-SHA`, pinned to a full commit SHA (P08 flags a \
             tag); until then the steps need a gatehouse on the runner's PATH.\n",
        );
    }
    said.push_str(
        "\nNext: `gatehouse check` here, `pre-commit install` for the hook, and commit the files. \
         For the weekly audit of the running systems, add the repository secrets \
         gatehouse-audit.yml passes (POSTGRES_DSN, VAULT_ADDR, VAULT_ROLE_ID, VAULT_SECRET_ID, \
         PROM_URL, RESTORE_DSN, DAST_TARGET) and fill in gatehouse.toml's [live.*] and [dast] sections.\n",
    );
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), said.as_bytes());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_release_build_pins_the_action_and_a_development_build_says_what_to_edit() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        let pinned = WORKFLOW.replace(
            "{{ gate }}",
            &gatehouse_step(Some(("acme/gatehouse", sha)), &GATE),
        );
        assert!(pinned.contains(&format!(
            "        uses: acme/gatehouse@{sha} # v{}\n",
            env!("CARGO_PKG_VERSION")
        )));
        let placeholder = WORKFLOW.replace("{{ gate }}", &gatehouse_step(None, &GATE));
        assert!(placeholder.contains("# EDIT THIS STEP."));
        // No action reference at all outside comments: nothing for P08 to flag.
        assert!(
            !placeholder
                .lines()
                .any(|l| l.trim_start().starts_with("uses:") && l.contains("gatehouse")),
            "{placeholder}"
        );
        assert!(placeholder.contains("gatehouse check . -o sarif=gatehouse.sarif"));
        assert!(placeholder.contains("        #     formats: sarif=gatehouse.sarif\n"));
        let audit = AUDIT_WORKFLOW.replace("{{ audit }}", &gatehouse_step(None, &AUDIT));
        assert!(audit.contains("          gatehouse audit . -o html=gatehouse-audit.html"));
        assert!(audit.contains("::error file=.github/workflows/gatehouse-audit.yml::"));
        let pinned = AUDIT_WORKFLOW.replace(
            "{{ audit }}",
            &gatehouse_step(Some(("acme/gatehouse", sha)), &AUDIT),
        );
        assert!(pinned.contains("          command: audit\n"), "{pinned}");
    }
}
