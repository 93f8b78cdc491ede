//! `tokens`: the token table and the sentence table (docs/counting.md) as polars DataFrames,
//! made a piece at a time by the pass engine so that memory holds a batch, not the corpus.

use polars::prelude::*;

use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::pass::Pass;
use crate::table::{frame, repeated_meta, table_schema};
use crate::tokenize::{Interner, Pieces, Segmented, Segmenter, classify};

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
    Pass::new(corpus, seg, &interner, progress)
        .batch_bytes(TOKEN_BATCH_BYTES)
        .cut(Pieces::Sentences)
        .pieces(
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
