//! `gazette review FILE.docx`: a Word copy back from a reviewer, each tracked change and each
//! comment (with its replies) located in the paper's source: the chapter file and line of its
//! paragraph, and, where the reviewer touched a printed figure, the metric file and line where
//! the figure is written — a figure is changed there, not in the prose. A paragraph is found
//! again by its text, as gazette writes it now; one that changed since the copy was built is
//! matched to the most similar, and said to be.

mod apply;
mod item;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::input::Locale;
use crate::input::reviewed::{self, Comment, Edit, Reviewed};
use crate::pipeline::{self, Error, Paper};
use crate::render::docx::redline::Written;

/// What a reviewer did to a copy, located in the paper.
#[derive(Debug, Serialize)]
pub struct Review {
    items: Vec<Item>,
}

pub use apply::Applied;
use item::{Item, Prose};

/// Reads the reviewed copy `file` of the paper at `paper`.
pub fn review(file: &Path, paper: &Path) -> Result<Review, Error> {
    let reviewed = reviewed::open(file).map_err(Error::usage)?;
    let p = pipeline::load(&pipeline::open(paper)?, Locale::Zh, None, &|_| {})?;
    let written = pipeline::written(&p)?;
    Ok(Review { items: items(&reviewed, &written, &p) })
}

/// Every change and comment, in the order of the copy.
fn items(reviewed: &Reviewed, written: &[Written], paper: &Paper) -> Vec<Item> {
    let mut finder = Finder::new(written);
    let mut out = Vec::new();
    let mut last_found: Option<String> = None;
    let mut on: HashMap<usize, Vec<&Comment>> = HashMap::new();
    for c in &reviewed.comments {
        on.entry(c.paragraph.unwrap_or(usize::MAX)).or_default().push(c);
    }
    for (pi, para) in reviewed.paragraphs.iter().enumerate() {
        let comments = on.remove(&pi).unwrap_or_default();
        if para.edits.is_empty() && comments.is_empty() {
            continue;
        }
        let (found, w) = finder.find(&para.original);
        let at = match w {
            Some(w) => locate(paper, w),
            // A paragraph the reviewer added: after the last one found.
            None if para.original.is_empty() => last_found.clone().map(|at| format!("after {at}")),
            None => None,
        };
        if w.is_some() {
            last_found.clone_from(&at);
        }
        let context: String = para.original.chars().take(24).collect();
        let base = |kind: &'static str, author: &str, date: &str| Item {
            kind,
            author: author.to_string(),
            date: date.to_string(),
            at: at.clone(),
            found,
            before: String::new(),
            after: String::new(),
            quoted: String::new(),
            replies: Vec::new(),
            metric: None,
            metric_at: None,
            context: context.clone(),
            prose: None,
        };
        for (deleted, inserted) in paired(&para.edits) {
            let first = deleted.or(inserted).unwrap_or_else(|| unreachable!());
            let kind = match (deleted, inserted) {
                (Some(_), Some(_)) => "changed",
                (Some(_), None) => "deleted",
                _ => "inserted",
            };
            let mut item = base(kind, &first.author, &first.date);
            item.before = deleted.map(|d| d.text.clone()).unwrap_or_default();
            item.after = inserted.map(|i| i.text.clone()).unwrap_or_default();
            let span = (first.at, item.before.chars().count());
            let figure = match w.filter(|_| found == "text") {
                // A table's cell holding a figure as printed (数据说明, a chart's data).
                Some(w) if w.in_table => printed(paper, &w.text),
                Some(w) => figure_at(w, span),
                None => None,
            };
            if let Some(metric) = figure {
                item.metric_at = metric_location(paper, &metric);
                item.metric = Some(metric);
            } else if let Some(w) = w.filter(|w| found == "text" && !w.in_table) {
                item.prose = w.chapter.and_then(|c| paper.document.chapters.get(c)).map(|c| Prose {
                    file: c.source.name.clone(),
                    text: w.text.clone(),
                    figures: w.figures.iter().map(|(s, l, _)| (*s, *l)).collect(),
                    at: first.at,
                });
            }
            out.push(item);
        }
        for c in comments {
            let mut item = base("comment", &c.author, &c.date);
            item.after = c.text.clone();
            item.quoted = c.quoted.clone();
            item.replies = c.replies.iter().map(|r| (r.author.clone(), r.text.clone())).collect();
            out.push(item);
        }
    }
    out
}

/// Finds a reviewed paragraph among the paper's: by its text (of several with the same text,
/// the first after the last found), or the most similar.
struct Finder<'w> {
    written: &'w [Written],
    exact: HashMap<&'w str, Vec<usize>>,
    cursor: usize,
    searched: usize,
}

impl<'w> Finder<'w> {
    fn new(written: &'w [Written]) -> Self {
        let mut exact: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, w) in written.iter().enumerate().filter(|(_, w)| !w.text.is_empty()) {
            exact.entry(w.text.as_str()).or_default().push(i);
        }
        Finder { written, exact, cursor: 0, searched: 0 }
    }

    /// How the paragraph was found (`text`, `similar` or `none`), and which.
    fn find(&mut self, original: &str) -> (&'static str, Option<&'w Written>) {
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

/// The edits of a paragraph, a deletion and the insertion right after it (or at its place)
/// taken together as one change; the redline's own (by `gazette`) left out.
fn paired(edits: &[Edit]) -> Vec<(Option<&Edit>, Option<&Edit>)> {
    let edits: Vec<&Edit> = edits.iter().filter(|e| e.author != "gazette").collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < edits.len() {
        let e = edits[i];
        let next = edits
            .get(i + 1)
            .filter(|n| !e.inserted && n.inserted && (n.at == e.at || n.at == e.at + e.text.chars().count()));
        match (e.inserted, next) {
            (false, Some(n)) => {
                out.push((Some(e), Some(*n)));
                i += 2;
                continue;
            }
            (false, None) => out.push((Some(e), None)),
            (true, _) => out.push((None, Some(e))),
        }
        i += 1;
    }
    out
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

/// The metric of the figure a change covers (`span`: first character and length; an
/// insertion has length 0 and touches a figure it is inside or right after).
fn figure_at(w: &Written, (at, len): (usize, usize)) -> Option<String> {
    w.figures
        .iter()
        .find(|(start, flen, _)| {
            let end = start + flen;
            if len == 0 { at > *start && at <= end } else { at < end && at + len > *start }
        })
        .map(|(_, _, metric)| metric.clone())
}

/// The metric a table cell prints, as printed.
fn printed(paper: &Paper, cell: &str) -> Option<String> {
    paper.metrics.iter().find(|m| m.phrase == cell).map(|m| m.id.clone())
}

/// The chapter file and line a written paragraph comes from: where its longest stretch of
/// plain text (between figures) stands in the chapter's source.
fn locate(paper: &Paper, w: &Written) -> Option<String> {
    let Some(chapter) = w.chapter.and_then(|c| paper.document.chapters.get(c)) else {
        return w.in_table.then(|| "数据说明".to_string());
    };
    if w.in_table {
        return Some(format!("{}, the data table of a chart", chapter.source.name));
    }
    let source = &chapter.source;
    let chars: Vec<char> = w.text.chars().collect();
    let mut cuts = vec![0];
    for (start, len, _) in &w.figures {
        cuts.extend([*start, start + len]);
    }
    cuts.push(chars.len());
    let longest = cuts
        .chunks(2)
        .filter_map(|c| Some(chars.get(c[0]..*c.get(1)?)?.iter().collect::<String>()))
        .max_by_key(|s| s.chars().count())?;
    let needle = longest.trim();
    match source.text.find(needle).filter(|_| needle.chars().count() >= 2) {
        Some(at) => Some(format!("{}:{}", source.name, source.line_col(at).0)),
        None => Some(source.name.clone()),
    }
}

/// Where a metric's value is written: the line of its `value:` in its metrics file.
fn metric_location(paper: &Paper, id: &str) -> Option<String> {
    let m = paper.metrics.get(id)?;
    let source = &m.at.source;
    let text = &source.text;
    let from = m.at.span.start.min(text.len());
    let value = text[from..].find("value:").map(|v| from + v);
    let next_metric = text[from..].find("\n\n").map_or(text.len(), |n| from + n);
    let at = value.filter(|v| *v < next_metric).unwrap_or(from);
    Some(format!("{}:{}", source.name, source.line_col(at).0))
}

impl Review {
    /// Writes into the chapters of the paper at `paper` each change of plain prose, leaving
    /// figures and everything else to the person: what was applied, and what not and why.
    pub fn apply(&self, paper: &Path) -> Result<Applied, Error> {
        apply::apply(&self.items, paper)
    }

    /// One line per change and comment, as a person reads it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.items.is_empty() {
            out.push_str("the copy has no tracked change and no comment\n");
        }
        for i in &self.items {
            let at = i.at.as_deref().unwrap_or("(not found in the paper)");
            let who = if i.author.is_empty() { "someone" } else { &i.author };
            let _ = match i.kind {
                "changed" => write!(out, "{at}: {who} changed “{}” to “{}”", i.before, i.after),
                "deleted" => write!(out, "{at}: {who} deleted “{}”", i.before),
                "inserted" => write!(out, "{at}: {who} inserted “{}”", i.after),
                _ if i.quoted.is_empty() => write!(out, "{at}: {who} commented: {}", i.after),
                _ => write!(out, "{at}: {who} commented on “{}”: {}", i.quoted, i.after),
            };
            out.push('\n');
            if let (Some(metric), Some(metric_at)) = (&i.metric, &i.metric_at) {
                let _ = writeln!(
                    out,
                    "  = a printed figure: change `value` of `{metric}` at {metric_at}, not the prose"
                );
            }
            for (author, text) in &i.replies {
                let _ = writeln!(out, "  reply by {author}: {text}");
            }
            if i.found == "similar" {
                let _ = writeln!(
                    out,
                    "  = the paragraph has changed since the copy was built (it begins “{}”)",
                    i.context
                );
            }
        }
        out
    }

    /// The same as JSON, for tools.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.items).unwrap_or_default() + "\n"
    }
}
