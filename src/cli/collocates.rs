use clap::Args;

use super::trend::corpus_and_terms;
use super::{ChartArgs, OutputArgs, SegmentArgs, picture_stopwords, streamed};
use crate::analysis::collocates::{
    CollocateOptions, CollocateSort, DEFAULT_MIN_COUNT, DEFAULT_WINDOW, collocates_scan,
};
use crate::chart::network::{DEFAULT_COLLOCATES, network};
use crate::error::{Error, Result};

#[derive(Debug, Args)]
#[command(after_help = "\
Example:
  zhcorpus collocates seeds 核酸 --window 5 --top 20")]
pub struct CollocatesArgs {
    /// The corpus (optional, default `seeds`: a directory or a .txt file; the first argument
    /// is the corpus when it is an existing path or has a `/` or a .txt extension), then the
    /// node term (several tokens allowed: 核酸检测).
    #[arg(value_name = "[CORPUS] TERM", required = true, num_args = 1..)]
    pub args: Vec<String>,
    #[command(flatten)]
    pub seg: SegmentArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Counted tokens on each side of the node, inside its sentence (punctuation and
    /// stopwords are skipped, not counted).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_WINDOW)]
    pub window: usize,
    /// Drop collocates seen fewer than N times in the node's windows (count_with).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MIN_COUNT)]
    pub min_count: u64,
    /// Keep the first N rows.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// The statistic to sort by, descending (also the distance in the chart).
    #[arg(long, value_enum, default_value_t = CollocateSort::LogDice)]
    pub sort: CollocateSort,
    #[command(flatten)]
    pub chart: ChartArgs,
}

pub fn run(args: &CollocatesArgs, quiet: bool) -> Result<()> {
    let (corpus, terms) = corpus_and_terms(&args.args, &args.seg, "collocates")?;
    args.out.check(&corpus.inputs())?;
    args.chart.check(&corpus.inputs())?;
    let [term] = terms else {
        return Err(Error::usage(format!(
            "collocates takes one TERM, the node (got {}: {}); run it once per term",
            terms.len(),
            terms.join(" ")
        )));
    };
    if args.window == 0 {
        return Err(Error::usage(
            "--window must be at least 1 (counted tokens on each side of the node)",
        ));
    }
    if let Some(path) = corpus.counts_file() {
        return Err(Error::usage(format!(
            "collocates needs the corpus text (a directory or .txt files): {} is a counts \
             file, which keeps no token order and so has no windows around the node",
            path.display()
        )));
    }
    let opts = CollocateOptions {
        term: term.clone(),
        window: args.window,
        min_count: args.min_count,
        top: args.top,
        sort: args.sort,
    };
    let (mut df, count_node) = streamed(&corpus, quiet, |c, seg, progress| {
        collocates_scan(c, seg, progress, &opts)
    })?;
    if !quiet && count_node == 0 {
        super::warn(format_args!("{} does not occur", term.trim()));
    }
    args.chart.draw(|| {
        let stop = picture_stopwords(&args.seg)?;
        network(
            &df,
            term.trim(),
            args.sort.column(),
            args.top
                .unwrap_or(DEFAULT_COLLOCATES)
                .min(DEFAULT_COLLOCATES),
            &|t| stop.contains(t),
            &format!(
                "Collocates of {} (window: {} tokens each side)",
                term.trim(),
                args.window
            ),
        )
    })?;
    args.out.write(&mut df)
}
