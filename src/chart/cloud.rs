//! A word cloud of the top terms of a `freq` table (`freq --chart-kind cloud`).
//!
//! A word cloud is a picture of frequency, not a measurement: the subtitle says so, and the
//! bar chart (`bar::top_terms`) is the figure to read values from. What this one does to
//! stay honest and reproducible:
//!
//! - **Size.** The font size is proportional to √count, so that a word's area (for words of
//!   equal length) is proportional to its count, as in quanteda's `textplot_wordcloud` and
//!   the `wordcloud` R package: `size = k · √(count / top count)`. The scale `k` makes the
//!   words' boxes cover about [`FILL`] of the cloud's area, so that the cloud fills its
//!   canvas whatever the counts, but at most [`MAX_SIZE`] of its height (and less if the
//!   top word would not fit 80% of its width). No word is smaller than [`MIN_SIZE`] of the
//!   height (at least 10 px), so that the smallest stay readable (their sizes then
//!   overstate them; the colour bands say their rank).
//! - **Colour** by rank band (1–10, 11–25, 26–50, 51–100, 101+), from the Okabe–Ito palette
//!   in order of increasing lightness, with a key.
//! - **Placement** is deterministic: terms in rank order, each placed at the first point of
//!   an Archimedean spiral from the centre (stretched to the canvas's aspect) where its box
//!   lies inside the canvas and meets no placed box. The top term sits at the centre. Terms
//!   that do not fit are skipped and counted in the footnote. No rotation: Chinese reads
//!   horizontally.
//! - The layout is computed in `draw` from the canvas size and the embedded font's metrics,
//!   which plotters uses for every backend, so that the PNG and the SVG agree.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use polars::prelude::DataFrame;

use super::axis::thousands;
use super::columns::{numbers, strings};
use super::parts::{draw_header, draw_key, header_bottom, key_width, note};
use super::text::{fit, line_height, text, text_width};
use super::theme::{self, Sizes};
use super::{Chart, DrawResult};
use crate::columns as col;
use crate::error::Result;

/// One term of the cloud: its text and count.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub count: f64,
}

/// A word cloud: the terms in rank order (after leaving out the excluded ones).
#[derive(Debug, Clone, PartialEq)]
pub struct Cloud {
    pub title: String,
    pub subtitle: String,
    /// Said in the footnote, e.g. "top 100 of 5,873 terms · stopwords left out".
    pub note: String,
    pub words: Vec<Word>,
}

/// A placed word: its index in [`Cloud::words`], font size and box (centre and size).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub word: usize,
    pub px: f64,
    pub cx: f64,
    pub cy: f64,
    pub w: f64,
    pub h: f64,
}

impl Placed {
    /// The box as (left, top, right, bottom).
    pub fn bbox(&self) -> (f64, f64, f64, f64) {
        (
            self.cx - self.w / 2.0,
            self.cy - self.h / 2.0,
            self.cx + self.w / 2.0,
            self.cy + self.h / 2.0,
        )
    }
}

/// The outcome of the placement: the words placed (in rank order) and how many did not fit.
#[derive(Debug, Clone, PartialEq)]
pub struct CloudLayout {
    pub placed: Vec<Placed>,
    pub skipped: usize,
}

/// The share of the cloud's area that the words' boxes cover (before the smallest are
/// raised to [`MIN_SIZE`]).
pub const FILL: f64 = 0.4;
/// The largest font size, as a share of the cloud's height.
pub const MAX_SIZE: f64 = 0.25;
/// The smallest font size, as a share of the cloud's height (and at least 10 px).
pub const MIN_SIZE: f64 = 0.028;

/// Rank bands: the first rank after the band, and its label.
const BANDS: [(usize, &str); 5] = [
    (10, "1–10"),
    (25, "11–25"),
    (50, "26–50"),
    (100, "51–100"),
    (usize::MAX, "101+"),
];

/// Palette indices of the bands: blue, vermillion, bluish green, reddish purple, sky blue
/// (increasing lightness, so that the bands stay ordered in greyscale).
const BAND_COLORS: [usize; 5] = [0, 1, 2, 4, 5];

/// The band of the word at 0-based rank `i`.
pub fn band(i: usize) -> usize {
    BANDS.iter().position(|(end, _)| i < *end).unwrap_or(4)
}

/// The colour of the word at 0-based rank `i`.
pub fn band_color(i: usize) -> RGBColor {
    theme::series_color(BAND_COLORS[band(i)])
}

/// The word cloud of the top `top` terms of a `freq` table (`[group,] term, count, ...`, in
/// the table's order of count), leaving out the terms for which `exclude` is true. With a
/// `group` column the counts of a term are added over the groups.
pub fn word_cloud(
    freq: &DataFrame,
    top: usize,
    exclude: &dyn Fn(&str) -> bool,
    title: &str,
) -> Result<Cloud> {
    const T: &str = "freq";
    let terms = strings(freq, col::TERM, T)?;
    let counts = numbers(freq, col::COUNT, T)?;
    // Terms in order of first appearance, their counts summed (over groups, if any).
    let mut index: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut words: Vec<Word> = Vec::new();
    let mut excluded = 0usize;
    for (term, count) in terms.iter().zip(&counts) {
        let (Some(term), Some(count)) = (term, count) else {
            continue;
        };
        if exclude(term) {
            excluded += 1;
            continue;
        }
        match index.get(term.as_str()) {
            Some(&k) => words[k].count += count,
            None => {
                index.insert(term, words.len());
                words.push(Word {
                    text: term.clone(),
                    count: *count,
                });
            }
        }
    }
    let total = words.len();
    // Count descending; the table's order among equal counts.
    words.sort_by(|a, b| b.count.total_cmp(&a.count));
    words.truncate(top);
    let mut note = format!("top {} of {} terms", words.len(), thousands(total as i64));
    if excluded > 0 {
        note.push_str(" · stopwords left out");
    }
    Ok(Cloud {
        title: title.to_string(),
        subtitle: "size proportional to √count · a picture of frequency, not a statistical test"
            .to_string(),
        note,
        words,
    })
}

impl Cloud {
    /// Font sizes (px) of the words for a cloud `width` × `height`: ∝ √count, see the module
    /// documentation.
    pub fn font_sizes(
        &self,
        width: f64,
        height: f64,
        measure: &dyn Fn(&str, f64) -> (f64, f64),
    ) -> Vec<f64> {
        let Some(first) = self.words.first() else {
            return Vec::new();
        };
        let min_px = (MIN_SIZE * height).max(10.0);
        let top = first.count.max(f64::MIN_POSITIVE);
        let rel: Vec<f64> = self
            .words
            .iter()
            .map(|w| (w.count.max(0.0) / top).sqrt())
            .collect();
        // The boxes' area at k = 100 px; it grows as k².
        let area_100: f64 = self
            .words
            .iter()
            .zip(&rel)
            .map(|(w, r)| {
                let (bw, bh) = measure(&w.text, 100.0 * r);
                bw * bh
            })
            .sum();
        let mut k = if area_100 > 0.0 {
            100.0 * (FILL * width * height / area_100).sqrt()
        } else {
            MAX_SIZE * height
        };
        k = k.min(MAX_SIZE * height);
        let w0 = measure(&first.text, k).0;
        if w0 > 0.8 * width {
            k *= 0.8 * width / w0;
        }
        let k = k.max(min_px);
        rel.iter().map(|r| (k * r).max(min_px)).collect()
    }

    /// Place the words on a cloud of `width` × `height` pixels (origin top left), boxes
    /// measured by `measure(text, px) -> (w, h)`: each word in rank order at the first point
    /// of a spiral from the centre where its box (with a little air) is inside and meets
    /// no placed box.
    pub fn layout(
        &self,
        width: f64,
        height: f64,
        measure: &dyn Fn(&str, f64) -> (f64, f64),
    ) -> CloudLayout {
        let sizes = self.font_sizes(width, height, measure);
        let (cx, cy) = (width / 2.0, height / 2.0);
        let aspect = if height > 0.0 { width / height } else { 1.0 };
        // The spiral r = a·θ (x stretched by the aspect): loops `gap` pixels apart, points
        // about `step` pixels apart along it; it ends where it has left the canvas.
        let gap = (height / 120.0).max(2.0);
        let a = gap / std::f64::consts::TAU;
        let step = (height / 400.0).max(1.5);
        let r_end = ((width / (2.0 * aspect)).powi(2) + (height / 2.0).powi(2)).sqrt();
        let mut placed: Vec<Placed> = Vec::new();
        // Boxes with their air, for the intersection test.
        let mut boxes: Vec<(f64, f64, f64, f64)> = Vec::new();
        let mut skipped = 0;
        for (i, word) in self.words.iter().enumerate() {
            let px = sizes[i];
            let (w, h) = measure(&word.text, px);
            let air = 0.08 * px + 1.0;
            let (hw, hh) = (w / 2.0 + air, h / 2.0 + air);
            if 2.0 * (hw - air) > width || 2.0 * (hh - air) > height {
                skipped += 1;
                continue;
            }
            let mut theta = 0.0f64;
            let mut found = None;
            loop {
                let r = a * theta;
                if r > r_end {
                    break;
                }
                let x = cx + r * theta.cos() * aspect;
                let y = cy + r * theta.sin();
                // Inside the canvas (the air may cross the edge), clear of every box.
                if x - w / 2.0 >= 0.0
                    && x + w / 2.0 <= width
                    && y - h / 2.0 >= 0.0
                    && y + h / 2.0 <= height
                    && !boxes
                        .iter()
                        .any(|&(l, t, r, b)| x - hw < r && x + hw > l && y - hh < b && y + hh > t)
                {
                    found = Some((x, y));
                    break;
                }
                theta += (step / (r * aspect.max(1.0)).max(1.0)).min(0.5);
            }
            match found {
                Some((x, y)) => {
                    // Stored with its air: two inks keep both airs apart.
                    boxes.push((x - hw, y - hh, x + hw, y + hh));
                    placed.push(Placed {
                        word: i,
                        px,
                        cx: x,
                        cy: y,
                        w,
                        h,
                    });
                }
                None => skipped += 1,
            }
        }
        CloudLayout { placed, skipped }
    }

    /// The cloud's region on a canvas: (left, top, width, height).
    fn region(&self, sz: &Sizes, width: f64, height: f64) -> (f64, f64, f64, f64) {
        let top = header_bottom(sz, !self.subtitle.is_empty());
        let bottom = height - sz.margin - line_height(sz.small) - 0.8 * sz.margin;
        let left = sz.margin;
        (left, top, width - 2.0 * sz.margin, (bottom - top).max(1.0))
    }
}

/// The box of a word as the charts draw it: its advance width and the height of its line.
fn measure(text: &str, px: f64) -> (f64, f64) {
    (text_width(text, px), line_height(px))
}

impl Chart for Cloud {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as f64, h as f64);
        let sz = Sizes::for_canvas(w as u32, h as u32);
        draw_header(root, &sz, &self.title, &self.subtitle, w)?;
        let (left, top, cw, ch) = self.region(&sz, w, h);
        let layout = self.layout(cw, ch, &measure);
        for p in &layout.placed {
            text(
                root,
                &self.words[p.word].text,
                (left + p.cx, top + p.cy),
                p.px,
                &band_color(p.word),
                HPos::Center,
                false,
            )?;
        }
        if self.words.is_empty() {
            note(root, "no terms to show", (w / 2.0, top + ch / 2.0), &sz)?;
        }
        // Footnote: what is shown (left), the colour key (right).
        let y = h - sz.margin - line_height(sz.small) / 2.0;
        let s = sz.small;
        let mut note = self.note.clone();
        if layout.skipped > 0 {
            let n = layout.skipped;
            note.push_str(&format!(
                " · {n} term{} did not fit and {} not shown",
                if n == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" }
            ));
        }
        let bands_used = self
            .words
            .len()
            .checked_sub(1)
            .map(|i| band(i) + 1)
            .unwrap_or(0);
        let key: Vec<(&str, RGBColor)> = BANDS[..bands_used]
            .iter()
            .enumerate()
            .map(|(b, (_, label))| (*label, theme::series_color(BAND_COLORS[b])))
            .collect();
        let labels: Vec<&str> = key.iter().map(|(l, _)| *l).collect();
        let rank_w = text_width("rank", s);
        let key_w = if key.is_empty() {
            0.0
        } else {
            rank_w + s + key_width(&labels, s)
        };
        let note_w = (w - 2.0 * sz.margin - key_w - 2.0 * s).max(0.0);
        text(
            root,
            &fit(&note, s, note_w),
            (sz.margin, y),
            s,
            &theme::MUTED,
            HPos::Left,
            false,
        )?;
        if !key.is_empty() {
            let x = w - sz.margin - key_w;
            text(root, "rank", (x, y), s, &theme::MUTED, HPos::Left, false)?;
            draw_key(root, &key, (x + rank_w + s, y), s)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartSize, to_png, to_svg};
    use polars::prelude::*;

    fn freq(n: usize) -> DataFrame {
        let words = [
            "疫情",
            "的",
            "核酸",
            "防控",
            "检测",
            "工作",
            "人员",
            "社区",
            "在",
            "群众",
            "管理",
            "静默",
            "健康码",
            "离石区",
            "朔州",
            "吕梁",
            "志愿者",
            "物资",
            "保障",
            "发展",
        ];
        let terms: Vec<String> = (0..n)
            .map(|i| match words.get(i) {
                Some(w) => w.to_string(),
                None => format!("词语{i}"),
            })
            .collect();
        let counts: Vec<u64> = (0..n as u64).map(|i| 400 / (i + 1) + 1).collect();
        DataFrame::new_infer_height(vec![
            Column::new(col::TERM.into(), terms),
            Column::new(col::COUNT.into(), counts),
        ])
        .unwrap()
    }

    fn stop(t: &str) -> bool {
        matches!(t, "的" | "在")
    }

    fn overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
        a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
    }

    #[test]
    fn excluded_terms_are_left_out_and_order_kept() {
        let c = word_cloud(&freq(20), 5, &stop, "t").unwrap();
        let t: Vec<&str> = c.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(t, ["疫情", "核酸", "防控", "检测", "工作"]);
        assert_eq!(c.note, "top 5 of 18 terms · stopwords left out");
        assert!(c.subtitle.contains("not a statistical test"));
    }

    #[test]
    fn groups_are_summed() {
        let df = DataFrame::new_infer_height(vec![
            Column::new(col::GROUP.into(), ["a", "a", "b"]),
            Column::new(col::TERM.into(), ["核酸", "疫情", "疫情"]),
            Column::new(col::COUNT.into(), [5u64, 4, 3]),
        ])
        .unwrap();
        let c = word_cloud(&df, 10, &|_| false, "t").unwrap();
        assert_eq!(
            c.words[0],
            Word {
                text: "疫情".into(),
                count: 7.0
            }
        );
        assert_eq!(c.words[1].count, 5.0);
    }

    #[test]
    fn sizes_follow_the_square_root_of_count() {
        let df = DataFrame::new_infer_height(vec![
            Column::new(col::TERM.into(), ["甲", "乙", "丙"]),
            Column::new(col::COUNT.into(), [400u64, 100, 1]),
        ])
        .unwrap();
        let c = word_cloud(&df, 10, &|_| false, "t").unwrap();
        // Three short words cannot fill 40% of the canvas: the largest is capped at 25% of
        // the height (150 of 600).
        let s = c.font_sizes(1000.0, 600.0, &measure);
        assert_eq!(s[0], 150.0);
        assert_eq!(s[1], 75.0); // √(100/400) = 1/2
        assert_eq!(s[2], 16.8); // 150·√(1/400) = 7.5, raised to the minimum 2.8% of 600
        // Many words: scaled so that their boxes cover about 40% of the area.
        let df = DataFrame::new_infer_height(vec![
            Column::new(
                col::TERM.into(),
                (0..100).map(|i| format!("词{i}")).collect::<Vec<_>>(),
            ),
            Column::new(
                col::COUNT.into(),
                (0..100u64).map(|i| 200 - i).collect::<Vec<_>>(),
            ),
        ])
        .unwrap();
        let c = word_cloud(&df, 100, &|_| false, "t").unwrap();
        let (w, h) = (1500.0, 800.0);
        let s = c.font_sizes(w, h, &measure);
        assert!(s[0] < MAX_SIZE * h);
        let r = (c.words[3].count / c.words[0].count).sqrt();
        assert!((s[3] / s[0] - r).abs() < 1e-12);
        let unclamped: f64 = c
            .words
            .iter()
            .zip(&s)
            .filter(|(_, px)| **px > MIN_SIZE * h)
            .map(|(word, px)| measure(&word.text, *px).0 * measure(&word.text, *px).1)
            .sum();
        assert!(
            unclamped <= FILL * w * h * 1.001 && unclamped > 0.95 * FILL * w * h,
            "{unclamped}"
        );
    }

    #[test]
    fn top_term_at_the_centre_and_no_boxes_meet() {
        let c = word_cloud(&freq(120), 120, &stop, "t").unwrap();
        for (w, h) in [(1550.0, 800.0), (760.0, 380.0)] {
            let l = c.layout(w, h, &measure);
            let first = &l.placed[0];
            assert_eq!((first.word, first.cx, first.cy), (0, w / 2.0, h / 2.0));
            assert_eq!(l.placed.len() + l.skipped, c.words.len());
            assert!(l.placed.len() > 60, "{} placed", l.placed.len());
            for (i, a) in l.placed.iter().enumerate() {
                let b = a.bbox();
                assert!(b.0 >= 0.0 && b.1 >= 0.0 && b.2 <= w && b.3 <= h, "{b:?}");
                for other in &l.placed[i + 1..] {
                    assert!(!overlap(b, other.bbox()), "{a:?} meets {other:?}");
                }
            }
            // Rank order: sizes never grow down the list.
            assert!(l.placed.windows(2).all(|p| p[0].px >= p[1].px));
            assert_eq!(l, c.layout(w, h, &measure));
        }
    }

    #[test]
    fn too_many_for_a_small_canvas_are_counted() {
        let c = word_cloud(&freq(400), 400, &|_| false, "t").unwrap();
        let l = c.layout(300.0, 150.0, &measure);
        assert!(l.skipped > 0);
        assert_eq!(l.placed.len() + l.skipped, 400);
    }

    #[test]
    fn png_and_svg() {
        let c = word_cloud(&freq(40), 40, &stop, "Word cloud").unwrap();
        let size = ChartSize {
            width: 800,
            height: 500,
        };
        let png = to_png(&c, size).unwrap();
        assert_eq!(png, to_png(&c, size).unwrap());
        let img = image::load_from_memory(&png).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (800, 500));
        // The top term, in the top band's blue, is drawn about the centre of the cloud.
        let sz = Sizes::for_canvas(800, 500);
        let (left, top, cw, ch) = c.region(&sz, 800.0, 500.0);
        let (x0, y0) = (left + cw / 2.0, top + ch / 2.0);
        let blue = image::Rgb([0, 114, 178]);
        let hits = (-40i32..40)
            .flat_map(|dx| (-15i32..15).map(move |dy| (dx, dy)))
            .filter(|(dx, dy)| {
                *img.get_pixel((x0 as i32 + dx) as u32, (y0 as i32 + dy) as u32) == blue
            })
            .count();
        assert!(hits > 50, "{hits} blue pixels about the centre");
        // Corners of the cloud region stay empty.
        assert_eq!(
            *img.get_pixel(left as u32 + 1, top as u32 + 1),
            image::Rgb([255, 255, 255])
        );
        let svg = to_svg(&c, size).unwrap();
        assert_eq!(svg, to_svg(&c, size).unwrap());
        assert!(
            svg.contains("疫情") && svg.contains("核酸") && svg.contains("proportional to √count")
        );
        assert!(!svg.contains(">\n的\n<"));
    }
}
