//! Segmentation with jieba-rs, token kinds, stopwords, and the parallel pass that turns a
//! corpus into interned token sequences (the compact form of the token table, docs/counting.md).
//!
//! Speed matters here (a year of a newspaper is 50–100 MB): one `Jieba` is shared by reference
//! across rayon workers, each article is cut on its own worker into a local vocabulary, and the
//! local ids are mapped to global ids in document order afterwards. Because that merge is
//! sequential and ordered, term ids — and so every table built from them — are the same for
//! any number of threads.
//!
//! A file above 16 MB (an archive that ships a year as one file) is never segmented whole: it
//! is read a part at a time (`corpus::stream`) and cut in pieces of whole sentences
//! (`segment::segment_file_pieces`); the pass engine (`crate::pass`) hands the pieces to the
//! analyses.

mod interner;
pub mod record;
mod segment;
mod segmenter;
mod vocab;

pub use interner::Interner;
pub use segment::{
    DocTokens, Pieces, Segmented, Sentence, Tokenized, segment_articles, segment_file,
    segment_file_pieces, segment_file_sized, segment_text,
};
pub use segmenter::{Segmenter, SegmenterOptions, Stopwords};
pub use vocab::Vocab;

use crate::corpus::normalize::is_han;

/// What a token is (docs/corpus.md). Analyses count `Word`, `Latin` and `Number`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Contains a Han character.
    Word,
    /// Contains a letter (and no Han character): `COVID-19`, `PCR`.
    Latin,
    /// Digits, possibly with `.,%+-`: `2022`, `3.5`, `95%`.
    Number,
    /// Only punctuation characters (Unicode P* categories as far as Chinese text uses them).
    Punct,
    /// Anything else: `□`, `+`, `√`, emoji.
    Symbol,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Word => "word",
            Kind::Latin => "latin",
            Kind::Number => "number",
            Kind::Punct => "punct",
            Kind::Symbol => "symbol",
        }
    }

    pub fn is_counted(self) -> bool {
        matches!(self, Kind::Word | Kind::Latin | Kind::Number)
    }
}

fn is_punct_char(c: char) -> bool {
    // ASCII punctuation minus the ASCII symbols ($+<=>^`|~ are Sc/Sm/Sk in Unicode).
    (c.is_ascii_punctuation() && !"$+<=>^`|~".contains(c))
        || matches!(c,
            '\u{2010}'..='\u{2027}'   // dashes, quotes, bullets, ellipsis
            | '\u{2030}'..='\u{205E}' // per mille, primes, other general punctuation
            | '\u{3001}'..='\u{3003}' // 、。〃
            | '\u{3008}'..='\u{3011}' // 〈〉《》「」『』【】
            | '\u{3014}'..='\u{301F}' // 〔〕〖〗〘〙〚〛〜〝〞〟
            | '\u{3030}' | '\u{303D}' | '\u{30FB}'
            | '\u{FE10}'..='\u{FE19}' | '\u{FE30}'..='\u{FE4F}' | '\u{FE50}'..='\u{FE6B}'
            | '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}')
        || (matches!(c, '\u{FF01}'..='\u{FF65}')
            && !c.is_alphanumeric()
            && !matches!(
                c,
                '＄' | '＋' | '＜' | '＝' | '＞' | '＾' | '｀' | '｜' | '～'
            ))
}

/// Classify a token by its characters.
pub fn classify(token: &str) -> Kind {
    if token.chars().any(is_han) {
        Kind::Word
    } else if token.chars().any(char::is_alphabetic) {
        Kind::Latin
    } else if token.chars().any(char::is_numeric)
        && token
            .chars()
            .all(|c| c.is_numeric() || matches!(c, '.' | ',' | '%' | '+' | '-' | '‰'))
    {
        Kind::Number
    } else if token.chars().all(is_punct_char) {
        Kind::Punct
    } else {
        Kind::Symbol
    }
}
