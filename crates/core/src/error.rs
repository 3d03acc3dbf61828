//! The one error type of leakguard-core.

/// Everything that can go wrong when building a scanner. Scanning itself never fails.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A TOML file (config or rule file) could not be parsed.
    #[error("{origin}:{line}:{column}: {message}")]
    Toml {
        /// The file (or "<string>").
        origin: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong, naming the field where known.
        message: String,
    },
    /// A rule has a bad field.
    #[error("{origin}: rule {id}: field `{field}`: {message}")]
    InvalidRule {
        /// The rule id.
        id: String,
        /// Where the rule came from.
        origin: String,
        /// The offending field.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A rule's regex does not compile.
    #[error("{origin}: rule {id}: pattern does not compile: {message}")]
    InvalidPattern {
        /// The rule id.
        id: String,
        /// Where the rule came from.
        origin: String,
        /// The regex error.
        message: String,
    },
    /// Two rules share an id.
    #[error("{origin}: rule id {id} is defined twice")]
    DuplicateRule {
        /// The rule id.
        id: String,
        /// Where the second definition is.
        origin: String,
    },
    /// A config value is invalid (a bad allowlist regex, an unknown rule id...).
    #[error("{origin}: field `{field}`: {message}")]
    Config {
        /// The config file (or "<string>").
        origin: String,
        /// The offending field.
        field: String,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// Builds a [`Error::Toml`] from a toml error, with line and column computed from its span.
    pub(crate) fn from_toml(origin: &str, text: &str, e: &toml::de::Error) -> Error {
        let (line, column) = match e.span() {
            Some(span) => line_col(text, span.start),
            None => (1, 1),
        };
        let message = e.message().trim().replace('\n', " ");
        Error::Toml { origin: origin.to_string(), line, column, message }
    }
}

/// 1-based (line, column in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}
