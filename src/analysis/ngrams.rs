//! `ngrams -n 2..4`: phrase n-grams (核酸检测 = 核酸 检测) with association measures (docs/counting.md, docs/statistics.md).
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

use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::pass::{Fold, Pass};
use crate::stats::{Association, association};
use crate::table::frame;
use crate::tokenize::{Interner, Segmented, Segmenter, Tokenized, Vocab};

/// Longest n-gram supported.
pub const MAX_N: usize = 6;
const PAD: u32 = u32::MAX;

/// An n-gram's term ids packed into one hashable value: the smallest key that holds the
/// largest n asked for is used (a `u64` for bigrams, a `u128` up to 4-grams, an array up to
/// `MAX_N`), because a smaller key hashes in fewer steps and makes a smaller map, and the
/// maps of distinct n-grams are most of what `ngrams` costs on text whose vocabulary grows.
/// Every map holds n-grams (or parts) of one length, so zero padding never confuses two keys.
pub trait Gram: Copy + Eq + std::hash::Hash + Send + Sync + 'static {
    /// How many ids the key holds.
    const CAP: usize;
    fn pack(ids: &[u32]) -> Self;
    fn id(&self, i: usize) -> u32;

    /// The partition of the corpus's counts the key belongs to (`PARTS`): a hash of its ids
    /// other than the maps' own, whose top bits a map uses to tell its slots apart.
    #[inline]
    fn part(&self) -> usize {
        let mut h: u64 = 0x2545_F491_4F6C_DD1D;
        for i in 0..Self::CAP {
            h = (h ^ u64::from(self.id(i))).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
        (h >> 40) as usize % PARTS
    }
}

/// Ids packed 32 bits each, from the low bits up.
macro_rules! packed_gram {
    ($t:ty, $cap:expr) => {
        impl Gram for $t {
            const CAP: usize = $cap;
            #[inline]
            fn pack(ids: &[u32]) -> Self {
                ids.iter()
                    .enumerate()
                    .fold(0, |k, (i, &t)| k | (<$t>::from(t) << (32 * i)))
            }
            #[inline]
            fn id(&self, i: usize) -> u32 {
                (self >> (32 * i)) as u32
            }
        }
    };
}

packed_gram!(u64, 2);
packed_gram!(u128, 4);

/// The key of n-grams up to `MAX_N`.
type Wide = [u32; MAX_N];

impl Gram for Wide {
    const CAP: usize = MAX_N;
    #[inline]
    fn pack(ids: &[u32]) -> Self {
        let mut k = [PAD; MAX_N];
        k[..ids.len()].copy_from_slice(ids);
        k
    }
    #[inline]
    fn id(&self, i: usize) -> u32 {
        self[i]
    }
}

/// The corpus's counts of one n are kept in this many maps by `Gram::part`, each behind its
/// own lock: the workers add their issues' n-grams without waiting for each other and
/// without a map per worker to merge at the end, and the table is made a map per core.
const PARTS: usize = 64;

/// How many ids a key must hold for `sizes`: 2, 4 or `MAX_N`.
fn key_width(sizes: &[usize]) -> usize {
    match sizes.iter().max().copied().unwrap_or(2) {
        0..=2 => 2,
        3..=4 => 4,
        _ => MAX_N,
    }
}

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

/// n-gram → (count, issues containing it), for one n. Keys hold term ids of the caller's
/// numbering (final ids for a tokenized corpus, provisional ids in a streaming pass).
type Counts<K> = FxHashMap<K, (u64, u64)>;

/// One issue's n-grams of size n: every window of n tokens inside a run of adjacent counted
/// tokens of a sentence. `sentences` gives each sentence's tokens, `counted` says which
/// tokens count, `id` names a token by the key's numbering.
fn doc_ngrams<'a, K: Gram>(
    sentences: impl Iterator<Item = &'a [u32]>,
    n: usize,
    counted: impl Fn(u32) -> bool,
    id: impl Fn(u32) -> u32,
) -> FxHashMap<K, u64> {
    let mut m: FxHashMap<K, u64> = FxHashMap::default();
    let mut ids = [0u32; MAX_N];
    for tokens in sentences {
        // Runs of adjacent counted tokens; an n-gram lies inside one run.
        for run in tokens.split(|&t| !counted(t)) {
            for w in run.windows(n) {
                for (slot, &t) in ids.iter_mut().zip(w) {
                    *slot = id(t);
                }
                *m.entry(K::pack(&ids[..n])).or_insert(0) += 1;
            }
        }
    }
    m
}

/// Fold one issue's n-gram counts into the corpus's: counts add, each issue adds 1 to the
/// doc_freq of every n-gram it contains.
fn add_doc<K: Gram>(all: &mut Counts<K>, doc: FxHashMap<K, u64>) {
    all.reserve(doc.len() / 2);
    for (k, c) in doc {
        let e = all.entry(k).or_insert((0, 0));
        e.0 += c;
        e.1 += 1;
    }
}

/// Add one worker's counts to another's.
fn merge<K: Gram>(all: &mut Counts<K>, part: Counts<K>) {
    if all.len() < part.len() {
        let small = std::mem::replace(all, part);
        return merge(all, small);
    }
    for (k, (c, d)) in part {
        let e = all.entry(k).or_insert((0, 0));
        e.0 += c;
        e.1 += d;
    }
}

/// Each issue's n-grams folded into its worker's counts as it is counted (no map per issue
/// is kept), the workers' counts then added: integer sums, the same in any order.
fn count_ngrams<K: Gram>(t: &Tokenized, n: usize) -> Counts<K> {
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
    rows.par_sort_by(|a, b| {
        b.stat(sort)
            .total_cmp(&a.stat(sort))
            .then_with(|| a.ngram.cmp(&b.ngram))
            .then_with(|| a.tokens.cmp(&b.tokens))
            .then_with(|| a.n.cmp(&b.n))
    });
}

/// How often the n-grams begin (or end) with each part of some length: the part's ids in
/// the key's numbering. A part of one id is looked up by index, a longer one in a map.
enum Marginal<K: Gram> {
    One(Vec<u64>),
    Many(FxHashMap<K, u64>),
}

impl<K: Gram> Marginal<K> {
    /// The marginal of the parts `ids[from..to]` of the n-grams counted in `counts` (the
    /// partitions of one n). A part of several ids is counted only where `kept` (the n-grams
    /// of the table) needs it: far fewer than all.
    fn of(counts: &[Counts<K>], kept: &[(K, u64, u64)], from: usize, to: usize) -> Self {
        let width = to - from;
        let part = |k: &K| {
            let mut ids = [0u32; MAX_N];
            for (j, slot) in ids[..width].iter_mut().enumerate() {
                *slot = k.id(from + j);
            }
            K::pack(&ids[..width])
        };
        if width == 1 {
            let mut v: Vec<u64> = Vec::new();
            for (k, &(c, _)) in counts.iter().flatten() {
                let i = k.id(from) as usize;
                if i >= v.len() {
                    v.resize(i + 1, 0);
                }
                v[i] += c;
            }
            return Marginal::One(v);
        }
        let mut m: FxHashMap<K, u64> = kept.iter().map(|(k, _, _)| (part(k), 0)).collect();
        for (k, &(c, _)) in counts.iter().flatten() {
            if let Some(e) = m.get_mut(&part(k)) {
                *e += c;
            }
        }
        Marginal::Many(m)
    }

    fn get(&self, ids: &[u32]) -> u64 {
        match self {
            Marginal::One(v) => v.get(ids[0] as usize).copied().unwrap_or(0),
            Marginal::Many(m) => m.get(&K::pack(ids)).copied().unwrap_or(0),
        }
    }
}

/// The measures of one n-gram from the marginals of its splits: the minimum-PMI split.
/// `left[k]` counts the n-grams by their first k ids, `right[k]` by their last n−k.
fn weakest_split<K: Gram>(
    ids: &[u32],
    count: u64,
    n_pos: u64,
    left: &[Marginal<K>],
    right: &[Marginal<K>],
) -> Association {
    let mut best: Option<Association> = None;
    for k in 1..ids.len() {
        let f_l = left[k - 1].get(&ids[..k]);
        let f_r = right[k - 1].get(&ids[k..]);
        let a = association(count, f_l, f_r, n_pos);
        if best.is_none_or(|b| a.pmi < b.pmi) {
            best = Some(a);
        }
    }
    best.unwrap_or_else(|| association(count, count, count, n_pos))
}

/// The rows for one n, sorted as the options say, min-count and top applied.
pub fn ngram_rows(t: &Tokenized, n: usize, opts: &NgramOptions) -> Vec<NgramRow> {
    let term = |id: u32| t.vocab.term(id);
    match key_width(&[n]) {
        2 => rows_of(&[count_ngrams::<u64>(t, n)], n, opts, term),
        4 => rows_of(&[count_ngrams::<u128>(t, n)], n, opts, term),
        _ => rows_of(&[count_ngrams::<Wide>(t, n)], n, opts, term),
    }
}

/// `ngram_rows` from the counts of one n (in any number of partitions, each n-gram in one),
/// whose ids `term` names. The marginals of the splits are made one per core, the rows on
/// all cores.
fn rows_of<'a, K: Gram>(
    counts: &[Counts<K>],
    n: usize,
    opts: &NgramOptions,
    term: impl Fn(u32) -> &'a str + Sync,
) -> Vec<NgramRow> {
    let n_pos: u64 = counts.iter().flat_map(|m| m.values()).map(|v| v.0).sum();
    let kept: Vec<(K, u64, u64)> = counts
        .par_iter()
        .flat_map_iter(|m| {
            m.iter()
                .filter(|(_, (c, _))| *c >= opts.min_count)
                .map(|(k, &(c, df))| (*k, c, df))
        })
        .collect();
    // left[k−1]: n-grams by their first k ids; right[k−1]: by their last n−k ids.
    let sides: Vec<(usize, usize)> = (1..n).flat_map(|k| [(0, k), (k, n)]).collect();
    let mut marginals: Vec<Marginal<K>> = sides
        .par_iter()
        .map(|&(from, to)| Marginal::of(counts, &kept, from, to))
        .collect();
    let mut left = Vec::with_capacity(n - 1);
    let mut right = Vec::with_capacity(n - 1);
    for (i, m) in marginals.drain(..).enumerate() {
        match i % 2 {
            0 => left.push(m),
            _ => right.push(m),
        }
    }
    let mut rows: Vec<NgramRow> = kept
        .par_iter()
        .map(|&(k, c, df)| {
            let mut ids = [0u32; MAX_N];
            for (i, slot) in ids[..n].iter_mut().enumerate() {
                *slot = k.id(i);
            }
            let parts: Vec<&str> = ids[..n].iter().map(|&id| term(id)).collect();
            NgramRow {
                n,
                ngram: parts.concat(),
                tokens: parts.join(" "),
                count: c,
                doc_freq: df,
                assoc: weakest_split(&ids[..n], c, n_pos, &left, &right),
            }
        })
        .collect();
    sort_rows(&mut rows, opts.sort);
    rows.truncate(opts.top.unwrap_or(usize::MAX));
    rows
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
    Pass::new(corpus, seg, &interner, progress).fold(
        |_, s| counter.issue(&s),
        |_, issue| counter.add_issue(issue),
        |_, ()| Ok(()),
    )?;
    let (vocab, remap) = interner.finish(seg);
    counter.table(&vocab, &remap, opts)
}

/// One issue's n-gram counts per size (provisional ids), in the key the counter chose. An
/// n-gram never crosses a sentence, so the counts of an issue's pieces add up to the issue's;
/// its doc_freq is added once the issue is whole (`NgramCounter::add_issue`).
pub struct IssueNgrams(IssueKeys);

enum IssueKeys {
    Two(Vec<FxHashMap<u64, u64>>),
    Four(Vec<FxHashMap<u128, u64>>),
    Wide(Vec<FxHashMap<Wide, u64>>),
}

fn fold_maps<K: Gram>(a: &mut [FxHashMap<K, u64>], b: Vec<FxHashMap<K, u64>>) {
    for (a, b) in a.iter_mut().zip(b) {
        for (k, c) in b {
            *a.entry(k).or_insert(0) += c;
        }
    }
}

impl Fold for IssueNgrams {
    fn fold(&mut self, next: Self) {
        match (&mut self.0, next.0) {
            (IssueKeys::Two(a), IssueKeys::Two(b)) => fold_maps(a, b),
            (IssueKeys::Four(a), IssueKeys::Four(b)) => fold_maps(a, b),
            (IssueKeys::Wide(a), IssueKeys::Wide(b)) => fold_maps(a, b),
            // One counter makes every issue's counts, all in its one kind of key.
            _ => unreachable!("n-gram counts of two counters folded"),
        }
    }
}

/// The n-gram counts of a streaming pass (`ngrams_scan`, the report): each issue's n-grams
/// are counted on the worker that segmented it and folded into that worker's own shard (no
/// lock is contended, no map per issue is kept); the shards are added at the end.
pub struct NgramCounter(CounterKeys);

enum CounterKeys {
    Two(Counter<u64>),
    Four(Counter<u128>),
    Wide(Counter<Wide>),
}

/// The corpus's counts, per size n, in `PARTS` partitions by `Gram::part`.
struct Counter<K: Gram> {
    sizes: Vec<usize>,
    parts: Vec<Vec<Mutex<Counts<K>>>>,
}

impl<K: Gram> Counter<K> {
    fn new(sizes: &[usize]) -> Self {
        Counter {
            sizes: sizes.to_vec(),
            parts: sizes
                .iter()
                .map(|_| (0..PARTS).map(|_| Mutex::default()).collect())
                .collect(),
        }
    }

    fn issue(&self, s: &Segmented) -> Vec<FxHashMap<K, u64>> {
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
            .collect()
    }

    /// Add one issue's n-grams, a partition at a time (one lock each).
    fn add_issue(&self, issue: Vec<FxHashMap<K, u64>>) {
        for (parts, m) in self.parts.iter().zip(issue) {
            let mut grams: Vec<(usize, K, u64)> =
                m.into_iter().map(|(k, c)| (k.part(), k, c)).collect();
            grams.sort_unstable_by_key(|g| g.0);
            for run in grams.chunk_by(|a, b| a.0 == b.0) {
                let mut all = parts[run[0].0]
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                for &(_, k, c) in run {
                    let e = all.entry(k).or_insert((0, 0));
                    e.0 += c;
                    e.1 += 1;
                }
            }
        }
    }

    fn rows(self, vocab: &Vocab, remap: &[u32], opts: &NgramOptions) -> Vec<NgramRow> {
        let mut rows: Vec<NgramRow> = Vec::new();
        for (&n, parts) in self.sizes.iter().zip(self.parts) {
            let counts: Vec<Counts<K>> = parts
                .into_iter()
                .map(|m| m.into_inner().unwrap_or_else(PoisonError::into_inner))
                .collect();
            rows.extend(rows_of(&counts, n, opts, |id| {
                vocab.term(remap[id as usize])
            }));
        }
        rows
    }
}

impl NgramCounter {
    pub fn new(sizes: &[usize]) -> Self {
        NgramCounter(match key_width(sizes) {
            2 => CounterKeys::Two(Counter::new(sizes)),
            4 => CounterKeys::Four(Counter::new(sizes)),
            _ => CounterKeys::Wide(Counter::new(sizes)),
        })
    }

    /// Count one segmented issue (provisional ids), on the worker that segmented it.
    pub fn add(&self, s: &Segmented) {
        self.add_issue(self.issue(s));
    }

    /// One issue's (or piece's) n-gram counts, per size.
    pub fn issue(&self, s: &Segmented) -> IssueNgrams {
        IssueNgrams(match &self.0 {
            CounterKeys::Two(c) => IssueKeys::Two(c.issue(s)),
            CounterKeys::Four(c) => IssueKeys::Four(c.issue(s)),
            CounterKeys::Wide(c) => IssueKeys::Wide(c.issue(s)),
        })
    }

    /// Fold one issue's counts into the worker's shard (each n-gram it holds adds 1 to its
    /// doc_freq).
    pub fn add_issue(&self, issue: IssueNgrams) {
        match (&self.0, issue.0) {
            (CounterKeys::Two(c), IssueKeys::Two(i)) => c.add_issue(i),
            (CounterKeys::Four(c), IssueKeys::Four(i)) => c.add_issue(i),
            (CounterKeys::Wide(c), IssueKeys::Wide(i)) => c.add_issue(i),
            _ => unreachable!("an issue's n-grams added to another counter"),
        }
    }

    /// The table, with the provisional ids turned into terms of `vocab` by `remap`.
    pub fn table(self, vocab: &Vocab, remap: &[u32], opts: &NgramOptions) -> Result<DataFrame> {
        let rows = match self.0 {
            CounterKeys::Two(c) => c.rows(vocab, remap, opts),
            CounterKeys::Four(c) => c.rows(vocab, remap, opts),
            CounterKeys::Wide(c) => c.rows(vocab, remap, opts),
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_width_gives_its_ids_back() {
        let ids = [0, 1, u32::MAX - 1, 7, 123_456, 42];
        assert_eq!(u64::pack(&ids[..2]).id(1), 1);
        assert_eq!(u64::pack(&ids[2..4]).id(0), u32::MAX - 1);
        for i in 0..4 {
            assert_eq!(u128::pack(&ids[..4]).id(i), ids[i]);
        }
        for (i, &id) in ids.iter().enumerate() {
            assert_eq!(Wide::pack(&ids).id(i), id);
            assert!(Wide::pack(&ids[..i + 1]).part() < PARTS);
        }
        assert_eq!(key_width(&[2]), 2);
        assert_eq!(key_width(&[2, 3]), 4);
        assert_eq!(key_width(&[4]), 4);
        assert_eq!(key_width(&[2, 5]), MAX_N);
    }

    /// The same n-grams counted with each key width, in one map or spread over partitions,
    /// give the same rows; the marginals are worked by hand for one of them.
    #[test]
    fn key_widths_and_partitions_give_the_same_rows() {
        // Trigrams over ids 0..5 with counts and doc freqs.
        let grams: Vec<([u32; 3], u64, u64)> = vec![
            ([0, 1, 2], 5, 2),
            ([0, 1, 3], 2, 1),
            ([1, 2, 3], 1, 1),
            ([4, 1, 2], 3, 3),
            ([0, 4, 4], 1, 1),
        ];
        let terms = ["核酸", "检测", "结果", "阴性", "全员"];
        let opts = NgramOptions {
            sizes: vec![3],
            min_count: 2,
            ..NgramOptions::default()
        };
        fn rows<K: Gram>(
            grams: &[([u32; 3], u64, u64)],
            parts: usize,
            opts: &NgramOptions,
            terms: &[&'static str],
        ) -> Vec<NgramRow> {
            let mut counts: Vec<Counts<K>> = (0..parts).map(|_| Counts::default()).collect();
            for (ids, c, df) in grams {
                let k = K::pack(ids);
                counts[k.part() % parts].insert(k, (*c, *df));
            }
            rows_of(&counts, 3, opts, |id| terms[id as usize])
        }
        let want = rows::<Wide>(&grams, 1, &opts, &terms);
        assert_eq!(rows::<u128>(&grams, 1, &opts, &terms), want);
        assert_eq!(rows::<u128>(&grams, PARTS, &opts, &terms), want);
        assert_eq!(rows::<Wide>(&grams, 7, &opts, &terms), want);
        // Rows with count ≥ 2, by count: 核酸检测结果 (5), 全员检测结果 (3), 核酸检测阴性 (2).
        let names: Vec<&str> = want.iter().map(|r| r.ngram.as_str()).collect();
        assert_eq!(names, ["核酸检测结果", "全员检测结果", "核酸检测阴性"]);
        // 核酸检测结果, N = 12 trigram positions. Split 核酸 | 检测结果: f(核酸 first) = 5+2+1 = 8,
        // f(检测结果 last) = 5+3 = 8 → PMI log2(5·12/(8·8)) = log2(60/64) < 0. Split
        // 核酸检测 | 结果: f(核酸检测 first) = 5+2 = 7, f(结果 last) = 5+3 = 8 → log2(60/56) > 0.
        // The weakest split is the first.
        let want_assoc = association(5, 8, 8, 12);
        assert_eq!(want[0].assoc, want_assoc);
        assert!((want_assoc.pmi - (60.0f64 / 64.0).log2()).abs() < 1e-12);
    }
}
