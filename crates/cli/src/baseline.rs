//! `leakguard baseline`: records the findings present today in `.leakguard-baseline.json`, so that later
//! scans (`scan`, the git hooks, `git history`) report only new ones. The file holds fingerprints (rule +
//! secret hash), rule ids and paths: no line numbers and no dates, so it does not churn on every edit.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use serde_json::{json, Value};

use crate::config_load;
use crate::scan::{self, FileFindings, ScanArgs};

#[derive(Args, Debug)]
pub struct BaselineArgs {
    /// Files or folders to scan. Default: the current folder.
    pub paths: Vec<PathBuf>,
    /// Also record the findings of the whole git history (`leakguard git history`).
    #[arg(long)]
    pub history: bool,
    /// Where to write. Default: .leakguard-baseline.json at the repository root.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Configuration file (default: .leakguard.toml at the repository root).
    #[arg(long, short = 'c')]
    pub config: Option<PathBuf>,
    /// Ignore .leakguard.toml.
    #[arg(long)]
    pub no_config: bool,
    /// Do not print the summary line on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub fn run(args: BaselineArgs) -> Result<u8> {
    // The old baseline must not hide findings from the new one.
    let base = args.paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let (scanner, config) = config_load::load_with(args.config.as_deref(), args.no_config, &base, false, None)?;
    let scan_args = ScanArgs {
        paths: args.paths.clone(),
        format: None,
        show_secrets: false,
        config: None,
        no_config: false,
        max_file_size: None,
        min_confidence: None,
        threads: None,
        no_ignore: false,
        follow: false,
        stdin_name: "<stdin>".into(),
        quiet: true,
    };
    let (mut results, errors, _) = scan::collect(&scan_args, &scanner, &config)?;
    if !errors.is_empty() {
        anyhow::bail!("{} file(s) could not be read; baseline not written", errors.len());
    }
    if args.history {
        results.extend(crate::git::history::collect(&scanner, &config, &[])?);
    }
    let root = config_load::repo_root(if base.is_dir() { &base } else { Path::new(".") });
    let out = args.output.clone().unwrap_or_else(|| root.join(config_load::BASELINE_NAME));
    let n = write(&out, &results)?;
    if !args.quiet {
        eprintln!("leakguard: baseline of {n} finding{} written to {}", if n == 1 { "" } else { "s" }, out.display());
    }
    Ok(crate::EXIT_CLEAN)
}

/// Writes the baseline file; returns the number of entries.
pub fn write(path: &Path, results: &[FileFindings]) -> Result<usize> {
    let mut entries: BTreeSet<(String, String, String)> = BTreeSet::new();
    for f in results {
        for x in &f.findings {
            entries.insert((f.path.clone(), x.rule_id.clone(), x.fingerprint.clone()));
        }
    }
    let findings: Vec<Value> =
        entries.iter().map(|(p, r, fp)| json!({ "fingerprint": fp, "rule": r, "path": p })).collect();
    let doc = json!({
        "version": 1,
        "tool": "leakguard",
        "about": "Findings known when leakguard was adopted; scans report only others. Regenerate with `leakguard baseline`.",
        "findings": findings,
    });
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(entries.len())
}

/// The fingerprints of a baseline file.
pub fn read(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read baseline {}", path.display()))?;
    parse(&text).with_context(|| format!("bad baseline {}", path.display()))
}

fn parse(text: &str) -> Result<Vec<String>> {
    let v: Value = serde_json::from_str(text)?;
    let list = v.get("findings").and_then(Value::as_array).context("no \"findings\" array")?;
    let mut out = Vec::with_capacity(list.len());
    for (i, e) in list.iter().enumerate() {
        let fp = e.get("fingerprint").and_then(Value::as_str).with_context(|| format!("findings[{i}] has no fingerprint"))?;
        out.push(fp.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_name_the_entry() {
        assert_eq!(parse(r#"{"findings":[{"fingerprint":"ab"}]}"#).unwrap_or_default(), vec!["ab".to_string()]);
        let e = parse(r#"{"findings":[{"rule":"x"}]}"#).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("findings[0]"), "{e}");
        assert!(parse("not json").is_err());
    }
}
