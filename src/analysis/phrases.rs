//! `phrases`: new-word and phrase discovery on characters (docs/discovery.md, docs/statistics.md), the method of
//! Matrix67 (2012, "互联网时代的社会语言学：基于SNS的文本数据挖掘"): a string of characters is a
//! word when its parts stick together (high mutual information) and it is free to appear in
//! many contexts (high branching entropy on both sides). It needs no segmenter, so it finds
//! what jieba's dictionary lacks (names, new terms: 白翻俊, 核酸检测).
//!
//! **Text.** Each issue is normalised and split into sentences exactly as every command does
//! (`corpus::normalize`, `corpus::structure`), without jieba. Inside a sentence, every
//! character that is not Han (digits, Latin letters, punctuation, symbols, spaces) is a
//! boundary: a candidate is a string of 2..=`max_len` Han characters inside one run of Han
//! characters. T = the number of Han characters in the corpus.
//!
//! **Counts and probabilities.** count(x) = occurrences of the character string x (at every
//! position, overlapping ones included); p(x) = count(x)/T, one denominator for every length
//! (as Matrix67 and SmoothNLP do). Candidates are the strings with count ≥ `min_count`.
//!
//! **`pmi_min`** = min over the binary splits s = l·r of log2(p(s)/(p(l)·p(r))) =
//! log2(count(s)·T/(count(l)·count(r))): the weakest joint of the phrase.
//!
//! **`entropy_left` / `entropy_right`** = Shannon entropy (natural log) of the character
//! adjacent on the left / right over all N = count(s) occurrences: Σ (n_c/N)·ln(N/n_c) over
//! the distinct neighbours c with n_c occurrences. A boundary (sentence start or end,
//! punctuation, a digit or Latin run…) counts as a distinct neighbour each time it occurs, so
//! b boundary occurrences add b·(1/N)·ln N: a string that stands between punctuation is as
//! free as one with varied neighbours.
//!
//! **`score`** = pmi_min · min(entropy_left, entropy_right): a phrase must stick together
//! *and* be free on its weaker side, and the product is high only when both are (a soft form
//! of Matrix67's two thresholds). It is 0 for a fragment always followed (or preceded) by the
//! same character. The score often suggested, the sum pmi_min + min(…), was tried and rejected: on
//! the seeds PMI dominates the sum, and PMI is largest for the rarest strings (a string of 5
//! occurrences of characters seen nowhere else has pmi_min = log2(T/5)), so the top 50 were
//! rare words (奶粉, 垃圾, 凌晨) and 疫情防控 ranked 238th; with the product, entropy (which
//! cannot exceed ln count) tempers that, and 核酸检测 ranks 7th, 疫情防控 31st. The score
//! ranks; its value (bits times nats) measures nothing on its own.
//!
//! **Maximal phrases.** HanLP and SmoothNLP list every substring of a good phrase (核酸检,
//! 酸检测 beside 核酸检测). Here a candidate s is dropped when a longer candidate L containing s
//! accounts for ≥ `maximal_share` (default 0.9) of s's occurrences: count(L)/count(s) ≥ 0.9.
//! It is enough to look at the one-character extensions c·s and s·c (their counts are the
//! neighbour counts of s): any longer L covering s is inside such an extension, which is then
//! a candidate covering at least as much. count(L) counts one occurrence of s per occurrence
//! of L, which is exact unless s occurs twice in L (哈哈 in 哈哈哈), where it errs towards
//! keeping s. A candidate of `max_len` characters has no longer candidate and is kept.
//! 核酸检 (nearly always in 核酸检测) is dropped; 核酸 (also in 核酸采样, 核酸筛查) is kept.
//!
//! **`in_dictionary`**: whether jieba's dictionary (with `--user-dict`) has the phrase.
//! `user_dict` turns the table into a jieba user dictionary (`word freq`), with jieba's
//! `suggest_freq`, the frequency that makes jieba keep the phrase whole.
//!
//! **Order.** score descending, ties by phrase in code-point order; every number is an exact
//! count or computed from exact counts in a fixed order, so the table is the same for any
//! number of threads.
//!
//! **Scale.** The corpus is read in streaming passes, one per length L = 2..=`max_len`+1 (the
//! text is never held; each pass normalises it again, which costs less than holding it):
//! pass 2 counts every bigram; pass L ≥ 3 counts only the strings of L characters whose
//! first or last L−1 characters are a candidate, keyed by that candidate's index and the
//! added character (8 bytes). A string with count ≥ `min_count` has both its parts among the
//! candidates, so pass L finds every candidate of length L exactly; and every string
//! extending a candidate of length L−1 is counted, so the neighbour counts of those
//! candidates are complete (the boundary occurrences are what is left: N − Σn).
//!
//! Counting is by sorting, not hashing: each worker appends the keys of a pass to a buffer of
//! `BUF` keys (16 MB, and 16 MB more to sort it), which, when full, is radix-sorted and
//! counted into a run of distinct keys with their counts (12 bytes each: the keys and the
//! counts in two vectors); a worker merges its runs of equal level as they come (one run per
//! level, as in an LSM tree: every key is merged about log2(keys/BUF) times), and after the
//! pass the runs of all workers are merged a range of keys at a time, on the pool, into what
//! the next level needs. The counts are exact and the same in any order of merging. Memory
//! grows with the largest pass: the distinct strings of L characters that extend a candidate
//! (for news text up to about one per character position at L = 3), 12 bytes each in the
//! largest run of each worker, plus the smaller runs of the levels below it (the same strings
//! again in part, as a key is in every run that saw it: up to a few times the largest run
//! when the vocabulary saturates), plus ~60 bytes per candidate (its key, count, entropies and
//! the index that looks it up). On a 106 MB news-like corpus (scripts/make-zipf-corpus.py) the
//! peak is about 0.4 GB, against 0.5 GB with hash maps. A corpus larger than [`PART_BYTES`]
//! (or `parts`) is counted in ⌈bytes/PART_BYTES⌉ partitions by a hash of a string's first two
//! characters: pass L runs once per partition and counts (and looks up) only its strings, so
//! a pass holds the strings of about `PART_BYTES` of text, at the price of reading the text
//! again. The table does not depend on the partitioning.

use std::hash::{Hash, Hasher};

use polars::prelude::*;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::runs;
use crate::columns as col;
use crate::corpus::convert::{Converter, normalize_converted};
use crate::corpus::normalize::is_han;
use crate::corpus::stream::{Sizes, for_each_sentences};
use crate::corpus::structure::articles;
use crate::corpus::{Corpus, Document};
use crate::error::{Error, Result};
use crate::pass::Recorded;
use crate::table::frame;
use crate::tokenize::Segmenter;

/// The longest candidate (`--max-len`): 9 code points of 21 bits fit the widest key.
pub const MAX_LEN: usize = 9;

/// Input bytes whose strings one counting pass holds; a larger corpus is counted in
/// ⌈bytes / PART_BYTES⌉ hash partitions, one pass each.
pub const PART_BYTES: u64 = 1536 << 20;

#[derive(Debug, Clone)]
pub struct PhraseOptions {
    /// Longest candidate in characters, 2..=[`MAX_LEN`] (default 4).
    pub max_len: usize,
    /// Candidates occur at least this often (default 5).
    pub min_count: u64,
    /// A candidate is dropped when one longer candidate accounts for at least this share of
    /// its occurrences (default 0.9), in (0, 1]; above 1 none is dropped (every candidate is
    /// listed, as HanLP and SmoothNLP do).
    pub maximal_share: f64,
    /// Keep the first N rows.
    pub top: Option<usize>,
    /// Hash partitions to count in (one pass over the text each); `None`: from the corpus
    /// size ([`PART_BYTES`]). The table is the same for any value.
    pub parts: Option<usize>,
}

impl Default for PhraseOptions {
    fn default() -> Self {
        PhraseOptions {
            max_len: 4,
            min_count: 5,
            maximal_share: 0.9,
            top: None,
            parts: None,
        }
    }
}

impl PhraseOptions {
    pub fn check(&self) -> Result<()> {
        if !(2..=MAX_LEN).contains(&self.max_len) {
            return Err(Error::usage(format!(
                "--max-len {}: give a length from 2 to {MAX_LEN} characters",
                self.max_len
            )));
        }
        if self.min_count == 0 {
            return Err(Error::usage("--min-count must be at least 1"));
        }
        if !(self.maximal_share > 0.0 && self.maximal_share.is_finite()) {
            return Err(Error::usage(format!(
                "--maximal-share {}: give a share in (0, 1], e.g. 0.9 (above 1: keep every candidate)",
                self.maximal_share
            )));
        }
        if self.parts == Some(0) {
            return Err(Error::usage("the number of partitions must be at least 1"));
        }
        Ok(())
    }
}

/// Up to `W·32/21` Han code points, 21 bits each, character i at bits 21i..21i+21; unused
/// bits are 0 (no Han character is U+0000), so the length is implicit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key<const W: usize>([u32; W]);

impl<const W: usize> Hash for Key<W> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let mut lanes = self.0.chunks_exact(2);
        for pair in &mut lanes {
            h.write_u64(u64::from(pair[0]) | u64::from(pair[1]) << 32);
        }
        if let [last] = lanes.remainder() {
            h.write_u32(*last);
        }
    }
}

impl<const W: usize> Key<W> {
    const EMPTY: Self = Key([0; W]);

    /// This key with character `i` set (it was unset).
    #[inline]
    fn with(mut self, i: usize, c: u32) -> Self {
        let bit = 21 * i;
        let (lane, off) = (bit / 32, bit % 32);
        self.0[lane] |= c << off;
        if off > 11 {
            self.0[lane + 1] |= c >> (32 - off);
        }
        self
    }

    #[inline]
    fn get(&self, i: usize) -> u32 {
        let bit = 21 * i;
        let (lane, off) = (bit / 32, bit % 32);
        let mut v = self.0[lane] >> off;
        if off > 11 {
            v |= self.0[lane + 1] << (32 - off);
        }
        v & 0x1F_FFFF
    }

    fn chars(&self) -> Vec<u32> {
        (0..W * 32 / 21)
            .map(|i| self.get(i))
            .take_while(|&c| c != 0)
            .collect()
    }

    fn of(chars: &[u32]) -> Self {
        chars
            .iter()
            .enumerate()
            .fold(Self::EMPTY, |k, (i, &c)| k.with(i, c))
    }
}

/// One issue's runs of Han characters, as code points, each run followed by a 0 and the
/// whole preceded by a 0: every character has a left and a right neighbour, 0 being a
/// boundary. Sentences are those of every command (`--t2s` converted as for every command);
/// every non-Han character is a boundary. The articles numbered in `skip` are left out
/// (`--dedup`).
fn han_runs(text: &str, conv: Option<&Converter>, skip: &[u32], out: &mut Vec<u32>) {
    out.clear();
    out.push(0);
    for (i, article) in articles(normalize_converted(text, conv)).iter().enumerate() {
        if skip.binary_search(&(i as u32 + 1)).is_ok() {
            continue;
        }
        push_runs(article.sentences(), out);
    }
}

/// The Han runs of `sentences` appended to `out` (which ends with a 0): a sentence's runs end
/// with it, so the runs of a run of sentences are the same taken alone.
fn push_runs<'a>(sentences: impl Iterator<Item = &'a str>, out: &mut Vec<u32>) {
    for s in sentences {
        for c in s.chars() {
            if is_han(c) {
                out.push(c as u32);
            } else if out.last() != Some(&0) {
                out.push(0);
            }
        }
        if out.last() != Some(&0) {
            out.push(0);
        }
    }
}

/// Pieces of a large file's sentences turned into runs at a time (`Source::each`).
const RUNS_BATCH_PIECES: usize = 8;

/// Where the text comes from: the corpus's issues (read and decoded in parallel), or texts
/// in memory (tests).
pub enum Source<'a> {
    /// The corpus, with the `--t2s` converter if any.
    Corpus(&'a Corpus, Option<&'a Converter>),
    /// A pass's recording of the corpus (the report's): its sentences, already normalised,
    /// converted and without the articles `--dedup` leaves out.
    Recorded(&'a Recorded),
    Texts(&'a [&'a str]),
}

impl Source<'_> {
    fn bytes(&self) -> u64 {
        match self {
            Source::Corpus(c, _) => c.docs.iter().map(|d| d.bytes).sum(),
            Source::Recorded(r) => r.bytes(),
            Source::Texts(t) => t.iter().map(|s| s.len() as u64).sum(),
        }
    }

    /// `f(runs)` for every issue, on the rayon pool. `progress` gets each issue's bytes
    /// divided by `passes`. The first error in issue order is returned.
    fn each(
        &self,
        progress: &(dyn Fn(u64) + Sync),
        passes: u64,
        f: &(dyn Fn(&[u32]) + Sync),
    ) -> Result<()> {
        let conv = match self {
            Source::Corpus(_, conv) => *conv,
            Source::Texts(_) | Source::Recorded(_) => None,
        };
        let run = |text: &str, skip: &[u32], bytes: u64| {
            let mut runs = Vec::with_capacity(text.len() / 3 + 2);
            han_runs(text, conv, skip, &mut runs);
            f(&runs);
            progress(bytes / passes);
        };
        match self {
            Source::Texts(texts) => {
                texts.par_iter().for_each(|t| run(t, &[], t.len() as u64));
                Ok(())
            }
            Source::Recorded(r) => r.replay_texts(&|b| progress(b / passes), &|text, sentences| {
                let mut runs = Vec::with_capacity(text.len() / 3 + 2);
                runs.push(0);
                push_runs(
                    sentences
                        .iter()
                        .map(|x| &text[x.span.start as usize..x.span.end as usize]),
                    &mut runs,
                );
                f(&runs);
            }),
            Source::Corpus(c, _) => {
                let read = |d: &Document| -> Result<()> {
                    if d.is_large() {
                        // Read a part at a time: `f` takes the runs of a batch of sentences
                        // at a time, split between the cores (runs never cross a sentence).
                        let sizes = Sizes::default();
                        let batch = RUNS_BATCH_PIECES * sizes.piece;
                        let runs_of = |ss: &[&str]| {
                            let per = ss.len().div_ceil(rayon::current_num_threads().max(1));
                            ss.par_chunks(per.max(1)).for_each(|chunk| {
                                let mut runs = vec![0];
                                push_runs(chunk.iter().copied(), &mut runs);
                                f(&runs);
                            });
                        };
                        for_each_sentences(&d.path, conv, &d.skip, sizes, batch, runs_of)?;
                        progress(d.bytes / passes);
                        return Ok(());
                    }
                    let decoded = d.read()?;
                    run(&decoded.text, &d.skip, d.bytes);
                    Ok(())
                };
                let first = c
                    .docs
                    .par_iter()
                    .enumerate()
                    .filter_map(|(i, d)| read(d).err().map(|e| (i, e)))
                    .min_by_key(|(i, _)| *i);
                match first {
                    Some((_, e)) => Err(e),
                    None => Ok(()),
                }
            }
        }
    }
}

/// Counts indexed by code point: every Han character fits.
const CHAR_SLOTS: usize = 0x32400;

/// The candidates of one length, sorted, with their counts, and (once the next length is
/// counted) their entropies and whether a one-character extension covers them.
struct Level<const W: usize> {
    len: usize,
    keys: Vec<Key<W>>,
    counts: Vec<u32>,
    index: FxHashMap<Key<W>, u32>,
    left: Vec<f64>,
    right: Vec<f64>,
    covered: Vec<bool>,
}

impl<const W: usize> Level<W> {
    fn new(len: usize, mut pairs: Vec<(Key<W>, u32)>) -> Self {
        pairs.par_sort_unstable_by_key(|p| p.0);
        let (keys, counts): (Vec<Key<W>>, Vec<u32>) = pairs.into_iter().unzip();
        let mut index = FxHashMap::with_capacity_and_hasher(keys.len(), Default::default());
        index.extend(keys.iter().enumerate().map(|(i, k)| (*k, i as u32)));
        Level {
            len,
            covered: vec![false; keys.len()],
            left: vec![0.0; keys.len()],
            right: vec![0.0; keys.len()],
            keys,
            counts,
            index,
        }
    }

    #[inline]
    fn get(&self, chars: &[u32]) -> Option<u32> {
        self.index.get(&Key::of(chars)).copied()
    }
}

/// A string of a counting pass of length L ≥ 3 by the candidate it extends: `idx` of its
/// first L−1 characters (a candidate) and its last character, or else `idx` of its last
/// L−1 characters and its first character (flag 1). Unique: the first form whenever it applies.
#[inline]
fn extension(idx: u32, c: u32, suffix: bool) -> u64 {
    u64::from(idx) << 22 | u64::from(c) << 1 | u64::from(suffix)
}

/// `count_pass`'s marks for a window not looked up yet, and for one that is no candidate.
const UNKNOWN: u32 = u32::MAX;
const NONE: u32 = u32::MAX - 1;

/// A bigram of the first counting pass.
#[inline]
fn bigram(a: u32, b: u32) -> u64 {
    u64::from(a) << 21 | u64::from(b)
}

#[inline]
fn part_of(key: u64, parts: usize) -> usize {
    let h = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((u128::from(h) * parts as u128) >> 64) as usize
}

/// One counting pass of length `len`, partition `part` of `parts`: every bigram (len 2), or
/// every string of `len` characters whose first or last `len`−1 characters are a candidate
/// of `prev`. The characters are counted into `chars` on the first pass. The counts are the
/// workers' sorted runs (`Counter`), every run of every worker.
fn count_pass<const W: usize>(
    src: &Source,
    len: usize,
    prev: Option<&Level<W>>,
    (part, parts): (usize, usize),
    passes: u64,
    chars: Option<&mut Vec<u64>>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<Run>> {
    let counters = runs::shards(|| runs::Counter::new(BUF));
    let singles = runs::shards(Vec::<u64>::new);
    let count_chars = chars.is_some();
    let mine = |k: u64| parts == 1 || part_of(k, parts) == part;
    src.each(progress, passes, &|runs| {
        if count_chars {
            let mut s = runs::shard(&singles);
            if s.is_empty() {
                s.resize(CHAR_SLOTS, 0);
            }
            for &c in runs {
                s[c as usize] += 1;
            }
        }
        let mut m = runs::shard(&counters);
        let mut idx: Vec<u32> = Vec::new();
        for run in runs.split(|&c| c == 0).filter(|r| r.len() >= len) {
            let Some(prev) = prev else {
                for w in run.windows(2) {
                    let k = bigram(w[0], w[1]);
                    if mine(k) {
                        m.push_key(k);
                    }
                }
                continue;
            };
            // Which candidate each window of len−1 characters is, looked up when first needed
            // (with several partitions, only for the strings of this one).
            idx.clear();
            idx.resize(run.len() + 2 - len, UNKNOWN);
            let mut lookup = |i: usize| {
                if idx[i] == UNKNOWN {
                    idx[i] = prev.get(&run[i..i + len - 1]).unwrap_or(NONE);
                }
                idx[i]
            };
            for (i, w) in run.windows(len).enumerate() {
                // The partition of a string by its first two characters: known before any
                // lookup.
                if parts > 1 && part_of(bigram(w[0], w[1]), parts) != part {
                    continue;
                }
                let k = match lookup(i) {
                    NONE => match lookup(i + 1) {
                        NONE => continue,
                        s => extension(s, w[0], true),
                    },
                    p => extension(p, w[len - 1], false),
                };
                m.push_key(k);
            }
        }
    })?;
    if let Some(chars) = chars {
        for s in runs::into_inner(singles) {
            for (a, b) in chars.iter_mut().zip(s) {
                *a += b;
            }
        }
        chars[0] = 0;
    }
    let workers: Vec<runs::Counter<u64, u32>> = runs::into_inner(counters).collect();
    Ok(workers
        .into_par_iter()
        .flat_map_iter(runs::Counter::finish)
        .collect())
}

/// Keys a worker collects before it sorts them into a run: 24 MB with their counts, and as
/// much again to sort.
const BUF: usize = 1 << 21;

/// A worker's sorted runs of (string key, count) (`runs::Counter`).
type Run = runs::Run<u64, u32>;

/// What one worker gathers from the counted strings of a pass: the neighbours of the
/// previous level's candidates and the new candidates.
struct Gathered<const W: usize> {
    left: SideAcc,
    right: SideAcc,
    found: Vec<(Key<W>, u32)>,
}

impl<const W: usize> Gathered<W> {
    fn new(size: usize) -> Self {
        Gathered {
            left: SideAcc::new(size),
            right: SideAcc::new(size),
            found: Vec::new(),
        }
    }

    /// Add another worker's (integer sums and maxima: any order gives the same).
    fn absorb(&mut self, other: Gathered<W>) {
        self.left.absorb(other.left);
        self.right.absorb(other.right);
        self.found.extend(other.found);
    }

    /// The strings of length `len` counted in `pairs` (see `count_pass` for the keys).
    fn add(
        &mut self,
        pairs: &mut dyn Iterator<Item = (u64, u32)>,
        len: usize,
        prev: Option<&Level<W>>,
        opts: &PhraseOptions,
    ) {
        let Some(prev) = prev else {
            self.found.extend(
                pairs
                    .filter(|(_, n)| u64::from(*n) >= opts.min_count)
                    .map(|(k, n)| (Key::of(&[(k >> 21) as u32, (k & 0x1F_FFFF) as u32]), n)),
            );
            return;
        };
        let mut buf = [0u32; MAX_LEN + 1];
        for (k, n) in pairs {
            let idx = (k >> 22) as u32;
            let c = ((k >> 1) & 0x1F_FFFF) as u32;
            if k & 1 == 1 {
                // c·s with s = candidate idx; its first len−1 characters are not one.
                self.left.add(idx, n, opts.min_count);
                continue;
            }
            // s·c with s = candidate idx: a right neighbour of s, a left one of s[1..]·c.
            self.right.add(idx, n, opts.min_count);
            let m = decode(&prev.keys[idx as usize], &mut buf);
            buf[m] = c;
            if let Some(suffix) = prev.get(&buf[1..=m]) {
                self.left.add(suffix, n, opts.min_count);
            }
            if len <= opts.max_len && u64::from(n) >= opts.min_count {
                self.found.push((Key::of(&buf[..=m]), n));
            }
        }
    }
}

/// 2^64: Σ n·ln n is added up in fixed point with 64 fraction bits.
const FIXED: f64 = 18_446_744_073_709_551_616.0;

/// One side's neighbours of each candidate of a level, added up as the counting pass's
/// strings are read: Σ n·ln n over the distinct neighbouring characters (n = their counts),
/// and the largest n (of all, and of those that are candidates, n ≥ min_count). The sum is
/// kept in fixed point (an i128 with 64 fraction bits), where each term n·ln n (an f64 ≥
/// 2·ln 2 for n ≥ 2, 0 for n = 1) is exact, so the sum is exact and the same in any order:
/// the same float for any number of threads or partitions.
struct SideAcc {
    sum: Vec<i128>,
    most: Vec<u32>,
    most_candidate: Vec<u32>,
}

impl SideAcc {
    fn new(n: usize) -> Self {
        SideAcc {
            sum: vec![0; n],
            most: vec![0; n],
            most_candidate: vec![0; n],
        }
    }

    fn absorb(&mut self, other: SideAcc) {
        for (a, b) in self.sum.iter_mut().zip(other.sum) {
            *a += b;
        }
        for (a, b) in self.most.iter_mut().zip(other.most) {
            *a = (*a).max(b);
        }
        for (a, b) in self.most_candidate.iter_mut().zip(other.most_candidate) {
            *a = (*a).max(b);
        }
    }

    #[inline]
    fn add(&mut self, idx: u32, n: u32, min_count: u64) {
        let i = idx as usize;
        // 1·ln 1 = 0: most neighbours are seen once.
        if n > 1 {
            let n_f = f64::from(n);
            self.sum[i] += (n_f * n_f.ln() * FIXED) as i128;
        }
        self.most[i] = self.most[i].max(n);
        if u64::from(n) >= min_count {
            self.most_candidate[i] = self.most_candidate[i].max(n);
        }
    }
}

/// Entropy ln N − (Σ n·ln n)/N of one side of a candidate seen N times, from Σ n·ln n over
/// its distinct neighbouring characters; the N − Σn boundary occurrences are singletons
/// (1·ln 1 = 0), so N singletons give exactly ln N; one character on all N sides gives 0.
fn side_entropy(total: u32, sum: i128, most: u32) -> f64 {
    if most == total {
        return 0.0;
    }
    let big_n = f64::from(total);
    (big_n.ln() - (sum as f64 / FIXED) / big_n).max(0.0)
}

impl<const W: usize> Level<W> {
    /// The entropies of one side, and whether a one-character extension that is a candidate
    /// covers ≥ `maximal_share` of the occurrences.
    fn set_side(&mut self, acc: &SideAcc, left: bool, opts: &PhraseOptions) {
        let extends_to_candidate = self.len < opts.max_len;
        for (i, &total) in self.counts.iter().enumerate() {
            let h = side_entropy(total, acc.sum[i], acc.most[i]);
            if left {
                self.left[i] = h;
            } else {
                self.right[i] = h;
            }
            let most = acc.most_candidate[i];
            if extends_to_candidate
                && most > 0
                && f64::from(most) / f64::from(total) >= opts.maximal_share
            {
                self.covered[i] = true;
            }
        }
    }
}

/// The characters of a key into `buf`; their number.
fn decode<const W: usize>(k: &Key<W>, buf: &mut [u32; MAX_LEN + 1]) -> usize {
    let mut n = 0;
    while n < W * 32 / 21 && n < buf.len() {
        let c = k.get(n);
        if c == 0 {
            break;
        }
        buf[n] = c;
        n += 1;
    }
    n
}

/// The counts of every length, level by level: pass L counts the strings of length L that
/// extend a candidate of length L−1, which gives both the candidates of length L and the
/// neighbours of those of length L−1.
fn levels<const W: usize>(
    src: &Source,
    opts: &PhraseOptions,
    parts: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Vec<u64>, u64, Vec<Level<W>>)> {
    let passes = (opts.max_len * parts) as u64;
    let mut chars = vec![0u64; CHAR_SLOTS];
    let mut levels: Vec<Level<W>> = Vec::new();
    for len in 2..=opts.max_len + 1 {
        let size = levels.last().map_or(0, |l| l.keys.len());
        let mut all = Gathered::<W>::new(size);
        for part in 0..parts {
            let first = len == 2 && part == 0;
            let workers = count_pass(
                src,
                len,
                levels.last(),
                (part, parts),
                passes,
                first.then_some(&mut chars),
                progress,
            )?;
            if first {
                let total: u64 = chars.iter().sum();
                if total >= u64::from(u32::MAX) {
                    return Err(Error::usage(format!(
                        "phrases counts up to {} Han characters in one run; this corpus has {total}: split it",
                        u32::MAX - 1
                    )));
                }
            }
            // The runs merged a range of keys at a time, read on the pool.
            let prev = levels.last();
            let none = || None;
            let gathered =
                runs::for_each_merged(&workers, none, |g: &mut Option<Gathered<W>>, pairs| {
                    g.get_or_insert_with(|| Gathered::new(size))
                        .add(pairs, len, prev, opts);
                });
            drop(workers);
            for g in gathered.into_iter().flatten() {
                all.absorb(g);
            }
        }
        if let Some(prev) = levels.last_mut() {
            prev.set_side(&all.left, true, opts);
            prev.set_side(&all.right, false, opts);
        }
        if len <= opts.max_len {
            levels.push(Level::new(len, all.found));
        }
    }
    let total = chars.iter().sum();
    Ok((chars, total, levels))
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseRow {
    pub phrase: String,
    pub count: u64,
    pub pmi_min: f64,
    pub entropy_left: f64,
    pub entropy_right: f64,
    pub score: f64,
}

/// pmi_min = min over splits l·r of log2(count(s)·T/(count(l)·count(r))).
fn pmi_min<const W: usize>(
    chars: &[u32],
    count: u32,
    singles: &[u64],
    total: u64,
    levels: &[Level<W>],
) -> f64 {
    let of = |part: &[u32]| -> f64 {
        if part.len() == 1 {
            singles[part[0] as usize] as f64
        } else {
            // Every part of a candidate is at least as frequent: a candidate too.
            levels[part.len() - 2].get(part).map_or(f64::NAN, |i| {
                f64::from(levels[part.len() - 2].counts[i as usize])
            })
        }
    };
    let t = total as f64;
    (1..chars.len())
        .map(|k| (f64::from(count) * t / (of(&chars[..k]) * of(&chars[k..]))).log2())
        .fold(f64::INFINITY, f64::min)
}

fn rows_with<const W: usize>(
    src: &Source,
    opts: &PhraseOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<PhraseRow>> {
    let parts = opts
        .parts
        .unwrap_or_else(|| (src.bytes().div_ceil(PART_BYTES)).max(1) as usize);
    let (singles, total, levels) = levels::<W>(src, opts, parts, progress)?;
    let mut rows: Vec<PhraseRow> = levels
        .par_iter()
        .flat_map_iter(|level| {
            (0..level.keys.len())
                .filter(|&i| !level.covered[i])
                .map(|i| (level, i))
                .collect::<Vec<_>>()
        })
        .map(|(level, i)| {
            let chars = level.keys[i].chars();
            let n = level.counts[i];
            let pmi = pmi_min(&chars, n, &singles, total, &levels);
            let (left, right) = (level.left[i], level.right[i]);
            PhraseRow {
                phrase: chars.iter().filter_map(|&c| char::from_u32(c)).collect(),
                count: u64::from(n),
                pmi_min: pmi,
                entropy_left: left,
                entropy_right: right,
                // + 0.0: a negative PMI times a zero entropy is 0, not −0.
                score: pmi * left.min(right) + 0.0,
            }
        })
        .collect();
    rows.par_sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.phrase.cmp(&b.phrase))
    });
    rows.truncate(opts.top.unwrap_or(usize::MAX));
    Ok(rows)
}

/// The rows (maximal candidates, sorted, `top` applied) of the texts `src`.
pub fn phrase_rows(
    src: &Source,
    opts: &PhraseOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<PhraseRow>> {
    opts.check()?;
    match opts.max_len {
        0..=4 => rows_with::<3>(src, opts, progress),
        5..=6 => rows_with::<4>(src, opts, progress),
        _ => rows_with::<6>(src, opts, progress),
    }
}

/// `phrase, count, pmi_min, entropy_left, entropy_right, score, in_dictionary`.
pub fn table(rows: &[PhraseRow], seg: &Segmenter) -> Result<DataFrame> {
    let f = |g: fn(&PhraseRow) -> f64| rows.iter().map(g).collect::<Vec<f64>>();
    frame(vec![
        Column::new(
            col::PHRASE.into(),
            rows.iter().map(|r| r.phrase.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            col::COUNT.into(),
            rows.iter().map(|r| r.count).collect::<Vec<_>>(),
        ),
        Column::new(col::PMI_MIN.into(), f(|r| r.pmi_min)),
        Column::new(col::ENTROPY_LEFT.into(), f(|r| r.entropy_left)),
        Column::new(col::ENTROPY_RIGHT.into(), f(|r| r.entropy_right)),
        Column::new(col::SCORE.into(), f(|r| r.score)),
        Column::new(
            col::IN_DICTIONARY.into(),
            rows.iter()
                .map(|r| seg.has_word(&r.phrase))
                .collect::<Vec<_>>(),
        ),
    ])
}

/// The phrase table of a corpus, read in streaming passes (see the module documentation);
/// `seg` only answers `in_dictionary`. `progress` gets input bytes, the corpus's size in all.
pub fn phrases_scan(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &PhraseOptions,
) -> Result<DataFrame> {
    table(
        &phrase_rows(&Source::Corpus(corpus, seg.converter()), opts, progress)?,
        seg,
    )
}

/// `phrases_scan` of a pass's recording of the corpus (the report's), which holds the corpus's
/// sentences already read, normalised and converted: the passes read the recording, not the
/// files.
pub fn phrases_recorded(
    recording: &Recorded,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &PhraseOptions,
) -> Result<DataFrame> {
    table(
        &phrase_rows(&Source::Recorded(recording), opts, progress)?,
        seg,
    )
}

/// A jieba user dictionary from a phrase table: each phrase that is not in the dictionary,
/// in table order, as `word freq` with the frequency jieba's `suggest_freq` gives (the
/// smallest that makes jieba keep it whole), one per line.
pub fn user_dict(table: &DataFrame, seg: &Segmenter) -> Result<String> {
    let phrases = table.column(col::PHRASE)?.str()?;
    let known = table.column(col::IN_DICTIONARY)?.bool()?;
    let mut out = String::new();
    for (p, k) in phrases.iter().zip(known.iter()) {
        if let (Some(p), Some(false)) = (p, k) {
            out.push_str(&format!("{p} {}\n", seg.suggest_freq(p)));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(texts: &[&str], opts: &PhraseOptions) -> Vec<PhraseRow> {
        phrase_rows(&Source::Texts(texts), opts, &|_| {}).unwrap()
    }

    fn find<'a>(rows: &'a [PhraseRow], p: &str) -> Option<&'a PhraseRow> {
        rows.iter().find(|r| r.phrase == p)
    }

    fn close(got: f64, want: f64) {
        assert!((got - want).abs() <= 1e-12, "got {got}, want {want}");
    }

    fn all(min_count: u64) -> PhraseOptions {
        PhraseOptions {
            min_count,
            // No maximality: every candidate is listed.
            maximal_share: 2.0,
            max_len: 4,
            ..PhraseOptions::default()
        }
    }

    #[test]
    fn keys_pack_and_unpack_every_width() {
        let s: Vec<u32> = "葡萄𠀀龍〇".chars().map(|c| c as u32).collect();
        assert_eq!(Key::<3>::of(&s[..4]).chars(), s[..4]);
        assert_eq!(Key::<4>::of(&s).chars(), s);
        let nine: Vec<u32> = "中华人民共和国万岁".chars().map(|c| c as u32).collect();
        assert_eq!(Key::<6>::of(&nine).chars(), nine);
        assert_ne!(Key::<3>::of(&s[..2]), Key::<3>::of(&s[1..3]));
    }

    #[test]
    fn spec_test_vector_branching_entropy() {
        // 吃葡萄不吐葡萄皮不吃葡萄倒吐葡萄皮 (17 characters): 葡萄 occurs 4 times; left 吃 吐 吃 吐:
        // 2·(2/4)·ln(4/2) = ln 2; right 不 皮 倒 皮: (1/4)ln 4 + (2/4)ln 2 + (1/4)ln 4
        // = ½ln2 + 2·¼ln4 = 1.5·ln 2 ≈ 1.0397.
        let r = rows(&["吃葡萄不吐葡萄皮不吃葡萄倒吐葡萄皮"], &all(1));
        let p = find(&r, "葡萄").unwrap();
        assert_eq!(p.count, 4);
        close(p.entropy_left, 2f64.ln());
        close(p.entropy_right, 1.5 * 2f64.ln());
        assert!((p.entropy_right - 1.0397).abs() < 1e-4);
        // T = 17, count(葡) = count(萄) = 4: pmi = log2(4·17/(4·4)) = log2(4.25).
        close(p.pmi_min, 4.25f64.log2());
        // score = pmi_min · min(ln 2, 1.5·ln 2).
        close(p.score, 4.25f64.log2() * 2f64.ln());
        // 葡萄皮: 2 occurrences, T = 17, 葡 4, 萄皮 2, 葡萄 4, 皮 2: both splits give
        // log2(2·17/(4·2)) = log2(4.25); its right neighbours are 不 and the end: ln 2.
        let p = find(&r, "葡萄皮").unwrap();
        close(p.pmi_min, 4.25f64.log2());
        close(p.entropy_right, 2f64.ln());
    }

    #[test]
    fn boundaries_count_as_distinct_neighbours() {
        // 葡萄 twice, between punctuation each time (4 boundary neighbours) and once with 吃 on
        // the left and 皮 on the right: N = 3, left: 2 boundaries + 吃 → 3·(1/3)ln 3 = ln 3.
        let r = rows(&["葡萄，葡萄。吃葡萄皮"], &all(1));
        let p = find(&r, "葡萄").unwrap();
        close(p.entropy_left, 3f64.ln());
        close(p.entropy_right, 3f64.ln());
    }

    #[test]
    fn pmi_min_by_hand() {
        // 甲乙丙甲乙丁甲戊: T = 8; 甲 3, 乙 2, 丙 1; 甲乙 2, 乙丙 1; 甲乙丙 1.
        // 甲乙: log2(2·8/(3·2)) = log2(8/3).
        // 甲乙丙: 甲|乙丙 = log2(1·8/(3·1)) = log2(8/3) ≈ 1.415; 甲乙|丙 = log2(1·8/(2·1))
        // = 2; min = log2(8/3).
        // 乙丙: log2(1·8/(2·1)) = 2.
        let r = rows(&["甲乙丙甲乙丁甲戊"], &all(1));
        close(find(&r, "甲乙").unwrap().pmi_min, (8.0f64 / 3.0).log2());
        close(find(&r, "甲乙丙").unwrap().pmi_min, (8.0f64 / 3.0).log2());
        close(find(&r, "乙丙").unwrap().pmi_min, 2.0);
        // 甲乙丁甲: splits 甲|乙丁甲 log2(8/3), 甲乙|丁甲 log2(8/2) = 2, 甲乙丁|甲 log2(8/3).
        close(find(&r, "甲乙丁甲").unwrap().pmi_min, (8.0f64 / 3.0).log2());
    }

    #[test]
    fn digits_latin_and_punctuation_are_boundaries() {
        // No candidate spans 2, A, ， or a space; T counts only Han characters (8).
        let r = rows(
            &["核酸2检测", "核酸A检测", "核酸，检测", "核酸 ok 检测"],
            &all(1),
        );
        let phrases: Vec<&str> = r.iter().map(|r| r.phrase.as_str()).collect();
        assert_eq!(phrases.len(), 2, "{phrases:?}");
        assert!(phrases.contains(&"核酸") && phrases.contains(&"检测"));
        let p = find(&r, "核酸").unwrap();
        assert_eq!(p.count, 4);
        // Always a boundary on both sides: 4·(1/4)ln 4.
        close(p.entropy_left, 4f64.ln());
        close(p.entropy_right, 4f64.ln());
        // T = 16 Han characters, 核 4, 酸 4: log2(4·16/16) = 2.
        close(p.pmi_min, 2.0);
    }

    #[test]
    fn maximality_drops_a_covered_substring_and_keeps_a_free_one() {
        // 核酸检测 ×10, 核酸采样 ×5, 核酸筛查 ×5 (each its own sentence). 核酸检 occurs only inside
        // 核酸检测 (right neighbour 测 10/10 ≥ 0.9): dropped. 核酸 is followed by 检 10, 采 5,
        // 筛 5 (at most half): kept. 核酸检测 has max_len characters: kept.
        let mut texts = vec!["核酸检测。"; 10];
        texts.extend(["核酸采样。"; 5]);
        texts.extend(["核酸筛查。"; 5]);
        let opts = PhraseOptions {
            min_count: 5,
            ..PhraseOptions::default()
        };
        let r = rows(&texts, &opts);
        assert!(find(&r, "核酸检").is_none());
        assert!(find(&r, "酸检测").is_none());
        assert!(find(&r, "检测").is_none());
        assert_eq!(find(&r, "核酸").unwrap().count, 20);
        assert_eq!(find(&r, "核酸检测").unwrap().count, 10);
        // With maximal_share 1.0 a 100% cover still drops; only a share below it keeps.
        let keep = rows(
            &[&texts[..], &["核酸检。"]].concat(),
            &PhraseOptions {
                min_count: 5,
                maximal_share: 0.95,
                ..PhraseOptions::default()
            },
        );
        // 核酸检: 11 occurrences, 10 inside 核酸检测 = 0.909 < 0.95: kept.
        assert_eq!(find(&keep, "核酸检").unwrap().count, 11);
        // A cover below min-count is not a candidate and drops nothing: 核酸采 (5) inside
        // 核酸采样 (5) at min_count 6 is not a candidate itself; 核酸 (20) stays.
        let high = rows(
            &texts,
            &PhraseOptions {
                min_count: 6,
                ..PhraseOptions::default()
            },
        );
        let phrases: Vec<&str> = high.iter().map(|r| r.phrase.as_str()).collect();
        assert_eq!(phrases.len(), 2, "{phrases:?}");
        assert!(find(&high, "核酸").is_some() && find(&high, "核酸检测").is_some());
    }

    #[test]
    fn partitions_and_threads_give_the_same_rows() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seeds/000_797ed97eab3695c8.txt"
        ))
        .unwrap();
        let texts = [text.as_str()];
        let base = rows(&texts, &PhraseOptions::default());
        assert!(!base.is_empty());
        for parts in [2, 3, 7] {
            let r = rows(
                &texts,
                &PhraseOptions {
                    parts: Some(parts),
                    ..PhraseOptions::default()
                },
            );
            assert_eq!(r, base, "parts = {parts}");
        }
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| rows(&texts, &PhraseOptions::default()));
        assert_eq!(one, base);
        // Longer keys (other widths) agree on the shared candidates' counts.
        let long = rows(
            &texts,
            &PhraseOptions {
                max_len: 6,
                ..all(5)
            },
        );
        let short = rows(&texts, &all(5));
        for r in &short {
            assert_eq!(find(&long, &r.phrase).map(|x| x.count), Some(r.count));
        }
    }

    #[test]
    fn nothing_to_find_is_an_empty_table() {
        assert!(rows(&[], &PhraseOptions::default()).is_empty());
        assert!(rows(&["abc 123，。"], &PhraseOptions::default()).is_empty());
        assert!(rows(&["单"], &all(1)).is_empty());
    }

    #[test]
    fn options_are_checked() {
        for bad in [
            PhraseOptions {
                max_len: 1,
                ..PhraseOptions::default()
            },
            PhraseOptions {
                max_len: MAX_LEN + 1,
                ..PhraseOptions::default()
            },
            PhraseOptions {
                min_count: 0,
                ..PhraseOptions::default()
            },
            PhraseOptions {
                maximal_share: 0.0,
                ..PhraseOptions::default()
            },
            PhraseOptions {
                maximal_share: f64::NAN,
                ..PhraseOptions::default()
            },
        ] {
            assert!(bad.check().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn sorted_by_score_then_phrase() {
        let r = rows(&["吃葡萄不吐葡萄皮不吃葡萄倒吐葡萄皮"], &all(1));
        for w in r.windows(2) {
            assert!(
                w[0].score > w[1].score || (w[0].score == w[1].score && w[0].phrase < w[1].phrase),
                "{w:?}"
            );
        }
    }
}
