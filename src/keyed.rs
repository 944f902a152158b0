//! Files of things keyed by id (metrics, charts): each top-level key of a YAML file is an
//! id that must be well formed and unique across all files, and each definition that fails
//! is remembered so that later references to it are not reported again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location};
use crate::source;
use crate::yaml::{Entry, YamlFile, is_blank_yaml, top_level_keys};

/// Something defined under an id in a YAML file.
pub trait Keyed {
    fn id(&self) -> &str;
    /// Where its id is written.
    fn at(&self) -> &Location;
}

/// All definitions of one kind, in file order, looked up by id.
#[derive(Debug)]
pub struct Set<T> {
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
    pub fn get(&self, id: &str) -> Option<&T> {
        self.by_id.get(id).map(|&i| &self.list[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.list.iter()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(Keyed::id)
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        self.by_id.get(id).map(|&i| &mut self.list[i])
    }

    /// Removes a definition found wrong after loading, remembering its id as rejected.
    pub fn reject(&mut self, id: &str) {
        if let Some(i) = self.by_id.remove(id) {
            self.list.remove(i);
            for index in self.by_id.values_mut().filter(|v| **v > i) {
                *index -= 1;
            }
        }
        self.rejected.insert(id.to_string());
    }

    /// Whether the id was defined but rejected (its error is already reported).
    pub fn is_rejected(&self, id: &str) -> bool {
        self.rejected.contains(id)
    }

    fn push(&mut self, item: T) {
        self.by_id.insert(item.id().to_string(), self.list.len());
        self.list.push(item);
    }
}

/// How one kind of definition is named in messages.
#[derive(Debug, Clone, Copy)]
pub struct Noun {
    /// `metric`, `chart`.
    pub name: &'static str,
    /// How chapters use an id, for the hint on a malformed one: `{{ m.ID }}`.
    pub usage: &'static str,
}

/// Loads every file into `set`, reading each entry with `read`.
pub fn load<T: Keyed>(
    root: &Path,
    files: &[PathBuf],
    noun: Noun,
    set: &mut Set<T>,
    diags: &mut Vec<Diagnostic>,
    mut read: impl FnMut(&YamlFile, &Entry, &mut Vec<Diagnostic>) -> Option<T>,
) {
    for rel in files {
        let source = match source::read(root, rel) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        match YamlFile::parse(&source) {
            Ok(file) => load_file(&file, noun, set, diags, &mut read),
            Err(d) => {
                diags.push(d);
                set.rejected.extend(top_level_keys(&source.text));
            }
        }
    }
}

/// Loads the entries of one parsed file into `set`.
pub fn load_file<T: Keyed>(
    file: &YamlFile,
    noun: Noun,
    set: &mut Set<T>,
    diags: &mut Vec<Diagnostic>,
    read: &mut impl FnMut(&YamlFile, &Entry, &mut Vec<Diagnostic>) -> Option<T>,
) {
    let name = noun.name;
    if file.entries.is_empty() && !is_blank_yaml(&file.source.text) {
        diags.push(
            Diagnostic::error(format!("a {name}s file must map {name} ids to their fields"))
                .in_file(file.source.name.clone())
                .hint("start each definition with its id at the beginning of a line, for example `cases_concluded:`"),
        );
    }
    for entry in &file.entries {
        if let Some(first) = set.get(&entry.key) {
            diags.push(
                Diagnostic::error(format!("{name} `{}` is defined twice", entry.key))
                    .at(entry.at.clone())
                    .related(first.at().clone(), "first defined here")
                    .hint("give one of them another id, or delete the copy"),
            );
            continue;
        }
        if !is_id(&entry.key) {
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
        }
        match read(file, entry, diags) {
            Some(item) => set.push(item),
            None => {
                set.rejected.insert(entry.key.clone());
            }
        }
    }
}

/// An id: lowercase ASCII letters, digits and `_`, starting with a letter.
pub fn is_id(s: &str) -> bool {
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
