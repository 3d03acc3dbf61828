//! `leakguard hook install|uninstall`: writes git hooks that run `leakguard git <hook>`.
//!
//! The hooks folder is git's own answer (`git rev-parse --git-path hooks`), so `core.hooksPath` and
//! linked work trees are respected. An existing hook that leakguard did not write is never overwritten
//! without `--force`, and `uninstall` removes only hooks that leakguard wrote.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};

use crate::git::cmd;

/// The line that marks a hook written by leakguard.
const MARKER: &str = "# leakguard-hook v1";

#[derive(Args, Debug)]
pub struct HookArgs {
    #[command(subcommand)]
    pub op: HookOp,
}

#[derive(Subcommand, Debug)]
pub enum HookOp {
    /// Install hooks (default: pre-commit) in this repository's hooks folder.
    Install {
        /// Which hooks.
        #[arg(value_enum)]
        hooks: Vec<HookKind>,
        /// Also install commit-msg and pre-push.
        #[arg(long)]
        all: bool,
        /// Replace an existing hook that leakguard did not write.
        #[arg(long)]
        force: bool,
    },
    /// Remove the hooks leakguard installed (others are left alone).
    Uninstall {
        /// Which hooks (default: every leakguard hook).
        #[arg(value_enum)]
        hooks: Vec<HookKind>,
    },
}

/// A client-side hook leakguard can install.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum HookKind {
    PreCommit,
    CommitMsg,
    PrePush,
}

impl HookKind {
    const ALL: [HookKind; 3] = [HookKind::PreCommit, HookKind::CommitMsg, HookKind::PrePush];

    fn name(self) -> &'static str {
        match self {
            HookKind::PreCommit => "pre-commit",
            HookKind::CommitMsg => "commit-msg",
            HookKind::PrePush => "pre-push",
        }
    }
}

pub fn run(args: HookArgs) -> Result<u8> {
    let dir = hooks_dir()?;
    match args.op {
        HookOp::Install { hooks, all, force } => {
            let hooks = if all {
                HookKind::ALL.to_vec()
            } else if hooks.is_empty() {
                vec![HookKind::PreCommit]
            } else {
                hooks
            };
            std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
            let exe = leakguard_path();
            let mut refused = 0;
            for h in hooks {
                let path = dir.join(h.name());
                if let Ok(old) = std::fs::read_to_string(&path) {
                    if !old.contains(MARKER) && !force {
                        eprintln!(
                            "leakguard: {} exists and was not written by leakguard; not replaced (use --force, or call `leakguard git {}` from it)",
                            path.display(),
                            h.name()
                        );
                        refused += 1;
                        continue;
                    }
                } else if path.symlink_metadata().is_ok() && !force {
                    eprintln!("leakguard: {} exists; not replaced (use --force)", path.display());
                    refused += 1;
                    continue;
                }
                write_hook(&path, &script(h, &exe))?;
                eprintln!("leakguard: installed {}", path.display());
            }
            Ok(if refused > 0 { crate::EXIT_ERROR } else { crate::EXIT_CLEAN })
        }
        HookOp::Uninstall { hooks } => {
            let hooks = if hooks.is_empty() { HookKind::ALL.to_vec() } else { hooks };
            for h in hooks {
                let path = dir.join(h.name());
                match std::fs::read_to_string(&path) {
                    Ok(text) if text.contains(MARKER) => {
                        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
                        eprintln!("leakguard: removed {}", path.display());
                    }
                    Ok(_) => eprintln!("leakguard: {} was not written by leakguard; left alone", path.display()),
                    Err(_) => {}
                }
            }
            Ok(crate::EXIT_CLEAN)
        }
    }
}

/// git's hooks folder for the current repository (honours `core.hooksPath`).
fn hooks_dir() -> Result<PathBuf> {
    let out = cmd::git_output(&["rev-parse", "--git-path", "hooks"]).context("not in a git repository")?;
    let p = PathBuf::from(String::from_utf8_lossy(&out).trim());
    Ok(if p.is_absolute() { p } else { std::env::current_dir()?.join(p) })
}

/// This binary's absolute path, so the hook works without leakguard on PATH.
fn leakguard_path() -> String {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok())
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|| "leakguard".into())
}

fn script(h: HookKind, exe: &str) -> String {
    let args = match h {
        HookKind::PreCommit => "git pre-commit",
        HookKind::CommitMsg => "git commit-msg \"$1\"",
        HookKind::PrePush => "git pre-push \"$@\"",
    };
    let exe = exe.replace('\'', r"'\''");
    format!(
        "#!/bin/sh\n{MARKER} (`leakguard hook uninstall` removes it)\n\
         # Bypass once: LEAKGUARD_SKIP=1 git ..., or git {verb} --no-verify\n\
         LEAKGUARD_BIN='{exe}'\n\
         LEAKGUARD=\"${{LEAKGUARD:-$LEAKGUARD_BIN}}\"\n\
         if ! command -v \"$LEAKGUARD\" >/dev/null 2>&1; then\n  \
           if [ \"$LEAKGUARD_SKIP\" = 1 ]; then exit 0; fi\n  \
           echo \"leakguard: blocked, cannot scan: $LEAKGUARD not found (to bypass: LEAKGUARD_SKIP=1, or --no-verify)\" >&2\n  \
           exit 1\n\
         fi\n\
         exec \"$LEAKGUARD\" {args}\n",
        verb = if h == HookKind::PrePush { "push" } else { "commit" },
    )
}

fn write_hook(path: &Path, text: &str) -> Result<()> {
    let _ = std::fs::remove_file(path);
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("cannot make {} executable", path.display()))?;
    }
    Ok(())
}
