//! Any bytes through every entry point of the core: no panic, offsets in bounds and on the secret.
#![no_main]

use std::sync::OnceLock;

use leakguard_core::Scanner;
use libfuzzer_sys::fuzz_target;

fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(Scanner::new)
}

fuzz_target!(|data: &[u8]| {
    let s = scanner();
    for f in s.scan_bytes(data).into_iter().chain(s.scan_file(data)) {
        assert!(f.start < f.end && f.end <= data.len());
        assert_eq!(String::from_utf8_lossy(&data[f.start..f.end]), f.secret);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let (first, second) = text.split_at(text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i));
        for f in s.scan_message(second, Some(first)) {
            assert!(second.is_char_boundary(f.start) && second.is_char_boundary(f.end));
            assert_eq!(&second[f.start..f.end], f.secret);
        }
        let red = s.redact(text);
        let v = s.check(text);
        for f in &v.findings {
            assert!(f.secret.len() < 8 || !v.reason.contains(&f.secret), "reason repeats a secret");
        }
        let _ = red;
    }
});
