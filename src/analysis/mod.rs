//! The analyses: pure functions from the segmented corpus to a result DataFrame, shared by the
//! CLI and the report so that no number is computed in two places. One file per analysis.

pub mod collocates;
pub mod counts;
pub mod dispersion;
pub mod frequency;
pub mod issues;
pub mod keyness;
pub mod keywords;
pub mod kwic;
pub mod ngrams;
pub mod parquet_check;
pub mod phrases;
pub mod reprints;
pub mod runs;
pub mod select;
pub mod spill;
pub mod terms;
pub mod tokens;
pub mod trend;

use crate::corpus::Corpus;
use crate::error::Result;
use crate::pass::{Fold, Pass};
use crate::tokenize::{Interner, Segmented, Segmenter, Vocab};

/// One issue's counted-term counts with provisional global ids, computed on the worker.
pub fn global_counts(s: &Segmented) -> Vec<(u32, u64)> {
    s.local_counts()
        .into_iter()
        .map(|(l, c)| (s.terms[l as usize], c))
        .collect()
}

/// An issue's counted-term counts (`global_counts`) as they fold over the issue's pieces
/// (`Fold`): added up, terms in order of first occurrence, as the issue segmented whole
/// gives them.
#[derive(Debug, Clone, Default)]
pub struct IssueCounts {
    pub counts: Vec<(u32, u64)>,
    /// Provisional id → place in `counts`, built at the first fold.
    index: rustc_hash::FxHashMap<u32, usize>,
}

impl IssueCounts {
    pub fn of(s: &Segmented) -> Self {
        global_counts(s).into()
    }
}

impl From<Vec<(u32, u64)>> for IssueCounts {
    /// Counts of distinct ids, in the order they are to keep.
    fn from(counts: Vec<(u32, u64)>) -> Self {
        IssueCounts {
            counts,
            index: Default::default(),
        }
    }
}

impl Fold for IssueCounts {
    fn fold(&mut self, next: Self) {
        if self.index.is_empty() {
            self.index = self
                .counts
                .iter()
                .enumerate()
                .map(|(i, c)| (c.0, i))
                .collect();
        }
        for (id, c) in next.counts {
            let at = *self.index.entry(id).or_insert_with(|| {
                self.counts.push((id, 0));
                self.counts.len() - 1
            });
            self.counts[at].1 += c;
        }
    }
}

/// One streaming pass over the corpus that hands each issue's counted-term counts, with
/// provisional ids, to `add` in document order; then the vocabulary and the map from the
/// provisional ids to its ids. No text or token sequence is kept (a large file is counted a
/// piece at a time).
pub fn scan_counts(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    mut add: impl FnMut(usize, &[(u32, u64)]),
) -> Result<(Vocab, Vec<u32>)> {
    let interner = Interner::default();
    Pass::new(corpus, seg, &interner, progress).fold(
        |_, s| IssueCounts::of(&s),
        |_, c| c.counts,
        |d, counts| {
            add(d, &counts);
            Ok(())
        },
    )?;
    Ok(interner.finish(seg))
}

/// Documents grouped by a metadata column (`--by`), groups sorted by label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    pub labels: Vec<String>,
    /// Group index of each document.
    pub of_doc: Vec<usize>,
}

impl Groups {
    /// `None` puts every document in one group with an empty label.
    pub fn new(corpus: &Corpus, by: Option<&str>) -> Result<Self> {
        let Some(column) = by else {
            return Ok(Groups::from_values(vec![String::new(); corpus.docs.len()]));
        };
        Ok(Groups::from_values(corpus.doc_values(column)?))
    }

    /// Groups from each document's value.
    pub fn from_values(values: Vec<String>) -> Self {
        let mut labels = values.clone();
        labels.sort();
        labels.dedup();
        let of_doc = values
            .iter()
            .map(|v| labels.binary_search(v).unwrap_or(0))
            .collect();
        Groups { labels, of_doc }
    }
}

/// Standard competition ranks ("1224") of counts already sorted in descending order, as
/// quanteda's `textstat_frequency` gives them: tied terms share the best rank.
pub fn competition_ranks(sorted_desc: &[u64]) -> Vec<u64> {
    let mut ranks = Vec::with_capacity(sorted_desc.len());
    for (i, &c) in sorted_desc.iter().enumerate() {
        if i > 0 && sorted_desc[i - 1] == c {
            ranks.push(ranks[i - 1]);
        } else {
            ranks.push(i as u64 + 1);
        }
    }
    ranks
}

/// Occurrences per 10,000 counted tokens; `None` when there are no tokens to divide by.
pub fn per_10k(count: u64, tokens: u64) -> Option<f64> {
    (tokens > 0).then(|| 10_000.0 * count as f64 / tokens as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_share_the_best_place() {
        assert_eq!(
            competition_ranks(&[9, 5, 5, 3, 3, 3, 1]),
            vec![1, 2, 2, 4, 4, 4, 7]
        );
        assert_eq!(competition_ranks(&[]), Vec::<u64>::new());
    }

    #[test]
    fn per_10k_is_a_rate() {
        // 3 occurrences in 1,200 tokens: 10000 · 3 / 1200 = 25
        assert_eq!(per_10k(3, 1200), Some(25.0));
        assert_eq!(per_10k(3, 0), None);
    }
}
