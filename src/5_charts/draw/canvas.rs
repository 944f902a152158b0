//! The drawing surface of a chart: plotters' SVG backend with the few shapes and the text
//! the charts use, the colours, and the area a chart's body is drawn in.

use plotters::backend::{DrawingBackend, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, IntoFont, RGBColor, ShapeStyle, TextStyle};

use crate::input::fonts::{CHART_FONT_STACK, Measure};
use crate::input::reader::rgb;

/// The size a chart is drawn at, and its text: the wide layout the PDF, the PNG and the site
/// on a wide screen show, and the narrow one a phone shows, each sized so that its text is
/// legible where it is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Layout {
    /// The width, in SVG user units (pixels at 100%).
    pub width: u32,
    /// Axis ticks, legends, captions under key figures.
    pub small: f64,
    /// Category labels and the figures on bars.
    pub label: f64,
    /// Drawn for a phone: bars turn sideways, key figures go two to a row, pie slices are
    /// named in a legend beneath.
    pub narrow: bool,
}

/// The PDF shows a chart 156 mm (442 pt) wide, so 15 units print at 9.2 pt; a wide screen
/// shows it about 660 px wide, so at about 14 px.
pub(crate) const WIDE: Layout = Layout { width: 720, small: 15.0, label: 16.0, narrow: false };
/// A 390 px phone shows a chart about 350 px wide, so 13 units show at 14.2 px; a 320 px
/// one at 11.4 px.
pub(crate) const NARROW: Layout = Layout { width: 320, small: 13.0, label: 14.0, narrow: true };

pub(super) const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
pub(super) const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
pub(super) const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

/// Black or white, whichever reads better on `background` (WCAG relative luminance).
pub(super) fn text_on(background: RGBColor) -> RGBColor {
    let channel = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let l = 0.2126 * channel(background.0) + 0.7152 * channel(background.1) + 0.0722 * channel(background.2);
    // Contrast with white is (1.05)/(l+0.05); with the ink, (l+0.05)/(0.0103+0.05).
    if 1.05 / (l + 0.05) >= (l + 0.05) / 0.0603 { RGBColor(255, 255, 255) } else { INK }
}

/// `#RRGGBB` as a colour.
pub(super) fn parse_color(s: &str) -> Option<RGBColor> {
    rgb(s).map(|[r, g, b]| RGBColor(r, g, b))
}

pub(super) struct Canvas<'a> {
    pub(super) backend: SVGBackend<'a>,
    pub(super) m: &'static Measure,
    pub(super) locale: crate::input::Locale,
    pub(super) l: Layout,
}

impl Canvas<'_> {
    pub(super) fn rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, color: RGBColor) {
        let style = ShapeStyle { color: color.to_rgba(), filled: true, stroke_width: 0 };
        let _ = self.backend.draw_rect(
            (x0.round() as i32, y0.round() as i32),
            (x1.round() as i32, y1.round() as i32),
            &style,
            true,
        );
    }

    pub(super) fn line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, color: RGBColor, width: u32) {
        let style = ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: width };
        let _ = self.backend.draw_line(
            (x0.round() as i32, y0.round() as i32),
            (x1.round() as i32, y1.round() as i32),
            &style,
        );
    }

    pub(super) fn path(&mut self, points: &[(f64, f64)], color: RGBColor, width: u32) {
        let style = ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: width };
        let pts: Vec<(i32, i32)> = points.iter().map(|(x, y)| (x.round() as i32, y.round() as i32)).collect();
        let _ = self.backend.draw_path(pts, &style);
    }

    pub(super) fn polygon(&mut self, points: &[(f64, f64)], color: RGBColor) {
        let style = ShapeStyle { color: color.to_rgba(), filled: true, stroke_width: 0 };
        let pts: Vec<(i32, i32)> = points.iter().map(|(x, y)| (x.round() as i32, y.round() as i32)).collect();
        let _ = self.backend.fill_polygon(pts, &style);
    }

    pub(super) fn circle(&mut self, x: f64, y: f64, r: u32, color: RGBColor) {
        let style = ShapeStyle { color: color.to_rgba(), filled: true, stroke_width: 0 };
        let _ = self.backend.draw_circle((x.round() as i32, y.round() as i32), r, &style, true);
    }

    /// Text at (x, y): `h` is the horizontal anchor, `y` the top of the text, `paint` the
    /// colour and whether the text is bold.
    pub(super) fn text(&mut self, text: &str, x: f64, y: f64, size: f64, paint: (RGBColor, bool), h: HPos) {
        let (color, bold) = paint;
        // plotters writes font-size as size / 1.24.
        let mut font = (CHART_FONT_STACK, size * 1.24).into_font();
        if bold {
            font = font.style(FontStyle::Bold);
        }
        let style = TextStyle::from(font).color(&color).pos(Pos::new(h, VPos::Top));
        let _ = self.backend.draw_text(text, &style, (x.round() as i32, y.round() as i32));
    }

    pub(super) fn lines(&mut self, lines: &[String], x: f64, y: f64, size: f64, color: RGBColor, h: HPos) {
        for (i, l) in lines.iter().enumerate() {
            self.text(l, x, y + i as f64 * size * 1.3, size, (color, false), h);
        }
    }
}

impl Layout {
    pub(super) fn w(&self) -> f64 {
        f64::from(self.width)
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Area {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) w: f64,
    pub(super) h: f64,
}

/// Text as it may stand in an SVG attribute or element.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    text.chars().for_each(|c| escape_char(c, &mut out));
    out
}

/// One character as it may stand in XML text or an attribute value: the SVG here, the
/// site's HTML too.
pub(crate) fn escape_char(c: char, out: &mut String) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The width the PDF's type area gives a chart, in points (156 mm).
    const PDF_WIDTH_PT: f64 = 156.0 / 25.4 * 72.0;

    #[test]
    fn chart_text_is_legible_where_each_layout_is_shown() {
        // The PDF prints the wide layout across its type area: at least 9 pt.
        assert!(WIDE.small * PDF_WIDTH_PT / WIDE.w() >= 9.0);
        // A phone shows the narrow one 280 px (320 px phone) to 350 px wide: at least 11 px.
        assert!(NARROW.small * 280.0 / NARROW.w() >= 11.0);
    }
}
