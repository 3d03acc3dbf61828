//! Output formats: text (terminal), json, jsonl, sarif. The clear secret only with --show-secrets.

use std::io::{IsTerminal, Write};

use anyhow::Result;
use leakguard_core::{Finding, Scanner};
use serde_json::{json, Value};

use crate::scan::FileFindings;

/// How findings are printed.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `path:line:col  rule  masked` (colour on a terminal).
    Text,
    /// One JSON array of findings.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
}

/// What to print.
pub struct Report<'a> {
    pub files: &'a [FileFindings],
    pub scanner: &'a Scanner,
    pub show_secrets: bool,
}

pub fn write(out: &mut dyn Write, format: Format, r: &Report) -> Result<()> {
    match format {
        Format::Text => text(out, r)?,
        Format::Json => {
            let all: Vec<Value> = r
                .files
                .iter()
                .flat_map(|f| f.findings.iter().map(move |x| finding_json(&f.path, x, r.show_secrets)))
                .collect();
            serde_json::to_writer_pretty(&mut *out, &all)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for f in r.files {
                for x in &f.findings {
                    serde_json::to_writer(&mut *out, &finding_json(&f.path, x, r.show_secrets))?;
                    writeln!(out)?;
                }
            }
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif(r))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// One finding as JSON; `secret` only when asked for.
pub fn finding_json(path: &str, f: &Finding, show_secret: bool) -> Value {
    let mut v = json!({
        "rule": f.rule_id,
        "rule_name": f.rule_name,
        "family": f.family,
        "path": path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "start": f.start,
        "end": f.end,
        "confidence": f.confidence.as_str(),
        "fingerprint": f.fingerprint,
        "redacted": f.redacted,
    });
    if show_secret {
        v["secret"] = Value::String(f.secret.clone());
    }
    v
}

fn text(out: &mut dyn Write, r: &Report) -> Result<()> {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let (bold, red, yellow, dim, reset) =
        if color { ("\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[2m", "\x1b[0m") } else { ("", "", "", "", "") };
    for f in r.files {
        for x in &f.findings {
            let c = match x.confidence {
                leakguard_core::Confidence::High => red,
                _ => yellow,
            };
            let shown = if r.show_secrets { &x.secret } else { &x.redacted };
            writeln!(
                out,
                "{bold}{}:{}:{}{reset}  {c}{}{reset} ({})  {}  {dim}{}{reset}",
                f.path, x.line, x.column, x.rule_name, x.confidence, shown.replace('\n', "\\n"), x.rule_id
            )?;
        }
    }
    Ok(())
}

fn sarif(r: &Report) -> Value {
    let mut rule_ids: Vec<&str> = Vec::new();
    for f in r.files {
        for x in &f.findings {
            if !rule_ids.contains(&x.rule_id.as_str()) {
                rule_ids.push(&x.rule_id);
            }
        }
    }
    rule_ids.sort_unstable();
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| {
            let rule = r.scanner.rule(id);
            let name = rule.map_or(*id, |x| x.name.as_str());
            let desc = rule.map_or("", |x| x.description.as_str());
            let mut v = json!({
                "id": id,
                "name": name,
                "shortDescription": { "text": name },
                "fullDescription": { "text": if desc.is_empty() { name } else { desc } },
                "defaultConfiguration": { "level": "error" },
                "properties": { "tags": ["security", "secret"] },
            });
            if let Some(url) = rule.and_then(|x| x.references.first()) {
                v["helpUri"] = Value::String(url.clone());
            }
            v
        })
        .collect();
    let rule_ids = &rule_ids;
    let results: Vec<Value> = r
        .files
        .iter()
        .flat_map(|f| {
            f.findings.iter().map(move |x| {
                let level = match x.confidence {
                    leakguard_core::Confidence::Low => "warning",
                    _ => "error",
                };
                let index = rule_ids.binary_search(&x.rule_id.as_str()).unwrap_or(0);
                json!({
                    "ruleId": x.rule_id,
                    "ruleIndex": index,
                    "level": level,
                    "message": { "text": format!("{} found: {}", x.rule_name, x.redacted) },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": sarif_uri(&f.path) },
                            "region": {
                                "startLine": x.line,
                                "startColumn": x.column,
                                "endLine": x.end_line,
                                "endColumn": x.end_column,
                                "byteOffset": x.start,
                                "byteLength": x.end - x.start,
                            }
                        }
                    }],
                    "partialFingerprints": { "leakguardFingerprint/v1": x.fingerprint },
                    "properties": { "confidence": x.confidence.as_str() },
                })
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "leakguard",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/leakguard",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// A relative path as a SARIF URI: forward slashes, spaces and `%` escaped.
fn sarif_uri(path: &str) -> String {
    let mut s = String::with_capacity(path.len());
    for ch in path.replace('\\', "/").chars() {
        match ch {
            ' ' => s.push_str("%20"),
            '%' => s.push_str("%25"),
            '#' => s.push_str("%23"),
            '?' => s.push_str("%3F"),
            c => s.push(c),
        }
    }
    s
}
