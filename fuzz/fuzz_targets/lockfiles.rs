//! Every lockfile reader: the first byte chooses the kind, the rest is the file.
#![no_main]
use gatehouse_lockfiles::{Kind, parse};
use libfuzzer_sys::fuzz_target;

const KINDS: [(Kind, &str); 12] = [
    (Kind::PackageLock, "package-lock.json"),
    (Kind::YarnLock, "yarn.lock"),
    (Kind::PnpmLock, "pnpm-lock.yaml"),
    (Kind::Requirements, "requirements.txt"),
    (Kind::PoetryLock, "poetry.lock"),
    (Kind::PipfileLock, "Pipfile.lock"),
    (Kind::UvLock, "uv.lock"),
    (Kind::GoMod, "go.mod"),
    (Kind::PomXml, "pom.xml"),
    (Kind::GradleLockfile, "gradle.lockfile"),
    (Kind::GemfileLock, "Gemfile.lock"),
    (Kind::ComposerLock, "composer.lock"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (kind, name) = KINDS[usize::from(choice) % KINDS.len()];
    // `-r other.txt` includes read the input again, as a file that includes itself would.
    let again = text.to_string();
    let read = move |_: &str| Ok(again.clone());
    let _ = parse(kind, name, text, &read);
});
