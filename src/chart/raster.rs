//! Text for the PNG charts: a drawing backend that wraps the bitmap backend and draws text
//! itself, with the embedded font ([`theme::FONT`]) and `ab_glyph`, as a browser draws the
//! finished SVG.
//!
//! plotters 0.3.7 draws `ab_glyph` text (`style/font/ab_glyph.rs`) with each glyph's bitmap
//! at the pen position, ignoring the glyph's left side bearing, and with pen positions
//! floored to whole pixels. Han characters have bearings of 80–350 font units and the
//! curly quotes of up to 1168 (of an em of 2048), so words showed gaps ("吕梁日 报",
//! "“  健康码”") and small Latin text uneven spacing; and it set each glyph's top row by
//! truncating `size/2 + top`, which moved glyphs of different heights a pixel apart.
//! [`TextFix`] lays the text out with the same advances (`h_advance` + kerning at
//! `PxScale(size)`, so that [`DrawingBackend::estimate_text_size`] and the charts' layout
//! are unchanged), places every glyph at its exact (sub-pixel) pen position with its
//! bearings (`outline_glyph` / `px_bounds`), puts all glyphs of a text on one baseline,
//! and blends the coverage into the picture.
//!
//! Placement is that of the finished SVG ([`super::webfont::finish_svg`]), so that the PNG
//! and the SVG in a browser agree:
//! - horizontally, the text starts at the anchor (`HPos::Left`), or is centred on it or ends
//!   at it by its advance width (SVG `text-anchor` `middle` / `end`);
//! - vertically, the baseline is `size/2` below the anchor for `VPos::Top`, then moved up
//!   by `⌊h/2⌋` (`VPos::Center`) or `h` (`VPos::Bottom`), `h = ⌊size/1.24⌋` being the
//!   layout height plotters reports; the baseline is rounded to a whole pixel, as a
//!   browser does for horizontal text. (With this font, centre-anchored Han text then
//!   has its ink about 0.21 × size above the anchor; `text::text` anchors labels so
//!   that their ink is centred where the chart asks, in both pictures.)
//! - turned text (`FontTransform`) is laid out as above around the anchor and then turned
//!   about it as plotters and SVG `rotate(…)` turn it: `Rotate270` reads upwards.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};

use crate::chart::theme;

/// The embedded font as `ab_glyph` reads it.
fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| {
        // A compiled-in TrueType file, parsed by the tests: this cannot fail at run time.
        FontRef::try_from_slice(theme::FONT).expect("the embedded font is a valid TrueType file")
    })
}

/// A drawing backend that draws text with correct glyph spacing and everything else
/// through the backend it wraps (for the PNG: `BitMapBackend`).
pub struct TextFix<DB>(pub DB);

/// A text laid out on one line: the glyphs with their pen positions (x from the start of
/// the text), and the advance width.
struct Line {
    glyphs: Vec<(GlyphId, f32)>,
    width: f32,
}

/// Lay out `text` at `PxScale(size)`: each glyph at the sum of the advances (and kerning)
/// before it, added in the order plotters' `estimate_layout` adds them.
fn layout(size: f64, text: &str) -> Line {
    let font = font().as_scaled(PxScale::from(size as f32));
    let mut glyphs = Vec::with_capacity(text.len());
    let mut x = 0f32;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            x += font.kern(p, id);
        }
        glyphs.push((id, x));
        x += font.h_advance(id);
        prev = Some(id);
    }
    Line { glyphs, width: x }
}

/// The size plotters reports for `text`: the advance width and `size / 1.24`, each
/// truncated to whole pixels (as plotters' `estimate_layout`).
fn text_size(size: f64, text: &str) -> (u32, u32) {
    // plotters adds advance then kerning per character; with the same terms the sum is the
    // same (kerning is 0 for this font, which has no `kern` table).
    let width = layout(size, text).width;
    (
        (width as i32).max(0) as u32,
        ((size / 1.24) as i32).max(0) as u32,
    )
}

/// The y of the baseline below the anchor, for a vertical anchor (see the module
/// documentation; the same offsets as `webfont::finish_svg` writes as `dy`).
pub(super) fn baseline_offset(size: f64, v: VPos) -> f64 {
    let h = (size / 1.24) as i32;
    let dy = match v {
        VPos::Top => 0,
        VPos::Center => -h / 2,
        VPos::Bottom => -h,
    };
    size / 2.0 + dy as f64
}

/// Coverage (0 … 1) of a text in its own frame: pixel `(x, y)` of the frame is cell
/// `(x0 + i, y0 + j)` at index `j × w + i`, the anchor being at the frame's origin.
struct Coverage {
    x0: i32,
    y0: i32,
    w: usize,
    h: usize,
    alpha: Vec<f32>,
}

/// Rasterise `text` at `size` in its own frame, placed by `h`/`v` around the origin.
fn rasterize(text: &str, size: f64, h: HPos, v: VPos) -> Coverage {
    let font = font().as_scaled(PxScale::from(size as f32));
    let line = layout(size, text);
    let start = match h {
        HPos::Left => 0.0,
        HPos::Center => -line.width / 2.0,
        HPos::Right => -line.width,
    };
    let baseline = baseline_offset(size, v).round() as f32;
    let outlined: Vec<_> = line
        .glyphs
        .iter()
        .filter_map(|&(id, x)| {
            font.outline_glyph(id.with_scale_and_position(font.scale(), point(start + x, baseline)))
        })
        .collect();
    let Some(first) = outlined.first() else {
        return Coverage {
            x0: 0,
            y0: 0,
            w: 0,
            h: 0,
            alpha: Vec::new(),
        };
    };
    // px_bounds are whole pixels (floored minimum, ceiled maximum)
    let mut b = first.px_bounds();
    for g in &outlined[1..] {
        let r = g.px_bounds();
        b.min.x = b.min.x.min(r.min.x);
        b.min.y = b.min.y.min(r.min.y);
        b.max.x = b.max.x.max(r.max.x);
        b.max.y = b.max.y.max(r.max.y);
    }
    let (x0, y0) = (b.min.x as i32, b.min.y as i32);
    let (w, hgt) = ((b.max.x - b.min.x) as usize, (b.max.y - b.min.y) as usize);
    let mut alpha = vec![0f32; w * hgt];
    for g in &outlined {
        let r = g.px_bounds();
        let (gx, gy) = (r.min.x as i32 - x0, r.min.y as i32 - y0);
        g.draw(|x, y, c| {
            let i = (gy as usize + y as usize) * w + gx as usize + x as usize;
            let c = c.clamp(0.0, 1.0);
            // glyphs that overlap compose as paint over paint
            alpha[i] += c * (1.0 - alpha[i]);
        });
    }
    Coverage {
        x0,
        y0,
        w,
        h: hgt,
        alpha,
    }
}

/// Where cell `(x, y)` of the text's frame lands, relative to the anchor, once turned:
/// the cell `[x, x+1) × [y, y+1)` turned about the origin as plotters' `FontTransform`
/// turns points (`Rotate90`: (x, y) → (−y, x); `Rotate270`: (x, y) → (y, −x)), which is
/// SVG's `rotate(90)` / `rotate(270)`.
fn turn(t: &FontTransform, x: i32, y: i32) -> (i32, i32) {
    match t {
        FontTransform::None => (x, y),
        FontTransform::Rotate90 => (-y - 1, x),
        FontTransform::Rotate180 => (-x - 1, -y - 1),
        FontTransform::Rotate270 => (y, -x - 1),
    }
}

impl<DB: DrawingBackend> DrawingBackend for TextFix<DB> {
    type ErrorType = DB::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }

    /// The embedded font's advance width and plotters' layout height (`size / 1.24`),
    /// whatever family the style names: the numbers plotters gives for the embedded font.
    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        Ok(text_size(style.size(), text))
    }

    /// `text` in the embedded font, placed and turned as the SVG places it (module
    /// documentation), its coverage blended over the picture in the style's colour.
    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let color = style.color();
        if color.alpha <= 0.0 || text.is_empty() {
            return Ok(());
        }
        let anchor = style.anchor();
        let cov = rasterize(text, style.size(), anchor.h_pos, anchor.v_pos);
        let transform = style.transform();
        let (w, h) = self.0.get_size();
        for j in 0..cov.h {
            for i in 0..cov.w {
                let c = cov.alpha[j * cov.w + i];
                if c <= 0.0 {
                    continue;
                }
                let (dx, dy) = turn(&transform, cov.x0 + i as i32, cov.y0 + j as i32);
                let (x, y) = (pos.0 + dx, pos.1 + dy);
                if x < 0 || y < 0 || x >= w as i32 || y >= h as i32 {
                    continue;
                }
                self.0.draw_pixel(
                    (x, y),
                    BackendColor {
                        alpha: color.alpha * c as f64,
                        rgb: color.rgb,
                    },
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::theme;
    use plotters::prelude::*;
    use plotters::style::text_anchor::Pos;

    const W: u32 = 400;
    const H: u32 = 300;

    /// A text style of the embedded font at `size`, black, anchored by `h`/`v`.
    fn style(size: f64, h: HPos, v: VPos) -> TextStyle<'static> {
        TextStyle::from((theme::FAMILY, size).into_font())
            .color(&BLACK)
            .pos(Pos::new(h, v))
    }

    /// The RGB pixels of a white W×H picture with `text` drawn through [`TextFix`].
    fn render(text: &str, style: &TextStyle<'_>, pos: (i32, i32)) -> Vec<u8> {
        let mut buf = vec![255u8; (W * H * 3) as usize];
        {
            let mut backend = TextFix(BitMapBackend::with_buffer(&mut buf, (W, H)));
            backend.draw_text(text, style, pos).unwrap();
            backend.present().unwrap();
        }
        buf
    }

    /// Whether pixel (x, y) was painted (differs from white).
    fn inked(buf: &[u8], x: u32, y: u32) -> bool {
        let i = ((y * W + x) * 3) as usize;
        buf[i..i + 3] != [255, 255, 255]
    }

    /// Runs of consecutive columns holding ink, as inclusive (first, last) columns.
    fn column_runs(buf: &[u8]) -> Vec<(u32, u32)> {
        let mut runs: Vec<(u32, u32)> = Vec::new();
        for x in 0..W {
            if (0..H).any(|y| inked(buf, x, y)) {
                match runs.last_mut() {
                    Some(run) if run.1 + 1 == x => run.1 = x,
                    _ => runs.push((x, x)),
                }
            }
        }
        runs
    }

    /// The inclusive box (x0, y0, x1, y1) of the ink.
    fn ink_box(buf: &[u8]) -> Option<(u32, u32, u32, u32)> {
        let mut b: Option<(u32, u32, u32, u32)> = None;
        for y in 0..H {
            for x in 0..W {
                if inked(buf, x, y) {
                    b = Some(match b {
                        None => (x, y, x, y),
                        Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
                    });
                }
            }
        }
        b
    }

    // At size 48 a font unit is 48/2401 px and the advance of a Han character or a curly
    // quote (2048 units) is 40.943 px. A glyph drawn with its pen at p has ink from
    // p + xMin·s to p + xMax·s, so columns ⌊p + xMin·s⌋ ..= ⌈p + xMax·s⌉ − 1.

    #[test]
    fn glyphs_keep_their_side_bearings() {
        // 吕 xMin/xMax 256/1784, 梁 96/1952, 日 352/1688, 报 80/1952; pens at 10 + k·40.943:
        // 吕 15.12–45.67, 梁 52.86–89.97, 日 98.92–125.63, 报 134.43–171.85. Gaps of
        // 6, 8 and 8 empty columns (plotters 0.3.7 drew 吕 at 10–40.5 and 梁 at 50–87).
        let buf = render("吕梁日报", &style(48.0, HPos::Left, VPos::Top), (10, 10));
        assert_eq!(
            column_runs(&buf),
            vec![(15, 45), (52, 89), (98, 125), (134, 171)]
        );
    }

    #[test]
    fn curly_quotes_hug_the_words_they_quote() {
        // “ has xMin/xMax 1168/1872 (its ink at the right of its box), ” 176/880; 健 80/1944,
        // 康 266/2128 (reaching into the next box), 码 80/1912: “ 33.35–47.42, 健 52.54–89.81,
        // 康 93.49–130.91, 码 134.43–171.05, ” 177.29–191.36. plotters 0.3.7 drew “ at
        // 10–24, leaving 25 empty columns before 健; now there are 4, then 3, 3 and 5.
        let buf = render("“健康码”", &style(48.0, HPos::Left, VPos::Top), (10, 10));
        // (each quote is two marks, so two runs)
        assert_eq!(
            column_runs(&buf),
            vec![
                (33, 38),
                (41, 47),
                (52, 89),
                (93, 130),
                (134, 171),
                (177, 182),
                (185, 191)
            ]
        );
    }

    #[test]
    fn anchors_place_the_ink_as_the_svg_does() {
        // 日 at size 48: advance 40.943, ink x 7.04–33.75 and y −31.35–3.68 about the pen
        // and baseline. Pen x: anchor (Left), anchor − 20.47 (Center), anchor − 40.94
        // (Right). Baseline y: anchor + 24 (Top), + 24 − 19 (Center), + 24 − 38 (Bottom),
        // with h = ⌊48/1.24⌋ = 38.
        let xs = [
            (HPos::Left, (107, 133)),
            (HPos::Center, (86, 113)),
            (HPos::Right, (66, 92)),
        ];
        let ys = [
            (VPos::Top, (92, 127)),
            (VPos::Center, (73, 108)),
            (VPos::Bottom, (54, 89)),
        ];
        for (h, (x0, x1)) in xs {
            for (v, (y0, y1)) in ys {
                let buf = render("日", &style(48.0, h, v), (100, 100));
                assert_eq!(ink_box(&buf), Some((x0, y0, x1, y1)));
            }
        }
    }

    #[test]
    fn the_baseline_is_where_the_finished_svg_puts_it() {
        // For each anchor and a few sizes, the SVG's baseline (y + dy written by
        // webfont::finish_svg) rounds to the baseline the PNG draws on.
        for size in [13.75, 22.0, 26.0, 30.0, 44.0] {
            for v in [VPos::Top, VPos::Center, VPos::Bottom] {
                let mut svg = String::new();
                {
                    let mut b = SVGBackend::with_string(&mut svg, (200, 200));
                    b.draw_text("日", &style(size, HPos::Left, v), (0, 100))
                        .unwrap();
                }
                let svg = crate::chart::webfont::finish_svg(&svg);
                let dy_at = svg.find(" dy=\"").unwrap() + 5;
                let dy: f64 = svg[dy_at..dy_at + svg[dy_at..].find('"').unwrap()]
                    .parse()
                    .unwrap();
                assert!((dy - baseline_offset(size, v)).abs() < 0.001, "{size} {dy}");
            }
        }
    }

    #[test]
    fn turned_text_is_the_text_turned_about_its_anchor() {
        let text = "健康码 G² 10";
        let (ax, ay) = (200, 150);
        let flat = render(text, &style(22.0, HPos::Center, VPos::Center), (ax, ay));
        let turns = [
            FontTransform::Rotate90,
            FontTransform::Rotate180,
            FontTransform::Rotate270,
        ];
        for t in turns {
            let turned = render(
                text,
                &style(22.0, HPos::Center, VPos::Center).transform(t.clone()),
                (ax, ay),
            );
            let mut inked_pixels = 0;
            for y in 0..H {
                for x in 0..W {
                    let (dx, dy) = turn(&t, x as i32 - ax, y as i32 - ay);
                    let (tx, ty) = (ax + dx, ay + dy);
                    if (0..W as i32).contains(&tx) && (0..H as i32).contains(&ty) {
                        let i = ((y * W + x) * 3) as usize;
                        let j = ((ty as u32 * W + tx as u32) * 3) as usize;
                        assert_eq!(flat[i..i + 3], turned[j..j + 3], "{x} {y}");
                    }
                    inked_pixels += inked(&flat, x, y) as usize;
                }
            }
            assert!(inked_pixels > 500);
        }
        // Rotate270 reads upwards from the anchor, Rotate90 downwards. 健 at 22 px: ink
        // x 0.73–17.81 from the pen (columns 0..=17), y −12.17–4.69 about a baseline 3 px
        // below a centre anchor (11 − ⌊17/2⌋; rows −13..=4). Turned a quarter to the left
        // these become rows −18..=−1 and columns −13..=4 about the anchor; to the right,
        // rows 0..=17 and columns −5..=12.
        let up = style(22.0, HPos::Left, VPos::Center).transform(FontTransform::Rotate270);
        let (x, y) = (ax as u32, ay as u32);
        assert_eq!(
            ink_box(&render("健", &up, (ax, ay))),
            Some((x - 13, y - 18, x + 4, y - 1))
        );
        let down = style(22.0, HPos::Left, VPos::Center).transform(FontTransform::Rotate90);
        assert_eq!(
            ink_box(&render("健", &down, (ax, ay))),
            Some((x - 5, y, x + 12, y + 17))
        );
        // what follows goes further up: the rows of 健 are the same with "健 1"
        let alone = render("健", &up, (ax, ay));
        let more = render("健 1", &up, (ax, ay));
        let row = |b: &[u8], r: u32| b[(r * W * 3) as usize..((r + 1) * W * 3) as usize].to_vec();
        for r in y - 18..=y + 5 {
            assert_eq!(row(&alone, r), row(&more, r), "row {r}");
        }
        let (_, top, _, _) = ink_box(&more).unwrap();
        assert!(top < y - 25, "{top}");
    }

    #[test]
    fn measures_as_plotters_measures() {
        theme::register_fonts();
        let mut buf = vec![255u8; (W * H * 3) as usize];
        let plain = BitMapBackend::with_buffer(&mut buf, (W, H));
        let mut other = vec![255u8; (W * H * 3) as usize];
        let fixed = TextFix(BitMapBackend::with_buffer(&mut other, (W, H)));
        for text in [
            "",
            "吕梁日报",
            "“健康码”",
            "G² (log-likelihood)",
            "0.05",
            "issue date",
        ] {
            for size in [11.0, 13.75, 22.0, 26.0, 44.0, 88.0] {
                let s = style(size, HPos::Left, VPos::Top);
                assert_eq!(
                    fixed.estimate_text_size(text, &s).unwrap(),
                    plain.estimate_text_size(text, &s).unwrap(),
                    "{text} at {size}"
                );
            }
        }
        // 4 Han characters at 48: 4 × 40.943 = 163.77; height ⌊48/1.24⌋.
        let s = style(48.0, HPos::Left, VPos::Top);
        assert_eq!(fixed.estimate_text_size("吕梁日报", &s).unwrap(), (163, 38));
    }

    #[test]
    fn blends_coverage_in_the_text_colour() {
        let s = style(48.0, HPos::Left, VPos::Top).color(&theme::TEXT);
        let buf = render("日报", &s, (10, 10));
        let pixels: Vec<&[u8]> = buf.chunks(3).filter(|p| *p != [255, 255, 255]).collect();
        // fully covered pixels take the colour exactly; edges are lighter, never darker
        assert!(pixels.iter().any(|p| *p == [34, 34, 34]));
        assert!(
            pixels
                .iter()
                .all(|p| p[0] >= 34 && p[0] == p[1] && p[1] == p[2])
        );
        assert!(pixels.iter().any(|p| p[0] > 34 && p[0] < 255));
        // half-transparent text never paints darker than half-way
        let half_black = BLACK.mix(0.5);
        let half = style(48.0, HPos::Left, VPos::Top).color(&half_black);
        let buf = render("日报", &half, (10, 10));
        assert!(buf.iter().all(|&c| c >= 127));
        assert!(buf.iter().any(|&c| c < 130));
    }

    #[test]
    fn text_off_the_canvas_is_clipped_and_drawing_repeats_exactly() {
        let s = style(30.0, HPos::Left, VPos::Top);
        for pos in [(-20, -20), (W as i32 - 5, H as i32 - 5), (-1000, 40)] {
            render("核酸检测 per 10,000", &s, pos);
        }
        let a = render("核酸检测 “健康码” G² ≥ 3.84", &s, (3, 100));
        let b = render("核酸检测 “健康码” G² ≥ 3.84", &s, (3, 100));
        assert!(a == b);
        assert!(ink_box(&a).is_some());
        // whitespace only: nothing drawn
        assert_eq!(ink_box(&render("  ", &s, (3, 100))), None);
    }
}
