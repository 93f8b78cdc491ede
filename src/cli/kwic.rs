use clap::Args;

use super::trend::corpus_and_terms;
use super::{OutputArgs, SegmentArgs, open};
use crate::analysis::kwic::{
    DEFAULT_WINDOW, KwicOptions, KwicSort, kwic_scan, kwic_schema, kwic_terms,
};
use crate::error::{Error, Result};
use crate::output::write_stream;

#[derive(Debug, Args)]
#[command(after_help = "\
Example (sorted by the word after the match):
  zhcorpus kwic seeds 核酸检测 --window 6 --sort right")]
pub struct KwicArgs {
    /// The corpus (optional, default `seeds`: a directory or a .txt file; the first argument
    /// is the corpus when it is an existing path or has a `/` or a .txt extension), then the
    /// term (a word or a phrase: 核酸检测).
    #[arg(value_name = "[CORPUS] TERM", required = true, num_args = 1..)]
    pub args: Vec<String>,
    #[command(flatten)]
    pub seg: SegmentArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Tokens shown either side of the match (punctuation included), within the article.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_WINDOW)]
    pub window: usize,
    /// Sort by the context: `right` by R1, R2, ...; `left` by L1 (nearest), L2, ...
    /// Default: corpus order.
    #[arg(long, value_enum)]
    pub sort: Option<KwicSort>,
    /// At most N lines (after sorting).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
}

pub fn run(args: &KwicArgs, quiet: bool) -> Result<()> {
    let (corpus, terms) = corpus_and_terms(&args.args, &args.seg, "kwic")?;
    args.out.check(&corpus.inputs())?;
    let term = match terms {
        [term] => term,
        _ => {
            return Err(Error::usage(format!(
                "kwic takes one TERM, got {}: {} (a phrase is one argument: quote it)",
                terms.len(),
                terms.join(" ")
            )));
        }
    };
    if let Some(path) = corpus.counts_file() {
        return Err(Error::usage(format!(
            "{}: kwic needs the text, and a counts file keeps no text; give the corpus itself",
            path.display()
        )));
    }
    let o = open(&corpus, quiet)?;
    // The term is checked before the output is opened.
    kwic_terms(&o.segmenter, std::slice::from_ref(term))?;
    let opts = KwicOptions {
        term: term.clone(),
        window: args.window,
        sort: args.sort,
        top: args.top,
    };
    let progress = |n| o.bar.inc(n);
    let found = write_stream(
        args.out.output.as_deref(),
        &kwic_schema(&o.corpus.meta_columns),
        args.out.write_options(),
        |emit| kwic_scan(&o.corpus, &o.segmenter, &progress, &opts, emit),
    )?;
    o.bar.finish_and_clear();
    if found == 0 && !quiet {
        super::warn(format_args!("{} does not occur", term.trim()));
    }
    Ok(())
}
