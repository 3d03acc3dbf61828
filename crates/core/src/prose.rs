//! Passwords written in plain sentences, in many languages ("le mdp c'est Gendarme75!").
//!
//! Placeholder: the detector is built in the prose issue. It returns nothing for now.

use crate::rule::Confidence;

/// A password found in prose: byte offsets into the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProseHit {
    pub start: usize,
    pub end: usize,
    pub confidence: Confidence,
}

/// The prose password detector. Built once, shared across threads.
#[derive(Debug, Default)]
pub(crate) struct ProseDetector {}

impl ProseDetector {
    pub(crate) fn new() -> ProseDetector {
        ProseDetector {}
    }

    /// Finds passwords in `text`. `context` is the previous message of a conversation, if any.
    pub(crate) fn detect(&self, _text: &str, _context: Option<&str>, _out: &mut Vec<ProseHit>) {}
}
