//! Every private-use character gazette uses as a stand-in, in one place. Between template
//! expansion and the Markdown stage they stand for what a chapter's tags print: a metric's
//! figures, a chart placed, a reference to a chart's number, a list's arguments; a chapter
//! that contains one is refused before expansion (`RESERVED`). In the HTML the renderers
//! build they stand for a chapter's body in the page and for a chart or image in a body; one
//! coming from the paper's text is written as a character reference, so it never collides.

use crate::metrics::Facet;

/// Opens a figure marker in expanded text.
pub(crate) const FIGURE_OPEN: char = '\u{E000}';
/// Closes a figure marker.
pub(crate) const FIGURE_CLOSE: char = '\u{E001}';
/// Stands for `_` inside a marker, so Markdown never sees emphasis delimiters in it.
pub(crate) const UNDERSCORE: char = '\u{E002}';
/// Opens a chart marker.
pub(crate) const CHART_OPEN: char = '\u{E003}';
/// Closes a chart marker.
pub(crate) const CHART_CLOSE: char = '\u{E004}';
/// Opens a figure cross-reference (`{{ ref.ID }}` → 图3).
pub(crate) const REF_OPEN: char = '\u{E005}';
/// Closes a figure cross-reference.
pub(crate) const REF_CLOSE: char = '\u{E006}';
/// Opens a list call's arguments, between the template engine and the list's figures.
pub(crate) const LIST_OPEN: char = '\u{E007}';
/// Closes a list call's arguments.
pub(crate) const LIST_CLOSE: char = '\u{E008}';
/// Every character gazette reserves for its markers; a chapter may not contain them.
pub(crate) const RESERVED: [char; 9] = [
    FIGURE_OPEN,
    FIGURE_CLOSE,
    UNDERSCORE,
    CHART_OPEN,
    CHART_CLOSE,
    REF_OPEN,
    REF_CLOSE,
    LIST_OPEN,
    LIST_CLOSE,
];

/// Stands, in the rendered page template, for the body of the chapter whose number follows.
pub(crate) const BODY_OPEN: char = '\u{E010}';
/// Closes a body stand-in.
pub(crate) const BODY_CLOSE: char = '\u{E011}';
/// Stands, in a rendered chapter body, for the chart or image whose number follows: linked
/// on the site, embedded in the fragment.
pub(crate) const EMBED_OPEN: char = '\u{E012}';
/// Closes an embed stand-in.
pub(crate) const EMBED_CLOSE: char = '\u{E013}';

/// Whether `c` is one of the renderers' stand-ins (`BODY_…`, `EMBED_…`).
pub(crate) fn is_render_stand_in(c: char) -> bool {
    [BODY_OPEN, BODY_CLOSE, EMBED_OPEN, EMBED_CLOSE].contains(&c)
}

/// A marker: `open`, the id (its `_` hidden from Markdown), any suffix, `close`.
fn marker(open: char, id: &str, suffix: &str, close: char) -> String {
    let mut s = String::with_capacity(id.len() + suffix.len() + 6);
    s.push(open);
    s.extend(id.chars().map(|c| if c == '_' { UNDERSCORE } else { c }));
    s.push_str(suffix);
    s.push(close);
    s
}

/// The marker that stands for a metric's figure in expanded text.
pub(crate) fn figure_marker(id: &str) -> String {
    facet_marker(id, Facet::Value)
}

/// The marker of one figure of a metric: its value, its change, a year of its series, a part.
pub(crate) fn facet_marker(id: &str, facet: Facet) -> String {
    let suffix = match facet {
        Facet::Value => String::new(),
        Facet::Change => ".c".into(),
        Facet::ChangeAmount => ".a".into(),
        Facet::Year(y) => format!(".y{y}"),
        Facet::Part(i) => format!(".p{i}"),
    };
    marker(FIGURE_OPEN, id, &suffix, FIGURE_CLOSE)
}

/// The metric id and facet inside a figure marker's body.
pub(crate) fn marker_facet(body: &str) -> (String, Facet) {
    let id = marker_id(body);
    let Some((id, facet)) = id.split_once('.') else { return (id, Facet::Value) };
    let facet = match facet.split_at(1) {
        ("c", _) => Facet::Change,
        ("a", _) => Facet::ChangeAmount,
        ("y", y) => y.parse().map_or(Facet::Value, Facet::Year),
        ("p", i) => i.parse().map_or(Facet::Value, Facet::Part),
        _ => Facet::Value,
    };
    (id.to_string(), facet)
}

/// The marker of a cross-reference to a chart's figure number.
pub(crate) fn ref_marker(id: &str) -> String {
    marker(REF_OPEN, id, "", REF_CLOSE)
}

/// The marker that places a chart in expanded text.
pub(crate) fn chart_marker(id: &str) -> String {
    marker(CHART_OPEN, id, "", CHART_CLOSE)
}

/// The metric id inside a marker's body.
pub(crate) fn marker_id(body: &str) -> String {
    body.chars().map(|c| if c == UNDERSCORE { '_' } else { c }).collect()
}
