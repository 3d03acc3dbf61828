//! The user configuration (`.leakguard.toml`, `--config FILE`, or a string from a binding).
//!
//! ```toml
//! [detection]
//! disable = ["leakguard.generic.password-assignment"]  # rule ids
//! min_confidence = "low"   # findings below are dropped
//! prose = true             # passwords written in sentences
//!
//! [policy]
//! block_at = "medium"      # check(): block at or above
//! warn_at = "low"          # check(): warn at or above
//!
//! [allowlist]
//! values = ["test-password-1"]      # exact secrets never reported
//! regexes = ['^AKIA[0-9A-Z]{12}TEST$'] # secrets matching one are never reported
//! stopwords = ["fixture"]           # secrets containing one are never reported
//! paths = ["tests/fixtures/**"]     # globs, for file scans
//!
//! [scan]
//! max_file_size = 104857600  # bytes; larger files are skipped and counted
//!
//! [[rules]]                  # extra rules, same schema as rules/*.toml
//! id = "acme.internal-token"
//! ...
//! ```

use serde::Deserialize;

use crate::error::Error;
use crate::rule::{Confidence, Rule};
use crate::rule_spec::RuleSpec;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    detection: RawDetection,
    #[serde(default)]
    policy: RawPolicy,
    #[serde(default)]
    allowlist: RawAllowlist,
    #[serde(default)]
    scan: RawScan,
    #[serde(default)]
    rules: Vec<RuleSpec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDetection {
    #[serde(default)]
    disable: Vec<String>,
    min_confidence: Option<String>,
    prose: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    block_at: Option<String>,
    warn_at: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllowlist {
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScan {
    max_file_size: Option<u64>,
}

/// When [`crate::Scanner::check`] blocks or warns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Block at or above this confidence.
    pub block_at: Confidence,
    /// Warn at or above this confidence (below `block_at`).
    pub warn_at: Confidence,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { block_at: Confidence::Medium, warn_at: Confidence::Low }
    }
}

/// A parsed, validated configuration.
#[derive(Debug, Default)]
pub struct Config {
    /// Where it came from, for error messages.
    pub origin: String,
    /// Rule ids to disable.
    pub disable: Vec<String>,
    /// Findings below this are dropped.
    pub min_confidence: Option<Confidence>,
    /// Whether the prose password detector runs (default: yes).
    pub prose: Option<bool>,
    /// Verdict thresholds.
    pub policy: Policy,
    /// Exact values never reported.
    pub allow_values: Vec<String>,
    /// Regexes on the secret; a match is never reported.
    pub allow_regexes: Vec<regex::bytes::Regex>,
    /// Lowercase substrings; a secret containing one is never reported.
    pub allow_stopwords: Vec<String>,
    /// Path globs to skip (applied by file scanners, not by core).
    pub allow_paths: Vec<String>,
    /// Maximum file size for file scanners.
    pub max_file_size: Option<u64>,
    /// Extra rules.
    pub rules: Vec<Rule>,
}

impl Config {
    /// Parses a config from TOML text. `origin` names the file in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Config, Error> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| Error::from_toml(origin, text, &e))?;
        let conf = |field: &str, v: &Option<String>| -> Result<Option<Confidence>, Error> {
            match v {
                None => Ok(None),
                Some(s) => Confidence::parse(s).map(Some).ok_or_else(|| Error::Config {
                    origin: origin.to_string(),
                    field: field.to_string(),
                    message: format!("{s:?} is not low, medium or high"),
                }),
            }
        };
        let mut policy = Policy::default();
        if let Some(c) = conf("policy.block_at", &raw.policy.block_at)? {
            policy.block_at = c;
        }
        if let Some(c) = conf("policy.warn_at", &raw.policy.warn_at)? {
            policy.warn_at = c;
        }
        let mut allow_regexes = Vec::new();
        for (i, r) in raw.allowlist.regexes.iter().enumerate() {
            let re = regex::bytes::Regex::new(r).map_err(|e| Error::Config {
                origin: origin.to_string(),
                field: format!("allowlist.regexes[{i}]"),
                message: e.to_string().replace('\n', " "),
            })?;
            allow_regexes.push(re);
        }
        let mut rules = Vec::new();
        for spec in raw.rules {
            rules.push(Rule::from_spec(spec, origin)?);
        }
        Ok(Config {
            origin: origin.to_string(),
            disable: raw.detection.disable,
            min_confidence: conf("detection.min_confidence", &raw.detection.min_confidence)?,
            prose: raw.detection.prose,
            policy,
            allow_values: raw.allowlist.values,
            allow_regexes,
            allow_stopwords: raw.allowlist.stopwords.iter().map(|s| s.to_lowercase()).collect(),
            allow_paths: raw.allowlist.paths,
            max_file_size: raw.scan.max_file_size,
            rules,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_line_and_field() {
        let e = Config::from_toml("[detection]\nprose = true\nbogus = 1\n", "x.toml").unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("x.toml:3:"), "{s}");
        assert!(s.contains("bogus"), "{s}");
        let e = Config::from_toml("[policy]\nblock_at = \"hihg\"\n", "x.toml").unwrap_err();
        assert!(e.to_string().contains("policy.block_at"));
    }

    #[test]
    fn bad_user_rule_names_id() {
        let t = "[[rules]]\nid = \"acme.tok\"\nname = \"t\"\nkeywords = [\"acme\"]\npattern = \"acme_(\"\nconfidence = \"high\"\n";
        let e = Config::from_toml(t, "c.toml").unwrap_err();
        assert!(e.to_string().contains("acme.tok"), "{e}");
    }
}
