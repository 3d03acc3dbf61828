//! Scans messages given one per line on stdin (JSON lines with a `text` field, other fields passed
//! through) through `Scanner::scan_message`, each message alone, and writes one JSON line per message
//! with a finding: the input object plus `found` ([rule id, start, end, value] for each finding).
//! Used by `scripts/prose_ordinary_fp.py` (false positives on ordinary text).
//!
//!   cargo run --release -p leakguard-core --example prose_lines < messages.jsonl

use std::io::{BufRead, Write};

use leakguard_core::Scanner;

fn main() {
    let scanner = Scanner::new();
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        let msg = v["text"].as_str().unwrap_or_default().to_owned();
        let found = scanner.scan_message(&msg, None);
        if found.is_empty() {
            continue;
        }
        let list: Vec<serde_json::Value> =
            found.iter().map(|f| serde_json::json!([f.rule_id, f.start, f.end, &msg[f.start..f.end]])).collect();
        v["found"] = serde_json::Value::Array(list);
        let _ = writeln!(out, "{v}");
    }
}
