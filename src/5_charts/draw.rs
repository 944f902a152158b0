//! Drawing charts as SVG with plotters' SVG backend. Layout is computed here, with text
//! measured in the bundled face, so Chinese labels neither overlap nor clip; every element is
//! drawn in a fixed order so the bytes are the same on every build.

use plotters::backend::{DrawingBackend, SVGBackend};
use plotters::style::RGBColor;
use plotters::style::text_anchor::HPos;

mod axis;
mod canvas;
mod cards;
mod kinds;
mod slices;

use super::model::{Chart, Data, Kind};
use crate::input::fonts::Measure;

use canvas::{Area, Canvas, INK, MUTED, escape, parse_color};
pub(crate) use canvas::{Layout, NARROW, WIDE, escape_char};
use cards::{kpi, kpi_row};
use kinds::{bars, hbar_row, hbars, line, stacked, stacked_legend_rows};
use slices::{pie, pie_legend_height};

/// What to draw besides the chart itself.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame<'a> {
    /// Title and source line drawn into the image (for PNGs that travel alone).
    pub heading: Option<(&'a str, &'a str)>,
    /// The text alternative, written as the SVG's `<title>`.
    pub alt: &'a str,
    /// The theme's series colours, used when the chart names none.
    pub palette: &'a [String],
    /// Wide (PDF, PNG, wide screens) or narrow (phones).
    pub layout: Layout,
}

/// Draws a chart as SVG.
pub(crate) fn svg(chart: &Chart, frame: Frame<'_>) -> String {
    let m = Measure::sans();
    let l = frame.layout;
    let body = body_height(chart, m, l);
    let inner = l.w() - 48.0;
    let (head, foot) = match frame.heading {
        Some((title, source)) => {
            let t = m.wrap(title, 22.0, inner).len() as f64;
            let s = m.wrap_phrases(source, l.small, inner).len() as f64;
            (24.0 + t * 30.0 + 8.0, 12.0 + s * l.small * 1.3 + 16.0)
        }
        None => (0.0, 0.0),
    };
    let height = (head + body + foot).ceil() as u32;
    let mut buf = String::new();
    {
        let backend = SVGBackend::with_string(&mut buf, (l.width, height));
        let mut c = Canvas { backend, m, locale: chart.locale, l };
        c.rect(0.0, 0.0, l.w(), f64::from(height), RGBColor(255, 255, 255));
        if let Some((title, source)) = frame.heading {
            let lines = m.wrap(title, 22.0, inner);
            for (i, line) in lines.iter().enumerate() {
                c.text(line, 24.0, 20.0 + i as f64 * 30.0, 22.0, (INK, true), HPos::Left);
            }
            let src = m.wrap_phrases(source, l.small, inner);
            c.lines(&src, 24.0, head + body + 12.0, l.small, MUTED, HPos::Left);
        }
        let palette: Vec<RGBColor> = if chart.colors.is_empty() {
            frame.palette.iter().filter_map(|s| parse_color(s)).collect()
        } else {
            chart.colors.iter().filter_map(|s| parse_color(s)).collect()
        };
        let (side, _) = margins(l);
        let area = Area { x: side, y: head + 8.0, w: l.w() - 2.0 * side, h: body - 16.0 };
        match (&chart.data, drawn_kind(chart, l)) {
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

/// The space left and right of a chart's body (the heading keeps 24 in every layout), and
/// the height of a chart's plot area.
fn margins(l: Layout) -> (f64, f64) {
    if l.narrow { (12.0, 300.0) } else { (24.0, 380.0) }
}

/// Whether bars are drawn sideways: on a phone, where a row of upright bars leaves each
/// label a few characters' width, unless a bar hangs below zero.
fn sideways(l: Layout, items: &[crate::charts::model::Item]) -> bool {
    l.narrow && items.iter().all(|i| i.value >= 0.0)
}

/// The kind a chart is drawn as in a layout: bars turn [`sideways`] on a phone. The drawing
/// and its height both ask here, so they cannot disagree.
fn drawn_kind(chart: &Chart, l: Layout) -> Kind {
    match (&chart.data, chart.kind) {
        (Data::Items(items), Kind::Bar) if sideways(l, items) => Kind::HBar,
        (_, kind) => kind,
    }
}

/// The height of a chart drawn without title and source.
pub(crate) fn plain_height(chart: &Chart, l: Layout) -> u32 {
    body_height(chart, Measure::sans(), l).ceil() as u32
}

fn body_height(chart: &Chart, m: &Measure, l: Layout) -> f64 {
    let (side, plot) = margins(l);
    let w = l.w() - 2.0 * side;
    match (&chart.data, drawn_kind(chart, l)) {
        (Data::Items(items), Kind::HBar) => 24.0 + items.len() as f64 * hbar_row(items, m, l),
        (Data::Items(items), Kind::Kpi) => 16.0 + kpi_row(items, m, l, w).iter().sum::<f64>(),
        (Data::Items(items), Kind::Pie | Kind::Donut) if l.narrow => {
            16.0 + w * 0.6 + pie_legend_height(items, m, l, w, chart.locale)
        }
        (Data::Items(_), Kind::Pie | Kind::Donut) => 360.0,
        (Data::Stacks { segments, .. }, _) => {
            plot + stacked_legend_rows(segments, m, l, w) as f64 * (l.small + 10.0)
        }
        _ => plot,
    }
}
