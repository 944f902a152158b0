//! Charts: figures declared in `content/charts/*.yaml` from metrics, their series and their
//! parts, so that a corrected number corrects the chart too. Drawn as SVG with plotters for
//! the site and the PDF, and rasterised to PNG for channels that take only images.

pub(crate) mod describe;
pub(crate) mod draw;
pub(crate) mod raster;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_yaml::Value;

use crate::input::diagnostic::{Diagnostic, Location};
use crate::input::keyed::{self, Keyed, Noun, Set};
use crate::metrics::{Metric, Metrics};

use crate::input::reader::Reader;
use crate::input::source::Folder;
use crate::input::yaml::{YamlFile, key_string};

/// What a chart shows and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Bar,
    HBar,
    Line,
    Pie,
    Donut,
    Stacked,
    Kpi,
}

impl Kind {
    const NAMES: &'static [(&'static str, Kind)] = &[
        ("bar", Kind::Bar),
        ("hbar", Kind::HBar),
        ("line", Kind::Line),
        ("pie", Kind::Pie),
        ("donut", Kind::Donut),
        ("stacked", Kind::Stacked),
        ("kpi", Kind::Kpi),
    ];

    /// What the kind is called in a Chinese text alternative.
    /// The kind's name in the edition's language, for text alternatives.
    pub(crate) fn name(self, locale: crate::input::Locale) -> &'static str {
        if locale == crate::input::Locale::Zh {
            return self.zh();
        }
        match self {
            Kind::Bar => "Bar chart",
            Kind::HBar => "Horizontal bar chart",
            Kind::Line => "Line chart",
            Kind::Pie => "Pie chart",
            Kind::Donut => "Donut chart",
            Kind::Stacked => "Stacked bar chart",
            Kind::Kpi => "Key figures",
        }
    }

    pub(crate) fn zh(self) -> &'static str {
        match self {
            Kind::Bar => "柱状图",
            Kind::HBar => "条形图",
            Kind::Line => "折线图",
            Kind::Pie => "饼图",
            Kind::Donut => "环形图",
            Kind::Stacked => "堆积柱状图",
            Kind::Kpi => "数据卡片",
        }
    }
}

/// One value to draw, with the text that prints it.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub label: String,
    pub value: f64,
    /// The figure as the text prints it (4500余件).
    pub text: String,
}

/// A line of a line chart.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub label: String,
    pub points: Vec<(i32, f64, String)>,
}

/// The data of a chart, in the shape its kind draws.
#[derive(Debug, Clone)]
pub(crate) enum Data {
    Items(Vec<Item>),
    Lines(Vec<Line>),
    /// Stacked bars: one bar per category, one segment per part name.
    Stacks {
        categories: Vec<String>,
        segments: Vec<String>,
        values: Vec<Vec<Item>>,
    },
}

/// A chart, validated and ready to draw.
#[derive(Debug, Clone)]
pub(crate) struct Chart {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub caption: Option<String>,
    /// The source line: as written, or the metrics' sources.
    pub source: String,
    pub unit: String,
    pub colors: Vec<String>,
    pub data: Data,
    pub at: Location,
    /// The metrics it draws, by id.
    pub metrics: Vec<String>,
    /// A text alternative written by hand, replacing the one made from the data.
    pub alt: Option<String>,
    /// The edition the chart is drawn for: its words and figures are in this language.
    pub locale: crate::input::Locale,
    pub alt_at: Option<Location>,
    /// Drawn for the English edition without an English title: an error only if an English
    /// chapter places it.
    pub missing_en_title: bool,
}

/// All charts of a paper, by id.
pub(crate) type Charts = Set<Chart>;

impl Chart {
    /// A hash of everything about the chart that a chapter shows, so that `serve` can tell
    /// whether a chapter that places it must be made again.
    pub(crate) fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let Chart {
            id,
            kind,
            title,
            caption,
            source,
            unit,
            colors,
            data,
            at: _,
            metrics,
            alt,
            locale,
            alt_at: _,
            missing_en_title,
        } = self;
        let mut h = std::hash::DefaultHasher::new();
        (id, kind, title, caption, source, unit, colors, metrics, alt, locale.tag(), missing_en_title)
            .hash(&mut h);
        format!("{data:?}").hash(&mut h);
        h.finish()
    }
}

impl Keyed for Chart {
    fn id(&self) -> &str {
        &self.id
    }

    fn at(&self) -> &Location {
        &self.at
    }
}

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
    locale: crate::input::Locale,
    diags: &mut Vec<Diagnostic>,
) -> Charts {
    let mut charts = Charts::default();
    let noun = Noun { name: "chart", usage: "{{ chart.ID }}", reserved: &[] };
    // A chart reads metrics too: nothing is kept.
    let reading = keyed::Reading {
        shared: |_: &YamlFile| (),
        entry: |file: &YamlFile, (): &(), entry: &crate::input::yaml::Entry, diags: &mut Vec<Diagnostic>| {
            read_chart(file, &entry.key, &entry.value, entry.at.clone(), metrics, locale, diags)
        },
    };
    keyed::load(folder, files, noun, &mut charts, diags, None, &reading);
    charts
}

/// The size a chart is drawn at without its heading (width, height), for the page to reserve.
pub(crate) fn size(chart: &Chart) -> (u32, u32) {
    (draw::WIDTH, draw::plain_height(chart))
}

/// One chart drawn: the SVG the site and the PDF show, and the PNG for channels that take
/// only images (number, title and source drawn in: 图3　…), when asked for.
#[derive(Debug, Clone)]
pub(crate) struct Drawn {
    pub svg: String,
    pub png: Option<Vec<u8>>,
}

/// Every chart drawn, by id, in parallel; `number` gives a placed chart's figure number for
/// its PNG. With `pngs` (kept by `serve`), a PNG made before from the same SVG is reused.
pub(crate) fn draw_all(
    charts: &Charts,
    palette: &[String],
    png: bool,
    number: &(dyn Fn(&str) -> Option<String> + Sync),
    pngs: Option<&raster::Pngs>,
) -> Result<BTreeMap<String, Drawn>, String> {
    use rayon::prelude::*;
    let drawn: Vec<Result<(String, Drawn), String>> = charts
        .iter()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|chart| {
            let alt = describe::alt_text(chart);
            let svg = draw::svg(chart, draw::Frame { heading: None, alt: &alt, palette });
            let png = if png { Some(framed_png(chart, &alt, palette, number, pngs)?) } else { None };
            Ok((chart.id.clone(), Drawn { svg, png }))
        })
        .collect();
    if let Some(pngs) = pngs.filter(|_| png) {
        pngs.keep_only_last_use();
    }
    drawn.into_iter().collect()
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
    let framed = draw::svg(chart, draw::Frame { heading: Some((&title, &source)), alt, palette });
    let png = match pngs {
        Some(pngs) => pngs.png(&framed),
        None => raster::png(&framed),
    };
    png.map_err(|e| format!("chart `{}`: {e}", chart.id))
}

/// A chart's `en:` settings, used when the English edition is built.
#[derive(Default)]
struct English {
    texts: HashMap<String, String>,
    labels: HashMap<String, String>,
}

/// A metric id written in a chart, with the place it is written.
struct Ref {
    id: String,
    path: Vec<String>,
}

fn read_chart(
    file: &YamlFile,
    id: &str,
    value: &Value,
    at: Location,
    metrics: &Metrics,
    locale: crate::input::Locale,
    diags: &mut Vec<Diagnostic>,
) -> Option<Chart> {
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let mut r = Reader::new(file, diags);
    let map = r.mapping(&[id], value, "a mapping with `kind`, `title` and the data to draw")?;
    let (mut kind, mut title, mut caption, mut source, mut unit) = (None, None, None, None, None);
    let mut alt = None;
    let mut colors = Vec::new();
    let mut labels: HashMap<String, String> = HashMap::new();
    let mut en = English::default();
    let (mut metric_refs, mut parts_ref, mut series_refs) = (None, None, None);
    for (k, v) in map {
        let key = key_string(k);
        let path = [id, key.as_str()];
        match key.as_str() {
            "kind" => {
                if let Some(t) = r.text(&path, v) {
                    match Kind::NAMES.iter().find(|(n, _)| *n == t) {
                        Some((_, k)) => kind = Some(*k),
                        None => r.error(
                            &path,
                            format!("`kind: {t}` is not a chart kind"),
                            crate::input::diagnostic::suggestion(&t, Kind::NAMES.iter().map(|(n, _)| *n))
                                .unwrap_or_else(|| {
                                    "use one of `bar`, `hbar`, `line`, `pie`, `donut`, `stacked`, `kpi`"
                                        .to_string()
                                }),
                        ),
                    }
                }
            }
            "title" => title = r.required_text(&path, v),
            "caption" => caption = r.text(&path, v),
            "alt" => alt = r.text(&path, v),
            "source" => source = r.required_text(&path, v),
            "unit" => unit = r.text(&path, v),
            "colors" => colors = color_list(&mut r, &path, v),
            "labels" => {
                if let Some(m) =
                    r.mapping(&path, v, "a mapping of metric ids (or part names) to shorter labels")
                {
                    for (lk, lv) in m {
                        let name = key_string(lk);
                        if let Some(text) = r.text(&[id, "labels", name.as_str()], lv) {
                            labels.insert(name, text);
                        }
                    }
                }
            }
            "en" => {
                if let Some(m) = r.mapping(&path, v, "a mapping such as `{ title: Main figures }`") {
                    for (ek, ev) in m {
                        let key = key_string(ek);
                        let sub = [id, "en", key.as_str()];
                        match key.as_str() {
                            "labels" => {
                                if let Some(lm) =
                                    r.mapping(&sub, ev, "a mapping of metric ids (or part names) to labels")
                                {
                                    for (lk, lv) in lm {
                                        let name = key_string(lk);
                                        if let Some(text) = r.text(&[id, "en", "labels", name.as_str()], lv) {
                                            en.labels.insert(name, text);
                                        }
                                    }
                                }
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
            }
            "metrics" => metric_refs = Some(id_list(&mut r, id, "metrics", v)),
            "parts" => parts_ref = id_list(&mut r, id, "parts", v).into_iter().next(),
            "series" => series_refs = Some(id_list(&mut r, id, "series", v)),
            _ => r.unknown(&path, KEYS, &format!("chart `{id}`")),
        }
    }
    if title.is_none() && !map.contains_key("title") {
        r.missing(&[id], "title", &format!("chart `{id}`"), "多元解纷主要数据");
    }
    let mut missing_en_title = false;
    if locale == crate::input::Locale::En {
        // The English edition draws in English: its own title and labels, metrics' English labels.
        match en.texts.remove("title") {
            Some(t) => title = Some(t),
            // Only an error if an English chapter places the chart (see `pipeline`).
            None => missing_en_title = true,
        }
        caption = en.texts.remove("caption").or(None);
        alt = en.texts.remove("alt");
        if let Some(s) = en.texts.remove("source") {
            source = Some(s);
        }
        labels = en.labels;
    }
    let Some(kind) = kind else {
        if !map.contains_key("kind") {
            r.missing(&[id], "kind", &format!("chart `{id}`"), "bar");
        }
        return None;
    };
    let mut used: Vec<&Metric> = Vec::new();
    let data = match kind {
        Kind::Line => {
            let Some(refs) = series_refs else {
                r.error(
                    &[id, "kind"],
                    format!("line chart `{id}` has no `series`"),
                    "add `series: METRIC_ID` (or a list of ids) naming metrics that have a `series` by year",
                );
                return None;
            };
            let ms = resolve(&mut r, file, metrics, id, &refs);
            let mut lines = Vec::new();
            for &(m, rf) in &ms {
                if m.series.is_empty() {
                    r.diags.push(
                        Diagnostic::error(format!(
                            "metric `{}` has no `series` for line chart `{id}` to draw",
                            m.id
                        ))
                        .at(ref_at(file, rf))
                        .hint(format!(
                            "add a `series` of values by year to metric `{}`, such as `2023: 545`",
                            m.id
                        )),
                    );
                    continue;
                }
                used.push(m);
                let points =
                    m.series.iter().map(|(y, v)| (*y, to_f64(*v), m.value_in(*v, locale, true))).collect();
                lines.push(Line {
                    label: labels.get(&m.id).cloned().unwrap_or_else(|| m.label_in(locale).to_string()),
                    points,
                });
            }
            Data::Lines(lines)
        }
        Kind::Stacked => {
            let Some(refs) = metric_refs else {
                r.error(
                    &[id, "kind"],
                    format!("stacked chart `{id}` has no `metrics`"),
                    "list the metrics whose `parts` make the bars: `metrics: [a, b]`",
                );
                return None;
            };
            let ms = resolve(&mut r, file, metrics, id, &refs);
            let mut segments: Vec<String> = Vec::new();
            for (m, _) in &ms {
                for (name, _) in &m.parts {
                    if !segments.contains(name) {
                        segments.push(name.clone());
                    }
                }
            }
            let mut values = Vec::new();
            for &(m, rf) in &ms {
                if m.parts.is_empty() {
                    r.diags.push(
                        Diagnostic::error(format!(
                            "metric `{}` has no `parts` for stacked chart `{id}`",
                            m.id
                        ))
                        .at(ref_at(file, rf))
                        .hint("a stacked bar shows a metric's `parts`; add them to the metric"),
                    );
                }
                used.push(m);
                values.push(
                    segments
                        .iter()
                        .map(|s| {
                            let v = m.parts.iter().find(|(n, _)| n == s).map_or(Decimal::ZERO, |(_, v)| *v);
                            Item { label: s.clone(), value: to_f64(v), text: m.value_in(v, locale, true) }
                        })
                        .collect(),
                );
            }
            let categories = ms
                .iter()
                .map(|(m, _)| labels.get(&m.id).cloned().unwrap_or_else(|| m.label_in(locale).to_string()))
                .collect();
            Data::Stacks { categories, segments, values }
        }
        _ => {
            let items: Vec<Item> = if let Some(pref) = parts_ref {
                let ms = resolve(&mut r, file, metrics, id, std::slice::from_ref(&pref));
                let &(m, rf) = ms.first()?;
                used.push(m);
                if m.parts.is_empty() {
                    r.diags.push(
                        Diagnostic::error(format!(
                            "metric `{}` has no `parts` for chart `{id}` to draw",
                            m.id
                        ))
                        .at(ref_at(file, rf))
                        .hint(format!(
                            "add `parts` (value by category) to metric `{}`, or draw `metrics:` instead",
                            m.id
                        )),
                    );
                }
                m.parts
                    .iter()
                    .map(|(name, v)| Item {
                        label: labels.get(name).cloned().unwrap_or_else(|| name.clone()),
                        value: to_f64(*v),
                        text: m.value_in(*v, locale, true),
                    })
                    .collect()
            } else if let Some(refs) = &metric_refs {
                let ms = resolve(&mut r, file, metrics, id, refs);
                used.extend(ms.iter().map(|(m, _)| *m));
                ms.iter()
                    .map(|(m, _)| Item {
                        label: labels.get(&m.id).cloned().unwrap_or_else(|| m.label_in(locale).to_string()),
                        value: to_f64(m.value),
                        text: m.chart_text(locale),
                    })
                    .collect()
            } else if let Some(refs) = &series_refs {
                let ms = resolve(&mut r, file, metrics, id, refs);
                let &(m, _) = ms.first()?;
                used.push(m);
                m.series
                    .iter()
                    .map(|(y, v)| Item {
                        label: crate::input::locale::year(locale, *y),
                        value: to_f64(*v),
                        text: m.value_in(*v, locale, true),
                    })
                    .collect()
            } else {
                r.error(
                    &[id, "kind"],
                    format!("chart `{id}` has no data"),
                    "add `metrics: [id, …]`, `parts: METRIC_ID` or `series: METRIC_ID`",
                );
                return None;
            };
            if matches!(kind, Kind::Pie | Kind::Donut) {
                check_pie(&mut r, file, id, &items);
            }
            Data::Items(items)
        }
    };
    let units: Vec<&str> = {
        let mut u: Vec<&str> = used.iter().map(|m| m.unit.as_str()).collect();
        u.dedup();
        u
    };
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
    let errors_after = r.diags.iter().filter(|d| d.is_error()).count();
    if errors_after > errors_before {
        return None;
    }
    let source = source.unwrap_or_else(|| {
        let mut sources: Vec<&str> = Vec::new();
        for m in &used {
            if let Some(s) = m.source_in(locale) {
                if !sources.contains(&s) {
                    sources.push(s);
                }
            }
        }
        sources.join(crate::input::locale::get(locale).list_semicolon)
    });
    Some(Chart {
        id: id.to_string(),
        kind,
        title: title.unwrap_or_default(),
        caption,
        source,
        unit: unit.unwrap_or_else(|| units.first().map(|u| (*u).to_string()).unwrap_or_default()),
        colors,
        data,
        at,
        metrics: used.iter().map(|m| m.id.clone()).collect(),
        alt_at: alt.as_ref().map(|_| file.locate_value(&[id, "alt"])),
        alt,
        locale,
        missing_en_title,
    })
}

/// Each metric a chart names, with the reference that names it (so later messages point at
/// the right item); unknown ids are reported, rejected ones skipped.
fn resolve<'m, 'r>(
    r: &mut Reader<'_>,
    file: &YamlFile,
    metrics: &'m Metrics,
    id: &str,
    refs: &'r [Ref],
) -> Vec<(&'m Metric, &'r Ref)> {
    let mut out = Vec::new();
    for rf in refs {
        match metrics.get(&rf.id) {
            Some(m) if m.upper.is_some() => r.diags.push(
                Diagnostic::error(format!(
                    "chart `{id}` draws metric `{}`, which is a range ({})",
                    rf.id, m.phrase
                ))
                .at(ref_at(file, rf))
                .hint(
                    "a chart draws single values: chart the two ends as two metrics, or leave this one out",
                ),
            ),
            Some(m) => out.push((m, rf)),
            None if metrics.is_rejected(&rf.id) => {}
            None => r.diags.push(
                Diagnostic::error(format!("chart `{id}` names unknown metric `{}`", rf.id))
                    .at(ref_at(file, rf))
                    .hint(crate::input::diagnostic::suggestion(&rf.id, metrics.ids()).unwrap_or_else(|| {
                        "charts draw metrics defined in `content/metrics/*.yaml`".to_string()
                    })),
            ),
        }
    }
    out
}

fn check_pie(r: &mut Reader<'_>, file: &YamlFile, id: &str, items: &[Item]) {
    let at = file.locate(&[id, "kind"]);
    if let Some(bad) = items.iter().find(|i| i.value < 0.0) {
        r.diags.push(
            Diagnostic::error(format!(
                "pie chart `{id}` has a negative slice: `{}` is {}",
                bad.label, bad.text
            ))
            .at(at)
            .hint("a pie shows shares of a whole; draw negative values as a bar chart"),
        );
    } else if items.iter().map(|i| i.value).sum::<f64>() <= 0.0 {
        r.diags.push(
            Diagnostic::error(format!("pie chart `{id}` has nothing to divide: its values add up to zero"))
                .at(at)
                .hint("check the metric's `parts`, or choose another kind"),
        );
    }
}

fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// `metrics: [a, b]`, `metrics: a` or a list of `{ id: a }`, each with its path for messages.
fn id_list(r: &mut Reader<'_>, id: &str, key: &str, v: &Value) -> Vec<Ref> {
    let path = vec![id.to_string(), key.to_string()];
    match v {
        Value::String(s) => vec![Ref { id: s.trim().to_string(), path }],
        Value::Sequence(items) => items
            .iter()
            .filter_map(|item| match item {
                Value::String(s) => Some(Ref { id: s.trim().to_string(), path: path.clone() }),
                other => {
                    r.error(
                        &[id, key],
                        format!("`{key}` lists metric ids, found {}", crate::input::yaml::describe(other)),
                        "write `[metric_a, metric_b]`",
                    );
                    None
                }
            })
            .collect(),
        other => {
            r.error(
                &[id, key],
                format!(
                    "`{key}` must be a metric id or a list of them, found {}",
                    crate::input::yaml::describe(other)
                ),
                "write `[metric_a, metric_b]`",
            );
            Vec::new()
        }
    }
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

/// The place where a reference to a metric is written.
fn ref_at(file: &YamlFile, rf: &Ref) -> Location {
    let path: Vec<&str> = rf.path.iter().map(String::as_str).collect();
    locate_item(file, &path, &rf.id)
}

/// The place of an id written in a list under `path` (the key itself when not found).
fn locate_item(file: &YamlFile, path: &[&str], item: &str) -> Location {
    let key = file.locate(path);
    let text = &file.source.text;
    let from = key.span.end;
    // The list runs until the next line that is not indented deeper than a key.
    let window_end = text[from..]
        .match_indices('\n')
        .map(|(i, _)| from + i + 1)
        .find(|&i| text[i..].starts_with(|c: char| !c.is_whitespace()))
        .unwrap_or(text.len());
    match text[from..window_end].find(item) {
        Some(i) => Location::new(&file.source, from + i..from + i + item.len()),
        None => key,
    }
}
