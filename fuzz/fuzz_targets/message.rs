//! A chat message with the message before it, as a chat hook sees them: `scan_message` with a
//! context, `redact_with` on its findings and `check_message`. Input: the previous message, a NUL,
//! then the message (no NUL: no previous message). No panic, offsets in bounds and on the secret,
//! and no secret left in the redacted text or in the reason shown to the sender.
#![no_main]

use std::sync::OnceLock;

use leakguard_core::{redact_with, Finding, Scanner};
use libfuzzer_sys::fuzz_target;

fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(Scanner::new)
}

/// Whether `secret` also stands in `text` somewhere no finding covers (a copy left unflagged).
fn uncovered_copy(text: &str, secret: &str, found: &[Finding]) -> bool {
    text.match_indices(secret).any(|(i, _)| found.iter().all(|f| f.end <= i || f.start >= i + secret.len()))
}

/// Checks that redaction left none of the findings' secrets in `red`.
fn assert_redacted(text: &str, found: &[Finding], red: &str) {
    for f in found {
        // A secret with `*` could be rebuilt next to a mask; a short one can occur by chance.
        if f.secret.len() >= 8 && !f.secret.contains('*') && !uncovered_copy(text, &f.secret, found) {
            assert!(!red.contains(&f.secret), "redacted text keeps a secret of {}", f.rule_id);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (previous, message) = match text.split_once('\0') {
        Some((p, m)) => (Some(p), m),
        None => (None, text),
    };
    let s = scanner();
    let found = s.scan_message(message, previous);
    for f in &found {
        assert!(f.start < f.end && f.end <= message.len());
        assert!(message.is_char_boundary(f.start) && message.is_char_boundary(f.end));
        assert_eq!(&message[f.start..f.end], f.secret);
    }
    let red = redact_with(message, &found);
    assert_redacted(message, &found, &red);
    let v = s.check_message(message, previous);
    assert_eq!(v.findings.len(), found.len());
    assert_redacted(message, &v.findings, &v.redacted);
    // The reason names the rules; a secret that is also part of a rule's name (a message with
    // `Pwd=ADO.NET /`) is found there by chance, not repeated from the message.
    let names: Vec<&str> = v.findings.iter().map(|f| f.rule_name.as_str()).collect();
    for f in &v.findings {
        let by_name = names.iter().any(|n| n.contains(&f.secret));
        assert!(f.secret.len() < 8 || by_name || !v.reason.contains(&f.secret), "reason repeats a secret");
    }
});
