//! What the last build wrote under `output/`, so that the next links each file it would write
//! again unchanged (most of a site after a one-paragraph edit, all of it after `--only site`)
//! instead of writing it: one system call for a name, not an open, a write and a close.
//! `serve` remembers what it wrote ([`Written`]); a one-off build reads the last build's
//! manifest ([`on_disk`]). A file is taken as unchanged only when the new build's digest
//! equals the one written and the file on disk is still as it was written then, so an output
//! file touched by hand is written again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

pub(crate) use super::manifest::{Digests, Listed};

/// A file as written: its SHA-256 (from the manifest), size and modification time.
#[derive(Debug, Clone, PartialEq)]
struct Stamp {
    sha256: String,
    len: u64,
    modified: Option<SystemTime>,
}

/// The files of one edition's folder (`output/` or `output/en/`) as this process last wrote
/// them, by path under it.
#[derive(Debug, Default)]
pub(crate) struct Written {
    files: Mutex<BTreeMap<String, Stamp>>,
}

impl Written {
    /// The paths of the files of `digests` that `dir` already holds byte for byte, as this
    /// process wrote them.
    pub(crate) fn unchanged(&self, dir: &Path, digests: &Digests) -> BTreeSet<String> {
        let written = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        digests
            .iter()
            .filter(|(rel, sha256)| {
                written
                    .get(*rel)
                    .is_some_and(|s| &s.sha256 == *sha256 && stamp(dir, rel, sha256).as_ref() == Some(s))
            })
            .map(|(rel, _)| rel.clone())
            .collect()
    }

    /// Remembers the files of `digests` as just written to `dir`.
    pub(crate) fn record(&self, dir: &Path, digests: &Digests) {
        let stamps = digests
            .iter()
            .filter_map(|(rel, sha256)| Some((rel.clone(), stamp(dir, rel, sha256)?)))
            .collect();
        *self.files.lock().unwrap_or_else(PoisonError::into_inner) = stamps;
    }

    /// Forgets what was written (after a write that failed half-way).
    pub(crate) fn forget(&self) {
        self.files.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}

/// The files of the last build's `dir` (`output/` or `output/en/`) that are still as its
/// manifest lists them, with their size and SHA-256: of the size listed, and not changed
/// since the manifest was written (it is written after every other file of a build, so a
/// file edited by hand since is newer). Empty when there is no manifest.
pub(crate) fn on_disk(dir: &Path) -> Listed {
    let path = dir.join(super::manifest::FILE);
    let Ok(written) = std::fs::metadata(&path).and_then(|m| m.modified()) else { return Listed::new() };
    let Ok(text) = std::fs::read(&path) else { return Listed::new() };
    super::manifest::listed(&text)
        .into_iter()
        .filter(|(rel, len, _)| {
            let meta = std::fs::symlink_metadata(dir.join(rel)).ok().filter(std::fs::Metadata::is_file);
            meta.is_some_and(|m| m.len() == *len && m.modified().is_ok_and(|t| t <= written))
        })
        .map(|(rel, len, sha256)| (rel, (len, sha256)))
        .collect()
}

/// The stamp of `dir/rel` on disk, with the digest it is known by.
fn stamp(dir: &Path, rel: &str, sha256: &str) -> Option<Stamp> {
    let meta = std::fs::symlink_metadata(dir.join(rel)).ok().filter(std::fs::Metadata::is_file)?;
    Some(Stamp { sha256: sha256.to_string(), len: meta.len(), modified: meta.modified().ok() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Files, manifest};

    #[test]
    fn a_file_is_unchanged_only_with_the_same_bytes_untouched_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = Files::new();
        files.insert("a.html".into(), b"one".to_vec());
        files.insert("b.html".into(), b"two".to_vec());
        for (rel, bytes) in &files {
            std::fs::write(dir.path().join(rel), bytes).unwrap();
        }
        manifest::add(&mut files, &manifest::Listed::new(), &BTreeMap::new(), &Digests::new());
        let digests = manifest::digests(&files);
        let written = Written::default();
        assert!(written.unchanged(dir.path(), &digests).is_empty(), "nothing is known before a write");
        written.record(dir.path(), &digests);
        let same: Vec<String> = written.unchanged(dir.path(), &digests).into_iter().collect();
        assert_eq!(same, ["a.html", "b.html"]);
        // New bytes for one; the other edited by hand behind the build's back.
        files.insert("a.html".into(), b"uno".to_vec());
        manifest::add(&mut files, &manifest::Listed::new(), &BTreeMap::new(), &Digests::new());
        std::fs::write(dir.path().join("b.html"), b"twofold").unwrap();
        assert!(written.unchanged(dir.path(), &manifest::digests(&files)).is_empty());
    }
}
