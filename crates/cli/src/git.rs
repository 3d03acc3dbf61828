//! `leakguard git ...`: pre-commit, commit-msg, pre-push, pre-receive, history (issue: git hooks).

use anyhow::Result;
use clap::Args;

#[derive(Args, Debug)]
pub struct GitArgs {
    /// The git operation.
    pub op: String,
}

pub fn run(_args: GitArgs) -> Result<u8> {
    anyhow::bail!("`leakguard git` is not implemented yet")
}
