//! The scanner: prefilter, rule regexes, filters, prose detector, overlap merging, suppression.

use std::collections::HashSet;

use crate::builtin;
use crate::config::{Config, Policy};
use crate::error::Error;
use crate::filters;
use crate::finding::{fingerprint, mask, Finding};
use crate::prefilter::{self, Hit, Prefilter};
use crate::prose::{self, ProseDetector, ProseHit};
use crate::rule::{Confidence, Rule};
use crate::validators;
use crate::verdict::Verdict;

/// Texts up to this size are searched whole by each triggered rule; larger ones only around keywords.
const WHOLE_TEXT_LIMIT: usize = 2 * 1024;
/// How far around a keyword a single-line rule searches in a large text.
const WINDOW_REACH: usize = 4096;
/// How far after a keyword a multi-line rule (private keys) searches.
const MULTILINE_REACH: usize = 128 * 1024;

/// Same-line markers that suppress a finding (ours and other tools').
const ALLOW_MARKERS: &[&[u8]] = &[
    b"leakguard:allow",
    b"gitleaks:allow",
    b"betterleaks:allow",
    b"pragma: allowlist secret",
    b"trufflehog:ignore",
    b"kingfisher:ignore",
];
/// Markers on the previous line that suppress findings on the next one.
const ALLOW_NEXT_MARKERS: &[&[u8]] = &[b"leakguard:allow-next-line", b"pragma: allowlist nextline secret"];

/// The id of the prose password detector, usable in `disable` lists.
pub const PROSE_RULE_ID: &str = "leakguard.prose.password";

/// The detection engine: built once, shared across threads (`Send + Sync`), scans any number of texts.
#[derive(Debug)]
pub struct Scanner {
    rules: Vec<Rule>,
    prefilter: Prefilter,
    prose: Option<ProseDetector>,
    prose_rule: Rule,
    min_confidence: Confidence,
    policy: Policy,
    allow_values: HashSet<Vec<u8>>,
    allow_regexes: Vec<regex::bytes::Regex>,
    allow_stopwords: Vec<String>,
    ignored: HashSet<String>,
    inline_allow: bool,
}

/// A match before line numbers and masking.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    rule: u32,
    start: usize,
    end: usize,
    confidence: Confidence,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new()
    }
}

impl Scanner {
    /// A scanner with the built-in rules and the prose detector.
    pub fn new() -> Scanner {
        Scanner::build(None).expect("built-in rules are valid (checked by cargo test)")
    }

    /// A scanner with the built-in rules adjusted by a configuration.
    pub fn with_config(config: &Config) -> Result<Scanner, Error> {
        Scanner::build(Some(config))
    }

    /// A scanner from the TOML text of a configuration. `origin` names it in errors.
    pub fn from_config_str(text: &str, origin: &str) -> Result<Scanner, Error> {
        Scanner::with_config(&Config::from_toml(text, origin)?)
    }

    fn build(config: Option<&Config>) -> Result<Scanner, Error> {
        let disabled: HashSet<&str> =
            config.map(|c| c.disable.iter().map(String::as_str).collect()).unwrap_or_default();
        let mut ids = HashSet::new();
        let mut rules = Vec::new();
        let mut builtin_index = Vec::with_capacity(builtin::BUILTIN_RULES.len());
        for d in builtin::BUILTIN_RULES {
            if disabled.contains(d.id) {
                builtin_index.push(prefilter::NONE);
                continue;
            }
            ids.insert(d.id.to_string());
            builtin_index.push(rules.len() as u32);
            rules.push(Rule::from_def(d));
        }
        let first_user = rules.len();
        if let Some(c) = config {
            let known: HashSet<&str> = builtin::BUILTIN_RULES.iter().map(|d| d.id).collect();
            for id in &c.disable {
                let user = c.rules.iter().any(|r| &r.id == id);
                if !known.contains(id.as_str()) && !user && id != PROSE_RULE_ID {
                    return Err(Error::Config {
                        origin: c.origin.clone(),
                        field: "detection.disable".into(),
                        message: format!("unknown rule id {id:?}"),
                    });
                }
            }
            for r in &c.rules {
                if disabled.contains(r.id.as_str()) {
                    continue;
                }
                if !ids.insert(r.id.clone()) {
                    return Err(Error::DuplicateRule { id: r.id.clone(), origin: c.origin.clone() });
                }
                rules.push(r.clone());
            }
        }
        let prose_on = config.and_then(|c| c.prose).unwrap_or(true) && !disabled.contains(PROSE_RULE_ID);
        let trigger = if prose_on { prose::trigger_words() } else { &[] };
        let prefilter = Prefilter::new(&rules, builtin_index, first_user, trigger);
        Ok(Scanner {
            rules,
            prefilter,
            prose: prose_on.then(ProseDetector::new),
            prose_rule: Rule::synthetic(
                PROSE_RULE_ID,
                "Password written in a sentence",
                "A password, PIN or credential given in plain language (chat, mail, tickets, commit messages).",
            ),
            min_confidence: config.and_then(|c| c.min_confidence).unwrap_or(Confidence::Low),
            policy: config.map(|c| c.policy).unwrap_or_default(),
            allow_values: config
                .map(|c| c.allow_values.iter().map(|v| v.as_bytes().to_vec()).collect())
                .unwrap_or_default(),
            allow_regexes: config.map(|c| c.allow_regexes.clone()).unwrap_or_default(),
            allow_stopwords: config.map(|c| c.allow_stopwords.clone()).unwrap_or_default(),
            ignored: HashSet::new(),
            inline_allow: true,
        })
    }

    /// The rules this scanner runs (the prose detector not included).
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule a finding's id names, the prose detector's included.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        if id == PROSE_RULE_ID {
            return Some(&self.prose_rule);
        }
        self.rules.iter().find(|r| r.id == id)
    }

    /// The verdict thresholds.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// Sets the verdict thresholds.
    pub fn set_policy(&mut self, policy: Policy) {
        self.policy = policy;
    }

    /// Whether inline `leakguard:allow` markers (and other tools') are honoured. Default: yes.
    pub fn set_inline_allow(&mut self, on: bool) {
        self.inline_allow = on;
    }

    /// Fingerprints (from `.leakguardignore` or a baseline) whose findings are dropped.
    pub fn ignore_fingerprints<I: IntoIterator<Item = String>>(&mut self, fps: I) {
        self.ignored.extend(fps);
    }

    /// Compiles every rule's regex now instead of on first need; returns the first error.
    pub fn compile_all(&self) -> Result<(), Error> {
        for r in &self.rules {
            r.regex()?;
        }
        Ok(())
    }

    /// Scans a text.
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        self.scan_inner(text.as_bytes(), None, false)
    }

    /// Scans a message of a conversation; `previous` is the message before it (for answers such as
    /// "Sunflower2024!" to "what's the wifi password?").
    pub fn scan_message(&self, text: &str, previous: Option<&str>) -> Vec<Finding> {
        self.scan_inner(text.as_bytes(), previous, false)
    }

    /// Scans bytes that may not be UTF-8, read as a message. Offsets are byte offsets into `data`.
    pub fn scan_bytes(&self, data: &[u8]) -> Vec<Finding> {
        self.scan_inner(data, None, false)
    }

    /// Scans the content of a file (or a part of one, such as a diff hunk), which may not be UTF-8.
    /// The regex rules run as on any text; the prose detector reads only the lines that may hold
    /// prose about a password (a keyword of some language, non-ASCII text, a `user / password`
    /// pair) and command lines, where [`Scanner::scan_bytes`] reads a message of up to 4 KiB whole
    /// (it also looks for misspelt keywords). Source code is mostly lines of neither kind: this is
    /// what keeps bulk scans fast.
    pub fn scan_file(&self, data: &[u8]) -> Vec<Finding> {
        self.scan_inner(data, None, true)
    }

    /// The text with every secret replaced by `********`, the rest untouched.
    pub fn redact(&self, text: &str) -> String {
        redact_with(text, &self.scan(text))
    }

    /// The verdict on one message: allow, warn or block, with a reason safe to show the sender.
    pub fn check(&self, text: &str) -> Verdict {
        self.check_message(text, None)
    }

    /// [`Scanner::check`] with the previous message of the conversation as context.
    pub fn check_message(&self, text: &str, previous: Option<&str>) -> Verdict {
        let findings = self.scan_message(text, previous);
        Verdict::new(text, findings, self.policy)
    }

    fn scan_inner(&self, hay: &[u8], context: Option<&str>, file: bool) -> Vec<Finding> {
        let mut cands = Vec::new();
        // Room for the keyword pass's reports up front (the bench tree of source code has about one
        // trigger word every 170 bytes): grown in steps, the vectors cost a reallocation each.
        let mut trigger = Vec::with_capacity(hay.len() / 128);
        let found_trigger = self.regex_candidates(hay, &mut cands, &mut trigger);
        if let Some(prose) = &self.prose {
            let mut hits: Vec<ProseHit> = Vec::new();
            let mut base = 0usize;
            let detect = |text: &str, trigger: Option<prose::Trigger>, out: &mut Vec<ProseHit>| match file {
                true => prose.detect_file(text, trigger, out),
                false => prose.detect(text, context, out),
            };
            // Valid UTF-8 (nearly every file) is checked in one fast pass; otherwise each valid run
            // is read on its own (and finds its trigger words itself).
            if let Ok(text) = std::str::from_utf8(hay) {
                detect(text, found_trigger.then_some(trigger.as_slice()), &mut hits);
            } else {
                for chunk in hay.utf8_chunks() {
                    let valid = chunk.valid();
                    if !valid.is_empty() {
                        let from = hits.len();
                        detect(valid, None, &mut hits);
                        for h in &mut hits[from..] {
                            h.start += base;
                            h.end += base;
                        }
                    }
                    base += valid.len() + chunk.invalid().len();
                }
            }
            let prose_idx = self.rules.len() as u32;
            // Prose values go through the same placeholder filter as regex matches (`${VAR}`,
            // `<password>`, `xxxx`, `env.X` are not passwords in any language).
            // On a line of source code the regex rules (assignments, flags, connection strings) decide;
            // prose there is identifiers and calls (`Toplevel(root)`, `config[key]`), not sentences.
            let plausible = |h: &ProseHit| {
                let (ls, le) = line_bounds(hay, h.start);
                !filters::is_placeholder(&hay[h.start..h.end]) && !looks_like_code(&hay[ls..le])
            };
            cands.extend(hits.into_iter().filter(|h| h.end > h.start && h.end <= hay.len() && plausible(h)).map(|h| {
                Candidate { rule: prose_idx, start: h.start, end: h.end, confidence: h.confidence }
            }));
        }
        let cands = self.filter_global(hay, cands);
        let cands = merge_overlaps(cands, |c| self.rule_at(c.rule));
        self.to_findings(hay, cands)
    }

    fn rule_at(&self, i: u32) -> &Rule {
        self.rules.get(i as usize).unwrap_or(&self.prose_rule)
    }

    /// Runs the rules whose keywords occur, on the whole text or on windows around the keywords.
    /// Returns whether the keyword pass also found the prose trigger words, into `trigger` (see
    /// [`Prefilter::hits`]).
    fn regex_candidates(&self, hay: &[u8], out: &mut Vec<Candidate>, trigger: &mut Vec<(usize, usize, usize)>) -> bool {
        let mut hits: Vec<Hit> = Vec::with_capacity(hay.len() / 128);
        let found_trigger = self.prefilter.hits(hay, &mut hits, trigger);
        if hits.is_empty() {
            return found_trigger;
        }
        // Group the hits by rule, each group in text order, as (rule, range in `hits`). Few hits (most
        // files): a comparison sort of the (rule, start) pairs. Many: a counting sort (the hits come
        // about in text order already; a comparison sort cost more than the regexes of a rule whose
        // windows are all skipped), whose cost in the number of rules would dominate few hits.
        let mut groups: Vec<(usize, usize, usize)> = Vec::new();
        if hits.len() * 8 <= self.rules.len() {
            hits.sort_unstable_by_key(|h| (h.rule, h.start, h.end));
            let mut i = 0;
            for g in hits.chunk_by(|a, b| a.rule == b.rule) {
                groups.push((g[0].rule as usize, i, i + g.len()));
                i += g.len();
            }
        } else {
            let mut bounds = vec![0usize; self.rules.len() + 1];
            for h in &hits {
                bounds[h.rule as usize + 1] += 1;
            }
            for r in 0..self.rules.len() {
                bounds[r + 1] += bounds[r];
            }
            let mut next = bounds.clone();
            let mut grouped = vec![Hit { rule: 0, start: 0, end: 0 }; hits.len()];
            for h in &hits {
                let slot = &mut next[h.rule as usize];
                grouped[*slot] = *h;
                *slot += 1;
            }
            hits = grouped;
            for r in 0..self.rules.len() {
                let (i, j) = (bounds[r], bounds[r + 1]);
                if i < j {
                    let group = &mut hits[i..j];
                    if !group.windows(2).all(|w| w[0].start <= w[1].start) {
                        group.sort_unstable_by_key(|h| h.start);
                    }
                    groups.push((r, i, j));
                }
            }
        }
        let mut windows: Vec<(usize, usize)> = Vec::new();
        for (rule_idx, i, j) in groups {
            let rule = &self.rules[rule_idx];
            let rule_idx = rule_idx as u32;
            windows.clear();
            if hay.len() <= WHOLE_TEXT_LIMIT {
                windows.push((0, hay.len()));
            } else {
                for h in &hits[i..j] {
                    let w = if rule.line_window { line_window(hay, h.start, h.end) } else { window(hay, h.start, h.end, rule.multiline) };
                    match windows.last_mut() {
                        Some(last) if w.0 <= last.1 => last.1 = last.1.max(w.1),
                        _ => windows.push(w),
                    }
                }
            }
            // A window without the run of characters every match needs is skipped unsearched; a
            // rule left with no window is not even compiled.
            if let Some(run) = rule.required_run() {
                windows.retain(|&(ws, we)| run.occurs_in(&hay[ws..we]));
                if windows.is_empty() {
                    continue;
                }
            }
            let re = if self.prefilter.bulk() { rule.regex() } else { rule.regex_light() };
            if let Ok(re) = re {
                // One set of capture slots for all the windows of the rule (`captures_iter` would
                // allocate one per window).
                let named = re.group_info().pattern_names(regex_automata::PatternID::ZERO).any(|n| n == Some("secret"));
                let mut caps = named.then(|| re.create_captures());
                for &(ws, we) in &windows {
                    self.run_rule(rule_idx, rule, re, caps.as_mut(), hay, ws, we, out);
                }
            }
        }
        found_trigger
    }

    /// Runs a rule's regex over `hay[ws..we]`; `caps` holds the capture slots when the pattern
    /// names its `secret` group.
    #[allow(clippy::too_many_arguments)]
    fn run_rule(
        &self,
        idx: u32,
        rule: &Rule,
        re: &regex_automata::meta::Regex,
        caps: Option<&mut regex_automata::util::captures::Captures>,
        hay: &[u8],
        ws: usize,
        we: usize,
        out: &mut Vec<Candidate>,
    ) {
        let slice = &hay[ws..we];
        let mut push = |s: usize, e: usize| {
            if let Some(c) = check_value(rule, &slice[s..e]) {
                out.push(Candidate { rule: idx, start: ws + s, end: ws + e, confidence: c });
            }
        };
        if let Some(caps) = caps {
            // What `captures_iter` does, empty matches included, with the caller's slots.
            let mut it = regex_automata::util::iter::Searcher::new(regex_automata::Input::new(slice));
            while it
                .advance(|input| {
                    re.search_captures(input, caps);
                    Ok(caps.get_match())
                })
                .is_some()
            {
                if let Some(m) = caps.get_group_by_name("secret") {
                    push(m.start, m.end);
                }
            }
        } else {
            for m in re.find_iter(slice) {
                push(m.start(), m.end());
            }
        }
    }

    fn filter_global(&self, hay: &[u8], cands: Vec<Candidate>) -> Vec<Candidate> {
        cands
            .into_iter()
            .filter(|c| {
                let secret = &hay[c.start..c.end];
                if c.confidence < self.min_confidence {
                    return false;
                }
                if self.allow_values.contains(secret) || self.allow_regexes.iter().any(|r| r.is_match(secret)) {
                    return false;
                }
                if !self.allow_stopwords.is_empty() {
                    let lower = String::from_utf8_lossy(secret).to_lowercase();
                    if self.allow_stopwords.iter().any(|w| lower.contains(w.as_str())) {
                        return false;
                    }
                }
                !(self.inline_allow && suppressed_inline(hay, c.start))
            })
            .collect()
    }

    fn to_findings(&self, hay: &[u8], mut cands: Vec<Candidate>) -> Vec<Finding> {
        cands.sort_by_key(|c| (c.start, c.end));
        let mut out: Vec<Finding> = Vec::with_capacity(cands.len());
        let mut seen: HashSet<(usize, &[u8])> = HashSet::new();
        let mut pos = LineCounter::default();
        for c in cands {
            let rule = self.rule_at(c.rule);
            let raw = &hay[c.start..c.end];
            let (line, column) = pos.at(hay, c.start);
            if !seen.insert((line, raw)) {
                continue; // the same secret on one line is reported once
            }
            let fp = fingerprint(&rule.id, raw);
            if self.ignored.contains(&fp) {
                continue;
            }
            let (end_line, end_column) = end_position(line, column, raw);
            let secret = String::from_utf8_lossy(raw).into_owned();
            // Only a provider's own format has a prefix worth showing (`ghp_`); never part of a password.
            let redacted = mask(&secret, rule.specificity() == 2);
            out.push(Finding {
                rule_id: rule.id.clone(),
                rule_name: rule.name.clone(),
                family: rule.family().to_string(),
                confidence: c.confidence,
                start: c.start,
                end: c.end,
                line,
                column,
                end_line,
                end_column,
                secret,
                redacted,
                fingerprint: fp,
            });
        }
        out
    }
}

/// Checks one regex match of a rule: entropy, placeholders, stopwords, validators.
fn check_value(rule: &Rule, secret: &[u8]) -> Option<Confidence> {
    if secret.is_empty() {
        return None;
    }
    if rule.max_length.is_some_and(|m| secret.len() > m) {
        return None;
    }
    if let Some(min) = rule.min_entropy {
        if filters::shannon_entropy(secret) < min {
            return None;
        }
    }
    if !rule.allow_placeholders && filters::is_placeholder(secret) {
        return None;
    }
    if !rule.stopwords.is_empty() {
        let lower = secret.to_ascii_lowercase();
        if rule.stopwords.iter().any(|w| memchr::memmem::find(&lower, w.as_bytes()).is_some()) {
            return None;
        }
    }
    validators::apply(&rule.validators, secret, rule.confidence)
}

/// The byte range a rule searches around a keyword at `s..e` in a large text: from the start of
/// the second line before the keyword's to the end of the second line after it (multi-line rules: far
/// ahead), capped.
fn window(hay: &[u8], s: usize, e: usize, multiline: bool) -> (usize, usize) {
    let floor = s.saturating_sub(WINDOW_REACH);
    // The two lines before the keyword's (`machine host` and `login me` above `password`).
    let mut start = s;
    for n in 0..3 {
        match memchr::memrchr(b'\n', &hay[floor..start]) {
            Some(i) => start = floor + i,
            None => {
                start = floor;
                break;
            }
        }
        if n == 2 {
            start += 1;
        }
    }
    let reach = if multiline { MULTILINE_REACH } else { WINDOW_REACH };
    let ceil = (e + reach).min(hay.len());
    let end = if multiline {
        ceil
    } else {
        // The keyword's line and the two after it (`variable "x_token" {`, `type = string`,
        // `default = "..."`).
        let mut end = e;
        for _ in 0..3 {
            match memchr::memchr(b'\n', &hay[end..ceil]) {
                Some(i) => end += i + 1,
                None => return (start, ceil),
            }
        }
        end - 1
    };
    (start, end)
}

/// The window of a keyword at `hay[s..e]` for a rule whose matches lie on one line: that line, with
/// the line feed before it (a match may start there), at most [`WINDOW_REACH`] bytes each way.
fn line_window(hay: &[u8], s: usize, e: usize) -> (usize, usize) {
    let floor = s.saturating_sub(WINDOW_REACH);
    let ceil = (e + WINDOW_REACH).min(hay.len());
    let start = memchr::memrchr(b'\n', &hay[floor..s]).map_or(floor, |i| floor + i);
    let end = memchr::memchr(b'\n', &hay[e..ceil]).map_or(ceil, |i| e + i);
    (start, end)
}

/// Keeps one finding per overlapping group: the more specific rule wins (see `Rule::specificity`),
/// then the higher confidence, then the longer match.
fn merge_overlaps<'a>(mut cands: Vec<Candidate>, rule: impl Fn(&Candidate) -> &'a Rule) -> Vec<Candidate> {
    cands.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    // A regex rule names the finding before the prose detector does (`password: X` in a YAML file is
    // a generic assignment); the kept finding carries the strongest confidence of its group.
    let rank = |c: &Candidate| (rule(c).specificity(), rule(c).family() != "prose", c.confidence, c.end - c.start);
    let mut out: Vec<Candidate> = Vec::with_capacity(cands.len());
    for c in cands {
        match out.last_mut() {
            Some(last) if c.start < last.end => {
                let confidence = last.confidence.max(c.confidence);
                if rank(&c) > rank(last) {
                    *last = c;
                }
                last.confidence = confidence;
            }
            _ => out.push(c),
        }
    }
    out
}

/// How far from a finding an inline marker is looked for on a very long line.
const MARKER_REACH: usize = 4096;

/// The line around `at`, clipped to `MARKER_REACH` bytes on each side (minified files have huge lines).
fn line_bounds(hay: &[u8], at: usize) -> (usize, usize) {
    let floor = at.saturating_sub(MARKER_REACH);
    let ceil = (at + MARKER_REACH).min(hay.len());
    let start = memchr::memrchr(b'\n', &hay[floor..at]).map_or(floor, |i| floor + i + 1);
    let end = memchr::memchr(b'\n', &hay[at..ceil]).map_or(ceil, |i| at + i);
    (start, end)
}

/// 1-based (line, column) one past the end of `raw`, which starts at (`line`, `column`).
fn end_position(line: usize, column: usize, raw: &[u8]) -> (usize, usize) {
    let newlines = memchr::memchr_iter(b'\n', raw).count();
    match memchr::memrchr(b'\n', raw) {
        Some(i) => (line + newlines, String::from_utf8_lossy(&raw[i + 1..]).chars().count() + 1),
        None => (line, column + String::from_utf8_lossy(raw).chars().count()),
    }
}

fn suppressed_inline(hay: &[u8], at: usize) -> bool {
    let (ls, le) = line_bounds(hay, at);
    let line = &hay[ls..le];
    if ALLOW_MARKERS.iter().any(|m| memchr::memmem::find(line, m).is_some()) {
        return true;
    }
    if ls > 0 {
        let (ps, pe) = line_bounds(hay, ls - 1);
        let prev = &hay[ps..pe];
        return ALLOW_NEXT_MARKERS.iter().any(|m| memchr::memmem::find(prev, m).is_some());
    }
    false
}

/// Whether a line reads as source code rather than a message: a call or an index right after a
/// name (`open(path`, `config[key]`, not `mdp (serveur TAJ)`), a statement or block end, member access,
/// scope and arrow operators, comparisons, preprocessor lines and declarations.
///
/// Every line that may hold prose in a file is tested (about 110,000 lines in the bench tree), so the
/// tests are ordered by cost (they are pure, their order changes no answer): those that look at the
/// first or last byte of the line, then one pass over the line that notes its bytes and the pairs
/// of bytes the other tests look for, then the tests of longer needles, only when the line holds
/// each of their bytes.
pub(crate) fn looks_like_code(line: &[u8]) -> bool {
    let t = line.trim_ascii();
    let (Some(&first), Some(&last)) = (t.first(), t.last()) else { return false };
    // Statements, declarations, preprocessor lines and comments, by their first byte.
    let starts: &[&[u8]] = match first {
        b'#' => &[b"#define", b"#include", b"#if", b"#endif"],
        b'/' => &[b"//", b"/*"],
        b'a' => &[b"assert ", b"async def "],
        b'd' => &[b"def "],
        b'e' => &[b"elif ", b"export type ", b"export interface ", b"export const ", b"export function ", b"export default "],
        b'f' => &[b"fn ", b"func ", b"for ("],
        b'i' => &[b"import ", b"impl ", b"if ("],
        b'l' => &[b"let mut "],
        b'm' => &[b"mod "],
        b'p' => &[b"pub ", b"pub("],
        b'r' => &[b"return ", b"raise ", b"readonly "],
        b's' => &[b"struct "],
        b't' => &[b"typedef "],
        b'u' => &[b"use "],
        b'w' => &[b"while ("],
        b'y' => &[b"yield "],
        b'}' => &[b"} else"],
        _ => &[],
    };
    if starts.iter().any(|p| t.starts_with(p)) {
        return true;
    }
    // A Python doctest: the prompt (`>>> `) or its continuation (`... `) before a line of code. A
    // mail quoted three times (`>>> the password is ...`) is not code.
    if (first == b'>' && t.starts_with(b">>> ") || first == b'.' && t.starts_with(b"... ")) && looks_like_code(&t[3..]) {
        return true;
    }
    let ends = match last {
        // `a,b,c,` (no space), a literal or call closing an argument.
        b',' => !t.contains(&b' ') || [b"'),".as_slice(), b"\"),", b"'],", b"\"],", b"',", b"\",", b"),"].iter().any(|e| t.ends_with(e)),
        b'(' | b'[' | b'{' => true,
        b':' => t.ends_with(b"):") || block_header(t),
        b')' => [b"'))".as_slice(), b"\"))", b"'])", b"\"])"].iter().any(|e| t.ends_with(e)),
        b'\\' => !t.ends_with(b"\\\\"),
        _ => false,
    };
    if ends {
        return true;
    }
    // `name(`, `name[`, generic types `Vec<String>` (`<` right after a name, closed later), and the
    // pairs `/*`, `*/`, `__`, `->`, `::`, `{'`, `{"`.
    let Some(bytes) = bytes_unless_code(t) else { return true };
    let has = |w: &[u8]| w.iter().all(|&b| bytes & BYTE_BITS[b as usize] == BYTE_BITS[b as usize]) && memchr::memchr_iter(w[0], t).any(|i| t[i..].starts_with(w));
    if last == b';' && !bullet_sentence(t) && !has(b"WIFI:") {
        return true;
    }
    if has(b" = ") && has(b".") && member_assign(t) {
        return true;
    }
    [b"_t ".as_slice(), b"self.", b"this.", b" == ", b" != ", b"':'", b"': ("].iter().any(|w| has(w))
        || has(b"# doctest: ")
        || has(b",") && identifier_list(t)
        || last == b',' && annotated_parameter(t)
        || line.first().is_some_and(|b| *b == b' ' || *b == b'\t')
            && (indented_assignment(t) || matches!(first, b'p' | b'c' | b'b' | b'r') && bare_statement(t))
}

/// The needles [`looks_like_code`] searches a line for, after one pass over it has told whether
/// the line holds each of their bytes.
const NEEDLES: &[&[u8]] = &[b"WIFI:", b" = ", b".", b",", b"_t ", b"self.", b"this.", b" == ", b" != ", b"':'", b"': ("];
/// Bytes after which (or before which) [`bytes_unless_code`] looks at the byte before: `(`, `[` and
/// `<` after a name, and the pairs it looks for.
const PAIR_BYTES: &[u8] = b"([<>*/_:'\"";
/// Bit [`PAIR`] for the bytes of [`PAIR_BYTES`], and one bit of its own for each byte of the
/// [`NEEDLES`] (none for other bytes).
static BYTE_BITS: [u32; 256] = {
    let mut bits = [0u32; 256];
    let mut n = 0;
    let mut i = 0;
    while i < NEEDLES.len() {
        let mut j = 0;
        while j < NEEDLES[i].len() {
            let b = NEEDLES[i][j] as usize;
            if bits[b] == 0 {
                assert!(n < 31, "a bit for each byte of the needles");
                bits[b] = 1 << n;
                n += 1;
            }
            j += 1;
        }
        i += 1;
    }
    let mut k = 0;
    while k < PAIR_BYTES.len() {
        bits[PAIR_BYTES[k] as usize] |= PAIR;
        k += 1;
    }
    bits
};
const PAIR: u32 = 1 << 31;

/// The bits of [`BYTE_BITS`] of the bytes of `t`, or `None` as soon as `t` shows a call or an index
/// (`name(`, `name[`), a generic type (`name<`, then `>`) or one of `/*`, `*/`, `__`, `->`, `::`,
/// `{'`, `{"`: it is code then.
fn bytes_unless_code(t: &[u8]) -> Option<u32> {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut bytes = 0u32;
    // A `<` right after a name has been seen.
    let mut lt = false;
    let mut prev = 0u8;
    for &b in t {
        let bits = BYTE_BITS[b as usize];
        bytes |= bits;
        if bits & PAIR != 0 {
            let code = match b {
                b'(' | b'[' => ident(prev),
                b'<' => {
                    lt |= ident(prev);
                    false
                }
                b'>' => lt || prev == b'-',
                b'*' => prev == b'/',
                b'/' => prev == b'*',
                b'_' => prev == b'_',
                b':' => prev == b':',
                _ => prev == b'{',
            };
            if code {
                return None;
            }
        }
        prev = b;
    }
    Some(bytes)
}

/// `obj.attr = value`: a member assignment (at one of the non-overlapping ` = ` of the line, in order).
fn member_assign(t: &[u8]) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut next = 0;
    for e in memchr::memchr_iter(b'=', t) {
        if e == 0 || e < next + 1 || t[e - 1] != b' ' || t.get(e + 1) != Some(&b' ') {
            continue;
        }
        let i = e - 1;
        next = i + 3;
        let lhs = &t[..i];
        let name_start = lhs.iter().rposition(|&b| !(ident(b) || b == b'.')).map_or(0, |p| p + 1);
        if lhs[name_start..].contains(&b'.') && lhs[name_start..].first().is_some_and(|&b| ident(b)) {
            return true;
        }
    }
    false
}

/// A Python statement alone on an indented line (`    pass  # nothing to do`): `pass` is also a
/// password word, and the bench tree's Python files hold 4,700 such lines.
fn bare_statement(t: &[u8]) -> bool {
    let code = t.iter().position(|&b| b == b'#').map_or(t, |i| &t[..i]).trim_ascii_end();
    matches!(code, b"pass" | b"continue" | b"break" | b"return")
}

/// A block header of Python (`if root is _root:`, `for x in y:`, `except E:`): a statement word, then
/// a line ending with a colon.
fn block_header(t: &[u8]) -> bool {
    const WORDS: &[&[u8]] = &[b"if ", b"elif ", b"else:", b"for ", b"while ", b"with ", b"try:", b"except", b"finally:", b"class "];
    t.ends_with(b":") && WORDS.iter().any(|w| t.starts_with(w))
}

/// Arguments or names of code listed alone on a line: `key, password, encryption_algorithm`
/// (three or more identifiers, one of them with `_`).
fn identifier_list(t: &[u8]) -> bool {
    let mut parts = 0;
    let mut underscore = false;
    for p in t.trim_ascii_end().strip_suffix(b",").unwrap_or(t).split(|&b| b == b',').map(|p| p.trim_ascii()) {
        if p.is_empty() || !p.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_') || p[0].is_ascii_digit() {
            return false;
        }
        parts += 1;
        underscore |= p.contains(&b'_');
    }
    parts >= 3 && underscore
}

/// A parameter of a Python signature with its type (`password: bytes,`, `key: Optional[str] = None,`).
fn annotated_parameter(t: &[u8]) -> bool {
    let Some(colon) = memchr::memchr(b':', t) else { return false };
    let name = &t[..colon];
    let ty = t[colon + 1..].trim_ascii();
    !name.is_empty()
        && name.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
        && t.ends_with(b",")
        && ty.first().is_some_and(|b| b.is_ascii_alphabetic())
        && ty[..ty.len() - 1].iter().all(|&b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'[' | b']' | b'.' | b' ' | b'|' | b'=' | b','))
}

/// `name = expr` on an indented line (the line of a function body, `    PASSWD = 'x'`): the regex rules
/// for assignments decide there. A message's line is not indented.
fn indented_assignment(t: &[u8]) -> bool {
    // (A tuple on the left too: `user, password = creds`.)
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'.';
    let mut n = t.iter().take_while(|&&b| ident(b)).count();
    while t[n..].starts_with(b", ") && t.get(n + 2).is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_') {
        n += 2 + t[n + 2..].iter().take_while(|&&b| ident(b)).count();
    }
    if n == 0 || !t[0].is_ascii_alphabetic() && t[0] != b'_' {
        return false;
    }
    let rest = t[n..].trim_ascii_start();
    // `=`, or an operator that assigns what it computes (`password ^= 0xCE4B`, `n += 1`).
    const COMPOUND: [&[u8]; 12] = [b"+=", b"-=", b"*=", b"/=", b"//=", b"%=", b"**=", b"^=", b"|=", b"&=", b"<<=", b">>="];
    let value = match rest.first() {
        Some(b'=') if !rest.starts_with(b"==") => Some(&rest[1..]),
        _ => COMPOUND.iter().find(|o| rest.starts_with(o)).map(|o| &rest[o.len()..]),
    };
    value.is_some_and(|v| !v.trim_ascii().is_empty())
}

/// A list item of a mail written in sentences ("- rendez-vous 8h30 au local, rue des Tanneurs ;"):
/// French, Portuguese and Romanian lists end their items with `;`, code lines do not start with a bullet.
fn bullet_sentence(t: &[u8]) -> bool {
    (t.starts_with(b"- ") || t.starts_with(b"* ") || t.starts_with("\u{2022} ".as_bytes())) && t.iter().filter(|&&b| b == b' ').count() >= 3 && !t.contains(&b'=')
}

/// Computes 1-based (line, column) for increasing offsets without rescanning from the start:
/// lines and columns are counted incrementally, so a file with many findings costs O(n) in all.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
    /// Characters between the current line's start and `offset`.
    chars: usize,
}

impl LineCounter {
    fn at(&mut self, hay: &[u8], offset: usize) -> (usize, usize) {
        if self.line == 0 || offset < self.offset {
            *self = LineCounter { offset: 0, line: 1, chars: 0 };
        }
        let chunk = &hay[self.offset..offset];
        let tail = match memchr::memrchr(b'\n', chunk) {
            Some(i) => {
                self.line += memchr::memchr_iter(b'\n', chunk).count();
                self.chars = 0;
                &chunk[i + 1..]
            }
            None => chunk,
        };
        self.chars += count_chars(tail);
        self.offset = offset;
        (self.line, self.chars + 1)
    }
}

/// Characters in possibly invalid UTF-8 (each invalid byte counts as one, as lossy decoding shows it).
fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&x| (x & 0xC0) != 0x80).count()
}

/// The text with each finding's bytes replaced by `********`.
pub fn redact_with(text: &str, findings: &[Finding]) -> String {
    let mut spans: Vec<(usize, usize)> = findings.iter().map(|f| (f.start, f.end)).collect();
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (s, e) in spans {
        if s < pos || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&text[pos..s]);
        out.push_str("********");
        pos = e;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_covers_neighbour_lines() {
        let hay = b"zzz\naaa\nbbb\nccc KEY ddd\neee\nfff\nggg";
        let s = 16;
        let (ws, we) = window(hay, s, s + 3, false);
        assert_eq!(&hay[ws..we], b"aaa\nbbb\nccc KEY ddd\neee\nfff");
        // At the start and the end of the text.
        let (ws, we) = window(b"ccc KEY\nd", 4, 7, false);
        assert_eq!((ws, we), (0, 9));
        // A rule whose matches stay on one line: the line and the line feed before it.
        let (ws, we) = line_window(hay, s, s + 3);
        assert_eq!(&hay[ws..we], b"\nccc KEY ddd");
    }

    #[test]
    fn line_and_column_are_incremental_and_char_based() {
        let hay = "é\nab ça X\nY".as_bytes();
        let mut lc = LineCounter::default();
        let x = hay.iter().position(|&b| b == b'X').unwrap();
        let y = hay.iter().position(|&b| b == b'Y').unwrap();
        assert_eq!(lc.at(hay, 0), (1, 1));
        assert_eq!(lc.at(hay, x), (2, 7));
        assert_eq!(lc.at(hay, y), (3, 1));
        assert_eq!(end_position(2, 7, b"X\nYZ"), (3, 3));
        assert_eq!(end_position(2, 7, "Xé".as_bytes()), (2, 9));
    }

    #[test]
    fn code_lines() {
        assert!(looks_like_code(b"        top = Toplevel(root)"));
        assert!(looks_like_code(b"#define CRYPTO_THREADID_cmp(a, b) (-1)"));
        assert!(looks_like_code(b"  expected[key] = config[key]"));
        assert!(!looks_like_code("le mdp du serveur c'est Gendarme75!".as_bytes()));
        assert!(!looks_like_code(b"pw: Qx7#mPz2!vL"));
        assert!(!looks_like_code(b"mysql -u root -pS3cr3t!")); // leakguard:allow
        assert!(!looks_like_code("le mdp (serveur TAJ) c'est Gendarme75!".as_bytes()));
        assert!(!looks_like_code(b"@paul for the vpn, let me know: pw is Qx7#mPz2!vL"));
        assert!(looks_like_code(b"        key, end = scanstring(s, end, strict)"));
        assert!(looks_like_code(b"        m.testcase_1 = MyTestCase"));
        assert!(looks_like_code(b"  uint32_t ac_btime;\t\t/* Process Creation Time */"));
        assert!(!looks_like_code(b"wifi = Sunflower2024! (same as last year)"));
        assert!(looks_like_code(b"    pub secret: Option<String>,"));
        assert!(looks_like_code(b"    password: Vec<String>,"));
        assert!(!looks_like_code(b"mdp : <demande a Paul> en attendant"));
        // Block headers, indented assignments, macro continuations, literals closing a call.
        assert!(looks_like_code(b"        if node is _Tree._root:"));
        assert!(looks_like_code(b"    SERVICE_PW = 'samplePass'"));
        assert!(looks_like_code(b"    (v).lo = _rest / 1.5e9; \\"));
        assert!(looks_like_code(b"              ('Owner:Key', 'host.example:8080'))"));
        assert!(looks_like_code(b"        rows = [{'field':'id', 'value':'4821'},"));
        assert!(looks_like_code(b"        pass  # nothing to free"));
        assert!(!looks_like_code(b"pass"));
        assert!(!looks_like_code(b"    pass: Qx7#mPz2!vL")); // leakguard:allow
        assert!(!looks_like_code(b"if you need the vpn, the password is Qx7#mPz2!vL"));
        assert!(!looks_like_code(b"wifi = Sunflower2024!"));
        assert!(!looks_like_code(b"for the printer: pw is Lx8#Tq2!"));
        assert!(looks_like_code(b"        secret: bytes,"));
        assert!(looks_like_code(b"        login, secret = parsed_login_secret"));
        assert!(looks_like_code(b"if (node > (size_t)limit.size)"));
        assert!(!looks_like_code(b"pw: Lx8#Tq2!"));
        assert!(looks_like_code(b"            login, secret, cipher_name"));
        assert!(looks_like_code(b"        'exn:fail:read', 'exn:fail:user',"));
        assert!(!looks_like_code(b"user, password, email: ask Paul"));
    }

    /// The code-line test as it was before its tests were reordered around one pass over the line
    /// (the same answers, the test below checks it). A later change to what counts as code is made
    /// in both (doctests, `readonly` and `export` declarations).
    mod before {
        use super::super::{annotated_parameter, bare_statement, block_header, bullet_sentence, indented_assignment};

        pub(super) fn looks_like_code(line: &[u8]) -> bool {
            let t = line.trim_ascii();
            // Lines are short: a search for the needle's first byte, then a comparison, costs less than
            // building a `memmem` searcher for each of the needles below; and a needle with a byte the line
            // lacks (the set of its ASCII bytes is made once, on the first search) is not searched at all.
            let bytes_in_line = std::cell::OnceCell::new();
            let has = |w: &[u8]| {
                let set: u128 = *bytes_in_line.get_or_init(|| t.iter().filter(|b| b.is_ascii()).fold(0u128, |m, &b| m | 1 << b));
                w.iter().all(|&b| set >> b & 1 != 0) && memchr::memchr_iter(w[0], t).any(|i| t[i..].starts_with(w))
            };
            const STARTS: &[&[u8]] = &[
                b"#define", b"#include", b"#if", b"#endif", b"def ", b"import ", b"return ", b"typedef ", b"struct ",
                b"//", b"/*", b"elif ", b"assert ", b"raise ", b"yield ", b"async def ", b"fn ", b"func ", b"pub ",
                b"pub(", b"let mut ", b"impl ", b"use ", b"mod ", b"readonly ", b"export type ", b"export interface ",
                b"export const ", b"export function ", b"export default ",
            ];
            let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
            // `name(`, `name[`, and generic types `Vec<String>` (`<` right after a name, closed later).
            let call_or_index = || {
                t.windows(2).any(|w| ident(w[0]) && (w[1] == b'(' || w[1] == b'['))
                    || t.windows(2).position(|w| ident(w[0]) && w[1] == b'<').is_some_and(|i| t[i..].contains(&b'>'))
            };
            // `obj.attr = value`: a member assignment.
            let member_assign = || {
                memchr::memmem::find_iter(t, b" = ").any(|i| {
                    let lhs = &t[..i];
                    let name_start = lhs.iter().rposition(|&b| !(ident(b) || b == b'.')).map_or(0, |p| p + 1);
                    lhs[name_start..].contains(&b'.') && lhs[name_start..].first().is_some_and(|&b| ident(b))
                })
            };
            // The tests are pure: the ones that look at the ends of the line come first, those that read
            // all of it after (most lines of code are settled by the first few).
            STARTS.iter().any(|p| t.starts_with(p))
                || t.ends_with(b",") && !t.contains(&b' ')
                || t.ends_with(b"(")
                || t.ends_with(b"[")
                || t.ends_with(b"{")
                || t.ends_with(b"):")
                || [b"'),", b"\"),", b"'))", b"\"))", b"'])", b"\"])", b"'],", b"\"],"].iter().any(|e| t.ends_with(*e))
                || t.ends_with(b"\\") && !t.ends_with(b"\\\\")
                || block_header(t)
                || [b"',".as_slice(), b"\",", b"),"].iter().any(|e| t.ends_with(e))
                || [b"if (".as_slice(), b"while (", b"for (", b"} else"].iter().any(|p| t.starts_with(p))
                || call_or_index()
                || t.ends_with(b";") && !bullet_sentence(t) && !has(b"WIFI:")
                || member_assign()
                || has(b"/*")
                || has(b"*/")
                || has(b"__")
                || has(b"_t ")
                || has(b"->")
                || has(b"::")
                || has(b"self.")
                || has(b"this.")
                || has(b" == ")
                || has(b" != ")
                || has(b"{'")
                || has(b"{\"")
                || has(b"':'")
                || has(b"': (")
                || has(b"# doctest: ")
                || (t.starts_with(b">>> ") || t.starts_with(b"... ")) && looks_like_code(&t[3..])
                || identifier_list_before(t)
                || annotated_parameter(t)
                || line.first().is_some_and(|b| *b == b' ' || *b == b'\t') && (indented_assignment(t) || bare_statement(t))
        }
        fn identifier_list_before(t: &[u8]) -> bool {
            let parts: Vec<&[u8]> = t.trim_ascii_end().strip_suffix(b",").unwrap_or(t).split(|&b| b == b',').map(|p| p.trim_ascii()).collect();
            parts.len() >= 3
                && parts.iter().all(|p| !p.is_empty() && p.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_') && !p[0].is_ascii_digit())
                && parts.iter().any(|p| p.contains(&b'_'))
        }
    }

    /// Every line of some texts, and variants of it (indented, cut at each byte, with `;`, `,` and
    /// `:` ends), get the same answer from `looks_like_code` as from the test before.
    fn same_code_answers(text: &[u8], cuts: bool) -> usize {
        let mut n = 0;
        for line in text.split(|&b| b == b'\n') {
            let mut variants = vec![line.to_vec(), [b"    ".as_slice(), line].concat(), [line, b";"].concat(), [line, b","].concat(), [line, b":"].concat()];
            if cuts && line.len() <= 200 {
                variants.extend((0..line.len()).map(|i| line[..i].to_vec()));
                variants.extend((0..line.len()).map(|i| line[i..].to_vec()));
            }
            for v in variants {
                assert_eq!(looks_like_code(&v), before::looks_like_code(&v), "{:?}", String::from_utf8_lossy(&v));
                n += 1;
            }
        }
        n
    }

    #[test]
    fn code_answers_as_before() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut n = 0;
        for f in ["src/scanner.rs", "src/prose.rs", "src/prose/command.rs", "src/prose/tests.rs", "../../tests/prose/fr.jsonl", "../../tests/prose/en.jsonl", "../../rules/README.md"] {
            n += same_code_answers(&std::fs::read(root.join(f)).expect("read"), true);
        }
        let lines: &[&[u8]] = &[
            b"a = b = c", b"x.y = = z", b"  a.b = c", b"a.b == c", b" = x.y = z", b"Vec<String", b"a<b>", b"<a>", b"f (x)", b"x __y",
            b"/ * x */", b"{ 'a'", b"{'a'", b"a - > b", b"a ->", b"WIFI:S:x;", b"- a b c d;", b"x;", b"\\", b"x \\\\", b"\t\tpass # x",
            b"key, pass_word, x", b"key, pass_word, 1x", b"a,b,c,", b"if x:", b"else:", b"):", b"'))", b"\")]", b"p: int,", b"\xc3\xa9(",
        ];
        for l in lines {
            n += same_code_answers(l, true);
        }
        assert!(n > 100_000, "{n}");
    }

    /// `LEAKGUARD_BENCH_TREE=/work/bench/tree cargo test --release -p leakguard-core code_answers_on_tree -- --ignored`
    #[test]
    #[ignore]
    fn code_answers_on_tree() {
        let Some(files) = crate::bench_tree_files() else { return };
        let n: usize = files.iter().map(|f| same_code_answers(f, false)).sum();
        println!("{n} lines");
    }

    #[test]
    fn inline_markers() {
        let t = b"x = 1\npassword = 'abc' # leakguard:allow\n";
        assert!(suppressed_inline(t, 18));
        let t = b"# pragma: allowlist nextline secret\npassword = 'abc'\n";
        assert!(suppressed_inline(t, 40));
        assert!(!suppressed_inline(b"password = 'abc'", 3));
    }

    #[test]
    fn redact_keeps_text() {
        let f = Finding {
            rule_id: "r".into(), rule_name: "r".into(), family: "r".into(),
            confidence: Confidence::High, start: 15, end: 26, line: 1, column: 16, end_line: 1,
            end_column: 27, secret: "Azerty123!x".into(), redacted: "********".into(), fingerprint: "f".into(), // leakguard:allow
        };
        assert_eq!(redact_with("le mdp c'est : Azerty123!x ok", &[f]), "le mdp c'est : ******** ok");
    }
}
