//! The corpus at the top of the page: issues, each metadata column, articles, sentences, Han
//! characters, counted tokens, what `--dedup` left out, distinct terms and the input's size;
//! and the figures of the page's lead line.

use minijinja::{Value, context};

use super::{Report, Section, sum_u64};
use crate::columns as col;
use crate::error::Result;
use crate::report::page::{Page, grouped};
use crate::report::plan;

pub struct Summary;

impl Section for Summary {
    fn page(&self, r: &Report<'_>, page: &Page<'_>) -> Result<Option<String>> {
        let corpus = r.corpus;
        let mut rows: Vec<(String, String)> =
            vec![("issues".into(), grouped(corpus.docs.len() as u64))];
        for (i, name) in corpus.meta_columns.iter().enumerate() {
            let values: Vec<&str> = corpus.docs.iter().map(|d| d.meta[i].as_str()).collect();
            rows.push((name.clone(), describe_column(&values)));
        }
        let issues = &r.pass.issues;
        rows.extend([
            (
                "articles".to_string(),
                grouped(sum_u64(issues, col::ARTICLES)),
            ),
            (
                "sentences".to_string(),
                grouped(sum_u64(issues, col::SENTENCES)),
            ),
            (
                "Han characters".to_string(),
                grouped(sum_u64(issues, col::CHARS)),
            ),
            ("counted tokens".to_string(), grouped(r.counted_tokens)),
        ]);
        if let Some((_, d)) = &r.opts.dedup {
            rows.push((
                "reprints left out".to_string(),
                if d.dropped_articles == 0 {
                    format!(
                        "none: no two articles of at least {} Han characters have similarity ≥ {} \
                         (--dedup)",
                        d.min_chars, d.min_similarity
                    )
                } else {
                    format!(
                        "{} articles ({} Han characters) in {} groups of near-duplicates, each \
                         counted once (--dedup; reprints.csv lists the pairs)",
                        grouped(d.dropped_articles as u64),
                        grouped(d.dropped_chars),
                        grouped(d.groups as u64)
                    )
                },
            ));
        }
        rows.extend([
            (
                "distinct terms".to_string(),
                grouped(r.pass.freq.height() as u64),
            ),
            (
                "input".to_string(),
                format!(
                    "{} bytes in {} files",
                    grouped(corpus.docs.iter().map(|d| d.bytes).sum()),
                    corpus.docs.len()
                ),
            ),
        ]);
        let rows: Vec<[String; 2]> = rows.into_iter().map(|(k, v)| [k, v]).collect();
        page.fragment(
            "corpus.html",
            include_str!("corpus.html"),
            context! { rows },
        )
        .map(Some)
    }
}

/// The page's lead line: issues, dates, newspapers, counted tokens, distinct terms and Han
/// characters.
pub fn lead(r: &Report<'_>) -> Value {
    let corpus = r.corpus;
    let column = |name: &str| {
        corpus
            .meta_columns
            .iter()
            .position(|c| c == name)
            .map(|i| corpus.docs.iter().map(|d| d.meta[i].as_str()).collect())
    };
    let dates = column(plan::DATE).map(|v: Vec<&str>| describe_column(&v));
    let papers = column("newspaper").map(|mut v: Vec<&str>| {
        v.retain(|v| !v.is_empty());
        v.sort_unstable();
        v.dedup();
        if v.len() <= 4 {
            v.join("、")
        } else {
            format!("{} newspapers", v.len())
        }
    });
    context! {
        name => corpus.name,
        issues => corpus.docs.len(),
        dates => dates,
        papers => papers,
        tokens => grouped(r.counted_tokens),
        types => grouped(r.pass.freq.height() as u64),
        chars => grouped(sum_u64(&r.pass.issues, col::CHARS)),
    }
}

/// A metadata column in a phrase: `吕梁日报 (3 issues), 朔州日报 (2)`, a date range, or the
/// number of distinct values.
fn describe_column(values: &[&str]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut sorted: Vec<&str> = values.iter().copied().filter(|v| !v.is_empty()).collect();
    sorted.sort_unstable();
    for v in sorted {
        match counts.last_mut() {
            Some((last, n)) if *last == v => *n += 1,
            _ => counts.push((v, 1)),
        }
    }
    let empty = values.iter().filter(|v| v.is_empty()).count();
    let mut s = if counts.is_empty() {
        "no values".to_string()
    } else if counts
        .iter()
        .all(|(v, _)| v.len() == 10 && v.as_bytes()[4] == b'-')
    {
        format!(
            "{} – {} ({} dates)",
            counts[0].0,
            counts[counts.len() - 1].0,
            counts.len()
        )
    } else if counts.len() <= 8 && counts.iter().all(|(v, _)| v.chars().count() <= 30) {
        counts
            .iter()
            .map(|(v, n)| format!("{v} ({n})"))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        format!("{} distinct values", counts.len())
    };
    if empty > 0 {
        s.push_str(&format!("; {empty} issues without a value"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_described_by_their_values() {
        assert_eq!(
            describe_column(&["吕梁日报", "吕梁日报", "朔州日报", "吕梁日报", "朔州日报"]),
            "吕梁日报 (3), 朔州日报 (2)"
        );
        assert_eq!(
            describe_column(&["2022-10-28", "2020-02-10", "2022-11-20", ""]),
            "2020-02-10 – 2022-11-20 (3 dates); 1 issues without a value"
        );
    }
}
