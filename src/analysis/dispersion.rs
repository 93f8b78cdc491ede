//! `dispersion`: how evenly each of a few terms is spread over the parts of the corpus (SPEC §4,
//! §5). The parts are the issues, or the groups of `--by` (a metadata column or `issue`).
//!
//! Over the k parts that have counted tokens, part i has s_i counted tokens (what `freq`
//! counts: word, latin and number tokens that are not stopwords) and v_i occurrences of the
//! term; w_i = s_i/Σs is the part's share of the corpus and t_i = v_i/Σv its share of the
//! term. Parts are of unequal size, so every measure weighs them as Gries (2008) does:
//!
//! - `count` = Σv, the term's occurrences in the whole corpus.
//! - `range` = the number of parts with v_i > 0.
//! - `juilland_d` = 1 − (sd_pop(r)/mean(r))/√(k−1) with r_i = v_i/s_i, the term's relative
//!   frequency in part i (Juilland & Chang-Rodríguez 1964, on relative frequencies as Gries
//!   2008 applies it to parts of unequal size); sd_pop divides by k. 1 = the same rate in every
//!   part; it is empty when k = 1 (√0) or the mean is 0.
//! - `dp` = ½·Σ|t_i − w_i| (Gries 2008, "deviation of proportions"): 0 when the term is spread
//!   over the parts exactly as the corpus is, near 1 when it is concentrated in a small part.
//!   With k = 1 it is 0.
//! - `dp_norm` = dp/(1 − min w_i) (Lijffijt & Gries 2012, the correction that makes the
//!   maximum 1); empty when k = 1.
//!
//! A term that never occurs has count 0, range 0 and empty juilland_d, dp and dp_norm (0/0).
//! The formulas are implemented once, in `stats::dispersion`; this module chooses the parts.
//!
//! A term that jieba cuts into several tokens (核酸检测 → 核酸 检测) is counted as that token
//! sequence, adjacent inside a sentence, as `trend` counts it; on a counts file each term must
//! be one token. One row per term, terms in code-point order, a term given twice is one row.

use polars::prelude::*;

use super::Groups;
use super::counts::CountsTable;
use super::terms::{Tracked, require_single_tokens};
use super::trend::{
    Accumulator, TrendOptions, group_occurrences_counts, group_occurrences_scan,
    terms as trend_terms,
};
use crate::corpus::Corpus;
use crate::error::Result;
use crate::stats;
use crate::table::{col, frame};
use crate::tokenize::Segmenter;

/// Where the terms come from, for messages.
const LABEL: &str = "TERM";

#[derive(Debug, Clone)]
pub struct DispersionOptions {
    pub terms: Vec<String>,
    /// The metadata column (or `issue`) whose values are the parts; `None` = the issues.
    pub by: Option<String>,
}

impl DispersionOptions {
    fn by(&self) -> &str {
        self.by.as_deref().unwrap_or(col::ISSUE)
    }

    /// The terms cut, checked, sorted and deduplicated as `trend` does it.
    fn terms(&self, seg: &Segmenter) -> Result<Vec<Tracked>> {
        trend_terms(
            seg,
            &TrendOptions {
                terms: self.terms.clone(),
                by: self.by().to_string(),
            },
        )
    }
}

/// The dispersion of one term over the parts (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dispersion {
    pub count: u64,
    pub range: u64,
    pub juilland_d: Option<f64>,
    pub dp: Option<f64>,
    pub dp_norm: Option<f64>,
}

/// The statistics of a term with `counts[i]` occurrences in a part of `sizes[i]` counted
/// tokens: `stats::dispersion` (the one implementation of the formulas) over the parts that
/// have counted tokens, as SPEC §5 leaves the others out, with the term's total count.
pub fn dispersion(sizes: &[u64], counts: &[u64]) -> Dispersion {
    let (sizes, counts): (Vec<u64>, Vec<u64>) = sizes
        .iter()
        .zip(counts)
        .filter(|p| *p.0 > 0)
        .map(|(&s, &v)| (s, v))
        .unzip();
    let d = stats::dispersion(&sizes, &counts);
    Dispersion {
        count: counts.iter().sum(),
        range: d.range,
        juilland_d: d.juilland_d,
        dp: d.dp,
        dp_norm: d.dp_norm,
    }
}

/// The table from the parts' counted tokens and the terms' occurrences in them.
fn table(acc: &Accumulator, terms: &[Tracked]) -> Result<DataFrame> {
    let stats: Vec<Dispersion> = (0..terms.len())
        .map(|k| dispersion(acc.tokens(), &acc.term_counts(k)))
        .collect();
    let f = |g: fn(&Dispersion) -> Option<f64>| stats.iter().map(g).collect::<Vec<_>>();
    frame(vec![
        Column::new(
            col::TERM.into(),
            terms.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            col::COUNT.into(),
            stats.iter().map(|d| d.count).collect::<Vec<_>>(),
        ),
        Column::new(
            col::RANGE.into(),
            stats.iter().map(|d| d.range).collect::<Vec<_>>(),
        ),
        Column::new(col::JUILLAND_D.into(), f(|d| d.juilland_d)),
        Column::new(col::DP.into(), f(|d| d.dp)),
        Column::new(col::DP_NORM.into(), f(|d| d.dp_norm)),
    ])
}

/// The table in one streaming pass over the corpus: each issue is reduced on its worker to
/// its counted tokens and the occurrences of the terms (`trend`'s pass); no token sequence
/// is kept.
pub fn dispersion_scan(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &DispersionOptions,
) -> Result<DataFrame> {
    let terms = opts.terms(seg)?;
    let groups = Groups::new(corpus, Some(opts.by()))?;
    table(
        &group_occurrences_scan(corpus, seg, progress, &terms, groups)?,
        &terms,
    )
}

/// The table from a counts file. Its terms have no order, so each term must be one token.
pub fn dispersion_counts(
    counts: &CountsTable,
    path: &std::path::Path,
    seg: &Segmenter,
    opts: &DispersionOptions,
) -> Result<DataFrame> {
    let terms = opts.terms(seg)?;
    require_single_tokens(
        &terms,
        LABEL,
        "give the corpus itself, or ask for its parts",
    )?;
    let groups = counts.groups(Some(opts.by()), path)?;
    table(&group_occurrences_counts(counts, &terms, groups), &terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: Option<f64>, want: f64) {
        let got = got.expect("a value");
        assert!((got - want).abs() <= 1e-12, "got {got}, want {want}");
    }

    #[test]
    fn gries_2008_unequal_parts() {
        // five parts of 9, 10, 10, 10, 11 tokens (S = 50), the term 1, 2, 3, 4, 5 times (V = 15)
        let d = dispersion(&[9, 10, 10, 10, 11], &[1, 2, 3, 4, 5]);
        assert_eq!((d.count, d.range), (15, 5));
        // t − w: 1/15 − 9/50 = −17/150, 2/15 − 10/50 = −10/150, 3/15 − 10/50 = 0,
        // 4/15 − 10/50 = 10/150, 5/15 − 11/50 = 17/150; ½ · 54/150 = 0.18
        close(d.dp, 0.18);
        // 1 − min w = 1 − 9/50 = 41/50: 0.18 / 0.82 = 9/41
        close(d.dp_norm, 9.0 / 41.0);
        // rates 1/9, 2/10, 3/10, 4/10, 5/11; D = 1 − (sd_pop/mean)/√4
        let r = [1.0 / 9.0, 0.2, 0.3, 0.4, 5.0 / 11.0];
        let mean = r.iter().sum::<f64>() / 5.0;
        let sd = (r.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 5.0).sqrt();
        close(d.juilland_d, 1.0 - sd / mean / 2.0);
        // ≈ 0.7851 (mean ≈ 0.29313, sd_pop ≈ 0.12596)
        assert!((d.juilland_d.unwrap() - 0.7851).abs() < 1e-4);
    }

    #[test]
    fn even_spread_is_zero_dp_and_full_d() {
        // rates 2/100 = 4/200 = 6/300: t = w = 1/6, 2/6, 3/6
        let d = dispersion(&[100, 200, 300], &[2, 4, 6]);
        assert_eq!((d.count, d.range), (12, 3));
        close(d.dp, 0.0);
        close(d.dp_norm, 0.0);
        close(d.juilland_d, 1.0);
    }

    #[test]
    fn a_term_in_one_part_only() {
        // all 5 occurrences in the part of 100 tokens out of 100 + 300 + 600 = 1000:
        // t − w = 1 − 0.1, 0 − 0.3, 0 − 0.6; ½ · 1.8 = 0.9; dp_norm = 0.9 / (1 − 0.1) = 1
        let d = dispersion(&[100, 300, 600], &[5, 0, 0]);
        assert_eq!((d.count, d.range), (5, 1));
        close(d.dp, 0.9);
        close(d.dp_norm, 1.0);
        // rates 0.05, 0, 0: mean 0.05/3, sd_pop = 0.05·√2/3, sd/mean = √2, D = 1 − √2/√2 = 0
        close(d.juilland_d, 0.0);
    }

    #[test]
    fn one_part_and_empty_parts() {
        let d = dispersion(&[500], &[7]);
        assert_eq!(
            d,
            Dispersion {
                count: 7,
                range: 1,
                juilland_d: None,
                dp: Some(0.0),
                dp_norm: None,
            }
        );
        // a part without counted tokens is left out: the same as one part
        assert_eq!(dispersion(&[0, 500, 0], &[0, 7, 0]), d);
    }

    #[test]
    fn a_term_never_found_has_no_statistics() {
        let d = dispersion(&[10, 20], &[0, 0]);
        assert_eq!(
            d,
            Dispersion {
                count: 0,
                range: 0,
                juilland_d: None,
                dp: None,
                dp_norm: None,
            }
        );
        assert_eq!(dispersion(&[], &[]), Dispersion { count: 0, ..d });
    }

    #[test]
    fn one_row_per_term_with_every_column() {
        // parts a (issues 0, 2) and b (issue 1); terms 核酸, 疫情
        let groups = Groups::from_values(vec!["a".into(), "b".into(), "a".into()]);
        let mut acc = Accumulator::new(groups, 2);
        acc.add_doc(0, 40, &[1, 0]);
        acc.add_doc(1, 50, &[2, 0]);
        acc.add_doc(2, 10, &[2, 0]);
        let terms: Vec<Tracked> = ["核酸", "疫情"]
            .iter()
            .map(|t| Tracked {
                name: t.to_string(),
                parts: vec![t.to_string()],
                counted: true,
            })
            .collect();
        let df = table(&acc, &terms).unwrap();
        let names: Vec<&str> = df.get_column_names().iter().map(|c| c.as_str()).collect();
        assert_eq!(
            names,
            ["term", "count", "range", "juilland_d", "dp", "dp_norm"]
        );
        let count = df.column(col::COUNT).unwrap().u64().unwrap();
        assert_eq!((count.get(0), count.get(1)), (Some(5), Some(0)));
        // sizes 50, 50 and counts 3, 2: ½(|3/5 − 1/2| + |2/5 − 1/2|) = 0.1, / (1 − 1/2) = 0.2
        let dp = df.column(col::DP).unwrap().f64().unwrap();
        close(dp.get(0), 0.1);
        assert_eq!(dp.get(1), None);
        let norm = df.column(col::DP_NORM).unwrap().f64().unwrap();
        close(norm.get(0), 0.2);
        // rates 0.06, 0.04: mean 0.05, sd_pop 0.01, D = 1 − 0.2/1 = 0.8
        let d = df.column(col::JUILLAND_D).unwrap().f64().unwrap();
        close(d.get(0), 0.8);
        assert_eq!(d.get(1), None);
    }
}
