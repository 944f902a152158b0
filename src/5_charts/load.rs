//! Reading chart files: each chart's fields by type, its English settings, its data from the
//! metrics (by the reader of its kind), and the checks of the whole chart.

use std::collections::HashMap;
use std::path::PathBuf;

use serde_yaml::{Mapping, Value};

use super::kinds::{self, Cx, Refs};
use super::model::{Chart, Charts, Kind};
use super::refs::id_list;
use crate::input::Locale;
use crate::input::diagnostic::Diagnostic;
use crate::input::keyed::{self, Noun};
use crate::input::reader::Reader;
use crate::input::source::Folder;
use crate::input::yaml::{Entry, YamlFile, key_string};
use crate::metrics::{Metric, Metrics};

const KEYS: &[&str] = &[
    "kind", "title", "caption", "source", "unit", "colors", "metrics", "parts", "series", "labels", "alt",
    "en",
];
const EN_KEYS: &[&str] = &["title", "caption", "source", "labels", "alt"];

/// Loads every chart file, checking each against the metrics.
pub(crate) fn load(
    folder: Folder<'_>,
    files: &[PathBuf],
    metrics: &Metrics,
    locale: Locale,
    diags: &mut Vec<Diagnostic>,
) -> Charts {
    let mut charts = Charts::default();
    let noun = Noun { name: "chart", usage: "{{ chart.ID }}", reserved: &[] };
    // A chart reads metrics too: nothing is kept.
    let reading = keyed::Reading {
        shared: |_: &YamlFile| (),
        entry: |file: &YamlFile, (): &(), entry: &Entry, diags: &mut Vec<Diagnostic>| {
            read_chart(file, entry, metrics, locale, diags)
        },
    };
    keyed::load(folder, files, noun, &mut charts, diags, None, &reading);
    charts
}

/// A chart's fields as written, before its data is read from the metrics.
#[derive(Default)]
struct Fields {
    kind: Option<Kind>,
    title: Option<String>,
    caption: Option<String>,
    source: Option<String>,
    unit: Option<String>,
    alt: Option<String>,
    colors: Vec<String>,
    labels: HashMap<String, String>,
    en: English,
    refs: Refs,
}

/// A chart's `en:` settings, used when the English edition is built.
#[derive(Default)]
struct English {
    texts: HashMap<String, String>,
    labels: HashMap<String, String>,
}

fn read_chart(
    file: &YamlFile,
    entry: &Entry,
    metrics: &Metrics,
    locale: Locale,
    diags: &mut Vec<Diagnostic>,
) -> Option<Chart> {
    let id = entry.key.as_str();
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let mut r = Reader::new(file, diags);
    let map = r.mapping(&[id], &entry.value, "a mapping with `kind`, `title` and the data to draw")?;
    let mut f = read_fields(&mut r, id, map);
    if f.title.is_none() && !map.contains_key("title") {
        r.missing(&[id], "title", &format!("chart `{id}`"), "多元解纷主要数据");
    }
    // The English edition draws in English: its own title and labels, metrics' English labels.
    let missing_en_title = locale == Locale::En && f.in_english();
    let Some(kind) = f.kind else {
        if !map.contains_key("kind") {
            r.missing(&[id], "kind", &format!("chart `{id}`"), "bar");
        }
        return None;
    };
    let mut cx = Cx { r: &mut r, file, metrics, id, labels: &f.labels, locale };
    let (data, used) = kinds::read(kind, &mut cx, &f.refs)?;
    let units = check_units(&mut r, id, kind, &used);
    if r.diags.iter().filter(|d| d.is_error()).count() > errors_before {
        return None;
    }
    let source = f.source.unwrap_or_else(|| sources(&used, locale));
    Some(Chart {
        id: id.to_string(),
        kind,
        title: f.title.unwrap_or_default(),
        caption: f.caption,
        source,
        unit: f.unit.unwrap_or_else(|| units.first().map(|u| (*u).to_string()).unwrap_or_default()),
        colors: f.colors,
        data,
        at: entry.at.clone(),
        metrics: used.iter().map(|m| m.id.clone()).collect(),
        alt_at: f.alt.as_ref().map(|_| file.locate_value(&[id, "alt"])),
        alt: f.alt,
        locale,
        missing_en_title,
    })
}

/// Every field of the chart `id`, each problem reported at its key.
fn read_fields(r: &mut Reader<'_>, id: &str, map: &Mapping) -> Fields {
    let mut f = Fields::default();
    for (k, v) in map {
        let key = key_string(k);
        let path = [id, key.as_str()];
        match key.as_str() {
            "kind" => f.kind = read_kind(r, &path, v),
            "title" => f.title = r.required_text(&path, v),
            "caption" => f.caption = r.text(&path, v),
            "alt" => f.alt = r.text(&path, v),
            "source" => f.source = r.required_text(&path, v),
            "unit" => f.unit = r.text(&path, v),
            "colors" => f.colors = color_list(r, &path, v),
            "labels" => {
                let what = "a mapping of metric ids (or part names) to shorter labels";
                f.labels = read_labels(r, &path, v, what);
            }
            "en" => read_english(r, id, v, &mut f.en),
            "metrics" => f.refs.metrics = Some(id_list(r, id, "metrics", v)),
            "parts" => f.refs.parts = id_list(r, id, "parts", v).into_iter().next(),
            "series" => f.refs.series = Some(id_list(r, id, "series", v)),
            _ => r.unknown(&path, KEYS, &format!("chart `{id}`")),
        }
    }
    f
}

impl Fields {
    /// Takes the English title, caption, alternative text, source and labels in place of the
    /// Chinese ones; true when there is no English title (an error only if an English chapter
    /// places the chart, see `pipeline`).
    fn in_english(&mut self) -> bool {
        let title = self.en.texts.remove("title");
        let missing = title.is_none();
        if title.is_some() {
            self.title = title;
        }
        self.caption = self.en.texts.remove("caption");
        self.alt = self.en.texts.remove("alt");
        if let Some(s) = self.en.texts.remove("source") {
            self.source = Some(s);
        }
        self.labels = std::mem::take(&mut self.en.labels);
        missing
    }
}

fn read_kind(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Option<Kind> {
    let t = r.text(path, v)?;
    let found = Kind::NAMES.iter().find(|(n, _)| *n == t).map(|(_, k)| *k);
    if found.is_none() {
        r.error(
            path,
            format!("`kind: {t}` is not a chart kind"),
            crate::input::diagnostic::suggestion(&t, Kind::NAMES.iter().map(|(n, _)| *n)).unwrap_or_else(
                || "use one of `bar`, `hbar`, `line`, `pie`, `donut`, `stacked`, `kpi`".to_string(),
            ),
        );
    }
    found
}

/// `labels:` (or `en: labels:`): metric ids or part names to the labels the chart prints.
fn read_labels(r: &mut Reader<'_>, path: &[&str], v: &Value, what: &str) -> HashMap<String, String> {
    let mut labels = HashMap::new();
    for (k, v) in r.mapping(path, v, what).into_iter().flatten() {
        let name = key_string(k);
        let mut sub = path.to_vec();
        sub.push(&name);
        if let Some(text) = r.text(&sub, v) {
            labels.insert(name, text);
        }
    }
    labels
}

fn read_english(r: &mut Reader<'_>, id: &str, v: &Value, en: &mut English) {
    let Some(m) = r.mapping(&[id, "en"], v, "a mapping such as `{ title: Main figures }`") else { return };
    for (ek, ev) in m {
        let key = key_string(ek);
        let sub = [id, "en", key.as_str()];
        match key.as_str() {
            "labels" => {
                en.labels = read_labels(r, &sub, ev, "a mapping of metric ids (or part names) to labels");
            }
            "title" | "caption" | "source" | "alt" => {
                if let Some(text) = r.text(&sub, ev) {
                    en.texts.insert(key.clone(), text);
                }
            }
            _ => r.unknown(&sub, EN_KEYS, &format!("`en` of chart `{id}`")),
        }
    }
}

/// The units of the metrics drawn, in order; percentages and counts on one axis are an error.
fn check_units<'m>(r: &mut Reader<'_>, id: &str, kind: Kind, used: &[&'m Metric]) -> Vec<&'m str> {
    let mut units: Vec<&str> = used.iter().map(|m| m.unit.as_str()).collect();
    units.dedup();
    if matches!(kind, Kind::Bar | Kind::HBar | Kind::Line | Kind::Stacked)
        && units.contains(&"%")
        && units.iter().any(|u| *u != "%")
    {
        r.error(
            &[id, "metrics"],
            format!("chart `{id}` mixes percentages with counts or amounts on one axis"),
            "draw percentages and counts in separate charts",
        );
    }
    units
}

/// The source line of a chart that states none: its metrics' sources, each once.
fn sources(used: &[&Metric], locale: Locale) -> String {
    let mut sources: Vec<&str> = Vec::new();
    for s in used.iter().filter_map(|m| m.source_in(locale)) {
        if !sources.contains(&s) {
            sources.push(s);
        }
    }
    sources.join(crate::input::locale::get(locale).list_semicolon)
}

fn color_list(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Vec<String> {
    let Value::Sequence(items) = v else {
        r.error(path, "`colors` must be a list of colours such as `[\"#0072B2\", \"#E69F00\"]`", "");
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let text = match item {
            Value::String(s) => s.trim().to_string(),
            _ => String::new(),
        };
        if crate::input::reader::rgb(&text).is_some() {
            out.push(text);
        } else {
            r.error(
                path,
                format!("`{text}` is not a colour written `#RRGGBB`"),
                "for example `\"#0072B2\"` (quote it: `#` starts a comment in YAML)",
            );
        }
    }
    out
}
