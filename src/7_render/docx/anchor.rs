//! Anchors back to the source: a hidden bookmark over each paragraph of a chapter in the Word
//! copy, named by the chapter's place, the paragraph's place in it and a digest of its text as
//! written (`_gz3_12_9f2c01ab`). Word, WPS and LibreOffice keep a hidden bookmark (a name
//! beginning with `_`, at most 40 characters) through a reviewer's editing, where they drop
//! `w14:paraId` and content-control tags (`../shared/research/review-loop.md`), so `gazette
//! review` finds the paragraph a change or comment is in even where the reviewer edited it
//! without tracking, where two paragraphs read the same, or where the chapter moved; the
//! digest tells whether the paragraph still reads in the paper as the copy has it.

use std::fmt::Write as _;

use quick_xml::Reader;
use quick_xml::events::Event;
use rayon::prelude::*;
use sha2::{Digest as _, Sha256};

/// A paragraph's anchor: its chapter's and its own place, and its text's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub chapter: usize,
    pub place: usize,
    pub digest: String,
}

impl Anchor {
    /// The anchor of the `place`th paragraph of the `chapter`th chapter, reading `text`.
    pub(crate) fn new(chapter: usize, place: usize, text: &str) -> Self {
        Anchor { chapter, place, digest: digest(text) }
    }

    /// The bookmark's name.
    pub(crate) fn name(&self) -> String {
        format!("_gz{}_{}_{}", self.chapter, self.place, self.digest)
    }

    /// The anchor a bookmark's name is, when it is one of gazette's.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        let mut parts = name.strip_prefix("_gz")?.split('_');
        let chapter = parts.next()?.parse().ok()?;
        let place = parts.next()?.parse().ok()?;
        let digest = parts.next().filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_hexdigit()))?;
        parts.next().is_none().then(|| Anchor { chapter, place, digest: digest.to_string() })
    }
}

/// The first eight hexadecimal digits of the text's SHA-256: enough to tell one paragraph's
/// text from another's in a paper, short enough for Word's 40-character bookmark names.
pub(crate) fn digest(text: &str) -> String {
    let hash = Sha256::digest(text.as_bytes());
    hash[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// The paragraph's text as a reader of the copy sees it (what `gazette review` reads back).
pub(crate) fn text(paragraph: &str) -> String {
    crate::input::reviewed::paragraph_text(paragraph)
}

/// Puts an anchor in each paragraph of the chapters in `body`: `chapters` gives where each
/// chapter's XML begins (in order; the last ends at `end`). Bookmark ids count from `first_id`.
pub(super) fn insert(body: &str, chapters: &[usize], end: usize, first_id: usize) -> String {
    // Reading each paragraph's text back is most of the work: the chapters are read on every
    // core, then put together in order, which numbers the bookmarks.
    let named: Vec<Vec<(&str, Option<String>)>> = (0..chapters.len())
        .into_par_iter()
        .map(|c| {
            let to = chapters.get(c + 1).copied().unwrap_or(end);
            let mut place = 0;
            top_level(&body[chapters[c]..to])
                .into_iter()
                .map(|element| {
                    let name = element.starts_with("<w:p>").then(|| {
                        place += 1;
                        Anchor::new(c, place - 1, &text(element)).name()
                    });
                    (element, name)
                })
                .collect()
        })
        .collect();
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    out.push_str(&body[..chapters.first().copied().unwrap_or(end)]);
    let mut id = first_id;
    for (element, name) in named.iter().flatten() {
        let Some(name) = name else {
            out.push_str(element);
            continue;
        };
        let head =
            element.strip_prefix("<w:p><w:pPr>").and_then(|r| r.find("</w:pPr>")).map_or(5, |e| e + 20);
        let tail = element.len() - "</w:p>".len();
        out.push_str(&element[..head]);
        let _ = write!(out, "<w:bookmarkStart w:id=\"{id}\" w:name=\"{name}\"/>");
        out.push_str(&element[head..tail]);
        let _ = write!(out, "<w:bookmarkEnd w:id=\"{id}\"/></w:p>");
        id += 1;
    }
    out.push_str(&body[end..]);
    out
}

/// The elements at the top of `xml`, each as its whole text.
pub(super) fn top_level(xml: &str) -> Vec<&str> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                if depth == 0 {
                    start = before;
                }
                depth += 1;
            }
            Ok(Event::End(_)) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push(&xml[start..reader.buffer_position() as usize]);
                }
            }
            Ok(Event::Empty(_)) if depth == 0 => out.push(&xml[before..reader.buffer_position() as usize]),
            Ok(Event::Eof) | Err(_) => return out,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anchor_is_a_hidden_bookmark_name_word_keeps_and_reads_back() {
        let a = Anchor::new(12, 345, "全年受理案件545件。");
        let name = a.name();
        assert!(name.starts_with("_gz12_345_") && name.len() <= 40, "{name}");
        assert!(name.bytes().all(|b| b == b'_' || b.is_ascii_alphanumeric()), "{name}");
        assert_eq!(Anchor::parse(&name), Some(a));
        for other in ["_Toc123", "_gz1_2", "_gz1_2_xyz", "_gz1_2_0123abcd_9", "gz1_2_0123abcd"] {
            assert_eq!(Anchor::parse(other), None, "{other}");
        }
    }

    #[test]
    fn each_paragraph_of_a_chapter_gets_its_anchor_around_its_content() {
        let body = "<w:p>封面</w:p><w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>一、概况</w:t></w:r></w:p>\
                    <w:p/><w:tbl><w:tr><w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
                    <w:p><w:r><w:t>正文</w:t></w:r></w:p><w:p>附录</w:p>";
        let from = body.find("<w:p><w:pPr>").unwrap();
        let end = body.rfind("<w:p>附录").unwrap();
        let out = insert(body, &[from], end, 7);
        let heading = Anchor::new(0, 0, "一、概况").name();
        let text = Anchor::new(0, 1, "正文").name();
        assert!(out.starts_with("<w:p>封面</w:p>") && out.ends_with("<w:p>附录</w:p>"), "{out}");
        assert!(out.contains(&format!(
            "</w:pPr><w:bookmarkStart w:id=\"7\" w:name=\"{heading}\"/><w:r><w:t>一、概况</w:t></w:r><w:bookmarkEnd w:id=\"7\"/></w:p>"
        )));
        assert!(out.contains(&format!(
            "<w:p><w:bookmarkStart w:id=\"8\" w:name=\"{text}\"/><w:r><w:t>正文</w:t></w:r><w:bookmarkEnd w:id=\"8\"/></w:p>"
        )));
        assert!(
            out.contains("<w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc>"),
            "a table's cells have none"
        );
    }
}
