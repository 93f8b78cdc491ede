//! zhcorpus: statistical analysis of Chinese newspaper corpora.
//!
//! The data flows corpus → normalise → structure → segment → tables → analyses → output:
//! [`corpus::load_corpus`] reads and decodes the files, [`pass::tokenize`] normalises,
//! structures and segments them in parallel into interned token sequences, [`analysis::tokens`] turns
//! those into the polars token and sentence tables, and each module of [`analysis`] computes
//! one result table. [`report`] runs the analyses and writes a report directory.

pub mod analysis;
pub mod chart;
pub mod cli;
pub mod columns;
pub mod corpus;
pub mod error;
pub mod output;
pub mod pass;
pub mod report;
pub mod stats;
pub mod table;
pub mod tokenize;

pub use error::{Error, Result};
