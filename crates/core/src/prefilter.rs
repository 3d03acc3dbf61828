//! The keyword prefilter: one case-insensitive Aho-Corasick pass tells which rules are worth running
//! and where.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::rule::Rule;

/// Keyword automaton plus, for each keyword, the rules that listed it.
#[derive(Debug)]
pub(crate) struct Prefilter {
    ac: AhoCorasick,
    rules_of: Vec<Vec<u32>>,
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
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&words)
            .expect("keyword automaton within size limits");
        Prefilter { ac, rules_of }
    }

    /// Every (rule, keyword position) in `hay`, overlapping keywords included.
    pub(crate) fn hits(&self, hay: &[u8], out: &mut Vec<Hit>) {
        for m in self.ac.find_overlapping_iter(hay) {
            for &rule in &self.rules_of[m.pattern().as_usize()] {
                out.push(Hit { rule, start: m.start(), end: m.end() });
            }
        }
    }
}
