//! Parquet output. Columns keep their types, and one column gains a type: the metadata column
//! `date`, which `metadata.csv` keeps to calendar days in YYYY-MM-DD form (or empty), is a
//! Parquet DATE (polars `Date`, DuckDB `DATE`, Spark `DateType`), empty values null. It is
//! typed here, where tables become Parquet, rather than where metadata columns are built:
//! every table that carries metadata (tokens, counts, issues, kwic, …) gets it at once, and
//! CSV and JSON, written from the same frames, stay exactly as they were (text).

use polars::prelude::*;

use crate::columns as col;
use crate::corpus::metadata::date_days;
use crate::error::{Error, Result};

/// Parquet with zstd compression, readable by polars, pandas/pyarrow, R arrow, DuckDB, Spark.
pub fn write(df: &mut DataFrame, buf: &mut Vec<u8>) -> Result<()> {
    let table_error = |err| Error::Table {
        path: "<parquet>".into(),
        err,
    };
    type_dates(df).map_err(table_error)?;
    ParquetWriter::new(buf)
        .with_compression(ParquetCompression::Zstd(None))
        .finish(df)
        .map(|_| ())
        .map_err(table_error)
}

/// The schema of a table as written to Parquet: a text `date` column is a `Date`.
pub fn typed_schema(schema: &Schema) -> Schema {
    let mut typed = schema.clone();
    if typed.get(col::DATE) == Some(&DataType::String) {
        typed.with_column(col::DATE.into(), DataType::Date);
    }
    typed
}

/// Turn a text `date` column into a `Date` column in place (empty → null). A value that is
/// not a calendar day is an error: the metadata and counts readers let none through.
pub fn type_dates(df: &mut DataFrame) -> PolarsResult<()> {
    let Ok(column) = df.column(col::DATE) else {
        return Ok(());
    };
    if column.dtype() != &DataType::String {
        return Ok(());
    }
    let days: Int32Chunked = column
        .str()?
        .iter()
        .map(|v| match v {
            None | Some("") => Ok(None),
            Some(v) => date_days(v).map(Some).ok_or_else(
                || polars_err!(ComputeError: "column `date`: `{v}` is not a calendar date in YYYY-MM-DD form"),
            ),
        })
        .collect::<PolarsResult<_>>()?;
    df.with_column(days.with_name(col::DATE.into()).into_date().into_column())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(dates: &[&str]) -> DataFrame {
        DataFrame::new_infer_height(vec![
            Column::new("issue".into(), vec!["a"; dates.len()]),
            Column::new(col::DATE.into(), dates.to_vec()),
            Column::new("x".into(), vec![1u32; dates.len()]),
        ])
        .unwrap()
    }

    #[test]
    fn a_date_column_is_written_as_dates_and_read_back() {
        let mut df = table(&["2020-02-10", "", "2022-11-20"]);
        let mut buf = Vec::new();
        write(&mut df, &mut buf).unwrap();
        let back = ParquetReader::new(std::io::Cursor::new(buf))
            .finish()
            .unwrap();
        let names: Vec<&str> = back.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(names, ["issue", "date", "x"]);
        let date = back.column(col::DATE).unwrap();
        assert_eq!(date.dtype(), &DataType::Date);
        let days: Vec<Option<i32>> = date.date().unwrap().physical().iter().collect();
        assert_eq!(days, [Some(18_302), None, Some(19_316)]);
        // As text again, the values are the metadata's (what the counts reader does).
        let text = date.cast(&DataType::String).unwrap();
        let text: Vec<Option<&str>> = text.str().unwrap().iter().collect();
        assert_eq!(text, [Some("2020-02-10"), None, Some("2022-11-20")]);
    }

    #[test]
    fn the_schema_and_other_columns_are_left_alone() {
        let schema = table(&[]).schema().as_ref().clone();
        let typed = typed_schema(&schema);
        assert_eq!(typed.get(col::DATE), Some(&DataType::Date));
        assert_eq!(typed.get_at_index(1).unwrap().0.as_str(), col::DATE);
        assert_eq!(typed.get("x"), Some(&DataType::UInt32));
        // No date column, or one already typed: nothing changes.
        let mut df = table(&["2020-02-10"]).drop(col::DATE).unwrap();
        let before = df.clone();
        type_dates(&mut df).unwrap();
        assert!(df.equals(&before));
        let bad = type_dates(&mut table(&["2020/02/10"])).unwrap_err();
        assert!(
            bad.to_string()
                .contains("`2020/02/10` is not a calendar date"),
            "{bad}"
        );
    }
}
