//! Issues: one row per issue (`issues.csv`), its small multiples (`issues.png`/`.svg`) and
//! the first issues on the page.

use minijinja::context;

use super::{ChartJob, Report, Section, Table};
use crate::chart;
use crate::error::Result;
use crate::report::page::{Page, html_table};
use crate::tokenize::Stopwords;

/// Rows of the page's table (`issues.csv` has them all).
pub const ROWS: usize = 200;

pub struct Issues;

impl Section for Issues {
    fn tables(&self, r: &Report<'_>) -> Result<Vec<Table>> {
        Ok(vec![Table::new("issues.csv", r.pass.issues.clone())])
    }

    fn charts(&self, r: &Report<'_>) -> Result<Vec<ChartJob>> {
        Ok(vec![ChartJob::new(
            "issues",
            chart::multiples::issue_figures(&r.pass.issues, "Figures per issue")?,
        )])
    }

    fn nav(&self) -> Option<(&'static str, &'static str)> {
        Some(("issues", "Issues"))
    }

    fn page(&self, r: &Report<'_>, page: &Page<'_>) -> Result<Option<String>> {
        let ctx = context! {
            stopwords_removed => !matches!(r.opts.segmenter.stopwords, Stopwords::None),
            issues => html_table(&r.pass.issues, &[], ROWS)?,
        };
        page.fragment("issues.html", include_str!("issues.html"), ctx)
            .map(Some)
    }
}
