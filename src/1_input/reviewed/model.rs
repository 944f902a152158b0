//! What a reviewer did to a copy, as read: paragraphs with their original text, tracked
//! changes and anchor, and comments with their replies.

/// What a reviewer did to a copy.
#[derive(Debug, Default)]
pub(crate) struct Reviewed {
    pub paragraphs: Vec<Paragraph>,
    pub comments: Vec<Comment>,
    /// A redline's: the author and date of its own changes and comments.
    pub signature: Option<(String, String)>,
    /// The document's language as its properties give it (`zh-CN`, `en-GB`), which Word, WPS
    /// and LibreOffice keep: which edition of the paper the copy is.
    pub language: String,
}

/// A paragraph of the reviewed copy.
#[derive(Debug, Default)]
pub(crate) struct Paragraph {
    /// Its text with every change rejected: what gazette wrote, or the reviewer typed
    /// without tracking.
    pub original: String,
    pub edits: Vec<Edit>,
    /// The name of the first of gazette's anchors in it (a bookmark named `_gz…`).
    pub anchor: Option<String>,
    /// The original text's length in characters, kept as it grows (a paragraph of a hostile
    /// file may have millions of runs: counting it again at each would take their square).
    pub(super) chars: usize,
    /// Its paragraph mark was inserted by a reviewer (who pressed Enter), by this author at
    /// this date: the next paragraph is the rest of this one as gazette wrote it.
    pub(super) split: Option<(String, String)>,
}

/// A tracked change: text inserted or deleted at a place of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub inserted: bool,
    pub author: String,
    pub date: String,
    /// Where, in characters of the paragraph's original text.
    pub at: usize,
    pub text: String,
    /// The text's length in characters.
    pub(super) chars: usize,
}

/// A comment, with the text it is on and its replies.
#[derive(Debug, Default, Clone)]
pub(crate) struct Comment {
    pub author: String,
    pub date: String,
    pub text: String,
    /// The paragraph it is on, and the characters of its original text it covers.
    pub paragraph: Option<usize>,
    pub at: usize,
    pub quoted: String,
    pub replies: Vec<Comment>,
}
