//! The run of characters every match of a pattern contains, derived from its syntax tree: a
//! DevOps PAT needs 52 `[a-z0-9]` in a row, a wallet key 64 hex digits. A window of text without
//! such a run cannot match, and is skipped with a few byte probes instead of a regex search
//! (which costs about a microsecond per call even on a short window).
//!
//! build.rs runs this analysis on the built-in rules (parsing a pattern costs about half as much as
//! compiling it, too much to repeat at run time for a hook that scans one file); rules from a
//! configuration get theirs on first use.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// A set of bytes, one bit each.
type Bytes = [u64; 4];

fn has(set: &Bytes, b: u8) -> bool {
    set[(b >> 6) as usize] >> (b & 63) & 1 == 1
}

fn add(set: &mut Bytes, b: u8) {
    set[(b >> 6) as usize] |= 1 << (b & 63);
}

fn union(a: &Bytes, b: &Bytes) -> Bytes {
    [a[0] | b[0], a[1] | b[1], a[2] | b[2], a[3] | b[3]]
}

/// `min` bytes in a row, each in `class`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Run {
    class: Bytes,
    min: usize,
    /// Some of it is a class, not only literal text (a literal is found by the keywords already).
    open: bool,
}

/// Runs shorter than this are common in any text; checking them saves nothing.
const MIN_USEFUL: usize = 12;

impl Run {
    /// The run of a pattern (parsed as rules are compiled: bytes, Unicode off unless `(?u)`), if
    /// every match contains one at least [`MIN_USEFUL`] long.
    pub(crate) fn of_pattern(pattern: &str) -> Option<Run> {
        let hir = regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern).ok()?;
        analyze(&hir).req.filter(|r| r.class != [u64::MAX; 4])
    }

    /// A run as build.rs writes it: the class as four 64-bit words, and the length.
    pub(crate) const fn from_parts(class: [u64; 4], min: usize) -> Run {
        Run { class, min, open: true }
    }

    /// The parts [`Run::from_parts`] takes (build.rs writes them out).
    #[allow(dead_code)]
    pub(crate) fn parts(&self) -> ([u64; 4], usize) {
        (self.class, self.min)
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
                if !has(&self.class, hay[k]) {
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
        (self.class.iter().map(|w| w.count_ones() as usize).sum(), self.min)
    }
}

/// Whether every match of `pattern` lies on one line: no part of it can match a line feed, except
/// a leading one-byte boundary (`(?:^|[^A-Za-z0-9_])`, which may be the line feed before the line),
/// and no part past that boundary needs the start or end of the text (`^` and `$` without `(?m)`,
/// `\A`, `\z`), which a window of text would put elsewhere. A rule whose every match also holds a
/// keyword then needs only the keyword's line searched, and the line feed before it. (build.rs
/// computes it for the built-in rules.)
#[allow(dead_code)]
pub(crate) fn line_local(pattern: &str) -> bool {
    let Ok(hir) = regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern) else {
        return false;
    };
    let parts = match hir.kind() {
        HirKind::Concat(v) => v.as_slice(),
        _ => std::slice::from_ref(&hir),
    };
    let rest = match parts.first() {
        Some(first) if one_byte_boundary(first) => &parts[1..],
        _ => parts,
    };
    !rest.iter().any(may_leave_line)
}

/// A class, or an alternation of look-arounds and classes: at most one byte.
#[allow(dead_code)]
fn one_byte_boundary(h: &Hir) -> bool {
    match h.kind() {
        HirKind::Class(_) => true,
        HirKind::Alternation(v) => v.iter().all(|x| matches!(x.kind(), HirKind::Look(_) | HirKind::Class(_))),
        _ => false,
    }
}

/// Whether `h` can match a line feed or needs the start or end of the text.
#[allow(dead_code)]
fn may_leave_line(h: &Hir) -> bool {
    match h.kind() {
        HirKind::Empty => false,
        HirKind::Look(l) => matches!(l, Look::Start | Look::End),
        HirKind::Literal(l) => l.0.contains(&b'\n'),
        HirKind::Class(Class::Bytes(c)) => c.ranges().iter().any(|r| (r.start()..=r.end()).contains(&b'\n')),
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().any(|r| (r.start()..=r.end()).contains(&'\n')),
        HirKind::Repetition(x) => may_leave_line(&x.sub),
        HirKind::Capture(x) => may_leave_line(&x.sub),
        HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().any(may_leave_line),
    }
}

fn class_of(c: &Class) -> Option<Bytes> {
    let mut set = [0; 4];
    match c {
        Class::Bytes(b) => {
            for r in b.ranges() {
                for x in r.start()..=r.end() {
                    add(&mut set, x);
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
                    add(&mut set, x);
                }
            }
        }
    }
    Some(set)
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
    let p: f64 = (0..=255u8).filter(|&b| has(&r.class, b)).map(weight).sum::<f64>() / total;
    -(r.min as f64) * p.max(1e-9).log2()
}

/// The rarer of two runs; a run too short to be worth a check (a keyword, `token`) never wins.
fn rarer(a: Option<Run>, b: Option<Run>) -> Option<Run> {
    let long = |r: Option<Run>| r.filter(|r| r.min >= MIN_USEFUL && r.open);
    match (long(a), long(b)) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// What a node tells about runs: `pure` when it matches only bytes of one class (the class and the
/// shortest length), `req` the rarest run every match of it contains.
struct Info {
    pure: Option<Run>,
    req: Option<Run>,
}

/// Joins runs one after the other (a sequence) or one instead of the other (an alternation).
fn join(a: Run, b: Run, sequence: bool) -> Run {
    let min = if sequence { a.min.saturating_add(b.min) } else { a.min.min(b.min) };
    Run { class: union(&a.class, &b.class), min, open: a.open || b.open }
}

/// One bottom-up pass over the syntax tree.
fn analyze(h: &Hir) -> Info {
    let leaf = |pure: Option<Run>| Info { req: rarer(None, pure.clone()), pure };
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Info { pure: None, req: None },
        HirKind::Class(c) => leaf(class_of(c).map(|class| Run { class, min: 1, open: true })),
        HirKind::Literal(l) => {
            let mut class = [0; 4];
            for &b in l.0.iter() {
                add(&mut class, b);
            }
            leaf(Some(Run { class, min: l.0.len(), open: false }))
        }
        HirKind::Capture(c) => analyze(&c.sub),
        HirKind::Repetition(r) => {
            let sub = analyze(&r.sub);
            let pure = sub.pure.map(|p| Run { min: p.min.saturating_mul(r.min as usize), ..p });
            let req = if r.min >= 1 { rarer(sub.req, pure.clone()) } else { None };
            Info { pure, req }
        }
        HirKind::Concat(subs) => {
            // Zero-width assertions (`\b`) neither add bytes nor break a run.
            let infos: Vec<Info> = subs.iter().filter(|s| !matches!(s.kind(), HirKind::Look(_))).map(analyze).collect();
            let mut pure = Some(Run { class: [0; 4], min: 0, open: false });
            let mut req: Option<Run> = None;
            // Consecutive children of one class each, none optional, form a single run
            // (`[A-Za-z0-9][A-Za-z0-9_]{16,}` is 17 in a row).
            let mut seq: Option<Run> = None;
            for i in infos {
                pure = match (pure, &i.pure) {
                    (Some(a), Some(b)) => Some(join(a, b.clone(), true)),
                    _ => None,
                };
                match i.pure.filter(|p| p.min > 0) {
                    Some(p) => seq = Some(match seq {
                        None => p,
                        Some(a) => join(a, p, true),
                    }),
                    None => req = rarer(req, seq.take()),
                }
                req = rarer(req, i.req);
            }
            req = rarer(req, seq);
            Info { req: rarer(req, pure.clone()), pure }
        }
        HirKind::Alternation(subs) => {
            let mut pure: Option<Run> = None;
            let mut req: Option<Run> = None;
            for (k, s) in subs.iter().enumerate() {
                let i = analyze(s);
                pure = match (k, pure, i.pure) {
                    (0, _, p) => p,
                    (_, Some(a), Some(b)) => Some(join(a, b, false)),
                    _ => None,
                };
                // Each branch needs a run of its own for the alternation to need one.
                req = match (k, req, i.req) {
                    (0, _, r) => r,
                    (_, Some(a), Some(b)) => Some(join(a, b, false)),
                    _ => None,
                };
                if pure.is_none() && req.is_none() {
                    break;
                }
            }
            Info { req: rarer(req, pure.clone()), pure }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_local_patterns() {
        // A leading boundary may be the line feed before the line; nothing after it may cross one.
        assert!(line_local(r"(?i)(?:^|[^A-Za-z0-9_])api_key[ \t]*=[ \t]*[A-Za-z0-9]{20,}"));
        assert!(line_local(r"(?m)password=[^\s]+(?:$|#)"));
        assert!(line_local(r"ghp_[A-Za-z0-9]{36}"));
        assert!(!line_local(r"password:\s*[A-Za-z0-9]{8,}"));
        assert!(!line_local(r"key:[ \t]*\r?\n[ \t]+[a-f0-9]{32}"));
        assert!(!line_local(r"[^a-z]token=[^ ]+"));
        // `^` and `$` without (?m) are the text's ends, which a window moves.
        assert!(!line_local(r"(?:^|[ ])token=[a-z0-9]{20}$"));
        assert!(!line_local(r"\Atoken=[a-z0-9]{20}"));
        assert!(!line_local(r"(unclosed"));
        // The built-in generic assignments are line-local: they are the bulk of a scan's regex work.
        let d = crate::builtin::BUILTIN_RULES.iter().find(|d| d.id == "leakguard.generic.secret-assignment").unwrap();
        assert!(d.line_window && line_local(d.pattern));
    }

    fn naive(hay: &[u8], r: &Run) -> bool {
        let mut len = 0;
        for &b in hay {
            len = if has(&r.class, b) { len + 1 } else { 0 };
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
    fn build_rs_wrote_the_runs_of_the_patterns() {
        for d in crate::builtin::BUILTIN_RULES {
            assert_eq!(d.run, Run::of_pattern(d.pattern), "{}", d.id);
        }
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
