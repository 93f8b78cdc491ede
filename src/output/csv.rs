use polars::prelude::*;

use crate::error::{Error, Result};

/// CSV with a header, comma-separated, UTF-8; floats in shortest round-trip form (polars
/// writes them that way when no precision is set), nulls as empty fields.
pub fn write(df: &mut DataFrame, buf: &mut Vec<u8>, bom: bool) -> Result<()> {
    CsvWriter::new(buf)
        .include_header(true)
        .include_bom(bom)
        .finish(df)
        .map_err(|err| Error::Table {
            path: "<csv>".into(),
            err,
        })
}
