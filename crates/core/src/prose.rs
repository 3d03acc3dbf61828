//! Passwords written in plain sentences, in many languages ("le mdp c'est Gendarme75!",
//! "Das Passwort lautet Sommer2024!", "密码是 Beijing@2024", "아이디 kimjs 비번 Kimchi#123").
//!
//! How it decides, for each message:
//!
//! 1. The text is folded for matching (NFKC, lower case, accents stripped, bidi marks dropped;
//!    normalize.rs) with a map back to the original byte offsets.
//! 2. One Aho-Corasick pass finds the terms of every language file (rules/lang-*.toml): words for
//!    password, PIN, credentials, user, and negative cues ("forgot", "vault", "by SMS").
//! 3. After each keyword, the words up to the value are read: separators (`:`, `=`, `->`), copulas
//!    ("is", "c'est", "lautet", "是", "は", "는"), fillers ("the", "new", "just") and descriptors
//!    ("du compte admin", "for the vpn"). A negative cue in between stops the search.
//! 4. The candidate value (quotes, « », 「 」, Turkish suffixes, Korean/Japanese particles handled) is
//!    judged by its shape (value.rs): length, character classes, not an ordinary word of the
//!    languages (rules/words), not a placeholder, e-mail, date, version, hash or ticket key.
//! 5. User/password pairs ("jsmith / Sunflower2024!", "admin:S3cret!"), values on the next line,
//!    values before the keyword ("Sakura2024! がパスワードです"), command lines (command.rs) and
//!    answers to a previous message that asked for a password (the `context`) are handled too.
//!
//! Confidence: high for strong values right after a keyword and a separator, medium for weaker
//! but clear ones, low when the context is thin.

mod command;
mod data;
mod normalize;
mod value;

use std::sync::OnceLock;

use crate::bulk_dfa::BulkDfa;
use crate::rule::Confidence;
use crate::static_ac::BuiltInBulk;
use data::{Term, K_CODE, K_COPULA, K_CREDS, K_ENTRY, K_FILLER, K_FORMAT, K_NEGATIVE, K_PASSWORD, K_PIN, K_USER, K_WEAK};
use normalize::{fold, Folded};
use value::Shape;

/// A password found in prose: byte offsets into the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProseHit {
    pub start: usize,
    pub end: usize,
    pub confidence: Confidence,
}

/// The prose password detector. Built once per process (the automata are shared), cheap to clone.
#[derive(Clone, Copy)]
pub(crate) struct ProseDetector {
    engine: &'static Engine,
}

impl std::fmt::Debug for ProseDetector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProseDetector").field("languages", &data::LANGS.len()).finish_non_exhaustive()
    }
}

struct Engine {
    /// Password words of 5 letters or more, as characters, for typo matching.
    typo_targets: Vec<Vec<char>>,
    /// Inflected password words ("парол*"): compared with the beginning of a word.
    typo_prefixes: Vec<Vec<char>>,
    common: u32,
    all: u32,
    /// Language bits of scripts: ja, ko, zh, ar, he, hi, el, en.
    script_bits: [u32; 8],
    /// First characters of the typo targets.
    typo_firsts: Vec<char>,
    /// For each of the `typo_firsts`, the typo targets and the typo prefixes starting with it (both
    /// lists are sorted: one slice each).
    typo_slices: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>,
    /// Korean password words of 4 syllables or more, for typo matching.
    hangul_targets: Vec<Vec<char>>,
}

/// The keyword standing for a misspelt password word (all languages).
static TYPO_TERM: Term = Term { text: "password", prefix: false, open_left: false, masks: [u32::MAX, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] };

static ENGINE: OnceLock<Engine> = OnceLock::new();

impl Engine {
    fn build() -> Engine {
        let n = data::LANGS.len() as u32;
        let all = if n >= 32 { u32::MAX } else { (1u32 << n) - 1 };
        let mut typo_targets: Vec<Vec<char>> = data::MAIN_TERMS
            .iter()
            .filter(|t| t.masks[K_PASSWORD] != 0 && !t.text.contains(' ') && t.text.chars().count() >= 5 && t.text.chars().all(|c| is_word_char(c) || c == '-'))
            .map(|t| t.text.chars().collect())
            .collect();
        let typo_prefixes: Vec<Vec<char>> = data::MAIN_TERMS
            .iter()
            .filter(|t| t.prefix && t.masks[K_PASSWORD] != 0 && !t.text.contains(' ') && t.text.chars().count() >= 4 && t.text.chars().all(is_word_char))
            .map(|t| t.text.chars().collect())
            .collect();
        typo_targets.sort();
        typo_targets.dedup();
        let mut typo_prefixes = typo_prefixes;
        typo_prefixes.sort();
        typo_prefixes.dedup();
        let script_bits = ["ja", "ko", "zh", "ar", "he", "hi", "el", "en"].map(data::lang_bit);
        let mut typo_firsts: Vec<char> = typo_targets.iter().chain(typo_prefixes.iter()).filter_map(|k| k.first().copied()).collect();
        typo_firsts.sort_unstable();
        typo_firsts.dedup();
        let same_first = |v: &[Vec<char>], first: char| v.partition_point(|k| k[0] < first)..v.partition_point(|k| k[0] <= first);
        let typo_slices = typo_firsts.iter().map(|&first| (same_first(&typo_targets, first), same_first(&typo_prefixes, first))).collect();
        let mut hangul_targets: Vec<Vec<char>> = data::MAIN_TERMS
            .iter()
            .filter(|t| t.masks[K_PASSWORD] != 0 && t.text.chars().count() >= 4 && t.text.chars().all(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)))
            .map(|t| t.text.chars().collect())
            .collect();
        hangul_targets.dedup();
        Engine { typo_targets, typo_prefixes, script_bits, typo_firsts, typo_slices, hangul_targets, common: data::common_bit(), all }
    }
}

/// The ASCII terms of the language files as a dense DFA (every transition resolved), for folded
/// texts that are all ASCII (the windows of source files): one table lookup per byte, where
/// `MAIN_AC`, sparse past its first levels, follows failure links. A term with other bytes never
/// occurs in an ASCII text, so both find the same occurrences.
struct AsciiTerms {
    /// Byte class of each ASCII byte: its index among the bytes of the terms plus one; 0 for the
    /// others (no term holds them: every state goes back to the root on them).
    class: [u8; 128],
    classes: usize,
    /// Transitions, `next[state * classes + class]`: the next state, with [`AsciiTerms::OUT`] set
    /// when terms end there. States are numbered in breadth-first order (the root is 0): the
    /// shallow states, where a search of ordinary text spends its time, share a few cache lines.
    next: Vec<u16>,
    /// Terms ending at each state (`outs[out_start[s]..out_start[s + 1]]`: indexes in `MAIN_TERMS`,
    /// with their lengths), the longest first, as in `MAIN_AC`.
    out_start: Vec<u32>,
    outs: Vec<(u32, u32)>,
}

impl AsciiTerms {
    /// The bit of a transition to a state where terms end.
    const OUT: u16 = 1 << 15;

    /// The standard Aho-Corasick construction: a trie of the terms, then, state by state in
    /// breadth-first order, failure links and the missing transitions taken from the failure state.
    fn build() -> AsciiTerms {
        let ids: Vec<usize> = (0..data::MAIN_TERMS.len()).filter(|&i| data::MAIN_TERMS[i].text.is_ascii()).collect();
        let mut class = [0u8; 128];
        let mut classes = 1;
        for &i in &ids {
            for b in data::MAIN_TERMS[i].text.bytes() {
                if class[b as usize] == 0 {
                    class[b as usize] = classes as u8;
                    classes += 1;
                }
            }
        }
        // The trie, states numbered as they come: `next` holds its edges (0 = none: no edge leads
        // back to the root).
        let mut next = vec![0u32; classes];
        let mut own: Vec<Option<usize>> = vec![None];
        for &i in &ids {
            let mut s = 0;
            for b in data::MAIN_TERMS[i].text.bytes() {
                let at = s * classes + class[b as usize] as usize;
                if next[at] == 0 {
                    next[at] = own.len() as u32;
                    next.resize(next.len() + classes, 0);
                    own.push(None);
                }
                s = next[at] as usize;
            }
            own[s] = Some(i);
        }
        let n = own.len();
        assert!(n < Self::OUT as usize, "too many states for the ASCII term table");
        let mut fail = vec![0usize; n];
        let mut outs_of: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        let mut order = Vec::with_capacity(n);
        let mut queue = std::collections::VecDeque::from([0usize]);
        while let Some(s) = queue.pop_front() {
            order.push(s);
            if s != 0 {
                let mut o: Vec<(u32, u32)> = own[s].map(|i| (i as u32, data::MAIN_TERMS[i].text.len() as u32)).into_iter().collect();
                o.extend_from_slice(&outs_of[fail[s]]);
                outs_of[s] = o;
            }
            for c in 1..classes {
                let child = next[s * classes + c] as usize;
                let via_fail = if s == 0 { 0 } else { next[fail[s] * classes + c] };
                if child != 0 {
                    fail[child] = via_fail as usize;
                    queue.push_back(child);
                } else {
                    next[s * classes + c] = via_fail;
                }
            }
        }
        // Renumbered in breadth-first order, with the bit of states where terms end.
        let mut new_id = vec![0u16; n];
        for (k, &s) in order.iter().enumerate() {
            new_id[s] = k as u16;
        }
        let mut table = Vec::with_capacity(n * classes);
        let mut out_start = Vec::with_capacity(n + 1);
        let mut outs = Vec::new();
        for &s in &order {
            table.extend(next[s * classes..(s + 1) * classes].iter().map(|&t| new_id[t as usize] | if outs_of[t as usize].is_empty() { 0 } else { Self::OUT }));
            out_start.push(outs.len() as u32);
            outs.extend_from_slice(&outs_of[s]);
        }
        out_start.push(outs.len() as u32);
        AsciiTerms { class, classes, next: table, out_start, outs }
    }

    /// Calls `f(term, start, end)` for every occurrence of every ASCII term in `hay` (ASCII), in
    /// order of their ends, the longest first at one end: `MAIN_AC.for_each`'s order.
    fn for_each(&self, hay: &[u8], mut f: impl FnMut(usize, usize, usize)) {
        let mut s = 0usize;
        for (i, &b) in hay.iter().enumerate() {
            let e = self.next[s * self.classes + self.class[(b & 0x7f) as usize] as usize];
            s = (e & !Self::OUT) as usize;
            if e & Self::OUT != 0 {
                for &(p, len) in &self.outs[self.out_start[s] as usize..self.out_start[s + 1] as usize] {
                    f(p as usize, i + 1 - len as usize, i + 1);
                }
            }
        }
    }
}

/// Bytes of ASCII text searched with `MAIN_AC` before [`AsciiTerms`] is built. The build takes about
/// 5 ms and the DFA searches about twice as fast (3.5 against 7 ns a byte on Python sources, dist
/// build): it pays after a megabyte or so. A message or a hook never builds it, a scan of a tree does.
const ASCII_TERMS_AFTER: u64 = 512 << 10;

/// [`AsciiTerms`], once `ASCII_TERMS_AFTER` bytes (counting `len`) were searched.
fn ascii_terms(len: usize) -> Option<&'static AsciiTerms> {
    static TERMS: BuiltInBulk<AsciiTerms> = BuiltInBulk::after_bytes(ASCII_TERMS_AFTER);
    TERMS.after(len, AsciiTerms::build)
}

/// The occurrence of term `p` at folded `s..e` of `t`, if its word boundaries hold (a prefix term
/// takes the rest of its word).
fn term_at(t: &str, p: usize, s: usize, e: usize) -> Option<Found> {
    let term = &data::MAIN_TERMS[p];
    let first = term.text.chars().next().unwrap_or(' ');
    let last = term.text.chars().next_back().unwrap_or(' ');
    let wordy = |c: char| is_word_char(c) || c == '_';
    if is_word_char(first) && !term.open_left {
        if let Some(p) = t[..s].chars().next_back() {
            if wordy(p) && !attached_prefix(&t[..s], first) && !(p == '_' && t[e..].starts_with(['=', ':'])) {
                return None;
            }
        }
    }
    if term.open_left && t[..s].chars().next_back().is_some_and(|p| (p == '_' && !t[e..].starts_with(['=', ':'])) || p.is_ascii_digit()) {
        return None;
    }
    // Latin-script keywords start after a space or an opening mark, not inside a value ("Dem0-Tr!pw").
    if is_word_char(first) && !term.open_left {
        if let Some(p) = t[..s].chars().next_back() {
            if !(p.is_whitespace() || is_cjk(p) || is_word_char(p) || p == '_' || matches!(p, '"' | '\'' | '(' | '«' | '“' | '„' | '[' | '{' | ',' | ';' | ':' | '/' | '-' | '*' | '>' | '|' | '#' | '@' | '=' | '‘' | '»' | '—' | '–' | '.' | '!' | '?' | '、' | '。' | '，' | '：' | '・' | '&' | '+')) {
                return None;
            }
            if matches!(p, '!' | '#' | '@' | '&' | '+' | '.') && t[..s].chars().rev().nth(1).is_some_and(is_value_char) {
                return None;
            }
        }
    }
    if is_word_char(last) && !term.prefix {
        if let Some(n) = t[e..].chars().next() {
            if wordy(n) {
                return None;
            }
        }
    }
    // A prefix term takes the rest of the word ("паролем", "şifresi"), letters only.
    let mut end = e;
    if term.prefix {
        end = t[e..].char_indices().find(|&(_, c)| !is_word_char(c)).map_or(t.len(), |(i, _)| e + i);
        if t[e..end].chars().any(|c| !c.is_alphabetic()) {
            return None;
        }
    }
    // Code, not prose: `user.password`, `$this->password`, `password == null`.
    if t[..s].ends_with(['.', '>']) && t[..s].chars().rev().nth(1).is_some_and(|p| p.is_alphanumeric() || p == '-') {
        return None;
    }
    if (first.is_ascii() && t[end..].starts_with(['(', '['])) || t[end..].trim_start().starts_with("==") || t[end..].trim_start().starts_with("!=") {
        return None;
    }
    // A keyword glued to more value characters is part of a value ("Password!23", "pw123").
    if is_word_char(last) && glued(&t[end..]) {
        return None;
    }
    Some(Found { start: s, end, term })
}

/// What a keyword announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Password,
    /// Ambiguous word ("pass", "key", "clé"): the value must follow a separator or a copula.
    Weak,
    Pin,
    /// "code", "cadenas", "Schloss": only a number counts.
    Code,
    Creds,
    User,
}

/// A term found in the folded text.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: usize,
    end: usize,
    term: &'static Term,
}

impl Found {
    fn keyword(&self) -> Option<Kind> {
        let m = &self.term.masks;
        if m[K_PASSWORD] != 0 {
            Some(Kind::Password)
        } else if m[K_PIN] != 0 {
            Some(Kind::Pin)
        } else if m[K_CREDS] != 0 {
            Some(Kind::Creds)
        } else if m[K_CODE] != 0 {
            Some(Kind::Code)
        } else if m[K_WEAK] != 0 {
            Some(Kind::Weak)
        } else if m[K_USER] != 0 {
            Some(Kind::User)
        } else {
            None
        }
    }
    fn lang_mask(&self) -> u32 {
        let m = &self.term.masks;
        m[K_PASSWORD] | m[K_WEAK] | m[K_PIN] | m[K_CREDS] | m[K_USER] | m[K_CODE]
    }
}

/// Characters of scripts written without spaces between words (no word boundaries there).
#[inline]
fn is_cjk(c: char) -> bool {
    let u = c as u32;
    // (Every range starts at U+1100 or above: most characters are told by one comparison.)
    u >= 0x1100 && ((0x3040..=0x30FF).contains(&u)
        || (0x3400..=0x4DBF).contains(&u)
        || (0x4E00..=0x9FFF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
        || (0x1100..=0x11FF).contains(&u)
        || (0x3130..=0x318F).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0x3000..=0x303F).contains(&u))
}

#[inline]
fn is_word_char(c: char) -> bool {
    data::is_alnum(c) && !is_cjk(c)
}

/// Characters that may be part of a value token (folded text).
#[inline]
fn is_value_char(c: char) -> bool {
    !c.is_whitespace() && !is_cjk(c) && !matches!(c, '，' | '。' | '、' | '；' | '！' | '？' | '：' | '،' | '؛' | '؟')
}

fn is_open_quote(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '\'' => Some('\''),
        '`' => Some('`'),
        '«' => Some('»'),
        '»' => Some('«'),
        '“' => Some('”'),
        '”' => Some('”'),
        '„' => Some('“'),
        '「' => Some('」'),
        '『' => Some('』'),
        '‹' => Some('›'),
        '《' => Some('》'),
        '【' => Some('】'),
        _ => None,
    }
}

/// Occurrences of the [`trigger_words`] in a text: (word, start, end).
pub(crate) type Trigger<'a> = &'a [(usize, usize, usize)];

/// How a text is read: a message (whole up to [`WHOLE`] bytes), or the content of a file (only the
/// lines that may matter), with the trigger words' occurrences if the caller found them already.
#[derive(Clone, Copy)]
enum Reading<'a> {
    Message,
    File(Option<Trigger<'a>>),
}

/// The state of the search for a value after a keyword.
struct Ctx<'a> {
    src: &'a str,
    f: &'a Folded,
    found: &'a [Found],
    langs: u32,
    /// Folded start of the keyword being followed (None for context answers).
    kw_start: Option<usize>,
}

impl ProseDetector {
    pub(crate) fn new() -> ProseDetector {
        ProseDetector { engine: ENGINE.get_or_init(Engine::build) }
    }

    /// Finds passwords in `text`. `context` is the previous message of a conversation, if any.
    ///
    /// A message (up to [`WHOLE`] bytes, or any text with a context) is read whole. A larger text
    /// (a file) is read only around the lines that may matter: lines with a keyword (found in the
    /// raw text, ASCII case ignored, at a word start) that are not code, lines with non-ASCII text
    /// (whose keywords show only once folded) and lines with a `user / password` pair, each with one
    /// line before and two after. Command lines (`mysql -pX`) are looked for in the whole text. Lines longer than
    /// `MAX_LINE` (minified code, data) are skipped: prose does not live there.
    ///
    /// A small `file` (the content of a file, not a message) is read whole only if it has such a line:
    /// a source file without any keyword, non-ASCII text or pair is not prose worth folding (misspelt
    /// keywords are looked for in messages only).
    pub(crate) fn detect(&self, text: &str, context: Option<&str>, out: &mut Vec<ProseHit>) {
        self.detect_in(text, context, Reading::Message, out);
    }

    /// [`ProseDetector::detect`] on the content of a file (no context). `trigger`: the occurrences
    /// of the [`trigger_words`] in `text` if the caller found them already (in its own pass).
    pub(crate) fn detect_file(&self, text: &str, trigger: Option<Trigger>, out: &mut Vec<ProseHit>) {
        self.detect_in(text, None, Reading::File(trigger), out);
    }

    fn detect_in(&self, text: &str, context: Option<&str>, reading: Reading, out: &mut Vec<ProseHit>) {
        let (file, trigger) = match reading {
            Reading::Message => (false, None),
            Reading::File(trigger) => (true, trigger),
        };
        // A file, or a large message read by windows: the occurrences of the trigger words, from the
        // caller or found here.
        let own;
        let trigger = match trigger {
            None if file || (text.len() > WHOLE && context.is_none()) => {
                own = own_trigger(text.as_bytes());
                own.as_deref()
            }
            given => given,
        };
        if text.len() <= WHOLE || context.is_some() {
            if file && !has_window(text, trigger) {
                commands(text, trigger, out);
                return;
            }
            self.detect_one(text, context, true, out);
            return;
        }
        commands(text, trigger, out);
        for (s, e) in windows(text, trigger) {
            let from = out.len();
            self.detect_one(&text[s..e], None, false, out);
            for h in &mut out[from..] {
                h.start += s;
                h.end += s;
            }
        }
    }

    /// One message, or one window of a larger text (`whole` false: no command lines, which the
    /// caller looked for, no two-line pairs and no misspelt keywords, which need a whole message).
    fn detect_one(&self, text: &str, context: Option<&str>, whole: bool, out: &mut Vec<ProseHit>) {
        let first = out.len();
        if whole {
            command::detect(text, out);
            command::wifi_qr(text, out);
        }
        let f = Folded::new(text);
        let found = self.terms(&f.text);
        if found.iter().any(|x| x.keyword().is_some()) {
            self.follow(text, &f, &found, 0..found.len(), out);
        }
        if out.len() == first && found.iter().any(|x| x.term.masks[K_ENTRY] != 0) {
            self.typed_at_prompt(text, &f, &found, out);
        }
        drop_phone_numbers(text, out, first);
        self.code_lists(text, out, first);
        if out.len() == first {
            self.bare_pairs(text, &f, &found, whole, out);
        }
        if out.len() == first && whole && text.len() <= 4096 {
            self.typo_keywords(text, &f, &found, out);
        }
        if out.len() == first {
            if let Some(prev) = context {
                self.answer(text, &f, &found, prev, out);
            }
        }
    }

    /// "psql -h db -U billing, when it asks type B1ll!ng_x": after a command that prompts for a
    /// password (same or previous line), the value after a verb of typing.
    fn typed_at_prompt(&self, text: &str, f: &Folded, found: &[Found], out: &mut Vec<ProseHit>) {
        let t = f.text.as_str();
        for (i, x) in found.iter().enumerate() {
            if x.term.masks[K_ENTRY] == 0 {
                continue;
            }
            let ls = line_start_near(t, x.start);
            let from = if t[..ls].ends_with('\n') { line_start_near(t, ls - 1) } else { ls };
            if !command::prompts_for_password(&t[from..x.start]) {
                continue;
            }
            let ctx = Ctx { src: text, f, found, langs: self.engine.all, kw_start: None };
            if let Some(h) = self.read_value(&ctx, x.end, Kind::Password, true, Some(i)) {
                if value::shape(&text[h.start..h.end]) >= Shape::Mixed {
                    push_hit(out, h);
                    return;
                }
            }
            // Verb last ("Ramen#Shio8 を入力", "X yaz"): a strong token right before it.
            let before = t[ls..x.start].trim_end_matches(|ch: char| ch.is_whitespace() || matches!(ch, 'を' | '을' | '를' | '、'));
            let ts = before.char_indices().rev().find(|&(_, ch)| ch.is_whitespace()).map_or(0, |(p, ch)| p + ch.len_utf8());
            let (os, oe) = (f.orig(ls + ts), f.orig_end(ls + before.len(), text));
            let (vs, ve) = trim_value(text, os, oe);
            if ve > vs && value::shape(&text[vs..ve]) == Shape::Strong && !command::prompts_for_password(&t[ls + ts..ls + before.len()]) {
                push_hit(out, ProseHit { start: vs, end: ve, confidence: Confidence::Medium });
                return;
            }
        }
    }

    /// Reads the value after (or before) each keyword of `found` whose index is in `which`.
    fn follow(&self, text: &str, f: &Folded, found: &[Found], which: impl Iterator<Item = usize>, out: &mut Vec<ProseHit>) {
        let e = self.engine;
        let mut lang_cache: Option<u32> = None;
        for i in which {
            let k = &found[i];
            let Some(mut kind) = k.keyword() else { continue };
            if kind == Kind::Code && !digit_ahead(&f.text, k.end) {
                continue;
            }
            if code_context(text, f, k, kind) {
                continue;
            }
            let langs = *lang_cache.get_or_insert_with(|| self.message_langs(&f.text));
            // A word that is a password word in some languages and an ordinary word in each of the
            // message's own ("pass": Vietnamese for password, an English verb): ambiguous here.
            if kind == Kind::Password && langs != e.all && k.term.masks[K_PASSWORD] & langs & !e.common == 0 && k.term.masks[K_WEAK] & langs != 0 && langs & !e.common & !data::word_mask(k.term.text) == 0 {
                kind = Kind::Weak;
            }
            if kind == Kind::Weak {
                let ls = line_start_near(&f.text, k.start);
                if found_in(&found[..i], ls, k.start).iter().any(|x| x.keyword() == Some(Kind::User)) {
                    kind = Kind::Password;
                }
            }
            // "pass" as an English verb after a modal, a negation, "to", a subject or "and" ("you would
            // pass", "cannot pass in", "and pass the flags"), not as a label (`pass:`) nor after a user
            // name ("user admin and pass X").
            if matches!(kind, Kind::Password | Kind::Weak) && verb_use(&f.text, k) && !found_in(&found[..i], line_start_near(&f.text, k.start), k.start).iter().any(|x| x.keyword() == Some(Kind::User)) {
                continue;
            }
            // A keyword of some languages that is a negative cue in the message's own ("pincode" is a
            // postal code in Indian usage).
            // A "safe" word (a vault of passwords, or a real safe): only a dial or keypad code after it.
            let neg_kw = k.term.masks[K_NEGATIVE] & langs & !e.common != 0;
            if neg_kw && kind != Kind::Code {
                continue;
            }
            if !self.keyword_holds(text, f, k, kind, langs) {
                continue;
            }
            let ctx = Ctx { src: text, f, found, langs: (langs & (k.lang_mask() | e.common)) | e.common, kw_start: Some(k.start) };
            let ctx = if ctx.langs == e.common { Ctx { langs: e.all, ..ctx } } else { ctx };
            if neg_kw {
                if let Some(h) = self.after_keyword(&ctx, i, kind) {
                    let v = &text[h.start..h.end];
                    if value::is_spelled_code(v) || value::is_dial_combination(v) {
                        push_hit(out, h);
                    }
                }
                continue;
            }
            if let Some(h) = self.after_keyword(&ctx, i, kind) {
                let end = h.end;
                push_hit(out, h);
                if matches!(kind, Kind::Password | Kind::Creds | Kind::Weak) {
                    self.continuation(&ctx, end, out);
                }
            } else if let Some(h) = matches!(kind, Kind::Password | Kind::Pin).then(|| self.before_keyword(&ctx, i).or_else(|| self.quoted_before(&ctx, i))).flatten() {
                push_hit(out, h);
            } else if let Some(h) = matches!(kind, Kind::Password | Kind::Pin | Kind::Creds | Kind::Weak).then(|| self.next_line(&ctx, i)).flatten() {
                push_hit(out, h);
            }
        }
    }

    /// Whether a keyword match is evidence enough in this message. Weak matches (a word of one or two
    /// letters, "ma", "mk", "tk"; a compound tail glued to another word, "Zoulas" for "*lås"; a short
    /// stem continued by letters, "pin*" in "Pink") count only in a message written in one of the
    /// keyword's languages (when the message's languages are known). A stem of 3 letters or fewer
    /// continues only with an inflection (a vowel or `s`, up to 4 letters: "PINu", "pinem", "PINs"),
    /// not into another word ("Pingus", "pinyin", "pintasan"). Vietnamese "mã" (code) is not "mà"
    /// (but) or Czech "má" (has): a short keyword written with another accent is another word.
    /// Options in help texts ("-W, --password  force a prompt", "-P PASSWORD  the account's
    /// password") name a password, they do not give one.
    fn keyword_holds(&self, text: &str, f: &Folded, k: &Found, kind: Kind, langs: u32) -> bool {
        let e = self.engine;
        let t = f.text.as_str();
        let (os, oe) = (f.orig(k.start), f.orig_end(k.end, text));
        let orig = &text[os..oe];
        let latin = k.term.text.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-');
        let stem = k.term.text.len();
        let glued_left = k.term.open_left && t[..k.start].chars().next_back().is_some_and(is_word_char);
        let extended = k.term.prefix && k.end > k.start + stem;
        let short = latin && stem <= 2 && matches!(kind, Kind::Code | Kind::Pin | Kind::Weak);
        let known = langs != e.all;
        if (short || glued_left || (extended && stem <= 3)) && known && k.lang_mask() & langs & !e.common == 0 {
            return false;
        }
        if extended && stem <= 3 && latin {
            let suffix = &t[k.start + stem..k.end];
            let upper_stem = orig.chars().take(stem).all(|ch| ch.is_uppercase());
            let inflection = suffix.chars().count() <= 4 && suffix.starts_with(['a', 'e', 'i', 'o', 'u', 's']) && data::word_mask(&t[k.start..k.end]) == 0;
            // A compound: the rest starts with a word of the message's languages ("pinpas", "pinkoden").
            let compound = suffix.char_indices().map(|(j, ch)| j + ch.len_utf8()).skip(2).any(|j| data::word_mask(&suffix[..j]) & langs & !e.common != 0);
            if !upper_stem && !inflection && !compound {
                return false;
            }
        }
        if short && !orig.is_ascii() && orig.chars().count() == stem {
            let lower = orig.to_lowercase();
            if !ACCENTED_SHORT.iter().any(|(term, forms)| *term == k.term.text && forms.contains(&lower.as_str())) && ACCENTED_SHORT.iter().any(|(term, _)| *term == k.term.text) {
                return false;
            }
        }
        // Help texts of command-line tools: the line starts with an option ("-W, --password  ...",
        // "-P PASSWORD  ..."), the keyword comes after it.
        let ls = line_start_near(t, k.start);
        let head = t[ls..k.start].trim_start();
        if head.starts_with('-') && head.trim_start_matches('-').starts_with(|ch: char| ch.is_ascii_alphanumeric()) {
            return false;
        }
        // UI strings with printf formats ("key %s: new key - skipped") are templates, not messages.
        let le = line_end_near(t, k.end);
        if t[ls..le].contains('%') && t[ls..le].split_whitespace().any(value::has_format_spec) {
            return false;
        }
        true
    }

    /// Terms of the language files in the folded text, with word boundaries checked.
    fn terms(&self, t: &str) -> Vec<Found> {
        let mut v: Vec<Found> = Vec::new();
        // (Each occurrence is checked as it is found, in the order of the search.)
        let mut each = |p, s, e| {
            if let Some(x) = term_at(t, p, s, e) {
                v.push(x);
            }
        };
        match t.is_ascii().then(|| ascii_terms(t.len())).flatten() {
            Some(a) => a.for_each(t.as_bytes(), &mut each),
            None => data::MAIN_AC.for_each(t.as_bytes(), false, &mut each),
        }
        // Leftmost-longest among the valid matches, without overlaps.
        v.sort_unstable_by_key(|x| (x.start, std::cmp::Reverse(x.end), x.term.prefix));
        let mut kept: Vec<Found> = Vec::with_capacity(v.len());
        for x in v {
            if kept.last().map_or(true, |k| x.start >= k.end) {
                kept.push(x);
            }
        }
        kept
    }

    /// The languages a message is probably written in: frequent words and scripts.
    fn message_langs(&self, t: &str) -> u32 {
        let mut counts = [0u32; 32];
        let mut count = |word: &str| {
            let mut m = data::word_mask(word);
            if m != 0 && m.count_ones() < 12 {
                while m != 0 {
                    counts[m.trailing_zeros() as usize] += 1;
                    m &= m - 1;
                }
            }
        };
        let ascii = t.is_ascii();
        if ascii {
            // (`is_word_char` of an ASCII character is `is_ascii_alphanumeric`: the same words, the
            // runs of such bytes and `'`, read byte by byte.)
            let b = t.as_bytes();
            const WORD_BYTE: [bool; 256] = {
                let mut w = [false; 256];
                let mut x = 0;
                while x < 256 {
                    w[x] = (x as u8).is_ascii_alphanumeric() || x == b'\'' as usize;
                    x += 1;
                }
                w
            };
            let word_byte = |x: u8| WORD_BYTE[x as usize];
            let mut i = 0;
            while i < b.len() {
                if !word_byte(b[i]) {
                    i += 1;
                    continue;
                }
                let s = i;
                while i < b.len() && word_byte(b[i]) {
                    i += 1;
                }
                count(&t[s..i]);
            }
        } else {
            t.split(|c: char| !is_word_char(c) && c != '\'').filter(|w| !w.is_empty()).for_each(&mut count);
        }
        let mut script = 0u32;
        let b = &self.engine.script_bits;
        if !ascii {
            for c in t.chars() {
                if c.is_ascii() {
                    continue;
                }
                let u = c as u32;
                script |= match u {
                    0x3040..=0x30FF => b[0] | b[2],
                    0xAC00..=0xD7A3 => b[1],
                    0x4E00..=0x9FFF => b[2],
                    0x0600..=0x06FF => b[3],
                    0x0590..=0x05FF => b[4],
                    0x0900..=0x097F => b[5],
                    0x0370..=0x03FF => b[6],
                    _ => 0,
                };
            }
        }
        let best = counts.iter().copied().max().unwrap_or(0);
        let mut mask = script;
        if best > 0 {
            for (i, &c) in counts.iter().enumerate() {
                if c * 2 >= best && c > 0 {
                    mask |= 1 << i;
                }
            }
        }
        if mask == 0 {
            self.engine.all
        } else {
            mask | self.engine.script_bits[7]
        }
    }

    /// Reads forward from keyword `i` to its value.
    fn after_keyword(&self, c: &Ctx, i: usize, kind: Kind) -> Option<ProseHit> {
        let kw = c.found[i];
        let t = c.f.text.as_str();
        let mut pos = kw.end;
        // A Turkish case suffix after an apostrophe ("PIN'i", "şifre'si").
        if t[pos..].starts_with('\'') {
            let rest = &t[pos + 1..];
            let n = rest.chars().take_while(|ch| ch.is_alphabetic() && !is_cjk(*ch)).count();
            if (1..=4).contains(&n) {
                pos += 1 + rest.chars().take(n).map(char::len_utf8).sum::<usize>();
            }
        }
        self.read_value(c, pos, kind, false, Some(i))
    }

    /// The core walk: from folded offset `pos`, skip separators, copulas, fillers and a few
    /// descriptors, then judge the first plausible value. `introduced` = a separator was already seen.
    fn read_value(&self, c: &Ctx, mut pos: usize, kind: Kind, mut introduced: bool, kw_idx: Option<usize>) -> Option<ProseHit> {
        let t = c.f.text.as_str();
        let limit = (pos + READ_AHEAD).min(t.len());
        let mut direct = true; // nothing but separators / copulas since the keyword
        let mut descriptors = 0;
        let mut newlines = 0;
        let mut next_found = kw_idx.map_or(0, |i| i + 1);
        let mut strong_intro = introduced;
        // A negative cue was seen ("in KeePass", "see 1Password"): only a later separator lifts it
        // ("keepass master password, just in case: Kagi_Tobira").
        let mut negated = false;
        let mut after_question = false;
        let mut prev_tok: Option<(usize, usize)> = None;
        // A bracket opened after the keyword and not closed yet ("key called the [ROWID | ...]").
        let mut in_bracket = false;
        // "not" read since the last separator or copula ("the password, not a regular X string"): the
        // sentence says what the value is not.
        let mut denied = false;
        while pos < limit {
            let ch = t[pos..].chars().next()?;
            // Whitespace; a newline only right after the keyword ("Password:\nXk9#...").
            if ch.is_whitespace() {
                if ch == '\n' {
                    newlines += 1;
                    // The value on a later line only after a separator or copula ("Password:\nXk9#..."):
                    // a keyword ending its line without one ("pass" as a Python statement, `*pass,` in a
                    // parameter list) is followed by more code, not by its value (next_line reads a
                    // value alone on its line). Nor is a line of code a value after a separator.
                    if newlines > 2 || descriptors > 0 || !introduced || code_line_follows(t, pos + 1) {
                        return None;
                    }
                }
                pos += ch.len_utf8();
                continue;
            }
            while next_found < c.found.len() && c.found[next_found].start < pos {
                next_found += 1;
            }
            // Another keyword or a negative cue starts here.
            if let Some(nf) = c.found.get(next_found).filter(|x| x.start == pos) {
                if nf.keyword().is_some_and(|k| matches!(k, Kind::Password | Kind::Pin | Kind::Creds)) {
                    return None;
                }
                if nf.keyword().is_some() && kw_idx.is_some() && nf.keyword() != Some(Kind::User) && descriptors == 0 && !introduced {
                    return None;
                }
                if nf.term.masks[K_NEGATIVE] & c.langs != 0 {
                    if introduced && !strong_intro {
                        return None; // "the password is in the vault"
                    }
                    negated = true;
                    descriptors += 1;
                    introduced = false;
                    direct = false;
                    pos = nf.end.max(pos + ch.len_utf8());
                    if descriptors > 6 {
                        return None;
                    }
                    continue;
                }
            }
            // A comparison (`key >= 1000`, `pin != 0`) is code, not a separator.
            if [">=", "<=", "==", "!=", "=="].iter().any(|op| t[pos..].starts_with(op)) {
                return None;
            }
            // Separators.
            if let Some(len) = separator(&t[pos..]) {
                // `|` inside brackets separates alternatives (`[NAME | "name"]`), it introduces nothing.
                if in_bracket && t[pos..].starts_with('|') {
                    return None;
                }
                introduced = true;
                strong_intro = true;
                negated = false;
                pos += len;
                continue;
            }
            // End of sentence; "the password? it's X" continues only with a copula.
            if matches!(ch, '.' | '?' | '!' | ';' | '。' | '？' | '！' | '…') {
                let after = t[pos + ch.len_utf8()..].chars().next();
                if after.map_or(true, |a| a.is_whitespace()) || matches!(ch, '。' | '？' | '！' | '…') {
                    if (ch == '?' || ch == '？') && !after_question && !introduced && !negated {
                        after_question = true;
                        pos += ch.len_utf8();
                        continue;
                    }
                    return None;
                }
            }
            if matches!(ch, ',' | '、' | '，' | '(' | ')' | '[' | ']') && !introduced {
                in_bracket = matches!(ch, '(' | '[') || in_bracket && !matches!(ch, ')' | ']');
                pos += ch.len_utf8();
                continue;
            }
            // 「…」 is also a filler in Japanese: a quoted phrase after it is read whole first.
            if is_cjk(ch) && introduced && !negated {
                if let Some(close) = is_open_quote(ch) {
                    if let Some(Some(h)) = self.quoted(c, pos, ch, close, kind, true) {
                        return Some(h);
                    }
                }
            }
            // Copulas and fillers (not a word glued to `=`: `O=Example` is an attribute).
            if let Some((len, is_copula)) = self.link_at(c, pos).filter(|&(len, _)| !t[pos + len..].starts_with('=')) {
                if is_copula {
                    introduced = true;
                    after_question = false;
                } else if !introduced {
                    direct = false;
                }
                pos += len;
                continue;
            }
            if after_question {
                return None;
            }
            // Quoted value.
            if let Some(close) = is_open_quote(ch).filter(|_| !negated) {
                if let Some(h) = self.quoted(c, pos, ch, close, kind, introduced || direct) {
                    // An ambiguous word right before a quoted name ("the key \"privateKey\"", "a key
                    // `WeakMember`", "pass `isinstance`") names something: a value there needs digits or
                    // symbols.
                    // A quoted phrase there is an example or an option ("pass '--cfg x' to enable").
                    let named = |v: &str| value::shape(v) < Shape::Mixed || v.contains(char::is_whitespace);
                    // In backticks (Markdown code) after any ambiguous word: a name of code unless it has
                    // digits or symbols ("the key struct is `AtomicCounters`").
                    if kind == Kind::Weak && ch == '`' && h.as_ref().is_some_and(|h| value::shape(&c.src[h.start..h.end]) < Shape::Mixed) {
                        return None;
                    }
                    if kind == Kind::Weak && !introduced && h.as_ref().is_some_and(|h| named(&c.src[h.start..h.end])) {
                        return None;
                    }
                    return h;
                }
            }
            // Words before a spelling cue: "fox blue three two, no spaces", "mariposa todo en minúscula".
            if !negated {
                if let Some(h) = self.before_cue(c, pos, kind, introduced, direct, next_found, prev_tok) {
                    return Some(h);
                }
            }
            // A word of a script without spaces that is not a copula: a descriptor.
            if is_cjk(ch) {
                let end = t[pos..].char_indices().find(|&(_, x)| !is_cjk(x)).map_or(t.len(), |(j, _)| pos + j);
                // A run ending with a particle or copula ("新しいのは", "새 비번은") introduces the value.
                let run = &t[pos..end];
                let ends_copula = (1..=2).any(|n| {
                    run.char_indices().rev().nth(n - 1).is_some_and(|(j, _)| {
                        data::link_term(&run[j..]).is_some_and(|term| term.masks[K_COPULA] & c.langs != 0)
                    })
                });
                pos = end;
                descriptors += 1;
                introduced = ends_copula;
                direct = false;
                if descriptors > 4 {
                    return None;
                }
                continue;
            }
            // A value token.
            let mut end = t[pos..].char_indices().find(|&(_, x)| !is_value_char(x)).map_or(t.len(), |(j, _)| pos + j);
            if end == pos + 1 && ch.is_ascii_digit() {
                end = spelled_digits_end(t, pos).unwrap_or(end); // "4 7 1 9"
            }
            if end == pos {
                pos += ch.len_utf8();
                continue;
            }
            // A negative cue inside the token ("1Password", "KeePass").
            // (Not a word joined by a hyphen inside a value: "Krokus-Veld-81".)
            let joined = |x: &Found| x.start > pos && t[..x.start].ends_with(['-', '_', '.']);
            if c.found[next_found.min(c.found.len())..].iter().take_while(|x| x.start < end).any(|x| x.term.masks[K_NEGATIVE] & c.langs != 0 && !joined(x)) {
                return None;
            }
            // "fürs VPN:" - a descriptor ending with a colon introduces the value.
            let tok = &t[pos..end];
            // A C expression (`code: *res = 54345`, `&ctx`): code, not a sentence.
            if let Some(rest) = tok.strip_prefix(['*', '&']) {
                if rest.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '_') && rest.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') {
                    return None;
                }
            }
            // A printf format ("key %s: ...", "%.250s") is a template of a UI string, not a message.
            if value::has_format_spec(tok) {
                return None;
            }
            if tok.len() > 1 && (tok.ends_with(':') || tok.ends_with('=')) && !tok[..tok.len() - 1].contains([':', '=']) {
                let inner_end = end - 1;
                if let Some(h) = (!negated && (introduced || direct)).then(|| self.judge_token(c, pos, inner_end, kind, introduced, direct, strong_intro, descriptors)).flatten() {
                    return Some(h);
                }
                descriptors += 1;
                introduced = true;
                strong_intro = true;
                negated = false;
                direct = false;
                pos = end;
                continue;
            }
            // A lock code read digit by digit is a value even after "safe" / "coffre" (a negative cue
            // when it means a password vault).
            let spelled = value::is_spelled_code(tok) || value::is_dial_combination(tok);
            if tok == "not" {
                denied = true;
            }
            let judged = if negated && !spelled || denied && !introduced { None } else { self.judge_token(c, pos, end, kind, introduced, direct, strong_intro, descriptors) };
            if let Some(h) = judged {
                return Some(h);
            }
            // Not a value: a descriptor ("du compte admin", "for the vpn"); a sentence may end here.
            // "quer a senha do roteador? é X": a question ending on a descriptor continues only with a copula.
            if tok.len() > 1 && tok.ends_with(['.', '!', '?', '。', '！', '？']) && !tok.ends_with("..") {
                if tok.ends_with(['?', '？']) && !after_question && !introduced && !negated && descriptors < 6 {
                    after_question = true;
                    descriptors += 1;
                    direct = false;
                    prev_tok = Some((pos, end));
                    pos = end;
                    continue;
                }
                return None;
            }
            // After a line break only the value itself: "Password:\n - data is immutable" is a list.
            if newlines > 0 {
                return None;
            }
            descriptors += 1;
            introduced = false;
            direct = false;
            if descriptors > 6 {
                return None;
            }
            prev_tok = Some((pos, end));
            pos = end;
        }
        None
    }

    /// A value spelled out before a formatting cue on the same line: one word ("mariposa, all
    /// lowercase"), a spoken passphrase after a copula ("fox blue three two, no spaces") or a run of
    /// CJK text ("熊猫绿色九不带空格"). `prev_tok`: the token before a copula that is right before the
    /// cue ("rasmalai hai, sab small letters").
    #[allow(clippy::too_many_arguments)]
    fn before_cue(&self, c: &Ctx, pos: usize, kind: Kind, introduced: bool, direct: bool, next_found: usize, prev_tok: Option<(usize, usize)>) -> Option<ProseHit> {
        if !matches!(kind, Kind::Password | Kind::Weak | Kind::Creds) || (kind == Kind::Weak && !introduced) {
            return None;
        }
        let t = c.f.text.as_str();
        let le = line_end_near(t, pos);
        let mut cue = None;
        for x in &c.found[next_found.min(c.found.len())..] {
            if x.start >= le || x.start > pos + 100 {
                break;
            }
            if x.start < pos {
                continue;
            }
            if x.term.masks[K_FORMAT] & c.langs != 0 {
                cue = Some(*x);
                break;
            }
            if x.keyword().is_some() || x.term.masks[K_NEGATIVE] & c.langs != 0 {
                return None;
            }
        }
        let cue = cue?;
        let mut rend = cue.start;
        let region = t[pos..rend].trim_end_matches(|ch: char| ch.is_whitespace() || matches!(ch, ',' | '，' | '、' | '(' | '-' | '—' | '–'));
        if region.is_empty() {
            // "X hai, sab small letters": the copula came right after the value.
            let (ps, pe) = prev_tok?;
            if !introduced || !t[pe..pos].trim().chars().all(|ch| is_word_char(ch) || ch == ',' || ch.is_whitespace()) || t[pe..pos].split_whitespace().count() > 1 {
                return None;
            }
            let (os, oe) = (c.f.orig(ps), c.f.orig_end(pe, c.src));
            let (vs, ve) = trim_value(c.src, os, oe);
            let v = c.src.get(vs..ve)?;
            return (kind == Kind::Password && value::shape(v) >= Shape::Word).then_some(ProseHit { start: vs, end: ve, confidence: Confidence::Medium });
        }
        rend = pos + region.len();
        // "kimbap이야 다 소문자": a Latin value with a particle glued to it.
        let region = match region.char_indices().find(|&(_, ch)| is_cjk(ch)) {
            Some((j, _)) if j > 0 && !region[..j].contains(char::is_whitespace) && !region[j..].contains(char::is_whitespace) => {
                rend = pos + j;
                &region[..j]
            }
            _ => region,
        };
        if region.contains(['.', ';', ':', '!', '?', '。', '！', '？', '\n', '"', '«', '“', '「']) {
            return None;
        }
        let words = region.split_whitespace().count();
        let cjk = region.chars().any(is_cjk);
        let (os, oe) = (c.f.orig(pos), c.f.orig_end(rend, c.src));
        let (vs, ve) = trim_value(c.src, os, oe);
        let v = c.src.get(vs..ve)?;
        let ok = if cjk {
            let n = v.chars().filter(|ch| !ch.is_whitespace()).count();
            introduced && words <= 2 && (2..=16).contains(&n) && v.chars().all(|ch| ch.is_alphanumeric() || ch.is_whitespace())
        } else if words == 1 {
            let shape = value::shape(v);
            // After a copula, or right after a password word and its descriptors ("password for the printer X, all lowercase").
            let same_clause = c.kw_start.map_or(true, |ks| !t[ks..pos].contains([',', '，', '،', '、']));
            shape >= Shape::Word && (introduced || direct || (kind == Kind::Password && same_clause))
                || (shape == Shape::Digits && introduced && v.len() >= 4)
        } else if !introduced {
            // A spoken passphrase right after the password word and its noun, before a spelling
            // cue ("пароль от роутера медведь синий шесть без пробелов", "router şifresi kedi yeşil
            // dokuz boşluksuz"): the words from the first token after the keyword; a leading
            // preposition + noun ("от роутера") or an Arabic definite noun ("الراوتر") is dropped.
            // Read from the end of the keyword (fillers such as "от" may have been skipped already).
            let kw_end = c.kw_start.and_then(|ks| c.found.iter().find(|x| x.start == ks)).map(|x| x.end)?;
            if kw_end > pos || !t[kw_end..pos].trim().chars().all(|ch| is_word_char(ch) || ch.is_whitespace() || ch == '\'') {
                return None;
            }
            let pos = kw_end + (t[kw_end..].len() - t[kw_end..].trim_start().len());
            let region = &t[pos..rend];
            let words = region.split_whitespace().count();
            if kind != Kind::Password || region.contains([',', '，', '、']) || !(2..=7).contains(&words) {
                return None;
            }
            let ws: Vec<&str> = region.split_whitespace().collect();
            let mut k = 0;
            if ws.len() >= 4 && (ws[0].chars().count() <= 3 || data::link_term(ws[0]).is_some()) {
                k = 2;
            }
            while ws.len() - k > 2 && ws[k].starts_with("ال") && !ws[k + 1].starts_with("ال") && k < 2 {
                k += 1;
            }
            let rest = &ws[k..];
            if !(3..=5).contains(&rest.len()) || rest[0].chars().count() <= 2 || data::link_term(rest[0]).is_some() || rest.iter().any(|w| !w.chars().all(|ch| ch.is_alphanumeric() || ch == '\'') || CONJUNCTIONS.contains(&fold(w).as_str())) {
                return None;
            }
            if found_in(c.found, pos, rend).iter().any(|x| x.keyword().is_some()) {
                return None;
            }
            let off = rest[0].as_ptr() as usize - region.as_ptr() as usize;
            let (os, oe) = (c.f.orig(pos + off), c.f.orig_end(rend, c.src));
            let (vs, ve) = trim_value(c.src, os, oe);
            return (ve > vs && c.src[vs..ve].chars().count() >= 8).then_some(ProseHit { start: vs, end: ve, confidence: Confidence::Low });
        } else {
            introduced
                && (2..=6).contains(&words)
                && v.chars().count() >= 8
                && v.split_whitespace().all(|w| w.chars().all(|ch| ch.is_alphanumeric() || ch == '\'') && !CONJUNCTIONS.contains(&fold(w).as_str()))
                && !found_in(c.found, pos, rend).iter().any(|x| x.keyword().is_some())
        };
        ok.then_some(ProseHit { start: vs, end: ve, confidence: Confidence::Medium })
    }

    /// A copula or filler at folded offset `pos`, in the message's languages: (length, is copula).
    fn link_at(&self, c: &Ctx, pos: usize) -> Option<(usize, bool)> {
        let t = c.f.text.as_str();
        let rest = &t[pos..];
        let mut best: Option<(usize, bool)> = None;
        // Candidate ends: word ends within the next 3 words, and each of the next 4 characters of a
        // script without spaces (particles: は, 는, 是).
        let mut ends: SmallEnds = SmallEnds::default();
        let mut words = 0;
        let mut prev_word = false;
        for (j, ch) in rest.char_indices().take(40) {
            let end = j + ch.len_utf8();
            if is_cjk(ch) {
                if j < 12 {
                    ends.push(end);
                }
                prev_word = false;
                continue;
            }
            let w = is_word_char(ch) || ch == '\'';
            if !w && prev_word && (ch.is_whitespace() || matches!(ch, ':' | ',' | ';' | '=' | '"' | '«' | '“' | '「')) {
                ends.push(j);
                words += 1;
                if words >= 3 || ch == '\n' {
                    break;
                }
            }
            if !w && !ch.is_whitespace() {
                ends.push(end); // "=", "c'est:" forms
            }
            prev_word = w;
        }
        if prev_word && (rest.len() <= 40 || rest.chars().nth(40).is_none()) {
            ends.push(rest.len());
        }
        for &e in ends.as_slice() {
            let Some(term) = data::link_term(&rest[..e]) else { continue };
            let cop = term.masks[K_COPULA] & c.langs != 0;
            let fil = term.masks[K_FILLER] & c.langs != 0;
            if (cop || fil) && best.map_or(true, |(l, _)| e > l) {
                best = Some((e, cop));
            }
        }
        best
    }

    /// A value in quotes starting at folded `pos`: `"correct horse battery staple"`, « Soleil2023 ».
    fn quoted(&self, c: &Ctx, pos: usize, open: char, close: char, kind: Kind, introduced: bool) -> Option<Option<ProseHit>> {
        let t = c.f.text.as_str();
        let inner_start = pos + open.len_utf8();
        let rest = &t[inner_start..];
        let mut lim = rest.len().min(QUOTED_MAX);
        while !rest.is_char_boundary(lim) {
            lim -= 1;
        }
        lim = rest[..lim].find('\n').unwrap_or(lim);
        let j = if open == '„' { rest[..lim].find(['“', '”'])? } else { rest[..lim].find(close)? };
        if j == 0 {
            return None;
        }
        // Apostrophes inside words ("it's") are not quotes: the closing one must end a token.
        if close == '\'' {
            let after = rest[j + 1..].chars().next();
            if after.is_some_and(is_word_char) {
                return None;
            }
        }
        let (fs, fe) = (inner_start, inner_start + j);
        let os = c.f.orig(fs);
        let oe = c.f.orig(fe);
        let raw = &c.src[os..oe];
        let v = raw.trim();
        if v.is_empty() {
            return Some(None);
        }
        let lead = raw.len() - raw.trim_start().len();
        let (vs, ve) = (os + lead, os + lead + v.len());
        if !introduced {
            return None;
        }
        // Quoted text that is itself talk about passwords is not a value.
        // ("pino" starting like "pin*" is not a PIN word.)
        let inflected_pin = |x: &Found| x.term.prefix && matches!(x.keyword(), Some(Kind::Pin | Kind::Code)) && x.end - x.start > x.term.text.len();
        if found_in(c.found, fs, fe).iter().any(|x| x.keyword().is_some_and(|k| k != Kind::User) && !inflected_pin(x) || x.term.masks[K_NEGATIVE] & c.langs != 0) {
            return Some(None);
        }
        if v.contains(char::is_whitespace) {
            // (Not a command-line option with its argument: "--cfg tokio_unstable".)
            if self.negative_before(c) || v.contains(" + ") || v.contains(" & ") || v.starts_with('-') {
                return Some(None);
            }
            // An abbreviation's expansion: "MPD («Music Player Daemon»)".
            if let Some(kw) = c.kw_start.and_then(|ks| c.found.iter().find(|x| x.start == ks)) {
                let initials: String = v.split_whitespace().filter_map(|w| w.chars().next()).flat_map(char::to_lowercase).collect();
                if initials.chars().count() >= 2 && initials == c.f.text[kw.start..kw.end] {
                    return Some(None);
                }
            }
            // A phrase with a negation assigned in code (`hint_password = "does not match"`): a message.
            if t[..pos].trim_end().ends_with('=') && value::is_negated_phrase(v) {
                return Some(None);
            }
            // A passphrase: several words, long enough; a seed phrase of 12-24 lower-case words.
            let words = v.split_whitespace().count();
            let chars = v.chars().count();
            let seed = words <= 24 && v.split_whitespace().all(|w| w.chars().all(|ch| ch.is_alphabetic() && !ch.is_uppercase()));
            let shape_ok = (chars >= 12 || (words >= 3 && chars >= 8)) && ((2..=8).contains(&words) || seed) && matches!(kind, Kind::Password | Kind::Weak | Kind::Creds);
            return Some(shape_ok.then_some(ProseHit { start: vs, end: ve, confidence: Confidence::Medium }));
        }
        if kind == Kind::Weak && value::is_setting_name(v) {
            return Some(None); // klucz „logout_enable”: the name of a setting
        }
        let shape = value::shape(v);
        Some(confidence_for(shape, kind, true, true, true).map(|conf| ProseHit { start: vs, end: ve, confidence: conf }))
    }

    /// Judges the token at folded `fs..fe`; on a user/password pair, returns the password.
    #[allow(clippy::too_many_arguments)]
    fn judge_token(&self, c: &Ctx, fs: usize, fe: usize, kind: Kind, introduced: bool, direct: bool, strong_intro: bool, descriptors: usize) -> Option<ProseHit> {
        let (os, oe) = (c.f.orig(fs), c.f.orig_end(fe, c.src));
        let raw = c.src[os..oe].trim_end_matches(['.', ',', ';', ':', '،', '\u{200e}', '\u{200f}']);
        if (raw.starts_with('<') && raw.ends_with('>')) || (raw.starts_with('[') && raw.ends_with(']')) || (raw.starts_with('(') && raw.ends_with(')') && !raw[1..].contains(['(', ')'])) {
            return None;
        }
        // A markup tag (`<w:sectPr>`, `` `<xsl:copy-of` ``), in quotes or backticks or not.
        let bare = raw.trim_start_matches(['`', '"', '\'']);
        if bare.starts_with('<') && bare[1..].starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '/') {
            return None;
        }
        // A field of a described format (`id:<escaped name>:<date>`): a `<name>` placeholder after a `:`
        // or `=` of the token, closed on its line, with only letters, digits, spaces, `_` and `-` inside.
        if let Some(p) = raw.find('<').filter(|&p| raw[..p].ends_with([':', '='])) {
            let from = os + p + 1;
            let rest = &c.src[from..c.src[from..].find('\n').map_or(c.src.len(), |q| from + q)];
            let field = rest.find('>').map(|q| &rest[..q]);
            if field.is_some_and(|f| f.starts_with(|ch: char| ch.is_ascii_alphabetic()) && f.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, ' ' | '_' | '-'))) {
                return None;
            }
        }
        // A Markdown reference link (`[text][label]`): its label, or the last word of its text with it.
        if raw.starts_with("][") || c.src[..os].ends_with("][") || raw.ends_with(']') && raw.contains("][") {
            return None;
        }
        // A bracket opened right before the token and closed inside it: a notation of optional parts
        // (`[Adjacent]TempDirectory`, `(re)try`), not a value.
        let close_inside = |open: char, close: char| {
            let inner = raw.strip_prefix(open).or_else(|| c.src[..os].ends_with(open).then_some(raw));
            inner.is_some_and(|inner| inner.find(close).is_some_and(|p| p + 1 < inner.len()))
        };
        if close_inside('[', ']') || close_inside('(', ')') {
            return None;
        }
        // An attribute of an X.509 distinguished name ("Root O=UniTrust", "CN=Example CA").
        if ["CN=", "O=", "OU=", "DC=", "C=", "L=", "ST="].iter().any(|a| raw.starts_with(a)) {
            return None;
        }
        let (vs, ve) = trim_value(c.src, os, oe);
        if ve <= vs {
            return None;
        }
        let v = &c.src[vs..ve];
        if matches!(kind, Kind::Creds | Kind::User) {
            // "admin:S3cret!" / "jsmith/Sunflower2024!" in one token, right after the keyword or after a
            // separator or a copula (farther, "handle errors in lib/mod.name", a path of code).
            if let Some(p) = v.find([':', '/']).filter(|_| introduced || direct) {
                let (us, ps) = (&v[..p], &v[p + 1..]);
                if !us.is_empty() && ps.len() >= 4 && !ps.contains('/') && !v.contains("://") {
                    let (ps_s, ps_e) = trim_value(c.src, vs + p + 1, ve);
                    let shape = value::shape(&c.src[ps_s..ps_e]);
                    return confidence_for(shape, Kind::Password, true, true, strong_intro)
                        .map(|conf| ProseHit { start: ps_s, end: ps_e, confidence: conf });
                }
            }
            // "jsmith / Sunflower2024!" or "jsmith Sunflower2024!" after the keyword; not after a word
            // that starts a clause or a phrase ("a regular user if `lib/tool3` is set up").
            let word = c.f.text[fs..fe].trim_end_matches(['.', ',', ';', ':']);
            if (introduced || direct) && !CLAUSE_WORDS.contains(&word) && !CONJUNCTIONS.contains(&word) {
                if let Some(h) = self.pair_second(c, fe, strong_intro) {
                    return Some(h);
                }
            }
            if kind == Kind::User {
                return None;
            }
            let shape = value::shape(v);
            return (shape >= Shape::Strong && (introduced || direct))
                .then_some(ProseHit { start: vs, end: ve, confidence: Confidence::Medium });
        }
        // Entry-phone and keypad codes with a letter: "58K", "K47", "1357A".
        // A PIN has digits: "pin release-plz action" pins a version, it gives no PIN.
        if kind == Kind::Pin && !v.contains(|ch: char| ch.is_ascii_digit()) {
            return None;
        }
        if kind == Kind::Pin && (introduced || direct) && value::is_letter_code(v) {
            return Some(ProseHit { start: vs, end: ve, confidence: Confidence::Medium });
        }
        // "pin" is also an English verb ("pin the runner to image-2022", "pinpoint"): farther from it,
        // without a separator or a copula, a token with letters is no PIN. (Other code words keep
        // such values: "access code for the gate Gate-Blue-418".)
        if kind == Kind::Pin && !introduced && !direct && v.chars().any(char::is_alphabetic) && c.kw_start.and_then(|ks| c.found.iter().find(|x| x.start == ks)).is_some_and(|k| k.term.text == "pin") {
            return None;
        }
        // After "code" only digits count (`Shape::Digits`, a spelled or dial code below; any other
        // shape gives a code no confidence), and those are digits joined by `-` or spaces, with a
        // `#` or `*` at the end: a token with another character is no code, its shape unasked.
        if kind == Kind::Code && !v.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'-' | b' ' | b'#' | b'*')) {
            return None;
        }
        let shape = value::shape(v);
        // A value right after a word naming a form, without a separator or a copula ("the app password
        // structure 'payload:checksum'", "a key pattern ABC-123"): the form, not a value.
        if !introduced {
            let before = c.f.text[..fs].trim_end_matches([' ', '\'', '"', '`', '(', '\u{a0}']);
            let prev = before.rsplit([' ', '(', '/', '\n']).next().unwrap_or("");
            if FORM_WORDS.contains(&prev) {
                return None;
            }
        }
        if shape == Shape::Digits {
            // A year far from its keyword is a code only when a separator or a copula gives it ("code
            // ... of the new (in 2019) era"); a number after "ISO", "RFC", "page", "year"... is no code.
            if value::is_year(v) && !introduced && descriptors >= 2 {
                return None;
            }
            let before = c.f.text[..fs].trim_end_matches([' ', '(', '\u{a0}']);
            let prev = before.rsplit([' ', '(', '/', '\n']).next().unwrap_or("");
            if NUMBER_KINDS.contains(&prev) {
                return None;
            }
            // A year after a preposition ("code from 1998", "a PIN in 2019") is a date.
            if value::is_year(v) && YEAR_BEFORE.contains(&prev) {
                return None;
            }
        }
        // An ambiguous word ("key", "klíč", "chiave") before a setting name ("logout_enable",
        // "autoconfig-url", "Multi_Key"): the name of a configuration key, not a password.
        if kind == Kind::Weak && value::is_setting_name(v) {
            return None;
        }
        let at_clause_end = clause_ends_after(c.src, ve);
        let conf = match confidence_for_len(shape, kind, introduced, direct, strong_intro, v.len()) {
            Some(conf) => conf,
            // "PW du coffre de la salle serveur 0713", "비번 쉬워요 qwer1234": at the end of the clause.
            // "PIN printer 1592 buat scan": a PIN word is specific enough.
            None if kind == Kind::Pin && shape == Shape::Digits && descriptors <= 3 && (4..=8).contains(&v.len()) => Confidence::Medium,
            // "the bike lock opens with 8-3-0-6": digits read one by one are a code wherever they stand.
            None if matches!(kind, Kind::Pin | Kind::Code | Kind::Password | Kind::Weak) && descriptors <= 4 && (value::is_spelled_code(v) || value::is_dial_combination(v)) => Confidence::Medium,
            None if at_clause_end && !matches!(kind, Kind::User | Kind::Weak) => match shape {
                Shape::Digits if (4..=8).contains(&v.len()) && !matches!(kind, Kind::Creds) => Confidence::Medium,
                Shape::Mixed if v.chars().count() >= 8 && v.chars().any(|ch| ch.is_ascii_digit()) && kind != Kind::Code => Confidence::Medium,
                _ => return None,
            },
            None => return None,
        };
        if shape == Shape::Word && (!line_ends_after(c.f.text.as_str(), fe) || self.negative_before(c)) {
            return None;
        }
        // An ambiguous word without a separator: the value must end the clause or be followed by
        // another script ("والباس Sahara-Srv9! مؤقت"), not by more English ("key Q3-Results-2024 deck").
        if kind == Kind::Weak && !introduced && c.src[ve..].trim_start().starts_with(|ch: char| ch.is_ascii_alphanumeric()) {
            return None;
        }
        Some(ProseHit { start: vs, end: ve, confidence: conf })
    }

    /// A negative cue shortly before the keyword on its line ("hint for the password", "indice du mdp").
    fn negative_before(&self, c: &Ctx) -> bool {
        let Some(ks) = c.kw_start else { return false };
        let t = c.f.text.as_str();
        let line_start = line_start_near(t, ks);
        let from = ks.saturating_sub(40).max(line_start);
        found_in(c.found, from, ks).iter().any(|x| x.term.masks[K_NEGATIVE] & c.langs != 0)
    }

    /// After a user name ending at folded `fe`: `/`, `|`, `:` or a space, then the password.
    fn pair_second(&self, c: &Ctx, fe: usize, strong_intro: bool) -> Option<ProseHit> {
        let t = c.f.text.as_str();
        let mut p = fe;
        let mut sep = false;
        let mut newline = false;
        for (j, ch) in t[fe..].char_indices() {
            if ch == '\n' {
                if newline {
                    return None;
                }
                newline = true;
                p = fe + j + 1;
                continue;
            }
            if ch.is_whitespace() {
                p = fe + j + ch.len_utf8();
                continue;
            }
            if !sep && matches!(ch, '/' | '|' | ':' | '-' | '—' | '–' | '／' | ',') {
                sep = true;
                p = fe + j + ch.len_utf8();
                continue;
            }
            p = fe + j;
            break;
        }
        if p >= t.len() {
            return None;
        }
        // A keyword right after ("login: x password: y"): that keyword will handle it.
        if !found_in(c.found, p, p + 1).is_empty() {
            return None;
        }
        let end = t[p..].char_indices().find(|&(_, x)| !is_value_char(x)).map_or(t.len(), |(j, _)| p + j);
        if end == p {
            return None;
        }
        // A reference in parentheses ("handle properly (bpo-38115)").
        let raw = t[p..end].trim_end_matches(['.', ',', ';', ':']);
        if raw.starts_with('(') && raw.ends_with(')') {
            return None;
        }
        // On the next line, the password stands alone ("jsmith\nSunflower2024!"), not at the head
        // of a line of text (" - rcpt_options : List of ...").
        if newline && !t[end..line_end_near(t, end)].trim().is_empty() {
            return None;
        }
        let (os, oe) = (c.f.orig(p), c.f.orig_end(end, c.src));
        let (vs, ve) = trim_value(c.src, os, oe);
        if ve <= vs {
            return None;
        }
        let shape = value::shape(&c.src[vs..ve]);
        let min = if sep { Shape::Mixed } else { Shape::Strong };
        if shape < min {
            return None;
        }
        confidence_for(shape, Kind::Password, true, true, strong_intro).map(|conf| ProseHit { start: vs, end: ve, confidence: conf })
    }

    /// After a hit, a second value in the same sentence: "..., and the backup one is Backup$Desk26",
    /// "et celui de l'archive est Secours&Bretagne1". Needs a copula or separator and a mixed value.
    fn continuation(&self, c: &Ctx, orig_end: usize, out: &mut Vec<ProseHit>) {
        let t = c.f.text.as_str();
        let fe = c.f.map.partition_point(|&o| (o as usize) < orig_end).min(t.len());
        let line_end = line_end_near(t, fe);
        let mut pos = fe;
        for _ in 0..2 {
            if pos >= line_end {
                return;
            }
            let sub = Ctx { kw_start: None, ..*c };
            match self.read_value(&sub, pos, Kind::Password, false, None) {
                Some(h) if h.start < c.f.orig(line_end) && h.confidence >= Confidence::Medium => {
                    let v = &c.src[h.start..h.end];
                    if value::shape(v) < Shape::Mixed {
                        return;
                    }
                    let e = h.end;
                    push_hit(out, h);
                    pos = c.f.map.partition_point(|&o| (o as usize) < e).min(t.len());
                }
                _ => return,
            }
        }
    }

    /// The value alone on the next non-empty line: "Password:\nXk9#mP2q", "PW unten\n\nZt5&Kp9!wRb".
    fn next_line(&self, c: &Ctx, i: usize) -> Option<ProseHit> {
        let kw = c.found[i];
        let t = c.f.text.as_str();
        let nl = line_end_near(t, kw.end);
        if nl >= t.len() || !t[nl..].starts_with('\n') {
            return None;
        }
        // (Each test below gives None when it fails, whatever the others give: the cheap ones on the
        // next line come first.)
        // The next line that is not blank, at most two blank lines on.
        let mut p = nl + 1;
        let mut blank = 0;
        let (p, le, line) = loop {
            let le = line_end_near(t, p);
            let line = t[p..le].trim();
            if line.is_empty() {
                blank += 1;
                if blank > 2 || le >= t.len() {
                    return None;
                }
                p = le + 1;
                continue;
            }
            break (p, le, line);
        };
        // One token alone, not an INI section `[server2]` nor a label introducing what follows
        // (`uri_map:` in a docstring).
        if line.contains(char::is_whitespace) || line.chars().any(is_cjk) || line.starts_with('[') && line.ends_with(']') || line.ends_with(':') {
            return None;
        }
        // A sentence wrapped over two lines: the keyword's line goes on past the keyword without a
        // separator and the lone token ends the sentence with a full stop ("...install the
        // package\nfoo-utils."): the last word of the sentence (a name, not a mix of upper and lower
        // case letters and digits), not a value.
        let kw_rest = t[kw.end..nl].trim();
        if line.ends_with('.') && !line.ends_with("..") && !kw_rest.is_empty() && !kw_rest.ends_with([':', '=']) {
            let cl = value::classes(&c.src[c.f.orig(p)..c.f.orig_end(le, c.src)]);
            if cl.upper == 0 || cl.lower == 0 || cl.digit == 0 {
                return None;
            }
        }
        // The keyword's line must not give a value or talk it away (negative cue after the keyword).
        if found_in(c.found, kw.start + 1, nl).iter().any(|x| x.term.masks[K_NEGATIVE] & c.langs != 0) {
            return None;
        }
        // A keyword's line that gave its value already (`password: secret`, `keys=root`), or a line of
        // code (`f('password: ',`, `*key,`): the next line is not its value.
        let rest = t[kw.end..nl].trim_start_matches(|ch: char| ch.is_whitespace() || matches!(ch, '"' | '\''));
        if rest.starts_with([':', '=']) && !rest[1..].trim().is_empty() {
            return None;
        }
        let kls = line_start_near(t, kw.start);
        if code_line(&t[kls..nl]) {
            return None;
        }
        // The keyword is the value of an earlier one (`password: secret`): that one was followed.
        if found_in(c.found, kls, kw.start).iter().any(|x| x.keyword().is_some_and(|k| k != Kind::User) && t[x.end..kw.start].trim_start().starts_with([':', '='])) {
            return None;
        }
        // Nor a line of code.
        if code_line(line) {
            return None;
        }
        let ls = p + (t[p..le].len() - t[p..le].trim_start().len());
        let lend = ls + line.len();
        let (os, oe) = (c.f.orig(ls), c.f.orig_end(lend, c.src));
        let (vs, ve) = trim_value(c.src, os, oe);
        let v = c.src.get(vs..ve)?;
        let shape = value::shape(v);
        // "Danke!", "Thanks!": a word of the language with its exclamation mark.
        // (Also after the `+` or `-` of a line of a diff: "+attributes.")
        if data::word_mask(&fold(v.trim_start_matches(['+', '-']).trim_end_matches(['!', '?']))) != 0 {
            return None;
        }
        let ok = match shape {
            Shape::Strong | Shape::Mixed => true,
            Shape::Digits => matches!(kw.keyword(), Some(Kind::Pin | Kind::Code)),
            _ => false,
        };
        ok.then_some(ProseHit { start: vs, end: ve, confidence: Confidence::Medium })
    }

    /// A user/password pair without any keyword: "admin / Vx-Admin-3310", "svc_report / R3port!ng_Svc".
    /// The user must look like an account name and the password must be strong.
    fn bare_pairs(&self, text: &str, f: &Folded, found: &[Found], whole: bool, out: &mut Vec<ProseHit>) {
        let t = f.text.as_str();
        if !t.contains('\n') && !t.contains(" / ") {
            return;
        }
        // "root\nGalata-Kule-1348": a message of two single-token lines, an account then a password.
        let lines: Vec<&str> = if whole && text.len() < 200 { text.lines().filter(|l| !l.trim().is_empty()).collect() } else { Vec::new() };
        if lines.len() == 2 && !lines.iter().any(|l| l.trim().contains(char::is_whitespace)) {
            let user = lines[0].trim();
            let pw = lines[1].trim();
            let user_ok = (2..=32).contains(&user.len()) && user.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-' | '.' | '@')) && value::shape(user) < Shape::Mixed;
            if user_ok && value::shape(pw) == Shape::Strong {
                if let Some(at) = text.rfind(pw) {
                    push_hit(out, ProseHit { start: at, end: at + pw.len(), confidence: Confidence::Medium });
                    return;
                }
            }
        }
        let mut from = 0;
        while let Some(rel) = memchr::memmem::find(&t.as_bytes()[from..], b" / ") {
            let at = from + rel;
            from = at + 3;
            let ls = line_start_near(t, at);
            let left_start = t[ls..at].char_indices().rev().find(|&(_, ch)| ch.is_whitespace() || ch == ':' || ch == '(').map_or(ls, |(p, ch)| ls + p + ch.len_utf8());
            let user = &t[left_start..at];
            // Alternatives of a grammar or a list ("host = IP-literal / IPv4address / reg-name"): more
            // than one ` / ` on the line.
            if t[ls..line_end_near(t, at)].matches(" / ").count() > 1 {
                continue;
            }
            let user_ok = (3..=32).contains(&user.len())
                && user.chars().all(|ch| ch.is_alphanumeric() || matches!(ch, '_' | '-' | '.' | '@' | '\\'))
                && user.chars().any(char::is_alphabetic);
            if !user_ok {
                continue;
            }
            let rs = at + 3;
            let le = line_end_near(t, rs);
            let re = t[rs..le].find(|ch: char| ch.is_whitespace()).map_or(le, |p| rs + p);
            if found_in(found, left_start, re).iter().any(|x| x.start >= rs || x.keyword().is_some_and(|k| matches!(k, Kind::Password | Kind::Pin | Kind::Creds))) {
                continue;
            }
            let (os, oe) = (f.orig(rs), f.orig_end(re, text));
            let (vs, ve) = trim_value(text, os, oe);
            let Some(v) = text.get(vs..ve) else { continue };
            let cl = value::classes(v);
            let kinds = [cl.lower > 0, cl.upper > 0, cl.digit > 0, cl.symbol > 0].iter().filter(|&&b| b).count();
            // (Not a dotted name of code: "sha3_512 / _sha3.sha3".)
            let code_path = v.contains('.') && v.split('.').all(|p| p.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '_') && p.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'));
            if value::shape(v) == Shape::Strong && kinds >= 3 && !code_path {
                push_hit(out, ProseHit { start: vs, end: ve, confidence: Confidence::Medium });
            }
        }
    }

    /// A strong value in backticks or quotes shortly before the keyword, in the same clause:
    /// "`Rt5#kW9!zm` this is the backup password", "`Nc6#vT2!xw` これがバックアップのパスワードです".
    fn quoted_before(&self, c: &Ctx, i: usize) -> Option<ProseHit> {
        let kw = c.found[i];
        let t = c.f.text.as_str();
        let ls = line_start_near(t, kw.start);
        let before = &t[ls..kw.start];
        if before.len() > 160 {
            return None;
        }
        for q in ['`', '"', '\'', '“', '«', '「'] {
            let Some(open) = before.find(q) else { continue };
            let close_ch = match q {
                '“' => '”',
                '«' => '»',
                '「' => '」',
                x => x,
            };
            let inner_start = open + q.len_utf8();
            let Some(len) = before[inner_start..].find(close_ch) else { continue };
            let (fs, fe) = (ls + inner_start, ls + inner_start + len);
            // Within ~60 characters of the keyword, in the same sentence, no negative cue between.
            let between = &t[(fe + close_ch.len_utf8()).min(kw.start)..kw.start];
            if between.contains(['.', '?', '!', '。', '？', '！', ';']) {
                return None;
            }
            if t[fe..kw.start].chars().count() > 60 || found_in(c.found, fe, kw.start).iter().any(|x| x.term.masks[K_NEGATIVE] & c.langs != 0) {
                return None;
            }
            let (os, oe) = (c.f.orig(fs), c.f.orig(fe));
            let v = c.src.get(os..oe)?;
            if v.contains(char::is_whitespace) {
                return None;
            }
            return (value::shape(v) == Shape::Strong).then_some(ProseHit { start: os, end: oe, confidence: Confidence::Medium });
        }
        None
    }

    /// Misspelt password words ("pasword", "hselo", "wachtwoort", "비빌번호"): one letter inserted,
    /// deleted, replaced or two swapped, the first letter kept, in words of 5 letters or more that are
    /// not ordinary words; in Korean, one syllable of 4 replaced. Each is then followed like a keyword.
    fn typo_keywords(&self, text: &str, f: &Folded, found: &[Found], out: &mut Vec<ProseHit>) {
        let t = f.text.as_str();
        let eng = self.engine;
        let mut typos: Vec<Found> = Vec::new();
        let mut ws: Option<usize> = None;
        let mut hangul: Option<usize> = None;
        let mut limit = t.len().min(2048);
        while !t.is_char_boundary(limit) {
            limit -= 1;
        }
        for (j, ch) in t[..limit].char_indices().chain(std::iter::once((limit, ' '))) {
            let is_h = ('\u{AC00}'..='\u{D7A3}').contains(&ch);
            if is_h {
                hangul.get_or_insert(j);
            } else if let Some(hs) = hangul.take() {
                self.hangul_typos(t, hs, j, found, &mut typos);
            }
            if is_word_char(ch) {
                ws.get_or_insert(j);
                continue;
            }
            let Some(s0) = ws.take() else { continue };
            let word = &t[s0..j];
            let first = word.chars().next().unwrap_or(' ');
            let n = word.chars().count();
            if !(4..=14).contains(&n) {
                continue;
            }
            let Ok(fi) = eng.typo_firsts.binary_search(&first) else { continue };
            let mut buf = [' '; 14];
            for (slot, ch) in buf.iter_mut().zip(word.chars()) {
                *slot = ch;
            }
            let w = &buf[..n];
            let (targets, prefixes) = &eng.typo_slices[fi];
            // One edit keeps the second or third letter in place or shifted by one.
            let near = |k: &[char]| k.len() > 2 && (w[1] == k[1] || w[2] == k[2] || w[1] == k[2] || w[2] == k[1]);
            let hit = eng.typo_targets[targets.clone()].iter().any(|k| k.len().abs_diff(n) <= 1 && near(k) && osa_at_most_one(w, k))
                || eng.typo_prefixes[prefixes.clone()].iter().any(|k| n + 1 >= k.len() && near(k) && (k.len().saturating_sub(1)..=k.len() + 1).any(|m| m <= n && osa_at_most_one(&w[..m], k)));
            if !hit || !found_in(found, s0, j).is_empty() || found.iter().any(|x| x.start < s0 && x.end > s0) || data::word_mask(word) != 0 {
                continue;
            }
            typos.push(Found { start: s0, end: j, term: &TYPO_TERM });
        }
        if typos.is_empty() {
            return;
        }
        let mut all: Vec<Found> = found.iter().copied().chain(typos.iter().copied()).collect();
        all.sort_unstable_by_key(|x| (x.start, std::cmp::Reverse(x.end)));
        let idx: Vec<usize> = (0..all.len()).filter(|&i| std::ptr::eq(all[i].term, &TYPO_TERM)).collect();
        self.follow(text, f, &all, idx.into_iter(), out);
    }

    /// Korean password words with one syllable replaced ("비빌번호") in the Hangul run `t[s..e]`.
    fn hangul_typos(&self, t: &str, s: usize, e: usize, found: &[Found], typos: &mut Vec<Found>) {
        // Cheap test first: a window with one syllable off shares at least two syllables with a target.
        let targets = &self.engine.hangul_targets;
        if e - s < 12 || t[s..e].chars().filter(|ch| targets.iter().any(|k| k.contains(ch))).take(2).count() < 2 {
            return;
        }
        let run: Vec<(usize, char)> = t[s..e].char_indices().map(|(j, c)| (s + j, c)).collect();
        for k in &self.engine.hangul_targets {
            if run.len() < k.len() {
                continue;
            }
            for w in 0..=run.len() - k.len() {
                let same = (0..k.len()).filter(|&x| run[w + x].1 == k[x]).count();
                if same + 1 == k.len() {
                    let (ws, we) = (run[w].0, run.get(w + k.len()).map_or(e, |x| x.0));
                    if found.iter().any(|x| x.start < we && ws < x.end) {
                        continue;
                    }
                    typos.push(Found { start: ws, end: we, term: &TYPO_TERM });
                    return;
                }
            }
        }
    }

    /// "Xk9#mP2q is the new password", "Sakura2024! がパスワードです", "Azerty123 c'est le mdp".
    fn before_keyword(&self, c: &Ctx, i: usize) -> Option<ProseHit> {
        let kw = c.found[i];
        let t = c.f.text.as_str();
        let line_start = line_start_near(t, kw.start);
        let mut pos = kw.start;
        let mut copula = false;
        for _ in 0..5 {
            let before = t[line_start..pos].trim_end();
            let bend = line_start + before.len();
            if bend == line_start {
                return None;
            }
            let last = before.chars().next_back()?;
            if is_cjk(last) {
                // A particle or copula glued to the keyword: が, は, 是, 는.
                let mut matched = None;
                for n in (1..=3).rev() {
                    let st = before.char_indices().rev().nth(n - 1).map(|(j, _)| j);
                    if let Some(st) = st {
                        if let Some(term) = data::link_term(&before[st..]) {
                            if (term.masks[K_COPULA] | term.masks[K_FILLER]) & c.langs != 0 {
                                matched = Some((line_start + st, term.masks[K_COPULA] & c.langs != 0));
                                break;
                            }
                        }
                    }
                }
                let (st, cop) = matched?;
                copula |= cop;
                pos = st;
                continue;
            }
            if !is_value_char(last) {
                return None;
            }
            let ws = before.rfind(|ch: char| !is_value_char(ch)).map_or(0, |j| j + before[j..].chars().next().map_or(1, char::len_utf8));
            let word = &before[ws..];
            if let Some(term) = data::link_term(word) {
                if (term.masks[K_COPULA] | term.masks[K_FILLER]) & c.langs != 0 {
                    copula |= term.masks[K_COPULA] & c.langs != 0;
                    pos = line_start + ws;
                    continue;
                }
            }
            let adjacent = pos == kw.start;
            let (os, oe) = (c.f.orig(line_start + ws), c.f.orig_end(bend, c.src));
            if !copula {
                // "Dem0-Tr!pw parolasıyla": a strong value right before the keyword.
                let (vs, ve) = trim_value(c.src, os, oe);
                let clean_end = !word.ends_with([',', ';', '.', '、', '，', '—', '-', ':', '!', '?']);
                if adjacent && clean_end && ve > vs && value::shape(&c.src[vs..ve]) == Shape::Strong && found_in(c.found, line_start + ws, kw.start).is_empty() {
                    return Some(ProseHit { start: vs, end: ve, confidence: Confidence::Medium });
                }
                return None;
            }
            let (vs, ve) = trim_value(c.src, os, oe);
            if ve <= vs {
                return None;
            }
            // No negative cue between the value and the keyword.
            if found_in(c.found, line_start + ws, kw.start).iter().any(|x| x.term.masks[K_NEGATIVE] & c.langs != 0) {
                return None;
            }
            let shape = value::shape(&c.src[vs..ve]);
            if shape < Shape::Mixed {
                return None;
            }
            let conf = if shape == Shape::Strong { Confidence::High } else { Confidence::Medium };
            return Some(ProseHit { start: vs, end: ve, confidence: conf });
        }
        None
    }

    /// After a numeric code (from index `first` of `out`), more codes in the same list:
    /// "tablet code 268310, medicine cabinet 7751" - a comma, one to four words, 4-8 digits ending the item.
    fn code_lists(&self, text: &str, out: &mut Vec<ProseHit>, first: usize) {
        let mut i = first;
        while i < out.len() && out.len() < first + 8 {
            let h = out[i].clone();
            i += 1;
            let v = &text[h.start..h.end];
            if v.contains('-') && v.len() <= 24 {
                // "4821-9930 1174-2285 6630-0417": more codes of the same pattern right after.
                let sig = |s: &str| s.bytes().map(|b| if b.is_ascii_digit() { b'9' } else if b.is_ascii_alphabetic() { b'a' } else { b }).collect::<Vec<u8>>();
                let want = sig(v);
                let mut pos = h.end;
                loop {
                    let rest = &text[pos..];
                    let skip = rest.len() - rest.trim_start_matches([' ', ',', ';', '\t']).len();
                    if skip == 0 && pos != h.end {
                        break;
                    }
                    let ts = pos + skip;
                    let te = text[ts..].find(|ch: char| ch.is_whitespace() || matches!(ch, ',' | ';')).map_or(text.len(), |p| ts + p);
                    let tok = text[ts..te].trim_end_matches('.');
                    if tok.is_empty() || sig(tok) != want || skip == 0 {
                        break;
                    }
                    push_hit(out, ProseHit { start: ts, end: ts + tok.len(), confidence: Confidence::Medium });
                    pos = te;
                }
                continue;
            }
            if !(4..=8).contains(&v.len()) || !v.bytes().all(|x| x.is_ascii_digit()) {
                continue;
            }
            let rest = &text[h.end..];
            let Some(after) = rest.strip_prefix(", ").or_else(|| rest.strip_prefix("; ")) else { continue };
            let base = h.end + (rest.len() - after.len());
            let mut pos = 0;
            for (words, tok) in after.split(' ').enumerate() {
                let tstart = pos;
                pos += tok.len() + 1;
                let core = tok.trim_end_matches([',', ';', '.', '!']);
                if !core.is_empty() && core.bytes().all(|x| x.is_ascii_digit()) {
                    let clause_end = core.len() < tok.len() || tstart + tok.len() >= after.len() || after[tstart + tok.len()..].starts_with('\n');
                    if words >= 1 && (4..=8).contains(&core.len()) && clause_end {
                        let s = base + tstart;
                        push_hit(out, ProseHit { start: s, end: s + core.len(), confidence: Confidence::Medium });
                    }
                    break;
                }
                if words >= 4 || core.is_empty() || core.len() < tok.len() || !core.chars().all(|ch| ch.is_alphabetic() || ch == '-' || ch == '\'') || tok.contains('\n') {
                    break;
                }
            }
        }
    }

    /// The message answers a previous one that asked for or announced a password.
    fn answer(&self, text: &str, f: &Folded, found: &[Found], prev: &str, out: &mut Vec<ProseHit>) {
        let pf = Folded::new(prev);
        let pfound = self.terms(&pf.text);
        let kinds: Vec<Kind> = pfound.iter().filter_map(|x| x.keyword()).collect();
        let kind = [Kind::Password, Kind::Pin, Kind::Creds, Kind::Weak, Kind::Code, Kind::User].into_iter().find(|k| kinds.contains(k));
        let Some(kind) = kind else { return };
        let kind = match kind {
            Kind::Weak => Kind::Password,
            Kind::User => Kind::Creds,
            k => k,
        };
        let words = f.text.split_whitespace().count();
        if words > 12 {
            return;
        }
        let ctx = Ctx { src: text, f, found, langs: self.engine.all, kw_start: None };
        if let Some(mut h) = self.read_value(&ctx, 0, kind, true, None) {
            let v = &text[h.start..h.end];
            let shape = value::shape(v);
            // A bare word answer must be the whole message ("Tournesol"), else it is just talk.
            if shape == Shape::Word && words > 1 {
                return;
            }
            if shape == Shape::Word {
                h.confidence = Confidence::Low;
            }
            push_hit(out, h);
        }
    }
}

/// Short keywords that only hold with one of these spellings (lower case): "mã" (Vietnamese code) is
/// written "ma" without accents, but "mà", "má" are other words.
const ACCENTED_SHORT: &[(&str, &[&str])] = &[("ma", &["ma", "mã"])];

/// Words after which a number is a reference, a year or a quantity, not a code: "ISO 3166", "RFC
/// 1766", "issue 9527", "page 1361", "year 2038", "en 2019", "port 8080".
const NUMBER_KINDS: &[&str] = &[
    "iso", "rfc", "iec", "ieee", "ecma", "pep", "bpo", "issue", "issues", "bug", "page", "pages", "year", "years", "annee", "annees",
    "ans", "jahr", "jahre", "jahren", "ano", "anos", "anno", "anni", "jaar", "rok", "roku", "год", "года", "году", "року", "ετος", "yil",
    "yili", "nam", "tahun", "version", "versione", "versao", "versie", "since", "until", "circa", "depuis", "seit", "sinds", "desde",
    "hasta", "sedan", "port", "build", "unicode", "opcode", "errno", "hlm", "halaman", "sayfa", "strana", "stranka", "seite", "pagina",
    "size", "length", "width", "height", "count", "offset", "line", "lines", "bytes", "bits",
];

/// Words naming the form of a value (English): what follows describes it.
const FORM_WORDS: &[&str] = &["structure", "format", "pattern", "template", "syntax", "layout", "scheme", "schema", "mask", "regex", "shape"];

/// English words that open a clause or a phrase (subordinators, prepositions): not a user name.
const CLAUSE_WORDS: &[&str] = &[
    "if", "when", "unless", "while", "as", "that", "which", "who", "whose", "with", "without", "for", "to", "on", "at", "in", "into",
    "of", "by", "from", "than", "so", "because", "since", "until", "via",
];

/// Prepositions after which a year is a date: "the code from 1998", "in 2019".
const YEAR_BEFORE: &[&str] = &["from", "in", "of", "by", "after", "before"];

/// Conjunctions: a list of adjectives ("long and complicated, no spaces") is a description, not a
/// spoken passphrase.
const CONJUNCTIONS: &[&str] = &[
    "and", "or", "but", "et", "ou", "mais", "und", "oder", "aber", "y", "o", "pero", "e", "ma", "oppure", "mas", "en", "of", "maar",
    "i", "oraz", "lub", "ale", "och", "eller", "men", "a", "nebo", "ale", "si", "sau", "dar", "и", "или", "но", "і", "або", "та", "але",
    "και", "η", "αλλα", "ve", "veya", "ama", "dan", "atau", "tapi", "va", "hoac", "nhung", "و", "او", "لكن", "ו", "או", "אבל", "और", "या",
    "lekin", "aur", "ya",
];

/// Marks of source code and configuration on a line: prose detection stays out of code, where the
/// rules for assignments and connection strings apply.
const CODE_MARKS: &[&str] = &[
    "({", "})", ");", "=>", "</", "/>", "::", "->", "#include", "= new ", "\",\"", "');", "\");", "<%", "%>", "${", "$(",
    "{{", "\\n", "();", "==", "!=", "&&", "||", "+ \"", "\" +", "[(",
];

/// The first bytes of the [`CODE_MARKS`].
const CODE_MARK_FIRST: [bool; 256] = {
    let mut first = [false; 256];
    let mut i = 0;
    while i < CODE_MARKS.len() {
        first[CODE_MARKS[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    first
};

/// Whether `line` holds one of the [`CODE_MARKS`]: one pass over its bytes, the marks compared only
/// where one of them may start (the same answer as a search for each mark).
fn has_code_mark(line: &str) -> bool {
    let b = line.as_bytes();
    (0..b.len()).any(|i| CODE_MARK_FIRST[b[i] as usize] && CODE_MARKS.iter().any(|m| b[i..].starts_with(m.as_bytes())))
}

/// Keywords of code at the start of a line.
const CODE_STARTS: &[&str] = &["function ", "const ", "var ", "let ", "def ", "import ", "return ", "public ", "private ", "static "];

/// Whether keyword `k` sits in code or configuration rather than in a sentence: a variable
/// (`$password`), part of an identifier (`db_password =`, `MasterUserPassword:`, `passwordLabel`), a
/// parameter list (`;Pwd=`), an ambiguous word assigned with `=` (`key = ...`), a YAML key, or a line
/// with code punctuation.
fn code_context(src: &str, f: &Folded, k: &Found, kind: Kind) -> bool {
    let t = f.text.as_str();
    let before = &t[..k.start];
    let after = t[k.end..].trim_start_matches([' ', '\t', '"', '\'']);
    let prev = before.chars().next_back();
    let assign = after.starts_with('=') && !after.starts_with("==") || after.starts_with(":=");
    if matches!(prev, Some('$' | '@' | '%')) {
        return true;
    }
    let next = t[k.end..].chars().next();
    // A name in braces or brackets (`{mk}`, `[pin]`, `<key>`): a placeholder or a field.
    let enclosed = matches!((prev, next), (Some('{'), Some('}')) | (Some('['), Some(']')) | (Some('<'), Some('>')));
    if enclosed {
        return true;
    }
    // A name of markup or a path (`<ns:key>`, `w:p/w:pPr`): glued to a namespace or a path segment
    // on the left and to more of the name on the right.
    if matches!(prev, Some(':' | '/')) && before[..before.len() - 1].ends_with(|ch: char| ch.is_alphanumeric()) && matches!(next, Some(':' | '/' | '>')) {
        return true;
    }
    // One alternative of a regular expression (`(word|other|...)`, `...Password|`): glued to a `|`.
    if next == Some('|') && prev.is_some_and(|p| p == '(' || p == '|' || is_word_char(p)) || prev == Some('|') && matches!(next, Some('|' | ')')) {
        return true;
    }
    // A string literal that is the word alone, in a call or a tuple (`('password', None)`, `'key',`).
    if prev == Some('\'') && (t[k.end..].starts_with("')") || t[k.end..].starts_with("',") || t[k.end..].starts_with("']")) {
        return true;
    }
    // The keyword's line (within `LINE_REACH` bytes each way).
    let ls = line_start_near(t, k.start);
    let le = line_end_near(t, k.end);
    // A type parameter closing a generic (`Omit<Base, Key>`).
    if next == Some('>') && t[ls..k.start].contains('<') {
        return true;
    }
    // A TypeScript index signature or mapped type (`[key: string]: T`, `[Key in keyof T]: U`).
    if prev == Some('[') && t[k.end..le].contains("]:") {
        return true;
    }
    // An argument or parameter on a line continuing a call or a definition whose line ends with `(`
    // (`isinstance(\n    key, (A, B)`, `def get(\n    self, key: str`).
    if prev_line_opens(t, ls) {
        return true;
    }
    // A C pointer or reference (`const char *pass,`, `void *pIn`, `&key`).
    if matches!(prev, Some('*' | '&')) && after.starts_with([',', ')', ';', '[', '=', '-']) {
        return true;
    }
    // Python's `pass` statement: alone on an indented line, or after a block header (`except E: pass`).
    if k.term.text == "pass" {
        let line = t[ls..le].split(" #").next().unwrap_or("");
        let head = line.trim();
        let alone = head == "pass" && (line.starts_with([' ', '\t']) || t[..ls].trim_end().ends_with(':'));
        let block = head.ends_with(": pass") && STATEMENT_STARTS.iter().chain(BLOCK_STARTS).any(|m| head.starts_with(m));
        if alone || block {
            return true;
        }
    }
    // Joined to an identifier on the left: snake_case, dotted, camelCase (in the original text).
    let (os, oe) = (f.orig(k.start), f.orig_end(k.end, src));
    // A keyword inside a CamelCase name (`HTTPPasswordMgrWithPriorAuth`, `PK11_SetPasswordFunc`): a
    // lower-case letter then a capital in the matched word, or a capital right after it.
    let word_end = src[oe..].find(|ch: char| !ch.is_alphanumeric()).map_or(src.len(), |p| oe + p);
    let word = &src[os..word_end];
    if word.is_ascii() && word.as_bytes().windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase()) {
        return true;
    }
    let orig_prev = src[..os].chars().next_back();
    let camel_left = orig_prev.is_some_and(|p| p.is_lowercase() && p.is_ascii()) && src[os..].starts_with(|c: char| c.is_ascii_uppercase());
    let camel_right = src[oe..].starts_with(|c: char| c.is_ascii_uppercase()) && src[..oe].ends_with(|c: char| c.is_ascii_lowercase());
    let joined = matches!(prev, Some('_' | '.')) || camel_left || camel_right || t[k.end..].starts_with('_');
    // `DB_PASSWORD=Rajma_Chawal` (an environment line pasted in a commit message) is a real value.
    let env_line = matches!(prev, Some('_')) && kind == Kind::Password && src[os..oe].chars().all(|c| !c.is_lowercase()) && t[k.end..].starts_with('=');
    if joined && !env_line && (assign || after.starts_with(':') || after.starts_with('(') || camel_right || matches!(prev, Some('_')) || t[k.end..].starts_with('_')) {
        return true;
    }
    // A UI label or a JSON key: `"Password:"`, `password":`, `'pass':`.
    let raw_after = &t[k.end..];
    if raw_after.starts_with('"') || raw_after.starts_with("\":") || raw_after.starts_with("':") || raw_after.starts_with(":\"") || raw_after.starts_with(":'") {
        return true;
    }
    // The stem of a dotted name, a file or a module (`passwd.conf.sample`, `pin.mjs`).
    if raw_after.starts_with('.') && raw_after[1..].starts_with(|ch: char| ch.is_ascii_lowercase()) {
        return true;
    }
    // The password part of a URL's user information, between `:` and `@` and a host
    // (`user:pass@db.example.org`, spaced out in a diagram of a URL's parts).
    let userinfo = before.trim_end_matches([' ', '\t']).ends_with(':');
    if let Some(host) = raw_after.trim_start_matches([' ', '\t']).strip_prefix('@').filter(|_| userinfo) {
        let host = host.trim_start_matches([' ', '\t']);
        let host = &host[..host.find(|ch: char| ch.is_whitespace()).unwrap_or(host.len())];
        if host.contains('.') && host.starts_with(|ch: char| ch.is_ascii_alphanumeric()) {
            return true;
        }
    }
    if matches!(prev, Some('-')) && assign {
        return true;
    }
    // Parameter lists and connection strings: `;Pwd=`, `,password=`, `?pass=`, `&key=`.
    if matches!(prev, Some(',' | ';' | '(' | '?' | '&' | '[')) && assign {
        return true;
    }
    // Ambiguous words assigned like code: `key = ...`, `user=...`, `code: 200`.
    if assign && !matches!(kind, Kind::Password | Kind::Pin) {
        return true;
    }
    let line = &t[ls..le];
    // A YAML / INI key holding an ambiguous word: `  key: secret/mysecret`, `login:`; a parameter
    // of a numpydoc docstring, indented, with a space before the colon: `    key : Hashable`.
    if !matches!(kind, Kind::Password | Kind::Pin) {
        let head = line.trim_start().trim_start_matches("- ");
        if let Some(colon) = head.find(':') {
            let key = &head[..colon];
            let key = if line.starts_with([' ', '\t']) { key.strip_suffix(' ').unwrap_or(key) } else { key };
            if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) && (key.contains(['_', '.']) || line.starts_with([' ', '\t']) || head.len() == colon + 1) {
                return true;
            }
        }
    }
    let head = line.trim_start();
    // A shell command after a `$ ` prompt (not in its `#` comment): command lines are read by the
    // command detector.
    if head.starts_with("$ ") && !t[ls..k.start].contains(" #") {
        return true;
    }
    // ("Let op: ..." is Dutch for "note:"; `let x = ...` is code.)
    has_code_mark(line) || CODE_STARTS.iter().any(|m| head.starts_with(m) && (*m != "let " || line.contains('='))) || tuple_row(head)
}

/// Password words that are also English verbs ("pass the value").
const VERB_KEYWORDS: &[&str] = &["pass"];

/// English words after which a verb follows: modals, negations, "to", subjects, "and".
const VERB_CUES: &[&str] = &[
    "to", "can", "cannot", "can't", "not", "would", "will", "should", "must", "may", "might", "could", "shall", "we", "you", "they",
    "i", "and", "or", "then", "don't", "doesn't", "didn't", "won't", "wouldn't", "shouldn't", "also", "always", "never",
];

/// Whether keyword `k` is one of the [`VERB_KEYWORDS`] used as a verb: the word before it is one of
/// the [`VERB_CUES`] and no separator follows it (`pass: X` is a label).
fn verb_use(t: &str, k: &Found) -> bool {
    if !VERB_KEYWORDS.contains(&k.term.text) || t[k.end..].trim_start_matches([' ', '\t']).starts_with([':', '=']) {
        return false;
    }
    let before = t[..k.start].trim_end();
    let word = before.rsplit(|ch: char| !(is_word_char(ch) || ch == '\'')).next().unwrap_or("");
    VERB_CUES.contains(&word)
}

/// Whether the line before the one starting at `ls` ends with `(` or `[`: that line holds the
/// arguments of a call or the parameters of a definition.
fn prev_line_opens(t: &str, ls: usize) -> bool {
    t[..ls].ends_with('\n') && t[..ls - 1].trim_end_matches([' ', '\t', '\r']).ends_with(['(', '['])
}

/// Statements that start a line of Python, JavaScript or C code and read as nothing else.
const STATEMENT_STARTS: &[&str] = &[
    "class ", "def ", "async def ", "else:", "try:", "finally:", "except:", "except ", "elif ", "return ", "import ", "raise ", "yield ",
    "lambda ", "typedef ", "struct ", "#define", "#if", "#else", "#endif", "#include", "} else",
];

/// Words that start a line of prose as well as a block of code (`if x:`, `for (...) {`): code only
/// when the line ends the way a block header does.
const BLOCK_STARTS: &[&str] = &["if ", "for ", "while ", "with ", "async with ", "async for ", "switch ", "do "];

/// Whether a (folded) line is a line of code: what the scanner takes for code (calls, indexing,
/// statement ends), a statement keyword at its start, or an assignment to a name (`x509_crl = x509_crl_st`,
/// `msg = "..."`, `a *= 1000`, `@d := f`).
fn code_line(line: &str) -> bool {
    let head = line.trim();
    if head.is_empty() {
        return false;
    }
    if crate::scanner::looks_like_code(head.as_bytes()) || STATEMENT_STARTS.iter().any(|m| head.starts_with(m)) || head == "pass" {
        return true;
    }
    // A field of a reST docstring (`:rtype: callable`, `:param key:`).
    if head.starts_with(':') && head[1..].contains(':') && head[1..].starts_with(|ch: char| ch.is_alphabetic()) {
        return true;
    }
    // A method chain continued on the next line (`    .fetch_specs`).
    if head.starts_with('.') && head[1..].starts_with(|ch: char| ch.is_alphabetic() || ch == '_') {
        return true;
    }
    if BLOCK_STARTS.iter().any(|m| head.starts_with(m)) && head.ends_with([':', '{']) {
        return true;
    }
    assignment(head)
}

/// `name = value`, `obj.attr += 1`, `x := f()`, `items[0] = 2`: a name, then an assignment operator
/// (not `==`), then something.
fn assignment(head: &str) -> bool {
    let name_end = head.find(|ch: char| !(ch.is_alphanumeric() || matches!(ch, '_' | '.' | '[' | ']' | '$'))).unwrap_or(head.len());
    if name_end == 0 || !head.starts_with(|ch: char| ch.is_alphabetic() || ch == '_' || ch == '$') {
        return false;
    }
    let rest = head[name_end..].trim_start();
    let op = ["=", "+=", "-=", "*=", "/=", "|=", "&=", ":="].iter().find(|op| rest.starts_with(*op)).map_or(0, |op| op.len());
    op > 0 && !rest[op..].starts_with('=') && !rest[op..].trim().is_empty()
}

/// Whether the next non-blank line from folded offset `pos` (at most two blank lines on) is code.
fn code_line_follows(t: &str, mut pos: usize) -> bool {
    for _ in 0..3 {
        if pos >= t.len() {
            return false;
        }
        let le = line_end_near(t, pos);
        let line = &t[pos..le];
        if !line.trim().is_empty() {
            return code_line(line);
        }
        pos = le + 1;
    }
    false
}

/// A row of a table of tuples or lists in source code: `("name", "text"),`, `['a', 'b'],`.
fn tuple_row(head: &str) -> bool {
    let tail = head.trim_end();
    (head.starts_with("(\"") || head.starts_with("('")) && tail.ends_with("),") || (head.starts_with("[\"") || head.starts_with("['")) && tail.ends_with("],")
}

/// Bytes of folded text after a keyword (and its suffix) where read_value starts the tokens it reads.
const READ_AHEAD: usize = 200;

/// The longest quoted value, in bytes of folded text after its opening quote.
const QUOTED_MAX: usize = 120;

/// Whether the value of a Code keyword ending at folded `end` may have a digit. A Code keyword gives
/// only its value after it (after_keyword; its kind stays Code), and that value has an ASCII digit
/// (judge_token and quoted take only `Shape::Digits`, a spelled or a dial code), which the folded
/// text has where the original has it. read_value starts the tokens it judges before `end` + 17 +
/// [`READ_AHEAD`] (after a Turkish suffix of up to 17 bytes), a quoted value ends within 3 +
/// [`QUOTED_MAX`] bytes of its quote, and a token ends at a space: a digit is in the bytes up to
/// there or in the token going on from there.
fn digit_ahead(t: &str, end: usize) -> bool {
    let b = t.as_bytes();
    let near = (end + 17 + READ_AHEAD + 3 + QUOTED_MAX).min(b.len());
    b[end..near].iter().any(u8::is_ascii_digit) || b[near..].iter().take_while(|x| !x.is_ascii_whitespace()).any(u8::is_ascii_digit)
}

/// The end of digits read one by one with spaces ("4 7 1 9") starting at folded `pos`: 4 to 8 digits.
fn spelled_digits_end(t: &str, pos: usize) -> Option<usize> {
    let b = t.as_bytes();
    let (mut e, mut n) = (pos + 1, 1);
    while e + 1 < b.len() && b[e] == b' ' && b[e + 1].is_ascii_digit() && b.get(e + 2).map_or(true, |x| !x.is_ascii_alphanumeric()) {
        e += 2;
        n += 1;
    }
    (4..=8).contains(&n).then_some(e)
}

/// Removes the numeric hits (from index `first`) that are one group of a longer number written in
/// groups: phone numbers ("0722 123 456", "138 1234 5678").
fn drop_phone_numbers(text: &str, out: &mut Vec<ProseHit>, first: usize) {
    let b = text.as_bytes();
    let group = |at: usize, back: bool| -> bool {
        // A group of 2+ digits right behind or ahead of one space, dash or dot.
        if back {
            at >= 3 && matches!(b[at - 1], b' ' | b'-' | b'.' | b'/') && b[at - 2].is_ascii_digit() && b[at - 3].is_ascii_digit()
        } else {
            at + 2 < b.len() && matches!(b[at], b' ' | b'-' | b'.') && b[at + 1].is_ascii_digit() && b[at + 2].is_ascii_digit()
        }
    };
    let mut i = first;
    while i < out.len() {
        let h = &out[i];
        let v = &text[h.start..h.end];
        if v.bytes().all(|x| x.is_ascii_digit()) && (group(h.start, true) || group(h.end, false)) {
            out.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Up to 16 candidate ends, on the stack.
#[derive(Default)]
struct SmallEnds {
    v: [usize; 16],
    n: usize,
}

impl SmallEnds {
    fn push(&mut self, e: usize) {
        if self.n < self.v.len() {
            self.v[self.n] = e;
            self.n += 1;
        }
    }
    fn as_slice(&self) -> &[usize] {
        &self.v[..self.n]
    }
}

/// Whether `a` and `b` differ by at most one edit (insertion, deletion, substitution, or two
/// adjacent letters swapped).
fn osa_at_most_one(a: &[char], b: &[char]) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    if la == lb {
        // The places where they differ: one, or two swapped neighbours (a third is too many).
        let (mut diff, mut n) = ([0usize; 2], 0);
        for i in 0..la {
            if a[i] != b[i] {
                if n == 2 {
                    return false;
                }
                diff[n] = i;
                n += 1;
            }
        }
        return n == 1 || (n == 2 && diff[1] == diff[0] + 1 && a[diff[0]] == b[diff[1]] && a[diff[1]] == b[diff[0]]);
    }
    let (s, l) = if la < lb { (a, b) } else { (b, a) };
    if l.len() != s.len() + 1 {
        return false;
    }
    let mut i = 0;
    while i < s.len() && s[i] == l[i] {
        i += 1;
    }
    s[i..] == l[i + 1..]
}

/// The terms of `found` (sorted by start) that start in `from..to`.
fn found_in(found: &[Found], from: usize, to: usize) -> &[Found] {
    let a = found.partition_point(|x| x.start < from);
    let b = found.partition_point(|x| x.start < to);
    &found[a..b.max(a)]
}

/// How far line searches look, so that one huge line (minified files) stays linear.
const LINE_REACH: usize = 512;

/// The start of the line holding `pos`, looking back at most `LINE_REACH` bytes.
fn line_start_near(t: &str, mut pos: usize) -> usize {
    while !t.is_char_boundary(pos) {
        pos -= 1;
    }
    let mut from = pos.saturating_sub(LINE_REACH);
    while !t.is_char_boundary(from) {
        from += 1;
    }
    t[from..pos].rfind('\n').map_or(from, |p| from + p + 1)
}

/// The end of the line holding `pos`, looking ahead at most `LINE_REACH` bytes.
fn line_end_near(t: &str, pos: usize) -> usize {
    let mut to = (pos + LINE_REACH).min(t.len());
    while !t.is_char_boundary(to) {
        to -= 1;
    }
    t[pos..to].find('\n').map_or(to, |p| pos + p)
}

/// Arabic and Hebrew write some prepositions, conjunctions and the article stuck to the next word
/// ("والباسورد", "بكلمة", "וסיסמה", "לדלת"): 1 to 3 such letters before a keyword are allowed.
fn attached_prefix(before: &str, first: char) -> bool {
    let (set, max): (&[char], usize) = match first as u32 {
        0x0600..=0x06FF => (&['و', 'ب', 'ل', 'ف', 'ك', 'ا', 'ل'], 3),
        0x0590..=0x05FF => (&['ו', 'ה', 'ש', 'ל', 'ב', 'מ', 'כ'], 3),
        _ => return false,
    };
    let mut n = 0;
    for c in before.chars().rev() {
        if set.contains(&c) {
            n += 1;
            if n > max {
                return false;
            }
        } else {
            return !is_word_char(c) && n > 0;
        }
    }
    n > 0
}

/// Whether the clause ends after folded offset `fe`: end of text or line, or a comma, period or
/// Asian punctuation (then more text may follow), or only CJK / emoji after it, or a Latin value
/// followed by Arabic or Hebrew words (the change of script and direction sets the value apart:
/// "كلمة السر حق الراوتر zaid1987 لا تنساها").
fn clause_ends_after(t: &str, fe: usize) -> bool {
    let rest = t[fe..].trim_start_matches([' ', '\t']);
    match rest.chars().next() {
        None | Some('\n' | '\r') => true,
        Some(c) => {
            matches!(c, '、' | '。' | '，' | ',' | '.' | '!' | '！' | '?' | '？' | '،' | ';' | '؛' | ')' | '—' | '–')
                || is_cjk(c)
                || (matches!(c as u32, 0x0590..=0x06FF) /* Hebrew, Arabic */ && t[..fe].chars().next_back().is_some_and(|p| p.is_ascii_alphanumeric()))
                || (!c.is_alphanumeric() && !c.is_ascii() && line_ends_after(t, fe))
        }
    }
}

/// Whether nothing but punctuation follows folded offset `fe` on its line.
fn line_ends_after(t: &str, fe: usize) -> bool {
    let rest = &t[fe..];
    let line = rest.split('\n').next().unwrap_or("");
    line.chars().all(|c| !c.is_alphanumeric() || is_cjk(c))
}

/// Whether the text right after a keyword continues a value ("!23", "@2024") rather than
/// separating it (": ", "=", "/", ", ", end).
fn glued(rest: &str) -> bool {
    let mut it = rest.chars();
    let Some(a) = it.next() else { return false };
    if matches!(a, '"' | '\'' | '”' | '»' | '“' | '«' | ')' | ']' | '」' | '』') {
        return false;
    }
    if a == '-' {
        // "Passwort-Spraying", "password-protected": a compound, not a keyword.
        return it.next().is_some_and(char::is_alphabetic);
    }
    if !is_value_char(a) || matches!(a, ':' | '=' | '/' | '(' | '—' | '>') {
        return false;
    }
    if is_word_char(a) {
        return true;
    }
    // Punctuation: glued when more value characters follow ("!23"), not at the end of a word ("pw!").
    it.next().is_some_and(|b| is_value_char(b) && !matches!(b, '"' | '\'' | ')' | '»' | '”'))
}

/// The confidence of a value of `shape` after a keyword of `kind`.
fn confidence_for(shape: Shape, kind: Kind, introduced: bool, direct: bool, strong_intro: bool) -> Option<Confidence> {
    confidence_for_len(shape, kind, introduced, direct, strong_intro, 0)
}

/// [`confidence_for`] knowing the value's length (a Wi-Fi key of 8+ digits after "key").
fn confidence_for_len(shape: Shape, kind: Kind, introduced: bool, direct: bool, strong_intro: bool, digits_len: usize) -> Option<Confidence> {
    match (kind, shape) {
        (_, Shape::No) => None,
        (Kind::User, _) => None,
        (Kind::Pin, Shape::Digits) if introduced || direct => Some(Confidence::Medium),
        (Kind::Pin, Shape::Digits) => None,
        (Kind::Code, Shape::Digits) if introduced || direct => Some(Confidence::Medium),
        (Kind::Code, _) => None,
        (Kind::Password | Kind::Creds, Shape::Digits) if introduced => Some(Confidence::Medium),
        (Kind::Password, Shape::Digits) if direct => Some(Confidence::Medium),
        (Kind::Weak, Shape::Digits) if introduced => Some(Confidence::Medium),
        (Kind::Weak, Shape::Digits) if direct && digits_len >= 8 => Some(Confidence::Medium),
        (_, Shape::Digits) => None,
        // "والباس Sahara-Srv9!", "clé provence-lavande-2023": an ambiguous word right before a strong value.
        (Kind::Weak, Shape::Strong) if direct => Some(Confidence::Medium),
        (Kind::Weak, _) if !introduced => None,
        (_, Shape::Word) if strong_intro => Some(Confidence::Medium),
        (_, Shape::Word) => None,
        (_, Shape::Mixed) if introduced || direct => Some(Confidence::Medium),
        (_, Shape::Strong) if introduced || direct => Some(Confidence::High),
        (Kind::Password | Kind::Pin, Shape::Strong) => Some(Confidence::Medium),
        _ => None,
    }
}

/// `:`, `=`, `->`, `=>`, `→`, `—`, `–`, ` - `, `>`; returns the length.
fn separator(s: &str) -> Option<usize> {
    for sep in ["->", "=>", ":=", "::", ":", "=", "→", "⇒", "—", "–", "=", ">", "|"] {
        if s.starts_with(sep) {
            return Some(sep.len());
        }
    }
    if s.starts_with('-') && s[1..].starts_with(char::is_whitespace) {
        return Some(1);
    }
    None
}

/// Strips wrappers from `src[s..e]`: opening quotes and brackets, trailing punctuation, closing
/// quotes, a Turkish suffix after an apostrophe.
fn trim_value(src: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    const OPEN: &[char] = &['"', '\'', '`', '«', '“', '„', '‘', '(', '[', '{', '<', '「', '『', '‹', '*', '»', '”'];
    const CLOSE: &[char] = &['"', '\'', '`', '»', '”', '’', ')', ']', '}', '>', '」', '』', '›', '.', ',', ';', ':', '?', '…', '*', '«', '“', '、', '。', '，'];
    loop {
        let v = &src[s..e];
        let Some(c) = v.chars().next() else { break };
        // Keep a leading `(`/`[`/`<`/`{` when the value closes it inside ("(Xk9)" stays balanced-stripped).
        if OPEN.contains(&c) {
            s += c.len_utf8();
        } else {
            break;
        }
    }
    loop {
        let v = &src[s..e];
        let Some(c) = v.chars().next_back() else { break };
        if CLOSE.contains(&c) {
            // Keep a closing bracket that has its opening one inside the value.
            if matches!(c, ')' | ']' | '}' | '>') {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    '}' => '{',
                    _ => '<',
                };
                if v.contains(open) {
                    break;
                }
            }
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    let kept = value::strip_suffix_apostrophe(&src[s..e]);
    (s, s + kept)
}

/// Texts up to this size are read whole ([`ProseDetector::detect`]).
const WHOLE: usize = 4096;

/// The parts of a large text worth reading (see [`ProseDetector::detect`]): byte ranges of whole
/// lines, in order, not overlapping, each at most about `PIECE` bytes.
fn windows(text: &str, trigger: Option<Trigger>) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (ls, le) in window_lines(bytes, trigger) {
        // One line before and two after, without lines too long to be prose.
        let mut s = ls;
        if ls > 0 {
            let prev = line_start_at(bytes, ls - 1);
            if ls - prev <= MAX_LINE {
                s = prev;
            }
        }
        let e1 = line_end_at(bytes, le);
        let e2 = line_end_at(bytes, e1);
        let e = if e2 > e1 && e2 - e1 <= MAX_LINE {
            e2
        } else if e1 > le && e1 - le <= MAX_LINE {
            e1
        } else {
            le
        };
        match out.last().copied() {
            Some((ws, we)) if s <= we && e - ws <= PIECE => out.last_mut().expect("a last window").1 = we.max(e),
            Some((_, we)) if s < we => {
                if e > we {
                    out.push((we, e));
                }
            }
            _ => out.push((s, e)),
        }
    }
    out
}

/// Whether [`windows`] would give at least one window: a hot line short enough and not code (the
/// search stops at the first one; a small file needs no more to be read whole).
fn has_window(text: &str, trigger: Option<Trigger>) -> bool {
    window_lines(text.as_bytes(), trigger).next().is_some()
}

/// The lines that open a window, in order, each once, as (start, end): the lines of the
/// [`hot_spots`] that are not too long to be prose and not code. A keyword on a line of code gives
/// nothing: a value on that line is dropped with every hit on code (the scanner's filter), and a
/// keyword line of code takes no value from the next one.
fn window_lines<'a>(bytes: &'a [u8], trigger: Option<Trigger>) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut hot = hot_spots(bytes, trigger);
    hot.sort_unstable();
    // End of the last line handled: positions before it are on that line (each line is searched for
    // its bounds once, so a 50 MB line full of keywords costs one pass, not one per keyword).
    let mut done = 0;
    hot.into_iter().filter_map(move |p| {
        if p < done {
            return None;
        }
        let ls = line_start_at(bytes, p);
        let le = line_end_at(bytes, ls);
        done = le;
        (le - ls <= MAX_LINE && !crate::scanner::looks_like_code(&bytes[ls..le])).then_some((ls, le))
    })
}

/// Lines longer than this (minified code, data) are not read by the prose detector in large texts.
const MAX_LINE: usize = 8 * 1024;
/// Windows of a large text grow up to about this size before a new one starts.
const PIECE: usize = 16 * 1024;

/// Positions in `bytes` whose lines may hold prose worth reading: keywords of some language (ASCII
/// case ignored, at a word start), non-ASCII text (whose keywords show only once folded) and
/// `user / password` pairs. Not sorted. `trigger`: the occurrences of the [`trigger_words`] if known.
fn hot_spots(bytes: &[u8], trigger: Option<Trigger>) -> Vec<usize> {
    // (Room for every occurrence at once: the vector grew in steps, one reallocation each.)
    let mut hot: Vec<usize> = Vec::with_capacity(trigger.map_or(0, <[_]>::len) + 16);
    // Non-ASCII text: one position per line is enough.
    let mut i = 0;
    while i < bytes.len() {
        let Some(p) = first_non_ascii(&bytes[i..]) else { break };
        let p = i + p;
        hot.push(p);
        i = memchr::memchr(b'\n', &bytes[p..]).map_or(bytes.len(), |j| p + j + 1);
    }
    let word = |b: u8| b.is_ascii_alphanumeric();
    let mark = |p: usize, s: usize, e: usize, hot: &mut Vec<usize>| {
        // (Words after the trigger words are for `commands`.)
        let Some(&(prefix, open_left)) = data::TRIGGER_FLAGS.get(p) else { return };
        let left_ok = open_left || s == 0 || !word(bytes[s - 1]);
        let right_ok = prefix || e == bytes.len() || !word(bytes[e]);
        if left_ok && right_ok {
            hot.push(s);
        }
    };
    // `user / password` pairs: every ` / ` (the keyword pass finds them with overlaps, " / / ", where
    // `memmem` gives one of two: the same lines).
    if let Some(found) = trigger {
        let pair = SEARCHED.pair;
        for &(p, s, e) in found {
            if p == pair {
                hot.push(s);
            } else {
                mark(p, s, e, &mut hot);
            }
        }
        return hot;
    }
    hot.extend(memchr::memmem::find_iter(bytes, PAIR));
    data::TRIGGER_AC.for_each(bytes, true, |p, s, e| mark(p, s, e, &mut hot));
    hot
}

/// The separator of a `user / password` pair.
const PAIR: &[u8] = b" / ";

/// The occurrences of the [`trigger_words`] in `bytes`, when no keyword pass gave them (a message, a
/// file before the scanner's keyword DFA, a file that is not UTF-8): after [`TRIGGER_DFA_AFTER`]
/// bytes, a [`BulkDfa`] of the words is built once and finds them all, several times faster per byte
/// than the static automaton. `None` before: `hot_spots` searches the trigger words alone with
/// `TRIGGER_AC` then, and `commands` the whole text.
fn own_trigger(bytes: &[u8]) -> Option<Vec<(usize, usize, usize)>> {
    static TRIGGER_DFA: BuiltInBulk<BulkDfa> = BuiltInBulk::after_bytes(TRIGGER_DFA_AFTER);
    let dfa = TRIGGER_DFA.after(bytes.len(), || BulkDfa::new(trigger_words()).expect("the searched words make a compact DFA"))?;
    let mut found = Vec::new();
    dfa.for_each(bytes, |p, s, e| found.push((p, s, e)));
    Some(found)
}

/// Bytes searched for the trigger words with `TRIGGER_AC` before their own DFA is built. The
/// scanner's keyword pass gives the occurrences once it runs its DFA (after
/// `prefilter::KEYWORD_DFA_AFTER`, the same size): in a scan of files this one is then never
/// built. It serves texts searched without that pass (a large message, the valid runs of a file
/// that is not UTF-8).
const TRIGGER_DFA_AFTER: u64 = 512 << 10;

/// The words a caller's keyword pass finds for [`ProseDetector::detect_file`] (ASCII, lowercase, found
/// ignoring ASCII case, overlaps included): first the words whose lines a large text is read around
/// (keywords of some language, counted only at a word start, see `hot_spots`), then the words of
/// command lines that are not among them ([`command::WORDS`]) and the start of a Wi-Fi payload
/// ([`command::WIFI`]), whose occurrences spare [`command::detect`] and [`command::wifi_qr`] a
/// search of the whole text, and the separator of `user / password` pairs (for `hot_spots`).
pub(crate) fn trigger_words() -> &'static [&'static str] {
    &SEARCHED.words
}

struct Searched {
    words: Vec<&'static str>,
    /// Per word of `words`: whether it is one of [`command::WORDS`].
    command: Vec<bool>,
    /// The index of [`command::WIFI`] in `words`.
    wifi: usize,
    /// The index of [`PAIR`] in `words`.
    pair: usize,
}

static SEARCHED: std::sync::LazyLock<Searched> = std::sync::LazyLock::new(|| {
    let mut words = data::TRIGGER_WORDS.to_vec();
    words.extend(command::WORDS.iter().filter(|w| !data::TRIGGER_WORDS.contains(w)));
    let wifi = words.len();
    words.push(command::WIFI);
    let pair = words.len();
    words.push(std::str::from_utf8(PAIR).expect("ASCII"));
    let command = words.iter().enumerate().map(|(i, w)| i != wifi && i != pair && command::WORDS.contains(w)).collect();
    Searched { words, command, wifi, pair }
});

/// [`command::detect`] and [`command::wifi_qr`] on a file; with the occurrences of the
/// [`trigger_words`], only on the lines of the command words and at the Wi-Fi payloads found.
fn commands(text: &str, trigger: Option<Trigger>, out: &mut Vec<ProseHit>) {
    let Some(found) = trigger else {
        command::detect(text, out);
        command::wifi_qr(text, out);
        return;
    };
    let searched = &*SEARCHED;
    let mut words: Vec<usize> = Vec::new();
    let mut wifi: Vec<usize> = Vec::new();
    for &(p, s, _) in found {
        if p == searched.wifi {
            wifi.push(s);
        } else if searched.command[p] {
            words.push(s);
        }
    }
    words.sort_unstable();
    command::detect_at(text, &words, out);
    command::wifi_qr_at(text, &wifi, out);
}

/// Offset of the first byte of `bytes` that is not ASCII.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    // Whole blocks, then chunks of a block that fails, are tested word-at-a-time by `is_ascii` (each
    // call has a cost of its own: most text is ASCII, large blocks pay it less often); only a chunk
    // that fails is searched.
    for (k, block) in bytes.chunks(1024).enumerate() {
        if block.is_ascii() {
            continue;
        }
        for (j, chunk) in block.chunks(64).enumerate() {
            if !chunk.is_ascii() {
                return chunk.iter().position(|&b| b >= 0x80).map(|i| k * 1024 + j * 64 + i);
            }
        }
    }
    None
}

/// Start of the line holding byte `p`.
fn line_start_at(bytes: &[u8], p: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[..p]).map_or(0, |i| i + 1)
}

/// End of the line starting at `ls`, its newline included.
fn line_end_at(bytes: &[u8], ls: usize) -> usize {
    memchr::memchr(b'\n', &bytes[ls..]).map_or(bytes.len(), |i| ls + i + 1)
}

fn push_hit(out: &mut Vec<ProseHit>, h: ProseHit) {
    if h.end > h.start && !out.iter().rev().take(16).any(|o| o.start < h.end && h.start < o.end) {
        out.push(h);
    }
}

#[cfg(test)]
mod tests;
