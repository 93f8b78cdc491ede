//! `trend`: how often each of a few terms occurs in each group of issues (docs/comparing.md), e.g. per
//! `date`, for trend lines.
//!
//! - `count`: occurrences of the term in the group's issues. A term that jieba cuts into
//!   several tokens (核酸检测 → 核酸 检测) is counted as that token sequence, adjacent inside a
//!   sentence, as `issues --track` and `ngrams` count it (`terms.rs`).
//! - `per_10k` = 10000 · count / N, N = counted tokens of the group (word, latin and number
//!   tokens that are not stopwords, as in `freq`); empty when N = 0.
//! - `ci_low`, `ci_high`: the exact 95% Poisson interval of `per_10k` (docs/statistics.md; Garwood 1936,
//!   "Fiducial limits for the Poisson distribution"; Ulm 1990): for a count x,
//!   [χ²(0.025; 2x)/2, χ²(0.975; 2x + 2)/2] (lower bound 0 when x = 0) for the mean count,
//!   times 10000/N; empty when N = 0 ([`stats::poisson_interval`]).
//! - With `--test`, `g2`, `df`, `p_value`: the G² test that the term has the same rate in
//!   every group, over the 2×k table [xᵢ; Nᵢ − xᵢ] of the k groups with Nᵢ > 0:
//!   G² = 2 · Σ O · ln(O/E), E from the row and column totals, 0 · ln 0 = 0; df = k − 1;
//!   p_value = upper tail of χ²(df) at G² (empty when df = 0), the same on each of the
//!   term's rows ([`stats::homogeneity`]; Dunning 1993).
//!
//! Every (group, term) pair is a row, a count of 0 included, so that each trend line has a
//! point for every group; rows are sorted by group (as `--by` sorts groups), then term in
//! code-point order, and a term asked for twice is one row per group.

use polars::prelude::*;

use super::counts::CountsTable;
use super::terms::{TermIds, Tracked, require_single_tokens, tracked, vocab_ids};
use super::{Groups, per_10k};
use crate::columns as col;
use crate::corpus::Corpus;
use crate::corpus::load::available_columns;
use crate::error::{Error, Result};
use crate::pass::{Fold, Pass};
use crate::stats::{self, DEFAULT_ALPHA, homogeneity, poisson_interval};
use crate::table::frame;
use crate::tokenize::{Interner, Segmenter, classify};

/// Where the terms come from, for messages.
const LABEL: &str = "TERM";

#[derive(Debug, Clone)]
pub struct TrendOptions {
    pub terms: Vec<String>,
    /// The metadata column (or `issue`) whose values are the groups.
    pub by: String,
}

/// `--by` is required: without it, a usage error that lists the columns there are.
pub fn require_by<'a>(by: Option<&'a str>, meta_columns: &[String]) -> Result<&'a str> {
    by.ok_or_else(|| {
        Error::usage(format!(
            "trend needs --by COLUMN, the column whose values are the points of the trend \
             (available: {})",
            available_columns(meta_columns)
        ))
    })
}

/// The terms cut, in code-point order without repeats. A term that is empty or has a part
/// that is punctuation or a symbol (never counted) is a usage error.
pub fn terms(seg: &Segmenter, opts: &TrendOptions) -> Result<Vec<Tracked>> {
    let mut t = tracked(seg, &opts.terms, LABEL)?;
    for term in &t {
        if let Some(p) = term.parts.iter().find(|p| !classify(p).is_counted()) {
            return Err(Error::usage(format!(
                "{LABEL} `{}`: `{p}` is punctuation or a symbol, which is never counted \
                 (terms are words, Latin words and numbers)",
                term.name
            )));
        }
    }
    t.sort_by(|a, b| a.name.cmp(&b.name));
    t.dedup_by(|a, b| a.name == b.name);
    Ok(t)
}

/// Counted tokens and occurrences of each term, per group, folded one issue at a time.
pub struct Accumulator {
    groups: Groups,
    /// Per group: N, then the count of each term.
    tokens: Vec<u64>,
    counts: Vec<Vec<u64>>,
}

impl Accumulator {
    pub fn new(groups: Groups, terms: usize) -> Self {
        let n = groups.labels.len();
        Accumulator {
            groups,
            tokens: vec![0; n],
            counts: vec![vec![0; terms]; n],
        }
    }

    /// Add one issue: its counted tokens and the occurrences of each term.
    pub fn add_doc(&mut self, doc: usize, tokens: u64, occurrences: &[u64]) {
        let g = self.groups.of_doc[doc];
        self.tokens[g] += tokens;
        for (c, o) in self.counts[g].iter_mut().zip(occurrences) {
            *c += o;
        }
    }

    /// Counted tokens of each group.
    pub fn tokens(&self) -> &[u64] {
        &self.tokens
    }

    /// Occurrences of term `k` in each group.
    pub fn term_counts(&self, k: usize) -> Vec<u64> {
        self.counts.iter().map(|c| c[k]).collect()
    }

    /// The table: `group, term, count, per_10k, ci_low, ci_high` (see the module doc).
    pub fn frame(self, terms: &[Tracked]) -> Result<DataFrame> {
        self.table(terms, false)
    }

    /// The table, with `g2, df, p_value` when `test` (`trend --test`).
    pub fn table(self, terms: &[Tracked], test: bool) -> Result<DataFrame> {
        let mut group = Vec::new();
        let mut term = Vec::new();
        let mut count = Vec::new();
        let mut per = Vec::new();
        let (mut low, mut high) = (Vec::new(), Vec::new());
        for (g, label) in self.groups.labels.iter().enumerate() {
            for (k, t) in terms.iter().enumerate() {
                let c = self.counts[g][k];
                let n = self.tokens[g];
                group.push(label.as_str());
                term.push(t.name.as_str());
                count.push(c);
                per.push(per_10k(c, n));
                let (l, h) = interval_per_10k(c, n).unzip();
                low.push(l);
                high.push(h);
            }
        }
        let mut columns = vec![
            Column::new(col::GROUP.into(), group),
            Column::new(col::TERM.into(), term),
            Column::new(col::COUNT.into(), count),
            Column::new(col::PER_10K.into(), per),
            Column::new(col::CI_LOW.into(), low),
            Column::new(col::CI_HIGH.into(), high),
        ];
        if test {
            // one test per term, repeated on each of its rows (rows are group-major)
            let tests: Vec<Option<stats::Homogeneity>> = (0..terms.len())
                .map(|k| homogeneity(&self.term_counts(k), &self.tokens))
                .collect();
            let rows = || self.groups.labels.iter().flat_map(|_| tests.iter());
            let g2: Vec<Option<f64>> = rows().map(|h| h.map(|h| h.g2)).collect();
            let df: Vec<Option<u64>> = rows().map(|h| h.map(|h| h.df)).collect();
            let p: Vec<Option<f64>> = rows().map(|h| h.and_then(|h| h.p_value)).collect();
            columns.extend([
                Column::new(col::G2.into(), g2),
                Column::new(col::DF.into(), df),
                Column::new(col::P_VALUE.into(), p),
            ]);
        }
        frame(columns)
    }
}

/// The exact 95% Poisson (Garwood) interval of a count `count` in `tokens` counted tokens,
/// per 10,000 tokens; `None` when there are no tokens (as [`per_10k`]).
pub fn interval_per_10k(count: u64, tokens: u64) -> Option<(f64, f64)> {
    (tokens > 0).then(|| {
        let (low, high) = poisson_interval(count, DEFAULT_ALPHA);
        let scale = 10_000.0 / tokens as f64;
        (low * scale, high * scale)
    })
}

/// The table in one streaming pass: each issue is reduced on its worker to its counted
/// tokens and the occurrences of the terms; no token sequence is kept. `test`: `--test`.
pub fn trend_scan(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &TrendOptions,
    test: bool,
) -> Result<DataFrame> {
    let terms = terms(seg, opts)?;
    let groups = Groups::new(corpus, Some(&opts.by))?;
    group_occurrences_scan(corpus, seg, progress, &terms, groups)?.table(&terms, test)
}

/// Counted tokens and occurrences of each term per group, in one streaming pass: each issue
/// is reduced on its worker to its counted tokens and the terms' occurrences. Shared by
/// `trend` and `dispersion`.
pub fn group_occurrences_scan(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    terms: &[Tracked],
    groups: Groups,
) -> Result<Accumulator> {
    let mut acc = Accumulator::new(groups, terms.len());
    let interner = Interner::default();
    let ids = TermIds::new(terms, |p| Some(interner.intern(p)));
    Pass::new(corpus, seg, &interner, progress).fold(
        |_, s| IssueOccurrences {
            tokens: s.tokens.iter().filter(|&&l| s.counted[l as usize]).count() as u64,
            terms: ids.in_segmented(&s),
        },
        |_, o| o,
        |d, o| {
            acc.add_doc(d, o.tokens, &o.terms);
            Ok(())
        },
    )?;
    Ok(acc)
}

/// An issue's counted tokens and each term's occurrences (which never cross a sentence, so
/// add up over the issue's pieces).
struct IssueOccurrences {
    tokens: u64,
    terms: Vec<u64>,
}

impl Fold for IssueOccurrences {
    fn fold(&mut self, next: Self) {
        self.tokens += next.tokens;
        for (a, b) in self.terms.iter_mut().zip(next.terms) {
            *a += b;
        }
    }
}

/// The same from a counts file: each term must be one token (`require_single_tokens`).
pub fn group_occurrences_counts(
    table: &CountsTable,
    terms: &[Tracked],
    groups: Groups,
) -> Accumulator {
    let ids = vocab_ids(terms, &table.vocab);
    let mut acc = Accumulator::new(groups, terms.len());
    for (d, counts) in table.docs.iter().enumerate() {
        let n = counts.iter().map(|c| c.1).sum();
        acc.add_doc(d, n, &ids.in_counts(counts));
    }
    acc
}

/// The table from a counts file. Its terms have no order, so each term must be one token.
pub fn trend_counts(
    table: &CountsTable,
    path: &std::path::Path,
    seg: &Segmenter,
    opts: &TrendOptions,
    test: bool,
) -> Result<DataFrame> {
    let terms = terms(seg, opts)?;
    require_single_tokens(
        &terms,
        LABEL,
        "give the corpus itself, or ask for its parts",
    )?;
    let groups = table.groups(Some(&opts.by), path)?;
    group_occurrences_counts(table, &terms, groups).table(&terms, test)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_and_term_with_rates() {
        // groups 2020 (issue 1) and 2022 (issues 0, 2); terms 核酸, 疫情
        let groups = Groups::from_values(vec!["2022".into(), "2020".into(), "2022".into()]);
        let mut acc = Accumulator::new(groups, 2);
        acc.add_doc(0, 400, &[3, 10]);
        acc.add_doc(1, 200, &[0, 8]);
        acc.add_doc(2, 600, &[5, 2]);
        let terms: Vec<Tracked> = ["核酸", "疫情"]
            .iter()
            .map(|t| Tracked {
                name: t.to_string(),
                parts: vec![t.to_string()],
                counted: true,
            })
            .collect();
        let df = acc.frame(&terms).unwrap();
        let rows = 0..df.height();
        let group = df.column("group").unwrap().str().unwrap();
        let group: Vec<Option<&str>> = rows.clone().map(|i| group.get(i)).collect();
        let g = |s| Some(s);
        assert_eq!(group, [g("2020"), g("2020"), g("2022"), g("2022")]);
        let count = df.column("count").unwrap().u64().unwrap();
        let count: Vec<Option<u64>> = rows.clone().map(|i| count.get(i)).collect();
        // 2020: issue 1 alone (0, 8 in 200 tokens); 2022: issues 0 + 2 (3 + 5, 10 + 2 in 1000)
        assert_eq!(count, [Some(0), Some(8), Some(8), Some(12)]);
        let per = df.column("per_10k").unwrap().f64().unwrap();
        let per: Vec<Option<f64>> = rows.map(|i| per.get(i)).collect();
        // 10000 · 0 / 200 = 0, 10000 · 8 / 200 = 400, 10000 · 8 / 1000 = 80, 10000 · 12 / 1000 = 120
        assert_eq!(per, [Some(0.0), Some(400.0), Some(80.0), Some(120.0)]);
    }

    #[test]
    fn intervals_and_the_test() {
        // 核酸 in four groups of [3317, 1336, 3139, 7368] counted tokens (the seeds by date)
        let groups = Groups::from_values((0..4).map(|g| g.to_string()).collect());
        let mut acc = Accumulator::new(groups, 1);
        for (d, (n, x)) in [(3317, 0), (1336, 11), (3139, 28), (7368, 43)]
            .into_iter()
            .enumerate()
        {
            acc.add_doc(d, n, &[x]);
        }
        let t = Tracked {
            name: "核酸".into(),
            parts: vec!["核酸".into()],
            counted: true,
        };
        let df = acc.table(&[t], true).unwrap();
        let names: Vec<&str> = df.get_column_names().iter().map(|c| c.as_str()).collect();
        assert_eq!(
            names,
            [
                "group", "term", "count", "per_10k", "ci_low", "ci_high", "g2", "df", "p_value"
            ]
        );
        let f = |c: &str| -> Vec<f64> {
            let s = df.column(c).unwrap().f64().unwrap();
            (0..s.len()).map(|i| s.get(i).unwrap()).collect()
        };
        // scipy.stats.chi2.ppf(0.025, 2x)/2 · 1e4/N and chi2.ppf(0.975, 2x + 2)/2 · 1e4/N:
        // x = 0: [0, 11.121131908694409]; x = 11, N = 1336: [41.10149975476677,
        // 147.32064755465535]; x = 43, N = 7368: [42.235767117219304, 78.61118052440774]
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-13 * b.abs().max(1.0);
        let (low, high) = (f("ci_low"), f("ci_high"));
        let expected = [
            (0.0, 11.121131908694409),
            (41.10149975476677, 147.32064755465535),
            (59.27300623082998, 128.91938815950363),
            (42.235767117219304, 78.61118052440774),
        ];
        for (i, (l, h)) in expected.into_iter().enumerate() {
            assert!(
                close(low[i], l) && close(high[i], h),
                "{i}: {low:?} {high:?}"
            );
        }
        assert_eq!(low[0], 0.0);
        // scipy.stats.chi2_contingency([[0, 11, 28, 43], [3317, 1325, 3111, 7325]],
        //   lambda_="log-likelihood", correction=False): 43.94094907559779, dof 3,
        //   p 1.5534071107841334e-09; the same on every row
        for (g2, p) in f("g2").into_iter().zip(f("p_value")) {
            assert!(close(g2, 43.94094907559779), "{g2}");
            assert!((p - 1.5534071107841334e-09).abs() < 1e-20, "{p}");
        }
        let dfs = df.column("df").unwrap().u64().unwrap();
        assert!((0..dfs.len()).all(|i| dfs.get(i) == Some(3)));
    }

    #[test]
    fn a_group_without_tokens_has_no_rate() {
        let mut acc = Accumulator::new(Groups::from_values(vec!["x".into()]), 1);
        acc.add_doc(0, 0, &[0]);
        let t = Tracked {
            name: "疫情".into(),
            parts: vec!["疫情".into()],
            counted: true,
        };
        let df = acc.table(&[t], true).unwrap();
        for c in ["per_10k", "ci_low", "ci_high", "g2", "p_value"] {
            assert_eq!(df.column(c).unwrap().f64().unwrap().get(0), None, "{c}");
        }
        // no group with tokens: no test
        assert_eq!(df.column("df").unwrap().u64().unwrap().get(0), None);
    }

    #[test]
    fn terms_are_sorted_deduplicated_and_checked() {
        let seg = Segmenter::new(&Default::default()).unwrap();
        let o = |terms: &[&str]| TrendOptions {
            terms: terms.iter().map(|t| t.to_string()).collect(),
            by: "date".into(),
        };
        let t = terms(&seg, &o(&["疫情", "核酸检测", " 疫情 "])).unwrap();
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        // code points: 核 U+6838 < 疫 U+75AB
        assert_eq!(names, ["核酸检测", "疫情"]);
        assert_eq!(t[0].parts, ["核酸", "检测"]);
        let e = terms(&seg, &o(&["，"])).unwrap_err();
        assert!(e.is_usage());
        assert_eq!(
            e.to_string(),
            "TERM `，`: `，` is punctuation or a symbol, which is never counted (terms are \
             words, Latin words and numbers)"
        );
        let e = terms(&seg, &o(&["  "])).unwrap_err();
        assert_eq!(e.to_string(), "TERM `  `: the term is empty");
        let e = require_by(None, &["date".to_string()]).unwrap_err();
        assert!(e.to_string().ends_with("(available: issue, date)"), "{e}");
    }
}
