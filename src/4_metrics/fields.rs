//! The typed fields of a metric file: figures (with hints for `545件` or `4,500`), ranges,
//! qualifiers, scales, periods, series by year, parts, stated changes and English wording.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_yaml::Value;

use super::model::{Change, English, Period};
use crate::input::reader::Reader;
use crate::input::yaml::{describe, key_string};
use crate::metrics::phrase::{Qualifier, Scale};

/// `value: 545`, or a range `value: [400, 429]`: the value and the upper end.
pub(super) fn read_value(
    r: &mut Reader<'_>,
    id: &str,
    path: &[&str],
    v: &Value,
) -> (Option<Decimal>, Option<Decimal>) {
    match v {
        Value::Sequence(ends) if ends.len() == 2 => (number(r, path, &ends[0]), number(r, path, &ends[1])),
        Value::Sequence(_) => {
            r.error(
                path,
                format!("`value` of metric `{id}` is a list, but not of two numbers"),
                "write one number (`value: 545`), or a range as two (`value: [400, 429]`)",
            );
            (None, None)
        }
        _ => (number(r, path, v), None),
    }
}

pub(super) fn read_qualifier(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Option<Qualifier> {
    let t = r.text(path, v)?;
    let q = Qualifier::parse(&t);
    if q.is_none() {
        let names = Qualifier::NAMES
            .iter()
            .map(|(en, zh, _)| if zh.is_empty() { format!("`{en}`") } else { format!("`{en}` ({zh})") });
        let hint = format!("use one of {}", names.collect::<Vec<_>>().join(", "));
        r.error(path, format!("`approx: {t}` is not a known qualifier"), hint);
    }
    q
}

pub(super) fn read_scale(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Option<Scale> {
    let t = r.text(path, v)?;
    let s = Scale::parse(&t);
    if s.is_none() {
        r.error(path, format!("`scale: {t}` is not known"), "use `auto`, `none`, `万` or `亿`");
    }
    s
}

/// `en: { label: …, unit: …, period: …, source: …, note: … }`.
pub(super) fn read_english(r: &mut Reader<'_>, id: &str, v: &Value, en: &mut English) {
    let what = "a mapping such as `{ label: Administrative cases concluded }`";
    let Some(map) = r.mapping(&[id, "en"], v, what) else { return };
    for (k, v) in map {
        let key = key_string(k);
        let sub = [id, "en", key.as_str()];
        match key.as_str() {
            "label" => en.label = r.required_text(&sub, v),
            "unit" => en.unit = r.text(&sub, v),
            "period" => en.period = r.text(&sub, v),
            "source" => en.source = r.text(&sub, v),
            "note" => en.note = r.text(&sub, v),
            _ => r.unknown(
                &sub,
                &["label", "unit", "period", "source", "note"],
                &format!("`en` of metric `{id}`"),
            ),
        }
    }
}

/// `change: 77.76`, or `change: { value: 0.84, up: 提高, down: 降低 }`.
pub(super) fn read_change(r: &mut Reader<'_>, id: &str, v: &Value) -> Option<Change> {
    let path = [id, "change"];
    let mut change = Change { amount: Decimal::ZERO, points: false, stated: true, up: None, down: None };
    let Value::Mapping(map) = v else {
        change.amount = number(r, &path, v)?;
        return Some(change);
    };
    let mut amount = None;
    for (k, val) in map {
        let key = key_string(k);
        let sub = [id, "change", key.as_str()];
        match key.as_str() {
            "value" => amount = number(r, &sub, val),
            "up" => change.up = r.required_text(&sub, val),
            "down" => change.down = r.required_text(&sub, val),
            // The metric it is measured from: checked once every metric is read.
            "base" => {}
            _ => r.unknown(&sub, &["value", "up", "down", "base"], &format!("`change` of metric `{id}`")),
        }
    }
    match amount {
        Some(a) => change.amount = a,
        None => {
            r.missing(&path, "value", &format!("`change` of metric `{id}`"), "-3.95");
            return None;
        }
    }
    Some(change)
}

/// A figure: a YAML number, or text that is a plain number. NaN, infinity and absurd sizes
/// are refused, and text such as `545件` or `4,500` gets a hint on how to write it.
pub(super) fn number(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Option<Decimal> {
    let name = path.last().copied().unwrap_or("value");
    let parsed = match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Ok(Decimal::from(i))
            } else if let Some(u) = n.as_u64() {
                Ok(Decimal::from(u))
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.is_finite() {
                    // The number as typed, so that its trailing zeros (8.10) are kept.
                    let at = r.file.locate_value(path);
                    let typed =
                        r.file.source.text.get(at.span).and_then(|t| Decimal::from_str(t.trim()).ok());
                    match typed.filter(|d| d.to_f64() == Some(f)) {
                        Some(d) => Ok(d),
                        None => Decimal::from_str(&format!("{f}")).map_err(|_| "too large"),
                    }
                } else {
                    Err("not a number")
                }
            }
        }
        Value::String(s) => match Decimal::from_str(s.trim()) {
            Ok(d) => Ok(d),
            Err(_) => {
                let hint = text_number_hint(s.trim());
                r.error(path, format!("`{name}` must be a number, found `{}`", s.trim()), hint);
                return None;
            }
        },
        other => {
            r.error(
                path,
                format!("`{name}` must be a number, found {}", describe(other)),
                "write the figure after the colon, for example `value: 545`",
            );
            return None;
        }
    };
    let limit = Decimal::from(1_000_000_000_000_000_i64);
    match parsed {
        Ok(d) if d.abs() <= limit => Some(d),
        Ok(_) | Err("too large") => {
            r.error(
                path,
                format!("`{name}` is too large to be a published figure"),
                "figures are limited to 10^18; check for extra digits",
            );
            None
        }
        Err(_) => {
            r.error(
                path,
                format!("`{name}` is not a number (`.nan` or `.inf`)"),
                "write the figure as digits, for example `value: 58.4`",
            );
            None
        }
    }
}

pub(super) fn text_number_hint(s: &str) -> String {
    let half: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            _ => c,
        })
        .collect();
    if half != s && Decimal::from_str(&half).is_ok() {
        return format!("use half-width digits: `{half}`");
    }
    let no_commas = s.replace([',', '，'], "");
    if no_commas != s && Decimal::from_str(&no_commas).is_ok() {
        return format!("write the number without separators: `{no_commas}`");
    }
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let rest = &s[digits.len()..];
    if !digits.is_empty() && !rest.is_empty() {
        let rest = rest.trim();
        for (_, zh, q) in Qualifier::NAMES {
            if !zh.is_empty() && rest.starts_with(zh) {
                return format!(
                    "write `value: {digits}`, `approx: {}` and `unit: {}`",
                    q.keyword(),
                    &rest[zh.len()..]
                );
            }
        }
        return format!("write `value: {digits}` and `unit: {rest}` on separate lines");
    }
    "write the figure as digits, for example `value: 545`".to_string()
}

pub(super) fn period(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Option<Period> {
    match v {
        Value::Mapping(map) => {
            let mut p = Period::default();
            for (k, val) in map {
                let key = key_string(k);
                let sub = [path[0], path[1], key.as_str()];
                match key.as_str() {
                    "label" => p.label = r.text(&sub, val),
                    "from" | "to" => {
                        let t = r.text(&sub, val)?;
                        if crate::config::Date::parse(&t).is_none() {
                            r.error(
                                &sub,
                                format!("`{key}` must be a date written `YYYY-MM-DD`, found `{t}`"),
                                "for example `from: 2023-01-01`",
                            );
                        }
                        if key == "from" { p.from = Some(t) } else { p.to = Some(t) }
                    }
                    _ => r.unknown(&sub, &["label", "from", "to"], "a `period`"),
                }
            }
            Some(p)
        }
        _ => r.required_text(path, v).map(|label| Period { label: Some(label), from: None, to: None }),
    }
}

pub(super) fn series(r: &mut Reader<'_>, path: &[&str], v: &Value) -> BTreeMap<i32, Decimal> {
    let mut out = BTreeMap::new();
    let Some(map) = r.mapping(path, v, "a mapping of years to values, such as `2023: 545`") else {
        return out;
    };
    for (k, val) in map {
        let key = key_string(k);
        let sub = [path[0], path[1], key.as_str()];
        match key.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y)) {
            Some(year) => {
                if let Some(d) = number(r, &sub, val) {
                    out.insert(year, d);
                }
            }
            None => r.error(
                &sub,
                format!("`{key}` is not a year"),
                "the keys of `series` are years, such as `2023: 545`",
            ),
        }
    }
    if out.is_empty() && r.diags.iter().all(|d| !d.is_error()) {
        r.error(
            path,
            "`series` is empty",
            "list one value per year, such as `2023: 545`, or delete `series`",
        );
    }
    out
}

pub(super) fn parts(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Vec<(String, Decimal)> {
    let mut out = Vec::new();
    let Some(map) = r.mapping(path, v, "a mapping of categories to values, such as `刑事: 12`") else {
        return out;
    };
    for (k, val) in map {
        let key = key_string(k);
        let sub = [path[0], path[1], key.as_str()];
        if let Some(d) = number(r, &sub, val) {
            if d.is_sign_negative() && !d.is_zero() {
                r.error(
                    &sub,
                    format!("part `{key}` is negative"),
                    "parts are shares of the whole and cannot be below zero",
                );
            }
            out.push((key, d));
        }
    }
    if map.is_empty() {
        r.error(
            path,
            "`parts` is empty",
            "list one value per category, such as `刑事: 12`, or delete `parts`",
        );
    }
    out
}
