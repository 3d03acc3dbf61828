//! Shared by the rule-set tests (rules.rs, keywords.rs): where the rule files are, and their names.

use std::path::PathBuf;

/// The repository's rules/ folder.
pub fn rules_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

/// The names of the rule files (not the prose language files), sorted.
pub fn rule_file_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(rules_dir())
        .expect("rules/")
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") && !n.starts_with("lang-"))
        .collect();
    names.sort();
    names
}
