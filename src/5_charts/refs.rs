//! The metrics a chart names: each id with the place it is written, so that every message
//! about it points at the right item of the list.

use serde_yaml::Value;

use crate::input::diagnostic::{Diagnostic, Location};
use crate::input::reader::Reader;
use crate::input::yaml::YamlFile;
use crate::metrics::{Metric, Metrics};

/// A metric id written in a chart, with the place it is written.
pub(super) struct Ref {
    pub(super) id: String,
    path: Vec<String>,
}

/// `metrics: [a, b]`, `metrics: a` or a list of `{ id: a }`, each with its path for messages.
pub(super) fn id_list(r: &mut Reader<'_>, id: &str, key: &str, v: &Value) -> Vec<Ref> {
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

/// Each metric a chart names, with the reference that names it (so later messages point at
/// the right item); unknown ids are reported, rejected ones skipped.
pub(super) fn resolve<'m, 'r>(
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
            Some(m) if m.only_change => r.diags.push(
                Diagnostic::error(format!(
                    "chart `{id}` draws metric `{}`, which publishes only its change ({})",
                    rf.id, m.phrase
                ))
                .at(ref_at(file, rf))
                .hint("a chart draws values: give the metric its `value`, or leave it out of the chart"),
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

/// The place where a reference to a metric is written.
pub(super) fn ref_at(file: &YamlFile, rf: &Ref) -> Location {
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
