//! Secrets in git history: the added lines of every commit (`git log --all -p -U0`), scanned per
//! commit and file, with findings that name the commit and the line in that commit's version.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use gatehouse_engine::{RepoScan, SourceFile};

use crate::SecretsCheck;

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
    let shallow = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--is-shallow-repository"])
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if String::from_utf8_lossy(&shallow.stdout).trim() == "true" {
        return Err(format!(
            "--history needs the full history, but {} is a shallow clone (fetch with `git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)",
            root.display()
        ));
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        // Raw UTF-8 paths, fixed a/ b/ prefixes whatever the user's diff config, no textconv.
        .args(["-c", "core.quotePath=false", "-c", "diff.noprefix=false"])
        .args([
            "log",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            "--no-textconv",
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
    // Drain stderr concurrently so that a chatty git cannot block on a full pipe.
    let stderr = child.stderr.take().map(|mut stderr| {
        std::thread::spawn(move || {
            let mut message = String::new();
            let _ = std::io::Read::read_to_string(&mut stderr, &mut message);
            message
        })
    });
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
            blob.path = header_path(&line[4..]);
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
    let message = stderr
        .and_then(|handle| handle.join().ok())
        .unwrap_or_default();
    if !status.success() {
        let message = message.trim();
        if message.contains("does not have any commits") || message.contains("bad default revision")
        {
            return Ok(scan);
        }
        // The history was not read to the end: not a clean scan.
        return Err(format!("git log failed: {message}"));
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
    let mut findings = check.scan(&file, Some(&taken.commit));
    // Inline `gatehouse:ignore` comments count in history too (on the blob's own lines).
    gatehouse_engine::suppress::apply_inline(&mut findings, &taken.text, file.lines());
    for mut finding in findings {
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

/// The path of a `+++ ` header: `b/path` (git may append a tab after paths with spaces, and
/// quotes paths with control characters in C style, octal escapes included); `None` for
/// `/dev/null`.
fn header_path(raw: &[u8]) -> Option<String> {
    let raw = raw.strip_suffix(b"\t").unwrap_or(raw);
    let unquoted = match raw.strip_prefix(b"\"").and_then(|r| r.strip_suffix(b"\"")) {
        Some(inner) => unescape_c(inner),
        None => raw.to_vec(),
    };
    let path = unquoted.strip_prefix(b"b/")?;
    Some(String::from_utf8_lossy(path).into_owned())
}

fn unescape_c(inner: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        if inner[i] != b'\\' || i + 1 >= inner.len() {
            out.push(inner[i]);
            i += 1;
            continue;
        }
        let next = inner[i + 1];
        let octal = inner
            .get(i + 1..i + 4)
            .filter(|d| d.iter().all(|c| (b'0'..=b'7').contains(c)));
        if let Some(digits) = octal {
            let value = digits
                .iter()
                .fold(0u32, |acc, d| acc * 8 + u32::from(d - b'0'));
            out.push(u8::try_from(value).unwrap_or(b'?'));
            i += 4;
            continue;
        }
        out.push(match next {
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            b'a' => 7,
            b'b' => 8,
            b'f' => 12,
            b'v' => 11,
            other => other,
        });
        i += 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_paths_are_unquoted_and_untabbed() {
        assert_eq!(header_path(b"b/src/a.rs"), Some("src/a.rs".into()));
        assert_eq!(header_path(b"b/a b.txt\t"), Some("a b.txt".into()));
        assert_eq!(
            header_path(b"\"b/caf\\303\\251 \\\"x\\\".py\""),
            Some("caf\u{e9} \"x\".py".into())
        );
        assert_eq!(header_path(b"/dev/null"), None);
    }

    #[test]
    fn parses_hunk_headers() {
        assert_eq!(hunk_new_start(b"@@ -1,2 +10,3 @@ fn x()"), Some(10));
        assert_eq!(hunk_new_start(b"@@ -0,0 +1 @@"), Some(1));
        assert_eq!(hunk_new_start(b"@@ garbage"), None);
    }
}
