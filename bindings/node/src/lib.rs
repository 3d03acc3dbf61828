//! Node binding of leakguard-core. Thin: convert arguments, call one core method, convert the result.
//! Its own decisions are two: byte offsets become UTF-16 code-unit offsets (`text.slice(start, end)` is
//! the secret), and core errors or panics become JavaScript `Error`s with a `code` (in [`to_js_error`]).

#![deny(clippy::unwrap_used)]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, OnceLock};

use leakguard_core as core;
use napi::bindgen_prelude::{AsyncTask, Buffer, Either};
use napi::{Env, Task};
use napi_derive::napi;

/// One secret found in a text.
#[napi(object)]
pub struct Finding {
    /// Rule id, e.g. `leakguard.github.pat` or `leakguard.prose.password`.
    pub rule: String,
    /// Human name of the rule.
    pub rule_name: String,
    /// Rule family (`github`, `prose`, `generic`...).
    pub family: String,
    /// `low`, `medium` or `high`.
    pub confidence: String,
    /// Start of the secret: UTF-16 index for a string input (`text.slice(start, end)`), byte offset for a Buffer.
    pub start: u32,
    /// End of the secret (exclusive), same unit as `start`.
    pub end: u32,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// Masked preview, safe to show and log.
    pub redacted: String,
    /// Stable hash of rule and secret, for ignore lists.
    pub fingerprint: String,
    /// The secret itself: only when the scan was asked for it (`{ includeSecrets: true }`).
    pub secret: Option<String>,
}

/// What to do with a message.
#[napi(object)]
pub struct Verdict {
    /// `allow`, `warn` or `block`.
    pub action: String,
    /// Highest confidence among the findings, or null.
    pub confidence: Option<String>,
    /// A sentence safe to show the sender: what kind of secret, never the secret.
    pub reason: String,
    /// The message with each secret replaced by `********`.
    pub redacted: String,
    /// What was found (secrets not included).
    pub findings: Vec<Finding>,
}

/// Options of a scan.
#[napi(object)]
#[derive(Default, Clone)]
pub struct ScanOptions {
    /// Include the clear secret in each finding (default false).
    pub include_secrets: Option<bool>,
    /// The previous message of the conversation (an answer such as "Tournesol!88" to "what's the pw?").
    pub context: Option<String>,
}

/// Options to build a Scanner.
#[napi(object)]
pub struct ScannerOptions {
    /// A configuration in TOML (same format as `.leakguard.toml`).
    pub config: Option<String>,
    /// A path to a TOML configuration file.
    pub config_path: Option<String>,
}

/// A result whose error carries a string `code` that becomes `error.code` in JavaScript.
type JsResult<T> = napi::Result<T, String>;

/// The one place where core errors and panics become JavaScript errors: `error.code` is one of
/// `LEAKGUARD_CONFIG` (a bad configuration or rule), `LEAKGUARD_IO` (an unreadable config file),
/// `LEAKGUARD_PANIC` (an internal bug, caught before it can crash the process).
fn to_js_error(code: &str, message: impl std::fmt::Display) -> napi::Error<String> {
    napi::Error::new(code.to_string(), message.to_string())
}

/// Background tasks can only reject with a status error: keep the code in the message.
fn to_task_error(e: napi::Error<String>) -> napi::Error {
    napi::Error::new(napi::Status::GenericFailure, format!("{}: {}", e.status, e.reason))
}

fn core_error(e: core::Error) -> napi::Error<String> {
    to_js_error("LEAKGUARD_CONFIG", e)
}

/// Runs `f`, turning a panic into an `Error` with code `LEAKGUARD_PANIC` (never crashing the process).
fn guard<T>(f: impl FnOnce() -> JsResult<T>) -> JsResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            let what = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(to_js_error("LEAKGUARD_PANIC", format!("internal error: {what}")))
        }
    }
}

/// Text given as a string (offsets in UTF-16 units) or as a Buffer (offsets in bytes).
enum Input {
    Str(String),
    Bytes(Vec<u8>),
}

impl From<Either<String, Buffer>> for Input {
    fn from(e: Either<String, Buffer>) -> Input {
        match e {
            Either::A(s) => Input::Str(s),
            Either::B(b) => Input::Bytes(b.to_vec()),
        }
    }
}

/// UTF-16 index of each byte offset of `text` (`offsets` need not be sorted).
fn utf16_indices(text: &str, offsets: &[usize]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![0u32; offsets.len()];
    let (mut byte, mut units) = (0usize, 0u32);
    let mut chars = text.char_indices().peekable();
    for i in order {
        let target = offsets[i];
        while let Some(&(b, c)) = chars.peek() {
            if b >= target {
                break;
            }
            units += c.len_utf16() as u32;
            byte = b + c.len_utf8();
            chars.next();
        }
        let _ = byte;
        out[i] = units;
    }
    out
}

fn convert(findings: Vec<core::Finding>, input: &Input, include_secrets: bool) -> Vec<Finding> {
    let (starts, ends): (Vec<u32>, Vec<u32>) = match input {
        Input::Str(s) => {
            let mut all: Vec<usize> = findings.iter().map(|f| f.start).collect();
            all.extend(findings.iter().map(|f| f.end));
            let idx = utf16_indices(s, &all);
            let n = findings.len();
            (idx[..n].to_vec(), idx[n..].to_vec())
        }
        Input::Bytes(_) => (
            findings.iter().map(|f| f.start as u32).collect(),
            findings.iter().map(|f| f.end as u32).collect(),
        ),
    };
    findings
        .into_iter()
        .zip(starts.into_iter().zip(ends))
        .map(|(f, (start, end))| Finding {
            rule: f.rule_id,
            rule_name: f.rule_name,
            family: f.family,
            confidence: f.confidence.as_str().to_string(),
            start,
            end,
            line: f.line as u32,
            column: f.column as u32,
            redacted: f.redacted,
            fingerprint: f.fingerprint,
            secret: include_secrets.then_some(f.secret),
        })
        .collect()
}

fn scan_input(sc: &core::Scanner, input: &Input, opts: &ScanOptions) -> Vec<Finding> {
    let found = match input {
        Input::Str(s) => sc.scan_message(s, opts.context.as_deref()),
        Input::Bytes(b) => sc.scan_bytes(b),
    };
    convert(found, input, opts.include_secrets.unwrap_or(false))
}

fn check_input(sc: &core::Scanner, input: &Input, context: Option<&str>) -> Verdict {
    let text = match input {
        Input::Str(s) => std::borrow::Cow::Borrowed(s.as_str()),
        Input::Bytes(b) => String::from_utf8_lossy(b),
    };
    let v = sc.check_message(&text, context);
    let as_str = Input::Str(text.into_owned());
    Verdict {
        action: v.action.as_str().to_string(),
        confidence: v.confidence.map(|c| c.as_str().to_string()),
        reason: v.reason,
        redacted: v.redacted,
        findings: convert(v.findings, &as_str, false),
    }
}

/// A reusable, thread-safe scanner built from the default rules or a configuration.
#[napi]
pub struct Scanner {
    inner: Arc<core::Scanner>,
}

#[napi]
impl Scanner {
    /// Builds a scanner: default rules, or `{ config: "<toml>" }`, or `{ configPath: "file.toml" }`.
    #[napi(constructor)]
    pub fn new(options: Option<ScannerOptions>) -> napi::Result<Self, String> {
        guard(|| {
            let sc = match options {
                None => core::Scanner::new(),
                Some(ScannerOptions { config: Some(text), .. }) => {
                    core::Scanner::from_config_str(&text, "<config>").map_err(core_error)?
                }
                Some(ScannerOptions { config_path: Some(path), .. }) => {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| to_js_error("LEAKGUARD_IO", format!("cannot read {path}: {e}")))?;
                    core::Scanner::from_config_str(&text, &path).map_err(core_error)?
                }
                Some(_) => core::Scanner::new(),
            };
            Ok(Scanner { inner: Arc::new(sc) })
        })
    }

    /// Finds secrets in `text` (a string, or a Buffer of possibly non-UTF-8 bytes).
    #[napi]
    pub fn scan(&self, text: Either<String, Buffer>, options: Option<ScanOptions>) -> napi::Result<Vec<Finding>, String> {
        let input = Input::from(text);
        guard(|| Ok(scan_input(&self.inner, &input, &options.unwrap_or_default())))
    }

    /// `scan` off the JavaScript thread (libuv thread pool), for large inputs.
    #[napi(ts_return_type = "Promise<Array<Finding>>")]
    pub fn scan_async(&self, text: Either<String, Buffer>, options: Option<ScanOptions>) -> AsyncTask<ScanTask> {
        AsyncTask::new(ScanTask { scanner: self.inner.clone(), input: Some(Input::from(text)), options: options.unwrap_or_default() })
    }

    /// The text with every secret replaced by `********`.
    #[napi]
    pub fn redact(&self, text: String) -> napi::Result<String, String> {
        guard(|| Ok(self.inner.redact(&text)))
    }

    /// The verdict on one message: allow, warn or block, with a reason safe to show the sender.
    #[napi]
    pub fn check(&self, text: Either<String, Buffer>, context: Option<String>) -> napi::Result<Verdict, String> {
        let input = Input::from(text);
        guard(|| Ok(check_input(&self.inner, &input, context.as_deref())))
    }

    /// `check` off the JavaScript thread.
    #[napi(ts_return_type = "Promise<Verdict>")]
    pub fn check_async(&self, text: Either<String, Buffer>, context: Option<String>) -> AsyncTask<CheckTask> {
        AsyncTask::new(CheckTask { scanner: self.inner.clone(), input: Some(Input::from(text)), context })
    }
}

/// Background scan.
pub struct ScanTask {
    scanner: Arc<core::Scanner>,
    input: Option<Input>,
    options: ScanOptions,
}

impl Task for ScanTask {
    type Output = Vec<Finding>;
    type JsValue = Vec<Finding>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let input = self.input.take().ok_or_else(|| to_task_error(to_js_error("LEAKGUARD_PANIC", "task ran twice")))?;
        let (sc, opts) = (&self.scanner, &self.options);
        guard(|| Ok(scan_input(sc, &input, opts))).map_err(to_task_error)
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(output)
    }
}

/// Background check.
pub struct CheckTask {
    scanner: Arc<core::Scanner>,
    input: Option<Input>,
    context: Option<String>,
}

impl Task for CheckTask {
    type Output = Verdict;
    type JsValue = Verdict;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let input = self.input.take().ok_or_else(|| to_task_error(to_js_error("LEAKGUARD_PANIC", "task ran twice")))?;
        let (sc, ctx) = (&self.scanner, self.context.as_deref());
        guard(|| Ok(check_input(sc, &input, ctx))).map_err(to_task_error)
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(output)
    }
}

fn default_scanner() -> &'static Arc<core::Scanner> {
    static DEFAULT: OnceLock<Arc<core::Scanner>> = OnceLock::new();
    DEFAULT.get_or_init(|| Arc::new(core::Scanner::new()))
}

/// Finds secrets in `text` with the default rules.
#[napi]
pub fn scan(text: Either<String, Buffer>, options: Option<ScanOptions>) -> napi::Result<Vec<Finding>, String> {
    let input = Input::from(text);
    guard(|| Ok(scan_input(default_scanner(), &input, &options.unwrap_or_default())))
}

/// `scan` with the default rules, off the JavaScript thread.
#[napi(ts_return_type = "Promise<Array<Finding>>")]
pub fn scan_async(text: Either<String, Buffer>, options: Option<ScanOptions>) -> AsyncTask<ScanTask> {
    AsyncTask::new(ScanTask { scanner: default_scanner().clone(), input: Some(Input::from(text)), options: options.unwrap_or_default() })
}

/// The text with every secret replaced by `********` (default rules).
#[napi]
pub fn redact(text: String) -> napi::Result<String, String> {
    guard(|| Ok(default_scanner().redact(&text)))
}

/// The verdict on one message with the default rules.
#[napi]
pub fn check(text: Either<String, Buffer>, context: Option<String>) -> napi::Result<Verdict, String> {
    let input = Input::from(text);
    guard(|| Ok(check_input(default_scanner(), &input, context.as_deref())))
}

/// `check` with the default rules, off the JavaScript thread.
#[napi(ts_return_type = "Promise<Verdict>")]
pub fn check_async(text: Either<String, Buffer>, context: Option<String>) -> AsyncTask<CheckTask> {
    AsyncTask::new(CheckTask { scanner: default_scanner().clone(), input: Some(Input::from(text)), context })
}

/// Test hook: panics inside the binding to prove that a panic becomes an `Error` (code
/// `LEAKGUARD_PANIC`) instead of crashing the process. Not part of the public API.
#[napi(js_name = "__panicForTests")]
pub fn panic_for_tests() -> napi::Result<(), String> {
    guard(|| panic!("deliberate panic for tests"))
}
