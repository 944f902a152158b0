//! A redline of two Word copies (`gazette diff OLD NEW --format docx`): the new copy, as a
//! build writes it, with every difference from the old as a tracked change Word, WPS and
//! LibreOffice show in their review pane: accepting them all gives the new copy, rejecting
//! them all the old one's text. Each changed figure and chart carries a comment saying what
//! it was, what it is and where it comes from. The same two copies, author and date give the
//! same bytes.

mod emit;
mod merge;
mod notes;
mod parse;
mod web;

use super::anchor::{self, Anchor};
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

/// The form a redline takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// A Word document with tracked changes and comments.
    Word,
    /// One web page, changes marked, pictures inside it.
    Web,
}

/// The redline of the old Word copy against the new, as a `.docx` or a web page: its bytes,
/// or the pictures the new copy cannot take.
pub(crate) fn render(
    old: Context<'_>,
    new: Context<'_>,
    signed: Signed<'_>,
    form: Form,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let a = write(old, true)?;
    let mut b = write(new, true)?;
    let (old_units, new_units) = (parse::body(&a.out), parse::body(&b.out));
    let locale = new.doc.locale;
    let figure = |o: &Marked, n: &Marked, before: &str, after: &str| figure_note(locale, o, n, before, after);
    let chart = |id: &str| chart_note(locale, old.charts, new.charts, id);
    let sides = (
        Side { media: &a.media, figures: &a.figures, notes: a.footnotes.len() },
        Side { media: &b.media, figures: &b.figures, notes: b.footnotes.len() },
    );
    let notes = Notes { figure: &figure, chart: &chart };
    if form == Form::Web {
        let mut page = web::Page::new(sides.0, sides.1, notes);
        merge::bodies(&old_units, &new_units, &mut page);
        return Ok(shell(new.doc, signed, &page.out).into_bytes());
    }
    let mut e = Emitter::new(sides.0, sides.1, notes, signed.author, signed.date);
    merge::bodies(&old_units, &new_units, &mut e);
    b.footnotes = notes::footnotes(&a.footnotes, &b.footnotes, &mut e);
    let Emitter { out, comments, carried, .. } = e;
    b.out = out;
    b.comments = comments;
    b.track_changes = true;
    // Whose the redline's own changes are, for `gazette review` to tell them from a reviewer's.
    b.properties = vec![
        (crate::input::reviewed::REDLINE_AUTHOR, signed.author.to_string()),
        (crate::input::reviewed::REDLINE_DATE, signed.date.to_string()),
    ];
    for i in carried {
        let m = &a.media[i];
        b.media.push(Media { name: format!("old-{}", m.name), bytes: m.bytes.clone() });
    }
    Ok(package::pack(new.doc, new.theme, b))
}

/// The web redline's page around its body: the title, who changed it and when, a legend.
fn shell(doc: &crate::content::document::Document, signed: Signed<'_>, body: &str) -> String {
    use crate::render::html::escape;
    let title = escape(&doc.config.title_line(doc.locale));
    let (lang, heading, by, legend) = match doc.locale {
        Locale::Zh => (
            "zh-CN",
            "修订对照",
            "修改人",
            "<ins>新增的文字</ins> <del>删除的文字</del> ※ 数字或图表有变化，说明见段后",
        ),
        Locale::En => (
            "en",
            "Changes marked",
            "Changed by",
            "<ins>inserted text</ins> <del>deleted text</del> ※ a figure or chart changed: see the note below the paragraph",
        ),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{heading}：{title}</title><style>{STYLE}</style></head><body><header><p class=\"small\">{heading}</p><p class=\"legend\">{legend}</p><p class=\"small\">{by}：{} · {}</p></header><main>{body}</main></body></html>\n",
        escape(signed.author),
        escape(signed.date.split('T').next().unwrap_or(signed.date)),
    )
}

/// The web redline's look: the text column of the site, changes in colour and in line
/// (for a reader who cannot tell the colours apart), wide tables scrolled in their box.
const STYLE: &str = "body{margin:0 auto;max-width:40em;padding:1rem;font:17px/1.8 \"Noto Serif CJK SC\",\"Source Han Serif SC\",\"Songti SC\",serif;color:#1a1a1a;overflow-wrap:anywhere}h1,h2,h3,h4,h5{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif;line-height:1.4}h1,h2{word-break:keep-all}ins{background:#e3f2e6;color:#0b4f1c;text-decoration:underline}del{background:#fbe4e4;color:#7a1414;text-decoration:line-through}.note{margin:.2em 0 1em;padding:.3em .7em;border-left:4px solid #9a6a00;background:#fff6dc;font-size:.9em}.mark{color:#9a6a00}.small,.caption,.toc{font-size:.9em}.legend{padding:.4em .7em;border:1px solid #ccc}.table{overflow-x:auto}table{border-collapse:collapse;font-size:.9em}td{border:1px solid #bbb;padding:.2em .5em;vertical-align:top}tr.deleted td{background:#fbe4e4}tr.inserted td{background:#e3f2e6}img{max-width:100%;height:auto}del img{opacity:.5;outline:4px solid #7a1414}ins img{outline:4px solid #0b4f1c}.fig{white-space:nowrap}";

/// A paragraph of the Word copy as gazette writes it, to find a reviewed copy's paragraph
/// again: the chapter it is in (by place among the chapters; none for the cover, contents and
/// 数据说明), its text, and each figure in it (first character, length, metric).
pub(crate) struct Written {
    pub chapter: Option<usize>,
    pub text: String,
    pub figures: Vec<(usize, usize, String)>,
    /// Whether it is a table's cell (a chart's data, a row of 数据说明).
    pub in_table: bool,
    /// The anchor the Word copy gives it (a chapter's paragraphs have one).
    pub anchor: Option<super::anchor::Anchor>,
}

/// The paragraphs of the Word copy, tables' cells included, in order.
pub(crate) fn written(cx: Context<'_>) -> Result<Vec<Written>, Vec<Diagnostic>> {
    let w = write(cx, true)?;
    let mut out = Vec::new();
    let (mut chapter, mut place) = (None, 0);
    for raw in parse::top_level(&w.out) {
        if let Some(n) = raw.strip_prefix("<gz:chapter n=\"") {
            chapter = n.split('"').next().and_then(|n| n.parse().ok());
            place = 0;
        } else if raw.starts_with("<w:tbl>") {
            for row in parse::top_level(parse::inside(raw, "w:tbl")) {
                for p in parse::cells(row).into_iter().flatten() {
                    let text = p.text();
                    out.push(Written { chapter, text, figures: Vec::new(), in_table: true, anchor: None });
                }
            }
        } else if raw.starts_with("<w:p>") {
            let mut text = String::new();
            let mut figures = Vec::new();
            for a in parse::paragraph(raw).atoms {
                if let parse::Atom::Figure { text: printed, n, .. } = &a {
                    let metric = w.figures.get(*n).map(|f| f.metric.clone()).unwrap_or_default();
                    figures.push((text.chars().count(), printed.chars().count(), metric));
                }
                text.push_str(a.text());
            }
            let anchor = chapter.map(|c| Anchor::new(c, place, &anchor::text(raw)));
            place += 1;
            out.push(Written { chapter, text, figures, in_table: false, anchor });
        }
    }
    Ok(out)
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
