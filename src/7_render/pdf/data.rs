//! The document as the PDF template reads it: plain JSON data, so no text is ever Typst
//! markup and nothing needs escaping.

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::charts::{Charts, describe};
use crate::content::document::{Align, Block, Document, Inline, Node, walk};

/// The JSON for `/data.json`, and all the text it will print (for the glyph check).
pub(crate) fn json(
    doc: &Document,
    charts: &Charts,
    appendix: &[crate::render::provenance::Row],
) -> (String, String) {
    let mut text = String::new();
    let c = &doc.config;
    for t in [&c.title, c.subtitle.as_deref().unwrap_or(""), c.publisher.as_deref().unwrap_or("")] {
        text.push_str(t);
    }
    // Each chapter is made and written out on its own core: on a long paper this is most of
    // the time gazette adds to Typst's in a `serve` rebuild.
    let chapters: Vec<(String, String)> = doc
        .chapters
        .par_iter()
        .map(|ch| {
            let mut text = String::new();
            let mut w = Walker { charts, text: &mut text };
            let ordinal = match ch.number {
                Some(n) if !crate::content::document::starts_with_ordinal(&ch.title) => {
                    crate::input::locale::ordinal(doc.locale, n)
                }
                _ => String::new(),
            };
            w.text.push_str(&ordinal);
            w.text.push_str(&ch.title);
            let footnotes: Vec<Value> = ch.footnotes.iter().map(|f| w.blocks(&f.blocks)).collect();
            let blocks = w.blocks_with_notes(&ch.blocks, &footnotes);
            let chapter = json!({ "ordinal": ordinal, "title": ch.title, "blocks": blocks });
            (serde_json::to_string(&chapter).unwrap_or_default(), text)
        })
        .collect();
    for (_, t) in &chapters {
        text.push_str(t);
    }
    for r in appendix {
        for t in [&r.phrase, &r.label, &r.note, &r.period, &r.source, &r.cells] {
            text.push_str(t);
        }
    }
    let t = crate::input::locale::get(doc.locale);
    let appendix: Vec<Value> = appendix
        .iter()
        .map(|r| json!([r.phrase, r.meaning(doc.locale), r.period, r.source_and_cells(doc.locale)]))
        .collect();
    let data = json!({
        "appendix": appendix,
        "title": c.title_line(doc.locale),
        "title_lines": c.title_lines(),
        "subtitle": c.subtitle.clone().unwrap_or_default(),
        "publisher": c.publisher.clone().unwrap_or_default(),
        "date": c.date.as_ref().map(|d| d.printed(doc.locale)).unwrap_or_default(),
        "lang": match doc.locale { crate::input::Locale::Zh => "zh", crate::input::Locale::En => "en" },
        "strings": t,
        "date_parts": c.date.map(|d| json!({ "year": d.year, "month": d.month, "day": d.day_or_first() })),
        "draft": c.draft,
        "running_header": true,
        "chapter_pages": doc.chapter_pages(),
        "fonts": fonts(c),
        "chapters": CHAPTERS,
    });
    // The chapters, written already, go where the placeholder is: the same bytes as the
    // whole written at once.
    let written: Vec<&str> = chapters.iter().map(|(j, _)| j.as_str()).collect();
    let whole = serde_json::to_string(&data).unwrap_or_default();
    let placeholder = serde_json::to_string(CHAPTERS).unwrap_or_default();
    (whole.replacen(&placeholder, &format!("[{}]", written.join(",")), 1), text)
}

/// Where the chapters go in the document's JSON until they are put there: no paper's text
/// can hold it, since a paper's text never holds a NUL.
const CHAPTERS: &str = "\u{0}chapters\u{0}";

/// Font families by role, each the paper's choice first, then the bundled face.
fn fonts(c: &crate::config::Config) -> Value {
    use crate::config::FontRole;
    let pick = |role: FontRole, fallback: &str| {
        let mut list: Vec<String> =
            c.pdf_families.iter().filter(|(r, _, _)| *r == role).map(|(_, f, _)| f.clone()).collect();
        list.push(fallback.to_string());
        list
    };
    json!({
        "body": pick(FontRole::Body, "Noto Serif CJK SC"),
        "heading": pick(FontRole::Heading, "Noto Sans CJK SC"),
        "title": pick(FontRole::Title, "Noto Serif CJK SC"),
    })
}

/// Every image in the blocks, with its alt text.
pub(crate) fn images(blocks: &[Block]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(blocks, &mut |node| {
        if let Node::Inline(Inline::Image { url, alt, .. }) = node {
            out.push((url.clone(), alt.clone()));
        }
    });
    out
}

struct Walker<'a> {
    charts: &'a Charts,
    text: &'a mut String,
}

impl Walker<'_> {
    fn blocks(&mut self, blocks: &[Block]) -> Value {
        self.blocks_with_notes(blocks, &[])
    }

    /// Blocks, with footnote references carrying their notes (Typst places them on the page).
    fn blocks_with_notes(&mut self, blocks: &[Block], notes: &[Value]) -> Value {
        Value::Array(blocks.iter().filter_map(|b| self.block(b, notes)).collect())
    }

    fn block(&mut self, b: &Block, notes: &[Value]) -> Option<Value> {
        Some(match b {
            Block::Paragraph(c) => json!({ "k": "p", "c": self.inlines(c, notes) }),
            Block::Heading { level, number, content, .. } => {
                let n = number.clone().unwrap_or_default();
                self.text.push_str(&n);
                json!({ "k": "h", "level": level, "number": n, "c": self.inlines(content, notes) })
            }
            Block::List { start, items } => json!({
                "k": "list",
                "ordered": start.is_some(),
                "start": start.unwrap_or(1),
                "items": items.iter().map(|i| self.blocks_with_notes(i, notes)).collect::<Vec<_>>(),
            }),
            Block::Quote(inner) => json!({ "k": "quote", "c": self.blocks_with_notes(inner, notes) }),
            Block::Code { text, .. } => {
                self.text.push_str(text);
                json!({ "k": "codeblock", "text": text })
            }
            Block::Table { align, head, rows } => {
                let columns = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
                let pad = |cells: &[Vec<Inline>], w: &mut Self| -> Vec<Value> {
                    let mut out: Vec<Value> = cells.iter().map(|c| w.inlines(c, notes)).collect();
                    out.resize(columns, json!([]));
                    out
                };
                let head = pad(head, self);
                let rows: Vec<Vec<Value>> = rows.iter().map(|r| pad(r, self)).collect();
                let align: Vec<&str> = (0..columns)
                    .map(|i| match align.get(i) {
                        Some(Align::Right) => "right",
                        Some(Align::Center) => "center",
                        _ => "left",
                    })
                    .collect();
                json!({ "k": "table", "columns": columns, "align": align, "head": head, "rows": rows })
            }
            Block::Rule => json!({ "k": "rule" }),
            Block::Html(_) => return None,
            Block::Chart { id, label, .. } => {
                let chart = self.charts.get(id)?;
                self.text.push_str(&chart.title);
                self.text.push_str(&chart.source);
                self.text.push_str(&describe::alt_text(chart));
                json!({
                    "k": "chart",
                    "number": label,
                    "title": chart.title,
                    "source": chart.source,
                    "alt": chart.alt.clone().unwrap_or_else(|| describe::alt_text(chart)),
                    "path": format!("/charts/{id}.svg"),
                })
            }
        })
    }

    fn inlines(&mut self, inlines: &[Inline], notes: &[Value]) -> Value {
        Value::Array(inlines.iter().filter_map(|i| self.inline(i, notes)).collect())
    }

    fn inline(&mut self, i: &Inline, notes: &[Value]) -> Option<Value> {
        Some(match i {
            Inline::Text(t) => {
                self.text.push_str(t);
                json!({ "k": "t", "v": t })
            }
            Inline::Figure { text, .. } => {
                self.text.push_str(text);
                // A long English figure may break between its words, never at its number.
                match crate::content::document::figure_parts_in_print(text) {
                    ("", whole, "") => json!({ "k": "fig", "v": whole }),
                    (before, kept, after) => json!([
                        { "k": "t", "v": before },
                        { "k": "fig", "v": kept },
                        { "k": "t", "v": after },
                    ]),
                }
            }
            Inline::FigureRef { text, .. } => {
                self.text.push_str(text);
                json!({ "k": "t", "v": text })
            }
            Inline::Emphasis(c) => json!({ "k": "em", "c": self.inlines(c, notes) }),
            Inline::Strong(c) => json!({ "k": "strong", "c": self.inlines(c, notes) }),
            Inline::Strikethrough(c) => json!({ "k": "del", "c": self.inlines(c, notes) }),
            Inline::Code(t) => {
                self.text.push_str(t);
                json!({ "k": "code", "v": t })
            }
            Inline::Link { url, content, .. } => {
                json!({ "k": "link", "url": url, "c": self.inlines(content, notes) })
            }
            Inline::Image { url, alt, .. } => {
                if url.starts_with("media/") {
                    json!({ "k": "img", "path": format!("/{url}"), "alt": alt })
                } else {
                    return None;
                }
            }
            Inline::FootnoteRef(n) => {
                json!({ "k": "fn", "c": notes.get(n - 1).cloned().unwrap_or(json!([])) })
            }
            Inline::SoftBreak => return None,
            Inline::HardBreak => json!({ "k": "br" }),
            Inline::Html(_) | Inline::Chart(_) => return None,
        })
    }
}
