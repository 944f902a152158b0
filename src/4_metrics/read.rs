//! Reading metric files: each metric's fields by type, the file's `defaults`, and the checks
//! that need the whole metric; every problem located at its key.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rust_decimal::Decimal;
use serde_yaml::{Mapping, Value};

use crate::input::diagnostic::{Diagnostic, Location};
use crate::input::keyed::{self, Noun};
use crate::input::reader::Reader;
use crate::input::sheet::Workbooks;
use crate::input::source::Folder;
use crate::input::yaml::{YamlFile, key_string};
use crate::metrics::phrase::{Numerals, Qualifier, Scale};

use super::check::{check_counts, check_parts, finish_change};
use super::defaults::{Defaults, file_defaults, read_defaults};
use super::fields::{
    number, parts, period, read_change, read_english, read_qualifier, read_scale, read_value, series,
};
use super::model::*;

/// The metric files `serve` keeps between rebuilds, as read.
pub(crate) type Kept = keyed::Kept<Metric>;

const NOUN: Noun = Noun { name: "metric", usage: "{{ m.ID }}", reserved: &["defaults"] };

const KEYS: &[&str] = &[
    "label", "value", "unit", "approx", "period", "source", "owner", "note", "series", "parts", "partial",
    "scale", "numerals", "formula", "round", "en", "change", "check", "bounds", "allow",
];

/// Loads every metric file and metrics table (paths relative to the paper root, in order),
/// collecting all problems. A metric of a file is read from that file alone, so `serve`
/// passes the metrics it `kept` and unchanged files are taken as read last time.
pub(crate) fn load(
    folder: Folder<'_>,
    (files, tables): (&[PathBuf], &[PathBuf]),
    kept: Option<&Kept>,
    books: &Workbooks<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Metrics {
    let mut metrics = Metrics::default();
    let reading =
        keyed::Reading { shared: |f: &YamlFile| (file_defaults(f), Some(books)), entry: read_entry };
    keyed::load(folder, files, NOUN, &mut metrics, diags, kept, &reading);
    for table in tables {
        load_table(table, books, &mut metrics, diags);
    }
    crate::metrics::derive::compute(&mut metrics, diags);
    super::check::check_bases(&mut metrics, diags);
    // A sheet renamed or rows moved fail many bindings at once: each such problem told once.
    *diags = crate::input::grouped::group(std::mem::take(diags));
    metrics
}

/// Loads a metrics table (a workbook whose rows are metrics), each row read as the line of a
/// metrics file it is turned into.
fn load_table(
    table: &std::path::Path,
    books: &Workbooks<'_>,
    metrics: &mut Metrics,
    diags: &mut Vec<Diagnostic>,
) {
    let name = crate::input::source::display_name(table);
    let book = books.open(&name);
    let text = match book.as_ref() {
        Ok(book) => super::table::as_yaml(book),
        Err(problem) => Err(problem.clone()),
    };
    let (yaml, table) = match text {
        Ok(made) => made,
        Err(e) => return diags.push(e.error().in_file(name)),
    };
    let source = crate::input::diagnostic::Source::new(name.clone(), yaml);
    // Problems are told at the table's cells, as the office wrote them, not in the metrics
    // file it is turned into.
    let rows = crate::input::diagnostic::Source::new(name, table.text.clone());
    let mut found = Vec::new();
    match YamlFile::parse(&source) {
        Ok(file) => {
            let reading =
                keyed::Reading { shared: |f: &YamlFile| (file_defaults(f), Some(books)), entry: read_entry };
            keyed::load_file(&file, NOUN, metrics, &mut found, &reading);
        }
        Err(d) => found.push(d),
    }
    for mut d in found {
        if d.at.as_ref().is_some_and(|at| std::sync::Arc::ptr_eq(&at.source, &source)) {
            table.relocate(&mut d, &source.text, &rows);
        }
        diags.push(d);
    }
}

/// Loads the metrics of one parsed file into `metrics` (with no workbook to bind to).
pub(crate) fn load_file(file: &YamlFile, metrics: &mut Metrics, diags: &mut Vec<Diagnostic>) {
    let reading = keyed::Reading { shared: |f: &YamlFile| (file_defaults(f), None), entry: read_entry };
    keyed::load_file(file, NOUN, metrics, diags, &reading);
}

/// What every metric of a file is read with: the file's `defaults`, and the workbooks its
/// figures may be bound to.
type Shared<'b> = (Defaults, Option<&'b Workbooks<'b>>);

/// One top-level entry of a metrics file: a metric, or the file's `defaults`.
fn read_entry(
    file: &YamlFile,
    (defaults, books): &Shared<'_>,
    entry: &crate::input::yaml::Entry,
    diags: &mut Vec<Diagnostic>,
) -> Option<Metric> {
    if entry.key == "defaults" {
        read_defaults(file, &entry.value, diags);
        return None;
    }
    read_metric(file, (&entry.key, entry.at.clone()), &entry.value, defaults, *books, diags)
}

fn read_metric(
    file: &YamlFile,
    (id, at): (&str, Location),
    value: &Value,
    defaults: &Defaults,
    books: Option<&Workbooks<'_>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Metric> {
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let mut r = Reader::new(file, diags);
    let map = r.mapping(&[id], value, "a mapping with at least `label`, `value` and `unit`")?;
    let mut m = blank(id, at);
    // The file's unit, for a metric that names none (before its binding reads percentages).
    let map = &*defaults.unit_for(map);
    // Figures bound to a workbook are read from it first; the rest reads them as written.
    let bound;
    let map = match super::bind::has_bindings(map) {
        true => {
            let (resolved, cells) = super::bind::resolve(&mut r, books, id, map)?;
            m.cells = cells;
            bound = resolved;
            &bound
        }
        false => map,
    };
    let own = read_fields(&mut r, id, map, &mut m);
    // A change published without its value is a metric of its own.
    m.only_change =
        own.value.is_none() && own.change.is_some() && m.formula.is_none() && !map.contains_key("value");
    report_missing(&mut r, id, map, &own, m.formula.is_some() || m.only_change);
    defaults.apply(&mut m);
    if m.source.is_none() && !map.contains_key("source") {
        r.warning(
            &[id],
            format!("metric `{id}` has no `source`"),
            "every published figure should say where it comes from: add `source: 审判管理系统`",
        );
    }
    m.label = own.label.unwrap_or_default();
    m.value = own.value.unwrap_or_default();
    if m.formula.is_some() {
        m.stated = own.value;
    }
    m.unit = own.unit.unwrap_or_default();
    // A value that could not be read has its own message; checking it again would only repeat it.
    if own.value.is_some() {
        check_counts(&mut r, &m);
        check_parts(&mut r, &mut m);
        super::plausible::check(&mut r, &m);
    }
    if r.diags.iter().filter(|d| d.is_error()).count() > errors_before {
        return None;
    }
    m.change = own.change;
    defaults.give_verbs(&mut m);
    if m.formula.is_some() {
        // Computed, checked and phrased once every metric is read: `derive::compute`.
        return Some(m);
    }
    if let Err(d) = finish_change(&mut m, Some(file)) {
        r.diags.push(d);
        return None;
    }
    defaults.give_verbs(&mut m);
    if let Err(e) = m.phrase_both() {
        let key = if map.contains_key("approx") { "approx" } else { "value" };
        r.hinted(&[id, key], e.prefixed(&format!("metric `{id}`: ")));
        return None;
    }
    Some(m)
}

/// A metric with nothing read yet.
fn blank(id: &str, at: Location) -> Metric {
    Metric {
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
        cells: super::model::Cells::default(),
        bounds: None,
        allow_jump: false,
        change_base: None,
        only_change: false,
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
        en: English::default(),
        at,
    }
}

/// What a metric's own keys give that is set only once all are read.
#[derive(Default)]
struct Own {
    label: Option<String>,
    value: Option<Decimal>,
    unit: Option<String>,
    change: Option<Change>,
}

/// Every key of the metric `id`, into `m` (or, for those set last, into what is returned).
fn read_fields(r: &mut Reader<'_>, id: &str, map: &Mapping, m: &mut Metric) -> Own {
    let mut own = Own::default();
    for (k, v) in map {
        let key = key_string(k);
        let path = [id, key.as_str()];
        match key.as_str() {
            "label" => own.label = r.required_text(&path, v),
            "value" => (own.value, m.upper) = read_value(r, id, &path, v),
            "unit" => own.unit = r.text(&path, v),
            "approx" => m.qualifier = read_qualifier(r, &path, v).unwrap_or(m.qualifier),
            "scale" => m.scale = read_scale(r, &path, v).unwrap_or(m.scale),
            "numerals" => {
                let words = [("arabic", Numerals::Arabic), ("chinese", Numerals::Chinese)];
                let hint = "use `arabic` (545件, the default) or `chinese` (百余起, 近五年)";
                m.numerals = r.choice(&path, v, &words, hint).unwrap_or_default();
            }
            "period" => m.period = period(r, &path, v),
            "source" => m.source = r.required_text(&path, v),
            "owner" => m.owner = r.text(&path, v),
            "note" => m.note = r.text(&path, v),
            "partial" => m.partial = r.boolean(&path, v).unwrap_or(false),
            "en" => read_english(r, id, v, &mut m.en),
            "formula" => {
                if let Some(text) = r.text(&path, v) {
                    m.formula = Some(Formula { text, at: r.file.locate_value(&path) });
                }
            }
            "round" => match number(r, &path, v).and_then(|d| u32::try_from(d).ok()) {
                Some(n) if n <= 6 => m.round = Some(n),
                _ => r.error(
                    &path,
                    "`round` is the number of decimal places, 0 to 6",
                    "write `round: 1` for 58.4",
                ),
            },
            "series" => m.series = series(r, &path, v),
            "parts" => m.parts = parts(r, &path, v),
            "change" => {
                own.change = read_change(r, id, v);
                let base = v.as_mapping().and_then(|c| c.get("base"));
                if let Some(base) = base.and_then(|b| r.text(&[id, "change", "base"], b)) {
                    m.change_base = Some((base, r.file.locate_value(&[id, "change", "base"])));
                }
            }
            "bounds" => m.bounds = super::plausible::read_bounds(r, &path, v),
            "allow" => m.allow_jump = super::plausible::read_allow(r, &path, v),
            "check" => {
                let words = [("error", Check::Error), ("warn", Check::Warn)];
                let hint = "use `warn` to print published parts that do not add up (with a warning), or `error` (the default)";
                m.check = r.choice(&path, v, &words, hint).unwrap_or_default();
            }
            _ => r.unknown(&path, KEYS, &format!("metric `{id}`")),
        }
    }
    own
}

/// `label`, `value` and `unit` are required, unless a misspelt key (`lable`) already has its
/// own message; a derived metric's value comes from its `formula`.
fn report_missing(r: &mut Reader<'_>, id: &str, map: &Mapping, own: &Own, derived: bool) {
    let misspelt = |key: &str| {
        map.keys().any(|k| crate::input::diagnostic::did_you_mean(&key_string(k), [key]).is_some())
    };
    for (key, got, example) in [
        ("label", own.label.is_some(), "办结各类行政案件"),
        ("value", own.value.is_some() || derived, "545"),
        ("unit", own.unit.is_some(), "件"),
    ] {
        if !got && !map.contains_key(key) && !misspelt(key) {
            r.missing(&[id], key, &format!("metric `{id}`"), example);
        }
    }
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
