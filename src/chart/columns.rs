//! Reading a result table's columns for a chart. A column the chart needs and the table
//! lacks (or cannot convert) is a usage error that names it and the columns the table has,
//! never a panic.

use polars::prelude::{Column, DataFrame, DataType};

use crate::error::{Error, Result};

/// Whether the table has a column of that name.
pub fn has_column(df: &DataFrame, name: &str) -> bool {
    df.get_column_names().iter().any(|c| c.as_str() == name)
}

/// Column `name` of the `table` table (e.g. "freq"), cast to `dtype`.
fn column_as(df: &DataFrame, name: &str, dtype: &DataType, table: &str) -> Result<Column> {
    let column = df.column(name).map_err(|_| {
        let have: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .collect();
        Error::usage(format!(
            "chart: the {table} table has no `{name}` column (its columns: {})",
            have.join(", ")
        ))
    })?;
    column.cast(dtype).map_err(|e| unreadable(name, table, e))
}

fn unreadable(name: &str, table: &str, e: impl std::fmt::Display) -> Error {
    Error::usage(format!("chart: column `{name}` of the {table} table: {e}"))
}

/// A column as text (numbers and dates converted to their text); nulls are `None`.
pub fn strings(df: &DataFrame, name: &str, table: &str) -> Result<Vec<Option<String>>> {
    let column = column_as(df, name, &DataType::String, table)?;
    let ca = column.str().map_err(|e| unreadable(name, table, e))?;
    Ok(ca.iter().map(|v| v.map(str::to_string)).collect())
}

/// A numeric column as floats (integers converted); nulls, NaN and infinities are `None`.
pub fn numbers(df: &DataFrame, name: &str, table: &str) -> Result<Vec<Option<f64>>> {
    let column = column_as(df, name, &DataType::Float64, table)?;
    let ca = column.f64().map_err(|e| unreadable(name, table, e))?;
    Ok(ca.iter().map(|v| v.filter(|x| x.is_finite())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> DataFrame {
        DataFrame::new_infer_height(vec![
            Column::new("term".into(), [Some("核酸"), None, Some("疫情")]),
            Column::new("count".into(), [3u64, 2, 1]),
            Column::new("per_10k".into(), [1.5, f64::NAN, f64::INFINITY]),
        ])
        .unwrap()
    }

    #[test]
    fn reads_text_and_numbers() {
        let df = table();
        assert!(has_column(&df, "count") && !has_column(&df, "group"));
        assert_eq!(
            strings(&df, "term", "freq").unwrap(),
            [Some("核酸".to_string()), None, Some("疫情".to_string())]
        );
        assert_eq!(
            strings(&df, "count", "freq").unwrap(),
            [
                Some("3".to_string()),
                Some("2".to_string()),
                Some("1".to_string())
            ]
        );
        assert_eq!(
            numbers(&df, "count", "freq").unwrap(),
            [Some(3.0), Some(2.0), Some(1.0)]
        );
        assert_eq!(
            numbers(&df, "per_10k", "freq").unwrap(),
            [Some(1.5), None, None]
        );
    }

    #[test]
    fn a_missing_column_is_a_usage_error_naming_it() {
        let e = numbers(&table(), "g2", "keyness").unwrap_err();
        assert!(e.is_usage());
        assert_eq!(
            e.to_string(),
            "chart: the keyness table has no `g2` column (its columns: term, count, per_10k)"
        );
        let e = strings(&table(), "group", "trend").unwrap_err();
        assert!(e.to_string().contains("`group`"), "{e}");
    }
}
