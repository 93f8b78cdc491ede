//! DataFrame helpers shared by the analyses and the output: a frame from columns, the
//! schema of a per-issue table with its metadata columns, the metadata columns repeated.

use polars::prelude::*;

use crate::error::Result;

/// Build a DataFrame from columns, all of the same height.
pub fn frame(columns: Vec<Column>) -> Result<DataFrame> {
    Ok(DataFrame::new_infer_height(columns)?)
}

/// A schema of the given fields followed by the metadata columns (all strings).
pub fn table_schema(fields: &[(&str, DataType)], meta_names: &[String]) -> Schema {
    let mut s = Schema::default();
    for (name, dtype) in fields {
        s.insert((*name).into(), dtype.clone());
    }
    for name in meta_names {
        s.insert(name.as_str().into(), DataType::String);
    }
    s
}

/// The metadata columns for `n` rows of that issue, each value repeated.
pub fn repeated_meta<'a>(
    meta_names: &'a [String],
    meta: &'a [String],
    n: usize,
) -> impl Iterator<Item = Column> + 'a {
    meta_names
        .iter()
        .zip(meta)
        .map(move |(name, value)| Column::new(name.as_str().into(), vec![value.as_str(); n]))
}
