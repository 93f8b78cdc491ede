use clap::Args;

use super::{CorpusArgs, OutputArgs, streamed};
use crate::analysis::keywords::{KeywordsOptions, keywords_counts, keywords_scan, keywords_schema};
use crate::error::Result;
use crate::output::write_stream;

#[derive(Debug, Args)]
#[command(after_help = "\
Example (each issue's 3 most distinctive terms):
  zhcorpus keywords seeds --top 3 -o keywords.csv")]
pub struct KeywordsArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Keep the N terms of highest TF-IDF of each issue (or group); 0 keeps every term.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Drop terms seen fewer than N times in the issue (or group).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_count: u64,
    /// The documents are the groups of a metadata column (newspaper, date, ...) or `issue`,
    /// in place of the issues.
    #[arg(long, value_name = "COLUMN")]
    pub by: Option<String>,
}

pub fn run(args: &KeywordsArgs, quiet: bool) -> Result<()> {
    args.out.check(&args.corpus.inputs())?;
    let opts = KeywordsOptions {
        by: args.by.clone(),
        top: args.top,
        min_count: args.min_count,
    };
    let schema = keywords_schema(opts.by.is_some());
    let dest = args.out.output.as_deref();
    let documents = write_stream(dest, &schema, args.out.write_options(), |emit| {
        match args.corpus.read_counts()? {
            Some((path, table)) => keywords_counts(&table, path, &opts, emit),
            None => streamed(&args.corpus, quiet, |corpus, seg, progress| {
                keywords_scan(corpus, seg, progress, &opts, emit)
            }),
        }
    })?;
    let what = if opts.by.is_some() { "group" } else { "issue" };
    if !quiet && documents == 0 {
        eprintln!("warning: no {what} has counted tokens: the table is empty");
    }
    if !quiet && documents == 1 {
        eprintln!(
            "warning: only one {what} has counted tokens: every idf is ln(1/1) = 0, so every \
             tfidf is 0 (TF-IDF compares the documents of a corpus)"
        );
    }
    Ok(())
}
