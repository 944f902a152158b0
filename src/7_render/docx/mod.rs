//! The Word copy for sign-off (`<slug>.docx`): the whole paper in named paragraph styles
//! after GB/T 9704, with a contents field Word updates, Word footnotes, real tables, the
//! charts as pictures with their descriptions, and the 数据说明 appendix as a table.
//!
//! The OOXML parts are written here and packed with `zip`, not built with docx-rs: docx-rs
//! numbers pictures, footnotes and bookmarks from process-wide counters (so a second build in
//! `serve` would not be the same bytes as the first), writes no picture descriptions, no
//! footnote number at the foot of the page nor separators, no repeated table header and no
//! language, and panics on a picture it cannot decode. Patching its output would be more
//! code than writing the parts.

pub(crate) mod anchor;
mod body;
mod package;
mod parts;
mod picture;
pub(crate) mod redline;

use std::fmt::Write as _;

use crate::content::document::{Block, Document, Node, walk};
use crate::input::Locale;
use crate::input::diagnostic::{Diagnostic, Location};
use crate::render::Context;
use body::{Writer, ppr};
use parts::{texts, xml};

/// Writes the Word copy: its bytes, or the pictures it cannot take.
pub(crate) fn render(cx: Context<'_>) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let w = write(cx, false)?;
    Ok(package::pack(cx.doc, cx.theme, w))
}

/// The Word copy's body and the parts it refers to, not yet packed. With `marks` (for a
/// redline), each figure is marked and no comment is written.
fn write(cx: Context<'_>, marks: bool) -> Result<Writer<'_>, Vec<Diagnostic>> {
    let Context { doc, appendix, charts, theme, assets, .. } = cx;
    let page = &theme.word.page;
    // The type area's width, in EMU (36,000 to the millimetre).
    let max_width = ((page.width - page.left - page.right).max(10.0) * 36_000.0) as u64;
    let mut w = Writer::new(charts, appendix, doc.locale, assets, max_width);
    w.comments_on = doc.config.docx_comments && !marks;
    w.marks = marks;
    cover(&mut w, doc);
    contents(&mut w, doc);
    let _ = write!(w.out, "<w:p><w:pPr>{}</w:pPr></w:p>", parts::section(page, false));
    let mut chapter_starts = Vec::with_capacity(doc.chapters.len());
    for (i, chapter) in doc.chapters.iter().enumerate() {
        chapter_starts.push(w.out.len());
        if marks {
            let _ = write!(w.out, "<gz:chapter n=\"{i}\"/>");
        }
        let ordinal = match chapter.number {
            Some(n) if !crate::content::document::starts_with_ordinal(&chapter.title) => {
                crate::input::locale::ordinal(doc.locale, n)
            }
            _ => String::new(),
        };
        w.text_paragraph("Heading1", &format!("{ordinal}{}", chapter.title));
        w.notes = &chapter.footnotes;
        w.blocks(&chapter.blocks, "BodyText");
    }
    if marks {
        w.out.push_str("<gz:chapter n=\"-\"/>");
    } else {
        // A redline's paragraphs are the old and new copies' together: anchors are a copy's.
        w.out = anchor::insert(&w.out, &chapter_starts, w.out.len(), w.comments.len());
    }
    appendix_table(&mut w, doc.locale);
    let refused = located(std::mem::take(&mut w.refused), doc);
    if !refused.is_empty() {
        return Err(refused);
    }
    // A table must not end the body: Word would add a paragraph of its own.
    if w.out.ends_with("</w:tbl>") {
        w.out.push_str("<w:p/>");
    }
    let _ = write!(w.out, "{}", parts::section(page, true));
    Ok(w)
}

/// The cover: the draft mark, the title (a line break written in it kept), the subtitle,
/// then the publisher and date.
fn cover(w: &mut Writer<'_>, doc: &Document) {
    let c = &doc.config;
    let t = crate::input::locale::get(doc.locale);
    if c.draft {
        let _ = write!(
            w.out,
            "<w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia=\"黑体\" w:hint=\"eastAsia\"/><w:b/></w:rPr><w:t>{}</w:t></w:r></w:p>",
            xml(t.draft)
        );
    }
    // About a third of the page down, as a printed cover sets its title.
    for _ in 0..6 {
        w.out.push_str("<w:p/>");
    }
    let _ = write!(w.out, "<w:p>{}", ppr("Title"));
    for (i, line) in c.title.lines().enumerate() {
        if i > 0 {
            w.out.push_str("<w:r><w:br/></w:r>");
        }
        let _ = write!(w.out, "<w:r>{}</w:r>", texts(line));
    }
    w.out.push_str("</w:p>");
    if let Some(s) = &c.subtitle {
        w.text_paragraph("Subtitle", s);
    }
    for _ in 0..10 {
        w.out.push_str("<w:p/>");
    }
    if let Some(p) = &c.publisher {
        w.text_paragraph("Subtitle", p);
    }
    if let Some(d) = &c.date {
        w.text_paragraph("Subtitle", &d.printed(doc.locale));
    }
    w.out.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
}

/// The contents: a TOC field over headings of the first two levels, with the entries written
/// in as its last result (what a reader sees before Word updates it, and what other programs
/// show). Word asks to update it on opening, which adds the page numbers.
fn contents(w: &mut Writer<'_>, doc: &Document) {
    let t = crate::input::locale::get(doc.locale);
    w.text_paragraph("TOCHeading", t.contents);
    let mut entries: Vec<(u8, String)> = Vec::new();
    for chapter in &doc.chapters {
        let ordinal = match chapter.number {
            Some(n) if !crate::content::document::starts_with_ordinal(&chapter.title) => {
                crate::input::locale::ordinal(doc.locale, n)
            }
            _ => String::new(),
        };
        entries.push((1, format!("{ordinal}{}", chapter.title)));
        walk(&chapter.blocks, &mut |node| {
            if let Node::Block(Block::Heading { level: 1, number, content, .. }) = node {
                let text = crate::content::document::plain_text(content);
                entries.push((2, format!("{}{text}", number.as_deref().unwrap_or(""))));
            }
        });
    }
    entries.push((1, t.appendix.to_string()));
    let last = entries.len() - 1;
    for (i, (level, text)) in entries.iter().enumerate() {
        let _ = write!(w.out, "<w:p>{}", ppr(&format!("TOC{level}")));
        if i == 0 {
            w.out.push_str("<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>");
        }
        let _ = write!(w.out, "<w:r>{}</w:r>", texts(text));
        if i == last {
            w.out.push_str("<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>");
        }
        w.out.push_str("</w:p>");
    }
}

/// The 数据说明 appendix: every figure the paper prints, what it means, its period and source.
fn appendix_table(w: &mut Writer<'_>, locale: Locale) {
    let t = crate::input::locale::get(locale);
    w.text_paragraph("Heading1", t.appendix);
    let head =
        [t.appendix_figure, t.appendix_meaning, t.appendix_period, t.appendix_source].map(str::to_string);
    let rows: Vec<Vec<String>> = w
        .appendix
        .iter()
        .map(|r| vec![r.phrase.clone(), r.meaning(locale), r.period.clone(), r.source_and_cells(locale)])
        .collect();
    w.text_table(&head, &rows);
}

/// The refused pictures' messages, each at the first place a chapter shows the picture.
fn located(refused: Vec<(String, String)>, doc: &Document) -> Vec<Diagnostic> {
    refused
        .into_iter()
        .map(|(url, why)| {
            let file = url.strip_prefix("media/").unwrap_or(&url);
            let d = Diagnostic::error(format!("the Word copy cannot show the picture `{file}`: {why}"))
                .hint("convert the picture to PNG or JPEG and link that file instead");
            let at = doc.chapters.iter().find_map(|c| {
                let start = c.source.text.find(file)?;
                Some(Location::new(&c.source, start..start + file.len()))
            });
            match at {
                Some(at) => d.at(at),
                None => d,
            }
        })
        .collect()
}
