//! Reading metric files: each metric's fields by type, the file's `defaults`, and the checks
//! that need the whole metric; every problem located at its key.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_yaml::Value;

use crate::input::diagnostic::{Diagnostic, Location};
use crate::input::keyed::{self, Noun};
use crate::input::reader::Reader;
use crate::input::source::Folder;
use crate::input::yaml::{YamlFile, describe, key_string};
use crate::metrics::phrase::{self, Numerals, Qualifier, Scale};

use super::check::{check_counts, check_parts, finish_change};
use super::model::*;

/// The metric files `serve` keeps between rebuilds, as read.
pub(crate) type Kept = keyed::Kept<Metric>;

const NOUN: Noun = Noun { name: "metric", usage: "{{ m.ID }}", reserved: &["defaults"] };

const KEYS: &[&str] = &[
    "label", "value", "unit", "approx", "period", "source", "owner", "note", "series", "parts", "partial",
    "scale", "numerals", "formula", "round", "en", "change", "check",
];

/// Loads every metric file (paths relative to the paper root, in order), collecting all
/// problems. A metric is read from its own file alone, so `serve` passes the metrics it
/// `kept` and unchanged files are taken as read last time.
pub(crate) fn load(
    folder: Folder<'_>,
    files: &[PathBuf],
    kept: Option<&Kept>,
    diags: &mut Vec<Diagnostic>,
) -> Metrics {
    let mut metrics = Metrics::default();
    keyed::load(folder, files, NOUN, &mut metrics, diags, kept, &READING);
    crate::metrics::derive::compute(&mut metrics, diags);
    metrics
}

/// Loads the metrics of one parsed file into `metrics`.
pub(crate) fn load_file(file: &YamlFile, metrics: &mut Metrics, diags: &mut Vec<Diagnostic>) {
    keyed::load_file(file, NOUN, metrics, diags, &READING);
}

/// A metrics file is read with its `defaults` first, once, then each metric with them.
type Read = fn(&YamlFile, &Defaults, &crate::input::yaml::Entry, &mut Vec<Diagnostic>) -> Option<Metric>;
const READING: keyed::Reading<fn(&YamlFile) -> Defaults, Read> =
    keyed::Reading { shared: file_defaults, entry: read_entry };

/// The file's `defaults`, read without messages (reading its own entry gives them).
fn file_defaults(file: &YamlFile) -> Defaults {
    let entry = file.entries.iter().find(|e| e.key == "defaults");
    entry.map(|e| read_defaults(file, &e.value, &mut Vec::new())).unwrap_or_default()
}

/// One top-level entry of a metrics file: a metric, or the file's `defaults`.
fn read_entry(
    file: &YamlFile,
    defaults: &Defaults,
    entry: &crate::input::yaml::Entry,
    diags: &mut Vec<Diagnostic>,
) -> Option<Metric> {
    if entry.key == "defaults" {
        read_defaults(file, &entry.value, diags);
        return None;
    }
    read_metric(file, &entry.key, &entry.value, entry.at.clone(), defaults, diags)
}

/// What a metrics file states once for all its metrics (`defaults:`); a metric's own field
/// wins.
#[derive(Debug, Default)]
struct Defaults {
    source: Option<String>,
    owner: Option<String>,
    period: Option<Period>,
    note: Option<String>,
    source_en: Option<String>,
    period_en: Option<String>,
}

const DEFAULT_KEYS: &[&str] = &["source", "owner", "period", "note", "en"];

fn read_defaults(file: &YamlFile, value: &Value, diags: &mut Vec<Diagnostic>) -> Defaults {
    let mut d = Defaults::default();
    let mut r = Reader::new(file, diags);
    let Some(map) =
        r.mapping(&["defaults"], value, "a mapping such as `{ source: 审判管理系统, period: 2022年 }`")
    else {
        return d;
    };
    for (k, v) in map {
        let key = key_string(k);
        let path = ["defaults", key.as_str()];
        match key.as_str() {
            "source" => d.source = r.required_text(&path, v),
            "owner" => d.owner = r.text(&path, v),
            "note" => d.note = r.text(&path, v),
            "period" => d.period = period(&mut r, &path, v),
            "en" => {
                let Some(en) = r.mapping(&path, v, "a mapping such as `{ source: People's Court Daily }`")
                else {
                    continue;
                };
                for (k, v) in en {
                    let key = key_string(k);
                    let sub = ["defaults", "en", key.as_str()];
                    match key.as_str() {
                        "source" => d.source_en = r.text(&sub, v),
                        "period" => d.period_en = r.text(&sub, v),
                        _ => r.unknown(&sub, &["source", "period"], "`en` of `defaults`"),
                    }
                }
            }
            _ => r.unknown(&path, DEFAULT_KEYS, "`defaults` (what every metric of this file shares)"),
        }
    }
    d
}

fn read_metric(
    file: &YamlFile,
    id: &str,
    value: &Value,
    at: Location,
    defaults: &Defaults,
    diags: &mut Vec<Diagnostic>,
) -> Option<Metric> {
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let mut r = Reader::new(file, diags);
    let map = r.mapping(&[id], value, "a mapping with at least `label`, `value` and `unit`")?;
    let (mut label, mut val, mut unit) = (None, None, None);
    let mut stated_change = None;
    let mut m = Metric {
        id: id.to_string(),
        label: String::new(),
        value: Decimal::ZERO,
        unit: String::new(),
        qualifier: Qualifier::Exact,
        scale: Scale::Auto,
        numerals: Numerals::Arabic,
        period: None,
        source: None,
        owner: None,
        note: None,
        series: BTreeMap::new(),
        parts: Vec::new(),
        partial: false,
        phrase: String::new(),
        upper: None,
        change: None,
        check: Check::Error,
        parts_sum: None,
        formula: None,
        round: None,
        stated: None,
        label_en: None,
        unit_en: None,
        period_en: None,
        source_en: None,
        note_en: None,
        at,
    };
    for (k, v) in map {
        let key = key_string(k);
        let path = [id, key.as_str()];
        match key.as_str() {
            "label" => label = r.required_text(&path, v),
            "value" => match v {
                Value::Sequence(ends) if ends.len() == 2 => {
                    val = number(&mut r, &path, &ends[0]);
                    m.upper = number(&mut r, &path, &ends[1]);
                }
                Value::Sequence(_) => r.error(
                    &path,
                    format!("`value` of metric `{id}` is a list, but not of two numbers"),
                    "write one number (`value: 545`), or a range as two (`value: [400, 429]`)",
                ),
                _ => val = number(&mut r, &path, v),
            },
            "unit" => unit = r.text(&path, v),
            "approx" => {
                if let Some(t) = r.text(&path, v) {
                    match Qualifier::parse(&t) {
                        Some(q) => m.qualifier = q,
                        None => r.error(
                            &path,
                            format!("`approx: {t}` is not a known qualifier"),
                            format!(
                                "use one of {}",
                                Qualifier::NAMES
                                    .iter()
                                    .map(|(en, zh, _)| if zh.is_empty() {
                                        format!("`{en}`")
                                    } else {
                                        format!("`{en}` ({zh})")
                                    })
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        ),
                    }
                }
            }
            "scale" => {
                if let Some(t) = r.text(&path, v) {
                    match Scale::parse(&t) {
                        Some(s) => m.scale = s,
                        None => r.error(
                            &path,
                            format!("`scale: {t}` is not known"),
                            "use `auto`, `none`, `万` or `亿`",
                        ),
                    }
                }
            }
            "numerals" => {
                let words = [("arabic", Numerals::Arabic), ("chinese", Numerals::Chinese)];
                let hint = "use `arabic` (545件, the default) or `chinese` (百余起, 近五年)";
                m.numerals = r.choice(&path, v, &words, hint).unwrap_or_default();
            }
            "period" => m.period = period(&mut r, &path, v),
            "source" => m.source = r.required_text(&path, v),
            "owner" => m.owner = r.text(&path, v),
            "note" => m.note = r.text(&path, v),
            "partial" => m.partial = r.boolean(&path, v).unwrap_or(false),
            "en" => {
                if let Some(en) =
                    r.mapping(&path, v, "a mapping such as `{ label: Administrative cases concluded }`")
                {
                    for (k, v) in en {
                        let key = key_string(k);
                        let sub = [id, "en", key.as_str()];
                        match key.as_str() {
                            "label" => m.label_en = r.required_text(&sub, v),
                            "unit" => m.unit_en = r.text(&sub, v),
                            "period" => m.period_en = r.text(&sub, v),
                            "source" => m.source_en = r.text(&sub, v),
                            "note" => m.note_en = r.text(&sub, v),
                            _ => r.unknown(
                                &sub,
                                &["label", "unit", "period", "source", "note"],
                                &format!("`en` of metric `{id}`"),
                            ),
                        }
                    }
                }
            }
            "formula" => {
                if let Some(text) = r.text(&path, v) {
                    m.formula = Some(Formula { text, at: file.locate_value(&path) });
                }
            }
            "round" => match number(&mut r, &path, v).and_then(|d| u32::try_from(d).ok()) {
                Some(n) if n <= 6 => m.round = Some(n),
                _ => r.error(
                    &path,
                    "`round` is the number of decimal places, 0 to 6",
                    "write `round: 1` for 58.4",
                ),
            },
            "series" => m.series = series(&mut r, &path, v),
            "parts" => m.parts = parts(&mut r, &path, v),
            "change" => stated_change = read_change(&mut r, id, v),
            "check" => {
                let words = [("error", Check::Error), ("warn", Check::Warn)];
                let hint = "use `warn` to print published parts that do not add up (with a warning), or `error` (the default)";
                m.check = r.choice(&path, v, &words, hint).unwrap_or_default();
            }
            _ => r.unknown(&path, KEYS, &format!("metric `{id}`")),
        }
    }
    // A misspelt key (`lable`) already has its own message; do not also call `label` missing.
    let misspelt = |key: &str| {
        map.keys().any(|k| crate::input::diagnostic::did_you_mean(&key_string(k), [key]).is_some())
    };
    for (key, got, example) in [
        ("label", label.is_some(), "办结各类行政案件"),
        ("value", val.is_some() || m.formula.is_some(), "545"),
        ("unit", unit.is_some(), "件"),
    ] {
        if !got && !map.contains_key(key) && !misspelt(key) {
            r.missing(&[id], key, &format!("metric `{id}`"), example);
        }
    }
    m.source = m.source.take().or_else(|| defaults.source.clone());
    m.owner = m.owner.take().or_else(|| defaults.owner.clone());
    m.period = m.period.take().or_else(|| defaults.period.clone());
    m.note = m.note.take().or_else(|| defaults.note.clone());
    m.source_en = m.source_en.take().or_else(|| defaults.source_en.clone());
    m.period_en = m.period_en.take().or_else(|| defaults.period_en.clone());
    if m.source.is_none() && !map.contains_key("source") {
        r.warning(
            &[id],
            format!("metric `{id}` has no `source`"),
            "every published figure should say where it comes from: add `source: 审判管理系统`",
        );
    }
    m.label = label.unwrap_or_default();
    m.value = val.unwrap_or_default();
    if m.formula.is_some() {
        m.stated = val;
    }
    m.unit = unit.unwrap_or_default();
    check_counts(&mut r, &m);
    check_parts(&mut r, &mut m);
    let errors_after = r.diags.iter().filter(|d| d.is_error()).count();
    if errors_after > errors_before {
        return None;
    }
    m.change = stated_change;
    if m.formula.is_some() {
        // Computed, checked and phrased once every metric is read: `derive::compute`.
        return Some(m);
    }
    if let Err(d) = finish_change(&mut m, Some(file)) {
        r.diags.push(d);
        return None;
    }
    let figure = m.figure();
    let phrased = match m.upper {
        Some(upper) => phrase::phrase_range(&figure, upper),
        None => phrase::phrase(&figure),
    };
    match phrased {
        Ok(p) => m.phrase = p,
        Err(e) => {
            let key = if map.contains_key("approx") { "approx" } else { "value" };
            r.error(&[id, key], format!("metric `{id}`: {}", e.message), e.hint);
            return None;
        }
    }
    Some(m)
}

/// `change: 77.76`, or `change: { value: 0.84, up: 提高, down: 降低 }`.
fn read_change(r: &mut Reader<'_>, id: &str, v: &Value) -> Option<Change> {
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
            _ => r.unknown(&sub, &["value", "up", "down"], &format!("`change` of metric `{id}`")),
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

fn text_number_hint(s: &str) -> String {
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

fn period(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Option<Period> {
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

fn series(r: &mut Reader<'_>, path: &[&str], v: &Value) -> BTreeMap<i32, Decimal> {
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

fn parts(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Vec<(String, Decimal)> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::diagnostic::Source;

    fn load_str(text: &str) -> (Metrics, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut metrics = Metrics::default();
        let file = YamlFile::parse(&Source::new("content/metrics/a.yaml", text)).unwrap();
        load_file(&file, &mut metrics, &mut diags);
        (metrics, diags)
    }

    #[test]
    fn loads_and_phrases_a_metric() {
        let (m, d) = load_str(
            "cases:\n  label: 办结各类行政案件\n  value: 545\n  unit: 件\n  source: 审判管理系统\n  period: 2023年以来\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let c = m.get("cases").unwrap();
        assert_eq!(c.phrase, "545件");
        assert_eq!(c.period.as_ref().unwrap().text(), "2023年以来");
    }

    #[test]
    fn every_problem_in_a_file_is_reported_with_its_line() {
        let (m, d) = load_str(
            "a:\n  lable: x\n  value: .nan\n  unit: 件\nb:\n  label: y\n  value: 545件\n  unit: 件\n  source: s\n",
        );
        assert!(m.is_empty());
        let shorts: Vec<String> = d.iter().map(Diagnostic::short).collect();
        assert!(
            shorts.iter().any(|s| s.starts_with("content/metrics/a.yaml:2:3: error: unknown key `lable`")),
            "{shorts:#?}"
        );
        assert!(
            shorts
                .iter()
                .any(|s| s.starts_with("content/metrics/a.yaml:3:10: error: `value` is not a number")),
            "{shorts:#?}"
        );
        assert!(
            d.iter()
                .any(|x| x.hints.iter().any(|h| h == "write `value: 545` and `unit: 件` on separate lines")),
            "{shorts:#?}"
        );
    }

    #[test]
    fn duplicate_ids_name_both_places() {
        let (_, d) = load_str(
            "a:\n  label: x\n  value: 1\n  unit: 件\n  source: s\na:\n  label: y\n  value: 2\n  unit: 件\n",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line_col(), Some((6, 1)));
        assert_eq!(d[0].related[0].0.line_col(), (1, 1));
    }

    #[test]
    fn parts_must_add_up_unless_partial() {
        let (_, d) = load_str(
            "a:\n  label: x\n  value: 10\n  unit: 件\n  source: s\n  parts:\n    甲: 3\n    乙: 4\n",
        );
        assert!(d[0].message.contains("add up to 7, but its value is 10"), "{}", d[0].message);
        assert_eq!(d[0].line_col().map(|l| l.0), Some(6));
        let (m, d) = load_str(
            "a:\n  label: x\n  value: 10\n  unit: 件\n  source: s\n  partial: true\n  parts:\n    甲: 3\n",
        );
        assert!(d.is_empty() && m.len() == 1);
    }

    #[test]
    fn negative_counts_and_bad_ids_are_errors() {
        let (_, d) = load_str("a:\n  label: x\n  value: -3\n  unit: 件\n  source: s\nBad-Id:\n  label: y\n");
        assert!(d[0].message.contains("negative"));
        assert!(d[1].message.contains("`Bad-Id` must be lowercase"));
        assert!(d[1].hints[0].contains("bad_id"));
    }

    #[test]
    fn a_phrase_the_rules_forbid_is_located_at_approx() {
        let (_, d) = load_str("a:\n  label: x\n  value: 545\n  unit: 件\n  approx: 余\n  source: s\n");
        assert_eq!(d[0].line_col(), Some((5, 11)));
        assert!(d[0].message.contains("round number"));
    }
}
