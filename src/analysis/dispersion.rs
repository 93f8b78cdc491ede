//! `dispersion`: how evenly each of a few terms is spread over the parts of the corpus (docs/comparing.md,
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
//!
//! For the barcode chart (`--chart`), [`dispersion_positions_scan`] also gives where each
//! occurrence is, in the same streaming pass: [`Positions`], a table of the parts (label,
//! counted tokens) and a table of the occurrences (part, term, `position` = the 0-based index
//! of the occurrence's first token among the part's counted tokens, the issues of a part
//! following one another in corpus order). Its memory is the occurrences of the terms asked.

use polars::prelude::*;

use super::Groups;
use super::counts::CountsTable;
use super::terms::{TermIds, Tracked, matches, require_single_tokens};
use super::trend::{
    Accumulator, TrendOptions, group_occurrences_counts, group_occurrences_scan,
    terms as trend_terms,
};
use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::Result;
use crate::pass::{Fold, Pass};
use crate::stats;
use crate::table::frame;
use crate::tokenize::Segmenter;
use crate::tokenize::{Interner, Segmented};

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
    pub fn terms(&self, seg: &Segmenter) -> Result<Vec<Tracked>> {
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
/// have counted tokens, as docs/statistics.md leaves the others out, with the term's total count.
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

/// Where the occurrences are, for the barcode: two finished tables.
#[derive(Debug, Clone)]
pub struct Positions {
    /// One row per part, in part order: `issue` (or `group` with `--by`), `tokens` (its
    /// counted tokens), then, for parts that are issues, the issue's metadata columns.
    pub parts: DataFrame,
    /// One row per occurrence: `issue` (or `group`), `term`, `position`; sorted by part, term
    /// (code-point order), position.
    pub occurrences: DataFrame,
}

/// The terms' parts as provisional ids of a streaming pass, to find where they occur.
pub struct TermStarts(TermIds);

impl TermStarts {
    pub fn new(terms: &[Tracked], interner: &Interner) -> Self {
        TermStarts(TermIds::new(terms, |p| Some(interner.intern(p))))
    }

    /// One issue's counted tokens, and each term's positions among them: where its token
    /// sequence starts, adjacent inside a sentence (`terms::matches`, as `trend` counts it).
    /// Runs on the worker.
    pub fn in_issue(&self, s: &Segmented) -> IssuePositions {
        let mut before = Vec::with_capacity(s.tokens.len());
        let mut n = 0u64;
        for &l in &s.tokens {
            before.push(n);
            n += u64::from(s.counted[l as usize]);
        }
        let positions = self
            .0
            .local(s)
            .into_iter()
            .map(|local| {
                let Some(local) = local else {
                    return Vec::new();
                };
                let mut at = Vec::new();
                for sentence in &s.sentences {
                    let start = sentence.tokens.start as usize;
                    at.extend(
                        matches(s.sentence_tokens(sentence), &local).map(|j| before[start + j]),
                    );
                }
                at
            })
            .collect();
        IssuePositions {
            tokens: n,
            positions,
        }
    }
}

/// What a worker hands over for one issue: its counted tokens and each term's positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuePositions {
    pub tokens: u64,
    pub positions: Vec<Vec<u64>>,
}

/// Positions count the counted tokens before them, and a term's occurrence never crosses a
/// sentence: an issue's positions are its pieces' positions, each piece's moved on by the
/// counted tokens of the pieces before it.
impl Fold for IssuePositions {
    fn fold(&mut self, next: Self) {
        for (mine, theirs) in self.positions.iter_mut().zip(next.positions) {
            mine.extend(theirs.into_iter().map(|p| p + self.tokens));
        }
        self.tokens += next.tokens;
    }
}

/// The statistics and the positions, gathered one issue at a time, per part and term.
pub struct PositionsAccumulator {
    by: String,
    terms: Vec<Tracked>,
    labels: Vec<String>,
    of_doc: Vec<usize>,
    stats: Accumulator,
    /// Per part, per term: positions within the part.
    at: Vec<Vec<Vec<u64>>>,
}

impl PositionsAccumulator {
    /// `terms` from [`DispersionOptions::terms`].
    pub fn new(corpus: &Corpus, terms: Vec<Tracked>, opts: &DispersionOptions) -> Result<Self> {
        let groups = Groups::new(corpus, Some(opts.by()))?;
        Ok(PositionsAccumulator {
            by: opts.by().to_string(),
            labels: groups.labels.clone(),
            of_doc: groups.of_doc.clone(),
            at: vec![vec![Vec::new(); terms.len()]; groups.labels.len()],
            stats: Accumulator::new(groups, terms.len()),
            terms,
        })
    }

    /// Add issue `doc` (in document order): it starts where its part's tokens so far end.
    pub fn add_doc(&mut self, doc: usize, issue: IssuePositions) {
        let part = self.of_doc[doc];
        let offset = self.stats.tokens()[part];
        let counts: Vec<u64> = issue.positions.iter().map(|p| p.len() as u64).collect();
        for (all, p) in self.at[part].iter_mut().zip(issue.positions) {
            all.extend(p.into_iter().map(|x| x + offset));
        }
        self.stats.add_doc(doc, issue.tokens, &counts);
    }

    /// The dispersion table and the two tables of [`Positions`].
    pub fn finish(self, corpus: &Corpus) -> Result<(DataFrame, Positions)> {
        let name = part_column(&self.by);
        let mut columns = vec![
            Column::new(name.into(), &self.labels),
            Column::new(col::TOKENS.into(), self.stats.tokens()),
        ];
        if self.by == col::ISSUE {
            // the issue's metadata, for the chart's row labels (issue ids are unique labels),
            // each label's issue found once through a map (a search of the ids for each label
            // and column took 33 s for 100,000 issues)
            let ids: rustc_hash::FxHashMap<&str, usize> = corpus
                .docs
                .iter()
                .enumerate()
                .map(|(d, doc)| (doc.id.as_str(), d))
                .collect();
            let docs: Vec<Option<usize>> = self
                .labels
                .iter()
                .map(|l| ids.get(l.as_str()).copied())
                .collect();
            for (k, meta) in corpus.meta_columns.iter().enumerate() {
                let values: Vec<&str> = docs
                    .iter()
                    .map(|d| d.map_or("", |d| corpus.docs[d].meta[k].as_str()))
                    .collect();
                columns.push(Column::new(meta.as_str().into(), values));
            }
        }
        let parts = frame(columns)?;
        let (mut part, mut term, mut position) = (Vec::new(), Vec::new(), Vec::new());
        for (label, per_term) in self.labels.iter().zip(&self.at) {
            for (t, p) in self.terms.iter().zip(per_term) {
                part.extend(std::iter::repeat_n(label.as_str(), p.len()));
                term.extend(std::iter::repeat_n(t.name.as_str(), p.len()));
                position.extend_from_slice(p);
            }
        }
        let occurrences = frame(vec![
            Column::new(name.into(), part),
            Column::new(col::TERM.into(), term),
            Column::new(col::POSITION.into(), position),
        ])?;
        let stats = table(&self.stats, &self.terms)?;
        Ok((stats, Positions { parts, occurrences }))
    }
}

/// The column naming the parts: `issue`, or `group` for the groups of another column.
fn part_column(by: &str) -> &'static str {
    if by == col::ISSUE {
        col::ISSUE
    } else {
        col::GROUP
    }
}

/// The table and the positions of every occurrence, in one streaming pass: each issue is
/// reduced on its worker to its counted tokens and the terms' positions, whose numbers are
/// the occurrences the statistics count.
pub fn dispersion_positions_scan(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &DispersionOptions,
) -> Result<(DataFrame, Positions)> {
    let terms = opts.terms(seg)?;
    let interner = Interner::default();
    let starts = TermStarts::new(&terms, &interner);
    let mut acc = PositionsAccumulator::new(corpus, terms, opts)?;
    Pass::new(corpus, seg, &interner, progress).fold(
        |_, s| starts.in_issue(&s),
        |_, issue| issue,
        |d, issue| {
            acc.add_doc(d, issue);
            Ok(())
        },
    )?;
    acc.finish(corpus)
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

    /// A corpus in memory: (id, newspaper, text) per issue.
    fn corpus(issues: &[(&str, &str, &str)]) -> Corpus {
        Corpus {
            root: "c".into(),
            name: "c".into(),
            meta_columns: vec!["newspaper".into()],
            docs: issues
                .iter()
                .map(|(id, paper, text)| crate::corpus::Document {
                    id: id.to_string(),
                    rel_path: format!("{id}.txt"),
                    path: format!("{id}.txt").into(),
                    text: Some(text.to_string()),
                    bytes: text.len() as u64,
                    meta: vec![paper.to_string()],
                    skip: vec![],
                })
                .collect(),
            warnings: Vec::new(),
            walk: Default::default(),
        }
    }

    fn column<'a>(df: &'a DataFrame, name: &str) -> Vec<AnyValue<'a>> {
        let c = df.column(name).unwrap();
        (0..df.height()).map(|i| c.get(i).unwrap()).collect()
    }

    #[test]
    fn positions_are_indices_among_counted_tokens() {
        // a: 武汉 疫情 ， 武汉 加油 。 / 武汉 加油 — counted tokens 武汉 0, 疫情 1, 武汉 2,
        // 加油 3, 武汉 4, 加油 5 (n = 6); punctuation has no position
        // b: 疫情 。 — n = 1;  c: only punctuation — n = 0
        let c = corpus(&[
            ("a", "甲报", "武汉疫情，武汉加油。\n\n武汉加油"),
            ("b", "乙报", "疫情。"),
            ("c", "甲报", "。"),
        ]);
        let seg = Segmenter::new(&Default::default()).unwrap();
        let o = DispersionOptions {
            terms: vec!["武汉加油".into(), "疫情".into(), "武汉".into(), "的".into()],
            by: None,
        };
        let (stats, pos) = dispersion_positions_scan(&c, &seg, &|_| {}, &o).unwrap();
        let p = &pos.parts;
        assert_eq!(
            column(p, "issue"),
            [
                AnyValue::String("a"),
                AnyValue::String("b"),
                AnyValue::String("c")
            ]
        );
        let n: Vec<u64> = p
            .column("tokens")
            .unwrap()
            .u64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(n, [6, 1, 0]);
        assert_eq!(column(p, "newspaper")[1], AnyValue::String("乙报"));
        let occ = &pos.occurrences;
        let rows: Vec<(String, String, u64)> = (0..occ.height())
            .map(|i| {
                let s = |c: &str| {
                    occ.column(c)
                        .unwrap()
                        .str()
                        .unwrap()
                        .get(i)
                        .unwrap()
                        .to_string()
                };
                let at = occ
                    .column("position")
                    .unwrap()
                    .u64()
                    .unwrap()
                    .get(i)
                    .unwrap();
                (s("issue"), s("term"), at)
            })
            .collect();
        let r = |i: &str, t: &str, at: u64| (i.to_string(), t.to_string(), at);
        // terms in code-point order: 武汉 U+6B66 6C49 < 武汉加油 < 疫情 U+75AB < 的 U+7684;
        // the multi-token term at its first token; 的, not in the text, has none
        assert_eq!(
            rows,
            [
                r("a", "武汉", 0),
                r("a", "武汉", 2),
                r("a", "武汉", 4),
                r("a", "武汉加油", 2),
                r("a", "武汉加油", 4),
                r("a", "疫情", 1),
                r("b", "疫情", 0),
            ]
        );
        // the statistics count the same occurrences (terms in the same order)
        let count: Vec<u64> = stats
            .column("count")
            .unwrap()
            .u64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(count, [3, 2, 2, 0]);
    }

    #[test]
    fn positions_of_a_group_follow_its_issues() {
        // by newspaper: 甲报 = a (6 tokens) then c (n = 0) then d; d's tokens start at 6
        let c = corpus(&[
            ("a", "甲报", "武汉疫情，武汉加油。\n\n武汉加油"),
            ("b", "乙报", "疫情。"),
            ("c", "甲报", "。"),
            ("d", "甲报", "疫情武汉"),
        ]);
        let seg = Segmenter::new(&Default::default()).unwrap();
        let o = DispersionOptions {
            terms: vec!["武汉".into()],
            by: Some("newspaper".into()),
        };
        let (_, pos) = dispersion_positions_scan(&c, &seg, &|_| {}, &o).unwrap();
        assert_eq!(
            column(&pos.parts, "group"),
            [AnyValue::String("乙报"), AnyValue::String("甲报")]
        );
        let n: Vec<u64> = pos
            .parts
            .column("tokens")
            .unwrap()
            .u64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(n, [1, 8]);
        assert_eq!(pos.parts.width(), 2, "groups carry no issue metadata");
        let at: Vec<u64> = pos
            .occurrences
            .column("position")
            .unwrap()
            .u64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(at, [0, 2, 4, 7]);
    }
}
