//! leakguard-core: finds secrets (provider tokens, private keys, connection strings, generic
//! assignments) and passwords written in plain sentences, in many languages.
//!
//! One [`Scanner`] is built from the embedded rules (plus an optional [`Config`]) and shared across
//! threads. Findings carry byte offsets, 1-based line and column, a confidence, a masked preview and a
//! fingerprint. [`Scanner::check`] turns findings into a block / warn / allow [`Verdict`] for chat and
//! mail; [`Scanner::redact`] masks the secrets and leaves the rest of the text readable.
//!
//! ```
//! use leakguard_core::{Action, Scanner};
//!
//! let scanner = Scanner::new();
//! let text = "deploy with token 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 please"; // leakguard:allow (made-up token)
//! let findings = scanner.scan(text);
//! assert_eq!(findings.len(), 1);
//! assert_eq!(&text[findings[0].start..findings[0].end], findings[0].secret);
//! assert!(!scanner.redact(text).contains("ghp_oe3n"));
//! assert_eq!(scanner.check("see you at noon").action, Action::Allow);
//! ```

// Tests may unwrap: a failed unwrap there is a failed test, with its message. The library's own
// code is still linted in the normal build.
#![cfg_attr(test, allow(clippy::unwrap_used))]
#![deny(missing_docs)]

mod builtin;
mod bulk_dfa;
mod config;
mod error;
mod filters;
mod finding;
mod prefilter;
mod prose;
mod rule;
mod runs;
pub mod rule_spec;
mod scanner;
mod static_ac;
mod validators;
mod verdict;

pub use builtin::{builtin_files, builtin_rule_count};
pub use config::{Config, Policy};
pub use error::Error;
pub use filters::{is_placeholder, shannon_entropy};
pub use finding::{fingerprint, mask, Finding};
pub use rule::{Confidence, Rule};
pub use scanner::{redact_with, Scanner, PROSE_RULE_ID};
pub use validators::VALIDATORS;
pub use verdict::{Action, Verdict};

/// The contents of every file under the tree that `LEAKGUARD_BENCH_TREE` names (the ignored
/// benchmarks and tree-wide checks read it), or `None` when it is not set.
#[cfg(test)]
pub(crate) fn bench_tree_files() -> Option<Vec<Vec<u8>>> {
    let root = std::env::var_os("LEAKGUARD_BENCH_TREE")?;
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("a folder of the tree").flatten() {
            let t = e.file_type().expect("a file type");
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                files.push(std::fs::read(e.path()).expect("a file of the tree"));
            }
        }
    }
    Some(files)
}

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync>() {}
    #[test]
    fn scanner_is_send_sync() {
        assert_send_sync::<crate::Scanner>();
        assert_send_sync::<crate::Finding>();
        assert_send_sync::<crate::Verdict>();
    }
}
