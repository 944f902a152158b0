//! A Word copy that comes back from a reviewer, read as Word, WPS or LibreOffice saved it:
//! each paragraph's text as gazette wrote it (the changes rejected), the tracked changes in
//! it, and the comments with their replies. The file comes from outside: its size, its
//! parts' sizes, their number and the nesting of its XML are bounded before anything is read.

mod body;
mod comments;
mod model;
mod xml;

use std::collections::HashMap;
use std::io::{Cursor, Read as _};

use crate::input::hinted::Hinted;
pub(crate) use model::{Comment, Edit, Paragraph, Reviewed};

/// The custom document properties in which a redline gives the author and date of its own
/// changes (Word, WPS and LibreOffice keep them).
pub(crate) const REDLINE_AUTHOR: &str = "gazette-redline-author";
pub(crate) const REDLINE_DATE: &str = "gazette-redline-date";

/// The largest reviewed copy read, and the most its XML parts may unpack to.
const MAX_FILE: usize = 64 * 1024 * 1024;
const MAX_PART: u64 = 64 * 1024 * 1024;
const MAX_PARTS: usize = 5_000;

/// Reads the reviewed copy at `path` (anywhere: it comes from outside the paper).
pub(crate) fn open(path: &std::path::Path) -> Result<Reviewed, Hinted> {
    let name = path.display();
    let len = std::fs::metadata(path).map_err(|e| Hinted::new(format!("cannot read `{name}`: {e}")))?.len();
    if len > MAX_FILE as u64 {
        return Err(Hinted::new(format!("`{name}` is larger than the 64 MiB gazette reads"))
            .hint("check that this is the Word copy gazette wrote"));
    }
    let bytes = std::fs::read(path).map_err(|e| Hinted::new(format!("cannot read `{name}`: {e}")))?;
    read(&bytes)
}

impl Reviewed {
    /// Whether a comment or change by `author` at `date` is a redline's own.
    pub(crate) fn own(&self, author: &str, date: &str) -> bool {
        xml::signed(self.signature.as_ref(), author, date)
    }
}

/// Reads a reviewed copy from its bytes, or says why it cannot be read.
pub(crate) fn read(bytes: &[u8]) -> Result<Reviewed, Hinted> {
    let not_word = || {
        Hinted::new("the file is not a Word document (.docx)")
            .hint("save it from Word, WPS or LibreOffice as a Word document (.docx) and try again")
    };
    if bytes.len() > MAX_FILE {
        return Err(Hinted::new("the file is larger than the 64 MiB gazette reads")
            .hint("check that this is the Word copy gazette wrote"));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_word())?;
    if zip.len() > MAX_PARTS {
        return Err(not_word());
    }
    let document = part(&mut zip, "word/document.xml")?.ok_or_else(not_word)?;
    // A redline says whose its own changes are; they are the new version, not a reviewer's.
    let signature = part(&mut zip, "docProps/custom.xml")?.and_then(|custom| {
        Some((xml::property(&custom, REDLINE_AUTHOR)?, xml::property(&custom, REDLINE_DATE)?))
    });
    let (paragraphs, places) = body::body(&document, signature.clone())?;
    let language = part(&mut zip, "docProps/core.xml")?.map(|core| xml::element_text(&core, "language"));
    let mut reviewed =
        Reviewed { paragraphs, comments: Vec::new(), signature, language: language.unwrap_or_default() };
    if let Some(comment_xml) = part(&mut zip, "word/comments.xml")? {
        let threads = match part(&mut zip, "word/commentsExtended.xml")? {
            Some(extended) => comments::parents(&extended),
            None => HashMap::new(),
        };
        reviewed.comments = comments::threaded(comments::comment_texts(&comment_xml)?, &places, &threads);
    }
    Ok(reviewed)
}

/// The text a paragraph's XML (`<w:p>…</w:p>`) reads with every change rejected: what the
/// Word copy's anchors digest, read as this reader reads it back.
pub(crate) fn paragraph_text(xml: &str) -> String {
    body::body(xml, None).ok().and_then(|(p, _)| p.into_iter().next()).map(|p| p.original).unwrap_or_default()
}

/// One part's text, refused when it would unpack to more than [`MAX_PART`].
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, Hinted> {
    let Ok(entry) = zip.by_name(name) else { return Ok(None) };
    let unreadable = || {
        Hinted::new(format!("the file's `{name}` cannot be read"))
            .hint("open it in Word or WPS and save it again")
    };
    let mut bytes = Vec::new();
    entry.take(MAX_PART + 1).read_to_end(&mut bytes).map_err(|_| unreadable())?;
    // The size first: a part cut at the limit may end inside a character.
    if bytes.len() as u64 > MAX_PART {
        return Err(Hinted::new(format!("the file's `{name}` unpacks to more than 64 MiB"))
            .hint("check that this is the Word copy gazette wrote"));
    }
    String::from_utf8(bytes).map(Some).map_err(|_| unreadable())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    /// A `.docx` of these parts.
    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    const BY: &str = "w:author=\"审阅人甲\" w:date=\"2026-03-01T09:00:00Z\"";

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\"";

    /// As Word writes a reviewed paragraph: revision ids, a run split inside a word, a figure
    /// replaced, a phrase deleted, a comment with a reply, an entity.
    #[test]
    fn a_copy_word_reviewed_reads_back_as_gazette_wrote_it_with_each_change() {
        let document = format!(
            "<w:document {W}><w:body><w:p w14:paraId=\"1A2B3C4D\" w:rsidR=\"00A1\"><w:pPr><w:pStyle w:val=\"BodyText\"/></w:pPr>\
             <w:r w:rsidR=\"00A1\"><w:t xml:space=\"preserve\">全年受</w:t></w:r><w:r w:rsidR=\"00B2\"><w:t>理案件</w:t></w:r>\
             <w:commentRangeStart w:id=\"0\"/><w:del w:id=\"5\" w:author=\"审阅人甲\" w:date=\"2026-03-01T09:00:00Z\"><w:r w:rsidDel=\"00C3\"><w:delText>545件</w:delText></w:r></w:del>\
             <w:ins w:id=\"6\" w:author=\"审阅人甲\" w:date=\"2026-03-01T09:00:00Z\"><w:r><w:t>546件</w:t></w:r></w:ins><w:commentRangeEnd w:id=\"0\"/>\
             <w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"0\"/></w:r>\
             <w:del w:id=\"7\" w:author=\"审阅人甲\"><w:r><w:delText>，同比上升</w:delText></w:r><w:r><w:delText>12.3%</w:delText></w:r></w:del>\
             <w:r><w:t>。A&amp;B</w:t></w:r></w:p></w:body></w:document>"
        );
        let comments = format!(
            "<w:comments {W}><w:comment w:id=\"0\" w:author=\"审阅人甲\" w:date=\"2026-03-01T09:00:00Z\" w:initials=\"审\"><w:p w14:paraId=\"0000AAAA\"><w:r><w:annotationRef/></w:r><w:r><w:t>请核对口径。</w:t></w:r></w:p></w:comment>\
             <w:comment w:id=\"1\" w:author=\"办公室\"><w:p w14:paraId=\"0000BBBB\"><w:r><w:t>已核对。</w:t></w:r></w:p></w:comment></w:comments>"
        );
        let extended = format!(
            "<w15:commentsEx {W}><w15:commentEx w15:paraId=\"0000AAAA\" w15:done=\"0\"/><w15:commentEx w15:paraId=\"0000BBBB\" w15:paraIdParent=\"0000AAAA\" w15:done=\"0\"/></w15:commentsEx>"
        );
        let bytes = docx(&[
            ("word/document.xml", &document),
            ("word/comments.xml", &comments),
            ("word/commentsExtended.xml", &extended),
        ]);
        let r = read(&bytes).unwrap();
        let p = &r.paragraphs[0];
        assert_eq!(p.original, "全年受理案件545件，同比上升12.3%。A&B");
        let edits: Vec<(bool, usize, &str)> =
            p.edits.iter().map(|e| (e.inserted, e.at, e.text.as_str())).collect();
        assert_eq!(edits, [(false, 6, "545件"), (true, 10, "546件"), (false, 10, "，同比上升12.3%")]);
        assert_eq!(p.edits[0].author, "审阅人甲");
        assert_eq!(r.comments.len(), 1, "the reply is under its comment");
        let c = &r.comments[0];
        assert_eq!(
            (c.paragraph, c.at, c.quoted.as_str(), c.text.as_str()),
            (Some(0), 6, "545件", "请核对口径。")
        );
        assert_eq!(c.replies.len(), 1);
        assert_eq!((c.replies[0].author.as_str(), c.replies[0].text.as_str()), ("办公室", "已核对。"));
    }

    /// As Word records Enter pressed in a paragraph, then typing: the paragraph's mark is
    /// inserted (`w:pPr/w:rPr/w:ins`); the two paragraphs are one in the copy as written.
    #[test]
    fn a_paragraph_split_by_a_reviewer_reads_as_the_one_gazette_wrote_with_its_anchor() {
        let document = format!(
            "<w:document {W}><w:body><w:p><w:pPr><w:rPr><w:ins w:id=\"1\" {BY}/></w:rPr></w:pPr>\
             <w:bookmarkStart w:id=\"0\" w:name=\"_Toc1\"/><w:bookmarkStart w:id=\"3\" w:name=\"_gz1_4_0123abcd\"/>\
             <w:r><w:t>前半句，</w:t></w:r></w:p><w:p><w:ins w:id=\"2\" {BY}><w:r><w:t>新的一段。</w:t></w:r></w:ins>\
             <w:r><w:t>后半句。</w:t></w:r><w:bookmarkEnd w:id=\"3\"/></w:p><w:p><w:r><w:t>下一段。</w:t></w:r></w:p></w:body></w:document>"
        );
        let r = read(&docx(&[("word/document.xml", &document)])).unwrap();
        assert_eq!(r.paragraphs.len(), 2);
        let p = &r.paragraphs[0];
        assert_eq!(p.original, "前半句，后半句。");
        assert_eq!(p.anchor.as_deref(), Some("_gz1_4_0123abcd"), "gazette's bookmark, not Word's");
        let edits: Vec<(bool, usize, &str)> =
            p.edits.iter().map(|e| (e.inserted, e.at, e.text.as_str())).collect();
        assert_eq!(edits, [(true, 4, "\n新的一段。")]);
        assert_eq!(r.paragraphs[1].original, "下一段。");
        assert_eq!(r.paragraphs[1].anchor, None);
    }

    /// A redline returned: its own changes (signed as its custom properties say, the date
    /// written back to the second) are the new version; the reviewer's are edits of it.
    #[test]
    fn a_redlines_own_changes_are_its_text_and_a_reviewers_are_edits() {
        let redline = "w:author=\"研究室\" w:date=\"2024-07-19T00:00:00Z\"";
        let document = format!(
            "<w:document {W}><w:body><w:p><w:r><w:t>全年受理</w:t></w:r>\
             <w:del w:id=\"1\" {redline}><w:r><w:delText>545件</w:delText></w:r></w:del>\
             <w:ins w:id=\"2\" {redline}><w:r><w:t>546件</w:t></w:r></w:ins>\
             <w:r><w:t>，同比</w:t></w:r><w:ins w:id=\"3\" {BY}><w:r><w:t>大幅</w:t></w:r></w:ins><w:r><w:t>上升。</w:t></w:r></w:p></w:body></w:document>"
        );
        let custom = format!(
            "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
             <property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"2\" name=\"{REDLINE_AUTHOR}\"><vt:lpwstr>研究室</vt:lpwstr></property>\
             <property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"3\" name=\"{REDLINE_DATE}\"><vt:lpwstr>2024-07-19T00:00:00.000Z</vt:lpwstr></property></Properties>"
        );
        let r = read(&docx(&[("word/document.xml", &document), ("docProps/custom.xml", &custom)])).unwrap();
        let p = &r.paragraphs[0];
        assert_eq!(p.original, "全年受理546件，同比上升。");
        let edits: Vec<(bool, usize, &str)> =
            p.edits.iter().map(|e| (e.inserted, e.at, e.text.as_str())).collect();
        assert_eq!(edits, [(true, 11, "大幅")]);
        // Without the properties (a redline of an earlier gazette), every change is an edit.
        let r = read(&docx(&[("word/document.xml", &document)])).unwrap();
        assert_eq!(r.paragraphs[0].original, "全年受理545件，同比上升。");
        assert_eq!(r.paragraphs[0].edits.len(), 3);
    }

    #[test]
    fn what_is_not_a_word_copy_is_refused_in_plain_words() {
        for bytes in [&b"not a zip"[..], &docx(&[("word/other.xml", "<x/>")])] {
            let e = read(bytes).unwrap_err();
            assert!(e.message.contains("not a Word document"), "{}", e.message);
        }
        let deep = format!("<w:document {W}><w:body>{}</w:body></w:document>", "<w:p>".repeat(400));
        let e = read(&docx(&[("word/document.xml", &deep)])).unwrap_err();
        assert!(e.message.contains("nested deeper"), "{}", e.message);
        // Past the limit, cut inside a character: said to be too large, not unreadable.
        let chars = (MAX_PART as usize - 2) / 3 + 2;
        let huge = format!("<a>{}", "中".repeat(chars));
        let e = read(&docx(&[("word/document.xml", &huge)])).unwrap_err();
        assert!(e.message.contains("unpacks to more than 64 MiB"), "{}", e.message);
    }
}
