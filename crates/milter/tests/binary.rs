//! The real binary: `--check` on message files, and serving on a Unix socket.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_leakguard-milter");
const GH: &str = "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";

#[test]
fn check_message_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clean = dir.path().join("clean.eml");
    let secret = dir.path().join("secret.eml");
    std::fs::write(
        &clean,
        "From: a@example.org\r\nSubject: hi\r\n\r\nsee you\r\n",
    )
    .expect("write");
    std::fs::write(
        &secret,
        format!("From: a@example.org\r\nSubject: hi\r\n\r\ntoken {GH}\r\n"),
    )
    .expect("write");
    let out = Command::new(BIN)
        .arg("--check")
        .arg(&clean)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = Command::new(BIN)
        .arg("--check")
        .arg(&clean)
        .arg(&secret)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("action=reject verdict=block reply=\"550 5.7.1"),
        "{stdout}"
    );
    assert!(!stdout.contains(GH), "{stdout}");
}

#[test]
fn bad_config_is_exit_2_with_the_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let conf = dir.path().join("m.toml");
    std::fs::write(&conf, "[milter]\non_block = \"bounce\"\n").expect("write");
    let out = Command::new(BIN)
        .arg("--config")
        .arg(&conf)
        .arg("--check-config")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("milter"),
        "{out:?}"
    );
}

#[tokio::test]
async fn serves_on_a_unix_socket_and_logs_one_line_without_the_secret() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sock = dir.path().join("milter.sock");
    let mut child = Command::new(BIN)
        .arg("--listen")
        .arg(format!("unix:{}", sock.display()))
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut err = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    err.read_line(&mut line).expect("read");
    assert!(line.contains("listening on unix:"), "{line}");

    let stream = tokio::net::UnixStream::connect(&sock)
        .await
        .expect("connect");
    let mut c = common::Client::open(stream).await;
    let raw = format!(
        "From: a@example.org\r\nSubject: hi\r\nMessage-ID: <u1@example.org>\r\n\r\ntoken {GH}\r\n"
    );
    let a = c
        .message("a@example.org", &["b@example.org"], raw.as_bytes())
        .await;
    assert!(a.verdict.starts_with("550 5.7.1"), "{a:?}");
    c.quit().await;

    line.clear();
    err.read_line(&mut line).expect("read log line");
    assert!(
        line.contains(
            "message_id=<u1@example.org> action=reject verdict=block rules=leakguard.github"
        ),
        "{line}"
    );
    assert!(!line.contains(GH), "{line}");
    // SIGTERM: clean exit.
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let status = child.wait().expect("wait");
    assert!(status.success(), "{status:?}");
}
