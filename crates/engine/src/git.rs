//! Running git in a directory: its stdout, or an error that names the command and carries
//! git's own message.

use std::path::Path;
use std::process::Command;

#[derive(Debug, thiserror::Error)]
#[error("git {args}: {message}")]
pub struct GitError {
    pub args: String,
    pub message: String,
}

/// `git -C dir ARGS…`: its stdout when it succeeds.
pub fn run(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| GitError {
            args: args.join(" "),
            message: format!("cannot run git: {e}"),
        })?;
    if !output.status.success() {
        return Err(GitError {
            args: args.join(" "),
            message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    Ok(output.stdout)
}

/// [`run`], its stdout as text.
pub fn text(dir: &Path, args: &[&str]) -> Result<String, GitError> {
    run(dir, args).map(|out| String::from_utf8_lossy(&out).into_owned())
}
