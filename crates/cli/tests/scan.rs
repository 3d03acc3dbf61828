//! `leakguard scan` end to end: exit codes, formats, config, suppression, and bad input.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a failed test, with its message

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// A GitHub token with a valid CRC32 checksum (made up for these tests).
const TOKEN: &str = "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";

fn lg(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("leakguard").expect("binary built");
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

fn json(out: &[u8]) -> Vec<Value> {
    serde_json::from_slice::<Value>(out).expect("json output").as_array().expect("array").clone()
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

#[test]
fn exit_codes_and_json_fields() {
    let d = tmp();
    fs::write(d.path().join("clean.txt"), "nothing to see\n").unwrap();
    lg(d.path()).args(["scan", "--format", "json", "."]).assert().code(0);
    fs::write(d.path().join("deploy.sh"), format!("#!/bin/sh\nexport GITHUB_TOKEN={TOKEN}\n")).unwrap();
    let out = lg(d.path()).args(["scan", "--format", "json", "."]).assert().code(1).get_output().stdout.clone();
    let f = json(&out);
    assert_eq!(f.len(), 1);
    let x = &f[0];
    for k in ["rule", "path", "line", "column", "start", "end", "confidence", "fingerprint", "redacted"] {
        assert!(x.get(k).is_some(), "missing {k}");
    }
    assert_eq!(x["rule"], "leakguard.github.pat");
    assert_eq!(x["path"], "deploy.sh");
    assert_eq!(x["line"], 2);
    assert_eq!(x["column"], 21);
    assert!(x.get("secret").is_none());
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains(TOKEN), "secret printed without --show-secrets");
    let content = fs::read(d.path().join("deploy.sh")).unwrap();
    let (s, e) = (x["start"].as_u64().unwrap() as usize, x["end"].as_u64().unwrap() as usize);
    assert_eq!(&content[s..e], TOKEN.as_bytes());
}

#[test]
fn show_secrets_only_when_asked() {
    let d = tmp();
    fs::write(d.path().join("a.env"), format!("TOKEN={TOKEN}\n")).unwrap();
    for fmt in ["text", "json", "jsonl", "sarif"] {
        let out = lg(d.path()).args(["scan", "--format", fmt, "."]).assert().code(1).get_output().clone();
        assert!(!String::from_utf8_lossy(&out.stdout).contains(TOKEN), "{fmt} leaks the secret");
        assert!(!String::from_utf8_lossy(&out.stderr).contains(TOKEN), "{fmt} leaks on stderr");
    }
    let out = lg(d.path()).args(["scan", "--format", "json", "--show-secrets", "."]).assert().code(1).get_output().stdout.clone();
    assert_eq!(json(&out)[0]["secret"], TOKEN);
}

#[test]
fn stdin_and_text_format() {
    let d = tmp();
    let out = lg(d.path())
        .args(["scan", "--format", "text", "-"])
        .write_stdin(format!("hello\ntoken {TOKEN}\n"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let s = String::from_utf8(out).unwrap();
    assert!(s.starts_with("<stdin>:2:7"), "{s}");
    assert!(s.contains("ghp_********"), "{s}");
}

#[test]
fn jsonl_and_sarif_shapes() {
    let d = tmp();
    fs::write(d.path().join("a.txt"), format!("{TOKEN}\n")).unwrap();
    let out = lg(d.path()).args(["scan", "--format", "jsonl", "."]).assert().code(1).get_output().stdout.clone();
    let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
    assert_eq!(lines.len(), 1);
    let v: Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["line"], 1);
    let out = lg(d.path()).args(["scan", "--format", "sarif", "."]).assert().code(1).get_output().stdout.clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "leakguard");
    let r = &run["results"][0];
    assert_eq!(r["ruleId"], "leakguard.github.pat");
    assert_eq!(r["locations"][0]["physicalLocation"]["region"]["startLine"], 1);
    assert_eq!(run["tool"]["driver"]["rules"][r["ruleIndex"].as_u64().unwrap() as usize]["id"], "leakguard.github.pat");
}

#[test]
fn inline_allow_and_ignore_file() {
    let d = tmp();
    fs::write(d.path().join("a.py"), format!("t = '{TOKEN}'  # leakguard:allow\n")).unwrap();
    lg(d.path()).args(["scan", "--format", "json", "."]).assert().code(0);
    fs::write(d.path().join("a.py"), format!("t = '{TOKEN}'\n")).unwrap();
    let out = lg(d.path()).args(["scan", "--format", "json", "."]).assert().code(1).get_output().stdout.clone();
    let fp = json(&out)[0]["fingerprint"].as_str().unwrap().to_string();
    fs::write(d.path().join(".leakguardignore"), format!("# reviewed: test token\n{fp}\n")).unwrap();
    lg(d.path()).args(["scan", "--format", "json", "."]).assert().code(0);
}

#[test]
fn config_disables_rules_and_allowlists_paths() {
    let d = tmp();
    fs::create_dir_all(d.path().join("fixtures")).unwrap();
    fs::write(d.path().join("fixtures/a.txt"), format!("{TOKEN}\n")).unwrap();
    fs::write(d.path().join(".leakguard.toml"), "[allowlist]\npaths = [\"fixtures/**\"]\n").unwrap();
    let a = lg(d.path()).args(["scan", "--format", "json", "."]).assert().code(0);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("1 allowlisted path"));
    fs::write(d.path().join(".leakguard.toml"), "[detection]\ndisable = [\"leakguard.github.pat\"]\n").unwrap();
    lg(d.path()).args(["scan", "--format", "json", "."]).assert().code(0);
}

#[test]
fn config_is_found_at_the_scanned_repository_root() {
    let d = tmp();
    let repo = d.path().join("repo");
    fs::create_dir_all(repo.join(".git")).unwrap();
    fs::create_dir_all(repo.join("src")).unwrap();
    fs::write(repo.join("src/a.txt"), format!("{TOKEN}\n")).unwrap();
    fs::write(repo.join(".leakguard.toml"), "[detection]\ndisable = [\"leakguard.github.pat\"]\n").unwrap();
    lg(d.path()).args(["scan", "--format", "json", "repo/src"]).assert().code(0);
    lg(d.path()).args(["scan", "--format", "json", "repo/src/a.txt"]).assert().code(0);
    lg(d.path()).args(["scan", "--format", "json", "--no-config", "repo"]).assert().code(1);
}

#[test]
fn broken_config_names_file_line_and_field() {
    let d = tmp();
    fs::write(d.path().join("c.toml"), "[detection]\nprose = true\nmin_confidense = \"low\"\n").unwrap();
    let a = lg(d.path()).args(["scan", "--config", "c.toml", "."]).assert().code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("c.toml:3:") && err.contains("min_confidense"), "{err}");
    lg(d.path()).args(["scan", "--config", "missing.toml", "."]).assert().code(2);
}

#[test]
fn rule_whose_regex_does_not_compile_is_named() {
    let d = tmp();
    fs::write(
        d.path().join("c.toml"),
        "[[rules]]\nid = \"acme.broken\"\nname = \"b\"\nkeywords = [\"acme\"]\npattern = \"acme_([a-z\"\nconfidence = \"high\"\n",
    )
    .unwrap();
    let a = lg(d.path()).args(["scan", "--config", "c.toml", "."]).assert().code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("acme.broken"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn bad_arguments_exit_2() {
    let d = tmp();
    lg(d.path()).args(["scan", "--format", "yaml", "."]).assert().code(2);
    lg(d.path()).args(["scan", "no/such/path"]).assert().code(2);
    lg(d.path()).args(["frobnicate"]).assert().code(2);
}

#[test]
fn invalid_utf8_is_scanned_with_byte_offsets() {
    let d = tmp();
    let mut data = b"\xff\xfe garbage \xc3\x28 ".to_vec();
    let start = data.len();
    data.extend_from_slice(TOKEN.as_bytes());
    data.extend_from_slice(b" \x80\n");
    fs::write(d.path().join("bad.txt"), &data).unwrap();
    let out = lg(d.path()).args(["scan", "--format", "json", "."]).assert().code(1).get_output().stdout.clone();
    let f = json(&out);
    assert_eq!(f[0]["start"].as_u64().unwrap() as usize, start);
}

#[test]
fn nul_byte_files_are_skipped_and_counted() {
    let d = tmp();
    fs::write(d.path().join("blob.bin"), [b"\0\x01\x02".as_slice(), TOKEN.as_bytes()].concat()).unwrap();
    let a = lg(d.path()).args(["scan", "--format", "json", "."]).assert().code(0);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("1 binary"));
}

#[test]
fn empty_file_and_size_limit() {
    let d = tmp();
    fs::write(d.path().join("empty.txt"), "").unwrap();
    lg(d.path()).args(["scan", "--format", "json", "."]).assert().code(0);
    fs::write(d.path().join("big.txt"), format!("{}{TOKEN}\n", "a".repeat(2000))).unwrap();
    let a = lg(d.path()).args(["scan", "--format", "json", "--max-file-size", "1000", "."]).assert().code(0);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("1 too large"));
}

#[test]
fn fifty_megabyte_single_line() {
    let d = tmp();
    let mut data = Vec::with_capacity(50 << 20);
    let filler = b"var a=\"key\";password:x;";
    while data.len() < 25 << 20 {
        data.extend_from_slice(filler);
    }
    data.push(b' ');
    let at = data.len();
    data.extend_from_slice(TOKEN.as_bytes());
    data.push(b' ');
    while data.len() < 50 << 20 {
        data.extend_from_slice(filler);
    }
    fs::write(d.path().join("min.js"), &data).unwrap();
    let out = lg(d.path()).args(["scan", "--format", "json", "."]).assert().code(1).get_output().stdout.clone();
    let f = json(&out);
    let hit = f.iter().find(|x| x["rule"] == "leakguard.github.pat").expect("token found");
    assert_eq!(hit["start"].as_u64().unwrap() as usize, at);
    assert_eq!(hit["line"], 1);
}

/// A path that cannot be read, even by root.
fn unreadable(dir: &Path) -> PathBuf {
    let p = dir.join("secret.txt");
    fs::write(&p, "x").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(&p).is_err() {
            return p;
        }
    }
    PathBuf::from("/proc/self/mem") // EIO on read, also for root
}

#[test]
fn unreadable_file_is_an_error_line_and_others_still_scanned() {
    let d = tmp();
    let bad = unreadable(d.path());
    fs::write(d.path().join("ok.txt"), format!("{TOKEN}\n")).unwrap();
    let a = lg(d.path()).args(["scan", "--format", "json"]).arg(&bad).arg("ok.txt").assert().code(1);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("cannot read") && err.contains("1 unreadable"), "{err}");
    // Nothing found but something unreadable: the scan is not clean.
    fs::remove_file(d.path().join("ok.txt")).unwrap();
    lg(d.path()).args(["scan", "--format", "json"]).arg(&bad).assert().code(2);
}

#[cfg(unix)]
#[test]
fn symlink_loop_does_not_hang() {
    let d = tmp();
    fs::create_dir_all(d.path().join("a")).unwrap();
    std::os::unix::fs::symlink("..", d.path().join("a/up")).unwrap();
    fs::write(d.path().join("a/t.txt"), format!("{TOKEN}\n")).unwrap();
    lg(d.path()).args(["scan", "--format", "json", "."]).assert().code(1);
    let a = lg(d.path()).args(["scan", "--format", "json", "--follow", "."]).timeout(std::time::Duration::from_secs(20)).assert().code(1);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).to_lowercase().contains("loop"));
}

#[test]
fn files_disappearing_mid_scan() {
    let d = tmp();
    for i in 0..400 {
        fs::write(d.path().join(format!("f{i}.txt")), format!("line {i}\n{}\n", "x ".repeat(2000))).unwrap();
    }
    let dir = d.path().to_path_buf();
    let remover = std::thread::spawn(move || {
        for i in (0..400).rev() {
            let _ = fs::remove_file(dir.join(format!("f{i}.txt")));
        }
    });
    let a = lg(d.path()).args(["scan", "--format", "json", "."]).assert();
    remover.join().unwrap();
    let out = a.get_output();
    let code = out.status.code().unwrap();
    assert!(code == 0 || code == 2, "exit {code}");
    let err = String::from_utf8_lossy(&out.stderr);
    for line in err.lines().filter(|l| l.contains("cannot read")) {
        assert!(line.contains("No such file"), "{line}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn gitignore_is_honoured_in_a_repository() {
    let d = tmp();
    fs::create_dir_all(d.path().join(".git")).unwrap();
    fs::write(d.path().join(".gitignore"), "ignored.txt\n").unwrap();
    fs::write(d.path().join("ignored.txt"), format!("{TOKEN}\n")).unwrap();
    lg(d.path()).args(["scan", "--format", "json", "."]).assert().code(0);
    lg(d.path()).args(["scan", "--format", "json", "--no-ignore", "."]).assert().code(1);
}

/// Progress goes to stderr only when it is a terminal: `script` (util-linux) gives the scan one; a
/// pipe never shows it. The delay before progress is set to 0 so that a short scan shows it.
#[test]
fn progress_only_on_a_terminal() {
    let d = tmp();
    for i in 0..50 {
        fs::write(d.path().join(format!("f{i}.txt")), "nothing to see here\n".repeat(100)).unwrap();
    }
    let piped = lg(d.path()).env("LEAKGUARD_PROGRESS_AFTER_MS", "0").args(["scan", "."]).output().unwrap();
    let err = String::from_utf8_lossy(&piped.stderr);
    assert!(!err.contains("scanned"), "progress on a pipe: {err}");
    assert!(err.contains("0 findings in 50 files"), "{err}");

    let bin = assert_cmd::cargo::cargo_bin("leakguard");
    let script = std::process::Command::new("script")
        .args(["-qec", &format!("{} scan .", bin.display()), "/dev/null"])
        .current_dir(d.path())
        .env("LEAKGUARD_PROGRESS_AFTER_MS", "0")
        .env("NO_COLOR", "1")
        .output()
        .expect("util-linux `script` runs the scan on a terminal");
    let out = String::from_utf8_lossy(&script.stdout);
    assert!(out.contains("leakguard: scanned "), "no progress on a terminal: {out}");
    assert!(out.contains("0 findings in 50 files"), "{out}");
    // The progress line is erased before the summary.
    assert!(out.contains("\r\x1b[2K"), "{out:?}");
}
