//! The rebuild loop of `gazette serve`: one paper, built and then rebuilt on every change to
//! its sources, each rebuild reading and making again only what changed, through the
//! [`BuildCache`] the loop owns. Serving the pages is the command's business.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache};

use crate::input::Locale;
use crate::input::files::{Disk, Entry, Files};
use crate::pipeline::{self, BuildCache, Error, Rendered};
use crate::{config, discover, output};

/// What one rebuild came to.
#[derive(Debug)]
pub enum Outcome {
    /// The build succeeded; its files were written to `output/` unless `trouble` says why not.
    Built {
        /// Every file of the build, by path under `output/`.
        rendered: Rendered,
        /// How long it took, and its parts.
        timing: Timing,
        /// Why the build could not be written, when it could not.
        trouble: Option<String>,
    },
    /// The build failed: the paper's problems, or the machine's.
    Failed(Error),
}

/// How long a rebuild took: in all, to the site being ready (the PDF comes after), and each
/// stage after that, in order. Shown as `1509 ms (the page was ready in 152 ms; typesetting
/// the PDF 900 ms, …)`.
#[derive(Debug, Clone, Default)]
pub struct Timing {
    /// From the start of the rebuild to the end.
    pub elapsed: Duration,
    /// From the start of the rebuild to the site being ready.
    pub page: Duration,
    /// Each stage after the site's, from its start to the next one's (the last to the end).
    pub stages: Vec<(String, Duration)>,
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ms (the page was ready in {} ms", self.elapsed.as_millis(), self.page.as_millis())?;
        for (i, (stage, took)) in self.stages.iter().enumerate() {
            write!(f, "{}{stage} {} ms", if i == 0 { "; " } else { ", " }, took.as_millis())?;
        }
        f.write_str(")")
    }
}

/// One paper, rebuilt as it changes.
pub struct Rebuilder {
    root: PathBuf,
    /// The paper's files, read through `cache` on each rebuild.
    disk: Disk,
    locale: Locale,
    cache: BuildCache,
    /// What the last rebuild wrote, so that the next links what it would write unchanged.
    written: output::written::Written,
}

impl Rebuilder {
    /// A rebuild loop for the paper at `root`, in the edition `locale`.
    pub fn new(root: &Path, locale: Locale) -> Result<Self, Error> {
        let disk = pipeline::open(root)?;
        // Watch events name absolute paths; compare them with an absolute root.
        let root = disk.real_root().to_path_buf();
        Ok(Self { root, disk, locale, cache: BuildCache::new(), written: Default::default() })
    }

    /// Rebuilds the paper: the site first, handed to `site_ready` as soon as it is made, then
    /// the PDF and images, written with the site to `output/` as one build.
    pub fn rebuild(&self, site_ready: &dyn Fn(&Rendered)) -> Outcome {
        let started = Instant::now();
        let page = Mutex::new(Duration::ZERO);
        // The stages after the site is ready, each with when it started.
        let stages: Mutex<Option<Vec<(String, Instant)>>> = Mutex::new(None);
        let ready = |rendered: &Rendered| {
            *page.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = started.elapsed();
            *stages.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Vec::new());
            site_ready(rendered);
        };
        let stage = |name: &str| {
            if let Some(s) = stages.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_mut() {
                s.push((name.to_string(), Instant::now()));
            }
        };
        let (locale, cache) = (self.locale, Some(&self.cache));
        let result = pipeline::load(&self.disk, locale, cache, &|_| {})
            .and_then(|paper| pipeline::render_site_first(&paper, cache, &ready, &stage));
        match result {
            Ok(rendered) => {
                stage("writing output");
                let trouble = self.commit(&rendered.files);
                let page = *page.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let stages = stages
                    .into_inner()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .unwrap_or_default();
                let end = Instant::now();
                let stages = stages
                    .iter()
                    .enumerate()
                    .map(|(i, (name, at))| {
                        (name.clone(), stages.get(i + 1).map_or(end, |(_, next)| *next) - *at)
                    })
                    .collect();
                Outcome::Built {
                    rendered,
                    timing: Timing { elapsed: started.elapsed(), page, stages },
                    trouble,
                }
            }
            Err(error) => Outcome::Failed(error),
        }
    }

    /// Writes a rebuild's files, linking those the last one wrote unchanged; why it could not.
    fn commit(&self, files: &output::Files) -> Option<String> {
        let dir = self.root.join(output::DIR).join(self.locale.output_path(""));
        let digests = output::manifest::digests(files);
        let unchanged = self.written.unchanged(&dir, &digests);
        match crate::build::commit_edition(&self.root, self.locale, files, &unchanged, &Default::default()) {
            Ok(()) => {
                self.written.record(&dir, &digests);
                None
            }
            Err(e) => {
                self.written.forget();
                Some(e.to_string())
            }
        }
    }

    /// Tells the loop that these files (absolute paths) changed, as the watcher does: the
    /// next rebuild reads them again.
    pub fn forget(&self, changed: &[PathBuf]) {
        let relative: Vec<PathBuf> =
            changed.iter().map(|p| p.strip_prefix(&self.root).unwrap_or(p).to_path_buf()).collect();
        self.cache.forget(&relative);
    }

    /// Starts watching the paper's sources: `gazette.yaml`, `content/` and `themes/`.
    pub fn watch(&self) -> Result<Watcher, Error> {
        let (tx, events) = mpsc::channel();
        let mut debouncer = notify_debouncer_full::new_debouncer(Duration::from_millis(40), None, tx)
            .map_err(|e| Error::environment(format!("cannot watch the paper's files: {e}")))?;
        for (path, mode) in watched(&self.root, &self.disk) {
            debouncer
                .watch(&path, mode)
                .map_err(|e| Error::environment(format!("cannot watch `{}`: {e}", path.display())))?;
        }
        Ok(Watcher { _debouncer: debouncer, events })
    }

    /// Rebuilds on every change the `watcher` sees, until it stops, handing each rebuild's
    /// site to `site_ready` and its outcome to `done`.
    pub fn run(&self, watcher: Watcher, site_ready: &dyn Fn(&Rendered), done: &dyn Fn(Outcome)) {
        let out = self.root.join(output::DIR);
        for result in watcher.events {
            let Ok(events) = result else { continue };
            // Reading files (by our own build, too) raises access events: only changes count.
            let changed: Vec<PathBuf> = events
                .iter()
                .filter(|e| is_change(&e.kind))
                .flat_map(|e| e.paths.iter())
                .filter(|p| is_source(&self.root, &out, p))
                .cloned()
                .collect();
            if !changed.is_empty() {
                self.forget(&changed);
                done(self.rebuild(site_ready));
            }
        }
    }
}

/// The watch on a paper's sources, with the changes it has seen.
pub struct Watcher {
    _debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
}

/// The paths to watch: `gazette.yaml` (through its folder), `content/` and `themes/`.
fn watched(root: &Path, files: &dyn Files) -> Vec<(PathBuf, RecursiveMode)> {
    let mut paths = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in [discover::CONTENT, "themes"] {
        if let Ok(Some(Entry::Folder)) = files.entry(Path::new(dir)) {
            paths.push((root.join(dir), RecursiveMode::Recursive));
        }
    }
    paths
}

fn is_change(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::ModifyKind;
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(m) => !matches!(m, ModifyKind::Metadata(_)),
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Whether a changed path is an input of the paper (not the output or its staging folders):
/// the settings, `content/`, a theme, or a workbook anywhere in the paper.
fn is_source(root: &Path, out: &Path, path: &Path) -> bool {
    if path.starts_with(out) {
        return false;
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let first =
        rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    first == config::FILE
        || first == discover::CONTENT
        || first == "themes"
        || crate::input::sheet::is_workbook(rel)
}

/// What a served page shows over itself when the last change did not build: the problems
/// (`Error`'s text), at the top of the window, over the last good page.
pub fn overlay(problems: &str) -> String {
    format!(
        "<div id=\"gazette-overlay\" role=\"alert\" style=\"position:fixed;left:0;right:0;top:0;max-height:70vh;overflow:auto;z-index:2147483647;background:#fff5f5;color:#1a1a1a;border-bottom:4px solid #9e1b1b;padding:1rem 1.25rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap\"><strong>gazette: the last change did not build; this is the last good page.</strong>\n\n{}</div>",
        crate::render::html::escape(problems)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuilds_time_names_the_page_and_each_later_stage() {
        let ms = Duration::from_millis;
        let timing = Timing {
            elapsed: ms(1509),
            page: ms(152),
            stages: vec![("typesetting the PDF".into(), ms(900)), ("writing output".into(), ms(60))],
        };
        assert_eq!(
            timing.to_string(),
            "1509 ms (the page was ready in 152 ms; typesetting the PDF 900 ms, writing output 60 ms)"
        );
    }
}
