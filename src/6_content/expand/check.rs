//! The checks of a chapter's template tags before it is expanded: every metric, chart and
//! field it names exists, functions are only `list` and `range`, a chart stands on its own
//! line, and a qualifier typed next to a figure does not double the figure's own.

use crate::charts::Charts;
use crate::content::front::ChapterFile;
use crate::input::diagnostic::{Diagnostic, Location, suggestion};
use crate::metrics::{Metric, Metrics};

use super::scan::{identifier_chains, list_ids, tags};

/// The fields of `metric.ID` a chapter may use.
pub(crate) const METRIC_FIELDS: &[&str] = &[
    "id", "label", "value", "unit", "approx", "phrase", "period", "source", "owner", "note", "series",
    "parts", "yoy", "change",
];

/// What a chapter's tags are checked against.
pub(super) struct Checker<'a> {
    pub(super) metrics: &'a Metrics,
    pub(super) charts: &'a Charts,
}

impl Checker<'_> {
    /// Finds `m.ID` and `metric.ID.FIELD` in every tag and checks them against the metrics.
    pub(super) fn references(&self, chapter: &ChapterFile) -> Vec<Diagnostic> {
        let body = chapter.body();
        let tags = tags(body);
        let mut diags = refusals(chapter, &tags);
        for (start, tag) in tags {
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
                if root == "m"
                    && rest.len() == 1
                    && tag.trim() == format!("m.{id}")
                    && let Some(m) = self.metrics.get(id)
                {
                    diags.extend(doubled_qualifier(chapter, m, start - 2, start + tag.len() + 2));
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
                    ("metric", Some(field)) if field == "series" => {
                        diags.extend(self.series_year(chapter, id, field_start + field.len()));
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
    /// A year of a series asked for by `[2021]` that the series lacks.
    fn series_year(&self, chapter: &ChapterFile, id: &str, at: usize) -> Option<Diagnostic> {
        let m = self.metrics.get(id)?;
        let (year, span) = indexed_year(chapter, at)?;
        if m.series.contains_key(&year) {
            return None;
        }
        let years: Vec<String> = m.series.keys().map(i32::to_string).collect();
        let hint = match years.is_empty() {
            true => format!("metric `{id}` has no `series`"),
            false => format!("its years are {}", years.join(", ")),
        };
        Some(
            Diagnostic::error(format!("the series of metric `{id}` has no year {year}"))
                .at(place(chapter, span))
                .hint(hint),
        )
    }

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

/// What the chapter's template may not do ([`super::refuse`]), as errors at their places.
fn refusals(chapter: &ChapterFile, tags: &[(usize, &str)]) -> Vec<Diagnostic> {
    super::refuse::refused(tags).into_iter().map(|(span, why)| why.error().at(place(chapter, span))).collect()
}

/// Where a list call that names `id` is written (the first `list(` when none names it).
pub(super) fn list_place(chapter: &ChapterFile, id: &str) -> Location {
    let body = chapter.body();
    let calls: Vec<(usize, &str)> = tags(body).into_iter().filter(|(_, t)| t.contains("list(")).collect();
    let found = calls.iter().find(|(_, t)| !id.is_empty() && t.contains(id)).or(calls.first());
    match found {
        Some((at, t)) => place(chapter, *at..*at + t.len()),
        None => place(chapter, 0..0),
    }
}

/// The year of `[2021]` or `["2021"]` written at `at` in the body, and its place.
fn indexed_year(chapter: &ChapterFile, at: usize) -> Option<(i32, std::ops::Range<usize>)> {
    let rest = chapter.body().get(at..)?.strip_prefix('[')?;
    let close = rest.find(']')?;
    let year = rest[..close].trim().trim_matches(['"', '\'']).parse().ok()?;
    Some((year, at + 1..at + 1 + close))
}

/// A place in a chapter's body, given by offsets into the body.
pub(super) fn place(chapter: &ChapterFile, span: std::ops::Range<usize>) -> Location {
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
