use std::path::PathBuf;

use clap::Args;
use polars::prelude::DataFrame;

use super::{CorpusArgs, OutputArgs, open};
use crate::analysis::tokens::{sentence_schema, table_batches, token_schema};
use crate::error::Result;
use crate::output::{Format, write_stream};

#[derive(Debug, Args)]
#[command(after_help = "\
Example:
  zhcorpus tokens seeds -o tokens.parquet --sentences sentences.csv")]
pub struct TokensArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Also write the sentence table (issue, article, sentence, text) to FILE.
    #[arg(long, value_name = "FILE")]
    pub sentences: Option<PathBuf>,
}

/// The token table to `--output` (or standard output) and the sentence table to
/// `--sentences`, both filled by one pass.
pub fn run(args: &TokensArgs, quiet: bool) -> Result<()> {
    args.out.check(&args.corpus.inputs())?;
    if let Some(p) = &args.sentences {
        Format::from_path(p)?;
    }
    super::check_outputs(
        &args.corpus.inputs(),
        "--sentences",
        args.sentences.as_deref(),
    )?;
    let o = open(&args.corpus, quiet)?;
    let opts = args.out.write_options();
    let drop_stopwords = args.corpus.seg.stopwords.is_some();
    let progress = |n| o.bar.inc(n);
    let pass = |sentences: bool,
                emit: &mut dyn FnMut(DataFrame, Option<DataFrame>) -> Result<()>| {
        table_batches(
            &o.corpus,
            &o.segmenter,
            &progress,
            sentences,
            drop_stopwords,
            emit,
        )
    };
    let token_schema = token_schema(&o.corpus.meta_columns);
    write_stream(
        args.out.output.as_deref(),
        &token_schema,
        opts,
        |tokens| match args.sentences.as_deref() {
            Some(path) => write_stream(Some(path), &sentence_schema(), opts, |sentences| {
                pass(true, &mut |t, s| {
                    tokens(t)?;
                    if let Some(s) = s {
                        sentences(s)?;
                    }
                    Ok(())
                })
            }),
            None => pass(false, &mut |t, _| tokens(t)),
        },
    )?;
    o.bar.finish_and_clear();
    Ok(())
}
