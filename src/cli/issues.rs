use clap::Args;

use super::{CorpusArgs, OutputArgs, open};
use crate::analysis::counts::read_counts;
use crate::analysis::issues::{IssuesOptions, issues_counts, issues_scan};
use crate::error::Result;
use crate::output::write_table;
use crate::tokenize::Segmenter;

#[derive(Debug, Args)]
pub struct IssuesArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Add a `per_10k:TERM` column; repeat for several terms.
    #[arg(long, value_name = "TERM")]
    pub track: Vec<String>,
}

pub fn run(args: &IssuesArgs, quiet: bool) -> Result<()> {
    args.out.check()?;
    let opts = IssuesOptions {
        track: args.track.clone(),
        ..IssuesOptions::default()
    };
    let mut df = if let Some(path) = args.corpus.counts_file() {
        let seg_opts = args.corpus.segmenter_options();
        let stop = seg_opts.stopwords.load()?;
        let table = read_counts(path, |t| stop.contains(t))?;
        issues_counts(&table, path, &Segmenter::new(&seg_opts)?, &opts)?
    } else {
        let o = open(&args.corpus, quiet)?;
        let df = issues_scan(&o.corpus, &o.segmenter, &|n| o.bar.inc(n), &opts)?;
        o.bar.finish_and_clear();
        df
    };
    write_table(
        &mut df,
        args.out.output.as_deref(),
        args.out.write_options(),
    )
}
