//! pulldown-cmark's events into the document's blocks: a stack of open frames, each closed
//! into its parent when its end comes; headings numbered 一、（一）1.（1）, footnotes numbered
//! in order of reference.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::inline::{Figures, convert_align, lift_charts, push_text, resolve_markers, split_figures};
use super::sanitize::{sanitize, sanitize_inline};
use crate::content::document::{
    Align, Block, Footnote, Inline, heading_ordinal, plain_text, starts_with_ordinal,
};
use crate::metrics::Metrics;

/// What the Markdown stage needs besides the text.
pub(crate) struct Context<'a> {
    pub metrics: &'a Metrics,
    /// Prefix for heading anchors, unique in the paper.
    pub slug: &'a str,
    pub allow_raw_html: bool,
    /// Dangerous tags the paper allows by name (`allow_raw_html: [script]`).
    pub allowed_tags: &'a [String],
    /// The edition, whose phrasing figures take.
    pub locale: crate::input::Locale,
}

impl<'a> Context<'a> {
    fn figures(&self) -> Figures<'a> {
        Figures { metrics: self.metrics, locale: self.locale }
    }
}

/// A parsed chapter body.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    /// Images as written, with the byte offset of each in the expanded text.
    pub images: Vec<(String, usize)>,
    /// Raw HTML cleaned: what was removed (`<script>`, `onclick=`), and the HTML as written.
    pub removed: Vec<(Vec<String>, String)>,
}

/// Parses an expanded chapter body.
pub(crate) fn parse(text: &str, cx: &Context<'_>) -> Body {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut tree = Tree::new(cx);
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        tree.event(event, range);
    }
    tree.finish()
}

enum Kind {
    Root,
    Paragraph,
    Heading(u8),
    Quote,
    List(Option<u64>, Vec<Vec<Block>>),
    Item,
    Emphasis,
    Strong,
    Strikethrough,
    Link(String, String),
    Image(String, String),
    CodeBlock(Option<String>, String),
    HtmlBlock(String),
    Table(Vec<Align>, Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>),
    Row(Vec<Vec<Inline>>),
    Cell,
    Footnote(String),
    Other,
}

struct Frame {
    kind: Kind,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
}

impl Frame {
    fn new(kind: Kind) -> Self {
        Self { kind, blocks: Vec::new(), inlines: Vec::new() }
    }

    /// Loose inline content (a tight list item's text) becomes a paragraph.
    fn flush(&mut self, metrics: Figures<'_>) {
        if !self.inlines.is_empty() {
            let inl = std::mem::take(&mut self.inlines);
            self.blocks.push(Block::Paragraph(split_figures(inl, metrics)));
        }
    }

    fn push_block(&mut self, block: Block, metrics: Figures<'_>) {
        self.flush(metrics);
        self.blocks.push(block);
    }
}

/// The document as built so far.
struct Tree<'c, 'a> {
    cx: &'c Context<'a>,
    /// The open frames, the root first.
    stack: Vec<Frame>,
    footnote_numbers: HashMap<String, usize>,
    footnote_defs: HashMap<String, Vec<Block>>,
    images: Vec<(String, usize)>,
    removed: Vec<(Vec<String>, String)>,
    /// The numbers of the last heading of each level, for 一、（一）1.（1）.
    counters: [usize; 4],
    heading_count: usize,
    in_table_head: bool,
}

impl<'c, 'a> Tree<'c, 'a> {
    fn new(cx: &'c Context<'a>) -> Self {
        Self {
            cx,
            stack: vec![Frame::new(Kind::Root)],
            footnote_numbers: HashMap::new(),
            footnote_defs: HashMap::new(),
            images: Vec::new(),
            removed: Vec::new(),
            counters: [0; 4],
            heading_count: 0,
            in_table_head: false,
        }
    }

    fn top(&mut self) -> &mut Frame {
        self.stack.last_mut().expect("root frame stays")
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        let figures = self.cx.figures();
        match event {
            Event::Start(tag) => {
                let kind = self.open(tag, range);
                self.stack.push(Frame::new(kind));
            }
            Event::End(end) => self.end(end),
            Event::Text(t) => {
                let top = self.top();
                match &mut top.kind {
                    Kind::CodeBlock(_, text) | Kind::HtmlBlock(text) => text.push_str(&t),
                    _ => push_text(&mut top.inlines, &t),
                }
            }
            Event::Code(t) => self.top().inlines.push(Inline::Code(resolve_markers(&t, figures))),
            Event::InlineMath(t) | Event::DisplayMath(t) => push_text(&mut self.top().inlines, &t),
            Event::Html(h) | Event::InlineHtml(h) => self.html(&h),
            Event::FootnoteReference(label) => {
                let next = self.footnote_numbers.len() + 1;
                let n = *self.footnote_numbers.entry(label.to_string()).or_insert(next);
                self.top().inlines.push(Inline::FootnoteRef(n));
            }
            Event::SoftBreak => self.top().inlines.push(Inline::SoftBreak),
            Event::HardBreak => self.top().inlines.push(Inline::HardBreak),
            Event::Rule => self.top().push_block(Block::Rule, figures),
            Event::TaskListMarker(done) => push_text(&mut self.top().inlines, if done { "☑ " } else { "☐ " }),
        }
    }

    /// The frame a start tag opens.
    fn open(&mut self, tag: Tag<'_>, range: Range<usize>) -> Kind {
        let figures = self.cx.figures();
        match tag {
            Tag::Paragraph => Kind::Paragraph,
            Tag::Heading { level, .. } => Kind::Heading(match level {
                HeadingLevel::H1 | HeadingLevel::H2 => 1,
                HeadingLevel::H3 => 2,
                HeadingLevel::H4 => 3,
                _ => 4,
            }),
            Tag::BlockQuote(_) => Kind::Quote,
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) if !l.is_empty() => Some(l.to_string()),
                    _ => None,
                };
                Kind::CodeBlock(lang, String::new())
            }
            Tag::HtmlBlock => Kind::HtmlBlock(String::new()),
            Tag::List(start) => Kind::List(start, Vec::new()),
            Tag::Item => Kind::Item,
            Tag::FootnoteDefinition(label) => Kind::Footnote(label.to_string()),
            Tag::Table(align) => {
                Kind::Table(align.iter().map(|a| convert_align(*a)).collect(), Vec::new(), Vec::new())
            }
            Tag::TableHead => {
                self.in_table_head = true;
                Kind::Row(Vec::new())
            }
            Tag::TableRow => Kind::Row(Vec::new()),
            Tag::TableCell => Kind::Cell,
            Tag::Emphasis => Kind::Emphasis,
            Tag::Strong => Kind::Strong,
            Tag::Strikethrough => Kind::Strikethrough,
            Tag::Link { dest_url, title, .. } => {
                Kind::Link(resolve_markers(&dest_url, figures), title.to_string())
            }
            Tag::Image { dest_url, title, .. } => {
                let url = resolve_markers(&dest_url, figures);
                self.images.push((url.clone(), range.start));
                Kind::Image(url, title.to_string())
            }
            _ => Kind::Other,
        }
    }

    /// Closes the top frame into its parent.
    fn end(&mut self, end: TagEnd) {
        let Some(mut frame) = self.stack.pop() else { return };
        if self.stack.is_empty() {
            self.stack.push(frame);
            return;
        }
        let figures = self.cx.figures();
        if matches!(frame.kind, Kind::Quote | Kind::Item | Kind::Footnote(_)) {
            frame.flush(figures);
        }
        match frame.kind {
            Kind::Paragraph => {
                let parent = self.top();
                for block in lift_charts(split_figures(frame.inlines, figures)) {
                    parent.push_block(block, figures);
                }
            }
            Kind::Heading(level) => self.heading(level, frame.inlines),
            Kind::Quote => self.top().push_block(Block::Quote(frame.blocks), figures),
            Kind::Item => {
                if let Kind::List(_, items) = &mut self.top().kind {
                    items.push(frame.blocks);
                }
            }
            Kind::List(start, items) => self.top().push_block(Block::List { start, items }, figures),
            Kind::CodeBlock(lang, text) => {
                let block = Block::Code { lang, text: resolve_markers(&text, figures) };
                self.top().push_block(block, figures);
            }
            Kind::HtmlBlock(html) => self.html_block(&html),
            Kind::Cell | Kind::Row(_) | Kind::Table(..) => self.end_table_part(frame, &end),
            Kind::Footnote(label) => {
                self.footnote_defs.insert(label, frame.blocks);
            }
            Kind::Emphasis | Kind::Strong | Kind::Strikethrough | Kind::Link(..) | Kind::Image(..) => {
                let inline = close_inline(frame.kind, split_figures(frame.inlines, figures));
                self.top().inlines.push(inline);
            }
            Kind::Other | Kind::Root => {
                frame.flush(figures);
                let parent = self.top();
                parent.inlines.extend(frame.inlines);
                for b in frame.blocks {
                    parent.push_block(b, figures);
                }
            }
        }
    }

    /// A heading, numbered in the Chinese edition unless it carries its own ordinal.
    fn heading(&mut self, level: u8, inlines: Vec<Inline>) {
        let figures = self.cx.figures();
        let content = split_figures(inlines, figures);
        self.heading_count += 1;
        let idx = usize::from(level - 1).min(3);
        // English headings carry no Chinese ordinals (（一）, 1.).
        let numbered = self.cx.locale == crate::input::Locale::Zh;
        let number = if numbered && level <= 3 && !starts_with_ordinal(&plain_text(&content)) {
            self.counters[idx] += 1;
            self.counters[idx + 1..].iter_mut().for_each(|c| *c = 0);
            heading_ordinal(level, self.counters[idx])
        } else {
            None
        };
        // `_` is in no slug, so a heading's anchor is never another chapter's (chapter `a`'s
        // second heading against a chapter `a-2`).
        let anchor = format!("{}_{}", self.cx.slug, self.heading_count);
        self.top().push_block(Block::Heading { level, number, anchor, content }, figures);
    }

    /// A cell into its row, a row into its table (the head or the body), a table into its
    /// parent.
    fn end_table_part(&mut self, frame: Frame, end: &TagEnd) {
        let figures = self.cx.figures();
        let in_head = self.in_table_head && matches!(end, TagEnd::TableHead);
        let parent = self.top();
        match (frame.kind, &mut parent.kind) {
            (Kind::Cell, Kind::Row(cells)) => cells.push(split_figures(frame.inlines, figures)),
            (Kind::Row(cells), Kind::Table(_, head, rows)) => {
                if in_head {
                    *head = cells;
                } else {
                    rows.push(cells);
                }
            }
            (Kind::Table(align, head, rows), _) => {
                parent.push_block(Block::Table { align, head, rows }, figures);
            }
            _ => {}
        }
        if in_head {
            self.in_table_head = false;
        }
    }

    /// Raw HTML in a paragraph: cleaned by the allowlist where the paper allows raw HTML
    /// (what was removed is kept for the chapter's warning), shown as text otherwise.
    fn html(&mut self, h: &str) {
        let (figures, allow, allowed) = (self.cx.figures(), self.cx.allow_raw_html, self.cx.allowed_tags);
        let top = self.stack.last_mut().expect("root frame stays");
        if let Kind::HtmlBlock(text) = &mut top.kind {
            text.push_str(h);
        } else if allow {
            let (clean, removed) = sanitize_inline(h, allowed);
            if !removed.is_empty() {
                self.removed.push((removed, h.to_string()));
            }
            if !clean.is_empty() {
                top.inlines.push(Inline::Html(resolve_markers(&clean, figures)));
            }
        } else {
            push_text(&mut top.inlines, h);
        }
    }

    /// A block of raw HTML, likewise.
    fn html_block(&mut self, html: &str) {
        let figures = self.cx.figures();
        let html = resolve_markers(html, figures);
        if self.cx.allow_raw_html {
            let (clean, removed) = sanitize(&html, self.cx.allowed_tags);
            if !removed.is_empty() {
                self.removed.push((removed, html.trim().to_string()));
            }
            if !clean.trim().is_empty() {
                self.top().push_block(Block::Html(clean), figures);
            }
        } else {
            let text = Block::Paragraph(vec![Inline::Text(html.trim_end().to_string())]);
            self.top().push_block(text, figures);
        }
    }

    /// Closes the frames left open, and numbers the footnotes in order of reference.
    fn finish(mut self) -> Body {
        let figures = self.cx.figures();
        while self.stack.len() > 1 {
            let mut frame = self.stack.pop().expect("checked");
            frame.flush(figures);
            let parent = self.top();
            for b in frame.blocks {
                parent.push_block(b, figures);
            }
        }
        let mut root = self.stack.pop().expect("root frame");
        root.flush(figures);
        let mut numbered: Vec<(usize, String)> =
            self.footnote_numbers.into_iter().map(|(l, n)| (n, l)).collect();
        numbered.sort();
        let footnotes = numbered
            .into_iter()
            .map(|(_, label)| Footnote { blocks: self.footnote_defs.remove(&label).unwrap_or_default() })
            .collect();
        Body { blocks: root.blocks, footnotes, images: self.images, removed: self.removed }
    }
}

/// An inline frame closed: emphasis, strong, strikethrough, a link or an image (whose text
/// becomes its alt text).
fn close_inline(kind: Kind, content: Vec<Inline>) -> Inline {
    match kind {
        Kind::Emphasis => Inline::Emphasis(content),
        Kind::Strong => Inline::Strong(content),
        Kind::Link(url, title) => Inline::Link { url, title, content },
        Kind::Image(url, title) => Inline::Image { url, alt: plain_text(&content), title },
        _ => Inline::Strikethrough(content),
    }
}
