use std::path::{Path, PathBuf};

use clap::Args;

use super::{ChartArgs, CorpusArgs, OutputArgs, streamed};
use crate::analysis::phrases::{PhraseOptions, phrases_scan, user_dict};
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
    args.out.check()?;
    args.chart.check()?;
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

/// The user dictionary must not replace an input: the --user-dict file, a corpus file, or a
/// .txt inside the corpus directory (it would be read as an issue next time); nor the table
/// or a chart.
fn check_not_an_input(dict: &Path, args: &PhrasesArgs) -> Result<()> {
    let refuse = |what: &str| {
        Err(Error::usage(format!(
            "--emit-user-dict {}: that is {what}; give another file",
            dict.display()
        )))
    };
    let abs = |p: &Path| -> PathBuf {
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = p.file_name().map(PathBuf::from).unwrap_or_default();
        std::fs::canonicalize(dir)
            .map(|d| d.join(&name))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let target = abs(dict);
    let same = |p: &Path| abs(p) == target;
    if args.corpus.seg.user_dict.as_deref().is_some_and(same) {
        return refuse("the --user-dict input");
    }
    if args.out.output.as_deref().is_some_and(same) {
        return refuse("the -o output");
    }
    if args.chart.chart.iter().any(|c| same(c)) {
        return refuse("a --chart output");
    }
    let corpus = std::fs::canonicalize(&args.corpus.corpus).unwrap_or_default();
    if corpus.is_file() && target == corpus {
        return refuse("the corpus");
    }
    if corpus.is_dir() && target == corpus.join("metadata.csv") {
        return refuse("the corpus's metadata");
    }
    if corpus.is_dir() && target.starts_with(&corpus) && crate::corpus::is_txt(&target) {
        return refuse("a .txt inside the corpus directory, which would be read as an issue");
    }
    Ok(())
}
