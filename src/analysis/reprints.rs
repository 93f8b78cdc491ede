//! `reprints`: near-duplicate articles (docs/reprints.md): wire copy (Xinhua, the provincial paper)
//! printed by several papers, or one notice printed twice by the same paper. Counted naively
//! such copy dominates frequencies and keyness; this lists the pairs, and
//! [`reprint_groups`] says which articles a `--dedup` count should drop.
//!
//! **Text of an article.** Each issue is normalised and split into articles exactly as every
//! command does (`corpus::normalize`, `corpus::structure`; no segmentation). The article's
//! text is the sequence of its Han characters ([`is_han`]) across all its sentences, its
//! heading included, with everything else left out: punctuation, digits, Latin letters,
//! symbols and spaces. So a copy that differs only in punctuation, in OCR spaces, or in a
//! date written in digits is the same text. `chars` = the number of those Han characters (as
//! `issues`' chars).
//!
//! **Similarity.** The *shingles* of an article are its strings of K = 5 consecutive Han
//! characters (across sentence and paragraph ends), as a set; an article of n ≥ 5 characters
//! has at most n − 4 of them. `similarity` = the Jaccard index of the two sets,
//! |A ∩ B| / |A ∪ B| (Broder 1997, "On the resemblance and containment of documents"),
//! computed exactly on the shingles themselves (five code points packed into 105 bits, no
//! hash): 1 for a verbatim copy, about 0.8 for a copy with one of five equal paragraphs cut,
//! and near 0 for two different articles on the same topic (they share words, rarely
//! five-character strings). One changed character removes up to 5 shingles from a copy.
//! Articles with fewer than `min_chars` (default 100) Han characters are left out: short
//! notices and headings repeat by chance. Pairs with similarity ≥ `min_similarity` (default
//! 0.5) are listed.
//!
//! **Finding the candidates (MinHash + LSH).** Comparing every pair is quadratic; instead each
//! article gets a MinHash signature of H = 128 values (Broder 1997): shingle s has a 32-bit
//! hash x(s) (a fixed mix of its 105 bits), and value i is min over s of
//! ((a_i·x(s) + b_i) mod 2⁶⁴) >> 32, with a_i, b_i fixed 64-bit constants (splitmix64 from a
//! fixed seed, so every run gives the same signatures). P(value i agrees) ≈ the Jaccard index.
//! The signature is cut into b bands of r values (LSH, Leskovec, Rajaraman & Ullman,
//! *Mining of Massive Datasets*, ch. 3.4); two articles are candidates when any band agrees,
//! which happens with probability 1 − (1 − J^r)^b. r is the largest of 1..=8 such that a pair
//! at the threshold J = `min_similarity` is missed with probability (1 − J^r)^b ≤ 1%, b =
//! ⌊128/r⌋. At 0.5: r = 3, b = 42, a pair at exactly 0.5 is missed with probability
//! 0.875⁴² = 0.37%, one at 0.6 with 0.784⁴² = 3.6·10⁻⁵, one at 0.8 with 0.488⁴² < 10⁻¹³.
//! A proposed pair is checked when its two signatures agree in at least 128·(S − 0.2) values
//! ([`ESTIMATE_MARGIN`]), which drops pairs far below the threshold (on the c100 benchmark,
//! 3.8 million proposed, 0.76 million checked); a pair at the threshold agrees in fewer values
//! with probability P(Binomial(128, S) < 128(S − 0.2)), 2.5·10⁻⁶ at S = 0.5. Each checked
//! pair's similarity is then computed exactly (stopping as soon as the shingles left cannot
//! reach S), and only pairs at or above the threshold are listed, so a listed `similarity` is
//! never an estimate and no listed pair is a false positive.
//!
//! **Order.** Pairs have a before b in corpus order (issues in corpus order, then article
//! number); a pair may lie inside one issue. Rows by similarity descending, ties by (a, b) in
//! corpus order. Every number is exact and the pairs do not depend on the threads.
//!
//! **Scale.** Pass 1 reads the corpus once (in parallel, in batches, without jieba) and keeps
//! per article its signature (512 bytes), its title and sizes: about 600 bytes an article,
//! e.g. 60 MB for 100,000 articles (~1 GB of news text). Band buckets are found by sorting,
//! one band at a time: linear in the articles apart from the proposed pairs (each proposed
//! once, by the first band where it agrees). Pass 2 re-reads only the issues that hold a
//! candidate and keeps the shingle sets of the candidate articles (16 bytes a shingle, about
//! one per Han character; identical sets are kept once, so 1,000 verbatim copies cost one
//! set), then computes each candidate pair (identical set pairs once). Memory grows with the
//! articles and with the distinct texts of the candidate articles, not with the corpus text;
//! in the worst case, every article a candidate, it is 16 bytes per Han character of the
//! corpus.
//!
//! **Groups (`--dedup`).** [`reprint_groups`]: the connected components of the listed pairs
//! (union–find: a chain a~b, b~c puts a and c in one group even if a and c are less similar);
//! in each group the earliest article is kept (metadata `date` ascending, an issue without a
//! date after every dated one, then issue id, then article number) and the others are
//! reprints to drop. A copy contained in a much longer article (a notice quoted inside a
//! report) has a low Jaccard index and is not found; that is a limit of the measure.

use polars::prelude::*;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;
use std::path::Path;

use crate::columns as col;
use crate::corpus::Corpus;
use crate::corpus::convert::{Converter, normalize_converted};
use crate::corpus::normalize::is_han;
use crate::corpus::stream::{Sizes, for_each_article};
use crate::corpus::structure::articles;
use crate::error::{Error, Result};
use crate::pass::scan_texts;
use crate::table::frame;
use crate::tokenize::{Segmented, Segmenter};

/// Characters per shingle.
pub const K: usize = 5;
/// Values in a MinHash signature.
pub const HASHES: usize = 128;
/// The largest admissible miss probability at the threshold, which sets the bands.
pub const MAX_MISS: f64 = 0.01;
/// A proposed pair is checked exactly when its signatures agree in at least
/// 128·(threshold − ESTIMATE_MARGIN) values.
pub const ESTIMATE_MARGIN: f64 = 0.2;
/// Fixed seed of the MinHash constants.
const SEED: u64 = 0x7A68_636F_7270_7573; // "zhcorpus"

#[derive(Debug, Clone)]
pub struct ReprintOptions {
    /// List pairs with similarity at or above this, in (0, 1] (default 0.5).
    pub min_similarity: f64,
    /// Leave out articles with fewer Han characters (default 100).
    pub min_chars: u32,
}

impl Default for ReprintOptions {
    fn default() -> Self {
        ReprintOptions {
            min_similarity: 0.5,
            min_chars: 100,
        }
    }
}

impl ReprintOptions {
    /// The threshold, as `--min-similarity S` gives it, is a Jaccard index in (0, 1].
    pub fn check(&self) -> Result<()> {
        self.check_as(&format!("--min-similarity {}", self.min_similarity))
    }

    /// `check`, the error naming the flag as the user wrote it (`--dedup=0`).
    pub fn check_as(&self, flag: &str) -> Result<()> {
        if !(self.min_similarity > 0.0 && self.min_similarity <= 1.0) {
            return Err(Error::usage(format!(
                "{flag}: give the similarity above which articles are copies, a Jaccard \
                 index in (0, 1], e.g. 0.8 (default 0.5)"
            )));
        }
        Ok(())
    }

    /// (bands, rows): the largest r in 1..=8 whose miss probability at the threshold,
    /// (1 − t^r)^⌊128/r⌋, is at most [`MAX_MISS`].
    pub fn bands_rows(&self) -> (usize, usize) {
        let t = self.min_similarity.clamp(0.0, 1.0);
        let r = (1..=8)
            .rev()
            .find(|&r| miss_probability(t, HASHES / r, r) <= MAX_MISS)
            .unwrap_or(1);
        (HASHES / r, r)
    }
}

/// The probability that LSH with b bands of r rows misses a pair of Jaccard index j:
/// (1 − j^r)^b.
pub fn miss_probability(j: f64, bands: usize, rows: usize) -> f64 {
    (1.0 - j.powi(rows as i32)).powi(bands as i32)
}

/// The Han characters of each article of an issue, with its title, as every command
/// structures the issue (without segmentation; converted with `--t2s` when `conv` is given).
pub fn article_texts(text: &str, conv: Option<&Converter>) -> Vec<(String, Vec<char>)> {
    articles(normalize_converted(text, conv))
        .into_iter()
        .map(|a| {
            let han: Vec<char> = a
                .sentences()
                .flat_map(str::chars)
                .filter(|&c| is_han(c))
                .collect();
            (a.title, han)
        })
        .collect()
}

/// The same from an issue segmented by the streaming pass (its sentences carry the article
/// numbers; the report's pass).
pub fn article_texts_segmented(s: &Segmented) -> Vec<(String, Vec<char>)> {
    let mut out: Vec<(String, Vec<char>)> =
        s.titles.iter().map(|t| (t.clone(), Vec::new())).collect();
    for sent in &s.sentences {
        if let Some(a) = out.get_mut(sent.article as usize - 1) {
            a.1.extend(s.sentence_text(sent).chars().filter(|&c| is_han(c)));
        }
    }
    out
}

/// A shingle: K code points, 21 bits each, the first in the lowest bits.
pub fn shingle(chars: &[char]) -> u128 {
    chars
        .iter()
        .enumerate()
        .fold(0u128, |k, (i, &c)| k | (u128::from(c as u32) << (21 * i)))
}

/// The sorted set of an article's shingles (empty below K characters).
pub fn shingles(chars: &[char]) -> Vec<u128> {
    let mut s: Vec<u128> = chars.windows(K).map(shingle).collect();
    s.sort_unstable();
    s.dedup();
    s
}

/// |A ∩ B| / |A ∪ B| of two sorted sets; 0 when both are empty.
pub fn jaccard(a: &[u128], b: &[u128]) -> f64 {
    jaccard_at_least(a, b, 0.0).unwrap_or(0.0)
}

/// The Jaccard index of two sorted sets when it is at least `min` (else `None`), stopping
/// early once the shingles left cannot reach it: J ≥ min ⇔ |A ∩ B| ≥ min·(|A| + |B|)/(1 + min),
/// and J ≤ min(|A|, |B|)/max(|A|, |B|). The value returned is exact.
pub fn jaccard_at_least(a: &[u128], b: &[u128], min: f64) -> Option<f64> {
    let total = a.len() + b.len();
    if total == 0 {
        return (min <= 0.0).then_some(0.0);
    }
    // Slightly below the bound, so that rounding never stops a pair at exactly `min`.
    let needed = min * total as f64 / (1.0 + min) - 1e-9;
    if (a.len().min(b.len()) as f64) < needed {
        return None;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
        if ((inter + (a.len() - i).min(b.len() - j)) as f64) < needed {
            return None;
        }
    }
    let jac = inter as f64 / (total - inter) as f64;
    (jac >= min).then_some(jac)
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The 32-bit hash x(s) of a shingle: its two 64-bit halves mixed (splitmix64's finaliser).
fn base_hash(s: u128) -> u64 {
    let mut z = (s as u64) ^ ((s >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) >> 32
}

/// MinHash: the fixed constants a_i (odd), b_i.
#[derive(Debug, Clone)]
pub struct MinHasher {
    a: [u64; HASHES],
    b: [u64; HASHES],
}

impl Default for MinHasher {
    fn default() -> Self {
        let mut state = SEED;
        let mut a = [0u64; HASHES];
        let mut b = [0u64; HASHES];
        for i in 0..HASHES {
            a[i] = splitmix64(&mut state) | 1;
            b[i] = splitmix64(&mut state);
        }
        MinHasher { a, b }
    }
}

impl MinHasher {
    /// The signature of an article's characters: value i = min over its shingles s of
    /// ((a_i·x(s) + b_i) mod 2⁶⁴) >> 32.
    pub fn signature(&self, chars: &[char]) -> [u32; HASHES] {
        let mut sig = [u32::MAX; HASHES];
        for w in chars.windows(K) {
            let x = base_hash(shingle(w));
            for ((s, &a), &b) in sig.iter_mut().zip(&self.a).zip(&self.b) {
                let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                *s = (*s).min(h);
            }
        }
        sig
    }
}

/// One article as pass 1 keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleInfo {
    /// Index of its issue in `Corpus::docs`.
    pub doc: u32,
    /// 1-based article number within the issue.
    pub article: u32,
    pub chars: u32,
    pub title: String,
}

/// One issue's articles as a worker leaves them: the articles long enough to compare, each
/// with its band hashes.
#[derive(Debug, Clone, Default)]
pub struct IssueSketch {
    pub articles: Vec<(ArticleInfo, [u32; HASHES])>,
}

/// Pass 1's per-issue work, on the workers: the options, the MinHash constants and the LSH
/// shape.
#[derive(Debug, Clone)]
pub struct Sketcher {
    opts: ReprintOptions,
    hasher: MinHasher,
    bands: usize,
    rows: usize,
}

impl Sketcher {
    /// An issue's articles (from [`article_texts`] or [`article_texts_segmented`]) sketched;
    /// `doc` is the issue's index in the corpus.
    pub fn sketch(&self, doc: usize, texts: Vec<(String, Vec<char>)>) -> IssueSketch {
        let articles = texts
            .into_iter()
            .enumerate()
            .filter_map(|(i, (title, han))| self.sketch_article(doc, i as u32 + 1, title, &han))
            .collect();
        IssueSketch { articles }
    }

    /// One article (numbered `article` in its issue) sketched, if it is long enough to be
    /// compared.
    fn sketch_article(
        &self,
        doc: usize,
        article: u32,
        title: String,
        han: &[char],
    ) -> Option<(ArticleInfo, [u32; HASHES])> {
        if han.len() < (self.opts.min_chars as usize).max(K) {
            return None;
        }
        let info = ArticleInfo {
            doc: doc as u32,
            article,
            chars: han.len() as u32,
            title,
        };
        Some((info, self.hasher.signature(han)))
    }

    /// A large file sketched as `sketch` sketches it, read a part at a time
    /// (`corpus::stream`): its articles are sketched in batches on all cores.
    fn sketch_file(
        &self,
        doc: usize,
        path: &Path,
        conv: Option<&Converter>,
    ) -> Result<IssueSketch> {
        let mut articles = Vec::new();
        let mut batch: Vec<(u32, String, Vec<char>)> = Vec::new();
        let mut chars = 0;
        let mut sketch = |batch: &mut Vec<(u32, String, Vec<char>)>| {
            let done: Vec<_> = batch
                .par_drain(..)
                .filter_map(|(n, title, han)| self.sketch_article(doc, n, title, &han))
                .collect();
            articles.extend(done);
        };
        for_each_article(path, conv, Sizes::default(), |n, title, han| {
            chars += han.len();
            batch.push((n, title, han));
            if chars >= SKETCH_BATCH_CHARS {
                sketch(&mut batch);
                chars = 0;
            }
        })?;
        sketch(&mut batch);
        Ok(IssueSketch { articles })
    }
}

/// Han characters of a large file's articles sketched at a time (`Sketcher::sketch_file`).
const SKETCH_BATCH_CHARS: usize = 4 << 20;

/// Pass 1's sequential fold: every compared article and its band hashes.
#[derive(Debug, Clone, Default)]
pub struct Sketches {
    articles: Vec<ArticleInfo>,
    /// [`HASHES`] MinHash values per article, article-major.
    signatures: Vec<u32>,
}

impl Sketches {
    /// Fold an issue's sketch in, in corpus order.
    pub fn add(&mut self, sketch: IssueSketch) {
        for (info, sig) in sketch.articles {
            self.articles.push(info);
            self.signatures.extend_from_slice(&sig);
        }
    }
}

/// Pass 1 (a [`Sketcher`] on the workers, [`Sketches`] folded in corpus order) and pass 2
/// ([`ReprintFinder::finish`]).
#[derive(Debug)]
pub struct ReprintFinder {
    pub sketcher: Sketcher,
    pub sketches: Sketches,
}

impl ReprintFinder {
    pub fn new(opts: &ReprintOptions) -> Result<Self> {
        opts.check()?;
        let (bands, rows) = opts.bands_rows();
        Ok(ReprintFinder {
            sketcher: Sketcher {
                opts: opts.clone(),
                hasher: MinHasher::default(),
                bands,
                rows,
            },
            sketches: Sketches::default(),
        })
    }

    /// (bands, rows) of the LSH.
    pub fn lsh(&self) -> (usize, usize) {
        (self.sketcher.bands, self.sketcher.rows)
    }

    /// Fold an issue's sketch in, in corpus order.
    pub fn add(&mut self, sketch: IssueSketch) {
        self.sketches.add(sketch);
    }

    fn signature(&self, article: u32) -> &[u32] {
        let at = article as usize * HASHES;
        &self.sketches.signatures[at..at + HASHES]
    }

    /// Band t of an article's signature.
    fn band(&self, article: u32, t: usize) -> &[u32] {
        let r = self.sketcher.rows;
        &self.signature(article)[t * r..(t + 1) * r]
    }

    /// Candidate pairs (a < b, article indices), each once: proposed by the first band where
    /// a and b agree, and kept when their signatures agree in at least
    /// 128·(`min_similarity` − [`ESTIMATE_MARGIN`]) values. Sorted. Also the number of pairs
    /// the bands proposed.
    pub fn candidates(&self) -> (Vec<(u32, u32)>, usize) {
        let n = self.sketches.articles.len() as u32;
        let floor = HASHES as f64 * (self.sketcher.opts.min_similarity - ESTIMATE_MARGIN);
        let per_band: Vec<(Vec<(u32, u32)>, usize)> = (0..self.sketcher.bands)
            .into_par_iter()
            .map(|t| {
                let mut keyed: Vec<(u64, u32)> = (0..n)
                    .map(|i| {
                        let mut h = FxHasher::default();
                        for &v in self.band(i, t) {
                            h.write_u32(v);
                        }
                        (h.finish(), i)
                    })
                    .collect();
                keyed.sort_unstable();
                let mut out = Vec::new();
                let mut proposed = 0;
                for bucket in keyed.chunk_by(|x, y| x.0 == y.0) {
                    for (x, &(_, i)) in bucket.iter().enumerate() {
                        for &(_, j) in &bucket[x + 1..] {
                            let (i, j) = (i.min(j), i.max(j));
                            // A hash collision of unequal bands, or a pair an earlier band
                            // proposed.
                            if self.band(i, t) != self.band(j, t)
                                || (0..t).any(|u| self.band(i, u) == self.band(j, u))
                            {
                                continue;
                            }
                            proposed += 1;
                            let (si, sj) = (self.signature(i), self.signature(j));
                            let agree = si.iter().zip(sj).filter(|(a, b)| a == b).count();
                            if agree as f64 >= floor {
                                out.push((i, j));
                            }
                        }
                    }
                }
                (out, proposed)
            })
            .collect();
        let proposed = per_band.iter().map(|b| b.1).sum();
        let mut pairs: Vec<(u32, u32)> = per_band.into_iter().flat_map(|b| b.0).collect();
        pairs.par_sort_unstable();
        (pairs, proposed)
    }

    /// Pass 2: the exact similarity of every candidate (re-reading the issues that hold
    /// one, converted with `conv` as pass 1 was: `Segmenter::converter`), the pairs at or
    /// above the threshold, and the articles.
    pub fn finish(self, corpus: &Corpus, conv: Option<&Converter>) -> Result<Reprints> {
        let (candidates, proposed) = self.candidates();
        // Which articles (by index) each issue must give its shingles for.
        let mut wanted: Vec<u32> = candidates.iter().flat_map(|&(a, b)| [a, b]).collect();
        wanted.par_sort_unstable();
        wanted.dedup();
        let mut by_doc: FxHashMap<u32, Vec<(u32, u32)>> = FxHashMap::default();
        for &w in &wanted {
            let a = &self.sketches.articles[w as usize];
            by_doc.entry(a.doc).or_default().push((a.article, w));
        }
        let mut docs: Vec<usize> = by_doc.keys().map(|&d| d as usize).collect();
        docs.sort_unstable();
        // Article index → set class; identical sets share a class.
        let mut class_of: FxHashMap<u32, u32> = FxHashMap::default();
        let mut sets: Vec<Vec<u128>> = Vec::new();
        let mut set_index: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        scan_texts(
            corpus,
            &docs,
            &|_| {},
            BATCH_BYTES,
            |d, decoded| {
                let texts = article_texts(&decoded.text, conv);
                by_doc[&(d as u32)]
                    .iter()
                    .map(|&(article, w)| {
                        let han = texts
                            .get(article as usize - 1)
                            .map(|t| t.1.as_slice())
                            .unwrap_or_default();
                        (w, shingles(han))
                    })
                    .collect::<Vec<_>>()
            },
            |d| {
                // A large file: its wanted articles' shingles, as its articles go by.
                let wanted = &by_doc[&(d as u32)];
                let mut found = Vec::with_capacity(wanted.len());
                let path = &corpus.docs[d].path;
                for_each_article(path, conv, Sizes::default(), |n, _, han| {
                    for &(_, w) in wanted.iter().filter(|&&(a, _)| a == n) {
                        found.push((w, shingles(&han)));
                    }
                })?;
                // In the order of `wanted`, as the whole file gives them.
                found.sort_by_key(|&(w, _)| wanted.iter().position(|x| x.1 == w));
                Ok(found)
            },
            |_, found| {
                for (w, set) in found {
                    let mut h = FxHasher::default();
                    for &s in &set {
                        h.write_u128(s);
                    }
                    let same = set_index.entry(h.finish()).or_default();
                    let class = match same.iter().find(|&&c| sets[c as usize] == set) {
                        Some(&c) => c,
                        None => {
                            sets.push(set);
                            same.push(sets.len() as u32 - 1);
                            sets.len() as u32 - 1
                        }
                    };
                    class_of.insert(w, class);
                }
                Ok(())
            },
        )?;
        // Exact Jaccard once per distinct pair of sets.
        let mut class_pairs: Vec<(u32, u32)> = candidates
            .iter()
            .map(|&(a, b)| {
                let (x, y) = (class_of[&a], class_of[&b]);
                (x.min(y), x.max(y))
            })
            .collect();
        class_pairs.par_sort_unstable();
        class_pairs.dedup();
        let min = self.sketcher.opts.min_similarity;
        // The similarity of each pair of sets, or None below the threshold.
        let sims: Vec<Option<f64>> = class_pairs
            .par_iter()
            .map(|&(x, y)| {
                if x == y {
                    Some(1.0)
                } else {
                    jaccard_at_least(&sets[x as usize], &sets[y as usize], min)
                }
            })
            .collect();
        drop(sets);
        let mut pairs: Vec<Pair> = candidates
            .iter()
            .filter_map(|&(a, b)| {
                let (x, y) = (class_of[&a], class_of[&b]);
                let k = class_pairs
                    .binary_search(&(x.min(y), x.max(y)))
                    .unwrap_or(0);
                sims[k].map(|similarity| Pair { a, b, similarity })
            })
            .collect();
        pairs.par_sort_unstable_by(|p, q| {
            q.similarity
                .total_cmp(&p.similarity)
                .then((p.a, p.b).cmp(&(q.a, q.b)))
        });
        Ok(Reprints {
            articles: self.sketches.articles,
            pairs,
            proposed,
            candidates: candidates.len(),
            lsh: (self.sketcher.bands, self.sketcher.rows),
        })
    }
}

/// A listed pair: article indices into `Reprints::articles`, a < b in corpus order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub a: u32,
    pub b: u32,
    pub similarity: f64,
}

/// The result: every compared article and the pairs at or above the threshold, sorted.
#[derive(Debug, Clone)]
pub struct Reprints {
    pub articles: Vec<ArticleInfo>,
    pub pairs: Vec<Pair>,
    /// Pairs the LSH bands proposed.
    pub proposed: usize,
    /// Of those, the pairs whose signatures agree enough, each checked exactly.
    pub candidates: usize,
    /// (bands, rows) of the LSH.
    pub lsh: (usize, usize),
}

/// One group of near-duplicates: the article kept and the reprints to drop, as
/// (issue index in the corpus, 1-based article number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReprintGroup {
    pub keep: (u32, u32),
    pub drop: Vec<(u32, u32)>,
}

impl Reprints {
    /// The table: `issue_a, article_a, issue_b, article_b, similarity, chars_a, chars_b,
    /// title_a, title_b`.
    pub fn table(&self, corpus: &Corpus) -> Result<DataFrame> {
        let n = self.pairs.len();
        let art = |i: u32| &self.articles[i as usize];
        let issue = |i: u32| corpus.docs[art(i).doc as usize].id.as_str();
        let side = |pick: fn(&Pair) -> u32| {
            let ids: Vec<u32> = self.pairs.iter().map(pick).collect();
            (
                ids.iter().map(|&i| issue(i)).collect::<Vec<&str>>(),
                ids.iter().map(|&i| art(i).article).collect::<Vec<u32>>(),
                ids.iter().map(|&i| art(i).chars).collect::<Vec<u32>>(),
                ids.iter()
                    .map(|&i| art(i).title.as_str())
                    .collect::<Vec<&str>>(),
            )
        };
        let (ia, aa, ca, ta) = side(|p| p.a);
        let (ib, ab, cb, tb) = side(|p| p.b);
        let sim: Vec<f64> = self.pairs.iter().map(|p| p.similarity).collect();
        debug_assert_eq!(sim.len(), n);
        frame(vec![
            Column::new(col::ISSUE_A.into(), ia),
            Column::new(col::ARTICLE_A.into(), aa),
            Column::new(col::ISSUE_B.into(), ib),
            Column::new(col::ARTICLE_B.into(), ab),
            Column::new(col::SIMILARITY.into(), sim),
            Column::new(col::CHARS_A.into(), ca),
            Column::new(col::CHARS_B.into(), cb),
            Column::new(col::TITLE_A.into(), ta),
            Column::new(col::TITLE_B.into(), tb),
        ])
    }

    /// The groups of near-duplicates (see [`reprint_groups`]), with each issue's date from
    /// the metadata column `date` (empty when the corpus has none).
    pub fn groups(&self, corpus: &Corpus) -> Vec<ReprintGroup> {
        let dates = corpus
            .doc_values("date")
            .unwrap_or_else(|_| vec![String::new(); corpus.docs.len()]);
        let ids: Vec<&str> = corpus.docs.iter().map(|d| d.id.as_str()).collect();
        reprint_groups(&self.articles, &self.pairs, &dates, &ids)
    }

    /// For each issue, the sorted article numbers to drop as reprints (what `--dedup` leaves
    /// out): every group member but the one kept.
    pub fn dropped(&self, corpus: &Corpus) -> Vec<Vec<u32>> {
        self.dropped_in(corpus, &self.groups(corpus))
    }

    fn dropped_in(&self, corpus: &Corpus, groups: &[ReprintGroup]) -> Vec<Vec<u32>> {
        let mut out = vec![Vec::new(); corpus.docs.len()];
        for g in groups {
            for &(doc, article) in &g.drop {
                out[doc as usize].push(article);
            }
        }
        for v in &mut out {
            v.sort_unstable();
        }
        out
    }

    /// `--dedup`: every later pass over `corpus` leaves out the reprints (each group of
    /// near-duplicates counted once, by its kept article), through `Document::skip`.
    pub fn apply(&self, corpus: &mut Corpus, opts: &ReprintOptions) -> Dedup {
        let groups = self.groups(corpus);
        let dropped = self.dropped_in(corpus, &groups);
        let chars = self
            .articles
            .iter()
            .filter(|a| dropped[a.doc as usize].binary_search(&a.article).is_ok())
            .map(|a| u64::from(a.chars))
            .sum();
        let issues = dropped.iter().filter(|v| !v.is_empty()).count();
        for (doc, skip) in corpus.docs.iter_mut().zip(dropped) {
            doc.skip = skip;
        }
        Dedup {
            min_similarity: opts.min_similarity,
            min_chars: opts.min_chars,
            compared: self.articles.len(),
            pairs: self.pairs.len(),
            groups: groups.len(),
            dropped_articles: groups.iter().map(|g| g.drop.len()).sum(),
            dropped_chars: chars,
            issues,
        }
    }
}

/// What `--dedup` left out, for the user and the manifest.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Dedup {
    pub min_similarity: f64,
    pub min_chars: u32,
    /// Articles compared (those of at least `min_chars` Han characters).
    pub compared: usize,
    /// Pairs with similarity ≥ `min_similarity`.
    pub pairs: usize,
    /// Groups of near-duplicates (connected components of the pairs).
    pub groups: usize,
    /// Articles left out: every group's members but the one kept.
    pub dropped_articles: usize,
    /// Their Han characters.
    pub dropped_chars: u64,
    /// Issues that lost at least one article.
    pub issues: usize,
}

impl std::fmt::Display for Dedup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "--dedup: {} reprinted articles ({} Han characters, in {} issues) left out; {} \
             groups of near-duplicates (similarity ≥ {}, {} pairs among {} articles of at \
             least {} Han characters) each counted once, by its earliest article",
            self.dropped_articles,
            self.dropped_chars,
            self.issues,
            self.groups,
            self.min_similarity,
            self.pairs,
            self.compared,
            self.min_chars
        )
    }
}

/// Connected components of `pairs` (union–find over article indices), in each the article
/// kept first by `dates[doc]` ascending (an empty date after every date), then `ids[doc]`,
/// then article number; the rest are to drop. Groups in the order of their kept article.
pub fn reprint_groups(
    articles: &[ArticleInfo],
    pairs: &[Pair],
    dates: &[String],
    ids: &[&str],
) -> Vec<ReprintGroup> {
    let mut parent: FxHashMap<u32, u32> = FxHashMap::default();
    fn find(parent: &mut FxHashMap<u32, u32>, x: u32) -> u32 {
        let mut r = x;
        while let Some(&p) = parent.get(&r) {
            if p == r {
                break;
            }
            r = p;
        }
        // Path compression.
        let mut y = x;
        while y != r {
            let next = parent[&y];
            parent.insert(y, r);
            y = next;
        }
        r
    }
    for p in pairs {
        parent.entry(p.a).or_insert(p.a);
        parent.entry(p.b).or_insert(p.b);
        let (ra, rb) = (find(&mut parent, p.a), find(&mut parent, p.b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let members: Vec<u32> = parent.keys().copied().collect();
    let mut comps: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for m in members {
        let r = find(&mut parent, m);
        comps.entry(r).or_default().push(m);
    }
    let key = |i: u32| {
        let a = &articles[i as usize];
        let date = dates[a.doc as usize].as_str();
        (date.is_empty(), date, ids[a.doc as usize], a.article, i)
    };
    let mut groups: Vec<ReprintGroup> = comps
        .into_values()
        .map(|mut m| {
            m.sort_by(|&x, &y| key(x).cmp(&key(y)));
            let at = |i: u32| (articles[i as usize].doc, articles[i as usize].article);
            let mut drop: Vec<(u32, u32)> = m[1..].iter().map(|&i| at(i)).collect();
            drop.sort_unstable();
            ReprintGroup {
                keep: at(m[0]),
                drop,
            }
        })
        .collect();
    groups.sort_by_key(|g| g.keep);
    groups
}

/// Input bytes read per batch of the text-only passes.
const BATCH_BYTES: u64 = 32 << 20;

/// Pass 1 and pass 2 over a corpus: the near-duplicate pairs. Only `seg`'s `--t2s`
/// converter is used (no segmentation).
pub fn reprints(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &ReprintOptions,
) -> Result<Reprints> {
    let conv = seg.converter();
    let mut finder = ReprintFinder::new(opts)?;
    let all: Vec<usize> = (0..corpus.docs.len()).collect();
    let (sketcher, sketches) = (&finder.sketcher, &mut finder.sketches);
    scan_texts(
        corpus,
        &all,
        progress,
        BATCH_BYTES,
        |d, decoded| sketcher.sketch(d, article_texts(&decoded.text, conv)),
        |d| sketcher.sketch_file(d, &corpus.docs[d].path, conv),
        |_, s| {
            sketches.add(s);
            Ok(())
        },
    )?;
    finder.finish(corpus, conv)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn shingles_are_five_characters_as_a_set() {
        // 甲乙丙丁戊己 (6 characters): 6 − 5 + 1 = 2 shingles, 甲乙丙丁戊 and 乙丙丁戊己.
        let s = shingles(&chars("甲乙丙丁戊己"));
        assert_eq!(s.len(), 2);
        assert!(s.contains(&shingle(&chars("甲乙丙丁戊"))));
        // Fewer than 5 characters: none.
        assert!(shingles(&chars("甲乙丙丁")).is_empty());
        // A repeated shingle counts once: 甲乙丙丁戊甲乙丙丁戊 has 6 windows, 5 distinct
        // (甲乙丙丁戊 twice).
        assert_eq!(shingles(&chars("甲乙丙丁戊甲乙丙丁戊")).len(), 5);
        // The packing is exact: the 21-bit fields of each code point.
        let k = shingle(&chars("甲乙丙丁戊"));
        assert_eq!((k & 0x1F_FFFF) as u32, '甲' as u32);
        assert_eq!(((k >> 84) & 0x1F_FFFF) as u32, '戊' as u32);
    }

    #[test]
    fn jaccard_by_hand() {
        // A = {甲乙丙丁戊, 乙丙丁戊己}, B = {甲乙丙丁戊, 乙丙丁戊庚}: |A ∩ B| = 1,
        // |A ∪ B| = 2 + 2 − 1 = 3, J = 1/3.
        let a = shingles(&chars("甲乙丙丁戊己"));
        let b = shingles(&chars("甲乙丙丁戊庚"));
        assert_eq!(jaccard(&a, &b), 1.0 / 3.0);
        // 一二三四五六七八九十 (6 shingles) against its first 8 characters 一…八 (4 shingles,
        // all shared): 4 / (6 + 4 − 4) = 4/6.
        let c = shingles(&chars("一二三四五六七八九十"));
        let d = shingles(&chars("一二三四五六七八"));
        assert_eq!(jaccard(&c, &d), 4.0 / 6.0);
        assert_eq!(jaccard(&c, &c), 1.0);
        assert_eq!(jaccard(&c, &[]), 0.0);
        assert_eq!(jaccard(&[], &[]), 0.0);
        // At least: 4/6 passes 2/3 exactly, not 0.67; 1/3 stops early below 0.5.
        assert_eq!(jaccard_at_least(&c, &d, 2.0 / 3.0), Some(4.0 / 6.0));
        assert_eq!(jaccard_at_least(&c, &d, 0.67), None);
        assert_eq!(jaccard_at_least(&a, &b, 0.5), None);
        // Sizes 6 and 2 (J ≤ 2/6): stopped before merging.
        assert_eq!(jaccard_at_least(&c, &a, 0.4), None);
    }

    #[test]
    fn bands_from_the_threshold() {
        let at = |t: f64| {
            ReprintOptions {
                min_similarity: t,
                ..Default::default()
            }
            .bands_rows()
        };
        // 0.5: r = 4 would miss (1 − 0.5⁴)³² = 0.9375³² = 0.127 > 1%; r = 3 misses
        // (1 − 0.125)⁴² = 0.875⁴² = 0.003667.
        assert_eq!(at(0.5), (42, 3));
        let p = miss_probability(0.5, 42, 3);
        assert!((p - 0.003_667).abs() < 1e-6, "{p}");
        // 0.8: r = 6, b = 21: (1 − 0.8⁶)²¹ = 0.737856²¹ = 0.00168; r = 7 (b = 18) would miss
        // (1 − 0.8⁷)¹⁸ = 0.790285¹⁸ = 0.0144.
        assert_eq!(at(0.8), (21, 6));
        assert_eq!(at(1.0), (16, 8));
        // A low threshold needs one-row bands: every value is a chance to meet.
        assert_eq!(at(0.05), (128, 1));
        assert!(
            ReprintOptions {
                min_similarity: 0.0,
                ..Default::default()
            }
            .check()
            .is_err()
        );
    }

    #[test]
    fn the_signature_filter_rarely_drops_a_pair_at_the_threshold() {
        // Kept when ≥ 128·(0.5 − 0.2) = 38.4 values agree, i.e. ≥ 39; a pair at J = 0.5
        // agrees in Binomial(128, 0.5) values: P(X ≤ 38) = Σ_{i≤38} C(128, i)/2¹²⁸ ≈ 2.46·10⁻⁶.
        let floor = HASHES as f64 * (0.5 - ESTIMATE_MARGIN);
        assert_eq!(floor.ceil(), 39.0);
        let mut c = 1.0f64; // C(128, 0)
        let mut tail = 0.0;
        for i in 0..=38u32 {
            tail += c;
            c = c * f64::from(128 - i) / f64::from(i + 1);
        }
        let p = tail / 2f64.powi(128);
        assert!((p - 2.4614e-6).abs() < 1e-9, "{p}");
    }

    #[test]
    fn minhash_is_deterministic_and_estimates_jaccard() {
        let text: Vec<char> = (0..400u32)
            .map(|i| char::from_u32(0x4E00 + (i * 7919) % 3000).unwrap())
            .collect();
        let h = MinHasher::default();
        let s1 = h.signature(&text);
        assert_eq!(s1, MinHasher::default().signature(&text));
        // The same shingles in another order give the same signature.
        let mut doubled = text.clone();
        doubled.extend_from_slice(&text[..50]);
        // Half the text: J = 196 / 396 ≈ 0.495; the share of equal values estimates it.
        let half = &text[..200];
        let j = jaccard(&shingles(&text), &shingles(half));
        assert_eq!(j, 196.0 / 396.0);
        let s2 = h.signature(half);
        let agree = s1.iter().zip(&s2).filter(|(a, b)| a == b).count() as f64 / HASHES as f64;
        // Standard error √(J(1−J)/128) ≈ 0.044: within 4 of them.
        assert!((agree - j).abs() < 0.18, "{agree} vs {j}");
        assert_eq!(h.signature(&chars("甲乙丙丁")), [u32::MAX; HASHES]);
    }

    #[test]
    fn segmented_and_text_articles_agree() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seeds/003_337bf66f5a191e40.txt"
        ))
        .unwrap();
        let seg = crate::tokenize::Segmenter::new(&Default::default()).unwrap();
        let interner = crate::tokenize::Interner::default();
        let s = crate::tokenize::segment_text(&text, "UTF-8", &seg, &interner);
        let a = article_texts(&text, None);
        assert_eq!(a, article_texts_segmented(&s));
        let total: usize = a.iter().map(|(_, h)| h.len()).sum();
        assert_eq!(total as u64, s.han_chars);
    }

    fn info(doc: u32, article: u32) -> ArticleInfo {
        ArticleInfo {
            doc,
            article,
            chars: 100,
            title: String::new(),
        }
    }

    #[test]
    fn groups_keep_the_earliest() {
        // Articles 0..5: issue 0 art 1, issue 1 art 1, issue 1 art 2, issue 2 art 3,
        // issue 3 art 1, issue 0 art 2.
        let articles = vec![
            info(0, 1),
            info(1, 1),
            info(1, 2),
            info(2, 3),
            info(3, 1),
            info(0, 2),
        ];
        let dates: Vec<String> = ["2020-02-10", "2020-02-09", "", "2020-02-09"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let ids = ["b", "c", "a", "a0"];
        let pair = |a, b| Pair {
            a,
            b,
            similarity: 0.9,
        };
        // {0, 1, 3} by a chain 0~1, 1~3; {2, 4}; 5 alone.
        let pairs = [pair(0, 1), pair(1, 3), pair(2, 4)];
        let g = reprint_groups(&articles, &pairs, &dates, &ids);
        // {0, 1, 3}: issue 1 is dated 2020-02-09 (earliest); issue 2 has no date (last).
        // {2, 4}: issues 1 and 3 both 2020-02-09; id "a0" < "c": issue 3 kept.
        assert_eq!(
            g,
            vec![
                ReprintGroup {
                    keep: (1, 1),
                    drop: vec![(0, 1), (2, 3)]
                },
                ReprintGroup {
                    keep: (3, 1),
                    drop: vec![(1, 2)]
                },
            ]
        );
        assert!(reprint_groups(&articles, &[], &dates, &ids).is_empty());
    }
}
