//! Rendering a paper: the charts drawn, the site, data files, fragment and PDF made, and
//! every file put in its place by the output stage.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::model::{BuildCache, Error, Outputs, Paper, Rendered};
use crate::charts::{self, Drawn};
use crate::input::diagnostic::{Diagnostic, Source};
use crate::output::assemble::{self, Site};
use crate::render::docx::redline::{Form, Signed};
use crate::render::{Assets, Context, fragment, provenance, site};

/// Renders the site, charts, images, PDF, fragment and manifest of a loaded paper. With
/// `cache` (`serve`), bodies and PNGs unchanged since the last build are taken as made then.
pub(crate) fn render(
    paper: &Paper,
    outputs: Outputs,
    cache: Option<&BuildCache>,
    stage: &dyn Fn(&str),
) -> Result<Rendered, Error> {
    let media = &paper.media;
    let mut rendered = render_parts(paper, outputs, media, cache, stage)?;
    assemble::finish(
        &mut rendered.files,
        &Default::default(),
        &paper.document.config.slug,
        &paper.workbooks,
        &Default::default(),
    );
    Ok(rendered)
}

/// Renders a paper in two passes, as `serve` does: the site first, handed to `site_ready` so
/// a browser can show it at once (without the manifest, made once at the end), then the PDF
/// and images. The files are those of one full build; the second pass's problems come back
/// as the error.
pub(crate) fn render_site_first(
    paper: &Paper,
    cache: Option<&BuildCache>,
    site_ready: &dyn Fn(&Rendered),
    stage: &dyn Fn(&str),
) -> Result<Rendered, Error> {
    let media = &paper.media;
    // The PDF of the second pass will stand beside the site: the site links to it.
    let site = render_parts(paper, Outputs { pdf_kept: true, ..Outputs::SITE }, media, cache, stage)?;
    site_ready(&site);
    let rest = render_parts(
        paper,
        Outputs { site: false, pdf: true, images: true, docx: true, pdf_kept: false },
        media,
        cache,
        stage,
    )?;
    let Rendered { mut files, warnings } = site;
    files.extend(rest.files);
    assemble::finish(
        &mut files,
        &Default::default(),
        &paper.document.config.slug,
        &paper.workbooks,
        &Default::default(),
    );
    Ok(Rendered { files, warnings })
}

/// [`render`] without the last touches: the files of `outputs` alone, with the images the
/// chapters show already read.
fn render_parts(
    paper: &Paper,
    outputs: Outputs,
    media: &BTreeMap<String, Vec<u8>>,
    cache: Option<&BuildCache>,
    stage: &dyn Fn(&str),
) -> Result<Rendered, Error> {
    let Paper { document: doc, charts, theme, placed, .. } = paper;
    stage("drawing charts");
    let drawn = charts::draw_all(charts, &theme.palette, outputs.site);
    // The images carry the figure's number, as the page and the PDF print it.
    let chinese = doc.config.chinese_figure_numbers;
    let number = |id: &str| placed.get(id).map(|n| crate::input::locale::figure_ref(doc.locale, chinese, *n));
    let pngs = cache.map(|c| &c.pngs);
    // The PNGs are drawn on the other cores while the site, the PDF (which Typst sets mostly
    // on one) and the Word copy are made.
    let (made, images) = std::thread::scope(|scope| {
        let images =
            outputs.images.then(|| scope.spawn(|| charts::png_all(charts, &theme.palette, &number, pngs)));
        let made = make(paper, outputs, media, cache, stage, &drawn);
        (made, images.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))))
    });
    // `serve` keeps the PNGs of this build, the images' and the Word copy's, and no others.
    if let Some(kept) = pngs.filter(|_| outputs.images || outputs.docx) {
        kept.keep_only_last_use();
    }
    let Parts { site, pdf, docx, diags } = made?;
    let pngs = images.transpose().map_err(Error::environment)?.unwrap_or_default();
    let slug = &doc.config.slug;
    let files = assemble::assemble(assemble::Made { slug, charts: &drawn, pngs, media, site, pdf, docx });
    Ok(Rendered { files, warnings: diags })
}

/// What [`make`] made, and the warnings.
struct Parts<'a> {
    site: Option<Site<'a>>,
    pdf: Option<Vec<u8>>,
    docx: Option<Vec<u8>>,
    diags: Vec<Diagnostic>,
}

/// The site, the PDF and the Word copy of `outputs`, from the charts as drawn; an error when
/// any of them has one.
fn make<'a>(
    paper: &'a Paper,
    outputs: Outputs,
    media: &BTreeMap<String, Vec<u8>>,
    cache: Option<&BuildCache>,
    stage: &dyn Fn(&str),
    drawn: &BTreeMap<String, Drawn>,
) -> Result<Parts<'a>, Error> {
    let Paper { document: doc, metrics, charts, theme, warnings, .. } = paper;
    let mut diags = warnings.clone();
    let no_pictures = BTreeMap::new();
    let assets = Assets { charts: drawn, pictures: &no_pictures, media };
    let used = provenance::used(doc);
    let cx = Context { doc, appendix: &used, charts, theme, assets, pdf: outputs.pdf || outputs.pdf_kept };
    let site = match outputs.site {
        true => {
            stage("rendering the site");
            let data = provenance::render(&used, metrics, doc.locale).map_err(Error::environment)?;
            let bodies = site::bodies(doc, charts, cache.map(|c| &c.bodies));
            let pages = site::render(cx, &bodies).map_err(|d| {
                diags.push(d);
                Error::Input(std::mem::take(&mut diags))
            })?;
            let fragment = fragment::render(doc, &bodies, assets);
            Some(Site { pages, assets: &theme.assets, fragment, data })
        }
        false => None,
    };
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Input(diags));
    }
    // The Word copy is written beside the PDF (which Typst sets mostly on one core), its
    // pictures drawn once, or kept from the last build in `serve`.
    if outputs.docx && !outputs.pdf {
        stage("writing the Word copy");
    }
    let (pdf, docx) = std::thread::scope(|scope| {
        let docx = outputs.docx.then(|| {
            scope.spawn(|| {
                let pictures = charts::pictures(drawn, cache.map(|c| &c.pngs));
                crate::render::docx::render(Context {
                    assets: Assets { pictures: &pictures, ..assets },
                    ..cx
                })
            })
        });
        let pdf = outputs.pdf.then(|| {
            stage("typesetting the PDF");
            typeset(paper, cx, cache)
        });
        (pdf, docx.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))))
    });
    let pdf = pdf.transpose().unwrap_or_else(|ds| {
        diags.extend(ds);
        None
    });
    let docx = docx.transpose().unwrap_or_else(|ds| {
        diags.extend(ds);
        None
    });
    if diags.iter().any(Diagnostic::is_error) {
        // A Word copy of a paper with errors is no copy for sign-off: it is not written.
        return Err(Error::Input(diags));
    }
    Ok(Parts { site, pdf, docx, diags })
}

/// The PDF, typeset by Typst.
#[cfg(feature = "pdf")]
fn typeset(paper: &Paper, cx: Context<'_>, cache: Option<&BuildCache>) -> Result<Vec<u8>, Vec<Diagnostic>> {
    crate::render::pdf::render(cx, &sources(paper), cache.map(|c| &c.pdf))
}

/// A gazette built without its typesetter (the fuzz build) refuses to make a PDF.
#[cfg(not(feature = "pdf"))]
fn typeset(_: &Paper, _: Context<'_>, _: Option<&BuildCache>) -> Result<Vec<u8>, Vec<Diagnostic>> {
    Err(vec![
        Diagnostic::error("this copy of gazette was built without its PDF typesetter (the `pdf` feature)")
            .hint("build gazette with its default features, or make the site alone with `--only site`"),
    ])
}

/// Every file the PDF's messages may point into: chapters, metrics, charts and settings.
#[cfg(feature = "pdf")]
fn sources(paper: &Paper) -> Vec<Arc<Source>> {
    let doc = &paper.document;
    let mut sources: Vec<Arc<Source>> = doc.chapters.iter().map(|c| Arc::clone(&c.source)).collect();
    sources.extend(paper.metrics.iter().map(|m| Arc::clone(&m.at.source)));
    sources.extend(paper.charts.iter().map(|c| Arc::clone(&c.at.source)));
    sources.extend(doc.config.source.iter().cloned());
    sources
}

/// What a paper's Word copy is written from besides the paper: its charts drawn and
/// rasterised, and the provenance of its figures.
struct WordAssets {
    drawn: BTreeMap<String, Drawn>,
    pictures: BTreeMap<String, Vec<u8>>,
    used: Vec<provenance::Row>,
}

impl WordAssets {
    fn of(paper: &Paper) -> Self {
        let drawn = charts::draw_all(&paper.charts, &paper.theme.palette, false);
        let pictures = charts::pictures(&drawn, None);
        WordAssets { drawn, pictures, used: provenance::used(&paper.document) }
    }

    fn context<'a>(&'a self, paper: &'a Paper) -> Context<'a> {
        let assets = Assets { charts: &self.drawn, pictures: &self.pictures, media: &paper.media };
        let Paper { document: doc, charts, theme, .. } = paper;
        Context { doc, appendix: &self.used, charts, theme, assets, pdf: false }
    }
}

/// The redline of `old`'s Word copy against `new`'s (`gazette diff --format docx|html`).
pub(crate) fn redline(old: &Paper, new: &Paper, signed: Signed<'_>, form: Form) -> Result<Vec<u8>, Error> {
    let (a, b) = (WordAssets::of(old), WordAssets::of(new));
    crate::render::docx::redline::render(a.context(old), b.context(new), signed, form).map_err(Error::Input)
}

/// The paragraphs of a paper's Word copy, as `gazette review` finds a reviewed copy's again:
/// its text alone, so no chart is drawn.
pub(crate) fn written(paper: &Paper) -> Result<Vec<crate::render::docx::redline::Written>, Error> {
    let used = provenance::used(&paper.document);
    let a = WordAssets { drawn: BTreeMap::new(), pictures: BTreeMap::new(), used };
    crate::render::docx::redline::written(a.context(paper)).map_err(Error::Input)
}
