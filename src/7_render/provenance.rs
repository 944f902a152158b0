//! Provenance: every figure with its definition, period and source, as data
//! (`output/data/metrics.json` and `.csv`) and as the 数据说明 appendix of the site and PDF.

use std::collections::HashSet;

use serde::Serialize;

use crate::charts::Charts;
use crate::content::document::{Block, Document, Inline, Node, walk};
use crate::metrics::Facet;
use crate::metrics::phrase::fmt_decimal;
use crate::metrics::{Metric, Metrics};

/// One figure as the data files and the appendix list it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
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
    /// The workbook cells the figure was read from: `data/收结案.xlsx 行政!C12`.
    pub cells: String,
    pub owner: String,
    pub note: String,
    /// Values by year, as stored: `2018: 16.4; 2019: 11.36`.
    pub series: String,
    /// The year-on-year change as printed (同比下降3.95个百分点), its amount as stored, and
    /// whether the report states it (else it is computed from `series`).
    pub change: String,
    pub change_amount: String,
    pub change_stated: bool,
    /// Whether the text or a placed chart prints it.
    pub used: bool,
}

impl Row {
    /// Where the figure comes from, as the appendix prints it: the source, with the workbook
    /// cells it was read from in brackets.
    pub(crate) fn source_and_cells(&self, locale: crate::input::Locale) -> String {
        let t = crate::input::locale::get(locale);
        match (self.source.is_empty(), self.cells.is_empty()) {
            (_, true) => self.source.clone(),
            (true, false) => self.cells.clone(),
            (false, false) => format!("{}{}{}{}", self.source, t.open_paren, self.cells, t.close_paren),
        }
    }

    /// What the figure means, as the appendix prints it: the label, with the note in brackets.
    pub(crate) fn meaning(&self, locale: crate::input::Locale) -> String {
        let t = crate::input::locale::get(locale);
        if self.note.is_empty() {
            self.label.clone()
        } else {
            format!("{}{}{}{}", self.label, t.open_paren, self.note, t.close_paren)
        }
    }
}

fn row(m: &Metric, used: bool, locale: crate::input::Locale) -> Row {
    let p = m.period.clone().unwrap_or_default();
    let mut note = m.note_in(locale).unwrap_or_default().to_string();
    if let Some(sum) = m.parts_sum {
        // Published parts that do not add up are printed as published, and said so here.
        let gap = match locale {
            crate::input::Locale::Zh => format!(
                "分项之和为{}，与总数{}相差{}，按公布数字刊印",
                m.value_in(sum, locale, false),
                m.value_in(m.value, locale, false),
                m.value_in((m.value - sum).abs(), locale, false)
            ),
            crate::input::Locale::En => format!(
                "the parts add up to {}, not {}: printed as published",
                fmt_decimal(sum),
                fmt_decimal(m.value)
            ),
        };
        if !note.is_empty() {
            note.push_str(if locale == crate::input::Locale::Zh { "；" } else { "; " });
        }
        note.push_str(&gap);
    }
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
        cells: m.cells.all().join("; "),
        owner: m.owner.clone().unwrap_or_default(),
        note,
        series: m.series.iter().map(|(y, v)| format!("{y}: {v}")).collect::<Vec<_>>().join("; "),
        change: m.yoy_in(locale).unwrap_or_default(),
        change_amount: m.change.as_ref().map(|c| c.amount.to_string()).unwrap_or_default(),
        change_stated: m.change.as_ref().is_some_and(|c| c.stated),
        used,
    }
}

/// A row for one figure of a metric as the text prints it: its value, a year of its series, a
/// part, its change (a change's amount alone is listed by [`used`] as the change).
fn facet_row(m: &Metric, facet: Facet, locale: crate::input::Locale) -> Option<Row> {
    let mut r = row(m, true, locale);
    r.phrase = m.facet_text(facet, locale)?;
    let zh = locale == crate::input::Locale::Zh;
    let (open, close) = if zh { ("（", "）") } else { (" (", ")") };
    match facet {
        Facet::Value | Facet::ChangeAmount => {}
        Facet::Change => {
            let c = m.change.as_ref()?;
            let how = match (zh, c.stated) {
                (true, true) => "同比变化",
                (true, false) => "同比变化，据逐年数据计算",
                (false, true) => "change on the year before",
                (false, false) => "change on the year before, from the yearly figures",
            };
            r.label = format!("{}{open}{how}{close}", r.label);
            r.value = c.amount.to_string();
            r.unit = if c.points { "个百分点".into() } else { "%".into() };
        }
        Facet::Year(y) => {
            r.value = m.series.get(&y)?.to_string();
            r.period = crate::input::locale::year(locale, y);
            r.period_from = String::new();
            r.period_to = String::new();
        }
        Facet::Part(i) => {
            let (name, v) = m.parts.get(i)?;
            r.label = format!("{}{open}{name}{close}", r.label);
            r.value = v.to_string();
        }
    }
    Some(r)
}

/// The metrics the document prints, in the order a reader meets them (text and charts).
pub(crate) fn used(doc: &Document, metrics: &Metrics, charts: &Charts) -> Vec<Row> {
    let mut ids: Vec<(String, Facet)> = Vec::new();
    let mut collect = |node: Node<'_>| match node {
        // A change printed in a list is listed once, with its verb.
        Node::Inline(Inline::Figure { metric, facet: Facet::ChangeAmount, .. }) => {
            ids.push((metric.clone(), Facet::Change));
        }
        Node::Inline(Inline::Figure { metric, facet, .. }) => ids.push((metric.clone(), *facet)),
        Node::Block(Block::Chart { id, .. }) => {
            if let Some(chart) = charts.get(id) {
                ids.extend(chart.metrics.iter().map(|m| (m.clone(), Facet::Value)));
            }
        }
        _ => {}
    };
    for ch in &doc.chapters {
        walk(&ch.blocks, &mut collect);
        for f in &ch.footnotes {
            walk(&f.blocks, &mut collect);
        }
    }
    let mut seen = HashSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(id.clone()))
        .filter_map(|(id, facet)| facet_row(metrics.get(&id)?, facet, doc.locale))
        .collect()
}

/// Adds `data/metrics.json` and `data/metrics.csv`: every metric, used or not.
pub(crate) fn render(used: &[Row], metrics: &Metrics, locale: crate::input::Locale) -> Result<Data, String> {
    let used_ids: HashSet<&str> = used.iter().map(|r| r.id.as_str()).collect();
    let rows: Vec<Row> = metrics.iter().map(|m| row(m, used_ids.contains(m.id.as_str()), locale)).collect();
    let mut json = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
    json.push('\n');

    let mut csv = csv::Writer::from_writer(Vec::new());
    for r in &rows {
        csv.serialize(r).map_err(|e| format!("cannot write metrics.csv: {e}"))?;
    }
    let bytes = csv.into_inner().map_err(|e| format!("cannot write metrics.csv: {e}"))?;
    // A byte-order mark, so that Excel on Chinese Windows opens the file as UTF-8.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(bytes);
    Ok(Data { json, csv: with_bom })
}

/// The data files of every metric: JSON, and CSV for spreadsheets.
#[derive(Debug)]
pub(crate) struct Data {
    pub json: String,
    pub csv: Vec<u8>,
}
