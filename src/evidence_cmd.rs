//! Signed evidence: `gatehouse audit --evidence DIR --evidence-key KEY` writes one zip archive
//! of the audit's report (JSON, Markdown, CSV, SARIF, HTML) and its facts (the tree's, and
//! what the run's live probes read), a SHA-256
//! manifest of them (`SHA256SUMS`, `sha256sum`'s format) and a Sigstore bundle over the
//! manifest (`SHA256SUMS.sigstore.json`); `gatehouse evidence verify` checks the signature,
//! then every file, and names what changed.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use gatehouse_model::Report;
use gatehouse_report::{Format, RenderOptions};

const MANIFEST: &str = "SHA256SUMS";
const BUNDLE: &str = "SHA256SUMS.sigstore.json";
/// What an archive may hold: every file, uncompressed, at most this large.
const MAX_ENTRY: u64 = 256 << 20;
/// The files of an archive gatehouse writes.
const NAMES: [&str; 8] = [
    "report.json",
    "report.md",
    "report.csv",
    "report.sarif",
    "report.html",
    "facts.json",
    MANIFEST,
    BUNDLE,
];

fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    gatehouse_model::hex(&sha2::Sha256::digest(data))
}

/// How the evidence is signed.
pub enum Signing {
    /// With this PKCS #8 P-256 private key (PEM).
    Key(PathBuf),
    /// Keyless: this environment's identity token, these Sigstore services, the signature
    /// checked against this trusted root (else the public-good one) before it is written.
    Keyless {
        services: gatehouse_signatures::keyless::Services,
        trusted_root: Option<PathBuf>,
    },
}

/// Write the evidence archive of `report` into `dir`; its path.
pub fn write(
    report: &Report,
    facts: serde_json::Value,
    dir: &Path,
    signing: &Signing,
) -> Result<PathBuf> {
    // The key, or the trusted root, is read before anything is written: a missing one is
    // no half-made archive.
    enum Ready<'a> {
        Key(gatehouse_signatures::sign::SigningKey),
        Keyless(
            gatehouse_signatures::trust::TrustedRoot,
            &'a gatehouse_signatures::keyless::Services,
        ),
    }
    let ready = match signing {
        Signing::Key(key) => {
            let pem = std::fs::read_to_string(key)
                .with_context(|| format!("cannot read {}", key.display()))?;
            Ready::Key(
                gatehouse_signatures::sign::signing_key(&pem)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", key.display()))?,
            )
        }
        Signing::Keyless {
            services,
            trusted_root: Some(path),
        } => Ready::Keyless(
            gatehouse_signatures::trust::TrustedRoot::from_json(
                &std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?,
            )
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
            services,
        ),
        Signing::Keyless {
            services,
            trusted_root: None,
        } => Ready::Keyless(
            gatehouse_signatures::trust::TrustedRoot::public_good()
                .map_err(|e| anyhow::anyhow!("{e}"))?,
            services,
        ),
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (name, format) in [
        ("report.json", Format::Json),
        ("report.md", Format::Md),
        ("report.csv", Format::Csv),
        ("report.sarif", Format::Sarif),
        ("report.html", Format::Html),
    ] {
        let text = gatehouse_report::render(report, format, RenderOptions { color: false })
            .with_context(|| format!("rendering {name}"))?;
        files.push((name.to_string(), text.into_bytes()));
    }
    let mut facts_text = serde_json::to_string_pretty(&facts)?;
    facts_text.push('\n');
    files.push(("facts.json".to_string(), facts_text.into_bytes()));
    let manifest: String = files
        .iter()
        .map(|(name, bytes)| format!("{}  {name}\n", sha256_hex(bytes)))
        .collect();
    let bundle = match &ready {
        Ready::Key(key) => gatehouse_signatures::sign::sign_blob(key, manifest.as_bytes())
            .map_err(|e| anyhow::anyhow!("signing the evidence: {e}"))?,
        Ready::Keyless(root, services) => {
            let (bundle, verified) = gatehouse_signatures::keyless::sign_blob_with_ambient_token(
                manifest.as_bytes(),
                services,
                root,
            )
            .map_err(|e| anyhow::anyhow!("signing the evidence keyless: {e}"))?;
            eprintln!(
                "gatehouse: evidence signed by {} ({}), transparency log index {}",
                verified.identity.as_deref().unwrap_or("?"),
                verified.issuer.as_deref().unwrap_or("?"),
                verified.log_index
            );
            bundle
        }
    };
    files.push((MANIFEST.to_string(), manifest.into_bytes()));
    files.push((BUNDLE.to_string(), bundle.into_bytes()));

    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let path = dir.join(format!("gatehouse-evidence-{stamp}.zip"));
    let file =
        std::fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in &files {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    zip.finish()?;
    Ok(path)
}

/// `gatehouse evidence verify ARCHIVE (--key PUB | --certificate-identity … --certificate-oidc-issuer …)`.
pub fn verify(archive: &Path, signer: &crate::cli::SignerArgs) -> Result<ExitCode> {
    use gatehouse_signatures::verify::Policy;
    let usage = |message: String| {
        eprintln!("gatehouse: {message}");
        Ok(ExitCode::from(2))
    };
    let (policy, root) = match crate::signer(signer) {
        Ok(found) => found,
        Err(message) => return usage(message),
    };
    let file = match std::fs::File::open(archive) {
        Ok(file) => file,
        Err(e) => return usage(format!("cannot read {}: {e}", archive.display())),
    };
    let mut zip = match zip::ZipArchive::new(file) {
        Ok(zip) => zip,
        Err(e) => return usage(format!("{}: not a zip archive: {e}", archive.display())),
    };
    // One reading for every unzip tool: no name twice (the zip crate would keep the last copy,
    // other tools the first), local headers that agree with the central directory, and only
    // the files gatehouse writes.
    if zip.has_duplicate_names() {
        println!(
            "not verified: {}: a file name appears twice",
            archive.display()
        );
        return Ok(ExitCode::from(1));
    }
    if let Err(e) = zip.validate_header_consistency() {
        println!(
            "not verified: {}: the archive's headers disagree: {e}",
            archive.display()
        );
        return Ok(ExitCode::from(1));
    }
    if zip.len() > NAMES.len() + 1 {
        println!(
            "not verified: {}: {} entries, more than gatehouse writes",
            archive.display(),
            zip.len()
        );
        return Ok(ExitCode::from(1));
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut entry = match zip.by_index(i) {
            Ok(entry) => entry,
            Err(e) => {
                println!(
                    "not verified: {}: entry {i} cannot be read: {e}",
                    archive.display()
                );
                return Ok(ExitCode::from(1));
            }
        };
        let name = match entry.name() {
            Ok(name) => name.to_string(),
            Err(e) => {
                println!(
                    "not verified: {}: entry {i} has no readable name: {e}",
                    archive.display()
                );
                return Ok(ExitCode::from(1));
            }
        };
        if !entry.is_file() {
            println!(
                "not verified: {}: {name} is not a plain file",
                archive.display()
            );
            return Ok(ExitCode::from(1));
        }
        let mut bytes = Vec::new();
        if let Err(e) = entry.by_ref().take(MAX_ENTRY + 1).read_to_end(&mut bytes) {
            println!(
                "not verified: {}: {name} cannot be read: {e}",
                archive.display()
            );
            return Ok(ExitCode::from(1));
        }
        if bytes.len() as u64 > MAX_ENTRY {
            println!(
                "not verified: {}: {name} is larger than {} MiB",
                archive.display(),
                MAX_ENTRY >> 20
            );
            return Ok(ExitCode::from(1));
        }
        files.push((name, bytes));
    }
    let get = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, b)| b);
    let fail = |reason: String| {
        println!("not verified: {}: {reason}", archive.display());
        Ok(ExitCode::from(1))
    };
    let (Some(manifest), Some(bundle)) = (get(MANIFEST), get(BUNDLE)) else {
        return fail(format!("no {MANIFEST} or no {BUNDLE} in it"));
    };
    let bundle =
        match gatehouse_signatures::bundle::Bundle::from_json(&String::from_utf8_lossy(bundle)) {
            Ok(bundle) => bundle,
            Err(e) => return fail(format!("{BUNDLE}: {e}")),
        };
    let signed_by = match &policy {
        Policy::Key(key_der) => {
            gatehouse_signatures::sign::verify_blob_with_key(&bundle, manifest, key_der).map(|()| {
                signer
                    .key
                    .as_ref()
                    .map(|k| k.display().to_string())
                    .unwrap_or_default()
            })
        }
        Policy::Identity { .. } => root.and_then(|root| {
            gatehouse_signatures::verify::verify(
                &bundle,
                &gatehouse_signatures::verify::Artifact::Bytes(manifest.clone()),
                &policy,
                &root,
            )
            .map(|v| {
                format!(
                    "{} ({}), transparency log index {}",
                    v.identity.unwrap_or_default(),
                    v.issuer.unwrap_or_default(),
                    v.log_index
                )
            })
        }),
    };
    let signed_by = match signed_by {
        Ok(who) => who,
        Err(e) => {
            return fail(format!(
                "{MANIFEST} (the manifest) was changed, or not signed by this signer: {e}"
            ));
        }
    };
    let manifest = String::from_utf8_lossy(manifest).into_owned();
    let mut listed = Vec::new();
    for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
        let Some((digest, name)) = line.split_once("  ") else {
            return fail(format!(
                "{MANIFEST}: a line that is not `DIGEST  NAME`: {line}"
            ));
        };
        listed.push(name.to_string());
        match get(name) {
            None => return fail(format!("{name} is listed in {MANIFEST} but missing")),
            Some(bytes) if sha256_hex(bytes) != digest => {
                return fail(format!(
                    "{name} was changed (SHA-256 {} where the signed manifest says {digest})",
                    sha256_hex(bytes)
                ));
            }
            Some(_) => {}
        }
    }
    if let Some((extra, _)) = files
        .iter()
        .find(|(n, _)| n != MANIFEST && n != BUNDLE && !listed.contains(n))
    {
        return fail(format!("{extra} is not in the signed manifest"));
    }
    if let Some(unknown) = listed.iter().find(|n| !NAMES.contains(&n.as_str())) {
        return fail(format!("{unknown}: not a file gatehouse writes"));
    }
    println!(
        "verified: {}: {} files, the manifest signed by {signed_by}",
        archive.display(),
        listed.len(),
    );
    Ok(ExitCode::SUCCESS)
}
