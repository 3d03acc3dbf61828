//! Named offline checks a rule can ask for (`validators = ["github_crc32"]`).

use base64::Engine as _;

use crate::rule::Confidence;

/// What a validator says about a candidate secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Keep the finding as it is.
    Pass,
    /// Keep it with a lower confidence (a checksum that does not verify: a test or made-up token).
    Downgrade,
    /// Not a secret of this format.
    Reject,
}

/// Every known validator, with what it checks.
pub const VALIDATORS: &[(&str, &str)] = &[
    ("github_crc32", "GitHub / npm style token: the last 6 base62 characters are the CRC32 of the random part"),
    ("jwt", "the first base64url segment decodes to a JSON object (the JOSE header)"),
    ("base64", "the secret decodes as standard or URL-safe base64"),
    ("mixed_charset", "at least two of: upper-case letters, lower-case letters, digits"),
    ("has_digit", "at least one digit"),
    ("has_letter", "at least one ASCII letter"),
    ("not_hex_only", "not made of hexadecimal digits only (hashes, ids)"),
    ("password_shape", "a human password: not an identifier, path, number, or plain word in code"),
    ("basic_auth", "decodes from base64 to printable `user:password` (HTTP Basic, docker config, npm `_auth`)"),
    ("base64_jwt", "decodes from base64 to a JSON Web Token"),
    ("pem_base64", "decodes from base64 to a PEM private key (`-----BEGIN ... PRIVATE KEY`)"),
    ("pem_body", "a PEM body: at least 32 base64 characters once line breaks and quotes are removed, varied, no filler"),
    ("cisco7", "a Cisco type 7 string: two-digit offset then hex pairs that decode to printable text"),
    ("not_code", "for unquoted values: no `name(` or `name[` anywhere (a call or an index cut at a comma: `self.get_pw(url`)"),
    ("made_up", "lowers the confidence one step when the value is visibly typed by hand: a unit repeated three times (`abcd1234abcd1234abcd1234`), `abcd1234`, `a1b2c3`"),
    ("not_plain_word", "has a digit or a symbol: not a bare word or identifier (`getpass`, `userInput`, `Secret`)"),
    ("symbol_rich", "three or more symbols that no token alphabet uses (`{}()[]$#!*&^|?`): a typed or generated password, not a token"),
    ("random_mix", "upper- and lower-case letters and a digit, or `symbol_rich`: generated, not a name, path, id or hex digest"),
];

/// Whether `name` is a known validator.
pub fn is_known(name: &str) -> bool {
    VALIDATORS.iter().any(|(n, _)| *n == name)
}

pub(crate) fn run(name: &str, secret: &[u8]) -> Outcome {
    let ok = |b: bool| if b { Outcome::Pass } else { Outcome::Reject };
    match name {
        "github_crc32" => {
            if crc32_base62_ok(secret) {
                Outcome::Pass
            } else {
                Outcome::Downgrade
            }
        }
        "jwt" => ok(jwt_ok(secret)),
        "base64" => ok(base64_ok(secret)),
        "mixed_charset" => ok(classes(secret) >= 2),
        "has_digit" => ok(secret.iter().any(u8::is_ascii_digit)),
        "has_letter" => ok(secret.iter().any(u8::is_ascii_alphabetic)),
        "not_hex_only" => ok(!secret.iter().all(u8::is_ascii_hexdigit)),
        "password_shape" => ok(password_shape(secret)),
        "basic_auth" => ok(basic_auth_ok(secret)),
        "base64_jwt" => ok(b64_decode_lenient(secret).is_some_and(|d| d.starts_with(b"eyJ") && jwt_ok(&d))),
        "pem_base64" => ok(pem_base64_ok(secret)),
        "pem_body" => ok(pem_body_ok(secret)),
        "cisco7" => ok(cisco7_ok(secret)),
        "not_code" => ok(!unquoted_code(secret)),
        "symbol_rich" => ok(symbol_rich(secret)),
        "random_mix" => ok(classes(secret) == 3 || symbol_rich(secret)),
        "made_up" => {
            let lower = secret.to_ascii_lowercase();
            let seq = ["abcd1234", "1234abcd", "a1b2c3", "abc123abc"].iter().any(|w| memchr::memmem::find(&lower, w.as_bytes()).is_some());
            if seq || crate::filters::has_repeated_unit(&lower) { Outcome::Downgrade } else { Outcome::Pass }
        }
        "not_plain_word" => {
            let v = crate::filters::trim_quotes(secret);
            // A trailing colon is punctuation, not part of the value: `Pass :meth:` in a docstring.
            let v = v.strip_suffix(b":").unwrap_or(v);
            ok(v.iter().any(|&b| b.is_ascii_digit() || !(b.is_ascii_alphabetic() || b == b'_' || b == b'-')))
        }
        _ => Outcome::Pass,
    }
}

/// Applies all validators of a rule; returns the confidence to keep, or None to drop the match.
pub(crate) fn apply(names: &[String], secret: &[u8], mut confidence: Confidence) -> Option<Confidence> {
    for n in names {
        match run(n, secret) {
            Outcome::Pass => {}
            Outcome::Downgrade => confidence = confidence.lower(),
            Outcome::Reject => return None,
        }
    }
    Some(confidence)
}

fn symbol_rich(s: &[u8]) -> bool {
    s.iter().filter(|b| b"{}()[]$#!*&^|?".contains(b)).count() >= 3
}

fn classes(s: &[u8]) -> usize {
    [
        s.iter().any(u8::is_ascii_uppercase),
        s.iter().any(u8::is_ascii_lowercase),
        s.iter().any(u8::is_ascii_digit),
    ]
    .iter()
    .filter(|&&b| b)
    .count()
}

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `prefix_` + random + 6 base62 chars of CRC32(random).
fn crc32_base62_ok(secret: &[u8]) -> bool {
    let body = match memchr::memrchr(b'_', secret) {
        Some(i) => &secret[i + 1..],
        None => secret,
    };
    if body.len() <= 6 {
        return false;
    }
    let (random, check) = body.split_at(body.len() - 6);
    let mut n = crc32fast::hash(random) as u64;
    let mut enc = [b'0'; 6];
    for slot in enc.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    enc == check
}

fn b64_decode(s: &[u8]) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    [URL_SAFE_NO_PAD, URL_SAFE, STANDARD, STANDARD_NO_PAD].iter().find_map(|e| e.decode(s).ok())
}

/// The first dot-separated segment decodes to a JSON object (`{"alg":...}`, `{"typ":...}`, `{"enc":...}`).
fn jwt_ok(secret: &[u8]) -> bool {
    let header = secret.split(|&b| b == b'.').next().unwrap_or_default();
    match b64_decode(header) {
        Some(h) => {
            let t = h.trim_ascii();
            t.starts_with(b"{\"") && t.ends_with(b"}") && t.contains(&b':')
                && t.iter().all(|&b| b >= 0x20 || matches!(b, b'\n' | b'\r' | b'\t'))
        }
        None => false,
    }
}

/// Decodes base64 (standard or URL-safe), tolerating missing padding and a truncated tail: the
/// longest prefix whose length is a multiple of 4 is decoded.
fn b64_decode_lenient(s: &[u8]) -> Option<Vec<u8>> {
    if let Some(d) = b64_decode(s) {
        return Some(d);
    }
    let trimmed: &[u8] = {
        let end = s.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
        &s[..end]
    };
    let cut = trimmed.len() - trimmed.len() % 4;
    if cut < 4 {
        return None;
    }
    b64_decode(&trimmed[..cut])
}

/// `user:password` in base64, as in `Authorization: Basic`, docker `auth` and npm `_auth`.
fn basic_auth_ok(secret: &[u8]) -> bool {
    let Some(d) = b64_decode_lenient(secret) else { return false };
    let Some(colon) = memchr::memchr(b':', &d) else { return false };
    if d.len() < 3 || (colon == 0 && d.len() == 1) {
        return false;
    }
    let printable = d.iter().filter(|&&b| (0x20..0x7f).contains(&b) || b >= 0x80).count();
    printable * 10 >= d.len() * 9
}

/// A base64-encoded PEM private key (`LS0tLS1CRUdJTi...`).
fn pem_base64_ok(secret: &[u8]) -> bool {
    let Some(d) = b64_decode_lenient(secret) else { return false };
    d.starts_with(b"-----BEGIN") && memchr::memmem::find(&d[..d.len().min(80)], b"PRIVATE KEY").is_some()
}

/// The body of a PEM block as found in files, JSON strings (`\n`) and concatenated code strings.
fn pem_body_ok(secret: &[u8]) -> bool {
    let mut clean = Vec::with_capacity(secret.len());
    let mut i = 0;
    while i < secret.len() {
        let b = secret[i];
        if b == b'\\' && matches!(secret.get(i + 1), Some(b'n' | b'r' | b't')) {
            i += 2;
            continue;
        }
        if b.is_ascii_alphanumeric() || b == b'+' && !matches!(secret.get(i + 1), Some(b' ' | b'\n' | b'"' | b'\''))
            || b == b'/' || b == b'='
        {
            clean.push(b);
        }
        i += 1;
    }
    if clean.len() < 32 {
        return false;
    }
    let lower = clean.to_ascii_lowercase();
    const FILLER: &[&str] = &["xxxxxxxx", "example", "placeholder", "redacted", "yourkey", "privatekeyhere", "keyhere"];
    if FILLER.iter().any(|w| memchr::memmem::find(&lower, w.as_bytes()).is_some()) {
        return false;
    }
    crate::filters::shannon_entropy(&clean) >= 4.0
}

/// Cisco IOS type 7: a decimal offset (00-15) and hex pairs XORed with a fixed, published key.
fn cisco7_ok(secret: &[u8]) -> bool {
    const XLAT: &[u8] = b"dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";
    if secret.len() < 6 || secret.len() % 2 != 0 || !secret[..2].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let offset = ((secret[0] - b'0') * 10 + (secret[1] - b'0')) as usize;
    if offset > 15 {
        return false;
    }
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::new();
    for (k, pair) in secret[2..].chunks(2).enumerate() {
        let (Some(h), Some(l)) = (hex(pair[0]), hex(pair[1])) else { return false };
        let c = ((h * 16 + l) as u8) ^ XLAT[(offset + k) % XLAT.len()];
        out.push(c);
    }
    out.iter().all(|&c| (0x20..0x7f).contains(&c))
}

fn base64_ok(secret: &[u8]) -> bool {
    b64_decode(secret).is_some()
}

/// Exact values that name a type, a state or a field instead of giving a password.
const NOT_PASSWORDS: &[&str] = &[
    "null", "none", "nil", "true", "false", "undefined", "password", "passwd", "passw", "pass", "pwd",
    "secret", "secrets", "token", "string", "str", "int", "bool", "boolean", "number", "object", "bytes",
    "text", "char", "varchar", "required", "optional", "empty", "hidden", "input", "prompt", "default",
    "unknown", "unset", "notset", "not-set", "not_set", "missing", "blank", "n/a", "tbd", "sensitive",
    "securestring", "secretstr", "secretstring", "username", "user", "test", "testing", "value", "key",
    "foo", "bar", "foobar", "baz", "hunter2", "sample", "sekrit", "qwerty", "xyzzy", "top secret", "mypassword", "mysecret", "mytoken", "yourpassword", "passphrase",
    "apikey", "api_key", "api-key", "access_token", "auth_token", "client_secret", "private_key",
    // The word itself in other languages (translation files: "password": "Passwort").
    "passwort", "kennwort", "contraseña", "contrasena", "mot de passe", "motdepasse", "wachtwoord", "senha",
    "parola", "lösenord", "losenord", "passord", "adgangskode", "salasana", "hasło", "haslo", "heslo",
    "jelszó", "jelszo", "пароль", "密码", "密碼", "パスワード", "비밀번호", "mật khẩu", "şifre", "sifre",
];

/// Negated verbs and negations that make a phrase a message ("must not be empty", "doesnt match").
const NEGATIONS: &[&str] = &["not", "no", "never", "cannot", "cant", "can't", "dont", "don't", "doesnt", "doesn't",
    "isnt", "isn't", "wont", "won't", "didnt", "didn't", "arent", "aren't", "wasnt", "wasn't", "shouldnt", "shouldn't"];

/// A lower-cased phrase of three or more words, one of them a negation ("doesnt start right").
pub(crate) fn negated_phrase(lower: &[u8]) -> bool {
    let words = || lower.split(|&b| b == b' ').filter(|w| !w.is_empty());
    lower.contains(&b' ') && words().count() >= 3 && words().any(|w| NEGATIONS.iter().any(|n| w == n.as_bytes()))
}

/// Words that, in an identifier-like value, show it names a field instead of being one.
const FIELD_WORDS: &[&str] =
    &["password", "passwd", "secret", "token", "pass", "pwd", "key", "credential", "auth", "header"];

/// `jjwt-jackson-0.11.2`, `rc0.15.0_20231217`: an artifact name ending in a version number.
fn versioned_name(s: &[u8]) -> bool {
    let ident = s.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    if !ident {
        return false;
    }
    // Trailing digits-and-dots with at least two dots, or one dot and a separator before.
    let tail = s.iter().rev().take_while(|&&b| b.is_ascii_digit() || b == b'.').count();
    let tail = &s[s.len() - tail..];
    let dots = tail.iter().filter(|&&b| b == b'.').count();
    dots >= 2 || (dots == 1 && tail.len() >= 3 && s.len() > tail.len() && matches!(s[s.len() - tail.len() - 1], b'-' | b'_' | b'v'))
}

/// A UUID of version 1, 2, 3 or 5: built from a clock, a MAC address or a name, not random, so not a secret.
/// Random version 4 (and 7) UUIDs are used as API keys and stay findings.
fn name_based_uuid(s: &[u8]) -> bool {
    if s.len() != 36 || [8, 13, 18, 23].iter().any(|&i| s[i] != b'-') {
        return false;
    }
    if !s.iter().enumerate().all(|(i, b)| [8, 13, 18, 23].contains(&i) || b.is_ascii_hexdigit()) {
        return false;
    }
    matches!(s[14], b'1' | b'2' | b'3' | b'5') || s.iter().all(|&b| b == b'0' || b == b'-')
}

/// A primitive type name of C, Rust, Go, Java or C#: `u32`, `__u64`, `c_int`, `size_t`, `DWORD`, `int64`.
fn primitive_type(lower: &[u8]) -> bool {
    let t = lower.strip_prefix(b"__").unwrap_or(lower);
    let t = t.strip_prefix(b"c_").unwrap_or(t);
    const TYPES: &[&str] = &["u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "f32", "f64", "int", "uint", "long", "ulong", "short", "ushort", "char", "uchar", "float", "double", "byte",
        "size_t", "ssize_t", "dword", "qword", "word", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
        "uint64", "uintptr", "uintptr_t", "void", "schar", "longlong", "ulonglong", "int8_t", "int16_t", "int32_t",
        "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "bool", "string", "rune"];
    TYPES.iter().any(|w| t == w.as_bytes())
}

/// An unquoted value holding `name(` or `name[`: code, even when the regex cut it before the `)`.
fn unquoted_code(s: &[u8]) -> bool {
    if memchr::memmem::find(s, b"->").is_some() {
        return true; // `$self->{+PASS}`, `$cfg->pw`
    }
    s.iter().enumerate().any(|(i, &b)| {
        (b == b'(' || b == b'[')
            && s[..i].iter().rev().take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_').count() >= 2
            && !unmatched_closer(&s[..i])
    })
}

/// A `)`, `]` or `}` with no opener before it: symbol soup typed as a password (`m{{h}o)p${e]nob(ody`),
/// not the start of an expression.
fn unmatched_closer(s: &[u8]) -> bool {
    let mut depth = [0i32; 3];
    for &b in s {
        let (k, d) = match b {
            b'(' => (0, 1),
            b')' => (0, -1),
            b'[' => (1, 1),
            b']' => (1, -1),
            b'{' => (2, 1),
            b'}' => (2, -1),
            _ => continue,
        };
        depth[k] += d;
        if depth[k] < 0 {
            return true;
        }
    }
    false
}

/// `name(...)`, `name(` at the end, `name[`: a function call, a constructor or an index expression.
fn looks_like_call(s: &[u8]) -> bool {
    for i in memchr::memchr_iter(b'[', s) {
        let ident = s[..i].iter().rev().take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_').count();
        if ident >= 2 && i == ident {
            return true; // `keypair[:32]`, `values[0]`
        }
    }
    for i in memchr::memchr_iter(b'(', s) {
        let ident = s[..i].iter().rev().take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_').count();
        if ident >= 2 && (s[i..].contains(&b')') || i + 1 == s.len()) {
            return true;
        }
        // `bracketed!(`, `Token![x](`, `List<T>(`: a macro, an index or a generic call.
        if i > 0 && matches!(s[i - 1], b'!' | b']' | b'>') {
            return true;
        }
        if i == 0 && s.ends_with(b")") {
            return true; // `(char *) p`, a cast or a tuple
        }
    }
    false
}

/// `a=b&c=d`: every `&`-separated part after the first (which may be the end of a value cut from a URL)
/// is `name=value` with a plain name (`k>qX&3CF=;` is not).
fn query_string(s: &[u8]) -> bool {
    s.split(|&b| b == b'&').skip(1).filter(|p| !p.is_empty()).all(|p| match p.iter().position(|&b| b == b'=') {
        Some(i) => i > 0 && p[..i].iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'%' | b'[' | b']')),
        None => false,
    })
}

/// A regular expression rather than a value: regex syntax no password is typed with.
fn regex_like(s: &[u8]) -> bool {
    // Groups no one types by hand; the other marks can occur once in a random password, so two are needed.
    const GROUPS: &[&[u8]] = &[b"(?:", b"(?P", b"(?!", b"(?=", b"(?<", b"(?i)"];
    const MARKS: &[&[u8]] = &[b"\\d", b"\\w", b"\\s", b"\\b", b"]{", b"]+", b"]*", b"[^", b"|\\"];
    if GROUPS.iter().any(|m| memchr::memmem::find(s, m).is_some()) {
        return true;
    }
    if MARKS.iter().map(|m| memchr::memmem::find_iter(s, m).count()).sum::<usize>() >= 2 {
        return true;
    }
    // Two or more classes like `[a|A]` or `[0-9a-f]`.
    let classes = s.windows(3).filter(|w| w[0] == b'[' && w[2] != b']' && (w[1].is_ascii_alphanumeric())).count();
    classes >= 2 && s.contains(&b']') && (s.contains(&b'|') || memchr::memmem::find(s, b"-9").is_some() || memchr::memmem::find(s, b"-z").is_some())
}

/// How many capitalised words (`Private`, `Key`: an upper-case letter, then 2+ lower-case) an identifier has.
fn capitalised_words(s: &[u8]) -> usize {
    s.windows(3).filter(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_lowercase() && w[2].is_ascii_lowercase()).count()
}

/// A slice or array type: `[u8]`, `[u8; 32]`, `[&str]`, `[String]`, `[c_char]`.
fn slice_type(s: &[u8]) -> bool {
    let s = s.strip_prefix(b"mut ").unwrap_or(s);
    let Some(inner) = s.strip_prefix(b"[").and_then(|t| t.strip_suffix(b"]")) else { return false };
    let elem = inner.split(|&b| b == b';').next().unwrap_or_default().trim_ascii();
    let elem = elem.strip_prefix(b"&").unwrap_or(elem);
    !elem.is_empty() && (elem[0].is_ascii_alphabetic() || elem[0] == b'_') && elem.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A value assigned to a password-like name that looks like a real password rather than code.
fn password_shape(s: &[u8]) -> bool {
    let s = crate::filters::trim_quotes(s);
    // Closing brackets or a colon left by the end of a call or signature (`None)`, `str):`): judge the rest.
    if let Some(&last) = s.last() {
        let unbalanced = match last {
            b')' => !s.contains(&b'('),
            b']' => !s.contains(&b'['),
            b'}' => !s.contains(&b'{'),
            b':' => true,
            _ => false,
        };
        if unbalanced {
            return password_shape(&s[..s.len() - 1]);
        }
    }
    if s.len() < 4 || s.len() > 512 {
        return false;
    }
    if !s.iter().any(u8::is_ascii_alphanumeric) {
        return false; // punctuation only
    }
    let lower = s.to_ascii_lowercase();
    if NOT_PASSWORDS.iter().any(|w| lower == w.as_bytes()) {
        return false;
    }
    // The anonymous-FTP convention (RFC 1635): an e-mail address whose host the server fills in (`guest@`).
    // Lower case only: `Welcome@` is a weak password of the usual kind.
    if s.len() >= 3 && s.ends_with(b"@") && s[..s.len() - 1].iter().all(u8::is_ascii_lowercase) {
        return false;
    }
    // A phrase that states a condition ("doesnt start right", "is not set"): a message, not a passphrase.
    if negated_phrase(&lower) {
        return false;
    }
    // Code, not a value: calls, paths, selectors, symbols, YAML tags and aliases, concatenation.
    if looks_like_call(s) || s.starts_with(b"/") || s.starts_with(b"./")
        || s.starts_with(b"~/") || s.ends_with(b";") || s.starts_with(b"arn:") || s.starts_with(b"--")
    {
        return false;
    }
    if matches!(s[0], b'.' | b'+' | b'!' | b'&' | b'*' | b':' | b'=' | b',' | b'-' | b'@')
        && s.get(1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'$' || *b == b'_')
    {
        return false;
    }
    // `#add-password` (a selector, an anchor); `#gets0m3` with a digit stays a password.
    if s[0] == b'#' && !s.iter().any(u8::is_ascii_digit)
        && s[1..].iter().all(|&b| b.is_ascii_alphabetic() || matches!(b, b'-' | b'_' | b'/'))
    {
        return false;
    }
    // A reference or pointer to a slice type in a signature: `secret: &[u8]`, `password: &[UInt8]`.
    if matches!(s[0], b'&' | b'*') && slice_type(&s[1..]) {
        return false;
    }
    // Text between two code spans of a doc comment or Markdown: `;Pwd=`), an example (`...`).
    let closers = s.iter().take_while(|&&b| matches!(b, b')' | b']' | b',' | b'.' | b';')).count();
    if closers > 0 && s.get(closers) == Some(&b' ') {
        return false;
    }
    if s[0] == b'(' || memchr::memmem::find(s, b"://").is_some() {
        return false; // a cast or tuple; a URL (credentials in URLs have their own rules)
    }
    // A constant or type name: `D3DKMT_PRESENTHISTORYTOKEN`, `WINBIO_PRESENCE_0`, `IKEEXT_CREDENTIAL0`.
    if s.contains(&b'_') && s.iter().all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && s.iter().filter(|b| b.is_ascii_uppercase()).count() * 10 >= s.len() * 7
    {
        return false;
    }
    if s.starts_with(b"../") {
        return false;
    }
    // A query string (`a=b&c=d`) or a keyword-argument list.
    if s.contains(&b'&') && s.contains(&b'=') && query_string(s) {
        return false;
    }
    if versioned_name(s) || name_based_uuid(s) || memchr::memmem::find(s, b"::").is_some() || primitive_type(&lower) {
        return false; // a version, a non-random UUID, a path (`core::GUID`), a type (`__u32`, `c_int`)
    }
    // A hexadecimal or binary literal in code: `0x803D001F`, `0b1010`.
    if (lower.starts_with(b"0x") || lower.starts_with(b"0b")) && s.len() <= 20
        && lower[2..].iter().all(|&b| b.is_ascii_hexdigit() || b == b'_' || b.is_ascii_alphanumeric() && b"uil".contains(&b))
    {
        return false;
    }
    if s.iter().all(u8::is_ascii_digit) && s.len() < 6 {
        return false;
    }
    // A version range from a package manifest: `^5.2.5`, `~1.4`, `>=2.0.1`, `v3.1.0`.
    let unranged = {
        let k = s.iter().take_while(|&&b| matches!(b, b'^' | b'~' | b'>' | b'<' | b'=' | b'v')).count();
        &s[k..]
    };
    if unranged.contains(&b'.') && unranged.iter().all(|&b| b.is_ascii_digit() || b == b'.') {
        return false; // a version or a decimal number
    }
    if regex_like(s) {
        return false; // a pattern: `[s|S][e|E]...[0-9a-f]{32}`, `(?P<value>\S+)`
    }
    // A sentence about the password ("Password must be at least 8 characters").
    if s.contains(&b' ') && memchr::memmem::find(&lower, b"password").is_some() {
        return false;
    }
    // A capitalised label or phrase of words ("Mot de passe", "Enter Password", "Contraseña actual").
    if s.contains(&b' ') && (s[0].is_ascii_uppercase() || s[0] >= 0x80)
        && s.iter().all(|&b| b.is_ascii_alphabetic() || b == b' ' || b >= 0x80)
    {
        return false;
    }
    let field_word = FIELD_WORDS.iter().any(|w| memchr::memmem::find(&lower, w.as_bytes()).is_some());
    let digits = s.iter().filter(|b| b.is_ascii_digit()).count();
    // An identifier such as `self.password` or `config.db_pass` or `PASSWORD_FIELD`, a type such as
    // `Optional[str]`, a route such as `cms/sites/passwords#edit`.
    let ident_like = s.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'[' | b']'));
    if ident_like {
        let dotted = s.contains(&b'.');
        let all_upper_snake = s.iter().all(|&b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit());
        let lower_word = s.iter().all(|&b| b.is_ascii_lowercase() || matches!(b, b'_' | b'-' | b'.'));
        if dotted && digits == 0 {
            return false;
        }
        // A member named like a credential field: `X25519.secret_length`, `cfg.db_password`.
        if dotted {
            let last = s.rsplit(|&b| b == b'.').next().unwrap_or_default();
            let llast = last.to_ascii_lowercase();
            if last.iter().all(|&b| b.is_ascii_lowercase() || b == b'_') && FIELD_WORDS.iter().any(|w| memchr::memmem::find(&llast, w.as_bytes()).is_some()) {
                return false;
            }
        }
        if all_upper_snake && s.contains(&b'_') && digits == 0 {
            return false;
        }
        if s.contains(&b'[') {
            return false; // `Optional[str]`, `values[0]`
        }
        if lower_word && field_word {
            return false; // `new_password`, `proxypass`, `repopwd`
        }
        // `MI_UserCredentials_0`, `STORAGE_OFFLOAD_TOKEN_0_0`: an identifier naming a credential field or type.
        if field_word && s.contains(&b'_') && !s.contains(&b'-') && !s.contains(&b'.') && digits * 4 < s.len() {
            return false;
        }
        // A type or class name made of capitalised words, digits inside: `PKCS7PrivateKeyTypes`. It ends
        // in a word; `SuperSecret123` (digits at the end) is a password.
        if field_word && !s.contains(&b'.') && capitalised_words(s) >= 2 && s.last().is_some_and(u8::is_ascii_lowercase) {
            return false;
        }
        // camelCase and PascalCase field names: `dbPassword`, `passwordField`, `SuperSecretToken`.
        if digits == 0 && field_word && s.iter().any(u8::is_ascii_uppercase) && s.iter().any(u8::is_ascii_lowercase)
            && s.iter().all(u8::is_ascii_alphabetic)
        {
            return false;
        }
    }
    let path_like = s.iter().all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'/' | b'_' | b'-' | b'.' | b'#' | b':'));
    if path_like && (s.contains(&b'/') || s.contains(&b':')) && digits == 0 {
        return false; // `cms/sites/passwords#edit`, `grant-type:jwt-bearer`
    }
    // A module path: `rust_openssl.hpke.MLKEM768X25519PrivateKey` (two or more lower-case segments, then a name).
    if s.contains(&b'.') {
        let segs: Vec<&[u8]> = s.split(|&b| b == b'.').collect();
        let ident = |g: &[u8]| !g.is_empty() && (g[0].is_ascii_alphabetic() || g[0] == b'_')
            && g.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_');
        if segs.len() >= 3 && ident(segs[segs.len() - 1])
            && segs[..segs.len() - 1].iter().all(|g| ident(g) && g.len() <= 20
                && g.iter().all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                && g.iter().filter(|b| b.is_ascii_digit()).count() <= 2)
        {
            return false;
        }
    }
    // A qualified name: `ed25519.Ed25519PrivateKey`, `crypto.subtle`: short identifier segments.
    if s.contains(&b'.') {
        let segs: Vec<&[u8]> = s.split(|&b| b == b'.').collect();
        if segs.len() <= 4 && segs.iter().all(|g| {
            !g.is_empty() && g.len() <= 30 && (g[0].is_ascii_alphabetic() || g[0] == b'_')
                && g.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
                && g.iter().any(u8::is_ascii_lowercase)
                // At most one run of digits, as in `Ed25519PrivateKey`; `Qm8vX2nL5pRt` is random.
                && g.windows(2).filter(|w| !w[0].is_ascii_digit() && w[1].is_ascii_digit()).count() <= 1
        }) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32() {
        // A token built with a correct checksum.
        let random = b"abcdefghijklmnopqrstuvwxyz0123";
        let mut n = crc32fast::hash(random) as u64;
        let mut enc = [b'0'; 6];
        for slot in enc.iter_mut().rev() {
            *slot = BASE62[(n % 62) as usize];
            n /= 62;
        }
        let tok = [b"ghp_".as_slice(), random, &enc].concat();
        assert!(crc32_base62_ok(&tok));
        let mut bad = tok.clone();
        let last = bad.len() - 1;
        bad[last] = if bad[last] == b'A' { b'B' } else { b'A' };
        assert!(!crc32_base62_ok(&bad));
    }

    #[test]
    fn jwt() {
        assert!(jwt_ok(b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.abc"));
        assert!(!jwt_ok(b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ.e30.abc")); // truncated header
        assert!(!jwt_ok(b"bm90X3ZhbGlkX2pzb25fYXRfYWxs.e30.abc"));
    }

    #[test]
    fn version_ranges_are_not_passwords() {
        for v in ["^5.2.5", "~1.4", ">=2.0.1", "v3.1.0", "1.2.3"] {
            assert!(!password_shape(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn shapes() {
        assert!(password_shape(b"Tr0ub4dor&3x"));
        assert!(!password_shape(b"self.password"));
        assert!(!password_shape(b"DB_PASSWORD"));
        assert!(!password_shape(b"null"));
        for p in ["A,.:-\u{a8}@*?!", "super$ecret", "m{{h}o)p${e]nob(ody[finds>-_$#thisone}}", "thisIsDog11", "value with quotes and spaces", "#gets0m3", "Zxcvbnm@12345)", "Zxcvbnm@12345",
            "5eb4223e-5008-46e5-be67-c7b8f2732305", "hvb.Qm8vX2nL5pRt7wKz3y"] {
            assert!(password_shape(p.as_bytes()), "{p}");
        }
        for p in [",.:-@*?!", "get_password()", "#add-password", "windows_sys::core::GUID", "__u32", "c_int", "0x803D001F", "bracketed!(content", "D3DKMT_PRESENTHISTORYTOKEN", "WINBIO_PRESENCE_0", "MI_UserCredentials_0", "../struct.Token.html", "db_pass)", "values[0]", "None)", "str):", "keypair[:32]", "alice.",
            "proxypass", "secret%3Dpassword&oauth_token=lock%26key", "sample", "ed25519.Ed25519PrivateKey",
            "grant-type:jwt-bearer", "authorization_header", "SuperSecretToken", "1.302103", "xyzzy", "cms/sites/passwords#edit", "Optional[str]",
            "new_password", "dbPassword", "config.get(", "--verbose", "@Value", "Mot de passe", "Passwort", "jjwt-jackson-0.11.2",
            "743b294a-cd03-11ec-9d64-0242ac120002", "(char", "https://example.com/x", "#add-password", "windows_sys::core::GUID", "__u32", "c_int", "0x803D001F", "bracketed!(content", "D3DKMT_PRESENTHISTORYTOKEN", "WINBIO_PRESENCE_0", "MI_UserCredentials_0", "../struct.Token.html", "db_pass)", "values[0]", "None)", "str):", "keypair[:32]", "alice.",
            "proxypass", "secret%3Dpassword&oauth_token=lock%26key", "sample", "ed25519.Ed25519PrivateKey",
            "grant-type:jwt-bearer", "authorization_header", "SuperSecretToken", "1.302103", "xyzzy", "Password must be 8 characters", "arn:aws:iam::aws:policy/X", "pass",
            "&[u8]", "&[UInt8]", "*[c_char]", "&mut [u8]", "&[u8; 32]", "), an ambiguous word assigned with ", ", then run "] {
            assert!(!password_shape(p.as_bytes()), "{p}");
        }
    }

    #[test]
    fn unquoted() {
        assert!(unquoted_code(b"self._get_password(url"));
        assert!(unquoted_code(b"keypair[:32]"));
        assert!(!unquoted_code(b"Zxcvbnm@12345)"));
        assert!(!unquoted_code(b"Tr0ub4dor&3x"));
        assert!(unquoted_code(b"cfg(x)[1]"));
        assert!(query_string(b"user=a&pass=b"));
        assert!(!password_shape(b"[s|S][e|E][c|C]['|\"][0-9a-zA-Z]{32,45}"));
        assert!(!password_shape(b"rust_crypto.kem.XWing768PrivateKey"));
        assert!(!password_shape(b"PKCS7PrivateKeyTypes"));
        assert!(!password_shape(b"X25519.secret_length"));
        assert!(password_shape(b"SuperSecret123"));
        assert!(!password_shape(b")?(?!file:|env:)(?P"));
        assert!(password_shape(b"pk.q8vnz3kd7w2mfx6tr9lhs4cy1bpg5j0ea8udw3kq.vz7xk2m9qrt4wl6cn8pd"));
        assert!(password_shape(b"correct horse battery staple"));
        assert!(!password_shape(b"guest@"));
        assert!(password_shape(b"guest7@"));
        assert!(password_shape(b"Welcome@"));
        assert!(!password_shape(b"must not be empty"));
        assert!(password_shape(b"notable hollow cider lamp"));
        assert!(password_shape(b"k9]z+Qw2{x"));
        assert!(password_shape(b"k9]+Qw2Lx7")); // one regex-like mark is chance
        assert!(!password_shape(br"^[a-z]+\d{2}$"));
        assert!(password_shape(b"Qm8vX2nL5pRt7wKz3y"));
        assert!(!query_string(b"Lq8&vR=2z&Kt"));
        assert!(password_shape(b"Lq8&vR=2z&Kt"));
        assert!(!password_shape(b"grant_type=password&scope=all"));
        // a closer with no opener before the call: symbols typed as a password, not an expression
        assert!(!unquoted_code(b"q}u)rt[z]Blue(sky7"));
    }

    #[test]
    fn encodings() {
        assert!(basic_auth_ok(b"dXNlcjpzM2NyM3RQNHNz")); // user:s3cr3tP4ss
        assert!(!basic_auth_ok(b"aGVsbG8gd29ybGQ=")); // hello world
        assert!(pem_base64_ok(b"LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlF"));
        assert!(!pem_base64_ok(b"LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUR4"));
        assert!(cisco7_ok(b"0822455D0A16")); // "cisco"
        assert!(!cisco7_ok(b"99ZZ"));
        assert!(pem_body_ok(b"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDAC4AWkdwKYSd8\\nKs14IReLcYgADhoXk56ZzXI="));
        assert!(!pem_body_ok(b"MIIEvQIBADANBgkqhkiG9w0BAQEFxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
    }
}
