//! The rule schema as written in TOML (rules/*.toml and user configs).
//!
//! This file is also compiled into `build.rs` (with `#[path]`), which turns the
//! built-in rule files into static Rust data, so it must depend on serde only.

use serde::Deserialize;

/// One rule as written in a TOML rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// `leakguard.<family>.<name>`; user rules may use any dotted id.
    pub id: String,
    /// Short human name, e.g. "GitHub personal access token".
    pub name: String,
    /// What the secret is and why it matters.
    #[serde(default)]
    pub description: String,
    /// Lowercase literals; the rule runs only near one of them.
    pub keywords: Vec<String>,
    /// Rust regex; the secret is the `secret` group, else the whole match.
    pub pattern: String,
    /// Minimum Shannon entropy (bits per byte) of the secret.
    #[serde(default)]
    pub min_entropy: Option<f64>,
    /// Longest secret reported (bytes). Lets a pattern use an open repetition (`{17,}`) where a
    /// large bounded one (`{17,512}`) would compile to hundreds of regex states: a hook compiles
    /// the regexes it needs on every run.
    #[serde(default)]
    pub max_length: Option<usize>,
    /// "low", "medium" or "high".
    pub confidence: String,
    /// Named offline checks, see `validators.rs`.
    #[serde(default)]
    pub validators: Vec<String>,
    /// Case-insensitive substrings that make a value not a secret.
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Skip the shared placeholder filter (for formats where it cannot apply).
    #[serde(default)]
    pub allow_placeholders: bool,
    /// The match may span many lines (private keys): search a large window.
    #[serde(default)]
    pub multiline: bool,
    /// Links to the vendor's documentation of the format.
    #[serde(default)]
    pub references: Vec<String>,
    /// Texts in which the rule must find a secret.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Texts in which the rule must find nothing.
    #[serde(default)]
    pub negative_examples: Vec<String>,
}

/// A rule file: `[[rules]]` tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// The rules of the file.
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
}
