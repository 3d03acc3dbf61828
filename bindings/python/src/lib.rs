//! `leakguard._native`: the Python face of leakguard-core (pyo3, abi3).
//!
//! Thin by design: each function converts its arguments, calls one core method with the GIL released,
//! and converts the result. Two jobs live here and nowhere else:
//! - offsets: core reports byte offsets; Python gets string indices ([`Indexer`], `offsets.rs`);
//! - errors: every failure becomes a `LeakguardError` subclass (`errors.rs`), panics included.

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, OnceLock};

use leakguard_core as core;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

mod errors;
mod offsets;

use errors::{ConfigError, Error, InputError, InternalError, LeakguardError};
use offsets::{Indexer, Unit};

/// The text a caller passed: a `str` (offsets in code points) or `bytes` (offsets in bytes).
enum Text<'a> {
    Str(Cow<'a, str>),
    Bytes(&'a [u8]),
}

impl<'a> Text<'a> {
    fn extract(obj: &'a Bound<'_, PyAny>) -> PyResult<Text<'a>> {
        if let Ok(s) = obj.cast::<PyString>() {
            let text = s
                .to_cow()
                .map_err(|e| Error::Input(format!("str cannot be encoded as UTF-8: {e}")))?;
            return Ok(Text::Str(text));
        }
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Text::Bytes(b.as_bytes()));
        }
        Err(Error::Input(format!(
            "expected str or bytes, got {}",
            obj.get_type().name()?
        ))
        .into())
    }

    fn unit(&self) -> Unit {
        match self {
            Text::Str(_) => Unit::Chars,
            Text::Bytes(_) => Unit::Bytes,
        }
    }

    /// The text as `str` for the core calls that need UTF-8 (check, redact).
    fn as_str(&self) -> Result<&str, Error> {
        match self {
            Text::Str(s) => Ok(s),
            Text::Bytes(b) => std::str::from_utf8(b).map_err(|e| {
                Error::Input(format!(
                    "bytes are not valid UTF-8 ({e}); decode them first"
                ))
            }),
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Text::Str(s) => s.as_bytes(),
            Text::Bytes(b) => b,
        }
    }
}

fn optional_str<'a>(obj: &'a Option<Bound<'_, PyAny>>) -> PyResult<Option<Cow<'a, str>>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => match Text::extract(o)? {
            Text::Str(s) => Ok(Some(s)),
            t @ Text::Bytes(_) => Ok(Some(Cow::Owned(t.as_str()?.to_string()))),
        },
    }
}

/// Runs a core call with the GIL released; a panic becomes `InternalError` instead of crossing over.
fn run<T: Send>(py: Python<'_>, f: impl FnOnce() -> T + Send) -> Result<T, Error> {
    py.detach(|| catch_unwind(AssertUnwindSafe(f)))
        .map_err(Error::from_panic)
}

/// One secret found in a text.
///
/// `start`/`end` index the scanned object: code points for `str` (so `text[f.start:f.end]` is the
/// secret), bytes for `bytes`. `line`/`column` are 1-based, columns counted in characters. The secret
/// itself is not an attribute and not in `repr()`: call `secret()` when you really need it.
#[pyclass(frozen, module = "leakguard._native")]
struct Finding {
    /// Rule id, e.g. `leakguard.github.pat`.
    #[pyo3(get)]
    rule: String,
    /// The rule's human name, e.g. "GitHub personal access token".
    #[pyo3(get)]
    rule_name: String,
    /// "low", "medium" or "high".
    #[pyo3(get)]
    confidence: &'static str,
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    #[pyo3(get)]
    line: usize,
    #[pyo3(get)]
    column: usize,
    #[pyo3(get)]
    end_line: usize,
    #[pyo3(get)]
    end_column: usize,
    /// A masked preview, safe to show and log.
    #[pyo3(get)]
    redacted: String,
    /// Stable, non-reversible hash of the rule and the secret (for ignore files and baselines).
    #[pyo3(get)]
    fingerprint: String,
    secret: String,
}

impl Finding {
    fn new(f: core::Finding, ix: &mut Indexer<'_>) -> Finding {
        Finding {
            start: ix.index(f.start),
            end: ix.index(f.end),
            rule: f.rule_id,
            rule_name: f.rule_name,
            confidence: f.confidence.as_str(),
            line: f.line,
            column: f.column,
            end_line: f.end_line,
            end_column: f.end_column,
            redacted: f.redacted,
            fingerprint: f.fingerprint,
            secret: f.secret,
        }
    }
}

fn findings(
    py: Python<'_>,
    text: &[u8],
    unit: Unit,
    found: Vec<core::Finding>,
) -> PyResult<Vec<Py<Finding>>> {
    let mut ix = Indexer::new(text, unit);
    found
        .into_iter()
        .map(|f| Py::new(py, Finding::new(f, &mut ix)))
        .collect()
}

#[pymethods]
impl Finding {
    /// The secret in clear. Do not log or display it.
    fn secret(&self) -> &str {
        &self.secret
    }

    /// The finding as a dict without the secret (for JSON logs).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("rule", &self.rule)?;
        d.set_item("rule_name", &self.rule_name)?;
        d.set_item("confidence", self.confidence)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("line", self.line)?;
        d.set_item("column", self.column)?;
        d.set_item("end_line", self.end_line)?;
        d.set_item("end_column", self.end_column)?;
        d.set_item("redacted", &self.redacted)?;
        d.set_item("fingerprint", &self.fingerprint)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Finding(rule={:?}, confidence={:?}, start={}, end={}, line={}, column={}, redacted={:?})",
            self.rule, self.confidence, self.start, self.end, self.line, self.column, self.redacted
        )
    }
}

/// The decision on one message: `action` is "allow", "warn" or "block".
///
/// `reason` is one sentence safe to show the sender (it never contains the secret); `redacted` is the
/// message with each secret replaced by `********`; `confidence` is the highest among the findings.
#[pyclass(frozen, module = "leakguard._native")]
struct Verdict {
    #[pyo3(get)]
    action: &'static str,
    #[pyo3(get)]
    confidence: Option<&'static str>,
    #[pyo3(get)]
    reason: String,
    #[pyo3(get)]
    redacted: String,
    found: Vec<Py<Finding>>,
}

#[pymethods]
impl Verdict {
    /// What was found (a new list each time).
    #[getter]
    fn findings(&self, py: Python<'_>) -> Vec<Py<Finding>> {
        self.found.iter().map(|f| f.clone_ref(py)).collect()
    }

    /// True when `action == "block"`.
    #[getter]
    fn blocked(&self) -> bool {
        self.action == "block"
    }

    fn __repr__(&self) -> String {
        format!(
            "Verdict(action={:?}, confidence={}, findings={}, reason={:?})",
            self.action,
            self.confidence
                .map_or("None".to_string(), |c| format!("{c:?}")),
            self.found.len(),
            self.reason
        )
    }
}

/// A reusable, thread-safe scanner: the built-in rules, adjusted by an optional config.
///
/// Build it once and share it between threads; every method releases the GIL while it scans.
/// `str` input gives string indices, `bytes` input gives byte offsets.
#[pyclass(frozen, module = "leakguard._native")]
struct Scanner {
    inner: Arc<core::Scanner>,
}

static DEFAULT: OnceLock<Arc<core::Scanner>> = OnceLock::new();

fn default_scanner(py: Python<'_>) -> Result<Arc<core::Scanner>, Error> {
    if let Some(s) = DEFAULT.get() {
        return Ok(s.clone());
    }
    let s = run(py, || Arc::new(core::Scanner::new()))?;
    Ok(DEFAULT.get_or_init(|| s).clone())
}

impl Scanner {
    fn scan_text(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        context: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Py<Finding>>> {
        let t = Text::extract(text)?;
        let ctx = optional_str(&context)?;
        let bytes = t.bytes();
        let found = run(py, || match t.as_str() {
            Ok(s) => self.inner.scan_message(s, ctx.as_deref()),
            // Bytes that are not UTF-8: core has no byte scan with a context, so the context is unused.
            Err(_) => self.inner.scan_bytes(bytes),
        })?;
        findings(py, bytes, t.unit(), found)
    }

    fn check_text(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        context: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Verdict> {
        let t = Text::extract(text)?;
        let ctx = optional_str(&context)?;
        let s = t.as_str()?;
        let v = run(py, || self.inner.check_message(s, ctx.as_deref()))?;
        Ok(Verdict {
            action: v.action.as_str(),
            confidence: v.confidence.map(|c| c.as_str()),
            reason: v.reason,
            redacted: v.redacted,
            found: findings(py, s.as_bytes(), t.unit(), v.findings)?,
        })
    }

    fn redact_text<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let t = Text::extract(text)?;
        let s = t.as_str()?;
        let out = run(py, || self.inner.redact(s))?;
        Ok(match t {
            Text::Str(_) => PyString::new(py, &out).into_any(),
            Text::Bytes(_) => PyBytes::new(py, out.as_bytes()).into_any(),
        })
    }
}

#[pymethods]
impl Scanner {
    /// A scanner with the built-in rules (the same engine as the module-level functions).
    #[new]
    fn py_new(py: Python<'_>) -> PyResult<Scanner> {
        Ok(Scanner {
            inner: default_scanner(py)?,
        })
    }

    /// A scanner from a `.leakguard.toml` file. Raises `ConfigError` naming the file, line and field.
    #[staticmethod]
    fn from_config(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Scanner> {
        let text =
            std::fs::read_to_string(&path).map_err(|e| Error::Io(path.display().to_string(), e))?;
        let origin = path.display().to_string();
        let s = run(py, || core::Scanner::from_config_str(&text, &origin))?.map_err(Error::from)?;
        Ok(Scanner { inner: Arc::new(s) })
    }

    /// A scanner from the TOML text of a config. `origin` names it in error messages.
    #[staticmethod]
    #[pyo3(signature = (toml, origin = "<string>"))]
    fn from_config_str(py: Python<'_>, toml: &str, origin: &str) -> PyResult<Scanner> {
        let s = run(py, || core::Scanner::from_config_str(toml, origin))?.map_err(Error::from)?;
        Ok(Scanner { inner: Arc::new(s) })
    }

    /// The secrets in `text` (`str` or `bytes`). `context` is the previous message of a conversation.
    #[pyo3(signature = (text, context = None))]
    fn scan(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        context: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Py<Finding>>> {
        self.scan_text(py, text, context)
    }

    /// The verdict on one message: allow, warn or block, with a reason safe to show the sender.
    #[pyo3(signature = (text, context = None))]
    fn check(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        context: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Verdict> {
        self.check_text(py, text, context)
    }

    /// `text` with every secret replaced by `********` (`str` in, `str` out; `bytes` in, `bytes` out).
    fn redact<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.redact_text(py, text)
    }

    /// The ids of the rules this scanner runs (the prose detector not included).
    #[getter]
    fn rule_ids(&self) -> Vec<String> {
        self.inner.rules().iter().map(|r| r.id.clone()).collect()
    }

    /// The confidence at or above which `check()` blocks.
    #[getter]
    fn block_at(&self) -> &'static str {
        self.inner.policy().block_at.as_str()
    }

    /// The confidence at or above which `check()` warns.
    #[getter]
    fn warn_at(&self) -> &'static str {
        self.inner.policy().warn_at.as_str()
    }

    fn __repr__(&self) -> String {
        format!(
            "Scanner(rules={}, block_at={:?})",
            self.inner.rules().len(),
            self.block_at()
        )
    }
}

/// The secrets in `text` (`str` or `bytes`), found with the built-in rules.
#[pyfunction]
#[pyo3(signature = (text, context = None))]
fn scan(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    context: Option<Bound<'_, PyAny>>,
) -> PyResult<Vec<Py<Finding>>> {
    Scanner::py_new(py)?.scan_text(py, text, context)
}

/// `text` with every secret replaced by `********`.
#[pyfunction]
fn redact<'py>(py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    Scanner::py_new(py)?.redact_text(py, text)
}

/// The verdict on one message with the built-in rules: allow, warn or block.
#[pyfunction]
#[pyo3(signature = (text, context = None))]
fn check(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    context: Option<Bound<'_, PyAny>>,
) -> PyResult<Verdict> {
    Scanner::py_new(py)?.check_text(py, text, context)
}

/// Raises `InternalError` from a Rust panic: proves that no panic reaches Python as `PanicException`.
#[pyfunction]
fn _panic_for_test(py: Python<'_>) -> PyResult<()> {
    run(py, || panic!("test panic"))?;
    Ok(())
}

/// leakguard's native module. Use the `leakguard` package, which re-exports it.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Scanner>()?;
    m.add_class::<Finding>()?;
    m.add_class::<Verdict>()?;
    m.add_function(wrap_pyfunction!(scan, m)?)?;
    m.add_function(wrap_pyfunction!(redact, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    m.add("LeakguardError", py.get_type::<LeakguardError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("BUILTIN_RULE_COUNT", core::builtin_rule_count())?;
    Ok(())
}
