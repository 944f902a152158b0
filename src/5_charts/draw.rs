//! Drawing charts as SVG with plotters' SVG backend. Layout is computed here, with text
//! measured in the bundled face, so Chinese labels neither overlap nor clip; every element is
//! drawn in a fixed order so the bytes are the same on every build.

use plotters::backend::{DrawingBackend, SVGBackend};
use plotters::style::RGBColor;
use plotters::style::text_anchor::HPos;

mod canvas;
mod kinds;

use super::model::{Chart, Data, Kind};
use crate::input::fonts::Measure;

use canvas::{Area, Canvas, INK, MUTED, SMALL, escape, parse_color};
pub(crate) use canvas::{WIDTH, escape_char};
use kinds::{bars, hbar_row, hbars, kpi, kpi_columns, line, pie, stacked};

/// What to draw besides the chart itself.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame<'a> {
    /// Title and source line drawn into the image (for PNGs that travel alone).
    pub heading: Option<(&'a str, &'a str)>,
    /// The text alternative, written as the SVG's `<title>`.
    pub alt: &'a str,
    /// The theme's series colours, used when the chart names none.
    pub palette: &'a [String],
}

/// Draws a chart as SVG.
pub(crate) fn svg(chart: &Chart, frame: Frame<'_>) -> String {
    let m = Measure::sans();
    let body = body_height(chart, m);
    let (head, foot) = match frame.heading {
        Some((title, source)) => {
            let t = m.wrap(title, 22.0, f64::from(WIDTH) - 48.0).len() as f64;
            let s = m.wrap(source, SMALL, f64::from(WIDTH) - 48.0).len() as f64;
            (24.0 + t * 30.0 + 8.0, 12.0 + s * SMALL * 1.3 + 16.0)
        }
        None => (0.0, 0.0),
    };
    let height = (head + body + foot).ceil() as u32;
    let mut buf = String::new();
    {
        let mut c =
            Canvas { backend: SVGBackend::with_string(&mut buf, (WIDTH, height)), m, locale: chart.locale };
        c.rect(0.0, 0.0, f64::from(WIDTH), f64::from(height), RGBColor(255, 255, 255));
        if let Some((title, source)) = frame.heading {
            let lines = m.wrap(title, 22.0, f64::from(WIDTH) - 48.0);
            for (i, l) in lines.iter().enumerate() {
                c.text(l, 24.0, 20.0 + i as f64 * 30.0, 22.0, (INK, true), HPos::Left);
            }
            let src = m.wrap(source, SMALL, f64::from(WIDTH) - 48.0);
            c.lines(&src, 24.0, head + body + 12.0, SMALL, MUTED, HPos::Left);
        }
        let palette: Vec<RGBColor> = if chart.colors.is_empty() {
            frame.palette.iter().filter_map(|s| parse_color(s)).collect()
        } else {
            chart.colors.iter().filter_map(|s| parse_color(s)).collect()
        };
        let area = Area { x: 24.0, y: head + 8.0, w: f64::from(WIDTH) - 48.0, h: body - 16.0 };
        match (&chart.data, chart.kind) {
            (Data::Items(items), Kind::Bar) => bars(&mut c, area, items, &palette, &chart.unit),
            (Data::Items(items), Kind::HBar) => hbars(&mut c, area, items, &palette),
            (Data::Items(items), Kind::Pie | Kind::Donut) => {
                pie(&mut c, area, items, &palette, chart.kind == Kind::Donut);
            }
            (Data::Items(items), Kind::Kpi) => kpi(&mut c, area, items, &palette),
            (Data::Lines(lines), _) => line(&mut c, area, lines, &palette, &chart.unit),
            (Data::Stacks { categories, segments, values }, _) => {
                stacked(&mut c, area, categories, segments, values, &palette, &chart.unit);
            }
            (Data::Items(items), _) => bars(&mut c, area, items, &palette, &chart.unit),
        }
        let _ = c.backend.present();
    }
    accessible(&buf, frame.alt)
}

/// Adds `role="img"` and a `<title>` with the text alternative to the root element.
fn accessible(svg: &str, alt: &str) -> String {
    let Some(end) = svg.find('>') else { return svg.to_string() };
    format!(
        "{} role=\"img\" aria-label=\"{}\">\n<title>{}</title>{}",
        &svg[..end],
        escape(alt),
        escape(alt),
        &svg[end + 1..]
    )
}

/// The height of a chart drawn without title and source.
pub(crate) fn plain_height(chart: &Chart) -> u32 {
    body_height(chart, Measure::sans()).ceil() as u32
}

fn body_height(chart: &Chart, m: &Measure) -> f64 {
    match (&chart.data, chart.kind) {
        (Data::Items(items), Kind::HBar) => 24.0 + items.len() as f64 * hbar_row(items, m),
        (Data::Items(items), Kind::Kpi) => {
            let rows = items.len().div_ceil(kpi_columns(items.len()));
            16.0 + rows as f64 * 118.0
        }
        (Data::Items(_), Kind::Pie | Kind::Donut) => 360.0,
        _ => 380.0,
    }
}
