//! Reading the paper's files through [`Files`]: the same checks for every input, so that
//! encoding, size, link and kind problems get the same clear message wherever they occur,
//! and the copies `serve` keeps between rebuilds.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use super::files::{Entry, Files};
use crate::input::diagnostic::{Diagnostic, Source};

/// How large a file may be before it is refused unread, and what to do about it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limit {
    /// The largest size read, in bytes.
    pub bytes: u64,
    /// What the limit is of, after "more than the 64 MiB": "gazette reads", "a chapter can be".
    pub what: &'static str,
    /// What to do instead.
    pub hint: &'static str,
}

/// Any file the paper reads: larger ones are refused rather than read into memory.
pub(crate) const ANY_FILE: Limit =
    Limit { bytes: 64 * 1024 * 1024, what: "gazette reads", hint: "split the file into smaller ones" };

/// A size in MiB as the messages print it: `9.5 MiB`, `64 MiB`.
fn mib(bytes: u64) -> String {
    // Rounded up, so that a file just over a limit never reads as the limit itself.
    let tenths = bytes.saturating_mul(10).div_ceil(1024 * 1024);
    match tenths % 10 {
        0 => format!("{} MiB", tenths / 10),
        d => format!("{}.{d} MiB", tenths / 10),
    }
}

/// The name shown to the user for a path under the paper: relative, with `/`.
pub(crate) fn display_name(rel: &Path) -> String {
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Files read by the last build, kept while `gazette serve` runs: a rebuild reads again only
/// the files the watcher saw change (and any whose size or time changed).
#[derive(Debug, Default)]
pub(crate) struct Kept {
    files: Mutex<HashMap<PathBuf, Stamped>>,
}

/// A file as read: its size and modification time then, and its text.
type Stamped = (u64, Option<SystemTime>, Arc<Source>);

impl Kept {
    /// Forgets the kept copies of these files (paths relative to the paper), which have changed.
    pub(crate) fn forget(&self, paths: &[PathBuf]) {
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        for p in paths {
            files.remove(p);
        }
    }
}

/// The paper's files as a build reads them: the one door to them ([`Files`]), with the copies
/// kept from the last build when `serve` rebuilds (none for a one-off build).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Folder<'a> {
    pub files: &'a dyn Files,
    pub kept: Option<&'a Kept>,
}

impl<'a> Folder<'a> {
    /// Whether this build keeps what it reads and makes for the next one (`serve`).
    pub(crate) fn keeping(&self) -> bool {
        self.kept.is_some()
    }

    /// Reads the UTF-8 text file `rel`, as kept when unchanged since the last build. A
    /// byte-order mark is dropped and CRLF line endings become LF, so that positions and
    /// parsing are the same for files saved on Windows.
    pub(crate) fn read(&self, rel: &Path) -> Result<Arc<Source>, Diagnostic> {
        self.read_within(rel, ANY_FILE)
    }

    /// [`Folder::read`], refusing a file larger than `limit` without reading it.
    pub(crate) fn read_within(&self, rel: &Path, limit: Limit) -> Result<Arc<Source>, Diagnostic> {
        let name = display_name(rel);
        let stamp = self.file(rel, limit).map_err(|e| e.in_file(name.clone()))?;
        if let Some(k) = self.kept {
            let files = k.files.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((len, time, source)) = files.get(rel)
                && (*len, *time) == stamp
                && stamp.1.is_some()
                && source.name == name
            {
                return Ok(Arc::clone(source));
            }
        }
        let bytes = self.bytes(rel).map_err(|e| e.in_file(name.clone()))?;
        let source = Source::new(name.clone(), decode(&name, bytes)?);
        if let Some(k) = self.kept {
            let mut files = k.files.lock().unwrap_or_else(PoisonError::into_inner);
            files.insert(rel.to_path_buf(), (stamp.0, stamp.1, Arc::clone(&source)));
        }
        Ok(source)
    }

    /// The size and time of the file `rel`, when it is one gazette may read within `limit`;
    /// else what is wrong, not yet located.
    pub(crate) fn file(&self, rel: &Path, limit: Limit) -> Result<(u64, Option<SystemTime>), Diagnostic> {
        let name = display_name(rel);
        let entry =
            self.files.entry(rel).map_err(|e| Diagnostic::error(format!("cannot read `{name}`: {e}")))?;
        match entry {
            None => Err(Diagnostic::error(format!("`{name}` does not exist"))),
            Some(Entry::Folder | Entry::LinkToFolder) => {
                Err(Diagnostic::error(format!("`{name}` is a folder, but a file was expected"))
                    .hint("rename or move the folder; gazette reads a text file here"))
            }
            Some(Entry::Outside) => Err(Diagnostic::error(format!("`{name}` is outside the paper"))
                .hint("copy the file into the paper's folder instead of linking to it")),
            Some(Entry::BrokenLink(e)) => {
                Err(Diagnostic::error(format!("`{name}` is a broken or looping link: {e}"))
                    .hint("delete the link or make it point to a file in the paper"))
            }
            Some(Entry::File { len, .. }) if len > limit.bytes => Err(Diagnostic::error(format!(
                "`{name}` is {}, more than the {} {}",
                mib(len),
                mib(limit.bytes),
                limit.what
            ))
            .hint(limit.hint)),
            Some(Entry::File { len, stamp }) => Ok((len, stamp)),
        }
    }

    /// The bytes of the file `rel`, refused as [`Folder::file`] refuses a file (missing, a
    /// folder, outside the paper, over 64 MiB), the message not yet located.
    pub(crate) fn read_bytes(&self, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
        self.file(rel, ANY_FILE).and_then(|_| self.bytes(rel))
    }

    /// The bytes of the file `rel`, unchecked: for a caller that checked it with
    /// [`Folder::file`] or [`Folder::entry`] first.
    pub(crate) fn bytes(&self, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
        self.files
            .read(rel)
            .map_err(|e| Diagnostic::error(format!("cannot read `{}`: {e}", display_name(rel))))
    }

    /// Reads a binary file named in the settings file `named_in` (`gazette.yaml`), refusing
    /// paths that leave the paper.
    pub(crate) fn read_named(&self, rel: &Path, named_in: &str) -> Result<Vec<u8>, Diagnostic> {
        if rel.is_absolute()
            || rel.components().any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
        {
            return Err(Diagnostic::error(format!("`{}` is outside the paper", rel.display()))
                .in_file(named_in)
                .hint(format!(
                    "copy the file into the paper's folder and name it relative to `{named_in}`"
                )));
        }
        self.read_bytes(rel).map_err(|d| {
            let check = format!("check the path in `{named_in}`");
            Diagnostic { hints: if d.hints.is_empty() { vec![check] } else { d.hints }, ..d }
                .in_file(named_in)
        })
    }

    /// What is at `rel`; `None` for nothing, and for what cannot be read.
    pub(crate) fn entry(&self, rel: &Path) -> Option<Entry> {
        self.files.entry(rel).ok().flatten()
    }

    /// Whether `rel` is a folder of the paper.
    pub(crate) fn is_folder(&self, rel: &Path) -> bool {
        matches!(self.entry(rel), Some(Entry::Folder))
    }

    /// What the folder `rel` holds, one level down, in name order.
    pub(crate) fn list(&self, rel: &Path) -> std::io::Result<Vec<(String, Entry)>> {
        self.files.list(rel)
    }
}

/// Decodes file bytes as UTF-8, naming GBK and binary content when that is what they are.
pub(crate) fn decode(name: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            if text.contains('\0') {
                return Err(binary(name));
            }
            Ok(if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text })
        }
        Err(e) => {
            let bytes = e.into_bytes();
            if bytes.contains(&0) {
                return Err(binary(name));
            }
            let (decoded, _, had_errors) = encoding_rs::GB18030.decode(&bytes);
            let cjk = decoded.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
            if !had_errors && cjk > 0 {
                Err(Diagnostic::error(format!("`{name}` is saved in the GBK (GB18030) encoding, not UTF-8"))
                    .in_file(name)
                    .hint("open it in your editor and save it again as UTF-8 (in Notepad: 另存为 → 编码 → UTF-8)"))
            } else {
                Err(Diagnostic::error(format!("`{name}` is not valid UTF-8 text"))
                    .in_file(name)
                    .hint("save the file as UTF-8 text"))
            }
        }
    }
}

fn binary(name: &str) -> Diagnostic {
    Diagnostic::error(format!("`{name}` is a binary file, not text"))
        .in_file(name)
        .hint("gazette reads YAML and Markdown text here; move other files out of `content/`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let text = decode("a.md", b"\xEF\xBB\xBFa: 1\r\nb: 2\r\n".to_vec()).unwrap();
        assert_eq!(text, "a: 1\nb: 2\n");
    }

    #[test]
    fn gbk_is_named() {
        let (bytes, _, _) = encoding_rs::GBK.encode("标题：行政审判白皮书");
        let err = decode("a.md", bytes.into_owned()).unwrap_err();
        assert!(err.message.contains("GBK"), "{}", err.message);
    }

    #[test]
    fn binary_is_named() {
        let err = decode("a.yaml", vec![0x89, b'P', b'N', b'G', 0, 0, 1]).unwrap_err();
        assert!(err.message.contains("binary"));
    }
}
