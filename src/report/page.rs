//! `index.html`: one self-contained page (inline CSS, charts inline as SVG, a few lines of
//! script to sort tables, no network), built from an escaping template (minijinja, with
//! auto-escaping on: every corpus string is escaped). The page carries the glyphs of every
//! character it shows as an embedded font (`chart::webfont`), so that the Chinese renders
//! on a machine with no CJK font.

use std::collections::BTreeSet;

use minijinja::{AutoEscape, Environment, Value, context};
use polars::prelude::*;
use serde::Serialize;

use super::context::ContextResult;
use super::pass::PassResult;
use super::plan::{self, Comparison};
use super::{Figure, OutputFile};
use crate::analysis::reprints::Dedup;
use crate::chart::webfont;
use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::{Error, Result};

const TEMPLATE: &str = include_str!("page.html");
const CSS: &str = include_str!("style.css");
/// Rows of the page's tables (the CSV files have them all).
const ISSUE_ROWS: usize = 200;
const TERM_ROWS: usize = 30;
const NGRAM_ROWS: usize = 30;
const KEY_ROWS: usize = 15;
const TREND_ROWS: usize = 200;
const COLLOCATE_ROWS: usize = 10;
/// Top keywords shown per issue.
const KEYWORDS_SHOWN: usize = 5;
/// Where the font rule goes, filled in once the page's characters are known.
const FONT_SLOT: &str = "/*FONT*/";

pub struct PageInput<'a> {
    pub corpus: &'a Corpus,
    pub result: &'a PassResult,
    pub context: &'a ContextResult,
    pub phrases: &'a DataFrame,
    /// Phrases of the table that jieba's dictionary lacks (the report's user dictionary).
    pub new_phrases: usize,
    /// Each tracked term's part of its file names.
    pub collocate_stems: &'a [String],
    pub comparisons: &'a [Comparison],
    pub trend_by: &'a str,
    pub figures: &'a [Figure],
    pub files: &'a [OutputFile],
    pub counted_tokens: u64,
    pub stopwords_in_pictures: bool,
    /// Stopwords were removed from the counts (`--stopwords`).
    pub stopwords_removed: bool,
    pub track_given: bool,
    pub hmm: bool,
    /// The segmentation flags the report ran with (` --stopwords zh --t2s=t2s`), for the
    /// commands the page prints.
    pub seg_flags: String,
    /// The traditional → simplified conversion (`--t2s`), described.
    pub conversion: Option<String>,
    /// What `--dedup` left out.
    pub dedup: Option<&'a Dedup>,
    pub ngram_min_count: u64,
}

/// A table cell: its text, and for numbers the full value to sort by.
#[derive(Debug, Serialize)]
struct Cell {
    text: String,
    num: bool,
    long: bool,
    v: String,
}

#[derive(Debug, Serialize)]
struct HtmlTable {
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
    total: usize,
    cut: bool,
}

/// Digits grouped by thousands: 15160 → 15,160.
fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A float for reading: four significant figures or so; the CSV keeps every digit.
fn readable(x: f64) -> String {
    let a = x.abs();
    if x == 0.0 {
        "0".into()
    } else if !x.is_finite() {
        x.to_string()
    } else if a >= 100.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else if a >= 0.001 {
        format!("{x:.4}")
    } else {
        format!("{x:.2e}")
    }
}

fn cell(v: AnyValue<'_>) -> Cell {
    let text_cell = |text: String| Cell {
        long: text.chars().count() > 40,
        text,
        num: false,
        v: String::new(),
    };
    match v {
        AnyValue::Null => text_cell(String::new()),
        AnyValue::Float64(x) => Cell {
            text: readable(x),
            num: true,
            long: false,
            v: x.to_string(),
        },
        AnyValue::Float32(x) => cell(AnyValue::Float64(x as f64)),
        AnyValue::String(s) => text_cell(s.to_string()),
        AnyValue::StringOwned(s) => text_cell(s.to_string()),
        other => match other.extract::<u64>() {
            Some(n) => Cell {
                text: grouped(n),
                num: true,
                long: false,
                v: n.to_string(),
            },
            None => text_cell(other.to_string()),
        },
    }
}

/// The first `max` rows of `df`, with the columns named in `columns` (all when empty).
fn html_table(df: &DataFrame, columns: &[&str], max: usize) -> Result<HtmlTable> {
    let df = if columns.is_empty() {
        df.clone()
    } else {
        df.select(columns.iter().copied())?
    };
    let n = df.height().min(max);
    let cols = df.columns();
    let rows = (0..n)
        .map(|i| {
            cols.iter()
                .map(|c| cell(c.get(i).unwrap_or(AnyValue::Null)))
                .collect()
        })
        .collect();
    Ok(HtmlTable {
        columns: df
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .collect(),
        rows,
        total: df.height(),
        cut: df.height() > n,
    })
}

/// Rows of `df` whose `term` passes `keep`.
fn filter_terms(df: &DataFrame, keep: &dyn Fn(&str) -> bool) -> Result<DataFrame> {
    let mask: BooleanChunked = df
        .column(col::TERM)?
        .str()?
        .iter()
        .map(|t| Some(keep(t.unwrap_or(""))))
        .collect();
    Ok(df.filter(&mask)?)
}

fn strings(df: &DataFrame, name: &str) -> Vec<String> {
    df.column(name)
        .ok()
        .and_then(|c| c.str().ok().cloned())
        .map(|c| c.iter().map(|v| v.unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

fn sum_u64(df: &DataFrame, name: &str) -> u64 {
    df.column(name)
        .ok()
        .and_then(|c| c.as_materialized_series().sum::<u64>().ok())
        .unwrap_or(0)
}

/// A metadata column in a phrase: `吕梁日报 (3 issues), 朔州日报 (2)`, a date range, or the
/// number of distinct values.
fn describe_column(values: &[&str]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut sorted: Vec<&str> = values.iter().copied().filter(|v| !v.is_empty()).collect();
    sorted.sort_unstable();
    for v in sorted {
        match counts.last_mut() {
            Some((last, n)) if *last == v => *n += 1,
            _ => counts.push((v, 1)),
        }
    }
    let empty = values.iter().filter(|v| v.is_empty()).count();
    let mut s = if counts.is_empty() {
        "no values".to_string()
    } else if counts
        .iter()
        .all(|(v, _)| v.len() == 10 && v.as_bytes()[4] == b'-')
    {
        format!(
            "{} – {} ({} dates)",
            counts[0].0,
            counts[counts.len() - 1].0,
            counts.len()
        )
    } else if counts.len() <= 8 && counts.iter().all(|(v, _)| v.chars().count() <= 30) {
        counts
            .iter()
            .map(|(v, n)| format!("{v} ({n})"))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        format!("{} distinct values", counts.len())
    };
    if empty > 0 {
        s.push_str(&format!("; {empty} issues without a value"));
    }
    s
}

/// Remove an SVG's own `<style>` (its embedded font) and XML prolog for inlining: the page
/// carries one font for everything (several `@font-face` rules of one family would override
/// each other).
fn inline_svg(svg: &str) -> String {
    let mut s = svg.trim_start();
    if s.starts_with("<?xml")
        && let Some(end) = s.find("?>")
    {
        s = s[end + 2..].trim_start();
    }
    match (s.find("<style"), s.find("</style>")) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &s[..a], &s[b + "</style>".len()..]),
        _ => s.to_string(),
    }
}

fn method(input: &PageInput<'_>) -> Vec<String> {
    let mut m = Vec::new();
    if let Some(c) = &input.conversion {
        m.push(format!("Characters: converted to simplified by {c} after OCR repair and before sentences and segmentation (--t2s); every table counts the converted text."));
    }
    if let Some(d) = input.dedup {
        m.push(format!("Reprints (--dedup): articles of at least {} Han characters compared by the Jaccard index of their sets of 5-character shingles (Broder 1997), candidates found by MinHash with LSH and every pair computed exactly; pairs with similarity ≥ {} joined into groups (connected components), and every group counted once, by its earliest article (date, then issue id, then article number). Every table and chart leaves out the {} other articles; reprints.csv lists the {} pairs.", d.min_chars, d.min_similarity, d.dropped_articles, d.pairs));
    }
    m.extend([
        "Text: decoded (UTF-8, UTF-16 or GB18030, detected), repaired for OCR (spaces between Chinese characters removed, lines broken inside a sentence joined, full-width letters and digits made half-width), split into articles at headings and into sentences at 。！？；….".to_string(),
        format!(
            "Segmentation: jieba-rs {} with its built-in dictionary (SHA-256 in manifest.json), HMM for unknown words {}. Counted tokens are words, Latin words and numbers; punctuation and symbols are never counted.",
            super::manifest::JIEBA_VERSION,
            if input.hmm { "on" } else { "off" }
        ),
        "per 10,000 tokens = 10000 · count / N, N = counted tokens (of the corpus, the group or the issue).".to_string(),
        "Keyness: G² = 2 · Σ O · ln(O/E) over the 2×2 table [a, b; C1 − a, C2 − b] (Rayson & Garside 2000), signed; p from χ² with 1 degree of freedom; log ratio = log₂((a/C1)/(b/C2)) (Hardie 2014), a zero count replaced by 0.5.".to_string(),
        "N-grams: O11 = f(xy), E11 = f(x)·f(y)/N over the N n-gram positions; PMI = log₂(O11/E11), t-score = (O11 − E11)/√O11, logDice = 14 + log₂(2·O11/(f(x) + f(y))), G² over the 2×2 table.".to_string(),
    ]);
    m.extend([
        "Keywords: per-issue TF-IDF, tf = count / counted tokens of the issue, idf = ln(D / df) with D issues and df the issues containing the term (no smoothing: a term in every issue scores 0), tfidf = tf · idf.".to_string(),
        "Dispersion over the issues, with part sizes s_i (counted tokens) and term counts v_i: range = issues with v_i > 0; Juilland's D = 1 − (sd(v_i/s_i)/mean(v_i/s_i))/√(k − 1); DP = Σ |v_i/Σv − s_i/Σs| / 2 (Gries 2008); DP_norm = DP/(1 − min s_i/Σs) (Lijffijt & Gries 2012).".to_string(),
        "Phrases: character strings of 2 to 4 Han characters inside a sentence (digits, Latin letters and punctuation are boundaries), seen at least 5 times; p(x) = count(x)/T over the T Han characters; pmi_min = the least log₂(p(s)/(p(l)·p(r))) over the splits s = l·r; entropy_left/right = Shannon entropy (natural log) of the neighbouring characters, each boundary a distinct neighbour (Matrix67 2012); score = pmi_min × min(entropy_left, entropy_right); a string with 90% of its occurrences inside one longer candidate is left out.".to_string(),
        format!("KWIC: {} lines per tracked term with {} tokens either side, a systematic sample spread evenly over its occurrences in corpus order.", super::KWIC_LINES, super::KWIC_WINDOW),
        format!("Collocates: counted tokens within {} of the node on each side, inside its sentence. O11 = co-occurrences, R1 = the node's frequency, C1 = the collocate's, N = counted tokens; E11 = R1 · C1 / N (corpus frequencies, no window correction, as LancsBox); PMI, t-score, logDice and G² as for n-grams; collocates seen at least {} times. The networks place the 20 strongest by logDice: closer = stronger, larger = more frequent together.", crate::analysis::collocates::DEFAULT_WINDOW, crate::analysis::collocates::DEFAULT_MIN_COUNT),
    ]);
    if !input.comparisons.is_empty() {
        m.push("Groups compared: each metadata column with 2 to 8 values shared by several issues (two values: one against the other; more: each against the rest), and the latest year of `date` against the earliest (within one year: the later half of the dates against the earlier).".to_string());
    }
    m
}

/// The page, as one string.
pub fn render(input: &PageInput<'_>) -> Result<String> {
    let corpus = input.corpus;
    let r = input.result;
    let stop = |_: &str| true;
    let shown_terms = if input.stopwords_in_pictures {
        let words = crate::tokenize::Stopwords::Zh.load()?;
        filter_terms(&r.freq, &move |t: &str| !words.contains(t))?
    } else {
        filter_terms(&r.freq, &stop)?
    };

    let mut summary: Vec<(String, String)> =
        vec![("issues".into(), grouped(corpus.docs.len() as u64))];
    for (i, name) in corpus.meta_columns.iter().enumerate() {
        let values: Vec<&str> = corpus.docs.iter().map(|d| d.meta[i].as_str()).collect();
        summary.push((name.clone(), describe_column(&values)));
    }
    let chars = sum_u64(&r.issues, col::CHARS);
    summary.extend([
        (
            "articles".to_string(),
            grouped(sum_u64(&r.issues, col::ARTICLES)),
        ),
        (
            "sentences".to_string(),
            grouped(sum_u64(&r.issues, col::SENTENCES)),
        ),
        ("Han characters".to_string(), grouped(chars)),
        ("counted tokens".to_string(), grouped(input.counted_tokens)),
    ]);
    if let Some(d) = input.dedup {
        summary.push((
            "reprints left out".to_string(),
            if d.dropped_articles == 0 {
                format!(
                    "none: no two articles of at least {} Han characters have similarity ≥ {} \
                     (--dedup)",
                    d.min_chars, d.min_similarity
                )
            } else {
                format!(
                    "{} articles ({} Han characters) in {} groups of near-duplicates, each counted \
                 once (--dedup; reprints.csv lists the pairs)",
                    grouped(d.dropped_articles as u64),
                    grouped(d.dropped_chars),
                    grouped(d.groups as u64)
                )
            },
        ));
    }
    summary.extend([
        (
            "distinct terms".to_string(),
            grouped(r.freq.height() as u64),
        ),
        (
            "input".to_string(),
            format!(
                "{} bytes in {} files",
                grouped(corpus.docs.iter().map(|d| d.bytes).sum()),
                corpus.docs.len()
            ),
        ),
    ]);
    let dates = corpus
        .meta_columns
        .iter()
        .position(|c| c == plan::DATE)
        .map(|i| {
            let v: Vec<&str> = corpus.docs.iter().map(|d| d.meta[i].as_str()).collect();
            describe_column(&v)
        });
    let papers = corpus
        .meta_columns
        .iter()
        .position(|c| c == "newspaper")
        .map(|i| {
            let mut v: Vec<&str> = corpus
                .docs
                .iter()
                .map(|d| d.meta[i].as_str())
                .filter(|v| !v.is_empty())
                .collect();
            v.sort_unstable();
            v.dedup();
            if v.len() <= 4 {
                v.join("、")
            } else {
                format!("{} newspapers", v.len())
            }
        });

    let key_columns = [
        col::TERM,
        col::COUNT_TARGET,
        col::COUNT_REFERENCE,
        col::G2,
        col::LOG_RATIO,
        col::LR_CONSERVATIVE,
    ];
    let mut comparisons = Vec::new();
    for (c, df) in input.comparisons.iter().zip(&r.keyness) {
        let g2 = df.column(col::G2)?.f64()?.clone();
        let up_mask: BooleanChunked = g2.iter().map(|v| Some(v.unwrap_or(0.0) > 0.0)).collect();
        let down_mask: BooleanChunked = g2.iter().map(|v| Some(v.unwrap_or(0.0) < 0.0)).collect();
        let up = df.filter(&up_mask)?;
        let down = df.filter(&down_mask)?.reverse();
        comparisons.push(context! {
            title => c.title,
            flags => c.flags(),
            slug => c.slug,
            file => format!("{}.csv", c.slug),
            rows => df.height(),
            target => c.target_label,
            reference => c.reference_label,
            up => html_table(&up, &key_columns, KEY_ROWS)?,
            down => html_table(&down, &key_columns, KEY_ROWS)?,
        });
    }

    let ctx = input.context;
    let trend = if ctx.trend.height() > 0 {
        let over = if input.trend_by == plan::DATE {
            "issue date"
        } else {
            "issue"
        };
        let why = if input.track_given {
            "The terms given with --track.".to_string()
        } else if let Some(c) = input
            .comparisons
            .iter()
            .find(|c| c.over_time)
            .or(input.comparisons.first())
        {
            format!(
                "Terms chosen from the corpus: the strongest keyness terms of {} (give --track TERM to choose your own).",
                c.title
            )
        } else {
            "Terms chosen from the corpus: its most frequent terms (give --track TERM to choose your own).".to_string()
        };
        Some(context! {
            over => over,
            by => input.trend_by,
            why => why,
            terms => ctx.terms.iter().map(|t| t.term.as_str()).collect::<Vec<_>>().join(" "),
            table => html_table(&trend_pivot(&ctx.trend, TREND_ROWS)?, &[], TREND_ROWS)?,
            groups => {
                let mut g = strings(&ctx.trend, col::GROUP);
                g.dedup();
                g.len()
            },
        })
    } else {
        None
    };

    let kwic_columns: Vec<&str> = {
        let mut c = vec![col::ISSUE];
        if corpus.meta_columns.iter().any(|m| m == plan::DATE) {
            c.push(plan::DATE);
        }
        c.extend([col::LEFT, col::KEYWORD, col::RIGHT]);
        c
    };
    let mut terms_in_context = Vec::new();
    for (t, stem) in ctx.terms.iter().zip(input.collocate_stems) {
        terms_in_context.push(context! {
            term => t.term,
            matches => grouped(t.matches),
            kwic => html_table(&t.kwic, &kwic_columns, usize::MAX)?,
            network => format!("network-{stem}"),
            file => format!("collocates-{stem}.csv"),
            collocates => html_table(&t.collocates, &[], COLLOCATE_ROWS)?,
        });
    }
    let keywords = keywords_by_issue(&r.keywords, KEYWORDS_SHOWN, ISSUE_ROWS)?;

    let figures: std::collections::BTreeMap<&str, String> = input
        .figures
        .iter()
        .map(|f| (f.stem.as_str(), inline_svg(&f.svg)))
        .collect();
    let ngram_sizes = {
        let n: Vec<u32> = r
            .ngrams
            .column(col::N)
            .ok()
            .and_then(|c| c.u32().ok().cloned())
            .map(|c| c.iter().flatten().collect())
            .unwrap_or_default();
        let mut n = n;
        n.sort_unstable();
        n.dedup();
        n.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };

    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.add_template("page.html", TEMPLATE)
        .map_err(|e| template_error(&e))?;
    let tmpl = env
        .get_template("page.html")
        .map_err(|e| template_error(&e))?;
    let html = tmpl
        .render(context! {
            version => env!("CARGO_PKG_VERSION"),
            css => Value::from_safe_string(CSS.to_string()),
            jieba => super::manifest::JIEBA_VERSION,
            corpus => context! {
                name => corpus.name,
                path => corpus.root.display().to_string(),
                issues => corpus.docs.len(),
                dates => dates,
                papers => papers,
                tokens => grouped(input.counted_tokens),
                types => grouped(r.freq.height() as u64),
                chars => grouped(chars),
                rows => summary.iter().map(|(k, v)| vec![k.clone(), v.clone()]).collect::<Vec<_>>(),
            },
            stopwords_removed => input.stopwords_removed,
            seg_flags => input.seg_flags,
            stopwords_in_pictures => input.stopwords_in_pictures,
            issues => html_table(&r.issues, &[], ISSUE_ROWS)?,
            terms => html_table(&shown_terms, &[], TERM_ROWS)?,
            ngrams => html_table(&r.ngrams, &[], NGRAM_ROWS)?,
            phrases => html_table(input.phrases, &[], NGRAM_ROWS)?,
            new_phrases => input.new_phrases,
            user_dict => super::USER_DICT,
            ngram_sizes => ngram_sizes,
            ngram_min => input.ngram_min_count,
            comparisons => comparisons,
            trend => trend,
            terms_in_context => terms_in_context,
            dispersion => html_table(&ctx.dispersion, &[], usize::MAX)?,
            kwic_window => super::KWIC_WINDOW,
            keywords => keywords,
            figures => figures,
            files => input.files,
            method => method(input),
        })
        .map_err(|e| template_error(&e))?;
    // The font: every character of the page, so that none renders as an empty box.
    let chars: BTreeSet<char> = html.chars().filter(|c| !c.is_control()).collect();
    Ok(html.replacen(FONT_SLOT, &webfont::font_face_css(&chars), 1))
}

fn template_error(e: &minijinja::Error) -> Error {
    Error::input("index.html", format!("the page template failed: {e:#}"))
}

/// The keywords table with one row per issue: its top `shown` terms by TF-IDF, joined by `、`,
/// for the first `max_issues` issues (in the table's order, which is the corpus's).
fn keywords_by_issue(keywords: &DataFrame, shown: usize, max_issues: usize) -> Result<HtmlTable> {
    let issues = strings(keywords, col::ISSUE);
    let terms = strings(keywords, col::TERM);
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for (issue, term) in issues.into_iter().zip(terms) {
        match rows.last_mut() {
            Some((last, t)) if *last == issue => {
                if t.len() < shown {
                    t.push(term);
                }
            }
            _ => rows.push((issue, vec![term])),
        }
    }
    let total = rows.len();
    rows.truncate(max_issues);
    let df = crate::table::frame(vec![
        Column::new(
            col::ISSUE.into(),
            rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            format!("top {shown} by TF-IDF").as_str().into(),
            rows.iter().map(|r| r.1.join("、")).collect::<Vec<_>>(),
        ),
    ])?;
    let mut t = html_table(&df, &[], max_issues)?;
    t.total = total;
    t.cut = total > rows.len();
    Ok(t)
}

/// The trend table with one row per group and one column per term: `per 10k (count)`. The
/// trend table lists every term for each group, groups in order: one pass.
fn trend_pivot(trend: &DataFrame, max_groups: usize) -> Result<DataFrame> {
    let groups = strings(trend, col::GROUP);
    let terms = strings(trend, col::TERM);
    let counts: Vec<u64> = trend
        .column(col::COUNT)?
        .u64()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect();
    let per: Vec<Option<f64>> = trend.column(col::PER_10K)?.f64()?.iter().collect();
    let mut term_order: Vec<&str> = Vec::new();
    for t in &terms {
        if !term_order.contains(&t.as_str()) {
            term_order.push(t);
        }
    }
    let mut group_order: Vec<&str> = Vec::new();
    let mut cells: Vec<Vec<Option<String>>> = vec![Vec::new(); term_order.len()];
    for i in 0..groups.len() {
        if group_order.last() != Some(&groups[i].as_str()) {
            if group_order.len() == max_groups {
                break;
            }
            group_order.push(&groups[i]);
            cells.iter_mut().for_each(|c| c.push(None));
        }
        let k = term_order.iter().position(|t| *t == terms[i]).unwrap_or(0);
        let text = match per[i] {
            Some(p) => format!("{} ({})", readable(p), counts[i]),
            None => format!("– ({})", counts[i]),
        };
        if let Some(last) = cells[k].last_mut() {
            *last = Some(text);
        }
    }
    let mut columns = vec![Column::new(col::GROUP.into(), group_order)];
    for (t, v) in term_order.iter().zip(cells) {
        columns.push(Column::new(
            format!("{t} per 10k (count)").as_str().into(),
            v,
        ));
    }
    crate::table::frame(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_researcher_writes_them() {
        assert_eq!(grouped(15160), "15,160");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(readable(276.23349548297426), "276.2");
        assert_eq!(readable(34.252560193209554), "34.25");
        assert_eq!(readable(0.5254), "0.5254");
        assert_eq!(readable(4.840382465315552e-9), "4.84e-9");
        assert_eq!(readable(-40.62017733467442), "-40.62");
    }

    #[test]
    fn inlined_charts_lose_their_own_font_and_prolog() {
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"10\"><style>@font-face{}</style><text>核酸</text></svg>";
        assert_eq!(inline_svg(svg), "<svg width=\"10\"><text>核酸</text></svg>");
    }

    #[test]
    fn the_trend_pivots_to_a_row_per_group() {
        let t = crate::table::frame(vec![
            Column::new(
                col::GROUP.into(),
                ["2020", "2020", "2022", "2022", "2023", "2023"],
            ),
            Column::new(
                col::TERM.into(),
                ["核酸", "疫情", "核酸", "疫情", "核酸", "疫情"],
            ),
            Column::new(col::COUNT.into(), [0u64, 8, 3, 2, 1, 1]),
            Column::new(
                col::PER_10K.into(),
                [Some(0.0), Some(400.0), Some(75.0), Some(50.0), None, None],
            ),
        ])
        .unwrap();
        let p = trend_pivot(&t, 2).unwrap();
        assert_eq!(strings(&p, col::GROUP), ["2020", "2022"]);
        assert_eq!(strings(&p, "核酸 per 10k (count)"), ["0 (0)", "75.00 (3)"]);
        assert_eq!(
            strings(&p, "疫情 per 10k (count)"),
            ["400.0 (8)", "50.00 (2)"]
        );
        let all = trend_pivot(&t, 10).unwrap();
        assert_eq!(strings(&all, "疫情 per 10k (count)")[2], "– (1)");
    }

    #[test]
    fn columns_are_described_by_their_values() {
        assert_eq!(
            describe_column(&["吕梁日报", "吕梁日报", "朔州日报", "吕梁日报", "朔州日报"]),
            "吕梁日报 (3), 朔州日报 (2)"
        );
        assert_eq!(
            describe_column(&["2022-10-28", "2020-02-10", "2022-11-20", ""]),
            "2020-02-10 – 2022-11-20 (3 dates); 1 issues without a value"
        );
    }
}
