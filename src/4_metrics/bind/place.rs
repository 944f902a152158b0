//! Finding a binding's cells by meaning: a row and a column by their labels (in a sheet or an
//! Excel table), or a defined name. A label found twice or not at all is a located error that
//! names what was found; nothing is ever picked silently.

use std::borrow::Cow;

use crate::input::diagnostic::{Diagnostic, Group};
use crate::input::reader::Reader;
use crate::input::sheet::labels::{Found, Layout, Line, column_name, normalise, row_name, written};
use crate::input::sheet::{Sheet, Workbook, cell_name, parse_cell};

/// Where labels are looked up: a sheet's layout, or the layout of a table in it.
pub(super) struct Labelled<'b> {
    pub book: &'b Workbook,
    pub sheet: &'b Sheet,
    pub layout: Cow<'b, Layout>,
    /// `sheet `行政`` or `table `行政收案``, for messages.
    pub what: String,
}

/// Which way a label runs.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Way {
    Row,
    Column,
}

impl<'b> Labelled<'b> {
    /// The sheet's own layout (with the header rows given, if they are).
    pub(super) fn sheet(book: &'b Workbook, sheet: &'b Sheet, header: Option<(u32, u32)>) -> Self {
        let layout = match header {
            Some(h) => Cow::Owned(Layout::of(sheet, Some(h))),
            None => book.layout(sheet),
        };
        Labelled { book, sheet, layout, what: format!("sheet `{}` of `{}`", sheet.name, book.name) }
    }

    /// The line the labels name, or a located error saying what was found instead.
    pub(super) fn find(
        &self,
        r: &mut Reader<'_>,
        path: &[&str],
        way: Way,
        query: &[String],
    ) -> Option<&Line> {
        let (found, noun) = match way {
            Way::Row => (self.layout.row(query), "row"),
            Way::Column => (self.layout.column(query), "column"),
        };
        let written = written(query);
        match found {
            Found::One(line) => Some(line),
            Found::None => {
                let message = format!("{} has no {noun} labelled `{written}`", self.what);
                let hint = self.not_found_hint(way, query);
                let key = format!("label\u{0}{}\u{0}{}\u{0}{noun}\u{0}{written}", self.book.name, self.what);
                let group = Group {
                    key,
                    message: format!(
                        "{{n}} bindings look for a {noun} labelled `{written}` in {}, and it has none",
                        self.what
                    ),
                    detail: format!("looks for {noun} `{written}`"),
                    hint: hint.clone(),
                };
                r.diags
                    .push(Diagnostic::error(message).at(r.file.locate_value(path)).hint(hint).grouped(group));
                None
            }
            Found::Many(lines) => {
                let all = if way == Way::Row { &self.layout.rows } else { &self.layout.columns };
                let named: Vec<String> = lines.iter().map(|l| Layout::shortest(all, l)).collect();
                let places: Vec<String> =
                    lines.iter().zip(&named).map(|(l, n)| format!("{n} ({})", place(way, l.at))).collect();
                let example = named.iter().find(|n| n.starts_with('[')).map_or_else(
                    || format!("if one of them is a hidden or a working {noun}, rename or delete it in the workbook"),
                    |n| format!("name the one you mean with the labels above it, for example `{noun}: {n}`"),
                );
                r.error(
                    path,
                    format!(
                        "{} has {} {noun}s labelled `{written}`: {}",
                        self.what,
                        lines.len(),
                        places.join(", ")
                    ),
                    example,
                );
                None
            }
        }
    }

    /// What the sheet has near a label that is not in it, and where labels are read from.
    fn not_found_hint(&self, way: Way, query: &[String]) -> String {
        let lines = if way == Way::Row { &self.layout.rows } else { &self.layout.columns };
        let asked = query.last().map(|q| normalise(q).0).unwrap_or_default();
        // A whole year asked for where only a part of it is there (2023 and 2023年1-10月).
        let partial: Vec<String> = lines
            .iter()
            .filter(|l| l.year().is_none() && asked.len() == 4 && normalise(l.label()).0.starts_with(&asked))
            .map(|l| format!("`{}` ({})", l.label(), place(way, l.at)))
            .collect();
        if !partial.is_empty() {
            return format!(
                "there is {}: a part of a year is bound by its own label, and is not a whole year",
                partial.join(", ")
            );
        }
        let near = Layout::nearest(lines, query, |at| place(way, at));
        let from = match (way, self.layout.stub) {
            (Way::Row, Some((a, b))) if a == b => {
                format!("row labels are read from column {}", column_name(a))
            }
            (Way::Row, Some((a, b))) => {
                format!("row labels are read from columns {} to {}", column_name(a), column_name(b))
            }
            (Way::Row, None) => "no column of row labels was found left of the figures".to_string(),
            (Way::Column, _) => {
                let (a, b) = self.layout.header;
                if a == b {
                    format!("column labels are read from row {}", a + 1)
                } else {
                    format!(
                        "column labels are read from rows {} to {}; give others with `header:`",
                        a + 1,
                        b + 1
                    )
                }
            }
        };
        match near.is_empty() {
            true => format!("check the label as the sheet writes it; {from}"),
            false => format!("the nearest are {}; {from}", near.join(", ")),
        }
    }
}

/// `row 5` or `column F`.
pub(super) fn place(way: Way, at: u32) -> String {
    match way {
        Way::Row => row_name(at),
        Way::Column => format!("column {}", column_name(at)),
    }
}

/// A table's layout: its first row labels its columns and its first column its rows.
pub(super) fn table<'b>(
    r: &mut Reader<'_>,
    path: &[&str],
    book: &'b Workbook,
    name: &str,
) -> Option<Labelled<'b>> {
    let Some(t) = book.tables.iter().find(|t| t.name.eq_ignore_ascii_case(name)) else {
        let names: Vec<&str> = book.tables.iter().map(|t| t.name.as_str()).collect();
        let hint =
            crate::input::diagnostic::suggestion(name, names.iter().copied()).unwrap_or_else(|| match names
                .is_empty()
            {
                true => {
                    "it has no tables (in Excel: 插入 › 表格); bind by `sheet:` and labels instead".into()
                }
                false => format!("its tables are: {}", names.join("、")),
            });
        r.error(path, format!("`{}` has no table `{name}`", book.name), hint);
        return None;
    };
    let sheet = match book.sheet(&t.sheet)? {
        Ok(sheet) => sheet,
        Err(e) => {
            r.hinted(path, e);
            return None;
        }
    };
    let area = sheet.area(t.start, t.end);
    // A table without a header row has no column labels: its first row is a row of figures.
    let above = if t.header { t.start.0 } else { t.start.0.saturating_sub(1) };
    let mut layout = Layout::of(&area, Some((above, above)));
    if !t.header {
        layout.columns.clear();
    }
    Some(Labelled {
        book,
        sheet,
        layout: Cow::Owned(layout),
        what: format!("table `{}` of `{}`", t.name, book.name),
    })
}

/// The cells a defined name refers to: its sheet and one cell, or one row or column of them.
pub(super) fn defined_name<'b>(
    r: &mut Reader<'_>,
    path: &[&str],
    book: &'b Workbook,
    name: &str,
) -> Option<(&'b Sheet, Vec<(u32, u32)>)> {
    let usable = |n: &&(String, String)| !n.0.starts_with("_xlnm.");
    let found: Vec<&(String, String)> =
        book.names.iter().filter(usable).filter(|n| n.0.eq_ignore_ascii_case(name)).collect();
    let (_, formula) = match found.as_slice() {
        [one] => *one,
        [] => {
            let names = book.names.iter().filter(usable).map(|n| n.0.as_str());
            let hint = crate::input::diagnostic::suggestion(name, names.clone()).unwrap_or_else(|| {
                let all: Vec<&str> = names.collect();
                match all.is_empty() {
                    true => "it has no defined names (in Excel: 公式 › 名称管理器)".into(),
                    false => format!("its names are: {}", all.join("、")),
                }
            });
            r.error(path, format!("`{}` has no defined name `{name}`", book.name), hint);
            return None;
        }
        _ => {
            r.error(
                path,
                format!(
                    "`{}` defines the name `{name}` {} times (for different sheets)",
                    book.name,
                    found.len()
                ),
                "give each a name of its own in Excel's 名称管理器, or bind by `sheet:` and labels",
            );
            return None;
        }
    };
    let refused = |r: &mut Reader<'_>, why: &str| {
        r.error(
            path,
            format!("the name `{name}` in `{}` refers to `{formula}`, {why}", book.name),
            "define the name as one cell, or one row or column of cells, in Excel's 名称管理器",
        );
    };
    let Some((sheet_name, cells)) = reference(formula) else {
        refused(r, "which is not a cell or a range of one sheet");
        return None;
    };
    let sheet = match book.sheet(&sheet_name) {
        Some(Ok(sheet)) => sheet,
        Some(Err(e)) => {
            r.hinted(path, e);
            return None;
        }
        None => {
            refused(r, "a sheet the workbook does not have");
            return None;
        }
    };
    match cells {
        Some(cells) => Some((sheet, cells)),
        None => {
            refused(r, "which is more than one row or column");
            None
        }
    }
}

/// A sheet's name and its cells, when they are one cell or one row or column.
pub(super) type Reference = (String, Option<Vec<(u32, u32)>>);

/// A reference as Excel (`行政!$F$5`, `'行政 2023'!$F$5:$F$9`) or an `.ods` (`$行政.$F$5`,
/// `$'行政'.$F$5:.$F$9`) writes it: its sheet, and its cells when they are one cell or one row
/// or column.
pub(super) fn reference(formula: &str) -> Option<Reference> {
    let text = formula.trim().trim_start_matches('=');
    if text.contains('#') || text.contains('(') || text.contains(',') {
        return None;
    }
    let (sheet, cells) = match text.rsplit_once('!') {
        Some((sheet, cells)) => (unquote(sheet), cells.to_string()),
        None => {
            let rest = text.strip_prefix('$').unwrap_or(text);
            let (sheet, after) = if let Some(quoted) = rest.strip_prefix('\'') {
                let end = quoted.find("'.")?;
                (quoted[..end].replace("''", "'"), &quoted[end + 2..])
            } else {
                rest.split_once('.').map(|(s, a)| (s.to_string(), a))?
            };
            // `$F$5:.$F$9` or `$F$5:$行政.$F$9`: the end's sheet is the same.
            let cells = match after.split_once(':') {
                Some((a, b)) => format!("{a}:{}", b.rsplit_once('.').map_or(b, |(_, c)| c)),
                None => after.to_string(),
            };
            (sheet, cells)
        }
    };
    let cells = cells.replace('$', "");
    let (a, b) = cells.split_once(':').unwrap_or((&cells, &cells));
    let (a, b) = (parse_cell(a)?, parse_cell(b)?);
    let list = if a.0 == b.0 && a.1 <= b.1 {
        Some((a.1..=b.1).map(|c| (a.0, c)).collect())
    } else if a.1 == b.1 && a.0 <= b.0 {
        Some((a.0..=b.0).map(|row| (row, a.1)).collect())
    } else {
        None
    };
    Some((sheet, list))
}

fn unquote(sheet: &str) -> String {
    match sheet.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        Some(inner) => inner.replace("''", "'"),
        None => sheet.to_string(),
    }
}

/// A range's first and last cells as Excel writes it (`B6:F6`), or one cell.
pub(super) fn span(cells: &[(u32, u32)]) -> String {
    match (cells.first(), cells.last()) {
        (Some(a), Some(b)) if a != b => format!("{}:{}", cell_name(*a), cell_name(*b)),
        (Some(a), _) => cell_name(*a),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::reference;

    #[test]
    fn references_read_as_excel_and_libreoffice_write_them() {
        assert_eq!(reference("行政!$F$5"), Some(("行政".into(), Some(vec![(4, 5)]))));
        assert_eq!(
            reference("'行政 2023'!$B$6:$D$6"),
            Some(("行政 2023".into(), Some(vec![(5, 1), (5, 2), (5, 3)])))
        );
        assert_eq!(reference("$行政.$F$5"), Some(("行政".into(), Some(vec![(4, 5)]))));
        assert_eq!(reference("$'行 政'.$F$5:.$F$6"), Some(("行 政".into(), Some(vec![(4, 5), (5, 5)]))));
        assert_eq!(reference("$行政.$F$5:$行政.$F$6"), Some(("行政".into(), Some(vec![(4, 5), (5, 5)]))));
        assert_eq!(reference("行政!$B$2:$C$3"), Some(("行政".into(), None)));
        assert_eq!(reference("行政!#REF!"), None);
        assert_eq!(reference("OFFSET(行政!$A$1,0,0)"), None);
    }
}
