//! `leakguard scan`: files, folders (in parallel, honouring .gitignore) and stdin.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;
use leakguard_core::{Config, Confidence, Finding, Scanner};

use crate::config_load;
use crate::output::{self, Format, Report};

/// Default largest file scanned, in bytes; larger ones are skipped and counted.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 100 * 1024 * 1024;
/// Bytes looked at to decide that a file is binary (a NUL byte).
const BINARY_SNIFF: usize = 8192;

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Files or folders to scan; `-` reads stdin. Default: the current folder.
    pub paths: Vec<PathBuf>,
    /// Output format (default: text on a terminal, json otherwise).
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Print the secrets themselves, not only masked previews.
    #[arg(long)]
    pub show_secrets: bool,
    /// Configuration file (default: .leakguard.toml at the repository root).
    #[arg(long, short = 'c')]
    pub config: Option<PathBuf>,
    /// Ignore .leakguard.toml.
    #[arg(long)]
    pub no_config: bool,
    /// Skip files larger than this many bytes (default 100 MiB, or `scan.max_file_size`).
    #[arg(long)]
    pub max_file_size: Option<u64>,
    /// Report only findings at or above this confidence.
    #[arg(long, value_parser = parse_confidence)]
    pub min_confidence: Option<Confidence>,
    /// Threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Scan files that .gitignore excludes, too.
    #[arg(long)]
    pub no_ignore: bool,
    /// Follow symbolic links.
    #[arg(long)]
    pub follow: bool,
    /// Name used for stdin in reports.
    #[arg(long, default_value = "<stdin>")]
    pub stdin_name: String,
    /// Do not print the summary line, nor progress, on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

fn parse_confidence(s: &str) -> Result<Confidence, String> {
    Confidence::parse(s).ok_or_else(|| format!("{s:?} is not low, medium or high"))
}

/// Counts for the summary line.
#[derive(Default, Debug)]
pub struct Stats {
    pub files: AtomicU64,
    pub bytes: AtomicU64,
    pub binary: AtomicU64,
    pub too_large: AtomicU64,
    pub errors: AtomicU64,
    pub allowlisted: AtomicU64,
}

/// Findings in one file.
#[derive(Debug)]
pub struct FileFindings {
    pub path: String,
    pub findings: Vec<Finding>,
    /// The commit, for findings in git history.
    pub commit: Option<Arc<output::Commit>>,
}

pub fn run(args: ScanArgs) -> Result<u8> {
    let started = Instant::now();
    let base = args.paths.iter().find(|p| p.as_os_str() != "-").cloned().unwrap_or_else(|| PathBuf::from("."));
    let (scanner, config) = config_load::load(args.config.as_deref(), args.no_config, &base)?;
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() { Format::Text } else { Format::Json });
    let (results, errors, stats) = collect(&args, &scanner, &config)?;
    let report = Report { files: &results, scanner: &scanner, show_secrets: args.show_secrets, byte_offsets: true };
    let mut out = std::io::stdout().lock();
    output::write(&mut out, format, &report)?;
    let total: usize = results.iter().map(|r| r.findings.len()).sum();
    if !args.quiet {
        eprintln!("{}", summary(&stats, total, started.elapsed()));
    }
    Ok(if total > 0 {
        crate::EXIT_FOUND
    } else if !errors.is_empty() {
        crate::EXIT_ERROR
    } else {
        crate::EXIT_CLEAN
    })
}

/// Walks and scans the paths of `args` (errors printed on stderr): the findings per file, sorted by
/// path, the error messages and the counts. Shared by `scan` and `baseline`.
pub fn collect(args: &ScanArgs, scanner: &Scanner, config: &Config) -> Result<(Vec<FileFindings>, Vec<String>, Arc<Stats>)> {
    let max_size = args.max_file_size.or(config.max_file_size).unwrap_or(DEFAULT_MAX_FILE_SIZE);
    let allow_paths = build_globs(&config.allow_paths).context("allowlist.paths")?;
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let stats = Arc::new(Stats::default());
    let results: Arc<Mutex<Vec<FileFindings>>> = Arc::new(Mutex::new(Vec::new()));
    let errors: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));

    let done = Arc::new(AtomicBool::new(false));
    let progress = (!args.quiet && std::io::stderr().is_terminal()).then(|| spawn_progress(stats.clone(), done.clone()));

    let mut walk_paths = Vec::new();
    for p in &paths {
        if p.as_os_str() == "-" {
            let mut data = Vec::new();
            std::io::stdin().lock().read_to_end(&mut data).context("cannot read stdin")?;
            stats.files.fetch_add(1, Ordering::Relaxed);
            stats.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
            let findings = filter_conf(scanner.scan_file(&data), args.min_confidence);
            if !findings.is_empty() {
                lock(&results).push(FileFindings { path: args.stdin_name.clone(), findings, commit: None });
            }
        } else if !p.exists() && p.symlink_metadata().is_err() {
            anyhow::bail!("{}: no such file or folder", p.display());
        } else {
            walk_paths.push(p.clone());
        }
    }
    let ctx = WalkCtx {
        scanner,
        stats: &stats,
        results: &results,
        errors: &errors,
        max_size,
        allow_paths: &allow_paths,
        min_confidence: args.min_confidence,
    };
    // A regular file named on the command line is scanned here, as the walker would (ignore files
    // never apply to a path given explicitly): a hook or an editor that scans one file spawns no
    // walker threads and reads no ignore files.
    walk_paths.retain(|p| {
        let regular = p.symlink_metadata().is_ok_and(|m| m.file_type().is_file());
        if regular {
            ctx.scan_file(p);
        }
        !regular
    });
    if !walk_paths.is_empty() {
        let mut wb = ignore::WalkBuilder::new(&walk_paths[0]);
        for p in &walk_paths[1..] {
            wb.add(p);
        }
        wb.hidden(false)
            .follow_links(args.follow)
            .git_ignore(!args.no_ignore)
            .git_exclude(!args.no_ignore)
            .git_global(!args.no_ignore)
            .ignore(!args.no_ignore)
            .parents(!args.no_ignore)
            .threads(args.threads.unwrap_or(0))
            .filter_entry(|e| e.file_name() != ".git");
        let walker = wb.build_parallel();
        walker.run(|| {
            let ctx = &ctx;
            Box::new(move |entry| {
                match entry {
                    Ok(e) => {
                        let is_file = e.file_type().is_some_and(|t| t.is_file())
                            || (e.path_is_symlink() && e.path().is_file() && args.follow);
                        if is_file {
                            ctx.scan_file(e.path());
                        }
                    }
                    Err(err) => ctx.error(one_line_ignore_error(&err)),
                }
                ignore::WalkState::Continue
            })
        });
    }
    done.store(true, Ordering::Relaxed);
    if let Some(h) = progress {
        let _ = h.join();
    }

    let mut results = std::mem::take(&mut *lock(&results));
    results.sort_by(|a, b| a.path.cmp(&b.path));
    let errors = std::mem::take(&mut *lock(&errors));
    for e in &errors {
        eprintln!("leakguard: {e}");
    }
    Ok((results, errors, stats))
}

struct WalkCtx<'a> {
    scanner: &'a Scanner,
    stats: &'a Stats,
    results: &'a Mutex<Vec<FileFindings>>,
    errors: &'a Mutex<Vec<String>>,
    max_size: u64,
    allow_paths: &'a globset::GlobSet,
    min_confidence: Option<Confidence>,
}

impl WalkCtx<'_> {
    fn error(&self, msg: String) {
        self.stats.errors.fetch_add(1, Ordering::Relaxed);
        lock(self.errors).push(msg);
    }

    fn scan_file(&self, path: &Path) {
        let shown = display_path(path);
        if !self.allow_paths.is_empty() && self.allow_paths.is_match(shown.trim_start_matches("./")) {
            self.stats.allowlisted.fetch_add(1, Ordering::Relaxed);
            return;
        }
        // Files are read into a buffer of the thread, kept from file to file: a zeroed buffer per
        // file cost about 2% of the instructions of a scan of a source tree.
        thread_local! {
            static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BUF.with(|buf| match buf.try_borrow_mut() {
            Ok(mut buf) => self.scan_read(path, &shown, &mut buf),
            Err(_) => self.scan_read(path, &shown, &mut Vec::new()),
        });
    }

    fn scan_read(&self, path: &Path, shown: &str, buf: &mut Vec<u8>) {
        // One open and one fstat: files over the size limit are counted, never read.
        let read = read_limited(path, self.max_size, buf);
        // A large file's buffer is not kept past this file.
        let big = (buf.len() > KEPT_BUFFER).then(|| std::mem::take(buf));
        let data: &[u8] = big.as_deref().unwrap_or(buf);
        match read {
            Ok(Some(n)) => self.scan_data(shown, &data[..n]),
            Ok(None) => {
                self.stats.too_large.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => self.error(format!("cannot read {shown}: {e}")),
        }
    }

    fn scan_data(&self, shown: &str, data: &[u8]) {
        if memchr::memchr(0, &data[..data.len().min(BINARY_SNIFF)]).is_some() {
            self.stats.binary.fetch_add(1, Ordering::Relaxed);
            return;
        }
        self.stats.files.fetch_add(1, Ordering::Relaxed);
        self.stats.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
        let findings = filter_conf(self.scanner.scan_file(data), self.min_confidence);
        if !findings.is_empty() {
            lock(self.results).push(FileFindings { path: shown.to_string(), findings, commit: None });
        }
    }
}

/// A thread's read buffer is kept for the next file up to this size.
const KEPT_BUFFER: usize = 4 << 20;

/// Reads the file at `path` into `buf` (whose first bytes it overwrites; the buffer only grows) and
/// returns the number of bytes read, or `None` if the file holds more than `max` bytes (by its size,
/// or by what could be read: a file that grows while it is read is cut at `max + 1`).
fn read_limited(path: &Path, max: u64, buf: &mut Vec<u8>) -> std::io::Result<Option<usize>> {
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > max {
        return Ok(None);
    }
    // Reads of the whole size plus one byte, until the end (usually two calls; `read_to_end`
    // would stat the file again, or read in growing steps through `take`).
    let want = len as usize + 1;
    if buf.len() < want {
        buf.resize(want, 0);
    }
    let mut n = 0;
    while n < want {
        match file.read(&mut buf[n..want]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    if n == want {
        // The file grew: the rest, up to one byte past the limit.
        buf.truncate(n);
        (&mut file).take(max + 1 - n as u64).read_to_end(buf)?;
        n = buf.len();
    }
    Ok((n as u64 <= max).then_some(n))
}

fn filter_conf(mut f: Vec<Finding>, min: Option<Confidence>) -> Vec<Finding> {
    if let Some(min) = min {
        f.retain(|x| x.confidence >= min);
    }
    f
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A path as the user would type it: without a leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

fn one_line_ignore_error(e: &ignore::Error) -> String {
    e.to_string().replace('\n', " ")
}

fn build_globs(globs: &[String]) -> Result<globset::GlobSet> {
    let mut b = globset::GlobSetBuilder::new();
    for g in globs {
        b.add(globset::Glob::new(g).with_context(|| format!("bad glob {g:?}"))?);
    }
    Ok(b.build()?)
}

fn summary(s: &Stats, findings: usize, elapsed: Duration) -> String {
    let mb = s.bytes.load(Ordering::Relaxed) as f64 / 1e6;
    let mut line = format!(
        "leakguard: {} finding{} in {} file{} ({mb:.1} MB) in {:.2}s",
        findings,
        if findings == 1 { "" } else { "s" },
        s.files.load(Ordering::Relaxed),
        if s.files.load(Ordering::Relaxed) == 1 { "" } else { "s" },
        elapsed.as_secs_f64()
    );
    let mut skipped = Vec::new();
    for (n, what) in [
        (s.binary.load(Ordering::Relaxed), "binary"),
        (s.too_large.load(Ordering::Relaxed), "too large"),
        (s.allowlisted.load(Ordering::Relaxed), "allowlisted path"),
        (s.errors.load(Ordering::Relaxed), "unreadable"),
    ] {
        if n > 0 {
            skipped.push(format!("{n} {what}"));
        }
    }
    if !skipped.is_empty() {
        line.push_str(&format!("; skipped {}", skipped.join(", ")));
    }
    line
}

/// How long a scan runs before it shows progress: 1 s, or `LEAKGUARD_PROGRESS_AFTER_MS` (the tests set
/// 0 to see the progress line of a short scan on a terminal).
fn progress_after() -> Duration {
    let ms = std::env::var("LEAKGUARD_PROGRESS_AFTER_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    Duration::from_millis(ms)
}

fn spawn_progress(stats: Arc<Stats>, done: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
    let after = progress_after();
    std::thread::spawn(move || {
        let start = Instant::now();
        let mut shown = false;
        loop {
            if start.elapsed() >= after {
                eprint!(
                    "\rleakguard: scanned {} files, {:.1} MB...",
                    stats.files.load(Ordering::Relaxed),
                    stats.bytes.load(Ordering::Relaxed) as f64 / 1e6
                );
                shown = true;
            }
            if done.load(Ordering::Relaxed) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if shown {
            eprint!("\r\x1b[2K");
        }
    })
}
