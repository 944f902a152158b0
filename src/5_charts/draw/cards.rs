//! Key figures as cards: the figure large in the accent colour, what it counts beneath,
//! up to four to a row (two on a phone), each row as tall as its longest caption and a
//! shorter last row centred.

use plotters::style::RGBColor;
use plotters::style::text_anchor::HPos;

use super::canvas::{Area, Canvas, INK, Layout};
use crate::charts::model::Item;
use crate::input::fonts::Measure;

/// The lines of a caption kept on a card.
const MOST_LINES: usize = 3;

fn columns(n: usize, l: Layout) -> usize {
    let most = if l.narrow { 2 } else { 4 };
    let cols = match n {
        0..=4 => n.max(1),
        5 | 6 => 3,
        _ => 4,
    };
    cols.min(most)
}

/// The height of each row of cards in a body `width` wide.
pub(super) fn kpi_row(items: &[Item], m: &Measure, l: Layout, width: f64) -> Vec<f64> {
    let cols = columns(items.len(), l);
    let card_w = width / cols as f64;
    items
        .chunks(cols)
        .map(|row| {
            let lines = row.iter().map(|i| caption(i, m, l, card_w).len()).max().unwrap_or(1);
            card_height(lines, l) + 8.0
        })
        .collect()
}

fn card_height(lines: usize, l: Layout) -> f64 {
    58.0 + lines as f64 * l.small * 1.3 + 12.0
}

fn caption(item: &Item, m: &Measure, l: Layout, card_w: f64) -> Vec<String> {
    let mut lines = m.wrap(&item.label, l.small, card_w - 28.0);
    lines.truncate(MOST_LINES);
    lines
}

pub(super) fn kpi(c: &mut Canvas<'_>, a: Area, items: &[Item], palette: &[RGBColor]) {
    let cols = columns(items.len(), c.l);
    let w = a.w / cols as f64;
    let accent = palette.first().copied().unwrap_or(INK);
    let rows = kpi_row(items, c.m, c.l, a.w);
    let mut y = a.y;
    for (r, row) in items.chunks(cols).enumerate() {
        let bottom = y + rows[r] - 8.0;
        // A last row with fewer cards is centred beneath the full ones.
        let indent = w * (cols - row.len()) as f64 / 2.0;
        for (col, item) in row.iter().enumerate() {
            let x = a.x + indent + w * col as f64;
            c.rect(x + 6.0, y + 4.0, x + w - 6.0, bottom, RGBColor(0xf4, 0xf1, 0xea));
            c.rect(x + 6.0, y + 4.0, x + 10.0, bottom, accent);
            let mut size = 30.0;
            while size > 16.0 && c.m.width(&item.text, size) > w - 28.0 {
                size -= 2.0;
            }
            c.text(&item.text, x + w / 2.0 + 2.0, y + 18.0, size, (accent, true), HPos::Center);
            let label = caption(item, c.m, c.l, w);
            c.lines(&label, x + w / 2.0 + 2.0, y + 62.0, c.l.small, INK, HPos::Center);
        }
        y += rows[r];
    }
}
