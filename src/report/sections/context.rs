//! The tracked terms in context: how evenly they spread over the issues (`dispersion.csv`, the
//! barcode `dispersion`), concordance lines of each (`kwic.csv`), and each one's collocates
//! (`collocates-<term>.csv`) and collocation network (`network-<term>`).

use minijinja::context;

use super::{ChartJob, Report, Section, Table, filter_terms};
use crate::analysis::collocates::{CollocateOptions, CollocateSort};
use crate::chart;
use crate::columns as col;
use crate::error::Result;
use crate::report::page::{Page, grouped, html_table};
use crate::report::{KWIC_LINES, KWIC_WINDOW, context::kwic_all, plan};

/// Collocates of each term on the page (its CSV has them all).
const COLLOCATE_ROWS: usize = 10;

pub struct InContext;

impl Section for InContext {
    fn tables(&self, r: &Report<'_>) -> Result<Vec<Table>> {
        let ctx = r.context;
        let mut tables = vec![
            Table::new("dispersion.csv", ctx.dispersion.clone()),
            Table::new("kwic.csv", kwic_all(r.corpus, &ctx.terms)?),
        ];
        for (t, stem) in ctx.terms.iter().zip(&r.stems) {
            tables.push(Table::new(
                format!("collocates-{stem}.csv"),
                t.collocates.clone(),
            ));
        }
        Ok(tables)
    }

    fn charts(&self, r: &Report<'_>) -> Result<Vec<ChartJob>> {
        let ctx = r.context;
        let mut jobs = Vec::new();
        if ctx.dispersion.height() > 0 {
            // The barcode shows at most `MAX_TERMS` terms side by side: the first ones.
            let keep = ctx.dispersion.height().min(chart::barcode::MAX_TERMS);
            let shown: Vec<&str> = ctx.terms[..keep].iter().map(|t| t.term.as_str()).collect();
            let occurrences = filter_terms(&ctx.positions.occurrences, &|t| shown.contains(&t))?;
            jobs.push(ChartJob::new(
                "dispersion",
                chart::barcode::barcode(
                    &ctx.dispersion.head(Some(keep)),
                    &ctx.positions.parts,
                    &occurrences,
                    "Where the tracked terms occur",
                )?,
            ));
        }
        let hidden = |t: &str| r.hidden(t);
        for (t, stem) in ctx.terms.iter().zip(&r.stems) {
            if t.collocates.height() == 0 {
                continue;
            }
            jobs.push(ChartJob::new(
                format!("network-{stem}"),
                chart::network::network(
                    &t.collocates,
                    &t.term,
                    CollocateSort::LogDice.column(),
                    chart::network::DEFAULT_COLLOCATES,
                    &hidden,
                    &format!("Collocates of {}", t.term),
                )?,
            ));
        }
        Ok(jobs)
    }

    fn nav(&self) -> Option<(&'static str, &'static str)> {
        Some(("context", "In context"))
    }

    fn page(&self, r: &Report<'_>, page: &Page<'_>) -> Result<Option<String>> {
        let ctx = r.context;
        let kwic_columns: Vec<&str> = {
            let mut c = vec![col::ISSUE];
            if r.corpus.meta_columns.iter().any(|m| m == plan::DATE) {
                c.push(plan::DATE);
            }
            c.extend([col::LEFT, col::KEYWORD, col::RIGHT]);
            c
        };
        let mut terms_in_context = Vec::new();
        for (t, stem) in ctx.terms.iter().zip(&r.stems) {
            terms_in_context.push(context! {
                term => t.term,
                matches => grouped(t.matches),
                kwic => html_table(&t.kwic, &kwic_columns, usize::MAX)?,
                network => format!("network-{stem}"),
                file => format!("collocates-{stem}.csv"),
                collocates => html_table(&t.collocates, &[], COLLOCATE_ROWS)?,
            });
        }
        // The terms as the trend section prints them (none without a trend table).
        let terms = if ctx.trend.height() > 0 {
            super::trend::terms(r)
        } else {
            String::new()
        };
        let fragment = context! {
            terms,
            terms_in_context,
            dispersion => html_table(&ctx.dispersion, &[], usize::MAX)?,
            kwic_window => KWIC_WINDOW,
        };
        page.fragment("context.html", include_str!("context.html"), fragment)
            .map(Some)
    }

    fn manifest(&self, r: &Report<'_>) -> Vec<(&'static str, serde_json::Value)> {
        let collocates = CollocateOptions::default();
        vec![
            (
                "dispersion",
                serde_json::json!({ "file": "dispersion.csv", "parts": "issue" }),
            ),
            (
                "kwic",
                serde_json::json!({
                    "file": "kwic.csv",
                    "lines_per_term": KWIC_LINES,
                    "window": KWIC_WINDOW,
                    "sample": "systematic, evenly spread in corpus order",
                }),
            ),
            (
                "collocates",
                r.context
                    .terms
                    .iter()
                    .zip(&r.stems)
                    .map(|(t, stem)| {
                        serde_json::json!({
                            "term": t.term,
                            "file": format!("collocates-{stem}.csv"),
                            "window": collocates.window,
                            "min_count": collocates.min_count,
                        })
                    })
                    .collect(),
            ),
        ]
    }
}
