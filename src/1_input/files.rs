//! The one door to a paper's files, after Typst's `World`: every stage reads the paper
//! through [`Files`], never the disk, so that the same build runs on a folder ([`Disk`]), on
//! a folder with what `serve` kept from its last build (a [`Disk`] read through
//! `source::Kept`), on a git revision read from the repository's objects and on a paper
//! held in memory by a test (both a [`Memory`]).

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

/// What is at a path of the paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    /// A file (or a link to one inside the paper): its size and when it last changed.
    File {
        len: u64,
        stamp: Option<SystemTime>,
    },
    Folder,
    /// A link to a folder inside the paper, which gazette does not follow.
    LinkToFolder,
    /// A link, or a path through one, that leads outside the paper.
    Outside,
    /// A link that leads nowhere or to itself, and why.
    BrokenLink(String),
}

/// The files of one paper, by path relative to its folder. Implementations answer for the
/// paper alone: nothing outside it can be listed or read through them.
pub(crate) trait Files: Send + Sync + std::fmt::Debug {
    /// The paper's folder on disk, when it is on disk: where the build is written.
    fn root(&self) -> Option<&Path>;
    /// The paper as messages name it: its folder, or the revision it was read from.
    fn name(&self) -> String;
    /// What is at `rel`, or `None` when nothing is.
    fn entry(&self, rel: &Path) -> io::Result<Option<Entry>>;
    /// The bytes of the file at `rel`.
    fn read(&self, rel: &Path) -> io::Result<Vec<u8>>;
    /// What the folder `rel` holds, one level down, by name in name order.
    fn list(&self, rel: &Path) -> io::Result<Vec<(String, Entry)>>;
}

/// A paper folder on disk. Links are followed only when they stay inside the paper.
#[derive(Debug)]
pub(crate) struct Disk {
    root: PathBuf,
    /// The root with every link resolved, to tell where a link leads.
    real_root: PathBuf,
}

impl Disk {
    /// The paper in the folder `root`; `None` when there is no such folder.
    pub(crate) fn open(root: &Path) -> Option<Disk> {
        if !root.is_dir() {
            return None;
        }
        let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Some(Disk { root: root.to_path_buf(), real_root })
    }

    /// What is at `rel`; `parent_inside` tells, when known, whether the folder holding it is
    /// inside the paper, so that only a link needs resolving.
    fn entry_in(&self, rel: &Path, parent_inside: Option<bool>) -> io::Result<Option<Entry>> {
        let path = self.root.join(rel);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let link = meta.file_type().is_symlink();
        // A path is inside the paper when it is there with every link on the way resolved.
        let inside = match parent_inside {
            Some(inside) if !link => inside,
            _ => match path.canonicalize() {
                Ok(real) => real.starts_with(&self.real_root),
                Err(e) if link => return Ok(Some(Entry::BrokenLink(e.to_string()))),
                Err(e) => return Err(e),
            },
        };
        if !inside {
            return Ok(Some(Entry::Outside));
        }
        let meta = if link { std::fs::metadata(&path)? } else { meta };
        Ok(match (meta.is_dir(), meta.is_file(), link) {
            (true, _, true) => Some(Entry::LinkToFolder),
            (true, _, false) => Some(Entry::Folder),
            (_, true, _) => Some(Entry::File { len: meta.len(), stamp: meta.modified().ok() }),
            // A pipe or a device is no file of a paper: reading it could wait for ever.
            _ => None,
        })
    }

    /// The folder with every link on the way resolved: what a file watcher names.
    pub(crate) fn real_root(&self) -> &Path {
        &self.real_root
    }

    /// Where `path` (absolute, or relative to the working folder) is inside the paper, with
    /// links resolved; `None` when it is outside, an error when it cannot be found.
    pub(crate) fn relative(&self, path: &Path) -> io::Result<Option<PathBuf>> {
        let real = path.canonicalize()?;
        Ok(real.strip_prefix(&self.real_root).ok().map(Path::to_path_buf))
    }
}

impl Files for Disk {
    fn root(&self) -> Option<&Path> {
        Some(&self.root)
    }

    fn name(&self) -> String {
        self.root.display().to_string()
    }

    fn entry(&self, rel: &Path) -> io::Result<Option<Entry>> {
        if leaves(rel) {
            return Ok(Some(Entry::Outside));
        }
        self.entry_in(rel, None)
    }

    fn read(&self, rel: &Path) -> io::Result<Vec<u8>> {
        if leaves(rel) {
            return Err(io::Error::new(io::ErrorKind::PermissionDenied, "outside the paper"));
        }
        std::fs::read(self.root.join(rel))
    }

    fn list(&self, rel: &Path) -> io::Result<Vec<(String, Entry)>> {
        if leaves(rel) {
            return Err(io::Error::new(io::ErrorKind::PermissionDenied, "outside the paper"));
        }
        let mut names: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(self.root.join(rel))? {
            names.push(entry?.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        // Whether the folder itself is inside the paper, found once for all it holds.
        let inside = self.root.join(rel).canonicalize()?.starts_with(&self.real_root);
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            if let Some(entry) = self.entry_in(&rel.join(&name), Some(inside))? {
                out.push((name, entry));
            }
        }
        Ok(out)
    }
}

/// Whether a path climbs out of the paper or names a place outside it.
fn leaves(rel: &Path) -> bool {
    rel.components().any(|c| matches!(c, Component::ParentDir | Component::RootDir | Component::Prefix(_)))
}

/// A paper held in memory: a git revision read from the repository's objects, or a test's.
/// Folders are the paths its files are under.
#[derive(Debug, Default)]
pub(crate) struct Memory {
    name: String,
    files: BTreeMap<PathBuf, Stored>,
}

/// A file in memory: its bytes, or only its size when it is too large to be read.
#[derive(Debug)]
enum Stored {
    Bytes(Vec<u8>),
    TooLarge(u64),
}

impl Memory {
    /// An empty paper, named `name` in messages.
    pub(crate) fn new(name: impl Into<String>) -> Memory {
        Memory { name: name.into(), files: BTreeMap::new() }
    }

    /// Adds the file `rel` (with `/` between folders) with these bytes.
    pub(crate) fn insert(&mut self, rel: &str, bytes: Vec<u8>) {
        self.files.insert(PathBuf::from(rel), Stored::Bytes(bytes));
    }

    /// Adds the file `rel` known only by its size, larger than anything gazette reads.
    pub(crate) fn insert_too_large(&mut self, rel: &str, len: u64) {
        self.files.insert(PathBuf::from(rel), Stored::TooLarge(len));
    }

    fn is_folder(&self, rel: &Path) -> bool {
        // Paths compare by component, so what is under `rel` comes right after it.
        let mut after = self.files.range(rel.to_path_buf()..).map(|(p, _)| p).filter(|p| p.as_path() != rel);
        rel.as_os_str().is_empty() || after.next().is_some_and(|p| p.starts_with(rel))
    }
}

impl Files for Memory {
    fn root(&self) -> Option<&Path> {
        None
    }

    fn name(&self) -> String {
        self.name.clone()
    }

    fn entry(&self, rel: &Path) -> io::Result<Option<Entry>> {
        if leaves(rel) {
            return Ok(Some(Entry::Outside));
        }
        Ok(match self.files.get(rel) {
            Some(Stored::Bytes(b)) => Some(Entry::File { len: b.len() as u64, stamp: None }),
            Some(Stored::TooLarge(len)) => Some(Entry::File { len: *len, stamp: None }),
            None if self.is_folder(rel) => Some(Entry::Folder),
            None => None,
        })
    }

    fn read(&self, rel: &Path) -> io::Result<Vec<u8>> {
        match self.files.get(rel) {
            Some(Stored::Bytes(b)) => Ok(b.clone()),
            Some(Stored::TooLarge(_)) => Err(io::Error::other("the file is too large to read")),
            None => Err(io::Error::from(io::ErrorKind::NotFound)),
        }
    }

    fn list(&self, rel: &Path) -> io::Result<Vec<(String, Entry)>> {
        if !self.is_folder(rel) {
            return Err(io::Error::from(io::ErrorKind::NotFound));
        }
        let names: std::collections::BTreeSet<String> = self
            .files
            .keys()
            .filter_map(|p| p.strip_prefix(rel).ok()?.components().next())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            if let Some(entry) = self.entry(&rel.join(&name))? {
                out.push((name, entry));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_has_folders_where_files_are() {
        let mut m = Memory::new("test");
        m.insert("content/01.md", b"a".to_vec());
        m.insert("content/metrics/a.yaml", b"b".to_vec());
        m.insert("content-notes.txt", b"c".to_vec());
        assert_eq!(m.entry(Path::new("content")).unwrap(), Some(Entry::Folder));
        assert_eq!(m.entry(Path::new("content/01.md")).unwrap(), Some(Entry::File { len: 1, stamp: None }));
        assert_eq!(m.entry(Path::new("cont")).unwrap(), None);
        assert_eq!(m.entry(Path::new("../x")).unwrap(), Some(Entry::Outside));
        let names: Vec<String> = m.list(Path::new("content")).unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["01.md", "metrics"]);
        let top: Vec<String> = m.list(Path::new("")).unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(top, ["content", "content-notes.txt"]);
    }

    #[test]
    fn disk_refuses_a_link_out_of_the_paper() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.yaml"), "a: 1").unwrap();
        std::fs::write(dir.path().join("in.yaml"), "a: 1").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path().join("secret.yaml"), dir.path().join("out.yaml"))
                .unwrap();
            std::os::unix::fs::symlink(dir.path().join("in.yaml"), dir.path().join("alias.yaml")).unwrap();
            std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("broken.yaml")).unwrap();
        }
        let disk = Disk::open(dir.path()).unwrap();
        let at = |p: &str| disk.entry(Path::new(p)).unwrap();
        assert!(matches!(at("in.yaml"), Some(Entry::File { len: 4, .. })));
        #[cfg(unix)]
        {
            assert_eq!(at("out.yaml"), Some(Entry::Outside));
            assert!(matches!(at("alias.yaml"), Some(Entry::File { .. })));
            assert!(matches!(at("broken.yaml"), Some(Entry::BrokenLink(_))));
        }
        assert!(disk.read(Path::new("../x")).is_err());
    }
}
