//! Writing tables: the format follows the file extension (`.csv`, `.parquet`, `.json`);
//! no file or `-` means CSV on standard output. Files are written to a temporary file in the
//! destination directory and renamed into place, so a failure never leaves half a file.

mod atomic;
mod csv;
mod json;
mod parquet;
pub mod shell;
pub mod stream;

use std::io::Write;
use std::path::Path;

use polars::prelude::{DataFrame, PolarsError, Schema};

pub use atomic::{write_atomic, write_atomic_with, write_dir_atomic};
use stream::{TableStream, is_broken_pipe};

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

/// Stream a table too large to hold to `dest` (format by extension), or as CSV to standard
/// output when `dest` is `None` or `-`. `produce` runs the analysis and hands each batch of
/// rows (a frame of `schema`) to the sink it is given; the batches are written as they fill
/// (see [`stream`]), and the table is closed when `produce` returns. A file is written
/// atomically: if `produce` or a write fails, no file is left. A closed standard output
/// (`| head`) ends the pass early with `Error::Closed`, which the binary treats as success.
/// Returns what `produce` returns.
pub fn write_stream<T>(
    dest: Option<&Path>,
    schema: &Schema,
    opts: WriteOptions,
    produce: impl FnOnce(&mut dyn FnMut(DataFrame) -> Result<()>) -> Result<T>,
) -> Result<T> {
    let run = |writer: Box<dyn Write + '_>, format: Format, path: Option<&Path>| -> Result<T> {
        let mut stream =
            TableStream::new(writer, format, schema, opts.bom).map_err(stream_error(path))?;
        let value = produce(&mut |df| stream.push(df).map_err(stream_error(path)))?;
        stream
            .finish(DataFrame::empty_with_schema(schema))
            .map_err(stream_error(path))?;
        Ok(value)
    };
    match dest {
        Some(path) if path != Path::new("-") => {
            let format = Format::from_path(path)?;
            write_atomic_with(path, |file| run(Box::new(file), format, Some(path)))
        }
        _ => run(Box::new(std::io::stdout().lock()), Format::Csv, None),
    }
}

/// A write error of a streamed table; a closed standard output becomes `Error::Closed`.
fn stream_error(path: Option<&Path>) -> impl Fn(PolarsError) -> Error + '_ {
    move |e| {
        if is_broken_pipe(&e) {
            Error::Closed
        } else {
            Error::Table {
                path: path.map_or_else(|| "<stdout>".into(), Path::to_path_buf),
                err: e,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use polars::prelude::*;

    use super::*;

    fn schema() -> Schema {
        Schema::from_iter([Field::new("x".into(), DataType::UInt32)])
    }

    fn xs(v: &[u32]) -> DataFrame {
        DataFrame::new_infer_height(vec![Column::new("x".into(), v.to_vec())]).unwrap()
    }

    #[test]
    fn a_streamed_table_is_every_batch_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let value = write_stream(Some(&path), &schema(), WriteOptions::default(), |emit| {
            emit(xs(&[1, 2]))?;
            emit(xs(&[]))?;
            emit(xs(&[3]))?;
            Ok(7)
        })
        .unwrap();
        assert_eq!(value, 7);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x\n1\n2\n3\n");
        // No batch at all still gives the header.
        let empty = dir.path().join("e.csv");
        write_stream(Some(&empty), &schema(), WriteOptions::default(), |_| Ok(())).unwrap();
        assert_eq!(std::fs::read_to_string(&empty).unwrap(), "x\n");
    }

    #[test]
    fn a_failed_pass_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        let err = write_stream(Some(&path), &schema(), WriteOptions::default(), |emit| {
            emit(xs(&[1, 2]))?;
            Err::<(), _>(Error::usage("stopped"))
        })
        .unwrap_err();
        assert!(
            matches!(err, Error::Usage(ref m) if m == "stopped"),
            "{err}"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
