//! Pies and donuts: the slices, and each slice's label, figure and share, named beside it
//! on a wide chart or in a legend beneath on a phone, where there is no room beside it.

use plotters::style::RGBColor;
use plotters::style::text_anchor::HPos;

use super::canvas::{Area, Canvas, INK, Layout, MUTED};
use crate::charts::model::Item;
use crate::input::fonts::Measure;

pub(super) fn pie(c: &mut Canvas<'_>, a: Area, items: &[Item], palette: &[RGBColor], donut: bool) {
    let total = total(items);
    let narrow = c.l.narrow;
    let (r, cx, cy) = if narrow {
        let r = a.w * 0.3 - 8.0;
        (r, a.x + a.w / 2.0, a.y + r + 4.0)
    } else {
        ((a.h / 2.0 - 24.0).min(a.w / 4.0), a.x + a.w / 2.0, a.y + a.h / 2.0)
    };
    let mut angle = -std::f64::consts::FRAC_PI_2;
    let mut legend_y = a.y + a.w * 0.6;
    for (i, item) in items.iter().enumerate() {
        let sweep = std::f64::consts::TAU * item.value.max(0.0) / total;
        let color = palette.get(i % palette.len().max(1)).copied().unwrap_or(INK);
        let steps = ((sweep / 0.05).ceil() as usize).max(2);
        let mut pts = vec![(cx, cy)];
        for s in 0..=steps {
            let t = angle + sweep * s as f64 / steps as f64;
            pts.push((cx + r * t.cos(), cy + r * t.sin()));
        }
        c.polygon(&pts, color);
        let label = slice_label(item, total, c.locale);
        if narrow {
            // A swatch and the label beneath the pie, a row per slice.
            let lines = c.m.wrap(&label, c.l.small, a.w - 20.0);
            c.rect(a.x, legend_y + 3.0, a.x + 12.0, legend_y + 15.0, color);
            c.lines(&lines, a.x + 20.0, legend_y, c.l.small, INK, HPos::Left);
            legend_y += legend_entry_height(lines.len(), c.l);
        } else {
            let mid = angle + sweep / 2.0;
            let right = mid.cos() >= 0.0;
            let (lx, ly) = (cx + (r + 14.0) * mid.cos(), cy + (r + 14.0) * mid.sin());
            c.line(cx + r * mid.cos(), cy + r * mid.sin(), lx, ly, MUTED, 1);
            // The label wraps within the room beside the pie rather than run off the chart.
            let room = a.w / 2.0 - r - 22.0;
            let lines = c.m.wrap(&label, c.l.label, room);
            let x = lx + if right { 4.0 } else { -4.0 };
            let y = ly - lines.len() as f64 * c.l.label * 1.3 / 2.0;
            c.lines(&lines, x, y, c.l.label, INK, if right { HPos::Left } else { HPos::Right });
        }
        angle += sweep;
    }
    if donut {
        c.circle(cx, cy, (r * 0.55) as u32, RGBColor(255, 255, 255));
    }
}

/// The height of a narrow pie's legend.
pub(super) fn pie_legend_height(
    items: &[Item],
    m: &Measure,
    l: Layout,
    width: f64,
    locale: crate::input::Locale,
) -> f64 {
    let total = total(items);
    items
        .iter()
        .map(|i| legend_entry_height(m.wrap(&slice_label(i, total, locale), l.small, width - 20.0).len(), l))
        .sum()
}

fn legend_entry_height(lines: usize, l: Layout) -> f64 {
    lines as f64 * l.small * 1.3 + 6.0
}

fn total(items: &[Item]) -> f64 {
    items.iter().map(|i| i.value.max(0.0)).sum::<f64>().max(f64::MIN_POSITIVE)
}

/// A slice named with its figure and share: 八个领域 1,047件（81.75%）.
fn slice_label(item: &Item, total: f64, locale: crate::input::Locale) -> String {
    let share = 100.0 * item.value.max(0.0) / total;
    let t = crate::input::locale::get(locale);
    format!("{} {}{}{}%{}", item.label, item.text, t.open_paren, share_text(share), t.close_paren)
}

/// A slice's share as court reports print one: to two decimals, trailing zeros dropped
/// (81.75, 18.25, 40), so that it reads as the text's own figure for the same share.
fn share_text(share: f64) -> String {
    let s = format!("{share:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
