//! Integration tests: the binary on the seed corpus and on small fixtures.

mod cli;
mod collocates;
mod counts;
mod crosscheck;
mod dispersion;
mod docs;
mod errors;
mod keyness;
mod keywords;
mod kwic;
mod large_file;
mod phrases;
mod pipeline;
mod report;
mod reprints;
mod shell;
mod t2s;
mod trend;
mod util;
