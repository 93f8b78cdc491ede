//! Keyness between the corpus's natural groups (`report::plan`): one table per comparison
//! (`keyness-<column>.csv`), its diverging bars, and the top terms of each side on the page.

use minijinja::context;
use polars::prelude::BooleanChunked;

use super::{ChartJob, Report, Section, Table};
use crate::chart;
use crate::columns as col;
use crate::error::Result;
use crate::report::page::{Page, html_table};

/// Bars on each side of the chart.
const BARS: usize = 20;
/// Rows of each side's table on the page.
const ROWS: usize = 15;
/// The columns the page shows.
const COLUMNS: [&str; 6] = [
    col::TERM,
    col::COUNT_TARGET,
    col::COUNT_REFERENCE,
    col::G2,
    col::LOG_RATIO,
    col::LR_CONSERVATIVE,
];

pub struct Keyness;

impl Section for Keyness {
    fn tables(&self, r: &Report<'_>) -> Result<Vec<Table>> {
        Ok(r.comparisons
            .iter()
            .zip(&r.pass.keyness)
            .map(|(c, df)| Table::new(format!("{}.csv", c.slug), df.clone()))
            .collect())
    }

    fn charts(&self, r: &Report<'_>) -> Result<Vec<ChartJob>> {
        r.comparisons
            .iter()
            .zip(&r.pass.keyness)
            .map(|(c, df)| {
                Ok(ChartJob::new(
                    &c.slug,
                    chart::diverging::keyness(
                        df,
                        BARS,
                        &c.target_label,
                        &c.reference_label,
                        &format!("Keyness: {}", c.title),
                    )?,
                ))
            })
            .collect()
    }

    fn nav(&self) -> Option<(&'static str, &'static str)> {
        Some(("keyness", "Keyness"))
    }

    fn page(&self, r: &Report<'_>, page: &Page<'_>) -> Result<Option<String>> {
        let mut comparisons = Vec::new();
        for (c, df) in r.comparisons.iter().zip(&r.pass.keyness) {
            let g2 = df.column(col::G2)?.f64()?.clone();
            let up_mask: BooleanChunked = g2.iter().map(|v| Some(v.unwrap_or(0.0) > 0.0)).collect();
            let down_mask: BooleanChunked =
                g2.iter().map(|v| Some(v.unwrap_or(0.0) < 0.0)).collect();
            let up = df.filter(&up_mask)?;
            let down = df.filter(&down_mask)?.reverse();
            comparisons.push(context! {
                title => c.title,
                flags => c.flags(),
                slug => c.slug,
                file => format!("{}.csv", c.slug),
                rows => df.height(),
                target => c.target_label,
                reference => c.reference_label,
                up => html_table(&up, &COLUMNS, ROWS)?,
                down => html_table(&down, &COLUMNS, ROWS)?,
            });
        }
        page.fragment(
            "keyness.html",
            include_str!("keyness.html"),
            context! { comparisons },
        )
        .map(Some)
    }

    fn manifest(&self, r: &Report<'_>) -> Vec<(&'static str, serde_json::Value)> {
        let comparisons = r.comparisons.iter().map(|c| {
            // `target`/`reference` are `keyness` expressions; `expressible: false`: they do
            // not select the same issues as the report's exact groups (report/plan.rs).
            serde_json::json!({
                "file": format!("{}.csv", c.slug),
                "title": c.title,
                "expressible": c.expressible,
                "target": c.options.target.text,
                "reference": c.options.reference.as_ref().map(|r| r.text.clone()),
            })
        });
        vec![("keyness", comparisons.collect())]
    }
}
