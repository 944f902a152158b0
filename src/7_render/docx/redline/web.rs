//! The same redline for the web (`--format html`): one page of the new copy, with what only
//! the old had struck through (`<del>`) and what only the new has underlined (`<ins>`), each
//! changed figure's and chart's note beneath its paragraph, the pictures inside the page.

use std::fmt::Write as _;

use super::emit::{Notes, Side, notes_on, picture};
use super::merge::{Change, Sink};
use super::parse::{Atom, Para, Table, Unit, cells, embedded};
use crate::render::html::{data_url, escape};

/// The page's body as it is written.
pub(super) struct Page<'a> {
    pub out: String,
    old: Side<'a>,
    new: Side<'a>,
    notes: Notes<'a>,
    /// The paragraph being written: its element and its content so far.
    tag: &'static str,
    class: &'static str,
    para: String,
    /// Notes to write after the paragraph.
    pending: Vec<String>,
}

impl<'a> Page<'a> {
    pub(super) fn new(old: Side<'a>, new: Side<'a>, notes: Notes<'a>) -> Self {
        Page {
            out: String::new(),
            old,
            new,
            notes,
            tag: "p",
            class: "",
            para: String::new(),
            pending: Vec::new(),
        }
    }

    /// A table row as HTML: each cell's paragraphs, marked as the row is.
    fn row_html(&mut self, row: &str, change: Option<Change>) {
        let class = match change {
            Some(Change::Deleted) => " class=\"deleted\"",
            Some(Change::Inserted) => " class=\"inserted\"",
            None => "",
        };
        let _ = write!(self.out, "<tr{class}>");
        for cell in cells(row) {
            self.out.push_str("<td>");
            for p in cell {
                let before = std::mem::take(&mut self.para);
                self.atoms(&p.atoms, change);
                let text = std::mem::replace(&mut self.para, before);
                self.out.push_str(&text);
            }
            self.out.push_str("</td>");
        }
        self.out.push_str("</tr>");
    }

    /// A picture the run shows, inside the page; nothing for other objects.
    fn object(&mut self, xml: &str, change: Option<Change>) {
        let side = if change == Some(Change::Deleted) { &self.old } else { &self.new };
        if xml.contains("r:embed=") {
            if let Some(m) = embedded(xml).and_then(|(_, n)| side.media.get(n - 1)) {
                let alt = attribute(xml, "descr=\"").unwrap_or_default();
                let _ = write!(self.para, "<img src=\"{}\" alt=\"{alt}\">", data_url(&m.name, &m.bytes));
            }
            return;
        }
        // A link's text: its runs' text.
        if xml.starts_with("<w:hyperlink") {
            let p = super::parse::body(&format!("<w:p>{}</w:p>", inside_any(xml)));
            if let Some(Unit::Para(p)) = p.first() {
                for a in &p.atoms {
                    let _ = write!(self.para, "{}", escape(a.text()));
                }
            }
        }
    }
}

/// The inside of an element whose start tag has attributes.
fn inside_any(xml: &str) -> &str {
    match (xml.find('>'), xml.rfind("</")) {
        (Some(open), Some(close)) if open < close => &xml[open + 1..close],
        _ => "",
    }
}

/// The value of an attribute (`name="`), as written (still escaped).
fn attribute<'x>(xml: &'x str, name: &str) -> Option<&'x str> {
    let start = xml.find(name)? + name.len();
    xml[start..].find('"').map(|end| &xml[start..start + end])
}

/// The HTML element and class a paragraph style becomes.
fn element(ppr: &str) -> (&'static str, &'static str) {
    let style = attribute(ppr, "<w:pStyle w:val=\"").unwrap_or("");
    match style {
        "Title" => ("h1", ""),
        "Heading1" | "TOCHeading" => ("h2", ""),
        "Heading2" => ("h3", ""),
        "Heading3" => ("h4", ""),
        "Heading4" => ("h5", ""),
        "Quote" => ("blockquote", ""),
        "Code" => ("pre", ""),
        "Caption" => ("p", "caption"),
        "FigureSource" | "Subtitle" => ("p", "small"),
        s if s.starts_with("TOC") => ("p", "toc"),
        _ => ("p", ""),
    }
}

impl Sink for Page<'_> {
    fn picture_old(&self, rel: &str) -> String {
        picture(self.old.media, rel)
    }

    fn picture_new(&self, rel: &str) -> String {
        picture(self.new.media, rel)
    }

    fn raw(&mut self, _: &str) {}

    fn raw_unmarked(&mut self, row: &str) {
        self.row_html(row, None);
    }

    fn unchanged(&mut self, u: &Unit) {
        match u {
            Unit::Para(p) => {
                self.paragraph_start(&p.ppr);
                self.atoms(&p.atoms, None);
                self.paragraph_end();
            }
            Unit::Table(t) => {
                self.table_start(t);
                for row in &t.rows {
                    self.row_html(row, None);
                }
                self.table_end();
            }
            Unit::Other(_) => {}
        }
    }

    fn paragraph_start(&mut self, ppr: &str) {
        (self.tag, self.class) = element(ppr);
        self.para.clear();
    }

    fn paragraph_end(&mut self) {
        if !self.para.is_empty() {
            let class =
                if self.class.is_empty() { String::new() } else { format!(" class=\"{}\"", self.class) };
            let _ = write!(self.out, "<{tag}{class}>{}</{tag}>", self.para, tag = self.tag);
        }
        for note in std::mem::take(&mut self.pending) {
            let _ = write!(self.out, "<p class=\"note\">{}</p>", escape(&note));
        }
    }

    fn whole_paragraph(&mut self, p: &Para, change: Change) {
        self.paragraph_start(&p.ppr);
        self.atoms(&p.atoms, Some(change));
        self.paragraph_end();
    }

    fn replacement(&mut self, gone: &[Atom], came: &[Atom]) {
        let notes = notes_on(&self.old, &self.new, &self.notes, gone, came);
        self.atoms(gone, Some(Change::Deleted));
        self.atoms(came, Some(Change::Inserted));
        if !notes.is_empty() {
            self.para.push_str("<sup class=\"mark\">※</sup>");
            self.pending.extend(notes);
        }
    }

    fn atoms(&mut self, atoms: &[Atom], change: Option<Change>) {
        let tag = match change {
            Some(Change::Deleted) => Some("del"),
            Some(Change::Inserted) => Some("ins"),
            None => None,
        };
        if let Some(t) = tag {
            let _ = write!(self.para, "<{t}>");
        }
        for a in atoms {
            match a {
                Atom::Text { text, .. } => self.para.push_str(&escape(text).replace('\n', "<br>")),
                Atom::Figure { text, .. } => {
                    let _ = write!(self.para, "<span class=\"fig\">{}</span>", escape(text));
                }
                Atom::Object { xml, .. } => self.object(xml, change),
            }
        }
        if let Some(t) = tag {
            let _ = write!(self.para, "</{t}>");
        }
    }

    fn table_start(&mut self, _: &Table) {
        self.out.push_str("<div class=\"table\"><table>");
    }

    fn table_end(&mut self) {
        self.out.push_str("</table></div>");
    }

    fn row(&mut self, row: &str, change: Change) {
        self.row_html(row, Some(change));
    }
}
