//! The trend chart: how often each of a few terms occurs in each group of issues (the `trend`
//! table), one line per term across the groups, as matplotlib's and ggplot2's line charts
//! with markers (`geom_line() + geom_point()`), the usual picture of a term's frequency over
//! time in corpus linguistics.
//!
//! - x: the groups in the table's order (first appearance), as categories (dates, newspaper
//!   names or issue ids) spaced evenly; tick labels are thinned to every 1st, 2nd, 5th, 10th,
//!   20th, 25th, 50th, … group so that they never overlap, and a label that would still
//!   touch its neighbour is left out.
//! - y: `per_10k`, occurrences per 10,000 counted tokens of the group, from 0, so that the
//!   heights compare as ratios. An empty `per_10k` (a group with no counted tokens) is a gap
//!   in the line, not a zero.
//! - One colour of the Okabe–Ito palette and one marker shape per term, so that the lines
//!   stay apart in greyscale; the legend sits in the corner of the plot that no line crosses,
//!   else outside on the right (matplotlib's `loc="best"`).
//! - With `ci_low` and `ci_high` columns, a translucent band per term between them.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use polars::prelude::*;

use super::axis::{self, nice_ticks, nice_top, tick_label};
use super::columns::{has_column, numbers, strings};
use super::parts::{Rect, note};
use super::text::{fit, text, text_width, wrap};
use super::theme::{self, Sizes};
use super::{Chart, DrawResult};
use crate::columns as col;
use crate::error::{Error, Result};
// Lower and upper end of a confidence interval of `per_10k`, when the table has them.
use crate::columns::{CI_HIGH, CI_LOW};

/// Markers smaller than this radius (many groups, narrow bands) are left out: they would
/// only thicken the line. An isolated point keeps its marker.
const MIN_MARKER: f64 = 2.5;

/// The y axis title.
pub const Y_TITLE: &str = "occurrences per 10,000 tokens";

/// One term's line: its `per_10k` per group (None: a gap) and, with a confidence interval,
/// its `(ci_low, ci_high)` per group.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub term: String,
    pub values: Vec<Option<f64>>,
    pub ci: Option<Vec<Option<(f64, f64)>>>,
}

impl Line {
    /// The runs of consecutive groups that have a value, as (group index, per_10k): each
    /// run is drawn as one polyline, so that a missing value leaves a gap.
    pub fn segments(&self) -> Vec<Vec<(usize, f64)>> {
        runs(&self.values)
    }

    /// The runs of consecutive groups that have both ends of the interval.
    pub fn ci_segments(&self) -> Vec<Vec<(usize, (f64, f64))>> {
        self.ci.as_deref().map(runs).unwrap_or_default()
    }
}

fn runs<T: Copy>(values: &[Option<T>]) -> Vec<Vec<(usize, T)>> {
    let mut out: Vec<Vec<(usize, T)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => current.push((i, *v)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The trend chart (see the module doc).
#[derive(Debug, Clone)]
pub struct Lines {
    title: String,
    group_title: String,
    groups: Vec<String>,
    lines: Vec<Line>,
}

/// The trend chart of a `trend` table: columns `group`, `term`, `per_10k` (and optionally
/// `ci_low`, `ci_high`); other columns are ignored. `group_title` names the x axis (e.g.
/// "issue date").
pub fn trend(table: &DataFrame, title: &str, group_title: &str) -> Result<Lines> {
    const CHART: &str = "trend";
    let group_col = strings(table, col::GROUP, CHART)?;
    let term_col = strings(table, col::TERM, CHART)?;
    let per_col = numbers(table, col::PER_10K, CHART)?;
    let has_ci = has_column(table, CI_LOW) && has_column(table, CI_HIGH);
    let (low_col, high_col) = if has_ci {
        (
            numbers(table, CI_LOW, CHART)?,
            numbers(table, CI_HIGH, CHART)?,
        )
    } else {
        (Vec::new(), Vec::new())
    };

    // groups and terms in order of first appearance (a linear search: a chart has few
    // terms, and a BTreeMap index keeps the groups' lookup deterministic and fast)
    let mut groups: Vec<String> = Vec::new();
    let mut group_index = std::collections::BTreeMap::<String, usize>::new();
    let mut terms: Vec<String> = Vec::new();
    let mut cells: Vec<(usize, usize, usize)> = Vec::new(); // (group, term, row)
    for (row, (g, t)) in group_col.iter().zip(&term_col).enumerate() {
        let Some(t) = t else { continue };
        let g = g.clone().unwrap_or_default();
        let gi = *group_index.entry(g.clone()).or_insert_with(|| {
            groups.push(g);
            groups.len() - 1
        });
        let ti = match terms.iter().position(|x| x == t) {
            Some(i) => i,
            None => {
                terms.push(t.clone());
                terms.len() - 1
            }
        };
        cells.push((gi, ti, row));
    }
    let mut lines: Vec<Line> = terms
        .into_iter()
        .map(|term| Line {
            term,
            values: vec![None; groups.len()],
            ci: has_ci.then(|| vec![None; groups.len()]),
        })
        .collect();
    let mut seen = vec![false; groups.len() * lines.len()];
    for (gi, ti, row) in cells {
        let cell = &mut seen[ti * groups.len() + gi];
        if *cell {
            return Err(Error::usage(format!(
                "trend chart: two rows for term `{}` in group `{}`",
                lines[ti].term, groups[gi]
            )));
        }
        *cell = true;
        let line = &mut lines[ti];
        line.values[gi] = per_col[row];
        if let Some(ci) = line.ci.as_mut() {
            ci[gi] = low_col[row].zip(high_col[row]);
        }
    }
    Ok(Lines {
        title: title.to_string(),
        group_title: group_title.to_string(),
        groups,
        lines,
    })
}

impl Lines {
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    fn has_gaps(&self) -> bool {
        self.lines
            .iter()
            .any(|l| l.values.iter().any(Option::is_none))
    }

    fn has_ci(&self) -> bool {
        self.lines.iter().any(|l| l.ci.is_some())
    }

    /// How the intervals are drawn on a plot `plot_w` pixels wide: translucent bands for a
    /// few terms; for more, whose bands would cover each other, an error bar per point, the
    /// terms' bars side by side within the group; none when even those would not fit.
    fn ci_style(&self, plot_w: f64) -> CiStyle {
        let k = self.lines.len().max(1);
        let n = self.groups.len().max(1);
        if !self.has_ci() {
            CiStyle::None
        } else if k <= MAX_BANDS {
            CiStyle::Bands
        } else {
            // the bars of a group share half its width
            let dodge = (plot_w / n as f64 * 0.5 / k as f64).min(8.0);
            if dodge >= 2.0 {
                CiStyle::Bars { dodge }
            } else {
                CiStyle::None
            }
        }
    }

    /// The largest value the y axis must show (0 when there is none).
    fn y_max(&self) -> f64 {
        self.lines
            .iter()
            .flat_map(|l| {
                let ci = l.ci_segments().into_iter().flatten().map(|(_, (_, hi))| hi);
                l.values.iter().flatten().copied().chain(ci)
            })
            .fold(0.0, f64::max)
    }
}

/// Every `step`-th group gets a tick label: the smallest of 1, 2, 5, 10, 20, 25, 50, 100,
/// 200, 250, … that leaves `label_w + gap` pixels per label when each group has `band` pixels.
pub fn label_step(band: f64, label_w: f64, gap: f64) -> usize {
    let need = label_w + gap;
    let mut magnitude = 1usize;
    loop {
        for m in [10, 20, 25, 50] {
            let step = (m * magnitude / 10).max(1);
            if step as f64 * band >= need || magnitude > 1 << 40 {
                return step;
            }
        }
        magnitude *= 10;
    }
}

/// Where the legend goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendPlace {
    TopRight,
    TopLeft,
    BottomRight,
    BottomLeft,
    Outside,
}

/// A tick label on the x axis: the group, its text (maybe cut) and the x of its centre.
#[derive(Debug, Clone, PartialEq)]
pub struct XLabel {
    pub group: usize,
    pub text: String,
    pub x: i32,
    pub width: f64,
}

/// Terms whose intervals are drawn as bands; more get error bars (`Lines::ci_style`).
const MAX_BANDS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq)]
enum CiStyle {
    None,
    Bands,
    /// Error bars, each term's `dodge` pixels beside the one before.
    Bars {
        dodge: f64,
    },
}

/// Every position and size the drawing uses, computed before anything is drawn.
#[derive(Debug, Clone)]
pub(crate) struct TrendLayout {
    sizes: Sizes,
    ci: CiStyle,
    title: String,
    subtitle: Vec<String>,
    plot: Rect,
    y_top: f64,
    y_ticks: Vec<f64>,
    y_step: f64,
    y_label_w: f64,
    pub step: usize,
    pub x_labels: Vec<XLabel>,
    tick_every_group: bool,
    marker: f64,
    pub legend_place: LegendPlace,
    legend: Rect,
    legend_font: f64,
    legend_terms: Vec<String>,
}

impl TrendLayout {
    fn x(&self, n: usize, i: usize) -> f64 {
        let band = (self.plot.right - self.plot.left) as f64 / n as f64;
        self.plot.left as f64 + (i as f64 + 0.5) * band
    }

    fn y(&self, v: f64) -> f64 {
        let h = (self.plot.bottom - self.plot.top) as f64;
        self.plot.bottom as f64 - v / self.y_top * h
    }
}

/// The marker shape of term `i`: circle, square, triangle, diamond.
fn draw_marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    i: usize,
    (x, y): (f64, f64),
    r: f64,
    color: RGBColor,
) -> DrawResult<DB> {
    let style = color.filled();
    let p = |dx: f64, dy: f64| ((x + dx).round() as i32, (y + dy).round() as i32);
    match (i / theme::PALETTE.len() + i) % 4 {
        0 => root.draw(&Circle::new(p(0.0, 0.0), r.round().max(1.0) as i32, style)),
        1 => {
            let s = r * 0.9;
            root.draw(&Rectangle::new([p(-s, -s), p(s, s)], style))
        }
        2 => {
            let s = r * 1.2;
            root.draw(&Polygon::new(
                vec![p(0.0, -s), p(s * 0.95, s * 0.65), p(-s * 0.95, s * 0.65)],
                style,
            ))
        }
        _ => {
            let s = r * 1.25;
            root.draw(&Polygon::new(
                vec![p(0.0, -s), p(s, 0.0), p(0.0, s), p(-s, 0.0)],
                style,
            ))
        }
    }
}

impl Lines {
    /// Sample points (pixels) of what the plot shows, to find a free corner for the legend.
    fn ink_points(&self, layout: &TrendLayout) -> Vec<(f64, f64)> {
        let n = self.groups.len();
        let mut out = Vec::new();
        let mut segment = |a: (f64, f64), b: (f64, f64)| {
            let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
            let steps = (len / 3.0).ceil().max(1.0) as usize;
            for k in 0..=steps {
                let t = k as f64 / steps as f64;
                out.push((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
            }
        };
        for line in &self.lines {
            for run in line.segments() {
                let pts: Vec<(f64, f64)> = run
                    .iter()
                    .map(|&(i, v)| (layout.x(n, i), layout.y(v)))
                    .collect();
                segment(pts[0], pts[0]);
                for w in pts.windows(2) {
                    segment(w[0], w[1]);
                }
            }
            for run in line.ci_segments() {
                for w in run.windows(2) {
                    for f in [0.0, 0.25, 0.5, 0.75, 1.0] {
                        let y = |(lo, hi): (f64, f64)| layout.y(lo + (hi - lo) * f);
                        segment(
                            (layout.x(n, w[0].0), y(w[0].1)),
                            (layout.x(n, w[1].0), y(w[1].1)),
                        );
                    }
                }
                for &(i, (lo, hi)) in &run {
                    segment(
                        (layout.x(n, i), layout.y(lo)),
                        (layout.x(n, i), layout.y(hi)),
                    );
                }
            }
        }
        out
    }

    /// Compute the layout for a `w` × `h` canvas.
    pub(crate) fn layout(&self, w: u32, h: u32) -> TrendLayout {
        let sizes = Sizes::for_canvas(w, h);
        let m = sizes.margin;
        let (wf, hf) = (w as f64, h as f64);
        let title = fit(&self.title, sizes.title, wf - 2.0 * m);
        let mut parts = Vec::new();
        // the plot's width is not known yet: the canvas's, less the margins, decides
        match self.ci_style(wf - 2.0 * m) {
            CiStyle::Bands => {
                parts.push("shaded bands: ci_low to ci_high (95% interval of the rate)".to_string())
            }
            CiStyle::Bars { .. } => parts.push(
                "bars: 95% interval of each rate (ci_low to ci_high), the terms side by side"
                    .to_string(),
            ),
            CiStyle::None if self.has_ci() => parts.push(
                "too many groups to draw the 95% intervals: ci_low and ci_high are in the table"
                    .to_string(),
            ),
            CiStyle::None => {}
        }
        if self.has_gaps() {
            parts.push("gaps: groups with no counted tokens".to_string());
        }
        let subtitle = wrap(&parts, sizes.subtitle, wf - 2.0 * m, 2);
        let mut top = m + sizes.title * 1.1;
        if !subtitle.is_empty() {
            top += subtitle.len() as f64 * sizes.subtitle * 1.25;
        }
        top += sizes.label * 1.0; // room above the plot (the top y label's upper half)
        let tick_len = (sizes.label * 0.3).round();
        let bottom = hf - m - sizes.axis_title * 1.2 - sizes.label * 1.3 - tick_len;

        // y axis: ticks from 0 to a nice top above the largest value
        let plot_h = (bottom - top).max(10.0);
        let max_count = ((plot_h / (sizes.label * 2.5)).floor() as usize).clamp(2, 8);
        let y_max = self.y_max();
        let (y_ticks, step) = if y_max > 0.0 {
            let (t, step) = nice_ticks(0.0, y_max * 1.04, max_count);
            let top_tick = nice_top(y_max * 1.04, step);
            let mut t = t;
            if t.last().is_none_or(|&l| l < top_tick - step * 1e-9) {
                t.push(top_tick);
            }
            (t, step)
        } else {
            (vec![0.0, 1.0], 1.0)
        };
        let y_top = *y_ticks.last().expect("two ticks at least");
        let y_label_w = y_ticks
            .iter()
            .map(|&t| text_width(&tick_label(t, step), sizes.label))
            .fold(0.0, f64::max);
        let left = m + sizes.axis_title * 1.3 + y_label_w + tick_len + sizes.label * 0.4;

        let n = self.groups.len().max(1);
        let legend_font = sizes.label;
        let legend_terms: Vec<String> = self
            .lines
            .iter()
            .map(|l| fit(&l.term, legend_font, wf * 0.3))
            .collect();
        let legend_text_w = legend_terms
            .iter()
            .map(|t| text_width(t, legend_font))
            .fold(0.0, f64::max);
        let sample = legend_font * 1.8;
        let pad = legend_font * 0.5;
        let legend_w = pad + sample + pad * 0.8 + legend_text_w + pad;
        let row_h = legend_font * 1.35;
        let legend_h = pad * 2.0 + row_h * self.lines.len() as f64;

        let mut layout = TrendLayout {
            sizes,
            ci: CiStyle::None,
            title,
            subtitle,
            plot: Rect {
                left: left.round() as i32,
                top: top.round() as i32,
                right: (wf - m).round() as i32,
                bottom: bottom.round() as i32,
            },
            y_top,
            y_ticks,
            y_step: step,
            y_label_w,
            step: 1,
            x_labels: Vec::new(),
            tick_every_group: true,
            marker: 0.0,
            legend_place: LegendPlace::TopRight,
            legend: Rect {
                left: 0,
                top: 0,
                right: 0,
                bottom: 0,
            },
            legend_font,
            legend_terms,
        };

        // the legend: the first free corner inside the plot, else outside on the right
        let ink = self.ink_points(&layout);
        let inset = (sizes.label * 0.4).round() as i32;
        let (lw, lh) = (legend_w.round() as i32, legend_h.round() as i32);
        let p = layout.plot;
        let corners = [
            (LegendPlace::TopRight, p.right - inset - lw, p.top + inset),
            (LegendPlace::TopLeft, p.left + inset, p.top + inset),
            (
                LegendPlace::BottomRight,
                p.right - inset - lw,
                p.bottom - inset - lh,
            ),
            (
                LegendPlace::BottomLeft,
                p.left + inset,
                p.bottom - inset - lh,
            ),
        ];
        let fits_inside =
            lw + 2 * inset < (p.right - p.left) / 2 && lh + 2 * inset < p.bottom - p.top;
        let free = corners.iter().find(|&&(_, x, y)| {
            let margin = inset / 2;
            let r = Rect {
                left: x - margin,
                top: y - margin,
                right: x + lw + margin,
                bottom: y + lh + margin,
            };
            fits_inside && !ink.iter().any(|&pt| r.contains(pt))
        });
        if self.lines.is_empty() {
            layout.legend_place = LegendPlace::Outside;
        } else if let Some(&(place, x, y)) = free {
            layout.legend_place = place;
            layout.legend = Rect {
                left: x,
                top: y,
                right: x + lw,
                bottom: y + lh,
            };
        } else {
            layout.legend_place = LegendPlace::Outside;
            let right = (wf - m - legend_w - sizes.label * 0.6).round() as i32;
            layout.plot.right = right.max(layout.plot.left + 50);
            let x = (wf - m - legend_w).round() as i32;
            layout.legend = Rect {
                left: x,
                top: p.top,
                right: x + lw,
                bottom: p.top + lh,
            };
        }
        if layout.legend.bottom > (hf - m) as i32 {
            // too many terms for the height: smaller text, the same box top
            let scale = ((hf - m) - layout.legend.top as f64) / legend_h;
            layout.legend_font *= scale.max(0.3);
            layout.legend.bottom = (hf - m) as i32;
        }

        // x axis labels: every step-th group, cut to the plot width, kept inside the canvas,
        // and any that still touches the previous one left out
        let plot_w = (layout.plot.right - layout.plot.left) as f64;
        let band = plot_w / n as f64;
        let mut texts = Vec::with_capacity(self.groups.len());
        let mut widths = Vec::with_capacity(self.groups.len());
        for g in &self.groups {
            let t = fit(g, sizes.label, plot_w);
            widths.push(text_width(&t, sizes.label));
            texts.push(t);
        }
        let label_w = widths.iter().copied().fold(0.0, f64::max);
        let gap = sizes.label * 0.8;
        layout.step = label_step(band, label_w, gap);
        let mut prev_right = f64::NEG_INFINITY;
        for i in (0..self.groups.len()).step_by(layout.step) {
            let half = widths[i] / 2.0;
            let cx = layout.x(n, i).clamp(m + half, wf - m - half);
            if cx - half < prev_right + gap {
                continue;
            }
            prev_right = cx + half;
            layout.x_labels.push(XLabel {
                group: i,
                text: texts[i].clone(),
                x: cx.round() as i32,
                width: widths[i],
            });
        }
        layout.tick_every_group = band >= sizes.label * 0.4;
        layout.marker = (sizes.line as f64 * 2.2).min(band * 0.3);
        layout.ci = match self.ci_style(wf - 2.0 * m) {
            CiStyle::Bars { .. } => match self.ci_style(plot_w) {
                CiStyle::Bars { dodge } => CiStyle::Bars { dodge },
                _ => CiStyle::Bars { dodge: 2.0 },
            },
            style => style,
        };
        layout
    }
}

impl Chart for Lines {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (w, h) = root.dim_in_pixel();
        let l = self.layout(w, h);
        let s = l.sizes;
        let m = s.margin;
        let n = self.groups.len().max(1);
        let p = l.plot;
        let tick_len = (s.label * 0.3).round() as i32;

        // title and subtitle
        let mut y = m + s.title * 0.5;
        text(
            root,
            &l.title,
            (m, y),
            s.title,
            &theme::TEXT,
            HPos::Left,
            false,
        )?;
        y += s.title * 0.55 + s.subtitle * 0.75;
        for line in &l.subtitle {
            text(
                root,
                line,
                (m, y),
                s.subtitle,
                &theme::MUTED,
                HPos::Left,
                false,
            )?;
            y += s.subtitle * 1.25;
        }

        // grid
        let grid = ShapeStyle::from(&theme::GRID).stroke_width(1);
        for &t in &l.y_ticks {
            let yy = l.y(t).round() as i32;
            root.draw(&PathElement::new(vec![(p.left, yy), (p.right, yy)], grid))?;
        }
        for lab in &l.x_labels {
            let xx = l.x(n, lab.group).round() as i32;
            root.draw(&PathElement::new(vec![(xx, p.top), (xx, p.bottom)], grid))?;
        }

        // intervals (bands or bars), then lines, then markers
        if let CiStyle::Bars { dodge } = l.ci {
            let k = self.lines.len() as f64;
            for (ti, line) in self.lines.iter().enumerate() {
                let color = theme::series_color(ti);
                let style = ShapeStyle::from(&color).stroke_width(s.line.max(2) - 1);
                let offset = (ti as f64 - (k - 1.0) / 2.0) * dodge;
                let cap = (dodge * 0.4).max(1.5);
                for (i, (lo, hi)) in line.ci_segments().into_iter().flatten() {
                    let x = l.x(n, i) + offset;
                    let (y0, y1) = (l.y(lo).round() as i32, l.y(hi).round() as i32);
                    root.draw(&PathElement::new(
                        vec![(x.round() as i32, y0), (x.round() as i32, y1)],
                        style,
                    ))?;
                    for y in [y0, y1] {
                        root.draw(&PathElement::new(
                            vec![((x - cap).round() as i32, y), ((x + cap).round() as i32, y)],
                            style,
                        ))?;
                    }
                }
            }
        }
        for (ti, line) in self.lines.iter().enumerate() {
            if l.ci != CiStyle::Bands {
                break;
            }
            let color = theme::series_color(ti);
            for run in line.ci_segments() {
                let px = |i: usize| l.x(n, i).round() as i32;
                let py = |v: f64| l.y(v).round() as i32;
                if run.len() == 1 {
                    let (i, (lo, hi)) = run[0];
                    let half = (l.marker * 1.5).max(3.0) as i32;
                    root.draw(&Rectangle::new(
                        [(px(i) - half, py(hi)), (px(i) + half, py(lo))],
                        color.mix(0.2).filled(),
                    ))?;
                    continue;
                }
                let mut poly: Vec<(i32, i32)> =
                    run.iter().map(|&(i, (_, hi))| (px(i), py(hi))).collect();
                poly.extend(run.iter().rev().map(|&(i, (lo, _))| (px(i), py(lo))));
                root.draw(&Polygon::new(poly, color.mix(0.18).filled()))?;
            }
        }
        for (ti, line) in self.lines.iter().enumerate() {
            let color = theme::series_color(ti);
            let style = ShapeStyle::from(&color).stroke_width(s.line);
            for run in line.segments() {
                if run.len() > 1 {
                    let pts: Vec<(i32, i32)> = run
                        .iter()
                        .map(|&(i, v)| (l.x(n, i).round() as i32, l.y(v).round() as i32))
                        .collect();
                    root.draw(&PathElement::new(pts, style))?;
                }
            }
        }
        for (ti, line) in self.lines.iter().enumerate() {
            let color = theme::series_color(ti);
            for run in line.segments() {
                // an isolated point always has its marker, else it would not show
                let r = if run.len() == 1 {
                    l.marker.max(s.line as f64 * 1.5)
                } else {
                    l.marker
                };
                if r < MIN_MARKER {
                    continue;
                }
                for &(i, v) in &run {
                    draw_marker(root, ti, (l.x(n, i), l.y(v)), r, color)?;
                }
            }
        }

        // axes: the zero line, ticks and labels
        let axis = ShapeStyle::from(&theme::MUTED).stroke_width(1);
        root.draw(&PathElement::new(
            vec![(p.left, p.bottom), (p.right, p.bottom)],
            axis,
        ))?;
        for &t in &l.y_ticks {
            let yy = l.y(t).round() as i32;
            root.draw(&PathElement::new(
                vec![(p.left - tick_len, yy), (p.left, yy)],
                axis,
            ))?;
            let x = p.left - tick_len - (s.label * 0.25) as i32;
            text(
                root,
                &tick_label(t, l.y_step),
                (x as f64, yy as f64),
                s.label,
                &theme::TEXT,
                HPos::Right,
                false,
            )?;
        }
        let label_y = p.bottom + tick_len + (s.label * 0.85) as i32;
        if l.tick_every_group {
            for i in 0..self.groups.len() {
                let xx = l.x(n, i).round() as i32;
                root.draw(&PathElement::new(
                    vec![(xx, p.bottom), (xx, p.bottom + tick_len)],
                    axis,
                ))?;
            }
        }
        for lab in &l.x_labels {
            let xx = l.x(n, lab.group).round() as i32;
            if !l.tick_every_group {
                root.draw(&PathElement::new(
                    vec![(xx, p.bottom), (xx, p.bottom + tick_len)],
                    axis,
                ))?;
            }
            text(
                root,
                &lab.text,
                (lab.x as f64, label_y as f64),
                s.label,
                &theme::TEXT,
                HPos::Center,
                false,
            )?;
        }
        // axis titles
        axis::title(
            root,
            &self.group_title,
            s.axis_title,
            (p.left as f64, p.right as f64),
            h as f64 - m - s.axis_title * 0.5,
            false,
        )?;
        let y_title_x =
            (p.left as f64 - tick_len as f64 - s.label * 0.4 - l.y_label_w - s.axis_title * 0.7)
                .max(m + s.axis_title * 0.5);
        axis::title(
            root,
            Y_TITLE,
            s.axis_title,
            (p.top as f64, p.bottom as f64),
            y_title_x,
            true,
        )?;

        // legend
        if !self.lines.is_empty() {
            let lg = l.legend;
            if l.legend_place != LegendPlace::Outside {
                root.draw(&Rectangle::new(
                    [(lg.left, lg.top), (lg.right, lg.bottom)],
                    theme::BACKGROUND.filled(),
                ))?;
                root.draw(&Rectangle::new(
                    [(lg.left, lg.top), (lg.right, lg.bottom)],
                    ShapeStyle::from(&theme::GRID).stroke_width(1),
                ))?;
            }
            let f = l.legend_font;
            let pad = f * 0.5;
            let row_h = f * 1.35;
            let sample = f * 1.8;
            for (ti, term) in l.legend_terms.iter().enumerate() {
                let color = theme::series_color(ti);
                let cy = lg.top as f64 + pad + row_h * (ti as f64 + 0.5);
                let x0 = lg.left as f64 + pad;
                root.draw(&PathElement::new(
                    vec![(x0 as i32, cy as i32), ((x0 + sample) as i32, cy as i32)],
                    ShapeStyle::from(&color).stroke_width(s.line),
                ))?;
                if l.marker >= MIN_MARKER {
                    draw_marker(
                        root,
                        ti,
                        (x0 + sample / 2.0, cy),
                        (s.line as f64 * 2.2).min(f * 0.3),
                        color,
                    )?;
                }
                // on the sample line's pixel row
                let x = (x0 + sample + pad * 0.8) as i32;
                text(
                    root,
                    term,
                    (x as f64, (cy as i32) as f64),
                    f,
                    &theme::TEXT,
                    HPos::Left,
                    false,
                )?;
            }
        }
        if self.groups.is_empty() {
            let mid = ((p.left + p.right) / 2, (p.top + p.bottom) / 2);
            note(root, "no rows to draw", (mid.0 as f64, mid.1 as f64), &s)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartSize, to_png, to_svg};
    use crate::table::frame;

    fn table(rows: &[(&str, &str, Option<f64>)]) -> DataFrame {
        frame(vec![
            Column::new(
                col::GROUP.into(),
                rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            ),
            Column::new(
                col::TERM.into(),
                rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            ),
            Column::new(
                col::COUNT.into(),
                rows.iter()
                    .map(|r| r.2.unwrap_or(0.0) as u64)
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                col::PER_10K.into(),
                rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            ),
        ])
        .unwrap()
    }

    fn small() -> DataFrame {
        table(&[
            ("2020-02-10", "核酸", Some(1.0)),
            ("2020-02-10", "疫情", Some(30.0)),
            ("2022-10-28", "核酸", Some(40.0)),
            ("2022-10-28", "疫情", Some(20.0)),
            ("2022-11-20", "核酸", Some(35.0)),
            ("2022-11-20", "疫情", Some(10.0)),
        ])
    }

    fn layout_of(chart: &Lines, w: u32, h: u32) -> TrendLayout {
        chart.layout(w, h)
    }

    fn pixel(img: &image::RgbImage, x: f64, y: f64) -> [u8; 3] {
        img.get_pixel(x.round() as u32, y.round() as u32).0
    }

    #[test]
    fn reads_groups_and_terms_in_table_order() {
        let chart = trend(&small(), "t", "issue date").unwrap();
        assert_eq!(chart.groups(), ["2020-02-10", "2022-10-28", "2022-11-20"]);
        let terms: Vec<&str> = chart.lines().iter().map(|l| l.term.as_str()).collect();
        assert_eq!(terms, ["核酸", "疫情"]);
        assert_eq!(chart.lines()[0].values, [Some(1.0), Some(40.0), Some(35.0)]);
        assert_eq!(
            chart.lines()[1].values,
            [Some(30.0), Some(20.0), Some(10.0)]
        );
        assert!(chart.lines()[0].ci.is_none());
    }

    #[test]
    fn missing_column_is_a_usage_error() {
        let df = small().drop(col::PER_10K).unwrap();
        let err = trend(&df, "t", "g").unwrap_err();
        assert!(err.is_usage());
        assert!(err.to_string().contains("per_10k"), "{err}");
    }

    #[test]
    fn null_per_10k_is_a_gap_not_a_zero() {
        let df = table(&[
            ("a", "核酸", Some(5.0)),
            ("b", "核酸", Some(6.0)),
            ("c", "核酸", None),
            ("d", "核酸", Some(7.0)),
            ("e", "核酸", Some(8.0)),
            ("f", "核酸", None),
            ("g", "核酸", Some(3.0)),
        ]);
        let chart = trend(&df, "t", "g").unwrap();
        assert_eq!(
            chart.lines()[0].segments(),
            vec![
                vec![(0, 5.0), (1, 6.0)],
                vec![(3, 7.0), (4, 8.0)],
                vec![(6, 3.0)]
            ]
        );
        // in the picture: the line is drawn between a and b, not between b and d
        let chart = trend(&df, "t", "g").unwrap();
        let size = ChartSize {
            width: 800,
            height: 500,
        };
        let l = layout_of(&chart, 800, 500);
        let img = image::load_from_memory(&to_png(&chart, size).unwrap())
            .unwrap()
            .to_rgb8();
        let blue = theme::PALETTE[0];
        let mid = |i: usize, j: usize, vi: f64, vj: f64| {
            ((l.x(7, i) + l.x(7, j)) / 2.0, (l.y(vi) + l.y(vj)) / 2.0)
        };
        let (x, y) = mid(0, 1, 5.0, 6.0);
        assert_eq!(pixel(&img, x, y), [blue.0, blue.1, blue.2]);
        // where the line from b (6.0) to d (7.0) would cross c, and where c = 0 would be
        let (x, y) = mid(1, 3, 6.0, 7.0);
        assert_ne!(pixel(&img, x, y), [blue.0, blue.1, blue.2]);
        let (x, y) = (l.x(7, 2), l.y(0.0) - 4.0);
        assert_ne!(pixel(&img, x, y), [blue.0, blue.1, blue.2]);
    }

    #[test]
    fn png_has_the_size_and_the_lines_where_the_values_are() {
        let chart = trend(&small(), "核酸与疫情", "issue date").unwrap();
        for (w, h) in [(1600, 1000), (800, 500)] {
            let png = to_png(
                &chart,
                ChartSize {
                    width: w,
                    height: h,
                },
            )
            .unwrap();
            let img = image::load_from_memory(&png).unwrap().to_rgb8();
            assert_eq!(img.dimensions(), (w, h));
            let l = layout_of(&chart, w, h);
            // y from 0 to a nice top above 40
            assert_eq!(l.y_ticks[0], 0.0);
            assert!(l.y_top >= 40.0 && l.y_top <= 50.0, "{}", l.y_top);
            // the marker of 核酸 at 2022-10-28 (40) and the line of 疫情 halfway 1 → 2
            let c0 = theme::series_color(0);
            let c1 = theme::series_color(1);
            assert_eq!(pixel(&img, l.x(3, 1), l.y(40.0)), [c0.0, c0.1, c0.2]);
            let (x, y) = ((l.x(3, 1) + l.x(3, 2)) / 2.0, l.y(15.0));
            assert_eq!(pixel(&img, x, y), [c1.0, c1.1, c1.2]);
            // background well above the highest point, in the middle of the plot
            assert_eq!(
                pixel(&img, (l.x(3, 0) + l.x(3, 1)) / 2.0, l.y(l.y_top * 0.98)),
                [255, 255, 255]
            );
            // three groups, each labelled
            assert_eq!(l.step, 1);
            assert_eq!(l.x_labels.len(), 3);
        }
    }

    #[test]
    fn two_hundred_groups_thin_the_labels_without_overlap() {
        let mut rows = Vec::new();
        let dates: Vec<String> = (0..200)
            .map(|d| format!("2022-{:02}-{:02}", 1 + d / 28, 1 + d % 28))
            .collect();
        for (i, d) in dates.iter().enumerate() {
            rows.push((d.as_str(), "核酸", Some(10.0 + (i % 17) as f64)));
            rows.push((d.as_str(), "疫情", Some(5.0 + (i % 5) as f64)));
        }
        let chart = trend(&table(&rows), "t", "issue date").unwrap();
        for (w, h) in [(1600, 1000), (800, 500)] {
            let l = layout_of(&chart, w, h);
            assert!([10, 20, 25, 50].contains(&l.step), "step {}", l.step);
            assert!(
                l.x_labels.len() >= 4 && l.x_labels.len() <= 20,
                "{}",
                l.x_labels.len()
            );
            for pair in l.x_labels.windows(2) {
                let gap = (pair[1].x as f64 - pair[1].width / 2.0)
                    - (pair[0].x as f64 + pair[0].width / 2.0);
                assert!(gap > 0.0, "labels overlap: {pair:?}");
                assert_eq!(pair[1].group - pair[0].group, l.step);
            }
            for lab in &l.x_labels {
                assert!(
                    lab.x as f64 - lab.width / 2.0 >= 0.0
                        && lab.x as f64 + lab.width / 2.0 <= w as f64
                );
                assert_eq!(lab.text, dates[lab.group]);
            }
            assert!(!l.tick_every_group || w == 1600);
        }
        assert_eq!(label_step(7.0, 130.0, 20.0), 25);
        assert_eq!(label_step(7.0, 180.0, 20.0), 50);
        assert_eq!(label_step(20.0, 130.0, 20.0), 10);
        assert_eq!(label_step(300.0, 130.0, 20.0), 1);
        assert_eq!(label_step(80.0, 130.0, 20.0), 2);
    }

    #[test]
    fn one_group_is_a_point_per_term() {
        let df = table(&[
            ("吕梁日报", "核酸", Some(12.0)),
            ("吕梁日报", "疫情", Some(3.0)),
        ]);
        let chart = trend(&df, "t", "newspaper").unwrap();
        let l = layout_of(&chart, 800, 500);
        assert_eq!(l.x_labels.len(), 1);
        let img = image::load_from_memory(
            &to_png(
                &chart,
                ChartSize {
                    width: 800,
                    height: 500,
                },
            )
            .unwrap(),
        )
        .unwrap()
        .to_rgb8();
        let c0 = theme::series_color(0);
        // the marker in the middle of the plot
        assert!((l.x(1, 0) - (l.plot.left + l.plot.right) as f64 / 2.0).abs() < 1.0);
        assert_eq!(pixel(&img, l.x(1, 0), l.y(12.0)), [c0.0, c0.1, c0.2]);
    }

    #[test]
    fn confidence_band_is_drawn_translucent() {
        let mut df = small();
        let n = df.height();
        let per: Vec<f64> = df
            .column(col::PER_10K)
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        df.with_column(Column::new(
            CI_LOW.into(),
            per.iter().map(|v| v * 0.8).collect::<Vec<_>>(),
        ))
        .unwrap();
        df.with_column(Column::new(
            CI_HIGH.into(),
            per.iter().map(|v| v * 1.2).collect::<Vec<_>>(),
        ))
        .unwrap();
        assert_eq!(df.height(), n);
        let chart = trend(&df, "t", "issue date").unwrap();
        assert_eq!(chart.lines()[0].ci_segments()[0][1], (1, (32.0, 48.0)));
        let l = layout_of(&chart, 1600, 1000);
        // y axis reaches the band's top (48)
        assert!(l.y_top >= 48.0);
        let img = image::load_from_memory(&to_png(&chart, ChartSize::default()).unwrap())
            .unwrap()
            .to_rgb8();
        // inside 核酸's band above its line at group 1 (40 → 46): a light tint of blue
        let px = pixel(&img, l.x(3, 1), l.y(46.0));
        let blue = theme::PALETTE[0];
        assert_ne!(px, [255, 255, 255]);
        assert_ne!(px, [blue.0, blue.1, blue.2]);
        assert!(px[2] > px[0], "bluish tint: {px:?}");
    }

    /// A trend table of `terms` terms over `groups` groups, each with an interval.
    fn with_intervals(terms: usize, groups: usize) -> DataFrame {
        let (mut g, mut t, mut c, mut p, mut lo, mut hi) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        for gi in 0..groups {
            for ti in 0..terms {
                g.push(format!("g{gi:04}"));
                t.push(format!("t{ti}"));
                c.push(10u64);
                p.push(10.0 + ti as f64);
                lo.push(5.0 + ti as f64);
                hi.push(18.0 + ti as f64);
            }
        }
        crate::table::frame(vec![
            Column::new(col::GROUP.into(), g),
            Column::new(col::TERM.into(), t),
            Column::new(col::COUNT.into(), c),
            Column::new(col::PER_10K.into(), p),
            Column::new(CI_LOW.into(), lo),
            Column::new(CI_HIGH.into(), hi),
        ])
        .unwrap()
    }

    #[test]
    fn intervals_are_bands_for_few_terms_and_bars_for_more() {
        let style = |terms, groups| {
            layout_of(
                &trend(&with_intervals(terms, groups), "t", "g").unwrap(),
                1600,
                1000,
            )
            .ci
        };
        assert_eq!(style(3, 4), CiStyle::Bands);
        // six terms over four groups: bars 8 px apart (capped)
        assert_eq!(style(6, 4), CiStyle::Bars { dodge: 8.0 });
        // six terms over 300 groups: under 2 px a bar, none drawn
        assert_eq!(style(6, 300), CiStyle::None);
        let chart = trend(&with_intervals(6, 300), "t", "g").unwrap();
        assert!(layout_of(&chart, 1600, 1000).subtitle[0].starts_with("too many groups"));
    }

    #[test]
    fn svg_has_terms_as_text_and_bytes_repeat() {
        let chart = trend(&small(), "核酸与疫情", "issue date").unwrap();
        let svg = to_svg(&chart, ChartSize::default()).unwrap();
        assert!(svg.contains("核酸") && svg.contains("疫情"));
        assert!(svg.contains("2022-10-28"));
        assert!(svg.contains(Y_TITLE));
        assert_eq!(svg, to_svg(&chart, ChartSize::default()).unwrap());
        let a = to_png(&chart, ChartSize::default()).unwrap();
        assert_eq!(a, to_png(&chart, ChartSize::default()).unwrap());
    }

    #[test]
    fn empty_table_draws_a_note() {
        let chart = trend(&table(&[]), "t", "issue date").unwrap();
        assert!(chart.groups().is_empty() && chart.lines().is_empty());
        let svg = to_svg(&chart, ChartSize::default()).unwrap();
        assert!(svg.contains("no rows to draw"));
    }
}
