//! N-grams: every bigram and trigram seen at least twice (`ngrams.csv`), bars of the top 30
//! without stopword n-grams (`ngrams`), the top 30 on the page.

use minijinja::context;

use super::{ChartJob, Report, Section, Table};
use crate::chart;
use crate::columns as col;
use crate::error::Result;
use crate::report::page::{Page, html_table};

/// Bars of the top n-grams, and rows of the page's table.
const BARS: usize = 30;
const ROWS: usize = 30;

pub struct Ngrams;

impl Section for Ngrams {
    fn tables(&self, r: &Report<'_>) -> Result<Vec<Table>> {
        Ok(vec![Table::new("ngrams.csv", r.pass.ngrams.clone())])
    }

    fn charts(&self, r: &Report<'_>) -> Result<Vec<ChartJob>> {
        let hidden = |t: &str| r.hidden(t);
        Ok(vec![ChartJob::new(
            "ngrams",
            chart::bar::top_ngrams(&r.pass.ngrams, BARS, &hidden, "Most frequent n-grams")?,
        )])
    }

    fn nav(&self) -> Option<(&'static str, &'static str)> {
        Some(("ngrams", "N-grams"))
    }

    fn page(&self, r: &Report<'_>, page: &Page<'_>) -> Result<Option<String>> {
        // The sizes found in the table: `2, 3`.
        let mut sizes: Vec<u32> = r
            .pass
            .ngrams
            .column(col::N)
            .ok()
            .and_then(|c| c.u32().ok().cloned())
            .map(|c| c.iter().flatten().collect())
            .unwrap_or_default();
        sizes.sort_unstable();
        sizes.dedup();
        let ctx = context! {
            sizes => sizes.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", "),
            min_count => r.opts.ngram_min_count,
            ngrams => html_table(&r.pass.ngrams, &[], ROWS)?,
        };
        page.fragment("ngrams.html", include_str!("ngrams.html"), ctx)
            .map(Some)
    }
}
