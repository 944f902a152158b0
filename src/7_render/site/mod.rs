//! The HTML site: the whole paper on one page, or a page per chapter for a long paper
//! ([`pages`]), rendered through the theme's Tera template from view structs made for it.

mod pages;
mod view;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use crate::charts::Charts;
use crate::config::theme::Theme;
use crate::content::document::{Block, Document, plain_text, starts_with_ordinal};
use crate::content::markers::{BODY_CLOSE, BODY_OPEN};
use crate::input::diagnostic::{Diagnostic, Location};
use crate::render::{Context, html};
use view::{AppendixRow, ChapterView, PageView, SectionView};

/// Renders the site's pages, by file name under `site/`: `index.html` with the whole paper,
/// or, with a page per chapter, `index.html` (cover and contents), a page per chapter and
/// `data-notes.html`; the chapters' bodies rendered by [`bodies`].
pub(crate) fn render(
    cx: Context<'_>,
    bodies: &[Arc<html::Body>],
) -> Result<Vec<(String, String)>, Diagnostic> {
    let Context { doc, appendix, theme, pdf, .. } = cx;
    let config = &doc.config;
    let template = Template::new(theme)?;
    let title_lines = config.title_lines();
    let whole = PageView {
        lang: doc.locale.tag(),
        t: crate::input::locale::get(doc.locale),
        title: config.title_line(doc.locale),
        title_em: format!("{:.1}", unbreakable_em(&title_lines)),
        title_lines,
        subtitle: config.subtitle.as_deref().unwrap_or(""),
        publisher: config.publisher.as_deref().unwrap_or(""),
        description: config.description.as_deref().unwrap_or(""),
        date: config.date.as_ref().map(|d| d.printed(doc.locale)).unwrap_or_default(),
        date_iso: config.date.map(|d| d.iso()).unwrap_or_default(),
        pub_date: config
            .date
            .map(|d| format!("{:04}-{:02}-{:02} 00:00", d.year, d.month, d.day_or_first()))
            .unwrap_or_default(),
        keywords: config.keywords.join(","),
        canonical: config.base_url.clone().unwrap_or_default(),
        // No link to a PDF that is not there.
        pdf: if pdf { format!("{}.pdf", config.slug) } else { String::new() },
        draft: config.draft,
        page: "whole",
        page_heading: String::new(),
        chapters: chapter_views(doc),
        appendix: appendix.iter().map(AppendixRow::new).collect(),
        has_appendix: !appendix.is_empty(),
        pager: None,
    };
    if !pages::split(doc) {
        return Ok(vec![(pages::INDEX.to_string(), splice_bodies(&template.render(&whole)?, bodies))]);
    }
    // Each page on its own core; the first error, in the pages' order, is the one told.
    let rendered: Vec<Result<(String, String), Diagnostic>> = pages::views(doc, &whole)
        .into_par_iter()
        .map(|(file, view)| Ok((file, splice_bodies(&template.render(&view)?, bodies))))
        .collect();
    let mut out = rendered.into_iter().collect::<Result<Vec<_>, Diagnostic>>()?;
    pages::relink(&mut out);
    Ok(out)
}

/// Every chapter as the template sees it, each on the page.
fn chapter_views(doc: &Document) -> Vec<ChapterView<'_>> {
    doc.chapters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let ordinal = match c.number {
                Some(n) if !starts_with_ordinal(&c.title) => crate::input::locale::ordinal(doc.locale, n),
                _ => String::new(),
            };
            let sections = c
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Heading { level: 1, number, anchor, content } => Some(SectionView {
                        anchor: anchor.clone(),
                        heading: format!("{}{}", number.as_deref().unwrap_or(""), plain_text(content)),
                    }),
                    _ => None,
                })
                .collect();
            ChapterView {
                slug: &c.slug,
                heading: format!("{ordinal}{}", c.title),
                ordinal,
                title: &c.title,
                summary: c.summary.as_deref().unwrap_or(""),
                // The body joins the page after the template: large bodies need not pass
                // through the template engine's values.
                body: format!("{BODY_OPEN}{i}{BODY_CLOSE}"),
                sections,
                on_page: true,
            }
        })
        .collect()
}

/// The width in em of the longest run of `lines` a browser keeps whole under
/// `word-break: keep-all`: text between spaces, broken after CJK punctuation.
fn unbreakable_em(lines: &[&str]) -> f64 {
    let m = crate::input::fonts::Measure::sans();
    lines
        .iter()
        .flat_map(|l| l.split(char::is_whitespace))
        .flat_map(|word| word.split_inclusive(['，', '、', '：', '；', '。', '！', '？', '—']))
        .map(|run| m.width(run, 1.0))
        .fold(1.0, f64::max)
}

/// The chapter bodies `serve` keeps between rebuilds, by the hash of what each was made from.
#[derive(Debug, Default)]
pub(crate) struct Bodies {
    made: Mutex<HashMap<u64, Arc<html::Body>>>,
}

/// Every chapter's body, rendered in parallel, once for the site and the fragment. While
/// `serve` keeps files, a body made from the same inputs last time is taken as it was.
pub(crate) fn bodies(doc: &Document, charts: &Charts, kept: Option<&Bodies>) -> Vec<Arc<html::Body>> {
    use rayon::prelude::*;
    let last = match kept {
        Some(k) => std::mem::take(&mut *k.made.lock().unwrap_or_else(PoisonError::into_inner)),
        None => HashMap::new(),
    };
    let bodies: Vec<Arc<html::Body>> = doc
        .chapters
        .par_iter()
        .map(|c| match last.get(&c.inputs).filter(|_| c.inputs != 0) {
            Some(body) => Arc::clone(body),
            None => Arc::new(html::chapter_body(c, charts, doc.locale)),
        })
        .collect();
    if let Some(k) = kept {
        *k.made.lock().unwrap_or_else(PoisonError::into_inner) = doc
            .chapters
            .iter()
            .zip(&bodies)
            .filter(|(c, _)| c.inputs != 0)
            .map(|(c, b)| (c.inputs, Arc::clone(b)))
            .collect();
    }
    bodies
}

/// Puts each chapter's body where the template placed its stand-in.
fn splice_bodies(page: &str, bodies: &[Arc<html::Body>]) -> String {
    // Room for the bodies this page shows, not for every chapter's, reserved as each comes.
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(open) = rest.find(BODY_OPEN) {
        let after = &rest[open + BODY_OPEN.len_utf8()..];
        let Some(close) = after.find(BODY_CLOSE) else { break };
        out.push_str(&rest[..open]);
        match after[..close].parse::<usize>().ok().and_then(|i| bodies.get(i)) {
            Some(body) => {
                out.reserve(body.size_hint());
                body.linked(&mut out);
            }
            None => out.push_str(&rest[open..open + BODY_OPEN.len_utf8() + close + BODY_CLOSE.len_utf8()]),
        }
        rest = &after[close + BODY_CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// The theme's page template, parsed once for all the pages.
struct Template<'t> {
    tera: tera::Tera,
    source: &'t Arc<crate::input::diagnostic::Source>,
}

impl<'t> Template<'t> {
    fn new(theme: &'t Theme) -> Result<Self, Diagnostic> {
        let mut tera = tera::Tera::new();
        let source = &theme.page;
        tera.add_raw_template("page.html", &source.text).map_err(|e| located(source, &e))?;
        Ok(Self { tera, source })
    }

    fn render(&self, view: &PageView<'_>) -> Result<String, Diagnostic> {
        let context = tera::Context::from_serialize(view).map_err(|e| located(self.source, &e))?;
        self.tera.render("page.html", &context).map_err(|e| located(self.source, &e))
    }
}

/// A template error, located in the theme's file where Tera says.
fn located(source: &Arc<crate::input::diagnostic::Source>, e: &tera::Error) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            Diagnostic::error(format!("theme template error: {}", r.message()))
                .at(Location::new(source, r.span().range.clone()))
        }
        _ => Diagnostic::error(format!("theme template error: {e}")).in_file(source.name.clone()),
    }
}
