//! The report's sections (docs/report.md), in page order. A section owns what the report
//! writes of one part of its analyses: its tables (CSV), its other files, its charts (PNG and
//! SVG), its fragment of `index.html` (a template beside it, `<name>.html`) and its entries of
//! `manifest.json`. Every section reads the same [`Report`], what the passes computed.
//!
//! Adding a section is its file and its template here (`<name>.rs`, `<name>.html`), and two
//! lines below: its `mod` and its place in [`SECTIONS`]. On the page, fragments follow one
//! another with a blank line between; a section that may have nothing to show wraps its
//! fragment in `{% if … %}`, and when it renders empty it has no link in the navigation.

mod context;
pub(super) mod corpus;
mod files;
mod issues;
mod keyness;
mod keywords;
mod method;
mod ngrams;
mod phrases;
mod reprints;
mod terms;
mod trend;

use polars::prelude::DataFrame;
use rustc_hash::FxHashSet;

use super::ReportOptions;
use super::context::ContextResult;
use super::page::Page;
use super::pass::PassResult;
use super::plan::Comparison;
use crate::chart::{self, Chart, ChartSize};
use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::Result;

/// Every section, in the order of the page; tables, files and charts are written, and the
/// manifest's outputs listed, in this order too.
pub const SECTIONS: &[&dyn Section] = &[
    &corpus::Summary,
    &issues::Issues,
    &terms::Terms,
    &ngrams::Ngrams,
    &phrases::Phrases,
    &keyness::Keyness,
    &keywords::Keywords,
    &trend::Trend,
    &context::InContext,
    &files::Files,
    &method::Method,
    &reprints::Reprints,
];

/// What the passes computed and the options they ran with: what every section reads.
pub struct Report<'a> {
    pub corpus: &'a Corpus,
    pub opts: &'a ReportOptions,
    /// The reading pass's tables (`pass.rs`).
    pub pass: &'a PassResult,
    /// The tracked terms in context (`context.rs`).
    pub context: &'a ContextResult,
    /// `zhcorpus phrases --top 100`'s table.
    pub phrases: DataFrame,
    /// Those phrases that jieba's dictionary lacks, as a jieba user dictionary (may be empty).
    pub user_dict: String,
    pub comparisons: &'a [Comparison],
    /// The trend's grouping column (`date` or `issue`).
    pub trend_by: &'a str,
    /// Each tracked term's part of its file names (`collocates-核酸.csv`), unique.
    pub stems: Vec<String>,
    /// The words left out of the pictures of top terms (docs/report.md): the Chinese stopword
    /// list, unless stopwords were given; empty then.
    pub picture_stopwords: FxHashSet<String>,
    /// The counted tokens of the corpus (`freq.csv`'s counts summed).
    pub counted_tokens: u64,
}

impl Report<'_> {
    /// A term left out of the pictures of top terms.
    pub fn hidden(&self, term: &str) -> bool {
        self.picture_stopwords.contains(term)
    }

    /// The command-line flags that give the segmentation (and `--dedup`), each with a leading
    /// space: what every command the page prints needs to reproduce the report's tables.
    pub fn seg_flags(&self) -> String {
        let links = if self.corpus.walk.follow_links {
            " --follow-links"
        } else {
            ""
        };
        let seg = super::segment_flags(
            &self.opts.segmenter,
            self.opts.dedup.as_ref().map(|(_, d)| d),
        );
        format!("{links}{seg}")
    }
}

/// A table of the report, written as `file` (CSV).
pub struct Table {
    pub file: String,
    pub df: DataFrame,
}

impl Table {
    pub fn new(file: impl Into<String>, df: DataFrame) -> Self {
        Table {
            file: file.into(),
            df,
        }
    }
}

/// A chart drawn at a size, as PNG and SVG.
type Render = Box<dyn Fn(ChartSize) -> Result<(Vec<u8>, String)> + Send + Sync>;

/// A chart to draw: its file stem and a function that renders it as PNG and SVG.
pub struct ChartJob {
    pub stem: String,
    pub render: Render,
}

impl ChartJob {
    pub fn new<C: Chart + Send + Sync + 'static>(stem: impl Into<String>, chart: C) -> Self {
        ChartJob {
            stem: stem.into(),
            render: Box::new(move |size| {
                Ok((chart::to_png(&chart, size)?, chart::to_svg(&chart, size)?))
            }),
        }
    }
}

/// One part of the report. Every method has a default of nothing, so that a section says only
/// what it has.
pub trait Section: Sync {
    /// Its tables, written as CSV before any other file.
    fn tables(&self, _r: &Report<'_>) -> Result<Vec<Table>> {
        Ok(Vec::new())
    }

    /// Its other files (name, bytes), written after every section's tables.
    fn files(&self, _r: &Report<'_>) -> Result<Vec<(String, Vec<u8>)>> {
        Ok(Vec::new())
    }

    /// Its charts; the report draws every section's charts in parallel.
    fn charts(&self, _r: &Report<'_>) -> Result<Vec<ChartJob>> {
        Ok(Vec::new())
    }

    /// Its anchor and label in the page's navigation, shown when its fragment is not empty.
    fn nav(&self) -> Option<(&'static str, &'static str)> {
        None
    }

    /// Its fragment of the page (`page.fragment` renders its template), or `None` for a
    /// section with no place on the page. A fragment may be empty: the section has nothing
    /// to show this time (no comparison, no tracked term), and it has no link in the
    /// navigation.
    fn page(&self, _r: &Report<'_>, _page: &Page<'_>) -> Result<Option<String>> {
        Ok(None)
    }

    /// Its entries at the top level of `manifest.json`: what it compared, tracked or kept.
    fn manifest(&self, _r: &Report<'_>) -> Vec<(&'static str, serde_json::Value)> {
        Vec::new()
    }
}

/// Rows of `df` whose `term` passes `keep`.
pub fn filter_terms(df: &DataFrame, keep: &dyn Fn(&str) -> bool) -> Result<DataFrame> {
    let mask: polars::prelude::BooleanChunked = df
        .column(col::TERM)?
        .str()?
        .iter()
        .map(|t| Some(keep(t.unwrap_or(""))))
        .collect();
    Ok(df.filter(&mask)?)
}

/// A string column's values, `""` for a missing one.
pub fn strings(df: &DataFrame, name: &str) -> Vec<String> {
    df.column(name)
        .ok()
        .and_then(|c| c.str().ok().cloned())
        .map(|c| c.iter().map(|v| v.unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

/// The sum of a column of counts, 0 when there is none.
pub fn sum_u64(df: &DataFrame, name: &str) -> u64 {
    df.column(name)
        .ok()
        .and_then(|c| c.as_materialized_series().sum::<u64>().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::output::WriteOptions;
    use crate::tokenize::{Segmenter, SegmenterOptions};

    /// The report of `corpus` (small charts), its page and manifest.
    fn report(corpus: &Path) -> (String, serde_json::Value) {
        let out = tempfile::tempdir().unwrap();
        let corpus = crate::corpus::load_corpus(corpus).unwrap();
        let seg = Segmenter::new(&SegmenterOptions::default()).unwrap();
        let opts = ReportOptions {
            out_dir: out.path().to_path_buf(),
            ngram_sizes: vec![2, 3],
            ngram_min_count: 2,
            track: Vec::new(),
            segmenter: SegmenterOptions::default(),
            write: WriteOptions::default(),
            chart_size: ChartSize {
                width: 320,
                height: 200,
            },
            command_line: Vec::new(),
            dedup: None,
        };
        crate::report::write_report(&corpus, &seg, &|_| {}, &opts, 0.0).unwrap();
        let read = |f: &str| std::fs::read_to_string(out.path().join(f)).unwrap();
        let manifest = serde_json::from_str(&read("manifest.json")).unwrap();
        (read("index.html"), manifest)
    }

    /// The values of `attribute="…"` in `html`, in order.
    fn values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
        html.split(attribute)
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect()
    }

    /// The navigation's anchors, the page's sections and the sections of the list that have a
    /// link, in order.
    fn anchors(page: &str) -> (Vec<&str>, Vec<&str>) {
        let nav = &page[page.find("<nav>").unwrap()..page.find("</nav>").unwrap()];
        (values(nav, "href=\"#"), values(page, "<section id=\""))
    }

    #[test]
    fn the_navigation_links_every_section_on_the_page_in_the_lists_order() {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let (page, manifest) = report(&seeds);
        let (linked, on_page) = anchors(&page);
        // The seeds have something for every section: each one with a link is on the page,
        // in the list's order, after the corpus's summary.
        let listed: Vec<&str> = SECTIONS
            .iter()
            .filter_map(|s| s.nav())
            .map(|n| n.0)
            .collect();
        assert_eq!(linked, listed);
        assert_eq!(on_page[0], "summary");
        assert_eq!(on_page[1..], linked[..]);
        // The tables come in the list's order too: the manifest's outputs start with them.
        let outputs: Vec<&str> = manifest["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["file"].as_str().unwrap())
            .collect();
        assert_eq!(
            outputs[..4],
            ["issues.csv", "freq.csv", "ngrams.csv", "phrases.csv"]
        );
        for key in [
            "keyness",
            "keywords",
            "trend",
            "dispersion",
            "kwic",
            "phrases",
        ] {
            assert!(manifest.get(key).is_some(), "{key} not in the manifest");
        }
        assert!(manifest["dedup"].is_null());

        // Two short issues and no metadata: nothing to compare and no phrases, so neither
        // section is on the page or in the navigation.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "核酸检测在今天进行。\n").unwrap();
        std::fs::write(dir.path().join("b.txt"), "疫情防控工作。\n").unwrap();
        let (page, _) = report(dir.path());
        let (linked, on_page) = anchors(&page);
        assert_eq!(on_page[1..], linked[..]);
        assert!(!linked.contains(&"keyness") && !linked.contains(&"phrases"));
        assert!(linked.contains(&"terms") && linked.contains(&"method"));
    }
}
