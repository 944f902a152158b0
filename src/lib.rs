//! gazette turns a folder of YAML metrics and Markdown chapters into a publication: a static
//! HTML site (and, as the pipeline grows, charts and a PDF), every figure printed from one
//! metric file the way Chinese publications print it.
//!
//! The pipeline: [`config::load`] → [`paper::discover`] → [`metrics::load`] →
//! [`chapters::load`] (front matter, template expansion, Markdown) into one
//! [`document::Document`] → [`site::render`] → [`output::commit`].

// Diagnostics travel on the cold path, where their size costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod chapter;
pub mod chapters;
pub mod charts;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod fonts;
pub mod html;
pub mod init;
pub mod markdown;
pub mod metrics;
pub mod output;
pub mod paper;
pub mod pdf;
pub mod phrase;
pub mod reader;
pub mod serve;
pub mod site;
pub mod source;
pub mod template;
pub mod theme;
pub mod yaml;

use std::path::Path;
use std::time::{Duration, Instant};

use diagnostic::Diagnostic;

/// What a successful build or check did.
#[derive(Debug)]
pub struct Report {
    /// Warnings: problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// The files written (or that a build would write), by path under `output/`.
    pub files: Vec<String>,
    pub elapsed: Duration,
}

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

/// Builds the paper at `root` into `root/output/`, replacing it atomically.
pub fn build(root: &Path) -> Result<Report, Error> {
    build_with(root, &|_| {})
}

/// [`build`], telling `stage` the name of each stage as it starts (for a progress display).
pub fn build_with(root: &Path, stage: &dyn Fn(&str)) -> Result<Report, Error> {
    let started = Instant::now();
    let rendered = prepare(root, stage).map(|(files, warnings)| Rendered { files, warnings })?;
    stage("writing output");
    output::commit(root, &rendered.files).map_err(|e| Error::Environment(e.to_string()))?;
    Ok(Report {
        warnings: rendered.warnings,
        files: rendered.files.into_keys().collect(),
        elapsed: started.elapsed(),
    })
}

/// Reads and renders everything a build would, and writes nothing.
pub fn check(root: &Path) -> Result<Report, Error> {
    let started = Instant::now();
    let rendered = render(root)?;
    Ok(Report {
        warnings: rendered.warnings,
        files: rendered.files.into_keys().collect(),
        elapsed: started.elapsed(),
    })
}

/// Every stage of the pipeline up to the bytes of each output file, writing nothing.
pub fn render(root: &Path) -> Result<Rendered, Error> {
    let (files, warnings) = prepare(root, &|_| {})?;
    Ok(Rendered { files, warnings })
}

/// Every stage of the pipeline, up to the bytes of each output file.
fn prepare(root: &Path, stage: &dyn Fn(&str)) -> Result<(output::Files, Vec<Diagnostic>), Error> {
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
    let layout = paper::discover(root, &mut diags);
    let metrics = metrics::load(root, &layout.metric_files, &mut diags);
    let charts = charts::load(root, &layout.chart_files, &metrics, &mut diags);
    let theme_name = config.as_ref().map_or("default", |c| c.theme.as_str());
    let theme = theme::load(root, theme_name).map_err(|ds| diags.extend(ds)).ok();
    stage("reading chapters");
    let fallback = config::Config::default();
    let loaded = chapters::load(
        root,
        &layout.chapter_files,
        &metrics,
        &charts,
        config.as_ref().unwrap_or(&fallback),
        &mut diags,
    );
    let (Some(config), Some(theme)) = (config, theme) else {
        return Err(Error::Input(diags));
    };
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Input(diags));
    }
    if loaded.chapters.is_empty() {
        diags.push(
            Diagnostic::warning("the paper has no chapters")
                .in_file(paper::CONTENT)
                .hint("write chapters as `content/01-name.md`, each starting with front matter (`---`, `title: …`, `---`)"),
        );
    }
    let doc = document::Document { config, chapters: loaded.chapters };
    stage("rendering the site");
    let mut files = output::Files::new();
    if let Err(d) = site::render(&doc, &metrics, &charts, &theme, &mut files) {
        diags.push(d);
        return Err(Error::Input(diags));
    }
    stage("drawing charts");
    for (path, bytes) in charts::render(&charts).map_err(Error::Environment)? {
        files.insert(path, bytes);
    }
    for (site_path, file) in &loaded.media {
        match std::fs::read(file) {
            Ok(bytes) => {
                files.insert(format!("site/{site_path}"), bytes);
            }
            Err(e) => return Err(Error::Environment(format!("cannot read `{}`: {e}", file.display()))),
        }
    }
    stage("typesetting the PDF");
    let mut theme = theme;
    for rel in &doc.config.pdf_fonts {
        match source::read_bytes(root, Path::new(rel)) {
            Ok(bytes) => theme::add_font(&mut theme.fonts, rel.clone(), bytes),
            Err(d) => diags.push(d),
        }
    }
    let mut sources: Vec<std::sync::Arc<diagnostic::Source>> =
        doc.chapters.iter().map(|c| std::sync::Arc::clone(&c.source)).collect();
    sources.extend(metrics.iter().map(|m| std::sync::Arc::clone(&m.at.source)));
    sources.extend(charts.iter().map(|c| std::sync::Arc::clone(&c.at.source)));
    sources.extend(doc.config.source.iter().cloned());
    if let Err(ds) = pdf::render(&doc, &charts, &theme, &mut files, &sources) {
        diags.extend(ds);
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Input(diags));
    }
    Ok((files, diags))
}
