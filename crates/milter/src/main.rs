//! `leakguard-milter`: the daemon. `--config FILE` (a `[milter]` section plus leakguard's detection
//! sections), `--listen inet:127.0.0.1:8891|unix:/path`; `--check FILE.eml` scans one message and
//! prints the decision instead of serving.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Parser;
use leakguard_milter::{analyze, bind, decide, serve, Outcome, Settings};

#[derive(Parser)]
#[command(
    name = "leakguard-milter",
    version,
    about = "Mail filter (milter) that refuses mail carrying passwords and secrets"
)]
struct Args {
    /// TOML config: a [milter] section plus leakguard's [detection], [policy], [allowlist], [[rules]].
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// Where to listen: inet:HOST:PORT, inet:PORT@HOST or unix:PATH (overrides milter.listen).
    #[arg(long, short)]
    listen: Option<String>,
    /// Scan these message files (RFC 5322, .eml) and print the decision for each, then exit:
    /// 0 when every message would be accepted, 1 otherwise.
    #[arg(long, num_args = 1.., value_name = "FILE.eml")]
    check: Vec<PathBuf>,
    /// Only load and check the config, then exit.
    #[arg(long)]
    check_config: bool,
}

fn main() -> ExitCode {
    // A panic message can quote the text being processed: log where, never what.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("leakguard-milter: internal error (panic) at {at}; the message gets the fail-safe answer");
    }));
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("leakguard-milter: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let mut settings = match &args.config {
        Some(p) => Settings::from_file(p)?,
        None => Settings::default_settings(),
    };
    if let Some(l) = args.listen {
        settings.milter.listen = l;
    }
    if args.check_config || args.check.is_empty() {
        // Every rule's regex now: a bad user rule fails at start, and the first mail pays no compile time.
        settings.scanner.compile_all()?;
    }
    if args.check_config {
        println!(
            "config ok: listen={} on_block={} on_warn={} on_error={:?}",
            settings.milter.listen,
            settings.milter.on_block.as_str(),
            settings.milter.on_warn.as_str(),
            settings.milter.on_error
        );
        return Ok(ExitCode::SUCCESS);
    }
    if !args.check.is_empty() {
        let mut all_accepted = true;
        for path in &args.check {
            let raw =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let outcome = if raw.len() as u64 > settings.milter.max_message_size {
                Outcome::Unscanned(format!(
                    "over the size limit of {} bytes",
                    settings.milter.max_message_size
                ))
            } else {
                Outcome::Scanned(analyze(
                    &settings.scanner,
                    &raw,
                    &settings.milter.text_extensions,
                ))
            };
            let d = decide(&settings.milter, &outcome);
            all_accepted &= d.reply.is_none() && d.quarantine.is_none();
            let reply = d
                .reply
                .as_ref()
                .map(|(c, x, t)| format!(" reply=\"{c} {x} {t}\""))
                .unwrap_or_default();
            let header = d
                .header
                .as_ref()
                .map(|h| format!(" header=\"{}: {h}\"", settings.milter.header))
                .unwrap_or_default();
            println!(
                "{}: action={} verdict={}{reply}{header}",
                path.display(),
                d.act.as_str(),
                d.verdict
            );
        }
        return Ok(if all_accepted {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let (listener, bound) = bind(&settings.milter.listen).await?;
        eprintln!("leakguard-milter: listening on {bound} (on_block={}, on_error={:?})",
            settings.milter.on_block.as_str(), settings.milter.on_error);
        let shutdown = async {
            let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending::<()>().await } } => {}
            }
            eprintln!("leakguard-milter: shutting down");
        };
        serve(listener, Arc::new(settings), shutdown).await.context("milter stopped")?;
        Ok(ExitCode::SUCCESS)
    })
}
