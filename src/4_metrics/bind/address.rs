//! Bindings by address (`cell: C12`, `years: B1:F1, values: B2:F2`): read as written, checked
//! against the labels they `expect`, and, without them, warned about with the anchored form
//! that would follow an inserted row.

use serde_yaml::{Mapping, Value};

use crate::input::diagnostic::{Diagnostic, Group};
use crate::input::reader::Reader;
use crate::input::sheet::labels::{Found, Layout, Line, written};

use super::place::{Labelled, Way, span};
use super::site::Site;
use super::spec::{Expect, Spec};
use super::{At, Read, cell_name, parse_cell, parse_range};

impl Read<'_> {
    /// A binding that names its cells by address.
    pub(super) fn by_address(
        &self,
        r: &mut Reader<'_>,
        path: &[&str],
        key: &str,
        spec: &Spec,
        site: &Site<'_>,
        l: &Labelled<'_>,
    ) -> Option<(Value, At)> {
        match (&spec.cell, &spec.years, &spec.labels, &spec.values) {
            (Some(cell), None, None, None) => {
                let at = one_cell(r, path, cell)?;
                match &spec.expect {
                    Some(expect) => check_expected(r, path, site, l, at, expect)?,
                    None if self.unanchored_warning => {
                        unanchored(r, path, site, &cell_name(at), suggest_cell(&l.layout, at).as_deref());
                    }
                    None => {}
                }
                let v = site.number(r, path, at)?;
                Some((
                    Value::String(v.to_string()),
                    At { whole: Some(site.name(&cell_name(at))), each: Vec::new() },
                ))
            }
            (None, Some(keys), None, Some(values)) | (None, None, Some(keys), Some(values)) => {
                let years = spec.years.is_some();
                let key_cells = range(r, path, keys)?;
                let value_cells = range(r, path, values)?;
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
                let mut each = Vec::new();
                for (k, v) in key_cells.iter().zip(&value_cells) {
                    let key = site.key(r, path, *k, years)?;
                    let value = site.number(r, path, *v)?;
                    each.push((super::key_text(&key), site.name(&cell_name(*v))));
                    out.insert(key, Value::String(value.to_string()));
                }
                let suggested = if years { suggest_series(&l.layout, &value_cells) } else { None };
                if self.unanchored_warning {
                    unanchored(r, path, site, &span(&value_cells), suggested.as_deref());
                }
                Some((Value::Mapping(out), At { whole: Some(site.name(values)), each }))
            }
            _ => {
                let example = match key {
                    "series" => "`{ from: data/收结案.xlsx, sheet: 行政, row: 败诉率 }`",
                    "parts" => "`{ from: data/收结案.xlsx, sheet: 行政, under: 收案, column: 2023 }`",
                    _ => "`{ from: data/收结案.xlsx, sheet: 行政, row: 结案, column: 2023 }`",
                };
                r.error(
                    path,
                    "a binding names its cells by labels (`row` and `column`; `under`, `rows` or `columns` for parts), by a defined `name`, or by address (`cell`; `years` or `labels` with `values`)",
                    format!("for example {example}"),
                );
                None
            }
        }
    }
}

/// Checks a cell bound by address against the labels it expects: a row or column moved is
/// told as such, with where the label is now.
fn check_expected(
    r: &mut Reader<'_>,
    path: &[&str],
    site: &Site<'_>,
    l: &Labelled<'_>,
    at: (u32, u32),
    expect: &Expect,
) -> Option<()> {
    let here = cell_name(at);
    for (way, query, index) in [(Way::Row, &expect.row, at.0), (Way::Column, &expect.column, at.1)] {
        let Some(query) = query else { continue };
        let lines = if way == Way::Row { &l.layout.rows } else { &l.layout.columns };
        let found = if way == Way::Row { l.layout.row(query) } else { l.layout.column(query) };
        let written = written(query);
        let noun = if way == Way::Row { "row" } else { "column" };
        let now = lines.iter().find(|line| line.at == index).map_or_else(
            || format!("its {noun} has no label"),
            |line| format!("its {noun} is labelled `{}`", Layout::shortest(lines, line)),
        );
        let moved_to = match found {
            Found::One(line) if line.at == index => continue,
            Found::One(line) => {
                let to = if way == Way::Row { (line.at, at.1) } else { (at.0, line.at) };
                format!("`{written}` is now {} ({})", super::place::place(way, line.at), cell_name(to))
            }
            Found::None => format!("no {noun} is labelled `{written}` any more"),
            Found::Many(_) => format!("`{written}` labels more than one {noun} now"),
        };
        let message = format!(
            "{here} of sheet `{}` is not in the {noun} labelled `{written}`: {now}, and {moved_to}",
            site.sheet.name
        );
        let hint = format!(
            "bind by labels (`row: …, column: …`) so that the figure follows its {noun}; or correct `cell: {here}` and its `expect`"
        );
        let group = site.moved(format!("{here} expects {noun} `{written}`; {moved_to}"));
        r.diags.push(Diagnostic::error(message).at(r.file.locate_value(path)).hint(hint).grouped(group));
        return None;
    }
    Some(())
}

/// Warns that cells named by address alone would not follow an inserted row, with the labels
/// that would (`row: 结案, column: 2023`) when the sheet has them. Told once for every such
/// binding into the same sheet.
fn unanchored(r: &mut Reader<'_>, path: &[&str], site: &Site<'_>, cells: &str, anchored: Option<&str>) {
    let sheet = &site.sheet.name;
    let message = format!(
        "`{cells}` of sheet `{sheet}` is bound by address alone: a row or column inserted above it would go unnoticed"
    );
    let (hint, detail) = match anchored {
        Some(form) => (
            format!("bind it by the labels it has today: `{form}`; or keep the address and add `expect: {{ {form} }}`"),
            format!("`{cells}`: `{form}`"),
        ),
        None => (
            "bind it by the labels of its row and column (`row:` and `column:`), or add `expect: { row: …, column: … }` to check them".to_string(),
            format!("`{cells}`"),
        ),
    };
    let group = Group {
        key: format!("address\u{0}{}\u{0}{sheet}", site.book.name),
        message: format!("{{n}} bindings into sheet `{sheet}` of `{}` name their cells by address alone: a row or column inserted above them would go unnoticed", site.book.name),
        detail,
        hint: "bind each by the labels it has today (shown beside it), so that an inserted or moved row changes nothing; `gazette import` writes such bindings".into(),
    };
    r.diags.push(Diagnostic::warning(message).at(r.file.locate_value(path)).hint(hint).grouped(group));
}

/// The labels that find a cell today (`row: 结案, column: 2023`), if each is unique.
fn suggest_cell(layout: &Layout, at: (u32, u32)) -> Option<String> {
    let row = unique(&layout.rows, at.0)?;
    let column = unique(&layout.columns, at.1)?;
    Some(format!("row: {row}, column: {column}"))
}

/// The label that finds a series' row (or column) today.
fn suggest_series(layout: &Layout, values: &[(u32, u32)]) -> Option<String> {
    let (first, last) = (values.first()?, values.last()?);
    if first.0 == last.0 {
        unique(&layout.rows, first.0).map(|l| format!("row: {l}"))
    } else {
        unique(&layout.columns, first.1).map(|l| format!("column: {l}"))
    }
}

/// The fewest labels that find the line at `index`, if any do.
fn unique(lines: &[Line], index: u32) -> Option<String> {
    let line = lines.iter().find(|l| l.at == index)?;
    let query = Layout::shortest(lines, line);
    let found = lines.iter().filter(|l| l.path == line.path).count() == 1;
    found.then_some(query)
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
