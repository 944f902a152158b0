//! A Word copy that comes back from a reviewer, read as Word, WPS or LibreOffice saved it:
//! each paragraph's text as gazette wrote it (the changes rejected), the tracked changes in
//! it, and the comments with their replies. The file comes from outside: its size, its
//! parts' sizes, their number and the nesting of its XML are bounded before anything is read.

use std::collections::HashMap;
use std::io::{Cursor, Read as _};

use quick_xml::events::{BytesStart, Event};

use crate::input::hinted::Hinted;

/// The largest reviewed copy read, and the most its XML parts may unpack to.
const MAX_FILE: usize = 64 * 1024 * 1024;
const MAX_PART: u64 = 64 * 1024 * 1024;
const MAX_PARTS: usize = 5_000;
const MAX_DEPTH: usize = 256;

/// What a reviewer did to a copy.
#[derive(Debug, Default)]
pub(crate) struct Reviewed {
    pub paragraphs: Vec<Paragraph>,
    pub comments: Vec<Comment>,
}

/// A paragraph of the reviewed copy.
#[derive(Debug, Default)]
pub(crate) struct Paragraph {
    /// Its text with every change rejected: what gazette wrote, or the reviewer typed
    /// without tracking.
    pub original: String,
    pub edits: Vec<Edit>,
    /// The original text's length in characters, kept as it grows (a paragraph of a hostile
    /// file may have millions of runs: counting it again at each would take their square).
    chars: usize,
}

/// A tracked change: text inserted or deleted at a place of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub inserted: bool,
    pub author: String,
    pub date: String,
    /// Where, in characters of the paragraph's original text.
    pub at: usize,
    pub text: String,
    /// The text's length in characters.
    chars: usize,
}

/// A comment, with the text it is on and its replies.
#[derive(Debug, Default, Clone)]
pub(crate) struct Comment {
    pub author: String,
    pub date: String,
    pub text: String,
    /// The paragraph it is on, and the characters of its original text it covers.
    pub paragraph: Option<usize>,
    pub at: usize,
    pub quoted: String,
    pub replies: Vec<Comment>,
}

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
    let (paragraphs, anchors) = body(&document)?;
    let mut reviewed = Reviewed { paragraphs, comments: Vec::new() };
    if let Some(comments) = part(&mut zip, "word/comments.xml")? {
        let threads = match part(&mut zip, "word/commentsExtended.xml")? {
            Some(extended) => parents(&extended),
            None => HashMap::new(),
        };
        reviewed.comments = threaded(comment_texts(&comments)?, &anchors, &threads);
    }
    Ok(reviewed)
}

/// One part's text, refused when it would unpack to more than [`MAX_PART`].
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, Hinted> {
    let Ok(entry) = zip.by_name(name) else { return Ok(None) };
    let mut text = String::new();
    entry.take(MAX_PART + 1).read_to_string(&mut text).map_err(|_| {
        Hinted::new(format!("the file's `{name}` cannot be read"))
            .hint("open it in Word or WPS and save it again")
    })?;
    if text.len() as u64 > MAX_PART {
        return Err(Hinted::new(format!("the file's `{name}` unpacks to more than 64 MiB"))
            .hint("check that this is the Word copy gazette wrote"));
    }
    Ok(Some(text))
}

/// The value of an attribute by its local name (`w:author` → `author`).
fn attr(e: &BytesStart<'_>, key: &str) -> String {
    let mut attributes = e.attributes();
    attributes.with_checks(false);
    attributes
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(std::borrow::Cow::into_owned)
        })
        .unwrap_or_default()
}

fn too_deep() -> Hinted {
    Hinted::new("the file's XML is nested deeper than any Word document")
        .hint("open it in Word or WPS and save it again")
}

/// Where a comment starts: its paragraph and the offset in its original text.
type Anchor = (usize, usize);

/// Each comment's place by id: its paragraph, offset, and the original text it covers.
type Anchors = HashMap<String, (usize, usize, String)>;

/// The body: paragraphs, their changes, and where comments start and end.
fn body(xml: &str) -> Result<(Vec<Paragraph>, Anchors), Hinted> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Reviewed::default();
    let mut para: Option<Paragraph> = None;
    // The changes open around the current run: (inserted, author, date).
    let mut changes: Vec<(bool, String, String)> = Vec::new();
    let (mut depth, mut in_text, mut in_mark) = (0usize, false, 0usize);
    let mut starts: HashMap<String, Anchor> = HashMap::new();
    let mut anchors = Anchors::new();
    loop {
        let event = reader.read_event().map_err(|_| {
            Hinted::new("the file's text is not well-formed XML")
                .hint("open it in Word or WPS and save it again")
        })?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                if !empty {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(too_deep());
                    }
                }
                match e.local_name().as_ref() {
                    "p" if !empty => para = Some(Paragraph::default()),
                    "rPr" | "pPr" if !empty => in_mark += 1,
                    "ins" | "moveTo" | "del" | "moveFrom" if in_mark == 0 && !empty => {
                        let inserted = matches!(e.local_name().as_ref(), "ins" | "moveTo");
                        changes.push((inserted, attr(&e, "author"), attr(&e, "date")));
                    }
                    "t" | "delText" if !empty => in_text = true,
                    "tab" | "br" if in_mark == 0 => {
                        let c = if e.local_name().as_ref() == "tab" { "\t" } else { "\n" };
                        text(&mut para, &changes, c);
                    }
                    "commentRangeStart" | "commentReference" => {
                        if let Some(p) = &para {
                            let at = (out.paragraphs.len(), p.chars);
                            starts.entry(attr(&e, "id")).or_insert(at);
                        }
                    }
                    "commentRangeEnd" => {
                        let id = attr(&e, "id");
                        if let (Some(&(pi, from)), Some(p)) = (starts.get(&id), &para)
                            && pi == out.paragraphs.len()
                        {
                            let quoted: String = p.original.chars().skip(from).collect();
                            anchors.insert(id, (pi, from, quoted));
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    "p" => out.paragraphs.extend(para.take()),
                    "rPr" | "pPr" => in_mark = in_mark.saturating_sub(1),
                    "ins" | "moveTo" | "del" | "moveFrom" if in_mark == 0 => drop(changes.pop()),
                    "t" | "delText" => in_text = false,
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                text(&mut para, &changes, &t.xml10_content());
            }
            Event::GeneralRef(r) if in_text => {
                text(&mut para, &changes, &entity(&r.xml10_content()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Comments marked at a point only (LibreOffice writes no range for them).
    for (id, (pi, at)) in starts {
        anchors.entry(id).or_insert((pi, at, String::new()));
    }
    Ok((out.paragraphs, anchors))
}

/// The character an entity or character reference (`amp`, `#x4E2D`) stands for.
fn entity(name: &str) -> String {
    quick_xml::escape::unescape(&format!("&{name};")).map(std::borrow::Cow::into_owned).unwrap_or_default()
}

/// Text of the paragraph: inserted text is an edit, deleted text is original text and an
/// edit, other text is original text.
fn text(para: &mut Option<Paragraph>, changes: &[(bool, String, String)], s: &str) {
    let Some(p) = para else { return };
    let (at, n) = (p.chars, s.chars().count());
    let Some((inserted, author, date)) = changes.last() else {
        p.original.push_str(s);
        p.chars += n;
        return;
    };
    if !inserted {
        p.original.push_str(s);
        p.chars += n;
    }
    match p.edits.last_mut() {
        Some(e)
            if e.inserted == *inserted
                && &e.author == author
                && (if e.inserted { e.at == at } else { e.at + e.chars == at }) =>
        {
            e.text.push_str(s);
            e.chars += n;
        }
        _ => p.edits.push(Edit {
            inserted: *inserted,
            author: author.clone(),
            date: date.clone(),
            at,
            text: s.to_string(),
            chars: n,
        }),
    }
}

/// Each comment's author, date and text, by id.
fn comment_texts(xml: &str) -> Result<Vec<(String, Comment, String)>, Hinted> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<(String, Comment, String)> = None;
    let (mut depth, mut in_text) = (0usize, false);
    loop {
        match reader.read_event().map_err(|_| Hinted::new("the file's comments are not well-formed XML"))? {
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep());
                }
                match e.local_name().as_ref() {
                    "comment" => {
                        let c = Comment {
                            author: attr(&e, "author"),
                            date: attr(&e, "date"),
                            ..Comment::default()
                        };
                        current = Some((attr(&e, "id"), c, String::new()));
                    }
                    "p" => {
                        // The last paragraph's id: what a reply names as its parent.
                        if let Some((_, c, para_id)) = &mut current {
                            *para_id = attr(&e, "paraId");
                            if !c.text.is_empty() {
                                c.text.push('\n');
                            }
                        }
                    }
                    "t" => in_text = true,
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    "comment" => out.extend(current.take()),
                    "t" => in_text = false,
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                if let Some((_, c, _)) = &mut current {
                    c.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some((_, c, _)) = &mut current {
                    c.text.push_str(&entity(&r.xml10_content()));
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Each reply's parent, by the `w14:paraId` of their last paragraphs (`commentsExtended.xml`).
fn parents(xml: &str) -> HashMap<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = HashMap::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "commentEx" => {
                let parent = attr(&e, "paraIdParent");
                if !parent.is_empty() {
                    out.insert(attr(&e, "paraId"), parent);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The comments on their anchors, each reply under the comment it answers.
fn threaded(
    texts: Vec<(String, Comment, String)>,
    anchors: &Anchors,
    parents: &HashMap<String, String>,
) -> Vec<Comment> {
    let mut top: Vec<(String, Comment)> = Vec::new();
    let mut replies: Vec<(String, Comment)> = Vec::new();
    for (id, mut c, para_id) in texts {
        match parents.get(&para_id) {
            Some(parent) => replies.push((parent.clone(), c)),
            None => {
                if let Some((p, at, quoted)) = anchors.get(&id) {
                    (c.paragraph, c.at, c.quoted) = (Some(*p), *at, quoted.clone());
                }
                top.push((para_id, c));
            }
        }
    }
    for (parent, reply) in replies {
        if let Some((_, c)) = top.iter_mut().find(|(p, _)| *p == parent) {
            c.replies.push(reply);
        }
    }
    top.into_iter().map(|(_, c)| c).collect()
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

    #[test]
    fn what_is_not_a_word_copy_is_refused_in_plain_words() {
        for bytes in [&b"not a zip"[..], &docx(&[("word/other.xml", "<x/>")])] {
            let e = read(bytes).unwrap_err();
            assert!(e.message.contains("not a Word document"), "{}", e.message);
        }
        let deep = format!("<w:document {W}><w:body>{}</w:body></w:document>", "<w:p>".repeat(400));
        let e = read(&docx(&[("word/document.xml", &deep)])).unwrap_err();
        assert!(e.message.contains("nested deeper"), "{}", e.message);
    }
}
