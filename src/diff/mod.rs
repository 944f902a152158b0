//! `gazette diff OLD NEW`: what changed in the figures between two versions of a paper, each
//! a folder or a git revision: metrics added, removed and changed, charts whose data changed,
//! and the sentences whose printed figures changed, side by side.

mod format;
mod redline;
mod revision;
mod sides;

pub use redline::redline;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::charts::describe;
use crate::content::document::{Block, Inline};
use crate::metrics::Metric;
use crate::metrics::phrase::fmt_decimal;
use crate::pipeline::{Error, Paper};

/// What changed between two versions of a paper.
#[derive(Debug, Serialize)]
pub struct PaperDiff {
    pub(crate) old: String,
    pub(crate) new: String,
    pub(crate) metrics: Vec<MetricChange>,
    pub(crate) charts: Vec<ChartChange>,
    pub(crate) sentences: Vec<SentenceChange>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "change", rename_all = "lowercase")]
pub(crate) enum MetricChange {
    Added {
        id: String,
        label: String,
        phrase: String,
    },
    Removed {
        id: String,
        label: String,
        phrase: String,
    },
    Changed {
        id: String,
        label: String,
        old_phrase: String,
        new_phrase: String,
        old_value: String,
        new_value: String,
        /// New minus old, when the value changed.
        delta: Option<String>,
        /// The change relative to the old value, in percent, one decimal.
        relative: Option<String>,
        /// Other fields that changed: label, unit, approx, period, source, owner, note, the
        /// cells it was read from.
        fields: Vec<FieldChange>,
        /// The workbook cells the new figure was read from, if any.
        #[serde(skip_serializing_if = "String::is_empty")]
        cells: String,
    },
}

#[derive(Debug, Serialize)]
pub(crate) struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct ChartChange {
    pub id: String,
    pub title: String,
    /// `added`, `removed` or `changed`.
    pub change: String,
    /// The chart's data in words, before and after.
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SentenceChange {
    pub chapter: String,
    pub old: String,
    pub new: String,
}

/// Compares `old` with `new` (default: the paper folder itself).
pub fn diff(old: &str, new: Option<&str>, paper: &Path) -> Result<PaperDiff, Error> {
    let (a, b, new_name) = sides::load_both(old, new, paper, crate::input::Locale::Zh)?;
    Ok(compare(&a, &b, old, new_name))
}

/// The differences between two loaded papers.
pub(crate) fn compare(a: &Paper, b: &Paper, old: &str, new: &str) -> PaperDiff {
    let mut metrics = Vec::new();
    for m in a.metrics.iter() {
        match b.metrics.get(&m.id) {
            None => metrics.push(MetricChange::Removed {
                id: m.id.clone(),
                label: m.label.clone(),
                phrase: m.phrase.clone(),
            }),
            Some(n) => {
                if let Some(change) = metric_change(m, n) {
                    metrics.push(change);
                }
            }
        }
    }
    for m in b.metrics.iter().filter(|m| a.metrics.get(&m.id).is_none()) {
        metrics.push(MetricChange::Added {
            id: m.id.clone(),
            label: m.label.clone(),
            phrase: m.phrase.clone(),
        });
    }
    let mut charts = Vec::new();
    for c in a.charts.iter() {
        let old_text = describe::alt_text(c);
        match b.charts.get(&c.id) {
            None => charts.push(ChartChange {
                id: c.id.clone(),
                title: c.title.clone(),
                change: "removed".into(),
                old: Some(old_text),
                new: None,
            }),
            Some(n) => {
                let new_text = describe::alt_text(n);
                if new_text != old_text || describe::table(c).rows != describe::table(n).rows {
                    charts.push(ChartChange {
                        id: c.id.clone(),
                        title: n.title.clone(),
                        change: "changed".into(),
                        old: Some(old_text),
                        new: Some(new_text),
                    });
                }
            }
        }
    }
    for c in b.charts.iter().filter(|c| a.charts.get(&c.id).is_none()) {
        charts.push(ChartChange {
            id: c.id.clone(),
            title: c.title.clone(),
            change: "added".into(),
            old: None,
            new: Some(describe::alt_text(c)),
        });
    }
    PaperDiff { old: old.to_string(), new: new.to_string(), metrics, charts, sentences: sentences(a, b) }
}

fn metric_change(m: &Metric, n: &Metric) -> Option<MetricChange> {
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    let period = |m: &Metric| m.period.as_ref().map(crate::metrics::Period::text).unwrap_or_default();
    let mut fields = Vec::new();
    for (field, old, new) in [
        ("label", m.label.clone(), n.label.clone()),
        ("unit", m.unit.clone(), n.unit.clone()),
        ("approx", m.qualifier.word().to_string(), n.qualifier.word().to_string()),
        ("period", period(m), period(n)),
        ("source", text(&m.source), text(&n.source)),
        ("owner", text(&m.owner), text(&n.owner)),
        ("note", text(&m.note), text(&n.note)),
        ("change", text(&m.yoy_in(crate::input::Locale::Zh)), text(&n.yoy_in(crate::input::Locale::Zh))),
        ("series", series(m), series(n)),
        ("cells", m.cells.all().join("; "), n.cells.all().join("; ")),
    ] {
        if old != new {
            fields.push(FieldChange { field: field.to_string(), old, new });
        }
    }
    if m.value == n.value && m.phrase == n.phrase && fields.is_empty() {
        return None;
    }
    let (delta, relative) = if m.value == n.value {
        (None, None)
    } else {
        let d = n.value - m.value;
        let sign = if d > Decimal::ZERO { "+" } else { "" };
        // A rate moves by percentage points; its relative change would mislead.
        if n.unit == "%" && m.unit == "%" {
            (Some(format!("{sign}{}个百分点", fmt_decimal(d))), None)
        } else {
            let rel = (!m.value.is_zero()).then(|| {
                let exact = d / m.value.abs() * Decimal::ONE_HUNDRED;
                // One decimal, or as many as it takes for a small change not to read as 0%.
                let r = (1..=6).map(|dp| exact.round_dp(dp)).find(|r| !r.is_zero()).unwrap_or(exact);
                format!("{}{}%", if r > Decimal::ZERO { "+" } else { "" }, fmt_decimal(r))
            });
            (Some(format!("{sign}{}", fmt_decimal(d))), rel)
        }
    };
    Some(MetricChange::Changed {
        id: n.id.clone(),
        label: n.label.clone(),
        old_phrase: m.phrase.clone(),
        new_phrase: n.phrase.clone(),
        old_value: fmt_decimal(m.value),
        new_value: fmt_decimal(n.value),
        delta,
        relative,
        fields,
        cells: n.cells.all().join("; "),
    })
}

/// A metric's series as compared: `2021: 10.83; 2022: 6.88`.
fn series(m: &Metric) -> String {
    m.series.iter().map(|(y, v)| format!("{y}: {}", fmt_decimal(*v))).collect::<Vec<_>>().join("; ")
}

/// A sentence as printed, and as written with each figure standing for its metric id.
type Sentence = (String, String);

/// Sentences whose wording is the same on both sides but whose printed figures differ.
fn sentences(a: &Paper, b: &Paper) -> Vec<SentenceChange> {
    let old: HashMap<&str, Vec<Sentence>> =
        a.document.chapters.iter().map(|c| (c.slug.as_str(), chapter_sentences(&c.blocks))).collect();
    let mut out = Vec::new();
    for ch in &b.document.chapters {
        let Some(before) = old.get(ch.slug.as_str()) else { continue };
        let by_template: BTreeMap<&str, &str> =
            before.iter().map(|(r, t)| (t.as_str(), r.as_str())).collect();
        for (rendered, template) in chapter_sentences(&ch.blocks) {
            if let Some(was) = by_template.get(template.as_str())
                && *was != rendered
            {
                out.push(SentenceChange {
                    chapter: ch.title.clone(),
                    old: (*was).to_string(),
                    new: rendered,
                });
            }
        }
    }
    out
}

fn chapter_sentences(blocks: &[Block]) -> Vec<Sentence> {
    fn inlines(list: &[Inline], cur: &mut Sentence, out: &mut Vec<Sentence>) {
        for i in list {
            match i {
                Inline::Text(t) => {
                    for c in t.chars() {
                        cur.0.push(c);
                        cur.1.push(c);
                        if "。！？；".contains(c) {
                            out.push(std::mem::take(cur));
                        }
                    }
                }
                Inline::Figure { metric, facet, text, .. } => {
                    cur.0.push_str(text);
                    let _ = write!(cur.1, "{{{metric}:{facet:?}}}");
                }
                Inline::FigureRef { text, .. } => {
                    cur.0.push_str(text);
                    cur.1.push_str(text);
                }
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Link { content: c, .. } => {
                    inlines(c, cur, out);
                }
                Inline::Code(t) => {
                    cur.0.push_str(t);
                    cur.1.push_str(t);
                }
                _ => {}
            }
        }
    }
    fn walk(blocks: &[Block], out: &mut Vec<Sentence>) {
        for b in blocks {
            let mut cur = Sentence::default();
            match b {
                Block::Paragraph(c) | Block::Heading { content: c, .. } => inlines(c, &mut cur, out),
                Block::List { items, .. } => items.iter().for_each(|i| walk(i, out)),
                Block::Quote(inner) => walk(inner, out),
                Block::Table { rows, .. } => {
                    for row in rows {
                        let mut r = Sentence::default();
                        for cell in row {
                            inlines(cell, &mut r, out);
                            r.0.push_str(" | ");
                            r.1.push_str(" | ");
                        }
                        out.push(r);
                    }
                }
                _ => {}
            }
            if cur.1.contains('{') {
                out.push(cur);
            }
        }
    }
    let mut out = Vec::new();
    walk(blocks, &mut out);
    out.retain(|(_, t)| t.contains('{'));
    out.iter_mut().for_each(|(r, t)| {
        *r = r.trim().to_string();
        *t = t.trim().to_string();
    });
    out
}
