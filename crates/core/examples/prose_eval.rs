//! Scores the whole scanner on a folder of labelled messages (`<lang>.jsonl`: text, label, secret,
//! optional secrets and context), per language: recall on `secret` cases (every listed secret
//! overlapped by a finding), false positives on `not_secret` cases (anything found).
//!
//!   cargo run --release -p leakguard-core --example prose_eval -- tests/prose_holdout [MISSES]

use std::collections::BTreeMap;

use leakguard_core::Scanner;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "tests/prose_holdout".into());
    let show: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let scanner = Scanner::new();
    let mut rows: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for path in &files {
        let lang = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let row = rows.entry(lang.clone()).or_default();
        let (mut misses, mut fps) = (0, 0);
        for line in std::fs::read_to_string(path).unwrap_or_default().lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("json line");
            let msg = v["text"].as_str().unwrap_or_default();
            let ctx = v.get("context").and_then(|c| c.as_str());
            let found = scanner.scan_message(msg, ctx);
            if v["label"] == "secret" {
                row[0] += 1;
                let mut want: Vec<&str> =
                    v.get("secrets").and_then(|s| s.as_array()).map(|a| a.iter().filter_map(|x| x.as_str()).collect()).unwrap_or_default();
                if want.is_empty() {
                    want.push(v["secret"].as_str().unwrap_or_default());
                }
                let ok = want.iter().all(|s| {
                    msg.find(s).is_some_and(|at| found.iter().any(|f| f.start < at + s.len() && at < f.end))
                });
                if ok {
                    row[1] += 1;
                } else if misses < show {
                    misses += 1;
                    println!("MISS {lang}: {msg:?} ctx={ctx:?} want={want:?}");
                }
            } else {
                row[2] += 1;
                if !found.is_empty() {
                    row[3] += 1;
                    if fps < show {
                        fps += 1;
                        let got: Vec<_> = found.iter().map(|f| (f.rule_id.as_str(), &msg[f.start..f.end])).collect();
                        println!("FP   {lang}: {msg:?} got={got:?}");
                    }
                }
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!("| lang | secret | recall | not_secret | FP rate |\n|---|---:|---:|---:|---:|");
    let mut t = [0usize; 4];
    for (lang, r) in &rows {
        println!("| {lang} | {} | {:.1}% | {} | {:.1}% |", r[0], pct(r[1], r[0]), r[2], pct(r[3], r[2]));
        for i in 0..4 {
            t[i] += r[i];
        }
    }
    println!("| **all** | {} | {:.1}% | {} | {:.2}% |", t[0], pct(t[1], t[0]), t[2], pct(t[3], t[2]));
}
