//! What `gazette serve` keeps of each chapter between rebuilds: its template expanded and its
//! Markdown parsed, under a hash of everything they were made from (its text, the metrics and
//! charts it refers to, the settings and the edition). A rebuild takes a chapter as made last
//! time when that hash is the same and its images are still where they were.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rayon::prelude::*;

use super::parse::{Parsed, resolve_image};
use crate::charts::Charts;
use crate::config::Config;
use crate::content::front::ChapterFile;
use crate::input::diagnostic::Diagnostic;
use crate::input::source::Folder;
use crate::metrics::Metrics;

/// One chapter as the last build made it.
struct Made {
    key: u64,
    file: ChapterFile,
    expanded: String,
    warnings: Vec<Diagnostic>,
    parsed: Parsed,
}

type Store = Mutex<HashMap<PathBuf, Made>>;

/// The chapters `serve` keeps between rebuilds, as made.
#[derive(Default)]
pub(crate) struct Kept {
    chapters: Store,
}

fn lock(m: &Store) -> MutexGuard<'_, HashMap<PathBuf, Made>> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The chapters the last build kept, and those this build keeps for the next one.
pub(super) struct Chapters<'a> {
    /// Where this build leaves its chapters for the next one.
    kept: Option<&'a Kept>,
    /// The hash of the settings and edition; none when the process keeps nothing.
    settings: Option<u64>,
    /// The fingerprint of every metric and chart, by id, made once for all chapters.
    metrics: HashMap<&'a str, u64>,
    charts: HashMap<&'a str, u64>,
    last: Store,
    now: Store,
}

impl<'a> Chapters<'a> {
    /// Takes what the last build `kept`, when there is one (`serve`).
    pub(super) fn take(
        kept: Option<&'a Kept>,
        folder: Folder<'_>,
        config: &Config,
        locale: crate::input::Locale,
        metrics: &'a Metrics,
        charts: &'a Charts,
    ) -> Self {
        // Every setting a chapter's text, parse or body depends on: raw HTML allowed, and how
        // its charts' numbers print (图3 or 图三).
        let settings = kept.map(|_| {
            let raw = (config.allow_raw_html, &config.allow_raw_html_tags);
            combine(0, &(folder.files.name(), locale.tag(), raw, config.chinese_figure_numbers))
        });
        let mut chapters = Self {
            kept,
            settings,
            metrics: HashMap::new(),
            charts: HashMap::new(),
            last: Store::default(),
            now: Store::default(),
        };
        if let Some(kept) = kept {
            chapters.last = Mutex::new(std::mem::take(&mut *lock(&kept.chapters)));
            let all: Vec<&crate::metrics::Metric> = metrics.iter().collect();
            chapters.metrics = all.par_iter().map(|m| (m.id.as_str(), m.fingerprint())).collect();
            chapters.charts = charts.iter().map(|c| (c.id.as_str(), c.fingerprint())).collect();
        }
        chapters
    }

    /// The hash of a chapter's text and of every metric and chart it refers to (all its
    /// template can read); zero when nothing is kept.
    pub(super) fn key(&self, text: &str) -> u64 {
        let Some(settings) = self.settings else { return 0 };
        let mut h = DefaultHasher::new();
        (settings, text).hash(&mut h);
        for (root, id) in crate::content::expand::references(text) {
            let found = if root == "chart" { &self.charts } else { &self.metrics };
            (&root, found.get(id.as_str())).hash(&mut h);
            id.hash(&mut h);
        }
        h.finish().max(1)
    }

    /// The chapter read and expanded, as the last build made it from the same inputs.
    pub(super) fn expanded(&self, rel: &Path, key: u64) -> Option<(ChapterFile, String, Vec<Diagnostic>)> {
        let last = lock(&self.last);
        let m = last.get(rel).filter(|m| key != 0 && m.key == key)?;
        Some((m.file.clone(), m.expanded.clone(), m.warnings.clone()))
    }

    /// The chapter parsed: as the last build made it from the same inputs and slug, if its
    /// images are still found where they were, else by `parse`. Kept for the next build
    /// unless it has errors.
    pub(super) fn parsed(
        &self,
        rel: &Path,
        made: (u64, &ChapterFile, &str, &[Diagnostic]),
        folder: Folder<'_>,
        slug: String,
        parse: impl FnOnce(String) -> Parsed,
    ) -> Parsed {
        let (key, file, expanded, warnings) = made;
        if key == 0 {
            return parse(slug);
        }
        let reusable = |m: &Made| {
            m.key == key
                && m.parsed.chapter.slug == slug
                && m.parsed.media.iter().all(|(site, path, url)| {
                    resolve_image(folder, url).is_ok_and(|(s, p)| s == *site && p == *path)
                })
        };
        let last = lock(&self.last).remove(rel).filter(|m| reusable(m));
        let (parsed, kept) = match last {
            Some(m) => (m.parsed.clone(), m),
            None => {
                let parsed = parse(slug);
                if parsed.diags.iter().any(Diagnostic::is_error) {
                    return parsed;
                }
                let m = Made {
                    key,
                    file: file.clone(),
                    expanded: expanded.to_string(),
                    warnings: warnings.to_vec(),
                    parsed: parsed.clone(),
                };
                (parsed, m)
            }
        };
        lock(&self.now).insert(rel.to_path_buf(), kept);
        parsed
    }

    /// Leaves this build's chapters for the next one; the chapters it did not have are dropped.
    pub(super) fn finish(self) {
        if let Some(kept) = self.kept {
            *lock(&kept.chapters) = self.now.into_inner().unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// A hash of `a` and `b`, never zero (zero means "not kept").
pub(crate) fn combine(a: u64, b: &impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    (a, b).hash(&mut h);
    h.finish().max(1)
}
