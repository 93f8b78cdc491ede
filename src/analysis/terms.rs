//! Terms asked for by name (`issues --track TERM`, `trend TERM...`), cut as the segmenter
//! cuts them and counted in an issue. A term that jieba cuts into several tokens (核酸检测 →
//! 核酸 检测) is counted as that token sequence, adjacent inside a sentence, exactly as
//! `ngrams` counts it; a counts file keeps no token order, so there only one-token terms can
//! be counted.

use crate::error::{Error, Result};
use crate::tokenize::{Segmented, Segmenter, Vocab, classify};

/// A term as the segmenter cuts it.
#[derive(Debug, Clone)]
pub struct Tracked {
    /// The term as asked for, trimmed.
    pub name: String,
    pub parts: Vec<String>,
    /// All parts are counted tokens; otherwise the term never occurs among counted tokens.
    pub counted: bool,
}

/// Cut each term; `label` names where the terms came from in messages (`--track`). An empty
/// term is a usage error.
pub fn tracked(seg: &Segmenter, terms: &[String], label: &str) -> Result<Vec<Tracked>> {
    terms
        .iter()
        .map(|term| {
            let name = seg.query(term.trim()).into_owned();
            let parts: Vec<String> = seg.cut(&name).map(str::to_string).collect();
            if parts.is_empty() {
                return Err(Error::usage(format!("{label} `{term}`: the term is empty")));
            }
            let counted = parts
                .iter()
                .all(|p| classify(p).is_counted() && !seg.is_stopword(p));
            Ok(Tracked {
                name,
                parts,
                counted,
            })
        })
        .collect()
}

/// The usage error for a term of several tokens asked of a counts file; `advice` says what
/// to do instead (`track it on the corpus itself, or track its parts`).
pub fn require_single_tokens(tracked: &[Tracked], label: &str, advice: &str) -> Result<()> {
    match tracked.iter().find(|t| t.parts.len() > 1) {
        Some(t) => Err(Error::usage(format!(
            "{label} `{}`: jieba cuts it into {} tokens ({}), and a counts file keeps no token \
             order; {advice}",
            t.name,
            t.parts.len(),
            t.parts.join(" ")
        ))),
        None => Ok(()),
    }
}

/// Where the id sequence `ids` starts in a sentence's `tokens`: every start, overlapping
/// occurrences included. The one definition of an occurrence of a term (counted by `trend`,
/// `dispersion`, `issues --track`; listed by `kwic`).
pub fn matches<'a>(tokens: &'a [u32], ids: &'a [u32]) -> impl Iterator<Item = usize> + 'a {
    tokens
        .windows(ids.len())
        .enumerate()
        .filter(move |(_, w)| *w == ids)
        .map(|(i, _)| i)
}

/// Occurrences of the id sequence `ids` in the sentences of one issue: `sentences` gives
/// each sentence's tokens.
fn occurrences<'a>(sentences: impl Iterator<Item = &'a [u32]>, ids: &[u32]) -> u64 {
    sentences
        .map(|tokens| matches(tokens, ids).count() as u64)
        .sum()
}

/// The tracked terms' parts as term ids (of a vocabulary, or provisional ids of a streaming
/// pass); `None` for a term that cannot occur among counted tokens.
#[derive(Debug, Clone)]
pub struct TermIds(Vec<Option<Vec<u32>>>);

impl TermIds {
    /// `id` gives a part's id, `None` when the part is not in the vocabulary.
    pub fn new(tracked: &[Tracked], id: impl Fn(&str) -> Option<u32>) -> Self {
        TermIds(
            tracked
                .iter()
                .map(|t| {
                    t.counted
                        .then(|| t.parts.iter().map(|p| id(p)).collect())
                        .flatten()
                })
                .collect(),
        )
    }

    /// Each term's parts as the local ids of an issue of a streaming pass (ids provisional);
    /// `None` for a term that cannot occur in it.
    pub fn local(&self, s: &Segmented) -> Vec<Option<Vec<u32>>> {
        self.0
            .iter()
            .map(|ids| {
                ids.as_ref()?
                    .iter()
                    .map(|g| s.terms.iter().position(|t| t == g).map(|l| l as u32))
                    .collect()
            })
            .collect()
    }

    /// Occurrences of each term in an issue of a streaming pass (ids provisional).
    pub fn in_segmented(&self, s: &Segmented) -> Vec<u64> {
        self.local(s)
            .into_iter()
            .map(|local| {
                local.map_or(0, |local| {
                    occurrences(s.sentences.iter().map(|x| s.sentence_tokens(x)), &local)
                })
            })
            .collect()
    }

    /// Occurrences of each one-token term in an issue's counts, (id, count) sorted by id;
    /// terms of several tokens (see `require_single_tokens`) count 0.
    pub fn in_counts(&self, counts: &[(u32, u64)]) -> Vec<u64> {
        self.0
            .iter()
            .map(|ids| match ids.as_deref() {
                Some(&[id]) => counts
                    .binary_search_by_key(&id, |x| x.0)
                    .map_or(0, |i| counts[i].1),
                _ => 0,
            })
            .collect()
    }
}

/// `TermIds` of a vocabulary.
pub fn vocab_ids(tracked: &[Tracked], vocab: &Vocab) -> TermIds {
    TermIds::new(tracked, |p| vocab.id(p))
}
