//! Horizontal bar charts of a table's top items, the largest on top: the top terms of `freq`
//! (one panel per group, side by side, on one scale), the top n-grams of `ngrams` and the
//! top phrases of `phrases`.
//!
//! The look follows the frequency plots of quanteda's tutorials (`textstat_frequency` drawn
//! with ggplot2's `geom_col` + `coord_flip`): labels on the y axis, a light vertical grid, the
//! axis titled in the researcher's unit (occurrences per 10,000 tokens), and the raw count
//! printed at the bar's end, so that the reader sees both the rate and the evidence behind it.
//! Groups share one x scale (ggplot2's `facet_wrap` default), so that bars compare across
//! panels.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use polars::prelude::DataFrame;

use super::axis::{self, nice_step, thousands, tick_label, ticks};
use super::columns::{has_column, numbers, strings};
use super::parts::{draw_header, draw_key, header_bottom, key_place, key_width, line, note, rect};
use super::text::{fit, line_height, text, text_width};
use super::theme::{self, Sizes};
use super::{Chart, DrawResult};
use crate::columns as col;
use crate::error::Result;

/// Panels drawn side by side at most (more groups: the first ones, said in the subtitle).
pub const MAX_PANELS: usize = 4;

/// One bar: the label left of the axis, the length, the text printed at its end, and the
/// palette index of its colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub end_label: String,
    pub series: usize,
}

/// One panel of bars, largest first (drawn on top), with an optional heading (the group).
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub heading: Option<String>,
    pub bars: Vec<Bar>,
}

/// A horizontal bar chart: panels side by side on one x scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    pub title: String,
    /// The line under the title; `None`: derived from what is drawn ([`Bars::subtitle`]).
    pub subtitle: Option<String>,
    pub x_title: String,
    pub panels: Vec<Panel>,
    /// Colour key (label, palette index), drawn when bars differ in colour.
    pub legend: Vec<(String, usize)>,
    /// For the derived subtitle: what a bar is ("terms"), out of how many (one panel),
    /// and what else to say (" · stopwords left out").
    noun: String,
    total: Option<usize>,
    notes: String,
}

/// Sort rows by count descending, keeping the table's order among equal counts.
fn by_count_desc(rows: &mut [usize], count: &[Option<f64>]) {
    rows.sort_by(|&a, &b| {
        let (x, y) = (count[a].unwrap_or(0.0), count[b].unwrap_or(0.0));
        y.total_cmp(&x)
    });
}

/// The top terms of a `freq` table (`[group,] term, count, rank, per_10k, doc_freq`): bar
/// length = `per_10k` (comparable across groups of different sizes), the raw count at the
/// bar's end. Terms for which `exclude` is true are left out of the picture (docs/report.md: the
/// pictures of top terms leave out the zh stopword list; the table keeps them). With a
/// `group` column, one panel per group side by side (the first [`MAX_PANELS`] groups in
/// table order; the subtitle says when more were left out).
pub fn top_terms(
    freq: &DataFrame,
    top: usize,
    exclude: &dyn Fn(&str) -> bool,
    title: &str,
) -> Result<Bars> {
    const T: &str = "freq";
    let terms = strings(freq, col::TERM, T)?;
    let counts = numbers(freq, col::COUNT, T)?;
    let per = numbers(freq, col::PER_10K, T)?;
    let groups = if has_column(freq, col::GROUP) {
        Some(strings(freq, col::GROUP, T)?)
    } else {
        None
    };
    // Rows of each group, groups in order of first appearance.
    let mut names: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut excluded = 0usize;
    for (i, term) in terms.iter().enumerate() {
        let g = groups
            .as_ref()
            .and_then(|g| g[i].clone())
            .unwrap_or_default();
        let k = match names.iter().position(|n| *n == g) {
            Some(k) => k,
            None => {
                names.push(g);
                rows.push(Vec::new());
                names.len() - 1
            }
        };
        let Some(term) = term else { continue };
        if exclude(term) {
            excluded += 1;
            continue;
        }
        if per[i].is_some() && counts[i].is_some() {
            rows[k].push(i);
        }
    }
    let n_groups = names.len();
    let mut panels = Vec::new();
    let mut total = 0;
    for (name, mut r) in names.into_iter().zip(rows).take(MAX_PANELS) {
        total = total.max(r.len());
        by_count_desc(&mut r, &counts);
        r.truncate(top);
        panels.push(Panel {
            heading: groups.is_some().then_some(name),
            bars: r
                .iter()
                .map(|&i| Bar {
                    label: terms[i].clone().unwrap_or_default(),
                    value: per[i].unwrap_or(0.0),
                    end_label: thousands(counts[i].unwrap_or(0.0).round() as i64),
                    series: 0,
                })
                .collect(),
        });
    }
    let mut notes = String::new();
    if excluded > 0 {
        notes.push_str(" · stopwords left out");
    }
    notes.push_str(" · count at the bar's end");
    if n_groups > MAX_PANELS {
        notes.push_str(&format!(" · first {MAX_PANELS} of {n_groups} groups shown"));
    }
    Ok(Bars {
        title: title.to_string(),
        subtitle: None,
        x_title: "occurrences per 10,000 tokens".to_string(),
        panels,
        legend: Vec::new(),
        noun: "terms".to_string(),
        total: groups.is_none().then_some(total),
        notes,
    })
}

/// The top n-grams of an `ngrams` table (`ngram, tokens, n, count, ...`) by count: bar
/// length = count, labelled by the `tokens` column with its spaces shown as `·`, so that the
/// reader sees the segmentation (核酸·检测). When the table holds several n, the bars are
/// coloured by n with a key. An n-gram with a token that `exclude` names is left out of the
/// picture (the report and `ngrams --chart` leave out those with a Chinese stopword, as the
/// pictures of top terms do: 的·工作 tells a reader nothing).
pub fn top_ngrams(
    ngrams: &DataFrame,
    top: usize,
    exclude: &dyn Fn(&str) -> bool,
    title: &str,
) -> Result<Bars> {
    const T: &str = "ngrams";
    let tokens = strings(ngrams, col::TOKENS, T)?;
    let ns = numbers(ngrams, col::N, T)?;
    let counts = numbers(ngrams, col::COUNT, T)?;
    let mut rows: Vec<usize> = (0..tokens.len())
        .filter(|&i| match (&tokens[i], counts[i]) {
            (Some(t), Some(_)) => !t.split(' ').any(exclude),
            _ => false,
        })
        .collect();
    let total = rows.len();
    by_count_desc(&mut rows, &counts);
    rows.truncate(top);
    let mut distinct: Vec<u32> = ns.iter().flatten().map(|n| *n as u32).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let series = |i: usize| {
        ns[i]
            .and_then(|n| distinct.iter().position(|d| *d == n as u32))
            .unwrap_or(0)
    };
    let bars = rows
        .iter()
        .map(|&i| Bar {
            label: tokens[i].as_deref().unwrap_or("").replace(' ', "·"),
            value: counts[i].unwrap_or(0.0),
            end_label: thousands(counts[i].unwrap_or(0.0).round() as i64),
            series: if distinct.len() > 1 { series(i) } else { 0 },
        })
        .collect::<Vec<_>>();
    let n_range = match (distinct.first(), distinct.last()) {
        (Some(a), Some(b)) if a != b => format!(" (n = {a}–{b})"),
        (Some(a), _) => format!(" (n = {a})"),
        _ => String::new(),
    };
    let legend = if distinct.len() > 1 {
        distinct
            .iter()
            .enumerate()
            .map(|(k, n)| (format!("{n}-grams"), k))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Bars {
        title: title.to_string(),
        subtitle: None,
        x_title: "occurrences".to_string(),
        panels: vec![Panel {
            heading: None,
            bars,
        }],
        legend,
        noun: format!("n-grams{n_range}"),
        total: Some(total),
        notes: " · a dot inside a label marks a token boundary".to_string(),
    })
}

/// The top phrases of a `phrases` table (`phrase, count, pmi_min, entropy_left,
/// entropy_right, score, in_dictionary`) in table order (by score): bar length = score, the
/// count at the bar's end, phrases missing from jieba's dictionary (the new words) in the
/// first colour and known ones in the second, with a key when both are drawn.
pub fn top_phrases(phrases: &DataFrame, top: usize, title: &str) -> Result<Bars> {
    const T: &str = "phrases";
    let names = strings(phrases, col::PHRASE, T)?;
    let counts = numbers(phrases, col::COUNT, T)?;
    let scores = numbers(phrases, col::SCORE, T)?;
    let known = strings(phrases, col::IN_DICTIONARY, T)?;
    let rows: Vec<usize> = (0..names.len())
        .filter(|&i| names[i].is_some() && scores[i].is_some())
        .collect();
    let total = rows.len();
    let bars: Vec<Bar> = rows
        .iter()
        .take(top)
        .map(|&i| Bar {
            label: names[i].clone().unwrap_or_default(),
            value: scores[i].unwrap_or(0.0),
            end_label: thousands(counts[i].unwrap_or(0.0).round() as i64),
            series: usize::from(known[i].as_deref() == Some("true")),
        })
        .collect();
    let mut legend = Vec::new();
    for (series, label) in [
        (0, "not in jieba's dictionary"),
        (1, "in jieba's dictionary"),
    ] {
        if bars.iter().any(|b| b.series == series) {
            legend.push((label.to_string(), series));
        }
    }
    if legend.len() < 2 {
        legend.clear();
    }
    Ok(Bars {
        title: title.to_string(),
        subtitle: Some(format!(
            "top {} of {} phrases by score · count at the bar's end",
            bars.len(),
            thousands(total as i64)
        )),
        x_title: "score = pmi_min (bits) × min(entropy_left, entropy_right) (nats)".to_string(),
        panels: vec![Panel {
            heading: None,
            bars,
        }],
        legend,
        noun: "phrases".to_string(),
        total: Some(total),
        notes: String::new(),
    })
}

/// Where everything of a bar chart goes on a canvas, in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct BarLayout {
    pub sizes: Sizes,
    /// Below the title block (and the key).
    pub body_top: f64,
    /// The key's row: (y centre, x where it starts), when there is a key.
    pub legend_at: Option<(f64, f64)>,
    pub plot_top: f64,
    pub plot_bottom: f64,
    /// The rows drawn (fewer than the bars when the canvas is too small for them all).
    pub rows: usize,
    pub row_h: f64,
    pub bar_h: f64,
    pub label_px: f64,
    pub value_px: f64,
    /// The value at the bars' full width (the largest bar).
    pub max_value: f64,
    pub step: f64,
    pub panels: Vec<PanelLayout>,
    /// y centres of the tick labels and of the axis title.
    pub tick_y: f64,
    pub axis_title_y: f64,
}

/// One panel's columns: labels right-aligned at `label_right`, bars from `x0` (value 0) to
/// `x1` (the largest value).
#[derive(Debug, Clone, PartialEq)]
pub struct PanelLayout {
    pub left: f64,
    pub right: f64,
    pub label_right: f64,
    pub x0: f64,
    pub x1: f64,
    /// The labels as drawn (shortened with … to fit their column).
    pub labels: Vec<String>,
}

impl PanelLayout {
    /// The x of a value.
    pub fn x(&self, v: f64, max: f64) -> f64 {
        self.x0 + (self.x1 - self.x0) * (v / max).clamp(0.0, 1.0)
    }
}

impl BarLayout {
    /// The y centre of row `r` (0 = top).
    pub fn row_y(&self, r: usize) -> f64 {
        self.plot_top + (r as f64 + 0.5) * self.row_h
    }
}

/// The smallest label size before rows are dropped instead of shrunk further.
const MIN_LABEL_PX: f64 = 10.0;

impl Bars {
    /// The subtitle when `rows` rows are drawn: the caller's, or "top 30 of 5,873 terms by
    /// count · stopwords left out · count at the bar's end".
    pub fn subtitle(&self, rows: usize) -> String {
        if let Some(s) = &self.subtitle {
            return s.clone();
        }
        let most = self.panels.iter().map(|p| p.bars.len()).max().unwrap_or(0);
        let shown = rows.min(most);
        let noun = &self.noun;
        let head = match self.total {
            Some(total) => format!("top {shown} of {} {noun} by count", thousands(total as i64)),
            None => format!("top {shown} {noun} by count in each group"),
        };
        head + &self.notes
    }

    /// The layout for a `width` × `height` canvas.
    pub fn layout(&self, width: f64, height: f64) -> BarLayout {
        let sz = Sizes::for_canvas(width as u32, height as u32);
        let m = sz.margin;
        let mut body_top = header_bottom(&sz, !self.subtitle(usize::MAX).is_empty());
        let mut legend_at = None;
        if !self.legend.is_empty() {
            let labels: Vec<&str> = self.legend.iter().map(|(l, _)| l.as_str()).collect();
            let (at, top) = key_place(
                &sz,
                &self.title,
                width,
                body_top,
                key_width(&labels, sz.small),
            );
            legend_at = Some(at);
            body_top = top;
        }
        let axis_title_y = height - m - line_height(sz.axis_title) / 2.0;
        let tick_y = axis_title_y
            - line_height(sz.axis_title) / 2.0
            - 0.5 * sz.axis_title
            - line_height(sz.small) / 2.0;
        let plot_bottom = tick_y - line_height(sz.small) / 2.0 - 0.5 * sz.small;
        let headings = self.panels.iter().any(|p| p.heading.is_some());
        let plot_top = if headings {
            body_top + line_height(sz.label) + 0.6 * sz.label
        } else {
            body_top
        };
        let plot_h = (plot_bottom - plot_top).max(1.0);
        let n = self
            .panels
            .iter()
            .map(|p| p.bars.len())
            .max()
            .unwrap_or(0)
            .max(1);
        // Labels shrink with the rows, down to MIN_LABEL_PX; below that rows are dropped.
        let mut rows = n;
        let mut row_h = plot_h / rows as f64;
        if row_h * 0.72 < MIN_LABEL_PX {
            rows = ((plot_h * 0.72 / MIN_LABEL_PX).floor() as usize).max(1);
            row_h = plot_h / rows as f64;
        }
        let label_px = (row_h * 0.72).min(sz.label);
        let value_px = (row_h * 0.66).min(sz.small);
        let bar_h = (row_h * 0.72).min(2.4 * sz.label);
        let max_value = self
            .panels
            .iter()
            .flat_map(|p| p.bars.iter().take(rows).map(|b| b.value))
            .fold(0.0f64, f64::max);
        let max_value = if max_value > 0.0 { max_value } else { 1.0 };

        let k = self.panels.len().max(1) as f64;
        let gap = 2.5 * m;
        let panel_w = (width - 2.0 * m - (k - 1.0) * gap) / k;
        let widest = |px: f64, f: &dyn Fn(&Bar) -> &str| {
            self.panels
                .iter()
                .flat_map(|p| p.bars.iter().take(rows))
                .map(|b| text_width(f(b), px))
                .fold(0.0f64, f64::max)
        };
        let label_w = widest(label_px, &|b| &b.label).min(0.38 * panel_w);
        let value_w = widest(value_px, &|b| &b.end_label) + 0.4 * value_px;
        let pad = 0.4 * label_px;
        let panels: Vec<PanelLayout> = (0..self.panels.len())
            .map(|i| {
                let left = m + i as f64 * (panel_w + gap);
                let right = left + panel_w;
                let label_right = left + label_w;
                let x0 = label_right + pad;
                let x1 = (right - value_w).max(x0 + 1.0);
                let labels = self.panels[i]
                    .bars
                    .iter()
                    .take(rows)
                    .map(|b| fit(&b.label, label_px, label_w))
                    .collect();
                PanelLayout {
                    left,
                    right,
                    label_right,
                    x0,
                    x1,
                    labels,
                }
            })
            .collect();
        // Ticks: as many as fit with their labels well apart.
        let bar_w = panels.first().map(|p| p.x1 - p.x0).unwrap_or(1.0);
        let mut target = 6usize;
        let step = loop {
            let step = nice_step(max_value, target, false);
            let px_per_step = bar_w * step / max_value;
            let widest_tick = ticks(max_value, step)
                .iter()
                .map(|v| text_width(&tick_label(*v, step), sz.small))
                .fold(0.0f64, f64::max);
            if px_per_step >= widest_tick + 1.2 * sz.small || target <= 1 {
                break step;
            }
            target -= 1;
        };
        BarLayout {
            sizes: sz,
            body_top,
            legend_at,
            plot_top,
            plot_bottom,
            rows,
            row_h,
            bar_h,
            label_px,
            value_px,
            max_value,
            step,
            panels,
            tick_y,
            axis_title_y,
        }
    }
}

impl Chart for Bars {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as f64, h as f64);
        let l = self.layout(w, h);
        let sz = l.sizes;
        let n = self.panels.iter().map(|p| p.bars.len()).max().unwrap_or(0);
        draw_header(root, &sz, &self.title, &self.subtitle(l.rows), w)?;
        if let Some((y, x)) = l.legend_at {
            let entries: Vec<(&str, RGBColor)> = self
                .legend
                .iter()
                .map(|(label, series)| (label.as_str(), theme::series_color(*series)))
                .collect();
            draw_key(root, &entries, (x, y), sz.small)?;
        }
        if n == 0 {
            let mid = (w / 2.0, (l.plot_top + l.plot_bottom) / 2.0);
            note(root, "no rows to show", mid, &sz)?;
            return Ok(());
        }
        let tick_values = ticks(l.max_value, l.step);
        for (panel, p) in self.panels.iter().zip(&l.panels) {
            if let Some(heading) = &panel.heading {
                let y = l.body_top + line_height(sz.label) / 2.0;
                let hw = fit(heading, sz.label, p.right - p.left);
                text(
                    root,
                    &hw,
                    ((p.left + p.right) / 2.0, y),
                    sz.label,
                    &theme::TEXT,
                    HPos::Center,
                    false,
                )?;
            }
            for v in &tick_values {
                let x = p.x(*v, l.max_value);
                line(root, (x, l.plot_top), (x, l.plot_bottom), &theme::GRID, 1)?;
                let label = tick_label(*v, l.step);
                let half = text_width(&label, sz.small) / 2.0;
                let cx = x.clamp(p.left + half, p.right - half);
                text(
                    root,
                    &label,
                    (cx, l.tick_y),
                    sz.small,
                    &theme::MUTED,
                    HPos::Center,
                    false,
                )?;
            }
            for (r, (bar, label)) in panel.bars.iter().zip(&p.labels).enumerate() {
                let y = l.row_y(r);
                let x_end = p.x(bar.value, l.max_value);
                rect(
                    root,
                    (p.x0, y - l.bar_h / 2.0),
                    (x_end, y + l.bar_h / 2.0),
                    &theme::series_color(bar.series),
                )?;
                text(
                    root,
                    label,
                    (p.label_right, y),
                    l.label_px,
                    &theme::TEXT,
                    HPos::Right,
                    false,
                )?;
                text(
                    root,
                    &bar.end_label,
                    (x_end + 0.35 * l.value_px, y),
                    l.value_px,
                    &theme::MUTED,
                    HPos::Left,
                    false,
                )?;
            }
            line(
                root,
                (p.x0, l.plot_top),
                (p.x0, l.plot_bottom),
                &theme::MUTED,
                1,
            )?;
        }
        let (first, last) = (&l.panels[0], &l.panels[l.panels.len() - 1]);
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

    fn freq(groups: Option<Vec<&str>>, rows: &[(&str, u64, f64)]) -> DataFrame {
        let mut cols = Vec::new();
        if let Some(g) = groups {
            cols.push(Column::new(col::GROUP.into(), g));
        }
        cols.push(Column::new(
            col::TERM.into(),
            rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        ));
        cols.push(Column::new(
            col::COUNT.into(),
            rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        ));
        cols.push(Column::new(
            col::RANK.into(),
            (1..=rows.len() as u64).collect::<Vec<_>>(),
        ));
        cols.push(Column::new(
            col::PER_10K.into(),
            rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        ));
        cols.push(Column::new(col::DOC_FREQ.into(), vec![1u64; rows.len()]));
        DataFrame::new_infer_height(cols).unwrap()
    }

    fn sample() -> DataFrame {
        freq(
            None,
            &[
                ("的", 400, 80.0),
                ("疫情", 159, 31.8),
                ("核酸", 120, 24.0),
                ("防控", 120, 24.0),
                ("在", 90, 18.0),
                ("检测", 60, 12.0),
            ],
        )
    }

    fn stop(t: &str) -> bool {
        matches!(t, "的" | "在")
    }

    #[test]
    fn top_terms_leaves_out_excluded_and_keeps_count_order() {
        let b = top_terms(&sample(), 3, &stop, "Top terms").unwrap();
        let labels: Vec<&str> = b.panels[0].bars.iter().map(|b| b.label.as_str()).collect();
        // Ties (核酸, 防控: 120) keep the table's order.
        assert_eq!(labels, ["疫情", "核酸", "防控"]);
        assert_eq!(b.panels[0].bars[0].value, 31.8);
        assert_eq!(b.panels[0].bars[0].end_label, "159");
        assert_eq!(
            b.subtitle(usize::MAX),
            "top 3 of 4 terms by count · stopwords left out · count at the bar's end"
        );
        // Fewer rows fit: the subtitle says how many are drawn.
        assert!(b.subtitle(2).starts_with("top 2 of 4 terms"));
        let caller = Bars {
            subtitle: Some("mine".into()),
            ..b.clone()
        };
        assert_eq!(caller.subtitle(2), "mine");
        assert_eq!(b.x_title, "occurrences per 10,000 tokens");
        let all = top_terms(&sample(), 30, &|_| false, "t").unwrap();
        assert_eq!(all.panels[0].bars.len(), 6);
        assert_eq!(all.panels[0].bars[0].label, "的");
        assert!(!all.subtitle(99).contains("stopwords"));
    }

    #[test]
    fn groups_become_panels_and_at_most_four() {
        let g = vec!["a", "a", "b", "c", "d", "e"];
        let df = freq(
            Some(g),
            &[
                ("疫情", 5, 5.0),
                ("核酸", 9, 9.0),
                ("疫情", 3, 3.0),
                ("x", 1, 1.0),
                ("y", 1, 1.0),
                ("z", 1, 1.0),
            ],
        );
        let b = top_terms(&df, 10, &|_| false, "t").unwrap();
        assert_eq!(b.panels.len(), 4);
        assert_eq!(b.panels[0].heading.as_deref(), Some("a"));
        assert_eq!(b.panels[0].bars[0].label, "核酸");
        assert_eq!(b.panels[3].heading.as_deref(), Some("d"));
        let sub = b.subtitle(99);
        assert!(
            sub.starts_with("top 2 terms by count in each group"),
            "{sub}"
        );
        assert!(sub.ends_with("first 4 of 5 groups shown"), "{sub}");
        // One scale for all panels: the same geometry.
        let l = b.layout(1600.0, 1000.0);
        assert_eq!(
            l.panels[0].x1 - l.panels[0].x0,
            l.panels[3].x1 - l.panels[3].x0
        );
        assert!(l.panels[0].right < l.panels[1].left);
        assert!(l.panels[3].right <= 1600.0);
    }

    #[test]
    fn missing_column_is_named() {
        let df = DataFrame::new_infer_height(vec![Column::new(col::TERM.into(), ["a"])]).unwrap();
        let e = top_terms(&df, 5, &|_| false, "t").unwrap_err().to_string();
        assert!(e.contains("`count`"), "{e}");
        let e = top_ngrams(&df, 5, &|_| false, "t").unwrap_err().to_string();
        assert!(e.contains("`tokens`"), "{e}");
    }

    fn ngrams() -> DataFrame {
        DataFrame::new_infer_height(vec![
            Column::new(col::NGRAM.into(), ["核酸检测", "疫情防控", "全员核酸检测"]),
            Column::new(
                col::TOKENS.into(),
                ["核酸 检测", "疫情 防控", "全员 核酸 检测"],
            ),
            Column::new(col::N.into(), [2u32, 2, 3]),
            Column::new(col::COUNT.into(), [40u64, 55, 12]),
            Column::new(col::DOC_FREQ.into(), [3u64, 4, 2]),
            Column::new(col::PMI.into(), [5.0, 4.0, 6.0]),
            Column::new(col::NPMI.into(), [0.5, 0.4, 0.6]),
            Column::new(col::T_SCORE.into(), [5.0, 6.0, 3.0]),
            Column::new(col::LOG_DICE.into(), [12.0, 11.0, 10.0]),
            Column::new(col::G2.into(), [100.0, 120.0, 30.0]),
        ])
        .unwrap()
    }

    #[test]
    fn top_ngrams_show_the_segmentation_and_colour_by_n() {
        let b = top_ngrams(&ngrams(), 10, &|_| false, "n-grams").unwrap();
        let bars = &b.panels[0].bars;
        assert_eq!(bars[0].label, "疫情·防控");
        assert_eq!(bars[2].label, "全员·核酸·检测");
        assert_eq!((bars[0].value, bars[2].series), (55.0, 1));
        assert_eq!(
            b.legend,
            vec![("2-grams".to_string(), 0), ("3-grams".to_string(), 1)]
        );
        let sub = b.subtitle(99);
        assert_eq!(
            sub,
            "top 3 of 3 n-grams (n = 2–3) by count · a dot inside a label marks a token boundary"
        );
        assert_eq!(b.x_title, "occurrences");
        // An n-gram with an excluded token is left out of the picture.
        let b = top_ngrams(&ngrams(), 10, &|t| t == "全员", "n-grams").unwrap();
        let labels: Vec<&str> = b.panels[0].bars.iter().map(|x| x.label.as_str()).collect();
        assert_eq!(labels, ["疫情·防控", "核酸·检测"]);
    }

    #[test]
    fn top_phrases_keep_the_table_order_and_colour_new_words() {
        let df = DataFrame::new_infer_height(vec![
            Column::new(col::PHRASE.into(), ["宣传", "核酸检测", "白翻俊"]),
            Column::new(col::COUNT.into(), [35u64, 38, 10]),
            Column::new(col::PMI_MIN.into(), [8.7, 8.0, 9.9]),
            Column::new(col::ENTROPY_LEFT.into(), [3.2, 3.3, 2.1]),
            Column::new(col::ENTROPY_RIGHT.into(), [3.0, 3.0, 2.3]),
            Column::new(col::SCORE.into(), [26.8, 24.8, 21.5]),
            Column::new(col::IN_DICTIONARY.into(), [true, false, false]),
        ])
        .unwrap();
        let b = top_phrases(&df, 2, "p").unwrap();
        let bars = &b.panels[0].bars;
        assert_eq!(bars.len(), 2);
        assert_eq!((bars[0].label.as_str(), bars[0].value), ("宣传", 26.8));
        assert_eq!((bars[1].end_label.as_str(), bars[1].series), ("38", 0));
        assert_eq!(bars[0].series, 1);
        assert_eq!(b.legend.len(), 2);
        assert_eq!(
            b.subtitle(99),
            "top 2 of 3 phrases by score · count at the bar's end"
        );
        // One kind only: no key.
        let b = top_phrases(&df.slice(1, 2), 10, "p").unwrap();
        assert!(b.legend.is_empty());
    }

    #[test]
    fn png_has_the_longest_bar_on_top_and_svg_keeps_text() {
        let b = top_terms(&sample(), 4, &stop, "Top terms").unwrap();
        let size = ChartSize {
            width: 800,
            height: 500,
        };
        let png = to_png(&b, size).unwrap();
        assert_eq!(png, to_png(&b, size).unwrap());
        let img = image::load_from_memory(&png).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (800, 500));
        let l = b.layout(800.0, 500.0);
        let p = &l.panels[0];
        let blue = image::Rgb([0, 114, 178]);
        // The top bar (疫情, the largest) reaches the right end of the bar column; the
        // second (核酸, 24.0 of 31.8) stops short of it.
        let y0 = l.row_y(0).round() as u32;
        let y1 = l.row_y(1).round() as u32;
        let near_end = (p.x1 - 3.0).round() as u32;
        assert_eq!(*img.get_pixel(near_end, y0), blue);
        assert_eq!(*img.get_pixel(((p.x0 + p.x1) / 2.0) as u32, y1), blue);
        assert_eq!(*img.get_pixel(near_end, y1), image::Rgb([255, 255, 255]));
        // Rows in order, largest on top.
        assert!(y0 < y1);
        let svg = to_svg(&b, size).unwrap();
        assert_eq!(svg, to_svg(&b, size).unwrap());
        for t in [
            "疫情",
            "核酸",
            "防控",
            "检测",
            "occurrences per 10,000 tokens",
            "159",
        ] {
            assert!(svg.contains(t), "{t} missing from the SVG");
        }
        assert!(!svg.contains(">\n的\n<") && !svg.contains(">的<"));
    }

    #[test]
    fn an_empty_table_draws_a_note() {
        let b = top_terms(&freq(None, &[]), 10, &|_| false, "t").unwrap();
        assert!(b.panels.is_empty());
        let svg = to_svg(&b, ChartSize::default()).unwrap();
        assert!(svg.contains("no rows to show"));
        let c = crate::chart::cloud::word_cloud(&freq(None, &[]), 10, &|_| false, "t").unwrap();
        assert!(
            to_svg(&c, ChartSize::default())
                .unwrap()
                .contains("no terms to show")
        );
    }

    #[test]
    fn many_rows_shrink_then_drop_and_say_so() {
        let rows: Vec<(String, u64, f64)> = (0..200)
            .map(|i| (format!("词{i}"), 1000 - i as u64, (1000 - i) as f64 / 10.0))
            .collect();
        let r: Vec<(&str, u64, f64)> = rows.iter().map(|(a, b, c)| (a.as_str(), *b, *c)).collect();
        let b = top_terms(&freq(None, &r), 200, &|_| false, "t").unwrap();
        let l = b.layout(800.0, 500.0);
        assert!(l.rows < 200 && l.rows > 10, "{}", l.rows);
        assert!(l.label_px >= MIN_LABEL_PX);
        assert!(l.row_y(l.rows - 1) < l.plot_bottom);
        let l = b.layout(1600.0, 1000.0);
        assert!(l.rows < 200);
    }
}
