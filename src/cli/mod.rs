//! The command line: clap arguments, one file per subcommand, each a short call into the
//! library. Presentation (progress bars, warnings on stderr) lives here and nowhere else.

mod collocates;
mod completions;
mod count;
mod dispersion;
mod freq;
mod issues;
mod keyness;
mod keywords;
mod kwic;
mod man;
mod merge;
mod ngrams;
mod phrases;
mod report;
mod reprints;
mod tokens;
mod trend;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::analysis::counts::{CountsTable, read_counts};
use crate::analysis::reprints::{Dedup, ReprintOptions, Reprints, reprints};
use crate::corpus::{Corpus, WalkOptions, load_corpus_with};
use crate::error::{Error, Result};
use crate::output::WriteOptions;
use crate::tokenize::{Segmenter, SegmenterOptions, Stopwords};

#[derive(Debug, Parser)]
#[command(
    name = "zhcorpus",
    version,
    about = "Statistical analysis of Chinese newspaper corpora"
)]
pub struct Cli {
    /// No progress bars or warnings on stderr (errors are still shown).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The main job: run the analyses and write a report directory (default reports/CORPUS_NAME/).
    Report(report::ReportArgs),
    /// Per-issue term counts (issue, term, kind, count + metadata), for sharded corpora.
    Count(count::CountArgs),
    /// Add counts files together (shards counted apart).
    Merge(merge::MergeArgs),
    /// Export the token table (and the sentence table with --sentences).
    Tokens(tokens::TokensArgs),
    /// Term frequencies: term, count, rank, per_10k, doc_freq (with --by, a group column first).
    Freq(freq::FreqArgs),
    /// Phrase n-grams with association measures.
    Ngrams(ngrams::NgramsArgs),
    /// New words and phrases found on characters: PMI and branching entropy, maximal strings.
    Phrases(phrases::PhrasesArgs),
    /// Figures per issue: articles, sentences, chars, tokens, types, ttr, hapax, top terms.
    Issues(issues::IssuesArgs),
    /// Keyness: terms over- and under-used in --target issues against --reference issues.
    Keyness(keyness::KeynessArgs),
    /// Counts and rates of terms per group (--by date): one row per group and term.
    Trend(trend::TrendArgs),
    /// How evenly terms spread over the issues (or --by groups): range, Juilland's D, DP.
    Dispersion(dispersion::DispersionArgs),
    /// Keyword in context: every occurrence of a term with the tokens either side.
    Kwic(kwic::KwicArgs),
    /// Words near a node term (--window N tokens each side) with PMI, t-score, log Dice, G².
    Collocates(collocates::CollocatesArgs),
    /// Per-issue TF-IDF keywords: issue, term, count, tf, idf, tfidf, rank (--by: per group).
    Keywords(keywords::KeywordsArgs),
    /// Near-duplicate articles (wire copy printed by several papers, or twice): Jaccard of 5-character shingles.
    Reprints(reprints::ReprintsArgs),
    /// Shell completions: the script for bash, zsh, fish, PowerShell or elvish on stdout.
    Completions(completions::CompletionsArgs),
    /// Manual pages: zhcorpus.1 on stdout, or with -o DIR a page per command into DIR.
    Man(man::ManArgs),
}

/// The corpus, how to walk it and how to segment it: shared by every command.
#[derive(Debug, Clone, Args)]
pub struct CorpusArgs {
    /// Corpus directory of .txt files (one per issue) with an optional metadata.csv, or (for
    /// freq, issues, keyness) a counts file written by `zhcorpus count` / `merge`.
    #[arg(default_value = "seeds")]
    pub corpus: PathBuf,
    #[command(flatten)]
    pub seg: SegmentArgs,
}

/// How to segment: `--stopwords`, `--user-dict`, `--hmm`, `--t2s`.
#[derive(Debug, Clone, Args)]
pub struct SegmentArgs {
    /// Read the files and directories that links inside the corpus point to outside it (by
    /// default such links are skipped with a warning).
    #[arg(long)]
    pub follow_links: bool,
    /// Stopwords to drop from counts: `zh` (stopwords-iso Chinese list) or a file, one per line.
    #[arg(long, value_name = "zh|FILE")]
    pub stopwords: Option<String>,
    /// A jieba user dictionary: `word [freq] [tag]` per line.
    #[arg(long, value_name = "FILE")]
    pub user_dict: Option<PathBuf>,
    /// Let jieba's HMM guess words missing from the dictionary (off by default).
    #[arg(long)]
    pub hmm: bool,
    /// Convert traditional characters to simplified (OpenCC) before segmentation; `--t2s=tw2s`
    /// or `--t2s=hk2s` also fold Taiwan or Hong Kong variant forms.
    #[arg(long, value_enum, value_name = "CONFIG", num_args = 0..=1, require_equals = true, default_missing_value = "t2s")]
    pub t2s: Option<crate::corpus::convert::Conversion>,
    /// Count reprinted articles once: find near-duplicate articles as `reprints` does
    /// (similarity ≥ S, default 0.5, articles of at least 100 Han characters) and leave out
    /// every copy but the earliest (by date, then issue id, then article number).
    #[arg(long, value_name = "S", num_args = 0..=1, require_equals = true, default_missing_value = "0.5")]
    pub dedup: Option<f64>,
}

impl CorpusArgs {
    /// A `.parquet` (or counts `.csv`) file given in place of a corpus directory: per-issue
    /// term counts from `zhcorpus count`.
    pub fn counts_file(&self) -> Option<&std::path::Path> {
        let p = self.corpus.as_path();
        let ext = p.extension()?.to_string_lossy().to_ascii_lowercase();
        (p.is_file() && matches!(ext.as_str(), "parquet" | "pq" | "csv")).then_some(p)
    }

    /// The counts file given in place of a corpus, read with the stopwords left out; `None`
    /// when the input is a corpus.
    pub fn read_counts(&self) -> Result<Option<(&std::path::Path, CountsTable)>> {
        let Some(path) = self.counts_file() else {
            return Ok(None);
        };
        if self.seg.t2s.is_some() {
            return Err(Error::usage(format!(
                "{}: --t2s converts texts, and a counts file has none: give --t2s to `zhcorpus count`",
                path.display()
            )));
        }
        if self.seg.dedup.is_some() {
            return Err(Error::usage(format!(
                "{}: --dedup compares the articles' texts, and a counts file has none: give \
                 --dedup to `zhcorpus count`",
                path.display()
            )));
        }
        let stop = self.seg.segmenter_options().stopwords.load()?;
        Ok(Some((path, read_counts(path, |t| stop.contains(t))?)))
    }

    pub fn segmenter_options(&self) -> SegmenterOptions {
        self.seg.segmenter_options()
    }

    /// What the command reads, each with its name for messages: the corpus (or counts
    /// file), the user dictionary and a stopword file. No output may be one of them or lie
    /// inside the corpus directory ([`check_outputs`]).
    pub fn inputs(&self) -> Vec<(&'static str, &Path)> {
        let mut inputs = vec![("the corpus", self.corpus.as_path())];
        inputs.extend(self.seg.user_dict.as_deref().map(|p| ("--user-dict", p)));
        inputs.extend(
            self.seg
                .stopwords
                .as_deref()
                .filter(|s| *s != "zh")
                .map(|p| ("--stopwords", Path::new(p))),
        );
        inputs
    }
}

/// Refuse outputs (given by `flag`) that are one of `inputs` or inside an input directory,
/// before any work (docs/errors.md, "Corpora from strangers").
pub fn check_outputs<'a>(
    inputs: &[(&str, &Path)],
    flag: &str,
    outputs: impl IntoIterator<Item = &'a Path>,
) -> Result<()> {
    for output in outputs {
        for (what, input) in inputs {
            crate::corpus::check_output(input, what, output, flag)?;
        }
    }
    Ok(())
}

impl SegmentArgs {
    pub fn segmenter_options(&self) -> SegmenterOptions {
        SegmenterOptions {
            hmm: self.hmm,
            user_dict: self.user_dict.clone(),
            stopwords: self
                .stopwords
                .as_deref()
                .map(Stopwords::parse)
                .unwrap_or_default(),
            t2s: self.t2s,
        }
    }

    /// `--dedup`'s options, checked (`None` without `--dedup`).
    pub fn dedup_options(&self) -> Result<Option<ReprintOptions>> {
        let Some(min_similarity) = self.dedup else {
            return Ok(None);
        };
        let opts = ReprintOptions {
            min_similarity,
            ..ReprintOptions::default()
        };
        opts.check_as(&format!("--dedup={min_similarity}"))?;
        Ok(Some(opts))
    }
}

/// Where a table goes.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output file; the extension picks the format (.csv, .parquet, .json). Default: CSV on stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Start CSV output with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    pub bom: bool,
}

impl OutputArgs {
    pub fn write_options(&self) -> WriteOptions {
        WriteOptions { bom: self.bom }
    }

    /// Write the table where `-o` says (CSV on stdout by default).
    pub fn write(&self, df: &mut polars::prelude::DataFrame) -> Result<()> {
        crate::output::write_table(df, self.output.as_deref(), self.write_options())
    }

    /// Check the extension, and that the output is no input, before the work, not after.
    pub fn check(&self, inputs: &[(&str, &Path)]) -> Result<()> {
        check_outputs(inputs, "-o", self.output.as_deref())?;
        match &self.output {
            Some(p) if p.as_os_str() != "-" => crate::output::Format::from_path(p).map(|_| ()),
            _ => Ok(()),
        }
    }
}

/// `--chart FILE.png|FILE.svg` (repeatable) and `--chart-size`: a picture of the command's
/// table, drawn from the same table it writes.
#[derive(Debug, Clone, Args)]
pub struct ChartArgs {
    /// Also draw the result as a chart: FILE.png or FILE.svg (repeat for both).
    #[arg(long, value_name = "FILE")]
    pub chart: Vec<PathBuf>,
    /// Chart size in pixels, WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", default_value = "1600x1000")]
    pub chart_size: String,
}

impl ChartArgs {
    pub fn size(&self) -> Result<crate::chart::ChartSize> {
        crate::chart::ChartSize::parse(&self.chart_size)
    }

    /// Check the extensions, the size and that no chart replaces an input, before the work,
    /// not after.
    pub fn check(&self, inputs: &[(&str, &Path)]) -> Result<()> {
        self.size()?;
        check_outputs(inputs, "--chart", self.chart.iter().map(PathBuf::as_path))?;
        crate::chart::check_paths(&self.chart)
    }

    /// Whether any chart is asked for.
    pub fn wanted(&self) -> bool {
        !self.chart.is_empty()
    }

    /// Draw `make()`'s chart to every `--chart` file.
    pub fn draw<C: crate::chart::Chart>(&self, make: impl FnOnce() -> Result<C>) -> Result<()> {
        if self.chart.is_empty() {
            return Ok(());
        }
        let chart = make()?;
        let size = self.size()?;
        for path in &self.chart {
            crate::chart::write_chart(&chart, path, size)?;
        }
        Ok(())
    }
}

/// The words pictures of top terms leave out: the Chinese stopword list, unless the user
/// gave stopwords (which are then already out of the counts). docs/report.md
pub fn picture_stopwords(seg: &SegmentArgs) -> Result<rustc_hash::FxHashSet<String>> {
    match seg.stopwords {
        None => Stopwords::Zh.load(),
        Some(_) => Ok(rustc_hash::FxHashSet::default()),
    }
}

/// The corpus listed (with `--dedup`, its reprints found and left out), the segmenter built,
/// a progress bar ready: what a streaming command starts with.
pub struct Opened {
    pub corpus: Corpus,
    pub segmenter: Segmenter,
    /// Counts input bytes; hidden unless stderr is a terminal and the corpus is large.
    pub bar: ProgressBar,
    /// With `--dedup`: the reprints found and what was left out.
    pub dedup: Option<(Reprints, Dedup)>,
}

pub fn open(args: &CorpusArgs, quiet: bool) -> Result<Opened> {
    let dedup_opts = args.seg.dedup_options()?;
    let segmenter = Segmenter::new(&args.segmenter_options())?;
    let walk = WalkOptions {
        follow_links: args.seg.follow_links,
    };
    let mut corpus = load_corpus_with(&args.corpus, walk)?;
    if !quiet {
        warn_summarised(&corpus.warnings);
    }
    let dedup = match dedup_opts {
        Some(opts) => {
            let bar = progress_bar(&corpus, quiet, "finding reprints");
            let r = reprints(&corpus, &segmenter, &|n| bar.inc(n), &opts);
            bar.finish_and_clear();
            let r = r?;
            let d = r.apply(&mut corpus, &opts);
            if !quiet {
                say(&d);
            }
            Some((r, d))
        }
        None => None,
    };
    Ok(Opened {
        bar: progress_bar(&corpus, quiet, "segmenting"),
        corpus,
        segmenter,
        dedup,
    })
}

/// A bar of input bytes for a pass over the corpus, hidden unless stderr is a terminal and
/// the corpus is large.
fn progress_bar(corpus: &Corpus, quiet: bool, what: &str) -> ProgressBar {
    let total: u64 = corpus.docs.iter().map(|d| d.bytes).sum();
    if quiet || !std::io::stderr().is_terminal() || total < 4 << 20 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{what} {{bar:30}} {{binary_bytes}}/{{binary_total_bytes}} ({{binary_bytes_per_sec}}, {{eta}} left)"
    )) {
        bar.set_style(style);
    }
    bar
}

/// Open the corpus and run a streaming analysis on it, `f(corpus, segmenter, progress)`,
/// with a progress bar on a terminal.
pub fn streamed<T>(
    args: &CorpusArgs,
    quiet: bool,
    f: impl FnOnce(&Corpus, &Segmenter, &(dyn Fn(u64) + Sync)) -> Result<T>,
) -> Result<T> {
    let o = open(args, quiet)?;
    let result = f(&o.corpus, &o.segmenter, &|n| o.bar.inc(n));
    o.bar.finish_and_clear();
    result
}

/// How many of the corpus's warnings are printed one by one; the rest are counted.
const WARNINGS_SHOWN: usize = 10;

/// The corpus's warnings: the first `WARNINGS_SHOWN`, then how many more there are.
fn warn_summarised(warnings: &[String]) {
    for w in warnings.iter().take(WARNINGS_SHOWN) {
        warn(w);
    }
    let more = warnings.len().saturating_sub(WARNINGS_SHOWN);
    if more > 0 {
        warn(format_args!(
            "{more} more warnings about the corpus not shown (the first {WARNINGS_SHOWN} are above)"
        ));
    }
}

/// `s` as a terminal should show it: every control character (C0 and C1: ESC, BEL, CR, a line
/// feed inside a file name, DEL) written as its Rust escape (`\u{1b}`), so that no file name,
/// metadata value or term can move the cursor, recolour the terminal or forge a line of
/// output (docs/errors.md). Every message on stderr goes through it.
pub fn for_terminal(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A line on stderr, control characters escaped ([`for_terminal`]).
pub fn say(line: impl std::fmt::Display) {
    eprintln!("{}", for_terminal(&line.to_string()));
}

/// A warning on stderr: `warning: …`, control characters escaped.
pub fn warn(message: impl std::fmt::Display) {
    say(format_args!("warning: {message}"));
}

/// Each command's page of the manual, in the source tree's `docs/` (docs/README.md lists
/// them): named in the command's `--help` and man page, before the example.
const MANUAL: &[(&str, &str)] = &[
    ("report", "docs/report.md"),
    ("count", "docs/scale.md"),
    ("merge", "docs/scale.md"),
    ("tokens", "docs/counting.md"),
    ("freq", "docs/counting.md"),
    ("ngrams", "docs/counting.md"),
    ("phrases", "docs/discovery.md"),
    ("issues", "docs/counting.md"),
    ("keyness", "docs/comparing.md"),
    ("trend", "docs/comparing.md"),
    ("dispersion", "docs/comparing.md"),
    ("kwic", "docs/context.md"),
    ("collocates", "docs/context.md"),
    ("keywords", "docs/comparing.md"),
    ("reprints", "docs/reprints.md"),
    ("completions", "docs/install.md"),
    ("man", "docs/install.md"),
];

/// The command line as clap sees it, for parsing, `--help`, completions and man pages alike:
/// the derived definition with each command's manual page named after its example.
pub fn command() -> clap::Command {
    let mut cmd = Cli::command().after_help(
        "The manual: docs/README.md in zhcorpus's source (a page per group of commands, the \
         statistics with their formulas, formats, errors, performance).",
    );
    for (name, page) in MANUAL {
        cmd = cmd.mut_subcommand(name, |sub| {
            let example = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            // Before the example, which ends the help (its last lines run as they are).
            sub.after_help(format!(
                "The manual: {page}, section `{name}` (in zhcorpus's source).\n\n{example}"
            ))
        });
    }
    cmd
}

/// Parse the command line and run it. Errors come back to `main` for printing.
pub fn run() -> anyhow::Result<()> {
    run_from(std::env::args_os())
}

/// `run` with the arguments given (the first is the program name), for running a command in
/// another program's process (the benchmark's in-process comparison). `--threads` works once
/// per process: rayon's global pool is built once.
pub fn run_from<I, T>(args: I) -> anyhow::Result<()>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = command().get_matches_from(args);
    let cli = Cli::from_arg_matches(&matches).map_err(|e| Error::usage(e.to_string()))?;
    if let Some(n) = cli.threads {
        if n == 0 {
            return Err(Error::usage("--threads must be at least 1").into());
        }
        // Results do not depend on the number of threads; each holds its own buffers, so
        // many more than the cores only cost memory (a million exhausted the machine).
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if n > 4 * cores {
            return Err(Error::usage(format!(
                "--threads {n}: at most 4 × the {cores} cores of this machine ({}); the results do not depend on it",
                4 * cores
            ))
            .into());
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .map_err(|e| Error::usage(format!("--threads {n}: {e}")))?;
    }
    let result = match &cli.command {
        Command::Report(a) => report::run(a, cli.quiet),
        Command::Tokens(a) => tokens::run(a, cli.quiet),
        Command::Count(a) => count::run(a, cli.quiet),
        Command::Merge(a) => merge::run(a),
        Command::Freq(a) => freq::run(a, cli.quiet),
        Command::Ngrams(a) => ngrams::run(a, cli.quiet),
        Command::Phrases(a) => phrases::run(a, cli.quiet),
        Command::Issues(a) => issues::run(a, cli.quiet),
        Command::Keyness(a) => keyness::run(a, cli.quiet),
        Command::Trend(a) => trend::run(a, cli.quiet),
        Command::Dispersion(a) => dispersion::run(a, cli.quiet),
        Command::Kwic(a) => kwic::run(a, cli.quiet),
        Command::Collocates(a) => collocates::run(a, cli.quiet),
        Command::Keywords(a) => keywords::run(a, cli.quiet),
        Command::Reprints(a) => reprints::run(a, cli.quiet),
        Command::Completions(a) => completions::run(a),
        Command::Man(a) => man::run(a, cli.quiet),
    };
    // Files read as UTF-8 with malformed sequences replaced, known once they are read.
    let replaced = crate::corpus::decode::take_replaced();
    if !cli.quiet {
        warn_summarised(&replaced);
    }
    result?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command names a manual page that exists and has a section headed by the
    /// command's name, and `--help` names it before the example.
    #[test]
    fn every_command_names_its_manual_page() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let cmd = command();
        let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
        assert_eq!(names.len(), MANUAL.len(), "{names:?}");
        for sub in cmd.get_subcommands() {
            let name = sub.get_name();
            let page = MANUAL.iter().find(|(n, _)| *n == name).map(|(_, p)| *p);
            let page = page.unwrap_or_else(|| panic!("{name} has no manual page"));
            let text = std::fs::read_to_string(root.join(page)).unwrap();
            let heading = format!("`{name}");
            assert!(
                text.lines()
                    .any(|l| l.starts_with('#') && l.contains(&heading)),
                "{page} has no heading for {name}"
            );
            let help = sub.get_after_help().unwrap().to_string();
            assert!(
                help.starts_with(&format!(
                    "The manual: {page}, section `{name}` (in zhcorpus's source).\n\n"
                )),
                "{help}"
            );
            assert!(
                help.contains("\nExample"),
                "{name}: the example went missing: {help}"
            );
        }
    }
}
