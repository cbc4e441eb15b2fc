//! Secrets in git history: the added lines of every commit (`git log --all -p -U0`), scanned per
//! commit and file, with findings that name the commit and the line in that commit's version.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use gatehouse_engine::{RepoScan, SourceFile};
use gatehouse_model::ErrorEntry;

use crate::{FAMILY, SecretsCheck};

/// Added lines of one file in one commit, with the new-file line number of each.
#[derive(Default)]
struct Blob {
    commit: String,
    path: Option<String>,
    text: Vec<u8>,
    line_numbers: Vec<u32>,
}

/// Scan the history of the repository at `root`; blobs of added lines over `max_bytes` are
/// skipped and counted, as files over `scan.max_file_size` are.
pub(crate) fn scan_history(
    check: &SecretsCheck,
    root: &Path,
    max_bytes: u64,
) -> Result<RepoScan, String> {
    let inside = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--is-inside-work-tree"])
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("--history needs git on PATH: {e}"))?;
    if !inside.status.success() {
        return Err(format!(
            "--history needs a git repository; {} is not inside one (run in a clone, or drop --history)",
            root.display()
        ));
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--all",
            "-p",
            "-U0",
            "--no-color",
            "--no-ext-diff",
            "--no-renames",
            "--diff-filter=AM",
            "--format=%x00commit %H",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git log: {e}"))?;
    let Some(stdout) = child.stdout.take() else {
        return Err("cannot read git log output".to_string());
    };
    let mut scan = RepoScan::default();
    let mut blob = Blob::default();
    let mut new_line: u32 = 0;
    let mut in_header = false;
    let mut reader = BufReader::new(stdout);
    let mut raw = Vec::new();
    loop {
        raw.clear();
        match reader.read_until(b'\n', &mut raw) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("reading git log output: {e}")),
        }
        let line = raw.strip_suffix(b"\n").unwrap_or(&raw);
        if let Some(sha) = line.strip_prefix(b"\0commit ") {
            flush(check, &mut blob, &mut scan, max_bytes);
            blob.commit = String::from_utf8_lossy(sha).into_owned();
            in_header = false;
        } else if line.starts_with(b"diff --git ") {
            flush(check, &mut blob, &mut scan, max_bytes);
            in_header = true;
        } else if in_header && line.starts_with(b"+++ ") {
            // Only in a file header: an added line reading "++ x" also starts with "+++ ".
            blob.path = line[4..]
                .strip_prefix(b"b/")
                .map(|p| unquote(&String::from_utf8_lossy(p)));
        } else if line.starts_with(b"@@ ") {
            in_header = false;
            new_line = hunk_new_start(line).unwrap_or(0);
        } else if let Some(added) = line.strip_prefix(b"+")
            && !in_header
            && blob.path.is_some()
        {
            blob.text.extend_from_slice(added);
            blob.text.push(b'\n');
            blob.line_numbers.push(new_line);
            new_line = new_line.saturating_add(1);
        }
    }
    flush(check, &mut blob, &mut scan, max_bytes);
    let status = child
        .wait()
        .map_err(|e| format!("waiting for git log: {e}"))?;
    if !status.success() {
        let mut message = String::new();
        if let Some(mut stderr) = child.stderr.take() {
            use std::io::Read;
            let _ = stderr.read_to_string(&mut message);
        }
        let message = message.trim();
        if message.contains("does not have any commits") || message.contains("bad default revision")
        {
            return Ok(scan);
        }
        scan.errors.push(
            ErrorEntry::new(
                root.display().to_string(),
                None,
                format!("git log failed: {message}"),
            )
            .in_family(FAMILY),
        );
    }
    Ok(scan)
}

fn flush(check: &SecretsCheck, blob: &mut Blob, scan: &mut RepoScan, max_bytes: u64) {
    let commit = blob.commit.clone();
    let taken = std::mem::take(blob);
    blob.commit = commit;
    let Some(path) = taken.path else { return };
    if taken.text.is_empty() || check.path_allowed(&path) || taken.text.contains(&0) {
        return;
    }
    if taken.text.len() as u64 > max_bytes {
        *scan
            .stats
            .skipped
            .entry("history: too large".to_string())
            .or_default() += 1;
        return;
    }
    scan.stats.files += 1;
    scan.stats.bytes += taken.text.len() as u64;
    let file = SourceFile::new(&path, &taken.text);
    for mut finding in check.scan(&file, Some(&taken.commit)) {
        let map = |line: u32| {
            taken
                .line_numbers
                .get((line as usize).saturating_sub(1))
                .copied()
                .unwrap_or(line)
        };
        finding.location.start_line = map(finding.location.start_line);
        finding.location.end_line = map(finding.location.end_line);
        let short = taken.commit.get(..12).unwrap_or(&taken.commit);
        finding.message = format!("{} (commit {short})", finding.message);
        scan.findings.push(finding);
    }
}

/// `@@ -a,b +c,d @@` → c.
fn hunk_new_start(line: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(line).ok()?;
    let plus = text.split_whitespace().find(|part| part.starts_with('+'))?;
    plus[1..].split(',').next()?.parse().ok()
}

/// Git quotes unusual paths in C style; undo the common escapes.
fn unquote(path: &str) -> String {
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_string();
    };
    inner
        .replace("\\\"", "\"")
        .replace("\\\\", "\\")
        .replace("\\t", "\t")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hunk_headers() {
        assert_eq!(hunk_new_start(b"@@ -1,2 +10,3 @@ fn x()"), Some(10));
        assert_eq!(hunk_new_start(b"@@ -0,0 +1 @@"), Some(1));
        assert_eq!(hunk_new_start(b"@@ garbage"), None);
    }
}
