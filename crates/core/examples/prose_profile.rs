//! Scans the 100-300 byte messages of the development set in a loop (for profilers).
#![allow(clippy::unwrap_used)] // a development tool: a missing file is the message wanted
fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/prose");
    let mut msgs = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "jsonl") {
            for line in std::fs::read_to_string(&p).unwrap().lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                let t = v["text"].as_str().unwrap_or_default().to_string();
                if (100..=300).contains(&t.len()) && v.get("context").is_none() {
                    msgs.push(t);
                }
            }
        }
    }
    let s = leakguard_core::Scanner::new();
    let reps: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    let t = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..reps {
        for m in &msgs {
            n += s.scan_message(m, None).len();
        }
    }
    eprintln!("{} msgs x {reps}: {:.2} us/msg, {n} findings", msgs.len(), t.elapsed().as_secs_f64() * 1e6 / (reps * msgs.len()) as f64);
}
