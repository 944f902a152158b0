//! `gazette import`: a metrics file from a workbook, written as a statistician would: one
//! metric per labelled row (its latest whole year as the value, its years as a `series`, its
//! 其中 rows as `parts`), bound by labels so that a moved row changes nothing, with units read
//! from the sheet's 单位 line or a label's brackets, for the office to prune and name.

use std::fmt::Write as _;
use std::path::Path;

use crate::input::Diagnostic;
use crate::input::files::Disk;
use crate::input::hinted::{Hinted, HintedResult};
use crate::input::sheet::labels::{Layout, Line, column_name, normalise};
use crate::input::sheet::{self, Cell, Sheet, Workbooks};
use crate::input::source::Folder;
use crate::input::yaml::quote;

/// What to import: the workbook (a path under the paper), its sheet, and a range of it.
#[derive(Debug, Clone, Copy)]
pub struct Import<'a> {
    /// The paper's folder: the workbook's path is written relative to it.
    pub paper: &'a Path,
    /// The workbook, inside the paper's folder.
    pub workbook: &'a Path,
    /// The sheet; the first when none is named.
    pub sheet: Option<&'a str>,
    /// A rectangle such as `B2:F10`; the whole sheet when none is given.
    pub range: Option<&'a str>,
}

/// The metrics file, or why the workbook cannot be imported (with what to do).
pub fn import(what: Import<'_>) -> Result<String, Diagnostic> {
    imported(what).map_err(Hinted::error)
}

fn imported(what: Import<'_>) -> HintedResult<String> {
    let disk = Disk::open(what.paper).ok_or_else(|| format!("cannot read `{}`", what.paper.display()))?;
    let found = disk.relative(what.workbook);
    let found = found.map_err(|e| format!("cannot read `{}`: {e}", what.workbook.display()))?;
    let rel = found.ok_or_else(|| {
        Hinted::new(format!(
            "`{}` is outside the paper's folder `{}`",
            what.workbook.display(),
            what.paper.display()
        ))
        .hint("copy it into the paper (for example into `data/`) and import it from there")
    })?;
    let rel = rel.as_path();
    let name = crate::input::source::display_name(rel);
    let books = Workbooks::new(Folder { files: &disk, kept: None });
    let book = books.open(&name);
    let book = book.as_ref().as_ref().map_err(Hinted::clone)?;
    let names = book.sheet_names();
    let sheet_name = match what.sheet {
        Some(s) if names.contains(&s) => s,
        Some(s) => {
            let hint = crate::input::diagnostic::suggestion(s, names.iter().copied())
                .unwrap_or_else(|| format!("its sheets are: {}", names.join("、")));
            return Err(Hinted::new(format!("`{name}` has no sheet `{s}`")).hint(hint));
        }
        None => names.first().copied().ok_or_else(|| Hinted::new(format!("`{name}` has no sheet")))?,
    };
    let sheet = match book.sheet(sheet_name) {
        Some(Ok(sheet)) => sheet,
        Some(Err(e)) => return Err(e),
        None => return Err(Hinted::new(format!("`{name}` has no sheet `{sheet_name}`"))),
    };
    let area = match what.range {
        Some(r) => {
            Some(rectangle(r).ok_or_else(|| Hinted::new(format!("`{r}` is not a range such as `B2:F10`")))?)
        }
        None => None,
    };
    let index = names.iter().position(|s| *s == sheet_name).unwrap_or(0) + 1;
    let layout = book.layout(sheet);
    let writer = Writer { book: &name, sheet, layout: &layout, index, multi: names.len() > 1, area };
    let out = writer.write()?;
    Ok(out)
}

/// Writes the metrics of one sheet.
struct Writer<'a> {
    book: &'a str,
    sheet: &'a Sheet,
    layout: &'a Layout,
    index: usize,
    /// The workbook has more than one sheet, so bindings name theirs.
    multi: bool,
    area: Option<((u32, u32), (u32, u32))>,
}

impl Writer<'_> {
    fn write(&self) -> HintedResult<String> {
        let layout = self.layout;
        let columns: Vec<&Line> = layout.columns.iter().collect();
        let unit = sheet_unit(self.sheet, layout);
        let mut out = format!(
            "# Metrics from {}, sheet {}: one per labelled row, bound by the labels of its row and\n\
             # column, so that rows or columns the statistician inserts or moves change nothing.\n\
             # Keep those the paper prints, give each an id that says what it is, and check its unit.\n",
            self.book, self.sheet.name
        );
        let mut count = 0;
        for row in &layout.rows {
            count += self.row(row, &columns, unit.as_deref(), &mut out);
        }
        if count == 0 {
            return Err(Hinted::new(format!(
                "`{}` {} holds no labelled figure{}",
                self.book,
                self.sheet.name,
                if self.area.is_some() { " in that range" } else { "" }
            ))
            .hint("gazette imports the figures of rows and columns that have labels"));
        }
        Ok(out)
    }

    /// The figures of a row in the columns (inside the range asked for), by column.
    fn figures(&self, row: u32, columns: &[&Line]) -> Vec<(u32, f64)> {
        let inside = |at: (u32, u32)| {
            self.area.is_none_or(|(a, b)| (a.0..=b.0).contains(&at.0) && (a.1..=b.1).contains(&at.1))
        };
        columns
            .iter()
            .filter_map(|c| match self.sheet.get((row, c.at)) {
                Cell::Number(n) if inside((row, c.at)) => Some((c.at, *n)),
                _ => None,
            })
            .collect()
    }

    /// The metrics of one row: its latest whole year with its series and parts, and one for
    /// each other labelled column (a part of a year); how many were written.
    fn row(&self, row: &Line, columns: &[&Line], sheet_unit: Option<&str>, out: &mut String) -> usize {
        let figures = self.figures(row.at, columns);
        let has = |c: &Line| figures.iter().any(|(at, _)| *at == c.at);
        let years: Vec<&Line> = columns.iter().copied().filter(|c| c.year().is_some() && has(c)).collect();
        let latest = years.last().copied();
        let others = columns.iter().copied().filter(|c| has(c) && (latest.is_none() || c.year().is_none()));
        let targets: Vec<&Line> = latest.into_iter().chain(others).collect();
        let unit = self.unit(row, &figures, sheet_unit);
        let row_labels = written(&Layout::shortest_path(&self.layout.rows, row));
        for (i, column) in targets.iter().enumerate() {
            let first_year = i == 0 && latest.is_some();
            let id = match first_year {
                true => format!("s{}_r{}", self.index, row.at + 1),
                false => {
                    format!("s{}_r{}_{}", self.index, row.at + 1, column_name(column.at).to_ascii_lowercase())
                }
            };
            let value = figures.iter().find(|(at, _)| *at == column.at).map_or(0.0, |(_, n)| *n);
            let label = match first_year {
                true => row.path.join(""),
                false => format!("{} {}", row.path.join(""), column.label()),
            };
            let column_labels = column_label(self.layout, column);
            let _ = write!(
                out,
                "\n{id}:\n  label: {}\n  value: {{ {}, row: {row_labels}, column: {column_labels} }}   # {value} ({})\n",
                quote(&label),
                self.from(),
                sheet::cell_name((row.at, column.at)),
            );
            if first_year && years.len() >= 2 {
                let _ = writeln!(out, "  series: {{ {}, row: {row_labels} }}", self.from());
            }
            let parts = self.layout.parts_of(row);
            if first_year && !parts.is_empty() && !row.part {
                let names: Vec<&str> = parts.iter().map(|p| p.label()).collect();
                let _ = writeln!(
                    out,
                    "  parts: {{ {}, under: {row_labels}, column: {column_labels} }}   # {}\n  partial: true   # remove if the parts add up to the whole",
                    self.from(),
                    names.join("、")
                );
            }
            let _ = writeln!(
                out,
                "  unit: {}{}\n  source: {}",
                quote(unit.as_deref().unwrap_or("")),
                if unit.is_none() { "        # 件, %, 元 …" } else { "" },
                quote(self.book)
            );
        }
        targets.len()
    }

    /// `from: …, sheet: …` as a binding writes them.
    fn from(&self) -> String {
        match self.multi {
            true => format!("from: {}, sheet: {}", quote(self.book), quote(&self.sheet.name)),
            false => format!("from: {}", quote(self.book)),
        }
    }

    /// A row's unit: `%` where its figures are shown as percentages, else the unit in its
    /// label's brackets (收案（件）), else the sheet's.
    fn unit(&self, row: &Line, figures: &[(u32, f64)], sheet: Option<&str>) -> Option<String> {
        if figures.iter().any(|(c, _)| self.sheet.is_percent((row.at, *c))) {
            return Some("%".into());
        }
        row.unit.clone().or_else(|| sheet.map(str::to_string))
    }
}

/// The unit a sheet states for all its figures: a `单位：件` line in its header rows.
fn sheet_unit(sheet: &Sheet, layout: &Layout) -> Option<String> {
    let (first, last) = layout.header;
    (first..=last).find_map(|r| {
        (0..=sheet.last_column().min(64)).find_map(|c| match sheet.get((r, c)) {
            Cell::Text(t) => {
                let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
                let rest = t.strip_prefix("单位")?.trim_start_matches([':', '：']);
                (!rest.is_empty()).then(|| rest.to_string())
            }
            _ => None,
        })
    })
}

/// A column's labels as a binding writes them; a year as a plain number (`2023` for 2023年).
fn column_label(layout: &Layout, column: &Line) -> String {
    written(&Layout::shortest_path(&layout.columns, column))
}

/// Labels as a binding writes them: `收案`, or `[一审, 收案]`; quoted where YAML needs it.
fn written(path: &[String]) -> String {
    let quoted = |s: &String| {
        let plain = !s.is_empty()
            && normalise(s).0.chars().all(|c| !c.is_ascii_punctuation() || c == '-')
            && !s.chars().any(|c| matches!(c, ':' | '#' | ',' | '[' | ']' | '{' | '}' | '"' | '\''));
        if plain { s.clone() } else { quote(s) }
    };
    match path {
        [one] => quoted(one),
        many => format!("[{}]", many.iter().map(quoted).collect::<Vec<_>>().join(", ")),
    }
}

/// A rectangle `B2:F10` as its first and last cells.
fn rectangle(text: &str) -> Option<((u32, u32), (u32, u32))> {
    let (a, b) = text.split_once(':').unwrap_or((text, text));
    let (a, b) = (sheet::parse_cell(a)?, sheet::parse_cell(b)?);
    (a.0 <= b.0 && a.1 <= b.1).then_some((a, b))
}
