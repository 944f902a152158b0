//! A sheet's cells read through calamine: an `.xlsx` cell by cell (never as one dense block,
//! which a hostile file could make enormous), with the cells it shows as percentages, its
//! formulas that have no saved result and its merged areas; an `.ods` or `.xls` through
//! calamine's ranges. Every read is bounded by [`MAX_CELLS`] for the whole workbook.

use std::io::Cursor;

use calamine::Reader as _;

use super::model::{Cell, MAX_CELLS, Sheet};
use crate::input::hinted::{Hinted, HintedResult};

/// An `.xlsx` opened: its shared strings and styles read, its sheets not yet.
pub(super) struct Opened {
    pub xlsx: calamine::Xlsx<Cursor<Vec<u8>>>,
    pub sheet_names: Vec<String>,
    /// Its defined names, each with the cells it refers to as written.
    pub names: Vec<(String, String)>,
}

impl Opened {
    pub(super) fn xlsx(bytes: &[u8]) -> HintedResult<Opened> {
        let xlsx: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec()))
            .map_err(|e: calamine::XlsxError| Hinted::new(e.to_string()))?;
        let sheet_names = xlsx.sheet_names();
        let names = xlsx.defined_names().to_vec();
        Ok(Opened { xlsx, sheet_names, names })
    }
}

/// One sheet of an opened `.xlsx`; `read` counts the cells read from the workbook so far.
pub(super) fn xlsx_sheet(
    xlsx: &mut calamine::Xlsx<Cursor<Vec<u8>>>,
    name: &str,
    read: &mut usize,
) -> HintedResult<Sheet> {
    let mut sheet = Sheet::named(name);
    {
        let mut cells = xlsx.worksheet_cells_reader(name).map_err(|e| Hinted::new(e.to_string()))?;
        let percent: Vec<bool> = cells
            .styles()
            .iter()
            .map(|s| s.number_format.as_ref().is_some_and(|f| is_percent_format(&f.format_code)))
            .collect();
        while let Some((cell, style)) =
            cells.next_cell_with_style_id().map_err(|e| Hinted::new(e.to_string()))?
        {
            *read += 1;
            if *read > MAX_CELLS {
                return Err(too_many_cells());
            }
            let value = data_ref(cell.get_value());
            // A formula whose saved result is an empty string saved nothing.
            if value != Cell::Empty && value != Cell::Text(String::new()) {
                if matches!(value, Cell::Number(_)) && percent.get(style).copied().unwrap_or(false) {
                    sheet.percent.insert(cell.get_position());
                }
                sheet.cells.insert(cell.get_position(), value);
            }
        }
    }
    let mut formulas = xlsx.worksheet_cells_reader(name).map_err(|e| Hinted::new(e.to_string()))?;
    while let Some(f) = formulas.next_formula().map_err(|e| Hinted::new(e.to_string()))? {
        if !f.get_value().is_empty() && !sheet.cells.contains_key(&f.get_position()) {
            sheet.cells.insert(f.get_position(), Cell::Unsaved);
        }
    }
    drop(formulas);
    if let Ok(merged) = xlsx.merge_cells_by_sheet_name(name) {
        sheet.set_merged(merged.iter().map(|d| (d.start, d.end)).collect())?;
    }
    Ok(sheet)
}

/// Whether a number format shows its number as a percentage: a `%` in its first section,
/// outside quotes, brackets and escapes (`0.0%`, but not `0"%"`, which shows the number as it is).
pub(crate) fn is_percent_format(code: &str) -> bool {
    let section = code.split(';').next().unwrap_or("");
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for c in section.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            '%' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

/// Every sheet of an `.ods` or `.xls`, read through calamine's ranges, with its defined names.
pub(super) type Whole = (Vec<Sheet>, Vec<(String, String)>);

pub(super) fn whole<R: calamine::Reader<Cursor<Vec<u8>>>>(book: Result<R, R::Error>) -> HintedResult<Whole>
where
    R::Error: std::fmt::Display,
{
    let mut book = book.map_err(|e| Hinted::new(e.to_string()))?;
    let mut sheets = Vec::new();
    let mut read = 0;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| Hinted::new(e.to_string()))?;
        let mut sheet = Sheet::named(name);
        for (row, col, value) in range.used_cells() {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            read += 1;
            if read > MAX_CELLS {
                return Err(too_many_cells());
            }
            sheet.cells.insert((r0 + row as u32, c0 + col as u32), data(value));
        }
        sheets.push(sheet);
    }
    Ok((sheets, book.defined_names().to_vec()))
}

fn data_ref(v: &calamine::DataRef<'_>) -> Cell {
    use calamine::DataRef as D;
    match v {
        D::Int(i) => Cell::Number(*i as f64),
        D::Float(f) => Cell::Number(*f),
        D::String(s) => Cell::Text(s.clone()),
        D::SharedString(s) => Cell::Text((*s).to_string()),
        D::Empty => Cell::Empty,
        D::Bool(b) => Cell::Other(if *b { "TRUE" } else { "FALSE" }.to_string()),
        D::Error(e) => Cell::Other(e.to_string()),
        D::DateTime(d) => Cell::Other(format!("a date ({})", d.as_f64())),
        D::DateTimeIso(s) | D::DurationIso(s) => Cell::Other(s.clone()),
    }
}

fn data(v: &calamine::Data) -> Cell {
    use calamine::Data as D;
    match v {
        D::Int(i) => Cell::Number(*i as f64),
        D::Float(f) => Cell::Number(*f),
        D::String(s) => Cell::Text(s.clone()),
        D::Empty => Cell::Empty,
        other => Cell::Other(other.to_string()),
    }
}

/// A workbook with more cells than gazette reads, and what to do.
fn too_many_cells() -> Hinted {
    Hinted::new(format!("it holds more than {MAX_CELLS} cells"))
        .hint("keep only the sheets and cells the paper needs in the workbook")
}
