//! Where each thing a build made goes under `output/`: the one place that decides every path.

use std::collections::BTreeMap;

use super::Files;
use super::manifest::Digests;
use crate::charts::Drawn;
use crate::render::provenance::Data;

/// The fragment's path under `output/`.
pub(crate) const FRAGMENT: &str = "fragment.html";

/// Everything a build made, as values.
#[derive(Debug)]
pub(crate) struct Made<'a> {
    /// The paper's slug, which names the PDF.
    pub slug: &'a str,
    /// Every chart drawn, by id: SVGs for the site.
    pub charts: &'a BTreeMap<String, Drawn>,
    /// Every chart's PNG (number, title and source drawn in), by id, when asked for.
    pub pngs: BTreeMap<String, Vec<u8>>,
    /// The images the chapters show, by path in the site.
    pub media: &'a BTreeMap<String, Vec<u8>>,
    /// The site, when it was made.
    pub site: Option<Site<'a>>,
    /// The PDF, when it was made.
    pub pdf: Option<Vec<u8>>,
    /// The Word copy, when it was made.
    pub docx: Option<Vec<u8>>,
}

/// The site's own parts.
#[derive(Debug)]
pub(crate) struct Site<'a> {
    /// The pages, by file name: `index.html`, and a page per chapter for a long paper.
    pub pages: Vec<(String, String)>,
    /// The theme's style sheets, scripts and fonts, by path under its `assets/`.
    pub assets: &'a BTreeMap<String, Vec<u8>>,
    /// The article body alone, for a court's own content system.
    pub fragment: String,
    /// Every metric as JSON and CSV.
    pub data: Data,
}

/// The files of `made`, by path under `output/`: the site under `site/` (its charts under
/// `site/charts/`, its images where the chapters put them), the PNG charts under `images/`,
/// the PDF and the Word copy at the top, named for the slug.
pub(crate) fn assemble(made: Made<'_>) -> Files {
    let mut files = Files::new();
    if let Some(site) = made.site {
        for (file, html) in site.pages {
            files.insert(format!("site/{file}"), html.into_bytes());
        }
        for (rel, bytes) in site.assets {
            files.insert(format!("site/assets/{rel}"), bytes.clone());
        }
        files.insert(FRAGMENT.to_string(), site.fragment.into_bytes());
        files.insert("data/metrics.json".to_string(), site.data.json.into_bytes());
        files.insert("data/metrics.csv".to_string(), site.data.csv);
        for (id, drawn) in made.charts {
            files.insert(format!("site/charts/{id}.svg"), drawn.svg.clone().into_bytes());
            files.insert(format!("site/charts/{id}.narrow.svg"), drawn.narrow.clone().into_bytes());
        }
        for (path, bytes) in made.media {
            files.insert(format!("site/{path}"), bytes.clone());
        }
    }
    for (id, png) in made.pngs {
        files.insert(format!("images/{id}.png"), png);
    }
    if let Some(pdf) = made.pdf {
        files.insert(format!("{}.pdf", made.slug), pdf);
    }
    if let Some(docx) = made.docx {
        files.insert(format!("{}.docx", made.slug), docx);
    }
    files
}

/// The last touches of a build's files: the PDF beside the site's page, when there is a
/// site (so the download works wherever the site goes), and the manifest of them all with
/// the workbooks the figures were read from.
/// The files of `known` are listed with the digests given there, and the `carried` ones
/// (kept from the last build, unread) with theirs ([`super::manifest::add`]).
pub(crate) fn finish(
    files: &mut Files,
    carried: &super::manifest::Listed,
    slug: &str,
    workbooks: &BTreeMap<String, String>,
    known: &Digests,
) {
    let pdf_name = format!("{slug}.pdf");
    let mut known = std::borrow::Cow::Borrowed(known);
    // The site's first page is among the files, or kept from the last build unread.
    let site = files.contains_key("site/index.html") || carried.contains_key("site/index.html");
    if site && let Some(pdf) = files.get(&pdf_name).cloned() {
        files.insert(format!("site/{pdf_name}"), pdf);
        // The same bytes, so the same digest.
        if let Some(sha256) = known.get(&pdf_name).cloned() {
            known.to_mut().insert(format!("site/{pdf_name}"), sha256);
        }
    }
    super::manifest::add(files, carried, workbooks, &known);
}
