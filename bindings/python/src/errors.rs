//! The one place where failures become Python exceptions.
//!
//! ```text
//! LeakguardError(Exception)
//! ├── ConfigError      a config file or string is invalid (names the file, line and field), or unreadable
//! ├── InputError       an argument of the wrong type, or bytes that must be UTF-8 and are not
//! └── InternalError    a bug in leakguard (a Rust panic); the message says so
//! ```
//!
//! `From<leakguard_core::Error> for PyErr` cannot be written here (both types are foreign), so core errors
//! pass through [`Error`], whose single `From<Error> for PyErr` does the mapping.

use std::any::Any;

use leakguard_core as core;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::PyErr;

create_exception!(
    leakguard,
    LeakguardError,
    PyException,
    "Base class of every error raised by leakguard."
);
create_exception!(
    leakguard,
    ConfigError,
    LeakguardError,
    "A leakguard config (file or string) is invalid or unreadable; the message names the file, line and field."
);
create_exception!(
    leakguard,
    InputError,
    LeakguardError,
    "An argument leakguard cannot scan: not str or bytes, or bytes that are not UTF-8 where text is needed."
);
create_exception!(
    leakguard,
    InternalError,
    LeakguardError,
    "A bug in leakguard (a Rust panic was caught); please report it."
);

/// Every failure of the binding.
#[derive(Debug)]
pub(crate) enum Error {
    Core(core::Error),
    Io(String, std::io::Error),
    Input(String),
    Panic(String),
}

impl Error {
    pub(crate) fn from_panic(payload: Box<dyn Any + Send>) -> Error {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Error::Panic(msg)
    }
}

impl From<core::Error> for Error {
    fn from(e: core::Error) -> Error {
        Error::Core(e)
    }
}

impl From<Error> for PyErr {
    fn from(e: Error) -> PyErr {
        match e {
            Error::Core(e) => ConfigError::new_err(e.to_string()),
            Error::Io(path, e) => ConfigError::new_err(format!("{path}: cannot read config: {e}")),
            Error::Input(msg) => InputError::new_err(msg),
            Error::Panic(msg) => InternalError::new_err(format!(
                "internal error in leakguard (please report): {msg}"
            )),
        }
    }
}
