use std::path::PathBuf;

use clap::Args;

use super::{CorpusArgs, OutputArgs, load};
use crate::error::Result;
use crate::output::{Format, write_table};
use crate::table::{sentence_table, token_table};

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
    let l = load(&args.corpus, quiet)?;
    let drop_stopwords = args.corpus.stopwords.is_some();
    if let Some(p) = &args.sentences {
        let mut df = sentence_table(&l.corpus, &l.tokens)?;
        write_table(&mut df, Some(p), args.out.write_options())?;
    }
    let mut df = token_table(&l.corpus, &l.tokens, drop_stopwords)?;
    write_table(
        &mut df,
        args.out.output.as_deref(),
        args.out.write_options(),
    )
}
