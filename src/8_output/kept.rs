//! What a build of some outputs (`--only`) keeps of the last build's others: read back, or
//! carried over unread and linked.

use std::path::Path;

use super::manifest::Listed;
use super::{DIR, Files, WriteError};

/// What a build of some outputs keeps of the last build's others.
#[derive(Debug, Default)]
pub(crate) struct Kept {
    /// Files read back: their digest is not known (edited by hand since the last manifest,
    /// or none was written).
    pub read: Files,
    /// Files left where they are, unread, and linked into the new `output/`: their size and
    /// digest are the last manifest's, which they still match.
    pub carried: Listed,
}

impl Kept {
    /// Whether nothing is kept.
    pub(crate) fn is_empty(&self) -> bool {
        self.read.is_empty() && self.carried.is_empty()
    }

    /// Whether `rel` is kept, read or not.
    pub(crate) fn contains(&self, rel: &str) -> bool {
        self.read.contains_key(rel) || self.carried.contains_key(rel)
    }

    /// Reads a carried file back, for a build that needs its bytes.
    pub(crate) fn read_back(&mut self, root: &Path, under: &str, rel: &str) -> Result<(), WriteError> {
        if self.carried.remove(rel).is_some() {
            let path = root.join(DIR).join(under).join(rel);
            let bytes = std::fs::read(&path).map_err(|error| WriteError { path, error })?;
            self.read.insert(rel.to_string(), bytes);
        }
        Ok(())
    }
}

/// The files of the last build under `output/<under>` for which `keep` holds (by path under
/// `output/<under>`): what a build of some outputs keeps of the others. Those of `known`
/// (their size and digest, as [`super::written::on_disk`] gives them) are carried over unread: the PDF, Word
/// copy and pictures a `--only site` build keeps cost a name, not their bytes.
pub(crate) fn previous(
    root: &Path,
    under: &str,
    keep: &dyn Fn(&str) -> bool,
    known: &Listed,
) -> Result<Kept, WriteError> {
    let dir = root.join(DIR).join(under);
    let mut kept = Kept::default();
    if !dir.is_dir() {
        return Ok(kept);
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        let Ok(rel) = entry.path().strip_prefix(&dir) else { continue };
        let rel = crate::input::source::display_name(rel);
        // The other edition's files are the other edition's.
        if !entry.file_type().is_file() || (under.is_empty() && rel.starts_with("en/")) || !keep(&rel) {
            continue;
        }
        if let Some(listed) = known.get(&rel) {
            kept.carried.insert(rel, listed.clone());
        } else {
            let bytes = std::fs::read(entry.path())
                .map_err(|error| WriteError { path: entry.path().to_path_buf(), error })?;
            kept.read.insert(rel, bytes);
        }
    }
    Ok(kept)
}
