//! Measures the prose password detector on the development corpus (tests/prose/*.jsonl) through the
//! whole scanner (`Scanner::scan_message` with the previous message as context) and asserts floors.
//!
//! A `secret` case is caught when a finding overlaps its `secret` (and each of `secrets`); a
//! `not_secret` case is a false positive when anything is found. Run with `--nocapture` for the table;
//! `PROSE_MISSES=N` prints N misses and N false positives per language.

use std::collections::BTreeMap;
use std::path::Path;

use leakguard_core::Scanner;

/// Floors: slightly below what the detector achieves, so regressions fail the build.
const MIN_RECALL_OVERALL: f64 = 0.92;
const MAX_FP_OVERALL: f64 = 0.01;
const MIN_RECALL_LANG: f64 = 0.84;
const MAX_FP_LANG: f64 = 0.02;

#[derive(Default)]
struct Row {
    secret: usize,
    caught: usize,
    not_secret: usize,
    fp: usize,
}

#[test]
fn prose_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/prose");
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "jsonl")).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    if files.is_empty() {
        eprintln!("no corpus in {}", dir.display());
        return;
    }
    let show: usize = std::env::var("PROSE_MISSES").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let scanner = Scanner::new();
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    for path in &files {
        let lang = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let row = rows.entry(lang.clone()).or_default();
        let (mut shown_miss, mut shown_fp) = (0, 0);
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let msg = v["text"].as_str().unwrap_or_default();
            let ctx = v.get("context").and_then(|c| c.as_str());
            let findings = scanner.scan_message(msg, ctx);
            if v["label"] == "secret" {
                row.secret += 1;
                let mut secrets: Vec<&str> = v.get("secrets").and_then(|s| s.as_array()).map(|a| a.iter().filter_map(|x| x.as_str()).collect()).unwrap_or_default();
                if secrets.is_empty() {
                    secrets.push(v["secret"].as_str().unwrap_or_default());
                }
                let all = secrets.iter().all(|s| {
                    let Some(at) = msg.find(s) else { return false };
                    let (ss, se) = (at, at + s.len());
                    findings.iter().any(|f| f.start < se && ss < f.end)
                });
                if all {
                    row.caught += 1;
                } else if shown_miss < show {
                    shown_miss += 1;
                    eprintln!("MISS {lang}: {msg:?} ctx={ctx:?} want={secrets:?} got={:?}", findings.iter().map(|f| &msg[f.start..f.end]).collect::<Vec<_>>());
                }
            } else {
                row.not_secret += 1;
                if !findings.is_empty() {
                    row.fp += 1;
                    if shown_fp < show {
                        shown_fp += 1;
                        eprintln!("FP   {lang}: {msg:?} ctx={ctx:?} got={:?}", findings.iter().map(|f| (f.rule_id.as_str(), &msg[f.start..f.end])).collect::<Vec<_>>());
                    }
                }
            }
        }
    }
    let mut total = Row::default();
    eprintln!("| lang | secret | recall | not_secret | FP | FP rate |");
    eprintln!("|---|---:|---:|---:|---:|---:|");
    let mut failures = Vec::new();
    for (lang, r) in &rows {
        let recall = r.caught as f64 / r.secret.max(1) as f64;
        let fpr = r.fp as f64 / r.not_secret.max(1) as f64;
        eprintln!("| {lang} | {} | {:.1}% | {} | {} | {:.2}% |", r.secret, recall * 100.0, r.not_secret, r.fp, fpr * 100.0);
        if r.secret > 0 && recall < MIN_RECALL_LANG {
            failures.push(format!("{lang}: recall {:.1}% < {:.0}%", recall * 100.0, MIN_RECALL_LANG * 100.0));
        }
        if r.not_secret > 0 && fpr > MAX_FP_LANG {
            failures.push(format!("{lang}: FP {:.2}% > {:.0}%", fpr * 100.0, MAX_FP_LANG * 100.0));
        }
        total.secret += r.secret;
        total.caught += r.caught;
        total.not_secret += r.not_secret;
        total.fp += r.fp;
    }
    let recall = total.caught as f64 / total.secret.max(1) as f64;
    let fpr = total.fp as f64 / total.not_secret.max(1) as f64;
    eprintln!("| **all** | {} | {:.1}% | {} | {} | {:.2}% |", total.secret, recall * 100.0, total.not_secret, total.fp, fpr * 100.0);
    if recall < MIN_RECALL_OVERALL {
        failures.push(format!("overall recall {:.1}%", recall * 100.0));
    }
    if fpr > MAX_FP_OVERALL {
        failures.push(format!("overall FP {:.2}%", fpr * 100.0));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
