//! The report's one streaming pass over the corpus. Each issue is segmented on a worker and
//! reduced there, by the same functions the commands use, to what the report needs: its
//! counted-term counts (`freq`, `keyness`), its figures (`issues`) and its n-grams
//! (`ngrams`, folded into the worker's shard). No token sequence outlives its issue, so memory
//! grows with the vocabulary, the distinct n-grams and the number of issues, not the text.
//!
//! Trends need terms chosen from the finished keyness tables when `--track` is not given;
//! for those, each issue's counts are spilled to a temporary file as (term id, count) pairs
//! of 8 bytes and read back once, so that no second segmentation pass is needed.

use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use polars::prelude::DataFrame;

use super::plan::Comparison;
use crate::analysis::frequency::{FreqAccumulator, FreqOptions, to_frame as freq_frame};
use crate::analysis::issues::{Figures, IssuesOptions, figures_of, figures_table, tracked_terms};
use crate::analysis::keyness::{KeynessAccumulator, corpus_issues, to_frame as keyness_frame};
use crate::analysis::ngrams::{NgramCounter, NgramOptions};
use crate::analysis::terms::{TermIds, Tracked};
use crate::analysis::trend::Accumulator as TrendAccumulator;
use crate::analysis::{Groups, global_counts};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::tokenize::{Interner, Segmenter, scan_batched};

/// Input bytes per batch: a quarter of the commands' batch, since every issue hands over
/// its counts and its figures (two batches of results wait at most).
const BATCH_BYTES: u64 = 8 << 20;

/// What the pass is asked for.
pub struct PassOptions<'a> {
    pub ngrams: &'a NgramOptions,
    pub issues: &'a IssuesOptions,
    pub comparisons: &'a [Comparison],
    /// The trend's grouping column (`date` or `issue`).
    pub trend_by: &'a str,
    /// Pick the trend's terms from the finished tables (when `--track` is not given).
    pub choose_terms: &'a dyn Fn(&[DataFrame], &DataFrame) -> Vec<String>,
}

/// The tables of the pass.
pub struct PassResult {
    pub freq: DataFrame,
    pub ngrams: DataFrame,
    pub issues: DataFrame,
    /// One table per comparison, in order.
    pub keyness: Vec<DataFrame>,
    /// `group, term, count, per_10k` of the tracked (or chosen) terms.
    pub trend: DataFrame,
    /// The tracked terms, as the trend names them.
    pub trend_terms: Vec<String>,
    /// Each issue's detected encoding.
    pub encodings: Vec<&'static str>,
    pub vocab_size: usize,
}

/// What a worker hands over for one issue.
struct IssueWork {
    counts: Vec<(u32, u64)>,
    figures: Figures,
    encoding: &'static str,
}

/// Each issue's counts as (provisional id, count) pairs in a temporary file.
struct Spill {
    file: BufWriter<std::fs::File>,
    pairs: Vec<u32>,
}

impl Spill {
    fn new() -> Result<Self> {
        let file = tempfile::tempfile().map_err(|e| Error::io(std::env::temp_dir(), e))?;
        Ok(Spill {
            file: BufWriter::with_capacity(1 << 20, file),
            pairs: Vec::new(),
        })
    }

    fn push(&mut self, counts: &[(u32, u64)]) -> Result<()> {
        for &(id, c) in counts {
            let c = u32::try_from(c).unwrap_or(u32::MAX);
            self.file
                .write_all(&id.to_le_bytes())
                .and_then(|()| self.file.write_all(&c.to_le_bytes()))
                .map_err(|e| Error::io(std::env::temp_dir(), e))?;
        }
        self.pairs.push(counts.len() as u32);
        Ok(())
    }

    /// Occurrences of each wanted term (final ids, via `remap`) in each issue, in order.
    fn occurrences(
        self,
        remap: &[u32],
        wanted: &[u32],
        mut each: impl FnMut(usize, &[u64]),
    ) -> Result<()> {
        let io = |e| Error::io(std::env::temp_dir(), e);
        let mut file = self.file.into_inner().map_err(|e| io(e.into_error()))?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut r = BufReader::with_capacity(1 << 20, file);
        let mut pair = [0u8; 8];
        let mut occ = vec![0u64; wanted.len()];
        for (d, &n) in self.pairs.iter().enumerate() {
            occ.iter_mut().for_each(|o| *o = 0);
            for _ in 0..n {
                r.read_exact(&mut pair).map_err(io)?;
                let id = u32::from_le_bytes([pair[0], pair[1], pair[2], pair[3]]);
                let c = u32::from_le_bytes([pair[4], pair[5], pair[6], pair[7]]);
                if let Some(k) = wanted.iter().position(|&w| w == remap[id as usize]) {
                    occ[k] += c as u64;
                }
            }
            each(d, &occ);
        }
        Ok(())
    }
}

/// The one pass, and the tables made from it.
pub fn run(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &PassOptions<'_>,
) -> Result<PassResult> {
    let tracked = tracked_terms(seg, opts.issues)?;
    let interner = Interner::default();
    let parts = TermIds::new(&tracked, |p| Some(interner.intern(p)));
    let ngrams = NgramCounter::new(&opts.ngrams.sizes);
    let mut freq = FreqAccumulator::new(Groups::new(corpus, None)?);
    let mut keyness = opts
        .comparisons
        .iter()
        .map(|c| {
            c.options
                .sides(&corpus.meta_columns, corpus_issues(corpus))
                .map(KeynessAccumulator::new)
        })
        .collect::<Result<Vec<_>>>()?;
    let trend_groups = Groups::new(corpus, Some(opts.trend_by))?;
    // The trend lists the tracked terms in code-point order without repeats, as `trend` does;
    // `order` picks each one's count out of the issue's figures (in --track order).
    let mut trend_terms = tracked.clone();
    trend_terms.sort_by(|a, b| a.name.cmp(&b.name));
    trend_terms.dedup_by(|a, b| a.name == b.name);
    let order: Vec<usize> = trend_terms
        .iter()
        .map(|t| tracked.iter().position(|x| x.name == t.name).unwrap_or(0))
        .collect();
    let mut trend = TrendAccumulator::new(trend_groups.clone(), trend_terms.len());
    let mut spill = if tracked.is_empty() {
        Some(Spill::new()?)
    } else {
        None
    };
    let mut figures = Vec::with_capacity(corpus.docs.len());
    let mut encodings = Vec::with_capacity(corpus.docs.len());
    scan_batched(
        corpus,
        seg,
        &interner,
        progress,
        BATCH_BYTES,
        |_, s| {
            ngrams.add(&s);
            IssueWork {
                counts: global_counts(&s),
                figures: figures_of(&s, &parts, opts.issues),
                encoding: s.encoding,
            }
        },
        |d, w| {
            freq.add_doc(d, &w.counts);
            for k in &mut keyness {
                k.add_doc(d, &w.counts);
            }
            let occ: Vec<u64> = order.iter().map(|&i| w.figures.tracked[i]).collect();
            trend.add_doc(d, w.figures.tokens, &occ);
            if let Some(s) = &mut spill {
                s.push(&w.counts)?;
            }
            figures.push(w.figures);
            encodings.push(w.encoding);
            Ok(())
        },
    )?;
    let (vocab, remap) = interner.finish(seg);
    let freq_opts = FreqOptions {
        min_count: 1,
        ..FreqOptions::default()
    };
    let (groups, rows) = freq.rows(Some(&remap), &freq_opts);
    let freq = freq_frame(&groups, &vocab, &rows, &freq_opts)?;
    let keyness = keyness
        .into_iter()
        .zip(opts.comparisons)
        .map(|(acc, c)| keyness_frame(&vocab, &acc.rows(Some(&remap), &c.options)?))
        .collect::<Result<Vec<_>>>()?;
    let ngrams = ngrams.table(&vocab, &remap, opts.ngrams)?;
    let tokens: Vec<u64> = figures.iter().map(|f| f.tokens).collect();
    let issues = figures_table(corpus, figures, &tracked)?;
    let (trend, trend_terms) = match spill {
        None => (trend.frame(&trend_terms)?, trend_terms),
        Some(spill) => {
            let mut names = (opts.choose_terms)(&keyness, &freq);
            names.sort();
            names.dedup();
            let terms: Vec<Tracked> = names
                .into_iter()
                .filter(|n| vocab.id(n).is_some())
                .map(|n| Tracked {
                    parts: vec![n.clone()],
                    name: n,
                    counted: true,
                })
                .collect();
            let wanted: Vec<u32> = terms.iter().filter_map(|t| vocab.id(&t.name)).collect();
            let mut acc = TrendAccumulator::new(trend_groups, wanted.len());
            spill.occurrences(&remap, &wanted, |d, occ| acc.add_doc(d, tokens[d], occ))?;
            (acc.frame(&terms)?, terms)
        }
    };
    Ok(PassResult {
        freq,
        ngrams,
        issues,
        keyness,
        trend,
        trend_terms: trend_terms.into_iter().map(|t| t.name).collect(),
        encodings,
        vocab_size: vocab.len(),
    })
}
