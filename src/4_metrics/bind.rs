//! Figures taken from a workbook: a metric's `value`, `series` or `parts` written as a
//! binding to a cell or a range (`value: { from: data/收结案.xlsx, sheet: 行政, cell: C12 }`)
//! are replaced by what the cells hold, before the metric is read like any other, and the
//! cells are remembered as the figure's provenance. Every problem is told in the sheet's own
//! terms and located at the binding.

use rust_decimal::Decimal;
use serde_yaml::{Mapping, Value};

use crate::input::reader::Reader;
use crate::input::sheet::{Cell, Sheet, Workbook, Workbooks, cell_name, parse_cell, parse_range};
use crate::input::yaml::key_string;

/// The keys a binding may have.
const KEYS: &[&str] = &["from", "sheet", "cell", "years", "labels", "values", "percent"];

/// Whether any of the metric's figures is bound to a workbook.
pub(super) fn has_bindings(map: &Mapping) -> bool {
    ["value", "series", "parts"].iter().any(|k| bound(map.get(*k)).is_some())
}

fn bound(v: Option<&Value>) -> Option<&Mapping> {
    v.and_then(Value::as_mapping).filter(|m| m.contains_key("from"))
}

/// The metric's keys with each binding replaced by the figures it names, and where they came
/// from (`data/收结案.xlsx 行政!C12`); `None` when a binding failed (its error is reported).
pub(super) fn resolve(
    r: &mut Reader<'_>,
    books: Option<&Workbooks<'_>>,
    id: &str,
    map: &Mapping,
) -> Option<(Mapping, Vec<String>)> {
    let unit = map.get("unit").and_then(Value::as_str).unwrap_or("").trim().to_string();
    let mut out = map.clone();
    let mut cells = Vec::new();
    let mut ok = true;
    for key in ["value", "series", "parts"] {
        let Some(b) = bound(map.get(key)) else { continue };
        let path = [id, key];
        let Some(books) = books else {
            r.error(&path, "no workbook can be read here", "");
            ok = false;
            continue;
        };
        match bind(r, books, &path, b, &unit) {
            Some((value, at)) => {
                out.insert(Value::from(key), value);
                cells.push(at);
            }
            None => ok = false,
        }
    }
    ok.then_some((out, cells))
}

/// One binding: the YAML value it stands for, and the cells it read.
fn bind(
    r: &mut Reader<'_>,
    books: &Workbooks<'_>,
    path: &[&str],
    b: &Mapping,
    unit: &str,
) -> Option<(Value, String)> {
    for k in b.keys() {
        let k = key_string(k);
        if !KEYS.contains(&k.as_str()) {
            r.unknown(&[path, &[k.as_str()]].concat(), KEYS, "a binding to a workbook");
            return None;
        }
    }
    let text = |k: &str| b.get(k).map(|v| key_string(v).trim().to_string());
    let from = text("from").unwrap_or_default();
    let book = books.open(&from);
    let book = match book.as_ref() {
        Ok(book) => book,
        Err((message, hint)) => {
            r.error(path, message.clone(), hint.clone());
            return None;
        }
    };
    let sheet = pick_sheet(r, path, book, text("sheet").as_deref())?;
    let percent = match text("percent").as_deref() {
        None => None,
        Some("fraction") => Some(true),
        Some("as_is") => Some(false),
        Some(other) => {
            r.error(
                path,
                format!("`percent: {other}` is not known"),
                "write `percent: fraction` (0.996 is 99.6%) or `percent: as_is`",
            );
            return None;
        }
    };
    let site = Site { book, sheet, unit, percent };
    match (text("cell"), text("years"), text("labels"), text("values")) {
        (Some(cell), None, None, None) => {
            let at = one_cell(r, path, &cell)?;
            let v = site.number(r, path, at)?;
            Some((Value::String(v.to_string()), site.name(&cell_name(at))))
        }
        (None, Some(keys), None, Some(values)) | (None, None, Some(keys), Some(values)) => {
            let years = b.contains_key("years");
            let key_cells = range(r, path, &keys)?;
            let value_cells = range(r, path, &values)?;
            if key_cells.len() != value_cells.len() {
                let what = if years { "years" } else { "labels" };
                r.error(
                    path,
                    format!(
                        "`{what}: {keys}` has {} cells but `values: {values}` has {}",
                        key_cells.len(),
                        value_cells.len()
                    ),
                    "give both ranges the same number of cells",
                );
                return None;
            }
            let mut out = Mapping::new();
            for (k, v) in key_cells.iter().zip(&value_cells) {
                let key = site.key(r, path, *k, years)?;
                let value = site.number(r, path, *v)?;
                out.insert(key, Value::String(value.to_string()));
            }
            Some((Value::Mapping(out), site.name(&values)))
        }
        _ => {
            r.error(
                path,
                "a binding names `cell` (one figure), or `years` and `values` (a series), or `labels` and `values` (parts)",
                "for example `{ from: data/收结案.xlsx, sheet: 行政, cell: C12 }`",
            );
            None
        }
    }
}

/// The sheet named, or the only one.
fn pick_sheet<'b>(
    r: &mut Reader<'_>,
    path: &[&str],
    book: &'b Workbook,
    name: Option<&str>,
) -> Option<&'b Sheet> {
    let names = || book.sheets.iter().map(|s| s.name.as_str());
    match name {
        Some(name) => match book.sheets.iter().find(|s| s.name == name) {
            Some(s) => Some(s),
            None => {
                let hint = crate::input::diagnostic::suggestion(name, names())
                    .unwrap_or_else(|| format!("its sheets are: {}", names().collect::<Vec<_>>().join("、")));
                r.error(path, format!("`{}` has no sheet `{name}`", book.name), hint);
                None
            }
        },
        None if book.sheets.len() == 1 => book.sheets.first(),
        None => {
            r.error(
                path,
                format!("`{}` has {} sheets: say which with `sheet:`", book.name, book.sheets.len()),
                format!("its sheets are: {}", names().collect::<Vec<_>>().join("、")),
            );
            None
        }
    }
}

fn one_cell(r: &mut Reader<'_>, path: &[&str], text: &str) -> Option<(u32, u32)> {
    let at = parse_cell(text);
    if at.is_none() {
        r.error(path, format!("`{text}` is not a cell"), "write a cell as Excel names it, such as `C12`");
    }
    at
}

fn range(r: &mut Reader<'_>, path: &[&str], text: &str) -> Option<Vec<(u32, u32)>> {
    let cells = parse_range(text);
    if cells.is_none() {
        r.error(
            path,
            format!("`{text}` is not a range of one row or one column"),
            "write a range as Excel names it, such as `B5:F5` or `C2:C7`",
        );
    }
    cells
}

/// Where a binding reads: the workbook, the sheet, and how the metric states percentages.
struct Site<'b> {
    book: &'b Workbook,
    sheet: &'b Sheet,
    unit: &'b str,
    percent: Option<bool>,
}

impl Site<'_> {
    /// Cells as the provenance names them: `data/收结案.xlsx 行政!C12`.
    fn name(&self, cells: &str) -> String {
        format!("{} {}!{}", self.book.name, self.sheet.name, cells.to_ascii_uppercase())
    }

    /// The number in a cell, or a message in the sheet's terms.
    fn number(&self, r: &mut Reader<'_>, path: &[&str], at: (u32, u32)) -> Option<Decimal> {
        let here = self.name(&cell_name(at));
        if let Some((start, end)) = self.sheet.merged_into(at) {
            let (s, e) = (cell_name(start), cell_name(end));
            r.error(
                path,
                format!("{here} is inside the merged cells {s}:{e}"),
                format!("a merged area keeps its value in its first cell: bind `{s}`"),
            );
            return None;
        }
        let n = match self.sheet.get(at) {
            Cell::Number(n) => *n,
            Cell::Empty => {
                r.error(path, format!("{here} is empty"), "check the cell: a figure must be in it");
                return None;
            }
            Cell::Unsaved => {
                r.error(
                    path,
                    format!("{here} holds a formula whose result was never saved"),
                    "open the workbook in Excel or WPS and save it, so that the result is stored with it",
                );
                return None;
            }
            Cell::Text(t) => {
                r.error(path, format!("{here} holds `{t}`, which is text, not a number"), text_hint(t));
                return None;
            }
            Cell::Other(t) => {
                r.error(
                    path,
                    format!("{here} holds `{t}`, not a number"),
                    "bind a cell that holds the figure",
                );
                return None;
            }
        };
        let Ok(mut d) = Decimal::from_str_exact(&format!("{n}")) else {
            r.error(path, format!("{here} holds {n}, which is too large for a figure"), "");
            return None;
        };
        if self.unit == "%" {
            match self.percent {
                Some(true) => d = (d * Decimal::ONE_HUNDRED).normalize(),
                Some(false) => {}
                None if !d.is_zero() && d.abs() < Decimal::ONE => {
                    let shown = (d * Decimal::ONE_HUNDRED).normalize();
                    r.error(
                        path,
                        format!("{here} holds {d}, a fraction, but the figure is stated in `%`"),
                        format!("if the sheet shows it as {shown}%, add `percent: fraction` to the binding; if the figure really is {d}%, add `percent: as_is`"),
                    );
                    return None;
                }
                None => {}
            }
        }
        Some(d)
    }

    /// A year (for a series) or a label (for parts) from a cell.
    fn key(&self, r: &mut Reader<'_>, path: &[&str], at: (u32, u32), year: bool) -> Option<Value> {
        let here = self.name(&cell_name(at));
        let text = match self.sheet.get(at) {
            Cell::Number(n) => format!("{n}"),
            Cell::Text(t) => t.trim().to_string(),
            _ => String::new(),
        };
        if !year {
            if text.is_empty() {
                r.error(
                    path,
                    format!("{here} is empty, but it should hold a part's label"),
                    "check the range of `labels`",
                );
                return None;
            }
            return Some(Value::String(text));
        }
        // 2022, 2022年, 2022年度
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        match digits.parse::<i64>().ok().filter(|y| digits.len() == 4 && (1900..=2200).contains(y)) {
            Some(y) => Some(Value::from(y)),
            None => {
                r.error(
                    path,
                    format!("{here} holds `{text}`, which is not a year"),
                    "`years` names the cells that hold the years, such as 2022 or 2022年",
                );
                None
            }
        }
    }
}

/// What to do with text where a number belongs: a unit typed into the cell, or thousands
/// separators, or a figure kept as text.
fn text_hint(t: &str) -> String {
    let digits: String = t.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    let rest: String =
        t.chars().filter(|c| !c.is_ascii_digit() && *c != '.' && *c != ',' && *c != '，').collect();
    if !digits.is_empty() && !rest.trim().is_empty() {
        format!("put the number alone in the cell and the unit in `unit:` (`unit: {}`)", rest.trim())
    } else {
        "store the figure as a number in the workbook (in Excel: 转换为数字)".to_string()
    }
}
