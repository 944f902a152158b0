//! A look at the theme's PDF template for what would make `gazette serve` typeset the whole
//! paper again on every save: `data` (the whole document) read inside a `context` block or a
//! function. Typst keys each cached layout step on the values such a block captures, and the
//! page header's block is part of every page's style, so one edited paragraph anywhere would
//! change every key (research: `incremental-and-serve.md`, §0). Themes are the users' to edit,
//! so this is a warning at the place, not a rule of the default theme alone.

use std::sync::Arc;

use crate::input::diagnostic::{Diagnostic, Location, Source};

/// A warning at each `data` read inside a `context` block or a function of `template`.
#[cfg(feature = "pdf")]
pub(crate) fn data_in_closures(template: &Arc<Source>) -> Vec<Diagnostic> {
    use typst::syntax::{LinkedNode, SyntaxKind};

    fn walk(
        node: &LinkedNode<'_>,
        inside: Option<&'static str>,
        found: &mut Vec<(std::ops::Range<usize>, &'static str)>,
    ) {
        let inside = match node.kind() {
            SyntaxKind::Contextual => Some("a `context` block"),
            SyntaxKind::Closure => Some("a function"),
            _ => inside,
        };
        if let Some(what) = inside
            && node.kind() == SyntaxKind::Ident
            && node.leaf_text() == "data"
            // `x.data` names a field, not the document.
            && node.prev_sibling_kind() != Some(SyntaxKind::Dot)
        {
            found.push((node.range(), what));
        }
        for child in node.children() {
            walk(&child, inside, found);
        }
    }

    let root = typst::syntax::parse(&template.text);
    let mut found = Vec::new();
    walk(&LinkedNode::new(&root), None, &mut found);
    found
        .into_iter()
        .map(|(range, what)| {
            Diagnostic::warning(format!(
                "the PDF template reads `data` inside {what}: every edit makes `gazette serve` typeset the whole paper again"
            ))
            .at(Location::new(template, range))
            .hint("bind what it needs with `#let` before, outside any function (`#let paper-title = data.title`), and use that name here")
        })
        .collect()
}

/// Without the typesetter (the fuzz build) there is no template to look at.
#[cfg(not(feature = "pdf"))]
pub(crate) fn data_in_closures(_: &Arc<Source>) -> Vec<Diagnostic> {
    Vec::new()
}

#[cfg(all(test, feature = "pdf"))]
mod tests {
    use super::*;

    #[test]
    fn data_read_in_a_header_or_a_function_is_found_and_a_binding_is_not() {
        let text = "#let data = json(\"/data.json\")\n#let title = data.title\n#set page(header: context { data.title })\n#let f(x) = x.data + data.draft\n#let g(x) = title\n";
        let source = Source::new("themes/mine/pdf/main.typ", text);
        let found = data_in_closures(&source);
        let places: Vec<String> = found.iter().map(Diagnostic::short).collect();
        assert_eq!(
            places,
            [
                "themes/mine/pdf/main.typ:3:29: warning: the PDF template reads `data` inside a `context` block: every edit makes `gazette serve` typeset the whole paper again",
                "themes/mine/pdf/main.typ:4:22: warning: the PDF template reads `data` inside a function: every edit makes `gazette serve` typeset the whole paper again",
            ]
        );
    }

    #[test]
    fn the_default_theme_reads_data_outside_its_closures() {
        let text = include_str!("../../themes/default/pdf/main.typ");
        let source = Source::new("pdf/main.typ", text);
        let found: Vec<String> = data_in_closures(&source).iter().map(Diagnostic::short).collect();
        assert!(found.is_empty(), "{found:#?}");
    }
}
