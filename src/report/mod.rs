//! `zhcorpus report`: the main job (docs/report.md). One streaming pass over the corpus (`pass.rs`)
//! gives the corpus-wide tables; a second (`context.rs`) follows the tracked terms (trend,
//! dispersion, KWIC samples, collocates); `phrases` reads the characters in passes of its
//! own (no segmentation); each table is written as CSV, drawn as PNG and SVG charts, and put on
//! one self-contained page, `index.html` (`page.rs`); `manifest.json` records how it was made
//! (tool and segmenter versions, dictionary hashes, options, each input file with its SHA-256
//! and size, row counts, timings). The same corpus and options give the same bytes in every
//! file; only the manifest's timings vary.

pub mod context;
mod manifest;
mod page;
pub mod pass;
pub mod plan;

use std::path::PathBuf;
use std::time::Instant;

use polars::prelude::DataFrame;
use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::analysis::collocates::{CollocateOptions, CollocateSort};
use crate::analysis::issues::IssuesOptions;
use crate::analysis::keywords::KeywordsOptions;
use crate::analysis::ngrams::NgramOptions;
use crate::analysis::phrases::{PhraseOptions, phrases_recorded, user_dict};
use crate::analysis::reprints::{Dedup, Reprints};
use crate::chart::{self, Chart, ChartSize};
use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::Result;
use crate::output::{Format, WriteOptions, to_bytes, write_atomic};
use crate::tokenize::{Interner, Segmenter, SegmenterOptions, Stopwords};

pub use manifest::OutputFile;
use plan::Comparison;

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

/// How many rows the pictures of top items show.
const TOP_BARS: usize = 30;
const CLOUD_TERMS: usize = 150;
/// Keyness bars on each side.
const KEY_BARS: usize = 20;
/// Terms the trend tracks when `--track` is not given.
const DEFAULT_TRACKED: usize = 6;
/// KWIC lines shown per tracked term, and tokens either side.
const KWIC_LINES: usize = 8;
const KWIC_WINDOW: usize = 10;
/// The reprint pairs, written with `--dedup`.
const REPRINTS: &str = "reprints.csv";
/// Phrases listed (and the new ones among them offered as a user dictionary).
const PHRASE_ROWS: usize = 100;
/// The report's user dictionary of new phrases.
pub const USER_DICT: &str = "user-dict.txt";
/// Streaming passes over the corpus (for the progress bar): the corpus-wide tables, the
/// tracked terms in context, and the phrases' passes over the characters (which count as one).
pub const PASSES: u64 = 3;

/// A table of the report with what the page says of it.
pub struct Table {
    pub file: String,
    pub df: DataFrame,
}

/// A chart of the report: its files and the inline SVG for the page.
pub struct Figure {
    pub stem: String,
    pub svg: String,
}

/// Run the report on `corpus` and write the directory `opts.out_dir`.
pub fn write_report(
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

    let counted_tokens = column_sum(&r.freq, col::COUNT);
    let mut tables = vec![
        Table {
            file: "issues.csv".into(),
            df: r.issues.clone(),
        },
        Table {
            file: "freq.csv".into(),
            df: r.freq.clone(),
        },
        Table {
            file: "ngrams.csv".into(),
            df: r.ngrams.clone(),
        },
        Table {
            file: "phrases.csv".into(),
            df: phrases.clone(),
        },
    ];
    for (c, df) in comparisons.iter().zip(&r.keyness) {
        tables.push(Table {
            file: format!("{}.csv", c.slug),
            df: df.clone(),
        });
    }
    tables.push(Table {
        file: "keywords.csv".into(),
        df: r.keywords.clone(),
    });
    tables.push(Table {
        file: "trend.csv".into(),
        df: ctx.trend.clone(),
    });
    tables.push(Table {
        file: "dispersion.csv".into(),
        df: ctx.dispersion.clone(),
    });
    tables.push(Table {
        file: "kwic.csv".into(),
        df: context::kwic_all(corpus, &ctx.terms)?,
    });
    let stems = collocate_stems(&ctx.terms);
    for (t, stem) in ctx.terms.iter().zip(&stems) {
        tables.push(Table {
            file: format!("collocates-{stem}.csv"),
            df: t.collocates.clone(),
        });
    }
    if let Some((reprints, _)) = &opts.dedup {
        tables.push(Table {
            file: REPRINTS.into(),
            df: reprints.table(corpus)?,
        });
    }
    let mut files = Vec::new();
    for t in &mut tables {
        let bytes = to_bytes(&mut t.df, Format::Csv, opts.write)?;
        write_atomic(&opts.out_dir.join(&t.file), &bytes)?;
        files.push(OutputFile::table(&t.file, &t.df));
    }

    let dict = user_dict(&phrases, seg)?;
    let new_phrases = dict.lines().count();
    if new_phrases > 0 {
        write_atomic(&opts.out_dir.join(USER_DICT), dict.as_bytes())?;
        files.push(OutputFile::other(USER_DICT));
    }

    let figures = draw_charts(
        &r,
        &ctx,
        &phrases,
        &stems,
        &comparisons,
        &trend_by,
        &shown,
        opts,
        &mut files,
    )?;
    let chart_secs = start.elapsed().as_secs_f64();

    let page = page::render(&page::PageInput {
        corpus,
        result: &r,
        context: &ctx,
        phrases: &phrases,
        new_phrases,
        collocate_stems: &stems,
        comparisons: &comparisons,
        trend_by: &trend_by,
        figures: &figures,
        files: &files,
        counted_tokens,
        stopwords_in_pictures: !picture_stopwords.is_empty(),
        stopwords_removed: !matches!(opts.segmenter.stopwords, Stopwords::None),
        track_given: !opts.track.is_empty(),
        hmm: opts.segmenter.hmm,
        conversion: opts.segmenter.t2s.map(|c| c.describe()),
        dedup: opts.dedup.as_ref().map(|(_, d)| d),
        seg_flags: segment_flags(&opts.segmenter, opts.dedup.as_ref().map(|(_, d)| d)),
        ngram_min_count: opts.ngram_min_count,
    })?;
    write_atomic(&opts.out_dir.join("index.html"), page.as_bytes())?;
    files.push(OutputFile::other("index.html"));

    manifest::write(&manifest::ManifestInput {
        corpus,
        opts,
        encodings: &r.encodings,
        digests: &r.digests,
        files: &files,
        counted_tokens,
        types: r.freq.height(),
        analyses: serde_json::json!({
            "keyness": comparisons.iter().map(|c| serde_json::json!({
                "file": format!("{}.csv", c.slug),
                "target": c.options.target.text,
                "reference": c.options.reference.as_ref().map(|r| r.text.clone()),
            })).collect::<Vec<_>>(),
            "trend": {
                "file": "trend.csv",
                "by": trend_by,
                "terms": ctx.terms.iter().map(|t| &t.term).collect::<Vec<_>>(),
                "chosen_from_the_corpus": opts.track.is_empty(),
            },
            "dispersion": { "file": "dispersion.csv", "parts": "issue" },
            "kwic": {
                "file": "kwic.csv",
                "lines_per_term": KWIC_LINES,
                "window": KWIC_WINDOW,
                "sample": "systematic, evenly spread in corpus order",
            },
            "collocates": ctx.terms.iter().zip(&stems).map(|(t, stem)| serde_json::json!({
                "term": t.term,
                "file": format!("collocates-{stem}.csv"),
                "window": CollocateOptions::default().window,
                "min_count": CollocateOptions::default().min_count,
            })).collect::<Vec<_>>(),
            "keywords": { "file": "keywords.csv", "top": KeywordsOptions::default().top },
            "dedup": opts.dedup.as_ref().map(|(_, d)| serde_json::json!({
                "file": REPRINTS,
                "left_out": d,
            })),
            "phrases": {
                "file": "phrases.csv",
                "top": PHRASE_ROWS,
                "max_len": phrase_options().max_len,
                "min_count": phrase_options().min_count,
                "maximal_share": phrase_options().maximal_share,
                "user_dictionary": (new_phrases > 0).then_some(USER_DICT),
            },
        }),
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
        counted_tokens,
    })
}

/// The rows of `df` whose `term` is one of `terms`.
fn rows_with_terms(df: &DataFrame, terms: &[&str]) -> Result<DataFrame> {
    let mask: polars::prelude::BooleanChunked = df
        .column(col::TERM)?
        .str()?
        .iter()
        .map(|t| Some(t.is_some_and(|t| terms.contains(&t))))
        .collect();
    Ok(df.filter(&mask)?)
}

/// The command-line flags that give `seg` (and `--dedup`), each with a leading space: what
/// every command the page prints needs to reproduce the report's tables.
fn segment_flags(seg: &SegmenterOptions, dedup: Option<&Dedup>) -> String {
    let mut f = String::new();
    match &seg.stopwords {
        Stopwords::None => {}
        Stopwords::Zh => f.push_str(" --stopwords zh"),
        Stopwords::File(p) => f.push_str(&format!(" --stopwords {}", p.display())),
    }
    if let Some(p) = &seg.user_dict {
        f.push_str(&format!(" --user-dict {}", p.display()));
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
    let mut stems: Vec<String> = Vec::with_capacity(terms.len());
    for t in terms {
        let base = context::file_stem(&t.term);
        let mut stem = base.clone();
        let mut n = 2;
        while stems.contains(&stem) {
            stem = format!("{base}-{n}");
            n += 1;
        }
        stems.push(stem);
    }
    stems
}

/// A chart to draw: its file stem and the chart, boxed as a function that renders it.
type Job<'a> = (
    String,
    Box<dyn Fn(ChartSize) -> Result<(Vec<u8>, String)> + Send + Sync + 'a>,
);

fn job<'a, C: Chart + Send + Sync + 'a>(stem: &str, chart: C) -> Job<'a> {
    (
        stem.to_string(),
        Box::new(move |size| Ok((chart::to_png(&chart, size)?, chart::to_svg(&chart, size)?))),
    )
}

/// Every chart of the report, rendered in parallel (PNG and SVG of each), then written in
/// order; the SVGs are kept for the page.
#[allow(clippy::too_many_arguments)]
fn draw_charts(
    r: &pass::PassResult,
    ctx: &context::ContextResult,
    phrases: &DataFrame,
    stems: &[String],
    comparisons: &[Comparison],
    trend_by: &str,
    shown: &dyn Fn(&str) -> bool,
    opts: &ReportOptions,
    files: &mut Vec<OutputFile>,
) -> Result<Vec<Figure>> {
    let hidden = |t: &str| !shown(t);
    let mut jobs = vec![
        job(
            "issues",
            chart::multiples::issue_figures(&r.issues, "Figures per issue")?,
        ),
        job(
            "freq-top",
            chart::bar::top_terms(&r.freq, TOP_BARS, &hidden, "Most frequent terms")?,
        ),
        job(
            "freq-cloud",
            chart::cloud::word_cloud(
                &r.freq,
                CLOUD_TERMS,
                &hidden,
                "Word cloud of the most frequent terms",
            )?,
        ),
        job(
            "ngrams",
            chart::bar::top_ngrams(&r.ngrams, TOP_BARS, &hidden, "Most frequent n-grams")?,
        ),
    ];
    if phrases.height() > 0 {
        jobs.push(job(
            "phrases",
            chart::bar::top_phrases(phrases, TOP_BARS, "Words and phrases found in the text")?,
        ));
    }
    for (c, df) in comparisons.iter().zip(&r.keyness) {
        jobs.push(job(
            &c.slug,
            chart::diverging::keyness(
                df,
                KEY_BARS,
                &c.target_label,
                &c.reference_label,
                &format!("Keyness: {}", c.title),
            )?,
        ));
    }
    if ctx.trend.height() > 0 {
        let group_title = if trend_by == plan::DATE {
            "issue date"
        } else {
            "issue"
        };
        jobs.push(job(
            "trend",
            chart::lines::trend(&ctx.trend, "Tracked terms over time", group_title)?,
        ));
    }
    if ctx.dispersion.height() > 0 {
        // The barcode shows at most `MAX_TERMS` terms side by side: the first ones.
        let keep = ctx.dispersion.height().min(chart::barcode::MAX_TERMS);
        let shown_terms: Vec<&str> = ctx.terms[..keep].iter().map(|t| t.term.as_str()).collect();
        let occurrences = rows_with_terms(&ctx.positions.occurrences, &shown_terms)?;
        jobs.push(job(
            "dispersion",
            chart::barcode::barcode(
                &ctx.dispersion.head(Some(keep)),
                &ctx.positions.parts,
                &occurrences,
                "Where the tracked terms occur",
            )?,
        ));
    }
    for (t, stem) in ctx.terms.iter().zip(stems) {
        if t.collocates.height() == 0 {
            continue;
        }
        jobs.push(job(
            &format!("network-{stem}"),
            chart::network::network(
                &t.collocates,
                &t.term,
                CollocateSort::LogDice.column(),
                chart::network::DEFAULT_COLLOCATES,
                &hidden,
                &format!("Collocates of {}", t.term),
            )?,
        ));
    }
    let size = opts.chart_size;
    let rendered = jobs
        .par_iter()
        .map(|(_, render)| render(size))
        .collect::<Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(jobs.len());
    for ((stem, _), (png, svg)) in jobs.iter().zip(rendered) {
        for (ext, bytes) in [("png", png.as_slice()), ("svg", svg.as_bytes())] {
            let file = format!("{stem}.{ext}");
            write_atomic(&opts.out_dir.join(&file), bytes)?;
            files.push(OutputFile::other(&file));
        }
        out.push(Figure {
            stem: stem.clone(),
            svg,
        });
    }
    Ok(out)
}
