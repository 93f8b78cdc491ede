//! `issues`: one row of figures per issue (SPEC §4).
//!
//! - articles, sentences: as structured by `corpus::structure`
//! - chars: Han characters after normalisation
//! - tokens: counted tokens (word, latin, number; stopwords out); types: distinct such terms
//! - ttr = types / tokens (empty when tokens = 0); hapax: types occurring exactly once
//! - top_terms: the 10 most frequent terms, ties by term, joined by `、`
//! - `per_10k:<term>` for each `--track TERM` = 10000 · occurrences / tokens. A tracked term
//!   that jieba cuts into several tokens (核酸检测 → 核酸 检测) is counted as that token
//!   sequence, adjacent inside a sentence, exactly as `ngrams` counts it.

use polars::prelude::*;

use super::{doc_counts, per_10k};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::table::{col, frame};
use crate::tokenize::{Segmenter, Tokenized};

#[derive(Debug, Clone)]
pub struct IssuesOptions {
    pub track: Vec<String>,
    /// How many terms `top_terms` lists.
    pub top_terms: usize,
}

impl Default for IssuesOptions {
    fn default() -> Self {
        IssuesOptions {
            track: Vec::new(),
            top_terms: 10,
        }
    }
}

/// The token-id sequence a tracked term stands for, `None` if some token never occurs.
pub fn term_ids(t: &Tokenized, seg: &Segmenter, term: &str) -> Result<Option<Vec<u32>>> {
    let parts: Vec<&str> = seg.cut(term.trim()).collect();
    if parts.is_empty() {
        return Err(Error::usage(format!("--track `{term}`: the term is empty")));
    }
    Ok(parts.iter().map(|p| t.vocab.id(p)).collect())
}

/// Occurrences of a token sequence in each issue, counted tokens only, inside sentences.
pub fn sequence_counts(t: &Tokenized, ids: &[u32]) -> Vec<u64> {
    if ids.iter().any(|&id| !t.vocab.is_counted(id)) {
        return vec![0; t.docs.len()];
    }
    t.docs
        .iter()
        .map(|d| {
            d.sentences
                .iter()
                .map(|s| {
                    d.sentence_tokens(s)
                        .windows(ids.len())
                        .filter(|w| *w == ids)
                        .count() as u64
                })
                .sum()
        })
        .collect()
}

pub fn issues(
    corpus: &Corpus,
    t: &Tokenized,
    seg: &Segmenter,
    opts: &IssuesOptions,
) -> Result<DataFrame> {
    let counts = doc_counts(t);
    let mut order: Vec<usize> = (0..corpus.docs.len()).collect();
    order.sort_by(|&a, &b| corpus.docs[a].id.cmp(&corpus.docs[b].id));

    let tokens: Vec<u64> = counts.iter().map(|c| c.iter().map(|x| x.1).sum()).collect();
    let mut columns = vec![Column::new(
        col::ISSUE.into(),
        order
            .iter()
            .map(|&d| corpus.docs[d].id.as_str())
            .collect::<Vec<_>>(),
    )];
    for (m, name) in corpus.meta_columns.iter().enumerate() {
        let v: Vec<&str> = order
            .iter()
            .map(|&d| corpus.docs[d].meta[m].as_str())
            .collect();
        columns.push(Column::new(name.as_str().into(), v));
    }
    let per = |f: &dyn Fn(usize) -> u64| order.iter().map(|&d| f(d)).collect::<Vec<u64>>();
    columns.push(Column::new(
        col::ARTICLES.into(),
        per(&|d| t.docs[d].titles.len() as u64),
    ));
    columns.push(Column::new(
        col::SENTENCES.into(),
        per(&|d| t.docs[d].sentences.len() as u64),
    ));
    columns.push(Column::new(
        col::CHARS.into(),
        per(&|d| t.docs[d].han_chars),
    ));
    columns.push(Column::new(col::TOKENS.into(), per(&|d| tokens[d])));
    columns.push(Column::new(
        col::TYPES.into(),
        per(&|d| counts[d].len() as u64),
    ));
    let ttr: Vec<Option<f64>> = order
        .iter()
        .map(|&d| (tokens[d] > 0).then(|| counts[d].len() as f64 / tokens[d] as f64))
        .collect();
    columns.push(Column::new(col::TTR.into(), ttr));
    columns.push(Column::new(
        col::HAPAX.into(),
        per(&|d| counts[d].iter().filter(|x| x.1 == 1).count() as u64),
    ));
    let top: Vec<String> = order
        .iter()
        .map(|&d| {
            let mut c: Vec<(u64, &str)> = counts[d]
                .iter()
                .map(|&(id, n)| (n, t.vocab.term(id)))
                .collect();
            c.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            c.iter()
                .take(opts.top_terms)
                .map(|x| x.1)
                .collect::<Vec<_>>()
                .join("、")
        })
        .collect();
    columns.push(Column::new(col::TOP_TERMS.into(), top));
    for term in &opts.track {
        let name = format!("{}{}", col::PER_10K_PREFIX, term.trim());
        let occ = match term_ids(t, seg, term)? {
            Some(ids) if ids.len() == 1 => counts
                .iter()
                .map(|c| {
                    c.binary_search_by_key(&ids[0], |x| x.0)
                        .map_or(0, |i| c[i].1)
                })
                .collect(),
            Some(ids) => sequence_counts(t, &ids),
            None => vec![0; t.docs.len()],
        };
        let v: Vec<Option<f64>> = order.iter().map(|&d| per_10k(occ[d], tokens[d])).collect();
        columns.push(Column::new(name.as_str().into(), v));
    }
    frame(columns)
}
