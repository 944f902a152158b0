//! Template expansion: a chapter's body is a Tera template with every metric in scope.
//! `{{ m.ID }}` prints the figure as the paper states it; `{{ metric.ID.FIELD }}` reaches its
//! fields. Figures come out as markers that the Markdown stage turns into figure nodes, so
//! expansion never produces HTML.

use std::collections::BTreeMap;

use serde::Serialize;

mod bounded;
mod check;
mod refuse;
mod scan;

use crate::charts::Charts;
use crate::content::front::ChapterFile;
use crate::content::markers::{
    LIST_CLOSE, LIST_OPEN, RESERVED, chart_marker, facet_marker, figure_marker, ref_marker,
};
use crate::input::diagnostic::Diagnostic;
use crate::metrics::Facet;
use crate::metrics::phrase::fmt_decimal;
use crate::metrics::{Metric, Metrics};

use check::{Checker, list_place, place};
pub(crate) use scan::references;
use scan::{identifier_chains, tags};

#[derive(Serialize)]
struct MetricView<'a> {
    id: &'a str,
    label: &'a str,
    value: serde_json::Value,
    unit: &'a str,
    approx: &'a str,
    phrase: String,
    period: String,
    source: &'a str,
    owner: &'a str,
    note: &'a str,
    /// Each year's figure, printed as a figure (16.4%).
    series: BTreeMap<String, String>,
    parts: Vec<PartView<'a>>,
    /// 同比增长12.3% as a figure, or empty without a change.
    yoy: String,
    /// The amount of the change alone (12.3%), as a figure.
    change: String,
}

#[derive(Serialize)]
struct PartView<'a> {
    name: &'a str,
    /// The part printed as a figure (12件).
    value: String,
    /// The bare number, for arithmetic.
    number: serde_json::Value,
}

fn number_value(d: rust_decimal::Decimal) -> serde_json::Value {
    let text = fmt_decimal(d);
    text.parse::<i64>()
        .map(serde_json::Value::from)
        .or_else(|_| text.parse::<f64>().map(serde_json::Value::from))
        .unwrap_or(serde_json::Value::String(text))
}

fn view(m: &Metric, locale: crate::input::Locale) -> MetricView<'_> {
    MetricView {
        id: &m.id,
        label: m.label_in(locale),
        value: number_value(m.value),
        unit: &m.unit,
        approx: m.qualifier.word(),
        phrase: m.phrase_in(locale),
        period: m.period.as_ref().map(crate::metrics::Period::text).unwrap_or_default(),
        source: m.source.as_deref().unwrap_or(""),
        owner: m.owner.as_deref().unwrap_or(""),
        note: m.note.as_deref().unwrap_or(""),
        series: m.series.keys().map(|y| (y.to_string(), facet_marker(&m.id, Facet::Year(*y)))).collect(),
        parts: m
            .parts
            .iter()
            .enumerate()
            .map(|(i, (n, v))| PartView {
                name: n,
                value: facet_marker(&m.id, Facet::Part(i)),
                number: number_value(*v),
            })
            .collect(),
        yoy: m.change.as_ref().map(|_| facet_marker(&m.id, Facet::Change)).unwrap_or_default(),
        change: m.change.as_ref().map(|_| facet_marker(&m.id, Facet::ChangeAmount)).unwrap_or_default(),
    }
}

/// Expands chapter templates against one set of metrics.
pub(crate) struct Expander<'a> {
    tera: tera::Tera,
    metrics: &'a Metrics,
    charts: &'a Charts,
    locale: crate::input::Locale,
}

impl<'a> Expander<'a> {
    /// Prepares the template engine once for all chapters.
    pub(crate) fn new(metrics: &'a Metrics, charts: &'a Charts, locale: crate::input::Locale) -> Self {
        let mut tera = tera::Tera::new();
        // `list(…)` hands its arguments on in a marker; `lists::expand` prints the figures.
        tera.register_function("list", |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let args: crate::content::lists::ListArgs = kwargs.deserialize().map_err(|e| {
                let why = e.to_string().replace("deserialization failed: ", "");
                tera::Error::message(format!("`list` cannot read its arguments: {why}"))
            })?;
            let json = serde_json::to_string(&args).map_err(|e| tera::Error::message(e.to_string()))?;
            Ok(format!("{LIST_OPEN}{json}{LIST_CLOSE}"))
        });
        Self { tera, metrics, charts, locale }
    }

    /// The common chapter, whose every tag is `{{ m.ID }}` or `{{ chart.ID }}`, expanded
    /// without the template engine; `None` when the chapter uses anything more.
    fn substitute(&self, body: &str) -> Option<String> {
        let mut out = String::with_capacity(body.len() + body.len() / 8);
        let mut rest = body;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            match after.chars().next() {
                Some('%' | '#') => return None,
                Some('{') => {}
                _ => {
                    out.push_str(&rest[..=open]);
                    rest = after;
                    continue;
                }
            }
            let close = after.find("}}")?;
            let tag = after[1..close].trim();
            let marker = if let Some(id) = tag.strip_prefix("m.") {
                self.metrics.get(id).map(|m| figure_marker(&m.id))?
            } else if let Some(id) = tag.strip_prefix("chart.") {
                self.charts.get(id).map(|c| chart_marker(&c.id))?
            } else if let Some(id) = tag.strip_prefix("ref.") {
                self.charts.get(id).map(|c| ref_marker(&c.id))?
            } else if let Some(id) = tag.strip_prefix("metric.").and_then(|t| t.strip_suffix(".yoy")) {
                self.metrics
                    .get(id)
                    .filter(|m| m.change.is_some())
                    .map(|m| facet_marker(&m.id, Facet::Change))?
            } else {
                return None;
            };
            out.push_str(&rest[..open]);
            out.push_str(&marker);
            rest = &after[close + 2..];
        }
        out.push_str(rest);
        Some(out)
    }

    /// The context of one chapter: only the metrics and charts its tags name, so that the
    /// cost of a chapter does not grow with the size of the paper.
    fn context(&self, body: &str) -> tera::Context {
        let (mut m, mut metric, mut chart) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        let mut refs = BTreeMap::new();
        for (_, tag) in tags(body) {
            for (_, chain) in identifier_chains(tag) {
                let (Some(root), Some(id)) = (chain.first(), chain.get(1)) else { continue };
                match root.as_str() {
                    "m" | "metric" => {
                        if let Some(found) = self.metrics.get(id) {
                            m.entry(found.id.as_str()).or_insert_with(|| figure_marker(&found.id));
                            metric.entry(found.id.as_str()).or_insert_with(|| view(found, self.locale));
                        }
                    }
                    "chart" => {
                        if let Some(found) = self.charts.get(id) {
                            chart.entry(found.id.as_str()).or_insert_with(|| chart_marker(&found.id));
                        }
                    }
                    "ref" => {
                        if let Some(found) = self.charts.get(id) {
                            refs.entry(found.id.as_str()).or_insert_with(|| ref_marker(&found.id));
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut context = tera::Context::new();
        context.insert("m", &m);
        context.insert("metric", &metric);
        context.insert("chart", &chart);
        context.insert("ref", &refs);
        context
    }

    /// Expands one chapter body, with the warnings found on the way. Every unknown metric or
    /// field is reported, not just the first.
    pub(crate) fn expand(&self, chapter: &ChapterFile) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
        let body = chapter.body();
        let mut diags = Checker { metrics: self.metrics, charts: self.charts }.references(chapter);
        if let Some(i) = body.find(RESERVED) {
            diags.push(
                Diagnostic::error("the chapter contains a private-use character that gazette reserves")
                    .at(place(chapter, i..i + 3))
                    .hint("delete the invisible character at this place"),
            );
        }
        if diags.iter().any(Diagnostic::is_error) || self.refers_to_rejected(chapter) {
            return Err(diags);
        }
        if let Some(text) = self.substitute(body) {
            return Ok((text, diags));
        }
        // `series[2021]` reads as `series["2021"]`: a year is a key, not a position.
        let (quoted, inserted) = quote_years(body);
        let text = match bounded::render(&self.tera, &quoted, &self.context(&quoted)) {
            Ok(text) => text,
            Err(bounded::Failed::TooLong) => {
                diags.push(
                    Diagnostic::error(format!(
                        "the chapter's template expands to more than {} MiB of text",
                        bounded::MAX_EXPANDED >> 20
                    ))
                    .in_file(chapter.source.name.clone())
                    .hint("a `{% for %}` loop repeats too much: check its `range` and what it repeats"),
                );
                return Err(diags);
            }
            Err(bounded::Failed::Tera(e)) => {
                let mut d = Self::tera_error(chapter, &e);
                if let (Some(at), false) = (d.at.as_mut(), inserted.is_empty()) {
                    // Back to the chapter's own text: two quotes for each year before the place.
                    let back = |i: usize| i.saturating_sub(2 * inserted.iter().filter(|q| **q < i).count());
                    let offset = |i: usize| back(i.saturating_sub(chapter.body_start));
                    let (start, end) = (offset(at.span.start), offset(at.span.end));
                    *at = place(chapter, start..end);
                }
                diags.push(d);
                return Err(diags);
            }
        };
        if !text.contains(LIST_OPEN) {
            return Ok((text, diags));
        }
        match crate::content::lists::expand(&text, LIST_OPEN, LIST_CLOSE, self.metrics, self.locale) {
            Ok(text) => Ok((text, diags)),
            Err(e) => {
                let place = list_place(chapter, e.subject.as_deref().unwrap_or(""));
                diags.push(e.error().at(place));
                Err(diags)
            }
        }
    }

    fn tera_error(chapter: &ChapterFile, e: &tera::Error) -> Diagnostic {
        match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                let syntax = matches!(e.kind(), tera::ErrorKind::SyntaxError(_));
                let d = Diagnostic::error(format!("template error: {}", lower_first(r.message())))
                    .at(place(chapter, r.span().range.clone()));
                if syntax {
                    d.hint("template expressions are written `{{ m.metric_id }}`; a literal `{{` is written `{{ \"{{\" }}`")
                } else if r.message().contains("`list`") {
                    d.hint(crate::content::lists::usage())
                } else {
                    d
                }
            }
            tera::ErrorKind::Msg(report) => located_report(chapter, report).unwrap_or_else(|| {
                Diagnostic::error(format!("template error: {}", lower_first(report)))
                    .in_file(chapter.source.name.clone())
            }),
            _ => Diagnostic::error(format!("template error: {}", lower_first(&e.to_string())))
                .in_file(chapter.source.name.clone()),
        }
    }

    /// Whether the chapter uses a metric or chart whose definition failed: it cannot be
    /// expanded, and the definition's own error says why.
    fn refers_to_rejected(&self, chapter: &ChapterFile) -> bool {
        tags(chapter.body()).iter().flat_map(|(_, tag)| identifier_chains(tag)).any(|(_, chain)| {
            let id = chain.get(1);
            match chain[0].as_str() {
                "m" | "metric" => id.is_some_and(|id| self.metrics.is_rejected(id)),
                "chart" | "ref" => id.is_some_and(|id| self.charts.is_rejected(id)),
                _ => false,
            }
        })
    }
}

/// The body with every `series[2021]` written `series["2021"]`, and where each quoted year
/// begins in what is returned.
fn quote_years(body: &str) -> (std::borrow::Cow<'_, str>, Vec<usize>) {
    if !body.contains("series[") {
        return (std::borrow::Cow::Borrowed(body), Vec::new());
    }
    let mut out = String::with_capacity(body.len() + 16);
    let mut inserted = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("series[") {
        let (before, after) = rest.split_at(i + "series[".len());
        out.push_str(before);
        let digits = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
        if digits > 0 && after[digits..].starts_with(']') {
            inserted.push(out.len());
            out.push('"');
            out.push_str(&after[..digits]);
            out.push('"');
            rest = &after[digits..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    (std::borrow::Cow::Owned(out), inserted)
}

/// A template error the engine hands over as a finished report (`error: Unknown template …`,
/// `--> __tera_one_off:4:12`): its message in plain words, at its place in the chapter.
fn located_report(chapter: &ChapterFile, report: &str) -> Option<Diagnostic> {
    let first = report.lines().next()?.trim_start_matches("error: ");
    let place_line = report.lines().find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut numbers = place_line.rsplitn(3, ':');
    let column: usize = numbers.next()?.trim().parse().ok()?;
    let line: usize = numbers.next()?.trim().parse().ok()?;
    let body = chapter.body();
    let start = crate::input::diagnostic::Source::new("", body).offset(line, column);
    let included = first.strip_prefix("Unknown template `").map(|n| n.trim_end_matches('`'));
    let Some(name) = included else {
        let d = Diagnostic::error(format!("template error: {}", lower_first(first)));
        return Some(d.at(place(chapter, start..start + 1)));
    };
    let end = body[start..].find(name).map_or(start + 1, |i| start + i + name.len() + 1);
    Some(
        Diagnostic::error(format!(
            "template error: the chapter includes `{name}`, but a chapter cannot include files"
        ))
        .at(place(chapter, start..end.min(body.len())))
        .hint(
            "a chapter's template reads only the metrics and charts; write the text into the chapter itself",
        ),
    )
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_ascii_uppercase() && !c.clone().next().is_some_and(|n| n.is_ascii_uppercase()) => {
            f.to_ascii_lowercase().to_string() + c.as_str()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::diagnostic::Source;
    use crate::input::yaml::YamlFile;

    fn metrics() -> Metrics {
        let mut m = Metrics::default();
        let mut d = Vec::new();
        let f = YamlFile::parse(&Source::new("m.yaml", "admin_cases_concluded:\n  label: 办结各类行政案件\n  value: 545\n  unit: 件\n  source: 审判管理系统\n")).unwrap();
        crate::metrics::load_file(&f, &mut m, &mut d);
        assert!(d.is_empty());
        m
    }

    fn chapter(body: &str) -> ChapterFile {
        crate::content::front::parse(&Source::new("content/01-a.md", format!("---\ntitle: t\n---\n{body}")))
            .unwrap()
    }

    #[test]
    fn figures_expand_to_markers_and_fields_to_text() {
        let metrics = metrics();
        let charts = Charts::default();
        let ex = Expander::new(&metrics, &charts, crate::input::Locale::Zh);
        let out = ex.expand(&chapter("办结{{ m.admin_cases_concluded }}，{{ metric.admin_cases_concluded.label }}{{ metric.admin_cases_concluded.value }}")).unwrap().0;
        assert_eq!(out, format!("办结{}，办结各类行政案件545", figure_marker("admin_cases_concluded")));
    }

    #[test]
    fn unknown_metrics_are_all_reported_with_line_column_and_nearest_id() {
        let metrics = metrics();
        let charts = Charts::default();
        let ex = Expander::new(&metrics, &charts, crate::input::Locale::Zh);
        let errs = ex.expand(&chapter("第一段{{ m.admin_case_concluded }}\n\n再{{ metric.admin_cases_concluded.lable }}和{{ m.nothing_like_it }}")).unwrap_err();
        let shorts: Vec<String> = errs.iter().map(Diagnostic::short).collect();
        assert_eq!(
            shorts,
            [
                "content/01-a.md:4:9: error: unknown metric `admin_case_concluded`",
                "content/01-a.md:6:34: error: metric `admin_cases_concluded` has no field `lable`",
                "content/01-a.md:6:48: error: unknown metric `nothing_like_it`",
            ]
        );
        assert_eq!(errs[0].hints, ["did you mean `admin_cases_concluded`?"]);
        assert_eq!(errs[1].hints, ["did you mean `label`?"]);
    }

    #[test]
    fn tera_errors_keep_their_place() {
        let metrics = metrics();
        let charts = Charts::default();
        let ex = Expander::new(&metrics, &charts, crate::input::Locale::Zh);
        let errs = ex.expand(&chapter("正文\n{{ m.admin_cases_concluded \n")).unwrap_err();
        assert_eq!(errs[0].line_col().map(|l| l.0), Some(5), "{}", errs[0].short());
        let errs = ex.expand(&chapter("正文 {{ unknown_thing }}")).unwrap_err();
        assert!(errs[0].short().starts_with("content/01-a.md:4:"), "{}", errs[0].short());
    }
}
