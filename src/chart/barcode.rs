//! The dispersion barcode of `dispersion TERM... --chart` (docs/report.md), as quanteda's
//! `textplot_xray` and AntConc's concordance plot draw it: a strip per part and term, a thin
//! tick at each occurrence, at its place in the part (0–100 % of the part's counted tokens;
//! the token at position p of n at (p + ½)/n, the middle of its share of the strip).
//! Ticks bunched in a few strips, or in one end of them, show at a glance what `dp` and
//! `range` sum up.
//!
//! Two layouts, by the number of parts:
//! - up to [`MAX_ROWS`] parts (the five seed issues, a month of a daily): a row per part,
//!   labelled with its name (and, for issues, their short metadata: date, newspaper), and a
//!   panel column per term, headed by the term and its count, range and DP;
//! - more parts (a year of a daily): a strip per term over the whole corpus, the parts one
//!   after another in order (x = position in the corpus, % of its counted tokens), with faint
//!   lines where the month (or the year, over more than two years) changes when the parts
//!   have dates, so that the chart stays readable at any corpus size.
//!
//! Drawn from finished tables only: the dispersion table (`term, count, range, dp`) and the
//! two tables of `analysis::dispersion::Positions` (parts with their counted tokens; the
//! occurrences' positions).

use std::collections::HashMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use polars::prelude::DataFrame;

use super::axis::{self, tick_label};
use super::columns::{has_column, numbers, strings};
use super::parts::{draw_header, header_bottom, line, note, rect};
use super::text::{fit, line_height, text, text_width};
use super::theme::{self, Sizes};
use super::{Chart, DrawResult};
use crate::columns as col;
use crate::error::{Error, Result};

/// Terms drawn at most (a panel each).
pub const MAX_TERMS: usize = 6;

/// Parts drawn as rows at most; more parts are drawn one after another in one strip per term.
pub const MAX_ROWS: usize = 40;

/// The strips' background.
const STRIP: RGBColor = RGBColor(240, 240, 240);

/// A term with the statistics its heading shows.
#[derive(Debug, Clone, PartialEq)]
pub struct BarcodeTerm {
    pub name: String,
    pub count: u64,
    pub range: u64,
    pub dp: Option<f64>,
}

/// A part: its label, a short description (an issue's date and newspaper), its counted
/// tokens and its date when it has one (`YYYY-MM-DD…`).
#[derive(Debug, Clone, PartialEq)]
pub struct BarcodePart {
    pub label: String,
    pub about: String,
    pub tokens: u64,
    pub date: Option<String>,
}

/// The barcode: terms, parts, and per term and part the occurrences' positions.
#[derive(Debug, Clone, PartialEq)]
pub struct Barcode {
    pub title: String,
    /// What a part is: `issue`, or `group`.
    pub noun: String,
    pub terms: Vec<BarcodeTerm>,
    pub parts: Vec<BarcodePart>,
    /// `positions[term][part]`: 0-based positions among the part's counted tokens.
    pub positions: Vec<Vec<Vec<u64>>>,
}

/// Metadata values of an issue shown beside its name when at most this many characters.
const SHORT: usize = 16;

/// The chart from the dispersion table, the parts table and the occurrences table. More than
/// [`MAX_TERMS`] terms is a usage error.
pub fn barcode(
    dispersion: &DataFrame,
    parts: &DataFrame,
    occurrences: &DataFrame,
    title: &str,
) -> Result<Barcode> {
    const T: &str = "dispersion";
    let names: Vec<String> = strings(dispersion, col::TERM, T)?
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    if names.len() > MAX_TERMS {
        return Err(Error::usage(format!(
            "--chart draws at most {MAX_TERMS} terms side by side ({} asked); ask for fewer",
            names.len()
        )));
    }
    let num = |name: &str| numbers(dispersion, name, T);
    let (count, range, dp) = (num(col::COUNT)?, num(col::RANGE)?, num(col::DP)?);
    let terms: Vec<BarcodeTerm> = names
        .iter()
        .enumerate()
        .map(|(i, n)| BarcodeTerm {
            name: n.clone(),
            count: count[i].unwrap_or(0.0) as u64,
            range: range[i].unwrap_or(0.0) as u64,
            dp: dp[i],
        })
        .collect();
    let part_col = if has_column(parts, col::ISSUE) {
        col::ISSUE
    } else {
        col::GROUP
    };
    const P: &str = "positions";
    let labels = strings(parts, part_col, P)?;
    let tokens = numbers(parts, col::TOKENS, P)?;
    let meta: Vec<String> = parts
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .filter(|c| c != part_col && c != col::TOKENS)
        .collect();
    let meta_values = meta
        .iter()
        .map(|c| strings(parts, c, P))
        .collect::<Result<Vec<_>>>()?;
    let date_col = meta.iter().position(|c| c == "date");
    let parts: Vec<BarcodePart> = labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let label = label.unwrap_or_default();
            let value = |k: usize| meta_values[k][i].clone().unwrap_or_default();
            let about: Vec<String> = (0..meta.len())
                .map(value)
                .filter(|v| !v.is_empty() && v.chars().count() <= SHORT)
                .collect();
            let date = match date_col {
                Some(k) => Some(value(k)),
                None => Some(label.clone()),
            }
            .filter(|d| is_date(d));
            BarcodePart {
                about: about.join(" · "),
                tokens: tokens[i].unwrap_or(0.0) as u64,
                date,
                label,
            }
        })
        .collect();
    let part_of: HashMap<&str, usize> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.label.as_str(), i))
        .collect();
    let term_of: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    let mut positions = vec![vec![Vec::new(); parts.len()]; terms.len()];
    let occ_part = strings(occurrences, part_col, P)?;
    let occ_term = strings(occurrences, col::TERM, P)?;
    let occ_at = numbers(occurrences, col::POSITION, P)?;
    for ((p, t), at) in occ_part.iter().zip(&occ_term).zip(&occ_at) {
        let p = p.as_deref().and_then(|p| part_of.get(p));
        let t = t.as_deref().and_then(|t| term_of.get(t));
        if let (Some(&p), Some(&t), Some(at)) = (p, t, at) {
            positions[t][p].push(*at as u64);
        }
    }
    Ok(Barcode {
        title: title.to_string(),
        noun: part_col.to_string(),
        terms,
        parts,
        positions,
    })
}

/// Whether `s` starts with a date `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// "n = 123 · range 4/5 · DP 0.42" of a term over `parts` parts with tokens; `short`, for a
/// narrow panel: "n 123 · 4/5 · DP 0.42".
fn stats_line(t: &BarcodeTerm, parts: usize, short: bool) -> String {
    let dp = t.dp.map_or("–".to_string(), |d| format!("{d:.2}"));
    let (n, range) = if short {
        ("n ", "")
    } else {
        ("n = ", "range ")
    };
    format!(
        "{n}{} · {range}{}/{} · DP {dp}",
        axis::thousands(t.count as i64),
        t.range,
        parts
    )
}

impl Barcode {
    /// Whether the parts are drawn as rows (few parts) or one after another (many).
    pub fn rows_layout(&self) -> bool {
        self.parts.len() <= MAX_ROWS
    }

    pub fn subtitle(&self) -> String {
        if self.rows_layout() {
            format!(
                "each tick = one occurrence; position within the {}, % of its counted tokens",
                self.noun
            )
        } else {
            format!(
                "each tick = one occurrence; position in the corpus, % of its counted tokens \
                 ({} {}s one after another)",
                axis::thousands(self.parts.len() as i64),
                self.noun
            )
        }
    }

    /// Parts with counted tokens (the k of `range`).
    fn nonempty(&self) -> usize {
        self.parts.iter().filter(|p| p.tokens > 0).count()
    }

    /// Tick width in pixels.
    fn tick_w(sz: &Sizes) -> u32 {
        ((sz.line as f64) * 0.67).round().max(1.0) as u32
    }
}

/// Where the token at `position` of `n` is, as a fraction: the centre of its slot
/// [position/n, (position + 1)/n), so that the first and the last token sit alike.
fn slot_centre(position: u64, n: u64) -> f64 {
    (position as f64 + 0.5) / n.max(1) as f64
}

/// Draw the ticks at the pixel columns of `xs` (deduplicated, so that a dense strip is one
/// line per pixel) from `top` to `bottom`.
fn draw_ticks<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    mut xs: Vec<i64>,
    (top, bottom): (f64, f64),
    color: &RGBColor,
    width: u32,
) -> DrawResult<DB> {
    xs.sort_unstable();
    xs.dedup();
    for x in xs {
        line(root, (x as f64, top), (x as f64, bottom), color, width)?;
    }
    Ok(())
}

/// The percentages labelled on an axis `span` pixels long when a label needs `need` pixels:
/// every 25 %, else every 50 %, else the ends.
fn percent_ticks(span: f64, need: f64) -> Vec<f64> {
    let step = [25.0, 50.0, 100.0]
        .into_iter()
        .find(|s| span * s / 100.0 >= need)
        .unwrap_or(100.0);
    (0..=(100.0 / step) as usize)
        .map(|i| i as f64 * step)
        .collect()
}

/// The percent axis under a strip from `x0` to `x1`: ticks at 0, 25, …, 100 %.
fn percent_axis<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (x0, x1): (f64, f64),
    y: f64,
    sz: &Sizes,
) -> DrawResult<DB> {
    for v in percent_ticks(x1 - x0, text_width("100%", sz.small) + sz.small) {
        let x = x0 + (x1 - x0) * v / 100.0;
        let label = format!("{}%", tick_label(v, 25.0));
        let half = text_width(&label, sz.small) / 2.0;
        let cx = x.clamp(x0 + half, x1 - half);
        text(
            root,
            &label,
            (cx, y),
            sz.small,
            &theme::MUTED,
            HPos::Center,
            false,
        )?;
    }
    Ok(())
}

impl Chart for Barcode {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as f64, h as f64);
        let sz = Sizes::for_canvas(w as u32, h as u32);
        draw_header(root, &sz, &self.title, &self.subtitle(), w)?;
        let top = header_bottom(&sz, true);
        if self.terms.is_empty() || self.parts.is_empty() {
            return note(root, "nothing to show", (w / 2.0, (top + h) / 2.0), &sz);
        }
        // the axis title at the bottom, the tick labels above it
        let m = sz.margin;
        let axis_y = h - m - line_height(sz.axis_title) / 2.0;
        let tick_y = axis_y
            - line_height(sz.axis_title) / 2.0
            - 0.4 * sz.axis_title
            - line_height(sz.small) / 2.0;
        let bottom = tick_y - line_height(sz.small) / 2.0 - 0.4 * sz.small;
        if self.rows_layout() {
            self.draw_rows(root, &sz, (w, top, bottom), (tick_y, axis_y))
        } else {
            self.draw_corpus(root, &sz, (w, top, bottom), (tick_y, axis_y))
        }
    }
}

impl Barcode {
    /// Few parts: a row per part, a panel column per term.
    fn draw_rows<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        sz: &Sizes,
        (w, top, bottom): (f64, f64, f64),
        (tick_y, axis_y): (f64, f64),
    ) -> DrawResult<DB> {
        let m = sz.margin;
        let n_rows = self.parts.len() as f64;
        // panel headings: the term, then its statistics
        let plot_top = top + line_height(sz.label) + line_height(sz.small) + 0.8 * sz.small;
        let row_h = (bottom - plot_top) / n_rows;
        // two lines of label (name, then date · newspaper) when a row has room for them
        let two = row_h >= 1.25 * (line_height(sz.label) + line_height(sz.small))
            && self.parts.iter().any(|p| !p.about.is_empty());
        let label_px = if row_h >= line_height(sz.label) {
            sz.label
        } else {
            sz.small
        };
        let widest = self
            .parts
            .iter()
            .map(|p| {
                let about = if two {
                    text_width(&p.about, sz.small)
                } else {
                    0.0
                };
                text_width(&p.label, label_px).max(about)
            })
            .fold(0.0, f64::max);
        let label_w = widest.min(0.3 * w);
        let gap = 2.0 * m;
        let left = m + label_w + m;
        let k = self.terms.len() as f64;
        let panel_w = ((w - m - left - gap * (k - 1.0)) / k).max(1.0);
        let strip_h = (0.72 * row_h).min(4.0 * sz.label);
        let tick_w = Self::tick_w(sz);
        for (r, part) in self.parts.iter().enumerate() {
            let cy = plot_top + (r as f64 + 0.5) * row_h;
            if two {
                let (a, b) = (0.6 * line_height(label_px), 0.6 * line_height(sz.small));
                let name = fit(&part.label, label_px, label_w);
                let about = fit(&part.about, sz.small, label_w);
                let at = |y: f64| (left - m, y);
                text(
                    root,
                    &name,
                    at(cy - a),
                    label_px,
                    &theme::TEXT,
                    HPos::Right,
                    false,
                )?;
                text(
                    root,
                    &about,
                    at(cy + b),
                    sz.small,
                    &theme::MUTED,
                    HPos::Right,
                    false,
                )?;
            } else {
                let name = fit(&part.label, label_px, label_w);
                text(
                    root,
                    &name,
                    (left - m, cy),
                    label_px,
                    &theme::TEXT,
                    HPos::Right,
                    false,
                )?;
            }
        }
        for (t, term) in self.terms.iter().enumerate() {
            let x0 = left + t as f64 * (panel_w + gap);
            let x1 = x0 + panel_w;
            let mid = (x0 + x1) / 2.0;
            let name_y = top + line_height(sz.label) / 2.0;
            text(
                root,
                &fit(&term.name, sz.label, panel_w),
                (mid, name_y),
                sz.label,
                &theme::TEXT,
                HPos::Center,
                false,
            )?;
            let stats = stats_line(term, self.nonempty(), false);
            // Narrow panels (many terms): the figures without their words.
            let stats = if text_width(&stats, sz.small) <= panel_w {
                stats
            } else {
                fit(&stats_line(term, self.nonempty(), true), sz.small, panel_w)
            };
            let stats_y =
                top + line_height(sz.label) + 0.2 * sz.small + line_height(sz.small) / 2.0;
            text(
                root,
                &stats,
                (mid, stats_y),
                sz.small,
                &theme::MUTED,
                HPos::Center,
                false,
            )?;
            let color = theme::series_color(t);
            for (r, part) in self.parts.iter().enumerate() {
                let cy = plot_top + (r as f64 + 0.5) * row_h;
                let (y0, y1) = (cy - strip_h / 2.0, cy + strip_h / 2.0);
                rect(root, (x0, y0), (x1, y1), &STRIP)?;
                if part.tokens == 0 {
                    let msg = fit("no counted tokens", sz.small, panel_w);
                    text(
                        root,
                        &msg,
                        (mid, cy),
                        sz.small,
                        &theme::MUTED,
                        HPos::Center,
                        false,
                    )?;
                    continue;
                }
                for q in [0.25, 0.5, 0.75] {
                    let x = x0 + q * panel_w;
                    line(root, (x, y0), (x, y1), &theme::BACKGROUND, 1)?;
                }
                let xs = self.positions[t][r]
                    .iter()
                    .map(|&p| (x0 + panel_w * slot_centre(p, part.tokens)).round() as i64)
                    .collect();
                draw_ticks(root, xs, (y0, y1), &color, tick_w)?;
            }
            percent_axis(root, (x0, x1), tick_y, sz)?;
        }
        let x_title = format!(
            "position within the {} (% of its counted tokens)",
            self.noun
        );
        axis::title(root, &x_title, sz.axis_title, (left, w - m), axis_y, false)
    }

    /// Many parts: a strip per term over the corpus, parts one after another.
    fn draw_corpus<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        sz: &Sizes,
        (w, top, bottom): (f64, f64, f64),
        (tick_y, axis_y): (f64, f64),
    ) -> DrawResult<DB> {
        let m = sz.margin;
        let total: u64 = self.parts.iter().map(|p| p.tokens).sum();
        let nonempty = self.nonempty();
        let stats: Vec<String> = self
            .terms
            .iter()
            .map(|t| stats_line(t, nonempty, false))
            .collect();
        let widest = self
            .terms
            .iter()
            .zip(&stats)
            .map(|(t, s)| text_width(&t.name, sz.label).max(text_width(s, sz.small)))
            .fold(0.0, f64::max);
        let label_w = widest.min(0.3 * w);
        let (x0, x1) = (m + label_w + m, w - m);
        let span = (x1 - x0).max(1.0);
        // where each part starts, in counted tokens
        let mut starts = Vec::with_capacity(self.parts.len());
        let mut at = 0u64;
        for p in &self.parts {
            starts.push(at);
            at += p.tokens;
        }
        let x_of = |tokens: u64| x0 + span * tokens as f64 / total.max(1) as f64;
        let tick_x = |at: u64| x0 + span * slot_centre(at, total);
        let row_h = (bottom - top) / self.terms.len() as f64;
        let strip_h = (0.6 * row_h).min(5.0 * sz.label);
        // the boundaries drawn: where the month (or the year) changes, or every part when
        // there are no dates and not too many parts
        let periods = periods(&self.parts);
        let boundaries: Vec<(usize, Option<String>)> = match &periods {
            Some(p) => p.iter().map(|(i, l)| (*i, Some(l.clone()))).collect(),
            None if self.parts.len() <= 200 => (1..self.parts.len()).map(|i| (i, None)).collect(),
            None => Vec::new(),
        };
        let tick_w = Self::tick_w(sz);
        for (t, term) in self.terms.iter().enumerate() {
            let cy = top + (t as f64 + 0.5) * row_h;
            let dy = 0.5 * line_height(sz.label);
            let name = fit(&term.name, sz.label, label_w);
            text(
                root,
                &name,
                (x0 - m, cy - dy),
                sz.label,
                &theme::TEXT,
                HPos::Right,
                false,
            )?;
            let s = fit(&stats[t], sz.small, label_w);
            text(
                root,
                &s,
                (x0 - m, cy + dy),
                sz.small,
                &theme::MUTED,
                HPos::Right,
                false,
            )?;
            let (y0, y1) = (cy - strip_h / 2.0, cy + strip_h / 2.0);
            rect(root, (x0, y0), (x1, y1), &STRIP)?;
            for (i, _) in &boundaries {
                let x = x_of(starts[*i]);
                line(root, (x, y0), (x, y1), &theme::BACKGROUND, 1)?;
            }
            let xs = self.positions[t]
                .iter()
                .zip(&starts)
                .flat_map(|(ps, &s)| ps.iter().map(move |&p| tick_x(s + p).round() as i64))
                .collect();
            draw_ticks(root, xs, (y0, y1), &theme::series_color(t), tick_w)?;
        }
        let x_title = match &periods {
            Some(_) => format!(
                "{} date (position in the corpus, by counted tokens)",
                self.noun
            ),
            None => format!(
                "position in the corpus (% of its counted tokens, {}s in order)",
                self.noun
            ),
        };
        match &periods {
            Some(_) => {
                // period labels at their starts, left to right, each where it fits
                let mut free = x0;
                for (i, label) in &boundaries {
                    let (x, Some(label)) = (x_of(starts[*i]), label) else {
                        continue;
                    };
                    let lw = text_width(label, sz.small);
                    line(
                        root,
                        (x, bottom - 0.3 * sz.small),
                        (x, bottom),
                        &theme::GRID,
                        1,
                    )?;
                    if x >= free && x + lw <= x1 {
                        line(
                            root,
                            (x, bottom - 0.3 * sz.small),
                            (x, bottom),
                            &theme::MUTED,
                            1,
                        )?;
                        text(
                            root,
                            label,
                            (x, tick_y),
                            sz.small,
                            &theme::MUTED,
                            HPos::Left,
                            false,
                        )?;
                        free = x + lw + sz.small;
                    }
                }
            }
            None => percent_axis(root, (x0, x1), tick_y, sz)?,
        }
        axis::title(root, &x_title, sz.axis_title, (x0, x1), axis_y, false)
    }
}

/// Where each month begins (each year when the dates span more than two years), as (part
/// index, label `2020-03` or `2020`), the first part included; `None` when a part has no date
/// or the dates are not in order.
fn periods(parts: &[BarcodePart]) -> Option<Vec<(usize, String)>> {
    let dates: Vec<&str> = parts
        .iter()
        .map(|p| p.date.as_deref())
        .collect::<Option<_>>()?;
    if dates.windows(2).any(|w| w[0] > w[1]) {
        return None;
    }
    let years = |d: &str| d[..4].parse::<i32>().unwrap_or(0);
    let span = years(dates.last()?) - years(dates.first()?);
    let len = if span > 2 { 4 } else { 7 };
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, d) in dates.iter().enumerate() {
        let p = &d[..len];
        if out.last().is_none_or(|(_, l)| l != p) {
            out.push((i, p.to_string()));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    fn tables(parts: usize, dates: bool) -> (DataFrame, DataFrame, DataFrame) {
        let dispersion = DataFrame::new_infer_height(vec![
            Column::new("term".into(), ["核酸", "疫情"]),
            Column::new("count".into(), [3u64, 0]),
            Column::new("range".into(), [2u64, 0]),
            Column::new("dp".into(), [Some(0.25), None]),
        ])
        .unwrap();
        let labels: Vec<String> = (0..parts).map(|i| format!("{i:03}")).collect();
        let mut cols = vec![
            Column::new("issue".into(), labels.clone()),
            Column::new("tokens".into(), vec![100u64; parts]),
        ];
        if dates {
            let d: Vec<String> = (0..parts)
                .map(|i| format!("2020-{:02}-{:02}", 1 + i / 28, 1 + i % 28))
                .collect();
            cols.push(Column::new("date".into(), d));
        }
        let p = DataFrame::new_infer_height(cols).unwrap();
        let occ = DataFrame::new_infer_height(vec![
            Column::new("issue".into(), ["000", "000", "001"]),
            Column::new("term".into(), ["核酸", "核酸", "核酸"]),
            Column::new("position".into(), [0u64, 50, 99]),
        ])
        .unwrap();
        (dispersion, p, occ)
    }

    #[test]
    fn reads_the_tables() {
        let (d, p, o) = tables(3, true);
        let b = barcode(&d, &p, &o, "t").unwrap();
        assert_eq!(b.noun, "issue");
        assert_eq!(b.positions[0], [vec![0, 50], vec![99], vec![]]);
        assert!(b.positions[1].iter().all(Vec::is_empty));
        assert_eq!(b.parts[1].about, "2020-01-02");
        assert_eq!(b.parts[1].date.as_deref(), Some("2020-01-02"));
        assert_eq!(
            stats_line(&b.terms[0], 3, false),
            "n = 3 · range 2/3 · DP 0.25"
        );
        assert_eq!(
            stats_line(&b.terms[1], 3, false),
            "n = 0 · range 0/3 · DP –"
        );
        assert_eq!(stats_line(&b.terms[0], 3, true), "n 3 · 2/3 · DP 0.25");
        assert!(b.rows_layout());
    }

    #[test]
    fn too_many_terms_is_a_usage_error() {
        let (_, p, o) = tables(2, false);
        let names: Vec<String> = (0..7).map(|i| format!("词{i}")).collect();
        let d = DataFrame::new_infer_height(vec![
            Column::new("term".into(), names),
            Column::new("count".into(), vec![1u64; 7]),
            Column::new("range".into(), vec![1u64; 7]),
            Column::new("dp".into(), vec![0.5; 7]),
        ])
        .unwrap();
        let e = barcode(&d, &p, &o, "t").unwrap_err();
        assert!(
            e.is_usage() && e.to_string().contains("at most 6 terms"),
            "{e}"
        );
    }

    #[test]
    fn percent_labels_thin_out_in_narrow_panels() {
        assert_eq!(percent_ticks(400.0, 60.0), [0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(percent_ticks(200.0, 60.0), [0.0, 50.0, 100.0]);
        assert_eq!(percent_ticks(100.0, 60.0), [0.0, 100.0]);
        assert_eq!(percent_ticks(10.0, 60.0), [0.0, 100.0]);
    }

    #[test]
    fn months_begin_where_the_date_changes() {
        let (d, p, o) = tables(60, true);
        let b = barcode(&d, &p, &o, "t").unwrap();
        assert!(!b.rows_layout());
        // 28 issues a month: January from 0, February from 28, March from 56
        assert_eq!(
            periods(&b.parts).unwrap(),
            [
                (0, "2020-01".into()),
                (28, "2020-02".into()),
                (56, "2020-03".into())
            ]
        );
        let (d, p, o) = tables(60, false);
        assert_eq!(periods(&barcode(&d, &p, &o, "t").unwrap().parts), None);
    }

    /// The ink (non-white pixels) in column x between rows y0 and y1 of a PNG.
    fn inked(img: &image::RgbImage, x: u32, (y0, y1): (u32, u32)) -> bool {
        (y0..y1).any(|y| img.get_pixel(x, y).0 != [255, 255, 255])
    }

    #[test]
    fn both_layouts_draw_at_the_size_asked() {
        for (n, dates) in [(3, true), (60, true), (60, false)] {
            let (d, p, o) = tables(n, dates);
            let b = barcode(&d, &p, &o, "Where the terms occur").unwrap();
            let size = crate::chart::ChartSize {
                width: 800,
                height: 500,
            };
            let png = crate::chart::to_png(&b, size).unwrap();
            let img = image::load_from_memory(&png).unwrap().to_rgb8();
            assert_eq!(img.dimensions(), (800, 500));
            // the strips in the body (the first term's ticks in its colour), nothing in the
            // right margin
            assert!((0..800).any(|x| inked(&img, x, (120, 450))));
            let blue = theme::series_color(0);
            let ticks = (0..800)
                .filter(|&x| (120..450).any(|y| img.get_pixel(x, y).0 == [blue.0, blue.1, blue.2]))
                .count();
            assert!(ticks >= 3, "{n} parts: {ticks} tick columns");
            assert!(!inked(&img, 799, (0, 500)));
            let svg = crate::chart::to_svg(&b, size).unwrap();
            assert!(svg.contains("核酸") && svg.contains("Where the terms occur"));
        }
    }
}
