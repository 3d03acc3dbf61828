//! Scanning the added lines of a patch (`git diff --cached`, `git log -p --cc`).
//!
//! Each hunk's new side (context and added lines) is scanned as one text, so multi-line secrets and
//! `leakguard:allow-next-line` markers on a context line work; only findings that touch an added line
//! are kept, with the line numbers of the new file. Renames without changes, deletions and binary files
//! have no added lines, so they cost nothing.

use std::io::BufRead;
use std::sync::Arc;

use anyhow::Result;
use leakguard_core::{Config, Finding, Scanner};

use crate::output::Commit;
use crate::scan::FileFindings;

/// Marks the commit header lines of `git log --format` (a byte no patch line starts with).
pub const COMMIT_MARK: u8 = 0x01;
/// Separates the fields of a commit header.
pub const FIELD_SEP: char = '\u{1f}';

/// What a patch scan needs.
pub struct ScanCtx<'a> {
    scanner: &'a Scanner,
    allow: globset::GlobSet,
    max_size: usize,
}

/// A run of lines of a file, some of them new: a hunk's new side, or the new lines of a blob.
#[derive(Default, Debug)]
pub struct Hunk {
    /// File line number of the first line of `text`.
    pub start: usize,
    pub text: Vec<u8>,
    /// Per line of `text`: whether it is new (only findings that touch a new line are kept).
    pub added: Vec<bool>,
}

impl<'a> ScanCtx<'a> {
    pub fn new(scanner: &'a Scanner, config: &Config) -> Result<ScanCtx<'a>> {
        let max = config.max_file_size.unwrap_or(crate::scan::DEFAULT_MAX_FILE_SIZE);
        Ok(ScanCtx { scanner, allow: super::allow_globs(config)?, max_size: usize::try_from(max).unwrap_or(usize::MAX) })
    }

    /// Scans a patch stream; returns the findings per (commit, file), in patch order.
    pub fn scan_patch<R: BufRead>(&self, r: &mut R) -> Result<Vec<FileFindings>> {
        let mut results: Vec<FileFindings> = Vec::new();
        let mut commit: Option<Arc<Commit>> = None;
        let mut path: Option<String> = None;
        let mut findings: Vec<Finding> = Vec::new();
        let mut hunk: Option<Hunk> = None;
        // prefix columns of the hunk lines: 1 for a plain diff, n for a combined diff of n parents
        let mut cols = 1usize;
        let mut file_bytes = 0usize;
        let mut line: Vec<u8> = Vec::with_capacity(256);
        loop {
            line.clear();
            let n = r.read_until(b'\n', &mut line)?;
            let eof = n == 0;
            let body: &[u8] = if line.ends_with(b"\n") { &line[..line.len() - 1] } else { &line };
            if let Some(h) = hunk.as_mut() {
                let first = body.first().copied();
                if !eof && matches!(first, Some(b' ' | b'+' | b'-' | b'\\')) {
                    if first == Some(b'\\') {
                        continue; // "\ No newline at end of file"
                    }
                    let prefix = &body[..cols.min(body.len())];
                    if prefix.contains(&b'-') {
                        continue; // not in the new file
                    }
                    let added = prefix.len() == cols && prefix.iter().all(|&c| c == b'+');
                    h.text.extend_from_slice(&body[prefix.len()..]);
                    h.text.push(b'\n');
                    h.added.push(added);
                    continue;
                }
                let h = hunk.take().unwrap_or_default();
                file_bytes += h.text.len();
                if path.is_some() && file_bytes <= self.max_size {
                    self.scan_hunk(&h, &mut findings);
                }
            }
            if eof {
                break;
            }
            if body.first() == Some(&COMMIT_MARK) {
                flush(&mut results, &mut path, &mut findings, &commit);
                commit = Some(parse_commit(&body[1..]));
                continue;
            }
            if body.starts_with(b"diff --") {
                flush(&mut results, &mut path, &mut findings, &commit);
                file_bytes = 0;
                continue;
            }
            if let Some(rest) = body.strip_prefix(b"+++ ") {
                path = parse_new_path(rest).filter(|p| self.allow.is_empty() || !self.allow.is_match(p));
                continue;
            }
            if body.starts_with(b"@@") {
                let ats = body.iter().take_while(|&&c| c == b'@').count();
                cols = ats.saturating_sub(1).max(1);
                if path.is_some() {
                    if let Some(start) = parse_hunk_start(body) {
                        hunk = Some(Hunk { start, ..Hunk::default() });
                    }
                }
                continue;
            }
        }
        flush(&mut results, &mut path, &mut findings, &commit);
        Ok(results)
    }

    fn scan_hunk(&self, h: &Hunk, out: &mut Vec<Finding>) {
        scan_hunk(self.scanner, h, out);
    }
}

/// Scans a hunk; keeps the findings that touch a new line, with file line numbers.
pub fn scan_hunk(scanner: &Scanner, h: &Hunk, out: &mut Vec<Finding>) {
    {
        if !h.added.iter().any(|&a| a) {
            return;
        }
        for mut f in scanner.scan_file(&h.text) {
            let (first, last) = (f.line.max(1) - 1, f.end_line.max(f.line) - 1);
            let touches_added = (first..=last.min(h.added.len().saturating_sub(1))).any(|i| h.added[i]);
            if !touches_added {
                continue;
            }
            f.line += h.start - 1;
            f.end_line += h.start - 1;
            out.push(f);
        }
    }
}

fn flush(results: &mut Vec<FileFindings>, path: &mut Option<String>, findings: &mut Vec<Finding>, commit: &Option<Arc<Commit>>) {
    if let Some(p) = path.take() {
        if !findings.is_empty() {
            results.push(FileFindings { path: p, findings: std::mem::take(findings), commit: commit.clone() });
        }
    }
    findings.clear();
}

/// `%H<US>%aI<US>%an <%ae>` after the marker byte.
pub fn parse_commit(b: &[u8]) -> Arc<Commit> {
    let s = String::from_utf8_lossy(b);
    let mut it = s.splitn(3, FIELD_SEP);
    let id = it.next().unwrap_or("").trim().to_string();
    let date = it.next().unwrap_or("").to_string();
    let author = it.next().unwrap_or("").trim_end().to_string();
    Arc::new(Commit { id, author, date })
}

/// The new path of `+++ b/<path>`: None for `/dev/null`. Handles git's C quoting and the tab git
/// appends to names with spaces.
pub fn parse_new_path(rest: &[u8]) -> Option<String> {
    let rest = rest.strip_suffix(b"\r").unwrap_or(rest);
    if rest == b"/dev/null" {
        return None;
    }
    let raw = if rest.first() == Some(&b'"') {
        unquote(rest)?
    } else {
        let end = rest.iter().rposition(|&c| c != b'\t').map_or(0, |i| i + 1);
        rest[..end].to_vec()
    };
    let raw = raw.strip_prefix(b"b/").map(<[u8]>::to_vec).unwrap_or(raw);
    Some(String::from_utf8_lossy(&raw).into_owned())
}

/// git's C-style quoted name: `"a\tb\303\251"`.
fn unquote(q: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(q.len());
    let mut i = 1;
    while i < q.len() {
        match q[i] {
            b'"' => return Some(out),
            b'\\' => {
                i += 1;
                let c = *q.get(i)?;
                match c {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'a' => out.push(7),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'v' => out.push(11),
                    b'0'..=b'7' => {
                        let digits = q.get(i..i + 3)?;
                        let s = std::str::from_utf8(digits).ok()?;
                        out.push(u8::from_str_radix(s, 8).ok()?);
                        i += 2;
                    }
                    other => out.push(other),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    None
}

/// The new side's first line in `@@ -a,b +c,d @@` (or `@@@ -a,b -c,d +e,f @@@`).
fn parse_hunk_start(h: &[u8]) -> Option<usize> {
    let s = std::str::from_utf8(h).ok()?;
    let plus = s.split(' ').find(|w| w.starts_with('+'))?;
    let num = plus[1..].split(',').next()?;
    let start: usize = num.parse().ok()?;
    Some(start.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(parse_new_path(b"b/src/a.rs").as_deref(), Some("src/a.rs"));
        assert_eq!(parse_new_path(b"b/a b.txt\t").as_deref(), Some("a b.txt"));
        assert_eq!(parse_new_path(b"\"b/tab\\there\\303\\251\"").as_deref(), Some("tab\there\u{e9}"));
        assert_eq!(parse_new_path(b"/dev/null"), None);
    }

    #[test]
    fn hunk_headers() {
        assert_eq!(parse_hunk_start(b"@@ -0,0 +1,3 @@"), Some(1));
        assert_eq!(parse_hunk_start(b"@@ -5 +7 @@ fn x()"), Some(7));
        assert_eq!(parse_hunk_start(b"@@@ -1,2 -1,2 +1,3 @@@"), Some(1));
    }

    #[test]
    fn added_lines_only_with_new_line_numbers() {
        let scanner = Scanner::new();
        let config = Config::default();
        let ctx = ScanCtx::new(&scanner, &config).unwrap_or_else(|e| panic!("{e}"));
        let patch = "diff --git a/x.txt b/x.txt\n--- a/x.txt\n+++ b/x.txt\n@@ -10,2 +10,3 @@\n old 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\n+new 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\n+++x 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\n-gone\n"; // leakguard:allow (test token)
        let r = ctx.scan_patch(&mut patch.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].path, "x.txt");
        let lines: Vec<usize> = r[0].findings.iter().map(|f| f.line).collect();
        assert_eq!(lines, vec![11, 12]);
    }
}
