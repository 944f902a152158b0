//! What the theme's page template is given: the page, its chapters and their sections, and
//! the links between pages.

use serde::Serialize;

#[derive(Serialize, Clone)]
pub(super) struct PageView<'a> {
    pub(super) lang: &'a str,
    /// The edition's words (目录, 数据说明 …) for the template.
    pub(super) t: &'static crate::input::locale::Strings,
    /// The title on one line (metadata); `title_lines` are its lines for the page's heading.
    pub(super) title: String,
    pub(super) title_lines: Vec<&'a str>,
    /// The width, in em, of the title's longest run that may not break (a line's words
    /// between spaces and after punctuation): the stylesheet sizes the title so that it
    /// fits, and a title never breaks inside a word.
    pub(super) title_em: String,
    pub(super) subtitle: &'a str,
    pub(super) publisher: &'a str,
    pub(super) description: &'a str,
    pub(super) date: String,
    pub(super) date_iso: String,
    /// `2024-07-19 00:00`, the form Chinese government CMS metadata uses.
    pub(super) pub_date: String,
    pub(super) keywords: String,
    /// The canonical address of the page, when `base_url` is set.
    pub(super) canonical: String,
    /// The PDF beside the page, for the download link.
    pub(super) pdf: String,
    pub(super) draft: bool,
    /// Which page this is: `whole` (the paper on one page) or, with a page per chapter,
    /// `index` (cover and contents), `chapter` or `notes` (数据说明).
    pub(super) page: &'static str,
    /// The page's own heading, for its `<title>`: a chapter's, or 数据说明; empty on the first.
    pub(super) page_heading: String,
    /// Every chapter, for the contents; those with `on_page` are shown on this page.
    pub(super) chapters: Vec<ChapterView<'a>>,
    /// 数据说明: every figure printed, with its definition, period and source, on the page
    /// that shows it (empty elsewhere).
    pub(super) appendix: Vec<AppendixRow<'a>>,
    /// Whether the paper has a 数据说明, for the contents.
    pub(super) has_appendix: bool,
    /// The previous and next pages, with a page per chapter.
    pub(super) pager: Option<Pager>,
}

#[derive(Serialize, Clone)]
pub(super) struct ChapterView<'a> {
    pub(super) slug: &'a str,
    /// 一、 for a numbered chapter whose title does not carry its own ordinal.
    pub(super) ordinal: String,
    pub(super) title: &'a str,
    /// The title as listed in the table of contents, with its ordinal.
    pub(super) heading: String,
    pub(super) summary: &'a str,
    pub(super) body: String,
    pub(super) sections: Vec<SectionView>,
    pub(super) on_page: bool,
}

#[derive(Serialize, Clone)]
pub(super) struct SectionView {
    pub(super) anchor: String,
    pub(super) heading: String,
}

/// A link to another page of the paper.
#[derive(Serialize, Clone)]
pub(super) struct Link {
    pub(super) href: String,
    pub(super) heading: String,
}

#[derive(Serialize, Clone)]
pub(super) struct Pager {
    pub(super) previous: Option<Link>,
    pub(super) next: Option<Link>,
}

/// A row of 数据说明: the figure's record, and its printed form split where a line may
/// break, as in the text (`phrase_before`, `phrase_kept` kept together, `phrase_after`), so
/// that a long English figure wraps in its cell rather than widening the table.
#[derive(Serialize, Clone)]
pub(super) struct AppendixRow<'a> {
    #[serde(flatten)]
    pub(super) row: &'a crate::render::provenance::Row,
    pub(super) phrase_before: &'a str,
    pub(super) phrase_kept: &'a str,
    pub(super) phrase_after: &'a str,
}

impl<'a> AppendixRow<'a> {
    pub(super) fn new(row: &'a crate::render::provenance::Row) -> Self {
        let (phrase_before, phrase_kept, phrase_after) = crate::content::document::figure_parts(&row.phrase);
        AppendixRow { row, phrase_before, phrase_kept, phrase_after }
    }
}
