//! The document's blocks as WordprocessingML: paragraphs in the theme's named styles, every
//! figure its own run (with a reviewer's comment when asked), footnotes as Word footnotes,
//! tables with a repeated header row, charts and images as pictures with their descriptions.

use std::fmt::Write as _;

use super::parts::{texts, xml};
use crate::charts::Charts;
use crate::content::document::{Align, Block, Inline};
use crate::content::provenance::Provenance;
use crate::input::Locale;
use crate::render::Assets;
use crate::render::provenance::Row;

/// A picture in the package: its part name and bytes.
pub(super) struct Media {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A figure the body printed, for the redline: which metric, and its provenance.
pub(super) struct Marked {
    pub metric: String,
    pub source: Option<std::sync::Arc<Provenance>>,
}

/// The character formatting a run inherits from the inlines around it.
#[derive(Clone, Copy, Default)]
struct Format {
    bold: bool,
    italic: bool,
    strike: bool,
    link: bool,
}

/// Writes the body, collecting the footnotes, comments, pictures and links it refers to.
pub(super) struct Writer<'a> {
    pub charts: &'a Charts,
    pub appendix: &'a [Row],
    pub locale: Locale,
    pub comments_on: bool,
    /// The widest a picture may be, in EMU (the type area).
    pub max_width: u64,
    pub assets: Assets<'a>,
    pub out: String,
    /// `w:footnote` elements, ids from 1.
    pub footnotes: Vec<String>,
    /// `w:comment` elements, ids from 0.
    pub comments: Vec<String>,
    pub media: Vec<Media>,
    /// External links: relationship id and address.
    pub links: Vec<(String, String)>,
    /// Images the Word copy cannot take: the path in the site, and why.
    pub refused: Vec<(String, String)>,
    /// The current chapter's footnotes, as blocks.
    pub notes: &'a [crate::content::document::Footnote],
    pub(super) drawings: usize,
    /// For a redline: each figure's run is preceded by a `<gz:figure n="N"/>` mark, N its
    /// place in `figures` (the mark is the redline's to remove).
    pub(super) marks: bool,
    pub(super) figures: Vec<Marked>,
    /// The package asks Word to track the reader's changes (a redline).
    pub(super) track_changes: bool,
    /// Custom document properties (`docProps/custom.xml`): name and text.
    pub(super) properties: Vec<(&'static str, String)>,
    /// Writing a footnote, whose part has no relationships of its own: links become fields
    /// and pictures their descriptions.
    in_note: bool,
}

impl<'a> Writer<'a> {
    pub(super) fn new(
        charts: &'a Charts,
        appendix: &'a [Row],
        locale: Locale,
        assets: Assets<'a>,
        max_width: u64,
    ) -> Self {
        Writer {
            charts,
            appendix,
            locale,
            comments_on: false,
            max_width,
            assets,
            out: String::new(),
            footnotes: Vec::new(),
            comments: Vec::new(),
            media: Vec::new(),
            links: Vec::new(),
            refused: Vec::new(),
            notes: &[],
            drawings: 0,
            marks: false,
            figures: Vec::new(),
            track_changes: false,
            properties: Vec::new(),
            in_note: false,
        }
    }

    /// A paragraph of plain text in a style.
    pub(super) fn text_paragraph(&mut self, style: &str, text: &str) {
        let _ = write!(self.out, "<w:p>{}<w:r>{}</w:r></w:p>", ppr(style), texts(text));
    }

    pub(super) fn blocks(&mut self, blocks: &[Block], style: &str) {
        for b in blocks {
            self.block(b, style);
        }
    }

    fn block(&mut self, b: &Block, style: &str) {
        match b {
            Block::Paragraph(c) => self.paragraph(style, "", c),
            Block::Heading { level, number, content, .. } => {
                let style = format!("Heading{}", (level + 1).min(4));
                self.paragraph(&style, number.as_deref().unwrap_or(""), content);
            }
            Block::List { start, items } => {
                for (i, item) in items.iter().enumerate() {
                    let marker = match start {
                        Some(n) => format!("{}. ", n + i as u64),
                        None => "• ".to_string(),
                    };
                    self.list_item(&marker, item, style);
                }
            }
            Block::Quote(inner) => self.blocks(inner, "Quote"),
            Block::Code { text, .. } => {
                for line in text.lines() {
                    self.text_paragraph("Code", line);
                }
            }
            Block::Table { align, head, rows } => self.table(align, head, rows),
            Block::Rule => self.out.push_str(
                "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"auto\"/></w:pBdr></w:pPr></w:p>",
            ),
            // Raw HTML is for the site; the PDF leaves it out too.
            Block::Html(_) => {}
            Block::Chart { id, label, .. } => self.chart(id, label),
        }
    }

    /// A list item: its first paragraph carries the marker, the rest follow in the same style.
    fn list_item(&mut self, marker: &str, item: &[Block], style: &str) {
        match item.split_first() {
            Some((Block::Paragraph(c), rest)) => {
                self.paragraph(style, marker, c);
                self.blocks(rest, style);
            }
            _ => {
                self.text_paragraph(style, marker.trim_end());
                self.blocks(item, style);
            }
        }
    }

    /// A paragraph in `style`, with `prefix` (a heading's ordinal, a list marker) before it.
    pub(super) fn paragraph(&mut self, style: &str, prefix: &str, content: &[Inline]) {
        let _ = write!(self.out, "<w:p>{}", ppr(style));
        if !prefix.is_empty() {
            run(&mut self.out, Format::default(), prefix);
        }
        self.inlines(content, Format::default());
        self.out.push_str("</w:p>");
    }

    fn inlines(&mut self, inlines: &[Inline], f: Format) {
        for i in inlines {
            self.inline(i, f);
        }
    }

    fn inline(&mut self, i: &Inline, f: Format) {
        match i {
            Inline::Text(t) | Inline::FigureRef { text: t, .. } => run(&mut self.out, f, t),
            Inline::Figure { text, source, metric, .. } => {
                if self.marks && !self.in_note {
                    let _ = write!(self.out, "<gz:figure n=\"{}\"/>", self.figures.len());
                    self.figures.push(Marked { metric: metric.clone(), source: source.clone() });
                }
                self.figure(source.as_deref(), text, f);
            }
            Inline::Emphasis(c) => self.inlines(c, Format { italic: true, ..f }),
            Inline::Strong(c) => self.inlines(c, Format { bold: true, ..f }),
            Inline::Strikethrough(c) => self.inlines(c, Format { strike: true, ..f }),
            Inline::Code(t) => {
                let _ =
                    write!(self.out, "<w:r><w:rPr><w:rStyle w:val=\"CodeChar\"/></w:rPr>{}</w:r>", texts(t));
            }
            Inline::Link { url, content, .. } if self.in_note && url.starts_with("http") => {
                // A footnote's part has no relationships: the link is a field.
                let _ = write!(
                    self.out,
                    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> HYPERLINK \"{}\" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>",
                    xml(&url.replace('"', "%22"))
                );
                self.inlines(content, Format { link: true, ..f });
                self.out.push_str("<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>");
            }
            Inline::Link { url, content, .. }
                if url.starts_with("http://") || url.starts_with("https://") =>
            {
                let id = format!("rIdLink{}", self.links.len() + 1);
                self.links.push((id.clone(), url.clone()));
                let _ = write!(self.out, "<w:hyperlink r:id=\"{id}\">");
                self.inlines(content, Format { link: true, ..f });
                self.out.push_str("</w:hyperlink>");
            }
            Inline::Link { content, .. } => self.inlines(content, f),
            Inline::Image { alt, .. } if self.in_note => run(&mut self.out, f, alt),
            Inline::Image { url, alt, .. } => self.image(url, alt),
            Inline::FootnoteRef(n) => self.footnote(*n),
            Inline::SoftBreak => {
                if self.locale == Locale::En {
                    run(&mut self.out, f, " ");
                }
            }
            Inline::HardBreak => self.out.push_str("<w:r><w:br/></w:r>"),
            Inline::Html(_) | Inline::Chart(_) => {}
        }
    }

    /// A figure: its own run, and with `docx: { comments: true }` a comment around it saying
    /// what it is, its period and its source: its provenance, as content resolved it.
    fn figure(&mut self, source: Option<&Provenance>, text: &str, f: Format) {
        let Some(p) = source.filter(|_| self.comments_on) else {
            run(&mut self.out, f, text);
            return;
        };
        let id = self.comments.len();
        let note = p.comment(self.locale);
        let _ = write!(
            self.comments_push(),
            "<w:comment w:id=\"{id}\" w:author=\"gazette\" w:initials=\"gz\"><w:p><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr><w:r>{}</w:r></w:p></w:comment>",
            texts(&note)
        );
        let _ = write!(self.out, "<w:commentRangeStart w:id=\"{id}\"/>");
        run(&mut self.out, f, text);
        let _ = write!(
            self.out,
            "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"{id}\"/></w:r>"
        );
    }

    fn comments_push(&mut self) -> &mut String {
        self.comments.push(String::new());
        self.comments.last_mut().unwrap_or_else(|| unreachable!())
    }

    /// A footnote reference, and the note itself in the footnotes part.
    fn footnote(&mut self, n: usize) {
        let Some(note) = self.notes.get(n.wrapping_sub(1)) else { return };
        let id = self.footnotes.len() + 1;
        let body = std::mem::take(&mut self.out);
        self.in_note = true;
        self.blocks(&note.blocks, "FootnoteText");
        self.in_note = false;
        let mut text = std::mem::replace(&mut self.out, body);
        // The note's number at the foot of the page, before its first paragraph's text.
        let mark = "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>";
        match text.find("</w:pPr>") {
            Some(at) => text.insert_str(at + "</w:pPr>".len(), mark),
            None => text = format!("<w:p>{}{mark}</w:p>", ppr("FootnoteText")),
        }
        self.footnotes.push(format!("<w:footnote w:id=\"{id}\">{text}</w:footnote>"));
        let _ = write!(
            self.out,
            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>"
        );
    }

    fn table(&mut self, align: &[Align], head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        let columns = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
        self.table_start(columns);
        self.out.push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
        for i in 0..columns {
            self.cell(head.get(i).map_or(&[][..], Vec::as_slice), align.get(i), true);
        }
        self.out.push_str("</w:tr>");
        for row in rows {
            self.out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            for i in 0..columns {
                self.cell(row.get(i).map_or(&[][..], Vec::as_slice), align.get(i), false);
            }
            self.out.push_str("</w:tr>");
        }
        self.out.push_str("</w:tbl>");
    }

    /// A table of plain text: a header row, then the rows (the chart data, the appendix).
    pub(super) fn text_table(&mut self, head: &[String], rows: &[Vec<String>]) {
        let cells =
            |r: &[String]| -> Vec<Vec<Inline>> { r.iter().map(|c| vec![Inline::Text(c.clone())]).collect() };
        let head = cells(head);
        let rows: Vec<Vec<Vec<Inline>>> = rows.iter().map(|r| cells(r)).collect();
        self.table(&[], &head, &rows);
    }

    fn table_start(&mut self, columns: usize) {
        // Word joins two tables that touch into one: a paragraph keeps them apart.
        if self.out.ends_with("</w:tbl>") {
            self.out.push_str("<w:p/>");
        }
        let width = 5000 / columns.max(1);
        let _ = write!(
            self.out,
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"PaperTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLook w:val=\"0620\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        );
        for _ in 0..columns {
            let _ = write!(self.out, "<w:gridCol w:w=\"{}\"/>", width * 8845 / 5000);
        }
        self.out.push_str("</w:tblGrid>");
    }

    fn cell(&mut self, content: &[Inline], align: Option<&Align>, head: bool) {
        let jc = match align {
            Some(Align::Right) => "<w:jc w:val=\"right\"/>",
            Some(Align::Center) => "<w:jc w:val=\"center\"/>",
            _ if head => "<w:jc w:val=\"center\"/>",
            _ => "",
        };
        let _ = write!(self.out, "<w:tc><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>{jc}</w:pPr>");
        self.inlines(content, Format { bold: head, ..Format::default() });
        self.out.push_str("</w:p></w:tc>");
    }
}

/// A paragraph's properties: its style.
pub(super) fn ppr(style: &str) -> String {
    format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>")
}

/// A run of text with the formatting around it.
fn run(out: &mut String, f: Format, text: &str) {
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    if f.bold || f.italic || f.strike || f.link {
        out.push_str("<w:rPr>");
        let tags = [
            (f.link, "<w:rStyle w:val=\"Hyperlink\"/>"),
            (f.bold, "<w:b/>"),
            (f.italic, "<w:i/>"),
            (f.strike, "<w:strike/>"),
        ];
        for (on, tag) in tags {
            if on {
                out.push_str(tag);
            }
        }
        out.push_str("</w:rPr>");
    }
    let _ = write!(out, "{}</w:r>", texts(text));
}
