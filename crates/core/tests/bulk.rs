//! A scanner switches to other automata once it has searched a few megabytes (bulk scans: the
//! keyword pass walks a compact DFA in four lanes, and the prose trigger words come from that pass).
//! The findings must not change: every rule example and a few prose lines, in one large file at
//! several alignments, give the same findings before and after the switch.

mod common;

use common::{rule_file_names, rules_dir};
use leakguard_core::rule_spec::RuleFile;
use leakguard_core::Scanner;

fn text() -> String {
    let mut t = String::new();
    for n in rule_file_names() {
        let f: RuleFile = toml::from_str(&std::fs::read_to_string(rules_dir().join(&n)).expect("read")).expect("parse");
        for r in f.rules {
            for ex in r.examples.iter().chain(&r.negative_examples) {
                t.push_str(ex);
                t.push_str("\n\nSome ordinary text between the examples, with a code word or two.\n\n");
            }
        }
    }
    // Prose in a file: read only around the lines with a trigger word.
    for line in [
        "For the VPN, the password is Gendarme75! (same as the old one).",
        "le mdp du serveur TAJ c'est Gendarme75!",
        "Die PIN für das Tor ist 4711.",
        "wifi: Sunflower2024!",
        // Command lines, looked for only on the lines of their words in a bulk scan.
        "then run: mysql -h db1 -u app -pQv7#mN2xLk reports", // leakguard:allow (made-up)
        "sshpass -p Zt8!wRq3vB ssh deploy@build", // leakguard:allow (made-up)
        "CURL -u ops:Hx9!kQ2zWm https://api.internal/", // leakguard:allow (made-up)
        "redis-cli -h cache -a Rp4$tYu8Zq ping", // leakguard:allow (made-up)
        "the QR says WIFI:S:Guest;T:WPA;P:Mb7#xQe2Lp;;", // leakguard:allow (made-up)
    ] {
        t.push_str(line);
        t.push_str("\nnothing else here\n\n");
    }
    t
}

fn found(s: &Scanner, data: &[u8]) -> Vec<(String, usize, usize)> {
    let mut v: Vec<_> = s.scan_file(data).into_iter().map(|f| (f.rule_id.to_string(), f.start, f.end)).collect();
    v.sort();
    v
}

#[test]
fn same_findings_before_and_after_the_bulk_switch() {
    let base = text();
    assert!(base.len() > 64 * 1024, "a text long enough for the lanes");
    let fresh = Scanner::new();
    let bulk = Scanner::new();
    // Five megabytes of text without keywords switch `bulk` over.
    assert!(bulk.scan_file(&vec![b'.'; 5 << 20]).is_empty());
    for shift in [0usize, 1, 3, 7] {
        let data = format!("{}{base}", " ".repeat(shift));
        let want = found(&fresh, data.as_bytes());
        assert!(want.len() > 300, "examples found: {}", want.len());
        assert!(want.iter().filter(|f| f.0.starts_with("leakguard.prose.")).count() >= 8, "prose found: {want:?}");
        assert_eq!(found(&bulk, data.as_bytes()), want, "shift {shift}");
    }
}

/// A text over a few kilobytes is searched only in windows around the keywords: the keyword's
/// line alone for the rules whose matches stay on one line, the lines around it for the others.
/// Every rule example, alone (searched whole) and amid kilobytes of other lines (searched in
/// windows), gives the same findings.
#[test]
fn windows_find_what_the_whole_text_finds() {
    let s = Scanner::new();
    let filler = "lorem ipsum dolor sit amet, consectetur adipiscing elit\n".repeat(60);
    let mut checked = 0;
    let mut bad = Vec::new();
    for n in rule_file_names() {
        let f: RuleFile = toml::from_str(&std::fs::read_to_string(rules_dir().join(&n)).expect("read")).expect("parse");
        for r in f.rules {
            for ex in &r.examples {
                let alone = found(&s, ex.as_bytes());
                let data = format!("{filler}{ex}\n{filler}");
                let within: Vec<_> = found(&s, data.as_bytes())
                    .into_iter()
                    .map(|(rule, a, b)| (rule, a - filler.len(), b - filler.len()))
                    .collect();
                if within != alone {
                    bad.push(format!("{}: example {ex:?}: alone {alone:?}, amid other lines {within:?}", r.id));
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "examples checked: {checked}");
    assert!(bad.is_empty(), "{} examples:\n{}", bad.len(), bad.join("\n"));
}
