//! Every chart drawn, by id: the SVG the PDF and a wide screen show, the narrow SVG a phone
//! shows, and the PNG (number, title and source drawn in) for channels that take only images.

use std::collections::BTreeMap;

use super::model::{Chart, Charts};
use super::{describe, draw, raster};

/// The size a chart is drawn at without its heading (width, height), wide or for a phone,
/// for the page to reserve.
pub(crate) fn size(chart: &Chart, narrow: bool) -> (u32, u32) {
    let layout = if narrow { draw::NARROW } else { draw::WIDE };
    (layout.width, draw::plain_height(chart, layout))
}

/// One chart drawn: the SVG the PDF and a wide screen show, and the narrow one a phone shows
/// (empty when no site is made). Its PNG comes apart, from [`png_all`].
#[derive(Debug, Clone)]
pub(crate) struct Drawn {
    pub svg: String,
    pub narrow: String,
}

/// Every chart drawn as SVG, wide, and narrow when `narrow` (for the site), by id, in
/// parallel; the PNGs come apart, from [`png_all`], so that they can be drawn while the PDF
/// is typeset.
pub(crate) fn draw_all(charts: &Charts, palette: &[String], narrow: bool) -> BTreeMap<String, Drawn> {
    use rayon::prelude::*;
    charts
        .iter()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|chart| {
            let alt = describe::alt_text(chart);
            let frame = draw::Frame { heading: None, alt: &alt, palette, layout: draw::WIDE };
            let svg = draw::svg(chart, frame);
            let narrow = if narrow {
                draw::svg(chart, draw::Frame { layout: draw::NARROW, ..frame })
            } else {
                String::new()
            };
            (chart.id.clone(), Drawn { svg, narrow })
        })
        .collect()
}

/// Every chart's PNG, by id, in parallel; `number` gives a placed chart's figure number. With
/// `pngs` (kept by `serve`), a PNG made before from the same SVG is reused.
pub(crate) fn png_all(
    charts: &Charts,
    palette: &[String],
    number: &(dyn Fn(&str) -> Option<String> + Sync),
    pngs: Option<&raster::Pngs>,
) -> Result<BTreeMap<String, Vec<u8>>, String> {
    use rayon::prelude::*;
    let made: Result<BTreeMap<String, Vec<u8>>, String> = charts
        .iter()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|chart| {
            let alt = describe::alt_text(chart);
            Ok((chart.id.clone(), framed_png(chart, &alt, palette, number, pngs)?))
        })
        .collect();
    made
}

/// Every chart's picture for the Word copy, by id, in parallel: its SVG as the site and the
/// PDF show it (the caption beneath says its number and title), rasterised. With `pngs`
/// (kept by `serve`), an unchanged chart is not rasterised again. A chart whose SVG cannot be
/// drawn has no picture (its caption and data table still go in).
pub(crate) fn pictures(
    drawn: &BTreeMap<String, Drawn>,
    pngs: Option<&raster::Pngs>,
) -> BTreeMap<String, Vec<u8>> {
    use rayon::prelude::*;
    drawn
        .par_iter()
        .filter_map(|(id, d)| {
            let png = match pngs {
                Some(cache) => cache.png(&d.svg),
                None => raster::png(&d.svg),
            };
            Some((id.clone(), png.ok()?))
        })
        .collect()
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
    let heading = Some((title.as_str(), source.as_str()));
    let framed = draw::svg(chart, draw::Frame { heading, alt, palette, layout: draw::WIDE });
    let png = match pngs {
        Some(pngs) => pngs.png(&framed),
        None => raster::png(&framed),
    };
    png.map_err(|e| format!("chart `{}`: {e}", chart.id))
}
