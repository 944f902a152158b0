//! A workbook as gazette holds it: its names, tables and SHA-256 at once, and each sheet read
//! the first time a binding asks for it. A statistics office's workbook often has a dozen
//! large sheets of which a paper binds two: only those two are read.

use std::borrow::Cow;
use std::io::Cursor;
use std::sync::{Mutex, OnceLock, PoisonError};

use super::cells::{self, Opened};
use super::labels::Layout;
use super::model::{Sheet, Table};
use crate::input::hinted::Hinted;

/// A workbook as read.
pub(crate) struct Workbook {
    /// Its path under the paper, with `/`.
    pub name: String,
    pub sha256: String,
    /// Its defined names (名称管理器), each with the cells it refers to as written
    /// (`行政!$F$5`, or `$行政.$F$5` in an `.ods`).
    pub names: Vec<(String, String)>,
    /// Its tables (Excel's 表格, `.xlsx` only).
    pub tables: Vec<Table>,
    /// Its sheets in order, each read on first use, with how its rows and columns are
    /// labelled, worked out on first use.
    sheets: Vec<Slot>,
    /// An `.xlsx` kept open to read its sheets from, and the cells read from it so far.
    open: Option<Mutex<Open>>,
    /// The `.xlsx`'s bytes and each sheet's part, to check a sheet's XML before it is read.
    parts: Option<Parts>,
}

/// A workbook's bytes, and each sheet's name with the path of its part.
type Parts = (Vec<u8>, Vec<(String, String)>);

/// An `.xlsx` kept open, and how many cells have been read from it.
type Open = (calamine::Xlsx<Cursor<Vec<u8>>>, usize);

struct Slot {
    name: String,
    sheet: OnceLock<Result<Sheet, Hinted>>,
    layout: OnceLock<Layout>,
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook").field("name", &self.name).field("sheets", &self.sheet_names()).finish()
    }
}

impl Workbook {
    /// A workbook whose sheets are read already.
    pub(super) fn read(
        name: &str,
        sha256: String,
        sheets: Vec<Sheet>,
        names: Vec<(String, String)>,
    ) -> Workbook {
        let sheets = sheets
            .into_iter()
            .map(|s| Slot { name: s.name.clone(), sheet: OnceLock::from(Ok(s)), layout: OnceLock::new() })
            .collect();
        Workbook {
            name: name.to_string(),
            sha256,
            names,
            tables: Vec::new(),
            sheets,
            open: None,
            parts: None,
        }
    }

    /// An `.xlsx` opened, its sheets to be read when asked for: with its bytes and the part
    /// of each sheet, whose XML is checked when the sheet is read.
    pub(super) fn lazy(
        name: &str,
        sha256: String,
        (opened, bytes, sheet_parts): (Opened, &[u8], Vec<(String, String)>),
        tables: Vec<Table>,
    ) -> Workbook {
        let Opened { xlsx, sheet_names, names } = opened;
        let sheets = sheet_names
            .into_iter()
            .map(|name| Slot { name, sheet: OnceLock::new(), layout: OnceLock::new() })
            .collect();
        Workbook {
            name: name.to_string(),
            sha256,
            names,
            tables,
            sheets,
            open: Some(Mutex::new((xlsx, 0))),
            parts: Some((bytes.to_vec(), sheet_parts)),
        }
    }

    /// The names of its sheets, in order.
    pub(crate) fn sheet_names(&self) -> Vec<&str> {
        self.sheets.iter().map(|s| s.name.as_str()).collect()
    }

    /// The sheet named, read on first use: `None` when the workbook has no such sheet.
    pub(crate) fn sheet(&self, name: &str) -> Option<Result<&Sheet, Hinted>> {
        let slot = self.sheets.iter().find(|s| s.name == name)?;
        Some(self.read_slot(slot))
    }

    /// Its first sheet, read on first use.
    pub(crate) fn first_sheet(&self) -> Option<Result<&Sheet, Hinted>> {
        self.sheets.first().map(|slot| self.read_slot(slot))
    }

    fn read_slot<'s>(&'s self, slot: &'s Slot) -> Result<&'s Sheet, Hinted> {
        let unreadable = |e: Hinted| {
            super::model::unreadable(
                &format!("`{}`", self.name),
                e.prefixed(&format!("sheet `{}`: ", slot.name)),
            )
        };
        let read = slot.sheet.get_or_init(|| {
            if let Some((bytes, parts)) = &self.parts {
                let path = parts.iter().find(|(name, _)| *name == slot.name).map(|(_, p)| p.as_str());
                super::parts::xml_shape(&self.name, bytes, &|part| Some(part) == path)?;
            }
            match &self.open {
                Some(open) => {
                    let mut open = open.lock().unwrap_or_else(PoisonError::into_inner);
                    let (xlsx, cells) = &mut *open;
                    cells::xlsx_sheet(xlsx, &slot.name, cells).map_err(unreadable)
                }
                None => Err(unreadable(Hinted::new("it was not read"))),
            }
        });
        read.as_ref().map_err(Clone::clone)
    }

    /// How one of its sheets' rows and columns are labelled (see [`super::labels`]), worked
    /// out once.
    pub(crate) fn layout<'s>(&'s self, sheet: &'s Sheet) -> Cow<'s, Layout> {
        let slot = self
            .sheets
            .iter()
            .find(|s| s.sheet.get().and_then(|r| r.as_ref().ok()).is_some_and(|s| std::ptr::eq(s, sheet)));
        match slot {
            Some(slot) => Cow::Borrowed(slot.layout.get_or_init(|| Layout::of(sheet, None))),
            None => Cow::Owned(Layout::of(sheet, None)),
        }
    }
}
