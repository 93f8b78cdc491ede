use clap::Args;

use super::{ChartArgs, CorpusArgs, OutputArgs, picture_stopwords, streamed};
use crate::analysis::frequency::{FreqOptions, frequency_counts, frequency_scan};
use crate::chart;
use crate::error::Result;

#[derive(Debug, Args)]
#[command(after_help = "\
Example (the 20 most frequent terms of each newspaper, stopwords left out):
  zhcorpus freq seeds --by newspaper --top 20 --stopwords zh -o freq.csv")]
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
    #[command(flatten)]
    pub chart: ChartArgs,
    /// What `--chart` draws: bars of the top terms, or a word cloud.
    #[arg(long, value_enum, default_value_t = ChartKind::Bar)]
    pub chart_kind: ChartKind,
}

/// The picture of a frequency table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartKind {
    Bar,
    Cloud,
}

/// Terms in the bar chart, and in the word cloud (fewer with `--top`).
const BAR_TERMS: usize = 30;
const CLOUD_TERMS: usize = 150;

pub fn run(args: &FreqArgs, quiet: bool) -> Result<()> {
    args.out.check(&args.corpus.inputs())?;
    args.chart.check(&args.corpus.inputs())?;
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
    args.chart.draw(|| {
        let stop = picture_stopwords(&args.corpus.seg)?;
        let hidden = |t: &str| stop.contains(t);
        Ok(match args.chart_kind {
            ChartKind::Bar => Picture::Bar(chart::bar::top_terms(
                &df,
                args.top.unwrap_or(BAR_TERMS).min(BAR_TERMS),
                &hidden,
                "Most frequent terms",
            )?),
            ChartKind::Cloud => Picture::Cloud(chart::cloud::word_cloud(
                &df,
                args.top.unwrap_or(CLOUD_TERMS).min(CLOUD_TERMS),
                &hidden,
                "Word cloud of the most frequent terms",
            )?),
        })
    })?;
    args.out.write(&mut df)
}

/// Either picture of the table.
enum Picture {
    Bar(chart::bar::Bars),
    Cloud(chart::cloud::Cloud),
}

impl chart::Chart for Picture {
    fn draw<DB: plotters::prelude::DrawingBackend>(
        &self,
        root: &plotters::prelude::DrawingArea<DB, plotters::coord::Shift>,
    ) -> chart::DrawResult<DB> {
        match self {
            Picture::Bar(c) => c.draw(root),
            Picture::Cloud(c) => c.draw(root),
        }
    }
}
