//! HTML rendering of the document model: the body of each chapter, every text escaped,
//! every figure kept on one line and carrying its source.

use std::fmt::Write as _;

use crate::charts::draw::escape_char;
use crate::charts::{Charts, describe};
use crate::content::document::{Align, Block, Chapter, Inline};
use crate::metrics::Metrics;
use crate::render::Assets;

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if is_stand_in(c) {
            push_reference(c, out);
        } else {
            escape_char(c, out);
        }
    }
}

/// The private-use characters that stand in for chapter bodies (site) and embeds (here):
/// they never come through from the paper's text.
fn is_stand_in(c: char) -> bool {
    ('\u{E010}'..='\u{E013}').contains(&c)
}

fn push_reference(c: char, out: &mut String) {
    let _ = write!(out, "&#x{:X};", c as u32);
}

/// Raw HTML the paper allows, with the stand-in characters written as references.
fn push_raw(html: &str, out: &mut String) {
    if !html.contains(is_stand_in) {
        out.push_str(html);
        return;
    }
    for c in html.chars() {
        if is_stand_in(c) { push_reference(c, out) } else { out.push(c) }
    }
}

/// A chapter's body (without its title) and its footnotes, rendered once: HTML with a
/// stand-in at each chart and image, which the site fills with a link to the file and the CMS
/// fragment with the file itself.
#[derive(Debug, Clone, Default)]
pub(crate) struct Body {
    html: String,
    embeds: Vec<Embed>,
}

/// What a stand-in in a [`Body`] stands for.
#[derive(Debug, Clone)]
enum Embed {
    /// A chart: the `<img>` that links to its SVG, and its id.
    Chart { id: String, linked: String },
    /// An image's `src`: its path in the site.
    Image { url: String },
}

/// Stand-ins for embeds in a body (private-use characters, never let through from text).
const EMBED_OPEN: char = '\u{E012}';
const EMBED_CLOSE: char = '\u{E013}';

impl Body {
    /// The body as the site shows it, charts and images linked.
    pub(crate) fn linked(&self, out: &mut String) {
        self.fill(out, |e, out| match e {
            Embed::Chart { linked, .. } => out.push_str(linked),
            Embed::Image { url } => escape_into(url, out),
        });
    }

    /// The body standing alone: charts as inline SVG and images as `data:` URLs.
    pub(crate) fn embedded(&self, assets: Assets<'_>, out: &mut String) {
        self.fill(out, |e, out| match e {
            Embed::Chart { id, linked } => match assets.charts.get(id) {
                Some(drawn) => {
                    out.push_str(&drawn.svg);
                    out.push('\n');
                }
                None => out.push_str(linked),
            },
            Embed::Image { url } => match assets.media.get(url) {
                Some(bytes) => escape_into(&data_url(url, bytes), out),
                None => escape_into(url, out),
            },
        });
    }

    fn fill(&self, out: &mut String, put: impl Fn(&Embed, &mut String)) {
        let mut rest = self.html.as_str();
        while let Some(open) = rest.find(EMBED_OPEN) {
            let after = &rest[open + EMBED_OPEN.len_utf8()..];
            let Some(close) = after.find(EMBED_CLOSE) else { break };
            out.push_str(&rest[..open]);
            if let Some(e) = after[..close].parse::<usize>().ok().and_then(|i| self.embeds.get(i)) {
                put(e, out);
            }
            rest = &after[close + EMBED_CLOSE.len_utf8()..];
        }
        out.push_str(rest);
    }

    /// The length of the body with its charts and images linked, near enough to reserve for.
    pub(crate) fn size_hint(&self) -> usize {
        self.html.len() + self.embeds.len() * 120
    }
}

/// Renders a chapter's body (without its title) and its footnotes.
pub(crate) fn chapter_body(
    chapter: &Chapter,
    metrics: &Metrics,
    charts: &Charts,
    locale: crate::input::Locale,
) -> Body {
    let r = Renderer::new(metrics, charts, &chapter.slug, locale);
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
    metrics: &'a Metrics,
    charts: &'a Charts,
    slug: &'a str,
    /// The charts and images met so far, each written as a stand-in.
    embeds: std::cell::RefCell<Vec<Embed>>,
    locale: crate::input::Locale,
    t: &'static crate::input::locale::Strings,
}

impl<'a> Renderer<'a> {
    fn new(metrics: &'a Metrics, charts: &'a Charts, slug: &'a str, locale: crate::input::Locale) -> Self {
        Self {
            metrics,
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
            Block::Table { align, head, rows } => {
                out.push_str("<div class=\"table-wrap\"><table>\n");
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
                        let _ = write!(out, "<td{}>", align_attr(align.get(i)));
                        self.inlines(cell, out);
                        out.push_str("</td>");
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table></div>\n");
            }
            Block::Rule => out.push_str("<hr>\n"),
            Block::Html(html) => push_raw(html, out),
            Block::Chart { id, number, label } => self.chart(id, *number, label, out),
        }
    }

    /// A chart: the SVG with its text alternative, a numbered caption with the source, and the
    /// same data as a table a reader can open beneath it.
    fn chart(&self, id: &str, number: usize, label: &str, out: &mut String) {
        let Some(chart) = self.charts.get(id) else { return };
        let alt = describe::alt_text(chart);
        let (w, h) = crate::charts::size(chart);
        let _ = writeln!(out, "<figure class=\"chart\" id=\"fig-{number}\">");
        let linked = format!(
            "<img src=\"charts/{}.svg\" alt=\"{}\" width=\"{w}\" height=\"{h}\" loading=\"lazy\">\n",
            escape(id),
            escape(&alt)
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
            Inline::Figure { metric, text, .. } => {
                let _ = write!(out, "<span class=\"fig\" data-metric=\"{}\"", escape(metric));
                if let Some(m) = self.metrics.get(metric) {
                    let t = self.t;
                    let mut title = m.label_in(self.locale).to_string();
                    if let Some(p) = m.period_in(self.locale) {
                        let _ = write!(title, "{}{p}{}", t.open_paren, t.close_paren);
                    }
                    if let Some(s) = m.source_in(self.locale) {
                        let _ = write!(title, "{}{s}", t.source_in_title);
                    }
                    let _ = write!(out, " title=\"{}\"", escape(&title));
                }
                out.push('>');
                escape_into(text, out);
                out.push_str("</span>");
            }
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

/// A file as a `data:` URL, so a fragment carries its images with it.
fn data_url(path: &str, bytes: &[u8]) -> String {
    use base64::Engine as _;
    let mime = match path.rsplit('.').next().map(str::to_ascii_lowercase).as_deref() {
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        _ => "application/octet-stream",
    };
    format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

fn align_attr(a: Option<&Align>) -> &'static str {
    match a {
        Some(Align::Left) => " class=\"left\"",
        Some(Align::Center) => " class=\"center\"",
        Some(Align::Right) => " class=\"right\"",
        _ => "",
    }
}

/// Links may not run script: `javascript:` and `data:` URLs become inert.
fn safe_url(url: &str) -> String {
    let lower: String =
        url.trim().chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    if lower.starts_with("javascript:") || lower.starts_with("vbscript:") || lower.starts_with("data:") {
        "#".to_string()
    } else {
        url.to_string()
    }
}
