//! `output/fragment.html`: the article body alone, for pasting into a website's content
//! management system. Headings, text, tables and figures with their SVG inline and images
//! embedded; styles scoped under one class; no script and nothing loaded from elsewhere.

use crate::content::document::{Document, starts_with_ordinal};
use crate::render::Assets;
use crate::render::html::{Body, escape};

/// The class every rule of the fragment's stylesheet is scoped under.
pub(crate) const CLASS: &str = "gazette-article";

/// Styles for the fragment, each rule under `.gazette-article` so it touches nothing else on
/// the host page. Figures keep to one line; tables scroll on phones; a chart shows its narrow
/// drawing on a phone, as on the site.
const STYLE: &str = "\
.gazette-article{line-height:1.9;font-size:1.05em;overflow-wrap:break-word}
.gazette-article h2{font-size:1.3em;line-height:1.5;margin:1.6em 0 .8em}
.gazette-article h3{font-size:1.1em;margin:1.3em 0 .5em}
.gazette-article h4,.gazette-article h5,.gazette-article h6{font-size:1em;margin:1.1em 0 .5em}
.gazette-article p{margin:0 0 1em;text-indent:2em}
.gazette-article li p,.gazette-article blockquote p,.gazette-article figure p{text-indent:0}
.gazette-article .fig{white-space:nowrap}
.gazette-article figure{margin:1.5em 0}
.gazette-article figure svg{display:block;width:100%;height:auto}
@media (max-width:36rem){.gazette-article .chart-wide{display:none}.gazette-article .chart-narrow{display:block!important}}
.gazette-article figcaption{text-align:center;font-size:.95em}
.gazette-article .fig-caption,.gazette-article .fig-source{display:block;color:#555;font-size:.85em}
.gazette-article .table-wrap{overflow-x:auto}
.gazette-article table{border-collapse:collapse;margin:1em 0}
.gazette-article th,.gazette-article td{border:1px solid #d9d4cc;padding:.3em .7em;text-align:left}
.gazette-article td.right{text-align:right}
.gazette-article img{max-width:100%;height:auto}
.gazette-article .footnotes{border-top:1px solid #d9d4cc;font-size:.9em}
";

/// The fragment, from the chapters' bodies as the site rendered them, with the charts and
/// images embedded.
pub(crate) fn render(doc: &Document, bodies: &[std::sync::Arc<Body>], assets: Assets<'_>) -> String {
    let mut out =
        format!("<div class=\"{CLASS}\" lang=\"{}\">\n<style>\n{STYLE}</style>\n", doc.locale.tag());
    for (ch, body) in doc.chapters.iter().zip(bodies) {
        let ordinal = match ch.number {
            Some(n) if !starts_with_ordinal(&ch.title) => crate::input::locale::ordinal(doc.locale, n),
            _ => String::new(),
        };
        out.push_str(&format!(
            "<h2 id=\"{}\">{}{}</h2>\n",
            escape(&ch.slug),
            escape(&ordinal),
            escape(&ch.title)
        ));
        body.embedded(assets, &mut out);
    }
    out.push_str("</div>\n");
    out
}
