//! A redline of two Word copies (`gazette diff OLD NEW --format docx`): the new copy, as a
//! build writes it, with every difference from the old as a tracked change Word, WPS and
//! LibreOffice show in their review pane: accepting them all gives the new copy, rejecting
//! them all the old one's text. Each changed figure and chart carries a comment saying what
//! it was, what it is and where it comes from. The same two copies, author and date give the
//! same bytes.

mod emit;
mod merge;
mod parse;

use super::body::{Marked, Media};
use super::{package, write};
use crate::charts::{Charts, describe};
use crate::input::Locale;
use crate::input::diagnostic::Diagnostic;
use crate::render::Context;
use emit::{Emitter, Notes, Side};

/// Who made the changes and when, as the review pane shows them (`2024-07-19T00:00:00Z`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Signed<'a> {
    pub author: &'a str,
    pub date: &'a str,
}

/// The redline of the old Word copy against the new: its bytes, or the pictures the new copy
/// cannot take.
pub(crate) fn render(
    old: Context<'_>,
    new: Context<'_>,
    signed: Signed<'_>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let a = write(old, true)?;
    let mut b = write(new, true)?;
    let (old_units, new_units) = (parse::body(&a.out), parse::body(&b.out));
    let locale = new.doc.locale;
    let figure = |o: &Marked, n: &Marked, before: &str, after: &str| figure_note(locale, o, n, before, after);
    let chart = |id: &str| chart_note(locale, old.charts, new.charts, id);
    let sides =
        (Side { media: &a.media, figures: &a.figures }, Side { media: &b.media, figures: &b.figures });
    let notes = Notes { figure: &figure, chart: &chart };
    let mut e = Emitter::new(sides.0, sides.1, notes, signed.author, signed.date);
    merge::bodies(&old_units, &new_units, &mut e);
    let Emitter { out, comments, carried, .. } = e;
    b.out = out;
    b.comments = comments;
    b.track_changes = true;
    for i in carried {
        let m = &a.media[i];
        b.media.push(Media { name: format!("old-{}", m.name), bytes: m.bytes.clone() });
    }
    Ok(package::pack(new.doc, new.theme, b))
}

/// A changed figure's comment: what it was and is, what it means, its period and source,
/// and the metric to change.
fn figure_note(locale: Locale, _old: &Marked, new: &Marked, before: &str, after: &str) -> String {
    let what = new.source.as_ref().map(|p| p.comment(locale)).unwrap_or_default();
    match locale {
        Locale::Zh => format!("数字有变化：原为{before}，现为{after}。{what}（指标 {}）", new.metric),
        Locale::En => format!("Figure changed: was {before}, now {after}. {what} (metric {})", new.metric),
    }
}

/// A changed chart's comment: the rows of its data that changed, before and after.
fn chart_note(locale: Locale, old: &Charts, new: &Charts, id: &str) -> String {
    let (Some(a), Some(b)) = (old.get(id), new.get(id)) else { return String::new() };
    let (ta, tb) = (describe::table(a), describe::table(b));
    let mut changed = Vec::new();
    for row in &tb.rows {
        let before = ta.rows.iter().find(|r| r.first() == row.first());
        if before != Some(row) {
            let was = before.map_or_else(String::new, |r| r[1..].join(" "));
            changed.push(format!(
                "{}：{} → {}",
                row.first().map_or("", String::as_str),
                was,
                row[1..].join(" ")
            ));
        }
    }
    for row in ta.rows.iter().filter(|r| !tb.rows.iter().any(|n| n.first() == r.first())) {
        changed.push(format!("{}：{} → —", row.first().map_or("", String::as_str), row[1..].join(" ")));
    }
    let title = &b.title;
    match locale {
        Locale::Zh => format!("图表数据有变化（{title}）：{}", changed.join("；")),
        Locale::En => format!("Chart data changed ({title}): {}", changed.join("; ")),
    }
}
