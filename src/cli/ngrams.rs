use clap::Args;

use super::{ChartArgs, CorpusArgs, OutputArgs, picture_stopwords, streamed};
use crate::analysis::ngrams::{NgramOptions, NgramSort, ngrams_scan, parse_sizes};
use crate::error::Result;

#[derive(Debug, Args)]
#[command(after_help = "\
Example (the 10 strongest bigrams and trigrams by log-likelihood):
  zhcorpus ngrams seeds -n 2..3 --sort g2 --top 10")]
pub struct NgramsArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// n: `2`, a range `2..4` (inclusive) or a list `2,3`.
    #[arg(short, value_name = "N", default_value = "2")]
    pub n: String,
    /// Keep the first N rows of each n.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Drop n-grams seen fewer than N times (measures still use all of them).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub min_count: u64,
    /// The statistic to sort by, descending.
    #[arg(long, value_enum, default_value_t = NgramSort::Count)]
    pub sort: NgramSort,
    #[command(flatten)]
    pub chart: ChartArgs,
}

pub fn run(args: &NgramsArgs, quiet: bool) -> Result<()> {
    args.out.check(&args.corpus.inputs())?;
    args.chart.check(&args.corpus.inputs())?;
    let sizes = parse_sizes(&args.n)?;
    let opts = NgramOptions {
        sizes,
        min_count: args.min_count,
        top: args.top,
        sort: args.sort,
    };
    let mut df = streamed(&args.corpus, quiet, |corpus, seg, progress| {
        ngrams_scan(corpus, seg, progress, &opts)
    })?;
    args.chart.draw(|| {
        let stop = picture_stopwords(&args.corpus.seg)?;
        crate::chart::bar::top_ngrams(&df, 30, &|t| stop.contains(t), "Most frequent n-grams")
    })?;
    args.out.write(&mut df)
}
