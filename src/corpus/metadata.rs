//! `metadata.csv`: one row per file, any number of document variables (docs/corpus.md).

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};

/// Column names the token table already uses; a metadata column may not shadow them.
const RESERVED: &[&str] = &[
    "issue",
    "article",
    "sentence",
    "position",
    "token",
    "kind",
    "text",
    "term",
    "count",
    "articles",
    "sentences",
    "chars",
];

/// The parsed file: column names (without `file`) and, per normalised file name, its values.
#[derive(Debug, Default, Clone)]
pub struct Metadata {
    pub columns: Vec<String>,
    /// file (relative, `/`-separated) → (CSV line number, values aligned with `columns`)
    pub rows: HashMap<String, (u64, Vec<String>)>,
}

/// `./a\b.txt` and `a/b.txt` name the same file.
pub fn normalise_file_key(s: &str) -> String {
    let s = s.trim().replace('\\', "/");
    s.trim_start_matches("./").to_string()
}

/// A `date` must be YYYY-MM-DD and a real calendar day, so that dates sort and compare as text.
fn valid_date(s: &str) -> bool {
    date_days(s).is_some()
}

/// The day a `date` value names, as days since 1970-01-01 (Parquet's DATE and polars' `Date`),
/// or `None` when it is not a calendar day in YYYY-MM-DD form.
pub fn date_days(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=days).contains(&d) {
        return None;
    }
    // Days from civil (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"): years
    // start in March, so that the leap day ends the year; eras of 400 years.
    let y = if m <= 2 { y - 1 } else { y };
    let (era, yoe) = (y.div_euclid(400), y.rem_euclid(400));
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Parse `metadata.csv` (already decoded text). Errors name the file and the line.
pub fn parse_metadata(path: &Path, text: &str) -> Result<Metadata> {
    // Excel writes CRLF; with LF only, the reader's line numbers match what an editor shows.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::input(path, format!("cannot read the header row: {e}")))?
        .clone();
    let names: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
    let Some(file_idx) = names.iter().position(|h| h == "file") else {
        return Err(Error::input(
            path,
            format!("has no `file` column (columns: {})", names.join(", ")),
        ));
    };
    let mut columns = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if i == file_idx {
            continue;
        }
        if name.is_empty() {
            return Err(Error::input(
                path,
                format!("column {} has an empty name", i + 1),
            ));
        }
        if RESERVED.contains(&name.as_str()) || name.starts_with("per_10k:") {
            return Err(Error::input(
                path,
                format!(
                    "column `{name}` clashes with a column of the token table or the counts file; rename it"
                ),
            ));
        }
        if columns.contains(name) {
            return Err(Error::input(path, format!("column `{name}` appears twice")));
        }
        columns.push(name.clone());
    }
    let date_idx = names.iter().position(|h| h == "date");
    let mut rows: HashMap<String, (u64, Vec<String>)> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::input(path, e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let key = normalise_file_key(record.get(file_idx).unwrap_or(""));
        if key.is_empty() {
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            return Err(Error::input(
                path,
                format!("line {line}: the `file` field is empty"),
            ));
        }
        if let Some(i) = date_idx {
            let d = record.get(i).unwrap_or("").trim();
            if !d.is_empty() && !valid_date(d) {
                return Err(Error::input(
                    path,
                    format!("line {line}: date `{d}` is not a calendar date in YYYY-MM-DD form"),
                ));
            }
        }
        let values: Vec<String> = (0..names.len())
            .filter(|&i| i != file_idx)
            .map(|i| record.get(i).unwrap_or("").trim().to_string())
            .collect();
        if let Some((first, _)) = rows.get(&key) {
            return Err(Error::input(
                path,
                format!("line {line}: a second row for `{key}` (the first is on line {first})"),
            ));
        }
        rows.insert(key, (line, values));
    }
    Ok(Metadata { columns, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Metadata> {
        parse_metadata(Path::new("metadata.csv"), text)
    }

    #[test]
    fn columns_and_rows() {
        let m = parse("file,newspaper,date\n./a.txt,吕梁日报,2022-10-28\nsub\\b.txt,朔州日报,\n")
            .unwrap();
        assert_eq!(m.columns, vec!["newspaper", "date"]);
        assert_eq!(m.rows["a.txt"].1, vec!["吕梁日报", "2022-10-28"]);
        assert_eq!(
            m.rows["sub/b.txt"],
            (3, vec!["朔州日报".to_string(), String::new()])
        );
    }

    #[test]
    fn errors_name_the_problem_and_line() {
        let e = parse("name,date\na.txt,2022-01-01\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("metadata.csv: has no `file` column"), "{e}");
        let e = parse("file,date\na.txt,2022-02-30\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "metadata.csv: line 2: date `2022-02-30` is not a calendar date in YYYY-MM-DD form"
        );
        let e = parse("file,date\na.txt,2020/02/10\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("`2020/02/10`"), "{e}");
        let e = parse("file,x\na.txt,1\nb.txt,2\na.txt,3\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "metadata.csv: line 4: a second row for `a.txt` (the first is on line 2)"
        );
        let e = parse("file,token\na.txt,1\n").unwrap_err().to_string();
        assert!(e.contains("`token` clashes"), "{e}");
        let e = parse("file,x\na.txt,1,2\n").unwrap_err().to_string();
        assert!(e.starts_with("metadata.csv: "), "{e}");
    }

    #[test]
    fn leap_days() {
        assert!(valid_date("2020-02-29"));
        assert!(!valid_date("2022-02-29"));
        assert!(!valid_date("1900-02-29"));
        assert!(valid_date("2000-02-29"));
        assert!(!valid_date("2022-13-01"));
        assert!(!valid_date("2022-1-01"));
    }

    #[test]
    fn days_since_1970() {
        assert_eq!(date_days("1970-01-01"), Some(0));
        assert_eq!(date_days("1970-01-02"), Some(1));
        assert_eq!(date_days("1969-12-31"), Some(-1));
        assert_eq!(date_days("2000-03-01"), Some(11_017));
        assert_eq!(date_days("2020-02-10"), Some(18_302));
        assert_eq!(date_days("2022-11-20"), Some(19_316));
        assert_eq!(date_days("0000-03-01"), Some(-719_468));
        assert_eq!(date_days("0000-01-01"), Some(-719_528));
        assert_eq!(date_days("9999-12-31"), Some(2_932_896));
        assert_eq!(date_days("2022-02-29"), None);
        assert_eq!(date_days(""), None);
        // Consecutive days are consecutive numbers across month, year and leap-day ends.
        let mut next = date_days("1899-12-31").unwrap();
        for y in 1900..=2100 {
            for m in 1..=12 {
                for d in 1..=31 {
                    if let Some(n) = date_days(&format!("{y:04}-{m:02}-{d:02}")) {
                        assert_eq!(n, next + 1, "{y}-{m}-{d}");
                        next = n;
                    }
                }
            }
        }
        assert_eq!(next, date_days("2100-12-31").unwrap());
    }
}
