//! The pieces charts are put together from, besides text (`text`) and axes (`axis`): the
//! title block, the colour key, and rectangles and lines placed at fractional pixels
//! (rounded once, when drawn).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::DrawResult;
use super::text::{fit, line_height, text, text_width};
use super::theme::{self, Sizes};

/// A pixel rectangle, `left..right` × `top..bottom`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

impl Rect {
    /// Whether the point is inside the rectangle or on its edge.
    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        x >= self.left as f64
            && x <= self.right as f64
            && y >= self.top as f64
            && y <= self.bottom as f64
    }
}

/// A filled rectangle between two corners (pixels).
pub fn rect<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (f64, f64),
    (x1, y1): (f64, f64),
    color: &RGBColor,
) -> DrawResult<DB> {
    let p = |v: f64| v.round() as i32;
    area.draw(&Rectangle::new(
        [(p(x0), p(y0)), (p(x1), p(y1))],
        color.filled(),
    ))
}

/// A straight line (pixels).
pub fn line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (f64, f64),
    (x1, y1): (f64, f64),
    color: &RGBColor,
    width: u32,
) -> DrawResult<DB> {
    let p = |v: f64| v.round() as i32;
    area.draw(&PathElement::new(
        vec![(p(x0), p(y0)), (p(x1), p(y1))],
        color.stroke_width(width),
    ))
}

/// The title block: the title (large) and a subtitle (muted) at the top left, as ggplot2
/// and matplotlib place them. Returns the y where the chart's body may start.
pub fn header_bottom(sz: &Sizes, subtitle: bool) -> f64 {
    let mut y = sz.margin + line_height(sz.title);
    if subtitle {
        y += 0.45 * sz.subtitle + line_height(sz.subtitle);
    }
    y + 1.2 * sz.margin
}

/// Draw the title block (each line shortened to the canvas width); see [`header_bottom`].
pub fn draw_header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sz: &Sizes,
    title: &str,
    subtitle: &str,
    width: f64,
) -> DrawResult<DB> {
    let m = sz.margin;
    let avail = width - 2.0 * m;
    let y_title = m + line_height(sz.title) / 2.0;
    text(
        area,
        &fit(title, sz.title, avail),
        (m, y_title),
        sz.title,
        &theme::TEXT,
        HPos::Left,
        false,
    )?;
    if !subtitle.is_empty() {
        let y = m + line_height(sz.title) + 0.45 * sz.subtitle + line_height(sz.subtitle) / 2.0;
        text(
            area,
            &fit(subtitle, sz.subtitle, avail),
            (m, y),
            sz.subtitle,
            &theme::MUTED,
            HPos::Left,
            false,
        )?;
    }
    Ok(())
}

/// The width of a colour key: a swatch and a label per entry, at `px`.
pub fn key_width(labels: &[&str], px: f64) -> f64 {
    labels
        .iter()
        .map(|l| 1.2 * px + text_width(l, px) + px)
        .sum::<f64>()
        - if labels.is_empty() { 0.0 } else { px }
}

/// Where a key of width `key_w` goes: at the right of the title line when it fits there,
/// else on a line of its own below the title block (which then pushes the body down).
/// Returns the key's (y centre, left x) and the new body top.
pub fn key_place(
    sz: &Sizes,
    title: &str,
    width: f64,
    body_top: f64,
    key_w: f64,
) -> ((f64, f64), f64) {
    let m = sz.margin;
    let title_w = text_width(title, sz.title);
    if title_w + 2.0 * sz.title + key_w <= width - 2.0 * m {
        (
            (m + line_height(sz.title) / 2.0, width - m - key_w),
            body_top,
        )
    } else {
        (
            (body_top - 0.6 * m + line_height(sz.small) / 2.0, m),
            body_top + line_height(sz.small) + 0.6 * m,
        )
    }
}

/// Draw a colour key from its left end at `(x, y)`: per entry a square swatch, then the
/// label, in `px` text.
pub fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(&str, RGBColor)],
    (mut x, y): (f64, f64),
    px: f64,
) -> DrawResult<DB> {
    for (label, color) in entries {
        rect(area, (x, y - 0.4 * px), (x + 0.8 * px, y + 0.4 * px), color)?;
        x += 1.2 * px;
        text(area, label, (x, y), px, &theme::TEXT, HPos::Left, false)?;
        x += text_width(label, px) + px;
    }
    Ok(())
}

/// A muted note centred on `(x, y)` in place of a chart's body, when there is nothing to
/// draw ("no rows to show").
pub fn note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    msg: &str,
    (x, y): (f64, f64),
    sz: &Sizes,
) -> DrawResult<DB> {
    text(
        area,
        msg,
        (x, y),
        sz.label,
        &theme::MUTED,
        HPos::Center,
        false,
    )
}
