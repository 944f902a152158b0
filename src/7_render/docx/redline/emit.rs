//! Writing the redline's body: text unchanged as the new copy has it, deleted text in
//! `w:del` (as `w:delText`, with the old copy's formatting and pictures), inserted text in
//! `w:ins`, paragraphs and table rows deleted or inserted with their own marks, and a comment
//! on each changed figure or chart. Every `w:id` comes from one counter, in document order.

use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::super::body::{Marked, Media};
use super::super::parts::{texts, xml};
use super::merge::{self, Change, Sink};
use super::parse::{self, Atom, Para, Table, Unit, embedded, strip_marks};

/// One side of the comparison: its pictures and the figures its writer marked.
pub(super) struct Side<'a> {
    pub media: &'a [Media],
    pub figures: &'a [Marked],
    /// How many footnotes it has.
    pub notes: usize,
}

/// What the comments on changes say, worked out by the caller from the two papers.
pub(super) struct Notes<'a> {
    /// A figure's note: the old figure, the new one, and their printed texts.
    pub figure: &'a dyn Fn(&Marked, &Marked, &str, &str) -> String,
    /// A chart's note: the figures that changed in it.
    pub chart: &'a dyn Fn(&str) -> String,
}

/// The redline's body as it is written, with its comments and the old pictures it carries.
pub(super) struct Emitter<'a> {
    pub out: String,
    /// `w:comment` elements.
    pub comments: Vec<String>,
    /// Old pictures the deleted text shows, by their place among the old copy's pictures.
    pub carried: Vec<usize>,
    /// Old notes (by id) whose reference the redline deletes, carried after the new notes.
    pub carried_notes: Vec<usize>,
    author: String,
    date: String,
    next_id: usize,
    old: Side<'a>,
    new: Side<'a>,
    notes: Notes<'a>,
}

impl<'a> Emitter<'a> {
    pub(super) fn new(old: Side<'a>, new: Side<'a>, notes: Notes<'a>, author: &str, date: &str) -> Self {
        Emitter {
            out: String::new(),
            comments: Vec::new(),
            carried: Vec::new(),
            carried_notes: Vec::new(),
            author: xml(author),
            date: xml(date),
            next_id: 1,
            old,
            new,
            notes,
        }
    }

    /// The attributes of a change: the next id, the author and the date.
    fn attrs(&mut self) -> String {
        let id = self.next_id;
        self.next_id += 1;
        format!(" w:id=\"{id}\" w:author=\"{}\" w:date=\"{}\"", self.author, self.date)
    }

    /// Writes the pending run of text, opening the change around it when there is one.
    fn flush(&mut self, pending: &mut Option<(String, String)>, change: Option<Change>, open: &mut bool) {
        let Some((rpr, text)) = pending.take() else { return };
        if text.is_empty() {
            return;
        }
        self.open(change, open);
        let body = match change {
            Some(Change::Deleted) => deleted(&texts(&text)),
            _ => texts(&text),
        };
        let _ = write!(self.out, "<w:r>{rpr}{body}</w:r>");
    }

    fn open(&mut self, change: Option<Change>, open: &mut bool) {
        if let Some(c) = change
            && !*open
        {
            let attrs = self.attrs();
            let _ = write!(self.out, "<w:{}{attrs}>", tag(c));
            *open = true;
        }
    }

    fn close(&mut self, change: Option<Change>, open: &mut bool) {
        if let Some(c) = change
            && *open
        {
            let _ = write!(self.out, "</w:{}>", tag(c));
            *open = false;
        }
    }

    /// A run that holds no text, or an element around runs (a link).
    fn object(&mut self, xml: &str, change: Option<Change>, open: &mut bool) {
        let xml = match change {
            // The old copy's note is carried after the new copy's notes.
            Some(Change::Deleted) if xml.contains("<w:footnoteReference") => {
                let old = parse::referenced(xml).unwrap_or(0);
                let place = self.carried_notes.iter().position(|&c| c == old).unwrap_or_else(|| {
                    self.carried_notes.push(old);
                    self.carried_notes.len() - 1
                });
                parse::pointed(xml, self.new.notes + place + 1)
            }
            Some(Change::Deleted) => deleted(&self.carry(xml)),
            _ => xml.to_string(),
        };
        if xml.starts_with("<w:r>") {
            self.open(change, open);
            self.out.push_str(&xml);
            return;
        }
        // A link: its runs are what change. An old link's target is not in the new copy.
        self.close(change, open);
        let xml = match change {
            Some(Change::Deleted) => unwrap_link(&xml),
            _ => xml,
        };
        match change {
            Some(c) => {
                let wrapped = self.wrap_runs(&xml, c);
                self.out.push_str(&wrapped);
            }
            None => self.out.push_str(&xml),
        }
    }

    /// An old picture's relationship moved to the one the redline carries it under, and its
    /// drawing ids kept apart from the new copy's.
    fn carry(&mut self, xml: &str) -> String {
        let Some((number, n)) = embedded(xml) else { return xml.to_string() };
        let place = match self.carried.iter().position(|&c| c == n - 1) {
            Some(p) => p,
            None => {
                self.carried.push(n - 1);
                self.carried.len() - 1
            }
        };
        let rel = self.new.media.len() + place + 1;
        format!("{}{rel}{}", &xml[..number.start], &xml[number.end..])
            .replace("<wp:docPr id=\"", "<wp:docPr id=\"9000")
            .replace("<pic:cNvPr id=\"", "<pic:cNvPr id=\"9000")
    }

    /// The redline of two bodies (a footnote's) written apart from the body being written.
    pub(super) fn compared(&mut self, old: &[Unit], new: &[Unit]) -> String {
        let body = std::mem::take(&mut self.out);
        merge::bodies(old, new, self);
        std::mem::replace(&mut self.out, body)
    }

    /// Every run of `xml` inside a change of its own.
    fn wrap_runs(&mut self, xml: &str, change: Change) -> String {
        let mut out = String::with_capacity(xml.len() + 64);
        let mut rest = xml;
        while let Some(at) = rest.find("<w:r>") {
            let Some(end) = rest[at..].find("</w:r>").map(|e| at + e + "</w:r>".len()) else { break };
            out.push_str(&rest[..at]);
            let run = &rest[at..end];
            let run = if change == Change::Deleted { deleted(run) } else { run.to_string() };
            let _ = write!(out, "<w:{t}{}>{run}</w:{t}>", self.attrs(), t = tag(change));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }
}

impl Sink for Emitter<'_> {
    /// What an old picture relationship holds, for comparing.
    fn picture_old(&self, rel: &str) -> String {
        picture(self.old.media, rel)
    }

    /// What a new picture relationship holds, for comparing.
    fn picture_new(&self, rel: &str) -> String {
        picture(self.new.media, rel)
    }

    fn raw(&mut self, xml: &str) {
        self.out.push_str(xml);
    }

    fn raw_unmarked(&mut self, xml: &str) {
        self.out.push_str(&strip_marks(xml));
    }

    /// A unit both copies have: the new copy's.
    fn unchanged(&mut self, u: &Unit) {
        match u {
            Unit::Para(p) => self.raw_unmarked(&p.raw),
            Unit::Table(t) => {
                self.table_start(t);
                for row in &t.rows {
                    self.raw_unmarked(row);
                }
                self.table_end();
            }
            Unit::Other(x) => self.raw(x),
        }
    }

    fn paragraph_start(&mut self, ppr: &str) {
        let _ = write!(self.out, "<w:p>{ppr}");
    }

    fn paragraph_end(&mut self) {
        self.out.push_str("</w:p>");
    }

    /// A paragraph only one copy has: its text and its own mark deleted or inserted.
    fn whole_paragraph(&mut self, p: &Para, change: Change) {
        let mark = format!("<w:rPr><w:{}{}/></w:rPr>", tag(change), self.attrs());
        let ppr = if p.ppr.is_empty() {
            format!("<w:pPr>{mark}</w:pPr>")
        } else if let Some(at) = p.ppr.find("<w:sectPr") {
            format!("{}{mark}{}", &p.ppr[..at], &p.ppr[at..])
        } else {
            p.ppr.replacen("</w:pPr>", &format!("{mark}</w:pPr>"), 1)
        };
        self.paragraph_start(&ppr);
        self.atoms(&p.atoms, Some(change));
        self.paragraph_end();
    }

    /// Tokens replaced by others: deleted, then inserted, with a comment around both when a
    /// figure or a chart changed.
    fn replacement(&mut self, gone: &[Atom], came: &[Atom]) {
        let notes = notes_on(&self.old, &self.new, &self.notes, gone, came);
        if notes.is_empty() {
            self.atoms(gone, Some(Change::Deleted));
            self.atoms(came, Some(Change::Inserted));
            return;
        }
        let id = self.next_id;
        self.next_id += 1;
        let paragraphs: String = notes
            .iter()
            .map(|n| {
                format!(
                    "<w:p><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr><w:r><w:annotationRef/></w:r><w:r>{}</w:r></w:p>",
                    texts(n)
                )
            })
            .collect();
        self.comments.push(format!(
            "<w:comment w:id=\"{id}\" w:author=\"{}\" w:date=\"{}\" w:initials=\"gz\">{paragraphs}</w:comment>",
            self.author, self.date
        ));
        let _ = write!(self.out, "<w:commentRangeStart w:id=\"{id}\"/>");
        self.atoms(gone, Some(Change::Deleted));
        self.atoms(came, Some(Change::Inserted));
        let _ = write!(
            self.out,
            "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"{id}\"/></w:r>"
        );
    }

    /// Tokens as runs: text of the same formatting in one run (a figure in its own), the
    /// deleted or inserted ones inside one `w:del` or `w:ins`.
    fn atoms(&mut self, atoms: &[Atom], change: Option<Change>) {
        let mut open = false;
        let mut pending: Option<(String, String)> = None;
        for a in atoms {
            match a {
                Atom::Text { rpr, text } => match &mut pending {
                    Some((r, t)) if r == rpr => t.push_str(text),
                    _ => {
                        self.flush(&mut pending, change, &mut open);
                        pending = Some((rpr.clone(), text.clone()));
                    }
                },
                Atom::Figure { rpr, text, .. } => {
                    self.flush(&mut pending, change, &mut open);
                    pending = Some((rpr.clone(), text.clone()));
                    self.flush(&mut pending, change, &mut open);
                }
                Atom::Object { xml, .. } => {
                    self.flush(&mut pending, change, &mut open);
                    self.object(xml, change, &mut open);
                }
            }
        }
        self.flush(&mut pending, change, &mut open);
        if open {
            let _ = write!(self.out, "</w:{}>", tag(change.unwrap_or(Change::Inserted)));
        }
    }

    fn table_start(&mut self, t: &Table) {
        let _ = write!(self.out, "<w:tbl>{}", strip_marks(&t.head));
    }

    fn table_end(&mut self) {
        self.out.push_str("</w:tbl>");
    }

    /// A row only one copy has: the row marked, each of its runs inside the change.
    fn row(&mut self, row: &str, change: Change) {
        let row = strip_marks(row);
        let row = if change == Change::Deleted { self.carry(&row) } else { row };
        let mark = format!("<w:{}{}/>", tag(change), self.attrs());
        let row = if row.contains("<w:trPr>") {
            row.replacen("</w:trPr>", &format!("{mark}</w:trPr>"), 1)
        } else {
            row.replacen("<w:tr>", &format!("<w:tr><w:trPr>{mark}</w:trPr>"), 1)
        };
        let wrapped = self.wrap_runs(&row, change);
        self.out.push_str(&wrapped);
    }
}

/// What the comment on a replacement says: a note for each figure that changed (the same
/// metric printed differently) and each chart whose picture changed; none for plain text.
pub(super) fn notes_on(
    old: &Side<'_>,
    new: &Side<'_>,
    notes: &Notes<'_>,
    gone: &[Atom],
    came: &[Atom],
) -> Vec<String> {
    let mut out = Vec::new();
    for c in came {
        match c {
            Atom::Figure { n, text, .. } => {
                let now = &new.figures[*n];
                let was = gone.iter().find_map(|g| match g {
                    Atom::Figure { n, text: old_text, .. } => {
                        let was = old.figures.get(*n)?;
                        (was.metric == now.metric).then_some((was, old_text))
                    }
                    _ => None,
                });
                if let Some((was, old_text)) = was {
                    out.push((notes.figure)(was, now, old_text, text));
                }
            }
            Atom::Object { chart: Some(id), .. } => out.push((notes.chart)(id)),
            _ => {}
        }
    }
    out
}

/// The element name of a change.
fn tag(change: Change) -> &'static str {
    match change {
        Change::Deleted => "del",
        Change::Inserted => "ins",
    }
}

/// Runs as deleted text: `w:t` becomes `w:delText`, a field's code `w:delInstrText`.
fn deleted(xml: &str) -> String {
    xml.replace("<w:t>", "<w:delText>")
        .replace("<w:t ", "<w:delText ")
        .replace("</w:t>", "</w:delText>")
        .replace("<w:instrText", "<w:delInstrText")
        .replace("</w:instrText>", "</w:delInstrText>")
}

/// A link's runs without the link around them.
fn unwrap_link(xml: &str) -> String {
    match (xml.find('>'), xml.rfind("</w:hyperlink>")) {
        (Some(open), Some(close)) if xml.starts_with("<w:hyperlink") => xml[open + 1..close].to_string(),
        _ => xml.to_string(),
    }
}

/// A digest of the picture a relationship (`rIdMediaN`) of `media` holds.
pub(super) fn picture(media: &[Media], rel: &str) -> String {
    let n: usize = rel.strip_prefix("rIdMedia").and_then(|n| n.parse().ok()).unwrap_or(0);
    let mut h = DefaultHasher::new();
    media.get(n.wrapping_sub(1)).map(|m| &m.bytes).hash(&mut h);
    format!("{:016x}", h.finish())
}
