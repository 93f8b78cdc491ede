//! The report's second pass: the tracked terms in context. The terms are known only after the
//! first pass when the report chooses them from its keyness tables, so this pass replays the
//! first pass's recording (the pieces it segmented, `pass::Recorded`: the corpus is not read
//! or segmented again) and reduces each piece on a worker, by the same functions the commands
//! use, to what the terms need:
//!
//! - `trend`: each term's occurrences per group (`trend`'s counting);
//! - `dispersion` over the issues, with the position of every occurrence (the barcode);
//! - `kwic`: an evenly spread sample of each term's concordance lines;
//! - `collocates`: each term's window counts (the collocation networks).
//!
//! Memory grows with the vocabulary (collocates keep the corpus frequency of every term), the
//! terms' occurrences (the barcode's ticks) and the samples, never with the text.

use polars::prelude::DataFrame;

use crate::analysis::Groups;
use crate::analysis::collocates::{CollocateOptions, Collocates, IssueWindows, Windows, nodes};
use crate::analysis::dispersion::{
    DispersionOptions, IssuePositions, Positions, PositionsAccumulator, TermStarts,
};
use crate::analysis::kwic::{IssueLines, Kwic, KwicSampler, Placer, kwic_frame, kwic_terms};
use crate::analysis::trend::Accumulator as TrendAccumulator;
use crate::corpus::Corpus;
use crate::error::Result;
use crate::pass::{Fold, Recorded};
use crate::tokenize::{Interner, Segmenter};

pub struct ContextOptions<'a> {
    /// The tracked terms (any order; repeats allowed).
    pub terms: &'a [String],
    /// The trend's grouping column (`date` or `issue`).
    pub trend_by: &'a str,
    /// KWIC lines kept per term, and tokens either side.
    pub kwic_cap: usize,
    pub kwic_window: usize,
    /// The collocates' options (window, min count, sort); `term` is set per term.
    pub collocates: &'a CollocateOptions,
}

/// A tracked term's tables.
pub struct TermContext {
    pub term: String,
    /// The KWIC sample (kwic's columns).
    pub kwic: DataFrame,
    /// All the term's matches (the sample shows `kwic.height()` of them).
    pub matches: u64,
    /// The term's collocates, as `zhcorpus collocates CORPUS TERM` writes them.
    pub collocates: DataFrame,
}

pub struct ContextResult {
    /// `group, term, count, per_10k` as `zhcorpus trend CORPUS TERMS --by BY`.
    pub trend: DataFrame,
    /// As `zhcorpus dispersion CORPUS TERMS` (parts = issues).
    pub dispersion: DataFrame,
    pub positions: Positions,
    /// One per term, in code-point order of the terms.
    pub terms: Vec<TermContext>,
}

/// What a worker hands over for one issue, or a piece of a large one (cut between articles,
/// handed over in order).
struct IssueWork {
    kwic: IssueLines,
    windows: IssueWindows,
    positions: IssuePositions,
}

/// The second pass, a replay of `recording` (made with `interner`), and the tables made from it.
pub fn run(
    corpus: &Corpus,
    seg: &Segmenter,
    recording: &Recorded,
    interner: &Interner,
    progress: &(dyn Fn(u64) + Sync),
    opts: &ContextOptions<'_>,
) -> Result<ContextResult> {
    let dispersion_opts = DispersionOptions {
        terms: opts.terms.to_vec(),
        by: None,
    };
    // In code-point order without repeats, as `trend` and `dispersion` list them; every
    // analysis below takes the terms in this order.
    let terms = dispersion_opts.terms(seg)?;
    let names: Vec<String> = terms.iter().map(|t| t.name.clone()).collect();
    let kwic_terms = kwic_terms(seg, &names)?;
    let kwic = Kwic::new(&kwic_terms, opts.kwic_window, |p| Some(interner.intern(p)));
    let nodes = nodes(seg, &names)?;
    let windows = Windows::new(&nodes, interner, opts.collocates.window);
    let starts = TermStarts::new(&terms, interner);

    let mut sampler = KwicSampler::new(&kwic_terms, opts.kwic_cap);
    let mut collocates = Collocates::new(nodes.len());
    let mut positions = PositionsAccumulator::new(corpus, terms.clone(), &dispersion_opts)?;
    let mut trend = TrendAccumulator::new(Groups::new(corpus, Some(opts.trend_by))?, terms.len());
    // A large file comes a piece at a time: its KWIC lines go to the sampler and its window
    // counts to the collocates as they come (both add up in corpus order), its positions are
    // folded here until its last piece (they are counted from the issue's first token).
    let mut placer = Placer::default();
    let mut pending: Option<(usize, IssuePositions)> = None;
    let mut add_issue = |d: usize, p: IssuePositions| {
        let counts: Vec<u64> = p.positions.iter().map(|p| p.len() as u64).collect();
        trend.add_doc(d, p.tokens, &counts);
        positions.add_doc(d, p);
    };
    recording.replay(
        progress,
        |d, s| IssueWork {
            kwic: IssueLines::of(&kwic, d, &s),
            windows: windows.issue(&s),
            positions: starts.in_issue(&s),
        },
        |d, w| {
            sampler.add(placer.place(d, w.kwic));
            collocates.add(w.windows);
            match &mut pending {
                Some((doc, p)) if *doc == d => p.fold(w.positions),
                _ => {
                    if let Some((doc, p)) = pending.replace((d, w.positions)) {
                        add_issue(doc, p);
                    }
                }
            }
            Ok(())
        },
    )?;
    if let Some((doc, p)) = pending {
        add_issue(doc, p);
    }
    let (vocab, remap) = interner.snapshot(seg);
    let (dispersion, positions) = positions.finish(corpus)?;
    let samples = sampler.frames(corpus)?;
    let matches = sampler.matches();
    let mut per_term = Vec::with_capacity(names.len());
    for (k, ((name, kwic), matches)) in samples.into_iter().zip(matches).enumerate() {
        let copts = CollocateOptions {
            term: name.clone(),
            ..opts.collocates.clone()
        };
        per_term.push(TermContext {
            collocates: collocates.table(&vocab, &remap, k, &copts)?,
            term: name,
            kwic,
            matches,
        });
    }
    Ok(ContextResult {
        trend: trend.frame(&terms)?,
        dispersion,
        positions,
        terms: per_term,
    })
}

/// Every term's KWIC sample in one table, terms one after another (each line's `keyword`
/// says whose it is).
pub fn kwic_all(corpus: &Corpus, terms: &[TermContext]) -> Result<DataFrame> {
    let mut df = kwic_frame(corpus, &[])?;
    for t in terms {
        df.vstack_mut(&t.kwic)?;
    }
    Ok(df)
}
