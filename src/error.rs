//! Typed errors of the library. Every message names the file or flag at fault, so that the
//! binary can print `error: <path>: <what is wrong>` (SPEC §7) without adding context.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read or written.
    #[error("{}: {err}", path.display())]
    Io { path: PathBuf, err: std::io::Error },
    /// The file was read but its content is unusable (encoding, CSV syntax, bad date ...).
    #[error("{}: {msg}", path.display())]
    Input { path: PathBuf, msg: String },
    /// Standard output was closed by its reader (`zhcorpus tokens | head`): not a failure,
    /// the binary exits quietly with 0.
    #[error("standard output closed")]
    Closed,
    /// A flag or argument has a value that cannot work; the binary exits with code 2.
    #[error("{0}")]
    Usage(String),
    /// polars failed while building or writing a table.
    #[error("{}: {err}", path.display())]
    Table {
        path: PathBuf,
        err: polars::error::PolarsError,
    },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, err: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            err,
        }
    }

    pub fn input(path: impl Into<PathBuf>, msg: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            msg: msg.into(),
        }
    }

    pub fn usage(msg: impl Into<String>) -> Self {
        Error::Usage(msg.into())
    }

    /// True when the error is the user's invocation rather than the data (exit code 2).
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::Usage(_))
    }
}

/// Building an in-memory table can only fail on a programming error (mismatched column
/// lengths); it is still reported, never unwrapped.
impl From<polars::error::PolarsError> for Error {
    fn from(err: polars::error::PolarsError) -> Self {
        Error::Table {
            path: PathBuf::from("<table>"),
            err,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
