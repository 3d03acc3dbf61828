//! The block / warn / allow decision on a message, with a reason safe to show its sender.

use crate::config::Policy;
use crate::finding::Finding;
use crate::rule::Confidence;
use crate::scanner::redact_with;

/// What to do with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Nothing worth stopping.
    Allow,
    /// Something that may be a secret: let it through and tell the sender.
    Warn,
    /// A secret: refuse the message.
    Block,
}

impl Action {
    /// "allow", "warn" or "block".
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Warn => "warn",
            Action::Block => "block",
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The verdict on one message.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// Allow, warn or block.
    pub action: Action,
    /// The highest confidence among the findings, if any.
    pub confidence: Option<Confidence>,
    /// What was found.
    pub findings: Vec<Finding>,
    /// One sentence for the sender: what kind of secret, where, what to do. Never the secret.
    pub reason: String,
    /// The message with each secret replaced by `********`.
    pub redacted: String,
}

impl Verdict {
    /// Decides on `findings` of `text` with `policy`.
    pub fn new(text: &str, findings: Vec<Finding>, policy: Policy) -> Verdict {
        let confidence = findings.iter().map(|f| f.confidence).max();
        let action = match confidence {
            Some(c) if c >= policy.block_at => Action::Block,
            Some(c) if c >= policy.warn_at => Action::Warn,
            _ => Action::Allow,
        };
        let reason = reason(action, &findings);
        let redacted = if findings.is_empty() { text.to_string() } else { redact_with(text, &findings) };
        Verdict { action, confidence, findings, reason, redacted }
    }
}

fn reason(action: Action, findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no secret found".to_string();
    }
    let mut kinds: Vec<&str> = Vec::new();
    for f in findings {
        if !kinds.contains(&f.rule_name.as_str()) {
            kinds.push(&f.rule_name);
        }
    }
    let what = kinds.join(", ");
    let n = findings.len();
    let plural = if n == 1 { "a secret" } else { "secrets" };
    match action {
        Action::Block => format!(
            "message blocked: it contains {plural} ({what}). Remove it and share credentials through a password manager."
        ),
        Action::Warn => format!("this message may contain {plural} ({what}). Check before sending."),
        Action::Allow => format!("allowed; low-confidence match ({what})"),
    }
}
