//! The document's blocks and inlines as HTML: headings with their ordinals and anchors,
//! figures on one line with their source, charts as numbered figures with their data table.

use std::fmt::Write as _;

use super::body::{Body, Embed};
use super::text::{align_attr, escape, escape_into, push_raw, safe_url};
use crate::charts::{Charts, describe};
use crate::content::document::{Align, Block, Chapter, Inline, figure_parts, plain_text};
use crate::content::markers::{EMBED_CLOSE, EMBED_OPEN};
use crate::content::provenance::Provenance;

/// Renders a chapter's body (without its title) and its footnotes.
pub(crate) fn chapter_body(chapter: &Chapter, charts: &Charts, locale: crate::input::Locale) -> Body {
    let r = Renderer::new(charts, &chapter.slug, locale);
    let mut out = String::new();
    r.blocks(&chapter.blocks, &mut out);
    if !chapter.footnotes.is_empty() {
        let _ = write!(out, "<section class=\"footnotes\" aria-label=\"{}\">\n<ol>\n", r.t.notes);
        for (i, f) in chapter.footnotes.iter().enumerate() {
            let n = i + 1;
            let _ = write!(out, "<li id=\"fn-{}-{n}\">", r.slug);
            let mut inner = String::new();
            r.blocks(&f.blocks, &mut inner);
            let back = format!(
                " <a href=\"#fnref-{}-{n}\" class=\"fnback\" aria-label=\"{}\">↩</a>",
                r.slug, r.t.back_to_text
            );
            match inner.rfind("</p>") {
                Some(p) => inner.insert_str(p, &back),
                None => inner.push_str(&back),
            }
            out.push_str(&inner);
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</section>\n");
    }
    Body { html: out, embeds: r.embeds.into_inner() }
}

struct Renderer<'a> {
    charts: &'a Charts,
    slug: &'a str,
    /// The charts and images met so far, each written as a stand-in.
    embeds: std::cell::RefCell<Vec<Embed>>,
    locale: crate::input::Locale,
    t: &'static crate::input::locale::Strings,
}

impl<'a> Renderer<'a> {
    fn new(charts: &'a Charts, slug: &'a str, locale: crate::input::Locale) -> Self {
        Self {
            charts,
            slug,
            embeds: std::cell::RefCell::default(),
            locale,
            t: crate::input::locale::get(locale),
        }
    }
}

impl Renderer<'_> {
    fn stand_in(&self, embed: Embed, out: &mut String) {
        let mut embeds = self.embeds.borrow_mut();
        let _ = write!(out, "{EMBED_OPEN}{}{EMBED_CLOSE}", embeds.len());
        embeds.push(embed);
    }

    fn blocks(&self, blocks: &[Block], out: &mut String) {
        for b in blocks {
            self.block(b, out);
        }
    }

    fn block(&self, block: &Block, out: &mut String) {
        match block {
            Block::Paragraph(inl) => {
                out.push_str("<p>");
                self.inlines(inl, out);
                out.push_str("</p>\n");
            }
            Block::Heading { level, number, anchor, content } => {
                let h = (level + 2).min(6);
                let _ = write!(out, "<h{h} id=\"{}\">", escape(anchor));
                if let Some(n) = number {
                    let _ = write!(out, "<span class=\"ordinal\">{}</span>", escape(n));
                }
                self.inlines(content, out);
                let _ = writeln!(out, "</h{h}>");
            }
            Block::List { start, items } => {
                match start {
                    Some(1) => out.push_str("<ol>\n"),
                    Some(s) => {
                        let _ = writeln!(out, "<ol start=\"{s}\">");
                    }
                    None => out.push_str("<ul>\n"),
                }
                for item in items {
                    out.push_str("<li>");
                    if let [Block::Paragraph(inl)] = item.as_slice() {
                        self.inlines(inl, out);
                    } else {
                        out.push('\n');
                        self.blocks(item, out);
                    }
                    out.push_str("</li>\n");
                }
                out.push_str(if start.is_some() { "</ol>\n" } else { "</ul>\n" });
            }
            Block::Quote(blocks) => {
                out.push_str("<blockquote>\n");
                self.blocks(blocks, out);
                out.push_str("</blockquote>\n");
            }
            Block::Code { lang, text } => {
                match lang {
                    Some(l) => {
                        let _ = write!(out, "<pre><code class=\"language-{}\">", escape(l));
                    }
                    None => out.push_str("<pre><code>"),
                }
                escape_into(text, out);
                out.push_str("</code></pre>\n");
            }
            Block::Table { align, head, rows } => self.table(align, head, rows, out),
            Block::Rule => out.push_str("<hr>\n"),
            Block::Html(html) => push_raw(html, out),
            Block::Chart { id, number, label, .. } => self.chart(id, *number, label, out),
        }
    }

    /// A Markdown table; on a phone each row stacks, each cell named by its column
    /// (`data-label`).
    fn table(&self, align: &[Align], head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>], out: &mut String) {
        // On a phone each row stacks, each cell named by its column (`data-label`).
        let labels: Vec<String> = head.iter().map(|c| escape(&plain_text(c))).collect();
        out.push_str(if labels.is_empty() {
            "<div class=\"table-wrap\"><table>\n"
        } else {
            "<div class=\"table-wrap\"><table class=\"stack\">\n"
        });
        if !head.is_empty() {
            out.push_str("<thead><tr>");
            for (i, cell) in head.iter().enumerate() {
                let _ = write!(out, "<th scope=\"col\"{}>", align_attr(align.get(i)));
                self.inlines(cell, out);
                out.push_str("</th>");
            }
            out.push_str("</tr></thead>\n");
        }
        out.push_str("<tbody>\n");
        for row in rows {
            out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let _ = write!(out, "<td{}", align_attr(align.get(i)));
                if let Some(label) = labels.get(i) {
                    let _ = write!(out, " data-label=\"{label}\"");
                }
                out.push('>');
                self.inlines(cell, out);
                out.push_str("</td>");
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table></div>\n");
    }

    /// A figure, with what it is, its period, source and cells as its title: its provenance,
    /// as content resolved it.
    fn figure(&self, metric: &str, source: Option<&Provenance>, text: &str, out: &mut String) {
        let parts = figure_parts(text);
        let class = if parts == ("", text, "") { "fig" } else { "fig long" };
        let _ = write!(out, "<span class=\"{class}\" data-metric=\"{}\"", escape(metric));
        if let Some(p) = source {
            let _ = write!(out, " title=\"{}\"", escape(&p.title(self.locale)));
        }
        out.push('>');
        // A long English figure may break between its words, never at its number.
        match parts {
            ("", whole, "") => escape_into(whole, out),
            (before, kept, after) => {
                escape_into(before, out);
                out.push_str("<span class=\"nb\">");
                escape_into(kept, out);
                out.push_str("</span>");
                escape_into(after, out);
            }
        }
        out.push_str("</span>");
    }

    /// A chart: the SVG with its text alternative, a numbered caption with the source, and the
    /// same data as a table a reader can open beneath it.
    fn chart(&self, id: &str, number: usize, label: &str, out: &mut String) {
        let Some(chart) = self.charts.get(id) else { return };
        let alt = describe::alt_text(chart);
        let (w, h) = crate::charts::size(chart, false);
        let (nw, nh) = crate::charts::size(chart, true);
        let _ = writeln!(out, "<figure class=\"chart\" id=\"fig-{number}\">");
        // A phone gets the chart drawn for its width, with text it can read.
        let linked = format!(
            "<picture><source media=\"(max-width: 36rem)\" srcset=\"charts/{id}.narrow.svg\" width=\"{nw}\" height=\"{nh}\"><img src=\"charts/{id}.svg\" alt=\"{}\" width=\"{w}\" height=\"{h}\" loading=\"lazy\"></picture>\n",
            escape(&alt),
            id = escape(id),
        );
        self.stand_in(Embed::Chart { id: id.to_string(), linked }, out);
        let t = self.t;
        let _ = write!(
            out,
            "<figcaption><span class=\"fig-number\">{}{label}</span>{}{}",
            t.figure,
            t.figure_gap,
            escape(&chart.title)
        );
        if let Some(c) = &chart.caption {
            let _ = write!(out, "<span class=\"fig-caption\">{}</span>", escape(c));
        }
        if !chart.source.is_empty() {
            let _ =
                write!(out, "<span class=\"fig-source\">{}{}</span>", t.source_prefix, escape(&chart.source));
        }
        out.push_str("</figcaption>\n");
        let table = describe::table(chart);
        let summary = match self.locale {
            crate::input::Locale::Zh => format!("查看图{label}的数据"),
            crate::input::Locale::En => format!("Show the data of figure {label}"),
        };
        let _ = write!(
            out,
            "<details class=\"chart-data\"><summary>{summary}</summary>\n<div class=\"table-wrap\"><table>\n<caption>{}{label}{}{}</caption>\n<thead><tr>",
            t.figure,
            t.figure_gap,
            escape(&chart.title)
        );
        for hcell in &table.head {
            let _ = write!(out, "<th scope=\"col\">{}</th>", escape(hcell));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &table.rows {
            out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                if i == 0 {
                    let _ = write!(out, "<th scope=\"row\">{}</th>", escape(cell));
                } else {
                    let _ = write!(out, "<td>{}</td>", escape(cell));
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table></div></details>\n</figure>\n");
    }

    fn inlines(&self, inlines: &[Inline], out: &mut String) {
        for i in inlines {
            self.inline(i, out);
        }
    }

    fn inline(&self, inline: &Inline, out: &mut String) {
        match inline {
            Inline::Text(t) => escape_into(t, out),
            Inline::FigureRef { text, number, .. } => {
                if *number > 0 {
                    let _ = write!(out, "<a class=\"fig-ref\" href=\"#fig-{number}\">");
                    escape_into(text, out);
                    out.push_str("</a>");
                } else {
                    escape_into(text, out);
                }
            }
            Inline::Figure { metric, text, source, .. } => self.figure(metric, source.as_deref(), text, out),
            Inline::Emphasis(c) => self.wrap("em", c, out),
            Inline::Strong(c) => self.wrap("strong", c, out),
            Inline::Strikethrough(c) => self.wrap("del", c, out),
            Inline::Code(t) => {
                out.push_str("<code>");
                escape_into(t, out);
                out.push_str("</code>");
            }
            Inline::Link { url, title, content } => {
                let _ = write!(out, "<a href=\"{}\"", escape(&safe_url(url)));
                if !title.is_empty() {
                    let _ = write!(out, " title=\"{}\"", escape(title));
                }
                out.push('>');
                self.inlines(content, out);
                out.push_str("</a>");
            }
            Inline::Image { url, alt, title } => {
                out.push_str("<img src=\"");
                self.stand_in(Embed::Image { url: url.clone() }, out);
                let _ = write!(out, "\" alt=\"{}\"", escape(alt));
                if !title.is_empty() {
                    let _ = write!(out, " title=\"{}\"", escape(title));
                }
                out.push('>');
            }
            Inline::FootnoteRef(n) => {
                let s = self.slug;
                let _ = write!(
                    out,
                    "<sup class=\"fnref\"><a href=\"#fn-{s}-{n}\" id=\"fnref-{s}-{n}\">[{n}]</a></sup>"
                );
            }
            Inline::SoftBreak => {}
            Inline::HardBreak => out.push_str("<br>"),
            Inline::Html(h) => push_raw(h, out),
            Inline::Chart(_) => {}
        }
    }

    fn wrap(&self, tag: &str, content: &[Inline], out: &mut String) {
        let _ = write!(out, "<{tag}>");
        self.inlines(content, out);
        let _ = write!(out, "</{tag}>");
    }
}
