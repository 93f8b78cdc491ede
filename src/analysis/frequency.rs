//! `freq`: term frequencies, overall or per group (docs/counting.md), as quanteda's
//! `textstat_frequency`.
//!
//! - count: occurrences of the term (counted tokens only: word, latin, number; stopwords out)
//! - rank: competition rank by count within the group (ties share the best rank)
//! - per_10k = 10000 · count / N, N = counted tokens of the group
//! - doc_freq: issues of the group that contain the term

use polars::prelude::*;
use rustc_hash::FxHashMap;

use super::counts::CountsTable;
use super::{Groups, competition_ranks, per_10k, scan_counts};
use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::Result;
use crate::table::frame;
use crate::tokenize::{Segmenter, Vocab};

#[derive(Debug, Clone, Default)]
pub struct FreqOptions {
    /// Group by this metadata column (or `issue`).
    pub by: Option<String>,
    /// Keep the first N rows of each group.
    pub top: Option<usize>,
    /// Drop terms counted fewer times (in their group).
    pub min_count: u64,
}

/// One row of the frequency table, before it becomes columns.
#[derive(Debug, Clone, PartialEq)]
pub struct FreqRow {
    pub group: usize,
    pub term: u32,
    pub count: u64,
    pub rank: u64,
    pub per_10k: Option<f64>,
    pub doc_freq: u64,
}

/// Counts and document frequencies per group, folded one issue at a time. The ids may be
/// provisional (from a streaming pass); `rows` renumbers them.
#[derive(Debug, Clone)]
pub struct FreqAccumulator {
    groups: Groups,
    per_group: Vec<Tally>,
}

/// Groups up to this many are tallied in arrays indexed by term id (memory: groups × distinct
/// terms × 16 bytes), more in hash maps (memory: the group's own distinct terms). The array
/// was a third of the hash map's cost per count.
const DENSE_GROUPS: usize = 4;

/// One group's (count, doc_freq) per term id.
#[derive(Debug, Clone)]
enum Tally {
    Dense(Vec<(u64, u64)>),
    Sparse(FxHashMap<u32, (u64, u64)>),
}

impl Tally {
    #[inline]
    fn add(&mut self, id: u32, count: u64) {
        let e = match self {
            Tally::Dense(v) => {
                let i = id as usize;
                if i >= v.len() {
                    v.resize(i + 1, (0, 0));
                }
                &mut v[i]
            }
            Tally::Sparse(m) => m.entry(id).or_insert((0, 0)),
        };
        e.0 += count;
        e.1 += 1;
    }

    /// (id, count, doc_freq) of the terms seen, in no particular order.
    fn into_entries(self) -> Vec<(u32, u64, u64)> {
        match self {
            Tally::Dense(v) => v
                .into_iter()
                .enumerate()
                .filter(|(_, (_, df))| *df > 0)
                .map(|(id, (c, df))| (id as u32, c, df))
                .collect(),
            Tally::Sparse(m) => m.into_iter().map(|(id, (c, df))| (id, c, df)).collect(),
        }
    }
}

impl FreqAccumulator {
    pub fn new(groups: Groups) -> Self {
        let dense = groups.labels.len() <= DENSE_GROUPS;
        Self::with_tallies(groups, dense)
    }

    fn with_tallies(groups: Groups, dense: bool) -> Self {
        let per_group = (0..groups.labels.len())
            .map(|_| {
                if dense {
                    Tally::Dense(Vec::new())
                } else {
                    Tally::Sparse(FxHashMap::default())
                }
            })
            .collect();
        FreqAccumulator { groups, per_group }
    }

    /// Add one issue's counted-term counts.
    pub fn add_doc(&mut self, doc: usize, counts: &[(u32, u64)]) {
        let g = &mut self.per_group[self.groups.of_doc[doc]];
        for &(id, c) in counts {
            g.add(id, c);
        }
    }

    /// The rows, sorted by group, then count descending, then term; `remap` turns the ids
    /// added into ids of `vocab` (whose ids are in term order, so ordering ids orders terms).
    pub fn rows(self, remap: Option<&[u32]>, opts: &FreqOptions) -> (Groups, Vec<FreqRow>) {
        let mut rows = Vec::new();
        for (gi, g) in self.per_group.into_iter().enumerate() {
            let mut terms = g.into_entries();
            let n: u64 = terms.iter().map(|t| t.1).sum();
            if let Some(r) = remap {
                for t in &mut terms {
                    t.0 = r[t.0 as usize];
                }
            }
            terms.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let ranks = competition_ranks(&terms.iter().map(|x| x.1).collect::<Vec<_>>());
            let kept = terms
                .into_iter()
                .zip(ranks)
                .filter(|((_, c, _), _)| *c >= opts.min_count)
                .take(opts.top.unwrap_or(usize::MAX));
            for ((id, c, df), rank) in kept {
                rows.push(FreqRow {
                    group: gi,
                    term: id,
                    count: c,
                    rank,
                    per_10k: per_10k(c, n),
                    doc_freq: df,
                });
            }
        }
        (self.groups, rows)
    }
}

/// The same table in one streaming pass over the corpus: each issue is segmented, reduced to
/// its counts on the worker and folded in; no text or token sequence is kept, so memory
/// grows with the vocabulary, not the corpus.
pub fn frequency_scan(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &FreqOptions,
) -> Result<DataFrame> {
    let mut acc = FreqAccumulator::new(Groups::new(corpus, opts.by.as_deref())?);
    let (vocab, remap) = scan_counts(corpus, seg, progress, |d, counts| acc.add_doc(d, counts))?;
    let (groups, rows) = acc.rows(Some(&remap), opts);
    to_frame(&groups, &vocab, &rows, opts)
}

/// The same table from a counts file (`zhcorpus count` output, possibly merged).
pub fn frequency_counts(
    table: &CountsTable,
    path: &std::path::Path,
    opts: &FreqOptions,
) -> Result<DataFrame> {
    let groups = table.groups(opts.by.as_deref(), path)?;
    from_doc_counts(groups, &table.vocab, &table.docs, opts)
}

/// The table from per-issue counts whose ids are already those of `vocab`.
fn from_doc_counts(
    groups: Groups,
    vocab: &Vocab,
    docs: &[Vec<(u32, u64)>],
    opts: &FreqOptions,
) -> Result<DataFrame> {
    let mut acc = FreqAccumulator::new(groups);
    for (d, counts) in docs.iter().enumerate() {
        acc.add_doc(d, counts);
    }
    let (groups, rows) = acc.rows(None, opts);
    to_frame(&groups, vocab, &rows, opts)
}

/// The table from finished rows.
pub fn to_frame(
    groups: &Groups,
    vocab: &Vocab,
    rows: &[FreqRow],
    opts: &FreqOptions,
) -> Result<DataFrame> {
    let mut columns = Vec::new();
    if opts.by.is_some() {
        let g: Vec<&str> = rows
            .iter()
            .map(|r| groups.labels[r.group].as_str())
            .collect();
        columns.push(Column::new(col::GROUP.into(), g));
    }
    let term: Vec<&str> = rows.iter().map(|r| vocab.term(r.term)).collect();
    columns.push(Column::new(col::TERM.into(), term));
    columns.push(Column::new(
        col::COUNT.into(),
        rows.iter().map(|r| r.count).collect::<Vec<_>>(),
    ));
    columns.push(Column::new(
        col::RANK.into(),
        rows.iter().map(|r| r.rank).collect::<Vec<_>>(),
    ));
    columns.push(Column::new(
        col::PER_10K.into(),
        rows.iter().map(|r| r.per_10k).collect::<Vec<_>>(),
    ));
    columns.push(Column::new(
        col::DOC_FREQ.into(),
        rows.iter().map(|r| r.doc_freq).collect::<Vec<_>>(),
    ));
    frame(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_and_hash_maps_tally_alike() {
        // Three issues in two groups; ids out of order, one id far beyond the others, and a
        // count tie (ids 2 and 9 in group "a") broken by id.
        let groups = Groups::from_values(vec!["a".into(), "b".into(), "a".into()]);
        let docs: Vec<Vec<(u32, u64)>> = vec![
            vec![(5, 3), (2, 1), (9, 2)],
            vec![(2, 4), (1000, 1)],
            vec![(2, 1), (5, 1)],
        ];
        let opts = FreqOptions::default();
        let run = |dense: bool| {
            let mut acc = FreqAccumulator::with_tallies(groups.clone(), dense);
            for (d, c) in docs.iter().enumerate() {
                acc.add_doc(d, c);
            }
            acc.rows(None, &opts).1
        };
        let dense = run(true);
        assert_eq!(dense, run(false));
        let got: Vec<(usize, u32, u64, u64, u64)> = dense
            .iter()
            .map(|r| (r.group, r.term, r.count, r.rank, r.doc_freq))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 5, 4, 1, 2),
                (0, 2, 2, 2, 2),
                (0, 9, 2, 2, 1),
                (1, 2, 4, 1, 1),
                (1, 1000, 1, 2, 1),
            ]
        );
        // per_10k of group a: 4 of its 8 counted tokens.
        assert_eq!(dense[0].per_10k, Some(5000.0));
    }
}
