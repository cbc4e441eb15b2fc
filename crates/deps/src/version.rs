//! Version ordering per ecosystem, as OSV's `ECOSYSTEM` and `SEMVER` ranges need it:
//!
//! - crates.io and npm: SemVer 2.0 (the `semver` crate; npm's leading `v`/`=` tolerated; build
//!   metadata does not order).
//! - Go: SemVer with the `v` prefix; build metadata (`+incompatible`) does not order;
//!   pseudo-versions (`v0.0.0-20210101000000-abcdef123456`, `v1.2.4-0.2021…`) are pre-releases
//!   and order as Go orders them.
//! - PyPI: PEP 440 (`pep440_rs`).
//! - Maven: `ComparableVersion` (items split at `.`, `-` and digit/letter changes; qualifiers
//!   alpha < beta < milestone < rc < snapshot < release < sp < others).
//! - RubyGems: `Gem::Version` (numeric and letter segments; a letter segment is a pre-release).
//! - Packagist: PHP's `version_compare` after Composer's leading `v` (dev < alpha < beta < RC
//!   < release < patch).

use std::cmp::Ordering;
use std::str::FromStr;

use gatehouse_lockfiles::Ecosystem;

/// The longest version string parsed.
const MAX_LEN: usize = 256;

/// A version parsed for ordering within one ecosystem.
#[derive(Debug, Clone)]
pub enum Version {
    Semver(semver::Version),
    Pep440(pep440_rs::Version),
    Maven(Vec<MavenItem>),
    Gem(Vec<GemSegment>),
    Php(Vec<PhpPart>),
}

/// Parse `text` as a version of `ecosystem`; `None` when it is not one.
pub fn parse(ecosystem: Ecosystem, text: &str) -> Option<Version> {
    let text = text.trim();
    // Real versions are short; a very long one is refused rather than nested without bound.
    if text.is_empty() || text.len() > MAX_LEN {
        return None;
    }
    // SemVer: build metadata does not order (`0.11.0+wasi-snapshot-preview1` is 0.11.0).
    let semver = |bare: &str| {
        let mut version = semver::Version::parse(bare).ok()?;
        version.build = semver::BuildMetadata::EMPTY;
        Some(Version::Semver(version))
    };
    match ecosystem {
        Ecosystem::CratesIo => semver(text),
        Ecosystem::Npm => semver(text.trim_start_matches(['v', '='])),
        Ecosystem::Go => semver(text.strip_prefix('v').unwrap_or(text)),
        Ecosystem::PyPI => pep440_rs::Version::from_str(text).ok().map(Version::Pep440),
        Ecosystem::Maven => Some(Version::Maven(maven_items(text))),
        Ecosystem::RubyGems => gem_segments(text).map(Version::Gem),
        Ecosystem::Packagist => php_parts(text).map(Version::Php),
    }
}

/// Order two versions of one ecosystem; `None` when either does not parse.
pub fn compare(ecosystem: Ecosystem, a: &str, b: &str) -> Option<Ordering> {
    Some(parse(ecosystem, a)?.cmp(&parse(ecosystem, b)?))
}

impl Version {
    fn rank(&self) -> u8 {
        match self {
            Version::Semver(_) => 0,
            Version::Pep440(_) => 1,
            Version::Maven(_) => 2,
            Version::Gem(_) => 3,
            Version::Php(_) => 4,
        }
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Version::Semver(a), Version::Semver(b)) => a.cmp(b),
            (Version::Pep440(a), Version::Pep440(b)) => a.cmp(b),
            (Version::Maven(a), Version::Maven(b)) => maven_list_cmp(a, b),
            (Version::Gem(a), Version::Gem(b)) => gem_cmp(a, b),
            (Version::Php(a), Version::Php(b)) => php_cmp(a, b),
            // Versions of different ecosystems are never compared; order them stably anyway.
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

/// Compare two sequences position by position (a missing position is `None`, the shorter one
/// padded): the first difference decides.
fn pairwise<T>(a: &[T], b: &[T], cmp: impl Fn(Option<&T>, Option<&T>) -> Ordering) -> Ordering {
    (0..a.len().max(b.len()))
        .map(|i| cmp(a.get(i), b.get(i)))
        .find(|order| order.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// Compare digit strings numerically, however long.
fn digits_cmp(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

// ---------------------------------------------------------------------------------------------
// Maven

/// One item of a Maven version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MavenItem {
    /// Digits, leading zeros removed ("" is zero).
    Int(String),
    /// A qualifier, already in its comparable form.
    Qualifier(String),
    /// What follows a `-` (or a digit/letter change).
    List(Vec<MavenItem>),
}

const MAVEN_QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

fn maven_qualifier(text: &str, followed_by_digit: bool) -> MavenItem {
    let text = match text {
        "a" if followed_by_digit => "alpha",
        "b" if followed_by_digit => "beta",
        "m" if followed_by_digit => "milestone",
        "ga" | "final" | "release" => "",
        "cr" => "rc",
        other => other,
    };
    // Known qualifiers sort by their rank; others after all of them, alphabetically.
    let comparable = match MAVEN_QUALIFIERS.iter().position(|q| *q == text) {
        Some(rank) => rank.to_string(),
        None => format!("{}-{text}", MAVEN_QUALIFIERS.len()),
    };
    MavenItem::Qualifier(comparable)
}

fn maven_item(text: &str, digits: bool, followed_by_digit: bool) -> MavenItem {
    if digits {
        MavenItem::Int(text.trim_start_matches('0').to_string())
    } else {
        maven_qualifier(text, followed_by_digit)
    }
}

fn maven_is_null(item: &MavenItem) -> bool {
    match item {
        MavenItem::Int(digits) => digits.is_empty(),
        MavenItem::Qualifier(q) => q == "5",
        MavenItem::List(items) => items.is_empty(),
    }
}

/// Drop trailing null items (zeros, release qualifiers, empty lists), before a sub-list too.
fn maven_normalize(items: &mut Vec<MavenItem>) {
    let mut i = items.len();
    while i > 0 {
        i -= 1;
        if maven_is_null(&items[i]) {
            items.remove(i);
        } else if !matches!(items[i], MavenItem::List(_)) {
            break;
        }
    }
}

/// Parse a Maven version into its items (Maven 3's `ComparableVersion`).
fn maven_items(version: &str) -> Vec<MavenItem> {
    let version = version.to_ascii_lowercase();
    // Each open list; the last is where items go. Closed lists are folded into their parent.
    let mut stack: Vec<Vec<MavenItem>> = vec![Vec::new()];
    let chars: Vec<char> = version.chars().collect();
    let mut digits = false;
    let mut start = 0;
    let push = |stack: &mut Vec<Vec<MavenItem>>, item: MavenItem| {
        if let Some(list) = stack.last_mut() {
            list.push(item);
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        let piece: String = chars[start..i].iter().collect();
        if c == '.' {
            let item = if i == start {
                MavenItem::Int(String::new())
            } else {
                maven_item(&piece, digits, false)
            };
            push(&mut stack, item);
            start = i + 1;
        } else if c == '-' {
            let item = if i == start {
                MavenItem::Int(String::new())
            } else {
                maven_item(&piece, digits, false)
            };
            push(&mut stack, item);
            start = i + 1;
            stack.push(Vec::new());
        } else if c.is_ascii_digit() {
            if !digits && i > start {
                push(&mut stack, maven_item(&piece, false, true));
                start = i;
                stack.push(Vec::new());
            }
            digits = true;
        } else {
            if digits && i > start {
                push(&mut stack, maven_item(&piece, true, false));
                start = i;
                stack.push(Vec::new());
            }
            digits = false;
        }
    }
    if chars.len() > start {
        let piece: String = chars[start..].iter().collect();
        push(&mut stack, maven_item(&piece, digits, false));
    }
    // Close the lists innermost first, normalising each.
    while stack.len() > 1 {
        let mut list = stack.pop().unwrap_or_default();
        maven_normalize(&mut list);
        push(&mut stack, MavenItem::List(list));
    }
    let mut root = stack.pop().unwrap_or_default();
    maven_normalize(&mut root);
    root
}

fn maven_cmp(a: Option<&MavenItem>, b: Option<&MavenItem>) -> Ordering {
    use MavenItem::{Int, List, Qualifier};
    match (a, b) {
        (None, None) => Ordering::Equal,
        (Some(a), None) => maven_cmp_null(a),
        (None, Some(b)) => maven_cmp_null(b).reverse(),
        (Some(Int(a)), Some(Int(b))) => digits_cmp(a, b),
        (Some(Int(_)), Some(_)) => Ordering::Greater,
        (Some(Qualifier(_)), Some(Int(_))) => Ordering::Less,
        (Some(Qualifier(a)), Some(Qualifier(b))) => a.cmp(b),
        (Some(Qualifier(_)), Some(List(_))) => Ordering::Less,
        (Some(List(_)), Some(Int(_))) => Ordering::Less,
        (Some(List(_)), Some(Qualifier(_))) => Ordering::Greater,
        (Some(List(a)), Some(List(b))) => maven_list_cmp(a, b),
    }
}

/// An item against a missing one (Maven's `compareTo(null)`).
fn maven_cmp_null(item: &MavenItem) -> Ordering {
    match item {
        MavenItem::Int(digits) => {
            if digits.is_empty() {
                Ordering::Equal
            } else {
                Ordering::Greater
            }
        }
        MavenItem::Qualifier(q) => q.as_str().cmp("5"),
        // Every item against nothing, not only the first (MNG-6964): `1-0.1` > `1`.
        MavenItem::List(items) => items
            .iter()
            .map(maven_cmp_null)
            .find(|o| *o != Ordering::Equal)
            .unwrap_or(Ordering::Equal),
    }
}

fn maven_list_cmp(a: &[MavenItem], b: &[MavenItem]) -> Ordering {
    pairwise(a, b, maven_cmp)
}

// ---------------------------------------------------------------------------------------------
// RubyGems

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GemSegment {
    Number(String),
    Letters(String),
}

/// `Gem::Version`'s canonical segments: release and pre-release parts, trailing zeros of each
/// dropped. `None` for what RubyGems would reject.
fn gem_segments(version: &str) -> Option<Vec<GemSegment>> {
    let version = version.replace('-', ".pre.");
    if !version
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.')
        || !version.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut in_digits = true;
    let mut flush = |current: &mut String, digits: bool| {
        if !current.is_empty() {
            let text = std::mem::take(current);
            segments.push(if digits {
                GemSegment::Number(text.trim_start_matches('0').to_string())
            } else {
                GemSegment::Letters(text)
            });
        }
    };
    for c in version.chars() {
        if c == '.' {
            flush(&mut current, in_digits);
            continue;
        }
        let digit = c.is_ascii_digit();
        if digit != in_digits {
            flush(&mut current, in_digits);
            in_digits = digit;
        }
        current.push(c);
    }
    flush(&mut current, in_digits);
    // Drop trailing zeros of the release part and of the pre-release part.
    let split = segments
        .iter()
        .position(|s| matches!(s, GemSegment::Letters(_)))
        .unwrap_or(segments.len());
    let (release, pre) = segments.split_at(split);
    let trim = |part: &[GemSegment]| -> Vec<GemSegment> {
        let keep = part
            .iter()
            .rposition(|s| *s != GemSegment::Number(String::new()))
            .map_or(0, |p| p + 1);
        part[..keep].to_vec()
    };
    let mut canonical = trim(release);
    canonical.extend(trim(pre));
    Some(canonical)
}

fn gem_cmp(a: &[GemSegment], b: &[GemSegment]) -> Ordering {
    use GemSegment::{Letters, Number};
    let zero = Number(String::new());
    pairwise(a, b, |left, right| {
        match (left.unwrap_or(&zero), right.unwrap_or(&zero)) {
            (Number(x), Number(y)) => digits_cmp(x, y),
            (Letters(x), Letters(y)) => x.cmp(y),
            (Letters(_), Number(_)) => Ordering::Less,
            (Number(_), Letters(_)) => Ordering::Greater,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Packagist (PHP version_compare)

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhpPart {
    Number(String),
    Word(String),
}

/// PHP's canonical form: `-`, `_`, `+` become `.`, and a `.` goes between a digit and a
/// letter; Composer's leading `v` is dropped.
fn php_parts(version: &str) -> Option<Vec<PhpPart>> {
    let version = version.strip_prefix(['v', 'V']).unwrap_or(version);
    if version.is_empty() || !version.is_ascii() {
        return None;
    }
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        if !current.is_empty() {
            let text = std::mem::take(current);
            parts.push(if text.bytes().all(|b| b.is_ascii_digit()) {
                PhpPart::Number(text)
            } else {
                PhpPart::Word(text)
            });
        }
    };
    for c in version.chars() {
        if matches!(c, '.' | '-' | '_' | '+') {
            flush(&mut current);
            continue;
        }
        if let Some(last) = current.chars().last()
            && last.is_ascii_digit() != c.is_ascii_digit()
        {
            flush(&mut current);
        }
        current.push(c);
    }
    flush(&mut current);
    (!parts.is_empty()).then_some(parts)
}

/// PHP's special forms, matched as PHP does (the first form the word starts with, case
/// as written): any other word < dev < alpha = a < beta = b < RC = rc < # (a number) < pl = p.
fn php_rank(part: &PhpPart) -> i8 {
    const FORMS: [(&str, i8); 9] = [
        ("dev", 0),
        ("alpha", 1),
        ("a", 1),
        ("beta", 2),
        ("b", 2),
        ("RC", 3),
        ("rc", 3),
        ("pl", 5),
        ("p", 5),
    ];
    match part {
        PhpPart::Number(_) => 4,
        PhpPart::Word(word) => FORMS
            .iter()
            .find(|(form, _)| word.starts_with(form))
            .map_or(-1, |(_, rank)| *rank),
    }
}

fn php_cmp(a: &[PhpPart], b: &[PhpPart]) -> Ordering {
    pairwise(a, b, |x, y| match (x, y) {
        (Some(PhpPart::Number(x)), Some(PhpPart::Number(y))) => digits_cmp(x, y),
        (Some(x), Some(y)) => php_rank(x).cmp(&php_rank(y)),
        // A longer version: a number makes it greater, a word is weighed against a number.
        (Some(PhpPart::Number(_)), None) => Ordering::Greater,
        (Some(x), None) => php_rank(x).cmp(&4),
        (None, Some(PhpPart::Number(_))) => Ordering::Less,
        (None, Some(y)) => 4.cmp(&php_rank(y)),
        (None, None) => Ordering::Equal,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ordering::{Equal, Greater, Less};

    fn check(ecosystem: Ecosystem, ordered: &[&str]) {
        for pair in ordered.windows(2) {
            assert_eq!(
                compare(ecosystem, pair[0], pair[1]),
                Some(Less),
                "{ecosystem:?}: {} < {}",
                pair[0],
                pair[1]
            );
            assert_eq!(compare(ecosystem, pair[1], pair[0]), Some(Greater));
        }
    }

    #[test]
    fn semver_for_crates_and_npm() {
        check(
            Ecosystem::CratesIo,
            &[
                "0.9.0",
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-beta",
                "1.0.0",
                "1.0.1",
                "1.10.0",
            ],
        );
        check(Ecosystem::Npm, &["1.2.3-rc.1", "v1.2.3", "1.2.10"]);
        assert_eq!(compare(Ecosystem::CratesIo, "1.0", "1.0.0"), None);
        assert_eq!(
            compare(
                Ecosystem::CratesIo,
                "0.11.0+wasi-snapshot-preview1",
                "0.11.0"
            ),
            Some(Equal)
        );
    }

    #[test]
    fn go_versions() {
        check(
            Ecosystem::Go,
            &[
                "v0.0.0-20190101000000-aaaaaaaaaaaa",
                "v0.0.0-20210101000000-bbbbbbbbbbbb",
                "v0.1.0",
                "v1.2.3",
                "v1.2.4-0.20210101000000-cccccccccccc",
                "v1.2.4",
                "v2.0.0+incompatible",
                "v2.1.0+incompatible",
            ],
        );
        // OSV writes Go versions without the `v`; build metadata does not order.
        assert_eq!(
            compare(Ecosystem::Go, "v2.0.0+incompatible", "2.0.0"),
            Some(Equal)
        );
    }

    #[test]
    fn pep440() {
        check(
            Ecosystem::PyPI,
            &[
                "1.0.dev1",
                "1.0a1",
                "1.0b2",
                "1.0rc1",
                "1.0",
                "1.0.post1",
                "1.1",
                "2!0.1",
            ],
        );
        assert_eq!(compare(Ecosystem::PyPI, "1.0", "1.0.0"), Some(Equal));
        assert_eq!(compare(Ecosystem::PyPI, "1.0-RC1", "1.0rc1"), Some(Equal));
    }

    #[test]
    fn maven_comparable_version() {
        check(
            Ecosystem::Maven,
            &[
                "1-alpha-1",
                "1-alpha2",
                "1-beta",
                "1-milestone-1",
                "1-rc1",
                "1-snapshot",
                "1",
                "1-sp",
                "1-abc",
                "1-1",
                "1.1",
                "1.2.0-alpha",
                "1.2",
                "1.10",
                "2.0.0.Final-1",
            ],
        );
        assert_eq!(compare(Ecosystem::Maven, "1.0.0", "1"), Some(Equal));
        assert_eq!(compare(Ecosystem::Maven, "1.0.Final", "1"), Some(Equal));
        assert_eq!(compare(Ecosystem::Maven, "1-cr1", "1-rc1"), Some(Equal));
        assert_eq!(
            compare(Ecosystem::Maven, "2.9.10.8", "2.9.10"),
            Some(Greater)
        );
    }

    #[test]
    fn rubygems() {
        check(
            Ecosystem::RubyGems,
            &[
                "1.0.0.a",
                "1.0.0.a1",
                "1.0.0.b",
                "1.0.0.pre",
                "1.0.0.rc1",
                "1.0",
                "1.0.1",
                "1.10",
            ],
        );
        assert_eq!(compare(Ecosystem::RubyGems, "1.0.0", "1"), Some(Equal));
        assert_eq!(
            compare(Ecosystem::RubyGems, "1.0.0-rc1", "1.0.0.pre.rc1"),
            Some(Equal)
        );
        assert_eq!(compare(Ecosystem::RubyGems, "not a version", "1"), None);
    }

    #[test]
    fn packagist() {
        check(
            Ecosystem::Packagist,
            &[
                "1.0.0-dev",
                "1.0.0-alpha1",
                "1.0.0-beta",
                "1.0.0-RC1",
                "1.0.0",
                "1.0.0-p1",
                "1.0.1",
                "v1.10.0",
            ],
        );
        assert_eq!(
            compare(Ecosystem::Packagist, "v2.3.4", "2.3.4"),
            Some(Equal)
        );
    }
}
