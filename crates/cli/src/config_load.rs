//! Finds and loads the configuration, the ignore file and the baseline.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use leakguard_core::{Config, Scanner};

/// The config file discovered at the repository root.
pub const CONFIG_NAME: &str = ".leakguard.toml";
/// The fingerprint ignore file at the repository root.
pub const IGNORE_NAME: &str = ".leakguardignore";
/// The baseline (`leakguard baseline`) at the repository root: findings known before adoption.
pub const BASELINE_NAME: &str = ".leakguard-baseline.json";

/// The root of the git work tree containing `dir`, else `dir` itself.
pub fn repo_root(dir: &Path) -> PathBuf {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut cur: &Path = &dir;
    loop {
        if cur.join(".git").exists() {
            return cur.to_path_buf();
        }
        match cur.parent() {
            Some(p) => cur = p,
            None => return dir,
        }
    }
}

/// A scanner built from `--config FILE`, else `.leakguard.toml` at the root of the repository that
/// holds `base` (the first scanned path; its folder if it is a file), plus the fingerprints of
/// `.leakguardignore` and `.leakguard-baseline.json` there. Returns the config too (for path
/// allowlists and size limits).
pub fn load(explicit: Option<&Path>, no_config: bool, base: &Path) -> Result<(Scanner, Config)> {
    load_with(explicit, no_config, base, true, None)
}

/// [`load`]; the baseline's fingerprints are ignored only when `baseline` is set; `prose` is the
/// prose detector's default when the config does not say (None: the core's default, on).
pub fn load_with(
    explicit: Option<&Path>,
    no_config: bool,
    base: &Path,
    baseline: bool,
    prose: Option<bool>,
) -> Result<(Scanner, Config)> {
    let base = if base.is_dir() { base } else { base.parent().filter(|p| p.is_dir()).unwrap_or(Path::new(".")) };
    let root = repo_root(if base.as_os_str().is_empty() { Path::new(".") } else { base });
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None if no_config => None,
        None => Some(root.join(CONFIG_NAME)).filter(|p| p.is_file()),
    };
    let config = match &path {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("cannot read config {}", p.display()))?;
            Config::from_toml(&text, &p.display().to_string())?
        }
        None => Config::default(),
    };
    let mut config = config;
    if config.prose.is_none() {
        config.prose = prose;
    }
    let mut scanner = Scanner::with_config(&config)?;
    let ignore = root.join(IGNORE_NAME);
    if ignore.is_file() {
        let text = std::fs::read_to_string(&ignore).with_context(|| format!("cannot read {}", ignore.display()))?;
        scanner.ignore_fingerprints(parse_ignore(&text));
    }
    let base = root.join(BASELINE_NAME);
    if baseline && base.is_file() {
        scanner.ignore_fingerprints(crate::baseline::read(&base)?);
    }
    Ok((scanner, config))
}

/// Fingerprints from an ignore file: one per line, `#` comments; `path:fingerprint` is accepted too.
pub fn parse_ignore(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| l.rsplit(':').next().unwrap_or(l).to_string())
        .collect()
}
