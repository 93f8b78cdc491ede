//! The token table and the sentence table (SPEC §3) as polars DataFrames, and the names of
//! every column the tool writes. Column names are the public interface: they are spelled here
//! once and used everywhere else through these constants.

use polars::prelude::*;

use crate::corpus::Corpus;
use crate::error::Result;
use crate::tokenize::Tokenized;

pub mod col {
    pub const ISSUE: &str = "issue";
    pub const ARTICLE: &str = "article";
    pub const SENTENCE: &str = "sentence";
    pub const POSITION: &str = "position";
    pub const TOKEN: &str = "token";
    pub const KIND: &str = "kind";
    pub const TEXT: &str = "text";

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
}

/// Build a DataFrame from columns, all of the same height.
pub fn frame(columns: Vec<Column>) -> Result<DataFrame> {
    Ok(DataFrame::new_infer_height(columns)?)
}

/// The issue's metadata columns, each value repeated `reps[d]` times for document `d`.
fn meta_columns(corpus: &Corpus, reps: &[usize]) -> Vec<Column> {
    corpus
        .meta_columns
        .iter()
        .enumerate()
        .map(|(m, name)| {
            let values: Vec<&str> = corpus
                .docs
                .iter()
                .zip(reps)
                .flat_map(|(doc, &r)| std::iter::repeat_n(doc.meta[m].as_str(), r))
                .collect();
            Column::new(name.as_str().into(), values)
        })
        .collect()
}

/// The full token table: `issue, article, sentence, position, token, kind` + metadata.
/// Positions are 1-based within the sentence and count every token (punctuation too).
/// With `drop_stopwords`, stopword rows are left out but keep their positions, so the gaps
/// show where they stood.
pub fn token_table(corpus: &Corpus, t: &Tokenized, drop_stopwords: bool) -> Result<DataFrame> {
    let keep = |id: u32| !(drop_stopwords && t.vocab.is_stopword(id));
    let mut issue = Vec::new();
    let mut article = Vec::new();
    let mut sentence = Vec::new();
    let mut position = Vec::new();
    let mut token = Vec::new();
    let mut kind = Vec::new();
    let mut reps = Vec::with_capacity(t.docs.len());
    for (doc, dt) in corpus.docs.iter().zip(&t.docs) {
        let before = token.len();
        for s in &dt.sentences {
            for (p, &id) in dt.sentence_tokens(s).iter().enumerate() {
                if !keep(id) {
                    continue;
                }
                issue.push(doc.id.as_str());
                article.push(s.article);
                sentence.push(s.index);
                position.push(p as u32 + 1);
                token.push(t.vocab.term(id));
                kind.push(t.vocab.kind(id).as_str());
            }
        }
        reps.push(token.len() - before);
    }
    let mut columns = vec![
        Column::new(col::ISSUE.into(), issue),
        Column::new(col::ARTICLE.into(), article),
        Column::new(col::SENTENCE.into(), sentence),
        Column::new(col::POSITION.into(), position),
        Column::new(col::TOKEN.into(), token),
        Column::new(col::KIND.into(), kind),
    ];
    columns.extend(meta_columns(corpus, &reps));
    frame(columns)
}

/// The sentence table: `issue, article, sentence, text` (the normalised sentence).
pub fn sentence_table(corpus: &Corpus, t: &Tokenized) -> Result<DataFrame> {
    let mut issue = Vec::new();
    let mut article = Vec::new();
    let mut sentence = Vec::new();
    let mut text = Vec::new();
    for (doc, dt) in corpus.docs.iter().zip(&t.docs) {
        for s in &dt.sentences {
            issue.push(doc.id.as_str());
            article.push(s.article);
            sentence.push(s.index);
            text.push(s.text.as_str());
        }
    }
    frame(vec![
        Column::new(col::ISSUE.into(), issue),
        Column::new(col::ARTICLE.into(), article),
        Column::new(col::SENTENCE.into(), sentence),
        Column::new(col::TEXT.into(), text),
    ])
}
