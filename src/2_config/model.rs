//! The paper's settings as gazette uses them: [`Config`], with its dates, fonts and PDF
//! standards.

use std::sync::Arc;

use crate::input::Locale;
use crate::input::diagnostic::Source;
use crate::input::locale::MONTHS;

/// The name of the settings file at the top of every paper.
pub(crate) const FILE: &str = "gazette.yaml";

/// The paper's settings.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    pub title: String,
    pub subtitle: Option<String>,
    pub publisher: Option<String>,
    /// Publication date, `YYYY-MM-DD`, or a month `YYYY-MM`.
    pub date: Option<Date>,
    /// ASCII name for files made from the paper (the PDF), default `paper`.
    pub slug: String,
    pub description: Option<String>,
    pub theme: String,
    /// Whether raw HTML in chapters is passed through instead of escaped.
    pub allow_raw_html: bool,
    /// Tags that run code or embed other sites (`script`, `iframe`, …) allowed by name.
    pub allow_raw_html_tags: Vec<String>,
    /// PDF standards to meet (`pdf: { standard: ua-1 }`).
    pub pdf_standards: Vec<Standard>,
    /// Extra font files for the PDF, relative to the paper (`pdf: { fonts: [...] }`).
    pub pdf_fonts: Vec<String>,
    /// Font families chosen for the PDF's body, headings and title, with where each is named.
    pub pdf_families: Vec<(FontRole, String, crate::input::diagnostic::Location)>,
    /// Where the site is published (`https://…/`), for canonical and Open Graph links.
    pub base_url: Option<String>,
    /// A draft carries a 征求意见稿 mark on every page of the site and the PDF.
    pub draft: bool,
    /// Search keywords for the page's metadata.
    pub keywords: Vec<String>,
    /// The English edition's title, subtitle, publisher and description (`en: { … }`).
    pub en: English,
    /// `docx: { comments: true }`: the Word copy carries a comment on each figure naming its
    /// label, period and source, for reviewers.
    pub docx_comments: bool,
    /// `figure_numbering: chinese` numbers figures 图一, 图二 … (as many provincial reports do).
    pub chinese_figure_numbers: bool,
    /// `site: { pages: … }`: one page, a page per chapter, or by the paper's length.
    pub site_pages: Pages,
    /// `pdf: { chapters: … }`: where the PDF starts each chapter.
    pub pdf_chapters: ChapterStart,
    /// The file as read, for messages that point into it.
    pub source: Option<Arc<Source>>,
}

/// How the site divides the paper into pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Pages {
    /// A page per chapter for a paper of more than [`Pages::LONG`] characters, else one.
    #[default]
    Auto,
    One,
    Chapter,
}

impl Pages {
    /// The length, in characters of its chapters' sources, above which `auto` gives a paper
    /// a page per chapter: about 150 pages of the PDF, a page of 1.5 MB or more in the site.
    pub(crate) const LONG: usize = 100_000;
}

/// Where the PDF starts each chapter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum ChapterStart {
    /// On a new page for a paper of more than [`Pages::LONG`] characters (a book), else
    /// straight after the chapter before.
    #[default]
    Auto,
    /// Straight after the chapter before, as GB/T 9704 sets a document.
    RunOn,
    /// On a new page.
    NewPage,
}

/// The settings the English edition prints in place of the Chinese ones.
#[derive(Debug, Clone, Default)]
pub(crate) struct English {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub publisher: Option<String>,
    pub description: Option<String>,
}

impl Config {
    /// The title's lines, as written (a line break in `title` is where the cover breaks it).
    pub(crate) fn title_lines(&self) -> Vec<&str> {
        self.title.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
    }

    /// The title on one line, for a page's metadata, running headers and document
    /// properties: its lines joined by an ideographic space in Chinese, a space in English.
    pub(crate) fn title_line(&self, locale: crate::input::Locale) -> String {
        let gap = if locale == crate::input::Locale::Zh { "\u{3000}" } else { " " };
        self.title_lines().join(gap)
    }

    /// The settings as the English edition prints them: its own title and words where given.
    pub(crate) fn in_english(&mut self) {
        let en = std::mem::take(&mut self.en);
        if let Some(t) = en.title {
            self.title = t;
        }
        for (field, value) in [
            (&mut self.subtitle, en.subtitle),
            (&mut self.publisher, en.publisher),
            (&mut self.description, en.description),
        ] {
            if value.is_some() {
                *field = value;
            }
        }
    }
}

/// What a font family set in `gazette.yaml` is used for in the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FontRole {
    /// Body text (GB/T 9704: 仿宋).
    Body,
    /// 一、 headings (黑体).
    Heading,
    /// The title (小标宋).
    Title,
}

impl FontRole {
    /// The key in `gazette.yaml` and in the template's data.
    pub(crate) fn key(self) -> &'static str {
        match self {
            FontRole::Body => "body_font",
            FontRole::Heading => "heading_font",
            FontRole::Title => "title_font",
        }
    }
}

/// A calendar date as written in `gazette.yaml`: a day, or a month alone (white papers are
/// dated 2023年12月).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Date {
    pub year: u16,
    pub month: u8,
    /// `None` for a month alone.
    pub day: Option<u8>,
}

impl Date {
    /// Parses `2024-07-19`, `2023-12`, `2024年7月19日` or `2023年12月`, checking the day exists.
    pub(crate) fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let normal: String = s.replace(['年', '月'], "-").replace('日', "");
        let mut it = normal.trim_end_matches('-').split('-');
        let year: u16 = it.next()?.parse().ok()?;
        let month: u8 = it.next()?.parse().ok()?;
        let day: Option<u8> = match it.next() {
            Some(d) => Some(d.parse().ok()?),
            None => None,
        };
        if it.next().is_some() || !(1000..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        match day {
            Some(d) if !(1..=days[usize::from(month - 1)]).contains(&d) => None,
            _ => Some(Self { year, month, day }),
        }
    }

    /// 2024年7月19日, or 2023年12月: full year, no zero padding (GB/T 9704 7.3.5.4).
    pub(crate) fn zh(&self) -> String {
        match self.day {
            Some(d) => format!("{}年{}月{d}日", self.year, self.month),
            None => format!("{}年{}月", self.year, self.month),
        }
    }

    /// The date as the edition prints it: 2024年7月19日, or 19 July 2024 (December 2023).
    pub(crate) fn printed(&self, locale: Locale) -> String {
        match locale {
            Locale::Zh => self.zh(),
            Locale::En => {
                let month = MONTHS[usize::from(self.month.clamp(1, 12)) - 1];
                match self.day {
                    Some(d) => format!("{d} {month} {}", self.year),
                    None => format!("{month} {}", self.year),
                }
            }
        }
    }

    /// 2024-07-19, or 2023-12 (both valid in HTML's `datetime`).
    pub(crate) fn iso(&self) -> String {
        match self.day {
            Some(d) => format!("{:04}-{:02}-{d:02}", self.year, self.month),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }

    /// The day, or the first of the month for a month alone (for metadata that needs a day).
    pub(crate) fn day_or_first(&self) -> u8 {
        self.day.unwrap_or(1)
    }
}

/// Lowercase ASCII letters, digits and single hyphens.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Whether a chapter slug would give the site an id it already uses for something else:
/// the page's own (`main`, `toc`, `data-notes` and their `-title`s; `index` and `data-notes`
/// name pages of a paper with a page per chapter), a figure's (`fig-3`), a footnote's
/// (`fn-<chapter>-1`) or another chapter's heading (`<chapter>-title`). A chapter's slug
/// becomes its anchor and its page's name, so two things sharing one would break links.
pub(crate) fn is_reserved_slug(s: &str) -> bool {
    let numbered = |prefix: &str| {
        s.strip_prefix(prefix).is_some_and(|rest| {
            rest.rsplit_once('-').map_or(rest, |(_, n)| n).chars().all(|c| c.is_ascii_digit())
        })
    };
    matches!(s, "main" | "toc" | "data-notes" | "index")
        || s.ends_with("-title")
        || s.strip_prefix("fig-").is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
        || numbered("fn-")
        || numbered("fnref-")
}

/// Which PDF standards the paper asks for in `gazette.yaml` (`pdf: { standard: … }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standard {
    /// PDF/UA-1: accessible, every figure with alt text.
    Ua1,
    /// PDF/A-2b: archival.
    A2b,
}

impl Standard {
    pub(crate) const NAMES: &'static [(&'static str, Standard)] =
        &[("ua-1", Standard::Ua1), ("a-2b", Standard::A2b)];
}
