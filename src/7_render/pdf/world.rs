//! The one door through which Typst sees the world: the theme's template, the document as
//! JSON, the charts and images, the fonts and the date. Nothing else: no files of the
//! machine, no network, no clock.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// What does not change between compiles of one paper: the fonts, their book and Typst's
/// library. `serve` keeps it ([`Kept`]) so that a rebuild neither parses the fonts nor hashes
/// their 17 MB again.
pub(crate) struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl Shared {
    /// The fonts of `files`, their book and the standard library.
    pub(crate) fn new(files: &[crate::input::fonts::FontFile]) -> Self {
        let fonts: Vec<Font> = files.iter().flat_map(|f| Font::iter(Bytes::new(f.data.clone()))).collect();
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    }

    /// The families the fonts are known by.
    pub(crate) fn book(&self) -> &FontBook {
        &self.book
    }
}

/// The [`Shared`] part of the last compile, with the font files it was made from (name, where
/// their bytes are, how many): the bundled faces are the same bytes in every build.
#[derive(Default)]
pub(crate) struct Kept {
    last: Mutex<Option<(FontKey, Arc<Shared>)>>,
}

/// Which font files a [`Shared`] was made from: each one's name, address and length.
type FontKey = Vec<(String, usize, usize)>;

impl Kept {
    /// The shared part for `files`: the last one when they are the same files.
    pub(crate) fn shared(&self, files: &[crate::input::fonts::FontFile]) -> Arc<Shared> {
        let key: FontKey = files
            .iter()
            .map(|f| (f.name.clone(), f.data.as_ref().as_ptr() as usize, f.data.as_ref().len()))
            .collect();
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        match last.as_ref() {
            Some((made_from, shared)) if *made_from == key => Arc::clone(shared),
            _ => {
                let shared = Arc::new(Shared::new(files));
                *last = Some((key, Arc::clone(&shared)));
                shared
            }
        }
    }
}

/// A compile's inputs, all in memory.
pub(crate) struct PaperWorld {
    shared: Arc<Shared>,
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
        shared: Arc<Shared>,
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
        Some(Self { shared, main, sources, files: map, today })
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
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
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
        self.shared.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
