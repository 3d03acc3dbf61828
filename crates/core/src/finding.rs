//! What a scan reports.

use sha2::{Digest, Sha256};

use crate::rule::Confidence;

/// One secret found in a text.
///
/// The clear secret is kept in [`Finding::secret`] for callers that ask for it by name; it is never part
/// of `Display` or `Debug` output, and serialisers should emit [`Finding::redacted`] unless asked.
#[derive(Clone, PartialEq)]
pub struct Finding {
    /// The rule id, e.g. `leakguard.github.pat`.
    pub rule_id: String,
    /// The rule's human name.
    pub rule_name: String,
    /// The family (second part of the rule id).
    pub family: String,
    /// How sure the finding is.
    pub confidence: Confidence,
    /// Byte offset of the secret's first byte.
    pub start: usize,
    /// Byte offset one past the secret's last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
    /// 1-based line of the secret's last byte.
    pub end_line: usize,
    /// 1-based column one past the secret's last character.
    pub end_column: usize,
    /// The secret itself. Do not print it unless the user asked for it.
    pub secret: String,
    /// A masked preview that is safe to show and log.
    pub redacted: String,
    /// Stable, non-reversible hash of the rule and the secret, for ignore files and baselines.
    pub fingerprint: String,
}

impl std::fmt::Debug for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finding")
            .field("rule_id", &self.rule_id)
            .field("confidence", &self.confidence)
            .field("start", &self.start)
            .field("end", &self.end)
            .field("line", &self.line)
            .field("column", &self.column)
            .field("redacted", &self.redacted)
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

/// The fingerprint of a secret found by a rule: 32 hex digits of SHA-256 over a versioned tag,
/// the rule id and the secret.
pub fn fingerprint(rule_id: &str, secret: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(b"leakguard-fp-v1\0");
    h.update(rule_id.as_bytes());
    h.update(b"\0");
    h.update(secret);
    let d = h.finalize();
    let mut s = String::with_capacity(32);
    for b in &d[..16] {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// A masked preview: a known, non-secret prefix (such as `ghp_` or `sk-`) may stay visible,
/// everything else becomes `*`. Short values and passwords are masked whole.
pub fn mask(secret: &str, reveal_prefix: bool) -> String {
    const STARS: &str = "********";
    if !reveal_prefix || secret.chars().count() < 16 {
        return STARS.to_string();
    }
    // Keep the vendor prefix: the leading letters up to and including the first `_` or `-`,
    // at most 8 characters, never more than a quarter of the secret.
    let limit = (secret.len() / 4).min(8);
    let prefix_end = secret
        .char_indices()
        .take_while(|(i, _)| *i < limit)
        .find(|(_, c)| *c == '_' || *c == '-')
        .map(|(i, c)| i + c.len_utf8());
    match prefix_end {
        Some(p) => format!("{}{STARS}", &secret[..p]),
        None => STARS.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking() {
        assert_eq!(mask("ghp_abcdefghijklmnopqrstuvwxyz0123456789", true), "ghp_********");
        assert_eq!(mask("Gendarme75!", true), "********");
        assert_eq!(mask("AKIAABCDEFGHIJKLMNOP", true), "********");
        assert_eq!(mask("sk-proj-abcdefghijklmnopqrstuv", false), "********");
    }

    #[test]
    fn fingerprint_is_stable() {
        assert_eq!(fingerprint("r", b"s"), fingerprint("r", b"s"));
        assert_ne!(fingerprint("r", b"s"), fingerprint("q", b"s"));
        assert_eq!(fingerprint("r", b"s").len(), 32);
    }
}
