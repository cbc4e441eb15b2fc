//! The Python, Go and Maven readers against the fixtures in `testdata/lockfiles/{python,go,maven}`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::{fs, io};

use gatehouse_lockfiles::{Ecosystem, Kind, Note, Package, ParseError, Parsed, parse};

fn fixtures(sub: &str) -> PathBuf {
    // Read when the test runs, not compiled in: a test binary reused from a build in another
    // checkout (a shared target directory) must still read this checkout's fixtures.
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"))
        .join("../../testdata/lockfiles")
        .join(sub)
}

/// Parses the fixture `rel` under `sub` as `kind`, reading includes from `sub`.
fn parse_fixture(kind: Kind, sub: &str, rel: &str) -> Result<Parsed, ParseError> {
    let root = fixtures(sub);
    let text = fs::read_to_string(root.join(rel)).expect("fixture");
    parse(kind, rel, &text, &|include: &str| {
        fs::read_to_string(root.join(include))
    })
}

/// Parses `text` as `kind`, with no other file to include.
fn parse_text(kind: Kind, text: &str) -> Result<Parsed, ParseError> {
    parse(kind, "requirements.txt", text, &|rel: &str| {
        Err(io::Error::new(io::ErrorKind::NotFound, rel.to_string()))
    })
}

/// A registry package with nothing known about its place in the graph.
fn package(ecosystem: Ecosystem, name: &str, version: &str, line: u32) -> Package {
    Package {
        ecosystem,
        name: name.into(),
        version: version.into(),
        line,
        file: None,
        registry: true,
        direct: None,
        path: Vec::new(),
    }
}

fn chain(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// (line, file, message) of each note.
fn notes(parsed: &Parsed) -> Vec<(u32, Option<&str>, &str)> {
    parsed
        .notes
        .iter()
        .map(|n: &Note| (n.line, n.file.as_deref(), n.message.as_str()))
        .collect()
}

/// The error's (file, line), after checking that it has a message.
fn located(error: &ParseError) -> (Option<&str>, Option<u32>) {
    assert!(!error.message.is_empty(), "{error:?}");
    (error.file.as_deref(), error.line)
}

// --- requirements.txt ------------------------------------------------------------------------

#[test]
fn requirements_pins_includes_and_notes() {
    let root = fixtures("python/requirements");
    let reads = RefCell::new(Vec::new());
    let text = fs::read_to_string(root.join("requirements.txt")).unwrap();
    let read = |rel: &str| {
        reads.borrow_mut().push(rel.to_string());
        fs::read_to_string(root.join(rel))
    };
    let parsed = parse(Kind::Requirements, "requirements.txt", &text, &read).unwrap();

    let pypi = |name, version, line, file: Option<&str>| Package {
        file: file.map(str::to_string),
        ..package(Ecosystem::PyPI, name, version, line)
    };
    let base = Some("base/requirements-base.txt");
    assert_eq!(
        parsed.packages,
        vec![
            pypi("idna", "3.6", 4, Some("common.txt")),
            pypi("attrs", "23.2.0", 3, base),
            pypi("six", "1.16.0", 4, base),
            pypi("charset-normalizer", "3.3.2", 2, Some("constraints.txt")),
            pypi("requests", "2.31.0", 10, None),
            pypi("Django", "4.2.11", 11, None),
            pypi("urllib3", "2.0.7", 12, None),
            pypi("certifi", "2024.2.2", 15, None),
            pypi("PyYAML", "6.0.1", 16, None),
        ]
    );
    let unpinned = "is not pinned with ==, not audited";
    let expected: Vec<(u32, Option<&str>, String)> = [
        (5, base, "packaging>=23"),
        (18, None, "flask>=2"),
        (19, None, "click"),
        (
            20,
            None,
            "git+https://github.com/pallets/itsdangerous.git@main#egg=itsdangerous",
        ),
        (21, None, "-e ."),
        (22, None, "./vendor/localpkg"),
        (23, None, "pytest==8.*"),
    ]
    .into_iter()
    .map(|(line, file, what)| (line, file, format!("`{what}` {unpinned}")))
    .collect();
    let got: Vec<(u32, Option<&str>, String)> = notes(&parsed)
        .into_iter()
        .map(|(l, f, m)| (l, f, m.to_string()))
        .collect();
    assert_eq!(got, expected);
    // Every file read once: the includes back to `requirements.txt` and to the base file
    // (from `common.txt`) are cycles, and are not followed.
    assert_eq!(
        *reads.borrow(),
        [
            "base/requirements-base.txt",
            "common.txt",
            "constraints.txt"
        ]
    );
}

#[test]
fn requirements_option_spellings_and_self_include() {
    let files = HashMap::from([
        ("reqs/a.txt", "-rb.txt\n--requirement=../reqs/c.txt\n"),
        ("reqs/b.txt", "alpha==1.0\n"),
        ("reqs/c.txt", "--constraint ./d.txt\nbeta==2.0\n"),
        ("reqs/d.txt", "-r a.txt\ngamma==3.0\n"),
    ]);
    let read = |rel: &str| {
        files
            .get(rel)
            .map(|t| t.to_string())
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, rel.to_string()))
    };
    let parsed = parse(Kind::Requirements, "reqs/a.txt", files["reqs/a.txt"], &read).unwrap();
    let found: Vec<(&str, &str, u32, Option<&str>)> = parsed
        .packages
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.version.as_str(),
                p.line,
                p.file.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("alpha", "1.0", 1, Some("reqs/b.txt")),
            ("gamma", "3.0", 2, Some("reqs/d.txt")),
            ("beta", "2.0", 2, Some("reqs/c.txt")),
        ]
    );
}

/// Found by `scripts/fuzz` (lockfiles): a file that includes `a/<itself>`, read through a
/// directory that is a symlink to its parent, names a new path at every level. The chain stops
/// at a located error instead of overflowing the stack.
#[test]
fn an_endless_chain_of_includes_is_an_error_not_a_crash() {
    let read = |rel: &str| {
        Ok(format!(
            "six==1.16.0\n-r a/{}\n",
            rel.rsplit('/').next().unwrap_or(rel)
        ))
    };
    let error = parse(Kind::Requirements, "r.txt", "-r a/r.txt\n", &read).unwrap_err();
    assert!(error.message.contains("nested more than"), "{error:?}");
    assert_eq!(error.line, Some(2));
}

#[test]
fn requirements_include_errors_are_located() {
    let missing = parse_fixture(
        Kind::Requirements,
        "python/requirements",
        "missing-include.txt",
    )
    .unwrap_err();
    assert_eq!(located(&missing), (None, Some(2)));
    assert!(
        missing.message.contains("does-not-exist.txt"),
        "{missing:?}"
    );

    // The same, one include down: the error names the included file.
    let root = fixtures("python/requirements");
    let read = |rel: &str| fs::read_to_string(root.join(rel));
    let nested = parse(
        Kind::Requirements,
        "requirements.txt",
        "six==1.16.0\n-r missing-include.txt\n",
        &read,
    )
    .unwrap_err();
    assert_eq!(located(&nested), (Some("missing-include.txt"), Some(2)));

    let escape =
        parse_fixture(Kind::Requirements, "python/requirements", "escape.txt").unwrap_err();
    assert_eq!(located(&escape), (None, Some(2)));
    assert!(escape.message.contains("outside"), "{escape:?}");

    let broken = parse_fixture(
        Kind::Requirements,
        "python/requirements",
        "broken-include.txt",
    )
    .unwrap_err();
    assert_eq!(located(&broken), (Some("broken/nested.txt"), Some(3)));

    let absolute = parse_text(Kind::Requirements, "-r /etc/passwd\n").unwrap_err();
    assert_eq!(located(&absolute), (None, Some(1)));
    let empty = parse_text(Kind::Requirements, "six==1.0\n-r\n").unwrap_err();
    assert_eq!(located(&empty), (None, Some(2)));
}

#[test]
fn requirements_syntax_errors_are_located() {
    let cases = [
        ("==1.0\n", 1),
        ("attrs==1\n\n# comment\nfoo==\n", 4),
        ("foo == 1.0 ==\n", 1),
        ("foo[bar==1.0\n", 1),
        ("foo bar\n", 1),
        ("foo==1.0,\n", 1),
        ("foo ~ 1\n", 1),
        ("attrs==1 \\\n    --hash=sha256:abc\nbad==1.0 ==\n", 3),
        ("foo \\\n  ==\n", 1),
        ("requests==", 1),
        ("\u{0}\u{1}\u{2}{{{\n", 1),
        ("attrs==1\n%%%% garbage ####\n", 2),
    ];
    for (text, line) in cases {
        let error = parse_text(Kind::Requirements, text).expect_err(text);
        assert_eq!(located(&error), (None, Some(line)), "{text:?}");
    }
}

#[test]
fn requirements_odd_but_valid_lines() {
    let text = "a==1\r\nb===2.0+local \\\r\n  --hash=sha256:x\r\n\
                c (==3.1)\n# c==9 is a comment\n\
                e==5 # a comment ends the line \\\nf==6 \\";
    let parsed = parse_text(Kind::Requirements, text).unwrap();
    let found: Vec<(&str, &str, u32)> = parsed
        .packages
        .iter()
        .map(|p| (p.name.as_str(), p.version.as_str(), p.line))
        .collect();
    assert_eq!(
        found,
        [
            ("a", "1", 1),
            ("b", "2.0+local", 2),
            ("c", "3.1", 4),
            ("e", "5", 6),
            ("f", "6", 7)
        ]
    );
    assert!(parsed.notes.is_empty());
    // A `#` right after the version is not a comment: the version is broken.
    let error = parse_text(Kind::Requirements, "d==4#x\n").unwrap_err();
    assert_eq!(located(&error), (None, Some(1)));
}

#[test]
fn pip_compile_via_comments_give_direct_and_chains() {
    let hashed = parse_fixture(
        Kind::Requirements,
        "python/requirements",
        "compiled/requirements.txt",
    )
    .unwrap();
    let pypi = |name, version, line, direct, path: &[&str]| Package {
        direct: Some(direct),
        path: chain(path),
        ..package(Ecosystem::PyPI, name, version, line)
    };
    assert_eq!(
        hashed.packages,
        vec![
            pypi("attrs", "26.1.0", 8, true, &["(requirements)", "attrs"]),
            pypi(
                "python-dateutil",
                "2.9.0.post0",
                12,
                true,
                &["(requirements)", "python-dateutil"]
            ),
            pypi(
                "six",
                "1.17.0",
                16,
                false,
                &["(requirements)", "python-dateutil", "six"]
            ),
        ]
    );
    assert!(hashed.notes.is_empty());

    // Multi-line `# via` blocks; markupsafe has two parents and gets the first shortest chain.
    let web = parse_fixture(
        Kind::Requirements,
        "python/requirements",
        "compiled/web.txt",
    )
    .unwrap();
    let summary: Vec<(&str, u32, Option<bool>, Vec<&str>)> = web
        .packages
        .iter()
        .map(|p| {
            let path = p.path.iter().map(String::as_str).collect();
            (p.name.as_str(), p.line, p.direct, path)
        })
        .collect();
    let root = "(requirements)";
    assert_eq!(
        summary,
        [
            ("blinker", 8, Some(false), vec![root, "flask", "blinker"]),
            ("click", 10, Some(false), vec![root, "flask", "click"]),
            ("flask", 12, Some(true), vec![root, "flask"]),
            (
                "itsdangerous",
                14,
                Some(false),
                vec![root, "flask", "itsdangerous"]
            ),
            ("jinja2", 16, Some(false), vec![root, "flask", "jinja2"]),
            (
                "markupsafe",
                18,
                Some(false),
                vec![root, "flask", "jinja2", "markupsafe"]
            ),
            ("werkzeug", 22, Some(false), vec![root, "flask", "werkzeug"]),
        ]
    );

    // `-c` in a via block is a constraint, `-r` the input.
    let dev = parse_fixture(
        Kind::Requirements,
        "python/requirements",
        "compiled/dev.txt",
    )
    .unwrap();
    assert_eq!(
        dev.packages,
        vec![pypi("iniconfig", "2.0.0", 8, true, &[root, "iniconfig"])]
    );
}

#[test]
fn pip_compile_line_annotations_and_project_inputs() {
    let text = "\
Python_Dateutil==2.9.0.post0  # via demo-app (pyproject.toml)
six==1.17.0  # via python-dateutil
orphan==1.0  # via -c constraints.txt, not-listed
plain==2.0
";
    let parsed = parse_text(Kind::Requirements, text).unwrap();
    let summary: Vec<(&str, Option<bool>, Vec<String>)> = parsed
        .packages
        .iter()
        .map(|p| (p.name.as_str(), p.direct, p.path.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "Python_Dateutil",
                Some(true),
                chain(&["(requirements)", "Python_Dateutil"])
            ),
            (
                "six",
                Some(false),
                chain(&["(requirements)", "Python_Dateutil", "six"])
            ),
            ("orphan", Some(false), vec![]),
            ("plain", None, vec![]),
        ]
    );
}

// --- poetry.lock, Pipfile.lock, uv.lock ------------------------------------------------------

#[test]
fn poetry_lock_packages() {
    let parsed = parse_fixture(Kind::PoetryLock, "python", "poetry.lock").unwrap();
    let local = |name, version, line| Package {
        registry: false,
        ..package(Ecosystem::PyPI, name, version, line)
    };
    assert_eq!(
        parsed.packages,
        vec![
            package(Ecosystem::PyPI, "attrs", "26.1.0", 4),
            local("gitdep", "1.4.0", 16),
            // A `legacy` source is a custom index: still registry packages.
            package(Ecosystem::PyPI, "iniconfig", "2.0.0", 35),
            local("localpkg", "0.2.0", 52),
            package(Ecosystem::PyPI, "python-dateutil", "2.9.0.post0", 69),
            package(Ecosystem::PyPI, "six", "1.17.0", 84),
        ]
    );
    assert!(parsed.notes.is_empty());
}

#[test]
fn poetry_lock_errors_are_located() {
    let error = parse_fixture(Kind::PoetryLock, "python/malformed", "poetry.lock").unwrap_err();
    assert_eq!(located(&error), (None, Some(12)));

    let no_version = "[[package]]\nname = \"a\"\nversion = \"1\"\n\n[[package]]\nname = \"six\"\n";
    let error = parse_text(Kind::PoetryLock, no_version).unwrap_err();
    assert_eq!(located(&error), (None, Some(6)));
    assert!(error.message.contains("six"), "{error:?}");

    let no_name = "[[package]]\nversion = \"1.0\"\n";
    assert!(parse_text(Kind::PoetryLock, no_name).is_err());
    let garbage = parse_text(Kind::PoetryLock, "\u{feff}[[package\u{0}]]\nname = ").unwrap_err();
    assert_eq!(located(&garbage).0, None);
    assert!(garbage.line.is_some(), "{garbage:?}");
}

#[test]
fn pipfile_lock_packages() {
    let parsed = parse_fixture(Kind::PipfileLock, "python", "Pipfile.lock").unwrap();
    assert_eq!(
        parsed.packages,
        vec![
            package(Ecosystem::PyPI, "certifi", "2024.2.2", 19),
            // A package named like the other section is found in its own.
            package(Ecosystem::PyPI, "develop", "0.1.0", 28),
            Package {
                registry: false,
                ..package(Ecosystem::PyPI, "localpkg", "0.2.0", 39)
            },
            package(Ecosystem::PyPI, "requests", "2.31.0", 44),
            package(Ecosystem::PyPI, "certifi", "2024.2.2", 59),
            package(Ecosystem::PyPI, "pytest", "8.1.1", 65),
        ]
    );
    // The git entry has no version and is skipped; the `*` one is noted.
    assert_eq!(
        notes(&parsed),
        [(54, None, "`wildcard` * is not pinned with ==, not audited")]
    );
}

#[test]
fn pipfile_lock_errors_are_located() {
    let truncated =
        parse_fixture(Kind::PipfileLock, "python/malformed", "Pipfile.lock").unwrap_err();
    assert_eq!(located(&truncated), (None, Some(30)));

    let wrong_shape = "{\n  \"default\": {\n    \"six\": \"==1.0\"\n  }\n}";
    let error = parse_text(Kind::PipfileLock, wrong_shape).unwrap_err();
    assert_eq!(located(&error), (None, Some(3)));

    let garbage = parse_text(Kind::PipfileLock, "\u{0}not json").unwrap_err();
    assert_eq!(located(&garbage), (None, Some(1)));
    // Escaped keys are found at their line.
    let escaped = "{\"default\": {\n\"a\\\"b\": {\"version\": \"==1\"}}}";
    let parsed = parse_text(Kind::PipfileLock, escaped).unwrap();
    assert_eq!(
        parsed.packages,
        vec![package(Ecosystem::PyPI, "a\"b", "1", 2)]
    );
}

#[test]
fn uv_lock_packages_and_chains() {
    let parsed = parse_fixture(Kind::UvLock, "python", "uv.lock").unwrap();
    let pypi = |name, version, line, direct, path: &[&str]| Package {
        direct,
        path: chain(path),
        ..package(Ecosystem::PyPI, name, version, line)
    };
    let app = "demo-app";
    assert_eq!(
        parsed.packages,
        vec![
            pypi("attrs", "26.1.0", 6, Some(true), &[app, "attrs"]),
            // The project itself: a root, not from the registry.
            Package {
                registry: false,
                ..pypi("demo-app", "0.1.0", 15, None, &[app])
            },
            // A dev dependency of the project is direct too.
            pypi("iniconfig", "2.0.0", 40, Some(true), &[app, "iniconfig"]),
            Package {
                registry: false,
                ..pypi("localpkg", "0.2.0", 49, Some(true), &[app, "localpkg"])
            },
            pypi(
                "python-dateutil",
                "2.9.0.post0",
                60,
                Some(true),
                &[app, "python-dateutil"]
            ),
            pypi("six", "1.17.0", 72, Some(false), &[app, "localpkg", "six"]),
        ]
    );
}

#[test]
fn uv_lock_workspace_members_versions_and_sources() {
    let text = r#"version = 1
revision = 3

[manifest]
members = ["api", "Core_Lib"]

[[package]]
name = "api"
source = { editable = "api" }
dependencies = [{ name = "core-lib" }, { name = "idna", version = "3.6" }]

[[package]]
name = "core-lib"
version = "0.3.0"
source = { editable = "core" }
dependencies = [{ name = "idna", version = "2.10" }, { name = "tool" }]

[[package]]
name = "idna"
version = "2.10"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "idna"
version = "3.6"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "tool"
version = "0.1.0"
source = { git = "https://github.com/example/tool?rev=main#0123456789abcdef" }
"#;
    let parsed = parse_text(Kind::UvLock, text).unwrap();
    /// (name, version, line, registry, direct, path)
    type Summary<'a> = (&'a str, &'a str, u32, bool, Option<bool>, Vec<String>);
    let summary: Vec<Summary> = parsed
        .packages
        .iter()
        .map(|p| {
            let (name, version) = (p.name.as_str(), p.version.as_str());
            (name, version, p.line, p.registry, p.direct, p.path.clone())
        })
        .collect();
    assert_eq!(
        summary,
        [
            // `api` has no static version: not listed, but a root.
            ("core-lib", "0.3.0", 13, false, None, chain(&["core-lib"])),
            (
                "idna",
                "2.10",
                19,
                true,
                Some(true),
                chain(&["core-lib", "idna"])
            ),
            ("idna", "3.6", 24, true, Some(true), chain(&["api", "idna"])),
            (
                "tool",
                "0.1.0",
                29,
                false,
                Some(true),
                chain(&["core-lib", "tool"])
            ),
        ]
    );
}

#[test]
fn uv_lock_errors_are_located() {
    // Cut inside the inline table on line 11.
    let truncated = parse_fixture(Kind::UvLock, "python/malformed", "uv.lock").unwrap_err();
    assert_eq!(located(&truncated), (None, Some(11)));

    let no_version = "version = 1\n\n[[package]]\nname = \"six\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
    let error = parse_text(Kind::UvLock, no_version).unwrap_err();
    assert_eq!(located(&error), (None, Some(4)));

    let bad_dependency = "[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [\"b\"]\n";
    let error = parse_text(Kind::UvLock, bad_dependency).unwrap_err();
    assert_eq!(located(&error).1, Some(4));
}

// --- go.mod ----------------------------------------------------------------------------------

#[test]
fn go_mod_requires_and_replacements() {
    let parsed = parse_fixture(Kind::GoMod, "go", "go.mod").unwrap();
    let module = "example.com/gateway";
    let direct = |name, version, line| Package {
        direct: Some(true),
        path: chain(&[module, name]),
        ..package(Ecosystem::Go, name, version, line)
    };
    let indirect = |name, version, line| Package {
        direct: Some(false),
        ..package(Ecosystem::Go, name, version, line)
    };
    let local = |name, version, line| Package {
        registry: false,
        ..direct(name, version, line)
    };
    assert_eq!(
        parsed.packages,
        vec![
            direct("github.com/google/uuid", "v1.6.0", 10),
            direct("github.com/gin-gonic/gin", "v1.9.1", 13),
            direct("github.com/quoted/module", "v0.3.0", 14),
            direct("golang.org/x/net", "v0.0.0-20210226172049-e18ecbb05110", 15),
            direct("github.com/docker/docker", "v24.0.7+incompatible", 16),
            local("example.com/internal/lib", "v1.2.0", 17),
            local("example.com/forked", "v1.0.0", 18),
            // Replaced by another module, for this version only: the replacement, at its line.
            direct("example.com/pinned-fork", "v1.1.1", 33),
            indirect("github.com/bytedance/sonic", "v1.9.1", 23),
            indirect("golang.org/x/sys", "v0.15.0", 24),
            indirect("github.com/new/dep", "v0.2.1", 31),
        ]
    );
    assert!(parsed.notes.is_empty());
}

#[test]
fn go_mod_errors_are_located() {
    let missing_version = parse_fixture(Kind::GoMod, "go/malformed", "go.mod").unwrap_err();
    assert_eq!(located(&missing_version), (None, Some(7)));
    let unterminated = parse_fixture(Kind::GoMod, "go/malformed", "unterminated.mod").unwrap_err();
    assert_eq!(located(&unterminated), (None, Some(3)));

    let cases = [
        ("module a\nrequire b latest\n", Some(2)),
        ("module a\n\nfrobnicate x\n", Some(3)),
        ("module a\nrequire \"b v1.0.0\n", Some(2)),
        ("module a\nrequire `b v1.0.0\n", Some(2)),
        ("module a\nreplace b => c\n", Some(2)),
        ("module a\nreplace b c v1.0.0\n", Some(2)),
        ("module a\nreplace (\n b => \n)\n", Some(3)),
        ("module a\nrequire (\n\trequire (\n)\n", Some(3)),
        ("module a\n)\n", Some(2)),
        ("module a b\n", Some(1)),
        ("module a\nrequire (\n\tgithub.com/a/b v1", Some(2)),
        ("\u{0}\u{1}garbage\u{7f}", Some(1)),
        ("go 1.21\nrequire a v1.0.0\n", None),
    ];
    for (text, line) in cases {
        let error = parse_text(Kind::GoMod, text).expect_err(text);
        assert_eq!(located(&error), (None, line), "{text:?}");
    }
}

// --- pom.xml and gradle.lockfile -------------------------------------------------------------

#[test]
fn pom_dependencies_with_properties() {
    let parsed = parse_fixture(Kind::PomXml, "maven", "pom.xml").unwrap();
    let project = "com.example:orders-service";
    let maven = |name, version, line| Package {
        direct: Some(true),
        path: chain(&[project, name]),
        ..package(Ecosystem::Maven, name, version, line)
    };
    assert_eq!(
        parsed.packages,
        vec![
            maven("org.apache.logging.log4j:log4j-bom", "2.17.1", 25),
            maven("com.google.guava:guava", "32.1.3-jre", 32),
            maven("com.fasterxml.jackson.core:jackson-databind", "2.15.3", 41),
            // `${project.groupId}` and `${project.version}` (itself `${revision}`).
            maven("com.example:orders-api", "2.4.0", 50),
            maven("com.example:platform-commons", "3.1.0", 55),
            maven("junit:junit", "4.13.1", 75),
            // A profile's own properties apply to its dependencies.
            maven("com.thoughtworks.xstream:xstream", "1.4.19", 107),
        ]
    );
    // The unversioned guava (line 46) is managed in this pom: no note.
    let lines: Vec<u32> = parsed.notes.iter().map(|n| n.line).collect();
    assert_eq!(lines, [61, 65, 70]);
    let messages: Vec<&str> = parsed.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(messages[0].contains("spring-core") && messages[0].contains("no version"));
    assert!(messages[1].contains("[1.33,2.0)") && messages[1].contains("range"));
    assert!(messages[2].contains("${netty.version}") && messages[2].contains("does not resolve"));
}

#[test]
fn pom_property_cycles_and_odd_coordinates() {
    let text = r#"<project>
  <groupId>g</groupId>
  <artifactId>a</artifactId>
  <properties><x>${y}</x><y>${x}</y><open>1.0</open></properties>
  <dependencies>
    <dependency><groupId>g</groupId><artifactId>loop</artifactId><version>${x}</version></dependency>
    <dependency><groupId>g</groupId><artifactId>unclosed</artifactId><version>${open</version></dependency>
    <dependency><artifactId>no-group</artifactId><version>1</version></dependency>
    <dependency><groupId>${nope}</groupId><artifactId>b</artifactId><version>1</version></dependency>
    <dependency><groupId>g</groupId><artifactId>latest</artifactId><version>LATEST</version></dependency>
    <dependency><groupId>g</groupId><artifactId>ok</artifactId><version>1.${open}</version></dependency>
  </dependencies>
</project>"#;
    let parsed = parse_text(Kind::PomXml, text).unwrap();
    assert_eq!(
        parsed.packages,
        vec![Package {
            direct: Some(true),
            path: chain(&["g:a", "g:ok"]),
            ..package(Ecosystem::Maven, "g:ok", "1.1.0", 11)
        }]
    );
    let lines: Vec<u32> = parsed.notes.iter().map(|n| n.line).collect();
    assert_eq!(lines, [6, 7, 8, 9, 10]);
}

#[test]
fn pom_property_expansion_is_bounded() {
    // Ten references per level, twelve levels deep: naive expansion would never finish.
    let mut properties = String::new();
    for level in 0..12 {
        let next = format!("${{p{}}}", level + 1);
        properties.push_str(&format!("<p{level}>{}</p{level}>", next.repeat(10)));
    }
    properties.push_str("<p12>1</p12><q0>${q1}${q1}</q0><q1></q1>");
    let text = format!(
        "<project><groupId>g</groupId><artifactId>a</artifactId>\n\
         <properties>{properties}</properties>\n<dependencies>\n\
         <dependency><groupId>g</groupId><artifactId>bomb</artifactId><version>${{p0}}</version></dependency>\n\
         <dependency><groupId>g</groupId><artifactId>empty</artifactId><version>2${{q0}}</version></dependency>\n\
         </dependencies></project>"
    );
    let parsed = parse_text(Kind::PomXml, &text).unwrap();
    let found: Vec<(&str, &str, u32)> = parsed
        .packages
        .iter()
        .map(|p| (p.name.as_str(), p.version.as_str(), p.line))
        .collect();
    assert_eq!(found, [("g:empty", "2", 5)]);
    assert_eq!(notes(&parsed).len(), 1);
    assert_eq!(parsed.notes[0].line, 4);
}

#[test]
fn pom_errors_are_located() {
    let error = parse_fixture(Kind::PomXml, "maven/malformed", "pom.xml").unwrap_err();
    assert_eq!(located(&error), (None, Some(10)));
    assert!(error.column.is_some());

    let not_a_pom = parse_text(Kind::PomXml, "<?xml version=\"1.0\"?>\n<settings/>").unwrap_err();
    assert_eq!(located(&not_a_pom), (None, Some(2)));

    let truncated = "<project>\n  <dependencies>\n    <dependency>\n      <groupId>a";
    let error = parse_text(Kind::PomXml, truncated).unwrap_err();
    assert!(error.line.is_some(), "{error:?}");
    let garbage = parse_text(Kind::PomXml, "\u{0}\u{1}{not xml").unwrap_err();
    assert_eq!(located(&garbage), (None, Some(1)));
}

#[test]
fn gradle_lockfile_packages() {
    let parsed = parse_fixture(Kind::GradleLockfile, "maven", "gradle.lockfile").unwrap();
    let maven = |name, version, line| package(Ecosystem::Maven, name, version, line);
    assert_eq!(
        parsed.packages,
        vec![
            maven(
                "com.fasterxml.jackson.core:jackson-annotations",
                "2.15.3",
                4
            ),
            maven("com.fasterxml.jackson.core:jackson-databind", "2.15.3", 5),
            maven("com.google.guava:failureaccess", "1.0.1", 6),
            maven("com.google.guava:guava", "32.1.3-jre", 7),
            maven("org.apache.logging.log4j:log4j-core", "2.14.1", 8),
            maven("org.junit.jupiter:junit-jupiter-api", "5.10.1", 9),
        ]
    );
}

#[test]
fn gradle_lockfile_errors_are_located() {
    let error =
        parse_fixture(Kind::GradleLockfile, "maven/malformed", "gradle.lockfile").unwrap_err();
    assert_eq!(located(&error), (None, Some(3)));
    let cases = [
        ("a:b:1.0\n", 1),
        ("# c\na:b:c:1.0=runtimeClasspath\n", 2),
        ("a::1.0=x\n", 1),
        ("\u{0}garbage", 1),
    ];
    for (text, line) in cases {
        let error = parse_text(Kind::GradleLockfile, text).expect_err(text);
        assert_eq!(located(&error), (None, Some(line)), "{text:?}");
    }
}

// --- robustness ------------------------------------------------------------------------------

/// Every prefix of every fixture (a truncated file) parses, or fails with a located error;
/// none panics.
#[test]
fn truncated_fixtures_never_panic() {
    let cases = [
        (
            Kind::Requirements,
            "python/requirements",
            "requirements.txt",
        ),
        (
            Kind::Requirements,
            "python/requirements",
            "compiled/web.txt",
        ),
        (Kind::PoetryLock, "python", "poetry.lock"),
        (Kind::PipfileLock, "python", "Pipfile.lock"),
        (Kind::UvLock, "python", "uv.lock"),
        (Kind::GoMod, "go", "go.mod"),
        (Kind::PomXml, "maven", "pom.xml"),
        (Kind::GradleLockfile, "maven", "gradle.lockfile"),
    ];
    for (kind, sub, rel) in cases {
        let root = fixtures(sub);
        let text = fs::read_to_string(root.join(rel)).unwrap();
        let read = |include: &str| fs::read_to_string(root.join(include));
        let ends = text.char_indices().map(|(at, _)| at);
        for end in ends {
            let prefix = &text[..end];
            if let Err(error) = parse(kind, rel, prefix, &read) {
                // A go.mod cut before its `module` line has no line to blame.
                let unlocated = kind == Kind::GoMod && error.message.contains("`module`");
                assert!(
                    error.line.is_some() || unlocated,
                    "{kind:?} {rel} cut at {end}: {error:?}"
                );
            }
        }
    }
}
