use polars::prelude::*;

use crate::error::{Error, Result};

/// Parquet with zstd compression, readable by polars, pandas/pyarrow, R arrow, DuckDB, Spark.
pub fn write(df: &mut DataFrame, buf: &mut Vec<u8>) -> Result<()> {
    ParquetWriter::new(buf)
        .with_compression(ParquetCompression::Zstd(None))
        .finish(df)
        .map(|_| ())
        .map_err(|err| Error::Table {
            path: "<parquet>".into(),
            err,
        })
}
