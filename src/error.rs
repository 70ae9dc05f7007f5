//! Errors that carry the path they are about.
//!
//! A per-file error never stops a batch: it becomes a row of `errors.csv`.
//! Only errors about the run itself (bad rules, unwritable output) are fatal.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error about one file (an input, the rules file or an output file).
#[derive(Debug)]
pub struct Error {
    path: PathBuf,
    kind: ErrorKind,
}

/// What went wrong, without the path.
#[derive(Debug)]
pub enum ErrorKind {
    /// The file could not be read or written.
    Io(std::io::Error),
    /// The file holds no text (zero bytes or only white space).
    Empty,
    /// The bytes are not text in any encoding we read (NUL bytes, control
    /// characters): usually a binary file with a text extension.
    Binary,
    /// Larger than the limit set with `--max-file-size` and friends.
    TooLarge { size: u64, limit: u64 },
    /// A DOCX, HTML or PDF reader failed.
    Format(String),
    /// No reader for this file's extension.
    Unsupported(String),
    /// The theme rules file is invalid; `line` is 1-based when known.
    Rules {
        line: Option<usize>,
        message: String,
    },
    /// A worker panicked on this file: a bug, reported rather than lost.
    Internal(String),
}

impl Error {
    pub fn new(path: impl Into<PathBuf>, kind: ErrorKind) -> Error {
        Error {
            path: path.into(),
            kind,
        }
    }

    pub fn io(path: impl Into<PathBuf>, err: std::io::Error) -> Error {
        Error::new(path, ErrorKind::Io(err))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// A short machine-readable category for the `kind` column of errors.csv.
    pub fn category(&self) -> &'static str {
        match self.kind {
            ErrorKind::Io(_) => "io",
            ErrorKind::Empty => "empty",
            ErrorKind::Binary => "binary",
            ErrorKind::TooLarge { .. } => "too_large",
            ErrorKind::Format(_) => "format",
            ErrorKind::Unsupported(_) => "unsupported",
            ErrorKind::Rules { .. } => "rules",
            ErrorKind::Internal(_) => "internal",
        }
    }

    /// The message without the path, for the `message` column.
    pub fn message(&self) -> String {
        match &self.kind {
            ErrorKind::Io(err) => err.to_string(),
            ErrorKind::Empty => "file is empty or holds only white space".to_string(),
            ErrorKind::Binary => "file is binary, not text (NUL or control bytes)".to_string(),
            ErrorKind::TooLarge { size, limit } => {
                format!("file is {size} bytes, over the {limit}-byte limit")
            }
            ErrorKind::Format(msg) => msg.clone(),
            ErrorKind::Unsupported(ext) => {
                format!("skipped: unsupported format {ext:?} (use --input-format to force one)")
            }
            ErrorKind::Rules {
                line: Some(line),
                message,
            } => format!("line {line}: {message}"),
            ErrorKind::Rules {
                line: None,
                message,
            } => message.clone(),
            ErrorKind::Internal(msg) => format!("internal error: {msg}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(err) => Some(err),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_starts_with_the_path() {
        let err = Error::new("in/a.txt", ErrorKind::Empty);
        assert_eq!(
            err.to_string(),
            "in/a.txt: file is empty or holds only white space"
        );
        assert_eq!(err.category(), "empty");
    }

    #[test]
    fn rules_error_names_the_line() {
        let err = Error::new(
            "rules.toml",
            ErrorKind::Rules {
                line: Some(7),
                message: "bad regex".into(),
            },
        );
        assert_eq!(err.to_string(), "rules.toml: line 7: bad regex");
    }
}
