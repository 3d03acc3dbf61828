//! The run of characters every match of a pattern contains, derived from its syntax tree: a
//! DevOps PAT needs 52 `[a-z0-9]` in a row, a wallet key 64 hex digits. A window of text without
//! such a run cannot match, and is skipped with a few byte probes instead of a regex search
//! (which costs about a microsecond per call even on a short window).

use regex_syntax::hir::{Class, Hir, HirKind};

/// `min` bytes in a row, each in `class`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Run {
    class: [bool; 256],
    min: usize,
}

/// Runs shorter than this are common in any text; checking them saves nothing.
const MIN_USEFUL: usize = 12;

impl Run {
    /// The run of a pattern (parsed as rules are compiled: bytes, Unicode off unless `(?u)`), if
    /// every match contains one at least [`MIN_USEFUL`] long.
    pub(crate) fn of_pattern(pattern: &str) -> Option<Run> {
        let hir = regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern).ok()?;
        required(&hir).filter(|r| r.min >= MIN_USEFUL && r.class.iter().any(|&b| !b))
    }

    /// Whether `hay` holds `min` bytes in a row from the class. Probes every `min`-th byte while
    /// the text has none of the class, so the check costs far less than a pass over the text.
    pub(crate) fn occurs_in(&self, hay: &[u8]) -> bool {
        let n = self.min;
        // Invariant: no run of `n` starts before `start`; hay[start..good] are all in the class.
        let mut start = 0;
        let mut good = 0;
        while start + n <= hay.len() {
            let mut k = start + n - 1;
            loop {
                if k < good {
                    return true;
                }
                if !self.class[hay[k] as usize] {
                    good = start + n;
                    start = k + 1;
                    break;
                }
                if k == start {
                    return true;
                }
                k -= 1;
            }
            // hay[start..old start + n] were seen in the class; the next probe resumes above them.
            good = good.max(start);
        }
        false
    }

    /// The class and the length (for tests and diagnostics).
    #[cfg(test)]
    fn shape(&self) -> (usize, usize) {
        (self.class.iter().filter(|&&b| b).count(), self.min)
    }
}

fn class_of(c: &Class) -> Option<[bool; 256]> {
    let mut set = [false; 256];
    match c {
        Class::Bytes(b) => {
            for r in b.ranges() {
                for x in r.start()..=r.end() {
                    set[x as usize] = true;
                }
            }
        }
        Class::Unicode(u) => {
            // Only classes of ASCII characters map to bytes one to one.
            for r in u.ranges() {
                if !r.end().is_ascii() {
                    return None;
                }
                for x in r.start() as u8..=r.end() as u8 {
                    set[x as usize] = true;
                }
            }
        }
    }
    Some(set)
}

fn union(a: &[bool; 256], b: &[bool; 256]) -> [bool; 256] {
    std::array::from_fn(|i| a[i] || b[i])
}

/// When `h` matches only strings of one class: the class and the shortest length.
fn pure(h: &Hir) -> Option<Run> {
    match h.kind() {
        HirKind::Class(c) => Some(Run { class: class_of(c)?, min: 1 }),
        HirKind::Literal(l) => {
            let mut class = [false; 256];
            for &b in l.0.iter() {
                class[b as usize] = true;
            }
            Some(Run { class, min: l.0.len() })
        }
        HirKind::Capture(c) => pure(&c.sub),
        HirKind::Repetition(r) => {
            let sub = pure(&r.sub)?;
            Some(Run { class: sub.class, min: sub.min.saturating_mul(r.min as usize) })
        }
        HirKind::Concat(subs) => {
            let mut acc = Run { class: [false; 256], min: 0 };
            for s in subs {
                if let HirKind::Look(_) = s.kind() {
                    continue;
                }
                let p = pure(s)?;
                acc = Run { class: union(&acc.class, &p.class), min: acc.min + p.min };
            }
            Some(acc)
        }
        HirKind::Alternation(subs) => {
            let mut acc: Option<Run> = None;
            for s in subs {
                let p = pure(s)?;
                acc = Some(match acc {
                    None => p,
                    Some(a) => Run { class: union(&a.class, &p.class), min: a.min.min(p.min) },
                });
            }
            acc
        }
        HirKind::Empty | HirKind::Look(_) => None,
    }
}

/// How rare a run is in ordinary text (source code, prose): the length times the bits of a byte
/// of the class, by rough byte frequencies (spaces and lower-case letters are most of any text).
fn score(r: &Run) -> f64 {
    let weight = |b: u8| match b {
        b' ' => 16.0,
        b'a'..=b'z' => 2.2,
        b'\n' => 3.0,
        b'A'..=b'Z' | b'0'..=b'9' => 0.3,
        b'\t' | b'_' | b'.' | b'(' | b')' | b',' | b'=' => 1.0,
        0x80.. => 0.01,
        _ => 0.2,
    };
    let total: f64 = (0..=255u8).map(weight).sum();
    let p: f64 = (0..=255u8).filter(|&b| r.class[b as usize]).map(weight).sum::<f64>() / total;
    -(r.min as f64) * p.max(1e-9).log2()
}

/// The rarer of two runs; a run too short to be worth a check (a keyword, `token`) never wins.
fn rarer(a: Option<Run>, b: Option<Run>) -> Option<Run> {
    let long = |r: Option<Run>| r.filter(|r| r.min >= MIN_USEFUL);
    match (long(a), long(b)) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// A run that every match of `h` contains, if any.
fn required(h: &Hir) -> Option<Run> {
    // A node of one class is a run itself; a sequence may also hold a narrower run inside it.
    let whole = pure(h).filter(|p| p.min > 0);
    rarer(whole, required_part(h))
}

fn required_part(h: &Hir) -> Option<Run> {
    match h.kind() {
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Alternation(subs) => {
            let mut acc: Option<Run> = None;
            for s in subs {
                let p = required(s)?;
                acc = Some(match acc {
                    None => p,
                    Some(a) => Run { class: union(&a.class, &p.class), min: a.min.min(p.min) },
                });
            }
            acc
        }
        HirKind::Concat(subs) => {
            let mut best: Option<Run> = None;
            // Consecutive children that each match only one class of bytes form a single run
            // (`[A-Za-z0-9][A-Za-z0-9_]{16,}` is 17 in a row); zero-width assertions do not break it.
            let mut seq: Option<Run> = None;
            for s in subs {
                if let HirKind::Look(_) = s.kind() {
                    continue;
                }
                match pure(s).filter(|p| p.min > 0) {
                    Some(p) => {
                        seq = Some(match seq {
                            None => p,
                            Some(a) => Run { class: union(&a.class, &p.class), min: a.min + p.min },
                        });
                    }
                    None => {
                        best = rarer(best, seq.take());
                        best = rarer(best, required(s));
                    }
                }
            }
            rarer(best, seq)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(hay: &[u8], r: &Run) -> bool {
        let mut len = 0;
        for &b in hay {
            len = if r.class[b as usize] { len + 1 } else { 0 };
            if len >= r.min {
                return true;
            }
        }
        false
    }

    #[test]
    fn runs_of_token_patterns() {
        let r = Run::of_pattern(r"(?i:\bpat|token)[\w.\- ]{0,30}?\s{0,8}(?P<secret>[a-z0-9]{52})(?:[^A-Za-z0-9]|$)");
        assert_eq!(r.map(|r| r.shape()), Some((36, 52)));
        let r = Run::of_pattern(r"(?i)key\s*=\s*(?:0x)?(?P<secret>[0-9a-fA-F]{64})\b");
        assert_eq!(r.map(|r| r.shape()), Some((22, 64)));
        // Both branches need a run: the shorter one counts, over both classes.
        let r = Run::of_pattern(r"token\s*(?P<secret>[sbr]\.[A-Za-z0-9]{24,30}|s\.[A-Za-z0-9_\-]{80,})");
        assert_eq!(r.map(|r| r.shape()), Some((65, 26)));
        // Adjacent single-class parts join.
        let r = Run::of_pattern(r"pw\s*=\s*(?P<secret>[a-z][a-z0-9]{15,})\b");
        assert_eq!(r.map(|r| r.shape()), Some((36, 16)));
        // A literal next to the run belongs to it.
        let r = Run::of_pattern(r"\b(?P<secret>ghp_[A-Za-z0-9]{36})\b");
        assert_eq!(r.map(|r| r.shape()), Some((63, 40)));
        // Nothing long enough, or an optional part only.
        assert_eq!(Run::of_pattern(r"pass\s*=\s*([a-z]{4,})"), None);
        assert_eq!(Run::of_pattern(r"pass\s*=\s*([a-z]{40})?"), None);
        assert_eq!(Run::of_pattern(r"pass(?:[a-z]{40}|=)"), None);
    }

    #[test]
    fn occurs_in_agrees_with_a_scan() {
        let r = Run::of_pattern(r"x=([a-f0-9]{12})").expect("run");
        let mut seed = 7u64;
        for len in 0..300 {
            let hay: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    // Mostly class bytes, so that runs of every length occur.
                    if (seed >> 33) % 13 == 0 { b' ' } else { b"abc123"[((seed >> 40) % 6) as usize] }
                })
                .collect();
            assert_eq!(r.occurs_in(&hay), naive(&hay, &r), "{:?}", String::from_utf8_lossy(&hay));
        }
    }
}
