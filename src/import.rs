//! `gazette import`: a metrics file skeleton from a workbook, one metric bound to each number
//! of a sheet (or of a range of it), labelled from its row's and column's headers, for the
//! office to prune, name and give units.

use std::fmt::Write as _;
use std::path::Path;

use crate::input::sheet::{self, Cell, Sheet, Workbooks};
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

/// The metrics file skeleton, or why the workbook cannot be imported.
pub fn import(what: Import<'_>) -> Result<String, String> {
    let paper =
        what.paper.canonicalize().map_err(|e| format!("cannot read `{}`: {e}", what.paper.display()))?;
    let file = what
        .workbook
        .canonicalize()
        .map_err(|e| format!("cannot read `{}`: {e}", what.workbook.display()))?;
    let rel = file.strip_prefix(&paper).map_err(|_| {
        format!(
            "`{}` is outside the paper's folder `{}`: copy it into the paper (for example into `data/`) and import it from there",
            what.workbook.display(),
            what.paper.display()
        )
    })?;
    let name = crate::input::source::display_name(rel);
    let books = Workbooks::new(&paper);
    let book = books.open(&name);
    let book = book.as_ref().as_ref().map_err(|(message, hint)| format!("{message}: {hint}"))?;
    let sheet = match what.sheet {
        Some(s) => book.sheets.iter().find(|x| x.name == s).ok_or_else(|| {
            let names: Vec<&str> = book.sheets.iter().map(|x| x.name.as_str()).collect();
            format!("`{name}` has no sheet `{s}`; its sheets are: {}", names.join("、"))
        })?,
        None => book.sheets.first().ok_or_else(|| format!("`{name}` has no sheet"))?,
    };
    let ((top, left), (bottom, right)) = match what.range {
        Some(r) => rectangle(r).ok_or_else(|| format!("`{r}` is not a range such as `B2:F10`"))?,
        None => ((0, 0), (sheet.last_row(), sheet.last_column())),
    };
    let index = book.sheets.iter().position(|s| std::ptr::eq(s, sheet)).unwrap_or(0) + 1;
    let mut out = format!(
        "# Metrics from {name}, sheet {}: one per number, labelled from its row and column.\n\
         # Keep those the paper prints, give each an id that says what it is, and set its unit.\n",
        sheet.name
    );
    let mut count = 0;
    for row in top..=bottom {
        for col in left..=right {
            let Cell::Number(n) = sheet.get((row, col)) else { continue };
            count += 1;
            let cell = sheet::cell_name((row, col));
            let label = label(sheet, (row, col)).unwrap_or_else(|| format!("{} {cell}", sheet.name));
            let _ = write!(
                out,
                "\ns{index}_{id}:\n  label: {label}\n  value: {{ from: {from}, sheet: {sheet_name}, cell: {cell} }}   # {n}\n  unit: \"\"        # 件, %, 元 …\n  source: {source}\n",
                id = cell.to_ascii_lowercase(),
                label = quote(&label),
                from = quote(&name),
                sheet_name = quote(&sheet.name),
                source = quote(&name),
            );
        }
    }
    if count == 0 {
        return Err(format!("`{name}` {} holds no number in that range", sheet.name));
    }
    Ok(out)
}

/// A cell's label: the text at the start of its row, then the text at the top of its column
/// (败诉率 2018).
fn label(sheet: &Sheet, (row, col): (u32, u32)) -> Option<String> {
    let text = |at| match sheet.get(at) {
        Cell::Text(t) => Some(t.trim().to_string()).filter(|t| !t.is_empty()),
        _ => None,
    };
    let number = |at| match sheet.get(at) {
        Cell::Number(n) => Some(format!("{n}")),
        _ => None,
    };
    let row_head = (0..col).find_map(|c| text((row, c)));
    let col_head = (0..row).find_map(|r| text((r, col)).or_else(|| number((r, col)).filter(|_| r == 0)));
    match (row_head, col_head) {
        (Some(r), Some(c)) => Some(format!("{r} {c}")),
        (r, c) => r.or(c),
    }
}

/// A rectangle `B2:F10` as its first and last cells.
fn rectangle(text: &str) -> Option<((u32, u32), (u32, u32))> {
    let (a, b) = text.split_once(':').unwrap_or((text, text));
    let (a, b) = (sheet::parse_cell(a)?, sheet::parse_cell(b)?);
    (a.0 <= b.0 && a.1 <= b.1).then_some((a, b))
}
