use clap::Args;

use super::trend::corpus_and_terms;
use super::{ChartArgs, OutputArgs, SegmentArgs, streamed};
use crate::analysis::dispersion::{
    DispersionOptions, dispersion_counts, dispersion_positions_scan, dispersion_scan,
};
use crate::chart::barcode::{MAX_TERMS, barcode};
use crate::columns as col;
use crate::error::{Error, Result};
use crate::tokenize::Segmenter;

#[derive(Debug, Args)]
#[command(after_help = "\
Example:
  zhcorpus dispersion seeds 核酸 疫情 核酸检测 --by newspaper")]
pub struct DispersionArgs {
    /// The corpus (optional, default `seeds`: a directory, a .txt file or a counts file; the
    /// first argument is the corpus when it is an existing path or has a `/` or a .txt, .csv,
    /// .parquet extension), then the terms.
    #[arg(value_name = "[CORPUS] TERM", required = true, num_args = 1..)]
    pub args: Vec<String>,
    #[command(flatten)]
    pub seg: SegmentArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// The parts: groups of a metadata column (date, newspaper, ...) or `issue` (the default).
    #[arg(long, value_name = "COLUMN")]
    pub by: Option<String>,
    /// A barcode per part and term (a tick at each occurrence, as quanteda's
    /// `textplot_xray`), at most 6 terms; needs the corpus itself, not a counts file.
    #[command(flatten)]
    pub chart: ChartArgs,
}

pub fn run(args: &DispersionArgs, quiet: bool) -> Result<()> {
    let (corpus, terms) = corpus_and_terms(&args.args, &args.seg, "dispersion")?;
    args.out.check(&corpus.inputs())?;
    args.chart.check(&corpus.inputs())?;
    if args.chart.wanted() && terms.len() > MAX_TERMS {
        return Err(Error::usage(format!(
            "--chart draws at most {MAX_TERMS} terms side by side ({} given); ask for fewer \
             terms, or leave out --chart",
            terms.len()
        )));
    }
    let opts = DispersionOptions {
        terms: terms.to_vec(),
        by: args.by.clone(),
    };
    let mut df = match corpus.read_counts()? {
        Some((path, _)) if args.chart.wanted() => {
            return Err(Error::usage(format!(
                "--chart: {} is a counts file, which keeps no token order; the barcode needs \
                 where each occurrence is: give the corpus itself",
                path.display()
            )));
        }
        Some((path, table)) => {
            let seg = Segmenter::new(&corpus.segmenter_options())?;
            dispersion_counts(&table, path, &seg, &opts)?
        }
        None if args.chart.wanted() => {
            let (df, positions) = streamed(&corpus, quiet, |c, seg, progress| {
                dispersion_positions_scan(c, seg, progress, &opts)
            })?;
            args.chart.draw(|| {
                barcode(
                    &df,
                    &positions.parts,
                    &positions.occurrences,
                    "Where the terms occur",
                )
            })?;
            df
        }
        None => streamed(&corpus, quiet, |c, seg, progress| {
            dispersion_scan(c, seg, progress, &opts)
        })?,
    };
    if !quiet {
        let term = df.column(col::TERM)?.str()?;
        let count = df.column(col::COUNT)?.u64()?;
        for i in 0..df.height() {
            if let (Some(t), Some(0)) = (term.get(i), count.get(i)) {
                super::warn(format_args!("{t} does not occur"));
            }
        }
    }
    args.out.write(&mut df)
}
