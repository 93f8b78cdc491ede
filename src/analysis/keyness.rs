//! `keyness`: which terms a target set of issues uses more (or less) than a reference set
//! (docs/comparing.md, docs/statistics.md), as quanteda's `textstat_keyness` and AntConc's keyword list.
//!
//! The target and the reference are selections of issues (`select.rs`); the reference
//! defaults to every issue not in the target. C1 and C2 are their counted tokens (word, latin
//! and number tokens that are not stopwords: exactly what `freq` counts), a and b a term's
//! occurrences in each. Every term counted in either side with a + b ≥ `min_count` is a row:
//!
//! - `per_10k_target` = 10000 · a / C1, `per_10k_reference` = 10000 · b / C2
//! - `g2` = 2 · Σ O · ln(O / E) over the 2×2 table [a, b; C1 − a, C2 − b], E from the margins
//!   (Rayson & Garside 2000; the four-cell form of AntConc), **signed**: positive when
//!   a/C1 > b/C2 (key in the target), negative when the target uses the term less
//! - `p_value` = P(χ²(1) ≥ |g2|)
//! - `log_ratio` = log2((a/C1) / (b/C2)) (Hardie 2014), a zero count replaced by 0.5
//! - `pct_diff` = 100 · (a/C1 − b/C2) / (b/C2) (Gabrielatos & Marchi 2012), the same 0.5;
//!   both are 0 where the 0.5 would give them the sign opposite to a/C1 − b/C2 (a = 0, b = 1
//!   when C2 > 2·C1): they always point the way g2 does
//! - `lr_conservative`: Hardie's conservative log ratio (Evert's LRC, as CQPweb): the bound
//!   nearest 0 of the 1 − α Clopper–Pearson interval of the log ratio, or 0 when the interval
//!   holds 0 (α = `--alpha`, default 0.05)
//!
//! (all from `stats::keyness`). Rows are sorted by g2 descending, so that the terms key in
//! the reference come last, ties by term in code-point order.

use polars::prelude::*;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::counts::CountsTable;
use super::select::Selection;
use super::{per_10k, scan_counts};
use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::stats::{self, Keyness};
use crate::table::frame;
use crate::tokenize::{Segmenter, Vocab};

#[derive(Debug, Clone)]
pub struct KeynessOptions {
    pub target: Selection,
    /// `None`: every issue not in the target.
    pub reference: Option<Selection>,
    /// Keep terms with a + b ≥ this.
    pub min_count: u64,
    /// Keep the first N rows.
    pub top: Option<usize>,
    /// Two-sided level of `lr_conservative`'s interval, in (0, 1)
    /// ([`stats::DEFAULT_ALPHA`] = 0.05: 95%).
    pub alpha: f64,
}

/// Which side of the comparison an issue is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Target = 0,
    Reference = 1,
}

impl KeynessOptions {
    /// How the reference is named in messages.
    fn reference_name(&self) -> String {
        match &self.reference {
            Some(r) => format!("{} `{}`", r.flag, r.text),
            None => format!(
                "the reference (every issue not selected by {} `{}`)",
                self.target.flag, self.target.text
            ),
        }
    }

    fn target_name(&self) -> String {
        format!("{} `{}`", self.target.flag, self.target.text)
    }

    /// The side of each issue, given as (id, metadata values aligned with `meta_columns`);
    /// `None` for an issue in neither. An issue in both, or a side without issues, is a
    /// usage error.
    pub fn sides<'a>(
        &self,
        meta_columns: &[String],
        issues: impl Iterator<Item = (&'a str, &'a [String])>,
    ) -> Result<Vec<Option<Side>>> {
        let issues: Vec<(&str, &[String])> = issues.collect();
        let target = self.target.select(meta_columns, issues.iter().copied())?;
        let reference = match &self.reference {
            Some(r) => r.select(meta_columns, issues.iter().copied())?,
            None => target.iter().map(|t| !t).collect(),
        };
        if let Some(i) = (0..issues.len()).find(|&i| target[i] && reference[i]) {
            return Err(Error::usage(format!(
                "issue `{}` is selected by both {} and {}: the target and the reference must not overlap",
                issues[i].0,
                self.target_name(),
                self.reference_name()
            )));
        }
        if !target.contains(&true) {
            return Err(Error::usage(format!(
                "{} selects no issue: the target is empty",
                self.target_name()
            )));
        }
        if !reference.contains(&true) {
            return Err(Error::usage(format!(
                "{} selects no issue: the reference is empty",
                self.reference_name()
            )));
        }
        Ok(target
            .into_iter()
            .zip(reference)
            .map(|(t, r)| match (t, r) {
                (true, _) => Some(Side::Target),
                (false, true) => Some(Side::Reference),
                (false, false) => None,
            })
            .collect())
    }
}

/// One row of the table, before it becomes columns.
#[derive(Debug, Clone, PartialEq)]
pub struct KeynessRow {
    pub term: u32,
    pub count_target: u64,
    pub count_reference: u64,
    pub per_10k_target: Option<f64>,
    pub per_10k_reference: Option<f64>,
    pub keyness: Keyness,
}

/// Term counts of the target and the reference, folded one issue at a time. The ids may be
/// provisional (from a streaming pass); `rows` renumbers them.
#[derive(Debug, Clone)]
pub struct KeynessAccumulator {
    sides: Vec<Option<Side>>,
    counts: FxHashMap<u32, [u64; 2]>,
    /// Counted tokens of the target and the reference: C1, C2.
    sizes: [u64; 2],
}

impl KeynessAccumulator {
    pub fn new(sides: Vec<Option<Side>>) -> Self {
        KeynessAccumulator {
            sides,
            counts: FxHashMap::default(),
            sizes: [0, 0],
        }
    }

    /// Add one issue's counted-term counts.
    pub fn add_doc(&mut self, doc: usize, counts: &[(u32, u64)]) {
        let Some(side) = self.sides[doc] else { return };
        let s = side as usize;
        for &(id, c) in counts {
            self.counts.entry(id).or_insert([0, 0])[s] += c;
            self.sizes[s] += c;
        }
    }

    /// The rows, sorted by g2 descending then term; `remap` turns the ids added into ids of
    /// the vocabulary (in term order). A side without counted tokens is a usage error.
    pub fn rows(self, remap: Option<&[u32]>, opts: &KeynessOptions) -> Result<Vec<KeynessRow>> {
        let [c1, c2] = self.sizes;
        for (size, name, side) in [
            (c1, opts.target_name(), "target"),
            (c2, opts.reference_name(), "reference"),
        ] {
            if size == 0 {
                return Err(Error::usage(format!(
                    "{name} selects issues without a counted token: the {side} is empty"
                )));
            }
        }
        let kept: Vec<(u32, [u64; 2])> = self
            .counts
            .into_iter()
            .filter(|(_, [a, b])| a + b >= opts.min_count)
            .collect();
        // A row's measures are a function of its two counts alone (c1, c2 and alpha are the
        // table's), and on news text most terms share a few small pairs ((1, 0), (0, 1),
        // (1, 1), …): each distinct pair is computed once. lr_conservative solves for two Beta
        // quantiles per pair: the pairs are spread over the workers (each a pure function of
        // its counts, so the order of work is moot).
        let mut pairs: Vec<[u64; 2]> = kept.iter().map(|&(_, p)| p).collect();
        pairs.par_sort_unstable();
        pairs.dedup();
        let measures: Vec<Keyness> = pairs
            .par_iter()
            .map(|&[a, b]| stats::keyness(a, b, c1, c2, opts.alpha))
            .collect();
        let mut rows: Vec<KeynessRow> = kept
            .into_par_iter()
            .map(|(id, [a, b])| KeynessRow {
                term: remap.map_or(id, |r| r[id as usize]),
                count_target: a,
                count_reference: b,
                per_10k_target: per_10k(a, c1),
                per_10k_reference: per_10k(b, c2),
                // Every pair is in `pairs`: its place is its index.
                keyness: measures[pairs.partition_point(|p| *p < [a, b])],
            })
            .collect();
        rows.sort_unstable_by(|x, y| {
            y.keyness
                .g2
                .total_cmp(&x.keyness.g2)
                .then(x.term.cmp(&y.term))
        });
        rows.truncate(opts.top.unwrap_or(usize::MAX));
        Ok(rows)
    }
}

/// The table in one streaming pass over the corpus: each issue is reduced to its term counts
/// on the worker that segmented it and folded into the target's or the reference's.
pub fn keyness_scan(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &KeynessOptions,
) -> Result<DataFrame> {
    let sides = opts.sides(&corpus.meta_columns, corpus_issues(corpus))?;
    let mut acc = KeynessAccumulator::new(sides);
    let (vocab, remap) = scan_counts(corpus, seg, progress, |d, counts| acc.add_doc(d, counts))?;
    to_frame(&vocab, &acc.rows(Some(&remap), opts)?)
}

/// The table from a counts file (`zhcorpus count` output, possibly merged).
pub fn keyness_counts(table: &CountsTable, opts: &KeynessOptions) -> Result<DataFrame> {
    let issues = table.issues.iter().map(String::as_str);
    let sides = opts.sides(
        &table.meta_columns,
        issues.zip(table.meta.iter().map(Vec::as_slice)),
    )?;
    from_doc_counts(sides, &table.vocab, &table.docs, opts)
}

/// Each issue's id and metadata values, as `KeynessOptions::sides` takes them.
pub fn corpus_issues(corpus: &Corpus) -> impl Iterator<Item = (&str, &[String])> {
    corpus
        .docs
        .iter()
        .map(|d| (d.id.as_str(), d.meta.as_slice()))
}

/// The table from per-issue counts whose ids are already those of `vocab`.
fn from_doc_counts(
    sides: Vec<Option<Side>>,
    vocab: &Vocab,
    docs: &[Vec<(u32, u64)>],
    opts: &KeynessOptions,
) -> Result<DataFrame> {
    let mut acc = KeynessAccumulator::new(sides);
    for (d, counts) in docs.iter().enumerate() {
        acc.add_doc(d, counts);
    }
    to_frame(vocab, &acc.rows(None, opts)?)
}

/// A column of one value per row.
fn column<T>(name: &str, rows: &[KeynessRow], f: impl Fn(&KeynessRow) -> T) -> Column
where
    Series: NamedFrom<Vec<T>, [T]>,
{
    Column::new(name.into(), rows.iter().map(f).collect::<Vec<T>>())
}

/// The table from finished rows.
pub fn to_frame(vocab: &Vocab, rows: &[KeynessRow]) -> Result<DataFrame> {
    frame(vec![
        column(col::TERM, rows, |r| vocab.term(r.term)),
        column(col::COUNT_TARGET, rows, |r| r.count_target),
        column(col::COUNT_REFERENCE, rows, |r| r.count_reference),
        column(col::PER_10K_TARGET, rows, |r| r.per_10k_target),
        column(col::PER_10K_REFERENCE, rows, |r| r.per_10k_reference),
        column(col::G2, rows, |r| r.keyness.g2),
        column(col::P_VALUE, rows, |r| r.keyness.p_value),
        column(col::LOG_RATIO, rows, |r| r.keyness.log_ratio),
        column(col::PCT_DIFF, rows, |r| r.keyness.pct_diff),
        column(col::LR_CONSERVATIVE, rows, |r| r.keyness.lr_conservative),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(target: &str, reference: Option<&str>) -> KeynessOptions {
        KeynessOptions {
            target: Selection::parse("--target", target).unwrap(),
            reference: reference.map(|r| Selection::parse("--reference", r).unwrap()),
            min_count: 1,
            top: None,
            alpha: stats::DEFAULT_ALPHA,
        }
    }

    /// Three issues: a (year 2020) and b, c (2022); terms 0 = 疫情, 1 = 核酸, 2 = 党员.
    fn columns() -> Vec<String> {
        vec!["year".to_string()]
    }
    fn meta() -> Vec<Vec<String>> {
        vec![
            vec!["2020".into()],
            vec!["2022".into()],
            vec!["2022".into()],
        ]
    }

    fn sides_of(o: &KeynessOptions) -> Result<Vec<Option<Side>>> {
        let m = meta();
        let ids = ["a", "b", "c"];
        o.sides(&columns(), ids.into_iter().zip(m.iter().map(Vec::as_slice)))
    }

    #[test]
    fn the_reference_defaults_to_the_rest() {
        let s = sides_of(&opts("year<2021", None)).unwrap();
        assert_eq!(
            s,
            [
                Some(Side::Target),
                Some(Side::Reference),
                Some(Side::Reference)
            ]
        );
        let s = sides_of(&opts("issue=b", Some("issue=a"))).unwrap();
        assert_eq!(s, [Some(Side::Reference), Some(Side::Target), None]);
    }

    #[test]
    fn overlapping_or_empty_sides_are_usage_errors() {
        let e = sides_of(&opts("year>2021", Some("issue=c"))).unwrap_err();
        assert!(e.is_usage());
        assert_eq!(
            e.to_string(),
            "issue `c` is selected by both --target `year>2021` and --reference `issue=c`: \
             the target and the reference must not overlap"
        );
        let e = sides_of(&opts("year>2030", None)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--target `year>2030` selects no issue: the target is empty"
        );
        let e = sides_of(&opts("year>2000", None)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the reference (every issue not selected by --target `year>2000`) selects no \
             issue: the reference is empty"
        );
        let e = sides_of(&opts("year=2020", Some("year=2021"))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--reference `year=2021` selects no issue: the reference is empty"
        );
    }

    #[test]
    fn hand_worked_keyness() {
        // target a: 疫情 ×30, 核酸 ×0, 党员 ×70 → C1 = 100
        // reference b + c: 疫情 10 + 10, 核酸 40 + 20, 党员 20 + 0 → C2 = 100
        let mut acc = KeynessAccumulator::new(vec![
            Some(Side::Target),
            Some(Side::Reference),
            Some(Side::Reference),
        ]);
        acc.add_doc(0, &[(0, 30), (2, 70)]);
        acc.add_doc(1, &[(0, 10), (1, 40), (2, 20)]);
        acc.add_doc(2, &[(0, 10), (1, 20)]);
        let rows = acc.rows(None, &opts("year<2021", None)).unwrap();
        let terms: Vec<u32> = rows.iter().map(|r| r.term).collect();
        // 党员 70 vs 20 (key in the target), 疫情 30 vs 20, 核酸 0 vs 60 (key in the reference)
        assert_eq!(terms, [2, 0, 1]);
        let dangyuan = &rows[0];
        assert_eq!((dangyuan.count_target, dangyuan.count_reference), (70, 20));
        // per_10k: 10000 · 70 / 100 = 7000, 10000 · 20 / 100 = 2000
        assert_eq!(dangyuan.per_10k_target, Some(7000.0));
        assert_eq!(dangyuan.per_10k_reference, Some(2000.0));
        // table [70, 20; 30, 80], N = 200, rows 90 / 110, columns 100 / 100:
        // E = 45, 45, 55, 55; G² = 2·(70 ln(70/45) + 20 ln(20/45) + 30 ln(30/55) + 80 ln(80/55))
        //   = 2·(30.92831 − 16.21860 − 18.18407 + 29.97546) = 2 · 26.50109 = 53.00218
        let g2 = 2.0
            * (70.0 * (70.0f64 / 45.0).ln()
                + 20.0 * (20.0f64 / 45.0).ln()
                + 30.0 * (30.0f64 / 55.0).ln()
                + 80.0 * (80.0f64 / 55.0).ln());
        assert!((g2 - 53.002_18).abs() < 1e-5, "{g2}");
        assert!((dangyuan.keyness.g2 - g2).abs() < 1e-9);
        // log_ratio = log2(0.7 / 0.2) = 1.807…; pct_diff = 100 · (0.7 − 0.2) / 0.2 = 250
        assert!((dangyuan.keyness.log_ratio - (3.5f64).log2()).abs() < 1e-12);
        assert!((dangyuan.keyness.pct_diff - 250.0).abs() < 1e-9);
        // lr_conservative: n = 90, 95% Clopper–Pearson bounds of p = 70/90 mapped by
        // log2(p/(1 − p)); SciPy: math.log2(p/(1-p)) for p = beta.ppf(0.025, 70, 21)
        // = 1.0733866592333638 (> 0, so this lower bound)
        assert!((dangyuan.keyness.lr_conservative - 1.073_386_659_233_363_8).abs() < 1e-12);
        // 核酸: a = 0 → log_ratio = log2((0.5/100) / (60/100)) = log2(1/120), g2 negative
        let hesuan = &rows[2];
        assert_eq!(hesuan.per_10k_target, Some(0.0));
        assert!(hesuan.keyness.g2 < -50.0);
        assert!((hesuan.keyness.log_ratio - (1.0f64 / 120.0).log2()).abs() < 1e-12);
        // lr_conservative: k = 0 of n = 60, so p_lo = 0 and 1 − p_hi = 0.025^(1/60)
        // (I_p(1, 60) = 1 − (1 − p)^60 = 0.975): log2(p_hi/(1 − p_hi)) = −3.979…
        let r = 0.025f64.powf(1.0 / 60.0);
        let want = ((1.0 - r) / r).log2();
        assert!((want + 3.979_131_335_170_034_6).abs() < 1e-12, "{want}");
        assert!((hesuan.keyness.lr_conservative - want).abs() < 1e-12);
    }

    #[test]
    fn min_count_top_and_ties_by_term() {
        // two terms with the same counts tie on g2 and come in id (term) order
        let mut acc = KeynessAccumulator::new(vec![Some(Side::Target), Some(Side::Reference)]);
        acc.add_doc(0, &[(5, 2), (3, 2), (1, 1)]);
        acc.add_doc(1, &[(5, 1), (3, 1), (1, 4)]);
        let mut o = opts("year<2021", None);
        o.min_count = 3;
        let rows = acc.clone().rows(None, &o).unwrap();
        let terms: Vec<u32> = rows.iter().map(|r| r.term).collect();
        assert_eq!(terms, [3, 5, 1]);
        assert_eq!(rows[0].keyness.g2, rows[1].keyness.g2);
        o.min_count = 4;
        o.top = Some(1);
        let rows = acc.rows(None, &o).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].term, 1);
    }

    #[test]
    fn a_side_without_tokens_is_a_usage_error() {
        let mut acc = KeynessAccumulator::new(vec![Some(Side::Target), Some(Side::Reference)]);
        acc.add_doc(1, &[(0, 3)]);
        let e = acc.rows(None, &opts("issue=a", None)).unwrap_err();
        assert!(e.is_usage());
        assert_eq!(
            e.to_string(),
            "--target `issue=a` selects issues without a counted token: the target is empty"
        );
    }
}
