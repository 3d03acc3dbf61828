//! Passwords on command lines pasted into messages: `curl -u <user>:<password>`, `mysql -p<password>`,
//! `sshpass -p <password>`, `--password=<password>`, `redis-cli -a <password>`, `ldapsearch -w <password>`,
//! `smbclient -U <user>%<password>`.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::filters;
use crate::rule::Confidence;

use super::ProseHit;

/// Tools whose `-p` option takes the password stuck to it (`-pSecret`) or after a space.
const MYSQL_LIKE: &[&str] = &["mysql", "mysqldump", "mysqladmin", "mariadb", "mariadb-dump", "mysqlimport", "mysqlsh"];

/// Words of which every command line this module reports a password on holds one (ASCII case
/// ignored): the tools and options whose values [`detect`] reads. A line without any of them gives
/// nothing, which lets a file scan look only at the lines where its keyword pass found one
/// ([`detect_at`]).
pub(crate) const WORDS: &[&str] = &["pass", "-pw", "curl", "wget", "mysql", "mariadb", "redis-cli", "ldap", "smbclient", "net use"];

/// The start of a Wi-Fi QR payload, found ignoring ASCII case for [`wifi_qr_at`] (which keeps only
/// `WIFI:` and `wifi:`, as [`wifi_qr`] does).
pub(crate) const WIFI: &str = "wifi:";

/// Finds passwords on the command lines of `text` (byte offsets into `text`).
pub(crate) fn detect(text: &str, out: &mut Vec<ProseHit>) {
    let bytes = text.as_bytes();
    // Cheap gate: an option dash and one of the tools or options.
    if memchr::memchr(b'-', bytes).is_none() {
        return;
    }
    // Every password this function reports follows an option (`-p`, `-u`, `-a`, `-w`, `--...`) or a
    // `/user:` switch: only the lines holding one are read. Searching for the dash (SIMD) and looking
    // at the next byte is much cheaper than searching every line for the tool names (most lines of C
    // or Python hold a dash, few an option of these letters).
    let mut next_line = 0;
    for at in memchr::memchr2_iter(b'-', b'/', bytes) {
        if at < next_line || !option_at(text, at) {
            continue;
        }
        let (base, end) = line_at(bytes, at);
        next_line = end + 1;
        read_line(text, base, end, out);
    }
}

/// [`detect`], given the positions in `text` of the occurrences of [`WORDS`] (ASCII case ignored),
/// in text order: only their lines are read (the same lines [`detect`] reads that may give a
/// password, so the same passwords, in the same order).
pub(crate) fn detect_at(text: &str, words: &[usize], out: &mut Vec<ProseHit>) {
    let bytes = text.as_bytes();
    let mut next_line = 0;
    for &p in words {
        if p < next_line {
            continue;
        }
        let (base, end) = line_at(bytes, p);
        next_line = end + 1;
        if memchr::memchr2_iter(b'-', b'/', &bytes[base..end]).any(|i| option_at(text, base + i)) {
            read_line(text, base, end, out);
        }
    }
}

/// The line holding byte `at`: its start and its end (the line feed left out).
fn line_at(bytes: &[u8], at: usize) -> (usize, usize) {
    (super::line_start_at(bytes, at), memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i))
}

/// Whether the `-` or `/` at `at` starts an option that may take a password: `-u`, `-p`, `-a`, `-w`
/// (either case), `--...` or `/user:`, at the start of a token (see `tokens`: at the start of the
/// line or after a space). A dash inside a word (`non-ascii`, `x-a`, `some-path`) starts none.
fn option_at(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let is_option = bytes.get(at + 1).is_some_and(|c| matches!(c.to_ascii_lowercase(), b'u' | b'p' | b'a' | b'w' | b'-'));
    let user_switch = || bytes.len() >= at + 6 && bytes[at + 1..at + 6].eq_ignore_ascii_case(b"user:");
    let token_start = || text[..at].chars().next_back().map_or(true, char::is_whitespace);
    (if bytes[at] == b'-' { is_option } else { user_switch() }) && token_start()
}

/// The passwords of the line `text[base..end]`.
fn read_line(text: &str, base: usize, end: usize, out: &mut Vec<ProseHit>) {
    let line = &text[base..end];
    if !line.contains('-') {
        return;
    }
    let lower = line.to_ascii_lowercase();
    let toks = tokens(line);
    let tool_mysql = toks.iter().any(|t| MYSQL_LIKE.contains(&t.2.trim_matches(['`', '\'', '"', '(', '$']).to_ascii_lowercase().as_str()));
    let mut i = 0;
    while i < toks.len() {
        let (s, e, ref t0) = toks[i];
        let t = &t0.trim_end_matches('`').to_string();
        let e = e - (t0.len() - t.len());
        let next = toks.get(i + 1);
        let lt = t.to_ascii_lowercase();
        let mut hit: Option<(usize, usize)> = None;
        if (lt == "-u" && !(t == "-U" && lower.contains("smbclient"))) || lt == "--user" || lt == "--proxy-user" {
            if let Some(&(ns, ne, ref nt)) = next {
                if lower.contains("curl") || lower.contains("wget") {
                    if let Some(c) = nt.find(':') {
                        hit = Some((ns + c + 1, ne));
                    }
                }
            }
        } else if (lt.starts_with("-u") && lt.len() > 2 && (lower.contains("curl"))) && t.contains(':') {
            let c = t.find(':').unwrap_or(0);
            hit = Some((s + c + 1, e));
        } else if lt.starts_with("--password=") || lt.starts_with("--passwd=") || lt.starts_with("--pass=") || lt.starts_with("--http-password=") || lt.starts_with("--ftp-password=") {
            let c = t.find('=').unwrap_or(0);
            hit = Some((s + c + 1, e));
        } else if matches!(lt.as_str(), "--password" | "--passwd" | "--pass" | "--http-password" | "-pw") || (t == "-p" && lower.contains("sshpass")) {
            if let Some(&(ns, ne, _)) = next {
                hit = Some((ns, ne));
            }
        } else if t.starts_with("-p") && t.len() > 2 && tool_mysql && !t.starts_with("--") {
            hit = Some((s + 2, e));
        } else if (t == "-a" && lower.contains("redis-cli")) || (t == "-w" && lower.contains("ldap")) {
            if let Some(&(ns, ne, _)) = next {
                hit = Some((ns, ne));
            }
        } else if (t == "-U" && lower.contains("smbclient")) || (lt.starts_with("/user:") && lower.contains("net use")) {
            if let Some(&(ns, ne, ref nt)) = next {
                if let Some(p) = nt.find('%') {
                    hit = Some((ns + p + 1, ne));
                } else if lt.starts_with("/user:") && !nt.starts_with('/') {
                    hit = Some((ns, ne));
                }
            }
        }
        if let Some((hs, he)) = hit {
            let (hs, he) = unquote(line, hs, he);
            let v = &line[hs..he];
            let shape_ok = !matches!(super::value::shape(v), super::value::Shape::No | super::value::Shape::Word) && !line[..hs].ends_with(['<', '{', '[']) && !v.ends_with(['>', '}', ']']);
            if he > hs && v.len() >= 3 && shape_ok && !filters::is_placeholder(v.as_bytes()) && !v.starts_with('-') && !v.starts_with('$') && !v.starts_with('<') && !v.starts_with('%') {
                out.push(ProseHit { start: base + hs, end: base + he, confidence: Confidence::High });
            }
        }
        i += 1;
    }
}

/// The password of a Wi-Fi QR code payload pasted as text: `WIFI:S:<ssid>;T:WPA;P:<password>;;`
/// (fields separated by `;`, `\;` escapes a semicolon).
pub(crate) fn wifi_qr(text: &str, out: &mut Vec<ProseHit>) {
    // Searchers built once: `memmem::find` would build one per call, a cost on every window.
    static UPPER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"WIFI:"));
    static LOWER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"wifi:"));
    let Some(at) = UPPER.find(text.as_bytes()).or_else(|| LOWER.find(text.as_bytes())) else { return };
    wifi_payload(text, at, out);
}

/// [`wifi_qr`], given the positions in `text` of the occurrences of [`WIFI`] (ASCII case ignored,
/// in any order): the first `WIFI:`, else the first `wifi:`, is read.
pub(crate) fn wifi_qr_at(text: &str, wifi: &[usize], out: &mut Vec<ProseHit>) {
    let b = text.as_bytes();
    let first = |form: &[u8]| wifi.iter().copied().filter(|&p| b.get(p..p + form.len()) == Some(form)).min();
    let Some(at) = first(b"WIFI:").or_else(|| first(b"wifi:")) else { return };
    wifi_payload(text, at, out);
}

/// The password of the payload whose `WIFI:` starts at `at`.
fn wifi_payload(text: &str, at: usize, out: &mut Vec<ProseHit>) {
    let body = &text[at + 5..];
    let end = body.find(";;").map_or(body.len().min(200), |e| e + 1);
    let mut i = 0;
    let b = body.as_bytes();
    let mut field_start = 0;
    while i < end {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == b';' || b[i] == b'\n' {
            let field = &body[field_start..i];
            if let Some(v) = field.strip_prefix("P:") {
                if v.len() >= 4 && !filters::is_placeholder(v.as_bytes()) {
                    let s = at + 5 + field_start + 2;
                    out.push(ProseHit { start: s, end: s + v.len(), confidence: Confidence::High });
                }
                return;
            }
            if b[i] == b'\n' {
                return;
            }
            field_start = i + 1;
        }
        i += 1;
    }
}

/// Commands that ask for a password interactively, and their prompting options.
const PROMPTING: &[&str] = &[
    "psql", "mysql", "mariadb", "ssh", "sftp", "scp", "ftp", "sudo", "su -", "kinit", "runas", "mstsc", "rdesktop", "xfreerdp",
    "openvpn", "openconnect", "smbclient", "ldapsearch", "mongosh", "mongo", "redis-cli", "sqlcmd", "telnet", "docker login",
    "podman login", "git clone", "git push", "net use", "passwd", "login", "rsync", "pg_dump", "mysqldump",
];

/// Whether `folded` (a line or two, lower case) holds a command that prompts for a password.
pub(crate) fn prompts_for_password(folded: &str) -> bool {
    PROMPTING.iter().any(|c| {
        folded.match_indices(c).any(|(i, _)| {
            let before = folded[..i].chars().next_back();
            let after = folded[i + c.len()..].chars().next();
            before.map_or(true, |b| !b.is_alphanumeric() && b != '-' && b != '_' && b != '.') && after.map_or(true, |a| a == ' ' || a == '@')
        })
    })
}

/// Shell-ish tokens: (start, end, text) split on spaces; quotes stay in the token.
fn tokens(line: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    for (i, ch) in line.char_indices() {
        match (start, quote) {
            (None, _) if ch.is_whitespace() => {}
            (None, _) => {
                start = Some(i);
                if ch == '\'' || ch == '"' {
                    quote = Some(ch);
                }
            }
            (Some(_), Some(q)) if ch == q && Some(i) != start => quote = None,
            (Some(_), Some(_)) => {}
            (Some(_), None) if ch == '\'' || ch == '"' => quote = Some(ch),
            (Some(s), None) if ch.is_whitespace() => {
                out.push((s, i, line[s..i].to_string()));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        let e = line.trim_end_matches(['`', '\r']).len().max(s);
        out.push((s, e, line[s..e].to_string()));
    }
    out
}

/// Removes quotes around (or at the start of) `line[s..e]`.
fn unquote(line: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    let b = line.as_bytes();
    while e > s && matches!(b[e - 1], b'\'' | b'"' | b'`' | b';' | b',') {
        e -= 1;
    }
    while s < e && matches!(b[s], b'\'' | b'"' | b'`') {
        s += 1;
    }
    (s, e)
}
