//! Typed access to the fields of a parsed YAML file, with a located diagnostic for every
//! field that is missing, misspelt or of the wrong kind.

use serde_yaml::Value;

use crate::input::diagnostic::Diagnostic;
use crate::input::yaml::{YamlFile, describe};

/// Reads typed fields out of a parsed file, collecting a located diagnostic for each
/// field that is missing, misspelt or of the wrong kind.
pub(crate) struct Reader<'a> {
    pub file: &'a YamlFile,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(file: &'a YamlFile, diags: &'a mut Vec<Diagnostic>) -> Self {
        Self { file, diags }
    }

    /// Reports an error at a key, with a hint.
    pub(crate) fn error(&mut self, path: &[&str], message: impl Into<String>, hint: impl Into<String>) {
        let hint = hint.into();
        let mut d = Diagnostic::error(message).at(self.file.locate_value(path));
        if !hint.is_empty() {
            d = d.hint(hint);
        }
        self.diags.push(d);
    }

    /// Reports a hinted error at a key's value.
    pub(crate) fn hinted(&mut self, path: &[&str], hinted: crate::input::hinted::Hinted) {
        self.diags.push(hinted.error().at(self.file.locate_value(path)));
    }

    /// Reports a warning at a key, with a hint.
    pub(crate) fn warning(&mut self, path: &[&str], message: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::warning(message).at(self.file.locate(path)).hint(hint.into());
        self.diags.push(d);
    }

    /// The value as a mapping, or an error naming what was expected.
    pub(crate) fn mapping<'v>(
        &mut self,
        path: &[&str],
        value: &'v Value,
        what: &str,
    ) -> Option<&'v serde_yaml::Mapping> {
        match value {
            Value::Mapping(m) => Some(m),
            other => {
                self.error(
                    path,
                    format!("`{}` must be {what}, found {}", path.join("."), describe(other)),
                    "write the fields indented under this key, one `key: value` per line",
                );
                None
            }
        }
    }

    /// The value as text; numbers and dates are taken as written.
    pub(crate) fn text(&mut self, path: &[&str], value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                self.error(
                    path,
                    format!("`{}` must be text, found {}", path.last().unwrap_or(&""), describe(other)),
                    "write the text on the same line after the colon; quote it if it contains `:` or `#`",
                );
                None
            }
        }
    }

    /// One of a few words (`numerals: arabic`), as its value; any other word is an error
    /// at the value, with `hint` saying what the words mean.
    pub(crate) fn choice<T: Copy>(
        &mut self,
        path: &[&str],
        value: &Value,
        words: &[(&str, T)],
        hint: &str,
    ) -> Option<T> {
        let text = self.text(path, value)?;
        let found = words.iter().find(|(w, _)| *w == text).map(|(_, t)| *t);
        if found.is_none() {
            let key = path.last().unwrap_or(&"");
            self.error(path, format!("`{key}: {text}` is not known"), hint);
        }
        found
    }

    /// Non-empty text.
    pub(crate) fn required_text(&mut self, path: &[&str], value: &Value) -> Option<String> {
        let text = self.text(path, value)?;
        if text.is_empty() {
            self.error(
                path,
                format!("`{}` is empty", path.last().unwrap_or(&"")),
                "write the text after the colon",
            );
            return None;
        }
        Some(text)
    }

    pub(crate) fn boolean(&mut self, path: &[&str], value: &Value) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                self.error(
                    path,
                    format!(
                        "`{}` must be `true` or `false`, found {}",
                        path.last().unwrap_or(&""),
                        describe(other)
                    ),
                    "",
                );
                None
            }
        }
    }

    /// Reports a key that is not one of `known`, with the closest known key as a hint.
    pub(crate) fn unknown(&mut self, path: &[&str], known: &[&str], what: &str) {
        let key = path.last().copied().unwrap_or_default();
        let hint = crate::input::diagnostic::suggestion(key, known.iter().copied()).unwrap_or_else(|| {
            format!(
                "the keys of {what} are: {}",
                known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            )
        });
        self.diags.push(
            Diagnostic::error(format!("unknown key `{key}` in {what}")).at(self.file.locate(path)).hint(hint),
        );
    }

    /// Reports a required key that is absent, at its parent.
    pub(crate) fn missing(&mut self, parent: &[&str], key: &str, what: &str, example: &str) {
        self.diags.push(
            Diagnostic::error(format!("{what} has no `{key}`"))
                .at(self.file.locate(parent))
                .hint(format!("add a line such as `{key}: {example}`")),
        );
    }
}

/// A colour written `#RRGGBB`, as its red, green and blue.
pub(crate) fn rgb(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(hex, 16).ok()?;
    Some([(v >> 16) as u8, (v >> 8) as u8, v as u8])
}
