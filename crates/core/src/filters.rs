//! Value filters shared by every rule: entropy, placeholders and references.
//!
//! A match is dropped when its secret is a placeholder or a reference to a secret kept elsewhere.
//! rules/README.md explains the decision to users; keep the two in step.

/// Shannon entropy of `s`, in bits per byte.
pub fn shannon_entropy(s: &[u8]) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in s {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// Case-insensitive markers that make a value a documentation placeholder.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example", "placeholder", "changeme", "change_me", "change-me", "your_", "your-", "yourpass",
    "yoursecret", "yourtoken", "yourkey", "<your", "redacted", "dummy", "replace_me", "replaceme",
    "insert_", "insert-", "fill_in", "fillme", "todo", "notreal", "not_real", "not-a-real", "not a real",
    "not my real", "sample_",
    "fake", "xxxx", "****", "••••", "...", "…", "________", "--------", "########", "&lt;", "&gt;",
    // RFC 7617's documented Basic credentials (Aladdin / open sesame), in clear and in base64, and the
    // example tokens and client credentials of the OAuth RFCs (6749, 6750), copied into many docs.
    "open sesame", "opensesame", "open_sesame", "qwxhzgrpbjpvcgvuihnlc2ftzq", "mf_9.b5f-4.1jqm",
    "2yotnfzfejr1zcsicmwpaa", "tgzv3jokf0xg5qx2tlkwia", "czzcagrsa3f0mzpnwdfmqmf0m2jw", "h480djs93hd8",
    "splxlobezqqybys6wxsbia",
];

/// Sequences that only appear in made-up values.
const SEQUENCES: &[&str] = &["123456789", "abcdefg", "qwertyuiop", "987654321", "a1b2c3d4"];

/// One automaton for [`PLACEHOLDER_WORDS`] and [`SEQUENCES`], ASCII case ignored (the prose
/// detector asks about every candidate value, so this is on the per-message path).
fn placeholder_words() -> &'static aho_corasick::AhoCorasick {
    static AC: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(PLACEHOLDER_WORDS.iter().chain(SEQUENCES))
            .expect("placeholder words build an automaton")
    })
}

/// Whether `value` is a placeholder, a template reference or an environment lookup, not a secret.
pub fn is_placeholder(value: &[u8]) -> bool {
    let v = trim_quotes(value);
    if v.is_empty() {
        return true;
    }
    if is_reference(v) || is_encrypted(v) {
        return true;
    }
    // A `<slot>` closed by the end of a code span or a sentence: `mysql -p<password>`, in documentation.
    if let Some(gt) = v.iter().rposition(|&b| b == b'>') {
        if v[0] == b'<' && gt >= 2 && v[gt + 1..].iter().all(|b| matches!(b, b'`' | b',' | b'.' | b';' | b':' | b')')) {
            return true;
        }
    }
    // One character repeated (`aaaaaaaa`, `00000000`).
    if v.iter().all(|&b| b == v[0]) {
        return true;
    }
    if placeholder_words().is_match(v) {
        return true;
    }
    // Very few distinct characters for its length: `abababab`, `1212121212`.
    if v.len() >= 8 {
        let mut seen = [false; 256];
        let distinct = v.iter().filter(|&&b| !std::mem::replace(&mut seen[b as usize], true)).count();
        if distinct <= 2 {
            return true;
        }
    }
    // A base64 value that decodes to a documentation text ("dummy text data", "example:password").
    if v.len() >= 12 && v.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_')) {
        if let Some(text) = decode_printable_base64(v) {
            if placeholder_words().is_match(&text) {
                return true;
            }
        }
    }
    false
}

/// A unit of 4 to 8 characters repeated at least three times in a row (`abcd1234abcd1234abcd1234`):
/// made up by hand, never the output of a random generator. Used by the `made_up` validator, which lowers
/// the confidence of such values instead of dropping them.
pub(crate) fn has_repeated_unit(v: &[u8]) -> bool {
    for unit in 4..=8usize {
        if v.len() < unit * 3 {
            break;
        }
        let mut run = 0usize;
        for i in unit..v.len() {
            if v[i] == v[i - unit] {
                run += 1;
                if run >= unit * 2 {
                    return true;
                }
            } else {
                run = 0;
            }
        }
    }
    false
}

/// Decodes standard or URL-safe base64 when the result is printable ASCII text.
fn decode_printable_base64(v: &[u8]) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    use base64::Engine as _;
    let d = [STANDARD, URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD].iter().find_map(|e| e.decode(v).ok())?;
    (d.len() >= 8 && d.iter().all(|&b| (0x20..0x7f).contains(&b) || b == b'\n')).then_some(d)
}

/// A value kept encrypted by a secrets tool: SOPS `ENC[AES256_GCM,...]`, dotenvx `encrypted:...`, Ansible
/// Vault `$ANSIBLE_VAULT;...`, Jasypt `ENC(...)`. Safe to commit by design.
pub fn is_encrypted(v: &[u8]) -> bool {
    v.starts_with(b"ENC[") || v.starts_with(b"ENC(") || v.starts_with(b"encrypted:") || v.starts_with(b"$ANSIBLE_VAULT;")
}

/// Template syntax and environment references: `${VAR}`, `$VAR`, `{{ var }}`, `%(var)s`, `<key>`,
/// `%VAR%`, `#{var}`, `$(cmd)`, `<%= erb %>`, `{name}`, `[NAME]`, `os.getenv(...)`, `process.env.X`,
/// `ENV[...]`.
///
/// Template markers count only when well formed (`${` followed by a name, `{{` closed by `}}` with no
/// brace inside): a password such as `m{{h}o)p${e]x` is full of braces but is no reference.
pub fn is_reference(v: &[u8]) -> bool {
    if v.is_empty() {
        return false;
    }
    if has_template(v) {
        return true;
    }
    let (first, last) = (v[0], v[v.len() - 1]);
    if v.len() >= 2 && first == b'<' && last == b'>' {
        return true;
    }
    if v.len() >= 3 && first == b'%' && last == b'%' {
        return true;
    }
    // `{name}` (format strings) and `[NAME]` / `[Shared key goes here]` (documentation slots).
    if v.len() >= 3 && ((first == b'{' && last == b'}') || (first == b'[' && last == b']')) {
        let inner = &v[1..v.len() - 1];
        // A name has letters and no digits; `{ZqL5kVrX1n8tA2}` is a token in braces.
        if inner.iter().any(u8::is_ascii_alphabetic)
            && !inner.iter().any(u8::is_ascii_digit)
            && inner.iter().all(|&b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'.' | b'-' | b' ' | b'\''))
        {
            return true;
        }
        // A format field with a conversion or spec: `{password!r}`, `{pw:>10}`.
        let name = inner.iter().take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.').count();
        if first == b'{' && name > 0 && inner[0].is_ascii_alphabetic() && matches!(inner.get(name), Some(b'!' | b':')) {
            return true;
        }
    }
    // `$REACT_APP_BASE_URL/classroom`: a value built on an environment variable.
    if first == b'$' {
        let n = v[1..].iter().take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_').count();
        if n >= 2 && v[1..=n].iter().all(|&b| !b.is_ascii_lowercase()) && v[1].is_ascii_uppercase() {
            return true;
        }
    }
    // `$VAR`, `$env:VAR`, `$dbPassword`; but `$ecretP4ss` (mixed case with digits) is a password.
    if first == b'$' && v.len() > 1 {
        let ident = &v[1..];
        let identish = ident.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b':' || b == b'.');
        let env_style = ident.iter().all(|&b| !b.is_ascii_lowercase());
        let no_digits = !ident.iter().any(u8::is_ascii_digit);
        if identish && (env_style || no_digits) {
            return true;
        }
    }
    let lower = v.to_ascii_lowercase();
    let hasl = |w: &str| memchr::memmem::find(&lower, w.as_bytes()).is_some();
    hasl("getenv(") || hasl("process.env") || hasl("os.environ") || hasl("env[") || hasl("secrets.")
        || hasl("vault:") || hasl("env(") || hasl("<%")
}

/// Whether `v` contains a well-formed template or substitution: `${NAME...}`, `{{ ... }}`, `%(name)s`,
/// `#{...}`, `$(cmd)`.
fn has_template(v: &[u8]) -> bool {
    let ident_start = |b: u8| b.is_ascii_alphabetic() || b == b'_';
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'.';
    for i in memchr::memchr_iter(b'{', v) {
        let before = if i > 0 { v[i - 1] } else { 0 };
        let rest = &v[i + 1..];
        match before {
            // `${NAME}`, `${NAME:-default}`, `${{ github }}` (handled below as `{{`).
            b'$' if rest.first().is_some_and(|&b| ident_start(b)) => {
                let n = rest.iter().take_while(|&&b| ident(b)).count();
                match rest.get(n) {
                    Some(b'}') => return true,
                    Some(b':' | b'-' | b'?' | b'=' | b'+' | b'#' | b'%' | b'/' | b'^' | b',') => {
                        if let Some(end) = memchr::memchr(b'}', &rest[n..]) {
                            if !rest[n..n + end].contains(&b'{') {
                                return true;
                            }
                        }
                    }
                    _ => {}
                }
            }
            // `#{expr}` (Ruby, Puppet).
            b'#' => {
                if let Some(end) = memchr::memchr(b'}', rest) {
                    if end > 0 && !rest[..end].contains(&b'{') {
                        return true;
                    }
                }
            }
            _ => {}
        }
        // `{{ expr }}`: closed by `}}` with no brace inside.
        if rest.first() == Some(&b'{') {
            let inner = &rest[1..];
            if let Some(end) = memchr::memmem::find(inner, b"}}") {
                if !inner[..end].iter().any(|&b| b == b'{' || b == b'}') {
                    return true;
                }
            }
        }
    }
    // `%(name)s`
    for i in memchr::memmem::find_iter(v, b"%(") {
        let rest = &v[i + 2..];
        let n = rest.iter().take_while(|&&b| ident(b)).count();
        if n > 0 && rest.get(n) == Some(&b')') {
            return true;
        }
    }
    // `$(command ...)`
    for i in memchr::memmem::find_iter(v, b"$(") {
        let rest = &v[i + 2..];
        if rest.first().is_some_and(|&b| ident_start(b) || b == b'$' || b == b'(') || rest.first() == Some(&b' ') && rest.contains(&b')') {
            return true;
        }
    }
    false
}

/// Strips one pair of matching ASCII quotes or backticks.
pub fn trim_quotes(v: &[u8]) -> &[u8] {
    if v.len() >= 2 {
        let (a, b) = (v[0], v[v.len() - 1]);
        if a == b && matches!(a, b'"' | b'\'' | b'`') {
            return &v[1..v.len() - 1];
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for p in ["${DB_PASSWORD}", "$DB_PASS", "{{ vault_pw }}", "%(pw)s", "<your-key>", "xxxxxxxx",
            "********", "AKIAIOSFODNN7EXAMPLE", "changeme", "os.getenv('X')", "%PASSWORD%", "abababab",
            "${DB_PASS:-hunter2}", "${{ secrets.PW }}", "{password}", "[PASSWORD]", "<%= @pw %>", "#{pw}",
            "$(cat /run/secrets/pw)", "prefix-${NAME}", "&lt;YOURPASSWORD&gt;", "somefakekey", "$(cat",
            "$REACT_APP_URL/x", "ops_eyJzaWduSW5BZGRyZXNz...", "ZHVtbXkgdGV4dCBkYXRhIGRhdGEgZGF0YQ==",
            "ENC[AES256_GCM,data:Tr0b4d==,iv:x,tag:y,type:str]", "encrypted:BDqk29x", "ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)", "{password!r}", "mF_9.B5f-4.1JqM",
            "xoxp-1-2-3-################", "<password>`,", "<password>`", "<db-password>."] {
            assert!(is_placeholder(p.as_bytes()), "{p}");
        }
        for s in ["Gendarme75!", "ghp_R4nd0mT0k3nV4lu3", "Xk9vQ2mLp7Rt", "$ecretP4ss", "m{{h}o)p${e]nob(ody[fi>-_$#x}}",
            "k$(9Lw{x", "{Qx7-9w}v", "{ZqL5kVrX1n8tA2}", "<>`,", "<x>Qm8vX2nL"] {
            assert!(!is_placeholder(s.as_bytes()), "{s}");
        }
    }

    #[test]
    fn entropy() {
        assert_eq!(shannon_entropy(b"aaaa"), 0.0);
        assert!((shannon_entropy(b"abcd") - 2.0).abs() < 1e-9);
    }
}
