//! `collocates TERM [--window N]`: the words that occur near a node term, with association
//! measures (docs/context.md, docs/statistics.md), as LancsBox's GraphColl and Brezina, McEnery & Wattam (2015,
//! "Collocations in context") compute them.
//!
//! **Window.** Around each occurrence of the node, the `--window N` (default 5) nearest
//! counted tokens on each side, inside the node's sentence. Counted tokens are what `freq`
//! counts (word, latin and number tokens that are not stopwords); punctuation, symbols and
//! removed stopwords are skipped entirely, so they do not use up the window. The node's own
//! tokens are not its collocates; another occurrence of the node inside the window is counted
//! like any token (the parts of a node of several tokens as the tokens they are).
//!
//! **Node.** A node that jieba cuts into several tokens (核酸检测 → 核酸 检测) is matched as
//! that token sequence, adjacent inside a sentence, exactly as `trend` and `issues --track`
//! count it (`terms.rs`); its left window ends before its first part, its right window
//! starts after its last.
//!
//! **The 2×2 table** uses corpus frequencies, as LancsBox and Brezina (2018, "Statistics in
//! Corpus Linguistics", ch. 3) do (not the pair-position counts of Wordless):
//!
//! |                | collocate     | other tokens       | total  |
//! |----------------|---------------|--------------------|--------|
//! | node           | O11           | R1 − O11           | R1     |
//! | other tokens   | C1 − O11      | N − R1 − C1 + O11  | N − R1 |
//! | total          | C1            | N − C1             | N      |
//!
//! - O11 = `count_with`: the (node occurrence, collocate token) pairs with the collocate token
//!   inside that occurrence's window;
//! - R1 = `count_node`: the node's occurrences in the corpus (as `trend` counts them);
//! - C1 = `count_collocate`: the collocate's frequency in the corpus (as `freq` counts it);
//! - N: the counted tokens of the corpus (the N of `freq`'s per_10k).
//!
//! With E11 = R1·C1/N:
//! - `pmi` = log2(O11/E11) (Church & Hanks 1990, "Word association norms, mutual information
//!   and lexicography");
//! - `t_score` = (O11 − E11)/√O11 (Church, Gale, Hanks & Hindle 1991, "Using statistics in
//!   lexical analysis");
//! - `log_dice` = 14 + log2(2·O11/(R1 + C1)) (Rychlý 2008, "A lexicographer-friendly
//!   association score");
//! - `g2` = 2·Σ O·ln(O/E) over the four cells, each E = row total · column total / N,
//!   0·ln 0 = 0 (Dunning 1993, "Accurate methods for the statistics of surprise and
//!   coincidence").
//!
//! The formulas are `stats::association`, the one implementation `ngrams` uses too, called
//! with f(x) = R1 and f(y) = C1. As in Brezina (2018, ch. 3) E11 is **not** corrected for the
//! window size: a wider window gives more pairs (O11) against the same E11, so pmi (and
//! t_score, g2) grow with the window; compare scores only at one window size.
//!
//! **Overlapping windows.** O11 counts pairs, so it can exceed R1 (a collocate twice in one
//! window) or C1 (one token in the windows of two nearby node occurrences); a cell of the
//! table would then be negative. Such a cell is taken as 0 and G² is computed on the table
//! as it then is, its row and column totals and N recomputed from the cells
//! (`stats::association`), so that G² stays a proper, non-negative statistic; pmi, t_score
//! and log_dice use the counts as they are (log_dice may then exceed 14).
//!
//! Rows: collocates with count_with ≥ `--min-count` (default 2), sorted by the `--sort`
//! statistic (default `log_dice`) descending, ties by collocate in code-point order.
//!
//! Streaming: the worker that segments an issue counts its counted terms (for C1 and N) and
//! the node's windows (O11, R1) and hands over those counts alone, so memory grows with the
//! vocabulary, never with the text. [`Windows`] (the worker's part) can look for several nodes
//! in one pass and [`Collocates`] (the accumulator) gives a table for each: the report draws a
//! network for each of its tracked terms from its own single pass.

use polars::prelude::*;
use rustc_hash::FxHashMap;

use super::IssueCounts;
use super::terms::{TermIds, Tracked, matches};
use super::trend::{TrendOptions, terms as trend_terms};
use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::pass::{Fold, Pass};
use crate::stats::{Association, association};
use crate::table::frame;
use crate::tokenize::{Interner, Segmented, Segmenter, Vocab};

/// Counted tokens on each side of the node, by default.
pub const DEFAULT_WINDOW: usize = 5;

/// Least count_with of a row, by default: a pair seen once is anecdote (LancsBox uses 5 on
/// large corpora; 2 keeps a useful table on a few pages).
pub const DEFAULT_MIN_COUNT: u64 = 2;

/// Which statistic orders the table (`--sort`); ties by collocate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CollocateSort {
    Pmi,
    #[value(name = "t_score", alias = "t-score")]
    TScore,
    #[default]
    #[value(name = "log_dice", alias = "log-dice")]
    LogDice,
    G2,
    #[value(name = "count_with", alias = "count-with")]
    CountWith,
}

impl CollocateSort {
    /// The table column holding the statistic.
    pub fn column(self) -> &'static str {
        match self {
            CollocateSort::Pmi => col::PMI,
            CollocateSort::TScore => col::T_SCORE,
            CollocateSort::LogDice => col::LOG_DICE,
            CollocateSort::G2 => col::G2,
            CollocateSort::CountWith => col::COUNT_WITH,
        }
    }
}

#[derive(Debug, Clone)]
pub struct CollocateOptions {
    /// The node term (several tokens allowed: 核酸检测).
    pub term: String,
    /// Counted tokens on each side.
    pub window: usize,
    /// Least count_with of a row.
    pub min_count: u64,
    /// Keep the first N rows.
    pub top: Option<usize>,
    pub sort: CollocateSort,
}

impl Default for CollocateOptions {
    fn default() -> Self {
        CollocateOptions {
            term: String::new(),
            window: DEFAULT_WINDOW,
            min_count: DEFAULT_MIN_COUNT,
            top: None,
            sort: CollocateSort::LogDice,
        }
    }
}

/// The node terms cut and checked as `trend` does it: empty or punctuation is a usage error.
/// In the order given (the report's index of each node), a term given twice kept twice.
pub fn nodes(seg: &Segmenter, terms: &[String]) -> Result<Vec<Tracked>> {
    terms
        .iter()
        .map(|t| {
            let opts = TrendOptions {
                terms: vec![t.clone()],
                by: String::new(),
            };
            trend_terms(seg, &opts)?
                .pop()
                .ok_or_else(|| Error::usage(format!("TERM `{t}`: the term is empty")))
        })
        .collect()
}

/// The node's occurrences and its window counts in one issue: `sentences` gives each
/// sentence's tokens, `node` the node's ids (not empty), `counted` which ids count. Returns
/// R1 (as `terms.rs` counts the node) and, for each collocate id, its (node occurrence,
/// token) pairs.
pub fn window_counts<'a>(
    sentences: impl Iterator<Item = &'a [u32]>,
    node: &[u32],
    window: usize,
    counted: impl Fn(u32) -> bool,
) -> (u64, FxHashMap<u32, u64>) {
    let mut occurrences = 0;
    let mut with: FxHashMap<u32, u64> = FxHashMap::default();
    for tokens in sentences {
        let mut starts = matches(tokens, node).peekable();
        if starts.peek().is_none() {
            continue;
        }
        // Positions of the counted tokens: the window counts these alone.
        let kept: Vec<usize> = (0..tokens.len()).filter(|&i| counted(tokens[i])).collect();
        for p in starts {
            occurrences += 1;
            let first = kept.partition_point(|&i| i < p);
            let after = kept.partition_point(|&i| i < p + node.len());
            let left = &kept[first.saturating_sub(window)..first];
            let right = &kept[after..(after + window).min(kept.len())];
            for &i in left.iter().chain(right) {
                *with.entry(tokens[i]).or_insert(0) += 1;
            }
        }
    }
    (occurrences, with)
}

/// What the worker hands over for one issue: its counted tokens, its counted-term counts,
/// and for each node its occurrences and window counts (provisional ids). `Send`.
#[derive(Debug, Clone, Default)]
pub struct IssueWindows {
    tokens: u64,
    counts: IssueCounts,
    nodes: Vec<(u64, IssueCounts)>,
}

/// Windows never cross a sentence, so an issue's window counts add up over its pieces.
impl Fold for IssueWindows {
    fn fold(&mut self, next: Self) {
        self.tokens += next.tokens;
        self.counts.fold(next.counts);
        for ((n, with), (m, more)) in self.nodes.iter_mut().zip(next.nodes) {
            *n += m;
            with.fold(more);
        }
    }
}

/// The worker's part of a streaming pass: the nodes' provisional ids and the window size.
#[derive(Debug, Clone)]
pub struct Windows {
    ids: TermIds,
    window: usize,
}

impl Windows {
    /// The nodes' parts interned in the pass's `interner`.
    pub fn new(nodes: &[Tracked], interner: &Interner, window: usize) -> Self {
        Windows {
            ids: TermIds::new(nodes, |p| Some(interner.intern(p))),
            window,
        }
    }

    /// Count one segmented issue, on the worker that segmented it.
    pub fn issue(&self, s: &Segmented) -> IssueWindows {
        let counts = IssueCounts::of(s);
        let tokens = counts.counts.iter().map(|c| c.1).sum();
        let nodes = self
            .ids
            .local(s)
            .iter()
            .map(|local| {
                let Some(local) = local else {
                    return (0, IssueCounts::default());
                };
                let (n, with) = window_counts(
                    s.sentences.iter().map(|x| s.sentence_tokens(x)),
                    local,
                    self.window,
                    |l| s.counted[l as usize],
                );
                let with: Vec<(u32, u64)> = with
                    .into_iter()
                    .map(|(l, c)| (s.terms[l as usize], c))
                    .collect();
                (n, with.into())
            })
            .collect();
        IssueWindows {
            tokens,
            counts,
            nodes,
        }
    }
}

/// The accumulator of a streaming pass: N, each counted term's frequency, and each node's
/// occurrences and window counts, by provisional id. Integer sums: the same in any order.
#[derive(Debug, Clone)]
pub struct Collocates {
    tokens: u64,
    freq: FxHashMap<u32, u64>,
    node_count: Vec<u64>,
    with: Vec<FxHashMap<u32, u64>>,
}

impl Collocates {
    /// For `nodes` nodes (as many as `Windows` was given).
    pub fn new(nodes: usize) -> Self {
        Collocates {
            tokens: 0,
            freq: FxHashMap::default(),
            node_count: vec![0; nodes],
            with: vec![FxHashMap::default(); nodes],
        }
    }

    /// Add one issue's counts (in any order).
    pub fn add(&mut self, issue: IssueWindows) {
        self.tokens += issue.tokens;
        for (id, c) in issue.counts.counts {
            *self.freq.entry(id).or_insert(0) += c;
        }
        for (k, (n, with)) in issue.nodes.into_iter().enumerate() {
            self.node_count[k] += n;
            for (id, c) in with.counts {
                *self.with[k].entry(id).or_insert(0) += c;
            }
        }
    }

    /// R1: the occurrences of node `k` in the corpus.
    pub fn node_count(&self, k: usize) -> u64 {
        self.node_count[k]
    }

    /// The rows of node `k`, sorted, min-count and top applied; provisional ids turned into
    /// terms of `vocab` by `remap`.
    pub fn rows(
        &self,
        vocab: &Vocab,
        remap: &[u32],
        k: usize,
        opts: &CollocateOptions,
    ) -> Vec<CollocateRow> {
        let r1 = self.node_count[k];
        let mut rows: Vec<CollocateRow> = self.with[k]
            .iter()
            .filter(|&(_, &o11)| o11 >= opts.min_count)
            .map(|(id, &o11)| {
                let c1 = self.freq.get(id).copied().unwrap_or(0);
                CollocateRow {
                    collocate: vocab.term(remap[*id as usize]).to_string(),
                    count_with: o11,
                    count_collocate: c1,
                    count_node: r1,
                    assoc: association(o11, r1, c1, self.tokens),
                }
            })
            .collect();
        sort_rows(&mut rows, opts.sort);
        rows.truncate(opts.top.unwrap_or(usize::MAX));
        rows
    }

    /// The table of node `k` (see [`Collocates::rows`]).
    pub fn table(
        &self,
        vocab: &Vocab,
        remap: &[u32],
        k: usize,
        opts: &CollocateOptions,
    ) -> Result<DataFrame> {
        table(&self.rows(vocab, remap, k, opts))
    }
}

/// One row of the collocates table.
#[derive(Debug, Clone, PartialEq)]
pub struct CollocateRow {
    pub collocate: String,
    pub count_with: u64,
    pub count_collocate: u64,
    pub count_node: u64,
    pub assoc: Association,
}

impl CollocateRow {
    fn stat(&self, sort: CollocateSort) -> f64 {
        match sort {
            CollocateSort::Pmi => self.assoc.pmi,
            CollocateSort::TScore => self.assoc.t_score,
            CollocateSort::LogDice => self.assoc.log_dice,
            CollocateSort::G2 => self.assoc.g2,
            CollocateSort::CountWith => self.count_with as f64,
        }
    }
}

/// Statistic descending, then collocate ascending: a total, deterministic order.
fn sort_rows(rows: &mut [CollocateRow], sort: CollocateSort) {
    rows.sort_by(|a, b| {
        b.stat(sort)
            .total_cmp(&a.stat(sort))
            .then_with(|| a.collocate.cmp(&b.collocate))
    });
}

/// `collocate, count_with, count_collocate, count_node, pmi, t_score, log_dice, g2`.
pub fn table(rows: &[CollocateRow]) -> Result<DataFrame> {
    let n = |g: fn(&CollocateRow) -> u64| rows.iter().map(g).collect::<Vec<u64>>();
    let f = |g: fn(&Association) -> f64| rows.iter().map(|r| g(&r.assoc)).collect::<Vec<f64>>();
    frame(vec![
        Column::new(
            col::COLLOCATE.into(),
            rows.iter()
                .map(|r| r.collocate.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(col::COUNT_WITH.into(), n(|r| r.count_with)),
        Column::new(col::COUNT_COLLOCATE.into(), n(|r| r.count_collocate)),
        Column::new(col::COUNT_NODE.into(), n(|r| r.count_node)),
        Column::new(col::PMI.into(), f(|a| a.pmi)),
        Column::new(col::T_SCORE.into(), f(|a| a.t_score)),
        Column::new(col::LOG_DICE.into(), f(|a| a.log_dice)),
        Column::new(col::G2.into(), f(|a| a.g2)),
    ])
}

/// The collocates table of one node in one streaming pass over the corpus, and the node's
/// occurrences (R1; 0 = the node does not occur).
pub fn collocates_scan(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &CollocateOptions,
) -> Result<(DataFrame, u64)> {
    let nodes = nodes(seg, std::slice::from_ref(&opts.term))?;
    let interner = Interner::default();
    let windows = Windows::new(&nodes, &interner, opts.window);
    let mut acc = Collocates::new(nodes.len());
    Pass::new(corpus, seg, &interner, progress).fold(
        |_, s| windows.issue(&s),
        |_, issue| issue,
        |_, issue| {
            acc.add(issue);
            Ok(())
        },
    )?;
    let (vocab, remap) = interner.finish(seg);
    Ok((acc.table(&vocab, &remap, 0, opts)?, acc.node_count(0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::segment_text;

    fn close(got: f64, want: f64) {
        assert!(
            (got - want).abs() <= 1e-12 * want.abs().max(1.0),
            "got {got}, want {want}"
        );
    }

    /// Window counts of `node` in sentences of ids, every id ≥ 100 uncounted.
    fn counts(sentences: &[&[u32]], node: &[u32], window: usize) -> (u64, Vec<(u32, u64)>) {
        let (n, with) = window_counts(sentences.iter().copied(), node, window, |t| t < 100);
        let mut with: Vec<(u32, u64)> = with.into_iter().collect();
        with.sort_unstable();
        (n, with)
    }

    #[test]
    fn the_window_ends_n_counted_tokens_away() {
        // node 0; window 2: 3 and 4 on the left, 5 and 6 on the right; 2 and 7 are 3 away
        let (n, with) = counts(&[&[2, 3, 4, 0, 5, 6, 7]], &[0], 2);
        assert_eq!(n, 1);
        assert_eq!(with, [(3, 1), (4, 1), (5, 1), (6, 1)]);
        // a window larger than the sentence takes all of it
        let (_, with) = counts(&[&[2, 0, 5]], &[0], 5);
        assert_eq!(with, [(2, 1), (5, 1)]);
    }

    #[test]
    fn uncounted_tokens_do_not_use_up_the_window() {
        // 100, 101 (punctuation, stopwords) are skipped: window 2 reaches 3, 4 and 5, 6
        let (_, with) = counts(&[&[3, 100, 4, 101, 0, 100, 100, 5, 6, 7]], &[0], 2);
        assert_eq!(with, [(3, 1), (4, 1), (5, 1), (6, 1)]);
    }

    #[test]
    fn the_window_stays_in_the_sentence() {
        // the node ends sentence one: nothing to its right there; 8, 9 are in the next
        let (n, with) = counts(&[&[3, 4, 0], &[8, 9]], &[0], 5);
        assert_eq!(n, 1);
        assert_eq!(with, [(3, 1), (4, 1)]);
    }

    #[test]
    fn a_node_of_several_tokens_and_repeated_nodes() {
        // node 1 2 (核酸 检测): its own tokens are not collocates; the window starts after 2
        let (n, with) = counts(&[&[5, 1, 2, 6, 7]], &[1, 2], 1);
        assert_eq!(n, 1);
        assert_eq!(with, [(5, 1), (6, 1)]);
        // a lone 1 next to the node is a collocate like any token
        let (n, with) = counts(&[&[1, 1, 2, 2]], &[1, 2], 1);
        assert_eq!((n, with), (1, vec![(1, 1), (2, 1)]));
        // node 0 twice: each occurrence is the other's collocate, 3 is in both windows
        let (n, with) = counts(&[&[0, 3, 0]], &[0], 2);
        assert_eq!(n, 2);
        assert_eq!(with, [(0, 2), (3, 2)]);
    }

    #[test]
    fn hand_worked_measures() {
        // O11 = 2, R1 = 3, C1 = 4, N = 20: E11 = 3·4/20 = 0.6
        let a = association(2, 3, 4, 20);
        // pmi = log2(2/0.6) = 1.7369655941662063
        close(a.pmi, (2.0f64 / 0.6).log2());
        assert!((a.pmi - 1.736_965_594_166_206).abs() < 1e-12);
        // t = (2 − 0.6)/√2 = 0.9899494936611665
        close(a.t_score, 1.4 / 2f64.sqrt());
        // log_dice = 14 + log2(2·2/(3 + 4)) = 14 + log2(4/7) = 13.192645077942396
        close(a.log_dice, 14.0 + (4.0f64 / 7.0).log2());
        // cells [2, 1; 2, 15], rows 3, 17, columns 4, 16: E = 0.6, 2.4, 3.4, 13.6
        let g2 = 2.0
            * (2.0 * (2.0f64 / 0.6).ln()
                + (1.0f64 / 2.4).ln()
                + 2.0 * (2.0f64 / 3.4).ln()
                + 15.0 * (15.0f64 / 13.6).ln());
        close(a.g2, g2);
        // 2·(2.40795 − 0.87547 − 1.06126 + 1.46972) = 2·1.94094 ≈ 3.8819
        assert!((a.g2 - 3.8819).abs() < 1e-4, "{}", a.g2);
    }

    #[test]
    fn overlapping_windows_take_a_negative_cell_as_zero() {
        // O11 = 3 > R1 = 2 (a collocate twice in one window), C1 = 4, N = 20: the cell
        // R1 − O11 = −1 is taken as 0, so the table is [3, 0; 1, 17], N = 21, rows 3, 18,
        // columns 4, 17: E = 3·4/21, 3·17/21, 18·4/21, 18·17/21
        let a = association(3, 2, 4, 20);
        let e = |r: f64, c: f64| r * c / 21.0;
        let g2 = 2.0
            * (3.0 * (3.0 / e(3.0, 4.0)).ln()
                + (1.0 / e(18.0, 4.0)).ln()
                + 17.0 * (17.0 / e(18.0, 17.0)).ln());
        close(a.g2, g2);
        assert!(a.g2 > 0.0);
        // the others from the counts as they are: E11 = 2·4/20 = 0.4
        close(a.pmi, (3.0f64 / 0.4).log2());
        close(a.t_score, 2.6 / 3f64.sqrt());
        // 14 + log2(6/6) = 14
        close(a.log_dice, 14.0);
    }

    /// A segmented issue of `text`, the pass's interner and the segmenter.
    fn pass(texts: &[&str], terms: &[&str], window: usize) -> (Collocates, Vocab, Vec<u32>) {
        let seg = Segmenter::new(&Default::default()).unwrap();
        let nodes = nodes(
            &seg,
            &terms.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
        )
        .unwrap();
        let interner = Interner::default();
        let windows = Windows::new(&nodes, &interner, window);
        let mut acc = Collocates::new(nodes.len());
        for t in texts {
            acc.add(windows.issue(&segment_text(t, "utf-8", &seg, &interner)));
        }
        let (vocab, remap) = interner.finish(&seg);
        (acc, vocab, remap)
    }

    #[test]
    fn a_table_from_text_with_hand_worked_numbers() {
        // 核酸 检测 阳性 。 / 核酸 阳性 。 / 检测 结果 。: N = 7 counted tokens;
        // node 核酸 (R1 = 2); window 1: 检测 once, 阳性 once (the second sentence)
        let (acc, vocab, remap) = pass(&["核酸检测阳性。核酸阳性。检测结果。"], &["核酸"], 1);
        assert_eq!(acc.node_count(0), 2);
        let opts = CollocateOptions {
            min_count: 1,
            ..Default::default()
        };
        let rows = acc.rows(&vocab, &remap, 0, &opts);
        let names: Vec<&str> = rows.iter().map(|r| r.collocate.as_str()).collect();
        // 检测: O11 = 1, C1 = 2; 阳性: O11 = 1, C1 = 2: equal log_dice = 14 + log2(2/4) = 13,
        // so code-point order: 检 U+68C0 < 阳 U+9633
        assert_eq!(names, ["检测", "阳性"]);
        let r = &rows[0];
        assert_eq!((r.count_with, r.count_collocate, r.count_node), (1, 2, 2));
        close(r.assoc.log_dice, 13.0);
        // E11 = 2·2/7: pmi = log2(7/4)
        close(r.assoc.pmi, (7.0f64 / 4.0).log2());
        let df = table(&rows).unwrap();
        let header: Vec<&str> = df.get_column_names().iter().map(|c| c.as_str()).collect();
        assert_eq!(
            header,
            [
                "collocate",
                "count_with",
                "count_collocate",
                "count_node",
                "pmi",
                "t_score",
                "log_dice",
                "g2"
            ]
        );
        // the default min-count 2 leaves nothing; --top 1 the first
        assert!(acc.rows(&vocab, &remap, 0, &Default::default()).is_empty());
        let top = CollocateOptions {
            top: Some(1),
            ..opts
        };
        assert_eq!(acc.rows(&vocab, &remap, 0, &top).len(), 1);
    }

    #[test]
    fn several_nodes_in_one_pass_and_a_phrase_node() {
        // two issues; nodes 核酸检测 (核酸 检测) and 疫情, and one that never occurs
        let (acc, vocab, remap) = pass(
            &["开展核酸检测工作。疫情防控工作。", "核酸检测，疫情。"],
            &["核酸检测", "疫情", "新冠"],
            2,
        );
        assert_eq!(
            (acc.node_count(0), acc.node_count(1), acc.node_count(2)),
            (2, 2, 0)
        );
        let opts = CollocateOptions {
            min_count: 1,
            sort: CollocateSort::CountWith,
            ..Default::default()
        };
        let names = |k| {
            acc.rows(&vocab, &remap, k, &opts)
                .iter()
                .map(|r| (r.collocate.clone(), r.count_with))
                .collect::<Vec<_>>()
        };
        // 核酸检测: 开展, 工作 in issue 1; the comma is skipped in issue 2: 疫情
        let s = |t: &str, c| (t.to_string(), c);
        assert_eq!(names(0), [s("工作", 1), s("开展", 1), s("疫情", 1)]);
        // 疫情: 防控, 工作; and 核酸, 检测 across the comma
        assert_eq!(
            names(1),
            [s("工作", 1), s("核酸", 1), s("检测", 1), s("防控", 1)]
        );
        assert!(names(2).is_empty());
    }

    #[test]
    fn punctuation_node_is_a_usage_error() {
        let seg = Segmenter::new(&Default::default()).unwrap();
        let e = nodes(&seg, &["，".to_string()]).unwrap_err();
        assert!(e.is_usage(), "{e}");
    }
}
