//! Running the git binary.

use std::ffi::OsStr;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result};

fn command<S: AsRef<OsStr>>(args: &[S]) -> Command {
    let mut c = Command::new("git");
    c.args(args);
    // Never ask for credentials or open a pager from a hook.
    c.env("GIT_TERMINAL_PROMPT", "0").env("GIT_PAGER", "cat").env_remove("GIT_EXTERNAL_DIFF");
    c
}

fn describe<S: AsRef<OsStr>>(args: &[S]) -> String {
    let words: Vec<String> = args.iter().map(|a| a.as_ref().to_string_lossy().into_owned()).filter(|a| a != "-c" && !a.contains('=')).take(2).collect();
    format!("git {}", words.join(" "))
}

fn spawn_error<S: AsRef<OsStr>>(args: &[S], e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        anyhow::anyhow!("the git program was not found on PATH")
    } else {
        anyhow::anyhow!("cannot run {}: {e}", describe(args))
    }
}

/// Runs git and returns its stdout; a non-zero exit is an error carrying git's first stderr line.
pub fn git_output<S: AsRef<OsStr>>(args: &[S]) -> Result<Vec<u8>> {
    let out = command(args).stdin(Stdio::null()).output().map_err(|e| spawn_error(args, e))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string();
        anyhow::bail!("{} failed: {}", describe(args), if first.is_empty() { out.status.to_string() } else { first });
    }
    Ok(out.stdout)
}

/// Starts git with stdout piped (stderr inherited, stdin null).
pub fn spawn_git<S: AsRef<OsStr>>(args: &[S]) -> Result<Child> {
    command(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|e| spawn_error(args, e))
}

/// Starts git with stdin and stdout piped.
pub fn spawn_git_io<S: AsRef<OsStr>>(args: &[S]) -> Result<Child> {
    command(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|e| spawn_error(args, e))
}

/// Waits for a git child whose stdout was consumed; an error if it failed.
pub fn wait_ok(mut child: Child, what: &str) -> Result<()> {
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut err);
    }
    let status = child.wait().with_context(|| format!("{what} did not finish"))?;
    if !status.success() {
        let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string();
        anyhow::bail!("{what} failed: {}", if first.is_empty() { status.to_string() } else { first });
    }
    Ok(())
}

/// Whether an object exists in the repository.
pub fn object_exists(id: &str) -> bool {
    command(&["cat-file", "-e", &format!("{id}^{{commit}}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
