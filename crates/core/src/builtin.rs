//! The built-in rules, turned into static data by build.rs from rules/*.toml.

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The number of built-in rules.
pub fn builtin_rule_count() -> usize {
    BUILTIN_RULES.len()
}

/// The rule files compiled in (names relative to rules/).
pub fn builtin_files() -> &'static [&'static str] {
    BUILTIN_FILES
}
