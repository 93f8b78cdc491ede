//! Typed errors of the library. Every message names the file or flag at fault, so that the
//! binary can print `error: <path>: <what is wrong>` (docs/errors.md) without adding context.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// Guarded calls under way, in any thread.
static GUARDED: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Whether this thread is inside a guarded call.
    static IN_GUARD: Cell<bool> = const { Cell::new(false) };
}

/// Wraps the panic hook once: a panic inside a guarded call (on its thread or on a polars
/// worker while one runs) is not printed, since the guard reports it as an error; any other
/// panic goes to the hook there was.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let polars_worker = || {
                std::thread::current()
                    .name()
                    .is_some_and(|n| n.starts_with("polars"))
            };
            let guarded =
                GUARDED.load(Ordering::SeqCst) > 0 && (IN_GUARD.with(Cell::get) || polars_worker());
            if !guarded {
                previous(info);
            }
        }));
    });
}

/// Run `read`, a call into polars that reads the file `path` as `format` (`Parquet`), and turn
/// a panic in it into an error naming the file. polars' Parquet reader trusts the sizes and
/// offsets a file gives and panics on some damaged files (docs/errors.md: an error, never a panic);
/// what is cheap to check is checked before reading, this catches the rest.
pub fn guard_panics<T>(path: &Path, format: &str, read: impl FnOnce() -> Result<T>) -> Result<T> {
    install_quiet_hook();
    GUARDED.fetch_add(1, Ordering::SeqCst);
    let outer = IN_GUARD.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(read));
    IN_GUARD.with(|g| g.set(outer));
    GUARDED.fetch_sub(1, Ordering::SeqCst);
    result.unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("no message");
        Err(Error::input(
            path,
            format!("is damaged or not a {format} file: the reader failed on it ({why})"),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_guarded_read_is_an_error_naming_the_file() {
        let path = Path::new("dir/counts.parquet");
        let err = guard_panics(path, "Parquet", || -> Result<()> {
            panic!("range end index 27542 out of range for slice of length 25458")
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "dir/counts.parquet: is damaged or not a Parquet file: the reader failed on it \
             (range end index 27542 out of range for slice of length 25458)"
        );
        // A formatted message (a `String` payload), and a read that succeeds.
        let n = 3;
        let err = guard_panics(path, "CSV", || -> Result<()> { panic!("row {n}") }).unwrap_err();
        assert!(err.to_string().ends_with("(row 3)"), "{err}");
        assert_eq!(guard_panics(path, "CSV", || Ok(7)).unwrap(), 7);
        // The guard is left: a panic after it is a panic again.
        assert!(catch_unwind(|| panic!("after")).is_err());
    }
}
