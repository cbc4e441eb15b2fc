//! The gatehouse command line: arguments, wiring families into the engine, writing reports and
//! turning the gate decision into an exit code. No analysis happens here.

mod cli;
mod db_cmd;
mod evidence_cmd;
mod families;
mod github_cmd;
mod init_cmd;
mod merge;
mod policies_cmd;
mod rules_cmd;
mod scan;
mod staged;
mod trend_cmd;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Parser;
use gatehouse_model::{Report, count_of};
use gatehouse_report::{Format, RenderOptions};

use cli::{BaselineCommand, Cli, Command, DbCommand, OutputArgs};
use db_cmd::db_update;

/// mimalloc rather than the system allocator: glibc grows each worker thread's arena by
/// `mprotect` calls, hundreds per run, which cost a short scan as much as its work.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code: the gate failed.
const EXIT_GATE_FAILED: u8 = 1;
/// Exit code: gatehouse could not do its job.
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_ERROR)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    init_logging(cli.verbose);
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gatehouse: error: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("GATEHOUSE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Audit(audit) => {
            let cli::AuditArgs {
                check: mut args,
                restore_test,
                target,
                evidence,
                evidence_key,
                fulcio_url,
                rekor_url,
                trusted_root,
            } = audit;
            if args.scan.staged {
                bail!("audit reads the whole checkout and its history; --staged is for check");
            }
            args.scan.history = true;
            args.scan.live = true;
            args.scan.restore_test = restore_test;
            args.scan.dast_target = target;
            let targets = parse_outputs(&args.output)?;
            let (report, live) = scan::run_with_facts(&args.scan)?;
            emit(&report, &args.output, &targets)?;
            if let Some(dir) = &evidence {
                let signing = match evidence_key {
                    Some(key) => evidence_cmd::Signing::Key(key),
                    None => evidence_cmd::Signing::Keyless {
                        services: gatehouse_signatures::keyless::Services {
                            fulcio: fulcio_url,
                            rekor: rekor_url,
                            timeout: std::time::Duration::from_secs(30),
                        },
                        trusted_root,
                    },
                };
                // The tree's facts, and what the live probes read in this very run (not
                // probed again).
                let mut facts = scan::facts(&args.scan.path, args.scan.config.as_deref(), false)?;
                if let Some(map) = facts.as_object_mut() {
                    map.insert("live".to_string(), serde_json::Value::Object(live));
                }
                let path = evidence_cmd::write(&report, facts, dir, &signing)?;
                eprintln!("gatehouse: signed evidence written to {}", path.display());
            }
            Ok(gate_exit(&report))
        }
        Command::Render(args) => {
            let targets = parse_outputs(&args.output)?;
            if let Some(pattern) = &args.trend {
                trend_cmd::run(pattern, &args.output, &targets)?;
                return Ok(ExitCode::SUCCESS);
            }
            let Some(path) = &args.report else {
                bail!("render: a report or --trend is needed");
            };
            let report = read_report(path)?;
            emit(&report, &args.output, &targets)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Merge(args) => {
            let targets = parse_outputs(&args.output)?;
            let reports = args
                .reports
                .iter()
                .map(|path| read_report(path))
                .collect::<Result<Vec<_>>>()?;
            let report = merge::merge(reports)?;
            emit(&report, &args.output, &targets)?;
            Ok(if report.gate.passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(EXIT_GATE_FAILED)
            })
        }
        Command::Rules(command) => rules_cmd::run(command),
        Command::Policies(command) => policies_cmd::run(command),
        Command::Db(DbCommand::Update(args)) => db_update(args),
        Command::Facts(args) => {
            let facts = scan::facts(&args.path, args.config.as_deref(), args.live)?;
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &facts)?;
            writeln!(out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::VerifyLog(args) => verify_log(&args.file),
        Command::VerifyBlob(args) => verify_blob(&args),
        Command::Evidence(cli::EvidenceCommand::Verify { archive, signer }) => {
            evidence_cmd::verify(&archive, &signer)
        }
        Command::Init { path } => init_cmd::run(&path),
        Command::Comment(args) => github_cmd::comment(&args, &read_report(&args.report)?),
        Command::Issue(args) => github_cmd::issue(&args, &read_report(&args.report)?),
        Command::Hook(cli::HookCommand::Install { path, force }) => {
            staged::install_hook(&path, force)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Baseline(BaselineCommand::Create {
            file,
            audit,
            scan: mut scan_args,
        }) => {
            if audit {
                scan_args.history = true;
                scan_args.live = true;
            }
            let report = scan::run(&scan_args)?;
            let open: Vec<_> = report.open_findings().cloned().collect();
            let baseline =
                gatehouse_engine::Baseline::from_findings(&open, report.run.started.clone());
            let json = serde_json::to_string_pretty(&baseline)?;
            std::fs::write(&file, json + "\n")
                .with_context(|| format!("cannot write baseline {}", file.display()))?;
            eprintln!(
                "gatehouse: wrote {} to {}",
                count_of(baseline.fingerprints.len() as u64, "fingerprint"),
                file.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `-o FORMAT=PATH` arguments, checked before any work is done.
fn parse_outputs(args: &OutputArgs) -> Result<Vec<(Format, String)>> {
    if let Some(name) = &args.framework
        && gatehouse_engine::frameworks::find(name).is_none()
    {
        bail!(
            "--framework: unknown framework `{name}` (known: {})",
            gatehouse_engine::frameworks::known()
        );
    }
    if args.format != "none" {
        args.format
            .parse::<Format>()
            .map_err(anyhow::Error::msg)
            .context("--format")?;
    }
    args.outputs
        .iter()
        .map(|spec| {
            let Some((format, path)) = spec.split_once('=') else {
                bail!("-o `{spec}`: expected FORMAT=PATH, e.g. sarif=gatehouse.sarif");
            };
            if path.is_empty() {
                bail!("-o `{spec}`: the path is empty");
            }
            let format = format
                .parse::<Format>()
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("-o `{spec}`"))?;
            Ok((format, path.to_string()))
        })
        .collect()
}

fn emit(report: &Report, args: &OutputArgs, targets: &[(Format, String)]) -> Result<()> {
    let with_controls;
    let report = match &args.framework {
        Some(name) => {
            let Some(framework) = gatehouse_engine::frameworks::find(name) else {
                bail!(
                    "--framework: unknown framework `{name}` (known: {})",
                    gatehouse_engine::frameworks::known()
                );
            };
            let mut copy = report.clone();
            copy.compliance = Some(gatehouse_engine::frameworks::compliance(
                framework,
                &copy.policies,
            ));
            with_controls = copy;
            &with_controls
        }
        None => report,
    };
    for (format, path) in targets {
        let text = gatehouse_report::render(report, *format, RenderOptions { color: false })
            .with_context(|| format!("rendering {format}"))?;
        std::fs::write(path, text).with_context(|| format!("cannot write {path}"))?;
    }
    if args.format != "none" {
        let format: Format = args.format.parse().map_err(anyhow::Error::msg)?;
        let color = !args.no_color
            && std::env::var_os("NO_COLOR").is_none()
            && std::io::stdout().is_terminal();
        let text = gatehouse_report::render(report, format, RenderOptions { color })
            .with_context(|| format!("rendering {format}"))?;
        write_stdout(&text)?;
    }
    Ok(())
}

/// Writes the requested output to stdout. A closed pipe (`| head`) is not an error worth
/// exit code 2, nor a panic.
fn write_stdout(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to stdout"),
        _ => Ok(()),
    }
}

fn check(args: &cli::CheckArgs) -> Result<ExitCode> {
    Ok(gate_exit(&scan_and_emit(args)?))
}

/// Scan, and write the reports the arguments ask for.
fn scan_and_emit(args: &cli::CheckArgs) -> Result<Report> {
    let targets = parse_outputs(&args.output)?;
    let report = scan::run(&args.scan)?;
    emit(&report, &args.output, &targets)?;
    Ok(report)
}

fn gate_exit(report: &Report) -> ExitCode {
    if report.gate.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_GATE_FAILED)
    }
}

pub(crate) fn read_report(path: &Path) -> Result<Report> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read report {}", path.display()))?;
    let report: Report = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}:{}: not a gatehouse JSON report: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    let major = |v: &str| v.split('.').next().map(str::to_string);
    if major(&report.version) != major(gatehouse_model::REPORT_VERSION) {
        bail!(
            "{}: report version {} is not readable by this gatehouse (reads {})",
            path.display(),
            report.version,
            gatehouse_model::REPORT_VERSION
        );
    }
    Ok(report)
}

/// Whom a signature must be from (a key, or an identity and issuer) and the trusted root to
/// verify against (`--trusted-root`, else the Sigstore public-good root gatehouse embeds, as
/// cosign's default); an unreadable file or a bad option is a usage error (`Err`), a malformed
/// root a reason not to verify.
pub(crate) fn signer(
    args: &cli::SignerArgs,
) -> std::result::Result<
    (
        gatehouse_signatures::verify::Policy,
        gatehouse_signatures::Result<gatehouse_signatures::trust::TrustedRoot>,
    ),
    String,
> {
    use gatehouse_signatures::verify::{Matcher, Policy};
    let root = match args
        .trusted_root
        .as_ref()
        .map(|p| (p, std::fs::read_to_string(p)))
    {
        Some((path, Err(e))) => return Err(format!("cannot read {}: {e}", path.display())),
        Some((_, Ok(text))) => gatehouse_signatures::trust::TrustedRoot::from_json(&text),
        None => gatehouse_signatures::trust::TrustedRoot::public_good(),
    };
    if let Some(key) = &args.key {
        let pem = std::fs::read_to_string(key)
            .map_err(|e| format!("cannot read {}: {e}", key.display()))?;
        let der = gatehouse_signatures::keys::pem_body(&pem, "PUBLIC KEY")
            .map_err(|e| format!("{}: {e}", key.display()))?;
        return Ok((Policy::Key(der), root));
    }
    let matcher = |exact: &Option<String>, regexp: &Option<String>| match (exact, regexp) {
        (Some(value), _) => Ok(Matcher::Exact(value.clone())),
        (None, Some(pattern)) => Matcher::regex(pattern),
        (None, None) => Err(gatehouse_signatures::Error::new("missing")),
    };
    match (
        matcher(
            &args.certificate_identity,
            &args.certificate_identity_regexp,
        ),
        matcher(
            &args.certificate_oidc_issuer,
            &args.certificate_oidc_issuer_regexp,
        ),
    ) {
        (Ok(identity), Ok(issuer)) => Ok((Policy::Identity { identity, issuer }, root)),
        (Err(e), _) | (_, Err(e)) => Err(format!(
            "--certificate-identity/--certificate-oidc-issuer: {e}"
        )),
    }
}

/// `gatehouse verify-blob`: 0 verified, 1 not verified (why on stdout), 2 usage error.
fn verify_blob(args: &cli::VerifyBlobArgs) -> anyhow::Result<ExitCode> {
    use gatehouse_signatures::verify::{Artifact, Policy};
    let usage = |message: String| {
        eprintln!("gatehouse: {message}");
        Ok(ExitCode::from(2))
    };
    let artifact = match Artifact::parse_digest(&args.artifact) {
        Some(digest) => digest,
        None if args.artifact.starts_with("sha256:") => {
            return usage(format!("{}: not sha256:<64 hex digits>", args.artifact));
        }
        None => match std::fs::read(&args.artifact) {
            Ok(bytes) => Artifact::Bytes(bytes),
            Err(e) => return usage(format!("cannot read {}: {e}", args.artifact)),
        },
    };
    let (policy, root) = match signer(&args.signer) {
        Ok(found) => found,
        Err(message) => return usage(message),
    };
    if let (Some(signature), Policy::Key(key)) = (&args.signature, &policy) {
        let text = match std::fs::read_to_string(signature) {
            Ok(text) => text,
            Err(e) => return usage(format!("cannot read {}: {e}", signature.display())),
        };
        return Ok(
            match gatehouse_signatures::verify::verify_detached(&artifact, &text, key) {
                Ok(()) => {
                    println!(
                        "verified: {} signed by the key given (no transparency log evidence checked)",
                        args.artifact
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    println!("not verified: {}: {e}", args.artifact);
                    ExitCode::from(1)
                }
            },
        );
    }
    let Some(bundle_path) = &args.bundle else {
        return usage("--signature needs --key".to_string());
    };
    let bundle = match std::fs::read_to_string(bundle_path) {
        Err(e) => return usage(format!("cannot read {}: {e}", bundle_path.display())),
        Ok(text) => gatehouse_signatures::bundle::Bundle::from_json(&text),
    };
    let outcome = root.and_then(|root| {
        bundle.and_then(|bundle| {
            gatehouse_signatures::verify::verify(&bundle, &artifact, &policy, &root)
        })
    });
    match outcome {
        Ok(verified) => {
            let when = jiff::Timestamp::from_second(verified.time)
                .map(|t| t.to_string())
                .unwrap_or_default();
            let signer = match (&verified.identity, &verified.issuer) {
                (Some(identity), Some(issuer)) => format!("{identity} ({issuer})"),
                (Some(identity), None) => identity.clone(),
                _ => "the key given".to_string(),
            };
            println!(
                "verified: {} signed by {signer} at {when}, transparency log index {}",
                args.artifact, verified.log_index
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            println!("not verified: {}: {e}", args.artifact);
            Ok(ExitCode::from(1))
        }
    }
}

/// `gatehouse verify-log`: the chain (or manifest) verdict on stdout, 0/1/2.
fn verify_log(file: &std::path::Path) -> anyhow::Result<ExitCode> {
    use gatehouse_facts::audit;
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("gatehouse: cannot read {}: {e}", file.display());
            return Ok(ExitCode::from(2));
        }
    };
    let shown = file.display();
    if file.extension().is_some_and(|ext| ext == "sha256") {
        let base = file.parent().unwrap_or(std::path::Path::new("."));
        return Ok(match audit::verify_manifest(&text, base) {
            Ok(n) => {
                println!("{shown}: OK, {} verified", count_of(n as u64, "file"));
                ExitCode::SUCCESS
            }
            Err(problems) => {
                for p in &problems {
                    println!("{shown}:{}: {}: {}", p.line, p.name, p.reason);
                }
                ExitCode::from(1)
            }
        });
    }
    Ok(match audit::verify_chain(&text) {
        Ok(end) => {
            println!(
                "{shown}: OK, {}, last hash {}",
                count_of(end.records, "record"),
                end.last_hash
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{shown}:{}: {}", e.line, e.reason);
            ExitCode::from(1)
        }
    })
}
