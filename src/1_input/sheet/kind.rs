//! What a file really is, from its first bytes and, for a zip, the parts it holds: so that a
//! Word document renamed `.xlsx`, a PDF, a picture or random bytes is named for what it is,
//! not reported as a damaged workbook.

use std::io::Cursor;

use crate::input::hinted::Hinted;

/// The kinds of file a workbook's name can hide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Xlsx,
    Ods,
    /// An OLE2 compound file: an `.xls` (or an old `.doc`).
    Ole,
    Docx,
    Pptx,
    Odt,
    OtherZip,
    Pdf,
    Picture,
    Text,
    Unknown,
}

impl Kind {
    /// The kind of `bytes`.
    pub(super) fn of(bytes: &[u8]) -> Kind {
        match bytes {
            [b'P', b'K', 3, 4, ..] => zipped(bytes),
            [0xD0, 0xCF, 0x11, 0xE0, ..] => Kind::Ole,
            [b'%', b'P', b'D', b'F', ..] => Kind::Pdf,
            [0x89, b'P', b'N', b'G', ..] | [0xFF, 0xD8, 0xFF, ..] | [b'G', b'I', b'F', b'8', ..] => {
                Kind::Picture
            }
            _ if std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok() && !bytes.contains(&0) => {
                Kind::Text
            }
            _ => Kind::Unknown,
        }
    }

    /// What it is, in words, for a message.
    pub(super) fn words(self) -> &'static str {
        match self {
            Kind::Xlsx => "an Excel workbook (.xlsx)",
            Kind::Ods => "an OpenDocument spreadsheet (.ods)",
            Kind::Ole => "an old-style Office file (.xls or .doc)",
            Kind::Docx => "a Word document (.docx)",
            Kind::Pptx => "a PowerPoint presentation (.pptx)",
            Kind::Odt => "an OpenDocument text (.odt)",
            Kind::OtherZip => "a zip archive, not a workbook",
            Kind::Pdf => "a PDF file",
            Kind::Picture => "a picture",
            Kind::Text => "a text file",
            Kind::Unknown => "not a file gazette knows: its bytes are not those of a workbook",
        }
    }
}

/// The kind of a zip, by the parts Office and LibreOffice write.
fn zipped(bytes: &[u8]) -> Kind {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Kind::Unknown };
    let has = |zip: &zip::ZipArchive<Cursor<&[u8]>>, name: &str| zip.index_for_name(name).is_some();
    if has(&zip, "xl/workbook.xml") {
        return Kind::Xlsx;
    }
    if has(&zip, "word/document.xml") {
        return Kind::Docx;
    }
    if has(&zip, "ppt/presentation.xml") {
        return Kind::Pptx;
    }
    let mut mimetype = String::new();
    if let Ok(entry) = zip.by_name("mimetype") {
        let _ = std::io::Read::read_to_string(&mut std::io::Read::take(entry, 200), &mut mimetype);
    }
    match mimetype.trim() {
        "application/vnd.oasis.opendocument.spreadsheet" => Kind::Ods,
        "application/vnd.oasis.opendocument.text" => Kind::Odt,
        // A spreadsheet saved without its mimetype still has its content.
        _ if has(&zip, "content.xml") => Kind::Ods,
        _ => Kind::OtherZip,
    }
}

/// Why a file named as a workbook of `expected` kind cannot be read as one, when its bytes
/// say what it really is: the message and what to do.
pub(super) fn mismatch(name: &str, expected: Kind, bytes: &[u8]) -> Option<Hinted> {
    let kind = Kind::of(bytes);
    if kind == expected {
        return None;
    }
    let hint = match kind {
        Kind::Xlsx => "rename it to end in `.xlsx`, and `from:` with it".to_string(),
        Kind::Ods => "rename it to end in `.ods`, and `from:` with it".to_string(),
        Kind::Ole => {
            "rename it to end in `.xls` if it is a workbook, or open it in Excel or WPS and save it as .xlsx"
                .to_string()
        }
        Kind::Text => "if it holds comma-separated figures, name it `.csv`".to_string(),
        _ => "bind the workbook the statistics office sent (.xlsx, .xls, .ods or .csv)".to_string(),
    };
    Some(Hinted::new(format!("`{name}` is {}, not the workbook its name says", kind.words())).hint(hint))
}
