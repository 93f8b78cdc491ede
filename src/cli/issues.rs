use clap::Args;

use super::{CorpusArgs, OutputArgs, load};
use crate::analysis::issues::{IssuesOptions, issues};
use crate::error::Result;
use crate::output::write_table;

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
    let l = load(&args.corpus, quiet)?;
    let opts = IssuesOptions {
        track: args.track.clone(),
        ..IssuesOptions::default()
    };
    let mut df = issues(&l.corpus, &l.tokens, &l.segmenter, &opts)?;
    write_table(
        &mut df,
        args.out.output.as_deref(),
        args.out.write_options(),
    )
}
