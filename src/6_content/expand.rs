//! Template expansion: a chapter's body is a Tera template with every metric in scope.
//! `{{ m.ID }}` prints the figure as the paper states it; `{{ metric.ID.FIELD }}` reaches its
//! fields. Figures come out as markers that the Markdown stage turns into figure nodes, so
//! expansion never produces HTML.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::charts::Charts;
use crate::content::front::ChapterFile;
use crate::content::markers::{
    LIST_CLOSE, LIST_OPEN, RESERVED, chart_marker, facet_marker, figure_marker, ref_marker,
};
use crate::input::diagnostic::{Diagnostic, Location, suggestion};
use crate::metrics::Facet;
use crate::metrics::phrase::fmt_decimal;
use crate::metrics::{Metric, Metrics};

/// The fields of `metric.ID` a chapter may use.
pub(crate) const METRIC_FIELDS: &[&str] = &[
    "id", "label", "value", "unit", "approx", "phrase", "period", "source", "owner", "note", "series",
    "parts", "yoy", "change",
];

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
        let mut diags = self.check_references(chapter);
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
        let text = match self.tera.render_str(body, &self.context(body), false) {
            Ok(text) => text,
            Err(e) => {
                diags.push(Self::tera_error(chapter, &e));
                return Err(diags);
            }
        };
        if !text.contains(LIST_OPEN) {
            return Ok((text, diags));
        }
        match crate::content::lists::expand(&text, LIST_OPEN, LIST_CLOSE, self.metrics, self.locale) {
            Ok(text) => Ok((text, diags)),
            Err((message, hint, id)) => {
                diags.push(Diagnostic::error(message).at(list_place(chapter, &id)).hint(hint));
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
            _ => Diagnostic::error(format!("template error: {}", lower_first(&e.to_string())))
                .in_file(chapter.source.name.clone()),
        }
    }

    /// Whether the chapter uses a metric whose definition failed: it cannot be expanded, and
    /// the metric's own error says why.
    fn refers_to_rejected(&self, chapter: &ChapterFile) -> bool {
        tags(chapter.body()).iter().flat_map(|(_, tag)| identifier_chains(tag)).any(|(_, chain)| {
            matches!(chain[0].as_str(), "m" | "metric")
                && chain.get(1).is_some_and(|id| self.metrics.is_rejected(id))
        })
    }

    /// Finds `m.ID` and `metric.ID.FIELD` in every tag and checks them against the metrics.
    fn check_references(&self, chapter: &ChapterFile) -> Vec<Diagnostic> {
        let body = chapter.body();
        let mut diags = Vec::new();
        for (start, tag) in tags(body) {
            diags.extend(unknown_functions(tag).map(|(offset, name)| {
                let at = start + offset;
                Diagnostic::error(format!("unknown function `{name}`"))
                    .at(place(chapter, at..at + name.len()))
                    .hint("chapter templates can call only `list` and `range`; they read the metrics, never files or the environment")
            }));
            diags.extend(self.check_list_ids(chapter, start, tag));
            for (offset, chain) in identifier_chains(tag) {
                let at = start + offset;
                let (root, rest) = (chain[0].as_str(), &chain[1..]);
                if root == "chart" {
                    diags.extend(self.check_chart(chapter, at + "chart.".len(), rest));
                    diags.extend(alone_on_its_line(chapter, start, tag));
                    continue;
                }
                if root == "ref" {
                    diags.extend(self.check_chart(chapter, at + "ref.".len(), rest));
                    continue;
                }
                if root != "m" && root != "metric" {
                    continue;
                }
                let Some(id) = rest.first() else { continue };
                let id_start = at + root.len() + 1;
                if self.metrics.is_rejected(id) {
                    continue;
                }
                if root == "m" && rest.len() == 1 && tag.trim() == format!("m.{id}") {
                    if let Some(m) = self.metrics.get(id) {
                        diags.extend(doubled_qualifier(chapter, m, start - 2, start + tag.len() + 2));
                    }
                }
                if self.metrics.get(id).is_none() {
                    diags.push(self.unknown_metric(chapter, id_start, id));
                    continue;
                }
                let field_start = id_start + id.len() + 1;
                match (root, rest.get(1)) {
                    ("m", Some(field)) => diags.push(
                        Diagnostic::error(format!("`m.{id}` prints the figure and has no field `{field}`"))
                            .at(place(chapter, field_start..field_start + field.len()))
                            .hint(format!("to reach a field write `metric.{id}.{field}`")),
                    ),
                    ("metric", Some(field))
                        if (field == "yoy" || field == "change")
                            && self.metrics.get(id).is_some_and(|m| m.change.is_none()) =>
                    {
                        diags.push(
                            Diagnostic::error(format!("metric `{id}` has no year-on-year change to print"))
                                .at(place(chapter, field_start..field_start + field.len()))
                                .hint("state it as the report prints it (`change: -3.95`), or give the metric a `series` whose last two years follow each other, such as `{2023: 1000, 2024: 1123}`"),
                        );
                    }
                    ("metric", Some(field)) if !METRIC_FIELDS.contains(&field.as_str()) => {
                        diags.push(
                            Diagnostic::error(format!("metric `{id}` has no field `{field}`"))
                                .at(place(chapter, field_start..field_start + field.len()))
                                .hint(suggestion(field, METRIC_FIELDS.iter().copied()).unwrap_or_else(
                                    || format!("the fields are {}", METRIC_FIELDS.join(", ")),
                                )),
                        );
                    }
                    _ => {}
                }
            }
        }
        diags
    }
}

/// Qualifier words that prose may put before or after a figure.
const WORDS_BEFORE: &[&str] = &[
    "将近", "接近", "近", "大约", "约", "超过", "超", "逾", "多达", "不足", "不到", "低于", "少于", "高于",
    "多于", "约为",
];
const WORDS_AFTER: &[&str] = &["以上", "以下", "以内", "左右", "上下", "余", "多", "几", "有余", "许"];

/// `近{{ m.x }}` where the figure already says 余 (近4500余件), or says it is exact.
fn doubled_qualifier(chapter: &ChapterFile, m: &Metric, open: usize, close: usize) -> Option<Diagnostic> {
    let body = chapter.body();
    let before = WORDS_BEFORE.iter().find(|w| body[..open].ends_with(*w)).map(|w| (*w, open - w.len()..open));
    let after =
        WORDS_AFTER.iter().find(|w| body[close..].starts_with(*w)).map(|w| (*w, close..close + w.len()));
    let is_before = before.is_some();
    let (word, span) = before.or(after)?;
    let printed = if is_before { format!("{word}{}", m.phrase) } else { format!("{}{word}", m.phrase) };
    Some(if m.qualifier.is_exact() {
        Diagnostic::warning(format!(
            "`{word}` qualifies `m.{}`, an exact figure ({}): the paper prints {printed}",
            m.id, m.phrase
        ))
        .at(place(chapter, span))
        .hint(format!(
            "say it in the metric (`approx:` in `{}`), so that every use of the figure agrees",
            m.at.source.name
        ))
    } else {
        Diagnostic::error(format!(
            "`{word}` and `m.{}` ({}) together print {printed}: two qualifiers for one figure",
            m.id, m.phrase
        ))
        .at(place(chapter, span))
        .hint(format!(
            "the figure carries its own qualifier (`approx: {}`); delete `{word}` here",
            m.qualifier.keyword()
        ))
    })
}

/// A chart placed inside a sentence: it would split the paragraph around the figure.
fn alone_on_its_line(chapter: &ChapterFile, start: usize, tag: &str) -> Option<Diagnostic> {
    let body = chapter.body();
    let (open, close) = (start.checked_sub(2)?, start + tag.len() + 2);
    let line_start = body[..open].rfind('\n').map_or(0, |i| i + 1);
    let line_end = body[close..].find('\n').map_or(body.len(), |i| close + i);
    let (before, after) = (body[line_start..open].trim(), body[close..line_end].trim());
    // After a finished sentence the chart is lifted out whole; inside one it would split it.
    let ends_sentence = before.is_empty() || before.ends_with(['。', '！', '？', '.', '!', '?']);
    if ends_sentence && after.is_empty() {
        return None;
    }
    Some(
        Diagnostic::error("a chart is placed in the middle of a sentence")
            .at(place(chapter, open..close.min(body.len())))
            .hint("put `{{ chart.ID }}` on a line of its own, after the paragraph it belongs to; to point at it from the text, write `{{ ref.ID }}` (图3)"),
    )
}

/// Where a list call that names `id` is written (the first `list(` when none names it).
fn list_place(chapter: &ChapterFile, id: &str) -> Location {
    let body = chapter.body();
    let calls: Vec<(usize, &str)> = tags(body).into_iter().filter(|(_, t)| t.contains("list(")).collect();
    let found = calls.iter().find(|(_, t)| !id.is_empty() && t.contains(id)).or(calls.first());
    match found {
        Some((at, t)) => place(chapter, *at..*at + t.len()),
        None => place(chapter, 0..0),
    }
}

/// A place in a chapter's body, given by offsets into the body.
fn place(chapter: &ChapterFile, span: std::ops::Range<usize>) -> Location {
    Location::new(&chapter.source, chapter.body_start + span.start..chapter.body_start + span.end)
}

/// Calls in a tag (`name(`) of functions other than Tera's `range`, with their offsets.
fn unknown_functions(tag: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = tag.as_bytes();
    let mut in_string = None;
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match in_string {
            Some(q) if c == q => in_string = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' || c == b'`' => in_string = Some(c),
            None if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let after_dot = start > 0 && bytes[start - 1] == b'.';
                let before = tag[..start].trim_end();
                // Filters (`| round(…)`), tests (`is divisibleby(…)`) and macro definitions.
                let not_a_call = before.ends_with('|')
                    || [" is", " not", "macro"].iter().any(|w| before.ends_with(w) || before == w.trim());
                if bytes.get(i) == Some(&b'(')
                    && !after_dot
                    && !not_a_call
                    && !["range", "list"].contains(&&tag[start..i])
                {
                    found.push((start, &tag[start..i]));
                }
                continue;
            }
            None => {}
        }
        i += 1;
    }
    found.into_iter()
}

impl Expander<'_> {
    /// Every quoted id in a `list(…)` call must be a metric.
    fn check_list_ids(&self, chapter: &ChapterFile, start: usize, tag: &str) -> Vec<Diagnostic> {
        list_ids(tag)
            .filter(|(_, id)| self.metrics.get(id).is_none() && !self.metrics.is_rejected(id))
            .map(|(at, id)| self.unknown_metric(chapter, start + at, id))
            .collect()
    }

    /// `unknown metric `…``, at the id, with the nearest existing one.
    fn unknown_metric(&self, chapter: &ChapterFile, at: usize, id: &str) -> Diagnostic {
        Diagnostic::error(format!("unknown metric `{id}`")).at(place(chapter, at..at + id.len())).hint(
            suggestion(id, self.metrics.ids()).unwrap_or_else(|| {
                "metrics are defined in `content/metrics/*.yaml`; check the id there".to_string()
            }),
        )
    }

    /// Checks `chart.ID` or `ref.ID`, whose id starts at `start`.
    fn check_chart(&self, chapter: &ChapterFile, start: usize, rest: &[String]) -> Option<Diagnostic> {
        let id = rest.first()?;
        if self.charts.is_rejected(id) {
            return None;
        }
        if self.charts.get(id).is_none() {
            return Some(
                Diagnostic::error(format!("unknown chart `{id}`"))
                    .at(place(chapter, start..start + id.len()))
                    .hint(suggestion(id, self.charts.ids()).unwrap_or_else(|| {
                        "charts are defined in `content/charts/*.yaml`; check the id there".to_string()
                    })),
            );
        }
        let field = rest.get(1)?;
        let fs = start + id.len() + 1;
        Some(
            Diagnostic::error(format!("`chart.{id}` places the chart and has no field `{field}`"))
                .at(place(chapter, fs..fs + field.len()))
                .hint(format!("write `{{{{ chart.{id} }}}}` on a line of its own")),
        )
    }
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

/// Every metric and chart a chapter's text refers to: the root (`m`, `metric` or `chart`)
/// and the id. These are all a chapter's template can read.
pub(crate) fn references(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = tags(text)
        .into_iter()
        .flat_map(|(_, tag)| identifier_chains(tag))
        .filter_map(|(_, mut chain)| {
            if chain.len() < 2 || !matches!(chain[0].as_str(), "m" | "metric" | "chart" | "ref") {
                return None;
            }
            chain.truncate(2);
            let id = chain.pop()?;
            let root = chain.pop()?;
            Some((if root == "ref" { "chart".to_string() } else { root }, id))
        })
        .collect();
    for (_, tag) in tags(text) {
        out.extend(list_ids(tag).map(|(_, id)| ("metric".to_string(), id.to_string())));
    }
    out
}

/// The metric ids a `list(…)` call names in its strings, with their offsets in the tag.
fn list_ids(tag: &str) -> impl Iterator<Item = (usize, &str)> {
    // Strings alternate with the code between them: every second piece is a string.
    let tag = if tag.contains("list(") { tag } else { "" };
    tag.split(['"', '\''])
        .scan(0, |offset, piece| {
            let at = *offset;
            *offset += piece.len() + 1;
            Some((at, piece))
        })
        .skip(1)
        .step_by(2)
        .filter(|(_, piece)| crate::input::keyed::is_id(piece))
}

/// The inside of every `{{ … }}` and `{% … %}` tag, with its byte offset.
fn tags(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(pos) = text[i..].find('{') {
        let start = i + pos;
        let close = match text[start + 1..].chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => "#}",
            _ => {
                i = start + 1;
                continue;
            }
        };
        let inner = start + 2;
        let Some(len) = text[inner..].find(close) else { break };
        if close != "#}" {
            out.push((inner, &text[inner..inner + len]));
        }
        i = inner + len + 2;
    }
    out
}

/// Dotted identifier chains (`metric.x.label`) in a tag, outside string literals.
fn identifier_chains(tag: &str) -> Vec<(usize, Vec<String>)> {
    let bytes = tag.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' || c == b'\'' || c == b'`' {
            i += 1;
            while i < bytes.len() && bytes[i] != c {
                i += 1;
            }
            i += 1;
            continue;
        }
        let starts_ident = (c.is_ascii_alphabetic() || c == b'_')
            && (i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b'.'));
        if !starts_ident {
            i += 1;
            continue;
        }
        let start = i;
        let mut chain = Vec::new();
        loop {
            let s = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            chain.push(tag[s..i].to_string());
            if i + 1 < bytes.len()
                && bytes[i] == b'.'
                && (bytes[i + 1].is_ascii_alphabetic() || bytes[i + 1] == b'_')
            {
                i += 1;
            } else {
                break;
            }
        }
        out.push((start, chain));
    }
    out
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
