//! The canonical vocabulary of a pass: terms, kinds, stopword flags, ids in term order.

use rayon::prelude::*;

use super::{Kind, classify};

/// The canonical vocabulary: every distinct token, ids in code-point order of the terms, so
/// that ordering ids orders terms and every id-based table is deterministic.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    terms: Vec<Box<str>>,
    kinds: Vec<Kind>,
    counted: Vec<bool>,
    stop: Vec<bool>,
}

impl Vocab {
    /// Build from distinct terms (in any order); returns the vocabulary and, for each input
    /// position, the term's id.
    pub fn from_terms(
        terms: Vec<Box<str>>,
        is_stopword: impl Fn(&str) -> bool,
    ) -> (Vocab, Vec<u32>) {
        let mut order: Vec<u32> = (0..terms.len() as u32).collect();
        order.par_sort_unstable_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
        let mut remap = vec![0u32; terms.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        let mut slots: Vec<Option<Box<str>>> = terms.into_iter().map(Some).collect();
        let sorted: Vec<Box<str>> = order
            .iter()
            .map(|&old| slots[old as usize].take().unwrap_or_default())
            .collect();
        let kinds: Vec<Kind> = sorted.par_iter().map(|t| classify(t)).collect();
        let stop: Vec<bool> = sorted.iter().map(|t| is_stopword(t)).collect();
        let counted = kinds
            .iter()
            .zip(&stop)
            .map(|(k, &s)| k.is_counted() && !s)
            .collect();
        (
            Vocab {
                terms: sorted,
                kinds,
                counted,
                stop,
            },
            remap,
        )
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    pub fn kind(&self, id: u32) -> Kind {
        self.kinds[id as usize]
    }

    /// Counted by the analyses: a word, latin or number token that is not a stopword.
    pub fn is_counted(&self, id: u32) -> bool {
        self.counted[id as usize]
    }

    pub fn is_stopword(&self, id: u32) -> bool {
        self.stop[id as usize]
    }

    /// The id of a term (binary search: ids are in term order).
    pub fn id(&self, term: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| t.as_ref().cmp(term))
            .ok()
            .map(|i| i as u32)
    }
}
