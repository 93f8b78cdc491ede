//! `index.html`: one self-contained page (inline CSS, charts inline as SVG, a few lines of
//! script to sort tables, no network), built from escaping templates (minijinja, with
//! auto-escaping on: every corpus string is escaped). `page.html` is the frame (head, style,
//! lead, navigation, footer, script); each section of the report (`sections/`) renders its
//! own fragment, in the order of `sections::SECTIONS`. The page carries the glyphs of every
//! character it shows as an embedded font (`chart::webfont`), so that the Chinese renders
//! on a machine with no CJK font (docs/report.md).

use std::collections::{BTreeMap, BTreeSet};

use minijinja::{AutoEscape, Environment, Value, context};
use polars::prelude::*;
use serde::Serialize;

use super::sections::{self, Report, SECTIONS};
use super::{Figure, OutputFile};
use crate::chart::webfont;
use crate::error::{Error, Result};
use crate::output::shell::quote;

const FRAME: &str = include_str!("page.html");
const CSS: &str = include_str!("style.css");
/// The macros every fragment can use (`table`, `figure`), put in front of each.
const MACROS: &str = include_str!("sections/macros.html");
/// Where the font rule goes, filled in once the page's characters are known.
const FONT_SLOT: &str = "/*FONT*/";

/// What every fragment is rendered with: the shared macros, the charts (`figure(stem)`), the
/// corpus's name and path and the segmentation flags (for the commands the page prints,
/// `{{ corpus.path }}{{ seg_flags }}`), and the files the report wrote.
pub struct Page<'a> {
    env: Environment<'static>,
    pub files: &'a [OutputFile],
}

impl<'a> Page<'a> {
    fn new(r: &Report<'_>, figures: &[Figure], files: &'a [OutputFile]) -> Self {
        let figures: BTreeMap<&str, String> = figures
            .iter()
            .map(|f| (f.stem.as_str(), inline_svg(&f.svg)))
            .collect();
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.add_global("figures", Value::from_serialize(&figures));
        env.add_global(
            "corpus",
            context! {
                name => r.corpus.name,
                // As a shell word: the page prints it in commands to paste.
                path => quote(&r.corpus.root.display().to_string()),
            },
        );
        env.add_global("seg_flags", r.seg_flags());
        // `{{ term|sh }}`: a value as one word of a POSIX shell command (output::shell).
        env.add_filter("sh", |s: String| quote(&s).into_owned());
        Page { env, files }
    }

    /// A section's fragment: its template (`source`, named `name` in errors) rendered with
    /// `ctx`. The text outside its tags is kept as written, with one final newline removed.
    pub fn fragment(&self, name: &str, source: &str, ctx: Value) -> Result<String> {
        self.env
            .render_named_str(name, &format!("{MACROS}{source}"), ctx)
            .map_err(|e| template_error(&e))
    }
}

/// The page, as one string: every section's fragment in order, a blank line between two
/// (a section with nothing to show leaves its empty place), and in the navigation the
/// sections that show something.
pub fn render(r: &Report<'_>, figures: &[Figure], files: &[OutputFile]) -> Result<String> {
    let page = Page::new(r, figures, files);
    let mut nav = Vec::new();
    let mut fragments = Vec::new();
    for s in SECTIONS {
        let Some(html) = s.page(r, &page)? else {
            continue;
        };
        if let (false, Some((anchor, label))) = (html.is_empty(), s.nav()) {
            nav.push(context! { anchor, label });
        }
        fragments.push(html);
    }
    let html = page
        .env
        .render_named_str(
            "page.html",
            FRAME,
            context! {
                version => env!("CARGO_PKG_VERSION"),
                css => Value::from_safe_string(CSS.to_string()),
                jieba => super::manifest::JIEBA_VERSION,
                lead => sections::corpus::lead(r),
                nav => nav,
                sections => Value::from_safe_string(fragments.join("\n\n")),
            },
        )
        .map_err(|e| template_error(&e))?;
    // The font: every character of the page, so that none renders as an empty box.
    let chars: BTreeSet<char> = html.chars().filter(|c| !c.is_control()).collect();
    Ok(html.replacen(FONT_SLOT, &webfont::font_face_css(&chars), 1))
}

fn template_error(e: &minijinja::Error) -> Error {
    Error::input("index.html", format!("the page template failed: {e:#}"))
}

/// A table cell: its text, and for numbers the full value to sort by.
#[derive(Debug, Serialize)]
struct Cell {
    text: String,
    num: bool,
    long: bool,
    v: String,
}

/// A table of the page: the first rows of a table, and how many it has.
#[derive(Debug, Serialize)]
pub struct HtmlTable {
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
    pub total: usize,
    pub cut: bool,
}

/// Digits grouped by thousands: 15160 → 15,160.
pub fn grouped(n: u64) -> String {
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
pub fn readable(x: f64) -> String {
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
pub fn html_table(df: &DataFrame, columns: &[&str], max: usize) -> Result<HtmlTable> {
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
}
