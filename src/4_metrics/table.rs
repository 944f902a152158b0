//! Metrics tables: a workbook in `content/metrics/` whose first sheet has one metric per row,
//! for offices that keep their figures in one table. Each row is turned into the line a
//! metrics file would hold, with its value bound to its cell, and read like any metric: the
//! same checks, the same messages, at the row's line, and the cell as its provenance.

use std::fmt::Write as _;

use crate::input::diagnostic::{Diagnostic, Location, Source};
use crate::input::hinted::{Hinted, HintedResult};
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

/// A metrics table as the office sees it: each row's cells joined with ` | ` (line 1 is the
/// header row), the place of each cell in that text, and each column's key and header, so
/// that a problem found in the metrics file it is turned into is told at the cell.
pub(super) struct Table {
    /// The rows as text, one line per row of the sheet.
    pub text: String,
    /// The place of each cell in `text`: by row, then by column in `columns`.
    cells: Vec<Vec<std::ops::Range<usize>>>,
    /// Each column's metric key, its column in the sheet and its header.
    columns: Vec<(&'static str, u32, String)>,
    sheet: String,
}

impl Table {
    /// Moves a diagnostic found in the metrics file the table is turned into (`yaml`) to the
    /// cell it concerns, in `at` (the table's rows as text), naming the cell and its column.
    pub(super) fn relocate(&self, d: &mut Diagnostic, yaml: &str, at: &std::sync::Arc<Source>) {
        let Some(place) = d.at.take() else { return };
        let (line, key) = field_at(yaml, place.span.start);
        let column = self.columns.iter().position(|(k, _, _)| *k == key);
        let row = self.cells.get(line);
        let span = match (row, column) {
            (Some(cells), Some(c)) => cells.get(c).cloned(),
            (Some(cells), None) => cells.first().map(|f| f.start..cells.last().map_or(f.end, |l| l.end)),
            _ => None,
        };
        d.at = Some(Location::new(at, span.unwrap_or(0..0)));
        if let Some((_, col, header)) = column.map(|c| &self.columns[c]) {
            let cell = format!("{}!{}", self.sheet, cell_name((line as u32, *col)));
            if !d.message.contains(&cell) {
                d.message = format!("{cell} ({header}): {}", d.message);
            }
        }
        for (related, _) in &mut d.related {
            let (line, _) = field_at(yaml, related.span.start);
            let whole = self.cells.get(line).and_then(|c| Some(c.first()?.start..c.last()?.end));
            *related = Location::new(at, whole.unwrap_or(0..0));
        }
    }
}

/// The line of `yaml` holding byte `offset` (from 0), and the metric key of the field there:
/// `id` before the fields, else the top-level key whose value holds it.
fn field_at(yaml: &str, offset: usize) -> (usize, &str) {
    let offset = offset.min(yaml.len());
    let line = yaml[..offset].matches('\n').count();
    let start = yaml[..offset].rfind('\n').map_or(0, |i| i + 1);
    let text = &yaml[start..yaml[start..].find('\n').map_or(yaml.len(), |e| start + e)];
    let within = offset - start;
    let (mut depth, mut quoted, mut key, mut key_start) = (0usize, false, "id", None);
    for (i, c) in text.char_indices() {
        if i >= within {
            break;
        }
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '{' => {
                depth += 1;
                if depth == 1 {
                    key_start = Some(i + 1);
                }
            }
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => key_start = Some(i + 1),
            ':' if depth == 1 => {
                if let Some(k) = key_start.take() {
                    key = text[k..i].trim();
                }
            }
            _ => {}
        }
    }
    (line, key)
}

/// The table as the text of a metrics file, one line per row of the sheet (line 1 is the
/// header), with the table as the office sees it; or why it cannot be read: the message and
/// what to do.
pub(super) fn as_yaml(book: &Workbook) -> HintedResult<(String, Table)> {
    let sheet = match book.first_sheet() {
        Some(Ok(sheet)) => sheet,
        Some(Err(problem)) => return Err(problem),
        None => {
            return Err(Hinted::new(format!("`{}` has no sheet", book.name))
                .hint("put the metrics table in its first sheet"));
        }
    };
    let columns = header(book, sheet)?;
    let mut out = format!("# the rows of {} {}\n", book.name, sheet.name);
    let last = sheet.last_row();
    let table = rows_as_text(sheet, &columns, last);
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
    Ok((out, table))
}

/// The table's rows as text, each cell where the office wrote it.
fn rows_as_text(sheet: &Sheet, columns: &[(&'static str, u32)], last: u32) -> Table {
    let shown = |at| match sheet.get(at) {
        Cell::Number(n) => format!("{n}"),
        Cell::Text(t) | Cell::Other(t) => t.trim().to_string(),
        Cell::Empty | Cell::Unsaved => String::new(),
    };
    let (mut text, mut cells) = (String::new(), Vec::new());
    for row in 0..=last {
        let mut spans = Vec::new();
        for (i, (_, col)) in columns.iter().enumerate() {
            if i > 0 {
                text.push_str(" | ");
            }
            let cell = shown((row, *col));
            spans.push(text.len()..text.len() + cell.len());
            text.push_str(&cell);
        }
        text.push('\n');
        cells.push(spans);
    }
    let columns = columns.iter().map(|(k, c)| (*k, *c, shown((0, *c)))).collect();
    Table { text, cells, columns, sheet: sheet.name.clone() }
}

/// The columns the header row names, by metric key; an unknown or missing one is refused.
fn header(book: &Workbook, sheet: &Sheet) -> HintedResult<Vec<(&'static str, u32)>> {
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
                return Err(Hinted::new(format!(
                    "{} {}!{}: `{name}` is not a column of a metrics table",
                    book.name,
                    sheet.name,
                    cell_name((0, col))
                ))
                .hint(format!("the columns are: {}", known.join(", "))));
            }
        }
    }
    for required in ["id", "label", "value"] {
        if !columns.iter().any(|(k, _)| *k == required) {
            let names =
                COLUMNS.iter().find(|(k, _)| *k == required).map(|(_, n)| n.join(" or ")).unwrap_or_default();
            return Err(Hinted::new(format!(
                "the metrics table {} {} has no `{required}` column",
                book.name, sheet.name
            ))
            .hint(format!("name a column of its first row {names}")));
        }
    }
    Ok(columns)
}
