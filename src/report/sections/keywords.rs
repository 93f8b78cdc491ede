//! Each issue's keywords: its top 10 terms by TF-IDF (`keywords.csv`), and on the page one row
//! per issue with its top 5.

use minijinja::context;
use polars::prelude::{Column, DataFrame};

use super::{Report, Section, Table, strings};
use crate::analysis::keywords::KeywordsOptions;
use crate::columns as col;
use crate::error::Result;
use crate::report::page::{HtmlTable, Page, html_table};

/// Keywords shown per issue.
const SHOWN: usize = 5;
/// Issues shown, as many as the issues' table shows.
const ISSUES: usize = super::issues::ROWS;

pub struct Keywords;

impl Section for Keywords {
    fn tables(&self, r: &Report<'_>) -> Result<Vec<Table>> {
        Ok(vec![Table::new("keywords.csv", r.pass.keywords.clone())])
    }

    fn nav(&self) -> Option<(&'static str, &'static str)> {
        Some(("keywords", "Keywords"))
    }

    fn page(&self, r: &Report<'_>, page: &Page<'_>) -> Result<Option<String>> {
        let ctx = context! { keywords => by_issue(&r.pass.keywords, SHOWN, ISSUES)? };
        page.fragment("keywords.html", include_str!("keywords.html"), ctx)
            .map(Some)
    }

    fn manifest(&self, _r: &Report<'_>) -> Vec<(&'static str, serde_json::Value)> {
        vec![(
            "keywords",
            serde_json::json!({ "file": "keywords.csv", "top": KeywordsOptions::default().top }),
        )]
    }
}

/// The keywords table with one row per issue: its top `shown` terms by TF-IDF, joined by `、`,
/// for the first `max_issues` issues (in the table's order, which is the corpus's).
fn by_issue(keywords: &DataFrame, shown: usize, max_issues: usize) -> Result<HtmlTable> {
    let issues = strings(keywords, col::ISSUE);
    let terms = strings(keywords, col::TERM);
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for (issue, term) in issues.into_iter().zip(terms) {
        match rows.last_mut() {
            Some((last, t)) if *last == issue => {
                if t.len() < shown {
                    t.push(term);
                }
            }
            _ => rows.push((issue, vec![term])),
        }
    }
    let total = rows.len();
    rows.truncate(max_issues);
    let df = crate::table::frame(vec![
        Column::new(
            col::ISSUE.into(),
            rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            format!("top {shown} by TF-IDF").as_str().into(),
            rows.iter().map(|r| r.1.join("、")).collect::<Vec<_>>(),
        ),
    ])?;
    let mut t = html_table(&df, &[], max_issues)?;
    t.total = total;
    t.cut = total > rows.len();
    Ok(t)
}
