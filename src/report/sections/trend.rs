//! The tracked terms over time: per date (or issue) with 95% intervals (`trend.csv`), their
//! lines (`trend`), and on the page one row per group and a column per term.

use minijinja::context;
use polars::prelude::{Column, DataFrame};

use super::{ChartJob, Report, Section, Table, strings};
use crate::chart;
use crate::columns as col;
use crate::error::Result;
use crate::output::shell;
use crate::report::page::{Page, html_table, readable};
use crate::report::plan;

/// Groups shown on the page (`trend.csv` has them all).
const ROWS: usize = 200;

pub struct Trend;

/// What the groups are, for a reader: `issue date` or `issue`.
fn over(r: &Report<'_>) -> &'static str {
    if r.trend_by == plan::DATE {
        "issue date"
    } else {
        "issue"
    }
}

/// The tracked terms as the commands that reproduce the tables take them, each a shell word:
/// `核酸 疫情`.
pub fn terms(r: &Report<'_>) -> String {
    shell::join(r.context.terms.iter().map(|t| t.term.as_str()))
}

impl Section for Trend {
    fn tables(&self, r: &Report<'_>) -> Result<Vec<Table>> {
        Ok(vec![Table::new("trend.csv", r.context.trend.clone())])
    }

    fn charts(&self, r: &Report<'_>) -> Result<Vec<ChartJob>> {
        if r.context.trend.height() == 0 {
            return Ok(Vec::new());
        }
        Ok(vec![ChartJob::new(
            "trend",
            chart::lines::trend(&r.context.trend, "Tracked terms over time", over(r))?,
        )])
    }

    fn nav(&self) -> Option<(&'static str, &'static str)> {
        Some(("trend", "Trends"))
    }

    fn page(&self, r: &Report<'_>, page: &Page<'_>) -> Result<Option<String>> {
        let trend = &r.context.trend;
        let trend = if trend.height() > 0 {
            let why = if !r.opts.track.is_empty() {
                "The terms given with --track.".to_string()
            } else if let Some(c) = r
                .comparisons
                .iter()
                .find(|c| c.over_time)
                .or(r.comparisons.first())
            {
                format!(
                    "Terms chosen from the corpus: the strongest keyness terms of {} (give --track TERM to choose your own).",
                    c.title
                )
            } else {
                "Terms chosen from the corpus: its most frequent terms (give --track TERM to choose your own).".to_string()
            };
            let mut groups = strings(trend, col::GROUP);
            groups.dedup();
            Some(context! {
                over => over(r),
                by => r.trend_by,
                why => why,
                terms => terms(r),
                table => html_table(&pivot(trend, ROWS)?, &[], ROWS)?,
                groups => groups.len(),
            })
        } else {
            None
        };
        page.fragment("trend.html", include_str!("trend.html"), context! { trend })
            .map(Some)
    }

    fn manifest(&self, r: &Report<'_>) -> Vec<(&'static str, serde_json::Value)> {
        vec![(
            "trend",
            serde_json::json!({
                "file": "trend.csv",
                "by": r.trend_by,
                "terms": r.context.terms.iter().map(|t| &t.term).collect::<Vec<_>>(),
                "chosen_from_the_corpus": r.opts.track.is_empty(),
            }),
        )]
    }
}

/// The trend table with one row per group and one column per term: `per 10k (count)`. The
/// trend table lists every term for each group, groups in order: one pass.
fn pivot(trend: &DataFrame, max_groups: usize) -> Result<DataFrame> {
    let groups = strings(trend, col::GROUP);
    let terms = strings(trend, col::TERM);
    let counts: Vec<u64> = trend
        .column(col::COUNT)?
        .u64()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect();
    let per: Vec<Option<f64>> = trend.column(col::PER_10K)?.f64()?.iter().collect();
    let mut term_order: Vec<&str> = Vec::new();
    for t in &terms {
        if !term_order.contains(&t.as_str()) {
            term_order.push(t);
        }
    }
    let mut group_order: Vec<&str> = Vec::new();
    let mut cells: Vec<Vec<Option<String>>> = vec![Vec::new(); term_order.len()];
    for i in 0..groups.len() {
        if group_order.last() != Some(&groups[i].as_str()) {
            if group_order.len() == max_groups {
                break;
            }
            group_order.push(&groups[i]);
            cells.iter_mut().for_each(|c| c.push(None));
        }
        let k = term_order.iter().position(|t| *t == terms[i]).unwrap_or(0);
        let text = match per[i] {
            Some(p) => format!("{} ({})", readable(p), counts[i]),
            None => format!("– ({})", counts[i]),
        };
        if let Some(last) = cells[k].last_mut() {
            *last = Some(text);
        }
    }
    let mut columns = vec![Column::new(col::GROUP.into(), group_order)];
    for (t, v) in term_order.iter().zip(cells) {
        columns.push(Column::new(
            format!("{t} per 10k (count)").as_str().into(),
            v,
        ));
    }
    crate::table::frame(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trend_pivots_to_a_row_per_group() {
        let t = crate::table::frame(vec![
            Column::new(
                col::GROUP.into(),
                ["2020", "2020", "2022", "2022", "2023", "2023"],
            ),
            Column::new(
                col::TERM.into(),
                ["核酸", "疫情", "核酸", "疫情", "核酸", "疫情"],
            ),
            Column::new(col::COUNT.into(), [0u64, 8, 3, 2, 1, 1]),
            Column::new(
                col::PER_10K.into(),
                [Some(0.0), Some(400.0), Some(75.0), Some(50.0), None, None],
            ),
        ])
        .unwrap();
        let p = pivot(&t, 2).unwrap();
        assert_eq!(strings(&p, col::GROUP), ["2020", "2022"]);
        assert_eq!(strings(&p, "核酸 per 10k (count)"), ["0 (0)", "75.00 (3)"]);
        assert_eq!(
            strings(&p, "疫情 per 10k (count)"),
            ["400.0 (8)", "50.00 (2)"]
        );
        let all = pivot(&t, 10).unwrap();
        assert_eq!(strings(&all, "疫情 per 10k (count)")[2], "– (1)");
    }
}
