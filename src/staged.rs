//! `gatehouse check --staged`: what is about to be committed, read from the index (the staged
//! blobs, not the work tree), for a pre-commit hook.
//!
//! The staged files are written with `git checkout-index --prefix` into a temporary directory
//! that mirrors their paths, together with the index versions of the ignore files, and only
//! the staged files are scanned. Configuration, exceptions, baseline and rule directories are
//! the work tree's.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};
use gatehouse_engine::git::run as git;

/// The ignore files; their staged versions decide what is skipped.
const SUPPORT: &[&str] = &[".gatehouseignore", ".gitignore"];

pub struct Staged {
    dir: tempfile::TempDir,
    /// Staged paths (added, copied, modified, renamed), relative to the work tree's top.
    pub paths: HashSet<String>,
    /// The work tree's top directory.
    pub top: PathBuf,
}

impl Staged {
    /// The directory holding the staged content.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}

fn nul_separated(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect()
}

/// Write the staged content of the repository holding `path` into a temporary directory.
pub fn checkout(path: &Path) -> Result<Staged> {
    let dir = crate::scan::config_dir(path);
    let top = String::from_utf8_lossy(&git(dir, &["rev-parse", "--show-toplevel"])?)
        .trim()
        .to_string();
    let top = PathBuf::from(top);
    let staged = nul_separated(&git(
        &top,
        &[
            "diff",
            "--cached",
            "--name-only",
            "-z",
            "--no-renames",
            "--diff-filter=ACMRT",
        ],
    )?);
    let mut wanted: Vec<String> = staged.clone();
    let mut ls = vec!["ls-files", "-z", "--cached", "--"];
    ls.extend(SUPPORT);
    wanted.extend(nul_separated(&git(&top, &ls)?));
    wanted.sort();
    wanted.dedup();
    let out = tempfile::Builder::new()
        .prefix("gatehouse-staged-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    if !wanted.is_empty() {
        let mut prefix = out.path().as_os_str().to_owned();
        prefix.push("/");
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&top)
            .arg("checkout-index")
            .arg(format!("--prefix={}", prefix.to_string_lossy()))
            .args(["-z", "--stdin"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .context("--staged needs git")?;
        if let Some(mut stdin) = child.stdin.take() {
            for path in &wanted {
                stdin.write_all(path.as_bytes())?;
                stdin.write_all(b"\0")?;
            }
        }
        let output = child.wait_with_output()?;
        if !output.status.success() {
            bail!(
                "git checkout-index: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
    }
    Ok(Staged {
        dir: out,
        paths: staged.into_iter().collect(),
        top,
    })
}

/// The first lines of the hook gatehouse writes; a hook without them is someone else's.
const HOOK_MARKER: &str = "# gatehouse pre-commit hook";

const HOOK: &str = "#!/bin/sh
# gatehouse pre-commit hook (written by `gatehouse hook install`; edit freely, keep this line).
# Scans what is staged, as staged; `git commit --no-verify` skips it.
if ! command -v gatehouse >/dev/null 2>&1; then
  echo 'pre-commit: gatehouse is not on PATH (`cargo install --locked --path .` in a gatehouse checkout, or a release archive); `git commit --no-verify` skips this hook' >&2
  exit 1
fi
exec gatehouse check --staged --format table
";

/// Write the pre-commit hook of the repository holding `path`.
pub fn install_hook(path: &Path, force: bool) -> Result<()> {
    let dir = crate::scan::config_dir(path);
    // `--git-path` honours core.hooksPath and worktrees; relative to `dir`.
    let hooks = String::from_utf8_lossy(&git(dir, &["rev-parse", "--git-path", "hooks"])?)
        .trim()
        .to_string();
    let hooks = dir.join(hooks);
    std::fs::create_dir_all(&hooks)
        .with_context(|| format!("cannot create {}", hooks.display()))?;
    let hook = hooks.join("pre-commit");
    if let Ok(existing) = std::fs::read_to_string(&hook)
        && !existing.contains(HOOK_MARKER)
        && !force
    {
        bail!(
            "{} exists and was not written by gatehouse: keep it (call `gatehouse check --staged` from it), or replace it with --force",
            hook.display()
        );
    }
    std::fs::write(&hook, HOOK).with_context(|| format!("cannot write {}", hook.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("cannot make {} executable", hook.display()))?;
    }
    println!("wrote {}", hook.display());
    if !on_path("gatehouse") {
        eprintln!(
            "gatehouse: warning: `gatehouse` is not on PATH, so the hook cannot run it and every \
             commit will stop. Put it there first: `cargo install --locked --path .` in a \
             gatehouse checkout, or a release archive's binary in a directory on PATH."
        );
    }
    Ok(())
}

/// Whether an executable file `name` is in a directory of PATH.
fn on_path(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            let file = dir.join(name);
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                std::fs::metadata(&file)
                    .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            }
            #[cfg(not(unix))]
            {
                file.with_extension("exe").is_file() || file.is_file()
            }
        })
    })
}
