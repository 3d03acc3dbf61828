//! Every built-in rule's examples must be found, through the whole scanner (prefilter included), and its
//! negative examples must not; and the rule set is linted.

use std::collections::HashSet;

mod common;

use common::{rule_file_names, rules_dir};
use leakguard_core::rule_spec::RuleFile;
use leakguard_core::{Rule, Scanner};

fn rule_files() -> Vec<(String, RuleFile)> {
    let names = rule_file_names();
    // LEAKGUARD_RULE_FILES=aws.toml,gcp.toml limits the example checks to those files (while editing them).
    let only: Option<Vec<String>> =
        std::env::var("LEAKGUARD_RULE_FILES").ok().map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    names
        .into_iter()
        .filter(|n| only.as_ref().map_or(true, |o| o.contains(n)))
        .map(|n| {
            let text = std::fs::read_to_string(rules_dir().join(&n)).expect("read rule file");
            let f: RuleFile = toml::from_str(&text).unwrap_or_else(|e| panic!("{n}: {e}"));
            (n, f)
        })
        .collect()
}

#[test]
fn embedded_rules_match_rule_files() {
    if std::env::var_os("LEAKGUARD_RULE_FILES").is_some() {
        return;
    }
    let files = rule_files();
    let total: usize = files.iter().map(|(_, f)| f.rules.len()).sum();
    assert_eq!(total, leakguard_core::builtin_rule_count(), "rebuild: rules/ changed since the build");
    let mut on_disk: Vec<String> = std::fs::read_dir(rules_dir())
        .expect("rules/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, leakguard_core::builtin_files());
}

#[test]
fn rule_set_lints() {
    let mut ids = HashSet::new();
    let mut problems = Vec::new();
    for (file, f) in rule_files() {
        for spec in f.rules {
            let id = spec.id.clone();
            if !ids.insert(id.clone()) {
                problems.push(format!("{file}: duplicate id {id}"));
            }
            let parts: Vec<&str> = id.split('.').collect();
            if parts.len() != 3 || parts[0] != "leakguard" || parts.iter().any(|p| p.is_empty()) {
                problems.push(format!("{file}: id {id} is not leakguard.<family>.<name>"));
            }
            if spec.examples.is_empty() {
                problems.push(format!("{file}: {id} has no examples"));
            }
            if spec.negative_examples.is_empty() {
                problems.push(format!("{file}: {id} has no negative_examples"));
            }
            if spec.description.trim().is_empty() {
                problems.push(format!("{file}: {id} has no description"));
            }
            for ex in &spec.examples {
                let lower = ex.to_lowercase();
                if !spec.keywords.iter().any(|k| lower.contains(k.as_str())) {
                    problems.push(format!("{file}: {id}: no keyword occurs in example {ex:?}"));
                }
            }
            if let Err(e) = Rule::from_spec(spec, &file) {
                problems.push(e.to_string());
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn rule_examples_through_scanner() {
    let scanner = Scanner::new();
    let mut problems = Vec::new();
    for (file, f) in rule_files() {
        for spec in f.rules {
            for ex in &spec.examples {
                let found = scanner.scan(ex);
                if !found.iter().any(|x| x.rule_id == spec.id) {
                    let got: Vec<&str> = found.iter().map(|x| x.rule_id.as_str()).collect();
                    problems.push(format!("{file}: {} misses its example {ex:?} (found {got:?})", spec.id));
                }
            }
            for ex in &spec.negative_examples {
                let found = scanner.scan(ex);
                if found.iter().any(|x| x.rule_id == spec.id) {
                    problems.push(format!("{file}: {} fires on negative example {ex:?}", spec.id));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn at_least_200_rules() {
    let n = leakguard_core::builtin_rule_count();
    assert!(n >= 200, "only {n} built-in rules");
}
