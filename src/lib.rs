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
pub mod manifest;
pub mod markdown;
pub mod metrics;
pub mod output;
pub mod paper;
pub mod pdf;
pub mod phrase;
pub mod pipeline;
pub mod provenance;
pub mod reader;
pub mod serve;
pub mod site;
pub mod source;
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
    build_with(root, Outputs::ALL, &|_| {})
}

/// [`build`] of some `outputs`, telling `stage` the name of each stage as it starts (for a
/// progress display and timings). `output/` then holds exactly what this build made.
pub fn build_with(root: &Path, outputs: Outputs, stage: &dyn Fn(&str)) -> Result<Report, Error> {
    let started = Instant::now();
    let paper = pipeline::load(root, stage)?;
    let rendered = pipeline::render(&paper, outputs, stage)?;
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
    let paper = pipeline::load(root, &|_| {})?;
    pipeline::render(&paper, Outputs::ALL, &|_| {})
}
