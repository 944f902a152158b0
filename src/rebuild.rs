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
use crate::pipeline::{self, BuildCache, Error, Rendered};
use crate::{config, discover, output};

/// What one rebuild came to.
#[derive(Debug)]
pub enum Outcome {
    /// The build succeeded; its files were written to `output/` unless `trouble` says why not.
    Built {
        /// Every file of the build, by path under `output/`.
        rendered: Rendered,
        /// From the start of the rebuild to the end.
        elapsed: Duration,
        /// From the start of the rebuild to the site being ready (the PDF comes after).
        page: Duration,
        /// Why the build could not be written, when it could not.
        trouble: Option<String>,
    },
    /// The build failed: the paper's problems, or the machine's.
    Failed(Error),
}

/// One paper, rebuilt as it changes.
pub struct Rebuilder {
    root: PathBuf,
    locale: Locale,
    cache: BuildCache,
}

impl Rebuilder {
    /// A rebuild loop for the paper at `root`, in the edition `locale`.
    pub fn new(root: &Path, locale: Locale) -> Result<Self, Error> {
        // Watch events name absolute paths; compare them with an absolute root.
        let root = root
            .canonicalize()
            .map_err(|e| Error::usage(format!("cannot open `{}`: {e}", root.display())))?;
        Ok(Self { root, locale, cache: BuildCache::new() })
    }

    /// Rebuilds the paper: the site first, handed to `site_ready` as soon as it is made, then
    /// the PDF and images, written with the site to `output/` as one build.
    pub fn rebuild(&self, site_ready: &dyn Fn(&Rendered)) -> Outcome {
        let started = Instant::now();
        let page = Mutex::new(Duration::ZERO);
        let ready = |rendered: &Rendered| {
            *page.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = started.elapsed();
            site_ready(rendered);
        };
        let (root, locale, cache) = (&self.root, self.locale, Some(&self.cache));
        let result = pipeline::load(root, locale, cache, &|_| {})
            .and_then(|paper| pipeline::render_site_first(&paper, cache, &ready, &|_| {}));
        match result {
            Ok(rendered) => {
                let trouble =
                    crate::build::commit_edition(root, locale, &rendered.files).err().map(|e| e.to_string());
                let page = *page.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                Outcome::Built { rendered, elapsed: started.elapsed(), page, trouble }
            }
            Err(error) => Outcome::Failed(error),
        }
    }

    /// Tells the loop that these files (absolute paths) changed, as the watcher does: the
    /// next rebuild reads them again.
    pub fn forget(&self, changed: &[PathBuf]) {
        self.cache.forget(changed);
    }

    /// Starts watching the paper's sources: `gazette.yaml`, `content/` and `themes/`.
    pub fn watch(&self) -> Result<Watcher, Error> {
        let (tx, events) = mpsc::channel();
        let mut debouncer = notify_debouncer_full::new_debouncer(Duration::from_millis(40), None, tx)
            .map_err(|e| Error::environment(format!("cannot watch the paper's files: {e}")))?;
        for (path, mode) in watched(&self.root) {
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
fn watched(root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut paths = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in [discover::CONTENT, "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            paths.push((path, RecursiveMode::Recursive));
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
