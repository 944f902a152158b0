//! A long paper's site as a page per chapter: `index.html` with the cover and contents, a
//! page per chapter with links to the previous and next, and 数据说明 on `data-notes.html`.
//! Figure numbers stay those of the whole paper; a link to an anchor on another page is
//! pointed at that page.

use std::collections::{HashMap, HashSet};

use super::view::{ChapterView, Link, PageView, Pager};
use crate::config::Pages;
use crate::content::document::Document;

/// The first page, and the page of 数据说明.
pub(super) const INDEX: &str = "index.html";
const NOTES: &str = "data-notes.html";

/// Whether the paper gets a page per chapter: as asked, or when it is long.
pub(super) fn split(doc: &Document) -> bool {
    match doc.config.site_pages {
        Pages::One => false,
        Pages::Chapter => true,
        Pages::Auto => doc.is_long(),
    }
}

/// Every page's file and view, in reading order, made from the view of the whole paper.
pub(super) fn views<'a>(doc: &Document, whole: &PageView<'a>) -> Vec<(String, PageView<'a>)> {
    let t = whole.t;
    // The pages in reading order: the first, the chapters, 数据说明.
    let mut order: Vec<(String, &'static str, Option<usize>, String)> =
        vec![(INDEX.to_string(), "index", None, String::new())];
    // A chapter's page is named by its slug: slugs are unique, and none is `index` or
    // `data-notes` (`config::is_reserved_slug`).
    for (i, c) in whole.chapters.iter().enumerate() {
        order.push((format!("{}.html", c.slug), "chapter", Some(i), c.heading.clone()));
    }
    if whole.has_appendix {
        order.push((NOTES.to_string(), "notes", None, t.appendix.to_string()));
    }
    let link = |k: usize| {
        let (file, _, _, heading) = &order[k];
        let heading = if k == 0 { t.contents.to_string() } else { heading.clone() };
        Link { href: file.clone(), heading }
    };
    // Every page starts from the whole paper's view without its chapters and 数据说明 (a
    // copy of every row for every page was most of the time the pages took).
    let empty = PageView { chapters: Vec::new(), appendix: Vec::new(), ..whole.clone() };
    (0..order.len())
        .map(|k| {
            let (file, page, chapter, heading) = &order[k];
            let mut view = empty.clone();
            view.page = page;
            view.page_heading = heading.clone();
            // The first page lists every chapter; a chapter's page holds that chapter alone,
            // so that a paper of n chapters costs n pages, not n × n entries.
            view.chapters = match chapter {
                Some(i) => vec![whole.chapters[*i].clone()],
                None if *page == "index" => {
                    whole.chapters.iter().cloned().map(|c| ChapterView { on_page: false, ..c }).collect()
                }
                None => Vec::new(),
            };
            if *page == "notes" {
                view.appendix.clone_from(&whole.appendix);
            }
            if let Some(base) = &doc.config.base_url {
                view.canonical = if k == 0 { base.clone() } else { format!("{base}{file}") };
            }
            let previous = k.checked_sub(1).map(link);
            let next = (k + 1 < order.len()).then(|| link(k + 1));
            view.pager = Some(Pager { previous, next });
            (file.clone(), view)
        })
        .collect()
}

/// Points every link to an anchor (`href="#fig-3"`) at the page that has it, when that is
/// another page: the ids are read from the pages as rendered, so any anchor a chapter or
/// the theme writes is found.
pub(super) fn relink(pages: &mut [(String, String)]) {
    let ids: Vec<HashSet<String>> = pages
        .iter()
        .map(|(_, html)| attribute_values(html, " id=\"").map(str::to_string).collect())
        .collect();
    // An id on several pages (`main`) is each page's own; the others go to their one page.
    let mut home: HashMap<&str, usize> = HashMap::new();
    for (i, page) in ids.iter().enumerate() {
        for id in page {
            home.entry(id).or_insert(i);
        }
    }
    let files: Vec<String> = pages.iter().map(|(f, _)| f.clone()).collect();
    for (i, (_, html)) in pages.iter_mut().enumerate() {
        let here = &ids[i];
        let elsewhere = |id: &str| home.get(id).filter(|_| !here.contains(id)).map(|p| files[*p].as_str());
        if let Some(relinked) = rewrite_hrefs(html, elsewhere) {
            *html = relinked;
        }
    }
}

/// The values of every attribute that starts with `open` (` id="`).
fn attribute_values<'h>(html: &'h str, open: &'static str) -> impl Iterator<Item = &'h str> {
    html.split(open).skip(1).filter_map(|rest| rest.split_once('"').map(|(v, _)| v))
}

/// `html` with each `href="#id"` whose anchor is on another page made `href="page#id"`;
/// none when no link changes.
fn rewrite_hrefs<'f>(html: &str, elsewhere: impl Fn(&str) -> Option<&'f str>) -> Option<String> {
    const OPEN: &str = "href=\"#";
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    let mut changed = false;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let Some(end) = after.find('"') else { break };
        let id = &after[..end];
        out.push_str(&rest[..at]);
        match elsewhere(id) {
            Some(file) => {
                out.push_str("href=\"");
                out.push_str(file);
                out.push('#');
                changed = true;
            }
            None => out.push_str(OPEN),
        }
        rest = after;
    }
    out.push_str(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_follow_their_anchor_to_its_page() {
        let mut pages = vec![
            (
                "index.html".to_string(),
                "<a href=\"#one\">1</a><a href=\"#main\">m</a><main id=\"main\">".to_string(),
            ),
            (
                "one.html".to_string(),
                "<a href=\"#main\">m</a><section id=\"one\"><a href=\"#fig-2\">图2</a><main id=\"main\">"
                    .to_string(),
            ),
            ("two.html".to_string(), "<figure id=\"fig-2\"><a href=\"#nowhere\">x</a>".to_string()),
        ];
        relink(&mut pages);
        assert_eq!(pages[0].1, "<a href=\"one.html#one\">1</a><a href=\"#main\">m</a><main id=\"main\">");
        assert_eq!(
            pages[1].1,
            "<a href=\"#main\">m</a><section id=\"one\"><a href=\"two.html#fig-2\">图2</a><main id=\"main\">",
            "an id the page has itself stays its own"
        );
        assert_eq!(pages[2].1, "<figure id=\"fig-2\"><a href=\"#nowhere\">x</a>");
    }
}
