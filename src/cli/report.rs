use std::path::PathBuf;

use clap::Args;

use super::{ChartArgs, CorpusArgs, open};
use crate::analysis::ngrams::parse_sizes;
use crate::error::{Error, Result};
use crate::output::WriteOptions;
use crate::report::{ReportOptions, write_report};

#[derive(Debug, Args)]
#[command(after_help = "\
Example (then open report-seeds/index.html in a browser):
  zhcorpus report seeds --track 核酸 --track 疫情 -o report-seeds")]
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
    /// Track a term: a `per_10k:TERM` column in issues.csv and a line in the trend chart;
    /// repeat for several terms (default: terms chosen from the corpus's keyness).
    #[arg(long, value_name = "TERM")]
    pub track: Vec<String>,
    /// Start the CSV files with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    pub bom: bool,
    #[command(flatten)]
    pub chart: ChartArgs,
}

pub fn run(args: &ReportArgs, quiet: bool) -> Result<()> {
    let sizes = parse_sizes(&args.n)?;
    let chart_size = args.chart.size()?;
    if let Some(path) = args.corpus.counts_file() {
        return Err(Error::usage(format!(
            "{}: report needs the corpus itself (a directory of .txt files): a counts file \
             keeps no token order, so it cannot give n-grams or tracked phrases; run freq, \
             issues, keyness or trend on it instead",
            path.display()
        )));
    }
    let out_dir = args.output.clone().unwrap_or_else(|| {
        PathBuf::from("reports").join(crate::corpus::corpus_name(&args.corpus.corpus))
    });
    super::check_outputs(&args.corpus.inputs(), "-o", [out_dir.as_path()])?;
    let start = std::time::Instant::now();
    let mut o = open(&args.corpus, quiet)?;
    // The bar counts input bytes over every pass.
    if let Some(n) = o.bar.length() {
        o.bar.set_length(n * crate::report::PASSES);
    }
    let load_secs = start.elapsed().as_secs_f64();
    let opts = ReportOptions {
        out_dir: out_dir.clone(),
        ngram_sizes: sizes,
        ngram_min_count: args.min_count,
        track: args.track.clone(),
        segmenter: args.corpus.segmenter_options(),
        write: WriteOptions { bom: args.bom },
        chart_size,
        command_line: std::env::args().skip(1).collect(),
        dedup: o.dedup.take(),
    };
    let summary = write_report(&o.corpus, &o.segmenter, &|n| o.bar.inc(n), &opts, load_secs);
    o.bar.finish_and_clear();
    let summary = summary?;
    if !quiet {
        super::say(format_args!(
            "wrote {} ({} issues, {} counted tokens, {} files); open {}",
            out_dir.display(),
            o.corpus.docs.len(),
            summary.counted_tokens,
            summary.files.len(),
            out_dir.join("index.html").display()
        ));
    }
    Ok(())
}
