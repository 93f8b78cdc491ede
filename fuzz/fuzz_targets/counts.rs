//! Shared by the two counts-file targets: the bytes as a counts file (`.csv` or `.parquet`),
//! read as `freq counts.parquet` does (`read_counts`) and merged with itself (`merge`).
use std::path::Path;

use zhcorpus::Error;
use zhcorpus::analysis::counts::{merge, read_counts};

pub fn check(data: &[u8], path: &Path) {
    std::fs::write(path, data).unwrap();
    match read_counts(path, |t| t == "的") {
        Ok(table) => {
            assert_eq!(table.docs.len(), table.issues.len());
            assert_eq!(table.meta.len(), table.issues.len());
            for column in table.meta_columns.clone() {
                table
                    .groups(Some(&column), path)
                    .expect("a column the file has");
            }
        }
        Err(e) => names(&e, path),
    }
    match merge(&[path, path]) {
        Ok(df) => assert!(df.width() >= 7),
        Err(e) => names(&e, path),
    }
}

fn names(e: &Error, path: &Path) {
    match e {
        Error::Input { path: p, .. } | Error::Io { path: p, .. } | Error::Table { path: p, .. } => {
            assert_eq!(p, path, "the error names another file: {e}")
        }
        Error::Usage(m) => assert!(m.contains(&*path.to_string_lossy()), "{m}"),
        Error::Closed => panic!("{e}"),
    }
}
