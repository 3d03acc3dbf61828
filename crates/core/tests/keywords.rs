//! Keyword lint: every match of a rule's pattern must contain one of its keywords (else the prefilter
//! can hide a match), and no keyword should be looser than what the pattern requires (else the rule
//! runs around text that cannot match: `sl_` for a pattern that needs `sl_key` or `sl_api`).
//!
//! The literals a pattern requires are derived from its syntax tree: for each node, its exact
//! language when small and finite, else a set of literals one of which every match contains. This
//! proves nothing for patterns whose required text is a large class (`[a-z0-9]{52}` alone); those
//! are listed by `LEAKGUARD_KEYWORD_REPORT=1 cargo test -p leakguard-core --test keywords -- --nocapture`.

use std::collections::BTreeSet;

mod common;

use common::{rule_file_names, rules_dir};
use leakguard_core::rule_spec::RuleFile;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Largest literal set carried through the analysis.
const MAX_SET: usize = 512;
/// A class with at most this many bytes (after lower-casing) is enumerated: hex digits are.
const MAX_CLASS: usize = 16;

type Set = BTreeSet<Vec<u8>>;

#[derive(Clone, Default)]
struct Info {
    /// Every string the node matches (lower case), when small.
    exact: Option<Set>,
    /// Every match contains one of these (lower case); `None` when nothing useful is known.
    req: Option<Set>,
}

/// The weakest literal of a set decides how rare its occurrences are: longer is better, then fewer.
fn score(s: &Set) -> (usize, std::cmp::Reverse<usize>) {
    (s.iter().map(Vec::len).min().unwrap_or(0), std::cmp::Reverse(s.len()))
}

fn better(a: Option<Set>, b: Option<Set>) -> Option<Set> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn useful(s: Option<Set>) -> Option<Set> {
    s.filter(|s| !s.is_empty() && s.iter().all(|l| !l.is_empty()))
}

fn cross(a: &Set, b: &Set) -> Option<Set> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    Some(a.iter().flat_map(|x| b.iter().map(move |y| [x.as_slice(), y].concat())).collect())
}

fn class_bytes(c: &Class) -> Option<Set> {
    let mut out = Set::new();
    match c {
        Class::Bytes(b) => {
            for r in b.ranges() {
                for x in r.start()..=r.end() {
                    out.insert(vec![x.to_ascii_lowercase()]);
                    if out.len() > MAX_CLASS {
                        return None;
                    }
                }
            }
        }
        Class::Unicode(u) => {
            for r in u.ranges() {
                for ch in r.start()..=r.end() {
                    let mut buf = [0u8; 4];
                    out.insert(ch.to_ascii_lowercase().encode_utf8(&mut buf).as_bytes().to_vec());
                    if out.len() > MAX_CLASS {
                        return None;
                    }
                }
            }
        }
    }
    Some(out)
}

fn info(h: &Hir) -> Info {
    let empty = || Some(Set::from([Vec::new()]));
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Info { exact: empty(), req: None },
        HirKind::Literal(l) => Info { exact: Some(Set::from([l.0.to_ascii_lowercase()])), req: None },
        HirKind::Class(c) => Info { exact: class_bytes(c), req: None },
        HirKind::Capture(c) => info(&c.sub),
        HirKind::Repetition(r) => {
            let sub = info(&r.sub);
            let mut exact = None;
            if let Some(e) = &sub.exact {
                let max = r.max.unwrap_or(u32::MAX);
                if max <= 4 {
                    let mut all = Some(Set::new());
                    let mut power = empty();
                    for k in 0..=max {
                        let (Some(p), Some(a)) = (&power, &mut all) else { break };
                        if k >= r.min {
                            a.extend(p.iter().cloned());
                        }
                        if k < max {
                            power = cross(p, e);
                            if power.is_none() {
                                all = None;
                            }
                        }
                    }
                    exact = all.filter(|a| a.len() <= MAX_SET);
                }
            }
            let req = if r.min >= 1 { better(useful(sub.req), useful(sub.exact)) } else { None };
            Info { exact, req }
        }
        HirKind::Concat(subs) => {
            let mut run = empty();
            let mut best: Option<Set> = None;
            let mut whole = true;
            for s in subs {
                let i = info(s);
                best = better(best, useful(i.req.clone()));
                let joined = match (&run, &i.exact) {
                    (Some(a), Some(b)) => cross(a, b),
                    _ => None,
                };
                if joined.is_some() {
                    run = joined;
                } else {
                    whole = false;
                    best = better(best, useful(run.take()));
                    best = better(best, useful(i.exact.clone()));
                    run = i.exact.or_else(empty);
                }
            }
            let exact = if whole { run.clone() } else { None };
            Info { exact, req: better(best, useful(run)) }
        }
        HirKind::Alternation(subs) => {
            let infos: Vec<Info> = subs.iter().map(info).collect();
            let mut exact = Some(Set::new());
            let mut req = Some(Set::new());
            for i in &infos {
                exact = match (exact, &i.exact) {
                    (Some(mut a), Some(b)) if a.len() + b.len() <= MAX_SET => {
                        a.extend(b.iter().cloned());
                        Some(a)
                    }
                    _ => None,
                };
                req = match (req, better(useful(i.req.clone()), useful(i.exact.clone()))) {
                    (Some(mut a), Some(b)) => {
                        a.extend(b);
                        Some(a)
                    }
                    _ => None,
                };
            }
            Info { exact, req }
        }
    }
}

/// Whether `h` holds the capture group `secret`.
fn has_secret(h: &Hir) -> bool {
    match h.kind() {
        HirKind::Capture(c) => c.name.as_deref() == Some("secret") || has_secret(&c.sub),
        HirKind::Repetition(r) => has_secret(&r.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(has_secret),
        _ => false,
    }
}

/// Whether every match of `h` that can give a finding contains one of `kw` (lower case), as far as
/// the syntax tree shows. A branch without the `secret` group beside one with it gives no finding
/// (the group name is unique, so it is nowhere else): such branches only stop the other ones from
/// matching names like `primary_key`, and need no keyword.
fn covered(h: &Hir, kw: &[&[u8]]) -> bool {
    let holds = |set: &Set| set.iter().all(|l| kw.iter().any(|k| l.windows(k.len()).any(|w| w == *k)));
    if info(h).exact.is_some_and(|e| holds(&e)) {
        return true;
    }
    match h.kind() {
        HirKind::Capture(c) => covered(&c.sub, kw),
        // `x{n,}` holds `n` copies of `x` in a row (`A{20,24}` holds twenty `A`).
        HirKind::Repetition(r) => {
            r.min >= 1
                && (covered(&r.sub, kw) || info(&r.sub).exact.and_then(|e| power(&e, r.min)).is_some_and(|p| holds(&p)))
        }
        HirKind::Alternation(subs) => {
            let any_secret = subs.iter().any(has_secret);
            subs.iter().filter(|s| !any_secret || has_secret(s)).all(|s| covered(s, kw))
        }
        HirKind::Concat(subs) => {
            if subs.iter().any(|s| covered(s, kw)) {
                return true;
            }
            // A run of children with small exact languages: each string of the run holds a keyword.
            // A run may start with what a child ends with (`[\w.]*(?:password|pass)["']` holds
            // `pass"`) and end with what a child begins with (`:` then `11[a-f0-9]{32}` holds `:11`;
            // `ENV[ \t]+` holds `ENV ` or `ENV\t`; `sc` then `(?:w_secret|aleway)` holds `scw` or
            // `scaleway`). A repetition that may match nothing continues the run with the run itself
            // or with what the repeated part ends with (`--` then `(?:[a-z0-9]+-)*` ends with `--` or
            // `-`).
            let exact: Vec<Option<Set>> = subs.iter().map(|s| info(s).exact).collect();
            for i in 0..subs.len() {
                let mut run = exact[i].clone().or_else(|| suffixes(&subs[i]));
                // `j` runs one past the last child, to test the run that ends with it.
                #[allow(clippy::needless_range_loop)]
                for j in i + 1..=subs.len() {
                    let Some(r) = run.take() else { break };
                    if holds(&r) {
                        return true;
                    }
                    let Some(next) = subs.get(j) else { break };
                    if let Some(e) = &exact[j] {
                        run = cross(&r, e);
                        continue;
                    }
                    if prefixes(next).and_then(|p| cross(&r, &p)).is_some_and(|x| holds(&x)) {
                        return true;
                    }
                    run = match next.kind() {
                        HirKind::Repetition(rep) if rep.min == 0 => suffixes(&rep.sub).and_then(|s| {
                            let mut u = r;
                            u.extend(s);
                            (u.len() <= MAX_SET).then_some(u)
                        }),
                        _ => None,
                    };
                }
            }
            false
        }
        _ => false,
    }
}

/// `n` strings of `e` in a row, when few.
fn power(e: &Set, n: u32) -> Option<Set> {
    let mut out = Set::from([Vec::new()]);
    for _ in 0..n {
        out = cross(&out, e)?;
    }
    Some(out)
}

/// What `n` or more repetitions of a part with the exact language `e` begin (or end) with: as many
/// copies as stay few (`[0-9a-f]{32}` begins with two hex digits: 256 strings).
fn repeated(e: Set, n: u32) -> Set {
    let mut out = e.clone();
    for _ in 1..n {
        match cross(&out, &e) {
            Some(x) => out = x,
            None => break,
        }
    }
    out
}

/// Strings one of which begins every match of `h` (lower case), when few.
fn prefixes(h: &Hir) -> Option<Set> {
    affixes(h, End::Start)
}

/// Strings one of which ends every match of `h` (lower case), when few.
fn suffixes(h: &Hir) -> Option<Set> {
    affixes(h, End::Finish)
}

#[derive(Clone, Copy, PartialEq)]
enum End {
    Start,
    Finish,
}

/// [`prefixes`] or [`suffixes`]: the same walk, a concatenation read from the given end.
fn affixes(h: &Hir, end: End) -> Option<Set> {
    if let Some(e) = info(h).exact {
        return Some(e);
    }
    // `outer` joined with `inner` on the side of `end`: `inner` follows `outer` read from the start.
    let join = |outer: &Set, inner: &Set| match end {
        End::Start => cross(outer, inner),
        End::Finish => cross(inner, outer),
    };
    match h.kind() {
        HirKind::Capture(c) => affixes(&c.sub, end),
        HirKind::Repetition(r) if r.min >= 1 => match info(&r.sub).exact {
            Some(e) => Some(repeated(e, r.min)),
            None => affixes(&r.sub, end),
        },
        HirKind::Alternation(subs) => {
            let mut all = Set::new();
            for s in subs {
                all.extend(affixes(s, end)?);
            }
            (all.len() <= MAX_SET).then_some(all)
        }
        HirKind::Concat(subs) => {
            // Exact children from that end, then what the first inexact one begins or ends with
            // (if known).
            let mut acc = Set::from([Vec::new()]);
            let ordered: Box<dyn Iterator<Item = &Hir>> = match end {
                End::Start => Box::new(subs.iter()),
                End::Finish => Box::new(subs.iter().rev()),
            };
            for s in ordered {
                let e = match info(s).exact {
                    Some(e) => e,
                    None => return affixes(s, end).and_then(|x| join(&acc, &x)).or(Some(acc)),
                };
                acc = join(&acc, &e)?;
            }
            Some(acc)
        }
        _ => None,
    }
}

fn parse(pattern: &str) -> Hir {
    regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern).expect("pattern parses")
}

#[path = "../unproven.rs"]
mod unproven;
use unproven::UNPROVEN;

#[test]
fn keywords_cover_and_fit_patterns() {
    let report = std::env::var_os("LEAKGUARD_KEYWORD_REPORT").is_some();
    let names = rule_file_names();
    let mut problems = Vec::new();
    for n in names {
        let text = std::fs::read_to_string(rules_dir().join(&n)).expect("read rule file");
        let f: RuleFile = toml::from_str(&text).unwrap_or_else(|e| panic!("{n}: {e}"));
        for r in f.rules {
            let hir = parse(&r.pattern);
            let kw: Vec<&[u8]> = r.keywords.iter().map(|k| k.as_bytes()).collect();
            let ok = covered(&hir, &kw);
            if report {
                let i = info(&hir);
                let req = better(useful(i.req), useful(i.exact)).unwrap_or_default();
                let lits: Vec<String> = req.iter().take(40).map(|l| String::from_utf8_lossy(l).into_owned()).collect();
                println!("RULE {} covered={ok} kw={:?} req({})={:?}", r.id, r.keywords, req.len(), lits);
            }
            if ok && UNPROVEN.contains(&r.id.as_str()) {
                problems.push(format!("{n}: {}: covered now, take it off UNPROVEN", r.id));
            }
            if !ok {
                if !UNPROVEN.contains(&r.id.as_str()) {
                    problems.push(format!("{n}: {}: a match may contain none of the keywords", r.id));
                }
                continue;
            }
            // Each keyword must be needed: without it, some match would contain no keyword.
            for (j, k) in r.keywords.iter().enumerate() {
                let others: Vec<&[u8]> = kw.iter().enumerate().filter(|&(i, _)| i != j).map(|(_, k)| *k).collect();
                if covered(&hir, &others) {
                    problems.push(format!("{n}: {}: keyword {k:?} is not needed, the others cover every match", r.id));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// The analysis on small patterns: what it proves, and spellings it must not wave through.
#[test]
fn analysis_examples() {
    let cov = |p: &str, kw: &[&str]| covered(&parse(p), &kw.iter().map(|k| k.as_bytes()).collect::<Vec<_>>());
    // A keyword across an exact part and the start of an inexact one.
    assert!(cov(r"https?://[\w.]+:(?P<secret>11[a-f0-9]{32})@", &[":11"]));
    assert!(!cov(r"https?://[\w.]+:(?P<secret>1[a-f0-9]{32})@", &[":11"]));
    // Enumerated hex digits: `SK` then two of them.
    let sk: Vec<String> = "0123456789abcdef".chars().map(|c| format!("sk{c}")).collect();
    let sk: Vec<&str> = sk.iter().map(String::as_str).collect();
    assert!(cov(r"\bSK[0-9a-fA-F]{32}\b", &sk));
    assert!(!cov(r"\bSK[0-9a-fA-F]{32}\b", &sk[1..]));
    // A factored common prefix (`sc(?:w_secret|aleway)`).
    assert!(cov(r"(?i:scw_secret|scaleway[\w]{0,20}?secret)=(?P<secret>\w+)", &["scw", "scaleway"]));
    // A repetition that may match nothing: the run goes on with it or with its last characters.
    assert!(cov(r"(?i)--(?:[a-z0-9]+-)*(?:pass|token)=(?P<secret>\S+)", &["-pass", "-token"]));
    assert!(!cov(r"(?i)--(?:[a-z0-9]+-)*(?:pass|token)=(?P<secret>\S+)", &["--pass", "--token"]));
    assert!(!cov(r"(?i)x-[a-z0-9-]*?token:(?P<secret>\S+)", &["-token"]));
    // `n` copies of a repeated part.
    assert!(cov(r"A{20,24}(?P<secret>[A-Za-z0-9%]{60,})", &["aaaaaaaaaaaaaaaaaaaa"]));
    assert!(!cov(r"A{18,24}(?P<secret>[A-Za-z0-9%]{60,})", &["aaaaaaaaaaaaaaaaaaaa"]));
}
