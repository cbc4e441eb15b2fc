//! The languages SAST covers, as one table: rule-file name, ast-grep language, file extensions
//! and shebang interpreters.

use ast_grep_language::SupportLang;

/// One supported language.
#[derive(Debug)]
pub struct LangSpec {
    /// The name rule files use (`language: python`).
    pub name: &'static str,
    pub lang: SupportLang,
    /// File extensions, lower case, without the dot.
    pub extensions: &'static [&'static str],
    /// Interpreter names a shebang may give (`#!/usr/bin/env python3` → `python`).
    pub interpreters: &'static [&'static str],
}

/// The table. Index in this table identifies a language inside the crate.
pub const LANGUAGES: &[LangSpec] = &[
    LangSpec {
        name: "python",
        lang: SupportLang::Python,
        extensions: &["py", "pyw", "pyi"],
        interpreters: &["python", "pypy"],
    },
    LangSpec {
        name: "javascript",
        lang: SupportLang::JavaScript,
        extensions: &["js", "mjs", "cjs", "jsx"],
        interpreters: &["node", "nodejs", "deno", "bun"],
    },
    LangSpec {
        name: "typescript",
        lang: SupportLang::TypeScript,
        extensions: &["ts", "mts", "cts"],
        interpreters: &["ts-node", "tsx"],
    },
    LangSpec {
        name: "tsx",
        lang: SupportLang::Tsx,
        extensions: &["tsx"],
        interpreters: &[],
    },
    LangSpec {
        name: "go",
        lang: SupportLang::Go,
        extensions: &["go"],
        interpreters: &[],
    },
    LangSpec {
        name: "java",
        lang: SupportLang::Java,
        extensions: &["java"],
        interpreters: &[],
    },
    LangSpec {
        name: "rust",
        lang: SupportLang::Rust,
        extensions: &["rs"],
        interpreters: &[],
    },
    LangSpec {
        name: "ruby",
        lang: SupportLang::Ruby,
        extensions: &["rb", "rake", "gemspec", "ru"],
        interpreters: &["ruby", "jruby"],
    },
    LangSpec {
        name: "php",
        lang: SupportLang::Php,
        extensions: &["php", "phtml", "php5", "php7", "php8", "inc"],
        interpreters: &["php"],
    },
    LangSpec {
        name: "bash",
        lang: SupportLang::Bash,
        extensions: &["sh", "bash", "ksh", "zsh"],
        interpreters: &["sh", "bash", "dash", "ksh", "zsh", "ash"],
    },
    LangSpec {
        // HTML and the template languages written as HTML (Vue, Svelte, Jinja, Django, Nunjucks,
        // Twig, Handlebars, Mustache): rules over attributes and text nodes.
        name: "html",
        lang: SupportLang::Html,
        extensions: &[
            "html",
            "htm",
            "xhtml",
            "vue",
            "svelte",
            "jinja",
            "jinja2",
            "j2",
            "njk",
            "twig",
            "hbs",
            "handlebars",
            "mustache",
        ],
        interpreters: &[],
    },
];

/// The index of a language by its rule-file name.
pub fn by_name(name: &str) -> Option<usize> {
    LANGUAGES
        .iter()
        .position(|l| l.name.eq_ignore_ascii_case(name))
}

/// The language of a path by its extension.
pub fn by_path(path: &str) -> Option<usize> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (_, extension) = name.rsplit_once('.')?;
    let extension = extension.to_ascii_lowercase();
    LANGUAGES
        .iter()
        .position(|l| l.extensions.contains(&extension.as_str()))
}

/// Whether a path has no extension (so its language may come from a shebang).
pub fn has_no_extension(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    !name.trim_start_matches('.').contains('.')
}

/// The language a `#!` first line names, if any.
pub fn by_shebang(text: &[u8]) -> Option<usize> {
    let first = text.split(|b| *b == b'\n').next()?;
    let line = std::str::from_utf8(first.strip_prefix(b"#!")?).ok()?;
    let mut words = line.split_whitespace();
    let mut program = words.next()?.rsplit('/').next()?;
    if program == "env" {
        program = words.find(|w| !w.starts_with('-'))?;
    }
    // python3.12 → python, ruby2.7 → ruby
    let base = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    LANGUAGES
        .iter()
        .position(|l| l.interpreters.contains(&base))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(index: Option<usize>) -> Option<&'static str> {
        index.map(|i| LANGUAGES[i].name)
    }

    #[test]
    fn detects_by_extension_and_shebang() {
        assert_eq!(name(by_path("src/app.PY")), Some("python"));
        assert_eq!(name(by_path("web/App.tsx")), Some("tsx"));
        assert_eq!(name(by_path("x/y.mjs")), Some("javascript"));
        assert_eq!(name(by_path("README.md")), None);
        assert_eq!(name(by_path("src/App.vue")), Some("html"));
        assert_eq!(name(by_path("templates/base.html.j2")), Some("html"));
        assert_eq!(
            name(by_shebang(b"#!/usr/bin/env python3.12\nprint(1)")),
            Some("python")
        );
        assert_eq!(name(by_shebang(b"#!/bin/bash -e\n")), Some("bash"));
        assert_eq!(
            name(by_shebang(b"#!/usr/bin/env -S node --harmony\n")),
            Some("javascript")
        );
        assert_eq!(name(by_shebang(b"no shebang")), None);
        assert!(has_no_extension("bin/deploy"));
        assert!(has_no_extension(".bashrc"));
        assert!(!has_no_extension("a/b.sh"));
        assert_eq!(by_name("Python"), Some(0));
    }
}
