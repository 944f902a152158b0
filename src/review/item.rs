//! One tracked change or comment of a reviewed copy, located, as `review` lists it and
//! `--apply` reads it.

use serde::Serialize;

/// One tracked change or comment.
#[derive(Debug, Serialize)]
pub(super) struct Item {
    /// `changed`, `inserted`, `deleted`, `comment`, or `untracked` (the paragraph reads
    /// otherwise than its anchor says the copy was built: changed with tracking off).
    pub(super) kind: &'static str,
    pub(super) author: String,
    pub(super) date: String,
    /// The chapter file and line of the paragraph (`content/01-government.md:9`).
    pub(super) at: Option<String>,
    /// How the paragraph was found: `anchor` (the Word copy's bookmark for it), `text` (as
    /// gazette writes it now), `similar` (it has changed since), or `none`.
    pub(super) found: &'static str,
    /// What became of the paragraph's anchor: `kept`, `stale` (the paper's paragraph has
    /// changed since the copy was built), `lost` (taken out in editing) or `none` (the copy
    /// has no anchors: a redline, or a copy of an earlier gazette).
    pub(super) anchor: &'static str,
    /// The text deleted and inserted; a comment's text.
    pub(super) before: String,
    pub(super) after: String,
    /// A comment's: the text it is on, and the replies (author, text).
    pub(super) quoted: String,
    pub(super) replies: Vec<(String, String)>,
    /// A printed figure the change touches: its metric, and where its value is written.
    pub(super) metric: Option<String>,
    pub(super) metric_at: Option<String>,
    /// The start of the paragraph, to recognise it.
    pub(super) context: String,
    /// Where a change of plain prose stands, for `--apply`.
    #[serde(skip)]
    pub(super) prose: Option<Prose>,
}

/// Where a change of plain prose stands: the chapter file, the paragraph's text as gazette
/// writes it, its printed figures (first character, length), and the change's first character.
#[derive(Debug, Clone)]
pub(super) struct Prose {
    pub file: String,
    pub text: String,
    pub figures: Vec<(usize, usize)>,
    pub at: usize,
}

/// A change's text as a line shows it: a new paragraph's mark as `¶`, as Word shows it.
pub(super) fn shown(text: &str) -> String {
    text.replace('\n', "¶")
}
