//! Stage 8, output: where everything goes, and writing it. In: what the build made, as
//! values. Out: the files under `output/` ([`assemble`]), with their [`manifest`], written
//! atomically: everything goes into a staging folder beside `output/`, which is swapped in
//! only when complete. A failed build leaves `output/` as it was.

pub(crate) mod assemble;
pub(crate) mod kept;
pub(crate) mod manifest;
pub(crate) mod written;

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

use crate::input::hinted::{Hinted, HintedResult};

/// The files of one build, by path under `output/` (with `/`), in a stable order.
pub(crate) type Files = BTreeMap<String, Vec<u8>>;

/// The output folder's name under the paper.
pub(crate) const DIR: &str = "output";

/// The manifest's path under `output/` ([`manifest`]), written after every other file.
pub(crate) const MANIFEST: &str = "manifest.json";

/// A failure to write the output, with the path it concerns.
#[derive(Debug)]
pub(crate) struct WriteError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write `{}`: {}", self.path.display(), self.error)
    }
}

/// Checks that `output/` can be replaced: it is absent or a folder.
pub(crate) fn check_target(root: &Path) -> HintedResult<()> {
    let out = root.join(DIR);
    match std::fs::symlink_metadata(&out) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(Hinted::new(format!(
            "`{DIR}` is a file, but gazette writes the build into a folder of that name"
        ))
        .hint(format!("move or rename `{}`", out.display()))),
        Err(_) => Ok(()),
    }
}

/// Writes `files` as the new `output/`, replacing the old one only once all are written.
#[cfg(test)]
pub(crate) fn commit(root: &Path, files: &Files) -> Result<(), WriteError> {
    commit_keeping(root, "", files, &|_| false, &BTreeSet::new())
}

/// `commit` of `files` under `output/<under>` (`""` or a folder such as `en/`), carrying
/// over the files of the previous `output/` for which `keep` holds (by path under `output/`):
/// one edition's build leaves the other edition's files in place. The files of `unchanged`
/// (by path under `output/<under>`) are known to be there already, byte for byte: they are
/// linked from the previous `output/`, not written again.
pub(crate) fn commit_keeping(
    root: &Path,
    under: &str,
    files: &Files,
    keep: &dyn Fn(&str) -> bool,
    unchanged: &BTreeSet<String>,
) -> Result<(), WriteError> {
    let out = root.join(DIR);
    let staging = root.join(format!(".{DIR}.staging-{}", std::process::id()));
    let old = root.join(format!(".{DIR}.old-{}", std::process::id()));
    let fail = |path: &Path, error: io::Error| WriteError { path: path.to_path_buf(), error };
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| fail(&staging, e))?;
    }
    let result = (|| {
        std::fs::create_dir(&staging).map_err(|e| fail(&staging, e))?;
        if out.is_dir() {
            for entry in walkdir::WalkDir::new(&out).sort_by_file_name().into_iter().filter_map(Result::ok) {
                let Ok(rel) = entry.path().strip_prefix(&out) else { continue };
                let rel = crate::input::source::display_name(rel);
                let written = rel.strip_prefix(under).is_some_and(|r| files.contains_key(r));
                if entry.file_type().is_file() && keep(&rel) && !written {
                    let path = staging.join(&rel);
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
                    }
                    // A file kept from the last build is linked, not copied: the PDF and
                    // pictures a `--only site` build keeps cost a name, not their bytes.
                    if std::fs::hard_link(entry.path(), &path).is_err() {
                        std::fs::copy(entry.path(), &path).map_err(|e| fail(entry.path(), e))?;
                    }
                }
            }
        }
        write_all(&staging.join(under), &out.join(under), files, unchanged)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_old = out.exists();
    if had_old && let Err(e) = std::fs::rename(&out, &old) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(fail(&out, e));
    }
    if let Err(e) = std::fs::rename(&staging, &out) {
        if had_old {
            let _ = std::fs::rename(&old, &out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(fail(&out, e));
    }
    if had_old {
        remove_tree(&old).map_err(|e| fail(&old, e))?;
    }
    Ok(())
}

/// Writes `files` under `dir`: the folders first, then the files on every core (a file costs
/// the system an open, a write and a close, which cores do side by side); those of
/// `unchanged` are linked from `old` instead.
fn write_all(dir: &Path, old: &Path, files: &Files, unchanged: &BTreeSet<String>) -> Result<(), WriteError> {
    use rayon::prelude::*;
    let fail = |path: &Path, error: io::Error| WriteError { path: path.to_path_buf(), error };
    let folders: std::collections::BTreeSet<PathBuf> =
        files.keys().filter_map(|rel| dir.join(rel).parent().map(Path::to_path_buf)).collect();
    for folder in &folders {
        std::fs::create_dir_all(folder).map_err(|e| fail(folder, e))?;
    }
    let write = |(rel, bytes): (&String, &Vec<u8>)| {
        let path = dir.join(rel);
        if unchanged.contains(rel) && std::fs::hard_link(old.join(rel), &path).is_ok() {
            return Ok(());
        }
        std::fs::write(&path, bytes).map_err(|e| fail(&path, e))
    };
    // The manifest last: a file newer than it was changed after the build (`written::on_disk`).
    let (manifest, others): (Vec<_>, Vec<_>) = files.iter().partition(|(rel, _)| *rel == MANIFEST);
    others.into_par_iter().try_for_each(write)?;
    manifest.into_iter().try_for_each(write)
}

/// Writes one file atomically: into a temporary file beside it, then renamed over it, so
/// that a reader never sees half of it and a failure leaves the old file as it was.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |error: io::Error| WriteError { path: path.to_path_buf(), error };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let staging = dir.join(format!(".{name}.staging-{}", std::process::id()));
    std::fs::write(&staging, bytes).map_err(fail)?;
    std::fs::rename(&staging, path).map_err(|e| {
        let _ = std::fs::remove_file(&staging);
        fail(e)
    })
}

/// Removes the previous `output/` (moved aside): its top-level folders on every core.
fn remove_tree(old: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(old)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| match entry.file_type()?.is_dir() {
        true => std::fs::remove_dir_all(entry.path()),
        false => std::fs::remove_file(entry.path()),
    })?;
    std::fs::remove_dir(old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("output/site")).unwrap();
        std::fs::write(dir.path().join("output/site/stale.html"), "old").unwrap();
        let mut files = Files::new();
        files.insert("site/index.html".into(), b"new".to_vec());
        commit(dir.path(), &files).unwrap();
        assert_eq!(std::fs::read(dir.path().join("output/site/index.html")).unwrap(), b"new");
        assert!(!dir.path().join("output/site/stale.html").exists());
        let leftovers: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["output"]);
    }

    #[test]
    fn an_output_file_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("output"), "x").unwrap();
        assert!(check_target(dir.path()).unwrap_err().message.contains("is a file"));
    }
}
