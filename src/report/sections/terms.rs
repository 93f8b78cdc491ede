//! The most frequent terms: every counted term (`freq.csv`), bars of the top 30
//! (`freq-top`), a word cloud (`freq-cloud`) and the top 30 on the page, the pictures and the
//! page's table without the Chinese stopword list (docs/report.md).

use minijinja::context;

use super::{ChartJob, Report, Section, Table, filter_terms};
use crate::chart;
use crate::error::Result;
use crate::report::page::{Page, html_table};

/// Bars of the top terms, and rows of the page's table.
const BARS: usize = 30;
const ROWS: usize = 30;
/// Words in the cloud.
const CLOUD_TERMS: usize = 150;

pub struct Terms;

impl Section for Terms {
    fn tables(&self, r: &Report<'_>) -> Result<Vec<Table>> {
        Ok(vec![Table::new("freq.csv", r.pass.freq.clone())])
    }

    fn charts(&self, r: &Report<'_>) -> Result<Vec<ChartJob>> {
        let hidden = |t: &str| r.hidden(t);
        Ok(vec![
            ChartJob::new(
                "freq-top",
                chart::bar::top_terms(&r.pass.freq, BARS, &hidden, "Most frequent terms")?,
            ),
            ChartJob::new(
                "freq-cloud",
                chart::cloud::word_cloud(
                    &r.pass.freq,
                    CLOUD_TERMS,
                    &hidden,
                    "Word cloud of the most frequent terms",
                )?,
            ),
        ])
    }

    fn nav(&self) -> Option<(&'static str, &'static str)> {
        Some(("terms", "Terms"))
    }

    fn page(&self, r: &Report<'_>, page: &Page<'_>) -> Result<Option<String>> {
        let shown = filter_terms(&r.pass.freq, &|t: &str| !r.hidden(t))?;
        let ctx = context! {
            stopwords_in_pictures => !r.picture_stopwords.is_empty(),
            terms => html_table(&shown, &[], ROWS)?,
        };
        page.fragment("terms.html", include_str!("terms.html"), ctx)
            .map(Some)
    }
}
