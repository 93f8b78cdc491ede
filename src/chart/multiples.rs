//! Small multiples of the per-issue figures of an `issues` table (`issues --chart`): one
//! panel each for tokens, types, the type–token ratio and every tracked term's rate
//! (`per_10k:<term>`), in a grid that shares the x axis (the issues, in table order), as
//! ggplot2's `facet_wrap` draws them (Tufte's small multiples: the same frame repeated, so
//! that the eye compares the shapes).
//!
//! - X: one slot per issue, labelled by its `date` when the table has one, else by its id
//!   (shortened). The labels are written under the bottom panel of each column only; they
//!   are turned upright when they do not fit side by side, and thinned (every k-th issue)
//!   when there are too many to write them all.
//! - Marks: bars with few issues (up to [`BARS_UP_TO`]), a line (or, when coloured by
//!   newspaper, points) with more, and one line per newspaper beyond [`DOTS_UP_TO`].
//! - Colour: by `newspaper` when the table has that column, with a key (Okabe–Ito).
//! - Y: every axis starts at 0, titled in the figure's unit.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use polars::prelude::DataFrame;

use super::axis::{self, nice_step, nice_top, thousands, tick_label, ticks};
use super::columns::{has_column, numbers, strings};
use super::parts::{draw_header, draw_key, header_bottom, key_place, key_width, line, note, rect};
use super::text::{fit, line_height, text, text_width};
use super::theme::{self, Sizes};
use super::{Chart, DrawResult};
use crate::columns as col;
use crate::error::Result;

/// The metadata column whose values label the issues on the x axis (YYYY-MM-DD).
pub const DATE_COLUMN: &str = "date";
/// The metadata column whose values colour the marks.
pub const NEWSPAPER_COLUMN: &str = "newspaper";
/// Bars for up to this many issues; a line or points beyond.
pub const BARS_UP_TO: usize = 40;
/// Points (coloured by newspaper) for up to this many issues; beyond, one line per newspaper:
/// thousands of overlapping dots say less, and each would be an element of the SVG.
pub const DOTS_UP_TO: usize = 400;

/// A polyline reduced to what its pixels show: for each run of points in one pixel column,
/// the first, lowest, highest and last point (the M4 aggregation of Jugel et al. 2014,
/// "M4: a visualization-oriented time series data aggregation"), so that a line of 50,000
/// issues draws the same pixels with a few thousand points.
fn envelope(points: &[(i32, i32)]) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(points.len().min(8192));
    let mut i = 0;
    while i < points.len() {
        let x = points[i].0;
        let mut j = i;
        while j < points.len() && points[j].0 == x {
            j += 1;
        }
        let col = &points[i..j];
        let lo = col.iter().map(|p| p.1).min().unwrap_or(col[0].1);
        let hi = col.iter().map(|p| p.1).max().unwrap_or(col[0].1);
        for p in [col[0], (x, lo), (x, hi), col[col.len() - 1]] {
            if out.last() != Some(&p) {
                out.push(p);
            }
        }
        i = j;
    }
    out
}
/// Issue ids longer than this many characters are shortened with "…".
const ID_CHARS: usize = 12;

/// One panel: its title, the y axis title and a value per issue.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub title: String,
    pub y_title: String,
    pub values: Vec<Option<f64>>,
    /// Whole numbers (ticks at whole steps).
    pub integer: bool,
}

/// Small multiples of per-issue figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Multiples {
    pub title: String,
    pub subtitle: String,
    pub x_title: String,
    /// One label per issue, in table order.
    pub labels: Vec<String>,
    /// The palette index of each issue's colour (its newspaper), or empty: one colour.
    pub colors: Vec<usize>,
    /// The key: newspaper names in order of first appearance (palette index = position).
    pub legend: Vec<String>,
    pub panels: Vec<Figure>,
}

/// An issue id as an x label: as is up to `ID_CHARS` characters, else its start and "…".
pub fn short_id(id: &str) -> String {
    if id.chars().count() <= ID_CHARS {
        id.to_string()
    } else {
        id.chars().take(ID_CHARS - 1).collect::<String>() + "…"
    }
}

/// The per-issue figures of an `issues` table (`issue, <metadata...>, articles, sentences,
/// chars, tokens, types, ttr, hapax, top_terms, per_10k:<term>...`).
///
/// With a `date` column the issues are drawn in date order (ties by issue), as a reader
/// expects of a time axis; otherwise in table order.
pub fn issue_figures(issues: &DataFrame, title: &str) -> Result<Multiples> {
    const T: &str = "issues";
    let by_date;
    let issues = if has_column(issues, DATE_COLUMN) {
        let ids = strings(issues, col::ISSUE, T)?;
        let dates = strings(issues, DATE_COLUMN, T)?;
        let mut order: Vec<polars::prelude::IdxSize> =
            (0..issues.height() as polars::prelude::IdxSize).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            (&dates[a], &ids[a]).cmp(&(&dates[b], &ids[b]))
        });
        by_date = issues.take(&polars::prelude::IdxCa::from_vec("order".into(), order))?;
        &by_date
    } else {
        issues
    };
    let order_name = if has_column(issues, DATE_COLUMN) {
        "date order"
    } else {
        "table order"
    };
    let ids = strings(issues, col::ISSUE, T)?;
    let dates = if has_column(issues, DATE_COLUMN) {
        Some(strings(issues, DATE_COLUMN, T)?)
    } else {
        None
    };
    let labels: Vec<String> = (0..ids.len())
        .map(|i| {
            let date = dates.as_ref().and_then(|d| d[i].clone());
            match date.filter(|d| !d.trim().is_empty()) {
                Some(d) => d,
                None => short_id(ids[i].as_deref().unwrap_or("")),
            }
        })
        .collect();
    let mut legend: Vec<String> = Vec::new();
    let colors: Vec<usize> = if has_column(issues, NEWSPAPER_COLUMN) {
        strings(issues, NEWSPAPER_COLUMN, T)?
            .into_iter()
            .map(|n| {
                let n = n.unwrap_or_default();
                match legend.iter().position(|l| *l == n) {
                    Some(k) => k,
                    None => {
                        legend.push(n);
                        legend.len() - 1
                    }
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut panels = vec![
        Figure {
            title: "tokens".into(),
            y_title: "counted tokens".into(),
            values: numbers(issues, col::TOKENS, T)?,
            integer: true,
        },
        Figure {
            title: "types".into(),
            y_title: "distinct terms".into(),
            values: numbers(issues, col::TYPES, T)?,
            integer: true,
        },
        Figure {
            title: "type–token ratio (TTR)".into(),
            y_title: "type–token ratio".into(),
            values: numbers(issues, col::TTR, T)?,
            integer: false,
        },
    ];
    for name in issues.get_column_names() {
        if let Some(term) = name.as_str().strip_prefix(col::PER_10K_PREFIX) {
            panels.push(Figure {
                title: format!("{term} per 10,000 tokens"),
                y_title: "per 10,000 tokens".into(),
                values: numbers(issues, name.as_str(), T)?,
                integer: false,
            });
        }
    }
    let n = labels.len();
    let mut subtitle = format!(
        "{} issue{} in {order_name}",
        thousands(n as i64),
        if n == 1 { "" } else { "s" }
    );
    // Colour by newspaper when there are several, and no more than the palette tells apart.
    let coloured = legend.len() > 1 && legend.len() <= theme::PALETTE.len();
    if coloured {
        subtitle.push_str(" · colour = newspaper");
    } else if legend.len() > 1 {
        subtitle.push_str(&format!(
            " · {} newspapers, too many to tell apart by colour",
            legend.len()
        ));
    }
    Ok(Multiples {
        title: title.to_string(),
        subtitle,
        x_title: if dates.is_some() {
            "issue date"
        } else {
            "issue"
        }
        .to_string(),
        labels,
        colors: if coloured { colors } else { Vec::new() },
        legend: if coloured { legend } else { Vec::new() },
        panels,
    })
}

/// How the x labels are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XLabels {
    /// Side by side, every `k`-th issue (k = 1: all).
    Across(usize),
    /// Turned upright (reading upwards), every issue.
    Upright,
}

/// Where a panel goes.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelBox {
    pub left: f64,
    pub right: f64,
    /// The title's line centre.
    pub title_y: f64,
    /// The plot area.
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    /// Whether this panel writes the x labels (no panel below it).
    pub x_labels: bool,
    pub step: f64,
    pub top: f64,
}

/// The layout of the small multiples on a canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiplesLayout {
    pub sizes: Sizes,
    pub columns: usize,
    pub key_at: Option<(f64, f64)>,
    pub panels: Vec<PanelBox>,
    pub x_labels: XLabels,
    /// The labels as written (shortened to the band when upright).
    pub labels: Vec<String>,
    pub axis_title_y: f64,
}

impl PanelBox {
    /// The x centre of issue `i` of `n`.
    pub fn x(&self, i: usize, n: usize) -> f64 {
        self.x0 + (i as f64 + 0.5) * (self.x1 - self.x0) / n.max(1) as f64
    }

    /// The y of a value.
    pub fn y(&self, v: f64) -> f64 {
        self.y1 - (self.y1 - self.y0) * (v / self.top).clamp(0.0, 1.0)
    }
}

/// The y axis of a figure: step and top (the first tick at or above the largest value).
fn y_axis(f: &Figure) -> (f64, f64) {
    let max = f
        .values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let step = nice_step(max, 4, f.integer);
    (step, nice_top(max, step))
}

impl Multiples {
    /// The grid's columns: 1 panel → 1, up to 4 → 2, more → 3.
    pub fn columns(&self) -> usize {
        match self.panels.len() {
            0 | 1 => 1,
            2..=4 => 2,
            _ => 3,
        }
    }

    /// The layout for a `width` × `height` canvas.
    pub fn layout(&self, width: f64, height: f64) -> MultiplesLayout {
        let sz = Sizes::for_canvas(width as u32, height as u32);
        let m = sz.margin;
        let s = sz.small;
        let mut body_top = header_bottom(&sz, !self.subtitle.is_empty());
        let mut key_at = None;
        if !self.legend.is_empty() {
            let labels: Vec<&str> = self.legend.iter().map(String::as_str).collect();
            let (at, top) = key_place(&sz, &self.title, width, body_top, key_width(&labels, s));
            key_at = Some(at);
            body_top = top;
        }
        let axis_title_y = height - m - line_height(sz.axis_title) / 2.0;
        let body_bottom = axis_title_y - line_height(sz.axis_title) / 2.0 - 0.4 * sz.axis_title;
        let cols = self.columns();
        let p = self.panels.len();
        let rows = p.div_ceil(cols).max(1);
        let hgap = 1.6 * m;
        let cw = (width - 2.0 * m - (cols as f64 - 1.0) * hgap) / cols as f64;
        // The y axis' parts, per panel: its title (upright), tick labels, then the plot.
        let axes: Vec<(f64, f64)> = self.panels.iter().map(y_axis).collect();
        let tick_w: Vec<f64> = axes
            .iter()
            .map(|(step, top)| {
                ticks(*top, *step)
                    .iter()
                    .map(|v| text_width(&tick_label(*v, *step), s))
                    .fold(0.0f64, f64::max)
            })
            .collect();
        let y_title_w = line_height(s) + 0.5 * s;
        let plot_left = |k: usize| y_title_w + tick_w[k] + 0.5 * s;
        let narrowest = (0..p)
            .map(|k| cw - plot_left(k))
            .fold(f64::INFINITY, f64::min)
            .max(1.0);
        // The x labels: across if they fit, else upright (few issues) or thinned.
        let n = self.labels.len().max(1);
        let slot = narrowest / n as f64;
        let widest = self
            .labels
            .iter()
            .map(|l| text_width(l, s))
            .fold(0.0f64, f64::max);
        let x_labels = if widest + 0.8 * s <= slot {
            XLabels::Across(1)
        } else if self.labels.len() <= BARS_UP_TO && 1.2 * line_height(s) <= slot {
            XLabels::Upright
        } else {
            let need = (widest + 1.5 * s) / slot;
            let k = [1usize, 2, 5]
                .iter()
                .flat_map(|b| (0..7).map(move |e| b * 10usize.pow(e)))
                .filter(|k| *k as f64 >= need)
                .min()
                .unwrap_or(n);
            XLabels::Across(k)
        };
        let max_upright = 0.22 * height;
        let labels: Vec<String> = match x_labels {
            XLabels::Upright => self.labels.iter().map(|l| fit(l, s, max_upright)).collect(),
            XLabels::Across(_) => self.labels.clone(),
        };
        let band = match x_labels {
            XLabels::Across(_) => line_height(s) + 0.9 * s,
            XLabels::Upright => {
                labels
                    .iter()
                    .map(|l| text_width(l, s))
                    .fold(0.0f64, f64::max)
                    + 0.9 * s
            }
        };
        // A panel writes the x labels when no panel is below it.
        let writes = |k: usize| k + cols >= p;
        let row_has_band = |r: usize| (0..cols).any(|c| r * cols + c < p && writes(r * cols + c));
        let title_h = line_height(sz.label) + 0.5 * sz.label;
        let vgap = 1.4 * m;
        let fixed: f64 = (0..rows)
            .map(|r| title_h + if row_has_band(r) { band } else { 0.0 })
            .sum::<f64>()
            + (rows as f64 - 1.0) * vgap;
        let plot_h = ((body_bottom - body_top - fixed) / rows as f64).max(1.0);
        let mut panels = Vec::new();
        let mut y = body_top;
        for r in 0..rows {
            for c in 0..cols {
                let k = r * cols + c;
                if k >= p {
                    break;
                }
                let left = m + c as f64 * (cw + hgap);
                panels.push(PanelBox {
                    left,
                    right: left + cw,
                    title_y: y + line_height(sz.label) / 2.0,
                    x0: left + plot_left(k),
                    x1: left + cw,
                    y0: y + title_h,
                    y1: y + title_h + plot_h,
                    x_labels: writes(k),
                    step: axes[k].0,
                    top: axes[k].1,
                });
            }
            y += title_h + plot_h + if row_has_band(r) { band } else { 0.0 } + vgap;
        }
        MultiplesLayout {
            sizes: sz,
            columns: cols,
            key_at,
            panels,
            x_labels,
            labels,
            axis_title_y,
        }
    }

    fn color(&self, i: usize) -> RGBColor {
        theme::series_color(self.colors.get(i).copied().unwrap_or(0))
    }
}

impl Chart for Multiples {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as f64, h as f64);
        let l = self.layout(w, h);
        let sz = l.sizes;
        let s = sz.small;
        draw_header(root, &sz, &self.title, &self.subtitle, w)?;
        if let Some(at) = l.key_at {
            let entries: Vec<(&str, RGBColor)> = self
                .legend
                .iter()
                .enumerate()
                .map(|(k, name)| (name.as_str(), theme::series_color(k)))
                .collect();
            draw_key(root, &entries, (at.1, at.0), s)?;
        }
        let n = self.labels.len();
        if n == 0 {
            note(root, "no issues to show", (w / 2.0, h / 2.0), &sz)?;
            return Ok(());
        }
        let slot = |b: &PanelBox| (b.x1 - b.x0) / n as f64;
        for (f, b) in self.panels.iter().zip(&l.panels) {
            text(
                root,
                &fit(&f.title, sz.label, b.right - b.left),
                ((b.x0 + b.x1) / 2.0, b.title_y),
                sz.label,
                &theme::TEXT,
                HPos::Center,
                false,
            )?;
            // The y axis: grid, tick labels, title.
            for v in ticks(b.top, b.step) {
                let y = b.y(v);
                line(root, (b.x0, y), (b.x1, y), &theme::GRID, 1)?;
                text(
                    root,
                    &tick_label(v, b.step),
                    (b.x0 - 0.4 * s, y),
                    s,
                    &theme::MUTED,
                    HPos::Right,
                    false,
                )?;
            }
            axis::title(
                root,
                &f.y_title,
                s,
                (b.y0, b.y1),
                b.left + line_height(s) / 2.0,
                true,
            )?;
            // The marks.
            let sw = slot(b);
            if n <= BARS_UP_TO {
                let half = (0.36 * sw).min(2.0 * sz.label);
                for (i, v) in f.values.iter().enumerate() {
                    if let Some(v) = v.filter(|v| v.is_finite()) {
                        let x = b.x(i, n);
                        rect(root, (x - half, b.y(v)), (x + half, b.y1), &self.color(i))?;
                    }
                }
            } else if self.colors.is_empty() || n > DOTS_UP_TO {
                // One line per newspaper (one line when uncoloured), broken where a value is
                // missing; each line drawn through its pixel columns' envelope (`envelope`).
                let series = if self.colors.is_empty() {
                    1
                } else {
                    self.legend.len()
                };
                let width = if self.colors.is_empty() {
                    sz.line.div_ceil(2)
                } else {
                    1
                };
                for k in 0..series {
                    let colour = if self.colors.is_empty() {
                        theme::series_color(0)
                    } else {
                        theme::series_color(k)
                    };
                    let style = colour.stroke_width(width.max(1));
                    let mut run: Vec<(i32, i32)> = Vec::new();
                    for (i, v) in f.values.iter().enumerate() {
                        if !self.colors.is_empty() && self.colors[i] != k {
                            continue;
                        }
                        match v.filter(|v| v.is_finite()) {
                            Some(v) => run.push((b.x(i, n).round() as i32, b.y(v).round() as i32)),
                            None => {
                                let r = envelope(&std::mem::take(&mut run));
                                root.draw(&PathElement::new(r, style))?;
                            }
                        }
                    }
                    root.draw(&PathElement::new(envelope(&run), style))?;
                }
            } else {
                // Small dots: 5 px across at 1600×1000, 3 px at 800×500.
                let r = (0.1 * s).round().max(1.0) as i32;
                for (i, v) in f.values.iter().enumerate() {
                    if let Some(v) = v.filter(|v| v.is_finite()) {
                        let c = (b.x(i, n).round() as i32, b.y(v).round() as i32);
                        root.draw(&Circle::new(c, r, self.color(i).filled()))?;
                    }
                }
            }
            line(root, (b.x0, b.y1), (b.x1, b.y1), &theme::MUTED, 1)?;
            // The x labels, under the bottom panel of each column.
            if b.x_labels {
                let tick = 0.3 * s;
                let k = match l.x_labels {
                    XLabels::Across(k) => k,
                    XLabels::Upright => 1,
                };
                for i in (0..n).step_by(k) {
                    let x = b.x(i, n);
                    line(root, (x, b.y1), (x, b.y1 + tick), &theme::MUTED, 1)?;
                    let label = &l.labels[i];
                    match l.x_labels {
                        XLabels::Upright => text(
                            root,
                            label,
                            (x, b.y1 + tick + 0.4 * s),
                            s,
                            &theme::MUTED,
                            HPos::Right,
                            true,
                        )?,
                        XLabels::Across(_) => {
                            let half = text_width(label, s) / 2.0;
                            let cx = x.clamp(b.x0 + half - 0.5 * s, b.x1 - half);
                            text(
                                root,
                                label,
                                (cx, b.y1 + tick + 0.4 * s + line_height(s) / 2.0),
                                s,
                                &theme::MUTED,
                                HPos::Center,
                                false,
                            )?
                        }
                    }
                }
            }
        }
        let (first, last) = (&l.panels[0], &l.panels[l.columns.min(l.panels.len()) - 1]);
        axis::title(
            root,
            &self.x_title,
            sz.axis_title,
            (first.x0, last.x1),
            l.axis_title_y,
            false,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartSize, to_png, to_svg};
    use polars::prelude::*;

    /// An issues table of `n` issues; with `papers`, a newspaper column alternating them.
    fn issues(n: usize, papers: &[&str], date: bool) -> DataFrame {
        let mut cols = vec![Column::new(
            col::ISSUE.into(),
            (0..n)
                .map(|i| format!("{i:03}_797ed97eab3695c8"))
                .collect::<Vec<_>>(),
        )];
        if !papers.is_empty() {
            cols.push(Column::new(
                NEWSPAPER_COLUMN.into(),
                (0..n).map(|i| papers[i % papers.len()]).collect::<Vec<_>>(),
            ));
        }
        if date {
            cols.push(Column::new(
                DATE_COLUMN.into(),
                (0..n)
                    .map(|i| format!("2022-{:02}-{:02}", 1 + (i / 28) % 12, 1 + i % 28))
                    .collect::<Vec<_>>(),
            ));
        }
        let tokens: Vec<u64> = (0..n as u64).map(|i| 1000 + 37 * (i % 11)).collect();
        let types: Vec<u64> = tokens.iter().map(|t| t / 3).collect();
        let ttr: Vec<Option<f64>> = tokens
            .iter()
            .zip(&types)
            .map(|(a, b)| Some(*b as f64 / *a as f64))
            .collect();
        for (name, v) in [
            (col::ARTICLES, vec![3u64; n]),
            (col::SENTENCES, vec![30u64; n]),
            (col::CHARS, vec![3000u64; n]),
        ] {
            cols.push(Column::new(name.into(), v));
        }
        cols.push(Column::new(col::TOKENS.into(), tokens));
        cols.push(Column::new(col::TYPES.into(), types));
        cols.push(Column::new(col::TTR.into(), ttr));
        cols.push(Column::new(col::HAPAX.into(), vec![100u64; n]));
        cols.push(Column::new(col::TOP_TERMS.into(), vec!["疫情、核酸"; n]));
        cols.push(Column::new(
            "per_10k:核酸".into(),
            (0..n).map(|i| (i % 7) as f64 * 10.0).collect::<Vec<_>>(),
        ));
        cols.push(Column::new(
            "per_10k:疫情".into(),
            (0..n).map(|i| 50.0 + (i % 5) as f64).collect::<Vec<_>>(),
        ));
        DataFrame::new_infer_height(cols).unwrap()
    }

    #[test]
    fn the_envelope_keeps_first_lowest_highest_last_of_each_pixel_column() {
        // Column 0: y 5, 9, 2, 7 → first 5, lowest 2, highest 9, last 7; column 1 one point.
        let pts = [(0, 5), (0, 9), (0, 2), (0, 7), (1, 4)];
        assert_eq!(envelope(&pts), [(0, 5), (0, 2), (0, 9), (0, 7), (1, 4)]);
        // Repeats collapse; an empty line stays empty.
        assert_eq!(envelope(&[(3, 1), (3, 1), (4, 1)]), [(3, 1), (4, 1)]);
        assert!(envelope(&[]).is_empty());
        // 50,000 points over 1,500 pixel columns: at most 4 a column.
        let many: Vec<(i32, i32)> = (0..50_000).map(|i| (i * 1500 / 50_000, i % 97)).collect();
        assert!(envelope(&many).len() <= 4 * 1500);
    }

    #[test]
    fn panels_labels_and_colours_from_the_table() {
        let m = issue_figures(&issues(5, &["吕梁日报", "朔州日报"], true), "t").unwrap();
        let titles: Vec<&str> = m.panels.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "tokens",
                "types",
                "type–token ratio (TTR)",
                "核酸 per 10,000 tokens",
                "疫情 per 10,000 tokens"
            ]
        );
        assert_eq!(m.panels[0].y_title, "counted tokens");
        assert_eq!(m.panels[3].values[2], Some(20.0));
        assert_eq!(m.labels[0], "2022-01-01");
        assert_eq!(m.colors, [0, 1, 0, 1, 0]);
        assert_eq!(m.legend, ["吕梁日报", "朔州日报"]);
        assert_eq!(m.x_title, "issue date");
        assert_eq!(m.subtitle, "5 issues in date order · colour = newspaper");
        assert_eq!(m.columns(), 3);
        // Issues given out of date order are drawn in date order, their figures with them.
        let reversed = issues(5, &["吕梁日报", "朔州日报"], true).reverse();
        let r = issue_figures(&reversed, "t").unwrap();
        assert_eq!(r.labels, m.labels);
        assert_eq!(r.panels[3].values, m.panels[3].values);
        assert_eq!(r.colors, m.colors);
        // No date, one newspaper: ids shortened, one colour, no key.
        let m = issue_figures(&issues(3, &["吕梁日报"], false), "t").unwrap();
        assert_eq!(m.labels[1], "001_797ed97…");
        assert!(m.colors.is_empty() && m.legend.is_empty());
        assert_eq!(m.x_title, "issue");
        // More newspapers than colours: one colour, said in the subtitle.
        let papers: Vec<String> = (0..9).map(|i| format!("报{i}")).collect();
        let papers: Vec<&str> = papers.iter().map(String::as_str).collect();
        let m = issue_figures(&issues(18, &papers, true), "t").unwrap();
        assert!(m.colors.is_empty() && m.legend.is_empty());
        assert!(
            m.subtitle
                .ends_with("9 newspapers, too many to tell apart by colour")
        );
    }

    #[test]
    fn a_table_without_the_figures_is_an_error() {
        let df = DataFrame::new_infer_height(vec![Column::new(col::ISSUE.into(), ["a"])]).unwrap();
        let e = issue_figures(&df, "t").unwrap_err().to_string();
        assert!(e.contains("`tokens`"), "{e}");
    }

    #[test]
    fn layout_grid_axes_and_labels() {
        let m = issue_figures(&issues(5, &["吕梁日报", "朔州日报"], true), "t").unwrap();
        let l = m.layout(1600.0, 1000.0);
        assert_eq!(l.panels.len(), 5);
        // 3 columns, 2 rows: the bottom row and the panel above the empty slot write labels.
        let writes: Vec<bool> = l.panels.iter().map(|p| p.x_labels).collect();
        assert_eq!(writes, [false, false, true, true, true]);
        for p in &l.panels {
            assert!(p.x0 < p.x1 && p.y0 < p.y1 && p.right <= 1600.0 && p.y1 < 1000.0);
            assert!(p.top > 0.0 && p.step > 0.0);
        }
        // Axes from 0 to a tick at or above the largest value: tokens up to 1370.
        assert_eq!((l.panels[0].step, l.panels[0].top), (500.0, 1500.0));
        // TTR (about 1/3): fractional ticks.
        assert!(l.panels[2].step < 1.0 && l.panels[2].top >= 1.0 / 3.0);
        // Panels in one row do not overlap.
        assert!(l.panels[0].right < l.panels[1].left);
        // 5 dates under panels a third of the width: upright, one per slot.
        assert_eq!(l.x_labels, XLabels::Upright);
        let p = &l.panels[2];
        assert!(p.x(1, 5) - p.x(0, 5) > 1.2 * line_height(l.sizes.small));
        // Three panels (no tracked terms): two columns, wide enough to write dates across.
        let df = issues(5, &["吕梁日报", "朔州日报"], true)
            .drop("per_10k:核酸")
            .unwrap()
            .drop("per_10k:疫情")
            .unwrap();
        let m = issue_figures(&df, "t").unwrap();
        let l = m.layout(1600.0, 1000.0);
        assert_eq!((l.columns, l.panels.len()), (2, 3));
        assert_eq!(l.x_labels, XLabels::Across(1));
        assert_eq!(
            l.panels.iter().map(|p| p.x_labels).collect::<Vec<_>>(),
            [false, true, true]
        );
        let p = &l.panels[2];
        assert!(p.x(1, 5) - p.x(0, 5) > text_width("2022-01-01", l.sizes.small));
        // 300 issues: labels thinned, not written over each other.
        let m = issue_figures(&issues(300, &[], true), "t").unwrap();
        let l = m.layout(1600.0, 1000.0);
        let XLabels::Across(k) = l.x_labels else {
            panic!("{:?}", l.x_labels)
        };
        let p = &l.panels[0];
        let gap = p.x(k, 300) - p.x(0, 300);
        assert!(gap > text_width("2022-01-01", l.sizes.small), "{k} {gap}");
    }

    #[test]
    fn png_has_bars_where_the_values_are_and_svg_keeps_text() {
        let m = issue_figures(&issues(5, &["吕梁日报", "朔州日报"], true), "Per issue").unwrap();
        let size = ChartSize {
            width: 800,
            height: 500,
        };
        let png = to_png(&m, size).unwrap();
        assert_eq!(png, to_png(&m, size).unwrap());
        let img = image::load_from_memory(&png).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (800, 500));
        let l = m.layout(800.0, 500.0);
        let b = &l.panels[0];
        // Issue 1 (朔州日报, vermillion) has 1037 tokens: its bar is vermillion half way up,
        // and background above its top.
        let x = b.x(1, 5).round() as u32;
        let mid = b.y(500.0).round() as u32;
        assert_eq!(*img.get_pixel(x, mid), image::Rgb([213, 94, 0]));
        let above = (b.y(1037.0) - 4.0).round() as u32;
        assert_ne!(*img.get_pixel(x, above), image::Rgb([213, 94, 0]));
        // Issue 0 (吕梁日报) is blue.
        assert_eq!(
            *img.get_pixel(b.x(0, 5).round() as u32, mid),
            image::Rgb([0, 114, 178])
        );
        let svg = to_svg(&m, size).unwrap();
        assert_eq!(svg, to_svg(&m, size).unwrap());
        for t in [
            "核酸 per 10,000 tokens",
            "吕梁日报",
            "2022-01-03",
            "counted tokens",
        ] {
            assert!(svg.contains(t), "{t} missing from the SVG");
        }
    }

    #[test]
    fn many_issues_draw_a_line() {
        let m = issue_figures(&issues(300, &[], true), "t").unwrap();
        let png = to_png(&m, ChartSize::default()).unwrap();
        let img = image::load_from_memory(&png).unwrap().to_rgb8();
        let l = m.layout(1600.0, 1000.0);
        let b = &l.panels[3];
        // The line passes through issue 0's 核酸 rate (0) and issue 3's (30).
        let blue = image::Rgb([0, 114, 178]);
        let near = |x: f64, y: f64| {
            (-2i32..=2).any(|d| {
                (-2i32..=2).any(|e| {
                    *img.get_pixel((x.round() as i32 + d) as u32, (y.round() as i32 + e) as u32)
                        == blue
                })
            })
        };
        assert!(near(b.x(3, 300), b.y(30.0)));
        assert!(near(b.x(150, 300), b.y((150 % 7) as f64 * 10.0)));
    }
}
