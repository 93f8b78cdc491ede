//! `phrases`: new-word and phrase discovery on characters (SPEC §4, §5), the method of
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
//! same character. SPEC §5's example, the sum pmi_min + min(…), was tried and rejected: on
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
//! **Scale.** The corpus is read in streaming passes (never held): counting passes count every
//! string of 2..=`max_len` Han characters (keys pack the code points, 21 bits each, in three
//! u32 for up to 4 characters: 16 bytes per map entry with its count) and keep those with
//! count ≥ `min_count`; then neighbour passes look up each position's strings (stopping at
//! the first one that is not a candidate) and count the (candidate, neighbour) pairs. Memory
//! grows with the number of distinct strings of ≤ `max_len` characters in a counting pass
//! (~20–30 bytes each in the hash table, which for news text is roughly one per character
//! position), plus ~40 bytes per candidate and ~16 per distinct (candidate, neighbour) pair.
//! To bound it, a corpus larger than [`PART_BYTES`] is counted in several hash partitions
//! (one pass over the text for each: strings whose hash falls in partition k are counted in
//! pass k), so a pass holds the strings of about `PART_BYTES` of text; the neighbour pairs
//! are partitioned the same way. The result does not depend on the partitioning.

use std::hash::{Hash, Hasher};
use std::sync::{Mutex, PoisonError};

use polars::prelude::*;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};

use crate::corpus::normalize::{is_han, normalize};
use crate::corpus::structure::articles;
use crate::corpus::{Corpus, Document};
use crate::error::{Error, Result};
use crate::table::{col, frame};
use crate::tokenize::Segmenter;

/// The longest candidate (`--max-len`): 9 code points of 21 bits fit the widest key.
pub const MAX_LEN: usize = 9;

/// Input bytes whose strings one counting pass holds; a larger corpus is counted in
/// ⌈bytes / PART_BYTES⌉ hash partitions, one pass each.
pub const PART_BYTES: u64 = 384 << 20;

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

    /// Which of `parts` hash partitions the key belongs to.
    #[inline]
    fn part(&self, parts: usize) -> usize {
        let mut h = FxHasher::default();
        self.hash(&mut h);
        ((u128::from(h.finish()) * parts as u128) >> 64) as usize
    }
}

/// One issue's runs of Han characters, as code points, each run followed by a 0 and the
/// whole preceded by a 0: every character has a left and a right neighbour, 0 being a
/// boundary. Sentences are those of every command; every non-Han character is a boundary.
fn han_runs(text: &str, out: &mut Vec<u32>) {
    out.clear();
    out.push(0);
    for article in articles(normalize(text)) {
        for s in article.sentences() {
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
}

/// Per-worker state, one per rayon thread, locked only by its own thread.
fn shards<T: Default>() -> Vec<Mutex<T>> {
    (0..rayon::current_num_threads().max(1))
        .map(|_| Mutex::new(T::default()))
        .collect()
}

fn shard<T>(shards: &[Mutex<T>]) -> std::sync::MutexGuard<'_, T> {
    let i = rayon::current_thread_index().unwrap_or(0) % shards.len();
    shards[i].lock().unwrap_or_else(PoisonError::into_inner)
}

fn into_inner<T>(shards: Vec<Mutex<T>>) -> impl Iterator<Item = T> {
    shards
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(PoisonError::into_inner))
}

/// Where the text comes from: the corpus's issues (read and decoded in parallel), or texts
/// in memory (tests).
pub enum Source<'a> {
    Corpus(&'a Corpus),
    Texts(&'a [&'a str]),
}

impl Source<'_> {
    fn bytes(&self) -> u64 {
        match self {
            Source::Corpus(c) => c.docs.iter().map(|d| d.bytes).sum(),
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
        let run = |text: &str, bytes: u64| {
            let mut runs = Vec::with_capacity(text.len() / 3 + 2);
            han_runs(text, &mut runs);
            f(&runs);
            progress(bytes / passes);
        };
        match self {
            Source::Texts(texts) => {
                texts.par_iter().for_each(|t| run(t, t.len() as u64));
                Ok(())
            }
            Source::Corpus(c) => {
                let read = |d: &Document| -> Result<()> {
                    let decoded = d.read()?;
                    run(&decoded.text, d.bytes);
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

/// Counts of every Han character (indexed by code point) and the candidates with their
/// counts.
struct Counted<const W: usize> {
    chars: Vec<u64>,
    total: u64,
    /// The candidates, sorted; `index` maps each to its position.
    keys: Vec<Key<W>>,
    counts: Vec<u32>,
    index: FxHashMap<Key<W>, u32>,
}

const CHAR_SLOTS: usize = 0x32400;

/// The counting passes: every string of 2..=max_len Han characters, partition by partition,
/// keeping those with count ≥ min_count; the characters on the first pass.
fn count<const W: usize>(
    src: &Source,
    opts: &PhraseOptions,
    parts: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Counted<W>> {
    let passes = 2 * parts as u64;
    let max_len = opts.max_len;
    let mut chars = vec![0u64; CHAR_SLOTS];
    let mut kept: FxHashMap<Key<W>, u32> = FxHashMap::default();
    for part in 0..parts {
        let grams = shards::<FxHashMap<Key<W>, u32>>();
        let singles = shards::<Vec<u64>>();
        src.each(progress, passes, &|runs| {
            if part == 0 {
                let mut s = shard(&singles);
                if s.is_empty() {
                    s.resize(CHAR_SLOTS, 0);
                }
                for &c in runs {
                    s[c as usize] += 1;
                }
            }
            let mut m = shard(&grams);
            for i in 1..runs.len() {
                if runs[i] == 0 {
                    continue;
                }
                let mut key = Key::<W>::EMPTY.with(0, runs[i]);
                for n in 1..max_len {
                    let c = runs[i + n];
                    if c == 0 {
                        break;
                    }
                    key = key.with(n, c);
                    if parts == 1 || key.part(parts) == part {
                        let e = m.entry(key).or_insert(0);
                        *e = e.saturating_add(1);
                    }
                }
            }
        })?;
        if part == 0 {
            for s in into_inner(singles) {
                for (a, b) in chars.iter_mut().zip(s) {
                    *a += b;
                }
            }
            chars[0] = 0;
            let total: u64 = chars.iter().sum();
            if total >= u64::from(u32::MAX) {
                return Err(Error::usage(format!(
                    "phrases counts up to {} Han characters in one run; this corpus has {total}: split it",
                    u32::MAX - 1
                )));
            }
        }
        let mut maps: Vec<_> = into_inner(grams).collect();
        maps.sort_by_key(|m| std::cmp::Reverse(m.len()));
        let mut maps = maps.into_iter();
        let mut all = maps.next().unwrap_or_default();
        for m in maps {
            for (k, c) in m {
                *all.entry(k).or_insert(0) += c;
            }
        }
        kept.extend(all.into_iter().filter(|(_, c)| u64::from(*c) >= opts.min_count));
    }
    let mut pairs: Vec<(Key<W>, u32)> = kept.into_iter().collect();
    pairs.sort_unstable_by_key(|p| p.0);
    let (keys, counts): (Vec<Key<W>>, Vec<u32>) = pairs.into_iter().unzip();
    let index = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, i as u32))
        .collect();
    let total = chars.iter().sum();
    Ok(Counted {
        chars,
        total,
        keys,
        counts,
        index,
    })
}

/// What the neighbours of a candidate tell: the entropies and whether a one-character
/// extension covers it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Sides {
    left: f64,
    right: f64,
    covered: bool,
}

/// A neighbour pair: candidate index, side (0 left, 1 right) and neighbour (0 = boundary).
fn pair(idx: u32, side: u64, c: u32) -> u64 {
    u64::from(idx) << 22 | side << 21 | u64::from(c)
}

/// Entropy of one side's neighbour counts `(neighbour, n)` in neighbour order (neighbour 0
/// = boundaries, each a singleton), over N = `total` occurrences: Σ (n/N)·ln(N/n) =
/// ln N − (Σ n·ln n)/N, the form in which N singletons give exactly ln N (n·ln n = 0) and one
/// neighbour for all N gives exactly 0; and the largest count of one character.
fn side_entropy(total: u32, counts: &[(u32, u32)]) -> (f64, u32) {
    let mut sum = 0.0;
    let mut most = 0;
    for &(c, n) in counts {
        if c != 0 {
            let n_f = f64::from(n);
            sum += n_f * n_f.ln();
            most = most.max(n);
        }
    }
    if most == total {
        return (0.0, most);
    }
    let big_n = f64::from(total);
    ((big_n.ln() - sum / big_n).max(0.0), most)
}

/// The neighbour passes: for every occurrence of a candidate, its left and right neighbour,
/// counted per (candidate, side, neighbour), candidates partitioned by index; then each
/// candidate's entropies and coverage.
fn neighbours<const W: usize>(
    src: &Source,
    c: &Counted<W>,
    opts: &PhraseOptions,
    parts: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<Sides>> {
    let passes = 2 * parts as u64;
    let mut sides = vec![Sides::default(); c.keys.len()];
    if c.keys.is_empty() {
        return Ok(sides);
    }
    for part in 0..parts {
        let shards_ = shards::<FxHashMap<u64, u32>>();
        src.each(progress, passes, &|runs| {
            let mut m = shard(&shards_);
            for i in 1..runs.len() {
                if runs[i] == 0 {
                    continue;
                }
                let mut key = Key::<W>::EMPTY.with(0, runs[i]);
                for n in 1..opts.max_len {
                    let ch = runs[i + n];
                    if ch == 0 {
                        break;
                    }
                    key = key.with(n, ch);
                    // A string that is not a candidate has no candidate extending it.
                    let Some(&idx) = c.index.get(&key) else { break };
                    if parts == 1 || idx as usize % parts == part {
                        *m.entry(pair(idx, 0, runs[i - 1])).or_insert(0) += 1;
                        *m.entry(pair(idx, 1, runs[i + n + 1])).or_insert(0) += 1;
                    }
                }
            }
        })?;
        let mut all: Vec<(u64, u32)> = into_inner(shards_).flatten().collect();
        all.sort_unstable();
        // Add up equal pairs from different workers.
        all.dedup_by(|b, a| {
            if a.0 == b.0 {
                a.1 += b.1;
                true
            } else {
                false
            }
        });
        for group in all.chunk_by(|a, b| a.0 >> 21 == b.0 >> 21) {
            let idx = (group[0].0 >> 22) as usize;
            let side = (group[0].0 >> 21) & 1;
            let counts: Vec<(u32, u32)> = group
                .iter()
                .map(|&(p, n)| ((p & 0x1F_FFFF) as u32, n))
                .collect();
            let total = c.counts[idx];
            let (h, most) = side_entropy(total, &counts);
            let s = &mut sides[idx];
            if side == 0 {
                s.left = h;
            } else {
                s.right = h;
            }
            let len = c.keys[idx].chars().len();
            if len < opts.max_len
                && u64::from(most) >= opts.min_count
                && f64::from(most) / f64::from(total) >= opts.maximal_share
            {
                s.covered = true;
            }
        }
    }
    Ok(sides)
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
fn pmi_min<const W: usize>(chars: &[u32], count: u32, c: &Counted<W>) -> f64 {
    let of = |part: &[u32]| -> f64 {
        if part.len() == 1 {
            c.chars[part[0] as usize] as f64
        } else {
            // Every part of a candidate is at least as frequent: a candidate too.
            c.index
                .get(&Key::of(part))
                .map_or(f64::NAN, |&i| f64::from(c.counts[i as usize]))
        }
    };
    let t = c.total as f64;
    (1..chars.len())
        .map(|k| (f64::from(count) * t / (of(&chars[..k]) * of(&chars[k..]))).log2())
        .fold(f64::INFINITY, f64::min)
}

fn rows_with<const W: usize>(
    src: &Source,
    opts: &PhraseOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<PhraseRow>> {
    let parts = opts.parts.unwrap_or_else(|| {
        (src.bytes().div_ceil(PART_BYTES)).max(1) as usize
    });
    let counted = count::<W>(src, opts, parts, progress)?;
    let sides = neighbours(src, &counted, opts, parts, progress)?;
    let mut rows: Vec<PhraseRow> = counted
        .keys
        .par_iter()
        .zip(&counted.counts)
        .zip(&sides)
        .filter(|(_, s)| !s.covered)
        .map(|((k, &n), s)| {
            let chars = k.chars();
            let pmi = pmi_min(&chars, n, &counted);
            PhraseRow {
                phrase: chars
                    .iter()
                    .filter_map(|&c| char::from_u32(c))
                    .collect(),
                count: u64::from(n),
                pmi_min: pmi,
                entropy_left: s.left,
                entropy_right: s.right,
                // + 0.0: a negative PMI times a zero entropy is 0, not −0.
                score: pmi * s.left.min(s.right) + 0.0,
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
    table(&phrase_rows(&Source::Corpus(corpus), opts, progress)?, seg)
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
        let r = rows(&["核酸2检测", "核酸A检测", "核酸，检测", "核酸 ok 检测"], &all(1));
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
