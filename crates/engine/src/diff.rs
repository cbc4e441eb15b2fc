//! `--new-only`: which lines were added or changed since the merge base with a diff base, from
//! `git diff -U0 -M` (renames followed, so a moved file's old lines are not new), plus untracked
//! files, plus the commits of the branch (for findings of the git history).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use gatehouse_model::{Finding, Location};

use crate::git::GitError;

/// Added or changed lines per file, relative to the scanned root.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The ref the diff was taken against, and the merge base it resolved to.
    pub base: String,
    pub merge_base: String,
    /// Added lines of each changed file.
    lines: BTreeMap<String, BTreeSet<u32>>,
    /// Files that are new as a whole (untracked, binary): every line counts.
    whole: BTreeSet<String>,
    /// Commits on the branch since the merge base.
    commits: HashSet<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("git diff output, line {line}: {message}")]
    Parse { line: usize, message: String },
}

/// git with paths printed as they are (no octal escapes of non-ASCII bytes).
fn git(root: &Path, args: &[&str]) -> Result<String, GitError> {
    let mut all = vec!["-c", "core.quotePath=false"];
    all.extend_from_slice(args);
    crate::git::text(root, &all)
}

impl Changes {
    /// The changes of the work tree at `root` since its merge base with `base`.
    pub fn from_git(root: &Path, base: &str) -> Result<Changes, DiffError> {
        if base.starts_with('-') {
            return Err(GitError {
                args: "merge-base".into(),
                message: format!("`{base}` is not a ref"),
            }
            .into());
        }
        let merge_base = git(root, &["merge-base", base, "HEAD"])?.trim().to_string();
        // `--relative`: paths relative to the scanned directory, and only those under it.
        let diff = git(
            root,
            &[
                "diff",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--relative",
                "-U0",
                "-M",
                &merge_base,
                "--",
            ],
        )?;
        let mut changes = parse_diff(&diff)?;
        for path in git(root, &["ls-files", "--others", "--exclude-standard", "-z"])?
            .split('\0')
            .filter(|p| !p.is_empty())
        {
            changes.whole.insert(path.to_string());
        }
        changes.commits = git(root, &["rev-list", &format!("{merge_base}..HEAD")])?
            .lines()
            .map(str::to_string)
            .collect();
        changes.base = base.to_string();
        changes.merge_base = merge_base;
        Ok(changes)
    }

    /// Whether the location is on a line added or changed since the merge base (a finding of
    /// the history: whether its commit is on the branch). A location without a line (a whole
    /// file) is new when its file changed at all.
    pub fn is_new(&self, location: &Location) -> bool {
        if let Some(commit) = &location.commit {
            return self.commits.contains(commit);
        }
        let path = location.path.as_str();
        if self.whole.contains(path) {
            return true;
        }
        let Some(lines) = self.lines.get(path) else {
            return false;
        };
        if location.start_line == 0 {
            return !lines.is_empty();
        }
        let end = location.end_line.max(location.start_line);
        lines.range(location.start_line..=end).next().is_some()
    }

    /// Mark every finding new or not.
    pub fn mark(&self, findings: &mut [Finding]) {
        for finding in findings {
            finding.new = Some(self.is_new(&finding.location));
        }
    }
}

/// Parse `git diff -U0` output: for each file its new path and the lines its hunks add.
pub fn parse_diff(text: &str) -> Result<Changes, DiffError> {
    let mut changes = Changes::default();
    let mut current: Option<String> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.starts_with("diff --git ") {
            current = None;
        } else if let Some(path) = line.strip_prefix("+++ ") {
            current = if path == "/dev/null" {
                None
            } else {
                let path = unquote(path).ok_or_else(|| DiffError::Parse {
                    line: number,
                    message: format!("bad path `{path}`"),
                })?;
                let path = path.strip_prefix("b/").unwrap_or(&path).to_string();
                changes.lines.entry(path.clone()).or_default();
                Some(path)
            };
        } else if let Some(rest) = line.strip_prefix("@@ ") {
            let Some(path) = &current else { continue };
            let (start, count) = hunk_new_range(rest).ok_or_else(|| DiffError::Parse {
                line: number,
                message: format!("bad hunk header `{line}`"),
            })?;
            let lines = changes.lines.entry(path.clone()).or_default();
            lines.extend(start..start.saturating_add(count));
        } else if let Some(rest) = line.strip_prefix("Binary files ") {
            // `Binary files a/x and b/y differ`: the whole file counts.
            if let Some((_, new)) = rest.rsplit_once(" and ") {
                let new = new.trim_end_matches(" differ");
                if new != "/dev/null"
                    && let Some(path) = unquote(new)
                {
                    changes
                        .whole
                        .insert(path.strip_prefix("b/").unwrap_or(&path).to_string());
                }
            }
        }
    }
    Ok(changes)
}

/// `-a,b +c,d @@ …` → (c, d); `+c` alone means one line, `+c,0` none.
fn hunk_new_range(rest: &str) -> Option<(u32, u32)> {
    let new = rest.split_whitespace().find(|part| part.starts_with('+'))?;
    let new = &new[1..];
    match new.split_once(',') {
        Some((start, count)) => Some((start.parse().ok()?, count.parse().ok()?)),
        None => Some((new.parse().ok()?, 1)),
    }
}

/// A path as git prints it: as is, or C-quoted (`"a\tb"`, octal escapes for other bytes).
fn unquote(path: &str) -> Option<String> {
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return Some(path.to_string());
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut chars = inner.bytes();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match chars.next()? {
            b'n' => bytes.push(b'\n'),
            b't' => bytes.push(b'\t'),
            b'r' => bytes.push(b'\r'),
            b'"' => bytes.push(b'"'),
            b'\\' => bytes.push(b'\\'),
            b'a' => bytes.push(7),
            b'b' => bytes.push(8),
            b'f' => bytes.push(12),
            b'v' => bytes.push(11),
            d @ b'0'..=b'3' => {
                let d2 = chars.next()?;
                let d3 = chars.next()?;
                let octal = |c: u8| (b'0'..=b'7').contains(&c).then(|| c - b'0');
                bytes.push((d - b'0') * 64 + octal(d2)? * 8 + octal(d3)?);
            }
            _ => return None,
        }
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(path: &str, start: u32, end: u32) -> Location {
        Location {
            path: path.into(),
            start_line: start,
            start_column: 1,
            end_line: end,
            end_column: 1,
            commit: None,
        }
    }

    const DIFF: &str = "\
diff --git a/app/old.py b/app/new.py
similarity index 90%
rename from app/old.py
rename to app/new.py
index 1111111..2222222 100644
--- a/app/old.py
+++ b/app/new.py
@@ -3 +3,2 @@ def f():
-    x = 1
+    x = 2
+    y = 3
@@ -10,2 +11,0 @@ def g():
-gone
-gone
diff --git a/moved.txt b/moved.txt
deleted file mode 100644
--- a/moved.txt
+++ /dev/null
@@ -1 +0,0 @@
-bye
diff --git \"a/we\\tird name.py\" \"b/we\\tird name.py\"
--- \"a/we\\tird name.py\"
+++ \"b/we\\tird name.py\"
@@ -0,0 +1 @@
+z
diff --git a/img.png b/img.png
Binary files a/img.png and b/img.png differ
";

    #[test]
    fn hunks_renames_quotes_and_binaries() {
        let c = parse_diff(DIFF).unwrap();
        assert!(c.is_new(&loc("app/new.py", 3, 3)));
        assert!(c.is_new(&loc("app/new.py", 4, 4)));
        assert!(
            c.is_new(&loc("app/new.py", 1, 5)),
            "a range touching a changed line"
        );
        assert!(!c.is_new(&loc("app/new.py", 1, 2)));
        assert!(
            !c.is_new(&loc("app/new.py", 11, 11)),
            "a deletion adds no line"
        );
        assert!(!c.is_new(&loc("app/old.py", 3, 3)), "the old name is gone");
        assert!(
            c.is_new(&loc("app/new.py", 0, 0)),
            "file-level: the file changed"
        );
        assert!(c.is_new(&loc("we\tird name.py", 1, 1)));
        assert!(c.is_new(&loc("img.png", 7, 7)));
        assert!(!c.is_new(&loc("untouched.py", 1, 1)));
        assert!(!c.is_new(&loc("moved.txt", 1, 1)));
        assert!(matches!(
            parse_diff("+++ b/x\n@@ -1 +zz @@\n"),
            Err(DiffError::Parse { line: 2, .. })
        ));
    }
}
