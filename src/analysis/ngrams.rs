//! `ngrams -n 2..4`: phrase n-grams (核酸检测 = 核酸 检测) with association measures (SPEC §4–5).
//!
//! An n-gram is n adjacent counted tokens inside one sentence: punctuation, symbols and
//! stopwords break the chain (a removed stopword keeps its position), and nothing crosses a
//! sentence end. For each n separately, N is the number of n-gram positions (the sum of all
//! n-gram counts).
//!
//! Measures. A bigram x y: O11 = f(xy); f(x) = occurrences of x as first member and f(y) of y
//! as second member, over the N bigram positions; E11 = f(x)·f(y)/N; pmi = log2(O11/E11),
//! npmi = pmi / −log2(O11/N), t_score = (O11−E11)/√O11, log_dice = 14 + log2(2·O11/(f(x)+f(y))),
//! g2 = 2·Σ O·ln(O/E) over the 2×2 table (formulas in `stats::association`).
//! For n > 2 every binary split l | r of the n-gram is a bigram of two parts: over the N
//! n-gram positions, f(l) counts the n-grams that begin with l and f(r) those that end with r.
//! The reported measures are all those of the weakest split, the one with minimum PMI (the
//! first split on a tie), so that a trigram scores no better than its loosest joint.

use std::sync::{Mutex, PoisonError};

use polars::prelude::*;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::stats::{Association, association};
use crate::table::{col, frame};
use crate::tokenize::{Fold, Interner, Segmented, Segmenter, Tokenized, Vocab, scan_folded};

/// Longest n-gram supported. Keys are fixed-size arrays (fast to hash), padded with `PAD`.
pub const MAX_N: usize = 6;
const PAD: u32 = u32::MAX;
type Key = [u32; MAX_N];

/// Which statistic orders the table (`--sort`); ties by ngram, then tokens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum NgramSort {
    #[default]
    Count,
    Pmi,
    Npmi,
    TScore,
    LogDice,
    G2,
}

#[derive(Debug, Clone)]
pub struct NgramOptions {
    /// The sizes n, each 2..=MAX_N.
    pub sizes: Vec<usize>,
    pub min_count: u64,
    /// Keep the first N rows of each n.
    pub top: Option<usize>,
    pub sort: NgramSort,
}

impl Default for NgramOptions {
    fn default() -> Self {
        NgramOptions {
            sizes: vec![2],
            min_count: 2,
            top: None,
            sort: NgramSort::Count,
        }
    }
}

/// Parse `-n`: `2`, `2..4` or `2-4` (both inclusive), or `2,3`.
pub fn parse_sizes(spec: &str) -> Result<Vec<usize>> {
    let bad = || {
        Error::usage(format!(
            "-n `{spec}`: give n as 2, a range 2..4 (inclusive), or a list 2,3; each n from 2 to {MAX_N}"
        ))
    };
    let num = |s: &str| s.trim().parse::<usize>().map_err(|_| bad());
    let mut sizes = if let Some((a, b)) = spec.split_once("..") {
        let b = b.trim_start_matches('=');
        (num(a)?..=num(b)?).collect::<Vec<_>>()
    } else if let Some((a, b)) = spec.split_once('-') {
        (num(a)?..=num(b)?).collect()
    } else {
        spec.split(',').map(num).collect::<Result<Vec<_>>>()?
    };
    sizes.sort_unstable();
    sizes.dedup();
    if sizes.is_empty() || sizes.iter().any(|&n| !(2..=MAX_N).contains(&n)) {
        return Err(bad());
    }
    Ok(sizes)
}

fn key(ids: &[u32]) -> Key {
    let mut k = [PAD; MAX_N];
    k[..ids.len()].copy_from_slice(ids);
    k
}

/// n-gram → (count, issues containing it), for one n. Keys hold term ids of the caller's
/// numbering (final ids for a tokenized corpus, provisional ids in a streaming pass).
type Counts = FxHashMap<Key, (u64, u64)>;

/// One issue's n-grams of size n: every window of n tokens inside a run of adjacent counted
/// tokens of a sentence. `sentences` gives each sentence's tokens, `counted` says which
/// tokens count, `id` names a token by the key's numbering.
fn doc_ngrams<'a>(
    sentences: impl Iterator<Item = &'a [u32]>,
    n: usize,
    counted: impl Fn(u32) -> bool,
    id: impl Fn(u32) -> u32,
) -> FxHashMap<Key, u64> {
    let mut m: FxHashMap<Key, u64> = FxHashMap::default();
    for tokens in sentences {
        // Runs of adjacent counted tokens; an n-gram lies inside one run.
        for run in tokens.split(|&t| !counted(t)) {
            for w in run.windows(n) {
                let mut k = [PAD; MAX_N];
                for (slot, &t) in k.iter_mut().zip(w) {
                    *slot = id(t);
                }
                *m.entry(k).or_insert(0) += 1;
            }
        }
    }
    m
}

/// Fold one issue's n-gram counts into the corpus's: counts add, each issue adds 1 to the
/// doc_freq of every n-gram it contains.
fn add_doc(all: &mut Counts, doc: FxHashMap<Key, u64>) {
    for (k, c) in doc {
        let e = all.entry(k).or_insert((0, 0));
        e.0 += c;
        e.1 += 1;
    }
}

/// Add one worker's counts to another's.
fn merge(all: &mut Counts, part: Counts) {
    if all.is_empty() {
        *all = part;
        return;
    }
    for (k, (c, d)) in part {
        let e = all.entry(k).or_insert((0, 0));
        e.0 += c;
        e.1 += d;
    }
}

/// Each issue's n-grams folded into its worker's counts as it is counted (no map per issue
/// is kept), the workers' counts then added: integer sums, the same in any order.
fn count_ngrams(t: &Tokenized, n: usize) -> Counts {
    t.docs
        .par_iter()
        .fold(Counts::default, |mut all, d| {
            let doc = doc_ngrams(
                d.sentences.iter().map(|s| d.sentence_tokens(s)),
                n,
                |id| t.vocab.is_counted(id),
                |id| id,
            );
            add_doc(&mut all, doc);
            all
        })
        .reduce(Counts::default, |mut all, part| {
            merge(&mut all, part);
            all
        })
}

/// One row of the n-gram table.
#[derive(Debug, Clone, PartialEq)]
pub struct NgramRow {
    pub n: usize,
    /// The tokens joined (核酸检测) and separated by a space (核酸 检测).
    pub ngram: String,
    pub tokens: String,
    pub count: u64,
    pub doc_freq: u64,
    pub assoc: Association,
}

impl NgramRow {
    fn stat(&self, sort: NgramSort) -> f64 {
        match sort {
            NgramSort::Count => self.count as f64,
            NgramSort::Pmi => self.assoc.pmi,
            NgramSort::Npmi => self.assoc.npmi.unwrap_or(f64::NEG_INFINITY),
            NgramSort::TScore => self.assoc.t_score,
            NgramSort::LogDice => self.assoc.log_dice,
            NgramSort::G2 => self.assoc.g2,
        }
    }
}

/// Statistic descending, then ngram, tokens and n ascending: a total, deterministic order.
fn sort_rows(rows: &mut [NgramRow], sort: NgramSort) {
    rows.sort_by(|a, b| {
        b.stat(sort)
            .total_cmp(&a.stat(sort))
            .then_with(|| a.ngram.cmp(&b.ngram))
            .then_with(|| a.tokens.cmp(&b.tokens))
            .then_with(|| a.n.cmp(&b.n))
    });
}

/// The measures of one n-gram from the marginals of its splits: the minimum-PMI split.
fn weakest_split(
    ids: &[u32],
    count: u64,
    n_pos: u64,
    left: &[FxHashMap<Key, u64>],
    right: &[FxHashMap<Key, u64>],
) -> Association {
    let mut best: Option<Association> = None;
    for k in 1..ids.len() {
        let f_l = left[k].get(&key(&ids[..k])).copied().unwrap_or(0);
        let f_r = right[k].get(&key(&ids[k..])).copied().unwrap_or(0);
        let a = association(count, f_l, f_r, n_pos);
        if best.is_none_or(|b| a.pmi < b.pmi) {
            best = Some(a);
        }
    }
    best.unwrap_or_else(|| association(count, count, count, n_pos))
}

/// The rows for one n, sorted as the options say, min-count and top applied.
pub fn ngram_rows(t: &Tokenized, n: usize, opts: &NgramOptions) -> Vec<NgramRow> {
    rows_of(&count_ngrams(t, n), n, opts, |id| t.vocab.term(id))
}

/// `ngram_rows` from the counts of one n, whose ids `term` names.
fn rows_of<'a>(
    counts: &Counts,
    n: usize,
    opts: &NgramOptions,
    term: impl Fn(u32) -> &'a str,
) -> Vec<NgramRow> {
    let n_pos: u64 = counts.values().map(|v| v.0).sum();
    // left[k]: n-grams beginning with a given k-token prefix; right[k]: ending with the
    // (n−k)-token suffix.
    let mut left: Vec<FxHashMap<Key, u64>> = vec![FxHashMap::default(); n];
    let mut right: Vec<FxHashMap<Key, u64>> = vec![FxHashMap::default(); n];
    for (k, &(c, _)) in counts {
        for split in 1..n {
            *left[split].entry(key(&k[..split])).or_insert(0) += c;
            *right[split].entry(key(&k[split..n])).or_insert(0) += c;
        }
    }
    let mut rows: Vec<NgramRow> = counts
        .iter()
        .filter(|(_, (c, _))| *c >= opts.min_count)
        .map(|(k, &(c, df))| {
            let parts: Vec<&str> = k[..n].iter().map(|&id| term(id)).collect();
            NgramRow {
                n,
                ngram: parts.concat(),
                tokens: parts.join(" "),
                count: c,
                doc_freq: df,
                assoc: weakest_split(&k[..n], c, n_pos, &left, &right),
            }
        })
        .collect();
    sort_rows(&mut rows, opts.sort);
    rows.truncate(opts.top.unwrap_or(usize::MAX));
    rows
}

/// `ngram, tokens, n, count, doc_freq, pmi, npmi, t_score, log_dice, g2`. With several sizes,
/// each n is ranked and cut (`--top`) on its own; the tables are then merged in the same order.
pub fn ngrams(t: &Tokenized, opts: &NgramOptions) -> Result<DataFrame> {
    let mut rows: Vec<NgramRow> = Vec::new();
    for &n in &opts.sizes {
        rows.extend(ngram_rows(t, n, opts));
    }
    table(rows, opts.sort)
}

/// `ngrams` in one streaming pass over the corpus: each issue's n-grams are counted on the
/// worker that segmented it and folded into that worker's own counts (an issue's map is larger
/// than its text, so none is kept past its issue); the workers' counts are added at the end.
/// No token sequence is kept, so memory grows with the number of distinct n-grams, not with
/// the corpus. The same rows as `ngrams` on the tokenized corpus: the counts are the same
/// integers (sums, in whatever order), only the ids differ (provisional here), and rows are
/// ordered by their text.
pub fn ngrams_scan(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &NgramOptions,
) -> Result<DataFrame> {
    let interner = Interner::default();
    let counter = NgramCounter::new(&opts.sizes);
    scan_folded(
        corpus,
        seg,
        &interner,
        progress,
        |_, s| counter.issue(&s),
        |_, issue| counter.add_issue(issue),
        |_, ()| Ok(()),
    )?;
    let (vocab, remap) = interner.finish(seg);
    counter.table(&vocab, &remap, opts)
}

/// The n-gram counts of a streaming pass (`ngrams_scan`, the report): each issue's n-grams
/// are counted on the worker that segmented it and folded into that worker's own shard (no
/// lock is contended, no map per issue is kept); the shards are added at the end.
/// One issue's n-gram counts per size (provisional ids). An n-gram never crosses a sentence,
/// so the counts of an issue's pieces add up to the issue's; its doc_freq is added once the
/// issue is whole (`NgramCounter::add_issue`).
pub struct IssueNgrams(Vec<FxHashMap<Key, u64>>);

impl Fold for IssueNgrams {
    fn fold(&mut self, next: Self) {
        for (a, b) in self.0.iter_mut().zip(next.0) {
            for (k, c) in b {
                *a.entry(k).or_insert(0) += c;
            }
        }
    }
}

pub struct NgramCounter {
    sizes: Vec<usize>,
    shards: Vec<Mutex<Vec<Counts>>>,
}

impl NgramCounter {
    pub fn new(sizes: &[usize]) -> Self {
        NgramCounter {
            sizes: sizes.to_vec(),
            shards: (0..rayon::current_num_threads().max(1))
                .map(|_| Mutex::new(vec![Counts::default(); sizes.len()]))
                .collect(),
        }
    }

    /// Count one segmented issue (provisional ids), on the worker that segmented it.
    pub fn add(&self, s: &Segmented) {
        self.add_issue(self.issue(s));
    }

    /// One issue's (or piece's) n-gram counts, per size.
    pub fn issue(&self, s: &Segmented) -> IssueNgrams {
        IssueNgrams(
            self.sizes
                .iter()
                .map(|&n| {
                    doc_ngrams(
                        s.sentences.iter().map(|x| s.sentence_tokens(x)),
                        n,
                        |l| s.counted[l as usize],
                        |l| s.terms[l as usize],
                    )
                })
                .collect(),
        )
    }

    /// Fold one issue's counts into the worker's shard (each n-gram it holds adds 1 to its
    /// doc_freq).
    pub fn add_issue(&self, issue: IssueNgrams) {
        let shard = rayon::current_thread_index().unwrap_or(0) % self.shards.len();
        let mut counts = self.shards[shard]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for (all, m) in counts.iter_mut().zip(issue.0) {
            add_doc(all, m);
        }
    }

    /// The table, with the provisional ids turned into terms of `vocab` by `remap`.
    pub fn table(self, vocab: &Vocab, remap: &[u32], opts: &NgramOptions) -> Result<DataFrame> {
        let mut all: Vec<Counts> = vec![Counts::default(); self.sizes.len()];
        for shard in self.shards {
            let counts = shard.into_inner().unwrap_or_else(PoisonError::into_inner);
            for (a, part) in all.iter_mut().zip(counts) {
                merge(a, part);
            }
        }
        let mut rows: Vec<NgramRow> = Vec::new();
        for (&n, counts) in self.sizes.iter().zip(&all) {
            rows.extend(rows_of(counts, n, opts, |id| {
                vocab.term(remap[id as usize])
            }));
        }
        table(rows, opts.sort)
    }
}

/// The rows of every n as one table, in one order.
fn table(mut rows: Vec<NgramRow>, sort: NgramSort) -> Result<DataFrame> {
    sort_rows(&mut rows, sort);
    let f = |g: fn(&NgramRow) -> f64| rows.iter().map(g).collect::<Vec<f64>>();
    frame(vec![
        Column::new(
            col::NGRAM.into(),
            rows.iter().map(|r| r.ngram.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            col::TOKENS.into(),
            rows.iter().map(|r| r.tokens.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            col::N.into(),
            rows.iter().map(|r| r.n as u32).collect::<Vec<_>>(),
        ),
        Column::new(
            col::COUNT.into(),
            rows.iter().map(|r| r.count).collect::<Vec<_>>(),
        ),
        Column::new(
            col::DOC_FREQ.into(),
            rows.iter().map(|r| r.doc_freq).collect::<Vec<_>>(),
        ),
        Column::new(col::PMI.into(), f(|r| r.assoc.pmi)),
        Column::new(
            col::NPMI.into(),
            rows.iter().map(|r| r.assoc.npmi).collect::<Vec<_>>(),
        ),
        Column::new(col::T_SCORE.into(), f(|r| r.assoc.t_score)),
        Column::new(col::LOG_DICE.into(), f(|r| r.assoc.log_dice)),
        Column::new(col::G2.into(), f(|r| r.assoc.g2)),
    ])
}
