//! Finding a reviewed paragraph among the paper's: by its anchor (the hidden bookmark the Word
//! copy gives each paragraph of a chapter), else by its text as gazette writes it now, else by
//! the most similar text. How it was found is said with each change, so that a person knows
//! when a location is a guess.

use std::collections::HashMap;

use crate::input::reviewed::Paragraph;
use crate::render::docx::anchor::{self, Anchor};
use crate::render::docx::redline::Written;

/// How a reviewed paragraph was found in the paper.
pub(super) struct Found<'w> {
    /// `anchor`, `text` (as gazette writes it now), `similar` (it has changed since), `none`.
    pub how: &'static str,
    pub written: Option<&'w Written>,
    /// What became of its anchor: `kept`, `stale` (the paper no longer has the paragraph as
    /// the copy was built), `lost` (taken out in editing) or `none` (the copy has none).
    pub anchor: &'static str,
}

/// Finds reviewed paragraphs among the paper's.
pub(super) struct Finder<'w> {
    written: &'w [Written],
    exact: HashMap<&'w str, Vec<usize>>,
    /// The paper's paragraphs by their anchor's digest.
    digests: HashMap<&'w str, Vec<usize>>,
    /// Whether the copy has anchors at all (a copy gazette wrote before it gave them, or a
    /// redline, has none).
    anchored: bool,
    cursor: usize,
    searched: usize,
}

impl<'w> Finder<'w> {
    pub(super) fn new(written: &'w [Written], anchored: bool) -> Self {
        let mut exact: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut digests: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, w) in written.iter().enumerate().filter(|(_, w)| !w.text.is_empty()) {
            exact.entry(w.text.as_str()).or_default().push(i);
            if let Some(a) = &w.anchor {
                digests.entry(a.digest.as_str()).or_default().push(i);
            }
        }
        Finder { written, exact, digests, anchored, cursor: 0, searched: 0 }
    }

    /// Where the reviewed paragraph is in the paper.
    pub(super) fn find(&mut self, para: &Paragraph) -> Found<'w> {
        let anchor = para.anchor.as_deref().and_then(Anchor::parse);
        let state = match &anchor {
            Some(a) => match self.anchored_at(a) {
                Some(i) => {
                    self.cursor = i;
                    return Found { how: "anchor", written: Some(&self.written[i]), anchor: "kept" };
                }
                None => "stale",
            },
            None if self.anchored && !para.original.is_empty() => "lost",
            None => "none",
        };
        let (how, written) = self.by_text(&para.original);
        Found { how, written, anchor: state }
    }

    /// The paper's paragraph with the anchor's digest: in the same chapter at the same place,
    /// else the nearest in that chapter (paragraphs added or removed before it), else the
    /// first anywhere (its chapter moved).
    fn anchored_at(&self, a: &Anchor) -> Option<usize> {
        let same = self.digests.get(a.digest.as_str())?;
        let in_chapter =
            |i: &&usize| self.written[**i].anchor.as_ref().is_some_and(|w| w.chapter == a.chapter);
        let place =
            |i: &usize| self.written[*i].anchor.as_ref().map_or(usize::MAX, |w| w.place.abs_diff(a.place));
        same.iter().filter(in_chapter).min_by_key(|i| place(i)).or(same.first()).copied()
    }

    /// By its text (of several with the same text, the first after the last found), or the
    /// most similar.
    fn by_text(&mut self, original: &str) -> (&'static str, Option<&'w Written>) {
        let same = self.exact.get(original).and_then(|c| c.iter().find(|&&i| i >= self.cursor).or(c.first()));
        if let Some(&i) = same {
            self.cursor = i;
            return ("text", Some(&self.written[i]));
        }
        if self.searched >= MAX_SEARCHED {
            return ("none", None);
        }
        self.searched += 1;
        match most_similar(original, self.written) {
            Some(w) => ("similar", Some(w)),
            None => ("none", None),
        }
    }
}

/// Of the copy's paragraphs with words that carry an anchor, how many the paper no longer has
/// as the copy was built, and how many there are.
pub(super) fn stale(paragraphs: &[Paragraph], written: &[Written]) -> (usize, usize) {
    let now: std::collections::HashSet<&str> =
        written.iter().filter_map(|w| w.anchor.as_ref()).map(|a| a.digest.as_str()).collect();
    let empty = anchor::digest("");
    let anchors: Vec<Anchor> = paragraphs
        .iter()
        .filter_map(|p| Anchor::parse(p.anchor.as_deref()?))
        .filter(|a| a.digest != empty)
        .collect();
    (anchors.iter().filter(|a| !now.contains(a.digest.as_str())).count(), anchors.len())
}

/// Whether the reviewed paragraph's text is no longer what its anchor says the copy was built
/// with: the reviewer changed it with change tracking off.
pub(super) fn untracked(para: &Paragraph) -> bool {
    para.anchor.as_deref().and_then(Anchor::parse).is_some_and(|a| a.digest != anchor::digest(&para.original))
}

/// The most changed paragraphs looked for among similar ones (the others are not found).
const MAX_SEARCHED: usize = 500;

/// The most paragraphs of the paper a changed paragraph is compared with, each comparison
/// stopped after 20 ms: a reviewed copy comes from outside, and may hold anything.
const MAX_CANDIDATES: usize = 2_000;

/// The written paragraph most like `text`, when one is like it at all.
fn most_similar<'w>(text: &str, written: &'w [Written]) -> Option<&'w Written> {
    let chars = text.chars().count();
    written
        .iter()
        .filter(|w| !w.text.is_empty() && w.text.chars().count().abs_diff(chars) * 2 <= chars.max(8))
        .take(MAX_CANDIDATES)
        .map(|w| {
            let diff = similar::TextDiff::configure()
                .timeout(std::time::Duration::from_millis(20))
                .diff_chars(text, w.text.as_str());
            (diff.ratio(), w)
        })
        .filter(|(r, _)| *r >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, w)| w)
}
