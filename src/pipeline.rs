//! The pipeline's two halves: [`load`] reads and checks every input into one [`Paper`];
//! [`render`] turns a paper into the bytes of every output file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::charts::{self, Charts};
use crate::config::theme::{self, Theme};
use crate::content::document::Document;
use crate::input::diagnostic::{Diagnostic, Source};
use crate::input::source;
use crate::metrics::{self, Metrics};
use crate::output::{self, manifest};
use crate::render::{fragment, pdf, provenance, site};
use crate::{config, content, discover};

/// Why a build or check did not succeed.
#[derive(Debug)]
pub enum Error {
    /// Problems in the paper's files: every one found, errors and warnings in reading order.
    Input(Vec<Diagnostic>),
    /// The command was pointed at something that is not a paper.
    Usage(String),
    /// The machine refused something (a folder could not be written), with the path concerned.
    Environment(String),
}

/// The files of a build, rendered but not yet written.
#[derive(Debug)]
pub struct Rendered {
    pub files: output::Files,
    pub warnings: Vec<Diagnostic>,
}

/// Which parts of the publication a build makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outputs {
    /// The site (pages, SVG charts, media), the fragment and the data files.
    pub site: bool,
    /// The PDF white paper.
    pub pdf: bool,
    /// The PNG charts under `output/images/`.
    pub images: bool,
}

impl Outputs {
    pub const ALL: Outputs = Outputs { site: true, pdf: true, images: true };
    pub const SITE: Outputs = Outputs { site: true, pdf: false, images: false };
    pub const PDF: Outputs = Outputs { site: false, pdf: true, images: false };
}

/// A paper read and checked: its settings, metrics, charts and chapters, and its theme.
#[derive(Debug)]
pub struct Paper {
    pub document: Document,
    pub metrics: Metrics,
    pub charts: Charts,
    pub theme: Theme,
    /// Images the chapters show: site path → file under the paper.
    pub media: BTreeMap<String, PathBuf>,
    /// The charts the chapters place, by id, with their figure numbers.
    pub placed: std::collections::HashMap<String, usize>,
    pub warnings: Vec<Diagnostic>,
}

/// Reads every input of the paper at `root`, reporting every problem found.
pub fn load(root: &Path, locale: crate::input::Locale, stage: &dyn Fn(&str)) -> Result<Paper, Error> {
    if !root.is_dir() {
        return Err(Error::Usage(format!("`{}` is not a folder", root.display())));
    }
    if !root.join(config::FILE).is_file() {
        return Err(Error::Usage(format!(
            "there is no `{}` in `{}`: this is not a gazette paper (pass the paper's folder, or create one with `gazette init`)",
            config::FILE,
            root.display()
        )));
    }
    output::check_target(root).map_err(Error::Environment)?;
    let mut diags = Vec::new();
    stage("reading metrics");
    let config = config::load(root, &mut diags);
    let layout = discover::discover(root, locale, &mut diags);
    let metrics = metrics::load(root, &layout.metric_files, &mut diags);
    let charts = charts::load(root, &layout.chart_files, &metrics, locale, &mut diags);
    let theme_name = config.as_ref().map_or("default", |c| c.theme.as_str());
    let theme = theme::load(root, theme_name).map_err(|ds| diags.extend(ds)).ok();
    stage("reading chapters");
    let fallback = config::Config::default();
    let loaded = content::load(
        root,
        &layout.chapter_files,
        &metrics,
        &charts,
        config.as_ref().unwrap_or(&fallback),
        locale,
        &mut diags,
    );
    let (Some(mut config), Some(mut theme)) = (config, theme) else {
        return Err(Error::Input(diags));
    };
    if locale == crate::input::Locale::En {
        if config.en.title.is_none() {
            diags.push(
                Diagnostic::error("the paper has no English title for its English edition")
                    .in_file(config::FILE)
                    .hint("add `en: { title: …, publisher: … }` to `gazette.yaml`"),
            );
        }
        config.in_english();
    }
    for rel in &config.pdf_fonts {
        match source::read_bytes(root, Path::new(rel), config::FILE) {
            Ok(bytes) => theme::add_font(&mut theme.fonts, rel.clone(), bytes),
            Err(d) => diags.push(d),
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Input(diags));
    }
    let document = Document { config, chapters: loaded.chapters, locale };
    if locale == crate::input::Locale::En {
        diags.extend(english_gaps(root, &layout, &loaded.placed, &charts));
        for row in provenance::used(&document, &metrics, &charts) {
            let Some(m) = metrics.get(&row.id) else { continue };
            if m.label_en.is_none() {
                diags.push(
                    Diagnostic::error(format!(
                        "metric `{}` is printed in the English edition but has no English label",
                        m.id
                    ))
                    .at(m.at.clone())
                    .hint(format!(
                        "add `en: {{ label: … }}` to the metric (its Chinese label is {})",
                        m.label
                    )),
                );
            }
        }
        if diags.iter().any(Diagnostic::is_error) {
            return Err(Error::Input(diags));
        }
    }
    if document.chapters.is_empty() {
        diags.push(
            Diagnostic::warning("the paper has no chapters")
                .in_file(discover::CONTENT)
                .hint("write chapters as `content/01-name.md`, each starting with front matter (`---`, `title: …`, `---`)"),
        );
    }
    Ok(Paper {
        document,
        metrics,
        charts,
        theme,
        media: loaded.media,
        placed: loaded.placed,
        warnings: diags,
    })
}

/// What a partial English edition lacks: a warning for each Chinese chapter without an English
/// one, and an error for each chart an English chapter places without an English title.
fn english_gaps(
    root: &Path,
    layout: &discover::Layout,
    placed: &std::collections::HashMap<String, usize>,
    charts: &charts::Charts,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let translated: Vec<_> = layout.chapter_files.iter().filter_map(|p| p.file_name()).collect();
    for zh in discover::discover(root, crate::input::Locale::Zh, &mut Vec::new()).chapter_files {
        if zh.file_name().is_some_and(|n| !translated.contains(&n)) {
            let name = crate::input::source::display_name(&zh);
            diags.push(
                Diagnostic::warning(format!(
                    "chapter `{name}` has no English translation: the English edition leaves it out"
                ))
                .in_file(name.clone())
                .hint(format!(
                    "write `{}/{}` to include it",
                    discover::EN_CHAPTERS,
                    zh.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
                )),
            );
        }
    }
    for chart in charts.iter().filter(|c| c.missing_en_title && placed.contains_key(&c.id)) {
        diags.push(
            Diagnostic::error(format!("chart `{}` has no English title for the English edition", chart.id))
                .at(chart.at.clone())
                .hint("add `en: { title: … }` to the chart"),
        );
    }
    diags
}

/// Renders the site, charts, images, PDF, fragment and manifest of a loaded paper.
pub fn render(paper: &Paper, outputs: Outputs, stage: &dyn Fn(&str)) -> Result<Rendered, Error> {
    let mut rendered = render_parts(paper, outputs, stage)?;
    finish(&mut rendered.files, &paper.document.config.slug, outputs.site);
    Ok(rendered)
}

/// [`render`] without the last touches: the files of `outputs` alone.
fn render_parts(paper: &Paper, outputs: Outputs, stage: &dyn Fn(&str)) -> Result<Rendered, Error> {
    let Paper { document: doc, metrics, charts, theme, media, placed, warnings } = paper;
    let mut diags = warnings.clone();
    let mut files = output::Files::new();
    stage("drawing charts");
    // The images carry the figure's number, as the page and the PDF print it.
    let chinese = doc.config.chinese_figure_numbers;
    let number = |id: &str| placed.get(id).map(|n| crate::input::locale::figure_ref(doc.locale, chinese, *n));
    for (path, bytes) in
        charts::render(charts, &theme.palette, outputs.images, &number).map_err(Error::Environment)?
    {
        files.insert(path, bytes);
    }
    for (site_path, file) in media {
        let bytes = std::fs::read(file)
            .map_err(|e| Error::Environment(format!("cannot read `{}`: {e}", file.display())))?;
        files.insert(format!("site/{site_path}"), bytes);
    }
    let used = provenance::used(doc, metrics, charts);
    if outputs.site {
        stage("rendering the site");
        provenance::render(&used, metrics, doc.locale, &mut files).map_err(Error::Environment)?;
        let bodies = site::bodies(doc, metrics, charts);
        if let Err(d) = site::render(doc, theme, &used, &bodies, &mut files) {
            diags.push(d);
            return Err(Error::Input(diags));
        }
        fragment::render(doc, &bodies, &mut files);
    }
    if outputs.pdf {
        stage("typesetting the PDF");
        let mut sources: Vec<Arc<Source>> = doc.chapters.iter().map(|c| Arc::clone(&c.source)).collect();
        sources.extend(metrics.iter().map(|m| Arc::clone(&m.at.source)));
        sources.extend(charts.iter().map(|c| Arc::clone(&c.at.source)));
        sources.extend(doc.config.source.iter().cloned());
        if let Err(ds) = pdf::render(doc, charts, &used, theme, &mut files, &sources) {
            diags.extend(ds);
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Input(diags));
    }
    if !outputs.site {
        // The charts were drawn for the PDF only.
        files.retain(|path, _| !path.starts_with("site/"));
    }
    Ok(Rendered { files, warnings: diags })
}

/// The last touches of a build's files: the PDF beside the site's page (so the download works
/// wherever the site goes), and the manifest of them all.
fn finish(files: &mut output::Files, slug: &str, site: bool) {
    let pdf_name = format!("{slug}.pdf");
    if site {
        if let Some(pdf) = files.get(&pdf_name).cloned() {
            files.insert(format!("site/{pdf_name}"), pdf);
        }
    }
    manifest::add(files);
}

/// Renders a paper in two passes, as `serve` does: the site first, handed to `site_ready` so
/// a browser can show it at once (without the manifest, made once at the end), then the PDF
/// and images. The files are those of one full build; the second pass's problems come back
/// as the error.
pub fn render_site_first(
    paper: &Paper,
    site_ready: &dyn Fn(&Rendered),
    stage: &dyn Fn(&str),
) -> Result<Rendered, Error> {
    let site = render_parts(paper, Outputs::SITE, stage)?;
    site_ready(&site);
    let rest = render_parts(paper, Outputs { site: false, pdf: true, images: true }, stage)?;
    let Rendered { mut files, warnings } = site;
    files.extend(rest.files);
    finish(&mut files, &paper.document.config.slug, true);
    Ok(Rendered { files, warnings })
}
