//! The parts zipped into a `.docx`, the same bytes on every build: a fixed order, a fixed
//! time (1980-01-01, the zip format's first) and fixed permissions on every entry.

use std::collections::BTreeSet;
use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::body::{Media, Writer};
use super::parts;
use crate::config::theme::Theme;
use crate::content::document::Document;
use crate::input::Locale;

/// Zips the document the writer made with every part it refers to.
pub(super) fn pack(doc: &Document, theme: &Theme, w: Writer<'_>) -> Vec<u8> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {} {} xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>{}</w:body></w:document>",
        parts::W,
        parts::R,
        w.out
    );
    let has_notes = !w.footnotes.is_empty();
    let has_comments = !w.comments.is_empty();
    let has_custom = !w.properties.is_empty();
    let media: Vec<(String, String)> =
        w.media.iter().enumerate().map(|(i, m)| (format!("rIdMedia{}", i + 1), m.name.clone())).collect();
    let c = &doc.config;
    let lang = match doc.locale {
        Locale::Zh => "zh-CN",
        Locale::En => "en-GB",
    };
    let (core, app) =
        parts::properties(&c.title_line(doc.locale), c.publisher.as_deref().unwrap_or(""), lang);
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            parts::content_types(has_notes, has_comments, has_custom, &extensions(&w.media)).into_bytes(),
        ),
        ("_rels/.rels".into(), parts::package_rels(has_custom).into_bytes()),
        ("docProps/app.xml".into(), app.into_bytes()),
        ("docProps/core.xml".into(), core.into_bytes()),
        (
            "word/_rels/document.xml.rels".into(),
            parts::document_rels(has_notes, has_comments, &media, &w.links).into_bytes(),
        ),
        ("word/document.xml".into(), document.into_bytes()),
        ("word/fontTable.xml".into(), parts::font_table(&theme.word, doc.locale).into_bytes()),
        ("word/footer1.xml".into(), parts::footer(true).into_bytes()),
        ("word/footer2.xml".into(), parts::footer(false).into_bytes()),
        ("word/settings.xml".into(), parts::settings(has_notes, w.track_changes).into_bytes()),
        ("word/styles.xml".into(), parts::styles(&theme.word, doc.locale).into_bytes()),
    ];
    if has_custom {
        entries
            .insert(4, ("docProps/custom.xml".into(), parts::custom_properties(&w.properties).into_bytes()));
    }
    if has_notes {
        entries.push(("word/footnotes.xml".into(), parts::footnotes(&w.footnotes).into_bytes()));
    }
    if has_comments {
        entries.push(("word/comments.xml".into(), parts::comments(&w.comments).into_bytes()));
    }
    for m in w.media {
        entries.push((format!("word/media/{}", m.name), m.bytes));
    }
    zip(entries)
}

/// The entries zipped in the order given, each deflated with the same options.
fn zip(entries: Vec<(String, Vec<u8>)>) -> Vec<u8> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        // Writing to memory cannot fail but for running out of it.
        let _ = zip.start_file(name, options).and_then(|()| zip.write_all(&bytes).map_err(Into::into));
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// The picture file name extensions the package holds, for its content types.
fn extensions(media: &[Media]) -> BTreeSet<&str> {
    media.iter().filter_map(|m| m.name.rsplit('.').next()).collect()
}
