//! The CI outputs (issue 4): SARIF validated against the SARIF 2.1.0 JSON schema (the OASIS schema,
//! `sarif-2.1.0-rtm.5.json`, as shipped in the npm package `@microsoft/jest-sarif`), and JUnit XML.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const SECRET: &str = "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";
const SECRET2: &str = "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";

fn tree() -> tempfile::TempDir {
    let t = tempfile::tempdir().expect("tempdir");
    std::fs::write(t.path().join("plain.env"), format!("TOKEN={SECRET}\n")).expect("write");
    std::fs::create_dir(t.path().join("dir with space")).expect("mkdir");
    std::fs::write(t.path().join("dir with space/café #1.py"), format!("x = 1\nkey = '{SECRET2}'  # <&>\n")).expect("write");
    std::fs::write(t.path().join("clean.txt"), "nothing\n").expect("write");
    t
}

fn leakguard(dir: &Path, args: &[&str]) -> (i32, String) {
    let o = Command::cargo_bin("leakguard")
        .expect("binary")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(args)
        .output()
        .expect("runs");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stdout).into_owned())
}

fn validate_sarif(text: &str) -> Value {
    let schema_text = include_str!("data/sarif-2.1.0-rtm.5.json");
    let schema: Value = serde_json::from_str(schema_text).expect("schema is JSON");
    let validator = jsonschema::draft4::new(&schema).expect("schema compiles");
    let doc: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("SARIF is not JSON ({e}): {text}"));
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
    doc
}

#[test]
fn scan_sarif_validates_against_the_sarif_2_1_0_schema() {
    let t = tree();
    let (code, out) = leakguard(t.path(), &["scan", "-q", "--format", "sarif", "."]);
    assert_eq!(code, 1);
    let doc = validate_sarif(&out);
    let results = doc["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2, "{out}");
    assert!(!out.contains(SECRET) && !out.contains(SECRET2), "masked");
    let uris: Vec<&str> = results
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(uris.contains(&"dir%20with%20space/café%20%231.py"), "{uris:?}");

    // Nothing found: still a valid log, with no results.
    let clean = tempfile::tempdir().expect("tempdir");
    std::fs::write(clean.path().join("a.txt"), "hello\n").expect("write");
    let (code, out) = leakguard(clean.path(), &["scan", "-q", "--format", "sarif", "."]);
    assert_eq!(code, 0);
    validate_sarif(&out);
}

#[test]
fn git_history_sarif_validates_and_carries_the_commit() {
    let t = tree();
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git")
            .args(args)
            .current_dir(t.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "CI")
            .env("GIT_AUTHOR_EMAIL", "ci@example.org")
            .env("GIT_COMMITTER_NAME", "CI")
            .env("GIT_COMMITTER_EMAIL", "ci@example.org")
            .output()
            .expect("git");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "all"]);
    let (code, out) = leakguard(t.path(), &["git", "history", "-q", "--format", "sarif"]);
    assert_eq!(code, 1);
    let doc = validate_sarif(&out);
    let r = &doc["runs"][0]["results"][0];
    assert_eq!(r["properties"]["commit"].as_str().map(str::len), Some(40), "{out}");
    assert!(r["locations"][0]["physicalLocation"]["region"].get("byteOffset").is_none(), "no file offsets from blobs/diffs");
}

#[test]
fn junit_xml_has_one_failed_case_per_finding() {
    let t = tree();
    let (code, out) = leakguard(t.path(), &["scan", "-q", "--format", "junit", "."]);
    assert_eq!(code, 1);
    let doc = roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("not XML ({e}): {out}"));
    let suite = doc.descendants().find(|n| n.has_tag_name("testsuite")).expect("testsuite");
    assert_eq!(suite.attribute("tests"), Some("2"));
    assert_eq!(suite.attribute("failures"), Some("2"));
    let failures: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("failure")).collect();
    assert_eq!(failures.len(), 2);
    assert!(failures.iter().all(|f| f.attribute("type") == Some("leakguard.github.pat")));
    let names: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("testcase")).filter_map(|n| n.attribute("classname")).collect();
    assert!(names.contains(&"dir with space/café #1.py"), "{names:?}");
    assert!(!out.contains(SECRET) && !out.contains(SECRET2), "masked");

    let clean = tempfile::tempdir().expect("tempdir");
    std::fs::write(clean.path().join("a.txt"), "hello\n").expect("write");
    let (code, out) = leakguard(clean.path(), &["scan", "-q", "--format", "junit", "."]);
    assert_eq!(code, 0);
    let doc = roxmltree::Document::parse(&out).expect("XML");
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("testcase")).count(), 1);
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("failure")).count(), 0);
}

#[test]
fn the_schema_check_is_not_vacuous() {
    let schema: Value = serde_json::from_str(include_str!("data/sarif-2.1.0-rtm.5.json")).expect("JSON");
    let validator = jsonschema::draft4::new(&schema).expect("schema compiles");
    let t = tree();
    let (_, out) = leakguard(t.path(), &["scan", "-q", "--format", "sarif", "."]);
    let mut doc: Value = serde_json::from_str(&out).expect("JSON");
    assert!(validator.is_valid(&doc));
    doc["runs"][0]["results"][0]["level"] = Value::String("fatal".into());
    assert!(!validator.is_valid(&doc), "a bad level is caught");
}
