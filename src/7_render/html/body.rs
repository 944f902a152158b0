//! A chapter's body as rendered once for the site and the fragment, with a stand-in at each
//! chart and image.

use super::text::{data_url, escape_into};
use crate::content::markers::{EMBED_CLOSE, EMBED_OPEN};
use crate::render::Assets;

/// A chapter's body (without its title) and its footnotes, rendered once: HTML with a
/// stand-in at each chart and image, which the site fills with a link to the file and the CMS
/// fragment with the file itself.
#[derive(Debug, Clone, Default)]
pub(crate) struct Body {
    pub(super) html: String,
    pub(super) embeds: Vec<Embed>,
}

/// What a stand-in in a [`Body`] stands for.
#[derive(Debug, Clone)]
pub(super) enum Embed {
    /// A chart: the `<img>` that links to its SVG, and its id.
    Chart { id: String, linked: String },
    /// An image's `src`: its path in the site.
    Image { url: String },
}

impl Body {
    /// The body as the site shows it, charts and images linked.
    pub(crate) fn linked(&self, out: &mut String) {
        self.fill(out, |e, out| match e {
            Embed::Chart { linked, .. } => out.push_str(linked),
            Embed::Image { url } => escape_into(url, out),
        });
    }

    /// The body standing alone: charts as inline SVG and images as `data:` URLs.
    pub(crate) fn embedded(&self, assets: Assets<'_>, out: &mut String) {
        self.fill(out, |e, out| match e {
            Embed::Chart { id, linked } => match assets.charts.get(id) {
                // Both drawings, the stylesheet showing the narrow one on a phone. The narrow
                // one is hidden by its own `style` too, so an editor that drops the stylesheet
                // still shows each chart once.
                Some(drawn) if !drawn.narrow.is_empty() => {
                    out.push_str("<div class=\"chart-wide\">");
                    out.push_str(&drawn.svg);
                    out.push_str("</div>\n<div class=\"chart-narrow\" style=\"display:none\">");
                    out.push_str(&drawn.narrow);
                    out.push_str("</div>\n");
                }
                Some(drawn) => {
                    out.push_str(&drawn.svg);
                    out.push('\n');
                }
                None => out.push_str(linked),
            },
            Embed::Image { url } => match assets.media.get(url) {
                Some(bytes) => escape_into(&data_url(url, bytes), out),
                None => escape_into(url, out),
            },
        });
    }

    fn fill(&self, out: &mut String, put: impl Fn(&Embed, &mut String)) {
        let mut rest = self.html.as_str();
        while let Some(open) = rest.find(EMBED_OPEN) {
            let after = &rest[open + EMBED_OPEN.len_utf8()..];
            let Some(close) = after.find(EMBED_CLOSE) else { break };
            out.push_str(&rest[..open]);
            if let Some(e) = after[..close].parse::<usize>().ok().and_then(|i| self.embeds.get(i)) {
                put(e, out);
            }
            rest = &after[close + EMBED_CLOSE.len_utf8()..];
        }
        out.push_str(rest);
    }

    /// The length of the body with its charts and images linked, near enough to reserve for.
    pub(crate) fn size_hint(&self) -> usize {
        self.html.len() + self.embeds.len() * 120
    }
}
