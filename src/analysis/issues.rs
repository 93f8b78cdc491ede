//! `issues`: one row of figures per issue (docs/counting.md).
//!
//! - articles, sentences: as structured by `corpus::structure`
//! - chars: Han characters after normalisation
//! - tokens: counted tokens (word, latin, number; stopwords out); types: distinct such terms
//! - ttr = types / tokens (empty when tokens = 0); hapax: types occurring exactly once
//! - top_terms: the 10 most frequent terms, ties by term, joined by `、`
//! - `per_10k:<term>` for each `--track TERM` = 10000 · occurrences / tokens. A tracked term
//!   that jieba cuts into several tokens (核酸检测 → 核酸 检测) is counted as that token
//!   sequence, adjacent inside a sentence, exactly as `ngrams` counts it.
//!
//! The table comes from the segmented corpus (the report), from one streaming pass over a
//! corpus (`zhcorpus issues`: each issue is reduced to a few figures, so memory grows with the
//! number of issues and the vocabulary, not with the text), or from a
//! counts file (which carries each issue's articles, sentences and chars; it has no token
//! order, so there only single-token terms can be tracked).

use polars::prelude::*;

use super::counts::{CountsTable, IssueRows, IssueSize};
use super::per_10k;
use super::terms::{TermIds, Tracked, require_single_tokens, tracked, vocab_ids};
use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::pass::{Fold, Pass};
use crate::table::frame;
use crate::tokenize::{Interner, Segmented, Segmenter};

/// Where tracked terms come from, for messages.
const TRACK: &str = "--track";

#[derive(Debug, Clone)]
pub struct IssuesOptions {
    pub track: Vec<String>,
    /// How many terms `top_terms` lists.
    pub top_terms: usize,
}

impl Default for IssuesOptions {
    fn default() -> Self {
        IssuesOptions {
            track: Vec::new(),
            top_terms: 10,
        }
    }
}

/// What the table needs of one issue: a few numbers and the top terms, so that a streaming
/// pass keeps O(issues), not O(issues × types).
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub size: IssueSize,
    /// Counted tokens, distinct counted terms, terms seen once.
    pub tokens: u64,
    pub types: u64,
    pub hapax: u64,
    pub top_terms: String,
    /// Occurrences of each tracked term.
    pub tracked: Vec<u64>,
}

impl Figures {
    /// From an issue's counted terms and their counts (any order).
    fn new<'a>(
        size: IssueSize,
        counts: impl Iterator<Item = (&'a str, u64)>,
        tracked: Vec<u64>,
        top_n: usize,
    ) -> Self {
        let mut c: Vec<(u64, &str)> = counts.map(|(t, n)| (n, t)).collect();
        let tokens = c.iter().map(|x| x.0).sum();
        let hapax = c.iter().filter(|x| x.0 == 1).count() as u64;
        let types = c.len() as u64;
        // Only the first `top_n` in (count descending, term) order are needed: partition
        // them off, then sort just those.
        let order = |a: &(u64, &str), b: &(u64, &str)| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1));
        if top_n < c.len() {
            c.select_nth_unstable_by(top_n, order);
            c.truncate(top_n);
        }
        c.sort_unstable_by(order);
        let top_terms = c.iter().map(|x| x.1).collect::<Vec<_>>().join("、");
        Figures {
            size,
            tokens,
            types,
            hapax,
            top_terms,
            tracked,
        }
    }
}

/// Issue rows in issue-name order: the name, its metadata values, its figures.
struct Row<'a> {
    issue: &'a str,
    meta: &'a [String],
    figures: Figures,
}

fn table(
    meta_columns: &[String],
    mut rows: Vec<Row<'_>>,
    tracked: &[Tracked],
) -> Result<DataFrame> {
    rows.sort_by(|a, b| a.issue.cmp(b.issue));
    let mut columns = vec![Column::new(
        col::ISSUE.into(),
        rows.iter().map(|r| r.issue).collect::<Vec<_>>(),
    )];
    for (m, name) in meta_columns.iter().enumerate() {
        let v: Vec<&str> = rows.iter().map(|r| r.meta[m].as_str()).collect();
        columns.push(Column::new(name.as_str().into(), v));
    }
    let per =
        |f: &dyn Fn(&Figures) -> u64| rows.iter().map(|r| f(&r.figures)).collect::<Vec<u64>>();
    columns.push(Column::new(col::ARTICLES.into(), per(&|f| f.size.articles)));
    columns.push(Column::new(
        col::SENTENCES.into(),
        per(&|f| f.size.sentences),
    ));
    columns.push(Column::new(col::CHARS.into(), per(&|f| f.size.chars)));
    columns.push(Column::new(col::TOKENS.into(), per(&|f| f.tokens)));
    columns.push(Column::new(col::TYPES.into(), per(&|f| f.types)));
    let ttr: Vec<Option<f64>> = rows
        .iter()
        .map(|r| {
            let f = &r.figures;
            (f.tokens > 0).then(|| f.types as f64 / f.tokens as f64)
        })
        .collect();
    columns.push(Column::new(col::TTR.into(), ttr));
    columns.push(Column::new(col::HAPAX.into(), per(&|f| f.hapax)));
    columns.push(Column::new(
        col::TOP_TERMS.into(),
        rows.iter()
            .map(|r| r.figures.top_terms.as_str())
            .collect::<Vec<_>>(),
    ));
    for (k, t) in tracked.iter().enumerate() {
        let name = format!("{}{}", col::PER_10K_PREFIX, t.name);
        let v: Vec<Option<f64>> = rows
            .iter()
            .map(|r| per_10k(r.figures.tracked[k], r.figures.tokens))
            .collect();
        columns.push(Column::new(name.as_str().into(), v));
    }
    frame(columns)
}

/// The tracked terms of `--track`, cut by the segmenter.
pub fn tracked_terms(seg: &Segmenter, opts: &IssuesOptions) -> Result<Vec<Tracked>> {
    tracked(seg, &opts.track, TRACK)
}

/// An issue's figures before its top terms are picked: its size and counted terms' counts
/// (`IssueRows`, as `count` writes them) and the tracked terms' occurrences, which add up over
/// the issue's pieces (`Fold`).
#[derive(Debug)]
pub struct IssueTally {
    rows: IssueRows,
    tracked: Vec<u64>,
}

impl IssueTally {
    /// On the worker that segmented the issue (`doc`); `parts` holds the tracked terms'
    /// provisional ids.
    pub fn of(doc: usize, s: &Segmented, parts: &TermIds) -> Self {
        IssueTally {
            rows: IssueRows::new(doc, s),
            tracked: parts.in_segmented(s),
        }
    }

    /// The figures, the top terms picked.
    pub fn figures(self, opts: &IssuesOptions) -> Figures {
        let terms = self.rows.term_counts();
        Figures::new(self.rows.size(), terms, self.tracked, opts.top_terms)
    }
}

impl Fold for IssueTally {
    fn fold(&mut self, next: Self) {
        self.rows.fold(next.rows);
        for (a, b) in self.tracked.iter_mut().zip(&next.tracked) {
            *a += b;
        }
    }
}

/// The table from every issue's figures (in corpus order).
pub fn figures_table(
    corpus: &Corpus,
    figures: Vec<Figures>,
    tracked: &[Tracked],
) -> Result<DataFrame> {
    let rows = figures
        .into_iter()
        .zip(&corpus.docs)
        .map(|(figures, doc)| Row {
            issue: &doc.id,
            meta: &doc.meta,
            figures,
        })
        .collect();
    table(&corpus.meta_columns, rows, tracked)
}

/// The same table in one streaming pass: each issue is reduced to its figures on the worker
/// that segmented it; no token sequence is kept.
pub fn issues_scan(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &IssuesOptions,
) -> Result<DataFrame> {
    let tracked = tracked_terms(seg, opts)?;
    let interner = Interner::default();
    // Provisional ids of the tracked terms' parts, to find them among each issue's terms.
    let parts = TermIds::new(&tracked, |p| Some(interner.intern(p)));
    let mut figures = Vec::with_capacity(corpus.docs.len());
    Pass::new(corpus, seg, &interner, progress).fold(
        |d, s| IssueTally::of(d, &s, &parts),
        |_, tally| tally.figures(opts),
        |_, f| {
            figures.push(f);
            Ok(())
        },
    )?;
    figures_table(corpus, figures, &tracked)
}

/// The table from a counts file. Its terms have no order, so a tracked term must be one token.
pub fn issues_counts(
    counts: &CountsTable,
    path: &std::path::Path,
    seg: &Segmenter,
    opts: &IssuesOptions,
) -> Result<DataFrame> {
    let Some(sizes) = &counts.sizes else {
        return Err(Error::input(
            path,
            "no `articles`, `sentences`, `chars` columns (made by an older zhcorpus): \
             count the corpus again to use it with `issues`",
        ));
    };
    let tracked = tracked(seg, &opts.track, TRACK)?;
    require_single_tokens(
        &tracked,
        TRACK,
        "track it on the corpus itself, or track its parts",
    )?;
    let ids = vocab_ids(&tracked, &counts.vocab);
    let rows = (0..counts.issues.len())
        .map(|d| {
            let c = &counts.docs[d];
            let tracked = ids.in_counts(c);
            let terms = c.iter().map(|&(id, n)| (counts.vocab.term(id), n));
            Row {
                issue: &counts.issues[d],
                meta: &counts.meta[d],
                figures: Figures::new(sizes[d], terms, tracked, opts.top_terms),
            }
        })
        .collect();
    table(&counts.meta_columns, rows, &tracked)
}
