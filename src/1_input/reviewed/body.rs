//! The body of a reviewed copy: each paragraph's text as gazette wrote it (the changes
//! rejected), its tracked changes, gazette's anchor in it, and where comments start and end.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::model::{Edit, Paragraph};
use super::xml::{MAX_DEPTH, attr, entity, signed, too_deep};
use crate::input::hinted::Hinted;

/// Where a comment starts: its paragraph and the offset in its original text.
type Start = (usize, usize);

/// Each comment's place by id: its paragraph, offset, and the original text it covers.
pub(super) type Places = HashMap<String, (usize, usize, String)>;

/// A tracked change open around the current run.
struct Open {
    inserted: bool,
    author: String,
    date: String,
    /// One of the redline's own changes (by its signature): taken as accepted, since the
    /// copy gazette wrote is the new version.
    accepted: bool,
}

/// The body read so far: the paragraphs closed and the one open, the changes open around the
/// current run, and where comments start and end.
#[derive(Default)]
struct Body {
    paragraphs: Vec<Paragraph>,
    para: Option<Paragraph>,
    changes: Vec<Open>,
    /// The author and date of a redline's own changes.
    signature: Option<(String, String)>,
    in_text: bool,
    /// Inside run or paragraph properties (their `w:ins`/`w:del` mark formatting or a
    /// paragraph mark, not text), and inside a paragraph's.
    in_mark: usize,
    in_ppr: bool,
    starts: HashMap<String, Start>,
    places: Places,
}

/// The body: paragraphs, their changes, and where comments start and end. The changes signed
/// with `signature` (a redline's own) are taken as accepted.
pub(super) fn body(
    xml: &str,
    signature: Option<(String, String)>,
) -> Result<(Vec<Paragraph>, Places), Hinted> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut b = Body { signature, ..Body::default() };
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(|_| {
            Hinted::new("the file's text is not well-formed XML")
                .hint("open it in Word or WPS and save it again")
        })?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep());
                }
                b.start(&e, false);
            }
            Event::Empty(e) => b.start(&e, true),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                b.end(e.local_name().as_ref());
            }
            Event::Text(t) if b.in_text => text(&mut b.para, &b.changes, &t.xml10_content()),
            Event::GeneralRef(r) if b.in_text => {
                text(&mut b.para, &b.changes, &entity(&r.xml10_content()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Comments marked at a point only (LibreOffice writes no range for them).
    for (id, (pi, at)) in b.starts {
        b.places.entry(id).or_insert((pi, at, String::new()));
    }
    Ok((b.paragraphs, b.places))
}

impl Body {
    /// An element opens (or is empty).
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.local_name();
        match name.as_ref() {
            "p" if !empty => self.paragraph(),
            "rPr" | "pPr" if !empty => {
                self.in_mark += 1;
                self.in_ppr |= name.as_ref() == "pPr";
            }
            // A paragraph mark inserted with tracking: the paragraph goes on in the next.
            "ins" if self.in_ppr => {
                let (author, date) = (attr(e, "author"), attr(e, "date"));
                let own = self.signed(&author, &date);
                if let Some(p) = self.para.as_mut().filter(|_| !own) {
                    p.split = Some((author, date));
                }
            }
            "bookmarkStart" => {
                let name = attr(e, "name");
                if let Some(p) = self.para.as_mut().filter(|p| p.anchor.is_none() && name.starts_with("_gz"))
                {
                    p.anchor = Some(name);
                }
            }
            "ins" | "moveTo" | "del" | "moveFrom" if self.in_mark == 0 && !empty => {
                let inserted = matches!(name.as_ref(), "ins" | "moveTo");
                let (author, date) = (attr(e, "author"), attr(e, "date"));
                let accepted = self.signed(&author, &date);
                self.changes.push(Open { inserted, author, date, accepted });
            }
            "t" | "delText" if !empty => self.in_text = true,
            "tab" | "br" if self.in_mark == 0 => {
                let c = if name.as_ref() == "tab" { "\t" } else { "\n" };
                text(&mut self.para, &self.changes, c);
            }
            "commentRangeStart" | "commentReference" => {
                if let Some(p) = &self.para {
                    let at = (self.paragraphs.len(), p.chars);
                    self.starts.entry(attr(e, "id")).or_insert(at);
                }
            }
            "commentRangeEnd" => {
                let id = attr(e, "id");
                if let (Some(&(pi, from)), Some(p)) = (self.starts.get(&id), &self.para)
                    && pi == self.paragraphs.len()
                {
                    let quoted: String = p.original.chars().skip(from).collect();
                    self.places.insert(id, (pi, from, quoted));
                }
            }
            _ => {}
        }
    }

    /// A paragraph opens: a new one, or the rest of one a reviewer split (pressed Enter in),
    /// which goes on in it after an inserted break.
    fn paragraph(&mut self) {
        let split = self.paragraphs.last().is_some_and(|p| p.split.is_some());
        let mut p = if split { self.paragraphs.pop() } else { None }.unwrap_or_default();
        let mark = p.split.take();
        self.para = Some(p);
        if let Some((author, date)) = mark {
            text(&mut self.para, &[Open { inserted: true, author, date, accepted: false }], "\n");
        }
    }

    /// Whether a change is the redline's own.
    fn signed(&self, author: &str, date: &str) -> bool {
        signed(self.signature.as_ref(), author, date)
    }

    /// An element closes.
    fn end(&mut self, name: &str) {
        match name {
            "p" => self.paragraphs.extend(self.para.take()),
            "rPr" | "pPr" => {
                self.in_mark = self.in_mark.saturating_sub(1);
                self.in_ppr &= name != "pPr";
            }
            "ins" | "moveTo" | "del" | "moveFrom" if self.in_mark == 0 => drop(self.changes.pop()),
            "t" | "delText" => self.in_text = false,
            _ => {}
        }
    }
}

/// Text of the paragraph: inserted text is an edit, deleted text is original text and an
/// edit, other text is original text.
fn text(para: &mut Option<Paragraph>, changes: &[Open], s: &str) {
    let Some(p) = para else { return };
    let (at, n) = (p.chars, s.chars().count());
    let change = match changes.last() {
        // The redline's own deletion, accepted: not in the copy gazette wrote.
        Some(c) if c.accepted && !c.inserted => return,
        Some(c) if !c.accepted => Some(c),
        _ => None,
    };
    let Some(Open { inserted, author, date, .. }) = change else {
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
