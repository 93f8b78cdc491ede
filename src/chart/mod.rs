//! Charts (docs/report.md), drawn with plotters from finished result tables, never from analysis
//! internals. One file per chart; each chart is a value built from a table
//! (`from_table`-style constructors) that implements [`Chart`], drawing onto any plotters
//! backend, so that the PNG and the SVG come from one drawing.
//!
//! - PNG: rendered with the embedded font (`theme`), its text laid out and rasterised by
//!   `raster` (plotters' own bitmap text drops glyph bearings), encoded in memory; the same
//!   chart and size give the same bytes.
//! - SVG: text stays text (searchable, editable); `webfont` embeds the glyphs the chart uses
//!   as an `@font-face`, so that a browser with no CJK font shows the Chinese, and sizes the
//!   text to match the PNG.
//!
//! What the charts share, each in one place: `text` (the font, measuring, "…", wrapping,
//! text placed by its ink), `axis` (nice steps and ticks, tick labels, axis titles), `parts`
//! (title block, colour key, shapes at fractional pixels), `columns` (reading a table's
//! columns, a missing one a usage error) and `theme` (font, palette, sizes).

pub mod axis;
pub mod bar;
pub mod barcode;
pub mod cloud;
pub mod columns;
pub mod diverging;
pub mod lines;
pub mod multiples;
pub mod network;
pub mod parts;
mod raster;
pub mod text;
pub mod theme;
pub mod webfont;

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::{Error, Result};

/// What drawing returns: plotters' error for the backend.
pub type DrawResult<DB> =
    std::result::Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart that can draw itself onto a whole drawing area of any backend.
pub trait Chart {
    /// Draw onto `root` (already filled with the background).
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// Canvas size in pixels (`--chart-size 1600x1000`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartSize {
    pub width: u32,
    pub height: u32,
}

impl Default for ChartSize {
    fn default() -> Self {
        ChartSize {
            width: 1600,
            height: 1000,
        }
    }
}

impl ChartSize {
    /// Parse `WxH` (also `W×H`, `W*H`), each from 200 to 10000 pixels.
    pub fn parse(s: &str) -> Result<Self> {
        let bad = || {
            Error::usage(format!(
                "--chart-size `{s}`: give width and height in pixels as WxH, e.g. 1600x1000 \
                 (each from 200 to 10000)"
            ))
        };
        let (w, h) = s.split_once(['x', 'X', '×', '*']).ok_or_else(bad)?;
        let num = |v: &str| {
            v.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (200..=10_000).contains(n))
        };
        Ok(ChartSize {
            width: num(w).ok_or_else(bad)?,
            height: num(h).ok_or_else(bad)?,
        })
    }
}

/// The two picture formats, from a file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    Png,
    Svg,
}

impl ChartFormat {
    pub fn from_path(path: &Path) -> Result<Self> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "png" => Ok(ChartFormat::Png),
            "svg" => Ok(ChartFormat::Svg),
            _ => Err(Error::usage(format!(
                "--chart {}: unknown chart format `.{ext}`; use .png or .svg",
                path.display()
            ))),
        }
    }
}

fn draw_error(e: impl std::fmt::Display) -> Error {
    Error::input(PathBuf::from("<chart>"), format!("drawing failed: {e}"))
}

/// The chart as PNG bytes (8-bit RGB).
pub fn to_png(chart: &impl Chart, size: ChartSize) -> Result<Vec<u8>> {
    theme::register_fonts();
    let (w, h) = (size.width, size.height);
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    {
        // text through `raster::TextFix`: plotters' own bitmap text misplaces glyphs
        let root =
            raster::TextFix(BitMapBackend::with_buffer(&mut pixels, (w, h))).into_drawing_area();
        root.fill(&theme::BACKGROUND).map_err(draw_error)?;
        chart.draw(&root).map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    let mut out = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new(&mut out);
    image::ImageEncoder::write_image(encoder, &pixels, w, h, image::ColorType::Rgb8)
        .map_err(draw_error)?;
    Ok(out)
}

/// The chart as an SVG document with its glyphs embedded (`webfont::finish_svg`).
pub fn to_svg(chart: &impl Chart, size: ChartSize) -> Result<String> {
    theme::register_fonts();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (size.width, size.height)).into_drawing_area();
        root.fill(&theme::BACKGROUND).map_err(draw_error)?;
        chart.draw(&root).map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    Ok(webfont::finish_svg(&xml_chars(svg)))
}

/// Whether XML 1.0 forbids `c` in a document: the C0 controls but tab, line feed and
/// carriage return, and U+FFFE, U+FFFF.
fn xml_forbids(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// `svg` with every character XML forbids replaced by U+FFFD: plotters writes text as it is
/// given, and a metadata value or term holding one (`\u{1}`, a vertical tab) made the SVG no
/// XML, which a browser refuses to show (docs/errors.md). The markup has none of them.
fn xml_chars(svg: String) -> String {
    if !svg.contains(xml_forbids) {
        return svg;
    }
    svg.chars()
        .map(|c| if xml_forbids(c) { '\u{fffd}' } else { c })
        .collect()
}

/// The chart in the format `path`'s extension names.
pub fn to_bytes(chart: &impl Chart, path: &Path, size: ChartSize) -> Result<Vec<u8>> {
    Ok(match ChartFormat::from_path(path)? {
        ChartFormat::Png => to_png(chart, size)?,
        ChartFormat::Svg => to_svg(chart, size)?.into_bytes(),
    })
}

/// Write the chart to `path` (PNG or SVG by its extension), atomically.
pub fn write_chart(chart: &impl Chart, path: &Path, size: ChartSize) -> Result<()> {
    let bytes = to_bytes(chart, path, size)?;
    crate::output::write_atomic(path, &bytes)
}

/// Check `--chart` paths before the work, not after.
pub fn check_paths(paths: &[PathBuf]) -> Result<()> {
    paths
        .iter()
        .try_for_each(|p| ChartFormat::from_path(p).map(|_| ()))
}
