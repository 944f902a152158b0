//! Files of things keyed by id (metrics, charts): each top-level key of a YAML file is an
//! id that must be well formed and unique across all files, and each definition that fails
//! is remembered so that later references to it are not reported again.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use crate::input::diagnostic::{Diagnostic, Location, Source};
use crate::input::source;
use crate::input::yaml::{Entry, YamlFile, is_blank_yaml, top_level_keys};

/// Something defined under an id in a YAML file.
pub(crate) trait Keyed {
    fn id(&self) -> &str;
    /// Where its id is written.
    fn at(&self) -> &Location;
}

/// All definitions of one kind, in file order, looked up by id.
#[derive(Debug)]
pub(crate) struct Set<T> {
    list: Vec<T>,
    by_id: HashMap<String, usize>,
    rejected: HashSet<String>,
}

impl<T> Default for Set<T> {
    fn default() -> Self {
        Self { list: Vec::new(), by_id: HashMap::new(), rejected: HashSet::new() }
    }
}

impl<T: Keyed> Set<T> {
    pub(crate) fn get(&self, id: &str) -> Option<&T> {
        self.by_id.get(id).map(|&i| &self.list[i])
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.list.iter()
    }

    pub(crate) fn ids(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(Keyed::id)
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        self.by_id.get(id).map(|&i| &mut self.list[i])
    }

    /// Removes a definition found wrong after loading, remembering its id as rejected.
    pub(crate) fn reject(&mut self, id: &str) {
        if let Some(i) = self.by_id.remove(id) {
            self.list.remove(i);
            for index in self.by_id.values_mut().filter(|v| **v > i) {
                *index -= 1;
            }
        }
        self.rejected.insert(id.to_string());
    }

    /// Whether the id was defined but rejected (its error is already reported).
    pub(crate) fn is_rejected(&self, id: &str) -> bool {
        self.rejected.contains(id)
    }

    fn push(&mut self, item: T) {
        self.by_id.insert(item.id().to_string(), self.list.len());
        self.list.push(item);
    }
}

/// How one kind of definition is named in messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Noun {
    /// `metric`, `chart`.
    pub name: &'static str,
    /// How chapters use an id, for the hint on a malformed one: `{{ m.ID }}`.
    pub usage: &'static str,
    /// Top-level keys that are not definitions (`defaults`): read for their messages only.
    pub reserved: &'static [&'static str],
}

/// Files parsed and read by the last build, kept while `serve` runs: a file the source cache
/// hands back unchanged (the same text, not read again) is not parsed or read again either.
/// Only for things whose reading depends on nothing but their own file.
pub(crate) struct Kept<T> {
    files: Mutex<HashMap<PathBuf, Made<T>>>,
}

/// A file as kept: its text, the file parsed and its entries read.
type Made<T> = (Arc<Source>, Arc<YamlFile>, Arc<Vec<Option<Read<T>>>>);

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Self { files: Mutex::default() }
    }
}

impl<T> Kept<T> {
    /// Forgets every file kept: what they read from elsewhere (a workbook) has changed.
    pub(crate) fn clear(&self) {
        self.files.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}

/// How the entries of one kind of file are read: `shared` once per file (what the file states
/// for all its entries, such as a metrics file's `defaults`), then `entry` for each entry.
pub(crate) struct Reading<S, E> {
    pub shared: S,
    pub entry: E,
}

/// Reads every file into `set`, in parallel: each file is parsed and its entries read on
/// its own, then all are taken in file order, so ids, messages and first definitions come
/// out as if read one after another. With `kept`, unchanged files are taken as last read.
pub(crate) fn load<T, C, S, E>(
    folder: source::Folder<'_>,
    files: &[PathBuf],
    noun: Noun,
    set: &mut Set<T>,
    diags: &mut Vec<Diagnostic>,
    kept: Option<&Kept<T>>,
    read: &Reading<S, E>,
) where
    T: Keyed + Clone + Send + Sync,
    S: Fn(&YamlFile) -> C + Sync,
    E: Fn(&YamlFile, &C, &Entry, &mut Vec<Diagnostic>) -> Option<T> + Sync,
{
    use rayon::prelude::*;
    let kept = kept.filter(|_| folder.keeping());
    let last = kept.map(|k| std::mem::take(&mut *k.files.lock().unwrap_or_else(PoisonError::into_inner)));
    let now = Mutex::new(HashMap::new());
    let read_files: Vec<ReadFile<T>> = files
        .par_iter()
        .map(|rel| {
            let source = folder.read(rel).map_err(|d| (d, Vec::new()))?;
            let reused = last.as_ref().and_then(|l| l.get(rel)).filter(|(s, _, _)| Arc::ptr_eq(s, &source));
            let (file, entries, keep) = match reused {
                Some((_, file, entries)) => (Arc::clone(file), Vec::clone(entries), Arc::clone(entries)),
                None => {
                    let file = YamlFile::parse(&source).map_err(|d| (d, top_level_keys(&source.text)))?;
                    let entries = read_entries(&file, read);
                    let keep = if last.is_some() { Arc::new(entries.clone()) } else { Arc::default() };
                    (Arc::new(file), entries, keep)
                }
            };
            if last.is_some() {
                now.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(rel.clone(), (source, Arc::clone(&file), keep));
            }
            Ok((file, entries))
        })
        .collect();
    if let Some(k) = kept {
        *k.files.lock().unwrap_or_else(PoisonError::into_inner) =
            now.into_inner().unwrap_or_else(PoisonError::into_inner);
    }
    for read_file in read_files {
        match read_file {
            Ok((file, entries)) => merge(&file, entries, noun, set, diags),
            Err((d, keys)) => {
                diags.push(d);
                set.rejected.extend(keys);
            }
        }
    }
}

/// A file parsed with each of its entries read (`None` where the id is malformed), or why it
/// could not be parsed and the ids it seems to define.
type ReadFile<T> = Result<(Arc<YamlFile>, Vec<Option<Read<T>>>), (Diagnostic, Vec<String>)>;

/// An entry read: the item, or none when it failed, and the messages of reading it.
type Read<T> = (Option<T>, Vec<Diagnostic>);

fn read_entries<T, C>(
    file: &YamlFile,
    read: &Reading<
        impl Fn(&YamlFile) -> C,
        impl Fn(&YamlFile, &C, &Entry, &mut Vec<Diagnostic>) -> Option<T>,
    >,
) -> Vec<Option<Read<T>>> {
    let shared = (read.shared)(file);
    file.entries
        .iter()
        .map(|entry| {
            is_id(&entry.key).then(|| {
                let mut diags = Vec::new();
                ((read.entry)(file, &shared, entry, &mut diags), diags)
            })
        })
        .collect()
}

/// Loads the entries of one parsed file into `set`.
pub(crate) fn load_file<T: Keyed, C>(
    file: &YamlFile,
    noun: Noun,
    set: &mut Set<T>,
    diags: &mut Vec<Diagnostic>,
    read: &Reading<
        impl Fn(&YamlFile) -> C,
        impl Fn(&YamlFile, &C, &Entry, &mut Vec<Diagnostic>) -> Option<T>,
    >,
) {
    let entries = read_entries(file, read);
    merge(file, entries, noun, set, diags);
}

/// Takes a file's entries, read, into `set`: a second definition of an id and a malformed id
/// are errors; an entry that failed is remembered as rejected.
fn merge<T: Keyed>(
    file: &YamlFile,
    entries: Vec<Option<Read<T>>>,
    noun: Noun,
    set: &mut Set<T>,
    diags: &mut Vec<Diagnostic>,
) {
    let name = noun.name;
    if file.entries.is_empty() && !is_blank_yaml(&file.source.text) {
        diags.push(
            Diagnostic::error(format!("a {name}s file must map {name} ids to their fields"))
                .in_file(file.source.name.clone())
                .hint("start each definition with its id at the beginning of a line, for example `cases_concluded:`"),
        );
    }
    for (entry, read) in file.entries.iter().zip(entries) {
        if noun.reserved.contains(&entry.key.as_str()) {
            diags.extend(read.map(|(_, d)| d).unwrap_or_default());
            continue;
        }
        if let Some(first) = set.get(&entry.key) {
            diags.push(
                Diagnostic::error(format!("{name} `{}` is defined twice", entry.key))
                    .at(entry.at.clone())
                    .related(first.at().clone(), "first defined here")
                    .hint("give one of them another id, or delete the copy"),
            );
            continue;
        }
        let Some((item, read_diags)) = read else {
            diags.push(
                Diagnostic::error(format!(
                    "{name} id `{}` must be lowercase ASCII letters, digits and `_`, starting with a letter",
                    entry.key
                ))
                .at(entry.at.clone())
                .hint(format!(
                    "ids are used in chapters as `{}`; for example `{}`",
                    noun.usage,
                    suggest_id(&entry.key)
                )),
            );
            continue;
        };
        diags.extend(read_diags);
        match item {
            Some(item) => set.push(item),
            None => {
                set.rejected.insert(entry.key.clone());
            }
        }
    }
}

/// An id: lowercase ASCII letters, digits and `_`, starting with a letter.
pub(crate) fn is_id(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn suggest_id(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    if out.is_empty() || !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        "cases_concluded".to_string()
    } else {
        out
    }
}
