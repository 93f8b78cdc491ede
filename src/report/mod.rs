//! `zhcorpus report`: the main job (docs/report.md). One streaming pass over the corpus (`pass.rs`)
//! gives the corpus-wide tables; a replay of it (`context.rs`) follows the tracked terms (trend,
//! dispersion, KWIC samples, collocates); `phrases` reads the replay's sentences. The report is
//! then a list of sections (`sections/`), each with its tables, charts, fragment of the page and
//! entries of the manifest: every table is written as CSV, every chart drawn as PNG and SVG (in
//! parallel), the fragments put on one self-contained page, `index.html` (`page.rs`), and
//! `manifest.json` records how it was made (tool and segmenter versions, dictionary hashes,
//! options, each input file with its SHA-256 and size, row counts, timings). The same corpus
//! and options give the same bytes in every file; only the manifest's timings vary.

pub mod context;
mod manifest;
pub mod names;
mod page;
pub mod pass;
pub mod plan;
mod sections;

use std::path::PathBuf;
use std::time::Instant;

use polars::prelude::DataFrame;
use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::analysis::collocates::CollocateOptions;
use crate::analysis::issues::IssuesOptions;
use crate::analysis::ngrams::NgramOptions;
use crate::analysis::phrases::{PhraseOptions, phrases_recorded, user_dict};
use crate::analysis::reprints::{Dedup, Reprints};
use crate::chart::ChartSize;
use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::output::shell::quote;
use crate::output::{Format, WriteOptions, to_bytes, write_atomic};
use crate::tokenize::{Interner, Segmenter, SegmenterOptions, Stopwords};

pub use manifest::OutputFile;
use sections::SECTIONS;

#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub out_dir: PathBuf,
    pub ngram_sizes: Vec<usize>,
    pub ngram_min_count: u64,
    pub track: Vec<String>,
    pub segmenter: SegmenterOptions,
    pub write: WriteOptions,
    pub chart_size: ChartSize,
    /// The arguments after the program name, recorded in the manifest.
    pub command_line: Vec<String>,
    /// With `--dedup`: the reprints found (already left out of the corpus's passes, see
    /// `Reprints::apply`) and what was left out; written as `reprints.csv`.
    pub dedup: Option<(Reprints, Dedup)>,
}

/// What the report wrote, for the caller to summarise.
#[derive(Debug)]
pub struct ReportSummary {
    pub files: Vec<OutputFile>,
    pub counted_tokens: u64,
}

/// Terms the trend tracks when `--track` is not given.
const DEFAULT_TRACKED: usize = 6;
/// KWIC lines shown per tracked term, and tokens either side.
const KWIC_LINES: usize = 8;
const KWIC_WINDOW: usize = 10;
/// Phrases listed (and the new ones among them offered as a user dictionary).
const PHRASE_ROWS: usize = 100;
/// The report's user dictionary of new phrases.
pub const USER_DICT: &str = "user-dict.txt";
/// Streaming passes over the corpus (for the progress bar): the corpus-wide tables, the
/// tracked terms in context, and the phrases' passes over the characters (which count as one).
pub const PASSES: u64 = 3;

/// A chart of the report: its files and the inline SVG for the page.
pub struct Figure {
    pub stem: String,
    pub svg: String,
}

/// Run the report on `corpus` and write the directory `opts.out_dir`, whole or not at all
/// (`output::write_dir_atomic`): it replaces an earlier report there, or an empty directory,
/// and nothing else (docs/errors.md).
pub fn write_report(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &ReportOptions,
    load_secs: f64,
) -> Result<ReportSummary> {
    let dir = &opts.out_dir;
    let empty = || std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none());
    if dir.exists() && !crate::corpus::is_report_dir(dir) && !empty() {
        return Err(Error::usage(format!(
            "-o {}: a directory that holds no zhcorpus report (no manifest.json of one), which \
             the report would replace; give a new or empty directory, or an earlier report's",
            dir.display()
        )));
    }
    crate::output::write_dir_atomic(dir, |staged| {
        let staged = ReportOptions {
            out_dir: staged.to_path_buf(),
            ..opts.clone()
        };
        write_report_into(corpus, seg, progress, &staged, load_secs)
    })
}

/// `write_report` into `opts.out_dir`, a new directory.
fn write_report_into(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &ReportOptions,
    load_secs: f64,
) -> Result<ReportSummary> {
    let start = Instant::now();
    let comparisons = plan::comparisons(corpus)?;
    let trend_by = plan::trend_column(corpus);
    // Pictures of top terms leave out the Chinese stopword list unless stopwords were given
    // (docs/report.md): a bar of 的, 在, 和 tells a reader nothing. The tables keep every term.
    let picture_stopwords: FxHashSet<String> = match opts.segmenter.stopwords {
        Stopwords::None => Stopwords::Zh.load()?,
        _ => FxHashSet::default(),
    };
    let shown = |t: &str| !picture_stopwords.contains(t);
    let ngram_opts = NgramOptions {
        sizes: opts.ngram_sizes.clone(),
        min_count: opts.ngram_min_count,
        ..NgramOptions::default()
    };
    let issue_opts = IssuesOptions {
        track: opts.track.clone(),
        ..IssuesOptions::default()
    };
    // The trend's terms come from the comparison of dates, else the first comparison.
    let source = comparisons.iter().position(|c| c.over_time).unwrap_or(0);
    let choose = |keyness: &[DataFrame], freq: &DataFrame| {
        default_tracked(keyness.get(source), freq, &shown)
    };
    let interner = Interner::default();
    let r = pass::run(
        corpus,
        seg,
        &interner,
        progress,
        &pass::PassOptions {
            ngrams: &ngram_opts,
            issues: &issue_opts,
            comparisons: &comparisons,
            choose_terms: &choose,
        },
    )?;
    let pass_secs = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let ctx = context::run(
        corpus,
        seg,
        &r.recording,
        &interner,
        progress,
        &context::ContextOptions {
            terms: &r.tracked,
            trend_by: &trend_by,
            kwic_cap: KWIC_LINES,
            kwic_window: KWIC_WINDOW,
            collocates: &CollocateOptions::default(),
        },
    )?;
    let context_secs = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let phrases = phrases_recorded(&r.recording, seg, progress, &phrase_options())?;
    let phrase_secs = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let user_dict = user_dict(&phrases, seg)?;

    let report = sections::Report {
        corpus,
        opts,
        pass: &r,
        context: &ctx,
        phrases,
        user_dict,
        comparisons: &comparisons,
        trend_by: &trend_by,
        stems: collocate_stems(&ctx.terms),
        picture_stopwords,
        counted_tokens: column_sum(&r.freq, col::COUNT),
    };
    // The tables are serialised and written while the charts are drawn, both on the pool.
    let (files, charts) = rayon::join(|| write_files(&report), || draw_charts(&report));
    let (mut files, (chart_files, figures)) = (files?, charts?);
    files.extend(chart_files);
    let chart_secs = start.elapsed().as_secs_f64();

    let page = page::render(&report, &figures, &files)?;
    write_atomic(&opts.out_dir.join("index.html"), page.as_bytes())?;
    files.push(OutputFile::other("index.html"));

    let analyses: serde_json::Map<String, serde_json::Value> = SECTIONS
        .iter()
        .flat_map(|s| s.manifest(&report))
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    manifest::write(&manifest::ManifestInput {
        corpus,
        opts,
        encodings: &r.encodings,
        digests: &r.digests,
        files: &files,
        counted_tokens: report.counted_tokens,
        types: r.freq.height(),
        analyses: serde_json::Value::Object(analyses),
        timings: serde_json::json!({
            "load": load_secs,
            "pass": pass_secs,
            "context_pass": context_secs,
            "phrases": phrase_secs,
            "charts_and_page": chart_secs,
        }),
    })?;
    files.push(OutputFile::other("manifest.json"));
    Ok(ReportSummary {
        files,
        counted_tokens: report.counted_tokens,
    })
}

/// The command-line flags that give `seg` (and `--dedup`), each with a leading space: what
/// every command the page prints needs to reproduce the report's tables.
fn segment_flags(seg: &SegmenterOptions, dedup: Option<&Dedup>) -> String {
    let mut f = String::new();
    match &seg.stopwords {
        Stopwords::None => {}
        Stopwords::Zh => f.push_str(" --stopwords zh"),
        Stopwords::File(p) => {
            f.push_str(&format!(" --stopwords {}", quote(&p.display().to_string())))
        }
    }
    if let Some(p) = &seg.user_dict {
        f.push_str(&format!(" --user-dict {}", quote(&p.display().to_string())));
    }
    if seg.hmm {
        f.push_str(" --hmm");
    }
    if let Some(c) = seg.t2s {
        f.push_str(&format!(" --t2s={}", c.name()));
    }
    if let Some(d) = dedup {
        f.push_str(&format!(" --dedup={}", d.min_similarity));
    }
    f
}

/// The phrases the report lists: `zhcorpus phrases CORPUS --top 100`.
fn phrase_options() -> PhraseOptions {
    PhraseOptions {
        top: Some(PHRASE_ROWS),
        ..PhraseOptions::default()
    }
}

fn column_sum(df: &DataFrame, name: &str) -> u64 {
    df.column(name)
        .ok()
        .and_then(|c| c.as_materialized_series().sum::<u64>().ok())
        .unwrap_or(0)
}

/// The trend's terms when `--track` is not given: the strongest keyness terms of a comparison
/// (alternately key in the target and in the reference, |G²| ≥ 3.84), else the most
/// frequent terms; stopwords of the pictures left out.
fn default_tracked(
    keyness: Option<&DataFrame>,
    freq: &DataFrame,
    shown: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let strings = |df: &DataFrame, name: &str| -> Vec<String> {
        df.column(name)
            .ok()
            .and_then(|c| c.str().ok().cloned())
            .map(|c| c.iter().map(|v| v.unwrap_or("").to_string()).collect())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    if let Some(k) = keyness {
        let terms = strings(k, col::TERM);
        let g2: Vec<f64> = k
            .column(col::G2)
            .ok()
            .and_then(|c| c.f64().ok().cloned())
            .map(|c| c.iter().map(|v| v.unwrap_or(0.0)).collect())
            .unwrap_or_default();
        let rows: Vec<(&String, f64)> = terms.iter().zip(g2).filter(|(t, _)| shown(t)).collect();
        let up = rows.iter().filter(|r| r.1 >= 3.84).map(|r| r.0);
        let down = rows.iter().rev().filter(|r| r.1 <= -3.84).map(|r| r.0);
        let mut up = up.peekable();
        let mut down = down.peekable();
        while out.len() < DEFAULT_TRACKED && (up.peek().is_some() || down.peek().is_some()) {
            if let Some(t) = up.next() {
                out.push(t.clone());
            }
            if out.len() < DEFAULT_TRACKED
                && let Some(t) = down.next()
            {
                out.push(t.clone());
            }
        }
    }
    if out.is_empty() {
        out = strings(freq, col::TERM)
            .into_iter()
            .filter(|t| shown(t))
            .take(DEFAULT_TRACKED)
            .collect();
    }
    out
}

/// Each tracked term's part of its file names, unique (`collocates-核酸.csv`).
fn collocate_stems(terms: &[context::TermContext]) -> Vec<String> {
    names::unique(terms.iter().map(|t| names::file_stem(&t.term)))
}

/// Every section's tables (CSV), then every section's other files (docs/report.md lists
/// them).
fn write_files(report: &sections::Report<'_>) -> Result<Vec<OutputFile>> {
    let dir = &report.opts.out_dir;
    let mut tables = Vec::new();
    for s in SECTIONS {
        tables.extend(s.tables(report)?);
    }
    // Each table serialised and written on a worker (n-grams and freq take the longest),
    // listed in order.
    let mut files = tables
        .into_par_iter()
        .map(|mut t| {
            let bytes = to_bytes(&mut t.df, Format::Csv, report.opts.write)?;
            write_atomic(&dir.join(&t.file), &bytes)?;
            Ok(OutputFile::table(&t.file, &t.df))
        })
        .collect::<Result<Vec<_>>>()?;
    for s in SECTIONS {
        for (file, bytes) in s.files(report)? {
            write_atomic(&dir.join(&file), &bytes)?;
            files.push(OutputFile::other(&file));
        }
    }
    Ok(files)
}

/// Every section's charts, rendered in parallel (PNG and SVG of each), then written in
/// order: their files, and the figures with the SVGs kept for the page.
fn draw_charts(report: &sections::Report<'_>) -> Result<(Vec<OutputFile>, Vec<Figure>)> {
    let mut files = Vec::new();
    let mut jobs = Vec::new();
    for s in SECTIONS {
        jobs.extend(s.charts(report)?);
    }
    let opts = report.opts;
    let rendered = jobs
        .par_iter()
        .map(|j| (j.render)(opts.chart_size))
        .collect::<Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(jobs.len());
    for (job, (png, svg)) in jobs.iter().zip(rendered) {
        for (ext, bytes) in [("png", png.as_slice()), ("svg", svg.as_bytes())] {
            let file = format!("{}.{ext}", job.stem);
            write_atomic(&opts.out_dir.join(&file), bytes)?;
            files.push(OutputFile::other(&file));
        }
        out.push(Figure {
            stem: job.stem.clone(),
            svg,
        });
    }
    Ok((files, out))
}
