//! What the report compares and tracks, decided from the corpus's metadata before the pass.
//!
//! - Keyness between the corpus's natural groups: every metadata column whose values are
//!   categorical (2 to 8 distinct non-empty values, some shared by several issues, not all
//!   dates) gives one comparison when it has two values (the second against the first, in
//!   code-point order) and one comparison per value against the rest of the corpus when it
//!   has 3 to 8. A `date` column whose values are YYYY-MM-DD gives "the latest against the
//!   earliest": the last calendar year against the first when the corpus spans several
//!   years, else the later half of its dates against the earlier half. A group is the issues
//!   whose value is exactly the group's (`Selection::exact`: `01` is not `1`); the page
//!   prints the `keyness --target/--reference` command that reproduces the table when the
//!   expressions select the same issues, else a note says why there is none.
//! - File stems are unique and bounded (`report::names`): `keyness-paper` for a column
//!   `paper` of two values, `keyness-paper-1` … for one of three to eight.
//! - Trends are drawn over `date` when the corpus has such a column with two or more
//!   dates, else over `issue`.

use crate::analysis::keyness::KeynessOptions;
use crate::analysis::select::Selection;
use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::Result;
use crate::output::shell::quote;
use crate::report::names;

/// The metadata column the report treats as the issue date.
pub const DATE: &str = "date";

/// Most distinct values a column may have to count as categorical.
const MAX_VALUES: usize = 8;

/// One keyness comparison of the report.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// File stem: `keyness-newspaper`, `keyness-date`, `keyness-newspaper-2`.
    pub slug: String,
    /// What the reader is told: `朔州日报 vs 吕梁日报`.
    pub title: String,
    /// Short names of the two sides, for the chart's legend.
    pub target_label: String,
    pub reference_label: String,
    pub options: KeynessOptions,
    /// The comparison of dates (latest against earliest): the trend's terms come from it.
    pub over_time: bool,
    /// Whether `keyness` given the selections' expressions selects the same issues, so that
    /// the page can print the command ([`Comparison::flags`]).
    pub expressible: bool,
}

impl Comparison {
    fn new(
        slug: String,
        target: (Selection, String),
        reference: Option<(Selection, String)>,
    ) -> Self {
        let reference_label = reference
            .as_ref()
            .map_or_else(|| "rest of the corpus".to_string(), |r| r.1.clone());
        let options = KeynessOptions {
            target: target.0,
            reference: reference.map(|r| r.0),
            min_count: 1,
            top: None,
            alpha: crate::stats::DEFAULT_ALPHA,
        };
        Comparison {
            slug,
            title: format!("{} vs {}", target.1, reference_label),
            target_label: target.1,
            reference_label,
            options,
            over_time: false,
            expressible: true,
        }
    }

    /// The `--target`/`--reference` flags that reproduce the comparison with `keyness`;
    /// `None` when no expression selects the same issues.
    pub fn flags(&self) -> Option<String> {
        if !self.expressible {
            return None;
        }
        // Each expression one shell word (output::shell): a metadata value may hold anything.
        let mut s = format!("--target {}", quote(&self.options.target.text));
        if let Some(r) = &self.options.reference {
            s.push_str(&format!(" --reference {}", quote(&r.text)));
        }
        Some(s)
    }
}

/// Whether `keyness` given `sel.text` selects the issues `sel` selects: an expression is
/// trimmed, split at `&`, cut at its first operator, and compares numbers as numbers, so
/// a value such as `=A`, ` A`, `a&b`, or `01` beside `1`, is not written by its text.
fn same_when_parsed(sel: &Selection, corpus: &Corpus) -> bool {
    let issues = || {
        corpus
            .docs
            .iter()
            .map(|d| (d.id.as_str(), d.meta.as_slice()))
    };
    let Ok(parsed) = Selection::parse(&sel.flag, &sel.text) else {
        return false;
    };
    match (
        parsed.select(&corpus.meta_columns, issues()),
        sel.select(&corpus.meta_columns, issues()),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The comparisons of the report, in metadata-column order (the date comparison where the
/// date column stands), their file stems unique.
pub fn comparisons(corpus: &Corpus) -> Result<Vec<Comparison>> {
    let mut out = planned(corpus)?;
    let stems = names::unique(out.iter().map(|c| c.slug.clone()));
    for (c, stem) in out.iter_mut().zip(stems) {
        c.slug = stem;
        c.expressible = std::iter::once(&c.options.target)
            .chain(&c.options.reference)
            .all(|s| same_when_parsed(s, corpus));
    }
    Ok(out)
}

/// The comparisons, their stems not yet unique.
fn planned(corpus: &Corpus) -> Result<Vec<Comparison>> {
    let mut out = Vec::new();
    for (i, column) in corpus.meta_columns.iter().enumerate() {
        let values: Vec<&str> = corpus.docs.iter().map(|d| d.meta[i].as_str()).collect();
        let mut distinct: Vec<&str> = values.iter().copied().filter(|v| !v.is_empty()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 2 {
            continue;
        }
        if column == DATE && distinct.iter().all(|v| is_date(v)) {
            if let Some(c) = date_comparison(column, &distinct)? {
                out.push(c);
            }
            continue;
        }
        let shared = distinct.len() < values.iter().filter(|v| !v.is_empty()).count();
        if distinct.len() > MAX_VALUES || !shared || distinct.iter().all(|v| is_date(v)) {
            continue;
        }
        let base = format!("keyness-{}", names::file_stem(column));
        let group = |flag: &str, v: &str| (Selection::exact(flag, column, v), v.to_string());
        if distinct.len() == 2 {
            out.push(Comparison::new(
                base,
                group("--target", distinct[1]),
                Some(group("--reference", distinct[0])),
            ));
        } else {
            for (k, v) in distinct.iter().enumerate() {
                out.push(Comparison::new(
                    format!("{base}-{}", k + 1),
                    group("--target", v),
                    None,
                ));
            }
        }
    }
    Ok(out)
}

/// The latest against the earliest: last year against first year, or later half against
/// earlier half of the distinct dates (sorted, at least two).
fn date_comparison(column: &str, dates: &[&str]) -> Result<Option<Comparison>> {
    let first_year = &dates[0][..4];
    let last_year = &dates[dates.len() - 1][..4];
    let slug = format!("keyness-{}", names::file_stem(column));
    // The column is `date` and its values YYYY-MM-DD: these expressions are exact.
    let range = |flag: &str, expr: String| Selection::parse(flag, &expr);
    let over_time = |c: Comparison| {
        Some(Comparison {
            over_time: true,
            ..c
        })
    };
    if first_year != last_year {
        return Ok(over_time(Comparison::new(
            slug,
            (
                range("--target", format!("{column}>={last_year}-01-01"))?,
                last_year.to_string(),
            ),
            Some((
                range("--reference", format!("{column}<={first_year}-12-31"))?,
                first_year.to_string(),
            )),
        )));
    }
    // One year: split the distinct dates in two halves.
    let mid = dates.len() / 2;
    let (last_early, first_late) = (dates[mid - 1], dates[mid]);
    Ok(over_time(Comparison::new(
        slug,
        (
            range("--target", format!("{column}>={first_late}"))?,
            format!("{first_late} – {}", dates[dates.len() - 1]),
        ),
        Some((
            range("--reference", format!("{column}<={last_early}"))?,
            format!("{} – {last_early}", dates[0]),
        )),
    )))
}

/// The column the report's trends are drawn over: `date` when there are two or more dates,
/// else `issue`.
pub fn trend_column(corpus: &Corpus) -> String {
    if let Some(i) = corpus.meta_columns.iter().position(|c| c == DATE) {
        let mut dates: Vec<&str> = corpus
            .docs
            .iter()
            .map(|d| d.meta[i].as_str())
            .filter(|v| !v.is_empty())
            .collect();
        dates.sort_unstable();
        dates.dedup();
        if dates.len() >= 2 {
            return DATE.to_string();
        }
    }
    col::ISSUE.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use std::path::PathBuf;

    fn corpus(columns: &[&str], rows: &[&[&str]]) -> Corpus {
        Corpus {
            root: PathBuf::from("c"),
            name: "c".into(),
            meta_columns: columns.iter().map(|c| c.to_string()).collect(),
            docs: rows
                .iter()
                .enumerate()
                .map(|(i, r)| Document {
                    id: format!("{i:03}"),
                    rel_path: format!("{i:03}.txt"),
                    path: PathBuf::from(format!("{i:03}.txt")),
                    text: Some(String::new()),
                    bytes: 0,
                    meta: r.iter().map(|v| v.to_string()).collect(),
                    skip: vec![],
                })
                .collect(),
            warnings: Vec::new(),
            walk: Default::default(),
        }
    }

    #[test]
    fn the_seeds_compare_the_papers_and_2022_against_2020() {
        let c = corpus(
            &["newspaper", "date", "date_basis"],
            &[
                &["吕梁日报", "2022-10-28", "a"],
                &["吕梁日报", "2022-10-31", "b"],
                &["朔州日报", "2022-11-20", "c"],
                &["吕梁日报", "2020-02-10", "d"],
                &["朔州日报", "2022-11-20", "e"],
            ],
        );
        let cs = comparisons(&c).unwrap();
        // date_basis: five values for five issues, none shared: not a grouping.
        let flags: Vec<String> = cs.iter().map(|c| c.flags().unwrap()).collect();
        assert_eq!(
            flags,
            [
                "--target newspaper=朔州日报 --reference newspaper=吕梁日报",
                "--target 'date>=2022-01-01' --reference 'date<=2020-12-31'",
            ]
        );
        assert_eq!(cs[0].slug, "keyness-newspaper");
        assert_eq!(cs[1].title, "2022 vs 2020");
        assert_eq!(trend_column(&c), "date");
    }

    #[test]
    fn three_values_each_against_the_rest_and_one_year_in_halves() {
        let c = corpus(
            &["paper", "date"],
            &[
                &["A", "2021-01-05"],
                &["B", "2021-02-01"],
                &["C", "2021-03-01"],
                &["A", "2021-04-01"],
                &["", "2021-05-01"],
            ],
        );
        let cs = comparisons(&c).unwrap();
        let flags: Vec<String> = cs.iter().map(|c| c.flags().unwrap()).collect();
        assert_eq!(
            flags,
            [
                "--target paper=A",
                "--target paper=B",
                "--target paper=C",
                // five dates: the later three (from the middle one) against the earlier two
                "--target 'date>=2021-03-01' --reference 'date<=2021-02-01'",
            ]
        );
        assert_eq!(cs[1].slug, "keyness-paper-2");
        assert_eq!(cs[1].title, "B vs rest of the corpus");
        assert_eq!(
            cs[3].title,
            "2021-03-01 – 2021-05-01 vs 2021-01-05 – 2021-02-01"
        );
    }

    #[test]
    fn no_metadata_no_comparison_and_trends_over_issues() {
        let c = corpus(&[], &[&[], &[]]);
        assert!(comparisons(&c).unwrap().is_empty());
        assert_eq!(trend_column(&c), "issue");
    }

    /// Groups are exact values, their stems unique: `=A` is not `A` (the command, which
    /// cannot tell them apart, is left out), `1` is not `1.0`, a column `paper-1` does not
    /// take the file of `paper`'s first value, nor `a_b` the file of `a b`.
    #[test]
    fn groups_are_exact_values_and_stems_unique() {
        let c = corpus(
            &["paper", "paper-1", "v", "a b", "a_b"],
            &[
                &["A", "=A", "1", "x y", "p"],
                &["B", "=A", "1.0", "x y", "p"],
                &["C", "A", "1", "x_y", "q"],
                &["A", "A", "1.0", "x_y", "q"],
            ],
        );
        let cs = comparisons(&c).unwrap();
        let slugs: Vec<&str> = cs.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(
            slugs,
            [
                "keyness-paper-1",
                "keyness-paper-2",
                "keyness-paper-3",
                "keyness-paper_1",
                "keyness-v",
                "keyness-a_b",
                "keyness-a_b-2",
            ]
        );
        let issues = |s: &Selection| {
            s.select(
                &c.meta_columns,
                c.docs.iter().map(|d| (d.id.as_str(), d.meta.as_slice())),
            )
            .unwrap()
        };
        assert_eq!(cs[3].title, "A vs =A");
        assert_eq!(issues(&cs[3].options.target), [false, false, true, true]);
        assert_eq!(cs[3].flags(), None);
        assert_eq!(cs[4].title, "1.0 vs 1");
        assert_eq!(issues(&cs[4].options.target), [false, true, false, true]);
        assert_eq!(cs[4].flags(), None);
        assert_eq!(
            cs[5].flags().as_deref(),
            Some("--target 'a b=x_y' --reference 'a b=x y'")
        );
        assert_eq!(cs[0].flags().as_deref(), Some("--target paper=A"));
    }
}
