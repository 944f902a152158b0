//! Checks that a figure is plausible, whatever it was read from: a rate or share (unit `%`)
//! lies between 0 and 100 unless the metric's `bounds` say otherwise, and a series does not
//! jump tenfold in its last year unless the metric `allow`s it. A wrong cell read from a
//! workbook (a moved row) is most often caught here.

use rust_decimal::Decimal;
use serde_yaml::{Mapping, Value};

use crate::input::reader::Reader;
use crate::metrics::phrase::fmt_decimal;

use super::fields::number;
use super::model::Metric;

/// The `bounds` of a metric as written, read without messages (for a binding, which is read
/// before the metric's own keys).
pub(super) fn bounds_of(map: &Mapping) -> Option<(Decimal, Decimal)> {
    let Value::Sequence(items) = map.get("bounds")? else { return None };
    let n = |v: &Value| v.as_f64().and_then(|f| Decimal::try_from(f).ok());
    match items.as_slice() {
        [lo, hi] => Some((n(lo)?, n(hi)?)),
        _ => None,
    }
}

/// `bounds: [0, 1000]`: the range a figure may lie in.
pub(super) fn read_bounds(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Option<(Decimal, Decimal)> {
    let hint =
        "write the lowest and the highest the figure may be, such as `bounds: [0, 1000]` for a growth rate";
    let Value::Sequence(items) = v else {
        r.error(path, "`bounds` is a pair of numbers", hint);
        return None;
    };
    let [lo, hi] = items.as_slice() else {
        r.error(path, "`bounds` is a pair of numbers", hint);
        return None;
    };
    let (lo, hi) = (number(r, path, lo)?, number(r, path, hi)?);
    if lo > hi {
        r.error(path, "`bounds` gives the lowest first", hint);
        return None;
    }
    Some((lo, hi))
}

/// `allow: [jump]`: the checks a metric is known to fail for a reason.
pub(super) fn read_allow(r: &mut Reader<'_>, path: &[&str], v: &Value) -> bool {
    let words: Vec<&str> = match v {
        Value::Sequence(items) => items.iter().filter_map(Value::as_str).collect(),
        Value::String(s) => vec![s.as_str()],
        _ => Vec::new(),
    };
    if words.is_empty() || words.iter().any(|w| *w != "jump") {
        r.error(
            path,
            "`allow` takes `jump` (a series that changes tenfold in its last year)",
            "write `allow: [jump]`",
        );
        return false;
    }
    true
}

/// Every figure of a rate or share within its bounds (0 to 100 unless `bounds` are given),
/// and a warning for a series whose last year is ten times the one before, or a tenth of it.
pub(super) fn check(r: &mut Reader<'_>, m: &Metric) {
    if m.unit == "%" && m.formula.is_none() && !m.only_change {
        let (lo, hi) = m.bounds.unwrap_or((Decimal::ZERO, Decimal::ONE_HUNDRED));
        let figures = std::iter::once(("value", None, m.value))
            .chain(m.upper.map(|u| ("value", None, u)))
            .chain(m.series.iter().map(|(y, v)| ("series", Some(format!("{y}年")), *v)))
            .chain(m.parts.iter().map(|(l, v)| ("parts", Some(l.clone()), *v)));
        for (key, which, v) in figures {
            if v < lo || v > hi {
                let whose = which.map_or(String::new(), |w| format!(" ({w})"));
                let (message, hint) = match m.bounds {
                    Some(_) => (
                        format!("metric `{}` is {}%{whose}, outside its `bounds` of {} to {}", m.id, fmt_decimal(v), fmt_decimal(lo), fmt_decimal(hi)),
                        "check the figure, or widen `bounds`".to_string(),
                    ),
                    None => (
                        format!("metric `{}` is {}%{whose}, but a rate or share lies between 0 and 100%", m.id, fmt_decimal(v)),
                        "check the figure (a figure read from a workbook may come from a moved row); if it really can lie outside 0–100% (a growth rate, 结收案比), add `bounds: [0, 1000]`".to_string(),
                    ),
                };
                r.error(&[&m.id, key], message, hint);
                return;
            }
        }
    }
    if m.allow_jump {
        return;
    }
    let mut years = m.series.iter().rev();
    let (Some((&last, &now)), Some((&before, &then))) = (years.next(), years.next()) else { return };
    let ten = Decimal::TEN;
    let jumps = now > Decimal::ZERO && then > Decimal::ZERO && (now >= then * ten || now * ten <= then);
    if jumps {
        r.warning(
            &[&m.id, "series"],
            format!(
                "the series of metric `{}` goes from {} in {before} to {} in {last}, a tenfold change",
                m.id,
                fmt_decimal(then),
                fmt_decimal(now)
            ),
            "check the last year (a figure read from a workbook may come from a moved row or column); if it is right, add `allow: [jump]`",
        );
    }
}
