//! A workbook's cells as gazette keeps them: what each cell holds, a sheet's cells, merged
//! areas and percentage cells, an Excel table's place, and cells named as Excel names them.

use std::collections::{HashMap, HashSet};

use crate::input::hinted::{Hinted, HintedResult};

/// The most cells read from one workbook: far more than any statistics table, far fewer than
/// a hostile file could claim.
/// The most merged areas a sheet may have: a statistics table has a few dozen.
const MAX_MERGED: usize = 10_000;
/// What to do about a sheet with too many merged areas.
const UNMERGE: &str = "unmerge the cells the paper does not need (in Excel: 合并后居中 › 取消单元格合并), or keep only the sheets the paper needs";

/// Why `what` (a workbook, or a sheet of one) cannot be read: the reader's reason, with what
/// to do; saving it again, when the reason says nothing better.
pub(super) fn unreadable(what: &str, reason: Hinted) -> Hinted {
    let saved = reason.hints.is_empty();
    let e = reason.prefixed(&format!("{what} cannot be read as a workbook: "));
    if saved { e.hint("open it in Excel or WPS and save it again") } else { e }
}

pub(crate) const MAX_CELLS: usize = 2_000_000;

/// What a cell holds, as the workbook saved it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Number(f64),
    Text(String),
    /// TRUE, FALSE, a date or an error such as `#DIV/0!`, as the sheet shows it.
    Other(String),
    Empty,
    /// A formula whose result was never saved (the file was written by a program, not Excel).
    Unsaved,
}

/// One sheet: its cells by (row, column), from 0, and its merged areas.
#[derive(Debug, Default)]
pub(crate) struct Sheet {
    pub name: String,
    pub(super) cells: HashMap<(u32, u32), Cell>,
    /// Its merged areas, first and last cell (set with [`Sheet::set_merged`]).
    pub(super) merged: Vec<((u32, u32), (u32, u32))>,
    /// Each cell inside a merged area but not its first, with the area's place in `merged`:
    /// found at once however many areas there are.
    covered: HashMap<(u32, u32), usize>,
    /// The cells shown as percentages (a format such as `0.0%`, or an `.ods` percentage).
    pub(super) percent: HashSet<(u32, u32)>,
}

impl Sheet {
    /// An empty sheet of that name.
    pub(super) fn named(name: impl Into<String>) -> Sheet {
        Sheet { name: name.into(), ..Sheet::default() }
    }

    /// The cell at (row, column); a cell nothing was written in is empty.
    pub(crate) fn get(&self, at: (u32, u32)) -> &Cell {
        self.cells.get(&at).unwrap_or(&Cell::Empty)
    }

    /// The last row anything was written in (from 0).
    pub(crate) fn last_row(&self) -> u32 {
        self.cells.keys().map(|(r, _)| *r).max().unwrap_or(0)
    }

    /// The last column anything was written in (from 0).
    pub(crate) fn last_column(&self) -> u32 {
        self.cells.keys().map(|(_, c)| *c).max().unwrap_or(0)
    }

    /// Whether the cell is shown as a percentage, so that 0.996 is 99.6%.
    pub(crate) fn is_percent(&self, at: (u32, u32)) -> bool {
        self.percent.contains(&at)
    }

    /// The part of the sheet from `start` to `end` (a table), as a sheet of its own whose cells
    /// keep their places.
    pub(crate) fn area(&self, start: (u32, u32), end: (u32, u32)) -> Sheet {
        let inside = |at: &(u32, u32)| (start.0..=end.0).contains(&at.0) && (start.1..=end.1).contains(&at.1);
        let mut area = Sheet {
            name: self.name.clone(),
            cells: self.cells.iter().filter(|(at, _)| inside(at)).map(|(at, c)| (*at, c.clone())).collect(),
            percent: self.percent.iter().copied().filter(|at| inside(at)).collect(),
            ..Sheet::default()
        };
        // Fewer areas than the sheet's, which were within bounds.
        let _ = area.set_merged(self.merged.iter().copied().filter(|(s, _)| inside(s)).collect());
        area
    }

    /// Gives the sheet its merged areas, refused when they are more, or cover more cells,
    /// than any statistics table (a hostile file could ask for billions).
    pub(super) fn set_merged(&mut self, merged: Vec<((u32, u32), (u32, u32))>) -> HintedResult<()> {
        if merged.len() > MAX_MERGED {
            return Err(Hinted::new(format!("it has more than {MAX_MERGED} merged areas")).hint(UNMERGE));
        }
        let mut covered = HashMap::new();
        for (i, (s, e)) in merged.iter().enumerate() {
            let cells = u64::from(e.0.saturating_sub(s.0) + 1) * u64::from(e.1.saturating_sub(s.1) + 1);
            if covered.len() as u64 + cells > MAX_CELLS as u64 {
                return Err(
                    Hinted::new(format!("its merged areas cover more than {MAX_CELLS} cells")).hint(UNMERGE)
                );
            }
            for r in s.0..=e.0 {
                for c in s.1..=e.1 {
                    if (r, c) != *s {
                        covered.entry((r, c)).or_insert(i);
                    }
                }
            }
        }
        (self.merged, self.covered) = (merged, covered);
        Ok(())
    }

    /// The merged area a cell lies inside but does not start.
    pub(crate) fn merged_into(&self, at: (u32, u32)) -> Option<((u32, u32), (u32, u32))> {
        self.covered.get(&at).and_then(|i| self.merged.get(*i)).copied()
    }
}

/// An Excel table: its name, its sheet and the cells it covers, header row included.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub name: String,
    pub sheet: String,
    pub start: (u32, u32),
    pub end: (u32, u32),
    /// Whether its first row names its columns.
    pub header: bool,
}

/// A cell written `C12`: (row, column) from 0.
pub(crate) fn parse_cell(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().to_ascii_uppercase();
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.chars().try_fold(0u32, |acc, c| Some(acc * 26 + (c as u32 - 'A' as u32 + 1)))? - 1;
    let row: u32 = digits.parse().ok().filter(|r| (1..=1_048_576).contains(r))?;
    (col < 16_384).then_some((row - 1, col))
}

/// The name of a cell: (11, 2) is `C12`.
pub(crate) fn cell_name((row, col): (u32, u32)) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        letters.push((b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// The cells of a range written `B2:F2` (one row or one column), in order.
pub(crate) fn parse_range(text: &str) -> Option<Vec<(u32, u32)>> {
    let (a, b) = text.split_once(':')?;
    let (a, b) = (parse_cell(a)?, parse_cell(b)?);
    if a.0 == b.0 && a.1 <= b.1 {
        Some((a.1..=b.1).map(|c| (a.0, c)).collect())
    } else if a.1 == b.1 && a.0 <= b.0 {
        Some((a.0..=b.0).map(|r| (r, a.1)).collect())
    } else {
        None
    }
}
