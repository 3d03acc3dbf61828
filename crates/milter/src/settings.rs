//! The milter configuration: a `[milter]` section, plus leakguard's own sections (`[detection]`,
//! `[policy]`, `[allowlist]`, `[[rules]]`) for what counts as a secret.
//!
//! ```toml
//! [milter]
//! listen = "inet:127.0.0.1:8891"   # or "unix:/run/leakguard/milter.sock"
//! on_block = "reject"              # reject | tempfail | quarantine | header
//! on_warn = "header"               # accept | header | quarantine | tempfail | reject
//! on_error = "tempfail"            # tempfail | accept (accept adds the header): internal error,
//!                                  #   over the size limit, undecodable MIME, scan timeout
//! max_message_size = 26214400      # bytes; larger messages are not scanned (on_error applies)
//! scan_timeout_ms = 20000
//! header = "X-Leakguard"
//! tag_clean = true                 # also add the header to clean messages
//! exempt_senders = ["backup-robot@example.org"]
//! exempt_recipients = ["security-team@example.org"]
//! exempt_domains = ["vault.example.org"]   # sender's or every recipient's domain
//! text_attachment_extensions = ["txt", "csv", "env", ...]   # replaces the default list
//!
//! [policy]
//! block_at = "medium"   # the confidence threshold for on_block
//! warn_at = "low"
//! ```

use std::path::Path;

use anyhow::{bail, Context as _};
use leakguard_core::{Config, Scanner};
use serde::Deserialize;

/// What the milter does with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Act {
    /// Let it through untouched (still logged).
    Accept,
    /// Let it through with the `X-Leakguard` header naming what was found.
    Header,
    /// Put it on hold (Postfix hold queue) with the header; an administrator releases or deletes it.
    Quarantine,
    /// Refuse it for now (`451 4.7.1`): the sender's server retries, the sender is not told at once.
    Tempfail,
    /// Refuse it (`550 5.7.1`) with the reason.
    Reject,
}

impl Act {
    /// The lowercase name used in logs and config.
    pub fn as_str(self) -> &'static str {
        match self {
            Act::Accept => "accept",
            Act::Header => "header",
            Act::Quarantine => "quarantine",
            Act::Tempfail => "tempfail",
            Act::Reject => "reject",
        }
    }
}

/// The fail-safe choice: what happens to a message that could not be scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnError {
    /// `451 4.7.1`: the sending server keeps the message and retries later. Nothing unscanned leaves.
    Tempfail,
    /// Deliver it with `X-Leakguard: unscanned; reason=...`. Mail keeps flowing.
    Accept,
}

/// The extensions of attachments scanned as text, when `text_attachment_extensions` is not set.
pub const DEFAULT_TEXT_EXTENSIONS: &[&str] = &[
    "txt",
    "text",
    "log",
    "csv",
    "tsv",
    "md",
    "rst",
    "env",
    "ini",
    "cfg",
    "conf",
    "config",
    "cnf",
    "properties",
    "toml",
    "yaml",
    "yml",
    "json",
    "xml",
    "plist",
    "sql",
    "sh",
    "bash",
    "zsh",
    "ps1",
    "bat",
    "cmd",
    "py",
    "rb",
    "pl",
    "php",
    "js",
    "mjs",
    "ts",
    "java",
    "kt",
    "go",
    "rs",
    "c",
    "h",
    "cc",
    "cpp",
    "hpp",
    "cs",
    "swift",
    "scala",
    "r",
    "lua",
    "tf",
    "tfvars",
    "hcl",
    "pem",
    "key",
    "crt",
    "pub",
    "asc",
    "htpasswd",
    "netrc",
    "npmrc",
    "pgpass",
    "gitconfig",
    "dockerfile",
    "eml",
    "html",
    "htm",
    "vcf",
    "ics",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMilter {
    listen: Option<String>,
    on_block: Option<Act>,
    on_warn: Option<Act>,
    on_error: Option<OnError>,
    max_message_size: Option<u64>,
    scan_timeout_ms: Option<u64>,
    header: Option<String>,
    tag_clean: Option<bool>,
    #[serde(default)]
    exempt_senders: Vec<String>,
    #[serde(default)]
    exempt_recipients: Vec<String>,
    #[serde(default)]
    exempt_domains: Vec<String>,
    text_attachment_extensions: Option<Vec<String>>,
    max_connections: Option<usize>,
}

/// The parsed `[milter]` section.
#[derive(Debug, Clone)]
pub struct MilterSettings {
    /// `inet:HOST:PORT`, `inet:PORT@HOST` or `unix:PATH`.
    pub listen: String,
    /// What to do when the verdict is block.
    pub on_block: Act,
    /// What to do when the verdict is warn.
    pub on_warn: Act,
    /// The fail-safe choice.
    pub on_error: OnError,
    /// Messages larger than this are not scanned; `on_error` applies.
    pub max_message_size: u64,
    /// A scan taking longer is abandoned; `on_error` applies.
    pub scan_timeout_ms: u64,
    /// The header added to accepted messages.
    pub header: String,
    /// Add the header to clean messages too.
    pub tag_clean: bool,
    /// Lowercase envelope addresses whose mail is not scanned.
    pub exempt_senders: Vec<String>,
    /// Lowercase envelope addresses; a message is exempt when every recipient is exempt.
    pub exempt_recipients: Vec<String>,
    /// Lowercase domains: the sender's domain, or every recipient's domain.
    pub exempt_domains: Vec<String>,
    /// Lowercase extensions of attachments scanned as text.
    pub text_extensions: Vec<String>,
    /// Concurrent MTA connections.
    pub max_connections: usize,
}

impl Default for MilterSettings {
    fn default() -> Self {
        MilterSettings {
            listen: "inet:127.0.0.1:8891".into(),
            on_block: Act::Reject,
            on_warn: Act::Header,
            on_error: OnError::Tempfail,
            max_message_size: 25 * 1024 * 1024,
            scan_timeout_ms: 20_000,
            header: "X-Leakguard".into(),
            tag_clean: true,
            exempt_senders: Vec::new(),
            exempt_recipients: Vec::new(),
            exempt_domains: Vec::new(),
            text_extensions: DEFAULT_TEXT_EXTENSIONS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            max_connections: 100,
        }
    }
}

/// The whole configuration: milter settings and the scanner built from the detection sections.
#[derive(Debug)]
pub struct Settings {
    /// The `[milter]` section.
    pub milter: MilterSettings,
    /// The scanner, with leakguard's `[detection]`, `[policy]`, `[allowlist]` and `[[rules]]` applied.
    pub scanner: Scanner,
}

impl Settings {
    /// Defaults: built-in rules, reject on block, tempfail on error.
    pub fn default_settings() -> Settings {
        Settings {
            milter: MilterSettings::default(),
            scanner: Scanner::new(),
        }
    }

    /// Reads a config file.
    pub fn from_file(path: &Path) -> anyhow::Result<Settings> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Settings::from_toml(&text, &path.display().to_string())
    }

    /// Parses a config from TOML text; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> anyhow::Result<Settings> {
        let mut table: toml::Table =
            toml::from_str(text).with_context(|| format!("{origin}: invalid TOML"))?;
        let raw: RawMilter = match table.remove("milter") {
            Some(v) => v
                .try_into()
                .with_context(|| format!("{origin}: in [milter]"))?,
            None => RawMilter::default(),
        };
        // The rest is leakguard's own config format, checked by core.
        let rest = toml::to_string(&table).context("re-serialising the detection sections")?;
        let config = Config::from_toml(&rest, origin)?;
        let scanner = Scanner::with_config(&config)?;
        let d = MilterSettings::default();
        let lower = |v: Vec<String>| {
            v.into_iter()
                .map(|s| s.trim().to_lowercase())
                .collect::<Vec<_>>()
        };
        let header = raw.header.unwrap_or(d.header);
        if header.is_empty()
            || !header
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            bail!("{origin}: milter.header {header:?} is not a header name (letters, digits, '-')");
        }
        let milter = MilterSettings {
            listen: raw.listen.unwrap_or(d.listen),
            on_block: raw.on_block.unwrap_or(d.on_block),
            on_warn: raw.on_warn.unwrap_or(d.on_warn),
            on_error: raw.on_error.unwrap_or(d.on_error),
            max_message_size: raw.max_message_size.unwrap_or(d.max_message_size),
            scan_timeout_ms: raw.scan_timeout_ms.unwrap_or(d.scan_timeout_ms).max(1),
            header,
            tag_clean: raw.tag_clean.unwrap_or(d.tag_clean),
            exempt_senders: lower(raw.exempt_senders),
            exempt_recipients: lower(raw.exempt_recipients),
            exempt_domains: lower(raw.exempt_domains)
                .into_iter()
                .map(|s| s.trim_start_matches('@').to_string())
                .collect(),
            text_extensions: raw
                .text_attachment_extensions
                .map(|v| {
                    lower(v)
                        .into_iter()
                        .map(|s| s.trim_start_matches('.').to_string())
                        .collect()
                })
                .unwrap_or(d.text_extensions),
            max_connections: raw.max_connections.unwrap_or(d.max_connections).max(1),
        };
        Ok(Settings { milter, scanner })
    }

    /// Whether a message from `sender` to `recipients` (envelope addresses) is exempt from scanning.
    pub fn is_exempt(&self, sender: &str, recipients: &[String]) -> Option<&'static str> {
        let m = &self.milter;
        let sender = normalize_addr(sender);
        if !sender.is_empty() {
            if m.exempt_senders.contains(&sender) {
                return Some("sender");
            }
            if m.exempt_domains.iter().any(|d| domain_of(&sender) == d) {
                return Some("sender domain");
            }
        }
        if recipients.is_empty() {
            return None;
        }
        let all =
            |f: &dyn Fn(&str) -> bool| recipients.iter().map(|r| normalize_addr(r)).all(|r| f(&r));
        if !m.exempt_recipients.is_empty() && all(&|r| m.exempt_recipients.iter().any(|e| e == r)) {
            return Some("recipients");
        }
        if !m.exempt_domains.is_empty()
            && all(&|r| m.exempt_domains.iter().any(|d| d == domain_of(r)))
        {
            return Some("recipient domain");
        }
        None
    }
}

/// `<Alice@Example.ORG>` -> `alice@example.org`.
pub fn normalize_addr(addr: &str) -> String {
    addr.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_lowercase()
}

fn domain_of(addr: &str) -> &str {
    addr.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_milter_and_detection_sections() {
        let s = Settings::from_toml(
            "[milter]\non_block = \"quarantine\"\non_error = \"accept\"\nexempt_domains = [\"@Vault.example.org\"]\n\
             [policy]\nblock_at = \"high\"\n",
            "m.toml",
        )
        .expect("valid");
        assert_eq!(s.milter.on_block, Act::Quarantine);
        assert_eq!(s.milter.on_error, OnError::Accept);
        assert_eq!(s.milter.exempt_domains, vec!["vault.example.org"]);
        assert_eq!(
            s.scanner.policy().block_at,
            leakguard_core::Confidence::High
        );
    }

    #[test]
    fn errors_name_the_field() {
        let e = Settings::from_toml("[milter]\non_block = \"bounce\"\n", "m.toml")
            .expect_err("invalid");
        assert!(
            format!("{e:#}").contains("on_block") || format!("{e:#}").contains("bounce"),
            "{e:#}"
        );
        let e =
            Settings::from_toml("[policy]\nblock_at = \"hihg\"\n", "m.toml").expect_err("invalid");
        assert!(format!("{e:#}").contains("policy.block_at"), "{e:#}");
    }

    #[test]
    fn exemptions() {
        let s = Settings::from_toml(
            "[milter]\nexempt_senders = [\"Robot@example.org\"]\nexempt_recipients = [\"sec@example.org\"]\n\
             exempt_domains = [\"vault.example.net\"]\n",
            "m.toml",
        )
        .expect("valid");
        let r = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            s.is_exempt("<robot@EXAMPLE.org>", &r(&["<a@b.c>"])),
            Some("sender")
        );
        assert_eq!(
            s.is_exempt("x@vault.example.net", &r(&["<a@b.c>"])),
            Some("sender domain")
        );
        assert_eq!(
            s.is_exempt("x@y.z", &r(&["<sec@example.org>"])),
            Some("recipients")
        );
        // One recipient outside the exemption: the secret would reach them, so scan.
        assert_eq!(
            s.is_exempt("x@y.z", &r(&["<sec@example.org>", "<a@b.c>"])),
            None
        );
        assert_eq!(
            s.is_exempt("x@y.z", &r(&["<a@vault.example.net>"])),
            Some("recipient domain")
        );
        assert_eq!(s.is_exempt("", &r(&[])), None);
    }
}
