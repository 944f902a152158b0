//! Every chart drawn, by id: the SVG the site and the PDF show, and the PNG (number, title
//! and source drawn in) for channels that take only images.

use std::collections::BTreeMap;

use super::model::{Chart, Charts};
use super::{describe, draw, raster};

/// The size a chart is drawn at without its heading (width, height), for the page to reserve.
pub(crate) fn size(chart: &Chart) -> (u32, u32) {
    (draw::WIDTH, draw::plain_height(chart))
}

/// One chart drawn: the SVG the site and the PDF show, and the PNG for channels that take
/// only images (number, title and source drawn in: 图3　…), when asked for.
#[derive(Debug, Clone)]
pub(crate) struct Drawn {
    pub svg: String,
    pub png: Option<Vec<u8>>,
}

/// Every chart drawn, by id, in parallel; `number` gives a placed chart's figure number for
/// its PNG. With `pngs` (kept by `serve`), a PNG made before from the same SVG is reused.
pub(crate) fn draw_all(
    charts: &Charts,
    palette: &[String],
    png: bool,
    number: &(dyn Fn(&str) -> Option<String> + Sync),
    pngs: Option<&raster::Pngs>,
) -> Result<BTreeMap<String, Drawn>, String> {
    use rayon::prelude::*;
    let drawn: Vec<Result<(String, Drawn), String>> = charts
        .iter()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|chart| {
            let alt = describe::alt_text(chart);
            let svg = draw::svg(chart, draw::Frame { heading: None, alt: &alt, palette });
            let png = if png { Some(framed_png(chart, &alt, palette, number, pngs)?) } else { None };
            Ok((chart.id.clone(), Drawn { svg, png }))
        })
        .collect();
    if let Some(pngs) = pngs.filter(|_| png) {
        pngs.keep_only_last_use();
    }
    drawn.into_iter().collect()
}

/// The PNG of a chart, its number, title and source drawn into the image.
fn framed_png(
    chart: &Chart,
    alt: &str,
    palette: &[String],
    number: &(dyn Fn(&str) -> Option<String> + Sync),
    pngs: Option<&raster::Pngs>,
) -> Result<Vec<u8>, String> {
    let words = crate::input::locale::get(chart.locale);
    let source = if chart.source.is_empty() {
        String::new()
    } else {
        format!("{}{}", words.source_prefix, chart.source)
    };
    let title = match number(&chart.id) {
        Some(n) => format!("{n}{}{}", words.figure_gap, chart.title),
        None => chart.title.clone(),
    };
    let framed = draw::svg(chart, draw::Frame { heading: Some((&title, &source)), alt, palette });
    let png = match pngs {
        Some(pngs) => pngs.png(&framed),
        None => raster::png(&framed),
    };
    png.map_err(|e| format!("chart `{}`: {e}", chart.id))
}
