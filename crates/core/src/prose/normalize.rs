//! Folding for matching: NFKC, lower case, accents stripped (Latin, Greek, Cyrillic), bidi and
//! zero-width marks dropped, a few letter variants unified. The folded text keeps a map back to the
//! byte offsets of the original text.
//!
//! build.rs includes this file too, so keywords in rules/lang-*.toml are folded the same way.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A folded text and, for each of its bytes, the byte offset of the original character it came from.
#[derive(Debug, Default)]
pub(crate) struct Folded {
    pub text: String,
    /// `map[i]` = original byte offset of the character that produced folded byte `i`;
    /// `map[text.len()]` = length of the original text.
    pub map: Vec<u32>,
}

impl Folded {
    /// Folds `src`, keeping the offset map.
    pub(crate) fn new(src: &str) -> Folded {
        let mut f = Folded { text: String::with_capacity(src.len() + 8), map: Vec::with_capacity(src.len() + 9) };
        f.refill(src);
        f
    }

    /// Folds `src` into this buffer (reuses the allocations).
    pub(crate) fn refill(&mut self, src: &str) {
        self.text.clear();
        self.map.clear();
        // An ASCII text (most windows of source files) is one run (below), found by a word-wise test.
        if src.is_ascii() {
            self.text.push_str(src);
            self.text.make_ascii_lowercase();
            self.map.extend(0..src.len() as u32);
            self.map.push(src.len() as u32);
            return;
        }
        let bytes = src.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // A run of ASCII is folded as a block (what `fold_char` does to each of its characters:
            // lower case, one byte for one byte).
            let run = bytes[i..].iter().position(|&b| b >= 0x80).map_or(bytes.len(), |n| i + n);
            if run > i {
                let from = self.text.len();
                self.text.push_str(&src[i..run]);
                self.text[from..].make_ascii_lowercase();
                self.map.extend(i as u32..run as u32);
                i = run;
                continue;
            }
            let c = src[i..].chars().next().expect("a character at a char boundary");
            let before = self.text.len();
            fold_char(c, &mut self.text);
            self.map.extend(std::iter::repeat(i as u32).take(self.text.len() - before));
            i += c.len_utf8();
        }
        self.map.push(src.len() as u32);
    }

    /// The original byte offset of folded offset `i`.
    #[inline]
    pub(crate) fn orig(&self, i: usize) -> usize {
        self.map[i.min(self.map.len() - 1)] as usize
    }

    /// The original byte offset one past the character that produced folded byte `i - 1`.
    pub(crate) fn orig_end(&self, i: usize, src: &str) -> usize {
        if i == 0 {
            return 0;
        }
        if i >= self.text.len() {
            return src.len();
        }
        let start = self.map[i - 1] as usize;
        let next = self.map[i] as usize;
        if next > start {
            next
        } else {
            // Inside the expansion of one character (ß -> ss): end after that character.
            start + src[start..].chars().next().map_or(0, char::len_utf8)
        }
    }
}

/// Folds a whole string (keywords at build time, tests).
#[allow(dead_code)]
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// The hash of a folded word in the ordinary-word table (FNV-1a; build.rs uses it too).
#[inline]
pub(crate) fn word_hash(word: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The two bits of a word's [`word_hash`] in a Bloom filter of `bits` bits (build.rs fills the filter
/// of ordinary words with them, `data::word_mask` tests them).
#[inline]
pub(crate) fn bloom_bits(hash: u64, bits: u64) -> [usize; 2] {
    [((hash >> 20) % bits) as usize, ((hash >> 40) % bits) as usize]
}

/// The top bits of a word's [`word_hash`] that a slot of the ordinary-word table keeps above an
/// index of `index_bits` bits (build.rs writes them, `data::word_mask` compares them).
#[inline]
pub(crate) fn word_tag(hash: u64, index_bits: u32) -> u32 {
    (hash >> (64 - (32 - index_bits))) as u32
}

/// Appends the folded form of `c` to `out` (possibly nothing, possibly several characters).
#[inline]
pub(crate) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let u = c as u32;
    match c {
        // Bidi controls, zero-width characters, BOM, soft hyphen, Arabic letter mark, tatweel.
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
        | '\u{00AD}' | '\u{061C}' | '\u{0640}' => return,
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '\u{FF07}' => {
            out.push('\'');
            return;
        }
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            out.push(' ');
            return;
        }
        'ß' | 'ẞ' => {
            out.push_str("ss");
            return;
        }
        'ı' => {
            out.push('i');
            return;
        }
        'đ' | 'Đ' => {
            out.push('d');
            return;
        }
        'ł' | 'Ł' => {
            out.push('l');
            return;
        }
        'ø' | 'Ø' => {
            out.push('o');
            return;
        }
        'æ' | 'Æ' => {
            out.push_str("ae");
            return;
        }
        'œ' | 'Œ' => {
            out.push_str("oe");
            return;
        }
        'ς' => {
            out.push('σ');
            return;
        }
        // Arabic: alef variants, ta marbuta, alef maqsura, as people type them interchangeably.
        'أ' | 'إ' | 'آ' | 'ٱ' => {
            out.push('ا');
            return;
        }
        'ة' => {
            out.push('ه');
            return;
        }
        'ى' => {
            out.push('ي');
            return;
        }
        _ => {}
    }
    // Scripts written without case or accents to strip: keep as is (fast path).
    if (0x4E00..=0x9FFF).contains(&u) || (0xAC00..=0xD7A3).contains(&u) || (0x3040..=0x30FF).contains(&u) {
        out.push(c);
        return;
    }
    // Cyrillic basic letters.
    if (0x0430..=0x044F).contains(&u) {
        out.push(c);
        return;
    }
    if (0x0410..=0x042F).contains(&u) {
        out.push(char::from_u32(u + 0x20).unwrap_or(c));
        return;
    }
    // Hebrew and Arabic: drop vowel points and other combining marks.
    if (0x0590..=0x06FF).contains(&u) {
        if !is_combining_mark(c) {
            out.push(c);
        }
        return;
    }
    let strippable = |x: u32| (0x00C0..=0x058F).contains(&x) || (0x1E00..=0x1FFF).contains(&x);
    if strippable(u) {
        for d in std::iter::once(c).nfd() {
            if is_combining_mark(d) {
                continue;
            }
            for l in d.to_lowercase() {
                push_lower(l, out);
            }
        }
        return;
    }
    for d in std::iter::once(c).nfkc() {
        if d.is_ascii() {
            out.push(d.to_ascii_lowercase());
        } else if strippable(d as u32) {
            for e in std::iter::once(d).nfd() {
                if !is_combining_mark(e) {
                    for l in e.to_lowercase() {
                        push_lower(l, out);
                    }
                }
            }
        } else {
            for l in d.to_lowercase() {
                out.push(l);
            }
        }
    }
}

#[inline]
fn push_lower(l: char, out: &mut String) {
    match l {
        'ı' => out.push('i'),
        'ς' => out.push('σ'),
        'ß' => out.push_str("ss"),
        _ if is_combining_mark(l) => {}
        _ => out.push(l),
    }
}
