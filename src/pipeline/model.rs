//! What the pipeline hands around: the paper read, what a build makes, why it failed, and
//! what `serve` keeps between builds.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::charts::{Charts, raster};
use crate::config::theme::Theme;
use crate::content::document::Document;
use crate::input::diagnostic::Diagnostic;
use crate::input::hinted::Hinted;
use crate::input::source;
use crate::metrics::Metrics;
use crate::render::site;
use crate::{content, metrics, output};

/// Why a build or check did not succeed.
#[derive(Debug)]
pub enum Error {
    /// Problems in the paper's files: every one found, errors and warnings in reading order.
    Input(Vec<Diagnostic>),
    /// The command was pointed at something that is not a paper: what, and what to do.
    Usage(Diagnostic),
    /// The machine refused something (a folder could not be written): what, with the path
    /// concerned, and what to do.
    Environment(Diagnostic),
    /// One of the versions `diff` compares does not build: which (a folder or a revision),
    /// and its problems.
    Side {
        /// The version: a folder, or a git revision such as `HEAD~1`.
        side: String,
        /// Every problem found in it.
        problems: Vec<Diagnostic>,
    },
}

impl Error {
    /// The command was pointed at something that is not a paper.
    pub(crate) fn usage(problem: impl Into<Hinted>) -> Self {
        Error::Usage(problem.into().error())
    }

    /// The machine refused something.
    pub(crate) fn environment(problem: impl Into<Hinted>) -> Self {
        Error::Environment(problem.into().error())
    }
}

impl std::fmt::Display for Error {
    /// The problems as a terminal without colour shows them, or the one message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Input(diags) => f.write_str(&crate::input::diagnostic::render_plain(diags)),
            Error::Usage(d) | Error::Environment(d) => {
                f.write_str(&crate::input::diagnostic::render_plain(std::slice::from_ref(d)))
            }
            Error::Side { side, problems } => write!(
                f,
                "{}`{side}` does not build, so it cannot be compared",
                crate::input::diagnostic::render_plain(problems)
            ),
        }
    }
}

impl std::error::Error for Error {}

/// The files of a build, rendered but not yet written.
#[derive(Debug)]
pub struct Rendered {
    /// Every file, by path under `output/`.
    pub files: output::Files,
    /// Problems that did not stop the build.
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
    /// The Word copy for sign-off.
    pub docx: bool,
    /// A PDF made by an earlier build stays beside the site (`--only site` keeps it), so the
    /// site links to it although this build does not make it.
    pub pdf_kept: bool,
}

impl Outputs {
    /// Everything: the site, the PDF, the PNG charts and the Word copy.
    pub const ALL: Outputs = Outputs { site: true, pdf: true, images: true, docx: true, pdf_kept: false };
    /// The site alone (`--only site`).
    pub const SITE: Outputs = Outputs { site: true, pdf: false, images: false, docx: false, pdf_kept: false };
    /// The PDF alone (`--only pdf`).
    pub const PDF: Outputs = Outputs { site: false, pdf: true, images: false, docx: false, pdf_kept: false };
    /// The Word copy alone (`--only docx`).
    pub const DOCX: Outputs = Outputs { site: false, pdf: false, images: false, docx: true, pdf_kept: false };

    /// Whether the file at `path` (under the edition's output) is one these outputs make,
    /// for a paper whose PDF is `slug.pdf`.
    pub(crate) fn make(&self, path: &str, slug: &str) -> bool {
        let pdf = format!("{slug}.pdf");
        if path == pdf || path == format!("site/{pdf}") {
            return self.pdf;
        }
        if path == format!("{slug}.docx") {
            return self.docx;
        }
        if path.starts_with("images/") {
            return self.images;
        }
        // The site, the fragment, the data files; the manifest is made anew by every build.
        self.site || path == "manifest.json"
    }
}

/// A paper read and checked: its settings, metrics, charts and chapters, and its theme.
#[derive(Debug)]
pub(crate) struct Paper {
    /// The settings and chapters, in the edition's language.
    pub document: Document,
    /// Every metric, checked, derived and phrased.
    pub metrics: Metrics,
    /// Every chart, checked against the metrics.
    pub charts: Charts,
    /// The look of the site and the PDF.
    pub theme: Theme,
    /// Images the chapters show: site path → the bytes of the image file.
    pub media: BTreeMap<String, Vec<u8>>,
    /// The charts the chapters place, by id, with their figure numbers.
    pub placed: HashMap<String, usize>,
    /// The workbooks the figures were read from: path → SHA-256, for the manifest.
    pub workbooks: BTreeMap<String, String>,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

/// What `gazette serve` keeps between rebuilds of one paper, so that a rebuild reads, parses
/// and draws again only what changed: the files as read, the metric files as read, the
/// chapters as expanded and parsed, their bodies as rendered, the PNG charts as drawn. A
/// one-off build has none. Whatever was made from a changed file no longer matches it and is
/// made again; [`forget`](Self::forget) drops the changed files themselves.
#[derive(Default)]
pub(crate) struct BuildCache {
    pub(super) files: source::Kept,
    pub(super) metrics: metrics::Kept,
    pub(super) chapters: content::Kept,
    pub(super) bodies: site::Bodies,
    pub(super) pngs: raster::Pngs,
    /// The PDF's fonts and Typst's library, made once.
    #[cfg(feature = "pdf")]
    pub(super) pdf: crate::render::pdf::world::Kept,
}

impl BuildCache {
    /// An empty cache: the first build with it reads everything.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Forgets the kept copies of these files (relative to the paper), which have changed. A changed
    /// workbook may change any metric file's figures: they are all read again.
    pub(crate) fn forget(&self, changed: &[PathBuf]) {
        self.files.forget(changed);
        if changed.iter().any(|p| crate::input::sheet::is_workbook(p)) {
            self.metrics.clear();
        }
    }
}
