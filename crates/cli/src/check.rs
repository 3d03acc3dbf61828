//! `leakguard check`: the message filter for chat servers and scripts (issue: prose passwords).

use anyhow::Result;
use clap::Args;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The message (default: read stdin).
    #[arg(long)]
    pub text: Option<String>,
}

pub fn run(_args: CheckArgs) -> Result<u8> {
    anyhow::bail!("`leakguard check` is not implemented yet")
}
