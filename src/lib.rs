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
pub mod derive;
pub mod diagnostic;
pub mod diff;
pub mod document;
pub mod fonts;
pub mod fragment;
#[doc(hidden)]
pub mod fuzzing;
pub mod html;
pub mod init;
pub mod keyed;
pub mod lint;
mod lists;
pub mod manifest;
pub mod markdown;
mod markers;
pub mod metrics;
pub mod output;
pub mod paper;
pub mod pdf;
pub mod phrase;
pub mod phrase_en;
pub mod pipeline;
pub mod provenance;
pub mod reader;
pub mod serve;
pub mod site;
pub mod source;
pub mod strings;
pub mod template;
pub mod theme;
pub mod yaml;

use std::path::Path;
use std::time::{Duration, Instant};

pub use pipeline::{Paper, load};

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

/// The language of an edition: the Chinese original, or the English edition under `output/en/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    Zh,
    En,
}

impl Locale {
    /// Where an output file of this edition goes under `output/`: the English edition's
    /// under `en/`.
    pub fn output_path(self, path: &str) -> String {
        match self {
            Locale::Zh => path.to_string(),
            Locale::En => format!("en/{path}"),
        }
    }

    /// The BCP 47 tag for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }
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

/// Builds the paper at `root` into `root/output/`, replacing it atomically.
pub fn build(root: &Path) -> Result<Report, Error> {
    build_with(root, Locale::Zh, Outputs::ALL, &|_| {})
}

/// [`build`] of one edition's `outputs`, telling `stage` the name of each stage as it starts
/// (for a progress display and timings). The Chinese edition fills `output/`, the English
/// one `output/en/`; each build replaces its edition's files, exactly, and keeps the other's.
pub fn build_with(
    root: &Path,
    locale: Locale,
    outputs: Outputs,
    stage: &dyn Fn(&str),
) -> Result<Report, Error> {
    let started = Instant::now();
    let paper = pipeline::load(root, locale, stage)?;
    let rendered = pipeline::render(&paper, outputs, stage)?;
    stage("writing output");
    commit_edition(root, locale, &rendered.files).map_err(|e| Error::Environment(e.to_string()))?;
    let files = rendered.files.into_keys().map(|k| locale.output_path(&k)).collect();
    Ok(Report { warnings: rendered.warnings, files, elapsed: started.elapsed() })
}

/// Writes one edition's files to `output/` (the English edition's under `output/en/`),
/// atomically, keeping the other edition's.
pub fn commit_edition(root: &Path, locale: Locale, files: &output::Files) -> Result<(), output::WriteError> {
    let other_edition = |path: &str| (locale == Locale::Zh) == path.starts_with("en/");
    output::commit_keeping(root, &locale.output_path(""), files, &other_edition)
}

/// Reads and renders everything a build would, and writes nothing.
pub fn check(root: &Path) -> Result<Report, Error> {
    check_edition(root, Locale::Zh)
}

/// [`check`] of one edition.
pub fn check_edition(root: &Path, locale: Locale) -> Result<Report, Error> {
    let started = Instant::now();
    let paper = pipeline::load(root, locale, &|_| {})?;
    let rendered = pipeline::render(&paper, Outputs::ALL, &|_| {})?;
    Ok(Report {
        warnings: rendered.warnings,
        files: rendered.files.into_keys().collect(),
        elapsed: started.elapsed(),
    })
}

/// Every stage of the pipeline up to the bytes of each output file, writing nothing.
pub fn render(root: &Path) -> Result<Rendered, Error> {
    let paper = pipeline::load(root, Locale::Zh, &|_| {})?;
    pipeline::render(&paper, Outputs::ALL, &|_| {})
}
