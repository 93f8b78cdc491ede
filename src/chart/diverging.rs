//! The keyness chart: the terms most key in the target and in the reference (the `keyness`
//! table), as quanteda's `textplot_keyness` draws them.
//!
//! - One horizontal bar per term from 0 to its signed G² (log-likelihood): bars of the terms
//!   the target uses more go right in palette colour 0, those the reference uses more go
//!   left in palette colour 1 (blue and vermillion, apart in lightness as well as hue).
//! - Rows from the term most key in the target at the top to the term most key in the
//!   reference at the bottom, as quanteda orders them; the top `n` of each side.
//! - The term is written at the bar's outer end (inside the bar when there is no room
//!   outside), with the counts "target : reference" in small grey text after it.
//! - Dashed lines at G² = ±3.84, the critical value of χ²(1) at p = 0.05; a bar shorter than
//!   that (a term that is not significant but still among the top `n`) is drawn lighter.
//!
//! The scale is chosen so that the longest bars and their labels fill the width without
//! running off the canvas.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use polars::prelude::*;

use super::axis::{self, nice_ticks, tick_label};
use super::columns::{has_column, numbers, strings};
use super::parts::{Rect, note};
use super::text::{fit, text, text_width, wrap};
use super::theme::{self, Sizes, tint};
use super::{Chart, DrawResult};
use crate::columns as col;
use crate::error::{Error, Result};

/// χ²(1) at p = 0.05: |G²| above it is significant at that level.
pub const CRITICAL_G2: f64 = 3.84;

/// The x axis title.
pub const X_TITLE: &str = "G² (log-likelihood), signed: + key in target, − key in reference";

/// How much lighter a bar is drawn when |G²| < 3.84.
const LIGHT: f64 = 0.55;

/// Which way a label runs from its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// Starts at x.
    Left,
    /// Ends at x.
    Right,
}

impl Anchor {
    fn hpos(self) -> HPos {
        match self {
            Anchor::Left => HPos::Left,
            Anchor::Right => HPos::Right,
        }
    }
}

/// Which side a term is key in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Target,
    Reference,
}

/// One bar: a term, its signed G² and its counts in the target and the reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub term: String,
    pub g2: f64,
    pub counts: Option<(u64, u64)>,
}

impl Bar {
    pub fn side(&self) -> Side {
        if self.g2 > 0.0 {
            Side::Target
        } else {
            Side::Reference
        }
    }

    /// |G²| ≥ 3.84, p ≤ 0.05.
    pub fn significant(&self) -> bool {
        self.g2.abs() >= CRITICAL_G2
    }
}

/// The keyness chart (see the module doc).
#[derive(Debug, Clone)]
pub struct Diverging {
    title: String,
    target: String,
    reference: String,
    n: usize,
    /// Target rows first (G² descending), then reference rows (G² descending, so that the
    /// most negative is last).
    bars: Vec<Bar>,
    show_counts: bool,
}

/// The keyness chart of a `keyness` table: columns `term`, `g2` and, for the counts written
/// beside the terms, `count_target` and `count_reference`; other columns are ignored. The
/// top `n` terms with G² > 0 and the `n` with the most negative G²; `target` and `reference`
/// name the two sides in the legend.
pub fn keyness(
    table: &DataFrame,
    n: usize,
    target: &str,
    reference: &str,
    title: &str,
) -> Result<Diverging> {
    const CHART: &str = "keyness";
    if n == 0 {
        return Err(Error::usage(
            "keyness chart: the number of terms per side must be at least 1",
        ));
    }
    let terms = strings(table, col::TERM, CHART)?;
    let g2 = numbers(table, col::G2, CHART)?;
    let counts: Vec<Option<(u64, u64)>> =
        if has_column(table, col::COUNT_TARGET) && has_column(table, col::COUNT_REFERENCE) {
            let a = numbers(table, col::COUNT_TARGET, CHART)?;
            let b = numbers(table, col::COUNT_REFERENCE, CHART)?;
            a.iter()
                .zip(&b)
                .map(|(a, b)| a.zip(*b).map(|(a, b)| (a as u64, b as u64)))
                .collect()
        } else {
            vec![None; table.height()]
        };
    let rows: Vec<Bar> = terms
        .into_iter()
        .zip(g2)
        .zip(counts)
        .filter_map(|((t, g), c)| {
            Some(Bar {
                term: t?,
                g2: g?,
                counts: c,
            })
        })
        .collect();
    // stable sorts: ties keep the table's order
    let mut key_target: Vec<&Bar> = rows.iter().filter(|b| b.g2 > 0.0).collect();
    key_target.sort_by(|a, b| b.g2.total_cmp(&a.g2));
    key_target.truncate(n);
    let mut key_reference: Vec<&Bar> = rows.iter().filter(|b| b.g2 < 0.0).collect();
    key_reference.sort_by(|a, b| a.g2.total_cmp(&b.g2));
    key_reference.truncate(n);
    key_reference.reverse();
    let bars = key_target
        .into_iter()
        .chain(key_reference)
        .cloned()
        .collect();
    Ok(Diverging {
        title: title.to_string(),
        target: target.to_string(),
        reference: reference.to_string(),
        n,
        bars,
        show_counts: true,
    })
}

impl Diverging {
    /// The bars in drawing order, top to bottom.
    pub fn bars(&self) -> &[Bar] {
        &self.bars
    }

    /// Whether to write "count target : count reference" after each term (the default).
    pub fn with_counts(mut self, show: bool) -> Self {
        self.show_counts = show;
        self
    }

    fn targets(&self) -> usize {
        self.bars
            .iter()
            .filter(|b| b.side() == Side::Target)
            .count()
    }
}

/// Where one bar and its label go, in pixels.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BarGeom {
    pub rect: Rect,
    pub fill: RGBColor,
    pub y: i32,
    pub label: String,
    pub label_x: i32,
    pub anchor: Anchor,
    pub inside: bool,
    /// The counts and the x of their anchor (same anchor side as the label).
    pub counts: Option<(String, i32)>,
}

/// Every position and size the drawing uses.
#[derive(Debug, Clone)]
pub(crate) struct DivLayout {
    sizes: Sizes,
    title: String,
    subtitle: Vec<String>,
    subtitle_y: f64,
    legend: Vec<(RGBColor, String, i32)>,
    legend_y: i32,
    swatch: i32,
    pub plot: Rect,
    pub zero: f64,
    ticks: Vec<(String, i32)>,
    critical: [i32; 2],
    critical_label: Option<(String, i32, Anchor)>,
    critical_label_y: i32,
    pub bars: Vec<BarGeom>,
    label_font: f64,
    counts_font: f64,
}

impl Diverging {
    /// Compute the layout for a `w` × `h` canvas.
    pub(crate) fn layout(&self, w: u32, h: u32) -> DivLayout {
        let sizes = Sizes::for_canvas(w, h);
        let m = sizes.margin;
        let (wf, hf) = (w as f64, h as f64);
        let title = fit(&self.title, sizes.title, wf - 2.0 * m);

        // rows and fonts
        // rows: as many of the n per side as fit with labels of a readable size
        let all_t = self.targets();
        let all_r = self.bars.len() - all_t;
        let min_font = (sizes.label * 0.55).max(10.0);
        let counts_possible = self.show_counts && self.bars.iter().any(|b| b.counts.is_some());
        let subtitle_y = m + sizes.title * 1.1;
        let legend_h = sizes.label * 1.4;
        let above = |lines: usize| {
            subtitle_y + lines as f64 * sizes.subtitle * 1.25 + legend_h + sizes.small * 1.3
        };
        let bottom = hf - m - sizes.axis_title * 1.25 - sizes.label * 1.4;
        let left = m;
        let right = wf - m;
        let plot_w = right - left;
        let rows_of = |q: usize| all_t.min(q) + all_r.min(q);
        let gap_of = |q: usize| {
            if all_t.min(q) > 0 && all_r.min(q) > 0 {
                0.6
            } else {
                0.0
            }
        };
        let row_h_of =
            |top: f64, q: usize| (bottom - top).max(1.0) / (rows_of(q) as f64 + gap_of(q)).max(1.0);
        let mut q = self.n.max(1);
        let mut show_counts = counts_possible;
        let mut subtitle = Vec::new();
        let mut top = above(0);
        for _ in 0..4 {
            let shown_light = self.bars[..all_t.min(q)]
                .iter()
                .chain(&self.bars[self.bars.len() - all_r.min(q)..])
                .any(|b| !b.significant());
            let mut parts = vec![if q < self.n {
                format!(
                    "The {q} terms most key on each side by signed G² ({} asked for: no room for more)",
                    self.n
                )
            } else {
                format!("The {q} terms most key on each side by signed G²")
            }];
            parts.push("dashed: p = 0.05 (G² = ±3.84)".to_string());
            if shown_light {
                parts.push("lighter bars: not significant (p > 0.05)".to_string());
            }
            if show_counts {
                parts.push("grey numbers: count in target : reference".to_string());
            }
            subtitle = wrap(&parts, sizes.subtitle, wf - 2.0 * m, 2);
            top = above(subtitle.len());
            // the largest q whose rows leave labels of min_font at least
            let mut fit = q;
            while fit > 1 && row_h_of(top, fit) * 0.9 < min_font {
                fit -= 1;
            }
            let label_font = sizes.label.min(row_h_of(top, fit) * 0.9);
            let counts = counts_possible && sizes.small.min(label_font * 0.85) >= 9.0;
            if fit == q && counts == show_counts {
                break;
            }
            q = fit;
            show_counts = counts;
        }
        let shown: Vec<&Bar> = self.bars[..all_t.min(q)]
            .iter()
            .chain(&self.bars[self.bars.len() - all_r.min(q)..])
            .collect();
        let k = shown.len();
        let nt = all_t.min(q);
        let gap_rows = gap_of(q);
        let row_h = row_h_of(top, q);
        let label_font = sizes.label.min(row_h * 0.9);
        let counts_font = sizes.small.min(label_font * 0.85);
        let bar_h = (row_h * 0.72).max(1.0);
        let pad = (label_font * 0.35).max(2.0);
        let counts_gap = label_font * 0.4;

        // widths of what goes beyond each bar's end
        let mut term_w = Vec::with_capacity(k);
        let mut counts_text = Vec::with_capacity(k);
        let mut counts_w = Vec::with_capacity(k);
        for b in &shown {
            term_w.push(text_width(&b.term, label_font));
            let c = match (show_counts, b.counts) {
                (true, Some((a, r))) => format!("{a} : {r}"),
                _ => String::new(),
            };
            counts_w.push(if c.is_empty() {
                0.0
            } else {
                counts_gap + text_width(&c, counts_font)
            });
            counts_text.push(c);
        }
        let outer = |i: usize| pad + term_w[i] + counts_w[i];

        // the scale: the largest px per unit of G² with which every bar and its outer label
        // fit, the dashed lines included; at least 45 % of the width for the bars
        let mut right_side: Vec<(f64, f64)> = vec![(CRITICAL_G2, pad)];
        let mut left_side: Vec<(f64, f64)> = vec![(CRITICAL_G2, pad)];
        for (i, b) in shown.iter().enumerate() {
            match b.side() {
                Side::Target => right_side.push((b.g2, outer(i))),
                Side::Reference => left_side.push((-b.g2, outer(i))),
            }
        }
        let mut scale = f64::INFINITY;
        for &(g, c) in &right_side {
            for &(hh, d) in &left_side {
                scale = scale.min((plot_w - c - d) / (g + hh));
            }
        }
        let g_max = right_side.iter().map(|x| x.0).fold(0.0, f64::max);
        let h_max = left_side.iter().map(|x| x.0).fold(0.0, f64::max);
        scale = scale.max(0.45 * plot_w / (g_max + h_max));
        let lo = left
            + left_side
                .iter()
                .map(|&(hh, d)| scale * hh + d)
                .fold(0.0, f64::max);
        let hi = right
            - right_side
                .iter()
                .map(|&(g, c)| scale * g + c)
                .fold(0.0, f64::max);
        let zero = ((lo + hi) / 2.0).clamp(left + scale * h_max, right - scale * g_max);

        // bars and labels
        let mut bars = Vec::with_capacity(k);
        for (i, b) in shown.iter().enumerate() {
            let after = if i >= nt { gap_rows } else { 0.0 };
            let yc = top + (i as f64 + 0.5 + after) * row_h;
            let end = zero + scale * b.g2;
            let (x0, x1) = if end >= zero {
                (zero, end)
            } else {
                (end, zero)
            };
            let base = theme::series_color(if b.side() == Side::Target { 0 } else { 1 });
            let fill = if b.significant() {
                base
            } else {
                tint(base, LIGHT)
            };
            let target = b.side() == Side::Target;
            let room = if target { right - end } else { end - left };
            let bar_len = x1 - x0;
            let dir = if target { 1.0 } else { -1.0 };
            let outside_anchor = if target { Anchor::Left } else { Anchor::Right };
            // (the binding bar's room equals its need up to rounding)
            let room = room + 0.5;
            let (label, label_x, anchor, inside, with_counts) = if room >= outer(i) {
                (b.term.clone(), end + dir * pad, outside_anchor, false, true)
            } else if room >= pad + term_w[i] {
                (
                    b.term.clone(),
                    end + dir * pad,
                    outside_anchor,
                    false,
                    false,
                )
            } else if bar_len >= term_w[i] + 2.0 * pad {
                let inside_anchor = if target { Anchor::Right } else { Anchor::Left };
                (b.term.clone(), end - dir * pad, inside_anchor, true, false)
            } else {
                let cut = fit(&b.term, label_font, (room - pad).max(0.0));
                (cut, end + dir * pad, outside_anchor, false, false)
            };
            let counts = (with_counts && !counts_text[i].is_empty()).then(|| {
                let x = label_x + dir * (term_w[i] + counts_gap);
                (counts_text[i].clone(), x.round() as i32)
            });
            let half = bar_h / 2.0;
            bars.push(BarGeom {
                rect: Rect {
                    left: x0.round() as i32,
                    top: (yc - half).round() as i32,
                    right: x1.round() as i32,
                    bottom: (yc + half).round() as i32,
                },
                fill,
                y: yc.round() as i32,
                label,
                label_x: label_x.round() as i32,
                anchor,
                inside,
                counts,
            });
        }

        // x ticks: as many nice ticks as fit with their labels apart
        let x_lo = (left - zero) / scale;
        let x_hi = (right - zero) / scale;
        let mut count = 9;
        let ticks = loop {
            let (values, step) = nice_ticks(x_lo, x_hi, count);
            let mut out = Vec::new();
            let mut widest: f64 = 0.0;
            for v in values {
                let text = tick_label(v, step);
                let tw = text_width(&text, sizes.label);
                let x = zero + v * scale;
                // a label that would run off the canvas is left out
                if x - tw / 2.0 >= 0.0 && x + tw / 2.0 <= wf {
                    widest = widest.max(tw);
                    out.push((text, x.round() as i32));
                }
            }
            let spacing = step * scale;
            if spacing >= widest + sizes.label || count <= 3 {
                break out;
            }
            count -= 1;
        };

        // the dashed lines and their label above the plot, beside the right-hand line
        let critical = [
            (zero - scale * CRITICAL_G2).round() as i32,
            (zero + scale * CRITICAL_G2).round() as i32,
        ];
        let critical_text = "p = 0.05";
        let cw = text_width(critical_text, sizes.small);
        let critical_label = if critical[1] as f64 + pad + cw <= right {
            Some((
                critical_text.to_string(),
                critical[1] + pad as i32,
                Anchor::Left,
            ))
        } else if critical[0] as f64 - pad - cw >= left {
            Some((
                critical_text.to_string(),
                critical[0] - pad as i32,
                Anchor::Right,
            ))
        } else {
            None
        };
        let critical_label_y = (top - sizes.small * 0.75).round() as i32;

        // legend: a swatch and the name of each side, in one row
        let swatch = (sizes.label * 0.75).round() as i32;
        let entry_gap = sizes.label * 1.2;
        let names_room =
            (wf - 2.0 * m - 2.0 * (swatch as f64 + sizes.label * 0.4) - entry_gap) / 2.0;
        let mut legend = Vec::new();
        let mut x = m;
        for (color, name) in [
            (theme::series_color(0), &self.target),
            (theme::series_color(1), &self.reference),
        ] {
            let name = fit(name, sizes.label, names_room);
            legend.push((color, name.clone(), x.round() as i32));
            x += swatch as f64 + sizes.label * 0.4 + text_width(&name, sizes.label) + entry_gap;
        }
        let legend_y =
            (subtitle_y + subtitle.len() as f64 * sizes.subtitle * 1.25 + legend_h * 0.45).round()
                as i32;

        DivLayout {
            sizes,
            title,
            subtitle,
            subtitle_y,
            legend,
            legend_y,
            swatch,
            plot: Rect {
                left: left.round() as i32,
                top: top.round() as i32,
                right: right.round() as i32,
                bottom: bottom.round() as i32,
            },
            zero,
            ticks,
            critical,
            critical_label,
            critical_label_y,
            bars,
            label_font,
            counts_font,
        }
    }
}

impl Chart for Diverging {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (w, h) = root.dim_in_pixel();
        let l = self.layout(w, h);
        let s = l.sizes;
        let m = s.margin;
        let p = l.plot;
        // text at a whole-pixel position of the layout
        let at = |x: i32, y: i32| (x as f64, y as f64);

        // title, subtitle, legend
        let title_y = m + s.title * 0.5;
        text(
            root,
            &l.title,
            (m, title_y),
            s.title,
            &theme::TEXT,
            HPos::Left,
            false,
        )?;
        for (i, line) in l.subtitle.iter().enumerate() {
            let y = l.subtitle_y + s.subtitle * (0.55 + 1.25 * i as f64);
            text(
                root,
                line,
                (m, y),
                s.subtitle,
                &theme::MUTED,
                HPos::Left,
                false,
            )?;
        }
        for (color, name, x) in &l.legend {
            let half = l.swatch / 2;
            root.draw(&Rectangle::new(
                [(*x, l.legend_y - half), (*x + l.swatch, l.legend_y + half)],
                color.filled(),
            ))?;
            text(
                root,
                name,
                at(*x + l.swatch + (s.label * 0.4) as i32, l.legend_y),
                s.label,
                &theme::TEXT,
                HPos::Left,
                false,
            )?;
        }

        // grid and ticks
        let grid = ShapeStyle::from(&theme::GRID).stroke_width(1);
        let tick_y = p.bottom + (s.label * 0.8) as i32;
        for (label, x) in &l.ticks {
            root.draw(&PathElement::new(vec![(*x, p.top), (*x, p.bottom)], grid))?;
            text(
                root,
                label,
                at(*x, tick_y),
                s.label,
                &theme::TEXT,
                HPos::Center,
                false,
            )?;
        }
        axis::title(
            root,
            X_TITLE,
            s.axis_title,
            (p.left as f64, p.right as f64),
            h as f64 - m - s.axis_title * 0.5,
            false,
        )?;

        // the dashed lines at ±3.84, under the bars
        let dash = ShapeStyle::from(&theme::MUTED).stroke_width(1);
        for x in l.critical {
            root.draw(&plotters::element::DashedPathElement::new(
                vec![(x, p.top), (x, p.bottom)],
                (s.small * 0.35).max(2.0) as i32,
                (s.small * 0.25).max(2.0) as i32,
                dash,
            ))?;
        }
        if let Some((label, x, anchor)) = &l.critical_label {
            text(
                root,
                label,
                at(*x, l.critical_label_y),
                s.small,
                &theme::MUTED,
                anchor.hpos(),
                false,
            )?;
        }

        // bars, labels, counts
        for b in &l.bars {
            let r = b.rect;
            if r.right > r.left {
                root.draw(&Rectangle::new(
                    [(r.left, r.top), (r.right, r.bottom)],
                    b.fill.filled(),
                ))?;
            }
            let color = if b.inside && (b.fill == theme::PALETTE[0] || b.fill == theme::PALETTE[1])
            {
                theme::BACKGROUND
            } else {
                theme::TEXT
            };
            text(
                root,
                &b.label,
                at(b.label_x, b.y),
                l.label_font,
                &color,
                b.anchor.hpos(),
                false,
            )?;
            if let Some((counts, x)) = &b.counts {
                text(
                    root,
                    counts,
                    at(*x, b.y),
                    l.counts_font,
                    &theme::MUTED,
                    b.anchor.hpos(),
                    false,
                )?;
            }
        }
        // the zero line over the bars' inner ends
        root.draw(&PathElement::new(
            vec![
                (l.zero.round() as i32, p.top),
                (l.zero.round() as i32, p.bottom),
            ],
            ShapeStyle::from(&theme::TEXT).stroke_width(1),
        ))?;
        if self.bars.is_empty() {
            let mid = at((p.left + p.right) / 2, (p.top + p.bottom) / 2);
            note(root, "no term has G² ≠ 0", mid, &s)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartSize, to_png, to_svg};
    use crate::table::frame;

    /// A keyness table sorted by g2 descending, as the analysis writes it.
    fn table(rows: &[(&str, u64, u64, f64)]) -> DataFrame {
        let f = |g: fn(&(&str, u64, u64, f64)) -> f64| rows.iter().map(g).collect::<Vec<f64>>();
        frame(vec![
            Column::new(
                col::TERM.into(),
                rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            ),
            Column::new(
                col::COUNT_TARGET.into(),
                rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            ),
            Column::new(
                col::COUNT_REFERENCE.into(),
                rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            ),
            Column::new(col::PER_10K_TARGET.into(), f(|r| r.1 as f64)),
            Column::new(col::PER_10K_REFERENCE.into(), f(|r| r.2 as f64)),
            Column::new(col::G2.into(), f(|r| r.3)),
            Column::new(col::P_VALUE.into(), f(|_| 0.01)),
            Column::new(col::LOG_RATIO.into(), f(|_| 1.0)),
            Column::new(col::PCT_DIFF.into(), f(|_| 10.0)),
            Column::new("lr_conservative".into(), f(|_| 0.5)),
        ])
        .unwrap()
    }

    fn sample() -> DataFrame {
        table(&[
            ("肺炎", 60, 1, 180.0),
            ("疫情", 90, 40, 95.5),
            ("防控", 50, 30, 41.2),
            ("口罩", 12, 4, 9.0),
            ("发展", 20, 19, 2.1),
            ("经济", 30, 33, 0.0),
            ("会议", 10, 16, -1.5),
            ("核酸", 5, 60, -70.0),
            ("二十大", 0, 80, -150.0),
        ])
    }

    fn layout_of(chart: &Diverging, w: u32, h: u32) -> DivLayout {
        chart.layout(w, h)
    }

    fn terms(chart: &Diverging) -> Vec<&str> {
        chart.bars().iter().map(|b| b.term.as_str()).collect()
    }

    #[test]
    fn takes_top_n_of_each_side_in_order() {
        let chart = keyness(&sample(), 3, "2020", "2022", "t").unwrap();
        assert_eq!(
            terms(&chart),
            ["肺炎", "疫情", "防控", "会议", "核酸", "二十大"]
        );
        let sides: Vec<Side> = chart.bars().iter().map(Bar::side).collect();
        assert_eq!(sides[..3], [Side::Target; 3]);
        assert_eq!(sides[3..], [Side::Reference; 3]);
        assert_eq!(chart.bars()[5].counts, Some((0, 80)));
        // g2 = 0 is on neither side; n larger than a side takes all of it
        let chart = keyness(&sample(), 10, "a", "b", "t").unwrap();
        assert_eq!(chart.bars().len(), 8);
        assert!(!terms(&chart).contains(&"经济"));
        // the order comes from g2, not from the table's order
        let shuffled = table(&[
            ("核酸", 5, 60, -70.0),
            ("口罩", 12, 4, 9.0),
            ("二十大", 0, 80, -150.0),
            ("肺炎", 60, 1, 180.0),
            ("会议", 10, 16, -1.5),
        ]);
        let chart = keyness(&shuffled, 2, "a", "b", "t").unwrap();
        assert_eq!(terms(&chart), ["肺炎", "口罩", "核酸", "二十大"]);
    }

    #[test]
    fn bad_tables_are_usage_errors() {
        let df = sample().drop(col::G2).unwrap();
        let err = keyness(&df, 3, "a", "b", "t").unwrap_err();
        assert!(err.is_usage() && err.to_string().contains("g2"), "{err}");
        assert!(keyness(&sample(), 0, "a", "b", "t").unwrap_err().is_usage());
        // without the counts columns: no counts, still a chart
        let df = sample().drop(col::COUNT_TARGET).unwrap();
        let chart = keyness(&df, 3, "a", "b", "t").unwrap();
        assert!(chart.bars().iter().all(|b| b.counts.is_none()));
    }

    #[test]
    fn layout_puts_target_right_reference_left_labels_outside() {
        let chart = keyness(&sample(), 3, "2020-02-10", "2022-10-28 – 2022-11-20", "t").unwrap();
        for (w, h) in [(1600, 1000), (800, 500)] {
            let l = layout_of(&chart, w, h);
            let zero = l.zero.round() as i32;
            for (b, g) in chart.bars().iter().zip(&l.bars) {
                match b.side() {
                    Side::Target => {
                        assert_eq!(g.rect.left, zero);
                        assert!(g.rect.right > zero);
                    }
                    Side::Reference => {
                        assert_eq!(g.rect.right, zero);
                        assert!(g.rect.left < zero);
                    }
                }
                // each label whole, outside, inside the canvas
                assert_eq!(g.label, b.term);
                assert!(!g.inside);
                assert!(g.rect.left >= l.plot.left && g.rect.right <= l.plot.right);
            }
            // rows top to bottom, without overlap
            for pair in l.bars.windows(2) {
                assert!(pair[0].rect.bottom < pair[1].rect.top);
            }
            // bar lengths proportional to |g2|
            let len = |i: usize| (l.bars[i].rect.right - l.bars[i].rect.left) as f64;
            assert!((len(0) / len(5) - 180.0 / 150.0).abs() < 0.02);
            // light bars for |g2| < 3.84
            assert_eq!(l.bars[0].fill, theme::PALETTE[0]);
            assert_eq!(l.bars[5].fill, theme::PALETTE[1]);
            assert_eq!(l.bars[3].fill, tint(theme::PALETTE[1], LIGHT));
            assert!(l.bars[0].counts.as_ref().is_some_and(|c| c.0 == "60 : 1"));
        }
    }

    #[test]
    fn too_many_rows_for_the_canvas_shows_fewer_at_a_readable_size() {
        let names: Vec<String> = (0..60).map(|i| format!("词{i}")).collect();
        let rows: Vec<(&str, u64, u64, f64)> = names
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), 10, 10, 100.0 - i as f64 * 3.3))
            .collect();
        let chart = keyness(&table(&rows), 20, "a", "b", "t").unwrap();
        assert_eq!(chart.bars().len(), 40);
        // 1600×1000: all 40 rows
        let l = layout_of(&chart, 1600, 1000);
        assert_eq!(l.bars.len(), 40);
        // 800×500: the same number from each side, the top of each, labels ≥ 10 px
        let l = layout_of(&chart, 800, 500);
        let shown = l.bars.len();
        assert!((20..40).contains(&shown) && shown % 2 == 0, "{shown}");
        assert!(l.label_font >= 10.0);
        assert_eq!(l.bars[0].label, "词0");
        assert_eq!(l.bars[shown - 1].label, "词59");
        assert!(
            l.subtitle.iter().any(|s| s.contains("20 asked for")),
            "{:?}",
            l.subtitle
        );
    }

    #[test]
    fn long_labels_never_leave_the_canvas() {
        let long = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";
        let df = table(&[
            (long, 100, 1, 300.0),
            ("b", 1, 90, -200.0),
            (long, 1, 90, -250.0),
        ]);
        let chart = keyness(&df, 3, "a", "b", "t").unwrap();
        let l = layout_of(&chart, 800, 500);
        for g in &l.bars {
            assert!(g.rect.left >= 0 && g.rect.right <= 800);
            let w = text_width(&g.label, l.label_font);
            let (from, to) = match g.anchor {
                Anchor::Left => (g.label_x as f64, g.label_x as f64 + w),
                Anchor::Right => (g.label_x as f64 - w, g.label_x as f64),
            };
            assert!(from >= 0.0 && to <= 800.0, "{} {from}..{to}", g.label);
            if g.inside {
                assert!(from >= g.rect.left as f64 && to <= g.rect.right as f64);
            }
        }
    }

    #[test]
    fn png_has_the_bars_where_they_must_be() {
        let chart = keyness(
            &sample(),
            3,
            "2020-02-10",
            "2022-10-28 – 2022-11-20",
            "关键词",
        )
        .unwrap();
        for (w, h) in [(1600u32, 1000u32), (800, 500)] {
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
            // the largest target bar: the top row, right of the middle of the plot's zero
            let top = &l.bars[0].rect;
            assert!(top.top < (h as i32) / 3, "top bar at y {}", top.top);
            let (x, y) = (
                (top.left + top.right) as u32 / 2,
                (top.top + top.bottom) as u32 / 2,
            );
            let c0 = theme::PALETTE[0];
            assert_eq!(img.get_pixel(x, y).0, [c0.0, c0.1, c0.2]);
            // the largest reference bar: bottom row, left of zero
            let last = &l.bars[5].rect;
            assert!(last.bottom > (h as i32) * 2 / 3);
            let (x, y) = (
                (last.left + last.right) as u32 / 2,
                (last.top + last.bottom) as u32 / 2,
            );
            let c1 = theme::PALETTE[1];
            assert_eq!(img.get_pixel(x, y).0, [c1.0, c1.1, c1.2]);
            // nothing right of zero on the reference's rows, well clear of labels
            let x = (l.zero + (l.plot.right as f64 - l.zero) * 0.6) as u32;
            assert_eq!(img.get_pixel(x, y).0, [255, 255, 255]);
        }
    }

    #[test]
    fn svg_has_terms_and_legend_as_text_and_bytes_repeat() {
        let chart = keyness(&sample(), 3, "吕梁日报", "朔州日报", "关键词").unwrap();
        let svg = to_svg(&chart, ChartSize::default()).unwrap();
        for t in [
            "肺炎",
            "二十大",
            "吕梁日报",
            "朔州日报",
            "60 : 1",
            "G² (log-likelihood)",
        ] {
            assert!(svg.contains(t), "{t} missing");
        }
        assert_eq!(svg, to_svg(&chart, ChartSize::default()).unwrap());
        let a = to_png(&chart, ChartSize::default()).unwrap();
        assert_eq!(a, to_png(&chart, ChartSize::default()).unwrap());
    }

    #[test]
    fn one_sided_and_empty_tables_draw() {
        let df = table(&[("肺炎", 60, 1, 180.0), ("疫情", 90, 40, 95.5)]);
        let chart = keyness(&df, 5, "a", "b", "t").unwrap();
        let l = layout_of(&chart, 800, 500);
        assert_eq!(l.bars.len(), 2);
        // the −3.84 line still inside the plot
        assert!(l.critical[0] >= l.plot.left);
        assert!(to_png(&chart, ChartSize::default()).is_ok());
        let df = table(&[("经济", 30, 33, 0.0)]);
        let chart = keyness(&df, 5, "a", "b", "t").unwrap();
        assert!(chart.bars().is_empty());
        assert!(to_png(&chart, ChartSize::default()).is_ok());
    }
}
