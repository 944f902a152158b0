//! Inline content: figure, chart and reference markers into nodes, soft breaks joined the
//! way Chinese text joins them, and raw HTML checked for what could run code.

use pulldown_cmark::Alignment;

use crate::content::document::{Align, Block, Inline, plain_text};
use crate::content::markers::{
    CHART_CLOSE, CHART_OPEN, FIGURE_CLOSE, FIGURE_OPEN, REF_CLOSE, REF_OPEN, marker_facet, marker_id,
};
use crate::content::provenance::Provenance;
use crate::metrics::Metrics;

/// The metrics and the edition's language: what a figure marker becomes.
#[derive(Clone, Copy)]
pub(crate) struct Figures<'a> {
    pub metrics: &'a Metrics,
    pub locale: crate::input::Locale,
}

pub(super) fn push_text(inlines: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(last)) = inlines.last_mut() {
        last.push_str(text);
    } else {
        inlines.push(Inline::Text(text.to_string()));
    }
}

pub(super) fn convert_align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// A paragraph holding chart markers becomes the paragraphs around them and the charts.
pub(super) fn lift_charts(inlines: Vec<Inline>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    for inline in inlines {
        match inline {
            Inline::Chart(id) => {
                if current.iter().any(|i| {
                    !matches!(i, Inline::SoftBreak | Inline::HardBreak)
                        && !matches!(i, Inline::Text(t) if t.trim().is_empty())
                }) {
                    blocks.push(Block::Paragraph(std::mem::take(&mut current)));
                }
                current.clear();
                blocks.push(Block::Chart { id, number: 0, label: String::new(), figures: Vec::new() });
            }
            other => current.push(other),
        }
    }
    if current.iter().any(|i| {
        !matches!(i, Inline::SoftBreak | Inline::HardBreak)
            && !matches!(i, Inline::Text(t) if t.trim().is_empty())
    }) {
        blocks.push(Block::Paragraph(current));
    }
    blocks
}

/// Splits text around figure and chart markers into text, figure and chart nodes.
pub(super) fn split_figures(inlines: Vec<Inline>, figures: Figures<'_>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let Inline::Text(text) = inline else {
            out.push(inline);
            continue;
        };
        let mut rest = text.as_str();
        while let Some(open) = rest.find([FIGURE_OPEN, CHART_OPEN, REF_OPEN]) {
            let kind = rest[open..].chars().next().unwrap_or(FIGURE_OPEN);
            let close_char = match kind {
                CHART_OPEN => CHART_CLOSE,
                REF_OPEN => REF_CLOSE,
                _ => FIGURE_CLOSE,
            };
            let after = &rest[open + FIGURE_OPEN.len_utf8()..];
            let Some(close) = after.find(close_char) else { break };
            if open > 0 {
                out.push(Inline::Text(rest[..open].to_string()));
            }
            match kind {
                CHART_OPEN => out.push(Inline::Chart(marker_id(&after[..close]))),
                REF_OPEN => out.push(Inline::FigureRef {
                    chart: marker_id(&after[..close]),
                    text: String::new(),
                    number: 0,
                }),
                _ => {
                    let (id, facet) = marker_facet(&after[..close]);
                    let metric = figures.metrics.get(&id);
                    let text = metric.and_then(|m| m.facet_text(facet, figures.locale)).unwrap_or_default();
                    let source = metric
                        .and_then(|m| Provenance::of(m, facet, figures.locale))
                        .map(std::sync::Arc::new);
                    out.push(Inline::Figure { metric: id, facet, text, source });
                }
            }
            rest = &after[close + close_char.len_utf8()..];
        }
        if !rest.is_empty() {
            out.push(Inline::Text(rest.to_string()));
        }
    }
    join_soft_breaks(out)
}

/// A line break inside a paragraph joins Chinese text with nothing and other text with a space.
fn join_soft_breaks(inlines: Vec<Inline>) -> Vec<Inline> {
    if !inlines.iter().any(|i| matches!(i, Inline::SoftBreak)) {
        return inlines;
    }
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    let mut iter = inlines.into_iter().peekable();
    while let Some(inline) = iter.next() {
        if !matches!(inline, Inline::SoftBreak) {
            out.push(inline);
            continue;
        }
        let before = out.last().map(|i| plain_text(std::slice::from_ref(i))).and_then(|t| t.chars().last());
        let after = iter.peek().map(|i| plain_text(std::slice::from_ref(i))).and_then(|t| t.chars().next());
        if !(before.is_some_and(is_wide) || after.is_some_and(is_wide)) {
            match out.last_mut() {
                Some(Inline::Text(t)) => t.push(' '),
                _ => out.push(Inline::Text(" ".to_string())),
            }
        }
    }
    out
}

/// CJK characters and full-width punctuation, which are not separated by spaces.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Replaces figure markers by the figures' text, where no figure node can stand (code, URLs).
pub(crate) fn resolve_markers(text: &str, figures: Figures<'_>) -> String {
    if !text.contains([FIGURE_OPEN, REF_OPEN]) {
        return text.to_string();
    }
    plain_text(&split_figures(vec![Inline::Text(text.to_string())], figures))
}
