use std::path::{Path, PathBuf};

use clap::Args;

use super::{ChartArgs, CorpusArgs, OutputArgs, SegmentArgs, streamed};
use crate::analysis::trend::{TrendOptions, require_by, trend_counts, trend_scan};
use crate::error::{Error, Result};
use crate::tokenize::Segmenter;

#[derive(Debug, Args)]
#[command(after_help = "\
Example (is each term's rate the same on every date?):
  zhcorpus trend seeds 核酸 武汉 --by date --test")]
pub struct TrendArgs {
    /// The corpus (optional, default `seeds`: a directory, a .txt file or a counts file; the
    /// first argument is the corpus when it is an existing path or has a `/` or a .txt, .csv,
    /// .parquet extension), then the terms.
    #[arg(value_name = "[CORPUS] TERM", required = true, num_args = 1..)]
    pub args: Vec<String>,
    #[command(flatten)]
    pub seg: SegmentArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Group by a metadata column (date, newspaper, ...) or `issue` (required).
    #[arg(long, value_name = "COLUMN")]
    pub by: Option<String>,
    /// Add `g2, df, p_value`: the G² test that each term has the same rate in every group
    /// (2×k table of the term's counts and the groups' other counted tokens, df = k − 1).
    #[arg(long)]
    pub test: bool,
    #[command(flatten)]
    pub chart: ChartArgs,
}

/// Whether the first argument is the corpus: an existing path, or something shaped like a
/// path (so that a mistyped corpus is an error, not a term).
fn is_corpus(arg: &str) -> bool {
    let p = Path::new(arg);
    let ext = p
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    p.exists()
        || arg.contains(['/', '\\'])
        || matches!(ext.as_deref(), Some("parquet" | "pq" | "csv" | "txt"))
}

/// `[CORPUS] TERM...` of `trend` and `dispersion`: the corpus (default `seeds`) and the
/// terms; no term is a usage error naming `command`.
pub(super) fn corpus_and_terms<'a>(
    args: &'a [String],
    seg: &SegmentArgs,
    command: &str,
) -> Result<(CorpusArgs, &'a [String])> {
    let (corpus, terms) = match args.split_first() {
        Some((first, rest)) if is_corpus(first) => (PathBuf::from(first), rest),
        _ => (PathBuf::from("seeds"), args),
    };
    if terms.is_empty() {
        return Err(Error::usage(format!(
            "{command} needs at least one TERM after the corpus"
        )));
    }
    let corpus = CorpusArgs {
        corpus,
        seg: seg.clone(),
    };
    Ok((corpus, terms))
}

pub fn run(args: &TrendArgs, quiet: bool) -> Result<()> {
    let (corpus, terms) = corpus_and_terms(&args.args, &args.seg, "trend")?;
    args.out.check(&corpus.inputs())?;
    args.chart.check(&corpus.inputs())?;
    let opts = |by: &str| TrendOptions {
        terms: terms.to_vec(),
        by: by.to_string(),
    };
    let mut df = match corpus.read_counts()? {
        Some((path, table)) => {
            let by = require_by(args.by.as_deref(), &table.meta_columns)?;
            let seg = Segmenter::new(&corpus.segmenter_options())?;
            trend_counts(&table, path, &seg, &opts(by), args.test)?
        }
        None => streamed(&corpus, quiet, |c, seg, progress| {
            let by = require_by(args.by.as_deref(), &c.meta_columns)?;
            trend_scan(c, seg, progress, &opts(by), args.test)
        })?,
    };
    args.chart.draw(|| {
        let by = args.by.as_deref().unwrap_or("group");
        let group_title = if by == "date" { "issue date" } else { by };
        crate::chart::lines::trend(&df, &format!("Terms by {by}"), group_title)
    })?;
    args.out.write(&mut df)
}
