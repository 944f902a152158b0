//! `gazette review FILE.docx --apply`: the reviewer's changes of plain prose written into the
//! chapters' Markdown. A change is applied only where it lies inside one stretch of text
//! between printed figures, in a paragraph gazette still writes as the copy had it, and where
//! that text (with a little of what surrounds it) stands exactly once in the chapter file; the
//! `{{ m.ID }}` references, the metric files and the comments are never touched. Every other
//! change is listed with why it was not applied.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::item::{Item, Prose, shown};
use crate::pipeline::{self, Error};

/// What `--apply` did: a line for each change applied, and for each not applied with why.
#[derive(Debug, Default)]
pub struct Applied {
    applied: Vec<String>,
    skipped: Vec<String>,
}

impl Applied {
    /// The lines a person reads.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for line in &self.applied {
            let _ = writeln!(out, "applied: {line}");
        }
        for line in &self.skipped {
            let _ = writeln!(out, "not applied: {line}");
        }
        let _ = writeln!(out, "{} applied, {} not applied", self.applied.len(), self.skipped.len());
        out
    }
}

/// Applies the prose changes among `items` to the chapters of the paper at `root`.
pub(super) fn apply(items: &[Item], root: &Path) -> Result<Applied, Error> {
    let disk = pipeline::open(root)?;
    let files: &dyn crate::input::files::Files = &disk;
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut changed: BTreeMap<String, bool> = BTreeMap::new();
    let mut out = Applied::default();
    for item in items.iter().filter(|i| i.kind != "comment") {
        let said = describe(item);
        let Some(prose) = &item.prose else {
            out.skipped.push(format!("{said}: {}", why_not(item)));
            continue;
        };
        if !texts.contains_key(&prose.file) {
            let raw = files.read(Path::new(&prose.file)).ok().and_then(|b| String::from_utf8(b).ok());
            texts.insert(prose.file.clone(), raw.unwrap_or_default());
        }
        let text = texts.get_mut(&prose.file).unwrap_or_else(|| unreachable!());
        match replace(text, prose, &item.before, &item.after) {
            Ok(()) => {
                changed.insert(prose.file.clone(), true);
                out.applied.push(said);
            }
            Err(why) => out.skipped.push(format!("{said}: {why}")),
        }
    }
    for (file, _) in changed {
        let text = &texts[&file];
        crate::output::write_atomically(&root.join(&file), text.as_bytes())
            .map_err(|e| Error::environment(e.to_string()))?;
    }
    Ok(out)
}

/// The change as a person names it.
fn describe(item: &Item) -> String {
    let at = item.at.as_deref().unwrap_or("(not found in the paper)");
    let (before, after) = (shown(&item.before), shown(&item.after));
    match item.kind {
        "changed" => format!("{at}: “{before}” to “{after}”"),
        "deleted" => format!("{at}: deleted “{before}”"),
        "untracked" => format!("{at}: “{before}” to “{after}” (untracked)"),
        _ => format!("{at}: inserted “{after}”"),
    }
}

/// Why a change has no place in the prose to be written to.
fn why_not(item: &Item) -> String {
    match (&item.metric, &item.metric_at, item.found) {
        (Some(m), Some(at), _) => format!("a printed figure: change `value` of `{m}` at {at}"),
        _ if item.kind == "untracked" => {
            "made with change tracking off: gazette applies tracked changes only; make it by hand".into()
        }
        _ if item.after.contains('\n') => "a new paragraph: add it to the chapter by hand".into(),
        (_, _, "similar") => "the paragraph has changed in the source since the copy was built".into(),
        (_, _, "none") => "the paragraph is not in the paper".into(),
        _ if item.at.as_deref().is_some_and(|a| a.contains("data table") || a == "数据说明") => {
            "a table's cell: a chart's data and 数据说明 come from the metrics".into()
        }
        _ => "not in a chapter's text".into(),
    }
}

/// Replaces, in a chapter's text, `before` by `after` at the place `prose` says, when that
/// place lies within one stretch of text between figures and is found exactly once.
fn replace(text: &mut String, prose: &Prose, before: &str, after: &str) -> Result<(), String> {
    let chars: Vec<char> = prose.text.chars().collect();
    let (at, len) = (prose.at, before.chars().count());
    if chars.get(at..at + len).map(|c| c.iter().collect::<String>()).as_deref() != Some(before) {
        return Err("the copy's text and the paper's differ here".into());
    }
    if prose.figures.iter().any(|(s, l)| *s < at + len && s + l > at) {
        return Err(
            "a change across a printed figure: change the figure's metric, then the words around it".into()
        );
    }
    let start = prose.figures.iter().map(|(s, l)| s + l).filter(|e| *e <= at).max().unwrap_or(0);
    let end = prose.figures.iter().map(|(s, _)| *s).filter(|s| *s >= at + len).min().unwrap_or(chars.len());
    for k in [2, 4, 8, 16, 32] {
        let left: String = chars[at.saturating_sub(k).max(start)..at].iter().collect();
        let right: String = chars[at + len..(at + len + k).min(end)].iter().collect();
        let needle = format!("{left}{before}{right}");
        if needle.is_empty() || needle.chars().count() < 2 {
            continue;
        }
        match text.matches(needle.as_str()).count() {
            0 => {
                return Err(
                    "the words are written differently in the chapter (with markup or a reference)".into()
                );
            }
            1 => {
                *text = text.replacen(needle.as_str(), &format!("{left}{after}{right}"), 1);
                return Ok(());
            }
            _ if left.chars().count() < k && right.chars().count() < k => break,
            _ => {}
        }
    }
    Err("the words stand more than once in the chapter: make this change by hand".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str, at: usize, figures: Vec<(usize, usize)>) -> Prose {
        Prose { file: "content/01.md".into(), text: text.into(), figures, at }
    }

    #[test]
    fn prose_is_changed_where_it_stands_and_a_figure_is_not() {
        let mut md = "---\ntitle: 一\n---\n\n法院审结{{ m.cases }}，就重大行政决策提出意见。\n".to_string();
        let p = prose("法院审结545件，就重大行政决策提出意见。", 10, vec![(4, 4)]);
        replace(&mut md, &p, "重大", "").unwrap();
        assert!(md.contains("法院审结{{ m.cases }}，就行政决策提出意见。"), "{md}");
        let across = prose("法院审结545件，就行政决策提出意见。", 3, vec![(4, 4)]);
        assert!(replace(&mut md, &across, "结545", "理").unwrap_err().contains("across a printed figure"));
        let elsewhere = prose("全新的一段。", 0, vec![]);
        assert!(replace(&mut md, &elsewhere, "全新", "旧").unwrap_err().contains("written differently"));
    }
}
