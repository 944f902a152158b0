//! Markdown (after template expansion) into the document model, with figure markers
//! turned into figure nodes and headings numbered 一、（一）1.（1）.

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::content::document::{
    Align, Block, Footnote, Inline, heading_ordinal, plain_text, starts_with_ordinal,
};
use crate::content::markers::{
    CHART_CLOSE, CHART_OPEN, FIGURE_CLOSE, FIGURE_OPEN, REF_CLOSE, REF_OPEN, marker_facet, marker_id,
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

/// The metrics and the edition's language: what a figure marker becomes.
#[derive(Clone, Copy)]
pub(crate) struct Figures<'a> {
    pub metrics: &'a Metrics,
    pub locale: crate::input::Locale,
}

/// A parsed chapter body.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    /// Images as written, with the byte offset of each in the expanded text.
    pub images: Vec<(String, usize)>,
    /// Raw HTML refused: the dangerous tag or attribute, and the HTML as written.
    pub refused: Vec<(String, String)>,
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
}

/// Parses an expanded chapter body.
pub(crate) fn parse(text: &str, cx: &Context<'_>) -> Body {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut stack = vec![Frame::new(Kind::Root)];
    let mut footnote_numbers: HashMap<String, usize> = HashMap::new();
    let mut footnote_defs: HashMap<String, Vec<Block>> = HashMap::new();
    let mut images = Vec::new();
    let mut refused = Vec::new();
    let mut counters = [0usize; 4];
    let mut heading_count = 0;
    let mut in_table_head = false;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Paragraph => Kind::Paragraph,
                    Tag::Heading { level, .. } => Kind::Heading(match level {
                        HeadingLevel::H1 | HeadingLevel::H2 => 1,
                        HeadingLevel::H3 => 2,
                        HeadingLevel::H4 => 3,
                        _ => 4,
                    }),
                    Tag::BlockQuote(_) => Kind::Quote,
                    Tag::CodeBlock(kind) => Kind::CodeBlock(
                        match kind {
                            CodeBlockKind::Fenced(l) if !l.is_empty() => Some(l.to_string()),
                            _ => None,
                        },
                        String::new(),
                    ),
                    Tag::HtmlBlock => Kind::HtmlBlock(String::new()),
                    Tag::List(start) => Kind::List(start, Vec::new()),
                    Tag::Item => Kind::Item,
                    Tag::FootnoteDefinition(label) => Kind::Footnote(label.to_string()),
                    Tag::Table(align) => {
                        Kind::Table(align.iter().map(|a| convert_align(*a)).collect(), Vec::new(), Vec::new())
                    }
                    Tag::TableHead => {
                        in_table_head = true;
                        Kind::Row(Vec::new())
                    }
                    Tag::TableRow => Kind::Row(Vec::new()),
                    Tag::TableCell => Kind::Cell,
                    Tag::Emphasis => Kind::Emphasis,
                    Tag::Strong => Kind::Strong,
                    Tag::Strikethrough => Kind::Strikethrough,
                    Tag::Link { dest_url, title, .. } => {
                        Kind::Link(resolve_markers(&dest_url, cx.figures()), title.to_string())
                    }
                    Tag::Image { dest_url, title, .. } => {
                        let url = resolve_markers(&dest_url, cx.figures());
                        images.push((url.clone(), range.start));
                        Kind::Image(url, title.to_string())
                    }
                    _ => Kind::Other,
                };
                stack.push(Frame::new(kind));
            }
            Event::End(end) => {
                let Some(mut frame) = stack.pop() else { continue };
                if stack.is_empty() {
                    stack.push(frame);
                    continue;
                }
                if matches!(frame.kind, Kind::Quote | Kind::Item | Kind::Footnote(_)) {
                    frame.flush(cx.figures());
                }
                let parent = stack.last_mut().expect("root frame stays");
                match frame.kind {
                    Kind::Paragraph => {
                        for block in lift_charts(split_figures(frame.inlines, cx.figures())) {
                            push_block(parent, block, cx.figures());
                        }
                    }
                    Kind::Heading(level) => {
                        let content = split_figures(frame.inlines, cx.figures());
                        heading_count += 1;
                        let idx = usize::from(level - 1).min(3);
                        // English headings carry no Chinese ordinals (（一）, 1.).
                        let numbered = cx.locale == crate::input::Locale::Zh;
                        let number = if numbered && level <= 3 && !starts_with_ordinal(&plain_text(&content))
                        {
                            counters[idx] += 1;
                            counters[idx + 1..].iter_mut().for_each(|c| *c = 0);
                            heading_ordinal(level, counters[idx])
                        } else {
                            None
                        };
                        let anchor = format!("{}-{heading_count}", cx.slug);
                        push_block(parent, Block::Heading { level, number, anchor, content }, cx.figures());
                    }
                    Kind::Quote => {
                        push_block(parent, Block::Quote(frame.blocks), cx.figures());
                    }
                    Kind::Item => {
                        if let Kind::List(_, items) = &mut parent.kind {
                            items.push(frame.blocks);
                        }
                    }
                    Kind::List(start, items) => {
                        push_block(parent, Block::List { start, items }, cx.figures());
                    }
                    Kind::CodeBlock(lang, text) => push_block(
                        parent,
                        Block::Code { lang, text: resolve_markers(&text, cx.figures()) },
                        cx.figures(),
                    ),
                    Kind::HtmlBlock(html) => {
                        let html = resolve_markers(&html, cx.figures());
                        if let Some(bad) =
                            cx.allow_raw_html.then(|| dangerous(&html, cx.allowed_tags)).flatten()
                        {
                            refused.push((bad, html.trim().to_string()));
                        } else if cx.allow_raw_html {
                            push_block(parent, Block::Html(html), cx.figures());
                        } else {
                            push_block(
                                parent,
                                Block::Paragraph(vec![Inline::Text(html.trim_end().to_string())]),
                                cx.figures(),
                            );
                        }
                    }
                    Kind::Cell => {
                        let cell = split_figures(frame.inlines, cx.figures());
                        if let Kind::Row(cells) = &mut parent.kind {
                            cells.push(cell);
                        }
                    }
                    Kind::Row(cells) => {
                        if let Kind::Table(_, head, rows) = &mut parent.kind {
                            if in_table_head && matches!(end, TagEnd::TableHead) {
                                *head = cells;
                                in_table_head = false;
                            } else {
                                rows.push(cells);
                            }
                        }
                    }
                    Kind::Table(align, head, rows) => {
                        push_block(parent, Block::Table { align, head, rows }, cx.figures());
                    }
                    Kind::Footnote(label) => {
                        footnote_defs.insert(label, frame.blocks);
                    }
                    Kind::Emphasis => {
                        parent.inlines.push(Inline::Emphasis(split_figures(frame.inlines, cx.figures())));
                    }
                    Kind::Strong => {
                        parent.inlines.push(Inline::Strong(split_figures(frame.inlines, cx.figures())));
                    }
                    Kind::Strikethrough => {
                        parent
                            .inlines
                            .push(Inline::Strikethrough(split_figures(frame.inlines, cx.figures())));
                    }
                    Kind::Link(url, title) => parent.inlines.push(Inline::Link {
                        url,
                        title,
                        content: split_figures(frame.inlines, cx.figures()),
                    }),
                    Kind::Image(url, title) => {
                        let alt = plain_text(&split_figures(frame.inlines, cx.figures()));
                        parent.inlines.push(Inline::Image { url, alt, title });
                    }
                    Kind::Other | Kind::Root => {
                        frame.flush(cx.figures());
                        parent.inlines.extend(frame.inlines);
                        for b in frame.blocks {
                            push_block(parent, b, cx.figures());
                        }
                    }
                }
            }
            Event::Text(t) => {
                let top = stack.last_mut().expect("root frame stays");
                match &mut top.kind {
                    Kind::CodeBlock(_, text) | Kind::HtmlBlock(text) => text.push_str(&t),
                    _ => push_text(&mut top.inlines, &t),
                }
            }
            Event::Code(t) => {
                stack.last_mut().expect("root").inlines.push(Inline::Code(resolve_markers(&t, cx.figures())));
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                push_text(&mut stack.last_mut().expect("root").inlines, &t);
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let top = stack.last_mut().expect("root frame stays");
                if let Kind::HtmlBlock(text) = &mut top.kind {
                    text.push_str(&h);
                } else if let Some(bad) = cx.allow_raw_html.then(|| dangerous(&h, cx.allowed_tags)).flatten()
                {
                    refused.push((bad, h.to_string()));
                } else if cx.allow_raw_html {
                    top.inlines.push(Inline::Html(resolve_markers(&h, cx.figures())));
                } else {
                    push_text(&mut top.inlines, &h);
                }
            }
            Event::FootnoteReference(label) => {
                let next = footnote_numbers.len() + 1;
                let n = *footnote_numbers.entry(label.to_string()).or_insert(next);
                stack.last_mut().expect("root").inlines.push(Inline::FootnoteRef(n));
            }
            Event::SoftBreak => stack.last_mut().expect("root").inlines.push(Inline::SoftBreak),
            Event::HardBreak => stack.last_mut().expect("root").inlines.push(Inline::HardBreak),
            Event::Rule => push_block(stack.last_mut().expect("root"), Block::Rule, cx.figures()),
            Event::TaskListMarker(done) => {
                push_text(&mut stack.last_mut().expect("root").inlines, if done { "☑ " } else { "☐ " });
            }
        }
    }
    while stack.len() > 1 {
        let mut frame = stack.pop().expect("checked");
        frame.flush(cx.figures());
        let parent = stack.last_mut().expect("checked");
        for b in frame.blocks {
            push_block(parent, b, cx.figures());
        }
    }
    let mut root = stack.pop().expect("root frame");
    root.flush(cx.figures());
    let mut numbered: Vec<(usize, String)> = footnote_numbers.into_iter().map(|(l, n)| (n, l)).collect();
    numbered.sort();
    let footnotes = numbered
        .into_iter()
        .map(|(_, label)| {
            let blocks = footnote_defs.remove(&label).unwrap_or_default();
            Footnote { blocks }
        })
        .collect();
    Body { blocks: root.blocks, footnotes, images, refused }
}

/// Tags that run code, load other sites or restyle the page, unless allowed by name.
const DANGEROUS: &[&str] =
    &["script", "iframe", "object", "embed", "frame", "frameset", "link", "meta", "base", "form", "style"];

/// The first thing in raw HTML that could run code or load another site: a dangerous tag not
/// allowed by name, an event-handler attribute (`onclick=`), or a `javascript:` URL.
fn dangerous(html: &str, allowed: &[String]) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    for tag in DANGEROUS {
        let open = format!("<{tag}");
        let found = lower.match_indices(&open).any(|(i, _)| {
            lower[i + open.len()..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/')
        });
        if found && !allowed.iter().any(|a| a == tag) {
            return Some(format!("<{tag}>"));
        }
    }
    if lower.contains("javascript:") && !allowed.iter().any(|a| a == "script") {
        return Some("javascript:".to_string());
    }
    for (i, _) in lower.match_indices(" on") {
        let rest = &lower[i + 3..];
        let name: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
        if !name.is_empty()
            && rest[name.len()..].trim_start().starts_with('=')
            && !allowed.iter().any(|a| a == "script")
        {
            return Some(format!("on{name}="));
        }
    }
    None
}

fn push_block(frame: &mut Frame, block: Block, metrics: Figures<'_>) {
    frame.flush(metrics);
    frame.blocks.push(block);
}

fn push_text(inlines: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(last)) = inlines.last_mut() {
        last.push_str(text);
    } else {
        inlines.push(Inline::Text(text.to_string()));
    }
}

fn convert_align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// A paragraph holding chart markers becomes the paragraphs around them and the charts.
fn lift_charts(inlines: Vec<Inline>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    for inline in inlines {
        match inline {
            Inline::Chart(id) => {
                if current.iter().any(|i| {
                    !matches!(i, Inline::SoftBreak | Inline::HardBreak)
                        && !matches!(i, Inline::Text(t) if t.trim().is_empty())
                }) {
                    blocks.push(Block::Paragraph(std::mem::take(&mut current)));
                }
                current.clear();
                blocks.push(Block::Chart { id, number: 0, label: String::new() });
            }
            other => current.push(other),
        }
    }
    if current.iter().any(|i| {
        !matches!(i, Inline::SoftBreak | Inline::HardBreak)
            && !matches!(i, Inline::Text(t) if t.trim().is_empty())
    }) {
        blocks.push(Block::Paragraph(current));
    }
    blocks
}

/// Splits text around figure and chart markers into text, figure and chart nodes.
fn split_figures(inlines: Vec<Inline>, figures: Figures<'_>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let Inline::Text(text) = inline else {
            out.push(inline);
            continue;
        };
        let mut rest = text.as_str();
        while let Some(open) = rest.find([FIGURE_OPEN, CHART_OPEN, REF_OPEN]) {
            let kind = rest[open..].chars().next().unwrap_or(FIGURE_OPEN);
            let close_char = match kind {
                CHART_OPEN => CHART_CLOSE,
                REF_OPEN => REF_CLOSE,
                _ => FIGURE_CLOSE,
            };
            let after = &rest[open + FIGURE_OPEN.len_utf8()..];
            let Some(close) = after.find(close_char) else { break };
            if open > 0 {
                out.push(Inline::Text(rest[..open].to_string()));
            }
            match kind {
                CHART_OPEN => out.push(Inline::Chart(marker_id(&after[..close]))),
                REF_OPEN => out.push(Inline::FigureRef {
                    chart: marker_id(&after[..close]),
                    text: String::new(),
                    number: 0,
                }),
                _ => {
                    let (id, facet) = marker_facet(&after[..close]);
                    let text = figures
                        .metrics
                        .get(&id)
                        .and_then(|m| m.facet_text(facet, figures.locale))
                        .unwrap_or_default();
                    out.push(Inline::Figure { metric: id, facet, text });
                }
            }
            rest = &after[close + close_char.len_utf8()..];
        }
        if !rest.is_empty() {
            out.push(Inline::Text(rest.to_string()));
        }
    }
    join_soft_breaks(out)
}

/// A line break inside a paragraph joins Chinese text with nothing and other text with a space.
fn join_soft_breaks(inlines: Vec<Inline>) -> Vec<Inline> {
    if !inlines.iter().any(|i| matches!(i, Inline::SoftBreak)) {
        return inlines;
    }
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    let mut iter = inlines.into_iter().peekable();
    while let Some(inline) = iter.next() {
        if !matches!(inline, Inline::SoftBreak) {
            out.push(inline);
            continue;
        }
        let before = out.last().map(|i| plain_text(std::slice::from_ref(i))).and_then(|t| t.chars().last());
        let after = iter.peek().map(|i| plain_text(std::slice::from_ref(i))).and_then(|t| t.chars().next());
        if !(before.is_some_and(is_wide) || after.is_some_and(is_wide)) {
            match out.last_mut() {
                Some(Inline::Text(t)) => t.push(' '),
                _ => out.push(Inline::Text(" ".to_string())),
            }
        }
    }
    out
}

/// CJK characters and full-width punctuation, which are not separated by spaces.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Replaces figure markers by the figures' text, where no figure node can stand (code, URLs).
pub(crate) fn resolve_markers(text: &str, figures: Figures<'_>) -> String {
    if !text.contains([FIGURE_OPEN, REF_OPEN]) {
        return text.to_string();
    }
    plain_text(&split_figures(vec![Inline::Text(text.to_string())], figures))
}
