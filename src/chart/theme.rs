//! The look shared by every chart: the embedded font, the palette and the sizes. The font
//! lives here and nowhere else.
//!
//! Font: WenQuanYi Micro Hei (Apache-2.0), face 0, cut down to GBK + Latin-1 + punctuation
//! by `scripts/make-font` (`assets/fonts/`). It is compiled into the binary, so that Chinese
//! labels render on a machine with no CJK font, and registered with plotters' `ab_glyph`
//! text renderer under [`FAMILY`], the name every chart draws with. In SVG the same name is
//! the `font-family` list: a viewer that has one of the named system fonts may use it, and
//! `webfont` embeds the glyphs a chart uses so that a viewer without any CJK font shows them.
//!
//! Palette: Okabe & Ito (2008), "Color Universal Design", distinguishable by readers with
//! the common colour-vision deficiencies; lines and bars also differ in lightness, so that
//! they stay apart in greyscale.

use std::sync::OnceLock;

use plotters::style::{FontStyle, RGBColor, register_font};

/// The embedded font (TrueType).
pub static FONT: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei-gbk.ttf");

/// The family name the charts draw with: the embedded font first, then system CJK fonts a
/// viewer of the SVG may have. Registered under exactly this string for PNG rendering.
pub const FAMILY: &str = "zhcorpus CJK, 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', sans-serif";

/// The first family of [`FAMILY`], the name of the embedded font in SVG `@font-face` rules.
pub const EMBEDDED_FAMILY: &str = "zhcorpus CJK";

/// Register the embedded font with plotters (once per process).
pub fn register_fonts() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        // The font is a valid TrueType file compiled in; registering it cannot fail unless
        // the asset is corrupt, which the tests would catch.
        let _ = register_font(FAMILY, FontStyle::Normal, FONT);
        let _ = register_font(FAMILY, FontStyle::Bold, FONT);
    });
}

/// Okabe–Ito colours, in the order series take them (black last: it is the text colour).
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(230, 159, 0),   // orange
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(240, 228, 66),  // yellow
];

/// The colour of series `i` (cycling through the palette).
pub fn series_color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// `color` mixed with white, `amount` of the way (0 = unchanged, 1 = white): a lighter
/// shade of a palette colour that keeps its hue.
pub fn tint(color: RGBColor, amount: f64) -> RGBColor {
    let mix = |c: u8| (c as f64 + (255.0 - c as f64) * amount).round() as u8;
    RGBColor(mix(color.0), mix(color.1), mix(color.2))
}

/// Text and axis colour, and the light grid.
pub const TEXT: RGBColor = RGBColor(34, 34, 34);
pub const MUTED: RGBColor = RGBColor(102, 102, 102);
pub const GRID: RGBColor = RGBColor(225, 225, 225);
pub const BACKGROUND: RGBColor = RGBColor(255, 255, 255);

/// Sizes in pixels for a canvas, scaled from the 1600×1000 default so that a chart reads
/// the same at any `--chart-size` (and at slide size: the smallest text is 22 px of 1000).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sizes {
    pub title: f64,
    pub subtitle: f64,
    pub axis_title: f64,
    pub label: f64,
    pub small: f64,
    pub margin: f64,
    pub line: u32,
}

impl Sizes {
    pub fn for_canvas(width: u32, height: u32) -> Self {
        let s = (width as f64 / 1600.0)
            .min(height as f64 / 1000.0)
            .max(0.25);
        Sizes {
            title: 44.0 * s,
            subtitle: 28.0 * s,
            axis_title: 30.0 * s,
            label: 26.0 * s,
            small: 22.0 * s,
            margin: 24.0 * s,
            line: ((3.0 * s).round() as u32).max(1),
        }
    }
}
