//! One issue segmented: sentences, tokens as document-local ids, and the issue with
//! canonical ids once the pass is done.

use std::ops::Range;

use super::interner::CACHE;
use super::{Interner, Kind, Segmenter, Vocab};
use crate::corpus::convert::normalize_converted;
use crate::corpus::structure::articles;

/// A sentence of an issue; its tokens are `tokens[tokens]` of its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// 1-based article number within the issue.
    pub article: u32,
    /// 1-based sentence number within the article.
    pub index: u32,
    /// Where its text is in its document's `text`.
    pub span: Range<u32>,
    pub tokens: Range<u32>,
}

/// One issue, segmented, as the parallel pass leaves it: tokens are ids local to the
/// document, `terms` maps them to provisional global ids.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub titles: Vec<String>,
    pub sentences: Vec<Sentence>,
    /// Every non-space token, punctuation and stopwords included, as document-local ids.
    pub tokens: Vec<u32>,
    /// Local id → provisional global id.
    pub terms: Vec<u32>,
    /// Local id → counted (word, latin or number, and not a stopword).
    pub counted: Vec<bool>,
    /// Local id → the term's kind.
    pub kinds: Vec<Kind>,
    /// Local id → occurrences in the document (every local id occurs: at least 1).
    pub counts: Vec<u32>,
    /// Local id → where the term first occurs in `text`: (byte start, byte end).
    first: Vec<(u32, u32)>,
    /// The normalised (and with `--t2s` converted) sentences, one after another (each
    /// sentence's `span` says where): one buffer, not a string per sentence.
    pub text: String,
    /// Han characters after normalisation.
    pub han_chars: u64,
    pub encoding: &'static str,
    /// Articles left out (`--dedup`'s reprints): their titles stay in `titles`, so that an
    /// article's number is its place in the issue, but they have no sentences.
    pub dropped: u32,
}

impl Segmented {
    /// The articles read: every article of the issue but those left out.
    pub fn articles(&self) -> u64 {
        (self.titles.len() - self.dropped as usize) as u64
    }

    /// The text of a local term.
    pub fn term(&self, local: u32) -> &str {
        let (a, b) = self.first[local as usize];
        &self.text[a as usize..b as usize]
    }

    pub fn sentence_text(&self, s: &Sentence) -> &str {
        &self.text[s.span.start as usize..s.span.end as usize]
    }

    pub fn sentence_tokens(&self, s: &Sentence) -> &[u32] {
        &self.tokens[s.tokens.start as usize..s.tokens.end as usize]
    }

    /// Counts of the counted terms, as (local id, count), in local-id order.
    pub fn local_counts(&self) -> Vec<(u32, u64)> {
        self.counts
            .iter()
            .zip(&self.counted)
            .enumerate()
            .filter(|&(_, (_, &counted))| counted)
            .map(|(l, (&n, _))| (l as u32, u64::from(n)))
            .collect()
    }
}

/// Normalise (and convert with `--t2s`), structure and segment one issue's text.
pub fn segment_text(
    text: &str,
    encoding: &'static str,
    seg: &Segmenter,
    interner: &Interner,
) -> Segmented {
    segment_articles(text, encoding, seg, interner, &[])
}

/// `segment_text` leaving out the articles numbered in `skip` (sorted, 1-based: the
/// reprints `--dedup` drops, `Document::skip`).
pub fn segment_articles(
    text: &str,
    encoding: &'static str,
    seg: &Segmenter,
    interner: &Interner,
    skip: &[u32],
) -> Segmented {
    let mut titles = Vec::new();
    let mut sentences = Vec::new();
    let mut all = String::with_capacity(text.len());
    let mut dropped = 0;
    for article in articles(normalize_converted(text, seg.converter())) {
        let number = titles.len() as u32 + 1;
        if skip.binary_search(&number).is_ok() {
            titles.push(article.title);
            dropped += 1;
            continue;
        }
        for (i, s) in article.sentences().enumerate() {
            let start = all.len() as u32;
            all.push_str(s);
            sentences.push(Sentence {
                article: number,
                index: i as u32 + 1,
                span: start..all.len() as u32,
                tokens: 0..0,
            });
        }
        titles.push(article.title);
    }
    let mut tokens: Vec<u32> = Vec::with_capacity(text.len() / 4);
    // A page of newspaper text has about one distinct term per 16 bytes: room for most pages'
    // terms without growing.
    let distinct = text.len() / 16;
    let mut terms = Vec::with_capacity(distinct);
    let mut counted = Vec::with_capacity(distinct);
    let mut kinds = Vec::with_capacity(distinct);
    let mut first = Vec::with_capacity(distinct);
    let mut counts: Vec<u32> = Vec::with_capacity(distinct);
    let mut ranges = Vec::with_capacity(sentences.len());
    // Han characters are counted per distinct term, then per occurrence: the tokens cover the
    // sentence but for white space, which is never Han.
    let mut han_chars = 0;
    // Each sentence's tokens are looked up as it is cut, while they and its text are in the
    // cache. (Cutting a whole issue first and then looking up saved nothing: cachegrind counts
    // fewer misses this way, as jieba's walk had evicted the token list by the lookup.)
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let cache = &mut *cache;
        cache.reset_for(interner);
        let doc = cache.next_doc();
        let base = all.as_ptr() as usize;
        for s in &sentences {
            let start = tokens.len() as u32;
            for w in seg.cut(&all[s.span.start as usize..s.span.end as usize]) {
                let slot = cache.term(w, interner, seg);
                if slot.doc != doc {
                    slot.doc = doc;
                    slot.local = terms.len() as u32;
                    // `w` is a slice of `all`: its offset is the pointer difference.
                    let a = (w.as_ptr() as usize - base) as u32;
                    first.push((a, a + w.len() as u32));
                    terms.push(slot.id);
                    counted.push(slot.counted);
                    kinds.push(slot.kind);
                    counts.push(0);
                }
                han_chars += u64::from(slot.han);
                counts[slot.local as usize] += 1;
                tokens.push(slot.local);
            }
            ranges.push(start..tokens.len() as u32);
        }
    });
    for (s, r) in sentences.iter_mut().zip(ranges) {
        s.tokens = r;
    }
    Segmented {
        titles,
        sentences,
        tokens,
        terms,
        counted,
        kinds,
        counts,
        first,
        text: all,
        han_chars,
        encoding,
        dropped,
    }
}

/// One issue, segmented, with canonical term ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocTokens {
    pub titles: Vec<String>,
    pub sentences: Vec<Sentence>,
    /// The normalised sentences, one after another (see `Segmented::text`).
    pub text: String,
    /// Every non-space token, punctuation and stopwords included, as global term ids.
    pub tokens: Vec<u32>,
    /// Han characters after normalisation.
    pub han_chars: u64,
    pub encoding: &'static str,
    /// Articles left out (see `Segmented::dropped`).
    pub dropped: u32,
}

impl DocTokens {
    /// The articles read: every article of the issue but those left out.
    pub fn articles(&self) -> u64 {
        (self.titles.len() - self.dropped as usize) as u64
    }

    pub fn sentence_tokens(&self, s: &Sentence) -> &[u32] {
        &self.tokens[s.tokens.start as usize..s.tokens.end as usize]
    }

    pub fn sentence_text(&self, s: &Sentence) -> &str {
        &self.text[s.span.start as usize..s.span.end as usize]
    }
}

/// The segmented corpus, aligned with `Corpus::docs`: the compact form of the token table.
#[derive(Debug, Clone, Default)]
pub struct Tokenized {
    pub vocab: Vocab,
    pub docs: Vec<DocTokens>,
}
