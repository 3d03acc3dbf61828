//! Is a token a password? Its shape (length, character classes), whether it is an ordinary word,
//! a placeholder, a reference, or a value of another kind (e-mail, URL, date, version, hash, ticket).

use crate::filters;
use crate::prose::data;
use crate::prose::normalize::fold;

/// How much a token looks like a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Shape {
    /// Not a password (ordinary word, placeholder, e-mail, date...).
    No,
    /// Only digits (a PIN, a numeric password).
    Digits,
    /// Letters only, not an ordinary word ("Tournesol", "azerty").
    Word,
    /// Letters with digits or symbols ("soleil2023", "monkey123", "Hunter!").
    Mixed,
    /// Three character classes or more and at least 8 characters ("Azerty123!", "Qx7#mPz2!vL").
    Strong,
}

/// Classes of characters in a token.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Classes {
    pub len: usize,
    pub lower: usize,
    pub upper: usize,
    pub digit: usize,
    pub symbol: usize,
    pub other: usize,
}

pub(crate) fn classes(s: &str) -> Classes {
    let mut c = Classes::default();
    for ch in s.chars() {
        c.len += 1;
        if ch.is_ascii_lowercase() {
            c.lower += 1;
        } else if ch.is_ascii_uppercase() {
            c.upper += 1;
        } else if ch.is_ascii_digit() {
            c.digit += 1;
        } else if super::data::is_alpha(ch) || unicode_normalization::char::is_combining_mark(ch) {
            if ch.is_uppercase() {
                c.upper += 1;
            } else {
                c.other += 1;
            }
        } else {
            c.symbol += 1;
        }
    }
    c
}

/// Words that stand for "no value" in any language.
const NO_VALUE: &[&str] = &[
    "n/a", "na", "none", "null", "nil", "tbd", "tba", "nothing", "empty", "aucun", "rien", "keins", "nada",
    "unknown", "hidden", "secret", "password", "passwd", "pwd", "mdp", "passwort", "contrasena", "senha",
    "same", "idem", "pareil", "dito", "ditto", "-", "--", "?", "??", "???", "…", "...", "n.v.t", "nvt",
    "n.v.t.", "k.a.", "keine", "nessuna", "nenhuma", "ninguna", "brak", "zadne", "нет", "немає", "yok", "khong co",
];

/// File name endings that make a token a file, not a password.
const FILE_EXT: &[&str] = &[
    ".txt", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".zip", ".png", ".jpg", ".jpeg", ".gif", ".log",
    ".exe", ".sh", ".py", ".js", ".ts", ".rs", ".json", ".yaml", ".yml", ".toml", ".xml", ".html", ".md",
    ".kdbx", ".pem", ".key", ".conf", ".cfg", ".ini", ".env", ".sql", ".tar", ".gz", ".msi", ".ppt", ".pptx",
    ".pyd", ".dll", ".so", ".dylib", ".h", ".c", ".cc", ".cpp", ".hpp", ".java", ".go", ".rb", ".php", ".lib", ".jar", ".bat",
    ".ps1", ".db", ".dat", ".bin", ".iso", ".img", ".deb", ".rpm", ".apk", ".dmg", ".pm", ".pl", ".pod", ".mjs", ".cjs", ".jsx", ".tsx",
    ".lua", ".swift", ".kt", ".cs", ".vb", ".cmake", ".asc", ".sig",
];

/// The shape of a candidate value (already stripped of quotes and trailing punctuation).
pub(crate) fn shape(v: &str) -> Shape {
    // Typographic apostrophes and the HTML entity are apostrophes: "d’utilisateurs", "l&apos;Unicode"
    // are elided words like "d'utilisateurs".
    if v.contains(['’', 'ʼ']) || v.contains('&') && (v.contains("&apos;") || v.contains("&#39;")) {
        return shape(&v.replace(['’', 'ʼ'], "'").replace("&apos;", "'").replace("&#39;", "'"));
    }
    let c = classes(v);
    if c.len < 4 || c.len > 64 {
        return Shape::No;
    }
    if is_not_a_value(v) {
        return Shape::No;
    }
    if is_spelled_code(v) || is_grouped_code(v) || is_dial_combination(v) {
        return Shape::Digits; // "3-8-1-5", "4 7 1 9": a lock or keypad code; "4821-9930": a backup code
    }
    if looks_like_other_value(v, &c) {
        return Shape::No;
    }
    if v.starts_with('-') {
        return Shape::No; // an option or a compound's tail ("-Spraying", "-p")
    }
    let folded = fold(v);
    if NO_VALUE.contains(&folded.as_str()) {
        return Shape::No;
    }
    if filters::is_placeholder(v.as_bytes()) || all_mask_chars(v) {
        return Shape::No;
    }
    let letters = c.lower + c.upper + c.other;
    if c.digit == c.len || (c.digit + 1 == c.len && v.ends_with(['#', '*']) && c.digit >= 4) {
        return Shape::Digits; // "4471#": a keypad code
    }
    if letters == c.len {
        if data::word_mask(&folded) != 0 {
            return Shape::No;
        }
        // Passwords made of letters alone are written in Latin letters; "محذوف", "पक्का" are words.
        if c.other > 0 && c.lower + c.upper == 0 {
            return Shape::No;
        }
        // Random-looking mixed case ("xKpQmZtr") is a password; CamelCase names ("GStreamer",
        // "TextIOWrapper", "CodeProxy") are names: a plain word at most.
        if c.upper >= 2 && c.lower >= 2 && c.len >= 8 && !starts_upper_then_lower(v) && !is_camel_case(v) {
            return Shape::Mixed;
        }
        return if c.len >= 5 { Shape::Word } else { Shape::No };
    }
    if c.symbol > 0 && c.digit == 0 {
        // Hyphenated or dotted words ("wi-fi", "HAR-Datei", "correct-horse-battery-staple") are words.
        let specials = v.chars().filter(|ch| !ch.is_alphanumeric()).all(|ch| matches!(ch, '-' | '\'' | '.' | '_' | '/' | ','));
        if specials {
            let parts: Vec<&str> = v.split(|ch: char| !ch.is_alphanumeric()).filter(|p| !p.is_empty()).collect();
            // Environment variable names (DB_PASSWORD) are references, not values.
            if c.lower == 0 && c.other == 0 && v.contains('_') {
                return Shape::No;
            }
            // Words joined by `_` or `.` with a capital after the joiner ("Selasa.Kamis") are made up,
            // and so are three capitalised words joined by `-` ("Zamok-Kliuch-Dveri").
            let capital_join = v.char_indices().any(|(i, ch)| matches!(ch, '_' | '.') && v[i + 1..].starts_with(|x: char| x.is_uppercase()));
            if capital_join && c.upper > 0 && !v.contains("..") && parts.len() >= 2 {
                return Shape::Mixed;
            }
            let capital_parts = parts.iter().filter(|p| p.starts_with(char::is_uppercase)).count();
            if parts.len() >= 3 && capital_parts >= 3 && v.contains('-') {
                return Shape::Mixed;
            }
            // Lower-case words joined by `_`, `-` or `.` that are not all ordinary words and are long
            // enough ("nagpur_santra_vpn", "grafana-perehliad") are made-up identifiers.
            let uncommon = parts.iter().filter(|p| data::word_mask(&fold(p)) == 0).count();
            // (Not capitalised compounds, "GNOME-Anwendung", nor a verb with a clitic, "introduza-a".)
            if parts.len() >= 2 && c.len >= 10 && uncommon >= 1 && c.other == 0 && c.upper == 0 && parts.iter().all(|p| p.len() >= 2) && !v.contains("..") && !v.contains(['\'', ',', '/']) {
                return Shape::Mixed;
            }
            if parts.len() <= 1 || parts.iter().all(|p| data::word_mask(&fold(p)) != 0) && parts.len() < 3 {
                return Shape::No;
            }
            if c.other > 0 && c.lower + c.upper == 0 {
                return Shape::No;
            }
            // Words joined by `_` or `.` with capitals ("Nara_Shika_Deer", "Budh.Shukra") are made up.
            if c.upper > 0 && v.contains(['_', '.']) && !v.contains("..") {
                return Shape::Mixed;
            }
            return Shape::Word;
        }
        if letters < 3 {
            return Shape::No;
        }
    }
    if c.digit > 0 && letters == 0 {
        // Digits with symbols: dates, times, amounts, phone numbers; a few are PINs with a dash.
        return Shape::No;
    }
    if c.len < 5 {
        return Shape::No;
    }
    let kinds = [c.lower + c.other > 0, c.upper > 0, c.digit > 0, c.symbol > 0].iter().filter(|&&b| b).count();
    if kinds >= 3 && c.len >= 8 {
        Shape::Strong
    } else if kinds >= 2 {
        Shape::Mixed
    } else {
        Shape::No
    }
}

/// Single digits joined by one repeated `-` or space, 4 to 8 of them: "3-8-1-5", "4 7 1 9".
pub(crate) fn is_spelled_code(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() < 7 || b.len() > 15 || b.len() % 2 == 0 {
        return false;
    }
    let sep = b[1];
    if sep != b'-' && sep != b' ' {
        return false;
    }
    b.iter().enumerate().all(|(i, &x)| if i % 2 == 0 { x.is_ascii_digit() } else { x == sep })
}

/// 2-5 digits with one letter before or after: entry-phone and keypad codes ("58K", "K47", "1357A").
pub(crate) fn is_letter_code(v: &str) -> bool {
    let n = v.chars().count();
    if !(3..=6).contains(&n) {
        return false;
    }
    let digits = v.chars().filter(|c| c.is_ascii_digit()).count();
    let first = v.chars().next().unwrap_or(' ');
    let last = v.chars().next_back().unwrap_or(' ');
    digits + 1 == n && (first.is_alphabetic() || last.is_alphabetic())
}

/// A dial safe's combination: three numbers of one or two digits joined by `-` that cannot be a
/// date ("38-12-77", "4-27-61"); "12-03-24" stays a date.
pub(crate) fn is_dial_combination(v: &str) -> bool {
    // (Three numbers of one or two digits and two dashes.)
    if !(5..=8).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return false;
    }
    let parts: Vec<&str> = v.split('-').collect();
    if parts.len() != 3 || !parts.iter().all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let date = (1..=31).contains(&n[0]) && (1..=12).contains(&n[1]) || (1..=12).contains(&n[0]) && (1..=31).contains(&n[1]);
    !date
}

/// Two or three groups of 4-5 digits joined by `-`, not a range of years: "4821-9930" (2FA backup codes).
pub(crate) fn is_grouped_code(v: &str) -> bool {
    // (Two or three groups of four or five digits and their dashes.)
    if !(9..=17).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return false;
    }
    let parts: Vec<&str> = v.split('-').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().all(|p| (4..=5).contains(&p.len()) && p.len() == parts[0].len() && p.bytes().all(|b| b.is_ascii_digit()))
        && !parts.iter().all(|p| p.len() == 4 && (p.starts_with("19") || p.starts_with("20")))
}

/// The ASCII bytes present in a token, one bit each. The checks below that need a byte (a `-`, a
/// `|`, a `{`...) are skipped when the token lacks it: one pass over the token instead of a search per
/// check, the same answers.
#[derive(Clone, Copy)]
struct Bytes(u128);

impl Bytes {
    fn of(v: &str) -> Bytes {
        let mut m = 0u128;
        for &b in v.as_bytes() {
            if b < 128 {
                m |= 1 << b;
            }
        }
        Bytes(m)
    }

    /// Whether the token holds any of `set`'s bytes (ASCII).
    fn any(self, set: &[u8]) -> bool {
        set.iter().any(|&b| self.0 >> b & 1 != 0)
    }
}

/// Tokens that are no value whatever their classes: printf formats and URL escapes of UI strings
/// ("%s", "%.250s", "%lu/%lu", "heslo!%0APrázdné"), date masks ("YYYY-MM-DD", "AAAA-MM-GG"), option
/// syntax of help texts ("|N|Nuevo"), key combinations ("Ctrl+Meta+T"), an ordinary word with an
/// exclamation or question mark ("divertido!", "option!", "entry?!").
pub(crate) fn is_not_a_value(v: &str) -> bool {
    let bytes = Bytes::of(v);
    if bytes.any(b"%") && has_format_spec(v) || v.starts_with('|') {
        return true;
    }
    // (Split at one of its bytes, a token has two parts or more.)
    if bytes.any(b"-./:") && v.split(['-', '.', '/', ':']).all(|p| p.chars().count() >= 1 && p.chars().all(|ch| ch.is_alphabetic()) && p.chars().all(|ch| p.starts_with(ch))) {
        return true; // "RRRR-MM-DD", "hh:mm"
    }
    // (Lower-casing makes no `-` nor `+` and removes none.)
    if bytes.any(b"-+") {
        let lower = v.to_lowercase();
        // "non-0", "pre-2018", "post-1990": a prefix before a number.
        if let Some((head, tail)) = lower.split_once('-') {
            if matches!(head, "non" | "pre" | "post" | "anti" | "pro" | "mid" | "sub") && !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) {
                return true;
            }
        }
        if lower.contains('+') && ["ctrl+", "alt+", "shift+", "meta+", "cmd+", "super+", "strg+"].iter().any(|k| lower.contains(k)) {
            return true;
        }
    }
    if is_code_reference(v, bytes) {
        return true;
    }
    let stem = v.trim_end_matches(['!', '?', '¡', '¿']);
    if stem.len() < v.len() && stem.chars().count() >= 2 && stem.chars().all(char::is_alphabetic) {
        let stem = stem.trim_start_matches(['¡', '¿']);
        if data::word_mask(&fold(stem)) != 0 {
            return true;
        }
    }
    false
}

/// A regular expression's character class with ranges (`[0-9A-Za-z_-]{15}`, `[a-f0-9]+`): a range
/// of two letters or two digits in order inside brackets, with a second range or a quantifier after
/// the class.
fn is_char_class_pattern(v: &str) -> bool {
    let Some(open) = v.find('[') else { return false };
    let Some(len) = v[open..].find(']') else { return false };
    let class = &v.as_bytes()[open + 1..open + len];
    let ranges = class.windows(3).filter(|w| w[1] == b'-' && w[0] < w[2] && (w[0].is_ascii_digit() && w[2].is_ascii_digit() || w[0].is_ascii_lowercase() && w[2].is_ascii_lowercase() || w[0].is_ascii_uppercase() && w[2].is_ascii_uppercase())).count();
    let quantified = v[open + len + 1..].starts_with(['{', '+', '*', '?']);
    ranges >= 2 || ranges == 1 && quantified
}

/// Top-level domains that end a host name written alone.
const TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "io", "dev", "info", "eu", "de", "fr", "hu", "uk", "ru", "jp", "cn", "nl", "it", "es", "pl", "br",
    "ch", "at", "se", "no", "dk", "fi", "cz", "be", "ca", "au", "us",
];

/// Units after a number joined by a hyphen.
const UNITS: &[&str] = &[
    "bit", "bits", "byte", "bytes", "kb", "mb", "gb", "tb", "core", "cores", "way", "digit", "digits", "char", "chars", "character",
    "characters", "letter", "letters", "day", "days", "hour", "hours", "minute", "minutes", "second", "seconds", "ms", "px", "pt", "inch",
];

/// Names of code written in comments and docs, not values: `|keydata|` (a parameter in NSS/OpenSSL
/// docs), `Name|Password` (alternatives of a syntax), `%NL80211_ATTR_X` and `&UnmodifiedType` (a constant
/// or a reference), `CKK_NSS_ROUND1` and `IP6T_SO_GET_INFO` (constants: capitals and digits in parts
/// joined by `_`, each part starting with a letter), `id##_MINOR` and `(((7-(off))` (macros), `15:21:30Z`
/// (a time).
fn is_code_reference(v: &str, bytes: Bytes) -> bool {
    let ident = |s: &str| !s.is_empty() && s.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
    if bytes.any(b"|") && (v.ends_with('|') || v.split('|').all(|p| p.chars().all(|ch| ch.is_alphabetic() || ch == '_'))) {
        return true;
    }
    if let Some(rest) = v.strip_prefix(['%', '&', '*']) {
        let rest = rest.trim_start_matches(['&', '*']);
        if ident(rest) && (rest.contains('_') || is_camel_case(rest) || starts_upper_then_lower(rest)) {
            return true;
        }
    }
    if bytes.any(b"_") && !v.contains(|ch: char| ch.is_lowercase()) && v.split('_').all(|p| ident(p) && p.starts_with(|ch: char| ch.is_ascii_uppercase())) && v.split('_').count() >= 2 {
        return true;
    }
    if bytes.any(b"[") && is_char_class_pattern(v) {
        return true;
    }
    if bytes.any(b"#()") && (v.contains("##") && v.contains('_') || v.contains(")(") || v.contains("(((") || v.contains(")))")) {
        return true;
    }
    // A reST role (":meth:`peek`", ":py:const:`None`"), a POD command ("=item", "=back").
    if bytes.any(b":") && v.contains(":`") || v.starts_with('=') && v[1..].starts_with(|ch: char| ch.is_ascii_alphabetic()) {
        return true;
    }
    // Encoded mail text: MIME words ("=?iso-8859-1?Q?Fr=F6sche?="), quoted-printable ("=C3=BCber"),
    // UTF-7 ("Fr+APY-sche").
    if bytes.any(b"=") {
        let qp = v.as_bytes().windows(3).filter(|w| w[0] == b'=' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit() && !w[1].is_ascii_lowercase() && !w[2].is_ascii_lowercase()).count();
        if v.contains("=?") && v.contains("?=") || qp >= 1 && v.chars().filter(|ch| ch.is_alphabetic()).count() >= 3 && !v.contains(['!', '#', '$', '@']) {
            return true;
        }
    }
    if let Some(p) = bytes.any(b"+").then(|| v.find('+')).flatten() {
        let run = v[p + 1..].split('-').next().unwrap_or("");
        if v[p + 1..].contains('-') && (2..=8).contains(&run.len()) && run.chars().all(|ch| ch.is_ascii_alphanumeric()) && run.chars().any(|ch| ch.is_ascii_uppercase()) && v.chars().filter(|ch| ch.is_lowercase()).count() >= 2 && v.matches('+').count() == 1 && v.chars().all(|ch| ch.is_alphanumeric() || matches!(ch, '+' | '-')) {
            return true;
        }
    }
    // A template (`{}`, `{value}`, `{curve.name!r}`) or a regular expression (`(?:`).
    if bytes.any(b"{(") && (v.contains("{}") || v.contains("(?:") || v.contains("(?i)")) {
        return true;
    }
    if let Some(o) = bytes.any(b"{").then(|| v.find('{')).flatten() {
        if v[o + 1..].split('}').next().is_some_and(|inner| v[o + 1..].contains('}') && inner.starts_with(|ch: char| ch.is_ascii_lowercase() || ch == '_') && inner.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '.' | '!' | ':'))) {
            return true;
        }
    }
    // A code point or a short hex number ("1F512", "0221B"): hex digits in one case, 4 to 8 of them.
    if (4..=8).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)) && v.bytes().any(|b| b.is_ascii_digit()) && v.bytes().any(|b| b.is_ascii_uppercase()) {
        return true;
    }
    // A version of a named thing ("ubuntu-26.04", "Apache-2.0"), a reference to an issue
    // ("pypa/pip#11059"), a repr in a template ("curve.name!r").
    if let Some((name, ver)) = bytes.any(b"-.").then(|| v.split_once('-')).flatten() {
        if !name.is_empty() && name.chars().all(|ch| ch.is_ascii_alphabetic()) && ver.contains('.') && ver.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            return true;
        }
    }
    if let Some((repo, num)) = bytes.any(b"#").then(|| v.split_once('#')).flatten() {
        if repo.contains('/') && repo.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '/' | '-' | '_' | '.')) && !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) {
            return true;
        }
    }
    if let Some(name) = v.strip_suffix("!r").or_else(|| v.strip_suffix("!s")) {
        if name.split('.').all(ident) {
            return true;
        }
    }
    // A domain name ("freemail.hu", "mirror.example.org").
    if let Some((host, tld)) = bytes.any(b".").then(|| v.rsplit_once('.')).flatten() {
        if TLDS.contains(&tld) && !host.is_empty() && host.split('.').all(|l| !l.is_empty() && l.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-')) {
            return true;
        }
    }
    // A glob (`old.*`, `*.conf`).
    if v.ends_with(".*") || v.starts_with("*.") {
        return true;
    }
    // An expression of camelCase names (`srcLength+dstLength`, `nLeft-nRight`).
    let hump = |p: &str| ident(p) && p.starts_with(|ch: char| ch.is_ascii_lowercase()) && p.as_bytes().windows(2).any(|w| (w[0].is_ascii_lowercase() || w[0].is_ascii_digit()) && w[1].is_ascii_uppercase());
    // (Split at one of its bytes, a token has two operands or more.)
    if bytes.any(b"+-*/") && v.split(['+', '-', '*', '/']).all(hump) {
        return true;
    }
    // HTML markup (`Etc/GMT-830.)<br>`).
    if let Some(lt) = bytes.any(b"<").then(|| v.find('<')).flatten() {
        if v[lt + 1..].trim_start_matches('/').split('>').next().is_some_and(|tag| !tag.is_empty() && tag.len() < v.len() - lt - 1 && tag.chars().all(|ch| ch.is_ascii_alphabetic())) {
            return true;
        }
    }
    // A contraction or elision (`don't`, `it's`, `l'ami`): an ordinary word with an apostrophe.
    if let Some((a, b)) = bytes.any(b"'").then(|| v.split_once('\'')).flatten() {
        let alpha = |s: &str| !s.is_empty() && s.chars().all(char::is_alphabetic);
        if alpha(a) && alpha(b) && (a.chars().count() <= 2 || b.chars().count() <= 2 || b == "t") {
            return true;
        }
    }
    // A size or a count with its unit (`32-bit`, `64-bytes`, `4-core`).
    if let Some((n, unit)) = bytes.any(b"-").then(|| v.split_once('-')).flatten() {
        if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && UNITS.contains(&unit.to_ascii_lowercase().as_str()) {
            return true;
        }
    }
    if is_sized_name(v) {
        return true;
    }
    let time = v.trim_end_matches(['Z', 'z']);
    bytes.any(b":") && time.len() < v.len() && time.contains(':') && time.split(':').all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The name of a data type, encoding, architecture or digest with its size (`int64`, `float32`,
/// `UTF-8`, `UCS4`, `x86_64`, `sha256`, `ZIP64`, `base64`), or a numbered reference (`ISO8601`,
/// `RFC7617`, `PKCS#8`, `GH#56135`, `bpo-12345`): words of code comments and docs after "pass", "pin" or
/// "key", never a password. Sizes are the usual ones only, so that a word and a year ("Win2024")
/// stay values.
fn is_sized_name(v: &str) -> bool {
    const SIZED: &[&str] = &[
        "int", "uint", "float", "complex", "bool", "char", "utf", "ucs", "zip", "arm", "amd", "win", "sha", "md", "base", "latin", "crc",
        "ipv", "x86_",
    ];
    const SIZES: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8", "16", "32", "58", "64", "85", "128", "256", "384", "512"];
    const NUMBERED: &[&str] = &["iso", "rfc", "gh#", "bpo-", "pkcs#", "pkcs"];
    // Each of them ends with a digit.
    if !v.ends_with(|ch: char| ch.is_ascii_digit()) {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    let lower = lower.as_str();
    let after = |names: &'static [&'static str], ok: &dyn Fn(&str) -> bool| {
        names.iter().filter_map(|n| lower.strip_prefix(n)).any(|rest| ok(rest.strip_prefix(['-', '_']).unwrap_or(rest)))
    };
    matches!(lower, "x86" | "x64" | "i386" | "i486" | "i586" | "i686")
        || after(SIZED, &|d| SIZES.contains(&d))
        || after(NUMBERED, &|d| !d.is_empty() && d.len() <= 6 && d.bytes().all(|b| b.is_ascii_digit()))
}

/// A printf conversion ("%s", "%d", "%.250s", "%5u", "%lu", "%%") or a URL escape of a control
/// character ("%0A", "%0D") in the token.
pub(crate) fn has_format_spec(v: &str) -> bool {
    let b = v.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'%' {
            i += 1;
            continue;
        }
        let rest = &b[i + 1..];
        if rest.first() == Some(&b'%') {
            return true;
        }
        if rest.len() >= 2 && rest[0] == b'0' && matches!(rest[1], b'A' | b'a' | b'D' | b'd' | b'9') {
            return true;
        }
        let mut j = 0;
        while j < rest.len() && (rest[j].is_ascii_digit() || rest[j] == b'.' || rest[j] == b'-') {
            j += 1;
        }
        let width = j > 0;
        while j < rest.len() && matches!(rest[j], b'l' | b'h' | b'z') {
            j += 1;
        }
        if let Some(&conv) = rest.get(j) {
            let after = rest.get(j + 1).copied();
            let ends = after.map_or(true, |a| !a.is_ascii_alphanumeric());
            if ends && (matches!(conv, b's' | b'd' | b'u' | b'i' | b'r') || (width && conv.is_ascii_alphabetic())) {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// A name written in CamelCase: humps of capitals each followed by 2+ lower-case letters, at least
/// two humps ("LibreOffice", "KAddressBook", "TextIOWrapper"), not random mixed case ("xKpQmZtr").
pub(crate) fn is_camel_case(v: &str) -> bool {
    let chars: Vec<char> = v.chars().collect();
    if !chars.first().is_some_and(|ch| ch.is_uppercase()) {
        return false;
    }
    let (mut humps, mut i) = (0, 0);
    while i < chars.len() {
        let up = chars[i..].iter().take_while(|ch| ch.is_uppercase()).count();
        let low = chars[i + up..].iter().take_while(|ch| ch.is_lowercase()).count();
        if up == 0 || (low < 2 && i + up + low < chars.len()) || (low == 1) {
            return false;
        }
        if low >= 2 {
            humps += if up >= 2 { 2 } else { 1 }; // "GStreamer": an acronym, then a word
        }
        i += up + low;
    }
    humps >= 2
}

/// A phrase of three or more words with a negation ("doesnt start right", "must not be empty"): a
/// message or a condition, not a passphrase. The same test as the rules' `password_shape`.
pub(crate) fn is_negated_phrase(v: &str) -> bool {
    crate::validators::negated_phrase(v.to_ascii_lowercase().as_bytes())
}

/// A setting or option name: letters joined by `_`, `-` or `.`, no digit ("logout_enable",
/// "autoconfig-url", "Multi_Key", "reorder-sections-end").
pub(crate) fn is_setting_name(v: &str) -> bool {
    let parts: Vec<&str> = v.split(['_', '-', '.']).collect();
    parts.len() >= 2 && parts.iter().all(|p| p.chars().count() >= 2 && p.chars().all(|ch| ch.is_ascii_alphabetic()))
}

/// A year of the last two centuries: 1900-2099.
pub(crate) fn is_year(v: &str) -> bool {
    v.len() == 4 && (v.starts_with("19") || v.starts_with("20")) && v.bytes().all(|b| b.is_ascii_digit())
}

fn starts_upper_then_lower(v: &str) -> bool {
    let mut it = v.chars();
    match it.next() {
        Some(f) if f.is_uppercase() => it.all(|ch| ch.is_lowercase()),
        _ => false,
    }
}

fn all_mask_chars(v: &str) -> bool {
    v.chars().all(|ch| matches!(ch, '*' | '•' | '●' | '·' | 'x' | 'X' | '.' | '#' | '_' | '-' | '?'))
}

/// E-mail, URL, path, file name, version, date, IP, ticket key, hash, UUID, mention, amount.
fn looks_like_other_value(v: &str, c: &Classes) -> bool {
    let lower = v.to_ascii_lowercase();
    if lower.contains(':') && lower.contains("://") || lower.starts_with("www.") || lower.starts_with("http") {
        return true;
    }
    if let Some(at) = v.find('@') {
        // user@host.tld is an e-mail; P@ssw0rd is a password.
        if at > 0 {
            let host = &v[at + 1..];
            if host.chars().all(|ch| ch.is_alphanumeric() || ch == '.' || ch == '-') && host.contains('.') {
                let tld = host.rsplit('.').next().unwrap_or("");
                if tld.len() >= 2 && tld.chars().all(|ch| ch.is_ascii_alphabetic()) {
                    return true;
                }
            }
        }
    }
    // References to configuration: env.X, process.env.X, secrets.X, vars.X, settings.X
    for pre in ["env.", "process.", "os.", "secrets.", "vars.", "params.", "config.", "settings.", "self.", "this."] {
        if lower.starts_with(pre) {
            return true;
        }
    }
    // "myPassword", "yourpassword": a password word inside a value of letters only is a placeholder.
    if c.digit == 0 && c.symbol == 0 && contains_password_word(lower.as_bytes()) {
        return true;
    }
    // Placeholder IPs and masked numbers: 185.220.x.x, 10.0.*.*
    if v.chars().all(|ch| ch.is_ascii_digit() || matches!(ch, '.' | 'x' | 'X' | '*')) && v.contains('.') {
        return true;
    }
    // key=value assignments and calls: "gid=1001(deploy)", "AuthException()", "res.status(401)".
    if let Some(eq) = v.find('=') {
        if eq >= 2 && v[..eq].chars().all(|ch| ch.is_ascii_alphabetic() || ch == '_') {
            return true;
        }
    }
    if v.ends_with(')') && v.contains('(') && (v.ends_with("()") || v.contains('.')) {
        return true;
    }
    // user@host (an account on a machine, an e-mail), not P@ssw0rd.
    if let Some(at) = v.find('@') {
        let (user, host) = (&v[..at], &v[at + 1..]);
        if user.len() >= 2 && user.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || matches!(ch, '.' | '_' | '-'))
            && host.matches('.').count() >= 1 && host.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-'))
        {
            return true;
        }
    }
    if v.starts_with('@') || v.starts_with('#') || v.starts_with('/') || v.starts_with("~/") || v.starts_with('\\') || v.starts_with('$') && c.digit == 0 {
        return true;
    }
    if v.matches('/').count() >= 2 || v.contains('\\') {
        return true;
    }
    // (Each extension has one dot, its first character: `lower` ends with one exactly when its tail
    // from its last dot is one.)
    if lower.rfind('.').is_some_and(|d| FILE_EXT.contains(&&lower[d..])) && !lower.starts_with('.') {
        return true;
    }
    // A file name with a line number (`leak-tree.c:11`, `main.rs:42`): a source location.
    if let Some((file, line)) = lower.rsplit_once(':') {
        if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) && file.rfind('.').is_some_and(|d| d > 0 && FILE_EXT.contains(&&file[d..])) {
            return true;
        }
    }
    // Versions (v1.2.3, 2.0.1), dates and times (2024-03-01, 12/03/2024, 14h30, 10:45), IPs.
    let body = lower.strip_prefix('v').unwrap_or(&lower);
    if body.chars().all(|ch| ch.is_ascii_digit() || matches!(ch, '.' | '-' | '/' | ':' | 'h' | ','))
        && c.digit > 0
        && c.digit + c.symbol + 1 >= c.len
        && (c.symbol > 0 || body.contains('h'))
    {
        return true;
    }
    // Ticket keys (PROJ-1234), order numbers (CMD-2024-00042).
    if is_ticket_key(v) {
        return true;
    }
    // Hex hashes and UUIDs.
    let hex = v.chars().filter(|ch| ch.is_ascii_hexdigit()).count();
    if c.len >= 20 && (hex == c.len || (hex + v.matches('-').count() == c.len && v.matches('-').count() == 4)) {
        return true;
    }
    // Bytes in hex joined by `:` or `-` (a key identifier, a certificate fingerprint, a MAC address):
    // four pairs or more, a letter among them (not a code of digit pairs, "12-34-56-78").
    if c.len >= 11 && c.lower + c.upper > 0 && v.split([':', '-']).count() >= 4 && v.split([':', '-']).all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit())) {
        return true;
    }
    if c.len >= 7 && hex == c.len && c.upper == 0 && c.digit >= 2 && c.lower >= 1 && c.len <= 12 {
        // short commit SHAs: "a3f9c2e", "4b825dc6"
        return true;
    }
    // Amounts and percentages.
    if (v.ends_with('%') || v.starts_with('€') || v.ends_with('€') || v.ends_with('$') || v.starts_with('£')) && c.digit > 0 {
        return true;
    }
    if v.starts_with('+') && c.digit + 1 >= c.len {
        return true;
    }
    false
}

/// Whether `lower` holds "password", "passwort", "motdepasse", "contrasena", "senha" or "secret": one
/// pass, each word compared where its first letter is.
fn contains_password_word(lower: &[u8]) -> bool {
    (0..lower.len()).any(|i| {
        let rest = &lower[i..];
        match lower[i] {
            b'p' => rest.starts_with(b"password") || rest.starts_with(b"passwort"),
            b'm' => rest.starts_with(b"motdepasse"),
            b'c' => rest.starts_with(b"contrasena"),
            b's' => rest.starts_with(b"senha") || rest.starts_with(b"secret"),
            _ => false,
        }
    })
}

fn is_ticket_key(v: &str) -> bool {
    let mut parts = v.split('-');
    let first = parts.next().unwrap_or("");
    if first.len() < 2 || !first.chars().all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit()) || !first.starts_with(|ch: char| ch.is_ascii_uppercase()) {
        return false;
    }
    let rest: Vec<&str> = parts.collect();
    // Only the prefix is a word: "FOODBANK-SPRING-26" (words shouted) is not a key.
    !rest.is_empty()
        && rest.iter().all(|p| !p.is_empty() && p.chars().all(|ch| ch.is_ascii_digit() || ch.is_ascii_uppercase()) && p.chars().any(|ch| ch.is_ascii_digit()))
        && rest.iter().any(|p| p.chars().all(|ch| ch.is_ascii_digit()))
}

/// Strips a Turkish case suffix stuck to the value after an apostrophe ("Istanbul34!'dür" ->
/// "Istanbul34!"). Returns the kept length in bytes.
pub(crate) fn strip_suffix_apostrophe(v: &str) -> usize {
    for (i, ch) in v.char_indices().rev() {
        if ch == '\'' || ch == '’' {
            let suffix = &v[i + ch.len_utf8()..];
            let n = suffix.chars().count();
            if (1..=5).contains(&n) && suffix.chars().all(|c| c.is_lowercase()) && i >= 4 {
                return i;
            }
            return v.len();
        }
        if !super::data::is_alpha(ch) {
            return v.len();
        }
    }
    v.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_extensions_have_one_dot_first() {
        // (looks_like_other_value compares the tail of a value from its last dot with them.)
        assert!(FILE_EXT.iter().all(|e| e.starts_with('.') && e.matches('.').count() == 1));
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("Azerty123!"), Shape::Strong);
        assert_eq!(shape("soleil2023"), Shape::Mixed);
        assert_eq!(shape("monkey123"), Shape::Mixed);
        assert_eq!(shape("dans"), Shape::No);
        assert_eq!(shape("correct"), Shape::No);
        assert_eq!(shape("falsch"), Shape::No);
        assert_eq!(shape("********"), Shape::No);
        assert_eq!(shape("<redacted>"), Shape::No);
        assert_eq!(shape("${DB_PASS}"), Shape::No);
        assert_eq!(shape("n/a"), Shape::No);
        assert_eq!(shape("jean.dupont@example.org"), Shape::No);
        assert_eq!(shape("P@ssw0rd2024"), Shape::Strong);
        assert_eq!(shape("2024-03-01"), Shape::No);
        assert_eq!(shape("v1.2.3"), Shape::No);
        assert_eq!(shape("PROJ-1234"), Shape::No);
        assert_eq!(shape("CMD-2024-00042"), Shape::No);
        assert_eq!(shape("HARBOR-LIGHTS-77"), Shape::Strong);
        assert_eq!(shape("4821"), Shape::Digits);
        assert_eq!(shape("3-8-1-5"), Shape::Digits);
        assert_eq!(shape("4 7 1 9"), Shape::Digits);
        assert_eq!(shape("1-2-3"), Shape::No);
        assert_eq!(shape("4821-9930"), Shape::Digits);
        assert_eq!(shape("2023-2024"), Shape::No);
        assert_eq!(shape("38-12-77"), Shape::Digits);
        assert_eq!(shape("12-03-24"), Shape::No);
        assert_eq!(shape("12-03-2024"), Shape::No);
        assert_eq!(shape("wi-fi"), Shape::No);
        assert_eq!(shape("ZIP-Datei"), Shape::Word);
        assert_eq!(shape("-Spraying"), Shape::No);
        assert_eq!(shape("rapport.pdf"), Shape::No);
        // Ordinary text: formats, masks, names, elisions, ZIP+4.
        assert_eq!(shape("%.250s"), Shape::No);
        assert_eq!(shape("%lu/%lu"), Shape::No);
        assert_eq!(shape("Senha!%0AVazia"), Shape::No);
        assert_eq!(shape("YYYY-MM-DD"), Shape::No);
        assert_eq!(shape("|N|Neu"), Shape::No);
        assert_eq!(shape("Ctrl+Alt+K"), Shape::No);
        assert_eq!(shape("pre-1999"), Shape::No);
        assert_eq!(shape("fantastic!"), Shape::No);
        assert_eq!(shape("Tournesol!"), Shape::Strong);
        assert_eq!(shape("PianoTuner"), Shape::Word);
        assert_eq!(shape("TextIOWrapper"), Shape::Word);
        assert_eq!(shape("GStreamer"), Shape::Word);
        assert_eq!(shape("xKpQmZtr"), Shape::Mixed);
        assert!(shape("d’utilisateurs") < Shape::Mixed);
        assert!(shape("l&apos;Unicode") < Shape::Mixed);
        assert_eq!(shape("12345-6789"), Shape::No);
        assert_eq!(shape("Kx%9mQ2!vL"), Shape::Strong);
    }

    #[test]
    fn turkish_suffix() {
        let v = "Istanbul34!'dür";
        assert_eq!(&v[..strip_suffix_apostrophe(v)], "Istanbul34!");
        assert_eq!(strip_suffix_apostrophe("Summer'24"), "Summer'24".len());
    }
}
