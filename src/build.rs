//! The library's entry points: build a paper into `output/`, or check it, writing nothing.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::input::{Diagnostic, Locale};
use crate::output;
use crate::pipeline::{self, Error, Outputs};

/// What a successful build or check did.
#[derive(Debug)]
pub struct Report {
    /// Warnings: problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// The files written (or that a build would write), by path under `output/`.
    pub files: Vec<String>,
    /// How long it took.
    pub elapsed: Duration,
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
    let paper = pipeline::load(&pipeline::open(root)?, locale, None, stage)?;
    let slug = paper.document.config.slug.clone();
    let under = locale.output_path("");
    let everything = outputs.site && outputs.pdf && outputs.images && outputs.docx;
    // What the last build wrote and is still as it wrote it: linked, not written again.
    let on_disk = output::written::on_disk(&root.join(output::DIR).join(&under));
    // Some outputs (`--only`): the others stay as the last build made them.
    let mut kept = match everything {
        true => output::kept::Kept::default(),
        false => output::kept::previous(root, &under, &|path| !outputs.make(path, &slug), &on_disk)
            .map_err(|e| Error::environment(e.to_string()))?,
    };
    let pdf = format!("{slug}.pdf");
    let beside = format!("site/{pdf}");
    // The kept PDF goes beside a site page that the last build had not: its bytes are needed.
    if outputs.site && !kept.carried.contains_key(&beside) {
        kept.read_back(root, &under, &pdf).map_err(|e| Error::environment(e.to_string()))?;
    }
    let outputs = Outputs { pdf_kept: kept.contains(&pdf), ..outputs };
    // The files read back are linked, as they are; but for the PDF beside the site's page,
    // which is the PDF's copy: linked only if it is still that (its digest, below).
    let mut unchanged: BTreeSet<String> = kept.read.keys().filter(|k| **k != beside).cloned().collect();
    let mut rendered = pipeline::render(&paper, outputs, None, stage)?;
    if !kept.is_empty() {
        // Digests known: the rendered files' just taken, the kept ones' if untouched.
        let mut known = output::manifest::digests(&rendered.files);
        known.extend(kept.read.keys().filter_map(|k| Some((k.clone(), on_disk.get(k)?.1.clone()))));
        rendered.files.extend(std::mem::take(&mut kept.read));
        output::assemble::finish(&mut rendered.files, &kept.carried, &slug, &paper.workbooks, &known);
    }
    let digests = output::manifest::digests(&rendered.files);
    unchanged.extend(
        digests
            .into_iter()
            .filter(|(rel, sha)| on_disk.get(rel).is_some_and(|(_, s)| s == sha))
            .map(|(rel, _)| rel),
    );
    stage("writing output");
    commit_edition(root, locale, &rendered.files, &unchanged, &kept.carried)
        .map_err(|e| Error::environment(e.to_string()))?;
    let mut files: Vec<String> = rendered.files.keys().chain(kept.carried.keys()).cloned().collect();
    files.sort_unstable();
    files.dedup();
    let files = files.iter().map(|k| locale.output_path(k)).collect();
    let elapsed = started.elapsed();
    // Freeing the paper and the files, values by the thousand, takes milliseconds the build
    // need not wait for: another thread frees them (or the process, when it ends first). A
    // thread that cannot be started frees them here, as the closure is dropped.
    let _ = std::thread::Builder::new().spawn(move || drop((paper, rendered.files)));
    Ok(Report { warnings: rendered.warnings, files, elapsed })
}

/// Writes one edition's files to `output/` (the English edition's under `output/en/`),
/// atomically, keeping the other edition's and linking the `carried` files of the last build.
pub(crate) fn commit_edition(
    root: &Path,
    locale: Locale,
    files: &output::Files,
    unchanged: &BTreeSet<String>,
    carried: &output::manifest::Listed,
) -> Result<(), output::WriteError> {
    let under = locale.output_path("");
    let kept = |path: &str| {
        (locale == Locale::Zh) == path.starts_with("en/")
            || path.strip_prefix(under.as_str()).is_some_and(|rel| carried.contains_key(rel))
    };
    output::commit_keeping(root, &under, files, &kept, unchanged)
}

/// Reads and renders everything a build would, and writes nothing.
pub fn check(root: &Path) -> Result<Report, Error> {
    check_edition(root, Locale::Zh)
}

/// [`check`] of one edition.
pub fn check_edition(root: &Path, locale: Locale) -> Result<Report, Error> {
    let started = Instant::now();
    let paper = pipeline::load(&pipeline::open(root)?, locale, None, &|_| {})?;
    let rendered = pipeline::render(&paper, Outputs::ALL, None, &|_| {})?;
    Ok(Report {
        warnings: rendered.warnings,
        files: rendered.files.into_keys().collect(),
        elapsed: started.elapsed(),
    })
}
