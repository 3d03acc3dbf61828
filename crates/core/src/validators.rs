//! Named offline checks a rule can ask for (`validators = ["github_crc32"]`).

use base64::Engine as _;

use crate::rule::Confidence;

/// What a validator says about a candidate secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Keep the finding as it is.
    Pass,
    /// Keep it with a lower confidence (a checksum that does not verify: a test or made-up token).
    Downgrade,
    /// Not a secret of this format.
    Reject,
}

/// Every known validator, with what it checks.
pub const VALIDATORS: &[(&str, &str)] = &[
    ("github_crc32", "GitHub / npm style token: the last 6 base62 characters are the CRC32 of the random part"),
    ("jwt", "three base64url segments whose header decodes to JSON naming an `alg`"),
    ("base64", "the secret decodes as standard or URL-safe base64"),
    ("mixed_charset", "at least two of: upper-case letters, lower-case letters, digits"),
    ("has_digit", "at least one digit"),
    ("has_letter", "at least one ASCII letter"),
    ("not_hex_only", "not made of hexadecimal digits only (hashes, ids)"),
    ("password_shape", "a human password: not an identifier, path, number, or plain word in code"),
];

/// Whether `name` is a known validator.
pub fn is_known(name: &str) -> bool {
    VALIDATORS.iter().any(|(n, _)| *n == name)
}

pub(crate) fn run(name: &str, secret: &[u8]) -> Outcome {
    let ok = |b: bool| if b { Outcome::Pass } else { Outcome::Reject };
    match name {
        "github_crc32" => {
            if crc32_base62_ok(secret) {
                Outcome::Pass
            } else {
                Outcome::Downgrade
            }
        }
        "jwt" => ok(jwt_ok(secret)),
        "base64" => ok(base64_ok(secret)),
        "mixed_charset" => ok(classes(secret) >= 2),
        "has_digit" => ok(secret.iter().any(u8::is_ascii_digit)),
        "has_letter" => ok(secret.iter().any(u8::is_ascii_alphabetic)),
        "not_hex_only" => ok(!secret.iter().all(u8::is_ascii_hexdigit)),
        "password_shape" => ok(password_shape(secret)),
        _ => Outcome::Pass,
    }
}

/// Applies all validators of a rule; returns the confidence to keep, or None to drop the match.
pub(crate) fn apply(names: &[String], secret: &[u8], mut confidence: Confidence) -> Option<Confidence> {
    for n in names {
        match run(n, secret) {
            Outcome::Pass => {}
            Outcome::Downgrade => confidence = confidence.lower(),
            Outcome::Reject => return None,
        }
    }
    Some(confidence)
}

fn classes(s: &[u8]) -> usize {
    [
        s.iter().any(u8::is_ascii_uppercase),
        s.iter().any(u8::is_ascii_lowercase),
        s.iter().any(u8::is_ascii_digit),
    ]
    .iter()
    .filter(|&&b| b)
    .count()
}

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `prefix_` + random + 6 base62 chars of CRC32(random).
fn crc32_base62_ok(secret: &[u8]) -> bool {
    let body = match memchr::memrchr(b'_', secret) {
        Some(i) => &secret[i + 1..],
        None => secret,
    };
    if body.len() <= 6 {
        return false;
    }
    let (random, check) = body.split_at(body.len() - 6);
    let mut n = crc32fast::hash(random) as u64;
    let mut enc = [b'0'; 6];
    for slot in enc.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    enc == check
}

fn b64_decode(s: &[u8]) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    [URL_SAFE_NO_PAD, URL_SAFE, STANDARD, STANDARD_NO_PAD].iter().find_map(|e| e.decode(s).ok())
}

fn jwt_ok(secret: &[u8]) -> bool {
    let header = secret.split(|&b| b == b'.').next().unwrap_or_default();
    match b64_decode(header) {
        Some(h) => {
            let h = String::from_utf8_lossy(&h);
            h.trim_start().starts_with('{') && h.contains("\"alg\"") || h.contains("\"typ\"")
        }
        None => false,
    }
}

fn base64_ok(secret: &[u8]) -> bool {
    b64_decode(secret).is_some()
}

/// A value assigned to a password-like name that looks like a real password rather than code.
fn password_shape(s: &[u8]) -> bool {
    let s = crate::filters::trim_quotes(s);
    if s.len() < 4 || s.len() > 128 {
        return false;
    }
    // Code, not a value: calls, attribute chains, paths, booleans and nulls.
    let lower = s.to_ascii_lowercase();
    const CODE: &[&str] = &["null", "none", "nil", "true", "false", "undefined", "password", "passwd",
        "string", "required", "optional", "secret", "empty", "hidden", "input", "prompt"];
    if CODE.iter().any(|w| lower == w.as_bytes()) {
        return false;
    }
    if s.contains(&b'(') || s.starts_with(b"/") || s.starts_with(b"./") || s.ends_with(b";") {
        return false;
    }
    if s.iter().all(u8::is_ascii_digit) && s.len() < 6 {
        return false;
    }
    // An identifier such as `self.password` or `config.db_pass` or `PASSWORD_FIELD`.
    let ident_like = s.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-');
    if ident_like {
        let digits = s.iter().filter(|b| b.is_ascii_digit()).count();
        let dotted = s.contains(&b'.');
        let all_upper_snake = s.iter().all(|&b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit());
        if dotted && digits == 0 {
            return false;
        }
        if all_upper_snake && s.contains(&b'_') && digits == 0 {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32() {
        // A token built with a correct checksum.
        let random = b"abcdefghijklmnopqrstuvwxyz0123";
        let mut n = crc32fast::hash(random) as u64;
        let mut enc = [b'0'; 6];
        for slot in enc.iter_mut().rev() {
            *slot = BASE62[(n % 62) as usize];
            n /= 62;
        }
        let tok = [b"ghp_".as_slice(), random, &enc].concat();
        assert!(crc32_base62_ok(&tok));
        let mut bad = tok.clone();
        let last = bad.len() - 1;
        bad[last] = if bad[last] == b'A' { b'B' } else { b'A' };
        assert!(!crc32_base62_ok(&bad));
    }

    #[test]
    fn jwt() {
        assert!(jwt_ok(b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.abc"));
        assert!(!jwt_ok(b"eyJub3RoaW5nIjoxfQ.e30.abc"));
    }

    #[test]
    fn shapes() {
        assert!(password_shape(b"Tr0ub4dor&3x"));
        assert!(!password_shape(b"self.password"));
        assert!(!password_shape(b"DB_PASSWORD"));
        assert!(!password_shape(b"null"));
    }
}
