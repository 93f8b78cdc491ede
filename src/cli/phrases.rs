use std::path::{Path, PathBuf};

use clap::Args;

use super::{ChartArgs, CorpusArgs, OutputArgs, streamed};
use crate::analysis::phrases::{PhraseOptions, phrases_scan, user_dict};
use crate::corpus::absolute;
use crate::error::{Error, Result};

#[derive(Debug, Args)]
#[command(after_help = "\
Example (then `zhcorpus freq seeds --user-dict new-words.txt` keeps them whole):
  zhcorpus phrases seeds --top 50 --emit-user-dict new-words.txt")]
pub struct PhrasesArgs {
    /// The corpus; phrases are found on its characters (--stopwords and --hmm change nothing
    /// here; --user-dict decides in_dictionary).
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Longest candidate, in Han characters (2 to 9).
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub max_len: usize,
    /// Candidates occur at least N times (raise it for large corpora: 20–50 for 1 GB).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_count: u64,
    /// Drop a candidate when one longer candidate accounts for at least this share of its
    /// occurrences (核酸检 inside 核酸检测); above 1 keeps every candidate.
    #[arg(long, value_name = "SHARE", default_value_t = 0.9)]
    pub maximal_share: f64,
    /// Keep the first N rows.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Also write the rows that are not in jieba's dictionary as a jieba user dictionary
    /// (`word freq`), for --user-dict: use with --top and review it.
    #[arg(long, value_name = "FILE")]
    pub emit_user_dict: Option<PathBuf>,
    #[command(flatten)]
    pub chart: ChartArgs,
    /// Count in N partitions, reading the text once per partition and length (default: one
    /// per 1.5 GB of input): less memory, more time. The table is the same.
    #[arg(long, value_name = "N")]
    pub parts: Option<usize>,
}

/// Bars in the chart at most.
const CHART_ROWS: usize = 30;

pub fn run(args: &PhrasesArgs, quiet: bool) -> Result<()> {
    args.out.check(&args.corpus.inputs())?;
    args.chart.check(&args.corpus.inputs())?;
    if let Some(path) = args.corpus.counts_file() {
        return Err(Error::usage(format!(
            "{}: phrases needs the texts (it works on characters), not a counts file",
            path.display()
        )));
    }
    let opts = PhraseOptions {
        max_len: args.max_len,
        min_count: args.min_count,
        maximal_share: args.maximal_share,
        top: args.top,
        parts: args.parts,
    };
    opts.check()?;
    if let Some(dict) = &args.emit_user_dict {
        check_not_an_input(dict, args)?;
    }
    let mut df = None;
    let dict = streamed(&args.corpus, quiet, |corpus, seg, progress| {
        let table = phrases_scan(corpus, seg, progress, &opts)?;
        let dict = match &args.emit_user_dict {
            Some(_) => Some(user_dict(&table, seg)?),
            None => None,
        };
        df = Some(table);
        Ok(dict)
    })?;
    let mut df = df.unwrap_or_default();
    args.chart.draw(|| {
        crate::chart::bar::top_phrases(
            &df,
            CHART_ROWS,
            "Top phrases discovered (score = PMI_min × min branching entropy)",
        )
    })?;
    if let (Some(path), Some(text)) = (&args.emit_user_dict, dict) {
        crate::output::write_atomic(path, text.as_bytes())?;
    }
    args.out.write(&mut df)
}

/// The user dictionary must not replace an input (the corpus, a file inside it, the
/// --user-dict file: `check_outputs`), nor the table or a chart.
fn check_not_an_input(dict: &Path, args: &PhrasesArgs) -> Result<()> {
    super::check_outputs(&args.corpus.inputs(), "--emit-user-dict", [dict])?;
    let refuse = |what: &str| {
        Err(Error::usage(format!(
            "--emit-user-dict {}: that is {what}; give another file",
            dict.display()
        )))
    };
    let target = absolute(dict);
    let same = |p: &Path| absolute(p) == target;
    if args.out.output.as_deref().is_some_and(same) {
        return refuse("the -o output");
    }
    if args.chart.chart.iter().any(|c| same(c)) {
        return refuse("a --chart output");
    }
    Ok(())
}
