//! The report's one streaming pass over the corpus. Each issue is segmented on a worker and
//! reduced there, by the same functions the commands use, to what the report needs: its
//! counted-term counts (`freq`, `keyness`), its figures (`issues`) and its n-grams
//! (`ngrams`, folded into the worker's shard). No token sequence outlives its issue (a large
//! file is reduced a piece at a time, `IssuePiece`), so memory grows with the vocabulary, the
//! distinct n-grams and the number of issues, not the text.
//!
//! Keywords (per-issue TF-IDF) need every term's document frequency before any issue's
//! scores: `KeywordsAccumulator` spills each issue's counts to a temporary file and reads them
//! back once. The tracked terms (given with `--track`, or chosen here from the finished
//! keyness tables) are followed in a replay of this pass (`context.rs`), and `phrases` reads
//! the replay's texts: every piece segmented here is recorded (`pass::Recording`), so that the
//! corpus is read, decoded and segmented once. The pieces of a large file are cut between
//! articles (`Pieces::Articles`), as the concordance lines of the replay need them.

use polars::prelude::DataFrame;

use super::plan::Comparison;
use crate::analysis::frequency::{FreqAccumulator, FreqOptions, to_frame as freq_frame};
use crate::analysis::issues::{Figures, IssueTally, IssuesOptions, figures_table, tracked_terms};
use crate::analysis::keyness::{KeynessAccumulator, corpus_issues, to_frame as keyness_frame};
use crate::analysis::keywords::{KeywordsAccumulator, KeywordsOptions, corpus_documents};
use crate::analysis::ngrams::{IssueNgrams, NgramCounter, NgramOptions};
use crate::analysis::terms::TermIds;
use crate::analysis::{Groups, IssueCounts};
use crate::corpus::Corpus;
use crate::error::Result;
use crate::pass::{Fold, Pass, Recorded, Recording, Spool};
use crate::tokenize::{Interner, Pieces, Segmenter};

/// Input bytes per batch: a quarter of the commands' batch, since every issue hands over
/// its counts and its figures (two batches of results wait at most).
const BATCH_BYTES: u64 = 8 << 20;

/// What the pass is asked for.
pub struct PassOptions<'a> {
    pub ngrams: &'a NgramOptions,
    pub issues: &'a IssuesOptions,
    pub comparisons: &'a [Comparison],
    /// Pick the tracked terms from the finished tables (when `--track` is not given).
    pub choose_terms: &'a dyn Fn(&[DataFrame], &DataFrame) -> Vec<String>,
}

/// The tables of the pass.
pub struct PassResult {
    pub freq: DataFrame,
    pub ngrams: DataFrame,
    pub issues: DataFrame,
    /// One table per comparison, in order.
    pub keyness: Vec<DataFrame>,
    /// Per-issue TF-IDF, as `zhcorpus keywords` writes it (top 10 of each issue).
    pub keywords: DataFrame,
    /// The tracked terms: `--track`'s, or chosen from the keyness tables.
    pub tracked: Vec<String>,
    /// Each issue's detected encoding.
    pub encodings: Vec<&'static str>,
    /// Each issue's SHA-256, taken as it was read (`None` for a large file, read in parts).
    pub digests: Vec<Option<[u8; 32]>>,
    /// The pass's pieces, for the replays (`context.rs`, `phrases`).
    pub recording: Recorded,
    pub vocab_size: usize,
}

/// What a worker hands over for one issue.
struct IssueWork {
    counts: Vec<(u32, u64)>,
    figures: Figures,
    encoding: &'static str,
    digest: Option<[u8; 32]>,
    spool: Spool,
}

/// What a worker computes of one issue, or of a piece of a large one (`Fold`).
struct IssuePiece {
    counts: IssueCounts,
    tally: IssueTally,
    ngrams: IssueNgrams,
    encoding: &'static str,
    digest: Option<[u8; 32]>,
    spool: Spool,
}

impl Fold for IssuePiece {
    fn fold(&mut self, next: Self) {
        self.counts.fold(next.counts);
        self.tally.fold(next.tally);
        self.ngrams.fold(next.ngrams);
        self.spool.fold(next.spool);
    }
}

/// The one pass, and the tables made from it. `interner` gives the provisional ids, which the
/// replays of the recording go on with.
pub fn run(
    corpus: &Corpus,
    seg: &Segmenter,
    interner: &Interner,
    progress: &(dyn Fn(u64) + Sync),
    opts: &PassOptions<'_>,
) -> Result<PassResult> {
    let tracked = tracked_terms(seg, opts.issues)?;
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
    let mut keywords = KeywordsAccumulator::new(corpus_documents(corpus, None)?)?;
    let mut figures = Vec::with_capacity(corpus.docs.len());
    let mut encodings = Vec::with_capacity(corpus.docs.len());
    let mut digests = Vec::with_capacity(corpus.docs.len());
    let mut recording = Recording::new()?;
    Pass::new(corpus, seg, interner, progress)
        .batch_bytes(BATCH_BYTES)
        .cut(Pieces::Articles)
        .fold(
            |d, s| IssuePiece {
                counts: IssueCounts::of(&s),
                tally: IssueTally::of(d, &s, &parts),
                ngrams: ngrams.issue(&s),
                encoding: s.encoding,
                digest: s.digest,
                spool: Spool::of(&s),
            },
            |_, p| {
                ngrams.add_issue(p.ngrams);
                IssueWork {
                    counts: p.counts.counts,
                    figures: p.tally.figures(opts.issues),
                    encoding: p.encoding,
                    digest: p.digest,
                    spool: p.spool,
                }
            },
            |d, w| {
                recording.add(d, w.encoding, corpus.docs[d].bytes, w.spool)?;
                digests.push(w.digest);
                freq.add_doc(d, &w.counts);
                for k in &mut keyness {
                    k.add_doc(d, &w.counts);
                }
                keywords.add_doc(d, &w.counts)?;
                figures.push(w.figures);
                encodings.push(w.encoding);
                Ok(())
            },
        )?;
    let (vocab, remap) = interner.snapshot(seg);
    let freq_opts = FreqOptions {
        min_count: 1,
        ..FreqOptions::default()
    };
    // The tables made on the pool side by side: keywords reads its spill on one worker while
    // the n-grams' runs are merged on the others.
    let (comparisons, ngram_opts) = (opts.comparisons, opts.ngrams);
    let (tables, (ngrams, keywords)) = rayon::join(
        || -> Result<_> {
            let (groups, rows) = freq.rows(Some(&remap), &freq_opts);
            let freq = freq_frame(&groups, &vocab, &rows, &freq_opts)?;
            let keyness = keyness
                .into_iter()
                .zip(comparisons)
                .map(|(acc, c)| keyness_frame(&vocab, &acc.rows(Some(&remap), &c.options)?))
                .collect::<Result<Vec<_>>>()?;
            Ok((freq, keyness))
        },
        || {
            rayon::join(
                || ngrams.table(&vocab, &remap, ngram_opts),
                || keywords.table(&vocab, &remap, &KeywordsOptions::default()),
            )
        },
    );
    let (freq, keyness) = tables?;
    let (ngrams, keywords) = (ngrams?, keywords?.table);
    let issues = figures_table(corpus, figures, &tracked)?;
    let tracked = if tracked.is_empty() {
        (opts.choose_terms)(&keyness, &freq)
    } else {
        tracked.into_iter().map(|t| t.name).collect()
    };
    Ok(PassResult {
        freq,
        ngrams,
        issues,
        keyness,
        keywords,
        tracked,
        encodings,
        digests,
        recording: recording.finish()?,
        vocab_size: vocab.len(),
    })
}
