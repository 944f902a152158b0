//! One reader per shape of chart data: the lines of a line chart (metrics' `series`), the
//! stacks of a stacked chart (metrics' `parts`), and the items of every other kind (bar,
//! hbar, pie, donut, kpi: a metric's `parts`, several metrics, or one metric's `series`).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::model::{Data, Item, Kind, Line};
use super::refs::{Ref, ref_at, resolve};
use crate::input::Locale;
use crate::input::diagnostic::Diagnostic;
use crate::input::reader::Reader;
use crate::input::yaml::YamlFile;
use crate::metrics::{Metric, Metrics};

/// The metrics a chart names, by the key that names them.
#[derive(Default)]
pub(super) struct Refs {
    pub(super) metrics: Option<Vec<Ref>>,
    pub(super) parts: Option<Ref>,
    pub(super) series: Option<Vec<Ref>>,
}

/// What every reader works with: the chart's id, its file, the metrics, its labels and the
/// edition; problems go to the reader `r`.
pub(super) struct Cx<'m, 'c, 'd> {
    pub(super) r: &'c mut Reader<'d>,
    pub(super) file: &'c YamlFile,
    pub(super) metrics: &'m Metrics,
    pub(super) id: &'c str,
    pub(super) labels: &'c std::collections::HashMap<String, String>,
    pub(super) locale: Locale,
}

impl<'m> Cx<'m, '_, '_> {
    /// A metric's label in the chart: the chart's own for it, else the metric's.
    fn label(&self, m: &Metric) -> String {
        self.labels.get(&m.id).cloned().unwrap_or_else(|| m.label_in(self.locale).to_string())
    }

    fn resolve<'r>(&mut self, refs: &'r [Ref]) -> Vec<(&'m Metric, &'r Ref)> {
        resolve(self.r, self.file, self.metrics, self.id, refs)
    }

    /// An error at the metric reference `rf`.
    fn error_at(&mut self, rf: &Ref, message: String, hint: String) {
        self.r.diags.push(Diagnostic::error(message).at(ref_at(self.file, rf)).hint(hint));
    }
}

/// The data of a chart of `kind`, and the metrics it draws.
pub(super) fn read<'m>(kind: Kind, cx: &mut Cx<'m, '_, '_>, refs: &Refs) -> Option<(Data, Vec<&'m Metric>)> {
    match kind {
        Kind::Line => lines(cx, refs),
        Kind::Stacked => stacks(cx, refs),
        Kind::Bar | Kind::HBar | Kind::Pie | Kind::Donut | Kind::Kpi => items(cx, kind, refs),
    }
}

/// A line chart: one line per metric, from its `series`.
fn lines<'m>(cx: &mut Cx<'m, '_, '_>, refs: &Refs) -> Option<(Data, Vec<&'m Metric>)> {
    let id = cx.id;
    let Some(refs) = &refs.series else {
        cx.r.error(
            &[id, "kind"],
            format!("line chart `{id}` has no `series`"),
            "add `series: METRIC_ID` (or a list of ids) naming metrics that have a `series` by year",
        );
        return None;
    };
    let (mut lines, mut used) = (Vec::new(), Vec::new());
    for (m, rf) in cx.resolve(refs) {
        if m.series.is_empty() {
            let message = format!("metric `{}` has no `series` for line chart `{id}` to draw", m.id);
            let hint = format!("add a `series` of values by year to metric `{}`, such as `2023: 545`", m.id);
            cx.error_at(rf, message, hint);
            continue;
        }
        used.push(m);
        let points =
            m.series.iter().map(|(y, v)| (*y, to_f64(*v), m.value_in(*v, cx.locale, true))).collect();
        lines.push(Line { label: cx.label(m), points });
    }
    Some((Data::Lines(lines), used))
}

/// A stacked chart: one bar per metric, one segment per name among their `parts`.
fn stacks<'m>(cx: &mut Cx<'m, '_, '_>, refs: &Refs) -> Option<(Data, Vec<&'m Metric>)> {
    let id = cx.id;
    let Some(refs) = &refs.metrics else {
        cx.r.error(
            &[id, "kind"],
            format!("stacked chart `{id}` has no `metrics`"),
            "list the metrics whose `parts` make the bars: `metrics: [a, b]`",
        );
        return None;
    };
    let ms = cx.resolve(refs);
    let mut segments: Vec<String> = Vec::new();
    for (name, _) in ms.iter().flat_map(|(m, _)| &m.parts) {
        if !segments.contains(name) {
            segments.push(name.clone());
        }
    }
    let (mut values, mut used) = (Vec::new(), Vec::new());
    for &(m, rf) in &ms {
        if m.parts.is_empty() {
            let message = format!("metric `{}` has no `parts` for stacked chart `{id}`", m.id);
            let hint = "a stacked bar shows a metric's `parts`; add them to the metric".to_string();
            cx.error_at(rf, message, hint);
        }
        used.push(m);
        let value = |s: &String| m.parts.iter().find(|(n, _)| n == s).map_or(Decimal::ZERO, |(_, v)| *v);
        let items = segments.iter().map(|s| {
            let v = value(s);
            Item { label: s.clone(), value: to_f64(v), text: m.value_in(v, cx.locale, true) }
        });
        values.push(items.collect());
    }
    let categories = ms.iter().map(|(m, _)| cx.label(m)).collect();
    Some((Data::Stacks { categories, segments, values }, used))
}

/// The items of a bar, hbar, pie, donut or kpi chart: a metric's `parts`, several metrics,
/// or one metric's `series` by year. A pie's slices must be shares of a whole.
fn items<'m>(cx: &mut Cx<'m, '_, '_>, kind: Kind, refs: &Refs) -> Option<(Data, Vec<&'m Metric>)> {
    let id = cx.id;
    let (items, used) = if let Some(rf) = &refs.parts {
        parts(cx, rf)?
    } else if let Some(refs) = &refs.metrics {
        let ms = cx.resolve(refs);
        let items = ms.iter().map(|(m, _)| Item {
            label: cx.label(m),
            value: to_f64(m.value),
            text: m.chart_text(cx.locale),
        });
        (items.collect(), ms.iter().map(|(m, _)| *m).collect())
    } else if let Some(refs) = &refs.series {
        let &(m, _) = cx.resolve(refs).first()?;
        let items = m.series.iter().map(|(y, v)| Item {
            label: crate::input::locale::year(cx.locale, *y),
            value: to_f64(*v),
            text: m.value_in(*v, cx.locale, true),
        });
        (items.collect(), vec![m])
    } else {
        cx.r.error(
            &[id, "kind"],
            format!("chart `{id}` has no data"),
            "add `metrics: [id, …]`, `parts: METRIC_ID` or `series: METRIC_ID`",
        );
        return None;
    };
    if matches!(kind, Kind::Pie | Kind::Donut) {
        check_pie(cx.r, cx.file, id, &items);
    }
    Some((Data::Items(items), used))
}

/// One item per part of the metric `rf` names.
fn parts<'m>(cx: &mut Cx<'m, '_, '_>, rf: &Ref) -> Option<(Vec<Item>, Vec<&'m Metric>)> {
    let id = cx.id;
    let &(m, rf) = cx.resolve(std::slice::from_ref(rf)).first()?;
    if m.parts.is_empty() {
        let message = format!("metric `{}` has no `parts` for chart `{id}` to draw", m.id);
        let hint =
            format!("add `parts` (value by category) to metric `{}`, or draw `metrics:` instead", m.id);
        cx.error_at(rf, message, hint);
    }
    let items = m.parts.iter().map(|(name, v)| Item {
        label: cx.labels.get(name).cloned().unwrap_or_else(|| name.clone()),
        value: to_f64(*v),
        text: m.value_in(*v, cx.locale, true),
    });
    Some((items.collect(), vec![m]))
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
