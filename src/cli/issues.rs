use clap::Args;

use super::{ChartArgs, CorpusArgs, OutputArgs, streamed};
use crate::analysis::issues::{IssuesOptions, issues_counts, issues_scan};
use crate::error::Result;
use crate::tokenize::Segmenter;

#[derive(Debug, Args)]
#[command(after_help = "\
Example:
  zhcorpus issues seeds --track 核酸 --track 疫情 -o issues.csv")]
pub struct IssuesArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Add a `per_10k:TERM` column; repeat for several terms.
    #[arg(long, value_name = "TERM")]
    pub track: Vec<String>,
    #[command(flatten)]
    pub chart: ChartArgs,
}

pub fn run(args: &IssuesArgs, quiet: bool) -> Result<()> {
    args.out.check(&args.corpus.inputs())?;
    args.chart.check(&args.corpus.inputs())?;
    let opts = IssuesOptions {
        track: args.track.clone(),
        ..IssuesOptions::default()
    };
    let mut df = match args.corpus.read_counts()? {
        Some((path, table)) => {
            let seg = Segmenter::new(&args.corpus.segmenter_options())?;
            issues_counts(&table, path, &seg, &opts)?
        }
        None => streamed(&args.corpus, quiet, |corpus, seg, progress| {
            issues_scan(corpus, seg, progress, &opts)
        })?,
    };
    args.chart
        .draw(|| crate::chart::multiples::issue_figures(&df, "Figures per issue"))?;
    args.out.write(&mut df)
}
