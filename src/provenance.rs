//! Provenance: every figure with its definition, period and source, as data
//! (`output/data/metrics.json` and `.csv`) and as the 数据说明 appendix of the site and PDF.

use std::collections::HashSet;

use serde::Serialize;

use crate::charts::Charts;
use crate::document::{Block, Document, Inline};
use crate::metrics::{Metric, Metrics};
use crate::output::Files;
use crate::phrase::fmt_decimal;

/// One figure as the data files and the appendix list it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub label: String,
    pub value: String,
    pub unit: String,
    /// `exact`, `plus`, … as written in YAML.
    pub approx: String,
    pub phrase: String,
    pub period: String,
    pub period_from: String,
    pub period_to: String,
    pub source: String,
    pub owner: String,
    pub note: String,
    /// Whether the text or a placed chart prints it.
    pub used: bool,
}

fn row(m: &Metric, used: bool, locale: crate::Locale) -> Row {
    let p = m.period.clone().unwrap_or_default();
    Row {
        id: m.id.clone(),
        label: m.label_in(locale).to_string(),
        value: fmt_decimal(m.value),
        unit: m.unit.clone(),
        approx: m.qualifier.keyword().to_string(),
        phrase: m.phrase_in(locale),
        period: m.period_in(locale).unwrap_or_default(),
        period_from: p.from.unwrap_or_default(),
        period_to: p.to.unwrap_or_default(),
        source: m.source_in(locale).unwrap_or_default().to_string(),
        owner: m.owner.clone().unwrap_or_default(),
        note: m.note_in(locale).unwrap_or_default().to_string(),
        used,
    }
}

/// The metrics the document prints, in the order a reader meets them (text and charts).
pub fn used(doc: &Document, metrics: &Metrics, charts: &Charts) -> Vec<Row> {
    fn inlines(list: &[Inline], out: &mut Vec<String>) {
        for i in list {
            match i {
                Inline::Figure { metric, .. } => out.push(metric.clone()),
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Link { content: c, .. } => {
                    inlines(c, out);
                }
                _ => {}
            }
        }
    }
    fn blocks(list: &[Block], charts: &Charts, out: &mut Vec<String>) {
        for b in list {
            match b {
                Block::Paragraph(c) | Block::Heading { content: c, .. } => inlines(c, out),
                Block::List { items, .. } => items.iter().for_each(|i| blocks(i, charts, out)),
                Block::Quote(inner) => blocks(inner, charts, out),
                Block::Table { head, rows, .. } => {
                    head.iter().for_each(|c| inlines(c, out));
                    rows.iter().flatten().for_each(|c| inlines(c, out));
                }
                Block::Chart { id, .. } => {
                    if let Some(chart) = charts.get(id) {
                        out.extend(chart.metrics.iter().cloned());
                    }
                }
                _ => {}
            }
        }
    }
    let mut ids = Vec::new();
    for ch in &doc.chapters {
        blocks(&ch.blocks, charts, &mut ids);
        for f in &ch.footnotes {
            blocks(&f.blocks, charts, &mut ids);
        }
    }
    let mut seen = HashSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(id.clone()))
        .filter_map(|id| metrics.get(&id).map(|m| row(m, true, doc.locale)))
        .collect()
}

/// Adds `data/metrics.json` and `data/metrics.csv`: every metric, used or not.
pub fn render(
    used: &[Row],
    metrics: &Metrics,
    locale: crate::Locale,
    files: &mut Files,
) -> Result<(), String> {
    let used_ids: HashSet<&str> = used.iter().map(|r| r.id.as_str()).collect();
    let rows: Vec<Row> = metrics.iter().map(|m| row(m, used_ids.contains(m.id.as_str()), locale)).collect();
    let mut json = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
    json.push('\n');
    files.insert("data/metrics.json".to_string(), json.into_bytes());
    let mut csv = csv::Writer::from_writer(Vec::new());
    for r in &rows {
        csv.serialize(r).map_err(|e| format!("cannot write metrics.csv: {e}"))?;
    }
    let bytes = csv.into_inner().map_err(|e| format!("cannot write metrics.csv: {e}"))?;
    // A byte-order mark, so that Excel on Chinese Windows opens the file as UTF-8.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(bytes);
    files.insert("data/metrics.csv".to_string(), with_bom);
    Ok(())
}
