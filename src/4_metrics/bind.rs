//! Figures taken from a workbook: a metric's `value`, `series` or `parts` written as a
//! binding (`value: { from: data/收结案.xlsx, sheet: 行政, row: 结案, column: 2023 }`) are
//! replaced by what the cells hold, before the metric is read like any other, and the cells are
//! remembered as the figure's provenance. A binding finds its cells by the labels of their row
//! and column, a defined name or a table, so that an inserted or moved row changes nothing; a
//! binding by address is checked against the labels it `expect`s, and one without them is
//! warned about. Every problem is told in the sheet's own terms and located at the binding.

mod address;
mod place;
mod site;
mod spec;

use rust_decimal::Decimal;
use serde_yaml::{Mapping, Value};

use crate::input::diagnostic::{Diagnostic, Group};
use crate::input::reader::Reader;
use crate::input::sheet::labels::Line;
use crate::input::sheet::{Sheet, Workbook, Workbooks, cell_name, parse_cell, parse_range};

use super::model::Cells;
use place::{Labelled, Way, span};
use site::Site;
use spec::Spec;

/// Whether any of the metric's figures is bound to a workbook.
pub(super) fn has_bindings(map: &Mapping) -> bool {
    ["value", "series", "parts"].iter().any(|k| bound(map.get(*k)).is_some())
}

fn bound(v: Option<&Value>) -> Option<&Mapping> {
    v.and_then(Value::as_mapping).filter(|m| m.contains_key("from"))
}

/// The metric's keys with each binding replaced by the figures it names, and the cells they
/// came from; `None` when a binding failed (its error is reported).
pub(super) fn resolve(
    r: &mut Reader<'_>,
    books: Option<&Workbooks<'_>>,
    id: &str,
    map: &Mapping,
) -> Option<(Mapping, Cells)> {
    let unit = map.get("unit").and_then(Value::as_str).unwrap_or("").trim().to_string();
    let over_100 = super::plausible::bounds_of(map).is_some_and(|(_, hi)| hi > Decimal::ONE_HUNDRED);
    let mut out = map.clone();
    let mut cells = Cells::default();
    let mut ok = true;
    for key in ["value", "series", "parts"] {
        let Some(b) = bound(map.get(key)) else { continue };
        let path = [id, key];
        let Some(books) = books else {
            r.error(&path, "no workbook can be read here", "");
            ok = false;
            continue;
        };
        let Some(spec) = spec::read(r, &path, b) else {
            ok = false;
            continue;
        };
        let book = books.open(&spec.from);
        let book = match book.as_ref() {
            Ok(book) => book,
            Err(e) => {
                let group = Group {
                    key: format!("book\u{0}{}", spec.from),
                    message: format!("{{n}} bindings read `{}`, which cannot be read: {e}", spec.from),
                    detail: format!("reads `{}`", spec.from),
                    hint: e.hints.join("; "),
                };
                r.diags.push(e.clone().error().at(r.file.locate_value(&path)).grouped(group));
                ok = false;
                continue;
            }
        };
        // A metrics table's rows bind their own cells, read afresh from the same sheet.
        let unanchored_warning = r.file.source.name != spec.from;
        let read = Read { book, unit: &unit, over_100, unanchored_warning };
        match read.bind(r, &path, key, &spec) {
            Some((value, at)) => {
                out.insert(Value::from(key), value);
                match key {
                    "value" => cells.value = at.whole,
                    "series" => {
                        cells.series = at.whole;
                        cells.years =
                            at.each.into_iter().filter_map(|(k, c)| Some((k.parse().ok()?, c))).collect();
                    }
                    _ => {
                        cells.parts = at.whole;
                        cells.part = at.each;
                    }
                }
            }
            None => ok = false,
        }
    }
    ok.then_some((out, cells))
}

/// What one binding read: the cells as one range, and each cell by its year or label.
#[derive(Default)]
struct At {
    whole: Option<String>,
    each: Vec<(String, String)>,
}

/// One metric's reading of one workbook.
struct Read<'b> {
    book: &'b Workbook,
    unit: &'b str,
    over_100: bool,
    /// Whether a binding by address alone is warned about.
    unanchored_warning: bool,
}

impl<'b> Read<'b> {
    /// One binding: the YAML value it stands for, and the cells it read.
    fn bind(&self, r: &mut Reader<'_>, path: &[&str], key: &str, spec: &Spec) -> Option<(Value, At)> {
        if let Some(name) = &spec.name {
            let (sheet, cells) = place::defined_name(r, path, self.book, name)?;
            let labelled = Labelled::sheet(self.book, sheet, spec.header);
            return Self::named(r, path, key, &self.site(sheet, spec), &labelled, &cells);
        }
        let labelled = match &spec.table {
            Some(table) => place::table(r, path, self.book, table)?,
            None => Labelled::sheet(self.book, self.sheet(r, path, spec.sheet.as_deref())?, spec.header),
        };
        let site = self.site(labelled.sheet, spec);
        match (key, spec.anchored()) {
            (_, false) => self.by_address(r, path, key, spec, &site, &labelled),
            ("value", true) => {
                let (row, column) = both(r, path, spec)?;
                let row = labelled.find(r, &[path, &["row"]].concat(), Way::Row, row)?;
                let column = labelled.find(r, &[path, &["column"]].concat(), Way::Column, column)?;
                let at = (row.at, column.at);
                let v = site.number(r, path, at)?;
                Some((
                    Value::String(v.to_string()),
                    At { whole: Some(site.name(&cell_name(at))), each: Vec::new() },
                ))
            }
            ("series", true) => Self::series(r, path, spec, &site, &labelled),
            _ => Self::parts(r, path, spec, &site, &labelled),
        }
    }

    fn site(&self, sheet: &'b Sheet, spec: &Spec) -> Site<'b> {
        Site {
            book: self.book,
            sheet,
            unit: self.unit,
            percent: spec.percent,
            over_100: self.over_100,
            // A metrics table's row reads its own cell: nothing can have moved under it.
            by_address: !spec.anchored() && self.unanchored_warning,
            in_table: !self.unanchored_warning,
        }
    }

    /// The sheet named, or the only one, read on first use.
    fn sheet(&self, r: &mut Reader<'_>, path: &[&str], name: Option<&str>) -> Option<&'b Sheet> {
        let book = self.book;
        let names = book.sheet_names();
        let listed = || format!("its sheets are: {}", names.join("、"));
        let found = match name {
            Some(name) => book.sheet(name),
            None if names.len() == 1 => book.first_sheet(),
            None => {
                r.error(
                    path,
                    format!("`{}` has {} sheets: say which with `sheet:`", book.name, names.len()),
                    listed(),
                );
                return None;
            }
        };
        match found {
            Some(Ok(sheet)) => Some(sheet),
            Some(Err(e)) => {
                r.hinted(path, e);
                None
            }
            None => {
                let name = name.unwrap_or_default();
                let hint =
                    crate::input::diagnostic::suggestion(name, names.iter().copied()).unwrap_or_else(listed);
                let group = Group {
                    key: format!("sheet\u{0}{}\u{0}{name}", book.name),
                    message: format!(
                        "{{n}} bindings read sheet `{name}` of `{}`, and it has no such sheet",
                        book.name
                    ),
                    detail: format!("reads sheet `{name}`"),
                    hint: hint.clone(),
                };
                let message = format!("`{}` has no sheet `{name}`", book.name);
                r.diags
                    .push(Diagnostic::error(message).at(r.file.locate_value(path)).hint(hint).grouped(group));
                None
            }
        }
    }

    /// A series by labels: the row (or column) named, across every column (or row) labelled
    /// with a whole year, or the years listed.
    fn series(
        r: &mut Reader<'_>,
        path: &[&str],
        spec: &Spec,
        site: &Site<'_>,
        l: &Labelled<'_>,
    ) -> Option<(Value, At)> {
        let (way, query, key) = match (&spec.row, &spec.column) {
            (Some(row), None) => (Way::Row, row, "row"),
            (None, Some(column)) => (Way::Column, column, "column"),
            _ => {
                r.error(
                    path,
                    "a series is bound by the `row` that holds it (years across the columns) or the `column` (years down the rows)",
                    "for example `series: { from: data/收结案.xlsx, sheet: 行政, row: 败诉率 }`",
                );
                return None;
            }
        };
        let line = l.find(r, &[path, &[key]].concat(), way, query)?;
        let across = if way == Way::Row { &l.layout.columns } else { &l.layout.rows };
        let mut cells: Vec<(i64, (u32, u32))> = Vec::new();
        for other in across {
            let Some(year) = other.year() else { continue };
            if spec.only_years.as_ref().is_some_and(|only| !only.contains(&year)) {
                continue;
            }
            if let Some((_, seen)) = cells.iter().find(|(y, _)| *y == year) {
                let first = if way == Way::Row { seen.1 } else { seen.0 };
                r.error(
                    path,
                    format!("{} labels two {} with the year {year}: {} and {}", l.what, if way == Way::Row { "columns" } else { "rows" }, place::place(flip(way), first), place::place(flip(way), other.at)),
                    "keep one column per year in the sheet, or list the years to read with `years: [2021, 2022]` and bind the others apart",
                );
                return None;
            }
            let at = if way == Way::Row { (line.at, other.at) } else { (other.at, line.at) };
            cells.push((year, at));
        }
        if let Some(missing) = spec.only_years.iter().flatten().find(|y| !cells.iter().any(|(c, _)| c == *y))
        {
            r.error(
                path,
                format!(
                    "{} has no {} labelled {missing}",
                    l.what,
                    if way == Way::Row { "column" } else { "row" }
                ),
                "list only the years the sheet has",
            );
            return None;
        }
        if cells.is_empty() {
            r.error(
                path,
                format!("{} labels no {} with a year, so `{}` gives no series", l.what, if way == Way::Row { "column" } else { "row" }, line.written()),
                "a series reads the cells under years such as 2022 or 2022年; give the header rows with `header:` if they were not found",
            );
            return None;
        }
        let mut out = Mapping::new();
        let mut each = Vec::new();
        for (year, at) in &cells {
            let v = site.number(r, path, *at)?;
            out.insert(Value::from(*year), Value::String(v.to_string()));
            each.push((year.to_string(), site.name(&cell_name(*at))));
        }
        let range: Vec<(u32, u32)> = cells.iter().map(|(_, at)| *at).collect();
        Some((Value::Mapping(out), At { whole: Some(site.name(&span(&range))), each }))
    }

    /// Parts by labels: the rows under one (`under`), or the rows or columns listed, in the
    /// column or row named.
    fn parts(
        r: &mut Reader<'_>,
        path: &[&str],
        spec: &Spec,
        site: &Site<'_>,
        l: &Labelled<'_>,
    ) -> Option<(Value, At)> {
        let lines: Vec<Line>;
        let (way, across) = match (&spec.under, &spec.rows, &spec.columns, &spec.row, &spec.column) {
            (Some(under), None, None, None, Some(column)) => {
                let parent = l.find(r, &[path, &["under"]].concat(), Way::Row, under)?;
                lines = l.layout.parts_of(parent).into_iter().cloned().collect();
                if lines.is_empty() {
                    r.error(
                        &[path, &["under"]].concat(),
                        format!("{} has no 其中 rows under `{}` ({})", l.what, parent.written(), place::place(Way::Row, parent.at)),
                        "parts under a row are the rows just below it that begin with 其中 or are indented; otherwise list them with `rows: [城建, 资源]`",
                    );
                    return None;
                }
                (Way::Row, column)
            }
            (None, Some(rows), None, None, Some(column)) => {
                lines = rows
                    .iter()
                    .map(|q| l.find(r, &[path, &["rows"]].concat(), Way::Row, q).cloned())
                    .collect::<Option<_>>()?;
                (Way::Row, column)
            }
            (None, None, Some(columns), Some(row), None) => {
                lines = columns
                    .iter()
                    .map(|q| l.find(r, &[path, &["columns"]].concat(), Way::Column, q).cloned())
                    .collect::<Option<_>>()?;
                (Way::Column, row)
            }
            _ => {
                r.error(
                    path,
                    "parts are bound by `under` (the 其中 rows of a row) and `column`, by `rows` and `column`, or by `columns` and `row`",
                    "for example `parts: { from: data/收结案.xlsx, sheet: 行政, under: 收案, column: 2023 }`",
                );
                return None;
            }
        };
        let key = if way == Way::Row { "column" } else { "row" };
        let other = l.find(r, &[path, &[key]].concat(), flip(way), across)?;
        let mut out = Mapping::new();
        let mut each = Vec::new();
        let mut range = Vec::new();
        for line in &lines {
            let at = if way == Way::Row { (line.at, other.at) } else { (other.at, line.at) };
            let v = site.number(r, path, at)?;
            if out.insert(Value::String(line.label().to_string()), Value::String(v.to_string())).is_some() {
                r.error(path, format!("two parts are labelled `{}`", line.label()), "name each part once");
                return None;
            }
            each.push((line.label().to_string(), site.name(&cell_name(at))));
            range.push(at);
        }
        Some((Value::Mapping(out), At { whole: Some(site.name(&span(&range))), each }))
    }

    /// A defined name: one cell for a value; a row or column of cells for a series or parts,
    /// each keyed by the label of its column or row in the sheet.
    fn named(
        r: &mut Reader<'_>,
        path: &[&str],
        key: &str,
        site: &Site<'_>,
        l: &Labelled<'_>,
        cells: &[(u32, u32)],
    ) -> Option<(Value, At)> {
        let whole = Some(site.name(&span(cells)));
        if key == "value" {
            let [at] = cells else {
                r.error(
                    path,
                    "the name for a `value` must be one cell",
                    "define the name as the one cell that holds the figure",
                );
                return None;
            };
            let v = site.number(r, path, *at)?;
            return Some((Value::String(v.to_string()), At { whole, each: Vec::new() }));
        }
        let across_row = cells.first().map(|c| c.0) == cells.last().map(|c| c.0) && cells.len() > 1;
        let mut out = Mapping::new();
        let mut each = Vec::new();
        for at in cells {
            let (lines, index) = if across_row { (&l.layout.columns, at.1) } else { (&l.layout.rows, at.0) };
            let label = lines.iter().find(|line| line.at == index);
            let k = match (key, label) {
                ("series", Some(line)) if line.year().is_some() => {
                    Value::from(line.year().unwrap_or_default())
                }
                ("parts", Some(line)) => Value::String(line.label().to_string()),
                _ => {
                    let what = if key == "series" { "a year" } else { "a label" };
                    r.error(
                        path,
                        format!("{} is not labelled with {what} in {}", site.name(&cell_name(*at)), l.what),
                        "a name for a series or parts covers cells whose columns (or rows) are labelled",
                    );
                    return None;
                }
            };
            let v = site.number(r, path, *at)?;
            each.push((key_text(&k), site.name(&cell_name(*at))));
            out.insert(k, Value::String(v.to_string()));
        }
        Some((Value::Mapping(out), At { whole, each }))
    }
}

fn key_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => crate::input::yaml::key_string(other),
    }
}

fn flip(way: Way) -> Way {
    if way == Way::Row { Way::Column } else { Way::Row }
}

/// A value's `row` and `column`, both required.
fn both<'s>(r: &mut Reader<'_>, path: &[&str], spec: &'s Spec) -> Option<(&'s [String], &'s [String])> {
    match (&spec.row, &spec.column) {
        (Some(row), Some(column)) => Some((row, column)),
        _ => {
            r.error(
                path,
                "a figure bound by labels names its `row` and its `column`",
                "for example `value: { from: data/收结案.xlsx, sheet: 行政, row: 结案, column: 2023 }`",
            );
            None
        }
    }
}
