//! `leakguard git ...`: the git hooks (pre-commit, commit-msg, pre-push, pre-receive) and history scans.
//!
//! Hooks scan only what is new: the lines added in the staged changes, the commit message, the commits
//! about to be pushed or received. A hook that cannot scan (no git, a broken config) blocks with a
//! one-line reason; `LEAKGUARD_SKIP=1` (or `git commit --no-verify`) lets the operation through.

pub mod cmd;
pub mod diff;
pub mod history;

use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use leakguard_core::{Config, Scanner};

use crate::config_load;
use crate::output::{self, Format, Report};
use crate::scan::FileFindings;

#[derive(Args, Debug)]
pub struct GitArgs {
    #[command(subcommand)]
    pub op: GitOp,
}

/// Options every git command takes.
#[derive(Args, Debug, Clone)]
pub struct GitOpts {
    /// Output format (hooks: text on stderr by default; history: text on a terminal, json otherwise).
    #[arg(long, short = 'f', value_enum, global = true)]
    pub format: Option<Format>,
    /// Print the secrets themselves, not only masked previews.
    #[arg(long, global = true)]
    pub show_secrets: bool,
    /// Configuration file (default: .leakguard.toml at the repository root).
    #[arg(long, short = 'c', global = true)]
    pub config: Option<PathBuf>,
    /// Ignore .leakguard.toml.
    #[arg(long, global = true)]
    pub no_config: bool,
    /// Report findings listed in .leakguard-baseline.json too.
    #[arg(long, global = true)]
    pub no_baseline: bool,
    /// Do not print the summary line.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

#[derive(Subcommand, Debug)]
pub enum GitOp {
    /// Scan the lines added in the staged changes (the pre-commit hook).
    PreCommit {
        #[command(flatten)]
        opts: GitOpts,
    },
    /// Scan a commit message file (the commit-msg hook); git's comment lines are ignored.
    CommitMsg {
        /// The message file git passes to the hook (default: .git/COMMIT_EDITMSG).
        file: Option<PathBuf>,
        #[command(flatten)]
        opts: GitOpts,
    },
    /// Scan the commits about to be pushed (the pre-push hook; reads git's hook input on stdin).
    PrePush {
        /// The remote's name and URL, as git passes them.
        args: Vec<String>,
        #[command(flatten)]
        opts: GitOpts,
    },
    /// Scan the commits a push brings (the server-side pre-receive hook; reads `old new ref` on stdin).
    PreReceive {
        #[command(flatten)]
        opts: GitOpts,
    },
    /// Scan the whole history (default: all refs) or a revision range: each distinct blob once, each
    /// finding with the commit, author, date and path that introduced it.
    History {
        /// Revisions or a range, as `git log` takes them (e.g. `main`, `v1.0..HEAD`). Default: --all.
        range: Vec<String>,
        #[command(flatten)]
        opts: GitOpts,
    },
}

/// Set to `1` to let every hook through without scanning.
pub const SKIP_ENV: &str = "LEAKGUARD_SKIP";

pub fn run(args: GitArgs) -> Result<u8> {
    let (what, hook) = match &args.op {
        GitOp::PreCommit { .. } => ("commit", true),
        GitOp::CommitMsg { .. } => ("commit", true),
        GitOp::PrePush { .. } => ("push", true),
        GitOp::PreReceive { .. } => ("push", true),
        GitOp::History { .. } => ("history", false),
    };
    if hook && skip_requested() {
        eprintln!("leakguard: {SKIP_ENV} is set: {what} not scanned");
        return Ok(crate::EXIT_CLEAN);
    }
    let result = match args.op {
        GitOp::PreCommit { opts } => pre_commit(&opts),
        GitOp::CommitMsg { file, opts } => commit_msg(file, &opts),
        GitOp::PrePush { args, opts } => pre_push(&args, &opts),
        GitOp::PreReceive { opts } => pre_receive(&opts),
        GitOp::History { range, opts } => history::run(&range, &opts),
    };
    match result {
        Err(e) if hook => {
            // Fail safe: a hook that cannot scan blocks, with one line saying why and how to bypass.
            let bypass = if what == "push" && std::env::var_os("GIT_QUARANTINE_PATH").is_some() {
                String::new()
            } else {
                format!(" (to bypass: {SKIP_ENV}=1, or git {what} --no-verify)")
            };
            eprintln!("leakguard: {what} blocked, cannot scan: {}{bypass}", crate::one_line(&e));
            Ok(crate::EXIT_ERROR)
        }
        other => other,
    }
}

fn skip_requested() -> bool {
    std::env::var(SKIP_ENV).is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes" | "on"))
}

/// The scanner and config for a git command that scans file contents. The prose detector (passwords
/// in sentences, for chat, mail and commit messages) is off for file contents unless the config turns
/// it on (`[detection] prose = true`): on source code it mistakes expressions for passwords.
pub fn load(opts: &GitOpts) -> Result<(Scanner, Config)> {
    config_load::load_with(opts.config.as_deref(), opts.no_config, std::path::Path::new("."), !opts.no_baseline, Some(false))
}

/// The scanner for a commit message: the prose detector on unless the config turns it off.
fn load_message(opts: &GitOpts) -> Result<(Scanner, Config)> {
    config_load::load_with(opts.config.as_deref(), opts.no_config, std::path::Path::new("."), !opts.no_baseline, None)
}

/// Path globs of `[allowlist] paths`.
pub fn allow_globs(config: &Config) -> Result<globset::GlobSet> {
    let mut b = globset::GlobSetBuilder::new();
    for g in &config.allow_paths {
        b.add(globset::Glob::new(g).with_context(|| format!("allowlist.paths: bad glob {g:?}"))?);
    }
    Ok(b.build()?)
}

fn pre_commit(opts: &GitOpts) -> Result<u8> {
    // git computes the diff while the scanner is built.
    let args: Vec<&str> = ["-c", "core.quotePath=false", "diff", "--cached"].into_iter().chain(PATCH_OPTIONS.iter().copied()).collect();
    let mut child = cmd::spawn_git(&args)?;
    let stdout = child.stdout.take().context("git diff: no stdout")?;
    let (scanner, config) = load(opts)?;
    let ctx = diff::ScanCtx::new(&scanner, &config)?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, stdout);
    let results = ctx.scan_patch(&mut reader);
    let _ = std::io::copy(&mut reader, &mut std::io::sink());
    cmd::wait_ok(child, "git diff --cached")?;
    let results = results?;
    hook_report(
        opts,
        &scanner,
        &results,
        "commit blocked",
        "in the staged changes",
        "Remove the secret (and rotate it if it was real), mark a false positive with a `leakguard:allow` comment on its line, or add its fingerprint to .leakguardignore.",
        "git commit --no-verify",
    )
}

fn commit_msg(file: Option<PathBuf>, opts: &GitOpts) -> Result<u8> {
    let (scanner, _config) = load_message(opts)?;
    let file = match file {
        Some(f) => f,
        None => PathBuf::from(String::from_utf8_lossy(&cmd::git_output(&["rev-parse", "--git-path", "COMMIT_EDITMSG"])?).trim()),
    };
    let data = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let text = match message_cleanup() {
        Cleanup::Strip(comment) => strip_comments(&data, &comment, true),
        Cleanup::Scissors(comment) => strip_comments(&data, &comment, false),
        Cleanup::Keep => data,
    };
    let findings = match std::str::from_utf8(&text) {
        Ok(s) => scanner.scan(s),
        Err(_) => scanner.scan_bytes(&text),
    };
    let results = if findings.is_empty() {
        Vec::new()
    } else {
        vec![FileFindings { path: "commit message".into(), findings, commit: None }]
    };
    hook_report(
        opts,
        &scanner,
        &results,
        "commit blocked",
        "in the commit message",
        "Edit the message (your text is kept in .git/COMMIT_EDITMSG), and rotate the secret if it was real.",
        "git commit --no-verify",
    )
}

/// What git will remove from the message after the hook, so the hook does not block on it.
enum Cleanup {
    /// Comment lines and everything below the scissors line (an editor was used, cleanup "strip").
    Strip(String),
    /// Everything below the scissors line (cleanup "scissors").
    Scissors(String),
    /// Nothing: `git commit -m` keeps `#` lines ("whitespace"), as does "verbatim".
    Keep,
}

/// git sets `GIT_EDITOR=:` for the commit-msg hook when no editor ran; then the default cleanup keeps
/// comment lines. Otherwise `commit.cleanup` decides (default: strip them).
fn message_cleanup() -> Cleanup {
    let no_editor = std::env::var("GIT_EDITOR").is_ok_and(|v| v == ":");
    let config = cmd::git_output(&["config", "--get-regexp", r"^(core\.commentchar|commit\.cleanup)$"]).unwrap_or_default();
    let (mut comment, mut mode) = ("#".to_string(), "default".to_string());
    for line in String::from_utf8_lossy(&config).lines() {
        let (k, v) = line.split_once(' ').unwrap_or((line, ""));
        match k.to_ascii_lowercase().as_str() {
            "core.commentchar" if !v.is_empty() && v != "auto" => comment = v.to_string(),
            "commit.cleanup" => mode = v.to_ascii_lowercase(),
            _ => {}
        }
    }
    match mode.as_str() {
        "verbatim" | "whitespace" => Cleanup::Keep,
        "scissors" => Cleanup::Scissors(comment),
        "strip" => Cleanup::Strip(comment),
        _ if no_editor => Cleanup::Keep,
        _ => Cleanup::Strip(comment),
    }
}

/// The message with everything below the `git commit --verbose` scissors line dropped and, if
/// `comments`, git's comment lines blanked (line numbers kept).
pub fn strip_comments(data: &[u8], comment: &str, comments: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let scissors = format!("{comment} ------------------------ >8 ------------------------");
    for line in data.split_inclusive(|&b| b == b'\n') {
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        if body == scissors.as_bytes() {
            break;
        }
        if comments && body.starts_with(comment.as_bytes()) {
            if line.ends_with(b"\n") {
                out.push(b'\n');
            }
        } else {
            out.extend_from_slice(line);
        }
    }
    out
}

/// Patch options shared by the staged diff (pre-commit) and the history log, so both hooks read the
/// same patch format: no colour or external tools, renames followed, deletions left out, 3 context lines.
const PATCH_OPTIONS: &[&str] = &[
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--ignore-submodules=all",
    "-M",
    "--diff-filter=d",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "-U3",
];

const ZERO_SHA_CHARS: &[u8] = b"0";

/// Whether a hook-input object id is all zeros (a ref created or deleted).
pub fn is_zero(sha: &str) -> bool {
    !sha.is_empty() && sha.bytes().all(|b| ZERO_SHA_CHARS.contains(&b))
}

fn read_stdin_lines() -> Result<Vec<Vec<String>>> {
    let mut input = String::new();
    std::io::stdin().lock().read_to_string(&mut input).context("cannot read the hook input on stdin")?;
    Ok(input.lines().map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>()).filter(|v| !v.is_empty()).collect())
}

fn pre_push(args: &[String], opts: &GitOpts) -> Result<u8> {
    let (scanner, config) = load(opts)?;
    // <local ref> <local sha> <remote ref> <remote sha>
    let mut revs: Vec<String> = Vec::new();
    let mut lines = read_stdin_lines()?;
    if lines.is_empty() {
        // The pre-commit framework reads git's input itself and passes it in its environment.
        if let Ok(to) = std::env::var("PRE_COMMIT_TO_REF") {
            let from = std::env::var("PRE_COMMIT_FROM_REF").ok().filter(|s| !s.is_empty()).unwrap_or_else(|| "0".repeat(40));
            lines.push(vec!["-".into(), to, "-".into(), from]);
        }
    }
    for l in lines {
        if l.len() < 4 {
            anyhow::bail!("unexpected pre-push input line {:?}", l.join(" "));
        }
        let (local, remote) = (&l[1], &l[3]);
        if is_zero(local) {
            continue; // deleting a remote ref: nothing new
        }
        revs.push(local.clone());
        if !is_zero(remote) && cmd::object_exists(remote) {
            // an update or a force push: commits the remote already has are not new
            revs.push(format!("^{remote}"));
        }
    }
    let _remote_name = args.first();
    if revs.iter().all(|r| r.starts_with('^')) {
        return hook_report(opts, &scanner, &[], "", "", "", "");
    }
    // New branches: only the commits no remote-tracking ref has.
    revs.push("--not".into());
    revs.push("--remotes".into());
    let results = scan_commits(&scanner, &config, &revs)?;
    hook_report(
        opts,
        &scanner,
        &results,
        "push blocked",
        "in the commits to push",
        "Rewrite those commits without the secret (git rebase -i, git commit --amend) and rotate it if it was real; a `leakguard:allow` comment on the line marks a false positive.",
        "git push --no-verify",
    )
}

fn pre_receive(opts: &GitOpts) -> Result<u8> {
    let (scanner, config) = load(opts)?;
    // <old sha> <new sha> <ref>
    let mut revs: Vec<String> = Vec::new();
    for l in read_stdin_lines()? {
        if l.len() < 3 {
            anyhow::bail!("unexpected pre-receive input line {:?}", l.join(" "));
        }
        if is_zero(&l[1]) {
            continue; // ref deletion
        }
        revs.push(l[1].clone());
    }
    if revs.is_empty() {
        return Ok(crate::EXIT_CLEAN);
    }
    // Only the commits no ref of the repository has yet (`git rev-list NEW --not --all`).
    revs.push("--not".into());
    revs.push("--all".into());
    let results = scan_commits(&scanner, &config, &revs)?;
    hook_report(
        opts,
        &scanner,
        &results,
        "push rejected",
        "in the pushed commits",
        "Rewrite those commits without the secret and push again; rotate the secret if it was real.",
        "",
    )
}

/// The added lines of the commits `revs` selects (as `git log` takes them), merges included (their
/// conflict resolutions, as a dense combined diff).
pub fn scan_commits(scanner: &Scanner, config: &Config, revs: &[String]) -> Result<Vec<FileFindings>> {
    let mut a: Vec<String> = ["-c", "core.quotePath=false", "log", "-p", "--cc"]
        .iter()
        .chain(PATCH_OPTIONS)
        .chain(&[history::LOG_FORMAT])
        .map(|s| s.to_string())
        .collect();
    a.extend(revs.iter().cloned());
    a.push("--".into());
    let mut child = cmd::spawn_git(&a)?;
    let stdout = child.stdout.take().context("git log: no stdout")?;
    let ctx = diff::ScanCtx::new(scanner, config)?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, stdout);
    let results = ctx.scan_patch(&mut reader);
    // drain so git never blocks on a full pipe, then check how it ended
    let _ = std::io::copy(&mut reader, &mut std::io::sink());
    cmd::wait_ok(child, "git log")?;
    results
}

/// Prints a hook's findings (text on stderr by default) and returns the exit code.
#[allow(clippy::too_many_arguments)]
fn hook_report(
    opts: &GitOpts,
    scanner: &Scanner,
    results: &[FileFindings],
    verdict: &str,
    place: &str,
    advice: &str,
    bypass: &str,
) -> Result<u8> {
    let total: usize = results.iter().map(|r| r.findings.len()).sum();
    let report = Report { files: results, scanner, show_secrets: opts.show_secrets, byte_offsets: false };
    match opts.format {
        None | Some(Format::Text) => {
            if total > 0 {
                let mut err = std::io::stderr().lock();
                use std::io::Write;
                writeln!(err, "leakguard: {verdict}: {total} secret{} {place}:", if total == 1 { "" } else { "s" })?;
                output::write(&mut err, Format::Text, &report)?;
                writeln!(err, "{advice}")?;
                if !bypass.is_empty() {
                    writeln!(err, "If this is wrong and you must go on: {SKIP_ENV}=1 or {bypass}.")?;
                }
            }
        }
        Some(f) => {
            let mut out = std::io::stdout().lock();
            output::write(&mut out, f, &report)?;
        }
    }
    Ok(if total > 0 { crate::EXIT_FOUND } else { crate::EXIT_CLEAN })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_blanked_and_scissors_cut() {
        let msg = b"Fix it\n# Please enter\nbody\n# ------------------------ >8 ------------------------\n+ghp_x\n";
        assert_eq!(strip_comments(msg, "#", true), b"Fix it\n\nbody\n".to_vec());
        assert_eq!(strip_comments(b";x\ny", ";", true), b"\ny".to_vec());
        assert_eq!(strip_comments(b"#x\ny", "#", false), b"#x\ny".to_vec());
    }

    #[test]
    fn zero_ids() {
        assert!(is_zero("0000000000000000000000000000000000000000"));
        assert!(!is_zero("0000000000000000000000000000000000000001"));
        assert!(!is_zero(""));
    }
}
