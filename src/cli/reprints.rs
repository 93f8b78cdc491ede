use clap::Args;

use super::{CorpusArgs, OutputArgs, streamed};
use crate::analysis::reprints::{ReprintOptions, reprints};
use crate::error::{Error, Result};

#[derive(Debug, Args)]
#[command(after_help = "\
Example (the seeds share no article: the table is empty):
  zhcorpus reprints seeds -o reprints.csv")]
pub struct ReprintsArgs {
    /// The corpus; articles are compared on their Han characters (with --t2s, converted;
    /// --stopwords, --user-dict and --hmm change nothing here).
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// List pairs whose similarity (Jaccard index of their sets of 5-character shingles) is
    /// at least S, in (0, 1].
    #[arg(long, value_name = "S", default_value_t = 0.5)]
    pub min_similarity: f64,
    /// Leave out articles with fewer Han characters (short notices repeat by chance).
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub min_chars: u32,
}

pub fn run(args: &ReprintsArgs, quiet: bool) -> Result<()> {
    args.out.check(&args.corpus.inputs())?;
    if let Some(path) = args.corpus.counts_file() {
        return Err(Error::usage(format!(
            "{}: reprints needs the texts (it compares articles), not a counts file",
            path.display()
        )));
    }
    if args.corpus.seg.dedup.is_some() {
        return Err(Error::usage(
            "reprints lists the near-duplicate articles; --dedup, which leaves them out of the \
             other commands' counts, does not apply to it (use --min-similarity)",
        ));
    }
    let opts = ReprintOptions {
        min_similarity: args.min_similarity,
        min_chars: args.min_chars,
    };
    opts.check()?;
    let mut df = streamed(&args.corpus, quiet, |corpus, seg, progress| {
        let r = reprints(corpus, seg, progress, &opts)?;
        if !quiet {
            eprintln!(
                "reprints: {} articles of at least {} Han characters compared; LSH of {} bands \
                 × {} rows proposed {} pairs, {} close enough to check; {} pairs with \
                 similarity ≥ {}",
                r.articles.len(),
                opts.min_chars,
                r.lsh.0,
                r.lsh.1,
                r.proposed,
                r.candidates,
                r.pairs.len(),
                opts.min_similarity
            );
        }
        r.table(corpus)
    })?;
    args.out.write(&mut df)
}
