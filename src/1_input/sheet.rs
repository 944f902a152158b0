//! Spreadsheets a metric takes its figures from: `.xlsx`, `.xls` and `.ods` through calamine,
//! `.csv` through the csv crate. Each workbook is read once per build, into the cells it
//! holds (sparse, bounded), with its merged areas, the cells formatted as percentages, the
//! cells whose formula has no saved result, its defined names and tables, and its SHA-256 for
//! the manifest. [`labels`] reads a sheet's rows and columns by their labels.

mod book;
mod cells;
mod kind;
pub(crate) mod labels;
mod model;
mod normalise;
mod parts;

pub(crate) use book::Workbook;
pub(crate) use model::{Cell, MAX_CELLS, Sheet, cell_name, parse_cell, parse_range};

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Component, Path};
use std::sync::{Arc, Mutex, PoisonError};

use sha2::{Digest, Sha256};

use crate::input::files::Entry;
use crate::input::hinted::Hinted;
use crate::input::source::Folder;

/// The most a workbook's parts may hold once unzipped, as their headers declare.
const MAX_UNZIPPED: u64 = 256 * 1024 * 1024;

/// The paper's workbooks, each read once per build, in any thread.
#[derive(Debug)]
pub(crate) struct Workbooks<'a> {
    folder: Folder<'a>,
    books: Mutex<BTreeMap<String, Arc<Result<Workbook, Hinted>>>>,
}

impl<'a> Workbooks<'a> {
    pub(crate) fn new(folder: Folder<'a>) -> Self {
        Workbooks { folder, books: Mutex::default() }
    }

    /// The workbook at `path` (under the paper's folder), read on first use.
    pub(crate) fn open(&self, path: &str) -> Arc<Result<Workbook, Hinted>> {
        if let Some(book) = self.books.lock().unwrap_or_else(PoisonError::into_inner).get(path) {
            return Arc::clone(book);
        }
        let book = Arc::new(read(self.folder, path));
        let mut books = self.books.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(books.entry(path.to_string()).or_insert(book))
    }

    /// Each workbook read, by path, with its SHA-256.
    pub(crate) fn hashes(&self) -> BTreeMap<String, String> {
        let books = self.books.lock().unwrap_or_else(PoisonError::into_inner);
        books
            .iter()
            .filter_map(|(p, b)| b.as_ref().as_ref().ok().map(|b| (p.clone(), b.sha256.clone())))
            .collect()
    }
}

/// Whether a file name is one of a workbook (a change to it changes the figures).
pub(crate) fn is_workbook(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xls" | "ods" | "csv"))
}

fn read(folder: Folder<'_>, path: &str) -> Result<Workbook, Hinted> {
    let mut parts = Vec::new();
    for c in Path::new(path).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => {
                return Err(Hinted::new(format!("`{path}` is outside the paper's folder")).hint("put the workbook inside the paper's folder, for example in `data/`, and write its path from there"));
            }
        }
    }
    let name = parts.join("/");
    let rel = Path::new(&name);
    match folder.entry(rel) {
        Some(Entry::File { len, .. }) if len > super::source::ANY_FILE.bytes => {
            Err(Hinted::new(format!("`{name}` is larger than the 64 MiB gazette reads"))
                .hint("keep only the sheets the paper needs"))
        }
        Some(Entry::File { .. }) => {
            let bytes = folder.bytes(rel).map_err(|d| Hinted::new(d.message))?;
            parse(&name, &bytes)
        }
        Some(Entry::Outside) => Err(Hinted::new(format!("`{name}` is a link to a file outside the paper"))
            .hint("copy the workbook into the paper's folder")),
        _ => Err(Hinted::new(format!("there is no workbook `{name}`"))
            .hint("check the path in `from:`; it is read from the paper's folder")),
    }
}

/// A workbook from its bytes, read by the kind its file name says. An `.xlsx` is opened, its
/// sheets read only when a binding asks for them; the other kinds are read whole.
pub(crate) fn parse(name: &str, bytes: &[u8]) -> Result<Workbook, Hinted> {
    let sha256 = format!("{:x}", Sha256::digest(bytes));
    let ext = Path::new(name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let expected = match ext.as_deref() {
        Some("xlsx" | "xlsm") => Some(kind::Kind::Xlsx),
        Some("ods") => Some(kind::Kind::Ods),
        Some("xls") => Some(kind::Kind::Ole),
        _ => None,
    };
    if let Some(problem) = expected.and_then(|k| kind::mismatch(name, k, bytes)) {
        return Err(problem);
    }
    let unreadable = |e: Hinted| model::unreadable(&format!("`{name}`"), e);
    let book = |sheets: Vec<Sheet>, names| Workbook::read(name, sha256.clone(), sheets, names);
    match ext.as_deref() {
        Some("csv") => Ok(book(csv_sheet(name, bytes)?, Vec::new())),
        Some("xlsx" | "xlsm") => {
            unzipped_size(name, bytes)?;
            // The parts read now; each sheet's own when it is read.
            let sheets = parts::sheet_parts(bytes);
            parts::xml_shape(name, bytes, &|part| !sheets.iter().any(|(_, p)| p == part))?;
            let opened = cells::Opened::xlsx(bytes).map_err(unreadable)?;
            let tables = parts::xlsx_tables(bytes, &sheets);
            Ok(Workbook::lazy(name, sha256.clone(), (opened, bytes, sheets), tables))
        }
        Some("ods") => {
            unzipped_size(name, bytes)?;
            parts::xml_shape(name, bytes, &|_| true)?;
            let extra = parts::ods(name, bytes)?;
            let ods = calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(Cursor::new(bytes.to_vec()));
            let (mut sheets, names) = cells::whole(ods).map_err(unreadable)?;
            for sheet in &mut sheets {
                if let Some((percent, merged)) = extra.get(&sheet.name) {
                    sheet.percent.clone_from(percent);
                    sheet.set_merged(merged.clone()).map_err(unreadable)?;
                }
            }
            Ok(book(sheets, names))
        }
        Some("xls") => {
            let xls = calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(Cursor::new(bytes.to_vec()));
            let (sheets, names) = cells::whole(xls).map_err(unreadable)?;
            Ok(book(sheets, names))
        }
        _ => Err(Hinted::new(format!("`{name}` is not a workbook gazette reads"))
            .hint("use an .xlsx, .xls, .ods or .csv file")),
    }
}

/// Refuses a zip whose parts declare more than [`MAX_UNZIPPED`] in all (a zip bomb).
fn unzipped_size(name: &str, bytes: &[u8]) -> Result<(), Hinted> {
    let broken = || {
        Hinted::new(format!("`{name}` is not a workbook: it does not open as one"))
            .hint("open it in Excel or WPS and save it again")
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| broken())?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|_| broken())?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNZIPPED {
        return Err(Hinted::new(format!(
            "`{name}` unpacks to {} MiB, more than the {} MiB gazette reads",
            total >> 20,
            MAX_UNZIPPED >> 20
        ))
        .hint("keep only the sheets the paper needs in the workbook"));
    }
    Ok(())
}

/// A CSV file as one sheet named after the file: UTF-8 (with or without a BOM) or, as Excel
/// saves it on a Chinese computer, GBK.
fn csv_sheet(name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, Hinted> {
    let text = match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (t, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err(Hinted::new(format!("`{name}` is neither UTF-8 nor GBK text"))
                    .hint("save it from Excel as “CSV UTF-8”"));
            }
            t.into_owned()
        }
    };
    let stem = Path::new(name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut sheet = Sheet::named(stem);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| Hinted::new(format!("`{name}` is not a CSV file: {e}")))?;
        for (col, field) in record.iter().enumerate() {
            if sheet.cells.len() >= MAX_CELLS {
                return Err(Hinted::new(format!("`{name}` holds more than {MAX_CELLS} cells")));
            }
            // Ideographic spaces before a label indent it under the row above: kept.
            let field = field.trim_matches(|c: char| c.is_ascii_whitespace());
            let at = (row as u32, col as u32);
            let value = match field.trim().parse::<f64>() {
                _ if field.is_empty() => continue,
                Ok(n) if n.is_finite() => Cell::Number(n),
                // 88.4% as a spreadsheet shows it: the fraction 0.884, shown as a percentage.
                _ => match percentage(field.trim()) {
                    Some(n) => {
                        sheet.percent.insert(at);
                        Cell::Number(n)
                    }
                    None => Cell::Text(field.to_string()),
                },
            };
            sheet.cells.insert(at, value);
        }
    }
    Ok(vec![sheet])
}

/// The fraction a CSV field such as `88.4%` stands for.
fn percentage(field: &str) -> Option<f64> {
    use rust_decimal::prelude::ToPrimitive as _;
    let number = field.strip_suffix(['%', '％'])?.trim();
    let d = rust_decimal::Decimal::from_str_exact(number).ok()?;
    (d / rust_decimal::Decimal::ONE_HUNDRED).to_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fuzz corpus's xlsx (after its first byte, which picks the kind).
    fn seed() -> Vec<u8> {
        include_bytes!("../../tests/fixtures/fuzz/workbook/xlsx")[1..].to_vec()
    }

    /// The seed with its sheet's XML replaced.
    fn with_sheet(xml: &str, declared_extra: bool) -> Vec<u8> {
        use std::io::Write as _;
        let seed = seed();
        let mut from = zip::ZipArchive::new(Cursor::new(&seed)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..from.len() {
            let mut entry = from.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            let options = zip::write::SimpleFileOptions::default();
            out.start_file(name.as_str(), options).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                out.write_all(xml.as_bytes()).unwrap();
                if declared_extra {
                    // 300 MiB of one repeated byte: a few hundred KB zipped.
                    let block = vec![b' '; 1 << 20];
                    for _ in 0..300 {
                        out.write_all(&block).unwrap();
                    }
                }
            } else {
                out.write_all(&bytes).unwrap();
            }
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn an_xlsx_gives_numbers_text_unsaved_formulas_and_merged_areas() {
        let book = parse("data/x.xlsx", &seed()).unwrap();
        let sheet = book.first_sheet().unwrap().unwrap();
        assert_eq!(sheet.name, "行政");
        assert_eq!(sheet.get((11, 2)), &Cell::Number(14730.0));
        assert_eq!(sheet.get((11, 3)), &Cell::Unsaved);
        assert_eq!(sheet.get((11, 4)), &Cell::Text("545件".into()));
        assert_eq!(sheet.get((0, 0)), &Cell::Empty);
        assert_eq!(sheet.merged_into((0, 2)), Some(((0, 1), (0, 2))));
        assert_eq!(sheet.merged_into((0, 1)), None);
    }

    #[test]
    fn hostile_workbooks_are_refused_or_read_in_bounded_memory() {
        // Two cells a sheet apart: read cell by cell, not as a block of 17 billion.
        let far = r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>"#;
        let book = parse("data/x.xlsx", &with_sheet(far, false)).unwrap();
        assert_eq!(book.first_sheet().unwrap().unwrap().get((1_048_575, 16_383)), &Cell::Number(2.0));
        // A zip bomb: refused by its declared size before anything is unpacked.
        let message = parse("data/x.xlsx", &with_sheet(far, true)).unwrap_err().message;
        assert!(message.contains("unpacks to 300 MiB, more than the 256 MiB gazette reads"), "{message}");
        // An .ods of a few hundred bytes whose repeated cells would fill gigabytes.
        let ods = include_bytes!("../../tests/fixtures/fuzz/workbook/ods")[1..].to_vec();
        let mut from = zip::ZipArchive::new(Cursor::new(&ods)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..from.len() {
            let mut entry = from.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
            let text = text
                .replace("<table:table-row>", "<table:table-row table:number-rows-repeated=\"9000\">")
                .replace("number-columns-repeated=\"2\"", "number-columns-repeated=\"10000\"");
            out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut out, text.as_bytes()).unwrap();
        }
        let bomb = out.finish().unwrap().into_inner();
        let message = parse("data/x.ods", &bomb).unwrap_err().message;
        assert!(message.contains("repeats its cells into more than 2000000 figures"), "{message}");
        assert!(parse("data/x.ods", &ods).is_ok());
        // Not a workbook at all, and a truncated one.
        assert!(parse("data/x.xlsx", b"PK\x03\x04 not really").is_err());
        assert!(parse("data/x.ods", &seed()[..400]).is_err());
        assert!(parse("data/x.xls", b"\xD0\xCF\x11\xE0 broken").is_err());
    }

    #[test]
    fn a_cell_with_a_hundred_thousand_attributes_is_refused_before_any_parser_reads_it() {
        // RUSTSEC-2026-0194: checked for duplicates, these cost time that grows with their
        // square; counted once, they are refused in one pass.
        let attributes: String = (0..100_000).map(|i| format!(" a{i}=\"1\"")).collect();
        let hostile = format!(
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"{attributes}><v>1</v></c></row></sheetData></worksheet>"#
        );
        let book = parse("data/x.xlsx", &with_sheet(&hostile, false)).unwrap();
        let message = book.first_sheet().unwrap().unwrap_err().message;
        assert!(message.contains("is not a workbook a spreadsheet program wrote: an element of `xl/worksheets/sheet1.xml` has 100001 attributes"), "{message}");
        let deep = format!(
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}{}</worksheet>"#,
            "<x>".repeat(10_000),
            "</x>".repeat(10_000)
        );
        let book = parse("data/x.xlsx", &with_sheet(&deep, false)).unwrap();
        let message = book.first_sheet().unwrap().unwrap_err().message;
        assert!(message.contains("nests its elements more than 256 deep"), "{message}");
        // Merged areas that would cover the whole sheet, or more of them than any table has:
        // refused, never indexed cell by cell.
        let merged = |refs: String| {
            format!(
                r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells>{refs}</mergeCells></worksheet>"#
            )
        };
        let whole = merged(r#"<mergeCell ref="A1:XFD1048576"/>"#.to_string());
        let book = parse("data/x.xlsx", &with_sheet(&whole, false)).unwrap();
        let message = book.first_sheet().unwrap().unwrap_err().message;
        assert!(message.contains("its merged areas cover more than 2000000 cells"), "{message}");
        let many = merged((0..10_001).map(|r| format!(r#"<mergeCell ref="A{0}:B{0}"/>"#, r + 2)).collect());
        let book = parse("data/x.xlsx", &with_sheet(&many, false)).unwrap();
        let message = book.first_sheet().unwrap().unwrap_err().message;
        assert!(message.contains("more than 10000 merged areas"), "{message}");
        // A Word document named as a workbook is named for what it is.
        let mut docx = zip::ZipWriter::new(Cursor::new(Vec::new()));
        docx.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut docx, b"<w:document/>").unwrap();
        let message = parse("data/x.xlsx", &docx.finish().unwrap().into_inner()).unwrap_err().message;
        assert_eq!(message, "`data/x.xlsx` is a Word document (.docx), not the workbook its name says");
        let message = parse("data/x.xlsx", &[0x17, 0x99, 0x01, 0xFE, 0x00, 0x44]).unwrap_err().message;
        assert!(message.contains("not a file gazette knows"), "{message}");
    }

    #[test]
    fn cells_and_ranges_are_named_as_excel_names_them() {
        assert_eq!(parse_cell("C12"), Some((11, 2)));
        assert_eq!(parse_cell("aa1"), Some((0, 26)));
        assert_eq!(cell_name((11, 2)), "C12");
        assert_eq!(cell_name((0, 26)), "AA1");
        assert_eq!(parse_cell("12C"), None);
        assert_eq!(parse_cell("C0"), None);
        assert_eq!(parse_range("B2:D2"), Some(vec![(1, 1), (1, 2), (1, 3)]));
        assert_eq!(parse_range("B2:B4"), Some(vec![(1, 1), (2, 1), (3, 1)]));
        assert_eq!(parse_range("B2:C3"), None);
    }
}
