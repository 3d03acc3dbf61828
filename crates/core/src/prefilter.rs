//! The keyword prefilter: one case-insensitive Aho-Corasick pass tells which rules are worth running
//! and where.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::bulk_dfa::BulkDfa;
use crate::builtin::{KEYWORDS, KEYWORD_AC, KEYWORD_RULES};
use crate::rule::Rule;
use crate::static_ac::BuiltInBulk;

/// Keyword automata plus, for each keyword, the rules that listed it.
///
/// The built-in rules' keywords are searched with an automaton that build.rs computed
/// (`KEYWORD_AC`), so a hook or a message filter that scans one small input builds nothing; the
/// keywords of rules from a user's configuration get a small automaton of their own. A full DFA
/// over all keywords, several times faster per byte but costlier to build (a few milliseconds), is
/// built once a scanner has searched [`KEYWORD_DFA_AFTER`] bytes ([`BuiltInBulk`]): never for a hook
/// or a message, early in a scan of a tree.
#[derive(Debug)]
pub(crate) struct Prefilter {
    /// The scanner's index of each built-in rule, [`NONE`] when the configuration disabled it.
    builtin_index: Vec<u32>,
    /// Keywords of the configuration's rules and, for each, those rules' indices.
    extra_words: Vec<String>,
    extra_rules: Vec<Vec<u32>>,
    extra: Option<AhoCorasick>,
    /// The DFA over every keyword, and each keyword's rules.
    dfa: BuiltInBulk<(Bulk, Vec<Vec<u32>>)>,
    /// Set once the scanner has searched [`crate::static_ac::BULK_BYTES`]: from then on the rules' regexes
    /// are built in their full form (see [`Prefilter::bulk`]).
    bulk: BuiltInBulk<()>,
    /// Words searched by the same DFA for another consumer (the prose detector's trigger), after the
    /// keywords: one pass over a file's bytes instead of two.
    trigger: &'static [&'static str],
}

/// The automaton of bulk scans: [`BulkDfa`], or aho-corasick's DFA for keyword sets it does not
/// take (more than 65,536 states).
#[derive(Debug)]
enum Bulk {
    Compact(Box<BulkDfa>),
    Ac(AhoCorasick),
}

/// Marks a disabled built-in rule in [`Prefilter::builtin_index`].
pub(crate) const NONE: u32 = u32::MAX;

fn automaton<S: AsRef<[u8]>>(words: &[S], kind: AhoCorasickKind) -> AhoCorasick {
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

/// Bytes searched with the static automaton before the keyword DFA is built. Its build (about 18
/// million instructions, 4-5 ms) is what the static automaton costs more on about half a megabyte
/// (some 30 instructions a byte more): a scan of a tree builds it early, a hook's diff or a message
/// never. The switch to the full regexes waits for [`crate::static_ac::BULK_BYTES`]: rebuilding the regexes a
/// scan of a small repository has already built light cost more than it gained.
pub(crate) const KEYWORD_DFA_AFTER: u64 = 512 << 10;

impl Prefilter {
    /// `builtin_index[i]`: the index in `rules` of built-in rule `i` (or [`NONE`]); the rules from
    /// `first_user` on come from the configuration.
    /// `trigger`: words to find in bulk scans along with the keywords (see [`Prefilter::hits`]).
    pub(crate) fn new(rules: &[Rule], builtin_index: Vec<u32>, first_user: usize, trigger: &'static [&'static str]) -> Prefilter {
        let mut extra_words: Vec<String> = Vec::new();
        let mut extra_rules: Vec<Vec<u32>> = Vec::new();
        for (ri, r) in rules.iter().enumerate().skip(first_user) {
            for k in &r.keywords {
                let k = k.to_ascii_lowercase();
                let i = extra_words.iter().position(|w| *w == k).unwrap_or_else(|| {
                    extra_words.push(k);
                    extra_rules.push(Vec::new());
                    extra_words.len() - 1
                });
                if !extra_rules[i].contains(&(ri as u32)) {
                    extra_rules[i].push(ri as u32);
                }
            }
        }
        let extra = (!extra_words.is_empty()).then(|| automaton(&extra_words, AhoCorasickKind::ContiguousNFA));
        Prefilter { builtin_index, extra_words, extra_rules, extra, dfa: BuiltInBulk::after_bytes(KEYWORD_DFA_AFTER), bulk: BuiltInBulk::new(), trigger }
    }

    fn build_dfa(&self) -> (Bulk, Vec<Vec<u32>>) {
        let mut words: Vec<&str> = KEYWORDS.to_vec();
        let mut rules_of: Vec<Vec<u32>> = KEYWORD_RULES
            .iter()
            .map(|rs| rs.iter().map(|&b| self.builtin_index[b as usize]).filter(|&r| r != NONE).collect())
            .collect();
        words.extend(self.extra_words.iter().map(String::as_str));
        rules_of.extend(self.extra_rules.iter().cloned());
        // Trigger words come last and have no rules: pattern `rules_of.len() + i` is trigger word `i`.
        words.extend(self.trigger.iter().copied());
        let bulk = match BulkDfa::new(&words) {
            Some(dfa) => Bulk::Compact(Box::new(dfa)),
            None => Bulk::Ac(automaton(&words, AhoCorasickKind::DFA)),
        };
        (bulk, rules_of)
    }

    /// Whether this scanner is in a bulk scan (it has searched [`crate::static_ac::BULK_BYTES`]): the rules'
    /// regexes are then built with their literal prefilters ([`crate::rule::Rule::regex`]).
    pub(crate) fn bulk(&self) -> bool {
        self.bulk.built().is_some()
    }

    /// Every (rule, keyword position) in `hay`, overlapping keywords included. In a bulk scan, also
    /// every occurrence of the trigger words, as (word, start, end) in `trigger`, and returns true;
    /// false when `trigger` was not filled.
    pub(crate) fn hits(&self, hay: &[u8], out: &mut Vec<Hit>, trigger: &mut Vec<(usize, usize, usize)>) -> bool {
        self.bulk.after(hay.len(), || ());
        let dfa = self.dfa.after(hay.len(), || self.build_dfa());
        if let Some((dfa, rules_of)) = dfa {
            let mut hit = |p: usize, start: usize, end: usize| match rules_of.get(p) {
                Some(rules) => out.extend(rules.iter().map(|&rule| Hit { rule, start, end })),
                None => trigger.push((p - rules_of.len(), start, end)),
            };
            match dfa {
                Bulk::Compact(dfa) => dfa.for_each(hay, hit),
                Bulk::Ac(dfa) => dfa.find_overlapping_iter(hay).for_each(|m| hit(m.pattern().as_usize(), m.start(), m.end())),
            }
            return !self.trigger.is_empty();
        }
        KEYWORD_AC.for_each(hay, true, |p, start, end| {
            for &b in KEYWORD_RULES[p] {
                let rule = self.builtin_index[b as usize];
                if rule != NONE {
                    out.push(Hit { rule, start, end });
                }
            }
        });
        if let Some(extra) = &self.extra {
            for m in extra.find_overlapping_iter(hay) {
                for &rule in &self.extra_rules[m.pattern().as_usize()] {
                    out.push(Hit { rule, start: m.start(), end: m.end() });
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keyword automaton build.rs computed finds what the aho-corasick crate finds, ignoring
    /// ASCII case, on text made of every keyword in upper, lower and mixed case.
    #[test]
    fn static_keywords_match_aho_corasick() {
        let ac = automaton(KEYWORDS, AhoCorasickKind::ContiguousNFA);
        let mut text = String::new();
        for (i, k) in KEYWORDS.iter().enumerate() {
            let k = match i % 3 {
                0 => k.to_string(),
                1 => k.to_ascii_uppercase(),
                _ => k.chars().enumerate().map(|(j, c)| if j % 2 == 0 { c.to_ascii_uppercase() } else { c }).collect(),
            };
            text.push_str(&k);
            text.push_str(if i % 5 == 0 { " " } else { "x" });
        }
        let mut want: Vec<(usize, usize, usize)> =
            ac.find_overlapping_iter(&text).map(|m| (m.pattern().as_usize(), m.start(), m.end())).collect();
        let mut got = Vec::new();
        KEYWORD_AC.for_each(text.as_bytes(), true, |p, s, e| got.push((p, s, e)));
        want.sort_unstable();
        got.sort_unstable();
        assert!(got.len() >= KEYWORDS.len());
        assert_eq!(got, want);
    }
}
