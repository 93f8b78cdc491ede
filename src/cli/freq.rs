use clap::Args;

use super::{CorpusArgs, OutputArgs, open};
use crate::analysis::counts::read_counts;
use crate::analysis::frequency::{FreqOptions, frequency_counts, frequency_scan};
use crate::error::Result;
use crate::output::write_table;

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
    let mut df = if let Some(path) = args.corpus.counts_file() {
        let stop = args.corpus.segmenter_options().stopwords.load()?;
        let table = read_counts(path, |t| stop.contains(t))?;
        frequency_counts(&table, path, &opts)?
    } else {
        let o = open(&args.corpus, quiet)?;
        let df = frequency_scan(&o.corpus, &o.segmenter, &|n| o.bar.inc(n), &opts)?;
        o.bar.finish_and_clear();
        df
    };
    write_table(
        &mut df,
        args.out.output.as_deref(),
        args.out.write_options(),
    )
}
