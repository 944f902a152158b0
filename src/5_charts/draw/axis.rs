//! The value axis of bars, lines and stacked bars: round steps from zero, every tick in one
//! form (0.5万, 1万, 1.5万, not 5000 beside 1万), and the unit the axis counts in, said once
//! above it (单位：件) as courts' own charts say it.

use plotters::style::text_anchor::HPos;

use super::canvas::{Area, Canvas, GRID, MUTED};

/// A "nice" axis: a step of 1, 2 or 5 × 10^n giving about five intervals from zero to max.
pub(super) fn nice_axis(max: f64) -> (f64, usize) {
    if max <= 0.0 {
        return (1.0, 1);
    }
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|f| f * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let n = (max / step).ceil().max(1.0) as usize;
    (step, n)
}

/// The form every tick of an axis takes, from its largest value: 万 or 亿 (K, M or B in
/// English) for large values, or the number as it is.
fn scale(largest: f64, locale: crate::input::Locale) -> (f64, &'static str) {
    let v = largest.abs();
    match locale {
        crate::input::Locale::Zh if v >= 1e8 => (1e8, "亿"),
        crate::input::Locale::Zh if v >= 1e4 => (1e4, "万"),
        crate::input::Locale::En if v >= 1e9 => (1e9, "B"),
        crate::input::Locale::En if v >= 1e6 => (1e6, "M"),
        crate::input::Locale::En if v >= 1e4 => (1e3, "K"),
        _ => (1.0, ""),
    }
}

/// A value as a tick prints it in an axis whose largest value is `largest`: no trailing zeros.
fn tick(v: f64, largest: f64, locale: crate::input::Locale) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    let (div, unit) = scale(largest, locale);
    let s = format!("{:.2}", v / div);
    format!("{}{unit}", s.trim_end_matches('0').trim_end_matches('.'))
}

/// A value as it prints alone (the widest tick of an axis is its top one).
pub(super) fn tick_text(v: f64, locale: crate::input::Locale) -> String {
    tick(v, v, locale)
}

/// An axis from zero to `max`; returns its top value.
pub(super) fn value_axis(c: &mut Canvas<'_>, a: Area, max: f64, left: f64, unit: &str) -> f64 {
    signed_axis(c, a, 0.0, max, left, unit).0
}

/// The ends of an axis through zero that holds `min` (at most 0) and `max` in round steps.
pub(super) fn axis_ends(min: f64, max: f64) -> (f64, f64, f64) {
    let (step, _) = nice_axis(max - min);
    let top = (max / step).ceil().max(if min < 0.0 { 0.0 } else { 1.0 }) * step;
    let bottom = (min / step).floor().min(0.0) * step;
    (top, bottom, step)
}

/// Draws a value axis from `min` (at most 0) to `max` with its grid and labels; returns its
/// top and bottom values. Zero is drawn darker, so negative bars read as below it.
pub(super) fn signed_axis(
    c: &mut Canvas<'_>,
    a: Area,
    min: f64,
    max: f64,
    left: f64,
    unit: &str,
) -> (f64, f64) {
    let (top, bottom, step) = axis_ends(min, max);
    let largest = top.abs().max(bottom.abs());
    let n = ((top - bottom) / step).round() as usize;
    for i in 0..=n {
        let v = bottom + step * i as f64;
        let y = a.y + a.h - a.h * (v - bottom) / (top - bottom);
        c.line(left, y, a.x + a.w, y, if v.abs() < step / 2.0 { MUTED } else { GRID }, 1);
        let suffix = if unit == "%" { "%" } else { "" };
        c.text(
            &format!("{}{suffix}", tick(v, largest, c.locale)),
            left - 6.0,
            y - c.l.small * 0.6,
            c.l.small,
            (MUTED, false),
            HPos::Right,
        );
    }
    (top, bottom)
}

/// The unit an axis counts in, as its label says it: 单位：件, or Unit: yuan; none for a
/// percentage (its ticks carry `%`) or an English count (its noun is in the caption).
fn unit_label(unit: &str, locale: crate::input::Locale) -> Option<String> {
    match locale {
        _ if unit.is_empty() || unit == "%" => None,
        crate::input::Locale::Zh => Some(format!("单位：{unit}")),
        crate::input::Locale::En => {
            let english = match unit {
                "元" => "yuan",
                "万元" => "10,000 yuan",
                "亿元" => "100 million yuan",
                "年" => "years",
                "个月" => "months",
                "天" | "日" => "days",
                "个百分点" => "percentage points",
                _ => return None,
            };
            Some(format!("Unit: {english}"))
        }
    }
}

/// Writes the axis's unit at the top left of `a`, and returns the height it takes.
pub(super) fn unit_band(c: &mut Canvas<'_>, a: Area, unit: &str) -> f64 {
    let Some(label) = unit_label(unit, c.locale) else { return 0.0 };
    c.text(&label, a.x, a.y, c.l.small, (MUTED, false), HPos::Left);
    c.l.small + 6.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Locale::{En, Zh};

    #[test]
    fn axes_use_round_steps_from_zero_and_one_form_of_tick() {
        assert_eq!(nice_axis(4500.0), (1000.0, 5));
        assert_eq!(nice_axis(58.4), (20.0, 3));
        assert_eq!(tick_text(20000.0, Zh), "2万");
        assert_eq!(tick_text(400000000.0, Zh), "4亿");
        assert_eq!(tick_text(2.5, Zh), "2.5");
        assert_eq!(tick_text(400000000.0, En), "400M");
        assert_eq!(tick_text(20000.0, En), "20K");
        // One axis, one form: 5000 beside 2万 prints 0.5万.
        let ticks: Vec<String> =
            [0.0, 5000.0, 10000.0, 15000.0, 20000.0].iter().map(|v| tick(*v, 20000.0, Zh)).collect();
        assert_eq!(ticks, ["0", "0.5万", "1万", "1.5万", "2万"]);
        assert_eq!(unit_label("亿元", Zh).as_deref(), Some("单位：亿元"));
        assert_eq!(unit_label("%", Zh), None);
        assert_eq!(unit_label("万元", En).as_deref(), Some("Unit: 10,000 yuan"));
        assert_eq!(unit_label("件", En), None);
    }
}
