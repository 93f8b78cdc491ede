use clap::Args;

use super::{CorpusArgs, OutputArgs, streamed};
use crate::analysis::frequency::{FreqOptions, frequency_counts, frequency_scan};
use crate::error::Result;

#[derive(Debug, Args)]
pub struct FreqArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Keep the N most frequent terms (of each group with --by).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Drop terms seen fewer than N times.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_count: u64,
    /// Count per group: a metadata column (newspaper, date, ...) or `issue`.
    #[arg(long, value_name = "COLUMN")]
    pub by: Option<String>,
}

pub fn run(args: &FreqArgs, quiet: bool) -> Result<()> {
    args.out.check()?;
    let opts = FreqOptions {
        by: args.by.clone(),
        top: args.top,
        min_count: args.min_count,
    };
    let mut df = match args.corpus.read_counts()? {
        Some((path, table)) => frequency_counts(&table, path, &opts)?,
        None => streamed(&args.corpus, quiet, |corpus, seg, progress| {
            frequency_scan(corpus, seg, progress, &opts)
        })?,
    };
    args.out.write(&mut df)
}
