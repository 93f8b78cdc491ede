//! The corpus: a directory of text files, one file per newspaper issue (docs/corpus.md), their
//! decoded text, and the metadata that `metadata.csv` attaches to each of them.

pub mod convert;
pub mod decode;
pub mod load;
pub mod metadata;
pub mod normalize;
pub mod stream;
pub mod structure;

pub use load::{
    Corpus, Document, WalkOptions, absolute, check_output, corpus_name, is_report_dir, is_txt,
    load_corpus, load_corpus_with,
};
