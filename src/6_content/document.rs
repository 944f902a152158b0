//! The document model: what every renderer walks. Chapters are parsed into it once; the
//! HTML site (and later the PDF) render from it, so they print the same text and figures.

use crate::config::Config;
use crate::metrics::Facet;

/// The whole paper, ready to render.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub config: Config,
    pub chapters: Vec<Chapter>,
    /// The edition: the Chinese original or the English edition.
    pub locale: crate::input::Locale,
}

impl Document {
    /// Whether the paper is long: more than [`crate::config::Pages::LONG`] characters in its
    /// chapters' sources, about 150 pages of the PDF. `auto` gives such a paper a site page
    /// per chapter and starts each of its chapters on a new page of the PDF, as a book does.
    pub(crate) fn is_long(&self) -> bool {
        self.chapters.iter().map(|c| c.source.text.chars().count()).sum::<usize>()
            > crate::config::Pages::LONG
    }

    /// Whether the PDF starts each chapter on a new page (`pdf: { chapters: … }`).
    pub(crate) fn chapter_pages(&self) -> bool {
        use crate::config::ChapterStart;
        match self.config.pdf_chapters {
            ChapterStart::RunOn => false,
            ChapterStart::NewPage => true,
            ChapterStart::Auto => self.is_long(),
        }
    }
}

/// One chapter (one Markdown file).
#[derive(Debug, Clone)]
pub(crate) struct Chapter {
    /// The file it came from, as read, for messages that point into it.
    pub source: std::sync::Arc<crate::input::diagnostic::Source>,
    /// Anchor and file-name-safe id, unique in the paper.
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    /// 1-based position among numbered chapters (一、二、…), or none for a preface.
    pub number: Option<usize>,
    pub blocks: Vec<Block>,
    /// Footnote texts in the order of their first reference.
    pub footnotes: Vec<Footnote>,
    /// A hash of all the chapter's body is made from (text, metrics and charts it refers to,
    /// settings, edition, slug, chart numbers): equal hashes, equal bodies. Zero when the
    /// build keeps nothing for a next one.
    pub inputs: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct Footnote {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone)]
pub(crate) enum Block {
    Paragraph(Vec<Inline>),
    /// A heading inside a chapter: level 1 is （一）, 2 is 1., 3 is （1）, deeper is unnumbered.
    Heading {
        level: u8,
        /// The ordinal printed before the text, such as （一）.
        number: Option<String>,
        anchor: String,
        content: Vec<Inline>,
    },
    List {
        /// The first number of an ordered list.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Code {
        lang: Option<String>,
        text: String,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
    /// Raw HTML the paper allows (`allow_raw_html: true`).
    Html(String),
    /// A chart placed by `{{ chart.ID }}`, numbered 图1, 图2 … in document order.
    Chart {
        id: String,
        number: usize,
        /// The number as printed after 图: 3, or 三 with `figure_numbering: chinese`.
        label: String,
        /// Where the figures it draws come from, resolved once for every output.
        figures: Vec<std::sync::Arc<crate::content::provenance::Provenance>>,
    },
}

#[derive(Debug, Clone)]
pub(crate) enum Inline {
    Text(String),
    /// A metric printed as the paper states it, with the metric it came from and which of
    /// its figures it is (its value, its change, a year of its series, a part).
    Figure {
        metric: String,
        facet: Facet,
        text: String,
        /// Where it comes from, resolved once for every output.
        source: Option<std::sync::Arc<crate::content::provenance::Provenance>>,
    },
    /// A cross-reference to a chart's figure (图3), numbered with the charts.
    FigureRef {
        chart: String,
        /// The printed reference (图3, 图三, Figure 3); empty until the charts are numbered.
        text: String,
        /// The chart's number, 0 while unnumbered or when the chart is not placed.
        number: usize,
    },
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Code(String),
    Link {
        url: String,
        title: String,
        content: Vec<Inline>,
    },
    Image {
        /// Path under the site, or the URL as written.
        url: String,
        alt: String,
        title: String,
    },
    /// A reference to the chapter's footnote with this 1-based number.
    FootnoteRef(usize),
    SoftBreak,
    HardBreak,
    /// Raw inline HTML the paper allows.
    Html(String),
    /// A chart placed inside a paragraph; the Markdown stage lifts it out into a block.
    Chart(String),
}

/// One node of the document, as a walk meets it.
#[derive(Clone, Copy)]
pub(crate) enum Node<'a> {
    Block(&'a Block),
    Inline(&'a Inline),
}

/// One node of the document, as a changing walk meets it.
pub(crate) enum NodeMut<'a> {
    Block(&'a mut Block),
    Inline(&'a mut Inline),
}

/// Writes a walk over blocks, shared or changing (`mut`): one traversal for both.
macro_rules! walker {
    ($(#[$doc:meta])* $name:ident, $node:ident, $iter:ident $(, $mut:tt)?) => {
        $(#[$doc])*
        pub(crate) fn $name(blocks: &$($mut)? [Block], f: &mut impl FnMut($node<'_>)) {
            fn inlines(list: &$($mut)? [Inline], f: &mut impl FnMut($node<'_>)) {
                for i in list {
                    f($node::Inline(i));
                    if let Inline::Emphasis(c)
                    | Inline::Strong(c)
                    | Inline::Strikethrough(c)
                    | Inline::Link { content: c, .. } = i
                    {
                        inlines(c, f);
                    }
                }
            }
            for b in blocks {
                f($node::Block(b));
                match b {
                    Block::Paragraph(c) | Block::Heading { content: c, .. } => inlines(c, f),
                    Block::List { items, .. } => items.$iter().for_each(|i| $name(i, f)),
                    Block::Quote(inner) => $name(inner, f),
                    Block::Table { head, rows, .. } => {
                        head.$iter().for_each(|c| inlines(c, f));
                        rows.$iter().flatten().for_each(|c| inlines(c, f));
                    }
                    _ => {}
                }
            }
        }
    };
}

walker!(
    /// The one walk over a document's blocks: `f` is called on every block and then on what
    /// it holds — its inlines (nested in emphasis, strikethrough and links too), the items of
    /// a list, the blocks of a quote, the cells of a table, head first — in document order.
    walk, Node, iter
);
walker!(
    /// [`walk`], letting `f` change each node (before the walk goes into it).
    walk_mut, NodeMut, iter_mut, mut
);

/// A figure as a page on screen prints it, split where a line may break: before, the part
/// kept together, after. The number always stays with its unit and the words beside it: a
/// long English figure keeps the word on each side of its number (`down 3.95 percentage` |
/// ` points year on year`); a long Chinese one may break before its number (`同比下降` |
/// `3.95个百分点`). A short figure is kept whole: `("", text, "")`.
pub(crate) fn figure_parts(text: &str) -> (&str, &str, &str) {
    match text.find(|c: char| c.is_ascii_digit()) {
        Some(digit) if !text.contains(' ') => {
            let lead = text[..digit].chars().count();
            if lead >= 2 && text.chars().count() > 8 {
                (&text[..digit], &text[digit..], "")
            } else {
                ("", text, "")
            }
        }
        _ => english_parts(text),
    }
}

/// [`figure_parts`] for print, where a page break or a float may come between two lines: a
/// Chinese figure keeps the two characters before its number, its verb, and may break
/// before them (`同比` | `下降3.95个百分点`), so that it never begins a line, a page or the
/// text after a chart without its verb; its box is also narrower than the whole figure's, so
/// a justified line opens less around it.
pub(crate) fn figure_parts_in_print(text: &str) -> (&str, &str, &str) {
    match text.find(|c: char| c.is_ascii_digit()) {
        Some(digit) if !text.contains(' ') => match text[..digit].char_indices().rev().nth(1) {
            Some((at, _)) if at > 0 => (&text[..at], &text[at..], ""),
            _ => ("", text, ""),
        },
        _ => english_parts(text),
    }
}

/// An English figure split between its words, the number kept with the word on each side;
/// whole when it has four words or fewer.
fn english_parts(text: &str) -> (&str, &str, &str) {
    let whole = ("", text, "");
    // Each word with where it starts; runs of spaces are no words.
    let words: Vec<(usize, &str)> = text
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let Some(n) = words.iter().position(|(_, w)| w.chars().any(|c| c.is_ascii_digit())) else { return whole };
    if words.len() <= 4 {
        return whole;
    }
    let first = n.saturating_sub(1);
    let last = (n + 1).min(words.len() - 1);
    let start = words[first].0;
    let end = words[last].0 + words[last].1.len();
    (&text[..start], &text[start..end], &text[end..])
}

/// The plain text of inline content (for anchors, titles and alt text).
pub(crate) fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    collect_text(inlines, &mut out);
    out
}

fn collect_text(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Figure { text, .. } | Inline::FigureRef { text, .. } => out.push_str(text),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => collect_text(c, out),
            Inline::Link { content, .. } => collect_text(content, out),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            Inline::FootnoteRef(_) | Inline::Html(_) | Inline::Chart(_) => {}
        }
    }
}

/// 一, 二, … 九十九: the chapter ordinal.
pub(crate) fn chinese_ordinal(n: usize) -> String {
    crate::input::locale::chinese_integer(n as u64)
}

/// The ordinal printed before a heading of this level (GB/T 9704: 一、（一）1.（1）).
pub(crate) fn heading_ordinal(level: u8, n: usize) -> Option<String> {
    match level {
        0 => Some(format!("{}、", chinese_ordinal(n))),
        1 => Some(format!("（{}）", chinese_ordinal(n))),
        2 => Some(format!("{n}.")),
        3 => Some(format!("（{n}）")),
        _ => None,
    }
}

/// True when a heading already starts with an ordinal the author typed (一、 （一） 1. （1）).
pub(crate) fn starts_with_ordinal(text: &str) -> bool {
    let t = text.trim_start();
    let cn = |c: char| "一二三四五六七八九十百零〇".contains(c);
    let inner = |s: &str, close: char| {
        s.find(close).is_some_and(|i| {
            let body = &s[..i];
            !body.is_empty() && (body.chars().all(cn) || body.chars().all(|c| c.is_ascii_digit()))
        })
    };
    if let Some(rest) = t.strip_prefix('（').or_else(|| t.strip_prefix('(')) {
        return inner(rest, '）') || inner(rest, ')');
    }
    let lead: String = t.chars().take_while(|c| cn(*c)).collect();
    if !lead.is_empty() && t[lead.len()..].starts_with('、') {
        return true;
    }
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    !digits.is_empty()
        && (t[digits.len()..].starts_with(". ")
            || t[digits.len()..].starts_with('．')
            || t[digits.len()..].starts_with('、'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_follow_gbt_9704() {
        assert_eq!(heading_ordinal(0, 3).unwrap(), "三、");
        assert_eq!(heading_ordinal(1, 2).unwrap(), "（二）");
        assert_eq!(heading_ordinal(2, 1).unwrap(), "1.");
        assert_eq!(heading_ordinal(3, 4).unwrap(), "（4）");
        assert_eq!(chinese_ordinal(11), "十一");
    }

    #[test]
    fn typed_ordinals_are_recognised() {
        for t in ["一、发挥职能作用", "（一）支持依法行政", "(2) x", "1. 第一", "十二、结语"]
        {
            assert!(starts_with_ordinal(t), "{t}");
        }
        for t in ["一是支持依法行政", "2023年以来", "第一章"] {
            assert!(!starts_with_ordinal(t), "{t}");
        }
    }

    #[test]
    fn long_figures_break_around_their_number_only() {
        assert_eq!(
            figure_parts("down 3.95 percentage points year on year"),
            ("", "down 3.95 percentage", " points year on year")
        );
        assert_eq!(figure_parts("more than 4,500"), ("", "more than 4,500", ""));
        assert_eq!(figure_parts("同比下降3.95个百分点"), ("同比下降", "3.95个百分点", ""));
        for whole in ["4500余件", "超4亿元", "近200件", "同比上升12%", "100%"] {
            assert_eq!(figure_parts(whole), ("", whole, ""));
        }
        // In print the verb stays with the number, so that no page break parts them.
        let print = figure_parts_in_print;
        assert_eq!(print("同比下降3.95个百分点"), ("同比", "下降3.95个百分点", ""));
        assert_eq!(print("同比上升12%"), ("同比", "上升12%", ""));
        assert_eq!(print("较上年增长12%"), ("较上年", "增长12%", ""));
        for whole in ["4500余件", "超4亿元", "近200件", "上升12%", "100%"] {
            assert_eq!(print(whole), ("", whole, ""));
        }
        assert_eq!(
            print("down 3.95 percentage points year on year"),
            figure_parts("down 3.95 percentage points year on year")
        );
        assert_eq!(
            figure_parts("a rise of 12.3 percent on the year"),
            ("a rise ", "of 12.3 percent", " on the year")
        );
        // Runs of spaces are no words: the number keeps its neighbours.
        assert_eq!(
            figure_parts("a rise of  12.3 percent  on the year"),
            ("a rise ", "of  12.3 percent", "  on the year")
        );
    }
}
