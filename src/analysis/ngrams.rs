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

use std::sync::Mutex;

use polars::prelude::*;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::runs::{self, Run, SortKey, Tally};
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

/// An n-gram's term ids packed into one sortable value, the first id most significant (so
/// that keys sort as their id sequences): the smallest key that holds the largest n asked
/// for is used (a `u64` for bigrams, a `u128` up to 4-grams, an array up to `MAX_N`), because
/// a smaller key sorts in fewer passes and makes smaller runs, and the runs of distinct
/// n-grams are most of what `ngrams` costs on text whose vocabulary grows. Every counter
/// holds n-grams (or parts) of one length, so padding never confuses two keys.
pub trait Gram: SortKey + std::hash::Hash {
    /// How many ids the key holds.
    const CAP: usize;
    fn pack(ids: &[u32]) -> Self;
    fn id(&self, i: usize) -> u32;
}

/// Ids packed 32 bits each, the first in the highest bits.
macro_rules! packed_gram {
    ($t:ty, $cap:expr) => {
        impl Gram for $t {
            const CAP: usize = $cap;
            #[inline]
            fn pack(ids: &[u32]) -> Self {
                ids.iter()
                    .enumerate()
                    .fold(0, |k, (i, &t)| k | (<$t>::from(t) << (32 * ($cap - 1 - i))))
            }
            #[inline]
            fn id(&self, i: usize) -> u32 {
                (self >> (32 * ($cap - 1 - i))) as u32
            }
        }
    };
}

packed_gram!(u64, 2);
packed_gram!(u128, 4);

/// The key of n-grams up to `MAX_N`.
type Wide = [u32; MAX_N];

impl SortKey for Wide {
    const WORDS: usize = MAX_N / 2;
    #[inline]
    fn word(&self, i: usize) -> u64 {
        let j = MAX_N - 2 - 2 * i;
        (u64::from(self[j]) << 32) | u64::from(self[j + 1])
    }
}

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

/// What is counted of an n-gram: its occurrences and the issues it occurs in (doc_freq).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    count: u64,
    issues: u64,
}

impl Tally for Seen {
    #[inline]
    fn add(&mut self, other: Self) {
        self.count += other.count;
        self.issues += other.issues;
    }
}

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
/// The rows are ordered by a key of the statistic's bits and the ngram's first 16 bytes
/// (zero-padded, which orders as the strings do), the strings compared only on a tie.
fn sort_rows(rows: &mut Vec<NgramRow>, sort: NgramSort) {
    let mut order: Vec<(u64, u128, u32)> = rows
        .par_iter()
        .enumerate()
        .map(|(i, r)| (descending(r.stat(sort)), prefix(&r.ngram), i as u32))
        .collect();
    order.par_sort_unstable_by(|x, y| {
        (x.0, x.1).cmp(&(y.0, y.1)).then_with(|| {
            let (a, b) = (&rows[x.2 as usize], &rows[y.2 as usize]);
            a.ngram
                .cmp(&b.ngram)
                .then_with(|| a.tokens.cmp(&b.tokens))
                .then_with(|| a.n.cmp(&b.n))
        })
    });
    let mut slots: Vec<Option<NgramRow>> = rows.drain(..).map(Some).collect();
    rows.extend(order.iter().filter_map(|o| slots[o.2 as usize].take()));
}

/// A key whose ascending order is `f64::total_cmp`'s descending order.
fn descending(x: f64) -> u64 {
    let bits = x.to_bits() as i64;
    // total_cmp's key: negative values' magnitude bits flipped; then i64 order as u64 order.
    let total = bits ^ ((((bits >> 63) as u64) >> 1) as i64);
    !((total as u64) ^ (1 << 63))
}

/// The first 16 bytes of `s`, big-endian, zero-padded.
fn prefix(s: &str) -> u128 {
    let mut b = [0u8; 16];
    let n = s.len().min(16);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u128::from_be_bytes(b)
}

/// How often the n-grams begin (or end) with each part of some length: the part's ids in
/// the key's numbering. A part of one id is looked up by index, a longer one in a map.
enum Marginal<K: Gram> {
    One(Vec<u64>),
    Many(FxHashMap<K, u64>),
}

impl<K: Gram> Marginal<K> {
    fn get(&self, ids: &[u32]) -> u64 {
        match self {
            Marginal::One(v) => v.get(ids[0] as usize).copied().unwrap_or(0),
            Marginal::Many(m) => m.get(&K::pack(ids)).copied().unwrap_or(0),
        }
    }
}

/// The part `ids[from..to]` of an n-gram's key, as a key of its own.
fn part_of<K: Gram>(k: &K, from: usize, to: usize) -> K {
    let mut ids = [0u32; MAX_N];
    for (j, slot) in ids[..to - from].iter_mut().enumerate() {
        *slot = k.id(from + j);
    }
    K::pack(&ids[..to - from])
}

/// `v[i] += c`, growing `v`.
fn bump(v: &mut Vec<u64>, i: u32, c: u64) {
    let i = i as usize;
    if i >= v.len() {
        v.resize(i + 1, 0);
    }
    v[i] += c;
}

/// What one scan of the counts gathers: the number of positions, how often each id begins
/// and ends an n-gram, and the n-grams the table keeps.
struct Scan<K> {
    n_pos: u64,
    first: Vec<u64>,
    last: Vec<u64>,
    kept: Vec<(K, u64, u64)>,
}

impl<K> Default for Scan<K> {
    fn default() -> Self {
        Scan {
            n_pos: 0,
            first: Vec::new(),
            last: Vec::new(),
            kept: Vec::new(),
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
    let counter = NgramCounter::new(&[n]);
    t.docs.par_iter().for_each(|d| {
        let sentences = || d.sentences.iter().map(|s| d.sentence_tokens(s));
        counter.add_issue(counter.issue_with(sentences, |id| t.vocab.is_counted(id), |id| id));
    });
    let mut rows = counter.rows(|id| t.vocab.term(id), opts);
    sort_rows(&mut rows, opts.sort);
    rows
}

/// The rows for one n from the counts' runs (ids that `term` names): the n-grams of at least
/// `min_count`, with their measures; ordered and cut to `top` only when `top` is given (the
/// table is ordered once, all n together). The counts are scanned once on all cores for the
/// number of positions, the marginals of single ids and the rows kept, and once more for the
/// marginals of parts of several ids, counted only for the parts the kept rows need.
fn rows_of<'a, K: Gram>(
    runs: &[Run<K, Seen>],
    n: usize,
    opts: &NgramOptions,
    term: impl Fn(u32) -> &'a str + Sync,
) -> Vec<NgramRow> {
    let scans = runs::for_each_merged(runs, Scan::default, |s: &mut Scan<K>, grams| {
        for (k, v) in grams {
            s.n_pos += v.count;
            bump(&mut s.first, k.id(0), v.count);
            bump(&mut s.last, k.id(n - 1), v.count);
            if v.count >= opts.min_count {
                s.kept.push((k, v.count, v.issues));
            }
        }
    });
    let mut all = Scan::<K>::default();
    for s in scans {
        all.n_pos += s.n_pos;
        for (i, c) in s.first.into_iter().enumerate() {
            bump(&mut all.first, i as u32, c);
        }
        for (i, c) in s.last.into_iter().enumerate() {
            bump(&mut all.last, i as u32, c);
        }
        all.kept.extend(s.kept);
    }
    let Scan {
        n_pos,
        first,
        last,
        kept,
    } = all;
    // The parts of several ids, left sides (0, k) for k = 2..n−1, then right sides (k, n) for
    // k = 1..n−2: an index of those the kept rows need, then one scan adding them up.
    let many: Vec<(usize, usize)> = (2..n)
        .map(|k| (0, k))
        .chain((1..n - 1).map(|k| (k, n)))
        .collect();
    let index: Vec<FxHashMap<K, usize>> = many
        .par_iter()
        .map(|&(from, to)| {
            let mut m = FxHashMap::default();
            for (k, _, _) in &kept {
                let len = m.len();
                m.entry(part_of(k, from, to)).or_insert(len);
            }
            m
        })
        .collect();
    let sums: Vec<Vec<Vec<u64>>> = if many.is_empty() {
        Vec::new()
    } else {
        let make = || {
            index
                .iter()
                .map(|m| vec![0u64; m.len()])
                .collect::<Vec<_>>()
        };
        runs::for_each_merged(runs, make, |sums: &mut Vec<Vec<u64>>, grams| {
            for (k, v) in grams {
                for ((&(from, to), m), sum) in many.iter().zip(&index).zip(sums.iter_mut()) {
                    if let Some(&i) = m.get(&part_of(&k, from, to)) {
                        sum[i] += v.count;
                    }
                }
            }
        })
    };
    let mut many_marginals = index.into_iter().enumerate().map(|(j, m)| {
        let total = |i: usize| sums.iter().map(|s| s[j][i]).sum::<u64>();
        Marginal::Many(m.into_iter().map(|(p, i)| (p, total(i))).collect())
    });
    // left[k−1]: n-grams by their first k ids; right[k−1]: by their last n−k ids.
    let left: Vec<Marginal<K>> = std::iter::once(Marginal::One(first))
        .chain(many_marginals.by_ref().take(n - 2))
        .collect();
    let right: Vec<Marginal<K>> = many_marginals
        .chain(std::iter::once(Marginal::One(last)))
        .collect();
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
    if let Some(top) = opts.top {
        sort_rows(&mut rows, opts.sort);
        rows.truncate(top);
    }
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
/// are counted on the worker that segmented it and pushed, with a doc_freq of 1, into that
/// worker's own sorted runs (`runs::Counter`; no lock is contended, no map of the corpus's
/// n-grams is kept); the runs are merged at the end.
pub struct NgramCounter(CounterKeys);

enum CounterKeys {
    Two(Counter<u64>),
    Four(Counter<u128>),
    Wide(Counter<Wide>),
}

/// Pairs of a worker's buffer before it is sorted into a run: 16 MB of keys and values.
const BUFFER_BYTES: usize = 16 << 20;

/// The corpus's counts, per size n: one run counter per worker.
struct Counter<K: Gram> {
    sizes: Vec<usize>,
    workers: Vec<Vec<Mutex<runs::Counter<K, Seen>>>>,
}

impl<K: Gram> Counter<K> {
    fn new(sizes: &[usize]) -> Self {
        let pair = std::mem::size_of::<K>() + std::mem::size_of::<Seen>();
        Counter {
            sizes: sizes.to_vec(),
            workers: sizes
                .iter()
                .map(|_| runs::shards(|| runs::Counter::new(BUFFER_BYTES / pair)))
                .collect(),
        }
    }

    fn issue<'a, S: Iterator<Item = &'a [u32]>>(
        &self,
        sentences: impl Fn() -> S,
        counted: impl Fn(u32) -> bool + Copy,
        id: impl Fn(u32) -> u32 + Copy,
    ) -> Vec<FxHashMap<K, u64>> {
        self.sizes
            .iter()
            .map(|&n| doc_ngrams(sentences(), n, counted, id))
            .collect()
    }

    /// Add one issue's n-grams to the calling worker's runs.
    fn add_issue(&self, issue: Vec<FxHashMap<K, u64>>) {
        for (workers, m) in self.workers.iter().zip(issue) {
            let mut runs = runs::shard(workers);
            for (k, count) in m {
                runs.push(k, Seen { count, issues: 1 });
            }
        }
    }

    fn rows<'a>(self, term: impl Fn(u32) -> &'a str + Sync, opts: &NgramOptions) -> Vec<NgramRow> {
        let mut rows: Vec<NgramRow> = Vec::new();
        for (&n, workers) in self.sizes.iter().zip(self.workers) {
            let workers: Vec<runs::Counter<K, Seen>> = runs::into_inner(workers).collect();
            let all: Vec<Run<K, Seen>> = workers
                .into_par_iter()
                .flat_map_iter(runs::Counter::finish)
                .collect();
            rows.extend(rows_of(&all, n, opts, &term));
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

    /// One issue's (or piece's) n-gram counts, per size (provisional ids).
    pub fn issue(&self, s: &Segmented) -> IssueNgrams {
        let sentences = || s.sentences.iter().map(|x| s.sentence_tokens(x));
        self.issue_with(
            sentences,
            |l| s.counted[l as usize],
            |l| s.terms[l as usize],
        )
    }

    /// One issue's n-gram counts from its sentences' tokens: `counted` says which tokens
    /// count, `id` gives a token's id.
    fn issue_with<'a, S: Iterator<Item = &'a [u32]>>(
        &self,
        sentences: impl Fn() -> S,
        counted: impl Fn(u32) -> bool + Copy,
        id: impl Fn(u32) -> u32 + Copy,
    ) -> IssueNgrams {
        IssueNgrams(match &self.0 {
            CounterKeys::Two(c) => IssueKeys::Two(c.issue(sentences, counted, id)),
            CounterKeys::Four(c) => IssueKeys::Four(c.issue(sentences, counted, id)),
            CounterKeys::Wide(c) => IssueKeys::Wide(c.issue(sentences, counted, id)),
        })
    }

    /// Add one issue's counts to the calling worker's runs (each n-gram it holds adds 1 to
    /// its doc_freq).
    pub fn add_issue(&self, issue: IssueNgrams) {
        match (&self.0, issue.0) {
            (CounterKeys::Two(c), IssueKeys::Two(i)) => c.add_issue(i),
            (CounterKeys::Four(c), IssueKeys::Four(i)) => c.add_issue(i),
            (CounterKeys::Wide(c), IssueKeys::Wide(i)) => c.add_issue(i),
            _ => unreachable!("an issue's n-grams added to another counter"),
        }
    }

    /// The rows of every size, unordered (ordered when `top` cuts each size), ids named by
    /// `term`.
    fn rows<'a>(self, term: impl Fn(u32) -> &'a str + Sync, opts: &NgramOptions) -> Vec<NgramRow> {
        match self.0 {
            CounterKeys::Two(c) => c.rows(term, opts),
            CounterKeys::Four(c) => c.rows(term, opts),
            CounterKeys::Wide(c) => c.rows(term, opts),
        }
    }

    /// The table, with the provisional ids turned into terms of `vocab` by `remap`.
    pub fn table(self, vocab: &Vocab, remap: &[u32], opts: &NgramOptions) -> Result<DataFrame> {
        let rows = self.rows(|id| vocab.term(remap[id as usize]), opts);
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
        }
        // Keys sort as their id sequences, the first id most significant.
        assert!(u64::pack(&[1, 0]) > u64::pack(&[0, u32::MAX]));
        assert!(u128::pack(&[1, 0, 0]) > u128::pack(&[0, 7, 9]));
        assert!(u128::pack(&[1, 2, 3]) < u128::pack(&[1, 2, 4]));
        let (a, b) = (Wide::pack(&[1, 0, 5]), Wide::pack(&[0, 9, 9]));
        assert!(a > b);
        let words = |k: &Wide| {
            (0..Wide::WORDS)
                .rev()
                .map(|w| k.word(w))
                .collect::<Vec<_>>()
        };
        assert!(words(&a) > words(&b), "words in the order of the key");
        assert_eq!(key_width(&[2]), 2);
        assert_eq!(key_width(&[2, 3]), 4);
        assert_eq!(key_width(&[4]), 4);
        assert_eq!(key_width(&[2, 5]), MAX_N);
    }

    /// The sort key orders as `total_cmp` descending and then as the strings, also past the
    /// 16 bytes of the prefix and for a string that is a prefix of another.
    #[test]
    fn rows_order_by_statistic_then_text() {
        let xs = [
            f64::NEG_INFINITY,
            -2.5,
            -0.0,
            0.0,
            1e-300,
            3.0,
            f64::INFINITY,
        ];
        for a in xs {
            for b in xs {
                assert_eq!(
                    descending(a).cmp(&descending(b)),
                    b.total_cmp(&a),
                    "{a} {b}"
                );
            }
        }
        let row = |ngram: &str, count: u64| NgramRow {
            n: 2,
            ngram: ngram.to_string(),
            tokens: ngram.to_string(),
            count,
            doc_freq: 1,
            assoc: association(count, count, count, 10),
        };
        // 新冠肺炎疫情防控 is 24 bytes: the first two share 18 bytes, past the prefix.
        let mut rows = vec![
            row("新冠肺炎疫情防控", 2),
            row("新冠肺炎疫情防", 2),
            row("新冠肺炎疫情", 2),
            row("新冠肺炎疫情防控工作", 2),
            row("a", 3),
            row("核酸", 2),
        ];
        sort_rows(&mut rows, NgramSort::Count);
        let got: Vec<&str> = rows.iter().map(|r| r.ngram.as_str()).collect();
        assert_eq!(
            got,
            [
                "a",
                "新冠肺炎疫情",
                "新冠肺炎疫情防",
                "新冠肺炎疫情防控",
                "新冠肺炎疫情防控工作",
                "核酸"
            ]
        );
    }

    /// The same n-grams counted with each key width, in one run or spread over several, give
    /// the same rows; the marginals are worked by hand for one of them.
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
            let mut split: Vec<Vec<(K, Seen)>> = (0..parts).map(|_| Vec::new()).collect();
            for (i, (ids, c, df)) in grams.iter().enumerate() {
                let seen = Seen {
                    count: *c,
                    issues: *df,
                };
                split[i % parts].push((K::pack(ids), seen));
            }
            let runs: Vec<Run<K, Seen>> = split.into_iter().map(Run::of).collect();
            let mut rows = rows_of(&runs, 3, opts, |id| terms[id as usize]);
            sort_rows(&mut rows, opts.sort);
            rows
        }
        let want = rows::<Wide>(&grams, 1, &opts, &terms);
        assert_eq!(rows::<u128>(&grams, 1, &opts, &terms), want);
        assert_eq!(rows::<u128>(&grams, 5, &opts, &terms), want);
        assert_eq!(rows::<Wide>(&grams, 3, &opts, &terms), want);
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
