//! Output formats: text (terminal), json, jsonl, sarif, junit. The clear secret only with --show-secrets.

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
    /// JUnit XML: one failed test case per finding, for CI test reports.
    Junit,
}

/// The commit a finding was found in (git hooks and history scans).
#[derive(Debug, Clone, Default)]
pub struct Commit {
    /// Full object id.
    pub id: String,
    /// `Name <mail>`.
    pub author: String,
    /// Author date, ISO 8601.
    pub date: String,
}

impl Commit {
    /// The abbreviated id shown to people.
    pub fn short(&self) -> &str {
        &self.id[..self.id.len().min(10)]
    }
}

/// What to print.
pub struct Report<'a> {
    pub files: &'a [FileFindings],
    pub scanner: &'a Scanner,
    pub show_secrets: bool,
    /// Whether `Finding::start`/`end` are offsets into the file (false for findings in diff hunks).
    pub byte_offsets: bool,
}

pub fn write(out: &mut dyn Write, format: Format, r: &Report) -> Result<()> {
    match format {
        Format::Text => text(out, r)?,
        Format::Json => {
            let all: Vec<Value> = r
                .files
                .iter()
                .flat_map(|f| f.findings.iter().map(move |x| file_finding_json(f, x, r)))
                .collect();
            serde_json::to_writer_pretty(&mut *out, &all)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for f in r.files {
                for x in &f.findings {
                    serde_json::to_writer(&mut *out, &file_finding_json(f, x, r))?;
                    writeln!(out)?;
                }
            }
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif(r))?;
            writeln!(out)?;
        }
        Format::Junit => junit(out, r)?,
    }
    out.flush()?;
    Ok(())
}

fn file_finding_json(f: &FileFindings, x: &Finding, r: &Report) -> Value {
    let mut v = finding_json(&f.path, x, r.show_secrets);
    if !r.byte_offsets {
        if let Some(o) = v.as_object_mut() {
            o.remove("start");
            o.remove("end");
        }
    }
    if let Some(c) = &f.commit {
        v["commit"] = Value::String(c.id.clone());
        v["author"] = Value::String(c.author.clone());
        v["date"] = Value::String(c.date.clone());
    }
    v
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
            let commit = f.commit.as_ref().map(|c| format!("{} ", c.short())).unwrap_or_default();
            write!(
                out,
                "{commit}{bold}{}:{}:{}{reset}  {c}{}{reset} ({})  {}  {dim}{}{reset}",
                f.path, x.line, x.column, x.rule_name, x.confidence, shown.replace('\n', "\\n"), x.rule_id
            )?;
            match &f.commit {
                Some(c) if !c.author.is_empty() => writeln!(out, "  {dim}{}, {}{reset}", c.author, c.date)?,
                _ => writeln!(out)?,
            }
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
                let mut region = json!({
                    "startLine": x.line,
                    "startColumn": x.column,
                    "endLine": x.end_line,
                    "endColumn": x.end_column,
                });
                if r.byte_offsets {
                    region["byteOffset"] = json!(x.start);
                    region["byteLength"] = json!(x.end - x.start);
                }
                let mut props = json!({ "confidence": x.confidence.as_str() });
                if let Some(c) = &f.commit {
                    props["commit"] = Value::String(c.id.clone());
                    props["author"] = Value::String(c.author.clone());
                    props["date"] = Value::String(c.date.clone());
                }
                json!({
                    "ruleId": x.rule_id,
                    "ruleIndex": index,
                    "level": level,
                    "message": { "text": format!("{} found: {}", x.rule_name, x.redacted) },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": sarif_uri(&f.path) },
                            "region": region
                        }
                    }],
                    "partialFingerprints": { "leakguardFingerprint/v1": x.fingerprint },
                    "properties": props,
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

/// JUnit XML as CI services read it (GitLab `artifacts:reports:junit`, Jenkins): one test case per
/// finding, failed; one passing test case when nothing was found, so the report is never empty.
fn junit(out: &mut dyn Write, r: &Report) -> Result<()> {
    let total: usize = r.files.iter().map(|f| f.findings.len()).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="leakguard" tests="{}" failures="{total}">"#, total.max(1))?;
    writeln!(out, r#"  <testsuite name="leakguard" tests="{}" failures="{total}" errors="0" skipped="0">"#, total.max(1))?;
    if total == 0 {
        writeln!(out, r#"    <testcase classname="leakguard" name="no secrets found"/>"#)?;
    }
    for f in r.files {
        for x in &f.findings {
            let shown = if r.show_secrets { &x.secret } else { &x.redacted };
            let commit = f.commit.as_ref().map(|c| format!(" in commit {}", c.short())).unwrap_or_default();
            let name = format!("{}:{} {}{commit}", f.path, x.line, x.rule_id);
            let message = format!("{} ({}) at {}:{}:{}{commit}: {}", x.rule_name, x.confidence, f.path, x.line, x.column, shown);
            writeln!(out, r#"    <testcase classname="{}" name="{}" file="{}" line="{}">"#, xml_escape(&f.path), xml_escape(&name), xml_escape(&f.path), x.line)?;
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}&#10;fingerprint: {}</failure>"#,
                xml_escape(&message),
                xml_escape(&x.rule_id),
                xml_escape(&message),
                x.fingerprint
            )?;
            writeln!(out, "    </testcase>")?;
        }
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")?;
    Ok(())
}

/// Escapes text for XML attributes and content; control characters XML 1.0 forbids become `?`.
fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\n' => o.push_str("&#10;"),
            '\t' | '\r' => o.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => o.push('?'),
            c => o.push(c),
        }
    }
    o
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
