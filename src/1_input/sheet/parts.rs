//! What calamine does not tell, read from a workbook's XML parts directly: an `.ods`'s
//! repeated cells (counted before calamine expands them), its percentages and merged areas,
//! and an `.xlsx`'s tables with the cells they cover. Every count is bounded.

use std::collections::HashMap;
use std::io::{Cursor, Read as _};

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::model::{MAX_CELLS, Table, parse_cell};
use crate::input::hinted::Hinted;

/// An `.ods` sheet's percentage cells and merged areas.
pub(super) type OdsExtra = (std::collections::HashSet<(u32, u32)>, Vec<((u32, u32), (u32, u32))>);

/// The most bytes of one XML part read for tables and their links.
const MAX_PART: u64 = 8 * 1024 * 1024;
/// The most attributes on one element, and the deepest nesting, of a workbook's XML. Excel,
/// WPS and LibreOffice write a few attributes a cell and a nesting of a dozen; a hostile file
/// can give one cell 400,000 attributes, which a parser checking them for duplicates reads in
/// time that grows with their square. Refused before any parser sees the file.
const MAX_ATTRIBUTES: usize = 512;
const MAX_DEPTH: usize = 256;

/// An attribute of an element by its local name.
fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    let mut attributes = e.attributes();
    attributes.with_checks(false);
    attributes
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(std::borrow::Cow::into_owned))
}

fn count(e: &BytesStart<'_>, key: &str) -> u64 {
    attr(e, key).and_then(|v| v.parse().ok()).unwrap_or(1)
}

/// Refuses an `.ods` whose repeated cells would make more than [`MAX_CELLS`] figures
/// (calamine writes repeated cells out one by one, so 400 bytes can ask for gigabytes), and
/// gives each sheet's percentage cells and merged areas, which calamine does not expose.
pub(super) fn ods(name: &str, bytes: &[u8]) -> Result<HashMap<String, OdsExtra>, Hinted> {
    let mut out: HashMap<String, OdsExtra> = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(out) };
    let Ok(content) = zip.by_name("content.xml") else { return Ok(out) };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let too_many = || {
        Hinted::new(format!("`{name}` repeats its cells into more than {MAX_CELLS} figures"))
            .hint("keep only the sheets and cells the paper needs in the workbook")
    };
    let (mut buf, mut total) = (Vec::new(), 0u64);
    let (mut sheet, mut row, mut col, mut rows_here) = (String::new(), 0u64, 0u64, 1u64);
    loop {
        let event = reader.read_event_into(&mut buf);
        let empty = matches!(event, Ok(Event::Empty(_)));
        match event {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "table" => (sheet, row, col) = (attr(&e, "name").unwrap_or_default(), 0, 0),
                "table-row" => {
                    (rows_here, col) = (count(&e, "number-rows-repeated"), 0);
                    if empty {
                        row = row.saturating_add(rows_here);
                    }
                }
                "table-cell" | "covered-table-cell" => {
                    let cols = count(&e, "number-columns-repeated");
                    let kind = attr(&e, "value-type");
                    if kind.is_some() {
                        total = total.saturating_add(rows_here.saturating_mul(cols));
                        if total > MAX_CELLS as u64 {
                            return Err(too_many());
                        }
                    }
                    let entry = out.entry(sheet.clone()).or_default();
                    let at = |r: u64, c: u64| (u32::try_from(r).ok(), u32::try_from(c).ok());
                    if kind.as_deref() == Some("percentage") {
                        for r in row..row.saturating_add(rows_here) {
                            for c in col..col.saturating_add(cols) {
                                if let (Some(r), Some(c)) = at(r, c) {
                                    entry.0.insert((r, c));
                                }
                            }
                        }
                    }
                    let (down, across) =
                        (count(&e, "number-rows-spanned"), count(&e, "number-columns-spanned"));
                    if (down > 1 || across > 1) && entry.1.len() < MAX_CELLS {
                        let end = at(row.saturating_add(down - 1), col.saturating_add(across - 1));
                        if let ((Some(r0), Some(c0)), (Some(r1), Some(c1))) = (at(row, col), end) {
                            entry.1.push(((r0, c0), (r1, c1)));
                        }
                    }
                    col = col.saturating_add(cols);
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "table-row" => {
                row = row.saturating_add(rows_here);
            }
            // A damaged file is calamine's to report.
            Ok(Event::Eof) | Err(_) => return Ok(out),
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// Refuses a workbook whose XML no spreadsheet program writes: an element with more than
/// [`MAX_ATTRIBUTES`] attributes, or nesting deeper than [`MAX_DEPTH`]. One linear pass over
/// each XML part (counting, not checking for duplicates), so that the work a hostile file can
/// ask of the parsers after it stays bounded by its size, whatever their own limits.
pub(super) fn xml_shape(name: &str, bytes: &[u8], wanted: &dyn Fn(&str) -> bool) -> Result<(), Hinted> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let refuse = |what: String| {
        Hinted::new(format!("`{name}` is not a workbook a spreadsheet program wrote: {what}"))
            .hint("open it in Excel or WPS and save it again; if it came from outside the court, ask for the figures again")
    };
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else { continue };
        let part = entry.name().map(std::borrow::Cow::into_owned).unwrap_or_default();
        if (!part.ends_with(".xml") && !part.ends_with(".rels")) || !wanted(&part) {
            continue;
        }
        let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(entry));
        let (mut buf, mut depth) = (Vec::new(), 0usize);
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(refuse(format!(
                            "`{part}` nests its elements more than {MAX_DEPTH} deep"
                        )));
                    }
                    attributes_within(&e)
                        .map_err(|n| refuse(format!("an element of `{part}` has {n} attributes")))?;
                }
                Ok(Event::Empty(e)) => {
                    attributes_within(&e)
                        .map_err(|n| refuse(format!("an element of `{part}` has {n} attributes")))?;
                }
                Ok(Event::End(_)) => depth = depth.saturating_sub(1),
                // A damaged part is the parsers' to report.
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
            buf.clear();
        }
    }
    Ok(())
}

/// `Err` with how many attributes an element has, when more than [`MAX_ATTRIBUTES`]: counted
/// without the duplicate check, which is what costs.
fn attributes_within(e: &BytesStart<'_>) -> Result<(), usize> {
    let mut attributes = e.attributes();
    attributes.with_checks(false);
    let n = attributes.take(MAX_ATTRIBUTES + 1).count();
    if n > MAX_ATTRIBUTES { Err(e.attributes_raw().matches('=').count()) } else { Ok(()) }
}

/// A part of the zip as text, if it is there and not too large.
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, path: &str) -> Option<String> {
    let entry = zip.by_name(path).ok()?;
    let mut text = String::new();
    entry.take(MAX_PART).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The elements named `tag` of an XML text, each as its attributes by local name.
fn elements(xml: &str, tag: &str) -> Vec<HashMap<String, String>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == tag => {
                let mut attributes = e.attributes();
                attributes.with_checks(false);
                let map = attributes
                    .flatten()
                    .filter_map(|a| {
                        let key = a.key.local_name().as_ref().to_string();
                        Some((key, a.normalized_value(XmlVersion::Implicit1_0).ok()?.into_owned()))
                    })
                    .collect();
                out.push(map);
                if out.len() > 10_000 {
                    break;
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// A relationship's target as a path in the zip, from the folder of the part that names it.
fn resolve(folder: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Each sheet of an `.xlsx` by name, with the path of its part in the zip, found through
/// the workbook's relationships.
pub(super) fn sheet_parts(bytes: &[u8]) -> Vec<(String, String)> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Vec::new() };
    let (Some(workbook), Some(rels)) =
        (part(&mut zip, "xl/workbook.xml"), part(&mut zip, "xl/_rels/workbook.xml.rels"))
    else {
        return Vec::new();
    };
    let targets: HashMap<String, String> = elements(&rels, "Relationship")
        .into_iter()
        .filter_map(|r| Some((r.get("Id")?.clone(), resolve("xl", r.get("Target")?))))
        .collect();
    elements(&workbook, "sheet")
        .into_iter()
        .filter_map(|sheet| Some((sheet.get("name")?.clone(), targets.get(sheet.get("id")?)?.clone())))
        .collect()
}

/// The tables of an `.xlsx`: each sheet's table parts, found through the relationships.
pub(super) fn xlsx_tables(bytes: &[u8], sheets: &[(String, String)]) -> Vec<Table> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Vec::new() };
    let mut tables = Vec::new();
    for (name, path) in sheets {
        let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
        let Some(sheet_rels) = part(&mut zip, &format!("{folder}/_rels/{file}.rels")) else { continue };
        for rel in elements(&sheet_rels, "Relationship") {
            let is_table = rel.get("Type").is_some_and(|t| t.ends_with("/table"));
            let Some(target) = rel.get("Target").filter(|_| is_table) else { continue };
            let Some(xml) = part(&mut zip, &resolve(folder, target)) else { continue };
            let Some(t) = elements(&xml, "table").into_iter().next() else { continue };
            let area = t.get("ref").and_then(|r| r.split_once(':'));
            let Some((start, end)) = area.and_then(|(a, b)| Some((parse_cell(a)?, parse_cell(b)?))) else {
                continue;
            };
            let Some(table_name) = t.get("displayName").or_else(|| t.get("name")) else { continue };
            tables.push(Table {
                name: table_name.clone(),
                sheet: name.clone(),
                start,
                end,
                header: t.get("headerRowCount").is_none_or(|n| n != "0"),
            });
        }
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn relationship_targets_resolve_from_their_folder() {
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/worksheets", "../tables/table1.xml"), "xl/tables/table1.xml");
        assert_eq!(resolve("xl", "/xl/worksheets/sheet2.xml"), "xl/worksheets/sheet2.xml");
    }
}
