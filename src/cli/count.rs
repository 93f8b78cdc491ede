use std::path::PathBuf;

use clap::Args;

use super::{CorpusArgs, open};
use crate::analysis::counts::{count_batches, counts_schema};
use crate::error::Result;
use crate::output::{WriteOptions, write_stream};

#[derive(Debug, Args)]
#[command(after_help = "\
Example (`zhcorpus freq counts.parquet` then gives what `zhcorpus freq seeds` gives):
  zhcorpus count seeds -o counts.parquet")]
pub struct CountArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Output file: .parquet (recommended: readable by polars, DuckDB, Spark), .csv or .json.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Start CSV output with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    pub bom: bool,
}

pub fn run(args: &CountArgs, quiet: bool) -> Result<()> {
    crate::output::Format::from_path(&args.output)?;
    super::check_outputs(&args.corpus.inputs(), "-o", [args.output.as_path()])?;
    let o = open(&args.corpus, quiet)?;
    write_stream(
        Some(&args.output),
        &counts_schema(&o.corpus.meta_columns),
        WriteOptions { bom: args.bom },
        |emit| count_batches(&o.corpus, &o.segmenter, &|n| o.bar.inc(n), emit),
    )?;
    o.bar.finish_and_clear();
    Ok(())
}
