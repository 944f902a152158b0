//! Lists of figures as reports print them, from one template expression:
//! `{{ list(series="loss_rate", from=2018, to=2021) }}` → 16.4%、11.36%、9.72%、10.83%;
//! `{{ list(metrics=["a", "b"]) }}` → 3595件、3125件;
//! `{{ list(metrics=["a", "b"], yoy=true) }}` → 同比分别增长77.76%、65.78%.
//! Every figure in a list is still a figure (kept on one line, hover, appendix, diff).

use serde::{Deserialize, Serialize};

use crate::content::markers::facet_marker;
use crate::input::hinted::{Hinted, HintedResult};
use crate::metrics::Facet;
use crate::metrics::{Metric, Metrics};

/// The arguments of `list(…)`, as the template engine hands them on.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListArgs {
    /// A metric whose `series` is listed, year by year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    series: Option<String>,
    /// The first and last years of the series to list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<i32>,
    /// A metric whose `parts` are listed, each with its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parts: Option<String>,
    /// Metrics listed one after another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    metrics: Option<Vec<String>>,
    /// List the metrics' year-on-year changes instead of their values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    yoy: Option<bool>,
}

/// Replaces every list marker in `text` by the list's figures.
pub(crate) fn expand(
    text: &str,
    open: char,
    close: char,
    metrics: &Metrics,
    locale: crate::input::Locale,
) -> HintedResult<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len_utf8()..];
        let end = after.find(close).unwrap_or(after.len());
        let args: ListArgs = serde_json::from_str(&after[..end])
            .map_err(|e| Hinted::new(format!("`list` cannot read its arguments: {e}")).hint(usage()))?;
        out.push_str(&list(&args, metrics, locale)?);
        rest = after.get(end + close.len_utf8()..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(out)
}

/// How `list` is called, for hints.
pub(crate) fn usage() -> String {
    "write `list(series=\"ID\", from=2018, to=2021)`, `list(metrics=[\"a\", \"b\"])`, `list(metrics=[\"a\", \"b\"], yoy=true)` or `list(parts=\"ID\")`".into()
}

fn metric<'m>(metrics: &'m Metrics, id: &str) -> HintedResult<&'m Metric> {
    metrics.get(id).ok_or_else(|| {
        Hinted::new(format!("unknown metric `{id}` in `list`"))
            .hint("check the id in `content/metrics/`")
            .about(id)
    })
}

/// One list, printed.
fn list(args: &ListArgs, metrics: &Metrics, locale: crate::input::Locale) -> HintedResult<String> {
    let given = [args.series.is_some(), args.parts.is_some(), args.metrics.is_some()];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(Hinted::new("`list` needs one of `series`, `parts` or `metrics`").hint(usage()));
    }
    let yoy = args.yoy.unwrap_or(false);
    if let Some(id) = &args.series {
        let m = metric(metrics, id)?;
        let years: Vec<i32> = m
            .series
            .keys()
            .copied()
            .filter(|y| args.from.is_none_or(|f| *y >= f) && args.to.is_none_or(|t| *y <= t))
            .collect();
        if years.is_empty() {
            return Err(Hinted::new(format!(
                "metric `{id}` has no year of `series` to list between the years given"
            ))
            .hint("check `from` and `to` against the metric's `series`")
            .about(id));
        }
        if yoy {
            return Err(Hinted::new("`yoy` lists the changes of several `metrics`, not a series")
                .hint(usage())
                .about(id));
        }
        let items: Vec<String> = years.iter().map(|y| facet_marker(&m.id, Facet::Year(*y))).collect();
        return Ok(join(&items, locale));
    }
    if let Some(id) = &args.parts {
        let m = metric(metrics, id)?;
        if m.parts.is_empty() {
            return Err(Hinted::new(format!("metric `{id}` has no `parts` to list")).hint(usage()).about(id));
        }
        let items: Vec<String> = m
            .parts
            .iter()
            .enumerate()
            .map(|(i, (name, _))| match locale {
                crate::input::Locale::Zh => format!("{name}{}", facet_marker(&m.id, Facet::Part(i))),
                crate::input::Locale::En => format!("{} ({name})", facet_marker(&m.id, Facet::Part(i))),
            })
            .collect();
        return Ok(join(&items, locale));
    }
    let ids = args.metrics.as_deref().unwrap_or_default();
    let ms = ids.iter().map(|id| metric(metrics, id)).collect::<Result<Vec<_>, _>>()?;
    if ms.is_empty() {
        return Err(Hinted::new("`list(metrics=[…])` names no metric").hint(usage()));
    }
    if !yoy {
        let items: Vec<String> = ms.iter().map(|m| facet_marker(&m.id, Facet::Value)).collect();
        return Ok(join(&items, locale));
    }
    changes(&ms, locale)
}

/// 同比分别增长77.76%、65.78%: one verb for changes that go the same way.
fn changes(ms: &[&Metric], locale: crate::input::Locale) -> HintedResult<String> {
    let mut found = Vec::new();
    for m in ms {
        let Some(c) = &m.change else {
            return Err(Hinted::new(format!("metric `{}` has no year-on-year change to list", m.id))
                .hint("state it (`change: 77.76`) or give the metric a `series`")
                .about(m.id.as_str()));
        };
        found.push((*m, c));
    }
    if let [(m, _)] = found.as_slice() {
        return Ok(facet_marker(&m.id, Facet::Change));
    }
    let (first, c0) = found[0];
    let direction = |c: &crate::metrics::Change| (c.amount.is_sign_negative(), c.amount.is_zero());
    if let Some((m, _)) = found.iter().find(|(_, c)| direction(c) != direction(c0) || c.amount.is_zero()) {
        return Err(Hinted::new(format!(
            "`{}` and `{}` changed in different ways (or one not at all): one verb cannot say both",
            first.id, m.id
        ))
        .hint("list the increases and the decreases in two lists")
        .about(m.id.as_str()));
    }
    if let Some((m, _)) = found.iter().find(|(_, c)| c.words() != c0.words() || c.points != c0.points) {
        return Err(Hinted::new(format!(
            "`{}` and `{}` print their changes in different words or units",
            first.id, m.id
        ))
        .hint("list rates and counts separately")
        .about(m.id.as_str()));
    }
    let amounts: Vec<String> = found.iter().map(|(m, _)| facet_marker(&m.id, Facet::ChangeAmount)).collect();
    let down = c0.amount.is_sign_negative();
    Ok(match locale {
        crate::input::Locale::Zh => crate::metrics::change::change_list(down, &amounts, c0.words()),
        crate::input::Locale::En => crate::metrics::phrase_en::change_list(down, &amounts),
    })
}

/// Figures one after another: 、 between them in Chinese, "a, b and c" in English.
fn join(items: &[String], locale: crate::input::Locale) -> String {
    match locale {
        crate::input::Locale::Zh => items.join("、"),
        crate::input::Locale::En => crate::metrics::phrase_en::join_and(items),
    }
}
