//! The token table and the sentence table (SPEC §3) as polars DataFrames, and the names of
//! every column the tool writes. Column names are the public interface: they are spelled here
//! once and used everywhere else through these constants.

use polars::prelude::*;

use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::pass::scan_pieces;
use crate::tokenize::{Interner, Pieces, Segmented, Segmenter, classify};

pub mod col {
    pub const ISSUE: &str = "issue";
    pub const ARTICLE: &str = "article";
    pub const SENTENCE: &str = "sentence";
    pub const POSITION: &str = "position";
    pub const TOKEN: &str = "token";
    pub const KIND: &str = "kind";
    pub const TEXT: &str = "text";
    /// The metadata column that `metadata.csv` keeps to YYYY-MM-DD days: text in CSV and
    /// JSON, a `Date` in Parquet (`output::parquet`).
    pub const DATE: &str = "date";

    pub const GROUP: &str = "group";
    pub const TERM: &str = "term";
    pub const COUNT: &str = "count";
    pub const RANK: &str = "rank";
    pub const PER_10K: &str = "per_10k";
    pub const DOC_FREQ: &str = "doc_freq";

    pub const NGRAM: &str = "ngram";
    pub const TOKENS: &str = "tokens";
    pub const N: &str = "n";
    pub const PMI: &str = "pmi";
    pub const NPMI: &str = "npmi";
    pub const T_SCORE: &str = "t_score";
    pub const LOG_DICE: &str = "log_dice";
    pub const G2: &str = "g2";

    pub const ARTICLES: &str = "articles";
    pub const SENTENCES: &str = "sentences";
    pub const CHARS: &str = "chars";
    pub const TYPES: &str = "types";
    pub const TTR: &str = "ttr";
    pub const HAPAX: &str = "hapax";
    pub const TOP_TERMS: &str = "top_terms";
    /// Prefix of the `issues --track TERM` columns: `per_10k:核酸`.
    pub const PER_10K_PREFIX: &str = "per_10k:";

    pub const COUNT_TARGET: &str = "count_target";
    pub const COUNT_REFERENCE: &str = "count_reference";
    pub const PER_10K_TARGET: &str = "per_10k_target";
    pub const PER_10K_REFERENCE: &str = "per_10k_reference";
    pub const P_VALUE: &str = "p_value";
    pub const LOG_RATIO: &str = "log_ratio";
    pub const PCT_DIFF: &str = "pct_diff";
    /// Hardie's conservative log ratio (Evert's LRC), the last keyness column.
    pub const LR_CONSERVATIVE: &str = "lr_conservative";

    /// The trend's 95% interval of per_10k (drawn as a band when present).
    pub const CI_LOW: &str = "ci_low";
    pub const CI_HIGH: &str = "ci_high";
    /// `trend --test`: degrees of freedom of the G² test over the groups.
    pub const DF: &str = "df";

    /// `dispersion`: parts holding the term, Juilland's D, Gries's DP and its normalised form.
    pub const RANGE: &str = "range";
    pub const JUILLAND_D: &str = "juilland_d";
    pub const DP: &str = "dp";
    pub const DP_NORM: &str = "dp_norm";

    /// `kwic`: the match and the tokens either side of it.
    pub const LEFT: &str = "left";
    pub const KEYWORD: &str = "keyword";
    pub const RIGHT: &str = "right";

    /// `collocates`: the collocate and the three counts of its 2×2 table.
    pub const COLLOCATE: &str = "collocate";
    pub const COUNT_WITH: &str = "count_with";
    pub const COUNT_COLLOCATE: &str = "count_collocate";
    pub const COUNT_NODE: &str = "count_node";

    /// `keywords`: per-issue TF-IDF.
    pub const TF: &str = "tf";
    pub const IDF: &str = "idf";
    pub const TFIDF: &str = "tfidf";

    /// `reprints`: a pair of near-duplicate articles.
    pub const ISSUE_A: &str = "issue_a";
    pub const ARTICLE_A: &str = "article_a";
    pub const ISSUE_B: &str = "issue_b";
    pub const ARTICLE_B: &str = "article_b";
    pub const SIMILARITY: &str = "similarity";
    pub const CHARS_A: &str = "chars_a";
    pub const CHARS_B: &str = "chars_b";
    pub const TITLE_A: &str = "title_a";
    pub const TITLE_B: &str = "title_b";

    /// `phrases`: character-level phrase discovery.
    pub const PHRASE: &str = "phrase";
    pub const PMI_MIN: &str = "pmi_min";
    pub const ENTROPY_LEFT: &str = "entropy_left";
    pub const ENTROPY_RIGHT: &str = "entropy_right";
    pub const SCORE: &str = "score";
    pub const IN_DICTIONARY: &str = "in_dictionary";
}

/// Build a DataFrame from columns, all of the same height.
pub fn frame(columns: Vec<Column>) -> Result<DataFrame> {
    Ok(DataFrame::new_infer_height(columns)?)
}

/// A schema of the given fields followed by the issue's metadata columns (all strings).
pub fn table_schema(fields: &[(&str, DataType)], meta_names: &[String]) -> Schema {
    let mut s = Schema::default();
    for (name, dtype) in fields {
        s.insert((*name).into(), dtype.clone());
    }
    for name in meta_names {
        s.insert(name.as_str().into(), DataType::String);
    }
    s
}

/// The issue's metadata columns for `n` rows of that issue, each value repeated.
pub fn repeated_meta<'a>(
    meta_names: &'a [String],
    meta: &'a [String],
    n: usize,
) -> impl Iterator<Item = Column> + 'a {
    meta_names
        .iter()
        .zip(meta)
        .map(move |(name, value)| Column::new(name.as_str().into(), vec![value.as_str(); n]))
}

/// The schema of the token table: `issue, article, sentence, position, token, kind` + metadata.
pub fn token_schema(meta_names: &[String]) -> Schema {
    table_schema(
        &[
            (col::ISSUE, DataType::String),
            (col::ARTICLE, DataType::UInt32),
            (col::SENTENCE, DataType::UInt32),
            (col::POSITION, DataType::UInt32),
            (col::TOKEN, DataType::String),
            (col::KIND, DataType::String),
        ],
        meta_names,
    )
}

/// The rows of the token table for one issue. Positions are 1-based within the sentence and
/// count every token (punctuation too). With `drop_stopwords`, stopword rows are left out but
/// keep their positions, so the gaps show where they stood.
pub fn token_frame(
    issue: &str,
    meta_names: &[String],
    meta: &[String],
    s: &Segmented,
    seg: &Segmenter,
    drop_stopwords: bool,
) -> Result<DataFrame> {
    let kinds: Vec<&str> = (0..s.terms.len() as u32)
        .map(|l| classify(s.term(l)).as_str())
        .collect();
    let keep: Vec<bool> = (0..s.terms.len() as u32)
        .map(|l| !(drop_stopwords && seg.is_stopword(s.term(l))))
        .collect();
    let mut article = Vec::with_capacity(s.tokens.len());
    let mut sentence = Vec::with_capacity(s.tokens.len());
    let mut position = Vec::with_capacity(s.tokens.len());
    let mut token = Vec::with_capacity(s.tokens.len());
    let mut kind = Vec::with_capacity(s.tokens.len());
    for sent in &s.sentences {
        let ids = &s.tokens[sent.tokens.start as usize..sent.tokens.end as usize];
        for (p, &l) in ids.iter().enumerate() {
            if !keep[l as usize] {
                continue;
            }
            article.push(sent.article);
            sentence.push(sent.index);
            position.push(p as u32 + 1);
            token.push(s.term(l));
            kind.push(kinds[l as usize]);
        }
    }
    let n = token.len();
    let mut columns = vec![
        Column::new(col::ISSUE.into(), vec![issue; n]),
        Column::new(col::ARTICLE.into(), article),
        Column::new(col::SENTENCE.into(), sentence),
        Column::new(col::POSITION.into(), position),
        Column::new(col::TOKEN.into(), token),
        Column::new(col::KIND.into(), kind),
    ];
    columns.extend(repeated_meta(meta_names, meta, n));
    frame(columns)
}

/// The schema of the sentence table: `issue, article, sentence, text`.
pub fn sentence_schema() -> Schema {
    table_schema(
        &[
            (col::ISSUE, DataType::String),
            (col::ARTICLE, DataType::UInt32),
            (col::SENTENCE, DataType::UInt32),
            (col::TEXT, DataType::String),
        ],
        &[],
    )
}

/// The rows of the sentence table for one issue (the normalised sentences).
pub fn sentence_frame(issue: &str, s: &Segmented) -> Result<DataFrame> {
    let n = s.sentences.len();
    frame(vec![
        Column::new(col::ISSUE.into(), vec![issue; n]),
        Column::new(
            col::ARTICLE.into(),
            s.sentences.iter().map(|x| x.article).collect::<Vec<_>>(),
        ),
        Column::new(
            col::SENTENCE.into(),
            s.sentences.iter().map(|x| x.index).collect::<Vec<_>>(),
        ),
        Column::new(
            col::TEXT.into(),
            s.sentences
                .iter()
                .map(|x| s.sentence_text(x))
                .collect::<Vec<_>>(),
        ),
    ])
}

/// Input bytes segmented per batch by `tokens`: a token row takes ~25 times the bytes of its
/// text, so batches are kept small.
const TOKEN_BATCH_BYTES: u64 = 2 << 20;

/// `zhcorpus tokens`: the token table (and, with `sentences`, the sentence table) of a
/// corpus in one pass, yielded to `emit` a batch at a time: each issue's token frame (a frame
/// of [`token_schema`]) and its sentence frame (of [`sentence_schema`], `None` without
/// `sentences`), in corpus order. The rows are built on the worker that segmented the issue,
/// and the input is segmented `TOKEN_BATCH_BYTES` at a time, so memory stays bounded
/// whatever the corpus size if `emit` writes them on (the command hands them to
/// `output::write_stream`; nothing here writes). "Yield" is a sink callback, not an iterator:
/// the pass pushes issues as workers finish them. An error from `emit` ends the pass.
pub fn table_batches(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    sentences: bool,
    drop_stopwords: bool,
    mut emit: impl FnMut(DataFrame, Option<DataFrame>) -> Result<()>,
) -> Result<()> {
    let names = &corpus.meta_columns;
    let interner = Interner::default();
    // A large file's rows are made and handed on a piece at a time: positions count within
    // a sentence, and articles and sentences are numbered in the issue, so a piece's rows are
    // the issue's.
    scan_pieces(
        corpus,
        seg,
        &interner,
        progress,
        TOKEN_BATCH_BYTES,
        Pieces::Sentences,
        |d, s| {
            let doc = &corpus.docs[d];
            let t = token_frame(&doc.id, names, &doc.meta, &s, seg, drop_stopwords)?;
            let st = match sentences {
                true => Some(sentence_frame(&doc.id, &s)?),
                false => None,
            };
            Ok::<_, Error>((t, st))
        },
        |_, frames| {
            let (t, st) = frames?;
            emit(t, st)
        },
    )
}
