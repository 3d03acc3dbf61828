//! Shared by the prose detector's snippet tests (prose_code.rs, prose_docs.rs): each snippet is
//! scanned alone (a message) and in the middle of a larger file (read by windows around its
//! keywords), through the whole scanner.

use leakguard_core::Scanner;

/// The values the prose detector reports in `text`.
pub fn prose_values(scanner: &Scanner, text: &str) -> Vec<String> {
    scanner.scan(text).iter().filter(|f| f.rule_id == "leakguard.prose.password").map(|f| text[f.start..f.end].to_string()).collect()
}

/// The snippet alone, and the snippet in the middle of a file of neutral code.
pub fn both(snippet: &str) -> [String; 2] {
    let pad: String = (0..150).map(|i| format!("counter_{i} = {i}\n")).collect();
    [snippet.to_string(), format!("{pad}{snippet}\n{pad}")]
}

/// No prose finding in the snippet, alone or in a file.
#[track_caller]
pub fn quiet(snippet: &str) {
    let scanner = Scanner::new();
    for text in both(snippet) {
        let v = prose_values(&scanner, &text);
        assert!(v.is_empty(), "{snippet:?}: expected no prose finding, found {v:?}");
    }
}

/// `secret` is found, alone and in a file (by the prose detector, or by a regex rule that names it
/// first: `password: X` is also an assignment).
#[track_caller]
pub fn finds(snippet: &str, secret: &str) {
    let scanner = Scanner::new();
    for text in both(snippet) {
        let v: Vec<String> = scanner.scan(&text).iter().map(|f| text[f.start..f.end].to_string()).collect();
        assert!(v.iter().any(|x| x == secret), "{snippet:?}: expected {secret:?}, found {v:?}");
    }
}
