//! `kwic TERM`: keyword in context, a concordance of every occurrence of a term (docs/context.md).
//!
//! - An occurrence is what `trend` counts (`terms::matches`): the term's token sequence as
//!   jieba cuts it (核酸检测 → 核酸 检测), adjacent inside one sentence, overlapping occurrences
//!   each listed. Every token can match: kwic shows text, so a stopword given with
//!   `--stopwords` is still found (where `trend` counts it 0), and a term may hold punctuation
//!   (健康码、行程码, COVID-19; `trend` refuses those, as punctuation is never counted). A term
//!   that is empty or only punctuation and symbols is a usage error.
//! - `issue` is the issue's id, `article` the 1-based article number within it, `sentence` the
//!   1-based number within the article of the sentence holding the match.
//! - `left` / `right`: the `window` tokens (default 10) either side of the match, punctuation
//!   included, across sentence ends but never across the article's bounds. `left`, `keyword`
//!   and `right` are the normalised text those tokens cover, spaces inside a sentence kept
//!   (`COVID 19`), the pieces of several sentences joined without a separator.
//! - Order: corpus order (issue as the corpus lists them, article, sentence, position), or
//!   with `--sort right` by R1, then R2, ... (the tokens right of the match, nearest first,
//!   each compared in code-point order) and with `--sort left` by L1 (the nearest token left of
//!   the match), then L2, ..., as AntConc sorts a concordance. A line whose context is a
//!   prefix of another's (fewer tokens, at an article's edge) comes first; ties stay in corpus
//!   order (a stable sort).
//!
//! The pass streams: each issue is reduced on its worker to its lines (`Kwic::lines`), and the
//! lines are written as they come, or kept for sorting (memory grows with the matches, never
//! with the token table). The report's samples (`KwicSampler`) come from the same lines.

use std::cmp::Ordering;
use std::ops::Range;

use polars::prelude::*;

use super::terms::{TermIds, Tracked, matches, tracked};
use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::pass::{BATCH_BYTES, Flow, Pass};
use crate::table::{frame, table_schema};
use crate::tokenize::{Interner, Pieces, Segmented, Segmenter, classify};

/// Tokens either side of the match by default.
pub const DEFAULT_WINDOW: usize = 10;

/// Lines per frame handed on when the sorted lines are written.
const LINES_PER_FRAME: usize = 1 << 16;
/// Lines gathered (in corpus order) before they are handed on as one frame.
const LINES_PER_EMIT: usize = 4096;

/// How `--sort` orders the lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KwicSort {
    /// By L1 (the nearest token left of the match), then L2, ...
    Left,
    /// By R1 (the first token right of the match), then R2, ...
    Right,
}

#[derive(Debug, Clone)]
pub struct KwicOptions {
    pub term: String,
    /// Tokens either side of the match.
    pub window: usize,
    /// `None`: corpus order.
    pub sort: Option<KwicSort>,
    /// At most this many lines (after sorting).
    pub top: Option<usize>,
}

/// Where the terms come from, for messages.
const LABEL: &str = "TERM";

/// The terms cut as `trend` cuts them (`terms::tracked`), in the order given, each matched on
/// every token: stopwords are shown, and punctuation inside a term is text too (健康码、行程码,
/// COVID-19). A term that is empty or only punctuation and symbols is a usage error.
pub fn kwic_terms(seg: &Segmenter, terms: &[String]) -> Result<Vec<Tracked>> {
    let mut t = tracked(seg, terms, LABEL)?;
    for term in &mut t {
        if !term.parts.iter().any(|p| classify(p).is_counted()) {
            return Err(Error::usage(format!(
                "{LABEL} `{}`: it is only punctuation or symbols; kwic looks for a word, a \
                 Latin word or a number (or a phrase holding one)",
                term.name
            )));
        }
        term.counted = true;
    }
    Ok(t)
}

/// One concordance line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicLine {
    /// The issue: its index in `Corpus::docs`.
    pub doc: usize,
    pub article: u32,
    pub sentence: u32,
    /// The match's first token: its index among the issue's tokens.
    pub position: u32,
    pub left: String,
    pub keyword: String,
    pub right: String,
    /// Byte ranges of the tokens of `left` in it, in text order.
    left_tokens: Vec<(u32, u32)>,
    /// Byte ranges of the tokens of `right` in it, in text order.
    right_tokens: Vec<(u32, u32)>,
}

impl KwicLine {
    /// L1, L2, ...: the tokens left of the match, nearest first.
    pub fn left_tokens(&self) -> impl Iterator<Item = &str> {
        let text = &self.left;
        self.left_tokens
            .iter()
            .rev()
            .map(move |&(a, b)| &text[a as usize..b as usize])
    }

    /// R1, R2, ...: the tokens right of the match, nearest first.
    pub fn right_tokens(&self) -> impl Iterator<Item = &str> {
        let text = &self.right;
        self.right_tokens
            .iter()
            .map(move |&(a, b)| &text[a as usize..b as usize])
    }
}

/// Sort lines by their context (stable: ties keep their order).
pub fn sort_lines(lines: &mut [KwicLine], by: KwicSort) {
    lines.sort_by(|a, b| -> Ordering {
        match by {
            KwicSort::Left => a.left_tokens().cmp(b.left_tokens()),
            KwicSort::Right => a.right_tokens().cmp(b.right_tokens()),
        }
    });
}

/// The line extractor: finds the terms in an issue and cuts their contexts. Its work runs on
/// the worker that segmented the issue.
#[derive(Debug, Clone)]
pub struct Kwic {
    ids: TermIds,
    terms: usize,
    window: usize,
}

impl Kwic {
    /// `id` gives a part's id in the pass's ids (`interner.intern` for a streaming pass).
    /// Give the terms of [`kwic_terms`]: a `Tracked` whose `counted` is false (a stopword
    /// part, as `trend` cuts terms) is never matched.
    pub fn new(terms: &[Tracked], window: usize, id: impl Fn(&str) -> Option<u32>) -> Self {
        Kwic {
            ids: TermIds::new(terms, id),
            terms: terms.len(),
            window,
        }
    }

    /// The lines of each term (in the order of the terms given to `new`) in the issue with
    /// index `doc`, in text order.
    pub fn lines(&self, doc: usize, s: &Segmented) -> Vec<Vec<KwicLine>> {
        let local = self.ids.local(s);
        let mut out = vec![Vec::new(); self.terms];
        // Built on the first match only: most issues hold no match of a rare term.
        let mut layout: Option<Layout> = None;
        for (ids, lines) in local.iter().zip(&mut out) {
            let Some(ids) = ids else { continue };
            for (si, sent) in s.sentences.iter().enumerate() {
                for m in matches(s.sentence_tokens(sent), ids) {
                    let layout = layout.get_or_insert_with(|| Layout::new(s));
                    let start = sent.tokens.start + m as u32;
                    let matched = start..start + ids.len() as u32;
                    lines.push(layout.line(s, doc, si, matched, self.window));
                }
            }
        }
        out
    }
}

/// The lines of each term in one issue, or in one piece of a large file (cut between
/// articles, `Pieces::Articles`: a context never leaves its article, so never its piece), with
/// the piece's tokens; a piece's positions count from its first token until `Placer` moves
/// them on.
#[derive(Debug, Clone, Default)]
pub struct IssueLines {
    pub lines: Vec<Vec<KwicLine>>,
    tokens: u32,
}

impl IssueLines {
    pub fn of(kwic: &Kwic, doc: usize, s: &Segmented) -> Self {
        IssueLines {
            lines: kwic.lines(doc, s),
            tokens: s.tokens.len() as u32,
        }
    }
}

/// Lines handed on a piece at a time, in corpus order, placed in their issue: a piece's
/// positions moved on by the tokens of the pieces of its issue before it.
#[derive(Debug, Default)]
pub struct Placer {
    doc: Option<usize>,
    tokens: u32,
}

impl Placer {
    /// The lines of the next piece (of issue `doc`), their positions in the issue.
    pub fn place(&mut self, doc: usize, piece: IssueLines) -> Vec<Vec<KwicLine>> {
        if self.doc != Some(doc) {
            self.doc = Some(doc);
            self.tokens = 0;
        }
        let before = self.tokens;
        self.tokens += piece.tokens;
        piece
            .lines
            .into_iter()
            .map(|lines| {
                lines
                    .into_iter()
                    .map(|mut line| {
                        line.position += before;
                        line
                    })
                    .collect()
            })
            .collect()
    }
}

/// Where an issue's tokens are: what cutting contexts needs.
struct Layout {
    /// Each token's byte range in `Segmented::text`.
    offsets: Vec<(u32, u32)>,
    /// Each article's token range (index = article number − `first`).
    articles: Vec<Range<u32>>,
    first: u32,
}

impl Layout {
    fn new(s: &Segmented) -> Self {
        let mut offsets = Vec::with_capacity(s.tokens.len());
        // Article numbers are the issue's; a piece of a large file (`Pieces::Articles`) holds
        // a run of its articles, from the first sentence's.
        let first = s.sentences.first().map_or(1, |x| x.article);
        let last = s.sentences.last().map_or(0, |x| x.article);
        let mut articles: Vec<Range<u32>> = vec![0..0; (last + 1).saturating_sub(first) as usize];
        for x in &s.sentences {
            // The tokens are the non-space pieces of the sentence, in order: each is found at
            // or after the end of the one before (only white space lies between).
            let end = x.span.end as usize;
            let mut pos = x.span.start as usize;
            for &l in s.sentence_tokens(x) {
                let t = s.term(l);
                let a = s.text[pos..end].find(t).map_or(pos, |i| pos + i);
                let b = if a + t.len() <= end { a + t.len() } else { a };
                offsets.push((a as u32, b as u32));
                pos = b;
            }
            let a = (x.article - first) as usize;
            if let Some(r) = articles.get_mut(a) {
                if r.start == r.end {
                    *r = x.tokens.clone();
                } else {
                    r.end = x.tokens.end;
                }
            }
        }
        Layout {
            offsets,
            articles,
            first,
        }
    }

    /// The line of the match `matched` (token indices) in sentence `si`.
    fn line(
        &self,
        s: &Segmented,
        doc: usize,
        si: usize,
        matched: Range<u32>,
        window: usize,
    ) -> KwicLine {
        let sent = &s.sentences[si];
        let article = self
            .articles
            .get((sent.article - self.first) as usize)
            .cloned()
            .unwrap_or_else(|| sent.tokens.clone());
        let w = u32::try_from(window).unwrap_or(u32::MAX);
        let left = matched.start.saturating_sub(w).max(article.start)..matched.start;
        let right = matched.end..matched.end.saturating_add(w).min(article.end);
        let (left, left_tokens) = self.text(s, left);
        let (keyword, _) = self.text(s, matched.clone());
        let (right, right_tokens) = self.text(s, right);
        KwicLine {
            doc,
            article: sent.article,
            sentence: sent.index,
            position: matched.start,
            left,
            keyword,
            right,
            left_tokens,
            right_tokens,
        }
    }

    /// The text of the tokens `range` and each token's byte range in it: within a sentence
    /// the text as it stands (spaces kept), the pieces of several sentences joined without a
    /// separator.
    fn text(&self, s: &Segmented, range: Range<u32>) -> (String, Vec<(u32, u32)>) {
        let mut text = String::new();
        let mut tokens = Vec::with_capacity(range.len());
        let first = s.sentences.partition_point(|x| x.tokens.end <= range.start);
        for x in s.sentences[first..]
            .iter()
            .take_while(|x| x.tokens.start < range.end)
        {
            let a = x.tokens.start.max(range.start) as usize;
            let b = x.tokens.end.min(range.end) as usize;
            if a >= b {
                continue;
            }
            let piece = self.offsets[a].0 as usize;
            let base = text.len() as u32;
            text.push_str(&s.text[piece..self.offsets[b - 1].1 as usize]);
            tokens.extend(
                self.offsets[a..b]
                    .iter()
                    .map(|&(x, y)| (x - piece as u32 + base, y.max(x) - piece as u32 + base)),
            );
        }
        (text, tokens)
    }
}

/// The columns: `issue, article, sentence, left, keyword, right` + the metadata columns.
pub fn kwic_schema(meta_names: &[String]) -> Schema {
    table_schema(
        &[
            (col::ISSUE, DataType::String),
            (col::ARTICLE, DataType::UInt32),
            (col::SENTENCE, DataType::UInt32),
            (col::LEFT, DataType::String),
            (col::KEYWORD, DataType::String),
            (col::RIGHT, DataType::String),
        ],
        meta_names,
    )
}

/// The table of `lines` (a frame of [`kwic_schema`]), in their order.
pub fn kwic_frame(corpus: &Corpus, lines: &[KwicLine]) -> Result<DataFrame> {
    let doc = |l: &KwicLine| corpus.docs.get(l.doc);
    let issue: Vec<&str> = lines
        .iter()
        .map(|l| doc(l).map_or("", |d| d.id.as_str()))
        .collect();
    let nums = |f: fn(&KwicLine) -> u32| lines.iter().map(f).collect::<Vec<u32>>();
    let strs = |f: fn(&KwicLine) -> &str| lines.iter().map(f).collect::<Vec<&str>>();
    let mut columns = vec![
        Column::new(col::ISSUE.into(), issue),
        Column::new(col::ARTICLE.into(), nums(|l| l.article)),
        Column::new(col::SENTENCE.into(), nums(|l| l.sentence)),
        Column::new(col::LEFT.into(), strs(|l| &l.left)),
        Column::new(col::KEYWORD.into(), strs(|l| &l.keyword)),
        Column::new(col::RIGHT.into(), strs(|l| &l.right)),
    ];
    for (j, name) in corpus.meta_columns.iter().enumerate() {
        let values: Vec<&str> = lines
            .iter()
            .map(|l| {
                doc(l)
                    .and_then(|d| d.meta.get(j))
                    .map_or("", String::as_str)
            })
            .collect();
        columns.push(Column::new(name.as_str().into(), values));
    }
    frame(columns)
}

/// `kwic TERM` in one streaming pass: the table handed to `emit` a frame at a time (frames
/// of [`kwic_schema`]). Without `sort`, each issue's lines are handed on as its worker
/// delivers them, in corpus order, and the pass stops once `top` lines are out; with `sort`,
/// the lines are kept (memory grows with the matches, or with `top`) and handed on sorted. Returns the
/// number of matches seen: 0 when the term does not occur (the table is then empty).
pub fn kwic_scan(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &KwicOptions,
    emit: &mut dyn FnMut(DataFrame) -> Result<()>,
) -> Result<u64> {
    let terms = kwic_terms(seg, std::slice::from_ref(&opts.term))?;
    let interner = Interner::default();
    let kwic = Kwic::new(&terms, opts.window, |p| Some(interner.intern(p)));
    let top = opts.top.unwrap_or(usize::MAX);
    let mut found = 0u64;
    let mut written = 0usize;
    let mut kept: Vec<KwicLine> = Vec::new();
    // Lines in corpus order waiting to be handed on (without a sort).
    let mut pending: Vec<KwicLine> = Vec::new();
    let mut placer = Placer::default();
    // A large file's lines come a piece at a time (cut between articles), in order.
    Pass::new(corpus, seg, &interner, progress)
        .batch_bytes(BATCH_BYTES)
        .cut(Pieces::Articles)
        .pieces(
            |d, s| IssueLines::of(&kwic, d, &s),
            |d, piece| {
                let lines = placer.place(d, piece).pop().unwrap_or_default();
                found += lines.len() as u64;
                if let Some(by) = opts.sort {
                    kept.extend(lines);
                    // With --top, only the best `top` so far can make the table: memory stays
                    // within 2·top lines (and an issue's). The sort is stable and the kept lines
                    // come before the new ones, so ties stay in corpus order.
                    if kept.len() > top.saturating_mul(2) {
                        sort_lines(&mut kept, by);
                        kept.truncate(top);
                    }
                    return Ok(Flow::Go);
                }
                let take = lines.len().min(top - written);
                written += take;
                pending.extend(lines.into_iter().take(take));
                // Frames of many lines, not one per issue: a table of small frames costs far
                // more memory than its rows.
                if pending.len() >= LINES_PER_EMIT {
                    emit(kwic_frame(corpus, &pending)?)?;
                    pending.clear();
                }
                if written >= top && found > 0 {
                    // Enough lines: the pass stops here.
                    return Ok(Flow::Stop);
                }
                Ok(Flow::Go)
            },
        )?;
    if !pending.is_empty() {
        emit(kwic_frame(corpus, &pending)?)?;
    }
    if let Some(by) = opts.sort {
        sort_lines(&mut kept, by);
        kept.truncate(top);
        for chunk in kept.chunks(LINES_PER_FRAME) {
            emit(kwic_frame(corpus, chunk)?)?;
        }
    }
    Ok(found)
}

/// A bounded, evenly spread sample of each term's lines, for the report: at most `cap` lines
/// per term, in corpus order, whatever the number of matches (or of threads).
///
/// Systematic sampling with a doubling step: with step k (at first 1), the matches numbered
/// 0, k, 2k, ... (in corpus order) are kept; when more than 2·cap are kept, k doubles and
/// every other kept line is dropped (those left are the multiples of the new k). At the end,
/// when more than `cap` are kept (n of them), the lines numbered ⌊j·n/cap⌋ of them,
/// j = 0..cap, are the sample. The lines arrive in document order, so the sample depends on
/// the corpus only; memory is at most 2·cap + 1 lines per term.
#[derive(Debug, Clone)]
pub struct KwicSampler {
    cap: usize,
    names: Vec<String>,
    samples: Vec<Sample>,
}

#[derive(Debug, Clone, Default)]
struct Sample {
    step: u64,
    seen: u64,
    kept: Vec<KwicLine>,
}

impl KwicSampler {
    /// A sampler of the terms' lines (as [`Kwic::new`] was given them), `cap` per term.
    pub fn new(terms: &[Tracked], cap: usize) -> Self {
        KwicSampler {
            cap,
            names: terms.iter().map(|t| t.name.clone()).collect(),
            samples: vec![
                Sample {
                    step: 1,
                    ..Sample::default()
                };
                terms.len()
            ],
        }
    }

    /// Add one issue's lines, as [`Kwic::lines`] returned them; issues in document order.
    pub fn add(&mut self, lines: Vec<Vec<KwicLine>>) {
        for (sample, lines) in self.samples.iter_mut().zip(lines) {
            for line in lines {
                sample.add(line, self.cap);
            }
        }
    }

    /// Matches seen of each term (all, not only those kept).
    pub fn matches(&self) -> Vec<u64> {
        self.samples.iter().map(|s| s.seen).collect()
    }

    /// The sample of each term as a kwic table: (term, table), terms in the order given.
    pub fn frames(&self, corpus: &Corpus) -> Result<Vec<(String, DataFrame)>> {
        self.names
            .iter()
            .zip(&self.samples)
            .map(|(name, s)| Ok((name.clone(), kwic_frame(corpus, &s.sample(self.cap))?)))
            .collect()
    }
}

impl Sample {
    fn add(&mut self, line: KwicLine, cap: usize) {
        if cap > 0 && self.seen % self.step == 0 {
            self.kept.push(line);
            if self.kept.len() > 2 * cap {
                self.step *= 2;
                let mut i = 0;
                self.kept.retain(|_| {
                    i += 1;
                    i % 2 == 1
                });
            }
        }
        self.seen += 1;
    }

    fn sample(&self, cap: usize) -> Vec<KwicLine> {
        let n = self.kept.len();
        if n <= cap {
            return self.kept.clone();
        }
        (0..cap).map(|j| self.kept[j * n / cap].clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::segment_text;

    /// The lines of `term` in `text`, segmented as the pass segments an issue.
    fn lines_of(text: &str, term: &str, window: usize) -> Vec<KwicLine> {
        let seg = Segmenter::new(&Default::default()).unwrap();
        let interner = Interner::default();
        let terms = kwic_terms(&seg, &[term.to_string()]).unwrap();
        let kwic = Kwic::new(&terms, window, |p| Some(interner.intern(p)));
        let s = segment_text(text, "UTF-8", &seg, &interner);
        kwic.lines(0, &s).pop().unwrap()
    }

    /// Two articles (a `#` heading starts each; the heading is the article's first sentence).
    const TEXT: &str =
        "# 第一篇\n甲说核酸检测。每日核酸，核酸检测点 COVID 19 test。\n# 第二篇\n核酸检测很重要。";

    fn texts(l: &KwicLine) -> [&str; 3] {
        [&l.left, &l.keyword, &l.right]
    }

    #[test]
    fn a_phrase_matches_its_adjacent_tokens_within_the_article() {
        // 核酸检测 is cut 核酸 检测. Article 1's tokens: 第一篇 | 甲 说 核酸 检测 。 每日 核酸 ，
        // 核酸 检测点 COVID 19 test 。 — 每日核酸 and 核酸检测点 (核酸 检测点) are no match.
        let lines = lines_of(TEXT, "核酸检测", 10);
        assert_eq!(lines.len(), 2);
        let (a, b) = (&lines[0], &lines[1]);
        assert_eq!((a.article, a.sentence, a.position), (1, 2, 3));
        // left: the 3 tokens before it (the heading sentence 第一篇 + 甲 说), not 10: the
        // article starts there; right: the 10 tokens after, across the sentence end; the
        // spaces between the Latin tokens kept.
        assert_eq!(
            texts(a),
            [
                "第一篇甲说",
                "核酸检测",
                "。每日核酸，核酸检测点 COVID 19 test。"
            ]
        );
        assert_eq!(a.left_tokens().collect::<Vec<_>>(), ["说", "甲", "第一篇"]);
        let right: Vec<&str> = a.right_tokens().collect();
        assert_eq!(right.len(), 10);
        assert_eq!(right[6..], ["COVID", "19", "test", "。"]);
        // The second article: its heading on the left; on the right the article ends after 3.
        assert_eq!((b.article, b.sentence), (2, 2));
        assert_eq!(texts(b), ["第二篇", "核酸检测", "很重要。"]);
    }

    #[test]
    fn the_window_stops_at_the_article_bounds_and_can_be_small() {
        // Article 1 ends with test 。: the window never reaches 第二篇.
        let lines = lines_of(TEXT, "test", 3);
        assert_eq!(lines.len(), 1);
        assert_eq!(texts(&lines[0]), ["检测点 COVID 19", "test", "。"]);
        let lines = lines_of(TEXT, "核酸检测", 0);
        assert_eq!(texts(&lines[1]), ["", "核酸检测", ""]);
        // 核酸 alone: its three occurrences, the one inside 核酸检测 included.
        assert_eq!(lines_of(TEXT, "核酸", 1).len(), 4);
        assert!(lines_of(TEXT, "疫苗", 5).is_empty());
    }

    #[test]
    fn terms_keep_stopwords_and_inner_punctuation() {
        let opts = crate::tokenize::SegmenterOptions {
            stopwords: crate::tokenize::Stopwords::Zh,
            ..Default::default()
        };
        let seg = Segmenter::new(&opts).unwrap();
        let t = kwic_terms(&seg, &["我们".into(), " 健康码、行程码 ".into()]).unwrap();
        // in the order given; the stopword is matched (counted = true)
        assert_eq!(t[0].name, "我们");
        assert!(seg.is_stopword("我们") && t[0].counted);
        assert_eq!(t[1].name, "健康码、行程码");
        assert_eq!(t[1].parts, ["健康", "码", "、", "行程", "码"]);
        let e = kwic_terms(&seg, &["，“”".into()]).unwrap_err();
        assert!(e.is_usage());
        assert_eq!(
            e.to_string(),
            "TERM `，“”`: it is only punctuation or symbols; kwic looks for a word, a Latin word \
             or a number (or a phrase holding one)"
        );
        assert!(kwic_terms(&seg, &[" ".into()]).unwrap_err().is_usage());
    }

    /// A line with these context tokens (left in text order), concatenated.
    fn line(doc: usize, left: &[&str], right: &[&str]) -> KwicLine {
        let cut = |tokens: &[&str]| {
            let mut text = String::new();
            let mut ranges = Vec::new();
            for t in tokens {
                let a = text.len() as u32;
                text.push_str(t);
                ranges.push((a, text.len() as u32));
            }
            (text, ranges)
        };
        let ((left, left_tokens), (right, right_tokens)) = (cut(left), cut(right));
        KwicLine {
            doc,
            article: 1,
            sentence: 1,
            position: 0,
            left,
            keyword: "核酸".into(),
            right,
            left_tokens,
            right_tokens,
        }
    }

    #[test]
    fn sorting_goes_token_by_token_from_the_match() {
        let lines = vec![
            line(0, &["检测", "的"], &["检测", "点"]),
            line(1, &["每日"], &["检测"]),
            line(2, &["的", "检测"], &["，", "疫情"]),
            line(3, &["每日"], &["检测", "点"]),
            line(4, &[], &["采样"]),
        ];
        let docs = |lines: &[KwicLine]| lines.iter().map(|l| l.doc).collect::<Vec<_>>();
        let mut right = lines.clone();
        sort_lines(&mut right, KwicSort::Right);
        // R1: ， U+FF0C > 检 U+68C0, 采 U+91C7; 检测 | 检测 点 | 检测 点: the shorter first,
        // then the tie 0, 3 in corpus order; 采样 last.
        assert_eq!(docs(&right), [1, 0, 3, 4, 2]);
        let mut left = lines;
        sort_lines(&mut left, KwicSort::Left);
        // L1, the nearest token: none (line 4) < 检 U+68C0 (2) < 每 U+6BCF (1, 3: the tie in
        // corpus order) < 的 U+7684 (0); L2 (检测 of line 0) never decides.
        assert_eq!(docs(&left), [4, 2, 1, 3, 0]);
    }

    #[test]
    fn the_sample_is_bounded_spread_and_independent_of_batches() {
        let all: Vec<KwicLine> = (0..1000).map(|i| line(i, &[], &[])).collect();
        let terms = [Tracked {
            name: "核酸".into(),
            parts: vec!["核酸".into()],
            counted: true,
        }];
        let sample = |batch: usize| {
            let mut s = KwicSampler::new(&terms, 10);
            for chunk in all.chunks(batch) {
                s.add(vec![chunk.to_vec()]);
                assert!(s.samples[0].kept.len() <= 21);
            }
            assert_eq!(s.matches(), [1000]);
            s.samples[0]
                .sample(10)
                .iter()
                .map(|l| l.doc)
                .collect::<Vec<_>>()
        };
        // The step doubles each time 21 lines are kept: at step 64 the kept matches are
        // 0, 64, ..., 960 (16 of them; 20·32 = 640 < 999 ≤ 20·64). Of those n = 16 the sample
        // takes ⌊j·16/10⌋, j = 0..9: 0 1 3 4 6 8 9 11 12 14, times 64.
        let want = [0, 64, 192, 256, 384, 512, 576, 704, 768, 896];
        assert_eq!(sample(1), want);
        assert_eq!(sample(7), want);
        assert_eq!(sample(1000), want);
        // Fewer matches than the cap: all of them.
        let mut s = KwicSampler::new(&terms, 10);
        s.add(vec![all[..4].to_vec()]);
        assert_eq!(s.samples[0].sample(10).len(), 4);
        let mut s = KwicSampler::new(&terms, 0);
        s.add(vec![all[..4].to_vec()]);
        assert!(s.samples[0].sample(0).is_empty());
    }

    #[test]
    fn the_frame_has_the_columns_in_order() {
        let corpus = Corpus {
            root: "c".into(),
            name: "c".into(),
            meta_columns: vec!["date".into()],
            docs: Vec::new(),
            warnings: Vec::new(),
            walk: Default::default(),
        };
        let df = kwic_frame(&corpus, &[]).unwrap();
        let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "issue", "article", "sentence", "left", "keyword", "right", "date"
            ]
        );
        assert_eq!(**df.schema(), kwic_schema(&corpus.meta_columns));
    }

    /// A large file's pieces, cut between articles, placed in their issue: the same contexts,
    /// and positions counted from the issue's first token.
    #[test]
    fn lines_of_pieces_are_placed_in_the_issue() {
        let seg = Segmenter::new(&Default::default()).unwrap();
        let interner = Interner::default();
        let terms = kwic_terms(&seg, &["核酸检测".to_string()]).unwrap();
        let kwic = Kwic::new(&terms, 4, |p| Some(interner.intern(p)));
        let a = "# 第一篇\n全市开展核酸检测工作，居民有序排队。\n";
        let b = "# 第二篇\n核酸检测点增加到十个，核酸检测很快完成。\n";
        let lines =
            |text: &str| IssueLines::of(&kwic, 0, &segment_text(text, "UTF-8", &seg, &interner));
        let whole = lines(&format!("{a}{b}"));
        let mut placer = Placer::default();
        let mut placed = placer.place(0, lines(a));
        placed[0].extend(placer.place(0, lines(b)).remove(0));
        let key = |l: &[KwicLine]| -> Vec<(u32, String, String)> {
            l.iter()
                .map(|x| (x.position, x.left.clone(), x.right.clone()))
                .collect()
        };
        assert_eq!(key(&placed[0]), key(&whole.lines[0]));
        // A new issue starts again from its first token.
        assert_eq!(
            key(&placer.place(1, lines(a)).remove(0)),
            key(&lines(a).lines[0])
        );
        // The second article's match lies after the first article's tokens (核酸检测点 is
        // cut 核酸 检测点: no match).
        let positions: Vec<u32> = key(&whole.lines[0]).iter().map(|k| k.0).collect();
        assert_eq!(positions.len(), 2);
        let first_article = lines(a).tokens;
        assert!(
            positions[0] < first_article && positions[1] >= first_article,
            "{positions:?}"
        );
        assert_eq!(placer.tokens, lines(a).tokens);
    }
}
