use std::path::PathBuf;

use clap::Args;

use super::{CorpusArgs, OutputArgs, open};
use crate::error::Result;
use crate::output::Format;
use crate::table::{Destination, export_tables};

#[derive(Debug, Args)]
pub struct TokensArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Also write the sentence table (issue, article, sentence, text) to FILE.
    #[arg(long, value_name = "FILE")]
    pub sentences: Option<PathBuf>,
}

pub fn run(args: &TokensArgs, quiet: bool) -> Result<()> {
    args.out.check()?;
    if let Some(p) = &args.sentences {
        Format::from_path(p)?;
    }
    let o = open(&args.corpus, quiet)?;
    let tokens = match args.out.output.as_deref() {
        Some(p) if p.as_os_str() != "-" => Destination::File(p),
        _ => Destination::Stdout,
    };
    export_tables(
        &o.corpus,
        &o.segmenter,
        &|n| o.bar.inc(n),
        tokens,
        args.sentences.as_deref(),
        args.out.write_options(),
        args.corpus.seg.stopwords.is_some(),
    )?;
    o.bar.finish_and_clear();
    Ok(())
}
