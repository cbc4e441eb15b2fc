//! End to end: the dependency family on npm, PyPI, Go, Maven, RubyGems and Packagist lockfiles
//! (testdata/deps/poly) against our fixture OSV records (testdata/deps/db/osv), read as loose
//! records, as `all.zip` archives, downloaded by `gatehouse db update`, and asked of the OSV
//! API in online mode — the last two from a local server that records what it was asked.

mod common;

use std::io::Write;
use std::path::PathBuf;

use common::http::{Response, Server};
use common::*;
use serde_json::Value;

fn poly_repo() -> tempfile::TempDir {
    fixture("deps/poly")
}

fn osv_records() -> PathBuf {
    workspace().join("testdata/deps/db/osv")
}

/// A database directory holding the fixture OSV records as loose files.
fn loose_db() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&osv_records(), &dir.path().join("osv"));
    dir
}

/// The fixture records of one ecosystem as an OSV `all.zip` archive.
fn all_zip(ecosystem: &str) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut bytes);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut entries: Vec<_> = std::fs::read_dir(osv_records().join(ecosystem))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        zip.start_file(name, options).unwrap();
        zip.write_all(&std::fs::read(&path).unwrap()).unwrap();
    }
    zip.finish().unwrap();
    bytes.into_inner()
}

fn empty_zip() -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    zip::ZipWriter::new(&mut bytes).finish().unwrap();
    bytes.into_inner()
}

/// (rule, path, line, severity, snippet) of every finding, sorted.
fn summary(report: &Value) -> Vec<(String, String, u64, String, String)> {
    let mut rows: Vec<_> = findings(report)
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["location"]["path"].as_str().unwrap().to_string(),
                f["location"]["start_line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_string(),
                f["snippet"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    rows.sort();
    rows
}

fn expected() -> Vec<(String, String, u64, String, String)> {
    let mut rows: Vec<_> = [
        (
            "GHSA-tnqs-0001-aaaa",
            "web/package-lock.json",
            34,
            "high",
            "tinyqs 1.2.0",
        ),
        (
            "GHSA-deep-0001-aaaa",
            "web/package-lock.json",
            20,
            "medium",
            "deepdep 2.0.0-beta.1",
        ),
        (
            "GHSA-list-0001-aaaa",
            "web/package-lock.json",
            25,
            "low",
            "listed 3.1.4",
        ),
        (
            "GHSA-djth-0001-aaaa",
            "py/requirements.txt",
            3,
            "critical",
            "Django_Thing 2.2.28rc1",
        ),
        ("PYSEC-2099-2", "py/base.txt", 1, "high", "yamlish 5.3"),
        (
            "PYSEC-2099-4",
            "py/requirements.txt",
            6,
            "medium",
            "lastone 1.4",
        ),
        (
            "GO-2099-0001",
            "go/go.mod",
            7,
            "high",
            "example.com/lib v1.2.4-0.20210101000000-abcdefabcdef",
        ),
        (
            "GO-2099-0002",
            "go/go.mod",
            9,
            "high",
            "example.com/old v2.3.0+incompatible",
        ),
        (
            "GHSA-mvn0-0001-aaaa",
            "java/pom.xml",
            11,
            "critical",
            "org.example:core 2.9.10",
        ),
        (
            "GHSA-gem0-0001-aaaa",
            "ruby/Gemfile.lock",
            5,
            "high",
            "rackish 2.2.3",
        ),
        (
            "GHSA-gem0-0002-aaaa",
            "ruby/Gemfile.lock",
            4,
            "low",
            "gemx 1.0.0.rc1",
        ),
        (
            "GHSA-php0-0001-aaaa",
            "php/composer.lock",
            8,
            "high",
            "acme/http v5.4.4",
        ),
    ]
    .iter()
    .map(|(r, p, l, s, n)| {
        (
            r.to_string(),
            p.to_string(),
            *l,
            s.to_string(),
            n.to_string(),
        )
    })
    .collect();
    rows.sort();
    rows
}

fn message_of<'a>(report: &'a Value, rule: &str) -> &'a str {
    findings(report)
        .iter()
        .find(|f| f["rule_id"] == rule)
        .unwrap_or_else(|| panic!("no {rule}"))["message"]
        .as_str()
        .unwrap()
}

#[test]
fn every_ecosystem_matches_with_its_own_version_rules() {
    let repo = poly_repo();
    let db = loose_db();
    let (code, report) = deps_json(repo.path(), db.path(), &[]);
    assert_eq!(code, 1, "critical findings fail the gate");
    assert_eq!(summary(&report), expected(), "{:#?}", errors(&report));
    assert_eq!(policy(&report, "P10")["status"], "FAIL");

    // One vulnerability under three ids (PYSEC, GHSA with a differently spelled name, CVE).
    let django = message_of(&report, "GHSA-djth-0001-aaaa");
    assert!(
        django.contains("also PYSEC-2099-1, CVE-2099-3001"),
        "{django}"
    );
    assert!(django.contains("fixed in 2.2.28"), "{django}");
    // The chain from the project, and fix advice; pre-releases of the fixed version are
    // still affected.
    let deep = message_of(&report, "GHSA-deep-0001-aaaa");
    assert!(
        deep.contains("transitive: web > tinyqs > deepdep"),
        "{deep}"
    );
    assert!(deep.contains("fixed in 2.0.0"), "{deep}");
    assert!(
        message_of(&report, "GHSA-tnqs-0001-aaaa").contains("direct: web > tinyqs"),
        "tinyqs is a direct dependency"
    );
    // last_affected: no fix to advise. A rating label without a vector still rates.
    let last = message_of(&report, "PYSEC-2099-4");
    assert!(last.contains("no fixed version"), "{last}");
    let gemx = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "GHSA-gem0-0002-aaaa")
        .unwrap();
    assert_eq!(
        gemx["fix"],
        "No fixed release of gemx: remove it or replace it."
    );
    let core = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "GHSA-mvn0-0001-aaaa")
        .unwrap();
    assert_eq!(
        core["fix"],
        "Upgrade org.example:core to 2.9.10.8 or later."
    );
    assert!(
        message_of(&report, "GO-2099-0002").contains("transitive"),
        "an // indirect requirement"
    );
    // Packages not from the registry never match an advisory of the same name: a linked npm
    // package, a Go module replaced by a directory. (Their lines may show up in the context of
    // a neighbour's finding, so that is left out.)
    let mut reported = findings(&report).clone();
    for f in reported.iter_mut() {
        f.as_object_mut().unwrap().remove("context");
    }
    let all = serde_json::to_string(&reported).unwrap();
    assert!(
        !all.contains("localpkg") && !all.contains("example.com/local"),
        "{all}"
    );
}

#[test]
fn unpinned_requirements_are_said_not_passed() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::write(
        repo.path().join("requirements.txt"),
        "safe-pkg==2.2.28\nflask>=2.0\n",
    )
    .unwrap();
    let db = loose_db();
    let (code, report) = deps_json(repo.path(), db.path(), &[]);
    assert_eq!(code, 0);
    assert!(findings(&report).is_empty());
    let p10 = policy(&report, "P10");
    assert_eq!(p10["status"], "WARN");
    let reason = p10["reason"].as_str().unwrap();
    assert!(
        reason.contains("1 dependency entry not audited"),
        "{reason}"
    );
    assert!(reason.contains("requirements.txt:2"), "{reason}");
}

#[test]
fn all_zip_archives_give_the_same_findings_and_the_index_follows_changes() {
    let repo = poly_repo();
    let db = tempfile::tempdir().unwrap();
    for ecosystem in gatehouse_lockfiles::Ecosystem::ALL.map(|e| e.osv_name()) {
        let dir = db.path().join("osv").join(ecosystem);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("all.zip"), all_zip(ecosystem)).unwrap();
    }
    let (_, first) = deps_json(repo.path(), db.path(), &[]);
    assert_eq!(summary(&first), expected(), "{:#?}", errors(&first));
    let index = db.path().join("index/osv-npm.json");
    assert!(index.is_file(), "the compact index is written");

    // Unchanged archives: the index answers, with the same findings.
    let (_, again) = deps_json(repo.path(), db.path(), &[]);
    assert_eq!(summary(&again), expected());

    // A new archive (here: npm without the tinyqs record) is a new revision: re-indexed.
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut bytes);
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("GHSA-list-0001-aaaa.json", options).unwrap();
    zip.write_all(&std::fs::read(osv_records().join("npm/GHSA-list-0001-aaaa.json")).unwrap())
        .unwrap();
    zip.finish().unwrap();
    std::fs::write(db.path().join("osv/npm/all.zip"), bytes.into_inner()).unwrap();
    let (_, changed) = deps_json(repo.path(), db.path(), &[]);
    let rules: Vec<String> = summary(&changed).into_iter().map(|r| r.0).collect();
    assert!(rules.contains(&"GHSA-list-0001-aaaa".to_string()));
    assert!(
        !rules.contains(&"GHSA-tnqs-0001-aaaa".to_string()),
        "{rules:?}"
    );
}

#[test]
fn an_unreadable_record_is_located_and_blocks() {
    let repo = poly_repo();
    let db = loose_db();
    std::fs::write(
        db.path().join("osv/npm/GHSA-bad.json"),
        "{\n  \"id\": \"GHSA-bad\",\n  \"affected\": 7\n}\n",
    )
    .unwrap();
    // Below the threshold nothing fails, so what the unreadable record does shows.
    let (_, report) = deps_json(repo.path(), db.path(), &["--fail-on", "none"]);
    let bad: Vec<&Value> = errors(&report)
        .iter()
        .filter(|e| e["path"].as_str().unwrap().ends_with("GHSA-bad.json"))
        .collect();
    assert_eq!(bad.len(), 1, "{:#?}", errors(&report));
    assert_eq!(bad[0]["line"], 3);
    assert_eq!(policy(&report, "P10")["status"], "BLOCKED");
    // The rest is still audited.
    assert_eq!(summary(&report), expected());
}

#[test]
fn malformed_lockfiles_of_every_kind_are_located_and_the_rest_is_audited() {
    let repo = poly_repo();
    let broken: [(&str, &str, u64); 13] = [
        (
            "package-lock.json",
            "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/a\": {\"version\": }\n  }\n}\n",
            4,
        ),
        (
            "yarn.lock",
            "# yarn lockfile v1\n\n\"a@^1.0.0\":\n  version \"1.0.0\n",
            4,
        ),
        (
            "pnpm-lock.yaml",
            "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: [\n",
            3,
        ),
        ("requirements.txt", "flask==2.0\n==1.0\n", 2),
        ("poetry.lock", "[[package]]\nname = \"a\"\nversion = \n", 3),
        (
            "Pipfile.lock",
            "{\n  \"default\": {\n    \"a\": {\"version\": \"==1.0\",}\n  }\n}\n",
            3,
        ),
        (
            "uv.lock",
            "version = 1\n\n[[package]]\nname = \"a\"\nversion = \"1.0\n",
            5,
        ),
        (
            "go.mod",
            "module example.com/x\n\nrequire (\n\texample.com/a\n)\n",
            4,
        ),
        (
            "pom.xml",
            "<project>\n  <dependencies>\n    <dependency>\n  </dependencies>\n</project>\n",
            4,
        ),
        (
            "gradle.lockfile",
            "# comment\ncom.example:a:1.0=runtimeClasspath\nnot a line\n",
            3,
        ),
        (
            "Gemfile.lock",
            "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.3\n",
            4,
        ),
        (
            "composer.lock",
            "{\n  \"packages\": [\n    {\"name\": \"a/b\", \"version\": 1.0.0}\n  ]\n}\n",
            3,
        ),
        (
            "Cargo.lock",
            "version = 3\n\n[[package]]\nname = \"a\"\nversion = 1.0\n",
            5,
        ),
    ];
    for (name, text, _) in &broken {
        let dir = repo.path().join("broken").join(name.replace('.', "-"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), text).unwrap();
    }
    let db = loose_db();
    copy_tree(
        &workspace().join("testdata/deps/db/advisory-db"),
        &db.path().join("advisory-db"),
    );
    let (code, report) = deps_json(repo.path(), db.path(), &["--fail-on", "none"]);
    assert_eq!(code, 0);
    for (name, _, line) in &broken {
        let path = format!("broken/{}/{name}", name.replace('.', "-"));
        let error = errors(&report)
            .iter()
            .find(|e| e["path"] == path.as_str())
            .unwrap_or_else(|| panic!("no error for {path}: {:#?}", errors(&report)));
        assert_eq!(error["line"], *line, "{path}: {error}");
        assert_eq!(error["family"], "deps");
    }
    let p10 = policy(&report, "P10");
    assert_eq!(p10["status"], "BLOCKED");
    let reason = p10["reason"].as_str().unwrap();
    assert!(
        reason.contains("13 lockfiles could not be audited"),
        "{reason}"
    );
    assert_eq!(
        summary(&report),
        expected(),
        "the good lockfiles are still audited"
    );
}

#[test]
fn no_database_for_an_ecosystem_blocks_with_the_command() {
    let repo = tempfile::tempdir().unwrap();
    copy_tree(&workspace().join("testdata/deps/poly/web"), repo.path());
    let db = tempfile::tempdir().unwrap();
    copy_tree(
        &workspace().join("testdata/deps/db/advisory-db"),
        &db.path().join("advisory-db"),
    );
    let (_, report) = deps_json(repo.path(), db.path(), &[]);
    let p10 = policy(&report, "P10");
    assert_eq!(p10["status"], "BLOCKED");
    let reason = p10["reason"].as_str().unwrap();
    assert!(reason.contains("no npm advisory database at"), "{reason}");
    assert!(reason.contains("package-lock.json"), "{reason}");
    assert!(reason.contains("gatehouse db update --db-dir"), "{reason}");
}

#[test]
fn db_update_downloads_the_osv_archives_and_records_them() {
    let npm = all_zip("npm");
    let server = Server::start(move |request| match request.path.as_str() {
        "/osv/npm/all.zip" => Response::new(200, npm.clone()).header("ETag", "\"npm-rev-1\""),
        "/osv/PyPI/all.zip" => Response::new(200, "this is not a zip archive"),
        "/osv/Go/all.zip" => Response::new(200, empty_zip()),
        _ => Response::new(404, "no"),
    });
    let db = tempfile::tempdir().unwrap();
    let update = |ecosystems: &str| {
        gatehouse()
            .args([
                "db",
                "update",
                "--sources",
                "osv",
                "--ecosystems",
                ecosystems,
            ])
            .arg("--db-dir")
            .arg(db.path())
            .args(["--osv-url", &format!("{}/osv", server.url)])
            .output()
            .unwrap()
    };
    let output = update("npm");
    assert!(output.status.success(), "{output:?}");
    let state: Value =
        serde_json::from_slice(&std::fs::read(db.path().join("gatehouse-db.json")).unwrap())
            .unwrap();
    assert_eq!(state["osv"]["npm"]["revision"], "npm-rev-1");
    assert_eq!(
        state["osv"]["npm"]["url"],
        format!("{}/osv/npm/all.zip", server.url)
    );
    assert!(db.path().join("osv/npm/all.zip").is_file());

    // A download that is not an archive fails, names the ecosystem, and replaces nothing.
    let output = update("PyPI");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("OSV PyPI") && stderr.contains("not a zip archive"),
        "{stderr}"
    );
    assert!(!db.path().join("osv/PyPI/all.zip").exists());
    // An archive without records is refused too: it would pass every lockfile.
    let output = update("Go");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("an archive with no records"), "{stderr}");
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        ["/osv/npm/all.zip", "/osv/PyPI/all.zip", "/osv/Go/all.zip"]
    );

    // The downloaded archive is what the scan reads.
    let repo = tempfile::tempdir().unwrap();
    copy_tree(&workspace().join("testdata/deps/poly/web"), repo.path());
    let (_, report) = deps_json(repo.path(), db.path(), &[]);
    assert_eq!(summary(&report).len(), 3, "{:#?}", errors(&report));
}

#[test]
fn online_mode_asks_the_osv_api_and_follows_pages() {
    let record =
        std::fs::read_to_string(osv_records().join("npm/GHSA-tnqs-0001-aaaa.json")).unwrap();
    let deep = std::fs::read_to_string(osv_records().join("npm/GHSA-deep-0001-aaaa.json")).unwrap();
    let server = Server::start(move |request| {
        match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/api/v1/querybatch") => {
                let body: Value = serde_json::from_str(&request.body).unwrap();
                let queries = body["queries"].as_array().unwrap();
                let results: Vec<Value> = queries
                .iter()
                .map(|q| match (q["package"]["name"].as_str().unwrap(), q.get("page_token")) {
                    // tinyqs has two pages of results.
                    ("tinyqs", None) => serde_json::json!({"vulns": [{"id": "GHSA-tnqs-0001-aaaa"}], "next_page_token": "page-2"}),
                    ("tinyqs", Some(_)) => serde_json::json!({"vulns": [{"id": "GHSA-deep-0001-aaaa"}]}),
                    _ => serde_json::json!({}),
                })
                .collect();
                Response::new(200, serde_json::json!({ "results": results }).to_string())
            }
            ("GET", "/api/v1/vulns/GHSA-tnqs-0001-aaaa") => Response::new(200, record.clone()),
            ("GET", "/api/v1/vulns/GHSA-deep-0001-aaaa") => Response::new(200, deep.clone()),
            _ => Response::new(404, "{}"),
        }
    });
    let repo = tempfile::tempdir().unwrap();
    copy_tree(&workspace().join("testdata/deps/poly/web"), repo.path());
    std::fs::write(
        repo.path().join("gatehouse.toml"),
        format!(
            "[deps]\nonline = true\nosv_api_url = \"{}/api\"\n",
            server.url
        ),
    )
    .unwrap();
    // No local database at all: online mode alone audits.
    let db = tempfile::tempdir().unwrap();
    let (code, report) = deps_json(repo.path(), db.path(), &[]);
    assert_eq!(code, 1, "{:#?}", errors(&report));
    let rules: Vec<(String, String)> = summary(&report).into_iter().map(|r| (r.0, r.4)).collect();
    assert_eq!(
        rules,
        [
            (
                "GHSA-deep-0001-aaaa".to_string(),
                "tinyqs 1.2.0".to_string()
            ),
            (
                "GHSA-tnqs-0001-aaaa".to_string(),
                "tinyqs 1.2.0".to_string()
            ),
        ]
    );
    assert!(message_of(&report, "GHSA-tnqs-0001-aaaa").contains("fixed in 1.2.1"));

    let requests = server.requests();
    let posts: Vec<Value> = requests
        .iter()
        .filter(|r| r.method == "POST")
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    assert_eq!(posts.len(), 2, "{requests:?}");
    // Every registry package in one batch (the linked local package is not asked about)…
    let mut names: Vec<&str> = posts[0]["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["package"]["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["deepdep", "listed", "tinyqs"]);
    assert_eq!(posts[0]["queries"][0]["package"]["ecosystem"], "npm");
    // …then the second page for the one query that had more.
    assert_eq!(
        posts[1],
        serde_json::json!({"queries": [{"package": {"name": "tinyqs", "ecosystem": "npm"}, "version": "1.2.0", "page_token": "page-2"}]})
    );
    let gets: Vec<&str> = requests
        .iter()
        .filter(|r| r.method == "GET")
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(gets.len(), 2, "each record fetched once: {gets:?}");
}

#[test]
fn a_version_that_cannot_be_judged_blocks() {
    let repo = tempfile::tempdir().unwrap();
    let lock =
        std::fs::read_to_string(workspace().join("testdata/deps/poly/web/package-lock.json"))
            .unwrap()
            .replace("\"version\": \"1.2.0\"", "\"version\": \"one-point-two\"");
    std::fs::write(repo.path().join("package-lock.json"), lock).unwrap();
    let db = loose_db();
    let (_, report) = deps_json(repo.path(), db.path(), &["--fail-on", "none"]);
    let p10 = policy(&report, "P10");
    assert_eq!(p10["status"], "BLOCKED");
    let reason = p10["reason"].as_str().unwrap();
    assert!(
        reason.contains("tinyqs one-point-two not checked against GHSA-tnqs-0001-aaaa"),
        "{reason}"
    );
}
