//! `leakguard`: scan files, stdin and git history for secrets; check chat messages; git hooks.

mod baseline;
mod check;
mod config_load;
mod git;
mod hook;
mod output;
mod scan;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: nothing found.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: secrets found (or a message to block).
pub const EXIT_FOUND: u8 = 1;
/// Exit code: usage or runtime error.
pub const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(name = "leakguard", version, about = "Stop secrets and passwords leaving through git, chat and mail.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan files and folders (recursively, honouring .gitignore), or stdin with `-`.
    Scan(scan::ScanArgs),
    /// Check one chat or mail message: prints the verdict, exits 0 to allow, 1 to block.
    Check(check::CheckArgs),
    /// Git hooks and history scans.
    Git(git::GitArgs),
    /// Install or remove the git hooks.
    Hook(hook::HookArgs),
    /// Record today's findings in .leakguard-baseline.json; later scans report only new ones.
    Baseline(baseline::BaselineArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_CLEAN };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Scan(a) => scan::run(a),
        Command::Check(a) => check::run(a),
        Command::Git(a) => git::run(a),
        Command::Hook(a) => hook::run(a),
        Command::Baseline(a) => baseline::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::from(EXIT_CLEAN);
            }
            eprintln!("leakguard: {}", one_line(&e));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// An error chain on one line.
pub fn one_line(e: &anyhow::Error) -> String {
    let mut s = String::new();
    for (i, c) in e.chain().enumerate() {
        if i > 0 {
            s.push_str(": ");
        }
        s.push_str(&c.to_string().replace('\n', " "));
    }
    s
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
