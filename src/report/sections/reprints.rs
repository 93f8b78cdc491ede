//! With `--dedup`: the reprint pairs (`reprints.csv`, docs/reprints.md) and what was left out.
//! The page says it in the corpus summary and the method.

use super::{Report, Section, Table};
use crate::error::Result;

const FILE: &str = "reprints.csv";

pub struct Reprints;

impl Section for Reprints {
    fn tables(&self, r: &Report<'_>) -> Result<Vec<Table>> {
        Ok(match &r.opts.dedup {
            Some((reprints, _)) => vec![Table::new(FILE, reprints.table(r.corpus)?)],
            None => Vec::new(),
        })
    }

    fn manifest(&self, r: &Report<'_>) -> Vec<(&'static str, serde_json::Value)> {
        let dedup = r.opts.dedup.as_ref().map(|(_, d)| {
            serde_json::json!({
                "file": FILE,
                "left_out": d,
            })
        });
        vec![("dedup", serde_json::json!(dedup))]
    }
}
