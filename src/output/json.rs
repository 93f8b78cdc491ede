use polars::prelude::*;

use crate::error::{Error, Result};

/// A JSON array of row objects, the shape `pandas.read_json` and `jsonlite::fromJSON` expect.
pub fn write(df: &mut DataFrame, buf: &mut Vec<u8>) -> Result<()> {
    JsonWriter::new(buf)
        .with_json_format(JsonFormat::Json)
        .finish(df)
        .map_err(|err| Error::Table {
            path: "<json>".into(),
            err,
        })
}
