//! Reading a figure out of a cell: the number it holds, scaled when the sheet shows it as a
//! percentage, checked for what a misplaced binding reads (text, a year, a blank, a fraction
//! over 1); every problem told in the sheet's terms, and, for a binding by address, as a case
//! of rows or columns that may have moved.

use rust_decimal::Decimal;

use crate::input::diagnostic::{Diagnostic, Group};
use crate::input::reader::Reader;
use crate::input::sheet::labels::{normalise, year};
use crate::input::sheet::{Cell, Sheet, Workbook, cell_name};

/// Where a binding reads: the workbook, the sheet, and how the metric states percentages.
pub(super) struct Site<'b> {
    pub book: &'b Workbook,
    pub sheet: &'b Sheet,
    pub unit: &'b str,
    pub percent: Option<bool>,
    /// The metric's `bounds` allow a percentage above 100.
    pub over_100: bool,
    /// Cells named by address, not found by their labels: a wrong figure may mean that rows
    /// or columns moved.
    pub by_address: bool,
    /// The cell is a value of a metrics table.
    pub in_table: bool,
}

impl Site<'_> {
    /// Cells as the provenance names them: `data/收结案.xlsx 行政!C12`.
    pub(super) fn name(&self, cells: &str) -> String {
        format!("{} {}!{}", self.book.name, self.sheet.name, cells.to_ascii_uppercase())
    }

    /// Reports a problem with what a cell holds: for a binding by address, as one case of
    /// rows or columns that may have moved in this sheet (told once for all of them).
    pub(super) fn problem(&self, r: &mut Reader<'_>, path: &[&str], message: String, hint: String) {
        let mut d = Diagnostic::error(message.clone()).at(r.file.locate_value(path));
        if self.by_address {
            d = d.hint(format!("{hint}; if rows or columns were inserted or moved in `{}`, bind by labels (`row:` and `column:`), which follow them", self.sheet.name));
            d = d.grouped(self.moved(message));
        } else if !hint.is_empty() {
            d = d.hint(hint);
        }
        r.diags.push(d);
    }

    /// The problem of this sheet's rows or columns having moved, that every failing binding
    /// by address into it is a case of.
    pub(super) fn moved(&self, detail: String) -> Group {
        Group {
            key: format!("moved\u{0}{}\u{0}{}", self.book.name, self.sheet.name),
            message: format!(
                "{{n}} bindings into sheet `{}` of `{}` no longer find what they expect: rows or columns may have moved",
                self.sheet.name, self.book.name
            ),
            detail,
            hint: "look at the sheet: if rows or columns were inserted, deleted or swapped, bind by labels (`row: 结案, column: 2023`), which follow them; `gazette import` writes such bindings".into(),
        }
    }

    /// The number in a cell, or a message in the sheet's terms.
    pub(super) fn number(&self, r: &mut Reader<'_>, path: &[&str], at: (u32, u32)) -> Option<Decimal> {
        let here = self.name(&cell_name(at));
        if let Some((start, end)) = self.sheet.merged_into(at) {
            let (s, e) = (cell_name(start), cell_name(end));
            let hint = format!("a merged area keeps its value in its first cell: bind `{s}`");
            self.problem(r, path, format!("{here} is inside the merged cells {s}:{e}"), hint);
            return None;
        }
        let n = match self.sheet.get(at) {
            Cell::Number(n) => *n,
            Cell::Empty => {
                self.problem(
                    r,
                    path,
                    format!("{here} is empty"),
                    "check the cell: a figure must be in it".into(),
                );
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
                let (message, hint) = text_problem(&here, t, self.in_table);
                self.problem(r, path, message, hint);
                return None;
            }
            Cell::Other(t) => {
                let message = format!("{here} holds `{t}`, not a number");
                self.problem(r, path, message, "bind a cell that holds the figure".into());
                return None;
            }
        };
        let Ok(mut d) = Decimal::from_str_exact(&format!("{n}")) else {
            r.error(path, format!("{here} holds {n}, which is too large for a figure"), "");
            return None;
        };
        if self.unit != "%" {
            return Some(d);
        }
        let shown_as_percent = self.sheet.is_percent(at);
        match self.percent.or(shown_as_percent.then_some(true)) {
            Some(true) => {
                if d.abs() > Decimal::ONE && !self.over_100 {
                    let how = if shown_as_percent && self.percent.is_none() {
                        "the sheet shows it as a percentage"
                    } else {
                        "`percent: fraction`"
                    };
                    let shown = (d * Decimal::ONE_HUNDRED).normalize();
                    self.problem(
                        r,
                        path,
                        format!("{here} holds {d}, which as a fraction ({how}) is {shown}%: a rate or share cannot be above 100%"),
                        "check that the binding points at the rate; if this figure really can exceed 100% (a growth rate), add `bounds: [0, 1000]` to the metric".into(),
                    );
                    return None;
                }
                d = (d * Decimal::ONE_HUNDRED).normalize();
            }
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
        Some(d)
    }

    /// A year (for a series) or a label (for parts) from a cell named by address.
    pub(super) fn key(
        &self,
        r: &mut Reader<'_>,
        path: &[&str],
        at: (u32, u32),
        is_year: bool,
    ) -> Option<serde_yaml::Value> {
        let here = self.name(&cell_name(at));
        let text = match self.sheet.get(at) {
            Cell::Number(n) => format!("{n}"),
            Cell::Text(t) => t.trim().to_string(),
            _ => String::new(),
        };
        if !is_year {
            if text.is_empty() {
                let message = format!("{here} is empty, but it should hold a part's label");
                self.problem(r, path, message, "check the range of `labels`".into());
                return None;
            }
            return Some(serde_yaml::Value::String(text));
        }
        match year(&normalise(&text).0) {
            Some(y) => Some(serde_yaml::Value::from(y)),
            None => {
                let message = format!("{here} holds `{text}`, which is not a year");
                let hint = "`years` names the cells that hold the years, such as 2022 or 2022年".to_string();
                self.problem(r, path, message, hint);
                None
            }
        }
    }
}

/// What is wrong with text where a number belongs, and what to do: a label or a year where
/// a figure should be (the binding points at the wrong cell), a unit typed into the cell,
/// thousands separators, or a figure kept as text.
fn text_problem(here: &str, t: &str, in_table: bool) -> (String, String) {
    let message = format!("{here} holds `{t}`, which is text, not a number");
    if in_table {
        let hint = "write the figure in digits (500, not 五百 or 500件); its unit goes in the 单位 column";
        return (message, hint.to_string());
    }
    if year(&normalise(t).0).is_some() {
        let hint = format!(
            "`{t}` reads as a year, the label of a column, so the binding points at a header, not a figure"
        );
        return (message, hint);
    }
    let digits: String = t.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    let rest: String =
        t.chars().filter(|c| !c.is_ascii_digit() && *c != '.' && *c != ',' && *c != '，').collect();
    let hint = if digits.is_empty() {
        format!("`{t}` reads as a label, so the binding points at a label, not a figure")
    } else if !rest.trim().is_empty() {
        format!("put the number alone in the cell and the unit in `unit:` (`unit: {}`)", rest.trim())
    } else {
        "store the figure as a number in the workbook (in Excel: 转换为数字)".to_string()
    };
    (message, hint)
}
