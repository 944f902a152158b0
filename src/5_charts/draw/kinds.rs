//! Each kind of chart drawn on the canvas: bars, horizontal bars, lines, pies and donuts,
//! key-figure cards and stacked bars, with their axes and labels laid out to fit.

use plotters::style::RGBColor;
use plotters::style::text_anchor::HPos;

use super::axis::{axis_ends, nice_axis, signed_axis, tick_text, unit_band, value_axis};
use super::canvas::{Area, Canvas, INK, Layout, MUTED, text_on};
use crate::charts::model::{Item, Line};
use crate::input::fonts::Measure;

pub(super) fn bars(c: &mut Canvas<'_>, a: Area, items: &[Item], palette: &[RGBColor], unit: &str) {
    let max = items.iter().map(|i| i.value).fold(0.0, f64::max);
    let min = items.iter().map(|i| i.value).fold(0.0, f64::min);
    let (top, bottom, _) = axis_ends(min, max);
    let widest = [top, bottom].map(|v| c.m.width(&format!("{}%", tick_text(v, c.locale)), c.l.small));
    let left = a.x + widest[0].max(widest[1]) + 10.0;
    let slot = (a.x + a.w - left) / items.len().max(1) as f64;
    let label_lines: Vec<Vec<String>> =
        items.iter().map(|i| c.m.wrap(&i.label, c.l.label, slot - 8.0)).collect();
    let label_h = label_lines.iter().map(Vec::len).max().unwrap_or(1) as f64 * c.l.label * 1.3 + 8.0;
    // However long the labels, the bars keep some height.
    let band = unit_band(c, a, unit);
    let h = (a.h - label_h - c.l.label - 8.0 - band).max(c.l.label * 4.0);
    let plot = Area { x: a.x, y: a.y + band + c.l.label + 8.0, w: a.w, h };
    let (top, bottom) = signed_axis(c, plot, min, max, left, unit);
    let y_of = |v: f64| plot.y + plot.h - plot.h * (v - bottom) / (top - bottom);
    let zero = y_of(0.0);
    let color = palette.first().copied().unwrap_or(INK);
    for (i, item) in items.iter().enumerate() {
        let bw = (slot * 0.6).min(72.0);
        let x = left + slot * i as f64 + (slot - bw) / 2.0;
        let y = y_of(item.value);
        // A negative bar hangs from the zero line, its figure beneath it.
        c.rect(x, y.min(zero), x + bw, y.max(zero), color);
        let label_y = if item.value < 0.0 { y + 4.0 } else { y - c.l.label - 4.0 };
        c.text(&item.text, x + bw / 2.0, label_y, c.l.label, (INK, true), HPos::Center);
        c.lines(&label_lines[i], x + bw / 2.0, plot.y + plot.h + 8.0, c.l.label, INK, HPos::Center);
    }
}

pub(super) fn hbar_row(items: &[Item], m: &Measure, l: Layout) -> f64 {
    let label_w = hbar_label_width(items, m, l);
    let lines = items.iter().map(|i| m.wrap(&i.label, l.label, label_w).len()).max().unwrap_or(1) as f64;
    (lines * l.label * 1.3 + 16.0).max(40.0)
}

fn hbar_label_width(items: &[Item], m: &Measure, l: Layout) -> f64 {
    let widest = items.iter().map(|i| m.width(&i.label, l.label)).fold(0.0, f64::max);
    widest.min(l.w() * if l.narrow { 0.4 } else { 0.36 })
}

pub(super) fn hbars(c: &mut Canvas<'_>, a: Area, items: &[Item], palette: &[RGBColor]) {
    let label_w = hbar_label_width(items, c.m, c.l);
    let value_w = items.iter().map(|i| c.m.width(&i.text, c.l.label)).fold(0.0, f64::max) + 8.0;
    let x0 = a.x + label_w + 12.0;
    // However wide the figures, the bars keep some length.
    let span = (a.x + a.w - value_w - x0).max(a.w * 0.2);
    let max = items.iter().map(|i| i.value).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    let row = hbar_row(items, c.m, c.l);
    let color = palette.first().copied().unwrap_or(INK);
    c.line(x0, a.y, x0, a.y + row * items.len() as f64, MUTED, 1);
    for (i, item) in items.iter().enumerate() {
        let y = a.y + row * i as f64;
        let lines = c.m.wrap(&item.label, c.l.label, label_w);
        let text_h = lines.len() as f64 * c.l.label * 1.3;
        c.lines(&lines, x0 - 12.0, y + (row - text_h) / 2.0, c.l.label, INK, HPos::Right);
        let w = span * item.value.max(0.0) / max;
        let bh = (row * 0.6).min(28.0);
        c.rect(x0, y + (row - bh) / 2.0, x0 + w, y + (row + bh) / 2.0, color);
        c.text(&item.text, x0 + w + 6.0, y + (row - c.l.label) / 2.0, c.l.label, (INK, true), HPos::Left);
    }
}

pub(super) fn line(c: &mut Canvas<'_>, a: Area, lines: &[Line], palette: &[RGBColor], unit: &str) {
    let mut years: Vec<i32> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).collect();
    years.sort_unstable();
    years.dedup();
    let max = lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)).fold(0.0, f64::max);
    let (step, n) = nice_axis(max);
    let left = a.x + c.m.width(&format!("{}%", tick_text(step * n as f64, c.locale)), c.l.small) + 10.0;
    let cap = if c.l.narrow { c.l.w() * 0.25 } else { 160.0 };
    let end_label = lines.iter().map(|l| c.m.width(&l.label, c.l.small).min(cap)).fold(0.0, f64::max) + 12.0;
    let multi = lines.len() > 1;
    let right = if multi { end_label } else { 24.0 };
    let band = unit_band(c, a, unit);
    let plot = Area {
        x: a.x,
        y: a.y + band + c.l.label + 8.0,
        w: a.w - right,
        h: a.h - band - c.l.label * 2.0 - 24.0,
    };
    let top = value_axis(c, Area { w: a.w - right, ..plot }, max, left, unit);
    let span = plot.x + plot.w - left - 24.0;
    let xs = |year: i32| -> f64 {
        let i = years.iter().position(|y| *y == year).unwrap_or(0) as f64;
        left + 12.0 + if years.len() > 1 { span * i / (years.len() - 1) as f64 } else { span / 2.0 }
    };
    // Labels that would touch (five years on a phone) are thinned to every k-th, counted back
    // from the last, which is always shown.
    let gap = if years.len() > 1 { span / (years.len() - 1) as f64 } else { span };
    let every = |widest: f64| ((widest + 8.0) / gap).ceil().max(1.0) as usize;
    let locale = c.locale;
    let year_text = |y: i32| crate::input::locale::year(locale, y);
    let years_every = every(years.iter().map(|y| c.m.width(&year_text(*y), c.l.small)).fold(0.0, f64::max));
    for (i, y) in years.iter().enumerate() {
        if (years.len() - 1 - i).is_multiple_of(years_every) {
            c.text(&year_text(*y), xs(*y), plot.y + plot.h + 8.0, c.l.small, (INK, false), HPos::Center);
        }
    }
    for (li, l) in lines.iter().enumerate() {
        let color = palette.get(li % palette.len().max(1)).copied().unwrap_or(INK);
        let pts: Vec<(f64, f64)> =
            l.points.iter().map(|(y, v, _)| (xs(*y), plot.y + plot.h - plot.h * v / top)).collect();
        c.path(&pts, color, 3);
        let figures_every = every(l.points.iter().map(|p| c.m.width(&p.2, c.l.label)).fold(0.0, f64::max));
        for (i, (x, y)) in pts.iter().enumerate() {
            c.circle(*x, *y, 4, color);
            let last = i + 1 == pts.len();
            if last || (!multi && (pts.len() - 1 - i).is_multiple_of(figures_every)) {
                c.text(&l.points[i].2, *x, y - c.l.label - 8.0, c.l.label, (INK, true), HPos::Center);
            }
        }
        if multi && let Some((x, y)) = pts.last() {
            // The label's first line (a blank label wraps to none).
            let mut label = c.m.wrap(&l.label, c.l.small, end_label - 12.0);
            label.truncate(1);
            c.lines(&label, x + 10.0, y - c.l.small / 2.0, c.l.small, color, HPos::Left);
        }
    }
}

pub(super) fn stacked(
    c: &mut Canvas<'_>,
    a: Area,
    categories: &[String],
    segments: &[String],
    values: &[Vec<Item>],
    palette: &[RGBColor],
    unit: &str,
) {
    // Legend across the top, in as many rows as it needs: the segments share colours
    // between bars.
    let row_h = c.l.small + 10.0;
    for (i, (s, (x, row))) in segments.iter().zip(legend_flow(segments, c.m, c.l, a.w)).enumerate() {
        let color = palette.get(i % palette.len().max(1)).copied().unwrap_or(INK);
        let (lx, ly) = (a.x + x, a.y + row as f64 * row_h);
        c.rect(lx, ly + 2.0, lx + 12.0, ly + 14.0, color);
        c.text(s, lx + 16.0, ly + 1.0, c.l.small, (INK, false), HPos::Left);
    }
    let legend_h = stacked_legend_rows(segments, c.m, c.l, a.w) as f64 * row_h + 3.0;
    let legend_h = legend_h + unit_band(c, Area { y: a.y + legend_h, ..a }, unit);
    let totals: Vec<f64> = values.iter().map(|v| v.iter().map(|i| i.value.max(0.0)).sum()).collect();
    let max = totals.iter().copied().fold(0.0, f64::max);
    let (step, n) = nice_axis(max);
    let left = a.x + c.m.width(&format!("{}%", tick_text(step * n as f64, c.locale)), c.l.small) + 10.0;
    let slot = (a.x + a.w - left) / categories.len().max(1) as f64;
    let label_lines: Vec<Vec<String>> =
        categories.iter().map(|l| c.m.wrap(l, c.l.label, slot - 8.0)).collect();
    let label_h = label_lines.iter().map(Vec::len).max().unwrap_or(1) as f64 * c.l.label * 1.3 + 8.0;
    let plot = Area {
        x: a.x,
        y: a.y + legend_h + c.l.label + 8.0,
        w: a.w,
        h: a.h - label_h - legend_h - c.l.label - 8.0,
    };
    let top = value_axis(c, plot, max, left, unit);
    for (ci, parts) in values.iter().enumerate() {
        let bw = (slot * 0.6).min(80.0);
        let x = left + slot * ci as f64 + (slot - bw) / 2.0;
        let mut base = plot.y + plot.h;
        for (si, item) in parts.iter().enumerate() {
            let h = plot.h * item.value.max(0.0) / top;
            let color = palette.get(si % palette.len().max(1)).copied().unwrap_or(INK);
            c.rect(x, base - h, x + bw, base, color);
            if h >= c.l.label + 6.0 && c.m.width(&item.text, c.l.small) < bw - 4.0 {
                c.text(
                    &item.text,
                    x + bw / 2.0,
                    base - h / 2.0 - c.l.small / 2.0,
                    c.l.small,
                    (text_on(color), false),
                    HPos::Center,
                );
            }
            base -= h;
        }
        c.lines(&label_lines[ci], x + bw / 2.0, plot.y + plot.h + 8.0, c.l.label, INK, HPos::Center);
    }
}

/// Where each legend entry of a stacked chart goes: its offset from the left and its row.
fn legend_flow(segments: &[String], m: &Measure, l: Layout, width: f64) -> Vec<(f64, usize)> {
    let (mut x, mut row) = (0.0, 0);
    segments
        .iter()
        .map(|s| {
            let w = m.width(s, l.small) + 28.0;
            if x > 0.0 && x + w - 12.0 > width {
                (x, row) = (0.0, row + 1);
            }
            x += w;
            (x - w, row)
        })
        .collect()
}

/// The rows a stacked chart's legend takes.
pub(super) fn stacked_legend_rows(segments: &[String], m: &Measure, l: Layout, width: f64) -> usize {
    legend_flow(segments, m, l, width).last().map_or(1, |(_, row)| row + 1)
}
