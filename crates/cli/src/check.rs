//! `leakguard check`: the message filter for chat servers, mail filters and scripts that shell out.
//!
//! Reads one message (stdin, or `--text`), optionally the previous message of the conversation
//! (`--context`), prints the verdict and exits 0 to allow (or warn), 1 to block, 2 on error.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use leakguard_core::{Action, Confidence, Verdict};
use serde_json::{json, Value};

use crate::config_load;
use crate::{EXIT_CLEAN, EXIT_FOUND};

/// Output of `check`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
    /// One line: action, reason; the redacted message on a second line when something was found.
    Text,
    /// One JSON object: action, confidence, findings (byte and character offsets), reason, redacted.
    Json,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The message (default: read stdin).
    #[arg(long)]
    pub text: Option<String>,
    /// The previous message of the conversation (for answers to "what's the wifi password?").
    #[arg(long)]
    pub context: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// Configuration file (default: .leakguard.toml at the repository root).
    #[arg(long, short = 'c')]
    pub config: Option<PathBuf>,
    /// Ignore .leakguard.toml.
    #[arg(long)]
    pub no_config: bool,
    /// Block at or above this confidence (overrides `policy.block_at`).
    #[arg(long, value_parser = parse_confidence)]
    pub block_at: Option<Confidence>,
    /// Print the secrets themselves in the findings (never in `reason` or `redacted`).
    #[arg(long)]
    pub show_secrets: bool,
}

fn parse_confidence(s: &str) -> Result<Confidence, String> {
    Confidence::parse(s).ok_or_else(|| format!("{s:?} is not low, medium or high"))
}

pub fn run(args: CheckArgs) -> Result<u8> {
    let message = match &args.text {
        Some(t) => t.clone(),
        None => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).context("cannot read the message from stdin")?;
            String::from_utf8(buf).context("the message on stdin is not UTF-8")?
        }
    };
    let (mut scanner, _config) = config_load::load(args.config.as_deref(), args.no_config, std::path::Path::new("."))?;
    if let Some(b) = args.block_at {
        let mut p = scanner.policy();
        p.block_at = b;
        if p.warn_at > b {
            p.warn_at = b;
        }
        scanner.set_policy(p);
    }
    let verdict = scanner.check_message(&message, args.context.as_deref());
    let mut out = std::io::stdout().lock();
    match args.format {
        CheckFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &verdict_json(&message, &verdict, args.show_secrets))?;
            writeln!(out)?;
        }
        CheckFormat::Text => {
            writeln!(out, "{}: {}", verdict.action, verdict.reason)?;
            if !verdict.findings.is_empty() {
                writeln!(out, "{}", verdict.redacted)?;
            }
        }
    }
    out.flush()?;
    Ok(if verdict.action == Action::Block { EXIT_FOUND } else { EXIT_CLEAN })
}

/// The character (Unicode scalar) offset of byte offset `b` in `s`.
fn char_offset(s: &str, b: usize) -> usize {
    s.get(..b).map_or_else(|| s.chars().count(), |p| p.chars().count())
}

/// The verdict as JSON. The clear secret appears only with `show_secrets`.
pub fn verdict_json(message: &str, v: &Verdict, show_secrets: bool) -> Value {
    let findings: Vec<Value> = v
        .findings
        .iter()
        .map(|f| {
            let mut x = json!({
                "rule": f.rule_id,
                "rule_name": f.rule_name,
                "confidence": f.confidence.as_str(),
                "start": f.start,
                "end": f.end,
                "char_start": char_offset(message, f.start),
                "char_end": char_offset(message, f.end),
                "line": f.line,
                "column": f.column,
                "redacted": f.redacted,
                "fingerprint": f.fingerprint,
            });
            if show_secrets {
                x["secret"] = Value::String(f.secret.clone());
            }
            x
        })
        .collect();
    json!({
        "action": v.action.as_str(),
        "confidence": v.confidence.map(|c| c.as_str()),
        "findings": findings,
        "reason": v.reason,
        "redacted": v.redacted,
    })
}
