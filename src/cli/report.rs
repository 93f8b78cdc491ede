use std::path::PathBuf;

use clap::Args;

use super::{CorpusArgs, load};
use crate::analysis::ngrams::parse_sizes;
use crate::error::Result;
use crate::output::WriteOptions;
use crate::report::{ReportOptions, Timings, write_report};

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Report directory (default: reports/<corpus directory name>).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// n-gram sizes for ngrams.csv.
    #[arg(short, value_name = "N", default_value = "2..3")]
    pub n: String,
    /// Minimum count for n-grams in ngrams.csv.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub min_count: u64,
    /// Add a `per_10k:TERM` column to issues.csv; repeat for several terms.
    #[arg(long, value_name = "TERM")]
    pub track: Vec<String>,
    /// Start the CSV files with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    pub bom: bool,
}

pub fn run(args: &ReportArgs, quiet: bool) -> Result<()> {
    let sizes = parse_sizes(&args.n)?;
    let l = load(&args.corpus, quiet)?;
    let out_dir = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(&l.corpus.name));
    let opts = ReportOptions {
        out_dir: out_dir.clone(),
        ngram_sizes: sizes,
        ngram_min_count: args.min_count,
        track: args.track.clone(),
        segmenter: args.corpus.segmenter_options(),
        write: WriteOptions { bom: args.bom },
        command_line: std::env::args().skip(1).collect(),
    };
    let timings = Timings {
        load_secs: l.load_secs,
        tokenize_secs: l.tokenize_secs,
    };
    let summary = write_report(&l.corpus, &l.tokens, &l.segmenter, &opts, timings)?;
    if !quiet {
        eprintln!(
            "wrote {} ({} issues, {} counted tokens, {} files)",
            out_dir.display(),
            l.corpus.docs.len(),
            summary.counted_tokens,
            summary.files.len()
        );
    }
    Ok(())
}
