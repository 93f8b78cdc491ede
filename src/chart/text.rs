//! Text for every chart: the font, measuring, shortening with "…", wrapping, and placing
//! text by where its ink falls.
//!
//! Measuring uses the embedded font's advances as plotters lays text out for every backend,
//! so that a layout computed from it is the same for the PNG and the SVG. Placing follows
//! the baseline rule both pictures draw with (`raster`, `webfont::finish_svg`): a label is
//! anchored so that the ink of its Han characters and digits is centred on the y it is
//! given (on the x, for text reading upwards), within the half pixel a whole-pixel baseline
//! allows.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::DrawResult;
use super::raster;
use super::theme;

/// The charts' font at `px` pixels.
pub fn font(px: f64) -> FontDesc<'static> {
    (theme::FAMILY, px).into_font()
}

/// The embedded font's em as a fraction of plotters' font size: ab_glyph scales the font so
/// that ascent − descent (1918 + 483 of 2048 units) is the size, so an em (a Han character's
/// advance) is 2048/2401 of it.
pub const EM: f64 = 2048.0 / 2401.0;

/// Advance width of `text` at `px`, in pixels, as plotters lays it out for every backend
/// (`DrawingArea::estimate_text_size` gives the same number). Falls back to one CJK advance
/// per character if the font were missing, which the tests rule out.
pub fn text_width(text: &str, px: f64) -> f64 {
    if text.is_empty() {
        return 0.0;
    }
    theme::register_fonts();
    font(px)
        .box_size(text)
        .map(|(w, _)| w as f64)
        .unwrap_or(text.chars().count() as f64 * px * EM)
}

/// The visual height of a line of text at `px` (a Han character's ink, with a little air),
/// used to stack lines and to size boxes.
pub fn line_height(px: f64) -> f64 {
    0.8 * px
}

/// `text` if it is at most `max_w` pixels wide at `px`, else its longest beginning that
/// fits with "…" after it (trailing spaces dropped); empty when not even "…" fits.
pub fn fit(text: &str, px: f64, max_w: f64) -> String {
    if text_width(text, px) <= max_w {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    // the longest prefix that fits, by bisection (the width grows with the prefix)
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().chain(['…'].iter()).collect();
        if text_width(&candidate, px) <= max_w {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let out = chars[..lo]
        .iter()
        .collect::<String>()
        .trim_end()
        .to_string()
        + "…";
    if text_width(&out, px) <= max_w {
        out
    } else {
        String::new()
    }
}

/// Lines of at most `max_w` pixels at `px` from `parts`, joined by " · " (at most
/// `max_lines`, the last one cut with "…" if the parts do not fit).
pub fn wrap(parts: &[String], px: f64, max_w: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for part in parts {
        match lines.last_mut() {
            None => lines.push(part.clone()),
            Some(last) => {
                let joined = format!("{last} · {part}");
                if text_width(&joined, px) <= max_w {
                    *last = joined;
                } else {
                    lines.push(part.clone());
                }
            }
        }
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines.max(1) - 1).join(" · ");
        lines.push(rest);
    }
    lines.iter().map(|l| fit(l, px, max_w)).collect()
}

/// How far above the baseline the ink of Han characters and digits is centred, as a
/// fraction of the font size: the median Han character's ink spans −184 … 1656 units about
/// the baseline and the digits' −20 … 1485, of the 2401 units the size stands for.
const INK_CENTRE: f64 = 0.306;

/// The anchor (`VPos::Center`) that puts the ink centre of text at `px` on `c`: the
/// pictures put the baseline the whole pixels nearest `raster::baseline_offset` below the
/// anchor, so the baseline lands on `round(c + INK_CENTRE · px)`.
pub fn ink_anchor(c: f64, px: f64) -> i32 {
    let below = raster::baseline_offset(px, VPos::Center).round();
    (c + INK_CENTRE * px - below).round() as i32
}

/// Draw `s` at `px` with its ink centred vertically on `y` (on `x` when `upright`: then it
/// reads bottom to top), anchored along the text at `x` (at `y` when upright) by `h`.
pub fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    (x, y): (f64, f64),
    px: f64,
    color: &RGBColor,
    h: HPos,
    upright: bool,
) -> DrawResult<DB> {
    if s.is_empty() {
        return Ok(());
    }
    let style = TextStyle::from(font(px))
        .color(color)
        .pos(Pos::new(h, VPos::Center));
    if upright {
        // turned a quarter to the left, the text's "down" is the canvas' right
        let style = style.transform(FontTransform::Rotate270);
        area.draw_text(s, &style, (ink_anchor(x, px), y.round() as i32))
    } else {
        area.draw_text(s, &style, (x.round() as i32, ink_anchor(y, px)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_shortens_with_ellipsis() {
        let long = "中华人民共和国国家卫生健康委员会";
        let s = fit(long, 20.0, 100.0);
        assert!(s.ends_with('…') && text_width(&s, 20.0) <= 100.0, "{s}");
        // the longest that fits: one more character would not
        let n = s.chars().count() - 1;
        let longer: String = long.chars().take(n + 1).chain(['…']).collect();
        assert!(text_width(&longer, 20.0) > 100.0);
        assert_eq!(fit("核酸", 20.0, 100.0), "核酸");
        // no space before the "…"; nothing when not even "…" fits
        let s = fit("top 30 of 5,873 terms", 20.0, text_width("top 30 …", 20.0));
        assert_eq!(s, "top 30…");
        assert_eq!(fit("核酸", 20.0, 3.0), "");
    }

    #[test]
    fn wrap_joins_parts_and_cuts_the_last_line() {
        let parts: Vec<String> = ["甲乙", "丙丁", "戊己"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let w = text_width("甲乙 · 丙丁", 20.0);
        assert_eq!(wrap(&parts, 20.0, w, 3), ["甲乙 · 丙丁", "戊己"]);
        let one = wrap(&parts, 20.0, w, 1);
        assert_eq!(one.len(), 1);
        assert!(
            one[0].starts_with("甲乙 · 丙") && one[0].ends_with('…'),
            "{one:?}"
        );
        assert!(wrap(&[], 20.0, w, 2).is_empty());
    }

    #[test]
    fn measures_as_the_drawing_area_does() {
        theme::register_fonts();
        let mut buf = vec![0u8; 200 * 100 * 3];
        let root = BitMapBackend::with_buffer(&mut buf, (200, 100)).into_drawing_area();
        for s in ["", "核酸检测", "occurrences per 10,000 tokens", "G² −3.84"] {
            for px in [11.0, 13.75, 22.0, 44.0] {
                let (w, _) = root.estimate_text_size(s, &font(px).into()).unwrap();
                assert_eq!(text_width(s, px), w as f64, "{s} at {px}");
            }
        }
    }

    /// The ink rows (or columns, `upright`) of `s` drawn by [`text`] at `c` in a PNG.
    fn ink_span(s: &str, px: f64, c: f64, upright: bool) -> (u32, u32) {
        struct One<'a>(&'a str, f64, f64, bool);
        impl crate::chart::Chart for One<'_> {
            fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
                let at = if self.3 {
                    (self.2, 100.0)
                } else {
                    (100.0, self.2)
                };
                text(root, self.0, at, self.1, &BLACK, HPos::Center, self.3)
            }
        }
        let size = crate::chart::ChartSize {
            width: 200,
            height: 200,
        };
        let png = crate::chart::to_png(&One(s, px, c, upright), size).unwrap();
        let img = image::load_from_memory(&png).unwrap().to_rgb8();
        let inked = |x: u32, y: u32| img.get_pixel(x, y).0 != [255, 255, 255];
        let lines: Vec<u32> = (0..200)
            .filter(|&k| (0..200).any(|j| if upright { inked(k, j) } else { inked(j, k) }))
            .collect();
        (lines[0], *lines.last().unwrap())
    }

    #[test]
    fn ink_is_centred_where_asked() {
        // Han characters and digits, at the sizes the charts use at 1600×1000 and 800×500
        // and larger (the word cloud): the ink's middle within a pixel of the centre asked
        // for, for each fraction of a pixel, across and upright.
        for s in ["的日报", "核酸检测", "2500"] {
            for px in [11.0, 13.0, 14.0, 15.0, 22.0, 26.0, 28.0, 30.0, 44.0, 100.0] {
                for c in [99.0, 99.25, 99.5, 99.75] {
                    for upright in [false, true] {
                        let (a, b) = ink_span(s, px, c, upright);
                        // rows a..=b: the ink's middle is (a + b + 1) / 2
                        let mid = (a + b + 1) as f64 / 2.0;
                        assert!(
                            (mid - c).abs() <= 1.0,
                            "{s} at {px}, centre {c}, upright {upright}: ink {a}..={b}"
                        );
                    }
                }
            }
        }
    }
}
