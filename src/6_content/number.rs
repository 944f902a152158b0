//! Charts numbered 图1, 图2 … across the chapters in document order, every reference to a
//! chart given its number, and every chart the provenance of the figures it draws.

use std::collections::HashMap;
use std::sync::Arc;

use super::kept;
use crate::charts::Charts;
use crate::config::Config;
use crate::content::document::{Block, Chapter, Inline, NodeMut, walk_mut};
use crate::content::provenance::Provenance;
use crate::input::diagnostic::{Diagnostic, Location};
use crate::metrics::{Facet, Metrics};

/// Gives every `{{ ref.ID }}` its chart's number (图3, 图三), wherever the chart is placed; a
/// reference to a chart placed nowhere is an error at the reference.
pub(super) fn resolve_refs(
    chapters: &mut [Chapter],
    numbers: &HashMap<String, usize>,
    config: &Config,
    locale: crate::input::Locale,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for c in chapters.iter_mut() {
        let mut used = Vec::new();
        walk_mut(&mut c.blocks, &mut |node| {
            if let NodeMut::Inline(Inline::FigureRef { chart, text, number }) = node {
                *number = numbers.get(chart.as_str()).copied().unwrap_or(0);
                *text = crate::input::locale::figure_ref(locale, config.chinese_figure_numbers, *number);
                used.push((chart.clone(), *number));
            }
        });
        for (chart, _) in used.iter().filter(|(_, n)| *n == 0) {
            let needle = format!("ref.{chart}");
            let at = c.source.text.find(&needle).unwrap_or(0);
            diags.push(
                Diagnostic::error(format!("`ref.{chart}` refers to a chart that is placed in no chapter"))
                    .at(Location::new(&c.source, at..at + needle.len()))
                    .hint(format!("place it with `{{{{ chart.{chart} }}}}` on a line of its own, or remove the reference")),
            );
        }
        if c.inputs != 0 && !used.is_empty() {
            // The body prints the numbers of the charts it refers to, wherever they are.
            c.inputs = kept::combine(c.inputs, &used);
        }
    }
    diags
}

/// Numbers charts 图1, 图2 … in document order, across chapters, each labelled as `print`
/// writes its number (3, or 三); returns the number of each chart by id (its first placing).
pub(super) fn number_charts(
    chapters: &mut [Chapter],
    print: &dyn Fn(usize) -> String,
) -> HashMap<String, usize> {
    let mut n = 0;
    let mut ids = HashMap::new();
    for c in chapters {
        let before = n;
        walk_mut(&mut c.blocks, &mut |node| {
            if let NodeMut::Block(Block::Chart { id, number, label, .. }) = node {
                n += 1;
                *number = n;
                *label = print(n);
                ids.entry(id.clone()).or_insert(n);
            }
        });
        if c.inputs != 0 {
            // The body prints its charts' numbers, and links by its slug.
            c.inputs = kept::combine(c.inputs, &(c.slug.as_str(), before));
        }
    }
    ids
}

/// Gives every chart placed in the chapters the provenance of the figures it draws (each
/// metric's value), so that the appendix reads them from the document as it reads the text's.
pub(super) fn resolve_charts(
    chapters: &mut [Chapter],
    charts: &Charts,
    metrics: &Metrics,
    locale: crate::input::Locale,
) {
    for c in chapters {
        walk_mut(&mut c.blocks, &mut |node| {
            if let NodeMut::Block(Block::Chart { id, figures, .. }) = node {
                let drawn = charts.get(id).map(|chart| chart.metrics.as_slice()).unwrap_or_default();
                *figures = drawn
                    .iter()
                    .filter_map(|m| Provenance::of(metrics.get(m)?, Facet::Value, locale))
                    .map(Arc::new)
                    .collect();
            }
        });
    }
}
