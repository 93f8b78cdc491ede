//! The embedded font for browsers: SVG charts and the HTML report show Chinese on a machine
//! with no CJK font, while their text stays text (searchable, selectable, editable).
//!
//! - [`subset_font`] cuts the embedded font ([`theme::FONT`]) down to the glyphs of the
//!   given characters (with `allsorts`, keeping a Unicode `cmap`, which browsers need to map
//!   characters to glyphs), and [`font_face_css`] wraps it as a data-URL `@font-face` under
//!   [`theme::EMBEDDED_FAMILY`], the first family of [`theme::FAMILY`]. About 200 characters
//!   make a font of a few dozen kilobytes, against 3 MB for the whole font.
//! - [`finish_svg`] post-processes an SVG written by plotters' `SVGBackend`: it embeds the
//!   font for the characters of its `<text>` elements and sizes and places the text as
//!   plotters' bitmap backend draws it, so that the SVG in a browser matches the PNG.
//! - [`missing_glyphs`] names the characters the embedded font lacks (they would show as
//!   empty boxes in the PNG), so that callers can warn.
//!
//! Text size. The bitmap backend draws with `ab_glyph` at `PxScale(size)`, i.e. with the
//! font's ascent − descent scaled to `size` pixels: the em is `size × unitsPerEm /
//! (ascent − descent)` = `size × 2048/2401` for this font (hhea 1918 / −483). The SVG
//! backend writes `font-size = size / 1.24`, which a browser takes as the em, so its text
//! is 5.5 % smaller than the PNG's; [`finish_svg`] writes `font-size = size × 2048/2401`.
//!
//! Text position. The bitmap backend puts the baseline `size/2` below the anchor for a
//! top-anchored text, and moves centre- and bottom-anchored text up by half or all of its
//! layout height `h = ⌊size/1.24⌋`; the SVG backend writes `dy` as `0.76em`, `0.5ex` and
//! `-0.5ex` instead. [`finish_svg`] replaces these with the bitmap backend's offsets in
//! pixels (`size/2`, `size/2 − ⌊h/2⌋`, `size/2 − h`).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId};
use allsorts::binary::read::ReadScope;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use allsorts::tables::OpenTypeFont;
use base64::Engine;

use crate::chart::theme;
use crate::error::{Error, Result};

/// The embedded font as `ab_glyph` (plotters' PNG text renderer) reads it.
fn embedded() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| {
        // A compiled-in TrueType file; the tests parse it, so this cannot fail at run time.
        FontRef::try_from_slice(theme::FONT).expect("the embedded font is a valid TrueType file")
    })
}

/// The em of the embedded font as a fraction of the `PxScale` the bitmap backend draws
/// with: `unitsPerEm / (ascent − descent)` = 2048/2401 ≈ 0.853.
pub fn em_per_px_scale() -> f64 {
    let font = embedded();
    let upem = font.units_per_em().unwrap_or(2048.0) as f64;
    upem / font.height_unscaled() as f64
}

/// The characters of `text` that the embedded font has no glyph for (they would render as
/// its empty `.notdef` in a PNG), in order of first appearance, each once. Whitespace and
/// control characters are ignored.
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let font = embedded();
    let mut seen = BTreeSet::new();
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .filter(|&c| font.glyph_id(c) == GlyphId(0))
        .filter(|&c| seen.insert(c))
        .collect()
}

/// A TrueType font with the glyphs of `chars` that the embedded font has (characters it
/// lacks are left out, to fall back on the viewer's fonts), `.notdef`, and a Unicode `cmap`
/// (format 4, or 12 beyond the BMP) for them. Metrics (units per em, ascent, descent,
/// advances) are those of the embedded font. The same characters give the same bytes.
pub fn subset_font(chars: &BTreeSet<char>) -> Result<Vec<u8>> {
    let font = embedded();
    // .notdef first (required), then the glyphs in character order, each once.
    let mut seen = BTreeSet::from([0u16]);
    let mut glyphs = vec![0u16];
    for &c in chars {
        let GlyphId(id) = font.glyph_id(c);
        if seen.insert(id) {
            glyphs.push(id);
        }
    }
    let failed = |e: &dyn std::fmt::Display| {
        Error::input(
            "<embedded font>",
            format!("subsetting the embedded font failed: {e}"),
        )
    };
    let file = ReadScope::new(theme::FONT)
        .read::<OpenTypeFont<'_>>()
        .map_err(|e| failed(&e))?;
    let provider = file.table_provider(0).map_err(|e| failed(&e))?;
    subset(
        &provider,
        &glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| failed(&e))
}

/// An `@font-face` rule for [`theme::EMBEDDED_FAMILY`] holding the glyphs of `chars`
/// ([`subset_font`]) as a base64 data URL, for a `<style>` element of an SVG or HTML page.
pub fn font_face_css(chars: &BTreeSet<char>) -> String {
    match subset_font(chars) {
        Ok(font) => format!(
            "@font-face{{font-family:'{}';src:url(data:font/ttf;base64,{}) format('truetype');}}",
            theme::EMBEDDED_FAMILY,
            base64::engine::general_purpose::STANDARD.encode(font)
        ),
        // Cannot happen with the compiled-in font (tested); the page then falls back on
        // the viewer's fonts rather than failing.
        Err(e) => format!("/* {} */", e.to_string().replace("*/", "* /")),
    }
}

/// Finish an SVG written by plotters' `SVGBackend`: embed the glyphs of its `<text>`
/// elements as an `@font-face` in a `<style>` right after the opening `<svg>` tag, and give
/// every `<text>` the `font-size` and `dy` at which a browser draws it as the PNG shows it
/// (see the module documentation). Everything else is kept byte for byte; an SVG without
/// text is returned unchanged.
pub fn finish_svg(svg: &str) -> String {
    // The end of the opening <svg ...> tag (and of its line).
    let Some(open) = svg
        .find("<svg")
        .and_then(|i| svg[i..].find('>').map(|j| i + j + 1))
    else {
        return svg.to_string();
    };
    let open = if svg[open..].starts_with('\n') {
        open + 1
    } else {
        open
    };
    let (head, body) = svg.split_at(open);

    let mut chars = BTreeSet::new();
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("<text") {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        let is_text_tag = matches!(
            from.as_bytes().get(5),
            Some(b' ' | b'\n' | b'\t' | b'\r' | b'>')
        );
        let Some(end) = from.find('>').filter(|_| is_text_tag) else {
            out.push_str("<text");
            rest = &from[5..];
            continue;
        };
        let tag = &from[..=end];
        out.push_str(&rewrite_text_tag(tag));
        let after = &from[end + 1..];
        let content_len = if tag.ends_with("/>") {
            0
        } else {
            after.find("</text>").unwrap_or(after.len())
        };
        let content = &after[..content_len];
        collect_chars(content, &mut chars);
        out.push_str(content);
        rest = &after[content_len..];
    }
    out.push_str(rest);

    if chars.is_empty() {
        return svg.to_string();
    }
    let mut finished = String::with_capacity(svg.len() + 4096);
    finished.push_str(head);
    finished.push_str("<style>");
    finished.push_str(&font_face_css(&chars));
    finished.push_str("</style>\n");
    finished.push_str(&out);
    finished
}

/// The value of attribute `name` in a start tag: its byte range inside `tag`.
fn attr_range(tag: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(start..start + len)
}

/// A plotters `<text>` start tag with the PNG's font size and baseline offset.
fn rewrite_text_tag(tag: &str) -> String {
    let Some(size_at) = attr_range(tag, "font-size") else {
        return tag.to_string();
    };
    // plotters writes font-size = size / 1.24, its "pixels per em".
    let Some(svg_size) = tag[size_at.clone()]
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
    else {
        return tag.to_string();
    };
    let size = svg_size * 1.24;
    let mut edits = vec![(size_at, fmt_num(size * em_per_px_scale()))];
    if let Some(dy_at) = attr_range(tag, "dy") {
        // The bitmap backend: baseline at size/2 below the top of the layout box, whose
        // height is h = (size / 1.24) truncated to whole pixels.
        let h = svg_size.trunc();
        let dy = match &tag[dy_at.clone()] {
            "0.76em" => Some(size / 2.0),
            "0.5ex" => Some(size / 2.0 - (h / 2.0).trunc()),
            "-0.5ex" => Some(size / 2.0 - h),
            _ => None,
        };
        if let Some(dy) = dy {
            edits.push((dy_at, fmt_num(dy)));
        }
    }
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(tag.len());
    let mut at = 0;
    for (range, value) in edits {
        out.push_str(&tag[at..range.start]);
        out.push_str(&value);
        at = range.end;
    }
    out.push_str(&tag[at..]);
    out
}

/// A number with at most three decimals, without trailing zeros.
fn fmt_num(v: f64) -> String {
    let s = format!("{:.3}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// The characters of escaped XML text content (plotters writes `&lt;`, `&gt;`, `&amp;`,
/// `&quot;`, `&apos;`; numeric references are read too), without line breaks and controls.
fn collect_chars(content: &str, chars: &mut BTreeSet<char>) {
    let mut rest = content;
    while let Some(c) = rest.chars().next() {
        let entity = rest
            .strip_prefix('&')
            .and_then(|tail| {
                tail.find(';')
                    .filter(|&n| n <= 10)
                    .map(|n| (&tail[..n], &tail[n + 1..]))
            })
            .and_then(|(name, after)| unescape(name).map(|c| (c, after)));
        let (c, after) = entity.unwrap_or((c, &rest[c.len_utf8()..]));
        if !c.is_control() {
            chars.insert(c);
        }
        rest = after;
    }
}

/// The character an XML entity (`lt`, `#x4E2D`, `#20013`, ...) stands for.
fn unescape(entity: &str) -> Option<char> {
    match entity {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = entity.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Chart, ChartSize, DrawResult, to_png, to_svg};
    use plotters::coord::Shift;
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};

    const CAPTION: &str = "核酸检测 per 10,000 tokens (G² ≥ 3.84)";
    const LABELS: [&str; 4] = ["疫情防控", "核酸", "“健康码”", "《人民日报》"];

    /// A small chart with the kinds of text the real charts draw: a caption, axis titles,
    /// Chinese tick labels, texts at each vertical anchor, a rotated text, and characters
    /// that plotters escapes.
    struct Sample;

    impl Chart for Sample {
        fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
            let (w, h) = root.dim_in_pixel();
            let s = theme::Sizes::for_canvas(w, h);
            let font = |size: f64| (theme::FAMILY, size).into_font();
            let text = |size: f64, h: HPos, v: VPos| {
                TextStyle::from(font(size))
                    .color(&theme::TEXT)
                    .pos(Pos::new(h, v))
            };
            let (top, bottom) = root.split_vertically(h as f64 * 0.62);
            let mut chart = ChartBuilder::on(&top)
                .caption(CAPTION, font(s.title))
                .margin(s.margin)
                .x_label_area_size(s.label * 3.0)
                .y_label_area_size(s.label * 4.0)
                .build_cartesian_2d(0..LABELS.len() as i32, 0.0..10.0)?;
            chart
                .configure_mesh()
                .light_line_style(theme::GRID)
                .x_desc("词语 (term)")
                .y_desc("occurrences per 10,000 tokens")
                .axis_desc_style(font(s.axis_title))
                .label_style(font(s.label))
                .x_labels(LABELS.len())
                .x_label_formatter(&|i| {
                    LABELS
                        .get(*i as usize)
                        .map_or(String::new(), |l| l.to_string())
                })
                .draw()?;
            chart.draw_series(LABELS.iter().enumerate().map(|(i, _)| {
                let i = i as i32;
                Rectangle::new(
                    [(i, 0.0), (i + 1, 2.0 + 2.0 * i as f64)],
                    theme::series_color(0).filled(),
                )
            }))?;
            let (w, bh) = bottom.dim_in_pixel();
            let (w, bh) = (w as i32, bh as i32);
            let y = bh / 2;
            bottom.draw(&PathElement::new(vec![(0, y), (w, y)], theme::GRID))?;
            for (i, (v, name)) in [
                (VPos::Top, "Top 顶"),
                (VPos::Center, "Center 中"),
                (VPos::Bottom, "Bottom 底"),
            ]
            .into_iter()
            .enumerate()
            {
                let x = 60 + i as i32 * w / 4;
                bottom.draw(&PathElement::new(
                    vec![(x, y - 40), (x, y + 40)],
                    theme::GRID,
                ))?;
                bottom.draw_text(name, &text(s.label, HPos::Left, v), (x, y))?;
            }
            bottom.draw_text(
                "右对齐 'quoted' <G²> & “引号”",
                &text(s.small, HPos::Right, VPos::Top),
                (w - 20, 10),
            )?;
            bottom.draw_text(
                "居中 centred —…、（）",
                &text(s.small, HPos::Center, VPos::Bottom),
                (w / 2, bh - 10),
            )?;
            bottom.draw_text(
                "旋转 rotated",
                &text(s.label, HPos::Center, VPos::Center).transform(FontTransform::Rotate270),
                (w - 30, y),
            )?;
            Ok(())
        }
    }

    /// The SVG as plotters writes it, before [`finish_svg`].
    fn raw_svg(chart: &impl Chart, size: ChartSize) -> String {
        theme::register_fonts();
        let mut svg = String::new();
        {
            let root =
                SVGBackend::with_string(&mut svg, (size.width, size.height)).into_drawing_area();
            root.fill(&theme::BACKGROUND).unwrap();
            chart.draw(&root).unwrap();
            root.present().unwrap();
        }
        svg
    }

    /// The font embedded in a finished SVG or CSS rule.
    fn embedded_font(css: &str) -> Vec<u8> {
        let start = css.find("base64,").expect("a data URL") + "base64,".len();
        let len = css[start..].find(')').expect("end of the data URL");
        base64::engine::general_purpose::STANDARD
            .decode(&css[start..start + len])
            .unwrap()
    }

    fn set(text: &str) -> BTreeSet<char> {
        text.chars().collect()
    }

    #[test]
    fn the_font_metrics_give_the_documented_scale() {
        let font = embedded();
        assert_eq!(font.units_per_em(), Some(2048.0));
        assert_eq!(font.height_unscaled(), 2401.0);
        assert_eq!(em_per_px_scale(), 2048.0 / 2401.0);
    }

    #[test]
    fn subset_maps_exactly_the_requested_characters() {
        let full = embedded();
        let chars = set(CAPTION);
        let bytes = subset_font(&chars).unwrap();
        let sub = FontRef::try_from_slice(&bytes).expect("the subset parses");
        let distinct: BTreeSet<GlyphId> = chars.iter().map(|&c| full.glyph_id(c)).collect();
        assert!(
            !distinct.contains(&GlyphId(0)),
            "the full font has every caption character"
        );
        // The glyphs, .notdef, and the components of composite glyphs (most Han glyphs of
        // this font are built from two components).
        assert!(sub.glyph_count() > distinct.len(), "{}", sub.glyph_count());
        assert!(
            sub.glyph_count() <= 3 * distinct.len() + 1,
            "{}",
            sub.glyph_count()
        );
        assert_eq!(sub.units_per_em(), full.units_per_em());
        assert_eq!(sub.height_unscaled(), full.height_unscaled());
        for &c in &chars {
            let g = sub.glyph_id(c);
            assert_ne!(g, GlyphId(0), "{c:?} is mapped");
            let f = full.glyph_id(c);
            assert_eq!(
                sub.h_advance_unscaled(g),
                full.h_advance_unscaled(f),
                "advance of {c:?}"
            );
            assert_eq!(
                sub.outline(g).map(|o| o.bounds),
                full.outline(f).map(|o| o.bounds),
                "outline of {c:?}"
            );
        }
        // Han characters the full font has but that were not asked for are not in the subset.
        for c in ['疫', '情', '中'] {
            assert_ne!(full.glyph_id(c), GlyphId(0));
            assert_eq!(sub.glyph_id(c), GlyphId(0), "{c:?} is not in the subset");
        }
        assert_eq!(subset_font(&chars).unwrap(), bytes, "deterministic");
    }

    #[test]
    fn subset_leaves_out_characters_the_font_lacks() {
        let bytes = subset_font(&set("核😀𠀀")).unwrap();
        let sub = FontRef::try_from_slice(&bytes).unwrap();
        // .notdef, 核 and its two components.
        assert_eq!(sub.glyph_count(), 4);
        assert_ne!(sub.glyph_id('核'), GlyphId(0));
        assert_eq!(sub.glyph_id('😀'), GlyphId(0));
        // No characters: .notdef alone, still a valid font.
        let empty = subset_font(&BTreeSet::new()).unwrap();
        assert_eq!(FontRef::try_from_slice(&empty).unwrap().glyph_count(), 1);
    }

    #[test]
    fn subset_of_a_report_page_is_small() {
        // About 200 distinct characters, as on a report page.
        let text: String = (0x4E00u32..0x4E00 + 180)
            .filter_map(char::from_u32)
            .chain((' '..='~').take(40))
            .collect();
        let chars = set(&text);
        assert!(chars.len() >= 200);
        let bytes = subset_font(&chars).unwrap();
        assert!(bytes.len() < 120_000, "{} bytes", bytes.len());
        assert!(
            bytes.len() > 20_000,
            "{} bytes: glyphs are in it",
            bytes.len()
        );
    }

    #[test]
    fn subset_of_every_character_of_the_font_works() {
        // The largest page possible: all 22 000 characters.
        let all: BTreeSet<char> = embedded().codepoint_ids().map(|(_, c)| c).collect();
        assert!(all.len() > 20_000);
        let bytes = subset_font(&all).unwrap();
        let sub = FontRef::try_from_slice(&bytes).unwrap();
        for c in ['核', '龥', 'A', '€', '…'] {
            assert_eq!(
                sub.glyph_id(c) == GlyphId(0),
                embedded().glyph_id(c) == GlyphId(0)
            );
        }
    }

    #[test]
    fn font_face_css_is_one_deterministic_rule() {
        let chars = set(CAPTION);
        let css = font_face_css(&chars);
        assert!(
            css.starts_with("@font-face{font-family:'zhcorpus CJK';src:url(data:font/ttf;base64,")
        );
        assert!(css.ends_with(") format('truetype');}"));
        assert_eq!(css.matches("@font-face").count(), 1);
        assert_eq!(embedded_font(&css), subset_font(&chars).unwrap());
        assert_eq!(font_face_css(&chars), css);
        assert_ne!(font_face_css(&set("核酸")), css);
    }

    #[test]
    fn finish_svg_embeds_the_glyphs_and_keeps_the_text() {
        let size = ChartSize::default();
        let raw = raw_svg(&Sample, size);
        let svg = to_svg(&Sample, size).unwrap();
        assert_eq!(svg, finish_svg(&raw), "to_svg finishes the SVG");
        assert_eq!(to_svg(&Sample, size).unwrap(), svg, "deterministic");

        // The Chinese stays text; one @font-face in one <style>, right after <svg ...>.
        for label in LABELS.iter().chain([&CAPTION]) {
            assert!(
                svg.contains(&format!(">\n{label}\n</text>")),
                "{label} as text"
            );
        }
        assert_eq!(svg.matches("@font-face").count(), 1);
        assert_eq!(svg.matches("<style>").count(), 1);
        let first_line_end = svg.find('\n').unwrap() + 1;
        assert!(svg[..first_line_end].starts_with("<svg "));
        assert!(svg[first_line_end..].starts_with("<style>@font-face{font-family:'zhcorpus CJK';"));

        // The font maps every character of every text, unescaped, and nothing else Han.
        let font_bytes = embedded_font(&svg);
        let font = FontRef::try_from_slice(&font_bytes).unwrap();
        for c in "核酸检测疫情防控顶中底右对齐旋转居中“”《》—…、（）'<>&G²≥".chars()
        {
            assert_ne!(font.glyph_id(c), GlyphId(0), "{c:?} embedded");
        }
        for c in ['国', '经', '济'] {
            assert_eq!(font.glyph_id(c), GlyphId(0), "{c:?} not used, not embedded");
        }
        assert!(!svg.contains("&amp;apos;"), "escapes are kept as they were");
        assert!(svg.contains("&apos;quoted&apos; &lt;G²&gt; &amp;"));

        // Sizes: plotters writes size / 1.24; the PNG's em is size × 2048/2401.
        let plotters_size = |size: f64| format!("font-size=\"{}\"", size / 1.24);
        assert!(
            raw.contains(&plotters_size(44.0)),
            "the caption at 44 px in plotters' SVG"
        );
        assert!(!svg.contains(&plotters_size(44.0)));
        assert!(!svg.contains(&plotters_size(26.0)));
        // 44 × 2048/2401 = 37.5310; 26 × … = 22.1774; 30 × … = 25.5893; 22 × … = 18.7655.
        assert!(svg.contains("font-size=\"37.531\""), "caption");
        assert!(svg.contains("font-size=\"22.177\""), "labels");
        assert!(svg.contains("font-size=\"25.589\""), "axis titles");
        assert!(svg.contains("font-size=\"18.766\""), "small text");
        assert_eq!(
            svg.matches("font-size=\"").count(),
            raw.matches("font-size=\"").count(),
            "every text keeps one size"
        );
        // Baselines as the bitmap backend places them (26 px: h = 20).
        assert!(
            svg.contains("dy=\"13\" text-anchor=\"start\" font-family"),
            "top: 26/2"
        );
        assert!(
            svg.contains("dy=\"3\" text-anchor=\"start\""),
            "centre: 13 − 10"
        );
        assert!(
            svg.contains("dy=\"-7\" text-anchor=\"start\""),
            "bottom: 13 − 20"
        );
        assert!(
            !svg.contains("dy=\"0.76em\"")
                && !svg.contains("dy=\"0.5ex\"")
                && !svg.contains("dy=\"-0.5ex\"")
        );

        // Everything else is byte for byte plotters' output.
        let without_style: Vec<&str> = svg.lines().filter(|l| !l.starts_with("<style>")).collect();
        let raw_lines: Vec<&str> = raw.lines().collect();
        assert_eq!(without_style.len(), raw_lines.len());
        let strip = |line: &str| {
            let mut line = line.to_string();
            for name in ["font-size", "dy"] {
                if let Some(r) = attr_range(&line, name) {
                    line.replace_range(r, "");
                }
            }
            line
        };
        for (a, b) in without_style.iter().zip(&raw_lines) {
            if a.starts_with("<text ") {
                assert_eq!(strip(a), strip(b));
                assert_ne!(a, b, "a text tag is rewritten");
            } else {
                assert_eq!(a, b);
            }
        }

        // For looking at it in a browser: ZHCORPUS_WEBFONT_DEMO=/tmp/dir cargo test ...
        if let Ok(dir) = std::env::var("ZHCORPUS_WEBFONT_DEMO") {
            let dir = std::path::Path::new(&dir);
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join("sample-plotters.svg"), &raw).unwrap();
            for size in [
                size,
                ChartSize {
                    width: 800,
                    height: 500,
                },
            ] {
                let name = format!("sample-{}x{}", size.width, size.height);
                let svg = to_svg(&Sample, size).unwrap();
                std::fs::write(dir.join(format!("{name}.svg")), svg).unwrap();
                std::fs::write(
                    dir.join(format!("{name}.png")),
                    to_png(&Sample, size).unwrap(),
                )
                .unwrap();
            }
        }
    }

    #[test]
    fn finish_svg_leaves_an_svg_without_text_alone() {
        let svg = "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect x=\"0\" y=\"0\" width=\"10\" height=\"10\" fill=\"#FFFFFF\"/>\n</svg>\n";
        assert_eq!(finish_svg(svg), svg);
        assert_eq!(
            finish_svg("not an svg <text>核</text>"),
            "not an svg <text>核</text>"
        );
    }

    #[test]
    fn collect_chars_unescapes() {
        let mut chars = BTreeSet::new();
        collect_chars(
            "\n&lt;a&gt; &amp;&quot;&apos; &#x4E2D;&#22269; &bogus; 核\n",
            &mut chars,
        );
        assert_eq!(chars, set("<a> &\"' 中国&bogus;核"));
    }

    #[test]
    fn rewrite_text_tag_matches_the_bitmap_backend() {
        let tag = format!(
            "<text x=\"5\" y=\"7\" dy=\"0.5ex\" text-anchor=\"middle\" font-family=\"f\" font-size=\"{}\" opacity=\"1\" fill=\"#000000\">",
            100.0 / 1.24
        );
        // 100 × 2048/2401 = 85.2978; h = ⌊80.645⌋ = 80; dy = 50 − 40.
        assert_eq!(
            rewrite_text_tag(&tag),
            "<text x=\"5\" y=\"7\" dy=\"10\" text-anchor=\"middle\" font-family=\"f\" font-size=\"85.298\" opacity=\"1\" fill=\"#000000\">"
        );
        let odd = "<text dy=\"1em\" font-size=\"x\">";
        assert_eq!(rewrite_text_tag(odd), odd);
    }

    /// The PNG path: every character a chart label typically holds has a real glyph in the
    /// embedded font, as plotters' ab_glyph renderer rasterises it (glyph 0 is .notdef).
    #[test]
    fn png_labels_have_no_missing_glyphs() {
        const LABEL: &str = "核酸检测疫情防控 per 10,000 tokens G² ≥ 3.84 —…、（）《》“”";
        let font = FontRef::try_from_slice(theme::FONT).unwrap();
        for c in LABEL.chars().filter(|c| !c.is_whitespace()) {
            let glyph = font.glyph_id(c);
            assert_ne!(glyph, GlyphId(0), "{c:?} ({:04X}) has a glyph", c as u32);
            assert!(
                font.outline_glyph(glyph.with_scale(26.0)).is_some(),
                "{c:?} has ink"
            );
        }
        assert_eq!(missing_glyphs(LABEL), Vec::<char>::new());
        // Negative control: an emoji and a CJK Extension B character are outside GBK.
        assert_eq!(font.glyph_id('😀'), GlyphId(0));
        assert_eq!(missing_glyphs("核😀 a𠀀😀\n"), vec!['😀', '𠀀']);
    }
}
