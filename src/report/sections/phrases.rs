//! Words and phrases found on the characters: `phrases --top 100`'s table (`phrases.csv`),
//! bars of the top 30 (`phrases`), the new ones as a jieba user dictionary (`user-dict.txt`,
//! written when there is one), the top 30 on the page.

use minijinja::context;

use super::{ChartJob, Report, Section, Table};
use crate::chart;
use crate::error::Result;
use crate::report::page::{Page, html_table};
use crate::report::{PHRASE_ROWS, USER_DICT, phrase_options};

/// Bars of the top phrases, and rows of the page's table.
const BARS: usize = 30;
const ROWS: usize = 30;

pub struct Phrases;

/// The phrases of the table that jieba's dictionary lacks (the user dictionary's lines).
fn new_phrases(r: &Report<'_>) -> usize {
    r.user_dict.lines().count()
}

impl Section for Phrases {
    fn tables(&self, r: &Report<'_>) -> Result<Vec<Table>> {
        Ok(vec![Table::new("phrases.csv", r.phrases.clone())])
    }

    fn files(&self, r: &Report<'_>) -> Result<Vec<(String, Vec<u8>)>> {
        Ok(if new_phrases(r) > 0 {
            vec![(USER_DICT.to_string(), r.user_dict.as_bytes().to_vec())]
        } else {
            Vec::new()
        })
    }

    fn charts(&self, r: &Report<'_>) -> Result<Vec<ChartJob>> {
        if r.phrases.height() == 0 {
            return Ok(Vec::new());
        }
        Ok(vec![ChartJob::new(
            "phrases",
            chart::bar::top_phrases(&r.phrases, BARS, "Words and phrases found in the text")?,
        )])
    }

    fn nav(&self) -> Option<(&'static str, &'static str)> {
        Some(("phrases", "Phrases"))
    }

    fn page(&self, r: &Report<'_>, page: &Page<'_>) -> Result<Option<String>> {
        let ctx = context! {
            phrases => html_table(&r.phrases, &[], ROWS)?,
            new_phrases => new_phrases(r),
            user_dict => USER_DICT,
        };
        page.fragment("phrases.html", include_str!("phrases.html"), ctx)
            .map(Some)
    }

    fn manifest(&self, r: &Report<'_>) -> Vec<(&'static str, serde_json::Value)> {
        let o = phrase_options();
        vec![(
            "phrases",
            serde_json::json!({
                "file": "phrases.csv",
                "top": PHRASE_ROWS,
                "max_len": o.max_len,
                "min_count": o.min_count,
                "maximal_share": o.maximal_share,
                "user_dictionary": (new_phrases(r) > 0).then_some(USER_DICT),
            }),
        )]
    }
}
