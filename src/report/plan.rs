//! What the report compares and tracks, decided from the corpus's metadata before the pass.
//!
//! - Keyness between the corpus's natural groups: every metadata column whose values are
//!   categorical (2 to 8 distinct non-empty values, some shared by several issues, not all
//!   dates) gives one comparison when it has two values (the second against the first, in
//!   code-point order) and one comparison per value against the rest of the corpus when it
//!   has 3 to 8. A `date` column whose values are YYYY-MM-DD gives "the latest against the
//!   earliest": the last calendar year against the first when the corpus spans several
//!   years, else the later half of its dates against the earlier half. Each comparison is a
//!   `--target`/`--reference` pair of `keyness` expressions, so that the report says which
//!   command reproduces the table.
//! - Trends are drawn over `date` when the corpus has such a column with two or more
//!   dates, else over `issue`.

use crate::analysis::keyness::KeynessOptions;
use crate::analysis::select::Selection;
use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::Result;
use crate::output::shell::quote;

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
}

impl Comparison {
    fn new(
        slug: String,
        target: (&str, String),
        reference: Option<(&str, String)>,
    ) -> Result<Self> {
        let reference_label = reference
            .as_ref()
            .map_or_else(|| "rest of the corpus".to_string(), |r| r.1.clone());
        let options = KeynessOptions {
            target: Selection::parse("--target", target.0)?,
            reference: reference
                .map(|r| Selection::parse("--reference", r.0))
                .transpose()?,
            min_count: 1,
            top: None,
            alpha: crate::stats::DEFAULT_ALPHA,
        };
        Ok(Comparison {
            slug,
            title: format!("{} vs {}", target.1, reference_label),
            target_label: target.1,
            reference_label,
            options,
            over_time: false,
        })
    }

    /// The `--target`/`--reference` flags that reproduce the comparison with `keyness`.
    pub fn flags(&self) -> String {
        // Each expression one shell word (output::shell): a metadata value may hold anything.
        let mut s = format!("--target {}", quote(&self.options.target.text));
        if let Some(r) = &self.options.reference {
            s.push_str(&format!(" --reference {}", quote(&r.text)));
        }
        s
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

/// A value usable in a selection expression (`&` separates conditions; the parser trims).
fn expressible(v: &str) -> bool {
    !v.is_empty() && !v.contains('&') && v.trim() == v
}

/// A file-name-safe form of a column name.
fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The comparisons of the report, in metadata-column order (the date comparison where the
/// date column stands).
pub fn comparisons(corpus: &Corpus) -> Result<Vec<Comparison>> {
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
        if distinct.len() > MAX_VALUES
            || !shared
            || distinct.iter().all(|v| is_date(v))
            || !distinct.iter().all(|v| expressible(v))
            || column.contains(['=', '!', '<', '>', '&'])
        {
            continue;
        }
        let base = format!("keyness-{}", slug(column));
        if distinct.len() == 2 {
            out.push(Comparison::new(
                base,
                (
                    &format!("{column}={}", distinct[1]),
                    distinct[1].to_string(),
                ),
                Some((
                    &format!("{column}={}", distinct[0]),
                    distinct[0].to_string(),
                )),
            )?);
        } else {
            for (k, v) in distinct.iter().enumerate() {
                out.push(Comparison::new(
                    format!("{base}-{}", k + 1),
                    (&format!("{column}={v}"), v.to_string()),
                    None,
                )?);
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
    let slug = format!("keyness-{}", slug(column));
    if first_year != last_year {
        return Comparison::new(
            slug,
            (
                &format!("{column}>={last_year}-01-01"),
                last_year.to_string(),
            ),
            Some((
                &format!("{column}<={first_year}-12-31"),
                first_year.to_string(),
            )),
        )
        .map(|c| {
            Some(Comparison {
                over_time: true,
                ..c
            })
        });
    }
    // One year: split the distinct dates in two halves.
    let mid = dates.len() / 2;
    let (last_early, first_late) = (dates[mid - 1], dates[mid]);
    Comparison::new(
        slug,
        (
            &format!("{column}>={first_late}"),
            format!("{first_late} – {}", dates[dates.len() - 1]),
        ),
        Some((
            &format!("{column}<={last_early}"),
            format!("{} – {last_early}", dates[0]),
        )),
    )
    .map(|c| {
        Some(Comparison {
            over_time: true,
            ..c
        })
    })
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
        let flags: Vec<String> = cs.iter().map(Comparison::flags).collect();
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
        let flags: Vec<String> = cs.iter().map(Comparison::flags).collect();
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
}
