//! The keyword pass of bulk scans: a small dense DFA over the first bytes of each keyword, walked
//! over several parts of a text at once.
//!
//! Every byte of every scanned file goes through this automaton, so its cost per byte is most of
//! the keyword pass. aho-corasick's DFA over the full keywords (about 2,500 words, 8,000 states ×
//! 64 classes × 4 bytes) is larger than the L2 cache, and one walk is a chain of dependent loads
//! that mostly wait on it. Two changes make the walk cheaper (over the 146 MB of the bench tree,
//! the pass took 361-366 ms with aho-corasick's DFA and 146-155 ms with this one, minimum of 6
//! rounds; see `tests::bench`):
//!
//! - **Prefixes.** The automaton holds each keyword's first [`PREFIX`] bytes only; a longer keyword
//!   is compared in full where its prefix occurs. Most keywords share their first bytes, so the
//!   automaton has fewer states (5,500), with 2-byte entries: 0.7 MB, within the L2 cache. Shorter
//!   prefixes make it smaller still but slower: too many prefixes occur without their keyword.
//! - **Lanes.** A long text is cut into [`LANES`] parts walked in lockstep. The walks do not depend
//!   on one another, so the processor waits on their loads at once instead of one after the other
//!   (2, 3, 6 and 8 lanes measured no better than 4). Each lane reads its own slice, and the
//!   table's length is a power of two, so that no index needs a bounds check.
//!   Each part but the first starts `PREFIX - 1` bytes early, without reporting, so that a keyword
//!   that straddles a cut is found by the part it ends in, once.
//!
//! The result is the same set of occurrences as a standard Aho-Corasick search with overlaps, ASCII
//! case ignored (a test checks it against the aho-corasick crate), but not in text order.

/// Keyword bytes held by the automaton; longer keywords are verified where their prefix occurs.
pub(crate) const PREFIX: usize = 8;
/// Parts of a long text walked at once.
const LANES: usize = 4;
/// Texts shorter than this are walked in one lane.
const MIN_LANE: usize = 1024;

/// A keyword whose prefix ends at some state: its pattern index and lengths.
#[derive(Debug, Clone, Copy)]
struct Out {
    pattern: u32,
    /// Bytes of the keyword in the automaton.
    prefix: u32,
    /// Bytes of the keyword.
    len: u32,
}

#[derive(Debug)]
pub(crate) struct BulkDfa {
    /// Keyword bytes held by the automaton ([`PREFIX`]).
    prefix_max: usize,
    /// Byte to class; an ASCII letter and its capital share a class.
    classes: [u8; 256],
    /// Row length is `1 << shift` entries.
    shift: u32,
    /// Transitions, `table[(state << shift) | class]`.
    table: Vec<u16>,
    /// States from this one on have outputs.
    first_match: u16,
    /// For match state `first_match + i`, its outputs are `outs[out_start[i]..out_start[i + 1]]`.
    out_start: Vec<u32>,
    outs: Vec<Out>,
    /// The keywords, lowercase.
    words: Vec<Vec<u8>>,
}

impl BulkDfa {
    /// The automaton for `words` (compared ignoring ASCII case). `None` when a word is empty or the
    /// automaton would need more than 65,536 states: the caller uses another automaton then.
    pub(crate) fn new<S: AsRef<[u8]>>(words: &[S]) -> Option<BulkDfa> {
        Self::with_prefix(words, PREFIX)
    }

    fn with_prefix<S: AsRef<[u8]>>(words: &[S], prefix_max: usize) -> Option<BulkDfa> {
        let words: Vec<Vec<u8>> = words.iter().map(|w| w.as_ref().to_ascii_lowercase()).collect();
        if words.iter().any(|w| w.is_empty()) {
            return None;
        }
        // Byte classes: one per byte that occurs in a prefix (letters with their capitals), one for
        // every other byte.
        let mut classes = [0u8; 256];
        let mut n = 1usize;
        for w in &words {
            for &b in &w[..w.len().min(prefix_max)] {
                if classes[b as usize] == 0 {
                    classes[b as usize] = n as u8;
                    classes[b.to_ascii_uppercase() as usize] = n as u8;
                    n += 1;
                    if n > 255 {
                        return None;
                    }
                }
            }
        }
        let shift = usize::BITS - (n - 1).leading_zeros();
        let stride = 1usize << shift;

        // The trie of the prefixes (0: no edge; the root is state 0 and never a target).
        let mut next: Vec<u32> = vec![0; stride];
        let mut node_outs: Vec<Vec<Out>> = vec![Vec::new()];
        for (p, w) in words.iter().enumerate() {
            let prefix = w.len().min(prefix_max);
            let mut s = 0usize;
            for &b in &w[..prefix] {
                let c = classes[b as usize] as usize;
                if next[s * stride + c] == 0 {
                    next[s * stride + c] = node_outs.len() as u32;
                    node_outs.push(Vec::new());
                    next.resize(node_outs.len() * stride, 0);
                }
                s = next[s * stride + c] as usize;
            }
            node_outs[s].push(Out { pattern: p as u32, prefix: prefix as u32, len: w.len() as u32 });
        }
        let states = node_outs.len();
        if states > 1 << 16 {
            return None;
        }

        // Failure links in breadth-first order turn the trie into a DFA: a missing edge goes where
        // the failure state's edge goes, and a state also outputs what its failure state outputs.
        let mut fail = vec![0usize; states];
        let mut queue: std::collections::VecDeque<usize> =
            next[..stride].iter().filter(|&&t| t != 0).map(|&t| t as usize).collect();
        while let Some(s) = queue.pop_front() {
            for c in 0..stride {
                let t = next[s * stride + c] as usize;
                if t == 0 {
                    next[s * stride + c] = next[fail[s] * stride + c];
                } else {
                    let f = next[fail[s] * stride + c] as usize;
                    fail[t] = f;
                    let inherited = node_outs[f].clone();
                    node_outs[t].extend(inherited);
                    queue.push_back(t);
                }
            }
        }

        // States without outputs first, so that one comparison tells a match state.
        let mut order: Vec<usize> = (0..states).filter(|&s| node_outs[s].is_empty()).collect();
        let first_match = order.len();
        order.extend((0..states).filter(|&s| !node_outs[s].is_empty()));
        let mut id = vec![0u16; states];
        for (new, &old) in order.iter().enumerate() {
            id[old] = new as u16;
        }
        // A power-of-two length lets the walk mask its index instead of checking its bounds (the
        // pages past the last state are never touched).
        let mut table = vec![0u16; (states * stride).next_power_of_two()];
        for (new, &old) in order.iter().enumerate() {
            for c in 0..stride {
                table[new * stride + c] = id[next[old * stride + c] as usize];
            }
        }
        let mut out_start = vec![0u32];
        let mut outs = Vec::new();
        for &old in &order[first_match..] {
            outs.extend_from_slice(&node_outs[old]);
            out_start.push(outs.len() as u32);
        }
        Some(BulkDfa { prefix_max, classes, shift, table, first_match: first_match as u16, out_start, outs, words })
    }

    /// Calls `f(pattern, start, end)` for every occurrence of every keyword in `hay`, overlaps
    /// included, ASCII case ignored; not in text order.
    pub(crate) fn for_each(&self, hay: &[u8], f: impl FnMut(usize, usize, usize)) {
        self.for_each_in::<LANES>(hay, f)
    }

    /// [`BulkDfa::for_each`] with `N` lanes.
    // One index walks all the lanes, which an iterator per lane would not make clearer.
    #[allow(clippy::needless_range_loop)]
    fn for_each_in<const N: usize>(&self, hay: &[u8], mut f: impl FnMut(usize, usize, usize)) {
        if hay.len() < N * MIN_LANE {
            return self.walk(hay, 0, 0, &mut f);
        }
        // Lane `j` reports the keywords that end in `hay[cut[j]..cut[j + 1]]`; it starts
        // `PREFIX - 1` bytes before its cut to know the state there.
        let part = hay.len() / N;
        let cut: [usize; N] = std::array::from_fn(|j| j * part);
        let mut s = [0u16; N];
        for j in 1..N {
            s[j] = self.warm(hay, cut[j] - (self.prefix_max - 1), cut[j]);
        }
        let shift = self.shift;
        let first_match = self.first_match;
        let table = &self.table[..];
        let mask = table.len() - 1;
        let step = |s: u16, b: u8| table[(((s as usize) << shift) | self.classes[b as usize] as usize) & mask];
        let lane: [&[u8]; N] = std::array::from_fn(|j| &hay[cut[j]..cut[j] + part]);
        for i in 0..part {
            let mut any = false;
            for j in 0..N {
                s[j] = step(s[j], lane[j][i]);
                any |= s[j] >= first_match;
            }
            if any {
                for j in 0..N {
                    if s[j] >= first_match {
                        self.report(hay, s[j], cut[j] + i, &mut f);
                    }
                }
            }
        }
        // The last part may be longer by up to `N - 1` bytes.
        self.walk(hay, s[N - 1], cut[N - 1] + part, &mut f);
    }

    /// The state after walking `hay[from..to]` from the start state, reporting nothing.
    fn warm(&self, hay: &[u8], from: usize, to: usize) -> u16 {
        hay[from..to].iter().fold(0u16, |s, &b| self.table[((s as usize) << self.shift) | self.classes[b as usize] as usize])
    }

    /// One lane from state `s` over `hay[from..]`, reporting.
    fn walk(&self, hay: &[u8], mut s: u16, from: usize, f: &mut impl FnMut(usize, usize, usize)) {
        for (i, &b) in hay[from..].iter().enumerate() {
            s = self.table[((s as usize) << self.shift) | self.classes[b as usize] as usize];
            if s >= self.first_match {
                self.report(hay, s, from + i, f);
            }
        }
    }

    /// The keywords of match state `s` whose prefix ends at byte `i`, each verified in full.
    #[cold]
    #[inline(never)]
    fn report(&self, hay: &[u8], s: u16, i: usize, f: &mut impl FnMut(usize, usize, usize)) {
        let k = (s - self.first_match) as usize;
        let (lo, hi) = (self.out_start[k] as usize, self.out_start[k + 1] as usize);
        for o in &self.outs[lo..hi] {
            let start = i + 1 - o.prefix as usize;
            let end = start + o.len as usize;
            if o.len == o.prefix
                || (end <= hay.len()
                    && hay[i + 1..end].eq_ignore_ascii_case(&self.words[o.pattern as usize][o.prefix as usize..]))
            {
                f(o.pattern as usize, start, end);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    fn both(words: &[&str], hay: &[u8]) {
        let ac = AhoCorasick::builder().ascii_case_insensitive(true).match_kind(MatchKind::Standard).build(words).unwrap();
        let mut want: Vec<(usize, usize, usize)> =
            ac.find_overlapping_iter(hay).map(|m| (m.pattern().as_usize(), m.start(), m.end())).collect();
        want.sort_unstable();
        for prefix in [1, 2, 3, 5, PREFIX] {
            let dfa = BulkDfa::with_prefix(words, prefix).unwrap();
            let mut got = Vec::new();
            dfa.for_each(hay, |p, s, e| got.push((p, s, e)));
            got.sort_unstable();
            assert_eq!(got, want, "words {words:?}, prefix {prefix}");
        }
    }

    /// Random keyword sets over a small alphabet (many shared prefixes, keywords inside keywords)
    /// on random texts around the lane threshold: same occurrences as aho-corasick.
    #[test]
    fn random_sets_match_aho_corasick() {
        let mut rng = 0x9e3779b97f4a7c15u64;
        let mut next = move |n: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % n
        };
        let alphabet = b"abAB_-1\xff";
        for _ in 0..40 {
            let words: Vec<String> = (0..1 + next(30))
                .map(|_| (0..1 + next(11)).map(|_| alphabet[next(6) as usize] as char).map(|c| c.to_ascii_lowercase()).collect())
                .collect();
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            for len in [5u64, 300, 4095, 4096, 4099, 9000] {
                let hay: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len() as u64) as usize]).collect();
                both(&words, &hay);
            }
        }
    }

    /// Keyword sets past 65,536 states are refused (the caller falls back on aho-corasick), and so
    /// is an empty keyword; every byte in keywords still fits (231 classes at most).
    #[test]
    fn refuses_what_it_cannot_hold() {
        let many: Vec<String> = (0..20_000u32).map(|i| format!("{:08x}", i.wrapping_mul(2_654_435_761))).collect();
        assert!(BulkDfa::new(&many).is_none());
        let bytes: Vec<Vec<u8>> = (0..=255u8).filter(|b| !b.is_ascii_uppercase()).map(|b| vec![b, b]).collect();
        assert!(BulkDfa::new(&bytes).is_some());
        assert!(BulkDfa::new(&["key", ""]).is_none());
        assert!(BulkDfa::new(&["key", "token"]).is_some());
    }

    /// Same occurrences as aho-corasick, on short and long texts, with keywords that straddle the
    /// lanes' cuts, share prefixes, contain one another and are shorter or longer than the prefix.
    #[test]
    fn matches_aho_corasick() {
        let words = ["password", "pass", "pw", "a", "key", "api_key", "token", "secret_key", "ssw", "ordpass", "zzzzzzzz", "é"];
        let mut rng = 0x2545f4914f6cdd1du64;
        let alphabet = b"PpAaSsWwOoRrDdKkEeYy_ITtNnZz \n\xc3\xa9";
        for len in [0, 1, 3, 7, 100, 4095, 4096, 4097, 5000, 20_011] {
            let hay: Vec<u8> = (0..len)
                .map(|_| {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    alphabet[(rng % alphabet.len() as u64) as usize]
                })
                .collect();
            both(&words, &hay);
        }
        // A keyword across every cut of a lane-split text.
        let mut hay = vec![b'.'; 8192];
        for cut in [2048usize, 4096, 6144] {
            for k in 0..8 {
                hay[cut - 4 + k] = b"PASSWORD"[k];
            }
        }
        both(&words, &hay);
        let len = hay.len();
        hay[len - 8..].copy_from_slice(b"passWord");
        both(&words, &hay);
    }

    /// Not a test: the time of the keyword pass (rule keywords and prose trigger words) over the
    /// files of a tree, aho-corasick's DFA against this one with several prefix lengths, 4 rounds
    /// (take the minimum), or with `LEAKGUARD_BENCH_COUNT` set the 60 most frequent words:
    /// `LEAKGUARD_BENCH_TREE=DIR cargo test --profile dist -p leakguard-core --lib
    /// bulk_dfa::tests::bench -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn bench() {
        let Some(files) = crate::bench_tree_files() else { return };
        let bytes: usize = files.iter().map(Vec::len).sum();
        let mut words: Vec<&str> = crate::builtin::KEYWORDS.to_vec();
        words.extend(crate::prose::trigger_words());
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&words)
            .unwrap();
        if std::env::var_os("LEAKGUARD_BENCH_COUNT").is_some() {
            let dfa = BulkDfa::new(&words).unwrap();
            let mut count = vec![0usize; words.len()];
            for f in &files {
                dfa.for_each(f, |p, _, _| count[p] += 1);
            }
            let mut top: Vec<(usize, &str)> = count.iter().zip(&words).map(|(&c, &w)| (c, w)).collect();
            top.sort_unstable_by(|a, b| b.cmp(a));
            let nk = crate::builtin::KEYWORDS.len();
            for (c, w) in top.iter().take(60) {
                let kind = if words.iter().position(|x| x == w).unwrap() >= nk { "trigger" } else { "keyword" };
                println!("{c} {w} {kind}");
            }
            return;
        }
        for round in 0..6 {
            let t = std::time::Instant::now();
            let mut n = 0usize;
            for f in &files {
                n += ac.find_overlapping_iter(f).count();
            }
            println!("round {round} aho-corasick: {:?} for {bytes} bytes, {n} hits", t.elapsed());
            for prefix in [6, 8, 10] {
                let dfa = BulkDfa::with_prefix(&words, prefix).unwrap();
                let t = std::time::Instant::now();
                let mut n = 0usize;
                for f in &files {
                    dfa.for_each(f, |_, _, _| n += 1);
                }
                println!("round {round} prefix {prefix} ({} states): {:?}, {n} hits", dfa.table.len() >> dfa.shift, t.elapsed());
            }
            let dfa = BulkDfa::new(&words).unwrap();
            let lanes = |n: usize, f: &[u8], hit: &mut dyn FnMut(usize, usize, usize)| match n {
                2 => dfa.for_each_in::<2>(f, hit),
                3 => dfa.for_each_in::<3>(f, hit),
                6 => dfa.for_each_in::<6>(f, hit),
                8 => dfa.for_each_in::<8>(f, hit),
                _ => dfa.for_each_in::<4>(f, hit),
            };
            for n_lanes in [2, 3, 4, 6, 8] {
                let t = std::time::Instant::now();
                let mut n = 0usize;
                for f in &files {
                    lanes(n_lanes, f, &mut |_, _, _| n += 1);
                }
                println!("round {round} lanes {n_lanes}: {:?}, {n} hits", t.elapsed());
            }
        }
    }
}
