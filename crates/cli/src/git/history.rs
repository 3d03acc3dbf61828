//! `leakguard git history`: every blob of the history scanned once, each finding attributed to the
//! first commit (in history order) that brought it, with its author, date and path.
//!
//! `git log --raw` lists, oldest commit first, the blobs each commit introduces (merges against their
//! first parent, which adds the blobs a conflict resolution made). Each blob not seen before is asked
//! of one `git cat-file --batch` while the log is still running, and scanned by a pool of threads.
//! Most lines of a new version of a file were already in an earlier version of it: the blob reader
//! skips lines seen in earlier versions of the same path (64-bit hashes, a sorted list per path), and
//! only runs of new lines, with two lines of context on each side, are scanned; a finding must touch
//! a new line. A secret is reported once per path, at the first commit that had it there. The git binary was measured faster than gix and git2 for this job
//! (BENCHMARKS.md).

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Instant;

use anyhow::{Context, Result};
use leakguard_core::{Config, Finding, Scanner};

use super::cmd;
use super::diff::{parse_commit, scan_hunk, Hunk, COMMIT_MARK};
use super::GitOpts;
use crate::output::{self, Commit, Format, Report};
use crate::scan::FileFindings;

/// The commit header format shared with the patch scanner.
pub const LOG_FORMAT: &str = "--format=%x01%H%x1f%aI%x1f%an <%ae>";
/// Bytes looked at to decide that a blob is binary (a NUL byte), as `scan` does.
const BINARY_SNIFF: usize = 8192;
/// Lines of context scanned around each run of new lines.
const CONTEXT: usize = 2;
/// Lines shorter than this (trimmed) never make a run by themselves (`}`, `else:`, blank lines).
const MIN_NOVEL: usize = 6;

pub fn run(range: &[String], opts: &GitOpts) -> Result<u8> {
    let started = Instant::now();
    let (scanner, config) = super::load(opts)?;
    let stats = Stats::default();
    let results = collect_with(&scanner, &config, range, &stats)?;
    let format = opts.format.unwrap_or(if std::io::stdout().is_terminal() { Format::Text } else { Format::Json });
    let report = Report { files: &results, scanner: &scanner, show_secrets: opts.show_secrets, byte_offsets: false };
    output::write(&mut std::io::stdout().lock(), format, &report)?;
    let total: usize = results.iter().map(|r| r.findings.len()).sum();
    if !opts.quiet {
        eprintln!(
            "leakguard: {total} finding{} in {} commits, {} blobs ({:.1} MB, {:.1} MB of it new lines scanned; skipped {} binary, {} too large) in {:.2}s",
            if total == 1 { "" } else { "s" },
            stats.commits.load(Ordering::Relaxed),
            stats.blobs.load(Ordering::Relaxed),
            stats.bytes.load(Ordering::Relaxed) as f64 / 1e6,
            stats.scanned.load(Ordering::Relaxed) as f64 / 1e6,
            stats.binary.load(Ordering::Relaxed),
            stats.too_large.load(Ordering::Relaxed),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(if total > 0 { crate::EXIT_FOUND } else { crate::EXIT_CLEAN })
}

/// Counts for the summary line.
#[derive(Default)]
pub struct Stats {
    pub commits: AtomicU64,
    pub blobs: AtomicU64,
    pub bytes: AtomicU64,
    pub scanned: AtomicU64,
    pub binary: AtomicU64,
    pub too_large: AtomicU64,
}

/// The findings of the history (`range` as `git log` takes it; empty = all refs).
pub fn collect(scanner: &Scanner, config: &Config, range: &[String]) -> Result<Vec<FileFindings>> {
    collect_with(scanner, config, range, &Stats::default())
}

/// Where a blob first appeared.
struct Origin {
    commit: usize,
    path: String,
}

fn collect_with(scanner: &Scanner, config: &Config, range: &[String], stats: &Stats) -> Result<Vec<FileFindings>> {
    let allow = super::allow_globs(config)?;
    let max_size = config.max_file_size.unwrap_or(crate::scan::DEFAULT_MAX_FILE_SIZE);
    let mut log_args: Vec<String> = [
        "log",
        "--reverse",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--diff-merges=first-parent",
        "-z",
        LOG_FORMAT,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if range.is_empty() {
        log_args.push("--all".into());
    } else {
        log_args.extend(range.iter().cloned());
    }
    log_args.push("--".into());
    let mut log = cmd::spawn_git(&log_args)?;
    let log_out = log.stdout.take().context("git log: no stdout")?;
    let mut cat = cmd::spawn_git_io(&["cat-file", "--batch"])?;
    let cat_in = cat.stdin.take().context("git cat-file: no stdin")?;
    let cat_out = cat.stdout.take().context("git cat-file: no stdout")?;

    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).max(1);
    let found: Mutex<Vec<(usize, Vec<Finding>)>> = Mutex::new(Vec::new());

    let (origins, commits) = std::thread::scope(|s| -> Result<(Vec<Origin>, Vec<Arc<Commit>>)> {
        // Reader: blobs from cat-file, in request order, to the scanning threads.
        let (tx, rx) = mpsc::sync_channel::<(usize, Vec<Hunk>)>(threads * 4);
        let rx = Arc::new(Mutex::new(rx));
        let (path_tx, path_rx) = mpsc::channel::<Arc<str>>();
        let reader = s.spawn(move || read_blobs(cat_out, max_size, path_rx, tx, stats));
        let mut workers = Vec::new();
        for _ in 0..threads {
            let rx = rx.clone();
            let found = &found;
            workers.push(s.spawn(move || loop {
                let next = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                let Ok((i, hunks)) = next else { break };
                let mut f = Vec::new();
                for h in &hunks {
                    scan_hunk(scanner, h, &mut f);
                }
                if !f.is_empty() {
                    found.lock().unwrap_or_else(|p| p.into_inner()).push((i, f));
                }
            }));
        }
        // This thread: parse the log, ask for each new blob.
        let parsed = parse_log(log_out, cat_in, path_tx, &allow, stats);
        let read = reader.join().map_err(|_| anyhow::anyhow!("blob reader panicked"))?;
        for w in workers {
            w.join().map_err(|_| anyhow::anyhow!("scanner thread panicked"))?;
        }
        read?;
        parsed
    })?;
    cmd::wait_ok(log, "git log")?;
    cmd::wait_ok(cat, "git cat-file")?;

    // A secret is reported once per path, at the first blob (in history order) that has it.
    let mut found = found.into_inner().unwrap_or_else(|p| p.into_inner());
    found.sort_by_key(|(i, _)| *i);
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut results: Vec<FileFindings> = Vec::new();
    for (i, fs) in found {
        let o = &origins[i];
        let keep: Vec<Finding> = fs.into_iter().filter(|f| seen.insert((f.fingerprint.clone(), o.path.clone()))).collect();
        if !keep.is_empty() {
            results.push(FileFindings { path: o.path.clone(), findings: keep, commit: Some(commits[o.commit].clone()) });
        }
    }
    Ok(results)
}

/// Parses `git log --raw -z` and writes the id of each blob not seen before to cat-file's stdin.
fn parse_log(
    log_out: std::process::ChildStdout,
    cat_in: std::process::ChildStdin,
    path_tx: mpsc::Sender<Arc<str>>,
    allow: &globset::GlobSet,
    stats: &Stats,
) -> Result<(Vec<Origin>, Vec<Arc<Commit>>)> {
    let mut r = BufReader::with_capacity(1 << 16, log_out);
    let mut w = BufWriter::with_capacity(1 << 16, cat_in);
    let mut origins: Vec<Origin> = Vec::new();
    let mut commits: Vec<Arc<Commit>> = Vec::new();
    let mut seen: HashMap<[u8; 20], ()> = HashMap::new();
    let mut seen_long: HashSet<Vec<u8>> = HashSet::new();
    let mut tok: Vec<u8> = Vec::with_capacity(256);
    // the blob id and mode of a raw entry whose path comes in the next token
    let mut pending: Option<Vec<u8>> = None;
    loop {
        tok.clear();
        if r.read_until(0, &mut tok)? == 0 {
            break;
        }
        if tok.last() == Some(&0) {
            tok.pop();
        }
        let t: &[u8] = {
            let mut t = &tok[..];
            while let Some(rest) = t.strip_prefix(b"\n") {
                t = rest;
            }
            t
        };
        if let Some(id) = pending.take() {
            let path = String::from_utf8_lossy(t).into_owned();
            if !allow.is_empty() && allow.is_match(&path) {
                continue;
            }
            let new = if id.len() == 40 {
                let mut k = [0u8; 20];
                for (j, chunk) in id.chunks(2).enumerate() {
                    k[j] = u8::from_str_radix(std::str::from_utf8(chunk).unwrap_or("0"), 16).unwrap_or(0);
                }
                seen.insert(k, ()).is_none()
            } else {
                seen_long.insert(id.clone())
            };
            if new {
                let _ = path_tx.send(Arc::from(path.as_str()));
                origins.push(Origin { commit: commits.len() - 1, path });
                w.write_all(&id)?;
                w.write_all(b"\n")?;
            }
            continue;
        }
        if t.first() == Some(&COMMIT_MARK) {
            commits.push(parse_commit(&t[1..]));
            stats.commits.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        if t.first() == Some(&b':') {
            // :old_mode new_mode old_id new_id status
            let fields: Vec<&[u8]> = t[1..].split(|&c| c == b' ').collect();
            if fields.len() >= 5 && !commits.is_empty() {
                let (mode, id) = (fields[1], fields[3]);
                let is_file = mode.starts_with(b"100") || mode == b"120000";
                if is_file && !id.iter().all(|&c| c == b'0') {
                    pending = Some(id.to_vec());
                    continue;
                }
            }
            pending = None;
            // the path token still follows: skip it
            tok.clear();
            r.read_until(0, &mut tok)?;
        }
    }
    w.flush()?;
    drop(w); // closes cat-file's stdin: it finishes
    Ok((origins, commits))
}

/// Reads `git cat-file --batch` answers; sends the new lines of each scannable blob, numbered in
/// request order.
fn read_blobs(
    out: std::process::ChildStdout,
    max_size: u64,
    paths: mpsc::Receiver<Arc<str>>,
    tx: mpsc::SyncSender<(usize, Vec<Hunk>)>,
    stats: &Stats,
) -> Result<()> {
    // per path: the sorted line hashes of every version read so far
    let mut seen: HashMap<Arc<str>, Vec<u64>> = HashMap::new();
    let mut r = BufReader::with_capacity(1 << 20, out);
    let mut header = Vec::with_capacity(128);
    let mut i = 0usize;
    loop {
        header.clear();
        if r.read_until(b'\n', &mut header)? == 0 {
            return Ok(());
        }
        let path = paths.recv().ok();
        let h = String::from_utf8_lossy(&header);
        let mut parts = h.split_whitespace();
        let (_id, kind, size) = (parts.next(), parts.next(), parts.next());
        if kind == Some("missing") || kind.is_none() {
            i += 1;
            continue;
        }
        let size: u64 = size.and_then(|s| s.parse().ok()).with_context(|| format!("git cat-file: bad header {h:?}"))?;
        if size > max_size {
            std::io::copy(&mut (&mut r).take(size + 1), &mut std::io::sink())?;
            stats.too_large.fetch_add(1, Ordering::Relaxed);
            i += 1;
            continue;
        }
        let mut data = vec![0u8; usize::try_from(size).unwrap_or(usize::MAX)];
        r.read_exact(&mut data)?;
        let mut nl = [0u8; 1];
        r.read_exact(&mut nl)?;
        if memchr::memchr(0, &data[..data.len().min(BINARY_SNIFF)]).is_some() {
            stats.binary.fetch_add(1, Ordering::Relaxed);
        } else {
            stats.blobs.fetch_add(1, Ordering::Relaxed);
            stats.bytes.fetch_add(size, Ordering::Relaxed);
            let known = path.map(|p| seen.entry(p).or_default());
            let mut scratch = Vec::new();
            let hunks = new_lines(data, known.unwrap_or(&mut scratch));
            let n: usize = hunks.iter().map(|h| h.text.len()).sum();
            stats.scanned.fetch_add(n as u64, Ordering::Relaxed);
            if !hunks.is_empty() && tx.send((i, hunks)).is_err() {
                return Ok(());
            }
        }
        i += 1;
    }
}

/// A fast 64-bit hash of a line (not cryptographic; a collision only skips one line).
fn line_hash(line: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0x2545_F491_4F6C_DD1D ^ (line.len() as u64).wrapping_mul(K);
    let mut chunks = line.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(31);
    }
    let mut w = [0u8; 8];
    let rest = chunks.remainder();
    w[..rest.len()].copy_from_slice(rest);
    h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K);
    h ^ (h >> 29)
}

/// The runs of lines of `data` not in `known` (sorted hashes of the earlier versions of the path,
/// updated), each with `CONTEXT` lines around it.
fn new_lines(data: Vec<u8>, known: &mut Vec<u64>) -> Vec<Hunk> {
    let mut spans: Vec<(usize, usize)> = Vec::new(); // byte range of each line
    let mut novel: Vec<bool> = Vec::new();
    let mut added: Vec<u64> = Vec::new();
    let mut pos = 0;
    for line in data.split_inclusive(|&b| b == b'\n') {
        let body = line.trim_ascii();
        let mut new = false;
        if body.len() >= MIN_NOVEL {
            let h = line_hash(body);
            if known.binary_search(&h).is_err() {
                new = true;
                added.push(h);
            }
        }
        spans.push((pos, pos + line.len()));
        novel.push(new);
        pos += line.len();
    }
    if !added.is_empty() {
        known.extend_from_slice(&added);
        known.sort_unstable();
        known.dedup();
    }
    if !novel.iter().any(|&n| n) {
        return Vec::new();
    }
    if novel.iter().all(|&n| n) {
        let added = vec![true; spans.len()];
        return vec![Hunk { start: 1, text: data, added }];
    }
    let mut hunks = Vec::new();
    let n = spans.len();
    let mut i = 0;
    while i < n {
        if !novel[i] {
            i += 1;
            continue;
        }
        let from = i.saturating_sub(CONTEXT);
        let mut to = i; // last novel line of the run (runs closer than 2 * CONTEXT merge)
        let mut j = i + 1;
        while j < n && j <= to + 2 * CONTEXT + 1 {
            if novel[j] {
                to = j;
            }
            j += 1;
        }
        let end = (to + CONTEXT).min(n - 1);
        hunks.push(Hunk {
            start: from + 1,
            text: data[spans[from].0..spans[end].1].to_vec(),
            added: novel[from..=end].to_vec(),
        });
        i = end + 1;
    }
    hunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_new_runs_with_context() {
        let mut seen = Vec::new();
        let v1: Vec<u8> = (1..=20).map(|i| format!("line number {i}\n")).collect::<String>().into_bytes();
        let h = new_lines(v1.clone(), &mut seen);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].start, 1);
        assert!(new_lines(v1, &mut seen).is_empty(), "nothing new");
        let mut v2: Vec<String> = (1..=20).map(|i| format!("line number {i}\n")).collect();
        v2.insert(10, "a brand new line\n".into());
        v2.push("}\n".into());
        let h = new_lines(v2.concat().into_bytes(), &mut seen);
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].start, 9);
        assert_eq!(h[0].added, vec![false, false, true, false, false]);
        assert_eq!(String::from_utf8_lossy(&h[0].text).lines().nth(2), Some("a brand new line"));
    }
}
