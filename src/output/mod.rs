//! Writing tables: the format follows the file extension (`.csv`, `.parquet`, `.json`);
//! no file or `-` means CSV on standard output. Files are written to a temporary file in the
//! destination directory and renamed into place, so a failure never leaves half a file.

mod atomic;
mod csv;
mod json;
mod parquet;
pub mod stream;

use std::io::Write;
use std::path::Path;

use polars::prelude::DataFrame;

pub use atomic::{write_atomic, write_atomic_with};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
    Json,
}

impl Format {
    pub fn from_path(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "csv" => Ok(Format::Csv),
            "parquet" | "pq" => Ok(Format::Parquet),
            "json" => Ok(Format::Json),
            _ => Err(Error::usage(format!(
                "{}: unknown output format `.{ext}`; use .csv, .parquet or .json",
                path.display()
            ))),
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Start CSV with a UTF-8 byte-order mark, so that Excel reads the Chinese correctly.
    pub bom: bool,
}

/// Serialise a table in a format.
pub fn to_bytes(df: &mut DataFrame, format: Format, opts: WriteOptions) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    match format {
        Format::Csv => csv::write(df, &mut buf, opts.bom)?,
        Format::Parquet => parquet::write(df, &mut buf)?,
        Format::Json => json::write(df, &mut buf)?,
    }
    Ok(buf)
}

/// Write a table to `dest` (format by extension), or as CSV to standard output when `dest`
/// is `None` or `-`. A closed pipe on standard output (`| head`) is not an error.
pub fn write_table(df: &mut DataFrame, dest: Option<&Path>, opts: WriteOptions) -> Result<()> {
    match dest {
        Some(path) if path != Path::new("-") => {
            let format = Format::from_path(path)?;
            let bytes = to_bytes(df, format, opts)?;
            write_atomic(path, &bytes)
        }
        _ => {
            let bytes = to_bytes(df, Format::Csv, opts)?;
            write_stdout(&bytes)
        }
    }
}

pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(()),
    }
}
