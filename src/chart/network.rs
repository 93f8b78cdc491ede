//! A collocation network around one node, as LancsBox's GraphColl draws it (Brezina,
//! McEnery & Wattam 2015): the node in the centre, its strongest collocates around it, a line
//! from the node to each.
//!
//! - **Distance** from the centre encodes the association statistic the table is sorted by
//!   (log Dice by default), mapped linearly: the strongest collocate shown sits on the inner
//!   circle, the weakest on the outer one; faint rings marked with the statistic's values let
//!   the reader read it off. Closer = stronger.
//! - **Size**: a collocate's marker area, and its label's size, grow with `count_with`, the
//!   co-occurrences in the node's windows (marker radius ∝ √count_with).
//! - **Placement** is deterministic: collocates are placed strongest first, each at the angle
//!   nearest its ideal one (successive golden-angle turns, so that neighbours in the ranking
//!   spread out) where its marker and label meet nothing already placed (the node, ring
//!   labels, other markers and labels) and its line crosses no other label, nor another line
//!   its label. One that finds no room anywhere is left out and counted in the footnote.
//!
//! Built from a finished `collocates` table (`collocate, count_with, ..., log_dice, g2`),
//! the node's name and a title; never from analysis internals.

use std::f64::consts::PI;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use polars::prelude::DataFrame;

use super::axis::{nice_ticks, thousands, tick_label};
use super::columns::{numbers, strings};
use super::parts::{draw_header, header_bottom, line, note, rect};
use super::text::{line_height, text, text_width};
use super::theme::{self, Sizes};
use super::{Chart, DrawResult};
use crate::columns as col;
use crate::error::Result;

/// Collocates drawn at most, by default (GraphColl shows about this many before the picture
/// gets crowded).
pub const DEFAULT_COLLOCATES: usize = 20;

/// One collocate: its label, the statistic (distance) and count_with (size).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub label: String,
    pub stat: f64,
    pub count: f64,
}

/// The network of one node.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    pub title: String,
    pub node: String,
    /// The statistic's name in the reader's terms ("log Dice").
    pub stat_name: String,
    /// Strongest first.
    pub items: Vec<Item>,
    /// Collocates in the table (after leaving out stopwords), for the footnote.
    pub total: usize,
    /// Stopwords were left out of the picture.
    pub stopwords_out: bool,
}

/// The statistic's name as a reader says it, from its column.
fn stat_name(column: &str) -> &str {
    match column {
        col::PMI => "PMI",
        col::T_SCORE => "t-score",
        col::LOG_DICE => "log Dice",
        col::G2 => "G²",
        col::COUNT_WITH => "co-occurrence count",
        other => other,
    }
}

/// The network of a `collocates` table: the `top` strongest collocates by the statistic in
/// column `stat` (ties by collocate), those that `exclude` names left out (the zh stopword
/// list, docs/report.md).
pub fn network(
    df: &DataFrame,
    node: &str,
    stat: &str,
    top: usize,
    exclude: &dyn Fn(&str) -> bool,
    title: &str,
) -> Result<Network> {
    const T: &str = "collocates";
    let labels = strings(df, col::COLLOCATE, T)?;
    let stats = numbers(df, stat, T)?;
    let counts = numbers(df, col::COUNT_WITH, T)?;
    let mut stopwords_out = false;
    let mut items: Vec<Item> = Vec::new();
    for ((label, stat), count) in labels.into_iter().zip(stats).zip(counts) {
        let (Some(label), Some(stat), Some(count)) = (label, stat, count) else {
            continue;
        };
        if exclude(&label) {
            stopwords_out = true;
            continue;
        }
        items.push(Item { label, stat, count });
    }
    items.sort_by(|a, b| b.stat.total_cmp(&a.stat).then(a.label.cmp(&b.label)));
    let total = items.len();
    items.truncate(top);
    Ok(Network {
        title: title.to_string(),
        node: node.to_string(),
        stat_name: stat_name(stat).to_string(),
        items,
        total,
        stopwords_out,
    })
}

/// An axis-aligned box, (left, top, right, bottom).
type Box4 = (f64, f64, f64, f64);

fn overlaps(a: Box4, b: Box4) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

fn inside(a: Box4, area: Box4) -> bool {
    a.0 >= area.0 && a.1 >= area.1 && a.2 <= area.2 && a.3 <= area.3
}

/// Whether the segment p–q passes through the box (Liang–Barsky clipping).
fn crosses(p: (f64, f64), q: (f64, f64), b: Box4) -> bool {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (den, num) in [
        (-dx, p.0 - b.0),
        (dx, b.2 - p.0),
        (-dy, p.1 - b.1),
        (dy, b.3 - p.1),
    ] {
        if den == 0.0 {
            if num < 0.0 {
                return false;
            }
        } else {
            let t = num / den;
            if den < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

/// A collocate where it is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub item: usize,
    pub point: (f64, f64),
    pub radius: f64,
    pub font: f64,
    /// The label's box; the label is centred in it.
    pub label: Box4,
}

impl Placed {
    fn marker(&self) -> Box4 {
        let (x, y) = self.point;
        let r = self.radius;
        (x - r, y - r, x + r, y + r)
    }
}

/// Where everything goes on a canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub centre: (f64, f64),
    /// The node's box.
    pub node: Box4,
    pub node_font: f64,
    pub placed: Vec<Placed>,
    /// Rings: (radius, label, label box).
    pub rings: Vec<(f64, String, Box4)>,
    /// Items that found no room.
    pub dropped: usize,
}

impl Network {
    /// The footnote: what is shown of what.
    fn footnote(&self, dropped: usize) -> String {
        let shown = self.items.len() - dropped;
        let mut s = format!("{shown} strongest of {} collocates", self.total);
        if dropped > 0 {
            s.push_str(&format!(" ({dropped} more left out for lack of room)"));
        }
        let counts = self.items.iter().map(|i| i.count);
        let (lo, hi) = (
            counts.clone().fold(f64::INFINITY, f64::min),
            counts.fold(0.0, f64::max),
        );
        if hi > lo {
            s.push_str(&format!(
                " · co-occurrences {}–{} (marker area proportional)",
                thousands(lo.round() as i64),
                thousands(hi.round() as i64)
            ));
        }
        if self.stopwords_out {
            s.push_str(" · stopwords left out");
        }
        s
    }

    fn subtitle(&self) -> String {
        format!(
            "distance: {}, closer = stronger · size: co-occurrence count",
            self.stat_name
        )
    }

    /// The placement on a `width` × `height` canvas.
    pub fn layout(&self, width: f64, height: f64) -> Layout {
        let sz = Sizes::for_canvas(width as u32, height as u32);
        let m = sz.margin;
        let top = header_bottom(&sz, true);
        let bottom = height - m - line_height(sz.small) - 0.8 * m;
        let area: Box4 = (m, top, width - m, bottom);
        let centre = (width / 2.0, (top + bottom) / 2.0);
        let scale = sz.label / 26.0;
        // the node: a box around its label
        let node_font = sz.title * 0.8;
        let (nw, nh) = (
            text_width(&self.node, node_font) + 0.8 * node_font,
            line_height(node_font) + 0.8 * node_font,
        );
        let node: Box4 = (
            centre.0 - nw / 2.0,
            centre.1 - nh / 2.0,
            centre.0 + nw / 2.0,
            centre.1 + nh / 2.0,
        );
        let max_count = self.items.iter().map(|i| i.count).fold(1.0f64, f64::max);
        let min_count = self.items.iter().map(|i| i.count).fold(max_count, f64::min);
        let max_marker = 16.0 * scale;
        let radius = |c: f64| (max_marker * (c / max_count).sqrt()).max(4.0 * scale);
        let (f_lo, f_hi) = (sz.small, sz.label * 1.3);
        let font = |c: f64| {
            let (lo, hi) = (min_count.sqrt(), max_count.sqrt());
            if hi > lo {
                f_lo + (f_hi - f_lo) * (c.sqrt() - lo) / (hi - lo)
            } else {
                sz.label
            }
        };
        // distance: the strongest on the inner circle, the weakest on the outer
        let r_out = (bottom - top) / 2.0 - line_height(f_hi) - max_marker;
        let r_in = (0.3 * r_out).max(nw.hypot(nh) / 2.0 + 2.0 * max_marker);
        let (s_hi, s_lo) = (
            self.items.first().map_or(0.0, |i| i.stat),
            self.items.last().map_or(0.0, |i| i.stat),
        );
        let dist = |s: f64| {
            if s_hi > s_lo {
                r_in + (r_out - r_in) * (s_hi - s) / (s_hi - s_lo)
            } else {
                (r_in + r_out) / 2.0
            }
        };
        // rings at nice values of the statistic, labelled at the upper right
        let mut obstacles: Vec<Box4> = vec![node];
        let mut rings = Vec::new();
        if s_hi > s_lo {
            let (ticks, step) = nice_ticks(s_lo, s_hi, 5);
            let ring_angle: f64 = -PI / 4.0;
            for v in ticks {
                let r = dist(v);
                let label = tick_label(v, step);
                let (w, h) = (text_width(&label, sz.small), line_height(sz.small));
                let (x, y) = (
                    centre.0 + r * ring_angle.cos(),
                    centre.1 + r * ring_angle.sin(),
                );
                let b = (
                    x - w / 2.0 - 2.0,
                    y - h / 2.0 - 2.0,
                    x + w / 2.0 + 2.0,
                    y + h / 2.0 + 2.0,
                );
                obstacles.push(b);
                rings.push((r, label, b));
            }
        }
        let gap = 0.3 * sz.small;
        let golden = PI * (3.0 - 5f64.sqrt());
        let mut placed: Vec<Placed> = Vec::new();
        let mut dropped = 0;
        for (k, item) in self.items.iter().enumerate() {
            let r = dist(item.stat);
            let mr = radius(item.count);
            let ideal = -PI / 2.0 + golden * k as f64;
            let candidate = |theta: f64, f: f64| {
                let (c, s) = (theta.cos(), theta.sin());
                let point = (centre.0 + r * c, centre.1 + r * s);
                let (a, b) = (
                    text_width(&item.label, f) / 2.0 + 0.15 * f,
                    line_height(f) / 2.0 + 0.15 * f,
                );
                let d = mr + gap + a * c.abs() + b * s.abs();
                let (lx, ly) = (point.0 + d * c, point.1 + d * s);
                Placed {
                    item: k,
                    point,
                    radius: mr,
                    font: f,
                    label: (lx - a, ly - b, lx + a, ly + b),
                }
            };
            let fits = |p: &Placed, strict: bool| {
                let mk = p.marker();
                inside(p.label, area)
                    && inside(mk, area)
                    && obstacles
                        .iter()
                        .all(|&o| !overlaps(o, p.label) && !overlaps(o, mk))
                    && (!strict || rings.iter().all(|ring| !crosses(centre, p.point, ring.2)))
                    && placed.iter().all(|q| {
                        !overlaps(q.label, p.label)
                            && !overlaps(q.marker(), p.label)
                            && !overlaps(q.label, mk)
                            && !overlaps(q.marker(), mk)
                            && (!strict
                                || (!crosses(centre, p.point, q.label)
                                    && !crosses(centre, q.point, p.label)))
                    })
            };
            const STEPS: usize = 720;
            let mut found = None;
            'search: for (strict, shrink) in
                [(true, 1.0), (false, 1.0), (false, 0.85), (false, 0.7)]
            {
                let f = (font(item.count) * shrink).max(sz.small * 0.7);
                for j in 0..STEPS {
                    // 0, +½°, −½°, +1°, ...: nearest the ideal angle first
                    let off = (j.div_ceil(2) as f64) * (2.0 * PI / STEPS as f64);
                    let theta = if j % 2 == 1 { ideal + off } else { ideal - off };
                    let p = candidate(theta, f);
                    if fits(&p, strict) {
                        found = Some(p);
                        break 'search;
                    }
                }
            }
            match found {
                Some(p) => placed.push(p),
                None => dropped += 1,
            }
        }
        Layout {
            centre,
            node,
            node_font,
            placed,
            rings,
            dropped,
        }
    }
}

impl Chart for Network {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (w, h) = root.dim_in_pixel();
        let (width, height) = (w as f64, h as f64);
        let sz = Sizes::for_canvas(w, h);
        draw_header(root, &sz, &self.title, &self.subtitle(), width)?;
        let top = header_bottom(&sz, true);
        if self.items.is_empty() {
            return note(
                root,
                &format!("no collocates of {} to show", self.node),
                (width / 2.0, (top + height) / 2.0),
                &sz,
            );
        }
        let l = self.layout(width, height);
        let p = |(x, y): (f64, f64)| (x.round() as i32, y.round() as i32);
        for (r, _, _) in &l.rings {
            root.draw(&Circle::new(
                p(l.centre),
                r.round() as i32,
                theme::GRID.stroke_width(1),
            ))?;
        }
        let edge = theme::tint(theme::PALETTE[0], 0.55);
        for q in &l.placed {
            line(root, l.centre, q.point, &edge, sz.line.div_ceil(2))?;
        }
        for q in &l.placed {
            root.draw(&Circle::new(
                p(q.point),
                q.radius.round().max(1.0) as i32,
                theme::PALETTE[0].filled(),
            ))?;
        }
        for (_, label, b) in &l.rings {
            rect(root, (b.0, b.1), (b.2, b.3), &theme::BACKGROUND)?;
            let c = ((b.0 + b.2) / 2.0, (b.1 + b.3) / 2.0);
            text(root, label, c, sz.small, &theme::MUTED, HPos::Center, false)?;
        }
        for q in &l.placed {
            let c = ((q.label.0 + q.label.2) / 2.0, (q.label.1 + q.label.3) / 2.0);
            let label = &self.items[q.item].label;
            text(root, label, c, q.font, &theme::TEXT, HPos::Center, false)?;
        }
        let n = l.node;
        rect(root, (n.0, n.1), (n.2, n.3), &theme::PALETTE[1])?;
        text(
            root,
            &self.node,
            l.centre,
            l.node_font,
            &theme::BACKGROUND,
            HPos::Center,
            false,
        )?;
        let foot_y = height - sz.margin - line_height(sz.small) / 2.0;
        text(
            root,
            &self.footnote(l.dropped),
            (sz.margin, foot_y),
            sz.small,
            &theme::MUTED,
            HPos::Left,
            false,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::Column;

    fn table(n: usize) -> DataFrame {
        let words = [
            "检测",
            "阳性",
            "筛查",
            "人员",
            "开展",
            "全员",
            "采样",
            "结果",
            "的",
            "工作",
            "社区",
            "隔离",
            "管控",
            "病例",
            "防控",
            "疫情",
            "风险",
            "区域",
            "重点",
            "居民",
            "核酸",
            "点位",
            "完成",
            "组织",
            "志愿者",
            "排查",
            "阴性",
            "接种",
            "疫苗",
            "COVID-19",
        ];
        let labels: Vec<&str> = words.iter().copied().cycle().take(n).collect();
        let counts: Vec<u64> = (0..n as u64).map(|i| 40 / (i + 1) + 2).collect();
        let dice: Vec<f64> = (0..n).map(|i| 12.0 - 0.2 * i as f64).collect();
        DataFrame::new_infer_height(vec![
            Column::new(col::COLLOCATE.into(), labels),
            Column::new(col::COUNT_WITH.into(), counts),
            Column::new(col::LOG_DICE.into(), dice),
        ])
        .unwrap()
    }

    fn net(n: usize, top: usize) -> Network {
        network(
            &table(n),
            "核酸",
            col::LOG_DICE,
            top,
            &|t| t == "的",
            "Collocates of 核酸",
        )
        .unwrap()
    }

    #[test]
    fn items_strongest_first_stopwords_out() {
        let n = net(12, 5);
        let labels: Vec<&str> = n.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["检测", "阳性", "筛查", "人员", "开展"]);
        // 12 rows, 的 left out
        assert_eq!((n.total, n.stopwords_out), (11, true));
        // counts 40/k + 2: 42, 22, 15, 12, 10
        assert_eq!(
            n.footnote(0),
            "5 strongest of 11 collocates · co-occurrences 10–42 (marker area proportional) · \
             stopwords left out"
        );
        // a missing column is a usage error
        let e = network(&table(3), "核酸", col::G2, 5, &|_| false, "").unwrap_err();
        assert!(e.is_usage());
    }

    #[test]
    fn closer_is_stronger_and_nothing_overlaps() {
        for (w, h) in [(1600.0, 1000.0), (800.0, 500.0), (1000.0, 1000.0)] {
            let n = net(30, 25);
            let l = n.layout(w, h);
            assert_eq!(l.placed.len() + l.dropped, 25);
            assert!(l.placed.len() >= 20, "{w}x{h}: {} placed", l.placed.len());
            let d = |p: &Placed| (p.point.0 - l.centre.0).hypot(p.point.1 - l.centre.1);
            for pair in l.placed.windows(2) {
                // items are strongest first, distance grows (ties equal)
                if n.items[pair[0].item].stat > n.items[pair[1].item].stat {
                    assert!(d(&pair[0]) < d(&pair[1]));
                }
            }
            for (i, a) in l.placed.iter().enumerate() {
                assert!(!overlaps(a.label, l.node) && !overlaps(a.marker(), l.node));
                assert!(a.label.0 >= 0.0 && a.label.2 <= w && a.label.3 <= h);
                for b in &l.placed[i + 1..] {
                    assert!(!overlaps(a.label, b.label), "{w}x{h}: {a:?} {b:?}");
                    assert!(!overlaps(a.label, b.marker()) && !overlaps(a.marker(), b.label));
                }
            }
        }
    }

    #[test]
    fn segment_box_crossing() {
        let b = (10.0, 10.0, 20.0, 20.0);
        assert!(crosses((0.0, 0.0), (30.0, 30.0), b));
        assert!(crosses((0.0, 15.0), (15.0, 15.0), b));
        assert!(!crosses((0.0, 0.0), (30.0, 0.0), b));
        assert!(!crosses((0.0, 0.0), (5.0, 5.0), b));
    }

    #[test]
    fn png_and_svg_and_an_empty_table() {
        let size = crate::chart::ChartSize::default();
        let png = crate::chart::to_png(&net(30, 20), size).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        let svg = crate::chart::to_svg(&net(30, 20), size).unwrap();
        assert!(svg.contains("核酸") && svg.contains("log Dice"));
        let empty = net(0, 20);
        assert!(empty.items.is_empty());
        let png = crate::chart::to_png(&empty, size).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
    }
}
