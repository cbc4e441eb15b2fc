//! The npm, yarn, pnpm, composer and Gemfile.lock readers against fixtures under
//! `testdata/lockfiles/`, malformed files and garbage.

use gatehouse_lockfiles::{Kind, Package, ParseError, Parsed, parse};

fn fixture(rel: &str) -> String {
    // Read when the test runs, not compiled in (see python_go_maven.rs).
    let path = format!(
        "{}/../../testdata/lockfiles/{rel}",
        std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(kind: Kind, text: &str) -> Result<Parsed, ParseError> {
    parse(kind, kind.label(), text, &|rel| {
        Err(std::io::Error::other(format!("no includes here: {rel}")))
    })
}

fn read_ok(kind: Kind, text: &str) -> Parsed {
    read(kind, text).unwrap_or_else(|e| panic!("{}: {e:?}", kind.label()))
}

/// One package, `name@version line N registry|local direct|indirect|direct? [root > … > name]`.
fn render(p: &Package) -> String {
    let direct = match p.direct {
        Some(true) => "direct",
        Some(false) => "indirect",
        None => "direct?",
    };
    format!(
        "{}@{} line {} {} {direct} [{}]",
        p.name,
        p.version,
        p.line,
        if p.registry { "registry" } else { "local" },
        p.path.join(" > ")
    )
}

/// The packages are exactly `expected`, in order, of `kind`'s ecosystem, with no notes.
fn assert_rows(kind: Kind, parsed: &Parsed, expected: &[&str]) {
    for p in &parsed.packages {
        assert_eq!(p.ecosystem, kind.ecosystem(), "{}", p.name);
        assert_eq!(p.file, None, "{}", p.name);
    }
    let actual: Vec<String> = parsed.packages.iter().map(render).collect();
    assert_eq!(actual, expected);
    assert!(parsed.notes.is_empty());
}

fn assert_error_at(kind: Kind, text: &str, line: u32) -> ParseError {
    match read(kind, text) {
        Ok(parsed) => panic!("{} parsed: {parsed:?}", kind.label()),
        Err(e) => {
            assert_eq!(e.line, Some(line), "{e:?}");
            assert!(!e.message.is_empty());
            e
        }
    }
}

// ---- npm ----

#[test]
fn npm_v1_nested_tree_aliases_git_and_file() {
    let parsed = read_ok(Kind::PackageLock, &fixture("npm/v1-package-lock.json"));
    assert_rows(
        Kind::PackageLock,
        &parsed,
        &[
            "@types/ms@0.7.34 line 7 registry direct? [legacy-app > @types/ms]",
            "debug@2.6.9 line 13 registry direct? [legacy-app > debug]",
            // The copy nested under debug, with its own line.
            "ms@2.0.0 line 21 registry direct? [legacy-app > debug > ms]",
            "has-flag@4.0.0 line 28 registry direct? [legacy-app > supports-color > has-flag]",
            "left-pad@git+https://github.com/left-pad/left-pad.git#5e0b2a2e6c3fb2e6e2b1e2d6a1e7f0f3c1e6b9a1 line 33 local direct? [legacy-app > left-pad]",
            "local-lib@file:vendor/local-lib line 37 local direct? [legacy-app > local-lib]",
            "ms@2.1.3 line 43 registry direct? [legacy-app > local-lib > ms]",
            "supports-color@7.2.0 line 48 registry direct? [legacy-app > supports-color]",
            // `"sw": {"version": "npm:is-number@7.0.0"}` is is-number.
            "is-number@7.0.0 line 56 registry direct? [legacy-app > is-number]",
        ],
    );
}

#[test]
fn npm_v2_packages_map_with_workspace_link_and_alias() {
    let parsed = read_ok(Kind::PackageLock, &fixture("npm/v2-package-lock.json"));
    assert_rows(
        Kind::PackageLock,
        &parsed,
        &[
            "@types/ms@0.7.34 line 23 registry direct [demo-app > @types/ms]",
            "debug@2.6.9 line 29 registry direct [demo-app > debug]",
            "ms@2.0.0 line 37 registry indirect [demo-app > debug > ms]",
            // node_modules/is-number (the workspace's) and node_modules/sw (the project's
            // alias) are one package; direct through either.
            "is-number@7.0.0 line 46 registry direct [demo-app > is-number]",
            "ms@2.1.3 line 58 registry direct [demo-app > ms]",
            // The workspace member: not from the registry, a root of its own.
            "foo@0.1.0 line 72 local indirect [foo]",
            // A `file:` dependency, named by the link that points at it.
            "local-lib@0.0.1 line 78 local direct [demo-app > local-lib]",
        ],
    );
}

#[test]
fn npm_v3_packages_map_with_git_dependency() {
    let parsed = read_ok(Kind::PackageLock, &fixture("npm/v3-package-lock.json"));
    assert_rows(
        Kind::PackageLock,
        &parsed,
        &[
            "@types/ms@0.7.34 line 24 registry direct [demo-app > @types/ms]",
            "debug@2.6.9 line 30 registry direct [demo-app > debug]",
            "ms@2.0.0 line 38 registry indirect [demo-app > debug > ms]",
            "is-number@7.0.0 line 47 registry direct [demo-app > is-number]",
            "left-pad@1.3.0 line 55 local direct [demo-app > left-pad]",
            "ms@2.1.3 line 64 registry direct [demo-app > ms]",
            "foo@0.1.0 line 78 local indirect [foo]",
            "local-lib@0.0.1 line 84 local direct [demo-app > local-lib]",
        ],
    );
}

#[test]
fn npm_nested_scoped_names_resolve_nearest_copy() {
    let text = r#"{
  "lockfileVersion": 3,
  "packages": {
    "": {
      "dependencies": { "a": "1.0.0", "@s/b": "^2.0.0" }
    },
    "node_modules/@s/b": {
      "version": "2.1.0",
      "resolved": "https://registry.npmjs.org/@s/b/-/b-2.1.0.tgz"
    },
    "node_modules/a": {
      "version": "1.0.0",
      "dependencies": { "@s/b": "^1.0.0", "c": "*" }
    },
    "node_modules/a/node_modules/@s/b": {
      "version": "1.4.0",
      "dependencies": { "c": "*" }
    },
    "node_modules/c": {
      "version": "3.0.0",
      "resolved": "file:vendor/c-3.0.0.tgz"
    }
  }
}"#;
    let parsed = read_ok(Kind::PackageLock, text);
    assert_rows(
        Kind::PackageLock,
        &parsed,
        &[
            "@s/b@2.1.0 line 7 registry direct [(root) > @s/b]",
            "a@1.0.0 line 11 registry direct [(root) > a]",
            "@s/b@1.4.0 line 15 registry indirect [(root) > a > @s/b]",
            "c@3.0.0 line 19 local indirect [(root) > a > c]",
        ],
    );
}

#[test]
fn npm_malformed_json_is_located() {
    let e = assert_error_at(
        Kind::PackageLock,
        &fixture("npm/malformed-package-lock.json"),
        16,
    );
    assert_eq!(e.column, Some(5));
}

#[test]
fn npm_structural_errors_are_located() {
    let no_version = r#"{
  "lockfileVersion": 3,
  "packages": {
    "": {},
    "node_modules/ms": {
      "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz"
    }
  }
}"#;
    let e = assert_error_at(Kind::PackageLock, no_version, 5);
    assert!(e.message.contains("node_modules/ms"), "{}", e.message);

    let wrong_type = "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/ms\": {\n      \"version\": 2\n    }\n  }\n}";
    assert_error_at(Kind::PackageLock, wrong_type, 5);

    let v1_no_version = "{\n  \"lockfileVersion\": 1,\n  \"dependencies\": {\n    \"a\": {\n      \"dependencies\": {\n        \"b\": { \"resolved\": \"x\" }\n      },\n      \"version\": \"1.0.0\"\n    }\n  }\n}";
    let e = assert_error_at(Kind::PackageLock, v1_no_version, 6);
    assert!(e.message.contains("`b`"), "{}", e.message);
}

// ---- yarn ----

#[test]
fn yarn_classic_entries_aliases_and_local_sources() {
    let parsed = read_ok(Kind::YarnLock, &fixture("yarn/classic-yarn.lock"));
    assert_rows(
        Kind::YarnLock,
        &parsed,
        &[
            "@types/ms@0.7.34 line 5 registry direct? []",
            "debug@2.6.9 line 10 registry direct? []",
            // `"sw@npm:is-number@7.0.0"` (line 60) is the same package.
            "is-number@7.0.0 line 17 registry direct? []",
            "js-tokens@4.0.0 line 22 registry direct? []",
            "left-pad@1.3.0 line 27 local direct? []",
            "local-lib@0.0.1 line 31 local direct? []",
            "loose-envify@1.4.0 line 36 registry direct? []",
            "ms@2.0.0 line 43 registry direct? []",
            "ms@2.1.3 line 48 registry direct? []",
            "react@18.2.0 line 53 registry direct? []",
        ],
    );
}

#[test]
fn yarn_berry_v8_workspaces_are_roots() {
    let parsed = read_ok(Kind::YarnLock, &fixture("yarn/berry-v8-yarn.lock"));
    assert_rows(
        Kind::YarnLock,
        &parsed,
        &[
            "@types/ms@0.7.34 line 8 registry direct [demo-app > @types/ms]",
            "debug@2.6.9 line 15 registry direct [demo-app > debug]",
            "demo-app@0.0.0-use.local line 24 local indirect [demo-app]",
            "foo@0.0.0-use.local line 36 local indirect [foo]",
            "is-number@7.0.0 line 46 registry direct [demo-app > is-number]",
            "js-tokens@4.0.0 line 53 registry indirect [demo-app > react > loose-envify > js-tokens]",
            "left-pad@1.3.0 line 60 local direct [foo > left-pad]",
            "loose-envify@1.4.0 line 67 registry indirect [demo-app > react > loose-envify]",
            "ms@2.0.0 line 78 registry indirect [demo-app > debug > ms]",
            "ms@2.1.3 line 85 registry direct [demo-app > ms]",
            "react@18.2.0 line 92 registry direct [demo-app > react]",
        ],
    );
}

#[test]
fn yarn_berry_v6_default_protocol_patch_and_portal() {
    let parsed = read_ok(Kind::YarnLock, &fixture("yarn/berry-v6-yarn.lock"));
    assert_rows(
        Kind::YarnLock,
        &parsed,
        &[
            "@acme/shared@0.0.0-use.local line 8 local direct [web > @acme/shared]",
            "function-bind@1.1.2 line 14 registry indirect [web > resolve > is-core-module > hasown > function-bind]",
            "hasown@2.0.2 line 21 registry indirect [web > resolve > is-core-module > hasown]",
            "is-core-module@2.13.1 line 30 registry indirect [web > resolve > is-core-module]",
            "lodash@4.17.20 line 39 registry direct [web > lodash]",
            "path-parse@1.0.7 line 46 registry indirect [web > resolve > path-parse]",
            // The npm entry and its builtin patch are one registry package; the project
            // depends on the patch.
            "resolve@1.22.8 line 53 registry direct [web > resolve]",
            "web@0.0.0-use.local line 77 local indirect [web]",
        ],
    );
}

#[test]
fn yarn_malformed_files_are_located() {
    let e = assert_error_at(
        Kind::YarnLock,
        &fixture("yarn/malformed-classic-yarn.lock"),
        11,
    );
    assert_eq!(e.column, Some(4));
    let e = assert_error_at(
        Kind::YarnLock,
        &fixture("yarn/malformed-berry-yarn.lock"),
        11,
    );
    assert!(e.column.is_some());

    let no_version = "# yarn lockfile v1\n\n\nms@2.1.3:\n  resolved \"https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz\"\n";
    assert_error_at(Kind::YarnLock, no_version, 4);
    let not_a_header = "# yarn lockfile v1\n\n{\"ms\": 1}\n";
    assert_error_at(Kind::YarnLock, not_a_header, 3);
    let berry_no_resolution =
        "__metadata:\n  version: 8\n\n\"ms@npm:2.1.3\":\n  version: 2.1.3\n  linkType: hard\n";
    let e = assert_error_at(Kind::YarnLock, berry_no_resolution, 4);
    assert!(e.message.contains("resolution"), "{}", e.message);
}

// ---- pnpm ----

#[test]
fn pnpm_v5_importers() {
    let parsed = read_ok(Kind::PnpmLock, &fixture("pnpm/v5-pnpm-lock.yaml"));
    assert_rows(
        Kind::PnpmLock,
        &parsed,
        &[
            "@types/ms@0.7.34 line 32 registry direct [(root) > @types/ms]",
            "debug@2.6.9 line 36 registry direct [(root) > debug]",
            // Direct for the root (as `sw`) and for packages/foo.
            "is-number@7.0.0 line 47 registry direct [(root) > is-number]",
            "js-tokens@4.0.0 line 52 registry indirect [(root) > react > loose-envify > js-tokens]",
            "loose-envify@1.4.0 line 56 registry indirect [(root) > react > loose-envify]",
            "ms@2.0.0 line 63 registry indirect [(root) > debug > ms]",
            "ms@2.1.3 line 67 registry direct [(root) > ms]",
            "react@18.2.0 line 71 registry direct [(root) > react]",
            "use-sync-external-store@1.2.0 line 78 registry direct [(root) > use-sync-external-store]",
        ],
    );
}

#[test]
fn pnpm_v5_single_project_peers_and_sources() {
    let parsed = read_ok(Kind::PnpmLock, &fixture("pnpm/v5-single-pnpm-lock.yaml"));
    assert_rows(
        Kind::PnpmLock,
        &parsed,
        &[
            "js-tokens@4.0.0 line 25 registry indirect [(root) > local-lib > js-tokens]",
            "loose-envify@1.4.0 line 28 registry indirect [(root) > react > loose-envify]",
            "object-assign@4.1.1 line 34 registry indirect [(root) > react > object-assign]",
            "react@17.0.2 line 39 registry direct [(root) > react]",
            // Through the `react18` alias.
            "react@18.2.0 line 47 registry direct [(root) > react]",
            // Two peer variants, one package.
            "use-sync-external-store@1.2.0 line 54 registry direct [(root) > use-sync-external-store]",
            "zustand@4.3.0 line 70 registry direct [(root) > zustand]",
            "local-lib@0.0.1 line 86 local direct [(root) > local-lib]",
            "left-pad@1.3.0 line 94 local direct [(root) > left-pad]",
            // A tarball in a registry's layout.
            "private-lib@2.0.0 line 100 registry direct [(root) > private-lib]",
        ],
    );
}

#[test]
fn pnpm_v6_importers() {
    let parsed = read_ok(Kind::PnpmLock, &fixture("pnpm/v6-pnpm-lock.yaml"));
    assert_rows(
        Kind::PnpmLock,
        &parsed,
        &[
            "@types/ms@0.7.34 line 42 registry direct [(root) > @types/ms]",
            "debug@2.6.9 line 46 registry direct [(root) > debug]",
            "is-number@7.0.0 line 57 registry direct [(root) > is-number]",
            "js-tokens@4.0.0 line 62 registry indirect [(root) > react > loose-envify > js-tokens]",
            "loose-envify@1.4.0 line 66 registry indirect [(root) > react > loose-envify]",
            "ms@2.0.0 line 73 registry indirect [(root) > debug > ms]",
            "ms@2.1.3 line 77 registry direct [(root) > ms]",
            "react@18.2.0 line 81 registry direct [(root) > react]",
            "use-sync-external-store@1.2.0 line 88 registry direct [(root) > use-sync-external-store]",
        ],
    );
}

#[test]
fn pnpm_v9_packages_and_snapshots() {
    let parsed = read_ok(Kind::PnpmLock, &fixture("pnpm/v9-pnpm-lock.yaml"));
    assert_rows(
        Kind::PnpmLock,
        &parsed,
        &[
            "@types/ms@0.7.34 line 42 registry direct [(root) > @types/ms]",
            "debug@2.6.9 line 45 registry direct [(root) > debug]",
            "is-number@7.0.0 line 53 registry direct [(root) > is-number]",
            "js-tokens@4.0.0 line 57 registry indirect [(root) > react > loose-envify > js-tokens]",
            "loose-envify@1.4.0 line 60 registry indirect [(root) > react > loose-envify]",
            "ms@2.0.0 line 64 registry indirect [(root) > debug > ms]",
            "ms@2.1.3 line 67 registry direct [(root) > ms]",
            "react@18.2.0 line 70 registry direct [(root) > react]",
            // Line of the `packages` entry, graph from `snapshots`.
            "use-sync-external-store@1.2.0 line 74 registry direct [(root) > use-sync-external-store]",
        ],
    );
}

#[test]
fn pnpm_v9_env_document_git_and_workspace_importer() {
    let text = "\
---
lockfileVersion: '9.0'

importers:

  .:
    configDependencies: {}
    packageManagerDependencies:
      pnpm:
        specifier: 9.15.0
        version: 9.15.0

packages:

  pnpm@9.15.0:
    resolution: {integrity: sha512-aaaa}

snapshots:

  pnpm@9.15.0: {}

---
lockfileVersion: '9.0'

importers:

  packages/web:
    dependencies:
      left-pad:
        specifier: github:left-pad/left-pad#v1.3.0
        version: https://codeload.github.com/left-pad/left-pad/tar.gz/5e0b2a2
      '@acme/ui':
        specifier: workspace:*
        version: link:../ui

packages:

  left-pad@https://codeload.github.com/left-pad/left-pad/tar.gz/5e0b2a2:
    resolution: {tarball: https://codeload.github.com/left-pad/left-pad/tar.gz/5e0b2a2}
    version: 1.3.0

  orphan@1.0.0:
    resolution: {integrity: sha512-bbbb}

snapshots:

  left-pad@https://codeload.github.com/left-pad/left-pad/tar.gz/5e0b2a2: {}

  orphan@1.0.0: {}
";
    let parsed = read_ok(Kind::PnpmLock, text);
    assert_rows(
        Kind::PnpmLock,
        &parsed,
        &[
            "pnpm@9.15.0 line 15 registry direct [(root) > pnpm]",
            // Lines count from the top of the file, across documents.
            "left-pad@1.3.0 line 38 local direct [packages/web > left-pad]",
            "orphan@1.0.0 line 42 registry indirect []",
        ],
    );
}

#[test]
fn pnpm_malformed_files_are_located() {
    let e = assert_error_at(
        Kind::PnpmLock,
        &fixture("pnpm/malformed-pnpm-lock.yaml"),
        16,
    );
    assert!(e.column.is_some());
    let e = assert_error_at(
        Kind::PnpmLock,
        "lockfileVersion: next\npackages:\n  /a/1.0.0: {}\n",
        1,
    );
    assert!(e.message.contains("next"), "{}", e.message);
    let e = assert_error_at(
        Kind::PnpmLock,
        "lockfileVersion: '6.0'\npackages:\n  /a@1.0.0: {}\n  garbage:\n    resolution: {integrity: x}\n",
        4,
    );
    assert!(e.message.contains("garbage"), "{}", e.message);
    assert_error_at(
        Kind::PnpmLock,
        "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    dependencies: [b]\n",
        4,
    );
}

// ---- composer ----

#[test]
fn composer_packages_and_dev_packages() {
    let parsed = read_ok(Kind::ComposerLock, &fixture("composer/composer.lock"));
    assert_rows(
        Kind::ComposerLock,
        &parsed,
        &[
            "acme/local-tools@dev-main line 10 local direct? []",
            "monolog/monolog@2.9.1 line 26 registry direct? []",
            "psr/log@1.1.4 line 47 registry direct? []",
            "symfony/polyfill-mbstring@v1.27.0 line 66 registry direct? []",
            "phpunit/phpunit@9.6.3 line 87 registry direct? []",
        ],
    );
}

#[test]
fn composer_errors_are_located() {
    let e = assert_error_at(
        Kind::ComposerLock,
        &fixture("composer/malformed-composer.lock"),
        7,
    );
    assert!(e.column.is_some());
    let no_version = "{\n  \"packages\": [\n    {\n      \"name\": \"psr/log\",\n      \"type\": \"library\"\n    }\n  ]\n}";
    let e = assert_error_at(Kind::ComposerLock, no_version, 4);
    assert!(e.message.contains("psr/log"), "{}", e.message);
    let no_name = "{\n  \"packages\": [],\n  \"packages-dev\": [\n    { \"name\": \"a/b\", \"version\": \"1.0.0\" },\n    {\n      \"version\": \"1.0.0\"\n    }\n  ]\n}";
    assert_error_at(Kind::ComposerLock, no_name, 5);
    assert_error_at(Kind::ComposerLock, "{\"packages\": {\"a\": 1}}", 1);
}

// ---- Gemfile.lock ----

#[test]
fn gemfile_sources_platforms_and_dependencies() {
    let parsed = read_ok(Kind::GemfileLock, &fixture("gemfile/Gemfile.lock"));
    assert_rows(
        Kind::GemfileLock,
        &parsed,
        &[
            "activesupport@7.1.0.alpha line 6 local direct [(Gemfile) > activesupport]",
            "billing@0.1.0 line 13 local direct [(Gemfile) > billing]",
            "concurrent-ruby@1.2.2 line 20 registry indirect [(Gemfile) > activesupport > concurrent-ruby]",
            "i18n@1.14.1 line 21 registry indirect [(Gemfile) > activesupport > i18n]",
            "mini_portile2@2.8.4 line 23 registry indirect [(Gemfile) > nokogiri > mini_portile2]",
            // Three platform variants, one package.
            "nokogiri@1.13.10 line 24 registry direct [(Gemfile) > nokogiri]",
            "racc@1.7.1 line 31 registry indirect [(Gemfile) > nokogiri > racc]",
            "rack@2.2.8 line 32 registry indirect [(Gemfile) > billing > rack]",
            "rake@13.0.6 line 33 registry direct [(Gemfile) > rake]",
        ],
    );
}

#[test]
fn gemfile_errors_are_located() {
    let e = assert_error_at(
        Kind::GemfileLock,
        &fixture("gemfile/malformed-Gemfile.lock"),
        5,
    );
    assert_eq!(e.column, Some(5));
    assert_error_at(Kind::GemfileLock, "  specs:\n    rack (2.2.8)\n", 1);
    assert_error_at(
        Kind::GemfileLock,
        "GEM\n  specs:\n    rack (2.2.8)\n     rake\n",
        4,
    );
    assert_error_at(Kind::GemfileLock, "{\"packages\": []}\n", 1);
    // Without a DEPENDENCIES section nothing says what is direct.
    let parsed = read_ok(
        Kind::GemfileLock,
        "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.8)\n",
    );
    assert_rows(
        Kind::GemfileLock,
        &parsed,
        &["rack@2.2.8 line 4 registry direct? []"],
    );
}

/// A byte order mark and Windows line ends change nothing.
#[test]
fn byte_order_mark_and_crlf_are_read_alike() {
    for (kind, rel) in [
        (Kind::PackageLock, "npm/v1-package-lock.json"),
        (Kind::PackageLock, "npm/v3-package-lock.json"),
        (Kind::YarnLock, "yarn/classic-yarn.lock"),
        (Kind::YarnLock, "yarn/berry-v8-yarn.lock"),
        (Kind::PnpmLock, "pnpm/v9-pnpm-lock.yaml"),
        (Kind::ComposerLock, "composer/composer.lock"),
        (Kind::GemfileLock, "gemfile/Gemfile.lock"),
    ] {
        let text = fixture(rel);
        let plain = read_ok(kind, &text);
        assert!(!plain.packages.is_empty(), "{rel}");
        let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        assert_eq!(read_ok(kind, &windows), plain, "{rel}");
    }
}

// ---- Garbage ----

const FIXTURES: [(Kind, &str); 17] = [
    (Kind::PackageLock, "npm/v1-package-lock.json"),
    (Kind::PackageLock, "npm/v2-package-lock.json"),
    (Kind::PackageLock, "npm/v3-package-lock.json"),
    (Kind::PackageLock, "npm/malformed-package-lock.json"),
    (Kind::YarnLock, "yarn/classic-yarn.lock"),
    (Kind::YarnLock, "yarn/berry-v6-yarn.lock"),
    (Kind::YarnLock, "yarn/berry-v8-yarn.lock"),
    (Kind::YarnLock, "yarn/malformed-classic-yarn.lock"),
    (Kind::YarnLock, "yarn/malformed-berry-yarn.lock"),
    (Kind::PnpmLock, "pnpm/v5-pnpm-lock.yaml"),
    (Kind::PnpmLock, "pnpm/v5-single-pnpm-lock.yaml"),
    (Kind::PnpmLock, "pnpm/v6-pnpm-lock.yaml"),
    (Kind::PnpmLock, "pnpm/v9-pnpm-lock.yaml"),
    (Kind::ComposerLock, "composer/composer.lock"),
    (Kind::ComposerLock, "composer/malformed-composer.lock"),
    (Kind::GemfileLock, "gemfile/Gemfile.lock"),
    (Kind::GemfileLock, "gemfile/malformed-Gemfile.lock"),
];

/// Every prefix (at some step) and some byte mangling of every fixture, read as every kind:
/// an answer, never a panic; an error always within the text's lines.
#[test]
fn truncated_and_mangled_fixtures_never_panic() {
    let kinds = [
        Kind::PackageLock,
        Kind::YarnLock,
        Kind::PnpmLock,
        Kind::ComposerLock,
        Kind::GemfileLock,
    ];
    for (own, rel) in FIXTURES {
        let text = fixture(rel);
        let mut inputs: Vec<String> = (0..text.len())
            .step_by(5)
            .filter(|at| text.is_char_boundary(*at))
            .map(|at| text[..at].to_owned())
            .collect();
        for (at, _) in text.char_indices().step_by(11) {
            let mut mangled = text.clone();
            mangled.replace_range(at..at + 1, "\"");
            inputs.push(mangled);
            let mut mangled = text.clone();
            mangled.replace_range(at..at + 1, "\n ");
            inputs.push(mangled);
        }
        for input in &inputs {
            for kind in kinds {
                if let Err(e) = read(kind, input) {
                    let lines = u32::try_from(input.lines().count().max(1)).unwrap() + 1;
                    if let Some(line) = e.line {
                        assert!(line >= 1 && line <= lines, "{rel} as {kind:?}: {e:?}");
                    }
                }
            }
        }
        // Cut short in the middle of an object (JSON) or a flow mapping (YAML), a file is an
        // error, located.
        if matches!(own, Kind::PackageLock | Kind::ComposerLock | Kind::PnpmLock) {
            let open = text.rfind('{').unwrap();
            let e = read(own, &text[..=open]).unwrap_err();
            assert!(e.line.is_some(), "{rel}: {e:?}");
        }
    }
}

#[test]
fn garbage_is_an_error_or_nothing_never_a_panic() {
    let deep_json = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let deep_yaml = format!("a: {}", "[".repeat(5000));
    let deep_object = format!("{}1{}", "{\"dependencies\":".repeat(300), "}".repeat(300));
    let garbage = [
        "",
        "\u{feff}",
        "\0\0\0\u{1}",
        "{",
        "[]",
        "null",
        "42",
        "\"just a string\"",
        "{\"lockfileVersion\": 3, \"packages\": []}",
        "{\"lockfileVersion\": 1, \"dependencies\": {\"a\": {\"version\": \"1\", \"dependencies\": 7}}}",
        "packages:\n  - 1\n",
        "lockfileVersion: 9\npackages: [1, 2]\n",
        "__metadata:\n  version: 8\nfoo: [\n",
        "__metadata:\n  version: 8\n\"@\":\n  version: 1\n  resolution: \"@\"\n",
        "a@:\n  version \"\"\n",
        "@@@:\n",
        "GEM\n  specs:\n    ()\n",
        "GEM\n  specs:\n    a (1.0\n",
        "DEPENDENCIES\n  !\n",
        "ÿþ\u{fffd}\u{10ffff}",
        "\t\t\n\t",
        &deep_json,
        &deep_yaml,
        &deep_object,
    ];
    for text in garbage {
        for kind in [
            Kind::PackageLock,
            Kind::YarnLock,
            Kind::PnpmLock,
            Kind::ComposerLock,
            Kind::GemfileLock,
        ] {
            let _ = read(kind, text);
        }
    }
    // Some of them must be errors, located.
    for (kind, text) in [
        (Kind::PackageLock, "{"),
        (Kind::PackageLock, "42"),
        (Kind::PackageLock, deep_json.as_str()),
        (Kind::ComposerLock, "[]"),
        (Kind::PnpmLock, "packages:\n  - 1\n"),
        (Kind::YarnLock, "__metadata:\n  version: 8\nfoo: [\n"),
        (Kind::YarnLock, "@@@:\n"),
        (Kind::GemfileLock, "GEM\n  specs:\n    a (1.0\n"),
        (Kind::GemfileLock, "hello world\n"),
    ] {
        let e = read(kind, text).unwrap_err();
        assert!(e.line.is_some(), "{kind:?} {text:?}: {e:?}");
    }
    // Empty files have no packages.
    for kind in [Kind::YarnLock, Kind::PnpmLock, Kind::GemfileLock] {
        assert_eq!(read_ok(kind, ""), Parsed::default());
    }
}
