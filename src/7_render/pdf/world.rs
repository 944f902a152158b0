//! The one door through which Typst sees the world: the theme's template, the document as
//! JSON, the charts and images, the fonts and the date. Nothing else: no files of the
//! machine, no network, no clock.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// A compile's inputs, all in memory.
pub(crate) struct PaperWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

/// The id of a virtual file such as `/data.json`.
pub(crate) fn file_id(path: &str) -> Option<FileId> {
    Some(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).ok()?).intern())
}

/// The path of a virtual file, without its leading slash.
pub(crate) fn file_path(id: FileId) -> String {
    id.get().vpath().get_without_slash().to_string()
}

impl PaperWorld {
    /// A world with `main` as the template (named for messages) and the given files.
    pub(crate) fn new(
        main_name: &str,
        main_text: &str,
        files: Vec<(String, Vec<u8>)>,
        fonts: Vec<Font>,
        today: Option<Datetime>,
    ) -> Option<Self> {
        let main = file_id(&format!("/{main_name}"))?;
        let mut sources = HashMap::new();
        sources.insert(main, Source::new(main, main_text.to_string()));
        let mut map = HashMap::new();
        for (path, bytes) in files {
            if let Some(id) = file_id(&format!("/{path}")) {
                map.insert(id, Bytes::new(bytes));
            }
        }
        Some(Self {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main,
            sources,
            files: map,
            today,
        })
    }

    /// Adds a Typst source file (a theme's other `.typ` files).
    pub(crate) fn add_source(&mut self, path: &str, text: &str) {
        if let Some(id) = file_id(&format!("/{path}")) {
            self.sources.insert(id, Source::new(id, text.to_string()));
        }
    }
}

impl World for PaperWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some(s) = self.sources.get(&id) {
            return Ok(s.clone());
        }
        match self.files.get(&id) {
            Some(bytes) => {
                let text = std::str::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
                Ok(Source::new(id, text.to_string()))
            }
            None => Err(FileError::NotFound(file_path(id).into())),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(b) = self.files.get(&id) {
            return Ok(b.clone());
        }
        match self.sources.get(&id) {
            Some(s) => Ok(Bytes::from_string(s.text().to_string())),
            None => Err(FileError::NotFound(file_path(id).into())),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
