//! `freq`: term frequencies, overall or per group (SPEC §4), as quanteda's
//! `textstat_frequency`.
//!
//! - count: occurrences of the term (counted tokens only: word, latin, number; stopwords out)
//! - rank: competition rank by count within the group (ties share the best rank)
//! - per_10k = 10000 · count / N, N = counted tokens of the group
//! - doc_freq: issues of the group that contain the term

use polars::prelude::*;
use rustc_hash::FxHashMap;

use super::{Groups, competition_ranks, doc_counts, per_10k};
use crate::corpus::Corpus;
use crate::error::Result;
use crate::table::{col, frame};
use crate::tokenize::Tokenized;

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

/// The rows, sorted by group, then count descending, then term (code-point order).
pub fn frequency_rows(
    corpus: &Corpus,
    t: &Tokenized,
    opts: &FreqOptions,
) -> Result<(Groups, Vec<FreqRow>)> {
    let groups = Groups::new(corpus, opts.by.as_deref())?;
    let counts = doc_counts(t);
    let mut per_group: Vec<FxHashMap<u32, (u64, u64)>> =
        vec![FxHashMap::default(); groups.labels.len()];
    for (d, dc) in counts.iter().enumerate() {
        let g = &mut per_group[groups.of_doc[d]];
        for &(id, c) in dc {
            let e = g.entry(id).or_insert((0, 0));
            e.0 += c;
            e.1 += 1;
        }
    }
    let mut rows = Vec::new();
    for (gi, g) in per_group.into_iter().enumerate() {
        let n: u64 = g.values().map(|v| v.0).sum();
        let mut terms: Vec<(u32, u64, u64)> =
            g.into_iter().map(|(id, (c, df))| (id, c, df)).collect();
        terms.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| t.vocab.term(a.0).cmp(t.vocab.term(b.0)))
        });
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
    Ok((groups, rows))
}

/// `[group,] term, count, rank, per_10k, doc_freq`
pub fn frequency(corpus: &Corpus, t: &Tokenized, opts: &FreqOptions) -> Result<DataFrame> {
    let (groups, rows) = frequency_rows(corpus, t, opts)?;
    let mut columns = Vec::new();
    if opts.by.is_some() {
        let g: Vec<&str> = rows
            .iter()
            .map(|r| groups.labels[r.group].as_str())
            .collect();
        columns.push(Column::new(col::GROUP.into(), g));
    }
    let term: Vec<&str> = rows.iter().map(|r| t.vocab.term(r.term)).collect();
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
