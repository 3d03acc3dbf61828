//! `leakguard check` driven as a binary: exit codes, JSON fields, offsets, redaction, context.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a failed test, with its message

use assert_cmd::Command;
use serde_json::Value;

fn check(args: &[&str], stdin: Option<&str>) -> (i32, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = Command::cargo_bin("leakguard").expect("binary");
    cmd.current_dir(dir.path()).arg("check").args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().expect("run");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn json(args: &[&str], stdin: Option<&str>) -> (i32, Value) {
    let mut a = vec!["--format", "json"];
    a.extend_from_slice(args);
    let (code, out) = check(&a, stdin);
    (code, serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}")))
}

#[test]
fn blocks_a_password_in_a_sentence() {
    let msg = "le mdp du compte admin c'est Gendarme75!";
    let (code, v) = json(&["--text", msg], None);
    assert_eq!(code, 1);
    assert_eq!(v["action"], "block");
    assert_eq!(v["redacted"], "le mdp du compte admin c'est ********");
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "leakguard.prose.password");
    let (s, e) = (f["start"].as_u64().unwrap() as usize, f["end"].as_u64().unwrap() as usize);
    assert_eq!(&msg[s..e], "Gendarme75!");
    assert!(f.get("secret").is_none());
    let out = serde_json::to_string(&v).unwrap();
    assert!(!out.contains("Gendarme75"), "the secret must not be printed: {out}");
    assert!(!v["reason"].as_str().unwrap().is_empty());
}

#[test]
fn allows_talk_about_passwords() {
    for msg in ["I forgot my password", "mdp : ********", "password: see 1Password entry 'prod-db'", "see you at noon"] {
        let (code, v) = json(&["--text", msg], None);
        assert_eq!(code, 0, "{msg}");
        assert_eq!(v["action"], "allow", "{msg}");
        assert_eq!(v["findings"].as_array().unwrap().len(), 0, "{msg}");
        assert_eq!(v["redacted"], msg);
    }
}

#[test]
fn reads_stdin_and_prints_text() {
    let (code, out) = check(&[], Some("Das Passwort lautet Sommer2024!"));
    assert_eq!(code, 1);
    assert!(out.starts_with("block:"), "{out}");
    assert!(out.contains("Das Passwort lautet ********"), "{out}");
    assert!(!out.contains("Sommer2024"));
}

#[test]
fn char_offsets_differ_from_byte_offsets() {
    let msg = "パスワードは Sakura2024! です";
    let (_, v) = json(&["--text", msg], None);
    let f = &v["findings"][0];
    assert_eq!(f["start"].as_u64().unwrap() as usize, msg.find("Sakura").unwrap());
    assert_eq!(f["char_start"], 7);
    assert_eq!(f["char_end"], 18);
}

#[test]
fn context_of_the_previous_message() {
    let (code, _) = json(&["--text", "Tournesol!88"], None);
    assert_eq!(code, 0);
    let (code, v) = json(&["--text", "Tournesol!88", "--context", "c'est quoi le mdp du wifi ?"], None);
    assert_eq!(code, 1);
    assert_eq!(v["redacted"], "********");
}

#[test]
fn block_threshold_and_config() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("lg.toml");
    std::fs::write(&cfg, "[policy]\nblock_at = \"high\"\n").unwrap();
    let cfg = cfg.to_string_lossy().into_owned();
    // "monkey123" after a keyword is medium: warned, not blocked, when blocking starts at high.
    let (code, v) = json(&["--text", "the wifi password is monkey123", "--config", &cfg], None);
    assert_eq!(code, 0);
    assert_eq!(v["action"], "warn");
    let (code, _) = json(&["--text", "the wifi password is monkey123", "--block-at", "medium", "--config", &cfg], None);
    assert_eq!(code, 1);
    std::fs::write(dir.path().join("off.toml"), "[detection]\nprose = false\n").unwrap();
    let off = dir.path().join("off.toml").to_string_lossy().into_owned();
    let (code, _) = json(&["--text", "the wifi password is monkey123", "--config", &off], None);
    assert_eq!(code, 0);
}

#[test]
fn errors_exit_2() {
    let (code, _) = check(&["--config", "/nonexistent/leakguard.toml", "--text", "x"], None);
    assert_eq!(code, 2);
}
