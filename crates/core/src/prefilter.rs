//! The keyword prefilter: one case-insensitive Aho-Corasick pass tells which rules are worth running
//! and where.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::rule::Rule;

/// Keyword automaton plus, for each keyword, the rules that listed it.
///
/// Two automata for the same keywords: a contiguous NFA, built in well under a millisecond, serves
/// hooks and chat messages; a full DFA, several times faster per byte but costlier to build (about
/// 7 ms for ~600 keywords), is built once a scanner has searched [`DFA_AFTER_BYTES`], i.e. only in
/// bulk scans, where it pays for itself many times over.
#[derive(Debug)]
pub(crate) struct Prefilter {
    words: Vec<String>,
    nfa: AhoCorasick,
    dfa: OnceLock<AhoCorasick>,
    searched: AtomicU64,
    rules_of: Vec<Vec<u32>>,
}

/// Bytes searched with the NFA before the DFA is built.
const DFA_AFTER_BYTES: u64 = 4 << 20;

fn automaton(words: &[String], kind: AhoCorasickKind) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .build(words)
        .expect("keyword automaton within size limits")
}

/// A keyword occurrence for one rule.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub rule: u32,
    pub start: usize,
    pub end: usize,
}

impl Prefilter {
    pub(crate) fn new(rules: &[Rule]) -> Prefilter {
        let mut words: Vec<String> = Vec::new();
        let mut rules_of: Vec<Vec<u32>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (ri, r) in rules.iter().enumerate() {
            for k in &r.keywords {
                let i = *index.entry(k.clone()).or_insert_with(|| {
                    words.push(k.clone());
                    rules_of.push(Vec::new());
                    words.len() - 1
                });
                if !rules_of[i].contains(&(ri as u32)) {
                    rules_of[i].push(ri as u32);
                }
            }
        }
        let nfa = automaton(&words, AhoCorasickKind::ContiguousNFA);
        Prefilter { words, nfa, dfa: OnceLock::new(), searched: AtomicU64::new(0), rules_of }
    }

    fn automaton_for(&self, len: usize) -> &AhoCorasick {
        if let Some(dfa) = self.dfa.get() {
            return dfa;
        }
        let before = self.searched.fetch_add(len as u64, Ordering::Relaxed);
        if before + len as u64 >= DFA_AFTER_BYTES {
            return self.dfa.get_or_init(|| automaton(&self.words, AhoCorasickKind::DFA));
        }
        &self.nfa
    }

    /// Every (rule, keyword position) in `hay`, overlapping keywords included.
    pub(crate) fn hits(&self, hay: &[u8], out: &mut Vec<Hit>) {
        for m in self.automaton_for(hay.len()).find_overlapping_iter(hay) {
            for &rule in &self.rules_of[m.pattern().as_usize()] {
                out.push(Hit { rule, start: m.start(), end: m.end() });
            }
        }
    }
}
