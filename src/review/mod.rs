//! `gazette review FILE.docx`: a Word copy back from a reviewer, each tracked change and each
//! comment (with its replies) located in the paper's source: the chapter file and line of its
//! paragraph, and, where the reviewer touched a printed figure, the metric file and line where
//! the figure is written — a figure is changed there, not in the prose. A paragraph is found
//! again by its text, as gazette writes it now; one that changed since the copy was built is
//! matched to the most similar, and said to be.

mod apply;
mod find;
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
    /// Of the copy's anchored paragraphs, how many the paper no longer has as the copy was
    /// built, and how many there are; and the paper's folder as given.
    #[serde(skip)]
    stale: (usize, usize),
    #[serde(skip)]
    paper: String,
}

pub use apply::Applied;
use find::Finder;
use item::{Item, Prose};

/// Reads the reviewed copy `file` of the paper at `paper`.
pub fn review(file: &Path, paper: &Path) -> Result<Review, Error> {
    let reviewed = reviewed::open(file).map_err(Error::usage)?;
    // The English edition's copy is read against the English edition.
    let locale = if reviewed.language.starts_with("en") { Locale::En } else { Locale::Zh };
    let p = pipeline::load(&pipeline::open(paper)?, locale, None, &|_| {})?;
    let written = pipeline::written(&p)?;
    let stale = find::stale(&reviewed.paragraphs, &written);
    Ok(Review { items: items(&reviewed, &written, &p), stale, paper: paper.display().to_string() })
}

/// Every change and comment, in the order of the copy.
fn items(reviewed: &Reviewed, written: &[Written], paper: &Paper) -> Vec<Item> {
    let anchored = reviewed.paragraphs.iter().any(|p| p.anchor.is_some());
    let mut finder = Finder::new(written, anchored);
    let mut located: HashMap<usize, Option<String>> = HashMap::new();
    let mut out = Vec::new();
    let mut last_found: Option<String> = None;
    let mut on: HashMap<usize, Vec<&Comment>> = HashMap::new();
    // A redline's own notes are said only where a reviewer answered them.
    for c in reviewed.comments.iter().filter(|c| !reviewed.own(&c.author, &c.date) || !c.replies.is_empty()) {
        on.entry(c.paragraph.unwrap_or(usize::MAX)).or_default().push(c);
    }
    for (pi, para) in reviewed.paragraphs.iter().enumerate() {
        let comments = on.remove(&pi).unwrap_or_default();
        let untracked = find::untracked(para);
        if para.edits.is_empty() && comments.is_empty() && !untracked {
            continue;
        }
        let found = finder.find(para);
        let w = found.written;
        let at = match w {
            // Each of the paper's paragraphs located once: a copy from outside may hold the
            // same paragraph a million times.
            Some(w) => located
                .entry(std::ptr::from_ref(w) as usize)
                .or_insert_with(|| locate(paper, written, w))
                .clone(),
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
            found: found.how,
            anchor: found.anchor,
            before: String::new(),
            after: String::new(),
            quoted: String::new(),
            replies: Vec::new(),
            metric: None,
            metric_at: None,
            context: context.clone(),
            prose: None,
        };
        // Where the paper's paragraph reads as the copy had it, before the reviewer.
        let as_built =
            w.filter(|w| found.how == "text" || (found.how == "anchor" && w.text == para.original));
        if untracked && found.how == "anchor" {
            out.push(untracked_change(base("untracked", "", ""), w, &para.original, paper));
        }
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
            out.push(placed(item, first.at, as_built, paper));
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

/// A tracked change at character `at` of a paragraph the paper still writes as the copy had
/// it (`as_built`): on a printed figure (its metric named), or on prose (where, for `--apply`).
fn placed(mut item: Item, at: usize, as_built: Option<&Written>, paper: &Paper) -> Item {
    let figure = match as_built {
        // A table's cell holding a figure as printed (数据说明, a chart's data).
        Some(w) if w.in_table => printed(paper, &w.text),
        Some(w) => figure_at(w, (at, item.before.chars().count())),
        None => None,
    };
    if figure.is_some() {
        return with_metric(item, figure, paper);
    }
    if let Some(w) = as_built.filter(|w| !w.in_table && !item.after.contains('\n')) {
        item.prose = w.chapter.and_then(|c| paper.document.chapters.get(c)).map(|c| Prose {
            file: c.source.name.clone(),
            text: w.text.clone(),
            figures: w.figures.iter().map(|(s, l, _)| (*s, *l)).collect(),
            at,
        });
    }
    item
}

/// A change made with tracking off: what differs between the paragraph as built (`w`) and as
/// the copy has it, and the figure it touches.
fn untracked_change(mut item: Item, w: Option<&Written>, now: &str, paper: &Paper) -> Item {
    let (before, figures) = w.map_or(("", &[][..]), |w| (w.text.as_str(), w.figures.as_slice()));
    let at;
    (item.before, item.after, at) = middle(before, now, figures);
    let figure = w.and_then(|w| figure_at(w, (at, item.before.chars().count())));
    with_metric(item, figure, paper)
}

/// The item with the metric of the figure it touches, and where that metric's value is.
fn with_metric(mut item: Item, metric: Option<String>, paper: &Paper) -> Item {
    if let Some(metric) = metric {
        item.metric_at = metric_location(paper, &metric);
        item.metric = Some(metric);
    }
    item
}

/// What differs between two texts: the middle of each left when their common start and end
/// are taken away, widened to the whole of each printed figure of `before` it touches (545件
/// to 546件, not 5 to 6), and where it begins (in characters).
fn middle(before: &str, after: &str, figures: &[(usize, usize, String)]) -> (String, String, usize) {
    let (b, a): (Vec<char>, Vec<char>) = (before.chars().collect(), after.chars().collect());
    let mut start = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let mut end = b[start..].iter().rev().zip(a[start..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (lo, hi) = (start, b.len() - end);
    for (s, l, _) in figures {
        let touched = if lo == hi { *s < lo && s + l > lo } else { *s < hi && s + l > lo };
        if touched {
            start = start.min(*s);
            end = end.min(b.len().saturating_sub(s + l));
        }
    }
    (b[start..b.len() - end].iter().collect(), a[start..a.len() - end].iter().collect(), start)
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
/// plain text (between figures) stands in the chapter's source; when earlier paragraphs of the
/// chapter hold the same stretch, its place among them.
fn locate(paper: &Paper, written: &[Written], w: &Written) -> Option<String> {
    let Some(chapter) = w.chapter.and_then(|c| paper.document.chapters.get(c)) else {
        return w.in_table.then(|| "数据说明".to_string());
    };
    if w.in_table {
        return Some(format!("{}, the data table of a chart", chapter.source.name));
    }
    let source = &chapter.source;
    let longest = longest_plain(w);
    let needle = longest.trim();
    if needle.chars().count() < 2 {
        return Some(source.name.clone());
    }
    let earlier = written
        .iter()
        .take_while(|x| !std::ptr::eq(*x, w))
        .filter(|x| x.chapter == w.chapter && !x.in_table && x.text.contains(needle))
        .count();
    let mut places = source.text.match_indices(needle).map(|(at, _)| at);
    let at = places.clone().nth(earlier).or_else(|| places.next());
    match at {
        Some(at) => Some(format!("{}:{}", source.name, source.line_col(at).0)),
        None => Some(source.name.clone()),
    }
}

/// The paragraph's longest stretch of text between printed figures.
fn longest_plain(w: &Written) -> String {
    let chars: Vec<char> = w.text.chars().collect();
    let mut cuts = vec![0];
    for (start, len, _) in &w.figures {
        cuts.extend([*start, start + len]);
    }
    cuts.push(chars.len());
    cuts.chunks(2)
        .filter_map(|c| Some(chars.get(c[0]..*c.get(1)?)?.iter().collect::<String>()))
        .max_by_key(|s| s.chars().count())
        .unwrap_or_default()
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
        match self.stale {
            (0, _) => {}
            (stale, all) if stale * 2 > all => {
                let _ = writeln!(
                    out,
                    "warning: {stale} of the copy's {all} paragraphs do not read in the paper at `{}` as they did when the copy was built: check that this is the paper the copy was made from",
                    self.paper
                );
            }
            (stale, all) => {
                let _ = writeln!(
                    out,
                    "note: {stale} of the copy's {all} paragraphs read otherwise in the paper now than when the copy was built; a change in one of them is placed by its text, and said to be"
                );
            }
        }
        if self.items.is_empty() {
            out.push_str("the copy has no tracked change and no comment\n");
        }
        for i in &self.items {
            let at = i.at.as_deref().unwrap_or("(not found in the paper)");
            let who = if i.author.is_empty() { "someone" } else { &i.author };
            let (before, after) = (item::shown(&i.before), item::shown(&i.after));
            let _ = match i.kind {
                "changed" => write!(out, "{at}: {who} changed “{before}” to “{after}”"),
                "deleted" => write!(out, "{at}: {who} deleted “{before}”"),
                "inserted" => write!(out, "{at}: {who} inserted “{after}”"),
                "untracked" => write!(
                    out,
                    "{at}: the paragraph was changed with change tracking off (no name or date recorded): “{before}” is now “{after}”"
                ),
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
            if i.anchor == "lost" && i.found != "none" {
                let _ = writeln!(out, "  = the paragraph's anchor was lost in editing; found by its text");
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
