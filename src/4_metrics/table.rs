//! Metrics tables: a workbook in `content/metrics/` whose first sheet has one metric per row,
//! for offices that keep their figures in one table. Each row is turned into the line a
//! metrics file would hold, with its value bound to its cell, and read like any metric: the
//! same checks, the same messages, at the row's line, and the cell as its provenance.

use std::fmt::Write as _;

use crate::input::sheet::{Cell, Sheet, Workbook, cell_name};
use crate::input::yaml::quote;

/// The columns a table may have: the metric's key, and the headers that name it.
const COLUMNS: &[(&str, &[&str])] = &[
    ("id", &["id", "编号", "指标编号"]),
    ("label", &["label", "名称", "指标名称", "指标"]),
    ("value", &["value", "数值", "数据", "值"]),
    ("unit", &["unit", "单位"]),
    ("approx", &["approx", "约数"]),
    ("period", &["period", "统计期间", "期间"]),
    ("source", &["source", "来源", "数据来源"]),
    ("owner", &["owner", "负责部门", "责任部门"]),
    ("note", &["note", "说明", "备注"]),
];

/// The table as the text of a metrics file, one line per row of the sheet (line 1 is the
/// header), or why it cannot be read: the message and what to do.
pub(super) fn as_yaml(book: &Workbook) -> Result<String, (String, String)> {
    let sheet = match book.first_sheet() {
        Some(Ok(sheet)) => sheet,
        Some(Err(problem)) => return Err(problem),
        None => {
            return Err((
                format!("`{}` has no sheet", book.name),
                "put the metrics table in its first sheet".into(),
            ));
        }
    };
    let columns = header(book, sheet)?;
    let mut out = format!("# the rows of {} {}\n", book.name, sheet.name);
    let last = sheet.last_row();
    for row in 1..=last {
        let text = |key: &str| -> Option<String> {
            let col = columns.iter().find(|(k, _)| *k == key)?.1;
            match sheet.get((row, col)) {
                Cell::Number(n) => Some(format!("{n}")),
                Cell::Text(t) | Cell::Other(t) => Some(t.trim().to_string()).filter(|t| !t.is_empty()),
                Cell::Empty | Cell::Unsaved => None,
            }
        };
        let Some(id) = text("id") else {
            out.push('\n');
            continue;
        };
        let _ = write!(out, "{}: {{", quote(&id));
        let mut fields = Vec::new();
        for (key, col) in &columns {
            match *key {
                "id" => {}
                "value" => fields.push(format!(
                    "value: {{from: {}, sheet: {}, cell: {}}}",
                    quote(&book.name),
                    quote(&sheet.name),
                    cell_name((row, *col))
                )),
                "unit" => fields.push(format!("unit: {}", quote(&text("unit").unwrap_or_default()))),
                key => {
                    if let Some(v) = text(key) {
                        fields.push(format!("{key}: {}", quote(&v)));
                    }
                }
            }
        }
        out.push_str(&fields.join(", "));
        out.push_str("}\n");
    }
    Ok(out)
}

/// The columns the header row names, by metric key; an unknown or missing one is refused.
fn header(book: &Workbook, sheet: &Sheet) -> Result<Vec<(&'static str, u32)>, (String, String)> {
    let mut columns = Vec::new();
    for col in 0..=sheet.last_column() {
        let name = match sheet.get((0, col)) {
            Cell::Text(t) => t.trim().to_string(),
            Cell::Empty => continue,
            other => format!("{other:?}"),
        };
        match COLUMNS.iter().find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(&name))) {
            Some((key, _)) => columns.push((*key, col)),
            None => {
                let known: Vec<String> =
                    COLUMNS.iter().map(|(k, n)| format!("{k} ({})", n[1..].join("/"))).collect();
                return Err((
                    format!(
                        "{} {}!{}: `{name}` is not a column of a metrics table",
                        book.name,
                        sheet.name,
                        cell_name((0, col))
                    ),
                    format!("the columns are: {}", known.join(", ")),
                ));
            }
        }
    }
    for required in ["id", "label", "value"] {
        if !columns.iter().any(|(k, _)| *k == required) {
            let names =
                COLUMNS.iter().find(|(k, _)| *k == required).map(|(_, n)| n.join(" or ")).unwrap_or_default();
            return Err((
                format!("the metrics table {} {} has no `{required}` column", book.name, sheet.name),
                format!("name a column of its first row {names}"),
            ));
        }
    }
    Ok(columns)
}
