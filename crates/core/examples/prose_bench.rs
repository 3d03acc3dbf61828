//! Latency of checking chat messages, with and without the prose password detector.
//!
//! `cargo run --release -p leakguard-core --example prose_bench [tests/prose | MESSAGES.json]`
//!
//! MESSAGES.json: a JSON list of strings, e.g. typical chat traffic exported from
//! bindings/python/benches/messages.py (see BENCHMARKS.md).
//!
//! For each message of tests/prose/*.jsonl: the time of `Scanner::scan_message(text, context)`,
//! averaged over a batch of repetitions; then the median and 99th percentile over messages, per
//! language, for all messages and for the 100-300 byte ones. Also the cost of `Scanner::new()` plus one
//! first message. The benchmark checks its result: the number of secret messages caught is printed and
//! must not be zero.

use std::path::{Path, PathBuf};
use std::time::Instant;

use leakguard_core::Scanner;

const REPS: usize = 100;

struct Msg {
    lang: String,
    text: String,
    context: Option<String>,
    secret: bool,
}

fn load(dir: &Path) -> Vec<Msg> {
    // A JSON list of strings (typical chat traffic, e.g. bindings/python/benches/messages.py exported).
    if dir.is_file() {
        let list: Vec<String> = serde_json::from_str(&std::fs::read_to_string(dir).expect("messages file")).expect("a JSON list of strings");
        return list.into_iter().map(|text| Msg { lang: "chat".into(), text, context: None, secret: true }).collect();
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let lang = f.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        for line in std::fs::read_to_string(&f).unwrap_or_default().lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            out.push(Msg {
                lang: lang.clone(),
                text: v["text"].as_str().unwrap_or_default().to_string(),
                context: v.get("context").and_then(|c| c.as_str()).map(str::to_string),
                secret: v["label"] == "secret",
            });
        }
    }
    out
}

fn time_ns(scanner: &Scanner, m: &Msg) -> f64 {
    let t = Instant::now();
    let mut n = 0usize;
    for _ in 0..REPS {
        n += std::hint::black_box(scanner.scan_message(std::hint::black_box(&m.text), m.context.as_deref())).len();
    }
    std::hint::black_box(n);
    t.elapsed().as_nanos() as f64 / REPS as f64
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn main() {
    let dir = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/prose"));
    let msgs = load(&dir);
    assert!(!msgs.is_empty(), "no messages in {}", dir.display());

    // Cold start: building a scanner (the prose automaton is built once per process) plus one message.
    let t = Instant::now();
    let s = Scanner::new();
    let first = s.scan_message("le mdp du wifi c'est Tournesol!88", None);
    let cold = t.elapsed();
    assert_eq!(first.len(), 1);
    let t = Instant::now();
    let s2 = Scanner::new();
    let _ = s2.scan_message("le mdp du wifi c'est Tournesol!88", None);
    let warm_new = t.elapsed();

    let t = Instant::now();
    let s3 = Scanner::from_config_str("[detection]\nprose = false\n", "bench").expect("config");
    let _ = s3.scan_message("le mdp du wifi c'est Tournesol!88", None);
    let no_prose_new = t.elapsed();
    println!("Scanner without prose, new() + first message: {:.1} us", no_prose_new.as_secs_f64() * 1e6);

    let on = Scanner::new();
    let off = Scanner::from_config_str("[detection]\nprose = false\n", "bench").expect("config");
    let caught = msgs.iter().filter(|m| m.secret && !on.scan_message(&m.text, m.context.as_deref()).is_empty()).count();
    assert!(caught > 0);
    // (A messages file has no labels: there, "caught" counts the messages with a finding.)

    let mut langs: Vec<String> = msgs.iter().map(|m| m.lang.clone()).collect();
    langs.dedup();
    println!("messages: {} ({} secret caught by the scanner), {} repetitions each", msgs.len(), caught, REPS);
    println!("Scanner::new() + first message, first in process: {:.1} us; again: {:.1} us", cold.as_secs_f64() * 1e6, warm_new.as_secs_f64() * 1e6);
    println!();
    println!("| lang | msgs | median (us) | p99 (us) | 100-300 B msgs | median 100-300 B (us) | p99 100-300 B (us) | median, prose off (us) |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let (mut all_on, mut all_mid, mut all_off) = (Vec::new(), Vec::new(), Vec::new());
    for lang in &langs {
        let (mut v_on, mut v_mid, mut v_off) = (Vec::new(), Vec::new(), Vec::new());
        for m in msgs.iter().filter(|m| &m.lang == lang) {
            let a = time_ns(&on, m) / 1000.0;
            let b = time_ns(&off, m) / 1000.0;
            v_on.push(a);
            v_off.push(b);
            if (100..=300).contains(&m.text.len()) {
                v_mid.push(a);
            }
        }
        all_on.extend_from_slice(&v_on);
        all_mid.extend_from_slice(&v_mid);
        all_off.extend_from_slice(&v_off);
        let n = v_on.len();
        let nm = v_mid.len();
        println!(
            "| {lang} | {n} | {:.2} | {:.2} | {nm} | {:.2} | {:.2} | {:.2} |",
            pct(&mut v_on, 0.5), pct(&mut v_on, 0.99), pct(&mut v_mid, 0.5), pct(&mut v_mid, 0.99), pct(&mut v_off, 0.5)
        );
    }
    let (n, nm) = (all_on.len(), all_mid.len());
    println!(
        "| **all** | {n} | {:.2} | {:.2} | {nm} | {:.2} | {:.2} | {:.2} |",
        pct(&mut all_on, 0.5), pct(&mut all_on, 0.99), pct(&mut all_mid, 0.5), pct(&mut all_mid, 0.99), pct(&mut all_off, 0.5)
    );
}
