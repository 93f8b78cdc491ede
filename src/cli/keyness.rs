use clap::Args;

use super::{ChartArgs, CorpusArgs, OutputArgs, streamed};
use crate::analysis::keyness::{KeynessOptions, keyness_counts, keyness_scan};
use crate::analysis::select::Selection;
use crate::error::{Error, Result};
use crate::stats;

#[derive(Debug, Args)]
#[command(after_help = "\
Example (the February 2020 page against the 2022 pages):
  zhcorpus keyness seeds --target 'date<2021-01-01' --top 20")]
pub struct KeynessArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// The target issues: `column=value`, `!=`, `<`, `<=`, `>`, `>=` on a metadata column or
    /// `issue`, conditions joined by `&` (e.g. `date<2021-01-01`, `newspaper=吕梁日报`).
    #[arg(long, value_name = "EXPR")]
    pub target: String,
    /// The reference issues, as --target (default: every issue not in the target).
    #[arg(long, value_name = "EXPR")]
    pub reference: Option<String>,
    /// Keep the first N rows.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Drop terms seen fewer than N times in target and reference together.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_count: u64,
    /// Two-sided level of lr_conservative's Clopper–Pearson interval, between 0 and 1
    /// (0.05: a 95% interval). No multiple-comparison correction is made unless you make it
    /// here (Bonferroni over m terms: --alpha with the value of 0.05/m).
    #[arg(long, value_name = "A", default_value_t = stats::DEFAULT_ALPHA)]
    pub alpha: f64,
    #[command(flatten)]
    pub chart: ChartArgs,
}

/// Bars on each side of the keyness chart.
const KEY_BARS: usize = 20;

pub fn run(args: &KeynessArgs, quiet: bool) -> Result<()> {
    args.out.check(&args.corpus.inputs())?;
    args.chart.check(&args.corpus.inputs())?;
    if !(args.alpha > 0.0 && args.alpha < 1.0) {
        return Err(Error::usage(format!(
            "--alpha {}: must be between 0 and 1 (exclusive), e.g. 0.05 for a 95% interval",
            args.alpha
        )));
    }
    let opts = KeynessOptions {
        target: Selection::parse("--target", &args.target)?,
        reference: args
            .reference
            .as_deref()
            .map(|r| Selection::parse("--reference", r))
            .transpose()?,
        min_count: args.min_count,
        top: args.top,
        alpha: args.alpha,
    };
    let mut df = match args.corpus.read_counts()? {
        Some((_, table)) => keyness_counts(&table, &opts)?,
        None => streamed(&args.corpus, quiet, |corpus, seg, progress| {
            keyness_scan(corpus, seg, progress, &opts)
        })?,
    };
    args.chart.draw(|| {
        let reference = args.reference.as_deref().unwrap_or("rest of the corpus");
        crate::chart::diverging::keyness(
            &df,
            KEY_BARS,
            &args.target,
            reference,
            &format!("Keyness: {} vs {reference}", args.target),
        )
    })?;
    args.out.write(&mut df)
}
